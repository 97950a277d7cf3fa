/* outbox-crash-helper.c — queues messages and sends them, to be killed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-outbox-crash runs this program and kills it with SIGKILL at a
 * chosen moment of the SMTP conversation, then looks at what the spool
 * says. Usage:
 *
 *   outbox-crash-helper ROOT ACCOUNTS N BODY_SIZE [--hold]
 *
 * It queues N messages (the first with BODY_SIZE octets of body) for the
 * first account in the ACCOUNTS file, prints "queued", and sends them; with
 * --hold it waits instead of sending. Whatever happens, it ends within two
 * minutes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ob-envelope.h"
#include "outbox-fixture.h"

#define LIFETIME_SECONDS 120

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GMainLoop *loop = data;

  ob_outbox_flush_finish (OB_OUTBOX (source), result, NULL);
  g_main_loop_quit (loop);
}

static void
enqueue (ObOutbox  *outbox,
         ObAccount *account,
         guint      n,
         gsize      body_size)
{
  g_autoptr(ObRawMessage) message = outbox_test_message (n, body_size);
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("ada@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  ob_envelope_add_recipient (envelope, "bob@example.org", NULL);
  id = ob_outbox_enqueue (outbox, account, envelope, OB_MESSAGE_SOURCE (message), &error);
  if (id == NULL)
    g_error ("could not queue message %u: %s", n, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n = 0, body_size = 0;

  /* Never outlive the test that started it, whatever the server does. */
  alarm (LIFETIME_SECONDS);

  if (argc < 5 || !g_ascii_string_to_unsigned (argv[3], 10, 1, 100, &n, NULL) ||
      !g_ascii_string_to_unsigned (argv[4], 10, 0, G_MAXUINT32, &body_size, NULL))
    {
      fprintf (stderr, "usage: %s ROOT ACCOUNTS N BODY_SIZE [--hold]\n", argv[0]);
      return 2;
    }

  store = ob_account_store_new (argv[2]);
  if (!ob_account_store_load (store, &error))
    g_error ("could not load the accounts: %s", error->message);
  account = g_list_model_get_item (G_LIST_MODEL (store), 0);
  outbox = ob_outbox_new (argv[1], store);
  ob_outbox_set_network_monitor (outbox, NULL);
  ob_outbox_set_idle_timeout (outbox, 0);
  if (!ob_outbox_load_sync (outbox, NULL, &error))
    g_error ("could not load the outbox: %s", error->message);

  for (guint i = 1; i <= n; i++)
    enqueue (outbox, account, i, i == 1 ? body_size : 0);
  printf ("queued\n");
  fflush (stdout);

  if (argc > 5 && g_str_equal (argv[5], "--hold"))
    {
      sleep (LIFETIME_SECONDS);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  ob_outbox_flush_async (outbox, NULL, NULL, flushed_cb, loop);
  g_main_loop_run (loop);
  printf ("flushed\n");
  return 0;
}
