/* ob-types.h — forward declarations of the core's types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-enums.h"
#include "ob-enum-types.h"

G_BEGIN_DECLS

G_END_DECLS
