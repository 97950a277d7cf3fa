/* ob-smtp-error.c — what can go wrong talking to an SMTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An extended error domain (GLib 2.68) lets every GError carry the stage,
 * the server's reply and, for certificate failures, the certificate, so the
 * UI and the diagnosis can branch on facts instead of parsing messages.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"

typedef struct
{
  ObSmtpStage           stage;
  ObSmtpReply          *reply;
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  certificate_flags;
} ObSmtpErrorPrivate;

static void
ob_smtp_error_private_init (ObSmtpErrorPrivate *priv)
{
}

static void
ob_smtp_error_private_copy (const ObSmtpErrorPrivate *src,
                            ObSmtpErrorPrivate       *dest)
{
  dest->stage = src->stage;
  dest->reply = src->reply ? ob_smtp_reply_ref (src->reply) : NULL;
  dest->certificate = src->certificate ? g_object_ref (src->certificate) : NULL;
  dest->certificate_flags = src->certificate_flags;
}

static void
ob_smtp_error_private_clear (ObSmtpErrorPrivate *priv)
{
  g_clear_pointer (&priv->reply, ob_smtp_reply_unref);
  g_clear_object (&priv->certificate);
}

G_DEFINE_EXTENDED_ERROR (ObSmtpError, ob_smtp_error)

/**
 * ob_smtp_error_new:
 * @code: what went wrong
 * @stage: the step it went wrong in
 * @reply: (nullable): the server's reply, when there was one
 *
 * Returns: (transfer full): a new error in %OB_SMTP_ERROR
 */
GError *
ob_smtp_error_new (ObSmtpError  code,
                   ObSmtpStage  stage,
                   ObSmtpReply *reply,
                   const char  *format,
                   ...)
{
  ObSmtpErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (OB_SMTP_ERROR, code, format, args);
  va_end (args);

  priv = ob_smtp_error_get_private (error);
  priv->stage = stage;
  priv->reply = reply ? ob_smtp_reply_ref (reply) : NULL;
  return error;
}

void
ob_smtp_error_set_certificate (GError               *error,
                               GTlsCertificate      *certificate,
                               GTlsCertificateFlags  flags)
{
  ObSmtpErrorPrivate *priv = ob_smtp_error_get_private (error);

  g_return_if_fail (priv != NULL);

  g_set_object (&priv->certificate, certificate);
  priv->certificate_flags = flags;
}

ObSmtpStage
ob_smtp_error_get_stage (const GError *error)
{
  ObSmtpErrorPrivate *priv = ob_smtp_error_get_private (error);

  return priv ? priv->stage : OB_SMTP_STAGE_NONE;
}

/**
 * ob_smtp_error_get_reply:
 *
 * Returns: (transfer none) (nullable): the server's reply that caused
 *   @error, if any
 */
ObSmtpReply *
ob_smtp_error_get_reply (const GError *error)
{
  ObSmtpErrorPrivate *priv = ob_smtp_error_get_private (error);

  return priv ? priv->reply : NULL;
}

/**
 * ob_smtp_error_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate the server presented,
 *   for %OB_SMTP_ERROR_CERTIFICATE
 */
GTlsCertificate *
ob_smtp_error_get_peer_certificate (const GError *error)
{
  ObSmtpErrorPrivate *priv = ob_smtp_error_get_private (error);

  return priv ? priv->certificate : NULL;
}

GTlsCertificateFlags
ob_smtp_error_get_certificate_flags (const GError *error)
{
  ObSmtpErrorPrivate *priv = ob_smtp_error_get_private (error);

  return priv ? priv->certificate_flags : 0;
}

/**
 * ob_smtp_stage_to_string:
 *
 * Returns: the stage's name in words, translated
 */
const char *
ob_smtp_stage_to_string (ObSmtpStage stage)
{
  switch (stage)
    {
    case OB_SMTP_STAGE_NONE:
      return _("Preparing");
    case OB_SMTP_STAGE_RESOLVE:
      return _("Looking up the server");
    case OB_SMTP_STAGE_CONNECT:
      return _("Connecting");
    case OB_SMTP_STAGE_TLS:
      return _("Encrypting the connection");
    case OB_SMTP_STAGE_GREETING:
      return _("Waiting for the server’s greeting");
    case OB_SMTP_STAGE_EHLO:
      return _("Introducing ourselves (EHLO)");
    case OB_SMTP_STAGE_STARTTLS:
      return _("Switching to encryption (STARTTLS)");
    case OB_SMTP_STAGE_AUTH:
      return _("Logging in");
    case OB_SMTP_STAGE_MAIL:
      return _("Giving the sender");
    case OB_SMTP_STAGE_RCPT:
      return _("Giving the recipients");
    case OB_SMTP_STAGE_DATA:
      return _("Starting the message");
    case OB_SMTP_STAGE_BODY:
      return _("Sending the message");
    case OB_SMTP_STAGE_END_OF_DATA:
      return _("Waiting for the server to accept the message");
    case OB_SMTP_STAGE_RSET:
      return _("Resetting for the next message");
    case OB_SMTP_STAGE_QUIT:
      return _("Closing the connection");
    default:
      g_return_val_if_reached ("");
    }
}
