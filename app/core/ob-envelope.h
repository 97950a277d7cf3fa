/* ob-envelope.h — who a message is from and to, for MAIL FROM and RCPT TO
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_ENVELOPE (ob_envelope_get_type ())

GType               ob_envelope_get_type        (void) G_GNUC_CONST;
ObEnvelope         *ob_envelope_new             (const char   *sender);
ObEnvelope         *ob_envelope_ref             (ObEnvelope   *envelope);
void                ob_envelope_unref           (ObEnvelope   *envelope);

gboolean            ob_envelope_add_recipient   (ObEnvelope   *envelope,
                                                 const char   *address,
                                                 GError      **error);
const char         *ob_envelope_get_sender      (ObEnvelope   *envelope);
const char * const *ob_envelope_get_recipients  (ObEnvelope   *envelope);
gboolean            ob_envelope_validate        (ObEnvelope   *envelope,
                                                 GError      **error);
gboolean            ob_envelope_needs_smtputf8  (ObEnvelope   *envelope);

void                ob_envelope_set_dsn         (ObEnvelope   *envelope,
                                                 ObDsnRet      ret,
                                                 ObDsnNotify   notify,
                                                 const char   *envid);
ObDsnRet            ob_envelope_get_dsn_ret     (ObEnvelope   *envelope);
ObDsnNotify         ob_envelope_get_dsn_notify  (ObEnvelope   *envelope);
const char         *ob_envelope_get_dsn_envid   (ObEnvelope   *envelope);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObEnvelope, ob_envelope_unref)

G_END_DECLS
