/* ob-smtp-client-auth.c — the client's login (SMTP AUTH, RFC 4954)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SASL exchange itself is ObSaslSession's; this part chooses the
 * mechanism, carries the challenges and responses, and keeps every secret
 * out of the transcript: the initial response is redacted by the transcript,
 * and each later response is queued as a secret with only a description
 * logged.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-sasl.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client-private.h"
#include "ob-smtp-reply.h"

static gboolean
choose_mechanism (ObSmtpClient     *self,
                  ObSaslMechanism  *mechanism,
                  GError          **error)
{
  const char * const *offered = ob_smtp_capabilities_get_auth_mechanisms (self->capabilities);
  g_autofree char *list = NULL;

  if (offered == NULL || offered[0] == NULL)
    return ob_smtp_client_fail (self, error,
                                ob_smtp_error_new (OB_SMTP_ERROR_AUTH_UNSUPPORTED,
                                                   OB_SMTP_STAGE_AUTH, NULL,
                                                   _("The server does not offer a login on this "
                                                     "connection.")));

  list = g_strjoinv (", ", (char **) offered);
  if (self->auth_mechanism != NULL)
    {
      if (!ob_sasl_mechanism_from_string (self->auth_mechanism, mechanism) ||
          !ob_smtp_capabilities_has_auth_mechanism (self->capabilities, self->auth_mechanism))
        return ob_smtp_client_fail (self, error,
                                    ob_smtp_error_new (OB_SMTP_ERROR_AUTH_UNSUPPORTED,
                                                       OB_SMTP_STAGE_AUTH, NULL,
                                                       _("The login method %s was chosen, but "
                                                         "the server offers only: %s."),
                                                       self->auth_mechanism, list));
      return TRUE;
    }

  if (!ob_sasl_choose (offered, self->secret_is_token, self->security != OB_SECURITY_NONE,
                       mechanism))
    return ob_smtp_client_fail (self, error,
                                ob_smtp_error_new (OB_SMTP_ERROR_AUTH_UNSUPPORTED,
                                                   OB_SMTP_STAGE_AUTH, NULL,
                                                   self->secret_is_token
                                                     ? _("The server offers no login method that "
                                                         "takes an access token (it offers: %s).")
                                                     : _("The server offers no login method "
                                                         "Outbound can use with a password (it "
                                                         "offers: %s)."),
                                                   list));
  return TRUE;
}

static gboolean
login_in_context (ObSmtpClient  *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(ObSaslSession) session = NULL;
  char *initial;
  g_autofree char *line = NULL;
  ObSaslMechanism mechanism;
  const char *name;

  ob_smtp_client_report_stage (self, OB_SMTP_STAGE_AUTH);
  if (!choose_mechanism (self, &mechanism, error))
    return FALSE;

  name = ob_sasl_mechanism_to_string (mechanism);
  session = ob_sasl_session_new (mechanism, self->username, self->secret, self->host, self->port);
  initial = ob_sasl_session_initial_response (session);
  ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_AUTH);
  /* Some services take their API token as the user name too: a user name
   * that is the secret is never named. */
  if (g_strcmp0 (self->username, self->secret) == 0)
    ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("Logging in with the API token and %s…"),
                        name);
  else
    ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("Logging in as %s with %s…"),
                        self->username, name);

  /* The transcript stores "AUTH PLAIN ********": the payload never reaches
   * any log. */
  line = initial ? g_strdup_printf ("AUTH %s %s", name, initial)
                 : g_strdup_printf ("AUTH %s", name);
  ob_smtp_channel_queue_command (self->channel, line);
  if (initial != NULL)
    explicit_bzero (line, strlen (line));
  ob_sasl_response_free (initial);

  for (;;)
    {
      g_autoptr(ObSmtpReply) reply = NULL;
      GError *failure = NULL;
      char *response;

      reply = ob_smtp_channel_read_reply (self->channel, OB_SMTP_DEADLINE_COMMAND (self),
                                          cancellable,
                                          &failure);
      if (reply == NULL)
        return ob_smtp_client_fail (self, error, failure);

      if (ob_smtp_reply_get_code (reply) == 235)
        break;
      if (ob_smtp_reply_get_code (reply) != 334)
        return ob_smtp_client_fail (self, error,
                                    ob_smtp_client_reply_error (
                                      self, reply,
                                      ob_smtp_reply_get_code (reply) == 504
                                        ? OB_SMTP_ERROR_AUTH_UNSUPPORTED
                                        : OB_SMTP_ERROR_AUTH_FAILED));

      response = ob_sasl_session_step (session, ob_smtp_reply_get_text (reply), &failure);
      if (response == NULL)
        return ob_smtp_client_fail (self, error, failure);
      ob_smtp_channel_queue_secret (self->channel, response,
                                    ob_sasl_session_describe_step (session));
      ob_sasl_response_free (response);
    }

  self->authenticated = TRUE;
  ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("Logged in."));
  return TRUE;
}

/**
 * ob_smtp_client_login_sync:
 *
 * Logs in with the credentials given by ob_smtp_client_set_credentials();
 * with none, does nothing. Credentials are only ever sent over TLS, or
 * over a plain connection the person explicitly chose.
 */
gboolean
ob_smtp_client_login_sync (ObSmtpClient  *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (OB_IS_SMTP_CLIENT (self), FALSE);
  g_return_val_if_fail (self->channel != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->username == NULL || self->authenticated)
    return TRUE;
  g_return_val_if_fail (self->security == OB_SECURITY_NONE || self->tls != NULL, FALSE);

  g_main_context_push_thread_default (self->context);
  ok = login_in_context (self, cancellable, error);
  g_main_context_pop_thread_default (self->context);

  if (!ok)
    ob_smtp_client_close (self);
  return ok;
}

