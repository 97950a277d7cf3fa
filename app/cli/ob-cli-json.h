/* ob-cli-json.h — just enough JSON for machine-readable output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

void ob_json_append_string (GString    *out,
                            const char *value);
void ob_json_append_member (GString    *out,
                            gboolean   *first,
                            const char *name);
void ob_json_append_enum   (GString    *out,
                            GType       type,
                            int         value);

G_END_DECLS
