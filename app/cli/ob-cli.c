/* ob-cli.c — what the subcommands of `outbound` share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-cli.h"

/**
 * ob_cli_dispatch:
 * @group: the command that has subcommands, such as "accounts"
 * @print_usage: prints the group's help to the stream it is given
 * @argc: (inout): the arguments after `outbound`, @group first
 *
 * Runs the subcommand @argv[1] names, with its full name ("outbound
 * accounts add") as the program name for its messages.
 *
 * Returns: the exit status
 */
int
ob_cli_dispatch (const char         *group,
                 const ObCliCommand *commands,
                 gsize               n_commands,
                 ObCliUsageFunc      print_usage,
                 int                 argc,
                 char              **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return EX_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (stdout);
      return EX_OK;
    }

  for (gsize i = 0; i < n_commands; i++)
    if (g_str_equal (commands[i].name, argv[1]))
      {
        g_autofree char *prgname = g_strdup_printf ("outbound %s %s", group, argv[1]);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  /* TRANSLATORS: the first and last %s are a command such as “accounts”,
   * the second what the person typed as one of its subcommands */
  g_printerr (_("outbound %s: “%s” is not a command. Run “outbound %s --help” for the list.\n"),
              group, argv[1], group);
  return EX_USAGE;
}
