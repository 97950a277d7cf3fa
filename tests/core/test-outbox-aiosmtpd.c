/* test-outbox-aiosmtpd.c — the outbox against a real SMTP server, with
 * STARTTLS, a login and the password in the session's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * aiosmtpd runs in a child process with a certificate from a test CA made
 * at test time; the account trusts that CA, and certificate checks stay on.
 * The password is stored in the gnome-keyring of ./dev test's session and
 * found there by the outbox's default secret function.
 */
#include "config.h"

#include <string.h>

#include "ob-outbox.h"
#include "ob-secrets.h"
#include "ob-smtp-error.h"
#include "ob-test-aiosmtpd.h"
#include "ob-test-certs.h"
#include "ob-test-util.h"
#include "outbox-fixture.h"

#define USER      "ada"
#define PASSWORD  "0utb0x-aiosmtpd-pw"
#define N_MESSAGES 3

typedef struct
{
  ObTestAiosmtpd *server;
  ObAccountStore *store;
  ObAccount      *account;
  ObOutbox       *outbox;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ObTestCerts *certs = ob_test_certs_get (&error);

  g_assert_no_error (error);
  f->server = ob_test_aiosmtpd_start (OB_TEST_AIOSMTPD_STARTTLS | OB_TEST_AIOSMTPD_AUTH, USER,
                                      PASSWORD, &error);
  g_assert_no_error (error);

  f->store = outbox_test_store_new (g_get_user_config_dir ());
  f->account = outbox_test_add_account (f->store, "ada@example.com",
                                        ob_test_aiosmtpd_get_port (f->server));
  ob_account_set_host (f->account, "localhost");
  ob_account_set_security (f->account, OB_SECURITY_STARTTLS);
  ob_account_set_username (f->account, USER);
  ob_account_set_ca_file (f->account, ob_test_certs_get_ca_file (certs));
  g_assert_true (ob_secrets_store_sync (ob_account_get_id (f->account), "localhost", USER,
                                        OB_SECRET_KIND_PASSWORD, PASSWORD, NULL, &error));
  g_assert_no_error (error);

  f->outbox = ob_outbox_new (NULL, f->store);
  ob_outbox_set_network_monitor (f->outbox, NULL);
  ob_outbox_set_idle_timeout (f->outbox, 0);
  g_assert_true (ob_outbox_load_sync (f->outbox, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ob_secrets_clear_sync (ob_account_get_id (f->account), NULL, NULL);
  g_clear_object (&f->outbox);
  g_clear_object (&f->store);
  ob_test_aiosmtpd_stop (f->server);
  g_clear_object (&f->server);
}

static void
test_send_through_account (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) received = NULL;
  g_auto(GStrv) ids = g_new0 (char *, N_MESSAGES + 1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_MESSAGES; i++)
    ids[i] = outbox_test_enqueue (f->outbox, f->account, i + 1);
  outbox_test_flush (f->outbox, NULL);

  for (guint i = 0; i < N_MESSAGES; i++)
    {
      ObOutboxEntry *entry = ob_outbox_lookup (f->outbox, ids[i]);

      g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_SENT);
      g_assert_nonnull (ob_outbox_entry_get_final_reply (entry));
    }

  received = ob_test_aiosmtpd_get_messages (f->server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (received->len, ==, N_MESSAGES);
  for (guint i = 0; i < N_MESSAGES; i++)
    {
      ObTestAiosmtpdMessage *message = g_ptr_array_index (received, i);
      g_autofree char *text = g_strndup (g_bytes_get_data (message->data, NULL),
                                         g_bytes_get_size (message->data));
      g_autofree char *message_id = g_strdup_printf ("Message-ID: <%u@outbox.test>", i + 1);

      g_assert_true (message->tls);
      g_assert_cmpstr (message->login, ==, USER);
      g_assert_cmpstr (message->mail_from, ==, "ada@example.com");
      g_assert_nonnull (strstr (text, message_id));
    }
}

/* A wrong password in the keyring: the messages wait for the person. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  ObOutboxEntry *entry;

  g_assert_true (ob_secrets_store_sync (ob_account_get_id (f->account), "localhost", USER,
                                        OB_SECRET_KIND_PASSWORD, "not-" PASSWORD, NULL, &error));
  g_assert_no_error (error);
  id = outbox_test_enqueue (f->outbox, f->account, 1);
  outbox_test_flush (f->outbox, NULL);

  entry = ob_outbox_lookup (f->outbox, id);
  g_assert_cmpint (ob_outbox_entry_get_state (entry), ==, OB_OUTBOX_STATE_HELD);
  g_assert_error (ob_outbox_entry_get_error (entry), OB_SMTP_ERROR, OB_SMTP_ERROR_AUTH_FAILED);
}

#define ADD(path, func) \
  g_test_add ("/ob/outbox-aiosmtpd/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("send-through-account", test_send_through_account);
  ADD ("wrong-password", test_wrong_password);

  return g_test_run ();
}
