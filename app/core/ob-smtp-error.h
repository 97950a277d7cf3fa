/* ob-smtp-error.h — what can go wrong talking to an SMTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_SMTP_ERROR (ob_smtp_error_quark ())

/**
 * ObSmtpError:
 * @OB_SMTP_ERROR_NAME_RESOLUTION: the server's name does not resolve
 * @OB_SMTP_ERROR_NETWORK: no route to the server, or the network is down
 * @OB_SMTP_ERROR_CONNECTION_REFUSED: nothing listens on that port
 * @OB_SMTP_ERROR_TIMEOUT: the server did not answer in time
 * @OB_SMTP_ERROR_CONNECTION_LOST: the server closed the connection
 * @OB_SMTP_ERROR_TLS_HANDSHAKE: TLS could not be set up (including a
 *   protocol older than TLS 1.2)
 * @OB_SMTP_ERROR_CERTIFICATE: the server's certificate was refused; the
 *   error carries the certificate and its #GTlsCertificateFlags
 * @OB_SMTP_ERROR_STARTTLS_UNAVAILABLE: STARTTLS was required and not offered
 *   or refused
 * @OB_SMTP_ERROR_AUTH_UNSUPPORTED: no offered login method can be used
 * @OB_SMTP_ERROR_AUTH_FAILED: the server refused the login
 * @OB_SMTP_ERROR_SENDER_REJECTED: MAIL FROM was refused
 * @OB_SMTP_ERROR_RECIPIENT_REJECTED: every recipient was refused
 * @OB_SMTP_ERROR_MESSAGE_REJECTED: the message was refused after its data
 * @OB_SMTP_ERROR_MESSAGE_TOO_LARGE: larger than the server's SIZE, or 552
 * @OB_SMTP_ERROR_ENCODING: the message needs SMTPUTF8 (or 8-bit transport
 *   that cannot be re-encoded) and the server cannot take it
 * @OB_SMTP_ERROR_TEMPORARY: a 4xx reply: trying again later can work
 * @OB_SMTP_ERROR_SHUTTING_DOWN: 421, the server is closing the connection
 * @OB_SMTP_ERROR_PROTOCOL: the server said something that makes no sense
 * @OB_SMTP_ERROR_OUTCOME_UNKNOWN: the connection was lost after the final
 *   dot and before the reply: the server may or may not have the message
 * @OB_SMTP_ERROR_INVALID_INPUT: an address, header or option is unusable
 *   (for instance it contains a line break)
 *
 * Cancellation is reported as %G_IO_ERROR_CANCELLED, as everywhere in GIO,
 * and is never shown as a failure.
 *
 * Every #OB_SMTP_ERROR carries the stage it happened in and, when the server
 * replied, that reply: see ob_smtp_error_get_stage() and
 * ob_smtp_error_get_reply().
 */
typedef enum {
  OB_SMTP_ERROR_NAME_RESOLUTION,
  OB_SMTP_ERROR_NETWORK,
  OB_SMTP_ERROR_CONNECTION_REFUSED,
  OB_SMTP_ERROR_TIMEOUT,
  OB_SMTP_ERROR_CONNECTION_LOST,
  OB_SMTP_ERROR_TLS_HANDSHAKE,
  OB_SMTP_ERROR_CERTIFICATE,
  OB_SMTP_ERROR_STARTTLS_UNAVAILABLE,
  OB_SMTP_ERROR_AUTH_UNSUPPORTED,
  OB_SMTP_ERROR_AUTH_FAILED,
  OB_SMTP_ERROR_SENDER_REJECTED,
  OB_SMTP_ERROR_RECIPIENT_REJECTED,
  OB_SMTP_ERROR_MESSAGE_REJECTED,
  OB_SMTP_ERROR_MESSAGE_TOO_LARGE,
  OB_SMTP_ERROR_ENCODING,
  OB_SMTP_ERROR_TEMPORARY,
  OB_SMTP_ERROR_SHUTTING_DOWN,
  OB_SMTP_ERROR_PROTOCOL,
  OB_SMTP_ERROR_OUTCOME_UNKNOWN,
  OB_SMTP_ERROR_INVALID_INPUT,
} ObSmtpError;

GQuark              ob_smtp_error_quark                    (void);

GError             *ob_smtp_error_new                      (ObSmtpError        code,
                                                            ObSmtpStage        stage,
                                                            ObSmtpReply       *reply,
                                                            const char        *format,
                                                            ...) G_GNUC_PRINTF (4, 5);
void                ob_smtp_error_set_certificate          (GError            *error,
                                                            GTlsCertificate   *certificate,
                                                            GTlsCertificateFlags flags);

ObSmtpStage         ob_smtp_error_get_stage                (const GError      *error);
ObSmtpReply        *ob_smtp_error_get_reply                (const GError      *error);
GTlsCertificate    *ob_smtp_error_get_peer_certificate     (const GError      *error);
GTlsCertificateFlags ob_smtp_error_get_certificate_flags   (const GError      *error);

const char         *ob_smtp_stage_to_string                (ObSmtpStage        stage);

G_END_DECLS
