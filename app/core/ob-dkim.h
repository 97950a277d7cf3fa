/* ob-dkim.h — DKIM public key records (RFC 6376 §3.6.1) and the DKIM check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-domain-check-item.h"
#include "ob-record-error.h"

G_BEGIN_DECLS

typedef enum {
  OB_DKIM_KEY_TYPE_RSA,
  OB_DKIM_KEY_TYPE_ED25519,
} ObDkimKeyType;

/**
 * ObDkimKey:
 * @type: the key algorithm (k=)
 * @bits: the key size: the RSA modulus, or 256 for Ed25519; 0 when revoked
 * @revoked: p= is empty: signatures with this selector must fail
 * @testing: t=y: the domain is testing DKIM, and receivers may treat its
 *   signatures as absent
 * @sha256: the key may be used with SHA-256 (h= absent or lists it)
 */
typedef struct
{
  ObDkimKeyType type;
  guint         bits;
  gboolean      revoked;
  gboolean      testing;
  gboolean      sha256;
} ObDkimKey;

gboolean            ob_dkim_is_key_record   (const char          *text);
ObDkimKey          *ob_dkim_key_parse       (const char          *text,
                                             GError             **error);
void                ob_dkim_key_free        (ObDkimKey           *key);
const char * const *ob_dkim_common_selectors (void);

void                ob_dkim_check_async     (GResolver           *resolver,
                                             const char          *domain,
                                             const char * const  *selectors,
                                             guint                timeout_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
ObDomainCheckItem  *ob_dkim_check_finish    (GAsyncResult        *result,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObDkimKey, ob_dkim_key_free)

G_END_DECLS
