/* outbox-fixture.c — what the outbox's test programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-envelope.h"
#include "outbox-fixture.h"

/**
 * outbox_test_store_new:
 * @dir: where the accounts file goes
 */
ObAccountStore *
outbox_test_store_new (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "accounts.ini", NULL);

  return ob_account_store_new (path);
}

/**
 * outbox_test_add_account:
 *
 * Adds, and saves, an account that sends to 127.0.0.1:@port without
 * encryption or login: these tests are about the queue, not the
 * connection.
 *
 * Returns: (transfer none): the account
 */
ObAccount *
outbox_test_add_account (ObAccountStore *store,
                         const char     *address,
                         guint16         port)
{
  g_autoptr(ObAccount) account = ob_account_new (address);
  g_autoptr(GError) error = NULL;

  ob_account_set_host (account, "127.0.0.1");
  ob_account_set_port (account, port);
  ob_account_set_security (account, OB_SECURITY_NONE);
  g_assert_true (ob_account_store_add (store, account, &error));
  g_assert_no_error (error);
  g_assert_true (ob_account_store_save (store, &error));
  g_assert_no_error (error);
  return account;
}

/**
 * outbox_test_message:
 * @n: names the message: its Message-ID is <@n@outbox.test>
 * @body_size: how many octets of body after a short first line
 */
ObRawMessage *
outbox_test_message (guint n,
                     gsize body_size)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  ObRawMessage *message;

  g_string_printf (text,
                   "From: Ada <ada@example.com>\r\n"
                   "To: bob@example.org\r\n"
                   "Subject: Message %u\r\n"
                   "Message-ID: <%u@outbox.test>\r\n"
                   "\r\n"
                   "Body of message %u.\r\n", n, n, n);
  /* Lines of 76 octets, as mail has them. */
  for (gsize done = 0; done < body_size; done += 78)
    g_string_append (text, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
                           "abcdefghijklmnopqrstuvwx\r\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  message = ob_raw_message_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  return message;
}

char *
outbox_test_enqueue (ObOutbox  *outbox,
                     ObAccount *account,
                     guint      n)
{
  g_autoptr(ObRawMessage) message = outbox_test_message (n, 0);
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("ada@example.com");
  g_autoptr(GError) error = NULL;
  char *id;

  g_assert_true (ob_envelope_add_recipient (envelope, "bob@example.org", &error));
  id = ob_outbox_enqueue (outbox, account, envelope, OB_MESSAGE_SOURCE (message), &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_outbox_flush_finish (OB_OUTBOX (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/**
 * outbox_test_flush:
 *
 * Flushes and waits, at most OUTBOX_TEST_TIMEOUT_MS, for the flush to
 * finish.
 */
void
outbox_test_flush (ObOutbox   *outbox,
                   const char *account_id)
{
  gboolean done = FALSE, timed_out = FALSE;
  guint timer = g_timeout_add (OUTBOX_TEST_TIMEOUT_MS, timeout_cb, &timed_out);

  ob_outbox_flush_async (outbox, account_id, NULL, flushed_cb, &done);
  while (!done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timer);
}

ObOutboxState
outbox_test_state (ObOutbox   *outbox,
                   const char *id)
{
  ObOutboxEntry *entry = ob_outbox_lookup (outbox, id);

  g_assert_nonnull (entry);
  return ob_outbox_entry_get_state (entry);
}

/**
 * outbox_test_wait_for_state:
 *
 * Runs the main loop until the message is in @state, at most
 * OUTBOX_TEST_TIMEOUT_MS.
 */
gboolean
outbox_test_wait_for_state (ObOutbox      *outbox,
                            const char    *id,
                            ObOutboxState  state)
{
  gboolean timed_out = FALSE;
  guint timer = g_timeout_add (OUTBOX_TEST_TIMEOUT_MS, timeout_cb, &timed_out);

  while (outbox_test_state (outbox, id) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timer);
  return !timed_out;
}

void
outbox_test_script_greeting (ObFakeSmtpServer *server,
                             gboolean          pipelining)
{
  if (pipelining)
    ob_fake_smtp_server_add_greeting_and_ehlo (server, "PIPELINING", "8BITMIME", NULL);
  else
    ob_fake_smtp_server_add_greeting_and_ehlo (server, "8BITMIME", NULL);
}

/**
 * outbox_test_script_accept:
 * @n: how many messages to accept
 * @queue_id: the queue id to give the first; the others get it with a
 *   number after
 */
void
outbox_test_script_accept (ObFakeSmtpServer *server,
                           guint             n,
                           const char       *queue_id)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *reply = g_strdup_printf ("250 2.0.0 Ok: queued as %s%u\r\n", queue_id, i);

      ob_fake_smtp_server_expect_reply (server, "MAIL FROM:<ada@example.com>*", "250 2.1.0 Ok\r\n");
      ob_fake_smtp_server_expect_reply (server, "RCPT TO:<bob@example.org>*", "250 2.1.5 Ok\r\n");
      ob_fake_smtp_server_expect_reply (server, "DATA", "354 End data with <CR><LF>.<CR><LF>\r\n");
      ob_fake_smtp_server_expect_data (server);
      ob_fake_smtp_server_send (server, reply);
    }
}

/**
 * outbox_test_message_ids:
 * @messages: (element-type GBytes): messages as a server received them
 *
 * Returns: (transfer full) (element-type utf8): their Message-ID fields
 */
GPtrArray *
outbox_test_message_ids (GPtrArray *messages)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (g_ptr_array_index (messages, i), NULL),
                                         g_bytes_get_size (g_ptr_array_index (messages, i)));
      const char *field = strstr (text, "Message-ID: ");
      const char *end = field ? strstr (field, "\r\n") : NULL;

      g_assert_nonnull (end);
      g_ptr_array_add (ids, g_strndup (field + 12, end - field - 12));
    }
  return ids;
}
