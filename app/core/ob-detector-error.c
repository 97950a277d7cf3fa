/* ob-detector-error.c — what can go wrong finding a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-detector-error.h"

G_DEFINE_QUARK (ob-detector-error-quark, ob_detector_error)
