/* ob-certificate.h — facts about a server's certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *ob_certificate_get_sha256            (GTlsCertificate  *certificate);
char     *ob_certificate_normalize_fingerprint (const char       *fingerprint);
char     *ob_certificate_format_fingerprint    (const char       *fingerprint);
gboolean  ob_certificate_get_public_key        (GTlsCertificate  *certificate,
                                                const char      **algorithm,
                                                guint            *bits);
char     *ob_certificate_describe_flags        (GTlsCertificateFlags flags);
void      ob_certificate_check_ca_file_async   (const char          *path,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean  ob_certificate_check_ca_file_finish  (GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
