/* ob-record-error.c — what can be wrong with a DNS record or policy text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-record-error.h"

G_DEFINE_QUARK (ob-record-error-quark, ob_record_error)
