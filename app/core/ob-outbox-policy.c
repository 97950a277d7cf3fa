/* ob-outbox-policy.c — what each outcome makes of a queued message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions on records, so the rules can be read in one place and
 * tested without a server:
 *
 *   temporary (4xx, network, timeout, lost before the final dot)
 *       → queued again, after a backoff; failed after a day of trying
 *   permanent (5xx to the message, its sender or every recipient)
 *       → failed, with the diagnosis
 *   the account's settings or password are refused, or it is gone
 *       → held for the person: the message itself is fine
 *   lost after the final dot → uncertain: never sent again unasked
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-outbox-private.h"
#include "ob-secrets.h"
#include "ob-send-result.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"

typedef enum {
  VERDICT_REQUEUE,
  VERDICT_RETRY,
  VERDICT_FAIL,
  VERDICT_HOLD,
  VERDICT_UNCERTAIN,
} Verdict;

/**
 * ob_outbox_policy_backoff:
 * @attempts: how many attempts have failed, at least 1
 *
 * Returns: seconds until the next attempt: 1 min, 2, 4… up to an hour,
 *   each shortened at random by up to a fifth so that messages that failed
 *   together (or computers that lost the same server) do not all come back
 *   at the same second
 */
gint64
ob_outbox_policy_backoff (guint attempts)
{
  gint64 delay = OB_OUTBOX_RETRY_FIRST;

  for (guint i = 1; i < attempts && delay < OB_OUTBOX_RETRY_CAP; i++)
    delay *= 2;
  delay = MIN (delay, OB_OUTBOX_RETRY_CAP);
  return MAX (1, (gint64) (delay * g_random_double_range (0.8, 1.0)));
}

static Verdict
verdict_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return VERDICT_REQUEUE;

  if (error->domain == OB_SMTP_ERROR)
    switch ((ObSmtpError) error->code)
      {
      case OB_SMTP_ERROR_OUTCOME_UNKNOWN:
        return VERDICT_UNCERTAIN;
      case OB_SMTP_ERROR_NAME_RESOLUTION:
      case OB_SMTP_ERROR_NETWORK:
      case OB_SMTP_ERROR_CONNECTION_REFUSED:
      case OB_SMTP_ERROR_TIMEOUT:
      case OB_SMTP_ERROR_CONNECTION_LOST:
      case OB_SMTP_ERROR_TEMPORARY:
      case OB_SMTP_ERROR_SHUTTING_DOWN:
      case OB_SMTP_ERROR_PROTOCOL:
        return VERDICT_RETRY;
      case OB_SMTP_ERROR_TLS_HANDSHAKE:
      case OB_SMTP_ERROR_CERTIFICATE:
      case OB_SMTP_ERROR_STARTTLS_UNAVAILABLE:
      case OB_SMTP_ERROR_AUTH_UNSUPPORTED:
      case OB_SMTP_ERROR_AUTH_FAILED:
        return VERDICT_HOLD;
      case OB_SMTP_ERROR_SENDER_REJECTED:
      case OB_SMTP_ERROR_RECIPIENT_REJECTED:
      case OB_SMTP_ERROR_MESSAGE_REJECTED:
      case OB_SMTP_ERROR_MESSAGE_TOO_LARGE:
      case OB_SMTP_ERROR_ENCODING:
      case OB_SMTP_ERROR_INVALID_INPUT:
      default:
        return VERDICT_FAIL;
      }

  if (error->domain == OB_OUTBOX_ERROR)
    switch ((ObOutboxError) error->code)
      {
      case OB_OUTBOX_ERROR_NO_ACCOUNT:
      case OB_OUTBOX_ERROR_NO_PASSWORD:
        return VERDICT_HOLD;
      case OB_OUTBOX_ERROR_NO_SPACE:
      case OB_OUTBOX_ERROR_DISK:
      case OB_OUTBOX_ERROR_BUSY:
        return VERDICT_RETRY;
      default:
        return VERDICT_FAIL;
      }

  if (error->domain == OB_SECRETS_ERROR || error->domain == OB_ACCOUNT_ERROR ||
      error->domain == G_TLS_ERROR)
    return VERDICT_HOLD;
  if (error->domain == G_RESOLVER_ERROR)
    return VERDICT_RETRY;
  return VERDICT_FAIL;
}

void
ob_outbox_policy_mark_sending (ObOutboxRecord *record)
{
  record->state = OB_OUTBOX_STATE_SENDING;
  record->attempts++;
  record->waiting = OB_OUTBOX_WAIT_NONE;
  record->next_attempt = 0;
}

/**
 * ob_outbox_policy_mark_sent:
 * @final_reply: (nullable): the server's reply to the final dot
 * @refused: (nullable): the recipients refused, as "address: reply"
 */
void
ob_outbox_policy_mark_sent (ObOutboxRecord *record,
                            gint64          time,
                            const char     *final_reply,
                            GStrv           refused)
{
  record->state = OB_OUTBOX_STATE_SENT;
  record->waiting = OB_OUTBOX_WAIT_NONE;
  record->next_attempt = 0;
  record->sent_time = time;
  ob_outbox_record_clear_error (record);
  g_free (record->final_reply);
  record->final_reply = g_strdup (final_reply);
  g_clear_pointer (&record->queue_id, g_free);
  if (final_reply != NULL && g_ascii_isdigit (final_reply[0]))
    {
      const char *lines[] = { final_reply + MIN (strlen (final_reply), 4), NULL };
      g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (g_ascii_strtoull (final_reply, NULL, 10),
                                                        lines);

      if (reply != NULL)
        record->queue_id = ob_smtp_reply_find_queue_id (reply);
    }
  g_strfreev (record->refused);
  record->refused = g_strdupv (refused);
}

static char *
diagnosis_title (const GError             *error,
                 const ObDiagnosisContext *context)
{
  g_autoptr(ObDiagnosis) diagnosis = NULL;

  /* The outbox's own errors already say what to do in their message. */
  if (error->domain == OB_OUTBOX_ERROR)
    return NULL;
  diagnosis = ob_diagnosis_new_for_error (error, context);
  return g_strdup (ob_diagnosis_get_title (diagnosis));
}

/**
 * ob_outbox_policy_fail:
 * @error: why the attempt failed
 * @context: (nullable): what was attempted, for the diagnosis
 * @now: the time
 *
 * Queues the message again, after a backoff, or marks it failed, held or
 * uncertain, as @error warrants.
 */
void
ob_outbox_policy_fail (ObOutboxRecord           *record,
                       const GError             *error,
                       const ObDiagnosisContext *context,
                       gint64                    now)
{
  g_autofree char *title = diagnosis_title (error, context);

  record->waiting = OB_OUTBOX_WAIT_NONE;
  record->next_attempt = 0;
  switch (verdict_for (error))
    {
    case VERDICT_REQUEUE:
      /* Stopped, not failed: the attempt does not count. */
      record->state = OB_OUTBOX_STATE_QUEUED;
      record->attempts = record->attempts > 0 ? record->attempts - 1 : 0;
      return;

    case VERDICT_RETRY:
      if (now - record->since >= OB_OUTBOX_GIVE_UP)
        {
          g_autoptr(GError) gave_up =
            g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_GAVE_UP,
                         _("Gave up after trying for a day. The last attempt failed: %s"),
                         error->message);

          record->state = OB_OUTBOX_STATE_FAILED;
          ob_outbox_record_set_error (record, gave_up, title);
          return;
        }
      record->state = OB_OUTBOX_STATE_QUEUED;
      record->waiting = OB_OUTBOX_WAIT_RETRY;
      record->next_attempt = now + ob_outbox_policy_backoff (MAX (record->attempts, 1));
      break;

    case VERDICT_FAIL:
      record->state = OB_OUTBOX_STATE_FAILED;
      break;

    case VERDICT_HOLD:
      record->state = OB_OUTBOX_STATE_HELD;
      break;

    case VERDICT_UNCERTAIN:
      record->state = OB_OUTBOX_STATE_UNCERTAIN;
      break;

    default:
      g_return_if_reached ();
    }
  ob_outbox_record_set_error (record, error, title);
}

static GStrv
describe_refused (ObSendResult *result)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv refused;

  for (guint i = 0; i < ob_send_result_get_n_rejected (result); i++)
    {
      ObSmtpReply *reply = NULL;
      const char *who = ob_send_result_get_rejected (result, i, &reply);
      g_autofree char *said = reply ? ob_smtp_reply_to_string (reply) : g_strdup ("");

      g_autofree char *line = NULL;

      g_strdelimit (said, "\r\n", ' ');
      line = g_strdup_printf ("%s: %s", who, said);
      g_strv_builder_add (builder, line);
    }
  refused = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return refused;
}

/**
 * ob_outbox_policy_apply_result:
 *
 * Records what sending did: sent (with the final reply and the recipients
 * refused), or the failure as ob_outbox_policy_fail() sees it.
 */
void
ob_outbox_policy_apply_result (ObOutboxRecord           *record,
                               ObSendResult             *result,
                               const ObDiagnosisContext *context,
                               gint64                    now)
{
  const GError *error = ob_send_result_get_error (result);

  if (ob_send_result_is_sent (result))
    {
      g_autofree char *reply = ob_smtp_reply_to_string (ob_send_result_get_final_reply (result));
      g_auto(GStrv) refused = describe_refused (result);

      g_strdelimit (reply, "\r\n", ' ');
      ob_outbox_policy_mark_sent (record, now, reply, refused);
      return;
    }
  if (error == NULL)
    {
      g_autoptr(GError) lost = ob_smtp_error_new (OB_SMTP_ERROR_CONNECTION_LOST,
                                                  OB_SMTP_STAGE_NONE, NULL,
                                                  _("The message was not sent."));

      ob_outbox_policy_fail (record, lost, context, now);
      return;
    }
  ob_outbox_policy_fail (record, error, context, now);
}

/**
 * ob_outbox_policy_recover:
 * @journal: what the journal says of the record's last attempt
 *
 * Settles a message a crash left in "sending": the journal's final reply
 * decides; without one, a final dot that may have left makes it
 * uncertain, and one that cannot have left queues it again.
 */
void
ob_outbox_policy_recover (ObOutboxRecord       *record,
                          const ObSpoolJournal *journal,
                          gint64                now)
{
  g_autoptr(GError) error = NULL;

  if (journal->reply_code >= 200 && journal->reply_code < 300)
    {
      ob_outbox_policy_mark_sent (record, journal->reply_time, journal->reply, NULL);
      return;
    }
  if (journal->reply_code != 0)
    {
      const char *lines[] = { journal->reply + MIN (strlen (journal->reply), 4), NULL };
      g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (journal->reply_code, lines);

      if (journal->reply_code >= 500)
        error = ob_smtp_error_new (OB_SMTP_ERROR_MESSAGE_REJECTED, OB_SMTP_STAGE_END_OF_DATA,
                                   reply, _("The server refused the message: %s"),
                                   journal->reply);
      else
        error = ob_smtp_error_new (OB_SMTP_ERROR_TEMPORARY, OB_SMTP_STAGE_END_OF_DATA, reply,
                                   _("The server refused the message for now: %s"),
                                   journal->reply);
      ob_outbox_policy_fail (record, error, NULL, now);
      return;
    }
  if (journal->end_of_data)
    {
      error = ob_smtp_error_new (OB_SMTP_ERROR_OUTCOME_UNKNOWN, OB_SMTP_STAGE_END_OF_DATA, NULL,
                                 _("Outbound stopped after the whole message was sent and "
                                   "before the server confirmed it, so it may or may not have "
                                   "been delivered. It is kept, not sent again."));
      ob_outbox_policy_fail (record, error, NULL, now);
      return;
    }
  /* The final dot never left: the server dropped the transaction. */
  record->state = OB_OUTBOX_STATE_QUEUED;
  record->waiting = OB_OUTBOX_WAIT_NONE;
  record->next_attempt = 0;
}

/**
 * ob_outbox_policy_requeue:
 *
 * Queues the message again at the person's request: at once, with a fresh
 * round of attempts.
 */
void
ob_outbox_policy_requeue (ObOutboxRecord *record,
                          gint64          now)
{
  record->state = OB_OUTBOX_STATE_QUEUED;
  record->waiting = OB_OUTBOX_WAIT_NONE;
  record->next_attempt = 0;
  record->attempts = 0;
  record->since = now;
  ob_outbox_record_clear_error (record);
}
