/* ob-i18n.h — where Outbound's translations come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ob_i18n_init (void);

G_END_DECLS
