/* ob-cli.h — what the subcommands of `outbound` share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sysexits.h>

G_BEGIN_DECLS

typedef int (*ObCliRunFunc) (int argc, char **argv);

typedef struct
{
  const char   *name;
  const char   *summary;   /* N_() */
  ObCliRunFunc  run;
} ObCliCommand;

G_END_DECLS
