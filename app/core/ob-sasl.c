/* ob-sasl.c — SASL mechanisms for SMTP AUTH
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session computes what the client sends after "AUTH <mechanism>" and in
 * answer to each 334 challenge; it never touches the connection. Everything
 * crossing this interface is base64 text as it goes on the wire (RFC 4954).
 *
 * Secrets are wiped, not just freed: the password or token the session
 * keeps, and every buffer holding them in clear. The base64 responses it
 * returns carry the secret too, so callers free them with
 * ob_sasl_response_free(). GHmac keeps its own copies of the key for
 * CRAM-MD5 and frees them unwiped; GLib offers no way around that.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-sasl.h"
#include "ob-smtp-error.h"

/* RFC 5321 4.5.3.1.4: a command line is at most 512 octets with its CRLF.
 * RFC 4954 4: an initial response that would make AUTH longer must not be
 * sent with it, but in answer to the server's empty challenge instead. */
#define MAX_COMMAND_LINE 512

typedef struct
{
  const char *name;           /* as registered with IANA */
  gboolean    uses_token;
  gboolean    has_initial_response;
  guint       n_responses;    /* the most the client ever sends */
} MechanismInfo;

static const MechanismInfo mechanisms[] = {
  [OB_SASL_MECHANISM_PLAIN] = { "PLAIN", FALSE, TRUE, 1 },
  [OB_SASL_MECHANISM_LOGIN] = { "LOGIN", FALSE, FALSE, 2 },
  [OB_SASL_MECHANISM_CRAM_MD5] = { "CRAM-MD5", FALSE, FALSE, 1 },
  /* The second response of the OAuth mechanisms answers the server's error
   * report, so that it sends its final failure reply. */
  [OB_SASL_MECHANISM_XOAUTH2] = { "XOAUTH2", TRUE, TRUE, 2 },
  [OB_SASL_MECHANISM_OAUTHBEARER] = { "OAUTHBEARER", TRUE, TRUE, 2 },
};

struct _ObSaslSession
{
  ObSaslMechanism  mechanism;
  char            *username;
  char            *secret;
  char            *host;
  guint16          port;

  guint            n_responses;   /* sent so far, the initial response included */
  guint            n_steps;       /* challenges answered */
  const char      *description;   /* of the last response, translated */
  char            *server_error;  /* escaped, from an OAuth error challenge */
};

static void
wipe_string (char *s)
{
  if (s != NULL)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

static const MechanismInfo *
mechanism_info (ObSaslMechanism mechanism)
{
  g_return_val_if_fail ((guint) mechanism < G_N_ELEMENTS (mechanisms), &mechanisms[0]);

  return &mechanisms[mechanism];
}

/**
 * ob_sasl_mechanism_to_string:
 *
 * Returns: the mechanism's IANA name, as used in EHLO and AUTH
 */
const char *
ob_sasl_mechanism_to_string (ObSaslMechanism mechanism)
{
  return mechanism_info (mechanism)->name;
}

/**
 * ob_sasl_mechanism_from_string:
 * @name: a mechanism's name, in any case
 * @mechanism: (out) (optional): the mechanism
 *
 * Returns: whether @name is a mechanism Outbound supports
 */
gboolean
ob_sasl_mechanism_from_string (const char      *name,
                               ObSaslMechanism *mechanism)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (mechanisms); i++)
    if (g_ascii_strcasecmp (name, mechanisms[i].name) == 0)
      {
        if (mechanism != NULL)
          *mechanism = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * ob_sasl_mechanism_uses_token:
 *
 * Returns: whether the mechanism's secret is an OAuth2 access token rather
 *   than a password
 */
gboolean
ob_sasl_mechanism_uses_token (ObSaslMechanism mechanism)
{
  return mechanism_info (mechanism)->uses_token;
}

/* Preference orders; the first one the server offers wins.
 *
 * With a token: OAUTHBEARER is the standard (RFC 7628), XOAUTH2 the older
 * form Google and Microsoft introduced and still accept. A token is never
 * offered to a password mechanism, nor a password to an OAuth one.
 *
 * With a password over TLS: PLAIN sends user name and password once, in
 * one round trip, and works with however the server stores passwords. LOGIN
 * carries the same over two challenges and exists for servers that lack
 * PLAIN. CRAM-MD5 comes last because it only works when the server keeps the
 * password in a recoverable form; many advertise it and then refuse a
 * correct password, which would read as a wrong password to the person.
 *
 * With a password on a connection the person chose to leave unencrypted:
 * CRAM-MD5 first, because it is the only one that does not send the
 * password itself to anyone listening; then PLAIN and LOGIN, which do. */
static const ObSaslMechanism token_order[] = {
  OB_SASL_MECHANISM_OAUTHBEARER,
  OB_SASL_MECHANISM_XOAUTH2,
};

static const ObSaslMechanism encrypted_password_order[] = {
  OB_SASL_MECHANISM_PLAIN,
  OB_SASL_MECHANISM_LOGIN,
  OB_SASL_MECHANISM_CRAM_MD5,
};

static const ObSaslMechanism plain_text_password_order[] = {
  OB_SASL_MECHANISM_CRAM_MD5,
  OB_SASL_MECHANISM_PLAIN,
  OB_SASL_MECHANISM_LOGIN,
};

static gboolean
is_offered (const char * const *offered,
            ObSaslMechanism     mechanism)
{
  for (guint i = 0; offered[i] != NULL; i++)
    if (g_ascii_strcasecmp (offered[i], mechanisms[mechanism].name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ob_sasl_choose:
 * @offered: (nullable): the mechanisms the server's EHLO AUTH line names
 * @have_token: whether the secret is an OAuth2 access token
 * @encrypted: whether the connection is encrypted
 * @chosen: (out) (optional): the mechanism to use
 *
 * Picks the mechanism to log in with. Names match in any case.
 *
 * Returns: %FALSE when the server offers nothing usable with this kind of
 *   secret
 */
gboolean
ob_sasl_choose (const char * const *offered,
                gboolean            have_token,
                gboolean            encrypted,
                ObSaslMechanism    *chosen)
{
  const ObSaslMechanism *order;
  gsize n;

  if (offered == NULL)
    return FALSE;

  if (have_token)
    {
      order = token_order;
      n = G_N_ELEMENTS (token_order);
    }
  else if (encrypted)
    {
      order = encrypted_password_order;
      n = G_N_ELEMENTS (encrypted_password_order);
    }
  else
    {
      order = plain_text_password_order;
      n = G_N_ELEMENTS (plain_text_password_order);
    }

  for (gsize i = 0; i < n; i++)
    if (is_offered (offered, order[i]))
      {
        if (chosen != NULL)
          *chosen = order[i];
        return TRUE;
      }
  return FALSE;
}

/**
 * ob_sasl_session_new:
 * @username: the user name to log in as
 * @secret: the password, or for the OAuth mechanisms the access token
 * @host: (nullable): the server's name, sent by OAUTHBEARER
 * @port: the server's port, sent by OAUTHBEARER; 0 to leave it out
 *
 * Returns: (transfer full): a session for one AUTH exchange
 */
ObSaslSession *
ob_sasl_session_new (ObSaslMechanism  mechanism,
                     const char      *username,
                     const char      *secret,
                     const char      *host,
                     guint16          port)
{
  ObSaslSession *session;

  g_return_val_if_fail ((guint) mechanism < G_N_ELEMENTS (mechanisms), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (secret != NULL, NULL);
  /* \1 separates the fields of the OAuth messages; a user name, token or
   * host holding one could forge fields. None can hold one legitimately. */
  g_return_val_if_fail (!mechanisms[mechanism].uses_token ||
                        (strchr (username, '\1') == NULL && strchr (secret, '\1') == NULL &&
                         (host == NULL || strchr (host, '\1') == NULL)),
                        NULL);

  session = g_new0 (ObSaslSession, 1);
  session->mechanism = mechanism;
  session->username = g_strdup (username);
  session->secret = g_strdup (secret);
  session->host = g_strdup (host);
  session->port = port;
  return session;
}

void
ob_sasl_session_free (ObSaslSession *session)
{
  if (session == NULL)
    return;

  wipe_string (session->username);
  wipe_string (session->secret);
  g_free (session->host);
  g_free (session->server_error);
  explicit_bzero (session, sizeof *session);
  g_free (session);
}

ObSaslMechanism
ob_sasl_session_get_mechanism (ObSaslSession *session)
{
  g_return_val_if_fail (session != NULL, OB_SASL_MECHANISM_PLAIN);

  return session->mechanism;
}

/* RFC 5801 saslname: "," and "=" in the authorization identity of a GS2
 * header are written "=2C" and "=3D". */
static void
append_saslname (GString    *out,
                 const char *name)
{
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == ',')
        g_string_append (out, "=2C");
      else if (*p == '=')
        g_string_append (out, "=3D");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_cram_md5 (GString       *out,
                 ObSaslSession *session,
                 const guchar  *challenge,
                 gsize          challenge_len)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_MD5, (const guchar *) session->secret,
                                      strlen (session->secret));

  g_hmac_update (hmac, challenge, challenge_len);
  g_string_append (out, session->username);
  g_string_append_c (out, ' ');
  g_string_append (out, g_hmac_get_string (hmac));
}

/* The clear-text form of response number session->n_responses. */
static GString *
build_response (ObSaslSession  *session,
                const guchar   *challenge,
                gsize           challenge_len,
                const char    **description)
{
  gboolean first = session->n_responses == 0;
  GString *out;

  /* Sized for the longest response at once, and filled without printf:
   * a GString that grew, or a formatting buffer, would leave unwiped copies
   * of the secret behind in freed memory. */
  out = g_string_sized_new (3 * strlen (session->username) + strlen (session->secret) +
                            (session->host != NULL ? strlen (session->host) : 0) + 64);

  switch (session->mechanism)
    {
    case OB_SASL_MECHANISM_PLAIN:
      /* RFC 4616: authzid NUL authcid NUL passwd, with no authzid so the
       * server derives it from the user name. */
      g_string_append_c (out, '\0');
      g_string_append (out, session->username);
      g_string_append_c (out, '\0');
      g_string_append (out, session->secret);
      *description = _("user name and password");
      break;

    case OB_SASL_MECHANISM_LOGIN:
      /* The prompts ("Username:", "Password:") vary between servers; the
       * order does not. */
      g_string_append (out, first ? session->username : session->secret);
      *description = first ? _("user name") : _("password");
      break;

    case OB_SASL_MECHANISM_CRAM_MD5:
      append_cram_md5 (out, session, challenge, challenge_len);
      *description = _("user name and password digest");
      break;

    case OB_SASL_MECHANISM_XOAUTH2:
      if (first)
        {
          g_string_append (out, "user=");
          g_string_append (out, session->username);
          g_string_append (out, "\1auth=Bearer ");
          g_string_append (out, session->secret);
          g_string_append (out, "\1\1");
          *description = _("user name and access token");
        }
      else
        *description = _("acknowledgement of the server’s error");
      break;

    case OB_SASL_MECHANISM_OAUTHBEARER:
      if (first)
        {
          g_string_append (out, "n,a=");
          append_saslname (out, session->username);
          g_string_append_c (out, ',');
          if (session->host != NULL && *session->host != '\0')
            g_string_append_printf (out, "\1host=%s", session->host);
          if (session->port != 0)
            g_string_append_printf (out, "\1port=%u", session->port);
          g_string_append (out, "\1auth=Bearer ");
          g_string_append (out, session->secret);
          g_string_append (out, "\1\1");
          *description = _("user name and access token");
        }
      else
        {
          /* RFC 7628 3.2.3: a lone %x01 acknowledges the error. */
          g_string_append_c (out, '\1');
          *description = _("acknowledgement of the server’s error");
        }
      break;

    default:
      g_assert_not_reached ();
    }
  return out;
}

/* Encodes @clear and wipes it. */
static char *
encode_and_wipe (GString *clear)
{
  char *encoded = g_base64_encode ((const guchar *) clear->str, clear->len);

  explicit_bzero (clear->str, clear->allocated_len);
  g_string_free (clear, TRUE);
  return encoded;
}

/**
 * ob_sasl_session_initial_response:
 *
 * The initial response to send as "AUTH <mechanism> <initial-response>"
 * (RFC 4954). Call it once, before any ob_sasl_session_step().
 *
 * Returns: (transfer full) (nullable): the base64 initial response, to free
 *   with ob_sasl_response_free(); %NULL when the mechanism has none (LOGIN,
 *   CRAM-MD5) or it would make the AUTH line too long: then send "AUTH
 *   <mechanism>" alone and answer the server's empty challenge with
 *   ob_sasl_session_step()
 */
char *
ob_sasl_session_initial_response (ObSaslSession *session)
{
  const MechanismInfo *info;
  const char *description = NULL;
  char *encoded;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (session->n_responses == 0 && session->n_steps == 0, NULL);

  info = mechanism_info (session->mechanism);
  if (!info->has_initial_response)
    return NULL;

  encoded = encode_and_wipe (build_response (session, NULL, 0, &description));
  if (strlen ("AUTH  \r\n") + strlen (info->name) + strlen (encoded) > MAX_COMMAND_LINE)
    {
      ob_sasl_response_free (encoded);
      return NULL;
    }

  session->n_responses++;
  session->description = description;
  return encoded;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* g_base64_decode() skips what it does not understand; a challenge must be
 * exact base64 to be answered. */
static gboolean
is_valid_base64 (const char *text,
                 gsize       len)
{
  gsize data_len = len;

  if (len % 4 != 0)
    return FALSE;
  while (data_len > 0 && len - data_len < 2 && text[data_len - 1] == '=')
    data_len--;
  for (gsize i = 0; i < data_len; i++)
    if (!is_base64_char (text[i]))
      return FALSE;
  return TRUE;
}

/**
 * ob_sasl_session_step:
 * @challenge: the base64 text of the server's 334 reply
 *
 * Answers one challenge. For XOAUTH2 and OAUTHBEARER a challenge after the
 * token is the server's error report (JSON): it is kept for
 * ob_sasl_session_get_server_error() and answered with the empty response
 * the mechanism defines, after which the server sends its failure reply.
 *
 * Returns: (transfer full): the base64 response, to free with
 *   ob_sasl_response_free(); %NULL with %OB_SMTP_ERROR_PROTOCOL when the
 *   challenge is not base64 or the mechanism has nothing more to send
 */
char *
ob_sasl_session_step (ObSaslSession  *session,
                      const char     *challenge,
                      GError        **error)
{
  const char *description = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *trimmed = NULL;
  gsize decoded_len = 0;
  char *encoded;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (challenge != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (session->n_steps >= OB_SASL_MAX_STEPS ||
      session->n_responses >= mechanism_info (session->mechanism)->n_responses)
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_AUTH, NULL, "%s",
                                            _("The server kept asking for more login data after "
                                              "all of it had been sent. It does not seem to handle "
                                              "this login method correctly.")));
      return NULL;
    }
  session->n_steps++;

  trimmed = g_strstrip (g_strdup (challenge));
  if (!is_valid_base64 (trimmed, strlen (trimmed)))
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_AUTH, NULL, "%s",
                                            _("The server’s login challenge is not valid base64 "
                                              "text, so it cannot be answered. The server does "
                                              "not follow the SMTP login standard.")));
      return NULL;
    }
  if (*trimmed != '\0')
    decoded = g_base64_decode (trimmed, &decoded_len);

  if (session->mechanism == OB_SASL_MECHANISM_CRAM_MD5 && decoded_len == 0)
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, OB_SMTP_STAGE_AUTH, NULL, "%s",
                                            _("The server sent an empty login challenge, which "
                                              "the CRAM-MD5 login method cannot answer.")));
      return NULL;
    }
  if (mechanism_info (session->mechanism)->uses_token && session->n_responses > 0)
    {
      g_free (session->server_error);
      session->server_error = ob_escape_untrusted ((const char *) decoded, decoded_len);
    }

  encoded = encode_and_wipe (build_response (session, decoded, decoded_len, &description));
  session->n_responses++;
  session->description = description;
  return encoded;
}

/**
 * ob_sasl_session_describe_step:
 *
 * What the last response contained, translated, such as “password”, for
 * ob_transcript_add_client_redacted(); never the secret itself.
 *
 * Returns: (nullable): the description, or %NULL before any response
 */
const char *
ob_sasl_session_describe_step (ObSaslSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  return session->description;
}

/**
 * ob_sasl_session_get_server_error:
 *
 * The error report an OAuth server sent as a challenge after the token
 * (JSON such as `{"status":"401","schemes":"bearer"}`), escaped with
 * ob_escape_untrusted() so it is safe to show.
 *
 * Returns: (nullable): the escaped report, or %NULL when there was none
 */
const char *
ob_sasl_session_get_server_error (ObSaslSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  return session->server_error;
}

/**
 * ob_sasl_response_free:
 * @response: (nullable): a response from this API
 *
 * Wipes and frees a response: it carries the secret in base64.
 */
void
ob_sasl_response_free (char *response)
{
  wipe_string (response);
}
