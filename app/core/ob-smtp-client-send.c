/* ob-smtp-client-send.c — mail transactions: envelope, data, results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With PIPELINING (RFC 2920) a message costs one wait: MAIL, every RCPT and
 * DATA leave in one write, and after the 354 the body, the final dot and the
 * next message's MAIL/RCPT/DATA leave together. The server's replies then
 * come back in order and are matched to their commands here.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-envelope.h"
#include "ob-escape.h"
#include "ob-message-source.h"
#include "ob-send-result.h"
#include "ob-smtp-bdat-stream.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client-private.h"
#include "ob-smtp-data-stream.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-transcript.h"

/* One BDAT chunk: large enough that even a huge message needs few replies
 * (they queue up unread until the last chunk is sent), small enough to
 * keep memory flat. */
#define BDAT_CHUNK_SIZE (1024 * 1024)

typedef struct
{
  ObEnvelope      *envelope;
  ObMessageSource *message;
  ObSendResult    *result;       /* shared with a follow-up transaction */
  char            *mail_line;
  gboolean         allow_8bit;
  gboolean         reset_first;  /* an RSET is queued before MAIL */
  gboolean         queued;       /* the envelope commands are on their way */
  gboolean         skip;         /* failed before anything was sent */
  gboolean         data_accepted;
  gboolean         bdat;         /* data goes as BDAT chunks, not DATA */
  guint            n_chunks;
  GPtrArray       *deferred;     /* recipients refused with 452: too many */
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->envelope, ob_envelope_unref);
  g_clear_object (&job->message);
  g_clear_pointer (&job->result, ob_send_result_unref);
  g_free (job->mail_line);
  g_clear_pointer (&job->deferred, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (ObEnvelope      *envelope,
         ObMessageSource *message,
         ObSendResult    *result)
{
  Job *job = g_new0 (Job, 1);

  job->envelope = ob_envelope_ref (envelope);
  job->message = g_object_ref (message);
  job->result = ob_send_result_ref (result);
  job->deferred = g_ptr_array_new_with_free_func (g_free);
  return job;
}

/* RFC 3461 xtext: "+" and "=" and anything outside 33..126 as "+XX". */
static char *
xtext (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      if (*p < 33 || *p > 126 || *p == '+' || *p == '=')
        g_string_append_printf (out, "+%02X", *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
rcpt_line (ObSmtpClient *self,
           Job          *job,
           const char   *recipient)
{
  GString *line = g_string_new (NULL);
  ObDsnNotify notify = ob_envelope_get_dsn_notify (job->envelope);

  g_string_printf (line, "RCPT TO:<%s>", recipient);
  if (ob_smtp_capabilities_has (self->capabilities, OB_SMTP_CAP_DSN) &&
      notify != OB_DSN_NOTIFY_DEFAULT)
    {
      if (notify & OB_DSN_NOTIFY_NEVER)
        g_string_append (line, " NOTIFY=NEVER");
      else
        {
          const char *sep = " NOTIFY=";

          if (notify & OB_DSN_NOTIFY_SUCCESS)
            g_string_append_printf (line, "%sSUCCESS", sep), sep = ",";
          if (notify & OB_DSN_NOTIFY_FAILURE)
            g_string_append_printf (line, "%sFAILURE", sep), sep = ",";
          if (notify & OB_DSN_NOTIFY_DELAY)
            g_string_append_printf (line, "%sDELAY", sep);
        }
      if (!ob_envelope_needs_smtputf8 (job->envelope))
        {
          g_autofree char *orcpt = xtext (recipient);

          g_string_append_printf (line, " ORCPT=rfc822;%s", orcpt);
        }
    }
  return g_string_free (line, FALSE);
}

/* Checks what can be checked before a byte is sent, and writes MAIL FROM.
 * A failure here belongs to this message alone. */
static gboolean
prepare_job (ObSmtpClient  *self,
             Job           *job,
             GError       **error)
{
  ObSmtpCapabilities *caps = self->capabilities;
  gboolean utf8 = ob_envelope_needs_smtputf8 (job->envelope) ||
                  ob_message_source_needs_smtputf8 (job->message);
  gboolean eight_bit = ob_message_source_has_8bit_content (job->message);
  guint64 size = ob_message_source_get_size_estimate (job->message);
  guint64 limit = ob_smtp_capabilities_get_size_limit (caps);
  GString *mail;

  if (!ob_envelope_validate (job->envelope, error))
    return FALSE;

  if (utf8 && !ob_smtp_capabilities_has (caps, OB_SMTP_CAP_SMTPUTF8))
    {
      g_propagate_error (error, ob_smtp_error_new (OB_SMTP_ERROR_ENCODING, OB_SMTP_STAGE_MAIL, NULL,
                                                   _("This message has an address with "
                                                     "non-Latin characters, and the server "
                                                     "does not accept those (it lacks "
                                                     "SMTPUTF8).")));
      return FALSE;
    }

  if (limit > 0 && size > limit)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *limit_text = g_format_size (limit);

      g_propagate_error (error, ob_smtp_error_new (OB_SMTP_ERROR_MESSAGE_TOO_LARGE,
                                                   OB_SMTP_STAGE_MAIL, NULL,
                                                   _("The message is %s, but this server accepts "
                                                     "at most %s."), size_text, limit_text));
      return FALSE;
    }

  /* Without 8BITMIME the source re-encodes to 7 bit (RFC 6152 §3). */
  job->allow_8bit = ob_smtp_capabilities_has (caps, OB_SMTP_CAP_8BITMIME);
  /* BDAT only with PIPELINING: then the envelope, the chunks and LAST go in
   * one flight and the replies are read together (RFC 3030 §4.2). */
  job->bdat = ob_smtp_capabilities_has (caps, OB_SMTP_CAP_CHUNKING) &&
              ob_smtp_capabilities_has (caps, OB_SMTP_CAP_PIPELINING);

  mail = g_string_new (NULL);
  g_string_printf (mail, "MAIL FROM:<%s>", ob_envelope_get_sender (job->envelope));
  if (ob_smtp_capabilities_has (caps, OB_SMTP_CAP_SIZE))
    g_string_append_printf (mail, " SIZE=%" G_GUINT64_FORMAT, size);
  if (eight_bit && job->allow_8bit)
    g_string_append (mail, " BODY=8BITMIME");
  if (utf8)
    g_string_append (mail, " SMTPUTF8");
  if (ob_smtp_capabilities_has (caps, OB_SMTP_CAP_DSN))
    {
      const char *envid = ob_envelope_get_dsn_envid (job->envelope);

      if (ob_envelope_get_dsn_ret (job->envelope) == OB_DSN_RET_FULL)
        g_string_append (mail, " RET=FULL");
      else if (ob_envelope_get_dsn_ret (job->envelope) == OB_DSN_RET_HDRS)
        g_string_append (mail, " RET=HDRS");
      if (envid != NULL)
        {
          g_autofree char *encoded = xtext (envid);

          g_string_append_printf (mail, " ENVID=%s", encoded);
        }
    }
  g_free (job->mail_line);
  job->mail_line = g_string_free (mail, FALSE);
  return TRUE;
}

static void
queue_envelope (ObSmtpClient *self,
                Job          *job)
{
  const char * const *recipients = ob_envelope_get_recipients (job->envelope);

  job->reset_first = self->needs_reset;
  if (job->reset_first)
    ob_smtp_channel_queue_command (self->channel, "RSET");
  ob_smtp_channel_queue_command (self->channel, job->mail_line);
  for (guint i = 0; recipients[i] != NULL; i++)
    {
      g_autofree char *line = rcpt_line (self, job, recipients[i]);

      ob_smtp_channel_queue_command (self->channel, line);
    }
  if (!job->bdat)
    ob_smtp_channel_queue_command (self->channel, "DATA");
  job->queued = TRUE;
}

/* Prepares and queues the first job from @index on that can be sent;
 * the ones that fail locally get their result now. */
static void
queue_next (ObSmtpClient *self,
            GPtrArray    *jobs,
            guint         index)
{
  for (; index < jobs->len; index++)
    {
      Job *job = g_ptr_array_index (jobs, index);
      g_autoptr(GError) error = NULL;

      if (job->queued || job->skip)
        return;
      if (prepare_job (self, job, &error))
        {
          queue_envelope (self, job);
          return;
        }
      ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", error->message);
      ob_send_result_set_error (job->result, error);
      job->skip = TRUE;
    }
}

static ObSmtpReply *
read_reply (ObSmtpClient  *self,
            ObSmtpStage    stage,
            guint          deadline,
            GCancellable  *cancellable,
            GError       **error)
{
  ob_smtp_channel_set_stage (self->channel, stage);
  return ob_smtp_channel_read_reply (self->channel, deadline, cancellable, error);
}

static gboolean
is_too_many_recipients (ObSmtpReply *reply)
{
  /* RFC 5321 §4.5.3.1.10: 452 means "too many", try the rest later; 452
   * 4.2.2 is a full mailbox, which is about that recipient alone. */
  return ob_smtp_reply_get_code (reply) == 452 &&
         g_strcmp0 (ob_smtp_reply_get_enhanced_code (reply), "4.2.2") != 0;
}

/* The replies to one envelope, however they were collected. */
typedef struct
{
  ObSmtpReply *mail;
  GPtrArray   *rcpts;   /* one per recipient, or empty after a refused MAIL */
  ObSmtpReply *data;    /* NULL when DATA was not sent */
} EnvelopeReplies;

static void
envelope_replies_clear (EnvelopeReplies *r)
{
  g_clear_pointer (&r->mail, ob_smtp_reply_unref);
  g_clear_pointer (&r->rcpts, g_ptr_array_unref);
  g_clear_pointer (&r->data, ob_smtp_reply_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EnvelopeReplies, envelope_replies_clear)

/* Records what the envelope's replies mean for the message: who was
 * accepted, who refused, who must wait for another transaction, and why
 * the message cannot go on (in @message_error) when it cannot. */
static void
judge_envelope (ObSmtpClient     *self,
                Job              *job,
                EnvelopeReplies  *r,
                GError          **message_error)
{
  const char * const *recipients = ob_envelope_get_recipients (job->envelope);
  ObSmtpReply *last_refusal = NULL;
  guint accepted = 0, refused = 0, temporary = 0;

  /* With BDAT there is no DATA step: the chunks' replies decide. */
  job->data_accepted = job->bdat || (r->data != NULL && ob_smtp_reply_get_code (r->data) == 354);

  if (!ob_smtp_reply_is_success (r->mail))
    {
      ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_MAIL);
      *message_error = ob_smtp_client_reply_error (
        self, r->mail,
        ob_smtp_reply_get_code (r->mail) == 552 ? OB_SMTP_ERROR_MESSAGE_TOO_LARGE
                                                : OB_SMTP_ERROR_SENDER_REJECTED);
      return;
    }

  for (guint i = 0; i < r->rcpts->len; i++)
    {
      ObSmtpReply *rcpt = g_ptr_array_index (r->rcpts, i);

      if (ob_smtp_reply_is_success (rcpt))
        {
          ob_send_result_add_accepted (job->result, recipients[i]);
          accepted++;
        }
      else if (is_too_many_recipients (rcpt))
        g_ptr_array_add (job->deferred, g_strdup (recipients[i]));
      else
        {
          ob_send_result_add_rejected (job->result, recipients[i], rcpt);
          refused++;
          temporary += ob_smtp_reply_is_transient (rcpt);
          last_refusal = rcpt;
        }
    }

  ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_RCPT);
  if (accepted == 0 && refused == 0)
    *message_error = ob_smtp_error_new (OB_SMTP_ERROR_TEMPORARY, OB_SMTP_STAGE_RCPT, NULL,
                                        _("The server accepts no more recipients right now."));
  else if (accepted == 0 && temporary == refused)
    *message_error = ob_smtp_client_reply_error (self, last_refusal,
                                                 OB_SMTP_ERROR_RECIPIENT_REJECTED);
  else if (accepted == 0)
    *message_error = ob_smtp_error_new (OB_SMTP_ERROR_RECIPIENT_REJECTED, OB_SMTP_STAGE_RCPT,
                                        last_refusal, _("The server refused every recipient."));
  else if (!job->data_accepted)
    {
      ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_DATA);
      *message_error = ob_smtp_client_reply_error (self, r->data, OB_SMTP_ERROR_MESSAGE_REJECTED);
    }
}

/* A 421 anywhere ends the session, whatever the step. */
static gboolean
check_closing (ObSmtpClient  *self,
               ObSmtpReply   *reply,
               GError       **error)
{
  if (ob_smtp_reply_get_code (reply) != 421)
    return TRUE;
  g_propagate_error (error, ob_smtp_client_reply_error (self, reply, OB_SMTP_ERROR_SHUTTING_DOWN));
  return FALSE;
}

static ObSmtpReply *
read_checked (ObSmtpClient  *self,
              ObSmtpStage    stage,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(ObSmtpReply) reply = read_reply (self, stage, OB_SMTP_DEADLINE_COMMAND (self),
                                             cancellable, error);

  if (reply == NULL || !check_closing (self, reply, error))
    return NULL;
  return g_steal_pointer (&reply);
}

static gboolean
read_reset (ObSmtpClient  *self,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(ObSmtpReply) rset = read_checked (self, OB_SMTP_STAGE_RSET, cancellable, error);

  if (rset == NULL)
    return FALSE;
  if (!ob_smtp_reply_is_success (rset))
    {
      g_propagate_error (error, ob_smtp_client_reply_error (self, rset, OB_SMTP_ERROR_PROTOCOL));
      return FALSE;
    }
  self->needs_reset = FALSE;
  return TRUE;
}

/* With PIPELINING the whole envelope was queued by queue_envelope(): read
 * the replies in the order the commands went. Returns FALSE only when the
 * connection is no longer usable. */
static gboolean
read_envelope_replies (ObSmtpClient     *self,
                       Job              *job,
                       EnvelopeReplies  *r,
                       GCancellable     *cancellable,
                       GError          **error)
{
  guint n = g_strv_length ((char **) ob_envelope_get_recipients (job->envelope));

  if (job->reset_first && !read_reset (self, cancellable, error))
    return FALSE;

  r->mail = read_checked (self, OB_SMTP_STAGE_MAIL, cancellable, error);
  if (r->mail == NULL)
    return FALSE;
  if (ob_smtp_reply_is_success (r->mail))
    self->needs_reset = TRUE;

  r->rcpts = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_smtp_reply_unref);
  for (guint i = 0; i < n; i++)
    {
      ObSmtpReply *rcpt = read_checked (self, OB_SMTP_STAGE_RCPT, cancellable, error);

      if (rcpt == NULL)
        return FALSE;
      g_ptr_array_add (r->rcpts, rcpt);
    }
  /* Every RCPT after a refused MAIL fails too; their replies say nothing new. */
  if (!ob_smtp_reply_is_success (r->mail))
    g_ptr_array_set_size (r->rcpts, 0);

  if (job->bdat)
    return TRUE;
  r->data = read_checked (self, OB_SMTP_STAGE_DATA, cancellable, error);
  return r->data != NULL;
}

/* Without PIPELINING: one command, one reply, each in turn, and no DATA
 * when nobody was accepted. */
static gboolean
run_envelope_serially (ObSmtpClient     *self,
                       Job              *job,
                       EnvelopeReplies  *r,
                       GCancellable     *cancellable,
                       GError          **error)
{
  const char * const *recipients = ob_envelope_get_recipients (job->envelope);
  gboolean any_accepted = FALSE;

  if (self->needs_reset)
    {
      ob_smtp_channel_queue_command (self->channel, "RSET");
      if (!read_reset (self, cancellable, error))
        return FALSE;
    }

  ob_smtp_channel_queue_command (self->channel, job->mail_line);
  r->mail = read_checked (self, OB_SMTP_STAGE_MAIL, cancellable, error);
  if (r->mail == NULL)
    return FALSE;
  r->rcpts = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_smtp_reply_unref);
  if (!ob_smtp_reply_is_success (r->mail))
    return TRUE;
  self->needs_reset = TRUE;

  for (guint i = 0; recipients[i] != NULL; i++)
    {
      g_autofree char *line = rcpt_line (self, job, recipients[i]);
      ObSmtpReply *rcpt;

      ob_smtp_channel_queue_command (self->channel, line);
      rcpt = read_checked (self, OB_SMTP_STAGE_RCPT, cancellable, error);
      if (rcpt == NULL)
        return FALSE;
      any_accepted |= ob_smtp_reply_is_success (rcpt);
      g_ptr_array_add (r->rcpts, rcpt);
    }
  if (!any_accepted)
    return TRUE;

  ob_smtp_channel_queue_command (self->channel, "DATA");
  r->data = read_checked (self, OB_SMTP_STAGE_DATA, cancellable, error);
  return r->data != NULL;
}

typedef struct
{
  ObSmtpClient    *client;
  ObMessageSource *message;
} Upload;

static void
upload_progress_cb (guint64  bytes_out,
                    gpointer data)
{
  Upload *upload = data;
  ObSmtpClient *self = upload->client;

  self->send_progress (self, upload->message, bytes_out, self->send_progress_data);
}

static gboolean
write_body (ObSmtpClient  *self,
            Job           *job,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(ObSmtpBdatStream) chunks = NULL;
  g_autoptr(ObSmtpDataStream) data = NULL;
  g_autofree char *size = NULL;
  g_autofree char *count = NULL;
  Upload upload = { self, job->message };
  guint64 lines;

  ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_BODY);
  if (job->bdat)
    {
      chunks = ob_smtp_bdat_stream_new (self->channel, BDAT_CHUNK_SIZE);
      data = ob_smtp_data_stream_new (G_OUTPUT_STREAM (chunks), FALSE);
    }
  else
    data = ob_smtp_data_stream_new (G_OUTPUT_STREAM (self->channel), TRUE);
  if (self->send_progress != NULL)
    ob_smtp_data_stream_set_progress (data, upload_progress_cb, &upload);

  if (!ob_message_source_write (job->message, G_OUTPUT_STREAM (data), job->allow_8bit,
                                cancellable, error))
    return FALSE;
  /* Before the final dot, or the BDAT LAST chunk, can leave. */
  if (self->message_hook != NULL)
    self->message_hook (self, job->message, NULL, self->message_hook_data);
  if (!ob_smtp_data_stream_finish (data, cancellable, error) ||
      (chunks != NULL && !ob_smtp_bdat_stream_finish (chunks, cancellable, error)))
    return FALSE;
  job->n_chunks = chunks ? ob_smtp_bdat_stream_get_n_chunks (chunks) : 0;
  /* The end of data closes the transaction whatever the server answers, so
   * the next envelope, pipelined behind it, needs no RSET. */
  self->needs_reset = FALSE;

  /* The body is summarised, never logged: it is the person's mail. */
  size = g_format_size (ob_smtp_data_stream_get_bytes_out (data));
  lines = ob_smtp_data_stream_get_lines (data);
  /* The count is formatted apart: xgettext cannot see through
   * G_GUINT64_FORMAT inside a message. */
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, lines);
  ob_smtp_client_log (self, OB_TRANSCRIPT_INFO,
                      /* TRANSLATORS: the first %s is a size like “5.2 MB”, the
                       * second a number of lines */
                      g_dngettext (GETTEXT_PACKAGE, "Sent the message: %s, %s line.",
                                   "Sent the message: %s, %s lines.",
                                   (gulong) MIN (lines, G_MAXULONG)),
                      size, count);
  if (self->transcript != NULL && !job->bdat)
    ob_transcript_add_client_line (self->transcript, ".");
  ob_send_result_set_size (job->result, ob_smtp_data_stream_get_bytes_out (data));
  return TRUE;
}

/* Reads the reply to the final dot. Returns FALSE when the connection is
 * gone; then the message's outcome is unknown, never "failed". */
static gboolean
read_end_of_data (ObSmtpClient  *self,
                  Job           *job,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(ObSmtpReply) reply = NULL;
  GError *failure = NULL;

  reply = read_reply (self, OB_SMTP_STAGE_END_OF_DATA, OB_SMTP_DEADLINE_END_OF_DATA (self),
                      cancellable, &failure);
  if (reply == NULL)
    {
      g_autoptr(GError) unknown = NULL;

      unknown = ob_smtp_error_new (OB_SMTP_ERROR_OUTCOME_UNKNOWN, OB_SMTP_STAGE_END_OF_DATA, NULL,
                                   _("The connection ended after the whole message was sent but "
                                     "before the server confirmed it, so it may or may not have "
                                     "been delivered (%s). It is kept, not sent again."),
                                   failure->message);
      ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", unknown->message);
      ob_send_result_set_error (job->result, unknown);
      g_propagate_error (error, failure);
      return FALSE;
    }

  self->needs_reset = FALSE;
  ob_send_result_set_final_reply (job->result, reply);
  if (ob_smtp_reply_is_success (reply))
    {
      const char *id = ob_send_result_get_queue_id (job->result);

      if (id != NULL)
        ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("The server accepted the message (queue "
                                                        "ID %s)."), id);
      else
        ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("The server accepted the message."));
    }
  else
    {
      gboolean too_large = ob_smtp_reply_get_code (reply) == 552 ||
                           g_strcmp0 (ob_smtp_reply_get_enhanced_code (reply), "5.3.4") == 0;
      g_autoptr(GError) refused =
        ob_smtp_client_reply_error (self, reply, too_large ? OB_SMTP_ERROR_MESSAGE_TOO_LARGE
                                                           : OB_SMTP_ERROR_MESSAGE_REJECTED);

      ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", refused->message);
      ob_send_result_set_error (job->result, refused);
    }

  /* A message split for too many recipients is complete only after its
   * last transaction. */
  if (self->message_hook != NULL && job->deferred->len == 0)
    self->message_hook (self, job->message, job->result, self->message_hook_data);
  return check_closing (self, reply, error);
}

/* Reads the replies to @n BDAT chunks. After a refused envelope they are
 * refusals too and say nothing new; a refused chunk fails the message. */
static gboolean
read_chunk_replies (ObSmtpClient  *self,
                    Job           *job,
                    guint          n,
                    GCancellable  *cancellable,
                    GError       **error)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ObSmtpReply) reply = read_checked (self, OB_SMTP_STAGE_BODY, cancellable, error);

      if (reply == NULL)
        return FALSE;
      if (!ob_smtp_reply_is_success (reply) && ob_send_result_get_error (job->result) == NULL)
        {
          g_autoptr(GError) refused = ob_smtp_client_reply_error (self, reply,
                                                                  OB_SMTP_ERROR_MESSAGE_REJECTED);

          ob_send_result_set_error (job->result, refused);
        }
    }
  return TRUE;
}

/* Gives every message from @from on that has no outcome yet the reason the
 * connection ended: none of them reached the server. */
static void
fail_remaining (GPtrArray    *jobs,
                guint         from,
                const GError *reason)
{
  for (guint k = from; k < jobs->len; k++)
    {
      Job *job = g_ptr_array_index (jobs, k);
      g_autoptr(GError) not_sent = NULL;

      if (job->skip || ob_send_result_get_error (job->result) != NULL ||
          ob_send_result_is_sent (job->result))
        continue;
      if (reason->domain == OB_SMTP_ERROR)
        not_sent = ob_smtp_error_new (reason->code, ob_smtp_error_get_stage (reason),
                                      ob_smtp_error_get_reply (reason),
                                      _("Not sent: %s"), reason->message);
      else
        not_sent = g_error_copy (reason);
      ob_send_result_set_error (job->result, not_sent);
    }
}

static Job *
follow_up_job (Job *job)
{
  g_autoptr(ObEnvelope) envelope = ob_envelope_new (ob_envelope_get_sender (job->envelope));

  for (guint i = 0; i < job->deferred->len; i++)
    ob_envelope_add_recipient (envelope, g_ptr_array_index (job->deferred, i), NULL);
  ob_envelope_set_dsn (envelope, ob_envelope_get_dsn_ret (job->envelope),
                       ob_envelope_get_dsn_notify (job->envelope),
                       ob_envelope_get_dsn_envid (job->envelope));
  return job_new (envelope, job->message, job->result);
}

/* One message, from its envelope's replies to its final reply. Returns
 * FALSE when the connection can no longer be used. */
static gboolean
run_job (ObSmtpClient  *self,
         GPtrArray     *jobs,
         guint          index,
         gboolean       pipelining,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = g_ptr_array_index (jobs, index);
  g_auto(EnvelopeReplies) replies = { 0 };
  g_autoptr(GError) message_error = NULL;
  gboolean ok;

  if (pipelining)
    {
      queue_next (self, jobs, index);
      if (job->skip)
        return TRUE;
      /* With BDAT the data follows the envelope without waiting. */
      if (job->bdat && !write_body (self, job, cancellable, error))
        return FALSE;
      ok = read_envelope_replies (self, job, &replies, cancellable, error);
    }
  else
    {
      if (!prepare_job (self, job, &message_error))
        {
          ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", message_error->message);
          ob_send_result_set_error (job->result, message_error);
          return TRUE;
        }
      ok = run_envelope_serially (self, job, &replies, cancellable, error);
    }
  if (!ok)
    return FALSE;

  judge_envelope (self, job, &replies, &message_error);
  if (message_error == NULL && job->deferred->len > 0)
    {
      ob_smtp_client_log (self, OB_TRANSCRIPT_INFO,
                          _("The server takes no more recipients in this message; the other %u "
                            "follow in a second copy."), job->deferred->len);
      g_ptr_array_insert (jobs, index + 1, follow_up_job (job));
    }

  if (message_error != NULL)
    {
      ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", message_error->message);
      if (!ob_send_result_is_sent (job->result))
        ob_send_result_set_error (job->result, message_error);
      if (job->bdat)
        return read_chunk_replies (self, job, job->n_chunks, cancellable, error);
      /* RFC 2920 §3.1: a server may still answer DATA with 354 when no
       * recipient was accepted; an empty message then ends it. */
      if (job->data_accepted)
        {
          g_autoptr(ObSmtpReply) ignored = NULL;

          ob_smtp_channel_queue_raw (self->channel, ".\r\n", 3);
          ignored = read_reply (self, OB_SMTP_STAGE_END_OF_DATA, OB_SMTP_DEADLINE_COMMAND (self),
                                cancellable, error);
          return ignored != NULL;
        }
      return TRUE;
    }

  if (job->bdat)
    return read_chunk_replies (self, job, job->n_chunks - 1, cancellable, error) &&
           read_end_of_data (self, job, cancellable, error);

  if (!write_body (self, job, cancellable, error))
    return FALSE;
  if (pipelining)
    queue_next (self, jobs, index + 1);
  return read_end_of_data (self, job, cancellable, error);
}

/**
 * ob_smtp_client_send_batch_sync:
 * @envelopes: (element-type ObEnvelope): one envelope per message
 * @messages: (element-type ObMessageSource): the messages
 *
 * Sends the messages over the current connection, pipelined when the
 * server allows it. Blocks: call it from a worker thread.
 *
 * Returns: (transfer full) (element-type ObSendResult): one result per
 *   message, in order. When the connection breaks, the message in flight is
 *   marked as failed or, after its final dot, as of unknown outcome, and the
 *   ones after it as not sent.
 */
GPtrArray *
ob_smtp_client_send_batch_sync (ObSmtpClient *self,
                                GPtrArray    *envelopes,
                                GPtrArray    *messages,
                                GCancellable *cancellable)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (job_free);
  GPtrArray *results;
  g_autoptr(GError) error = NULL;
  gboolean pipelining;

  g_return_val_if_fail (OB_IS_SMTP_CLIENT (self), NULL);
  g_return_val_if_fail (envelopes->len == messages->len, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_send_result_unref);
  for (guint i = 0; i < envelopes->len; i++)
    {
      ObSendResult *result = ob_send_result_new ();

      g_ptr_array_add (results, result);
      g_ptr_array_add (jobs, job_new (g_ptr_array_index (envelopes, i),
                                      g_ptr_array_index (messages, i), result));
    }

  if (self->channel == NULL)
    {
      error = ob_smtp_error_new (OB_SMTP_ERROR_CONNECTION_LOST, OB_SMTP_STAGE_NONE, NULL,
                                 _("There is no connection to the server."));
      fail_remaining (jobs, 0, error);
      return results;
    }

  pipelining = ob_smtp_capabilities_has (self->capabilities, OB_SMTP_CAP_PIPELINING);
  g_main_context_push_thread_default (self->context);
  for (guint i = 0; i < jobs->len; i++)
    {
      if (!run_job (self, jobs, i, pipelining, cancellable, &error))
        {
          Job *job = g_ptr_array_index (jobs, i);

          if (ob_send_result_get_error (job->result) == NULL &&
              !ob_send_result_is_sent (job->result))
            ob_send_result_set_error (job->result, error);
          ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", error->message);
          fail_remaining (jobs, i + 1, error);
          break;
        }
    }
  g_main_context_pop_thread_default (self->context);

  if (error != NULL)
    ob_smtp_client_close (self);
  return results;
}

/**
 * ob_smtp_client_send_sync:
 *
 * Sends one message.
 *
 * Returns: (transfer full) (nullable): the result when the server accepted
 *   the message (some recipients may have been refused: see the result),
 *   or %NULL with @error set
 */
ObSendResult *
ob_smtp_client_send_sync (ObSmtpClient     *self,
                          ObEnvelope       *envelope,
                          ObMessageSource  *message,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  ObSendResult *result;

  g_ptr_array_add (envelopes, envelope);
  g_ptr_array_add (messages, message);
  results = ob_smtp_client_send_batch_sync (self, envelopes, messages, cancellable);
  g_return_val_if_fail (results != NULL, NULL);

  result = g_ptr_array_index (results, 0);
  if (!ob_send_result_is_sent (result))
    {
      g_propagate_error (error, g_error_copy (ob_send_result_get_error (result)));
      return NULL;
    }
  return ob_send_result_ref (result);
}

typedef struct
{
  GPtrArray *envelopes;
  GPtrArray *messages;
} BatchData;

static void
batch_data_free (BatchData *data)
{
  g_ptr_array_unref (data->envelopes);
  g_ptr_array_unref (data->messages);
  g_free (data);
}

static void
send_batch_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BatchData *data = task_data;

  g_task_return_pointer (task,
                         ob_smtp_client_send_batch_sync (source_object, data->envelopes,
                                                         data->messages, cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

void
ob_smtp_client_send_batch_async (ObSmtpClient        *self,
                                 GPtrArray           *envelopes,
                                 GPtrArray           *messages,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BatchData *data;

  g_return_if_fail (OB_IS_SMTP_CLIENT (self));
  g_return_if_fail (envelopes->len == messages->len);

  data = g_new0 (BatchData, 1);
  data->envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  data->messages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < envelopes->len; i++)
    {
      g_ptr_array_add (data->envelopes, ob_envelope_ref (g_ptr_array_index (envelopes, i)));
      g_ptr_array_add (data->messages, g_object_ref (g_ptr_array_index (messages, i)));
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_smtp_client_send_batch_async);
  g_task_set_task_data (task, data, (GDestroyNotify) batch_data_free);
  /* A cancelled batch still says what became of each message: one whose
   * final dot had left may have been accepted. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, send_batch_thread);
}

/**
 * ob_smtp_client_send_batch_finish:
 *
 * Returns: (transfer full) (element-type ObSendResult): as
 *   ob_smtp_client_send_batch_sync()
 */
GPtrArray *
ob_smtp_client_send_batch_finish (ObSmtpClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
