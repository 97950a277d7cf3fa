/* ob-smtp-client.h — one connection to an SMTP submission server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_SMTP_CLIENT (ob_smtp_client_get_type ())

G_DECLARE_FINAL_TYPE (ObSmtpClient, ob_smtp_client, OB, SMTP_CLIENT, GObject)

#define OB_SMTP_DEFAULT_TIMEOUT 30

/**
 * ObSmtpMessageHook:
 * @client: the client sending
 * @message: the message, as given to the batch
 * @result: (nullable): %NULL when the final dot is about to leave; else the
 *   message's result, complete, as soon as the reply to its last final dot
 *   has been read
 * @user_data: the data given with the hook
 *
 * Marks the two moments that decide whether a server may hold a message:
 * before the final dot it cannot, after the reply it is known. Called in the
 * sending thread, before anything else is sent or read, so a caller can
 * record the moment durably (an outbox's journal) and know after a crash
 * which messages the server may have.
 */
typedef void (*ObSmtpMessageHook) (ObSmtpClient    *client,
                                   ObMessageSource *message,
                                   ObSendResult    *result,
                                   gpointer         user_data);

/**
 * ObSmtpProgressFunc:
 * @client: the client
 * @stage: the stage the dialogue has just begun
 *
 * Reports how connecting and logging in get on: TLS, GREETING, EHLO,
 * STARTTLS and AUTH, as each begins. Called on the thread that runs the
 * dialogue (a worker thread for the _async calls).
 */
typedef void (*ObSmtpProgressFunc) (ObSmtpClient *client,
                                    ObSmtpStage   stage,
                                    gpointer      user_data);

/**
 * ObSmtpSendProgress:
 * @client: the client sending
 * @message: the message being uploaded, as given to the batch
 * @bytes_sent: its octets written to the connection so far
 * @user_data: the data given with the function
 *
 * Tells how far a message's upload got: every
 * %OB_SMTP_DATA_STREAM_PROGRESS_STEP octets, and once at the end of its
 * data. Called in the sending thread.
 */
typedef void (*ObSmtpSendProgress) (ObSmtpClient    *client,
                                    ObMessageSource *message,
                                    guint64          bytes_sent,
                                    gpointer         user_data);

ObSmtpClient       *ob_smtp_client_new                  (const char         *host,
                                                         guint16             port,
                                                         ObSecurity          security);

const char         *ob_smtp_client_get_host             (ObSmtpClient       *self);
guint16             ob_smtp_client_get_port             (ObSmtpClient       *self);
ObSecurity          ob_smtp_client_get_security         (ObSmtpClient       *self);
void                ob_smtp_client_set_transcript       (ObSmtpClient       *self,
                                                         ObTranscript       *transcript);
ObTranscript       *ob_smtp_client_get_transcript       (ObSmtpClient       *self);
void                ob_smtp_client_set_timeout          (ObSmtpClient       *self,
                                                         guint               seconds);
void                ob_smtp_client_set_ca_file          (ObSmtpClient       *self,
                                                         const char         *path);
gboolean            ob_smtp_client_set_pinned_sha256   (ObSmtpClient       *self,
                                                         const char         *fingerprint);
void                ob_smtp_client_set_credentials      (ObSmtpClient       *self,
                                                         const char         *username,
                                                         const char         *secret,
                                                         gboolean            secret_is_token);
void                ob_smtp_client_set_auth_mechanism   (ObSmtpClient       *self,
                                                         const char         *mechanism);
void                ob_smtp_client_set_ehlo_name        (ObSmtpClient       *self,
                                                         const char         *name);
void                ob_smtp_client_set_socket_client    (ObSmtpClient       *self,
                                                         GSocketClient      *socket_client);
void                ob_smtp_client_set_message_hook     (ObSmtpClient       *self,
                                                         ObSmtpMessageHook   hook,
                                                         gpointer            user_data);
void                ob_smtp_client_set_send_progress    (ObSmtpClient       *self,
                                                         ObSmtpSendProgress  func,
                                                         gpointer            user_data);
void                ob_smtp_client_set_progress_func    (ObSmtpClient       *self,
                                                         ObSmtpProgressFunc  func,
                                                         gpointer            user_data,
                                                         GDestroyNotify      destroy);

gboolean            ob_smtp_client_connect_sync         (ObSmtpClient       *self,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
gboolean            ob_smtp_client_login_sync           (ObSmtpClient       *self,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
ObSendResult       *ob_smtp_client_send_sync            (ObSmtpClient       *self,
                                                         ObEnvelope         *envelope,
                                                         ObMessageSource    *message,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
GPtrArray          *ob_smtp_client_send_batch_sync      (ObSmtpClient       *self,
                                                         GPtrArray          *envelopes,
                                                         GPtrArray          *messages,
                                                         GCancellable       *cancellable);
gboolean            ob_smtp_client_quit_sync            (ObSmtpClient       *self,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
void                ob_smtp_client_close                (ObSmtpClient       *self);

void                ob_smtp_client_connect_async        (ObSmtpClient       *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean            ob_smtp_client_connect_finish       (ObSmtpClient       *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);
void                ob_smtp_client_send_batch_async     (ObSmtpClient       *self,
                                                         GPtrArray          *envelopes,
                                                         GPtrArray          *messages,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
GPtrArray          *ob_smtp_client_send_batch_finish    (ObSmtpClient       *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);
void                ob_smtp_client_quit_async           (ObSmtpClient       *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean            ob_smtp_client_quit_finish          (ObSmtpClient       *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

gboolean            ob_smtp_client_is_connected         (ObSmtpClient       *self);
gboolean            ob_smtp_client_is_encrypted         (ObSmtpClient       *self);
gboolean            ob_smtp_client_is_authenticated     (ObSmtpClient       *self);
ObSmtpCapabilities *ob_smtp_client_get_capabilities     (ObSmtpClient       *self);
GTlsCertificate    *ob_smtp_client_get_peer_certificate (ObSmtpClient       *self);
guint               ob_smtp_client_get_round_trips      (ObSmtpClient       *self);

G_END_DECLS
