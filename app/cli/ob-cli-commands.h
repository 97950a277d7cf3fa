/* ob-cli-commands.h — the subcommands of `outbound`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ob_cli_send      (int argc, char **argv);
int ob_cli_sendmail  (int argc, char **argv);
int ob_cli_send_eml  (int argc, char **argv);
int ob_cli_accounts  (int argc, char **argv);
int ob_cli_test      (int argc, char **argv);

G_END_DECLS
