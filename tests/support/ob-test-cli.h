/* ob-test-cli.h — running the built `outbound` tool from tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} ObTestCliRun;

void ob_test_cli_run_clear (ObTestCliRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ObTestCliRun, ob_test_cli_run_clear)

void ob_test_cli_run       (ObTestCliRun       *run,
                            const char         *input,
                            const char * const *environment,
                            const char * const *args);

G_END_DECLS
