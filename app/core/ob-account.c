/* ob-account.c — one sending account: identity, server, limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An account holds settings only. Its password or token lives in the
 * keyring under the account's id (see ob-secrets.h), so nothing here can
 * leak it into the settings file.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-certificate.h"
#include "ob-sasl.h"
#include "ob-smtp-client.h"

#define DEFAULT_PORT 587

struct _ObAccount
{
  GObject          parent_instance;

  char            *id;
  char            *display_name;
  char            *address;
  char            *sender_name;
  char            *reply_to;
  char            *signature;
  char            *host;
  guint16          port;
  ObSecurity       security;
  char            *auth_mechanism;
  char            *username;
  char            *ca_file;
  char            *pinned_sha256;
  gboolean         username_is_secret;
  guint            max_per_minute;
  guint            max_per_day;
  guint64          size_limit;
  char            *provider_id;
  ObAccountOrigin  origin;
  char            *detected_source;
};

G_DEFINE_FINAL_TYPE (ObAccount, ob_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (ob-account-error-quark, ob_account_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_ADDRESS,
  PROP_SENDER_NAME,
  PROP_REPLY_TO,
  PROP_SIGNATURE,
  PROP_HOST,
  PROP_PORT,
  PROP_SECURITY,
  PROP_AUTH_MECHANISM,
  PROP_USERNAME,
  PROP_USERNAME_IS_SECRET,
  PROP_CA_FILE,
  PROP_PINNED_SHA256,
  PROP_MAX_PER_MINUTE,
  PROP_MAX_PER_DAY,
  PROP_SIZE_LIMIT,
  PROP_PROVIDER_ID,
  PROP_ORIGIN,
  PROP_DETECTED_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Twelve hex digits: short enough to type in `outbound test`, random enough
 * never to repeat among one person's accounts (the store refuses a repeat). */
static char *
generate_id (void)
{
  return g_strdup_printf ("%08x%04x", g_random_int (), g_random_int () & 0xffff);
}

/* An empty string means "not set": entry rows bound to these properties
 * give "" for an empty field. */
static gboolean
set_string (ObAccount   *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

/* The person changed what detection found: remember that the settings are
 * no longer the detected ones, and keep the source they started from. */
static void
server_setting_changed (ObAccount *self)
{
  if (self->origin != OB_ACCOUNT_ORIGIN_DETECTED)
    return;
  self->origin = OB_ACCOUNT_ORIGIN_EDITED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
}

static void
set_origin (ObAccount       *self,
            ObAccountOrigin  origin)
{
  if (self->origin == origin)
    return;
  self->origin = origin;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORIGIN]);
}

static void
ob_account_constructed (GObject *object)
{
  ObAccount *self = OB_ACCOUNT (object);

  G_OBJECT_CLASS (ob_account_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = generate_id ();
}

static void
ob_account_finalize (GObject *object)
{
  ObAccount *self = OB_ACCOUNT (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->address);
  g_free (self->sender_name);
  g_free (self->reply_to);
  g_free (self->signature);
  g_free (self->host);
  g_free (self->auth_mechanism);
  g_free (self->username);
  g_free (self->ca_file);
  g_free (self->pinned_sha256);
  g_free (self->provider_id);
  g_free (self->detected_source);

  G_OBJECT_CLASS (ob_account_parent_class)->finalize (object);
}

static void
ob_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ObAccount *self = OB_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_SENDER_NAME:
      g_value_set_string (value, self->sender_name);
      break;
    case PROP_REPLY_TO:
      g_value_set_string (value, self->reply_to);
      break;
    case PROP_SIGNATURE:
      g_value_set_string (value, self->signature);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_SECURITY:
      g_value_set_enum (value, self->security);
      break;
    case PROP_AUTH_MECHANISM:
      g_value_set_string (value, self->auth_mechanism);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_USERNAME_IS_SECRET:
      g_value_set_boolean (value, self->username_is_secret);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_PINNED_SHA256:
      g_value_set_string (value, self->pinned_sha256);
      break;
    case PROP_MAX_PER_MINUTE:
      g_value_set_uint (value, self->max_per_minute);
      break;
    case PROP_MAX_PER_DAY:
      g_value_set_uint (value, self->max_per_day);
      break;
    case PROP_SIZE_LIMIT:
      g_value_set_uint64 (value, self->size_limit);
      break;
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;
    case PROP_DETECTED_SOURCE:
      g_value_set_string (value, self->detected_source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ObAccount *self = OB_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      /* Construct-only: the store gives the saved id, a new account none. */
      g_free (self->id);
      self->id = g_value_dup_string (value);
      if (self->id != NULL && *self->id == '\0')
        g_clear_pointer (&self->id, g_free);
      break;
    case PROP_DISPLAY_NAME:
      ob_account_set_display_name (self, g_value_get_string (value));
      break;
    case PROP_ADDRESS:
      ob_account_set_address (self, g_value_get_string (value));
      break;
    case PROP_SENDER_NAME:
      ob_account_set_sender_name (self, g_value_get_string (value));
      break;
    case PROP_REPLY_TO:
      ob_account_set_reply_to (self, g_value_get_string (value));
      break;
    case PROP_SIGNATURE:
      ob_account_set_signature (self, g_value_get_string (value));
      break;
    case PROP_HOST:
      ob_account_set_host (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      ob_account_set_port (self, (guint16) g_value_get_uint (value));
      break;
    case PROP_SECURITY:
      ob_account_set_security (self, g_value_get_enum (value));
      break;
    case PROP_AUTH_MECHANISM:
      ob_account_set_auth_mechanism (self, g_value_get_string (value));
      break;
    case PROP_USERNAME:
      ob_account_set_username (self, g_value_get_string (value));
      break;
    case PROP_USERNAME_IS_SECRET:
      ob_account_set_username_is_secret (self, g_value_get_boolean (value));
      break;
    case PROP_CA_FILE:
      ob_account_set_ca_file (self, g_value_get_string (value));
      break;
    case PROP_PINNED_SHA256:
      ob_account_set_pinned_sha256 (self, g_value_get_string (value));
      break;
    case PROP_MAX_PER_MINUTE:
      ob_account_set_limits (self, g_value_get_uint (value), self->max_per_day);
      break;
    case PROP_MAX_PER_DAY:
      ob_account_set_limits (self, self->max_per_minute, g_value_get_uint (value));
      break;
    case PROP_SIZE_LIMIT:
      ob_account_set_size_limit (self, g_value_get_uint64 (value));
      break;
    case PROP_PROVIDER_ID:
      ob_account_set_provider_id (self, g_value_get_string (value));
      break;
    case PROP_ORIGIN:
      set_origin (self, g_value_get_enum (value));
      break;
    case PROP_DETECTED_SOURCE:
      set_string (self, &self->detected_source, g_value_get_string (value),
                  PROP_DETECTED_SOURCE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_account_class_init (ObAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = ob_account_constructed;
  object_class->finalize = ob_account_finalize;
  object_class->get_property = ob_account_get_property;
  object_class->set_property = ob_account_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, rw);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, rw);
  properties[PROP_SENDER_NAME] = g_param_spec_string ("sender-name", NULL, NULL, NULL, rw);
  properties[PROP_REPLY_TO] = g_param_spec_string ("reply-to", NULL, NULL, NULL, rw);
  properties[PROP_SIGNATURE] = g_param_spec_string ("signature", NULL, NULL, NULL, rw);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, rw);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, DEFAULT_PORT, rw);
  properties[PROP_SECURITY] =
    g_param_spec_enum ("security", NULL, NULL, OB_TYPE_SECURITY, OB_SECURITY_STARTTLS, rw);
  properties[PROP_AUTH_MECHANISM] =
    g_param_spec_string ("auth-mechanism", NULL, NULL, NULL, rw);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, rw);
  properties[PROP_USERNAME_IS_SECRET] =
    g_param_spec_boolean ("username-is-secret", NULL, NULL, FALSE, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, rw);
  properties[PROP_PINNED_SHA256] = g_param_spec_string ("pinned-sha256", NULL, NULL, NULL, rw);
  properties[PROP_MAX_PER_MINUTE] =
    g_param_spec_uint ("max-per-minute", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_MAX_PER_DAY] = g_param_spec_uint ("max-per-day", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_SIZE_LIMIT] =
    g_param_spec_uint64 ("size-limit", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, rw);
  /* Writable for the store, which restores both as saved; a person's edit
   * goes through the setters, which move "detected" to "edited". */
  properties[PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL, OB_TYPE_ACCOUNT_ORIGIN, OB_ACCOUNT_ORIGIN_MANUAL, rw);
  properties[PROP_DETECTED_SOURCE] =
    g_param_spec_string ("detected-source", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_account_init (ObAccount *self)
{
  self->port = DEFAULT_PORT;
  self->security = OB_SECURITY_STARTTLS;
}

/**
 * ob_account_new:
 * @address: (nullable): the address mail is sent from; checked by
 *   ob_account_validate(), not here, so a form can hold what was typed
 *
 * Returns: (transfer full): a new account with a new id, port 587 and
 *   STARTTLS, and no server yet
 */
ObAccount *
ob_account_new (const char *address)
{
  return g_object_new (OB_TYPE_ACCOUNT, "address", address, NULL);
}

/**
 * ob_account_get_id:
 *
 * Returns: the account's id, made when it was created and never changed:
 *   the keyring and the outbox refer to the account by it
 */
const char *
ob_account_get_id (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->id;
}

const char *
ob_account_get_display_name (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

void
ob_account_set_display_name (ObAccount  *self,
                             const char *name)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->display_name, name, PROP_DISPLAY_NAME);
}

const char *
ob_account_get_address (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->address;
}

void
ob_account_set_address (ObAccount  *self,
                        const char *address)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->address, address, PROP_ADDRESS);
}

const char *
ob_account_get_sender_name (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->sender_name;
}

void
ob_account_set_sender_name (ObAccount  *self,
                            const char *name)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->sender_name, name, PROP_SENDER_NAME);
}

const char *
ob_account_get_reply_to (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->reply_to;
}

void
ob_account_set_reply_to (ObAccount  *self,
                         const char *address)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->reply_to, address, PROP_REPLY_TO);
}

const char *
ob_account_get_signature (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->signature;
}

void
ob_account_set_signature (ObAccount  *self,
                          const char *signature)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->signature, signature, PROP_SIGNATURE);
}

const char *
ob_account_get_host (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->host;
}

void
ob_account_set_host (ObAccount  *self,
                     const char *host)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  if (set_string (self, &self->host, host, PROP_HOST))
    server_setting_changed (self);
}

guint16
ob_account_get_port (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), 0);

  return self->port;
}

void
ob_account_set_port (ObAccount *self,
                     guint16    port)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  server_setting_changed (self);
}

ObSecurity
ob_account_get_security (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), OB_SECURITY_TLS);

  return self->security;
}

void
ob_account_set_security (ObAccount  *self,
                         ObSecurity  security)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));
  g_return_if_fail (security <= OB_SECURITY_NONE);

  if (self->security == security)
    return;
  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY]);
  server_setting_changed (self);
}

/**
 * ob_account_get_auth_mechanism:
 *
 * Returns: (nullable): the SASL mechanism to log in with, in upper case, or
 *   %NULL to let the client choose the safest one the server offers
 */
const char *
ob_account_get_auth_mechanism (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->auth_mechanism;
}

void
ob_account_set_auth_mechanism (ObAccount  *self,
                               const char *mechanism)
{
  g_autofree char *upper = NULL;

  g_return_if_fail (OB_IS_ACCOUNT (self));

  upper = mechanism ? g_ascii_strup (mechanism, -1) : NULL;
  if (set_string (self, &self->auth_mechanism, upper, PROP_AUTH_MECHANISM))
    server_setting_changed (self);
}

/**
 * ob_account_get_username:
 *
 * Returns: (nullable): the login name, or %NULL when the server is used
 *   without logging in
 */
const char *
ob_account_get_username (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->username;
}

void
ob_account_set_username (ObAccount  *self,
                         const char *username)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  if (set_string (self, &self->username, username, PROP_USERNAME))
    server_setting_changed (self);
  /* A user name of its own means the secret is no longer the user name. */
  if (self->username != NULL && self->username_is_secret)
    {
      self->username_is_secret = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME_IS_SECRET]);
    }
}

/**
 * ob_account_get_username_is_secret:
 *
 * Whether the login name is the secret itself, as with services whose API
 * token is both (Postmark): then the account keeps no user name, so the
 * token stays in the keyring, and logging in uses the secret twice.
 */
gboolean
ob_account_get_username_is_secret (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), FALSE);

  return self->username_is_secret;
}

/**
 * ob_account_set_username_is_secret:
 * @is_secret: whether to log in with the secret as the user name too; the
 *   user name, if any, is cleared
 */
void
ob_account_set_username_is_secret (ObAccount *self,
                                   gboolean   is_secret)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  is_secret = !!is_secret;
  if (is_secret)
    ob_account_set_username (self, NULL);
  if (self->username_is_secret == is_secret)
    return;
  self->username_is_secret = is_secret;
  server_setting_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME_IS_SECRET]);
}

/**
 * ob_account_needs_login:
 *
 * Returns: whether sending logs in, and so needs a secret from the keyring
 */
gboolean
ob_account_needs_login (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), FALSE);

  return self->username != NULL || self->username_is_secret;
}

/**
 * ob_account_get_login_label:
 *
 * Returns: (nullable): how to name the login to the person and in the
 *   keyring: the user name, or the address when the user name is the secret
 */
const char *
ob_account_get_login_label (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->username_is_secret ? self->address : self->username;
}

const char *
ob_account_get_ca_file (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->ca_file;
}

/**
 * ob_account_set_ca_file:
 * @path: (nullable): an absolute path to a PEM file of certificate
 *   authorities to trust instead of the system's
 */
void
ob_account_set_ca_file (ObAccount  *self,
                        const char *path)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->ca_file, path, PROP_CA_FILE);
}

/**
 * ob_account_get_pinned_sha256:
 *
 * Returns: (nullable): the fingerprint of the one certificate trusted
 *   beyond the system's checks, as 64 lower-case hex digits
 */
const char *
ob_account_get_pinned_sha256 (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->pinned_sha256;
}

/**
 * ob_account_set_pinned_sha256:
 * @fingerprint: (nullable): a SHA-256 fingerprint as people copy it (any
 *   case, colons or spaces allowed)
 *
 * Stores the fingerprint in its normal form. Something that is not a
 * fingerprint is kept as given, for ob_account_validate() to report.
 */
void
ob_account_set_pinned_sha256 (ObAccount  *self,
                              const char *fingerprint)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (OB_IS_ACCOUNT (self));

  normalized = ob_certificate_normalize_fingerprint (fingerprint);
  set_string (self, &self->pinned_sha256, normalized ? normalized : fingerprint,
              PROP_PINNED_SHA256);
}

guint
ob_account_get_max_per_minute (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), 0);

  return self->max_per_minute;
}

guint
ob_account_get_max_per_day (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), 0);

  return self->max_per_day;
}

/**
 * ob_account_set_limits:
 * @per_minute: the most messages to send in a minute, 0 for no limit
 * @per_day: the most messages to send in a day, 0 for no limit
 */
void
ob_account_set_limits (ObAccount *self,
                       guint      per_minute,
                       guint      per_day)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->max_per_minute != per_minute)
    {
      self->max_per_minute = per_minute;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PER_MINUTE]);
    }
  if (self->max_per_day != per_day)
    {
      self->max_per_day = per_day;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PER_DAY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint64
ob_account_get_size_limit (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), 0);

  return self->size_limit;
}

/**
 * ob_account_set_size_limit:
 * @size_limit: the largest message the server last said it accepts (its
 *   SIZE), in bytes; 0 when it named no limit or was never asked
 *
 * Remembered so that a message can be checked before it is sent: the
 * server would refuse it only after every byte was uploaded.
 */
void
ob_account_set_size_limit (ObAccount *self,
                           guint64    size_limit)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  if (self->size_limit == size_limit)
    return;
  self->size_limit = size_limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE_LIMIT]);
}

const char *
ob_account_get_provider_id (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->provider_id;
}

/**
 * ob_account_set_provider_id:
 * @provider_id: (nullable): the provider database's id for the account's
 *   provider, which the diagnosis uses for provider-specific advice
 */
void
ob_account_set_provider_id (ObAccount  *self,
                            const char *provider_id)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  set_string (self, &self->provider_id, provider_id, PROP_PROVIDER_ID);
}

/**
 * ob_account_get_origin:
 *
 * Returns: where the server settings came from. An account marked detected
 *   becomes %OB_ACCOUNT_ORIGIN_EDITED when its server, port, security,
 *   login method or user name is changed.
 */
ObAccountOrigin
ob_account_get_origin (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), OB_ACCOUNT_ORIGIN_MANUAL);

  return self->origin;
}

/**
 * ob_account_get_detected_source:
 *
 * Returns: (nullable): which autodetection source found the settings
 *   ("built-in", "autoconfig", "ispdb", "dns-srv", "mx", "guess"), kept
 *   after the person edits them
 */
const char *
ob_account_get_detected_source (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  return self->detected_source;
}

/**
 * ob_account_set_detected:
 * @source: (nullable): the autodetection source the current server settings
 *   came from, or %NULL for settings the person typed
 *
 * Marks the current server settings as detected (or typed in).
 */
void
ob_account_set_detected (ObAccount  *self,
                         const char *source)
{
  g_return_if_fail (OB_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->detected_source, source, PROP_DETECTED_SOURCE);
  set_origin (self, self->detected_source ? OB_ACCOUNT_ORIGIN_DETECTED : OB_ACCOUNT_ORIGIN_MANUAL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ob_account_create_client:
 * @secret: (nullable): the password, or an OAuth2 access token; ignored
 *   when the account has no user name
 * @secret_is_token: whether @secret is an OAuth2 access token
 *
 * Makes a client set up as the account says. The account must be valid
 * (see ob_account_validate()).
 *
 * Returns: (transfer full): a client, not yet connected
 */
ObSmtpClient *
ob_account_create_client (ObAccount  *self,
                          const char *secret,
                          gboolean    secret_is_token)
{
  g_autoptr(ObSmtpClient) client = NULL;

  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (self->host != NULL && self->port != 0, NULL);

  client = ob_smtp_client_new (self->host, self->port, self->security);
  ob_smtp_client_set_ca_file (client, self->ca_file);
  if (!ob_smtp_client_set_pinned_sha256 (client, self->pinned_sha256))
    g_return_val_if_reached (NULL);
  ob_smtp_client_set_auth_mechanism (client, self->auth_mechanism);
  if (ob_account_needs_login (self))
    ob_smtp_client_set_credentials (client, self->username_is_secret ? secret : self->username,
                                    secret, secret_is_token);
  return g_steal_pointer (&client);
}

static const char *
describe_security (ObSecurity security)
{
  switch (security)
    {
    case OB_SECURITY_TLS:
      return _("encrypted (TLS)");
    case OB_SECURITY_STARTTLS:
      return _("encrypted (STARTTLS)");
    case OB_SECURITY_NONE:
      return _("not encrypted");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
describe_login (ObAccount *self)
{
  ObSaslMechanism mechanism;

  if (!ob_account_needs_login (self))
    return _("no login");
  if (self->auth_mechanism != NULL &&
      ob_sasl_mechanism_from_string (self->auth_mechanism, &mechanism) &&
      ob_sasl_mechanism_uses_token (mechanism))
    return _("OAuth2 login");
  return _("password login");
}

/**
 * ob_account_describe_server:
 *
 * Returns: (transfer full): the server settings in a few plain words, such
 *   as “smtp.example.com, port 465, encrypted (TLS), password login”
 */
char *
ob_account_describe_server (ObAccount *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT (self), NULL);

  /* TRANSLATORS: the server settings of an account: the first %s is a
   * server name, %u its port, then “encrypted (TLS)”, “encrypted (STARTTLS)”
   * or “not encrypted”, and “password login”, “OAuth2 login” or “no login” */
  return g_strdup_printf (_("%s, port %u, %s, %s"),
                          self->host ? self->host : _("no server"), self->port,
                          describe_security (self->security), describe_login (self));
}
