/* ob-address.h — checking and splitting mail addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OB_ADDRESS_ERROR (ob_address_error_quark ())

/**
 * ObAddressError:
 * @OB_ADDRESS_ERROR_EMPTY: nothing was typed
 * @OB_ADDRESS_ERROR_NO_AT: there is no "@"
 * @OB_ADDRESS_ERROR_LOCAL_PART: the part before "@" is empty, too long or malformed
 * @OB_ADDRESS_ERROR_DOMAIN: the part after "@" is not a valid domain name
 * @OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER: a space, control character or line
 *   break, which could inject a command or header
 */
typedef enum {
  OB_ADDRESS_ERROR_EMPTY,
  OB_ADDRESS_ERROR_NO_AT,
  OB_ADDRESS_ERROR_LOCAL_PART,
  OB_ADDRESS_ERROR_DOMAIN,
  OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER,
} ObAddressError;

GQuark   ob_address_error_quark    (void);
gboolean ob_address_parse          (const char  *address,
                                    char       **local_part,
                                    char       **domain,
                                    GError     **error);
gboolean ob_address_is_valid       (const char  *address);
gboolean ob_address_needs_smtputf8 (const char  *address);
gboolean ob_hostname_is_valid      (const char  *hostname);

G_END_DECLS
