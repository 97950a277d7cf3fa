/* ob-account.h — one sending account: identity, server, limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_ACCOUNT (ob_account_get_type ())

#define OB_ACCOUNT_ERROR (ob_account_error_quark ())

/**
 * ObAccountError:
 * @OB_ACCOUNT_ERROR_INVALID_ADDRESS: the account's address is not a mail address
 * @OB_ACCOUNT_ERROR_INVALID_REPLY_TO: the reply-to address is not a mail address
 * @OB_ACCOUNT_ERROR_NO_HOST: no server is set
 * @OB_ACCOUNT_ERROR_INVALID_HOST: the server is not a host name or IP address
 * @OB_ACCOUNT_ERROR_INVALID_PORT: the port is 0
 * @OB_ACCOUNT_ERROR_LINE_BREAK: a one-line setting contains a line break,
 *   which could inject a command or a header
 * @OB_ACCOUNT_ERROR_INVALID_AUTH_MECHANISM: the chosen login method is unknown
 * @OB_ACCOUNT_ERROR_INVALID_CA_FILE: the certificate authority file is not
 *   given as an absolute path
 * @OB_ACCOUNT_ERROR_INVALID_FINGERPRINT: the pinned certificate is not a
 *   SHA-256 fingerprint
 *
 * What ob_account_validate() finds wrong; each code names one setting, so
 * the UI can take the person to it.
 */
typedef enum {
  OB_ACCOUNT_ERROR_INVALID_ADDRESS,
  OB_ACCOUNT_ERROR_INVALID_REPLY_TO,
  OB_ACCOUNT_ERROR_NO_HOST,
  OB_ACCOUNT_ERROR_INVALID_HOST,
  OB_ACCOUNT_ERROR_INVALID_PORT,
  OB_ACCOUNT_ERROR_LINE_BREAK,
  OB_ACCOUNT_ERROR_INVALID_AUTH_MECHANISM,
  OB_ACCOUNT_ERROR_INVALID_CA_FILE,
  OB_ACCOUNT_ERROR_INVALID_FINGERPRINT,
} ObAccountError;

GQuark        ob_account_error_quark         (void);

G_DECLARE_FINAL_TYPE (ObAccount, ob_account, OB, ACCOUNT, GObject)

ObAccount    *ob_account_new                 (const char   *address);

/* Properties (all with notify on change): id, display-name, address,
 * sender-name, reply-to, signature, host, port, security (ObSecurity),
 * auth-mechanism (nullable: choose), username, username-is-secret, ca-file (nullable),
 * pinned-sha256 (nullable), max-per-minute, max-per-day (0 = no limit),
 * provider-id (nullable), origin (ObAccountOrigin), detected-source
 * (nullable, e.g. "built-in", "autoconfig", "ispdb", "dns-srv", "mx", "guess").
 * id is construct-only; "" sets a string property to NULL; changing the
 * server, port, security, login method or user name of a detected account
 * makes its origin "edited". */
const char   *ob_account_get_id              (ObAccount    *self);
const char   *ob_account_get_display_name    (ObAccount    *self);
void          ob_account_set_display_name    (ObAccount    *self,
                                              const char   *name);
const char   *ob_account_get_address         (ObAccount    *self);
void          ob_account_set_address         (ObAccount    *self,
                                              const char   *address);
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
gboolean      ob_account_get_username_is_secret (ObAccount *self);
void          ob_account_set_username_is_secret (ObAccount *self,
                                                 gboolean   is_secret);
gboolean      ob_account_needs_login         (ObAccount    *self);
const char   *ob_account_get_login_label     (ObAccount    *self);
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
char         *ob_account_describe_server     (ObAccount    *self);

G_END_DECLS
