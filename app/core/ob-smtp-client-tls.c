/* ob-smtp-client-tls.c — the client's encryption: handshake and certificate checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-certificate.h"
#include "ob-escape.h"
#include "ob-smtp-client-private.h"
#include "ob-smtp-error.h"

/* Keys below this size are factorable by well-funded attackers (NIST
 * SP 800-131A); the connection still works, but the log says so. */
#define MIN_RSA_BITS 2048

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       ObSmtpClient         *self)
{
  g_autofree char *fingerprint = NULL;

  g_set_object (&self->peer_certificate, peer_certificate);
  self->peer_errors = errors;

  if (self->pinned_sha256 == NULL)
    return FALSE;

  /* A pin is the person's exception for this one certificate: it replaces
   * the checks only for exactly these bytes. */
  fingerprint = ob_certificate_get_sha256 (peer_certificate);
  if (g_strcmp0 (fingerprint, self->pinned_sha256) == 0)
    {
      ob_smtp_client_log (self, OB_TRANSCRIPT_TLS,
                          _("The certificate is not trusted by this computer, but it is the one "
                            "you chose to trust for this account."));
      return TRUE;
    }
  return FALSE;
}

static GError *
certificate_error (ObSmtpClient *self)
{
  g_autofree char *reasons = ob_certificate_describe_flags (self->peer_errors);
  GError *error;

  if (self->pinned_sha256 != NULL)
    error = ob_smtp_error_new (OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS, NULL,
                               _("The server’s certificate has changed since you chose to trust "
                                 "it, and it is not trusted otherwise. %s"), reasons);
  else
    error = ob_smtp_error_new (OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS, NULL,
                               _("The server’s certificate was refused. %s"), reasons);
  ob_smtp_error_set_certificate (error, self->peer_certificate, self->peer_errors);
  return error;
}

static void
log_tls_details (ObSmtpClient   *self,
                 GTlsConnection *tls)
{
  g_autofree char *cipher = g_tls_connection_get_ciphersuite_name (tls);
  GTlsCertificate *peer = g_tls_connection_get_peer_certificate (tls);
  const char *algorithm = NULL;
  guint bits = 0;

  ob_smtp_client_log (self, OB_TRANSCRIPT_TLS, _("Encrypted with %s, %s."),
                      g_tls_connection_get_protocol_version (tls) == G_TLS_PROTOCOL_VERSION_TLS_1_3
                        ? "TLS 1.3" : "TLS 1.2",
                      cipher ? cipher : "?");
  if (peer == NULL)
    return;

  g_set_object (&self->peer_certificate, peer);
  {
    g_autofree char *subject = g_tls_certificate_get_subject_name (peer);
    g_autofree char *issuer = g_tls_certificate_get_issuer_name (peer);
    g_autofree char *subject_safe = ob_escape_untrusted (subject, -1);
    g_autofree char *issuer_safe = ob_escape_untrusted (issuer, -1);

    ob_smtp_client_log (self, OB_TRANSCRIPT_TLS, _("Certificate for %s, issued by %s."),
                        subject_safe, issuer_safe);
  }
  if (ob_certificate_get_public_key (peer, &algorithm, &bits))
    {
      if (g_str_equal (algorithm, "RSA") && bits < MIN_RSA_BITS)
        ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR,
                            _("Warning: the server’s RSA key has only %u bits; %u or more "
                              "are needed to be safe today."), bits, MIN_RSA_BITS);
      else
        ob_smtp_client_log (self, OB_TRANSCRIPT_TLS, _("Server key: %s, %u bits."),
                            algorithm, bits);
    }
}

/**
 * ob_smtp_client_start_tls:
 * @base: the connection to encrypt: the TCP connection for implicit TLS or
 *   after STARTTLS
 *
 * Wraps @base in TLS with full certificate and host-name checks (against the
 * system's trust store, the account's CA file, or one pinned certificate),
 * performs the handshake within the timeout, refuses TLS older than 1.2, and
 * logs what was negotiated.
 *
 * Returns: (transfer full) (nullable): the TLS connection
 */
GIOStream *
ob_smtp_client_start_tls (ObSmtpClient  *self,
           GIOStream     *base,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GCancellable) op_cancellable = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  ObSmtpAsyncOp op = { 0 };
  GTlsProtocolVersion version;
  gulong cancel_id;
  gboolean finished, ok;

  tls = g_tls_client_connection_new (base, identity, &local_error);
  if (tls == NULL)
    {
      ob_smtp_client_fail (self, error,
                           ob_smtp_error_new (OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS, NULL,
                                              _("Encryption is not available on this computer: "
                                                "%s"), local_error->message));
      return NULL;
    }

  if (self->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (self->ca_file, &local_error);

      if (database == NULL)
        {
          ob_smtp_client_fail (self, error,
                               ob_smtp_error_new (OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS,
                                                  NULL,
                                                  _("The certificate authority file could not "
                                                    "be read: %s"), local_error->message));
          return NULL;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
    }
  /* SMTP ends with QUIT, not with the TLS close alert many servers skip. */
  g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (tls), FALSE);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);

  ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_TLS);
  ob_smtp_client_report_stage (self, OB_SMTP_STAGE_TLS);
  ob_smtp_client_log (self, OB_TRANSCRIPT_TLS, _("Starting encryption (TLS) and checking the "
                                                 "certificate for %s…"), self->host);
  self->peer_errors = 0;
  cancel_id = ob_smtp_link_cancellable (cancellable, op_cancellable);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, op_cancellable,
                                    ob_smtp_async_op_done_cb, &op);
  finished = ob_smtp_client_wait_async_op (self, &op, op_cancellable);
  g_cancellable_disconnect (cancellable, cancel_id);
  ok = g_tls_connection_handshake_finish (G_TLS_CONNECTION (tls), op.result, &local_error);
  g_clear_object (&op.result);
  g_signal_handlers_disconnect_by_func (tls, accept_certificate_cb, self);

  if (!ok)
    {
      GError *failure;

      if (!finished && !g_cancellable_is_cancelled (cancellable))
        failure = ob_smtp_error_new (OB_SMTP_ERROR_TIMEOUT, OB_SMTP_STAGE_TLS, NULL,
                                     _("The server did not complete the encryption handshake "
                                       "within %u seconds."), self->timeout);
      else if (g_error_matches (local_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) &&
               self->peer_errors != 0)
        failure = certificate_error (self);
      else if (g_error_matches (local_error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        failure = ob_smtp_error_new (OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS, NULL,
                                     _("The server did not answer in TLS: port %u probably "
                                       "expects a plain start (STARTTLS) instead."), self->port);
      else
        failure = ob_smtp_error_from_io (g_steal_pointer (&local_error), OB_SMTP_STAGE_TLS);
      ob_smtp_client_fail (self, error, failure);
      return NULL;
    }

  /* glib-networking still negotiates TLS 1.0 and 1.1; RFC 8996 forbids them. */
  version = g_tls_connection_get_protocol_version (G_TLS_CONNECTION (tls));
  if (version != G_TLS_PROTOCOL_VERSION_TLS_1_2 && version != G_TLS_PROTOCOL_VERSION_TLS_1_3)
    {
      ob_smtp_client_fail (self, error,
                           ob_smtp_error_new (OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS, NULL,
                                              _("The server only offers an outdated version of "
                                                "TLS, older than 1.2, which is no longer safe.")));
      return NULL;
    }

  log_tls_details (self, G_TLS_CONNECTION (tls));
  return g_steal_pointer (&tls);
}

