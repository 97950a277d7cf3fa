/* ob-smtp-capabilities.h — what a server's EHLO reply offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_SMTP_CAPABILITIES (ob_smtp_capabilities_get_type ())

GType                 ob_smtp_capabilities_get_type           (void) G_GNUC_CONST;
ObSmtpCapabilities   *ob_smtp_capabilities_parse              (ObSmtpReply        *ehlo_reply);
ObSmtpCapabilities   *ob_smtp_capabilities_ref                (ObSmtpCapabilities *caps);
void                  ob_smtp_capabilities_unref              (ObSmtpCapabilities *caps);

ObSmtpCapabilityFlags ob_smtp_capabilities_get_flags          (ObSmtpCapabilities *caps);
gboolean              ob_smtp_capabilities_has                (ObSmtpCapabilities *caps,
                                                               ObSmtpCapabilityFlags flag);
const char           *ob_smtp_capabilities_get_server_name    (ObSmtpCapabilities *caps);
guint64               ob_smtp_capabilities_get_size_limit     (ObSmtpCapabilities *caps);
const char * const   *ob_smtp_capabilities_get_auth_mechanisms (ObSmtpCapabilities *caps);
gboolean              ob_smtp_capabilities_has_auth_mechanism (ObSmtpCapabilities *caps,
                                                               const char         *mechanism);
char                 *ob_smtp_capabilities_describe           (ObSmtpCapabilities *caps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSmtpCapabilities, ob_smtp_capabilities_unref)

G_END_DECLS
