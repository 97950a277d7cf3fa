/* ob-cli-check-domain.h — `outbound check-domain`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ob_cli_check_domain (int    argc,
                         char **argv);

G_END_DECLS
