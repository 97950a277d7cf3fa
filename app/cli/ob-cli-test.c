/* ob-cli-test.c — `outbound test`: an account's connection, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same ObConnectionTest the app's “Test connection” runs; this prints
 * each step as it ends, and the diagnosis of the first failure.
 */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ob-account.h"
#include "ob-cli-accounts.h"
#include "ob-cli-commands.h"
#include "ob-cli-connection.h"
#include "ob-cli-json.h"
#include "ob-connection-test.h"
#include "ob-enum-types.h"
#include "ob-secrets.h"
#include "ob-transcript.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GAsyncResult *result;
} Run;

static char *
format_duration (gint64 usec)
{
  if (usec >= G_USEC_PER_SEC)
    /* TRANSLATORS: a duration in seconds */
    return g_strdup_printf (_("%.1f s"), (double) usec / G_USEC_PER_SEC);
  /* TRANSLATORS: a duration in milliseconds */
  return g_strdup_printf (_("%u ms"), (guint) ((usec + 500) / 1000));
}

static void
step_finished_cb (ObConnectionTest     *test,
                  ObConnectionTestStep *step,
                  gpointer              data)
{
  ObConnectionTestStepState state = ob_connection_test_step_get_state (step);
  const char *detail = ob_connection_test_step_get_detail (step);
  const char *mark;

  if (state == OB_CONNECTION_TEST_STEP_PASSED)
    /* TRANSLATORS: marks a test step that worked; keep the width of the others */
    mark = _("[ ok ]");
  else if (state == OB_CONNECTION_TEST_STEP_FAILED)
    /* TRANSLATORS: marks a test step that failed; keep the width of the others */
    mark = _("[FAIL]");
  else
    /* TRANSLATORS: marks a test step that does not apply; keep the width of the others */
    mark = _("[skip]");

  if (state == OB_CONNECTION_TEST_STEP_SKIPPED)
    g_print ("%s %s\n", mark, ob_connection_test_step_get_title (step));
  else
    {
      g_autofree char *took = format_duration (ob_connection_test_step_get_duration (step));

      g_print ("%s %s (%s)\n", mark, ob_connection_test_step_get_title (step), took);
    }
  if (detail != NULL)
    g_print ("       %s\n", detail);
  /* Each step shows as it ends, even when the output is a pipe. */
  fflush (stdout);
}

static void
tested_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Run *run = data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer data)
{
  Run *run = data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found ? found->value_nick : NULL;
}

static void
print_json (ObConnectionTest *test,
            ObAccount        *account,
            const GError     *error)
{
  g_autoptr(GString) out = g_string_new ("{");
  GListModel *steps = ob_connection_test_get_steps (test);
  ObDiagnosis *diagnosis = ob_connection_test_get_diagnosis (test);
  gboolean first = TRUE;

  ob_json_append_member (out, &first, "account");
  ob_json_append_string (out, ob_account_get_id (account));
  ob_json_append_member (out, &first, "address");
  ob_json_append_string (out, ob_account_get_address (account));
  ob_json_append_member (out, &first, "ok");
  g_string_append (out, error == NULL ? "true" : "false");
  ob_json_append_member (out, &first, "steps");
  g_string_append_c (out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(ObConnectionTestStep) step = g_list_model_get_item (steps, i);
      const GError *step_error = ob_connection_test_step_get_error (step);
      gboolean first_member = TRUE;

      g_string_append (out, i > 0 ? ",{" : "{");
      ob_json_append_member (out, &first_member, "step");
      ob_json_append_string (out, enum_nick (OB_TYPE_CONNECTION_TEST_STEP_KIND,
                                             ob_connection_test_step_get_kind (step)));
      ob_json_append_member (out, &first_member, "title");
      ob_json_append_string (out, ob_connection_test_step_get_title (step));
      ob_json_append_member (out, &first_member, "state");
      ob_json_append_string (out, enum_nick (OB_TYPE_CONNECTION_TEST_STEP_STATE,
                                             ob_connection_test_step_get_state (step)));
      ob_json_append_member (out, &first_member, "duration_us");
      g_string_append_printf (out, "%" G_GINT64_FORMAT, ob_connection_test_step_get_duration (step));
      ob_json_append_member (out, &first_member, "detail");
      ob_json_append_string (out, ob_connection_test_step_get_detail (step));
      ob_json_append_member (out, &first_member, "error");
      if (step_error != NULL)
        ob_cli_append_error_json (out, step_error);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  ob_json_append_member (out, &first, "diagnosis");
  if (diagnosis != NULL)
    {
      gboolean first_member = TRUE;

      g_string_append_c (out, '{');
      ob_json_append_member (out, &first_member, "category");
      ob_json_append_string (out, enum_nick (OB_TYPE_DIAGNOSIS_CATEGORY,
                                             ob_diagnosis_get_category (diagnosis)));
      ob_json_append_member (out, &first_member, "title");
      ob_json_append_string (out, ob_diagnosis_get_title (diagnosis));
      ob_json_append_member (out, &first_member, "explanation");
      ob_json_append_string (out, ob_diagnosis_get_explanation (diagnosis));
      ob_json_append_member (out, &first_member, "remedy");
      ob_json_append_string (out, ob_diagnosis_get_remedy (diagnosis));
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");

  ob_json_append_member (out, &first, "exit_status");
  g_string_append_printf (out, "%d", ob_cli_exit_status_for_error (error));
  g_string_append (out, "}\n");
  fputs (out->str, stdout);
}

static void
print_outcome (ObConnectionTest *test,
               ObAccount        *account,
               const GError     *error)
{
  ObConnectionTestStep *send = ob_connection_test_get_step (test, OB_CONNECTION_TEST_STEP_SEND);

  g_print ("\n");
  if (error == NULL)
    {
      g_print (_("The connection to %s works.\n"), ob_account_get_host (account));
      if (ob_connection_test_step_get_state (send) == OB_CONNECTION_TEST_STEP_SKIPPED)
        g_print (_("To check that mail is accepted too, add --send-to-self.\n"));
    }
  else if (ob_connection_test_get_diagnosis (test) != NULL)
    ob_cli_print_diagnosis (ob_connection_test_get_diagnosis (test));
  else if (g_error_matches (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_NOT_FOUND))
    g_print (_("Store the password with “outbound accounts set-password %s”.\n"),
             ob_account_get_address (account));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           ob_connection_test_get_failed_step (test) == NULL)
    g_print ("%s\n", error->message);
}

int
ob_cli_test (int argc, char **argv)
{
  gboolean send_to_self = FALSE, json = FALSE, transcript = FALSE;
  int timeout = 0;
  const GOptionEntry entries[] = {
    { "send-to-self", 0, 0, G_OPTION_ARG_NONE, &send_to_self,
      N_("End by sending a test message to the account’s own address"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
      N_("Give up on a silent server after SECONDS (default 30)"), N_("SECONDS") },
    { "transcript", 0, 0, G_OPTION_ARG_NONE, &transcript,
      N_("Show the conversation with the server on standard error, passwords hidden"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the outcome as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ACCOUNT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObConnectionTest) test = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *server = NULL;
  ObAccount *account;
  Run run = { 0 };
  guint sigint;

  g_option_context_set_summary (context, _("Test an account’s connection step by step: find the "
                                           "server, connect, check encryption and the "
                                           "certificate, read what the server offers, log in "
                                           "and, if asked, send a message to the account "
                                           "itself. ACCOUNT is its address or id."));
  g_option_context_set_description (context, ob_cli_exit_status_help ());
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("outbound test: %s\n", error->message);
      return EX_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (_("outbound test: name one account, by its address or id.\n"));
      return EX_USAGE;
    }

  store = ob_cli_open_accounts (&error);
  account = store ? ob_cli_find_account (store, argv[1], &error) : NULL;
  if (account == NULL)
    {
      g_printerr ("outbound test: %s\n", error->message);
      return ob_cli_exit_status_for_error (error);
    }

  test = ob_connection_test_new (account);
  ob_connection_test_set_send_test_message (test, send_to_self);
  if (timeout > 0)
    ob_connection_test_set_timeout (test, timeout);
  if (transcript)
    ob_cli_show_transcript (ob_connection_test_get_transcript (test));
  if (!json)
    {
      server = ob_account_describe_server (account);
      /* TRANSLATORS: the first %s is an address, the second its server settings */
      g_print (_("Testing %s (%s)\n\n"), ob_account_get_address (account), server);
      g_signal_connect (test, "step-finished", G_CALLBACK (step_finished_cb), NULL);
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.cancellable = cancellable;
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, &run);
  ob_connection_test_run_async (test, cancellable, tested_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);

  ob_connection_test_run_finish (test, run.result, &error);
  g_clear_object (&run.result);
  ob_transcript_flush (ob_connection_test_get_transcript (test));

  if (json)
    print_json (test, account, error);
  else
    print_outcome (test, account, error);
  return ob_cli_exit_status_for_error (error);
}
