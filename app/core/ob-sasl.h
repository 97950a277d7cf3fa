/* ob-sasl.h — SASL mechanisms for SMTP AUTH
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-types.h"

G_BEGIN_DECLS

/* A server that keeps challenging past this many steps is cut off. */
#define OB_SASL_MAX_STEPS 4

const char      *ob_sasl_mechanism_to_string   (ObSaslMechanism     mechanism);
gboolean         ob_sasl_mechanism_from_string (const char         *name,
                                                ObSaslMechanism    *mechanism);
gboolean         ob_sasl_mechanism_uses_token  (ObSaslMechanism     mechanism);
gboolean         ob_sasl_choose                (const char * const *offered,
                                                gboolean            have_token,
                                                gboolean            encrypted,
                                                ObSaslMechanism    *chosen);

ObSaslSession   *ob_sasl_session_new           (ObSaslMechanism     mechanism,
                                                const char         *username,
                                                const char         *secret,
                                                const char         *host,
                                                guint16             port);
void             ob_sasl_session_free          (ObSaslSession      *session);
ObSaslMechanism  ob_sasl_session_get_mechanism (ObSaslSession      *session);
char            *ob_sasl_session_initial_response (ObSaslSession   *session);
char            *ob_sasl_session_step          (ObSaslSession      *session,
                                                const char         *challenge,
                                                GError            **error);
const char      *ob_sasl_session_describe_step (ObSaslSession      *session);
const char      *ob_sasl_session_get_server_error (ObSaslSession   *session);

void             ob_sasl_response_free         (char               *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSaslSession, ob_sasl_session_free)

G_END_DECLS
