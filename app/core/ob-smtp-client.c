/* ob-smtp-client.c — one connection to an SMTP submission server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialogue is linear, blocking code meant for a worker thread (the
 * _async wrappers run it in one); every wait in it is bounded and
 * cancellable through ObSmtpChannel and ob_smtp_wait_for(). This half sets
 * the connection up: TCP, TLS, greeting, EHLO, STARTTLS and AUTH. Mail
 * transactions are in ob-smtp-client-send.c.
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-certificate.h"
#include "ob-escape.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client-private.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-transcript.h"

G_DEFINE_FINAL_TYPE (ObSmtpClient, ob_smtp_client, G_TYPE_OBJECT)

void
ob_smtp_async_op_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  ObSmtpAsyncOp *op = data;

  op->result = g_object_ref (result);
  op->done = TRUE;
}

static void
cancel_linked_cb (GCancellable *cancellable,
                  GCancellable *linked)
{
  g_cancellable_cancel (linked);
}

/**
 * ob_smtp_link_cancellable:
 * @cancellable: (nullable): the caller's cancellable
 * @linked: the cancellable of one operation, which the client also cancels
 *   itself at its timeout
 *
 * Returns: the handler to give g_cancellable_disconnect(), 0 for none
 */
gulong
ob_smtp_link_cancellable (GCancellable *cancellable,
                          GCancellable *linked)
{
  if (cancellable == NULL)
    return 0;
  return g_cancellable_connect (cancellable, G_CALLBACK (cancel_linked_cb), linked, NULL);
}

/* Waits for an async operation started on the private context with
 * @op_cancellable. Past the timeout the operation is cancelled and waited
 * for (briefly) so it never outlives the call. Returns FALSE on timeout. */
gboolean
ob_smtp_client_wait_async_op (ObSmtpClient *self,
               ObSmtpAsyncOp      *op,
               GCancellable *op_cancellable)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->timeout * G_USEC_PER_SEC;

  if (ob_smtp_wait_for (self->context, &op->done, deadline, NULL))
    return TRUE;

  g_cancellable_cancel (op_cancellable);
  ob_smtp_wait_for (self->context, &op->done, g_get_monotonic_time () + 5 * G_USEC_PER_SEC, NULL);
  return FALSE;
}


void
ob_smtp_client_report_stage (ObSmtpClient *self,
                             ObSmtpStage   stage)
{
  if (self->progress != NULL)
    self->progress (self, stage, self->progress_data);
}

void
ob_smtp_client_log (ObSmtpClient     *self,
                    ObTranscriptKind  kind,
                    const char       *format,
                    ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (self->transcript == NULL)
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  ob_transcript_add (self->transcript, kind, "%s", text);
}

/**
 * ob_smtp_client_fail:
 * @failure: (transfer full): what went wrong
 *
 * Logs @failure (unless it is a cancellation) and hands it to the caller.
 *
 * Returns: %FALSE, for `return ob_smtp_client_fail (…)`
 */
gboolean
ob_smtp_client_fail (ObSmtpClient  *self,
                     GError       **error,
                     GError        *failure)
{
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, "%s", _("Cancelled."));
  else
    ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR, "%s", failure->message);
  g_propagate_error (error, failure);
  return FALSE;
}

/**
 * ob_smtp_client_reply_error:
 * @reply: a reply that was not the one hoped for
 * @permanent_code: the code for a permanent (5xx) refusal at this step
 *
 * Returns: (transfer full): the error for @reply: 421 is the server closing,
 *   4xx temporary, 5xx @permanent_code, anything else a protocol error
 */
GError *
ob_smtp_client_reply_error (ObSmtpClient *self,
                            ObSmtpReply  *reply,
                            ObSmtpError   permanent_code)
{
  ObSmtpStage stage = ob_smtp_channel_get_stage (self->channel);
  g_autofree char *said = ob_escape_untrusted (ob_smtp_reply_get_text (reply), -1);
  guint code = ob_smtp_reply_get_code (reply);

  if (code == 421)
    return ob_smtp_error_new (OB_SMTP_ERROR_SHUTTING_DOWN, stage, reply,
                              _("The server is closing the connection: %s"), said);
  if (ob_smtp_reply_is_transient (reply))
    return ob_smtp_error_new (OB_SMTP_ERROR_TEMPORARY, stage, reply,
                              _("The server refused for now (%u): %s"), code, said);
  if (ob_smtp_reply_is_permanent (reply))
    return ob_smtp_error_new (permanent_code, stage, reply,
                              /* TRANSLATORS: %s is the step, %u the reply code and
                               * the last %s the server's words */
                              _("%s failed: the server answered %u: %s"),
                              ob_smtp_stage_to_string (stage), code, said);
  return ob_smtp_error_new (OB_SMTP_ERROR_PROTOCOL, stage, reply,
                            _("The server gave an unexpected answer (%u): %s"), code, said);
}

static ObSmtpReply *
command (ObSmtpClient  *self,
         ObSmtpStage    stage,
         const char    *line,
         GCancellable  *cancellable,
         GError       **error)
{
  ob_smtp_channel_set_stage (self->channel, stage);
  ob_smtp_channel_queue_command (self->channel, line);
  return ob_smtp_channel_read_reply (self->channel, OB_SMTP_DEADLINE_COMMAND (self),
                                     cancellable, error);
}

static void
socket_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 ObSmtpClient       *self)
{
  if (event == G_SOCKET_CLIENT_RESOLVED)
    ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("Found the address of %s."), self->host);
  else if (event == G_SOCKET_CLIENT_CONNECTED)
    {
      g_autoptr(GSocketAddress) remote =
        g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (connection), NULL);
      g_autofree char *address = NULL;

      if (G_IS_INET_SOCKET_ADDRESS (remote))
        address = g_inet_address_to_string (
          g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
      ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("Connected to %s port %u."),
                          address ? address : self->host, self->port);
    }
}

static gboolean
open_tcp (ObSmtpClient  *self,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autoptr(GCancellable) op_cancellable = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  ObSmtpAsyncOp op = { 0 };
  gulong cancel_id, event_id;
  gboolean finished;

  socket_client = self->socket_client ? g_object_ref (self->socket_client) : g_socket_client_new ();
  event_id = g_signal_connect (socket_client, "event", G_CALLBACK (socket_event_cb), self);
  cancel_id = ob_smtp_link_cancellable (cancellable, op_cancellable);

  ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("Connecting to %s port %u…"),
                      self->host, self->port);
  g_socket_client_connect_to_host_async (socket_client, self->host, self->port, op_cancellable,
                                         ob_smtp_async_op_done_cb, &op);
  finished = ob_smtp_client_wait_async_op (self, &op, op_cancellable);

  g_cancellable_disconnect (cancellable, cancel_id);
  g_signal_handler_disconnect (socket_client, event_id);

  self->connection = g_socket_client_connect_to_host_finish (socket_client, op.result,
                                                             &local_error);
  g_clear_object (&op.result);

  if (self->connection == NULL)
    {
      ObSmtpStage stage = local_error->domain == G_RESOLVER_ERROR ? OB_SMTP_STAGE_RESOLVE
                                                                  : OB_SMTP_STAGE_CONNECT;

      if (!finished && !g_cancellable_is_cancelled (cancellable))
        return ob_smtp_client_fail (self, error,
                                    ob_smtp_error_new (OB_SMTP_ERROR_TIMEOUT, stage, NULL,
                                                       _("No answer from %s port %u within %u "
                                                         "seconds."),
                                                       self->host, self->port, self->timeout));
      return ob_smtp_client_fail (self, error,
                                  ob_smtp_error_from_io (g_steal_pointer (&local_error), stage));
    }

  /* Pipelined groups are sent in one write each; without this, Nagle's
   * algorithm would hold the next group back for an acknowledgement. */
  g_socket_set_option (g_socket_connection_get_socket (self->connection),
                       IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  return TRUE;
}

static char *
default_ehlo_name (ObSmtpClient *self)
{
  g_autoptr(GSocketAddress) local =
    g_socket_connection_get_local_address (self->connection, NULL);
  g_autofree char *address = NULL;
  GInetAddress *inet;

  /* An address literal says nothing about the person's machine name, which
   * a host name would leak into every message's Received header. */
  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return g_strdup ("[127.0.0.1]");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  address = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", address);
  return g_strdup_printf ("[%s]", address);
}

static gboolean
greeting (ObSmtpClient  *self,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(ObSmtpReply) reply = NULL;
  GError *failure = NULL;

  ob_smtp_channel_set_stage (self->channel, OB_SMTP_STAGE_GREETING);
  ob_smtp_client_report_stage (self, OB_SMTP_STAGE_GREETING);
  reply = ob_smtp_channel_read_reply (self->channel, self->timeout, cancellable, &failure);
  if (reply == NULL)
    return ob_smtp_client_fail (self, error, failure);
  if (ob_smtp_reply_get_code (reply) != 220)
    return ob_smtp_client_fail (self, error,
                                ob_smtp_client_reply_error (self, reply,
                                                            OB_SMTP_ERROR_CONNECTION_REFUSED));
  return TRUE;
}

static gboolean
ehlo (ObSmtpClient  *self,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autofree char *line = g_strdup_printf ("EHLO %s", self->ehlo_name);
  g_autoptr(ObSmtpReply) reply = NULL;
  GError *failure = NULL;

  g_clear_pointer (&self->capabilities, ob_smtp_capabilities_unref);

  ob_smtp_client_report_stage (self, OB_SMTP_STAGE_EHLO);
  reply = command (self, OB_SMTP_STAGE_EHLO, line, cancellable, &failure);
  if (reply == NULL)
    return ob_smtp_client_fail (self, error, failure);

  /* RFC 5321 §3.2: a server that does not know EHLO gets HELO, and the
   * session goes on without extensions. */
  if (ob_smtp_reply_is_permanent (reply))
    {
      g_autofree char *helo = g_strdup_printf ("HELO %s", self->ehlo_name);

      ob_smtp_client_log (self, OB_TRANSCRIPT_INFO,
                          _("The server does not understand EHLO; trying the older HELO."));
      g_clear_pointer (&reply, ob_smtp_reply_unref);
      reply = command (self, OB_SMTP_STAGE_EHLO, helo, cancellable, &failure);
      if (reply == NULL)
        return ob_smtp_client_fail (self, error, failure);
    }
  if (ob_smtp_reply_get_code (reply) != 250)
    return ob_smtp_client_fail (self, error,
                                ob_smtp_client_reply_error (self, reply, OB_SMTP_ERROR_PROTOCOL));

  self->capabilities = ob_smtp_capabilities_parse (reply);
  return TRUE;
}

static gboolean
starttls (ObSmtpClient  *self,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(GIOStream) tls = NULL;
  GError *failure = NULL;
  gsize discarded;

  ob_smtp_client_report_stage (self, OB_SMTP_STAGE_STARTTLS);
  if (!ob_smtp_capabilities_has (self->capabilities, OB_SMTP_CAP_STARTTLS))
    return ob_smtp_client_fail (self, error,
                                ob_smtp_error_new (OB_SMTP_ERROR_STARTTLS_UNAVAILABLE,
                                                   OB_SMTP_STAGE_STARTTLS, NULL,
                                                   _("The server does not offer encryption "
                                                     "(STARTTLS). Outbound stops here so that "
                                                     "your password and mail are never sent "
                                                     "unencrypted.")));

  reply = command (self, OB_SMTP_STAGE_STARTTLS, "STARTTLS", cancellable, &failure);
  if (reply == NULL)
    return ob_smtp_client_fail (self, error, failure);
  if (ob_smtp_reply_get_code (reply) != 220)
    return ob_smtp_client_fail (self, error,
                                ob_smtp_client_reply_error (self, reply,
                                                            OB_SMTP_ERROR_STARTTLS_UNAVAILABLE));

  tls = ob_smtp_client_start_tls (self, G_IO_STREAM (self->connection), cancellable, error);
  if (tls == NULL)
    return FALSE;

  discarded = ob_smtp_channel_replace_stream (self->channel, tls);
  if (discarded > 0)
    ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Ignored %zu byte the server sent before encryption "
                                     "started: it could have been planted by an attacker.",
                                     "Ignored %zu bytes the server sent before encryption "
                                     "started: they could have been planted by an attacker.",
                                     discarded),
                        discarded);
  g_set_object (&self->tls, tls);

  /* RFC 3207 §4.2: forget everything learnt before the handshake. */
  return ehlo (self, cancellable, error);
}

static gboolean
connect_in_context (ObSmtpClient  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  GIOStream *stream;

  if (!open_tcp (self, cancellable, error))
    return FALSE;

  stream = G_IO_STREAM (self->connection);
  self->channel = ob_smtp_channel_new (stream, self->context, self->transcript, self->timeout);
  if (self->security == OB_SECURITY_TLS)
    {
      self->tls = ob_smtp_client_start_tls (self, stream, cancellable, error);
      if (self->tls == NULL)
        return FALSE;
      ob_smtp_channel_replace_stream (self->channel, self->tls);
    }

  if (self->ehlo_name == NULL)
    self->ehlo_name = default_ehlo_name (self);

  if (!greeting (self, cancellable, error) || !ehlo (self, cancellable, error))
    return FALSE;

  if (self->security == OB_SECURITY_STARTTLS && !starttls (self, cancellable, error))
    return FALSE;

  if (self->security == OB_SECURITY_NONE)
    ob_smtp_client_log (self, OB_TRANSCRIPT_ERROR,
                        _("This connection is not encrypted, as chosen in the settings: "
                          "anyone on the network path can read it."));

  {
    g_autofree char *caps = ob_smtp_capabilities_describe (self->capabilities);

    ob_smtp_client_log (self, OB_TRANSCRIPT_INFO, _("The server offers: %s"),
                        *caps ? caps : _("no extensions"));
  }
  return TRUE;
}

/**
 * ob_smtp_client_connect_sync:
 *
 * Connects, sets up encryption as the security mode demands, reads the
 * greeting and the capabilities. Blocks: call it from a worker thread, or
 * use ob_smtp_client_connect_async(), which also logs in.
 */
gboolean
ob_smtp_client_connect_sync (ObSmtpClient  *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (OB_IS_SMTP_CLIENT (self), FALSE);
  g_return_val_if_fail (self->connection == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_main_context_push_thread_default (self->context);
  ok = connect_in_context (self, cancellable, error);
  g_main_context_pop_thread_default (self->context);

  if (!ok)
    ob_smtp_client_close (self);
  return ok;
}

/**
 * ob_smtp_client_quit_sync:
 *
 * Says goodbye and closes the connection. The server's answer to QUIT does
 * not matter: the connection is closed whatever it says.
 */
gboolean
ob_smtp_client_quit_sync (ObSmtpClient  *self,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (OB_IS_SMTP_CLIENT (self), FALSE);

  if (self->channel == NULL)
    return TRUE;

  g_main_context_push_thread_default (self->context);
  reply = command (self, OB_SMTP_STAGE_QUIT, "QUIT", cancellable, &local_error);
  g_main_context_pop_thread_default (self->context);
  ob_smtp_client_close (self);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * ob_smtp_client_close:
 *
 * Drops the connection at once, without QUIT.
 */
void
ob_smtp_client_close (ObSmtpClient *self)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  if (self->connection != NULL)
    {
      /* A close must not hang on a peer that stopped reading. */
      g_socket_set_timeout (g_socket_connection_get_socket (self->connection), 2);
      g_io_stream_close (self->tls ? self->tls : G_IO_STREAM (self->connection), NULL, NULL);
      g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
    }
  g_clear_object (&self->channel);
  g_clear_object (&self->tls);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->capabilities, ob_smtp_capabilities_unref);
  self->authenticated = FALSE;
  self->needs_reset = FALSE;
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ObSmtpClient *self = source_object;
  GError *error = NULL;

  if (ob_smtp_client_connect_sync (self, cancellable, &error) &&
      ob_smtp_client_login_sync (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Runs @func in a worker thread as the task of an _async call that
 * returns a boolean. */
static void
run_task (ObSmtpClient        *self,
          gpointer             source_tag,
          GTaskThreadFunc      func,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_run_in_thread (task, func);
}

/**
 * ob_smtp_client_connect_async:
 *
 * Connects and logs in (when credentials are set) in a worker thread.
 */
void
ob_smtp_client_connect_async (ObSmtpClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  run_task (self, ob_smtp_client_connect_async, connect_thread, cancellable, callback, user_data);
}

gboolean
ob_smtp_client_connect_finish (ObSmtpClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
quit_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (ob_smtp_client_quit_sync (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ob_smtp_client_quit_async (ObSmtpClient        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  run_task (self, ob_smtp_client_quit_async, quit_thread, cancellable, callback, user_data);
}

gboolean
ob_smtp_client_quit_finish (ObSmtpClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

const char *
ob_smtp_client_get_host (ObSmtpClient *self)
{
  return self->host;
}

guint16
ob_smtp_client_get_port (ObSmtpClient *self)
{
  return self->port;
}

ObSecurity
ob_smtp_client_get_security (ObSmtpClient *self)
{
  return self->security;
}

void
ob_smtp_client_set_transcript (ObSmtpClient *self,
                               ObTranscript *transcript)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  g_set_object (&self->transcript, transcript);
}

ObTranscript *
ob_smtp_client_get_transcript (ObSmtpClient *self)
{
  return self->transcript;
}

void
ob_smtp_client_set_timeout (ObSmtpClient *self,
                            guint         seconds)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

/**
 * ob_smtp_client_set_ca_file:
 * @path: (nullable): a PEM file of certificate authorities to trust instead
 *   of the system's, for an organisation's own CA
 */
void
ob_smtp_client_set_ca_file (ObSmtpClient *self,
                            const char   *path)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
}

/**
 * ob_smtp_client_set_pinned_sha256:
 * @fingerprint: (nullable): the SHA-256 fingerprint of the one certificate
 *   to accept even though the system does not trust it
 *
 * Returns: %FALSE when @fingerprint is not a SHA-256 fingerprint
 */
gboolean
ob_smtp_client_set_pinned_sha256 (ObSmtpClient *self,
                                  const char   *fingerprint)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (OB_IS_SMTP_CLIENT (self), FALSE);

  if (fingerprint != NULL)
    {
      normalized = ob_certificate_normalize_fingerprint (fingerprint);
      if (normalized == NULL)
        return FALSE;
    }
  g_free (self->pinned_sha256);
  self->pinned_sha256 = g_steal_pointer (&normalized);
  return TRUE;
}

static void
clear_secret (ObSmtpClient *self)
{
  if (self->secret != NULL)
    explicit_bzero (self->secret, strlen (self->secret));
  g_clear_pointer (&self->secret, g_free);
}

/**
 * ob_smtp_client_set_credentials:
 * @username: (nullable): the login name; %NULL to send mail without logging in
 * @secret: (nullable): the password, or the OAuth2 access token
 * @secret_is_token: whether @secret is an OAuth2 access token
 */
void
ob_smtp_client_set_credentials (ObSmtpClient *self,
                                const char   *username,
                                const char   *secret,
                                gboolean      secret_is_token)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  g_free (self->username);
  self->username = g_strdup (username);
  clear_secret (self);
  self->secret = g_strdup (secret ? secret : "");
  self->secret_is_token = secret_is_token;
}

/**
 * ob_smtp_client_set_auth_mechanism:
 * @mechanism: (nullable): a SASL mechanism name to use instead of choosing
 */
void
ob_smtp_client_set_auth_mechanism (ObSmtpClient *self,
                                   const char   *mechanism)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  g_free (self->auth_mechanism);
  self->auth_mechanism = mechanism ? g_ascii_strup (mechanism, -1) : NULL;
}

/**
 * ob_smtp_client_set_ehlo_name:
 * @name: (nullable): the name to give in EHLO; by default the local address
 *   as a literal, which reveals nothing about the machine
 */
void
ob_smtp_client_set_ehlo_name (ObSmtpClient *self,
                              const char   *name)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));
  g_return_if_fail (name == NULL || strpbrk (name, "\r\n ") == NULL);

  g_free (self->ehlo_name);
  self->ehlo_name = g_strdup (name);
}

/**
 * ob_smtp_client_set_socket_client:
 *
 * Connects through @socket_client, for a proxy or a test's own resolver.
 */
void
ob_smtp_client_set_socket_client (ObSmtpClient  *self,
                                  GSocketClient *socket_client)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  g_set_object (&self->socket_client, socket_client);
}

/**
 * ob_smtp_client_set_message_hook:
 * @hook: (nullable): called at each message's final dot and final reply
 *
 * See #ObSmtpMessageHook. Set it before sending, not while a batch runs.
 */
void
ob_smtp_client_set_message_hook (ObSmtpClient      *self,
                                 ObSmtpMessageHook  hook,
                                 gpointer           user_data)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  self->message_hook = hook;
  self->message_hook_data = user_data;
}

/**
 * ob_smtp_client_set_send_progress:
 * @func: (nullable): called as each message's data is uploaded
 *
 * See #ObSmtpSendProgress. Set it before sending, not while a batch runs;
 * without it, uploading does no bookkeeping at all.
 */
void
ob_smtp_client_set_send_progress (ObSmtpClient       *self,
                                  ObSmtpSendProgress  func,
                                  gpointer            user_data)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  self->send_progress = func;
  self->send_progress_data = user_data;
}

/**
 * ob_smtp_client_set_progress_func:
 * @func: (nullable): called as connecting and logging in begin each stage
 * @destroy: (nullable): frees @user_data when @func is replaced or the
 *   client finalized
 *
 * Lets a caller show each step of a connection as it happens, as the
 * connection test does. Set it while the client is idle.
 */
void
ob_smtp_client_set_progress_func (ObSmtpClient       *self,
                                  ObSmtpProgressFunc  func,
                                  gpointer            user_data,
                                  GDestroyNotify      destroy)
{
  g_return_if_fail (OB_IS_SMTP_CLIENT (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

gboolean
ob_smtp_client_is_connected (ObSmtpClient *self)
{
  return self->channel != NULL;
}

gboolean
ob_smtp_client_is_encrypted (ObSmtpClient *self)
{
  return self->tls != NULL;
}

gboolean
ob_smtp_client_is_authenticated (ObSmtpClient *self)
{
  return self->authenticated;
}

/**
 * ob_smtp_client_get_capabilities:
 *
 * Returns: (transfer none) (nullable): what the server offers on the
 *   current connection, after encryption where there is one
 */
ObSmtpCapabilities *
ob_smtp_client_get_capabilities (ObSmtpClient *self)
{
  return self->capabilities;
}

/**
 * ob_smtp_client_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate the server presented
 *   in the last handshake, accepted or not
 */
GTlsCertificate *
ob_smtp_client_get_peer_certificate (ObSmtpClient *self)
{
  return self->peer_certificate;
}

guint
ob_smtp_client_get_round_trips (ObSmtpClient *self)
{
  return self->channel ? ob_smtp_channel_get_round_trips (self->channel) : 0;
}

static void
ob_smtp_client_finalize (GObject *object)
{
  ObSmtpClient *self = OB_SMTP_CLIENT (object);

  ob_smtp_client_close (self);
  clear_secret (self);
  g_free (self->host);
  g_free (self->ca_file);
  g_free (self->pinned_sha256);
  g_free (self->username);
  g_free (self->auth_mechanism);
  g_free (self->ehlo_name);
  g_clear_object (&self->socket_client);
  g_clear_object (&self->transcript);
  g_clear_object (&self->peer_certificate);
  ob_smtp_client_set_progress_func (self, NULL, NULL, NULL);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ob_smtp_client_parent_class)->finalize (object);
}

static void
ob_smtp_client_class_init (ObSmtpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_smtp_client_finalize;
}

static void
ob_smtp_client_init (ObSmtpClient *self)
{
  self->timeout = OB_SMTP_DEFAULT_TIMEOUT;
  self->context = g_main_context_new ();
}

/**
 * ob_smtp_client_new:
 * @host: the server's name
 * @port: its port: 465 for implicit TLS, 587 for STARTTLS
 * @security: how to encrypt
 */
ObSmtpClient *
ob_smtp_client_new (const char *host,
                    guint16     port,
                    ObSecurity  security)
{
  ObSmtpClient *self;

  g_return_val_if_fail (host != NULL && *host != '\0', NULL);
  g_return_val_if_fail (port > 0, NULL);

  self = g_object_new (OB_TYPE_SMTP_CLIENT, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->security = security;
  return self;
}
