/* ob-account.h — one sending account: identity, server, limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT (ob_account_get_type ())

G_DECLARE_FINAL_TYPE (ObAccount, ob_account, OB, ACCOUNT, GObject)

ObAccount    *ob_account_new                 (const char   *address);

/* Properties (all with notify on change): id, display-name, address,
 * sender-name, reply-to, signature, host, port, security (ObSecurity),
 * auth-mechanism (nullable: choose), username, ca-file (nullable),
 * pinned-sha256 (nullable), max-per-minute, max-per-day (0 = no limit),
 * provider-id (nullable), origin (ObAccountOrigin), detected-source
 * (nullable, e.g. "built-in", "autoconfig", "ispdb", "dns-srv", "mx", "guess"). */
const char   *ob_account_get_id              (ObAccount    *self);
const char   *ob_account_get_display_name    (ObAccount    *self);
void          ob_account_set_display_name    (ObAccount    *self,
                                              const char   *name);
const char   *ob_account_get_address         (ObAccount    *self);
const char   *ob_account_get_sender_name     (ObAccount    *self);
void          ob_account_set_sender_name     (ObAccount    *self,
                                              const char   *name);
const char   *ob_account_get_reply_to        (ObAccount    *self);
void          ob_account_set_reply_to        (ObAccount    *self,
                                              const char   *address);
const char   *ob_account_get_signature       (ObAccount    *self);
void          ob_account_set_signature       (ObAccount    *self,
                                              const char   *signature);
const char   *ob_account_get_host            (ObAccount    *self);
void          ob_account_set_host            (ObAccount    *self,
                                              const char   *host);
guint16       ob_account_get_port            (ObAccount    *self);
void          ob_account_set_port            (ObAccount    *self,
                                              guint16       port);
ObSecurity    ob_account_get_security        (ObAccount    *self);
void          ob_account_set_security        (ObAccount    *self,
                                              ObSecurity    security);
const char   *ob_account_get_auth_mechanism  (ObAccount    *self);
void          ob_account_set_auth_mechanism  (ObAccount    *self,
                                              const char   *mechanism);
const char   *ob_account_get_username        (ObAccount    *self);
void          ob_account_set_username        (ObAccount    *self,
                                              const char   *username);
const char   *ob_account_get_ca_file         (ObAccount    *self);
void          ob_account_set_ca_file         (ObAccount    *self,
                                              const char   *path);
const char   *ob_account_get_pinned_sha256   (ObAccount    *self);
void          ob_account_set_pinned_sha256   (ObAccount    *self,
                                              const char   *fingerprint);
guint         ob_account_get_max_per_minute  (ObAccount    *self);
guint         ob_account_get_max_per_day     (ObAccount    *self);
void          ob_account_set_limits          (ObAccount    *self,
                                              guint         per_minute,
                                              guint         per_day);
const char   *ob_account_get_provider_id     (ObAccount    *self);
void          ob_account_set_provider_id     (ObAccount    *self,
                                              const char   *provider_id);
ObAccountOrigin ob_account_get_origin        (ObAccount    *self);
const char   *ob_account_get_detected_source (ObAccount    *self);
void          ob_account_set_detected        (ObAccount    *self,
                                              const char   *source);
gboolean      ob_account_validate            (ObAccount    *self,
                                              GError      **error);
ObSmtpClient *ob_account_create_client       (ObAccount    *self,
                                              const char   *secret,
                                              gboolean      secret_is_token);

G_END_DECLS
