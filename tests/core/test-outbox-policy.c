/* test-outbox-policy.c — what each outcome makes of a queued message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-account.h"
#include "ob-outbox-private.h"
#include "ob-secrets.h"
#include "ob-send-result.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"

#define NOW 1700000000

static ObOutboxRecord *
sending_record (void)
{
  ObOutboxRecord *record = ob_outbox_record_new ();

  record->id = g_strdup ("20231114-221320-00000001");
  record->account_id = g_strdup ("acct");
  record->sender = g_strdup ("ada@example.com");
  record->recipients = g_strsplit ("bob@example.org", ",", -1);
  record->created = NOW - 600;
  record->since = NOW - 600;
  record->state = OB_OUTBOX_STATE_QUEUED;
  ob_outbox_policy_mark_sending (record);
  return record;
}

static void
test_backoff (void)
{
  const struct {
    guint  attempts;
    gint64 full;
  } cases[] = {
    { 1, 60 }, { 2, 120 }, { 3, 240 }, { 4, 480 }, { 6, 1920 }, { 7, 3600 }, { 12, 3600 },
    { 1000, 3600 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (guint k = 0; k < 50; k++)
      {
        gint64 delay = ob_outbox_policy_backoff (cases[i].attempts);

        g_assert_cmpint (delay, <=, cases[i].full);
        g_assert_cmpint (delay, >=, cases[i].full * 8 / 10);
      }
}

typedef struct
{
  GQuark         domain;
  int            code;
  ObOutboxState  state;
  ObOutboxWait   waiting;
} FailCase;

static void
test_fail (void)
{
  const FailCase cases[] = {
    { OB_SMTP_ERROR, OB_SMTP_ERROR_TEMPORARY, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_SHUTTING_DOWN, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_NETWORK, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_TIMEOUT, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_CONNECTION_LOST, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_CONNECTION_REFUSED, OB_OUTBOX_STATE_QUEUED,
      OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_NAME_RESOLUTION, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_RECIPIENT_REJECTED, OB_OUTBOX_STATE_FAILED,
      OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_SENDER_REJECTED, OB_OUTBOX_STATE_FAILED, OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_MESSAGE_REJECTED, OB_OUTBOX_STATE_FAILED, OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_MESSAGE_TOO_LARGE, OB_OUTBOX_STATE_FAILED,
      OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_FAILED, OB_OUTBOX_STATE_HELD, OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_CERTIFICATE, OB_OUTBOX_STATE_HELD, OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_STARTTLS_UNAVAILABLE, OB_OUTBOX_STATE_HELD,
      OB_OUTBOX_WAIT_NONE },
    { OB_SMTP_ERROR, OB_SMTP_ERROR_OUTCOME_UNKNOWN, OB_OUTBOX_STATE_UNCERTAIN,
      OB_OUTBOX_WAIT_NONE },
    { OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_ACCOUNT, OB_OUTBOX_STATE_HELD, OB_OUTBOX_WAIT_NONE },
    { OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_PASSWORD, OB_OUTBOX_STATE_HELD, OB_OUTBOX_WAIT_NONE },
    { OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_UNREADABLE, OB_OUTBOX_STATE_FAILED, OB_OUTBOX_WAIT_NONE },
    { OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_SPACE, OB_OUTBOX_STATE_QUEUED, OB_OUTBOX_WAIT_RETRY },
    { OB_SECRETS_ERROR, OB_SECRETS_ERROR_LOCKED, OB_OUTBOX_STATE_HELD, OB_OUTBOX_WAIT_NONE },
    { OB_ACCOUNT_ERROR, 0, OB_OUTBOX_STATE_HELD, OB_OUTBOX_WAIT_NONE },
    { G_IO_ERROR, G_IO_ERROR_NOT_FOUND, OB_OUTBOX_STATE_FAILED, OB_OUTBOX_WAIT_NONE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ObOutboxRecord) record = sending_record ();
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code, "What failed");

      ob_outbox_policy_fail (record, error, NULL, NOW);
      g_assert_cmpint (record->state, ==, cases[i].state);
      g_assert_cmpint (record->waiting, ==, cases[i].waiting);
      g_assert_error (record->error, cases[i].domain, cases[i].code);
      g_assert_cmpuint (record->attempts, ==, 1);
      if (cases[i].waiting == OB_OUTBOX_WAIT_RETRY)
        {
          g_assert_cmpint (record->next_attempt, >=, NOW + 48);
          g_assert_cmpint (record->next_attempt, <=, NOW + 60);
        }
      /* The diagnosis names SMTP failures; the outbox's own errors say
       * what to do themselves. */
      if (cases[i].domain == OB_SMTP_ERROR)
        g_assert_nonnull (record->diagnosis_title);
    }
}

static void
test_cancelled_does_not_count (void)
{
  g_autoptr(ObOutboxRecord) record = sending_record ();
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Stopped");

  ob_outbox_policy_fail (record, error, NULL, NOW);
  g_assert_cmpint (record->state, ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (record->waiting, ==, OB_OUTBOX_WAIT_NONE);
  g_assert_cmpint (record->next_attempt, ==, 0);
  g_assert_cmpuint (record->attempts, ==, 0);
}

static void
test_gives_up_after_a_day (void)
{
  g_autoptr(ObOutboxRecord) record = sending_record ();
  g_autoptr(GError) error = g_error_new_literal (OB_SMTP_ERROR, OB_SMTP_ERROR_TEMPORARY,
                                                 "451 Try later");

  record->since = NOW - OB_OUTBOX_GIVE_UP;
  ob_outbox_policy_fail (record, error, NULL, NOW);
  g_assert_cmpint (record->state, ==, OB_OUTBOX_STATE_FAILED);
  g_assert_error (record->error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_GAVE_UP);
  g_assert_nonnull (strstr (record->error->message, "451 Try later"));

  /* The person's retry starts a new day of attempts. */
  ob_outbox_policy_requeue (record, NOW);
  g_assert_cmpint (record->state, ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (record->since, ==, NOW);
  g_assert_cmpuint (record->attempts, ==, 0);
  g_assert_null (record->error);
}

static void
test_result (void)
{
  g_autoptr(ObOutboxRecord) record = sending_record ();
  g_autoptr(ObSendResult) result = ob_send_result_new ();
  const char *accepted[] = { "2.0.0 Ok: queued as 4F2A1", NULL };
  const char *refused[] = { "5.1.1 No such user", NULL };
  g_autoptr(ObSmtpReply) final = ob_smtp_reply_new (250, accepted);
  g_autoptr(ObSmtpReply) no_user = ob_smtp_reply_new (550, refused);

  ob_send_result_add_accepted (result, "bob@example.org");
  ob_send_result_add_rejected (result, "eve@example.org", no_user);
  ob_send_result_set_final_reply (result, final);

  ob_outbox_policy_apply_result (record, result, NULL, NOW);
  g_assert_cmpint (record->state, ==, OB_OUTBOX_STATE_SENT);
  g_assert_cmpint (record->sent_time, ==, NOW);
  g_assert_cmpstr (record->final_reply, ==, "250 2.0.0 Ok: queued as 4F2A1");
  g_assert_cmpstr (record->queue_id, ==, "4F2A1");
  g_assert_cmpuint (g_strv_length (record->refused), ==, 1);
  g_assert_cmpstr (record->refused[0], ==, "eve@example.org: 550 5.1.1 No such user");
}

typedef struct
{
  const char    *name;
  gboolean       end_of_data;
  guint          code;
  const char    *reply;
  ObOutboxState  state;
} RecoverCase;

static void
test_recover (void)
{
  const RecoverCase cases[] = {
    { "nothing journalled: the dot never left", FALSE, 0, NULL, OB_OUTBOX_STATE_QUEUED },
    { "the dot left, no reply", TRUE, 0, NULL, OB_OUTBOX_STATE_UNCERTAIN },
    { "accepted", TRUE, 250, "250 2.0.0 Ok: queued as 9C", OB_OUTBOX_STATE_SENT },
    { "refused for good", TRUE, 554, "554 5.7.1 Spam", OB_OUTBOX_STATE_FAILED },
    { "refused for now", TRUE, 451, "451 4.3.0 Later", OB_OUTBOX_STATE_QUEUED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ObOutboxRecord) record = sending_record ();
      ObSpoolJournal journal = {
        .end_of_data = cases[i].end_of_data,
        .reply_code = cases[i].code,
        .reply_time = NOW - 5,
        .reply = (char *) cases[i].reply,
      };

      g_test_message ("case: %s", cases[i].name);
      ob_outbox_policy_recover (record, &journal, NOW);
      g_assert_cmpint (record->state, ==, cases[i].state);
      if (cases[i].state == OB_OUTBOX_STATE_SENT)
        {
          g_assert_cmpstr (record->queue_id, ==, "9C");
          g_assert_cmpint (record->sent_time, ==, NOW - 5);
        }
      if (cases[i].state == OB_OUTBOX_STATE_UNCERTAIN)
        g_assert_error (record->error, OB_SMTP_ERROR, OB_SMTP_ERROR_OUTCOME_UNKNOWN);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/outbox-policy/backoff", test_backoff);
  g_test_add_func ("/ob/outbox-policy/fail", test_fail);
  g_test_add_func ("/ob/outbox-policy/cancelled-does-not-count", test_cancelled_does_not_count);
  g_test_add_func ("/ob/outbox-policy/gives-up-after-a-day", test_gives_up_after_a_day);
  g_test_add_func ("/ob/outbox-policy/result", test_result);
  g_test_add_func ("/ob/outbox-policy/recover", test_recover);

  return g_test_run ();
}
