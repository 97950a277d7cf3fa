/* ob-provider.h — a mail provider's outgoing servers and what to know about them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

/**
 * ObProviderServer:
 * @hostname: the server's name; may hold `%EMAILDOMAIN%`
 * @port: its port
 * @security: how the connection is encrypted
 * @authentication: (array zero-terminated=1): login methods in the
 *   provider's order of preference, as the autoconfig format names them
 *   (`password-cleartext`, `OAuth2`, …)
 * @username: (nullable): what to log in as: a template with
 *   `%EMAILADDRESS%`, `%EMAILLOCALPART%` or `%EMAILDOMAIN%`, or a literal
 * @region: (nullable): the region or data centre it serves
 * @username_hint: (nullable): what to type as user name, for this server
 * @password_hint: (nullable): what to type as password, for this server
 * @notes: (array zero-terminated=1): facts to read before signing in
 * @unverified: (nullable): why this entry is not confirmed by the
 *   provider's current documentation
 *
 * One outgoing server of a provider, as its configuration document gives
 * it. Read-only; owned by the #ObProvider.
 */
typedef struct
{
  char       *hostname;
  guint16     port;
  ObSecurity  security;
  char      **authentication;
  char       *username;
  char       *region;
  char       *username_hint;
  char       *password_hint;
  char      **notes;
  char       *unverified;
} ObProviderServer;

/**
 * ObSendingLimit:
 *
 * A provider's published sending limits; 0 where it publishes none.
 */
typedef struct
{
  guint       messages_per_day;
  guint       recipients_per_day;
  guint       messages_per_minute;
  guint       recipients_per_message;
  const char *url;
} ObSendingLimit;

#define OB_TYPE_PROVIDER (ob_provider_get_type ())

G_DECLARE_FINAL_TYPE (ObProvider, ob_provider, OB, PROVIDER, GObject)

const char             *ob_provider_get_id                 (ObProvider  *self);
const char             *ob_provider_get_display_name       (ObProvider  *self);
const char             *ob_provider_get_short_name         (ObProvider  *self);
const char * const     *ob_provider_get_domains            (ObProvider  *self);
const char * const     *ob_provider_get_mx_domains         (ObProvider  *self);
const char             *ob_provider_get_mx_region          (ObProvider  *self,
                                                            const char  *mx_domain);
guint                   ob_provider_get_n_servers          (ObProvider  *self);
const ObProviderServer *ob_provider_get_server             (ObProvider  *self,
                                                            guint        index);
guint                   ob_provider_get_n_rejected_servers (ObProvider  *self);
const char             *ob_provider_get_help_url           (ObProvider  *self);
const char             *ob_provider_get_help_text          (ObProvider  *self);
ObAppPasswordPolicy     ob_provider_get_app_password       (ObProvider  *self,
                                                            const char **url);
const char             *ob_provider_get_enable_access_url  (ObProvider  *self);
gboolean                ob_provider_is_oauth2_only         (ObProvider  *self);
gboolean                ob_provider_has_smtp               (ObProvider  *self);
const char             *ob_provider_get_no_smtp_url        (ObProvider  *self);
gboolean                ob_provider_is_relay_service       (ObProvider  *self);
const char * const     *ob_provider_get_regions            (ObProvider  *self);
const ObSendingLimit   *ob_provider_get_sending_limit      (ObProvider  *self);
gboolean                ob_provider_get_username_is_secret (ObProvider  *self);
const char             *ob_provider_get_username_hint      (ObProvider  *self);
const char             *ob_provider_get_password_hint      (ObProvider  *self);
const char * const     *ob_provider_get_notes              (ObProvider  *self);
const char             *ob_provider_get_unverified         (ObProvider  *self);

gboolean                ob_provider_server_serves_region     (const ObProviderServer *server,
                                                              const char             *region);
const ObProviderServer *ob_provider_find_server              (ObProvider             *self,
                                                              const char             *region);
const char             *ob_provider_get_server_username_hint (ObProvider             *self,
                                                              const ObProviderServer *server);
const char             *ob_provider_get_server_password_hint (ObProvider             *self,
                                                              const ObProviderServer *server);
const char             *ob_provider_get_server_unverified    (ObProvider             *self,
                                                              const ObProviderServer *server);

char                   *ob_provider_expand                 (const char  *template,
                                                            const char  *address);

G_END_DECLS
