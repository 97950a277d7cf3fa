/* ob-cli.h — what the subcommands of `outbound` share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>
#include <glib.h>
#include <sysexits.h>

G_BEGIN_DECLS

typedef int (*ObCliRunFunc) (int argc, char **argv);

typedef struct
{
  const char   *name;
  const char   *summary;   /* marked for translation, translated when shown */
  ObCliRunFunc  run;
} ObCliCommand;

typedef void (*ObCliUsageFunc) (FILE *to);

int ob_cli_dispatch (const char         *group,
                     const ObCliCommand *commands,
                     gsize               n_commands,
                     ObCliUsageFunc      print_usage,
                     int                 argc,
                     char              **argv);

G_END_DECLS
