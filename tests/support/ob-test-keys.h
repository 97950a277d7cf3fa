/* ob-test-keys.h — public keys made at test time, as DNS records carry them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ob_test_rsa_public_key_base64 (guint bits);

G_END_DECLS
