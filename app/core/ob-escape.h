/* ob-escape.h — making untrusted text safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ob_escape_untrusted (const char *data,
                           gssize      len);

G_END_DECLS
