/* ob-cli-outbox.c — `outbound outbox` and queueing from the sending commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command line uses the app's outbox: a message sent with --account is
 * queued first, so a network failure leaves it waiting for a retry instead
 * of losing it, and the exit status says which: sent (0), queued (75, as
 * sendmail does), or not sent and why.
 */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ob-account.h"
#include "ob-account-store.h"
#include "ob-cli.h"
#include "ob-cli-accounts.h"
#include "ob-cli-outbox-private.h"
#include "ob-outbox.h"
#include "ob-secrets.h"
#include "ob-transcript.h"

#define SCHEMA_ID "io.github.outbound.Outbound"

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("outbound %s: %s\n", command, error->message);
  return ob_cli_outbox_exit_status (error);
}

/* The app's setting when its schema is installed, else the default. */
static guint
keep_sent_days (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "keep-sent-days"))
    return OB_OUTBOX_KEEP_SENT_DAYS;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_uint (settings, "keep-sent-days");
}

static ObOutbox *
open_outbox (GError **error)
{
  g_autoptr(ObAccountStore) store = ob_cli_open_accounts (error);
  g_autoptr(ObOutbox) outbox = NULL;

  if (store == NULL)
    return NULL;
  outbox = ob_outbox_new (NULL, store);
  /* A command run by hand tries whatever the network monitor thinks. */
  ob_outbox_set_network_monitor (outbox, NULL);
  ob_outbox_set_idle_timeout (outbox, 0);
  ob_outbox_set_keep_sent_days (outbox, keep_sent_days ());
  if (!ob_outbox_load_sync (outbox, NULL, error))
    return NULL;
  return g_steal_pointer (&outbox);
}

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
} Flush;

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Flush *flush = data;

  ob_outbox_flush_finish (OB_OUTBOX (source), result, NULL);
  g_main_loop_quit (flush->loop);
}

static gboolean
interrupted_cb (gpointer data)
{
  Flush *flush = data;

  g_cancellable_cancel (flush->cancellable);
  return G_SOURCE_CONTINUE;
}

/* Sends what is due, until done; Ctrl+C stops it, and messages whose
 * final dot has not left go back to the queue. */
static void
run_flush (ObOutbox   *outbox,
           const char *account_id)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Flush flush = { loop, cancellable };
  guint sigint = g_unix_signal_add (SIGINT, interrupted_cb, &flush);

  ob_outbox_flush_async (outbox, account_id, cancellable, flushed_cb, &flush);
  g_main_loop_run (loop);
  g_source_remove (sigint);
}

static gboolean
parse (const char          *command,
       const char          *parameters,
       const char          *summary,
       const GOptionEntry  *entries,
       int                 *argc,
       char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("outbound outbox %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

static int
run_list (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the messages as JSON"), NULL },
    { NULL }
  };
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GListModel *model;

  if (!parse ("list", NULL, _("List the messages in the outbox and the sent folder."), entries,
              &argc, &argv))
    return EX_USAGE;
  outbox = open_outbox (&error);
  if (outbox == NULL)
    return fail ("outbox list", error);

  model = G_LIST_MODEL (outbox);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (all, g_list_model_get_item (model, i));
  if (json)
    {
      ob_cli_outbox_print_json (all);
      return EX_OK;
    }
  if (all->len == 0)
    g_print (_("The outbox is empty.\n"));
  for (guint i = 0; i < all->len; i++)
    ob_cli_outbox_print_entry (g_ptr_array_index (all, i));
  return EX_OK;
}

static GPtrArray *
due_ids (ObOutbox   *outbox,
         const char *account_id)
{
  GListModel *model = G_LIST_MODEL (outbox);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ObOutboxEntry) entry = g_list_model_get_item (model, i);

      if (ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_QUEUED &&
          ob_outbox_entry_get_next_attempt (entry) <= now &&
          (account_id == NULL ||
           g_str_equal (ob_outbox_entry_get_account_id (entry), account_id)))
        g_ptr_array_add (ids, g_strdup (ob_outbox_entry_get_id (entry)));
    }
  return ids;
}

static int
run_flush_command (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the outcome as JSON"), NULL },
    { NULL }
  };
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse ("flush", NULL, _("Send every queued message that is due now."), entries, &argc,
              &argv))
    return EX_USAGE;
  outbox = open_outbox (&error);
  if (outbox == NULL)
    return fail ("outbox flush", error);

  ids = due_ids (outbox, NULL);
  if (ids->len == 0 && !json)
    {
      g_print (_("Nothing is due to be sent.\n"));
      return EX_OK;
    }
  run_flush (outbox, NULL);
  return ob_cli_outbox_report (outbox, ids, json);
}

/* The message @argv names, after the options; NULL after a usage error. */
static const char *
message_argument (const char  *command,
                  int          argc,
                  char       **argv)
{
  if (argc == 2)
    return argv[1];
  /* TRANSLATORS: %s is a command, like “retry” */
  g_printerr (_("outbound outbox %s: name one message by its id (see “outbound outbox "
                "list”).\n"), command);
  return NULL;
}

/* Sends @id, now due, and reports how that went. */
static int
send_now (ObOutbox   *outbox,
          const char *id)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  ObOutboxEntry *entry = ob_outbox_lookup (outbox, id);

  g_ptr_array_add (ids, g_strdup (id));
  run_flush (outbox, ob_outbox_entry_get_account_id (entry));
  return ob_cli_outbox_report (outbox, ids, FALSE);
}

static int
run_retry (int argc, char **argv)
{
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (!parse ("retry", _("ID"), _("Send a queued, failed or held message again now."), NULL,
              &argc, &argv))
    return EX_USAGE;
  if ((id = message_argument ("retry", argc, argv)) == NULL)
    return EX_USAGE;
  outbox = open_outbox (&error);
  if (outbox == NULL || !ob_outbox_retry (outbox, id, &error))
    return fail ("outbox retry", error);
  return send_now (outbox, id);
}

static int
run_drop (int argc, char **argv)
{
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (!parse ("drop", _("ID"), _("Remove a message from the outbox (or the sent folder) without "
                                  "sending it."), NULL, &argc, &argv))
    return EX_USAGE;
  if ((id = message_argument ("drop", argc, argv)) == NULL)
    return EX_USAGE;
  outbox = open_outbox (&error);
  if (outbox == NULL || !ob_outbox_drop (outbox, id, &error))
    return fail ("outbox drop", error);
  /* TRANSLATORS: %s is the message's id in the outbox */
  g_print (_("Dropped %s.\n"), id);
  return EX_OK;
}

static int
run_resolve (int argc, char **argv)
{
  gboolean send_again = FALSE, mark_sent = FALSE;
  const GOptionEntry entries[] = {
    { "send-again", 0, 0, G_OPTION_ARG_NONE, &send_again,
      N_("It did not arrive: send it again now"), NULL },
    { "mark-sent", 0, 0, G_OPTION_ARG_NONE, &mark_sent,
      N_("It arrived: move it to the sent folder"), NULL },
    { NULL }
  };
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (!parse ("resolve", _("ID"), _("Settle a message whose outcome is uncertain, once you "
                                     "know whether it arrived."), entries, &argc, &argv))
    return EX_USAGE;
  if ((id = message_argument ("resolve", argc, argv)) == NULL)
    return EX_USAGE;
  if (send_again == mark_sent)
    {
      g_printerr (_("outbound outbox resolve: say either --send-again or --mark-sent.\n"));
      return EX_USAGE;
    }
  outbox = open_outbox (&error);
  if (outbox == NULL ||
      !ob_outbox_resolve_uncertain (outbox, id, send_again ? OB_OUTBOX_RESOLUTION_SEND_AGAIN
                                                           : OB_OUTBOX_RESOLUTION_MARK_SENT,
                                    &error))
    return fail ("outbox resolve", error);
  if (send_again)
    return send_now (outbox, id);
  g_print (_("Marked %s as sent.\n"), id);
  return EX_OK;
}

static const ObCliCommand subcommands[] = {
  { "list", N_("List queued, failed, uncertain and sent messages"), run_list },
  { "flush", N_("Send every queued message that is due"), run_flush_command },
  { "retry", N_("Send a message again now"), run_retry },
  { "drop", N_("Remove a message without sending it"), run_drop },
  { "resolve", N_("Settle a message whose outcome is uncertain"), run_resolve },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: outbound outbox COMMAND [OPTIONS…]"),
           _("Messages sent with --account wait in the outbox until the server accepts them. "
             "Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-9s %s\n", subcommands[i].name, _(subcommands[i].summary));
  fprintf (out, "\n%s\n", _("Exit status of flush, retry and resolve: 0 sent, 75 still queued "
                            "(it will be retried), 76 the outcome is uncertain, others as for "
                            "“outbound send”."));
}

int
ob_cli_outbox (int argc, char **argv)
{
  return ob_cli_dispatch ("outbox", subcommands, G_N_ELEMENTS (subcommands), print_usage,
                          argc, argv);
}

/* The password ob_cli_connection_use_account() already took from the
 * keyring, so a missing one was reported before anything was queued. */
static void
known_secret_func (ObOutbox  *outbox,
                   ObAccount *account,
                   GTask     *task,
                   gpointer   user_data)
{
  ObCliConnection *connection = user_data;

  g_task_return_pointer (task, g_strdup (connection->secret), (GDestroyNotify) ob_secrets_free);
}

/**
 * ob_cli_outbox_submit:
 * @connection: the options, with --account
 * @queue_only: only queue the message, for later
 *
 * Queues the message in the outbox for the account and, unless
 * @queue_only, sends that account's queue at once.
 *
 * Returns: the exit status: 0 sent, 75 queued, or why it was not sent
 */
int
ob_cli_outbox_submit (ObCliConnection *connection,
                      ObEnvelope      *envelope,
                      ObMessageSource *message,
                      gboolean         queue_only)
{
  g_autoptr(ObOutbox) outbox = NULL;
  g_autoptr(ObTranscript) transcript = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  ObAccount *account;
  char *id;

  g_return_val_if_fail (connection->account != NULL, EX_SOFTWARE);

  outbox = open_outbox (&error);
  if (outbox == NULL)
    return fail ("sendmail", error);
  account = ob_cli_find_account (ob_outbox_get_accounts (outbox), connection->account, &error);
  /* Sending needs the password now; queueing only does not. */
  if (account == NULL ||
      (!queue_only && !ob_cli_connection_use_account (connection, account, &error)))
    return fail ("sendmail", error);

  id = ob_outbox_enqueue (outbox, account, envelope, message, &error);
  if (id == NULL)
    return fail ("sendmail", error);
  g_ptr_array_add (ids, id);
  if (queue_only)
    {
      /* TRANSLATORS: %s is the message's id in the outbox */
      g_print (_("Queued as %s: it will be sent by “outbound outbox flush” or the Outbound "
                 "app, and retried until the server accepts it.\n"), id);
      return EX_TEMPFAIL;
    }

  if (connection->transcript)
    {
      transcript = ob_transcript_new ();
      ob_outbox_set_transcript (outbox, transcript);
    }
  ob_outbox_set_secret_func (outbox, known_secret_func, connection, NULL);
  run_flush (outbox, ob_account_get_id (account));
  if (transcript != NULL)
    {
      g_autofree char *text = NULL;

      ob_transcript_flush (transcript);
      text = ob_transcript_to_text (transcript);
      g_printerr ("%s", text);
    }
  return ob_cli_outbox_report (outbox, ids, connection->json);
}
