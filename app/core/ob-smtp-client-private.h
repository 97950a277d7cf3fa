/* ob-smtp-client-private.h — what the client's two halves share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ob-smtp-client.c sets the connection up (TCP, TLS, EHLO, STARTTLS, AUTH);
 * ob-smtp-client-send.c runs mail transactions over it.
 */
#pragma once

#include "ob-smtp-channel.h"
#include "ob-smtp-client.h"
#include "ob-smtp-error.h"

G_BEGIN_DECLS

/* How long the server may take for a whole reply, in multiples of the
 * inactivity timeout: a command's reply twice that, the end of data twenty
 * times (RFC 5321 §4.5.3.2 allows minutes there: a large message may be
 * scanned before it is accepted). With the default 30 s timeout: 1 min and
 * 10 min. */
#define OB_SMTP_DEADLINE_COMMAND(client)     (2 * (client)->timeout)
#define OB_SMTP_DEADLINE_END_OF_DATA(client) (20 * (client)->timeout)

struct _ObSmtpClient
{
  GObject              parent_instance;

  char                *host;
  guint16              port;
  ObSecurity           security;
  guint                timeout;
  char                *ca_file;
  char                *pinned_sha256;
  char                *username;
  char                *secret;
  gboolean             secret_is_token;
  char                *auth_mechanism;
  char                *ehlo_name;
  GSocketClient       *socket_client;
  ObTranscript        *transcript;
  ObSmtpMessageHook    message_hook;
  gpointer             message_hook_data;
  ObSmtpSendProgress   send_progress;
  gpointer             send_progress_data;
  ObSmtpProgressFunc   progress;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;

  GMainContext        *context;
  GSocketConnection   *connection;
  GIOStream           *tls;
  ObSmtpChannel       *channel;
  ObSmtpCapabilities  *capabilities;
  GTlsCertificate     *peer_certificate;
  GTlsCertificateFlags peer_errors;
  gboolean             authenticated;
  /* A transaction was left open (MAIL accepted, no end of data): send RSET
   * before the next one. */
  gboolean             needs_reset;
};

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} ObSmtpAsyncOp;

void       ob_smtp_async_op_done_cb     (GObject          *source,
                                         GAsyncResult     *result,
                                         gpointer          data);
gulong     ob_smtp_link_cancellable     (GCancellable     *cancellable,
                                         GCancellable     *linked);
gboolean   ob_smtp_client_wait_async_op (ObSmtpClient     *self,
                                         ObSmtpAsyncOp    *op,
                                         GCancellable     *op_cancellable);
GIOStream *ob_smtp_client_start_tls     (ObSmtpClient     *self,
                                         GIOStream        *base,
                                         GCancellable     *cancellable,
                                         GError          **error);

void     ob_smtp_client_report_stage (ObSmtpClient    *self,
                                      ObSmtpStage      stage);
void     ob_smtp_client_log         (ObSmtpClient     *self,
                                     ObTranscriptKind  kind,
                                     const char       *format,
                                     ...) G_GNUC_PRINTF (3, 4);
gboolean ob_smtp_client_fail        (ObSmtpClient     *self,
                                     GError          **error,
                                     GError           *failure);
GError  *ob_smtp_client_reply_error (ObSmtpClient     *self,
                                     ObSmtpReply      *reply,
                                     ObSmtpError       permanent_code);

G_END_DECLS
