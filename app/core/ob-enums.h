/* ob-enums.h — enumerations shared across the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ObSecretKind:
 * @OB_SECRET_KIND_PASSWORD: a password or app password
 * @OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN: an OAuth2 refresh token
 *
 * What a secret in the keyring is, so one account can hold both.
 */
typedef enum {
  OB_SECRET_KIND_PASSWORD,
  OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN,
} ObSecretKind;

G_END_DECLS
