/* main.c — the `outbound` command-line tool: finds and runs a subcommand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ob-cli.h"
#include "ob-cli-commands.h"
#include "ob-cli-check-domain.h"
#include "ob-cli-outbox.h"
#include "ob-cli-detect.h"
#include "ob-i18n.h"

static int run_help (int argc, char **argv);

static const ObCliCommand commands[] = {
  { "send", N_("Compose a message and send it"), ob_cli_send },
  { "sendmail", N_("Send a message from standard input, like sendmail"), ob_cli_sendmail },
  { "send-eml", N_("Send message files over one connection"), ob_cli_send_eml },
  { "accounts", N_("List, add, show and remove accounts"), ob_cli_accounts },
  { "outbox", N_("List, send, retry and drop queued messages"), ob_cli_outbox },
  { "test", N_("Test an account’s connection step by step"), ob_cli_test },
  { "detect", N_("Find and verify the outgoing server for an address"), ob_cli_detect },
  { "check-domain", N_("Check a sending domain’s MX, SPF, DKIM, DMARC, MTA-STS and TLS-RPT"),
    ob_cli_check_domain },
  { "help", N_("Show this help, or a command’s help"), run_help },
};

static const ObCliCommand *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static char *
describe_commands (void)
{
  GString *s = g_string_new (_("Commands:"));

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "\n  %-14s %s", commands[i].name, _(commands[i].summary));
  g_string_append_c (s, '\n');
  g_string_append (s, _("Run “outbound COMMAND --help” for a command’s options."));
  return g_string_free (s, FALSE);
}

static GOptionContext *
make_main_context (gboolean *version)
{
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, version, N_("Show the version and exit"), NULL },
    { NULL }
  };
  g_autofree char *description = describe_commands ();
  GOptionContext *context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));

  g_option_context_set_summary (context, _("Set up, test and use outgoing mail servers."));
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* Stop at the first word that is not an option: it names a command. */
  g_option_context_set_strict_posix (context, TRUE);
  return context;
}

static int
run_help (int argc, char **argv)
{
  gboolean version = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *help = NULL;

  if (argc > 1 && find_command (argv[1]) != NULL && !g_str_equal (argv[1], "help"))
    {
      char *sub_argv[] = { argv[1], (char *) "--help", NULL };

      return find_command (argv[1])->run (2, sub_argv);
    }

  context = make_main_context (&version);
  help = g_option_context_get_help (context, TRUE, NULL);
  fputs (help, stdout);
  return EX_OK;
}

static int
unknown_command (const char *name)
{
  /* TRANSLATORS: %s is what the person typed as a command name */
  g_printerr (_("outbound: “%s” is not a command. Run “outbound --help” for the list.\n"),
              name);
  return EX_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean version = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = NULL;
  const ObCliCommand *command;

  ob_i18n_init ();
  g_set_prgname ("outbound");

  context = make_main_context (&version);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("outbound: %s\n", error->message);
      return EX_USAGE;
    }

  if (version)
    {
      g_print ("outbound %s\n", PACKAGE_VERSION);
      return EX_OK;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return EX_USAGE;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    return unknown_command (argv[1]);

  /* The command sees itself as argv[0], as GOptionContext expects, and its
   * help names it in full. */
  prgname = g_strdup_printf ("outbound %s", command->name);
  g_set_prgname (prgname);
  return command->run (argc - 1, argv + 1);
}
