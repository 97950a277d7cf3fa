/* ob-certificate-dialog.h — why a server's certificate was refused, and the choice to trust it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OB_TYPE_CERTIFICATE_DIALOG (ob_certificate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ObCertificateDialog, ob_certificate_dialog,
                      OB, CERTIFICATE_DIALOG, AdwWindow)

ObCertificateDialog *ob_certificate_dialog_new             (GtkWindow            *parent,
                                                            const char           *host,
                                                            GTlsCertificate      *certificate,
                                                            GTlsCertificateFlags  errors,
                                                            const char           *pinned_sha256);
ObCertificateDialog *ob_certificate_dialog_new_for_error   (GtkWindow            *parent,
                                                            const char           *host,
                                                            const GError         *error,
                                                            const char           *pinned_sha256);

const char          *ob_certificate_dialog_get_host        (ObCertificateDialog  *self);
GTlsCertificate     *ob_certificate_dialog_get_certificate (ObCertificateDialog  *self);
GTlsCertificateFlags ob_certificate_dialog_get_errors      (ObCertificateDialog  *self);
const char          *ob_certificate_dialog_get_fingerprint (ObCertificateDialog  *self);
gboolean             ob_certificate_dialog_get_changed     (ObCertificateDialog  *self);

G_END_DECLS
