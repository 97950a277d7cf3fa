/* ob-fake-smtp-server.c — a scripted SMTP server on 127.0.0.1 for tests
 *
 * A test writes what the server should do as a list of steps, one list per
 * connection: send these bytes, expect a line like this, read a DATA body,
 * start TLS, stay silent, close. The server follows the list in its own
 * thread, records every byte the client sent (after TLS: the decrypted
 * bytes) and writes down every departure from the script as an error that
 * the test can assert on. Every wait is bounded by a timeout, and
 * ob_fake_smtp_server_stop() ends everything at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-fake-smtp-server-private.h"

#define DEFAULT_TIMEOUT_MS 10000

G_DEFINE_FINAL_TYPE (ObFakeSmtpServer, ob_fake_smtp_server, G_TYPE_OBJECT)

static void
step_free (ObFakeSmtpStep *step)
{
  g_clear_pointer (&step->bytes, g_bytes_unref);
  g_free (step->pattern);
  g_clear_object (&step->certificate);
  g_free (step);
}

static void
record_free (ObFakeSmtpRecord *record)
{
  g_byte_array_unref (record->received);
  g_free (record);
}

void
ob_fake_smtp_server_add_error (ObFakeSmtpServer *self,
                               char             *message)
{
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->errors, message);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
ob_fake_smtp_server_dispose (GObject *object)
{
  ObFakeSmtpServer *self = OB_FAKE_SMTP_SERVER (object);

  ob_fake_smtp_server_stop (self);

  G_OBJECT_CLASS (ob_fake_smtp_server_parent_class)->dispose (object);
}

static void
ob_fake_smtp_server_finalize (GObject *object)
{
  ObFakeSmtpServer *self = OB_FAKE_SMTP_SERVER (object);

  g_ptr_array_unref (self->scripts);
  g_ptr_array_unref (self->records);
  g_ptr_array_unref (self->messages);
  g_ptr_array_unref (self->errors);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ob_fake_smtp_server_parent_class)->finalize (object);
}

static void
ob_fake_smtp_server_class_init (ObFakeSmtpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ob_fake_smtp_server_dispose;
  object_class->finalize = ob_fake_smtp_server_finalize;
}

static void
ob_fake_smtp_server_init (ObFakeSmtpServer *self)
{
  self->scripts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_ptr_array_add (self->scripts, g_ptr_array_new_with_free_func ((GDestroyNotify) step_free));
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->errors = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/**
 * ob_fake_smtp_server_new:
 *
 * Returns: (transfer full): a server with an empty script for its first
 *   connection
 */
ObFakeSmtpServer *
ob_fake_smtp_server_new (void)
{
  return g_object_new (OB_TYPE_FAKE_SMTP_SERVER, NULL);
}

static ObFakeSmtpStep *
add_step (ObFakeSmtpServer *self,
          ObFakeSmtpStepKind          kind)
{
  ObFakeSmtpStep *step = g_new0 (ObFakeSmtpStep, 1);

  step->kind = kind;
  g_ptr_array_add (g_ptr_array_index (self->scripts, self->scripts->len - 1), step);
  return step;
}

#define SCRIPT_IS_OPEN(self) (OB_IS_FAKE_SMTP_SERVER (self) && (self)->thread == NULL && \
                              !(self)->stopped)

/**
 * ob_fake_smtp_server_send:
 * @text: bytes to send as they are: one reply, several, half of one, a bare
 *   LF — whatever the test needs, in one write
 */
void
ob_fake_smtp_server_send (ObFakeSmtpServer *self,
                          const char       *text)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));
  g_return_if_fail (text != NULL);

  add_step (self, OB_FAKE_SMTP_STEP_SEND)->bytes = g_bytes_new (text, strlen (text));
}

/**
 * ob_fake_smtp_server_send_bytes:
 * @bytes: bytes to send in one write, which may include NULs
 */
void
ob_fake_smtp_server_send_bytes (ObFakeSmtpServer *self,
                                GBytes           *bytes)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));
  g_return_if_fail (bytes != NULL);

  add_step (self, OB_FAKE_SMTP_STEP_SEND)->bytes = g_bytes_ref (bytes);
}

/**
 * ob_fake_smtp_server_expect:
 * @pattern: the line the client must send next, without its CRLF; `*` and
 *   `?` match like in a shell glob, so "EHLO *" accepts any EHLO
 *
 * Lines are read from a buffer, so several commands arriving in one
 * segment (PIPELINING) are expected one step each. A line that does not
 * match is recorded as an error and ends the connection.
 */
void
ob_fake_smtp_server_expect (ObFakeSmtpServer *self,
                            const char       *pattern)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));
  g_return_if_fail (pattern != NULL);

  add_step (self, OB_FAKE_SMTP_STEP_EXPECT)->pattern = g_strdup (pattern);
}

/**
 * ob_fake_smtp_server_expect_reply:
 *
 * ob_fake_smtp_server_expect() with @pattern, then
 * ob_fake_smtp_server_send() with @reply.
 */
void
ob_fake_smtp_server_expect_reply (ObFakeSmtpServer *self,
                                  const char       *pattern,
                                  const char       *reply)
{
  ob_fake_smtp_server_expect (self, pattern);
  ob_fake_smtp_server_send (self, reply);
}

/**
 * ob_fake_smtp_server_expect_data:
 *
 * Reads a DATA body up to the line holding only “.” and records it as a
 * message (see ob_fake_smtp_server_get_messages()). Expect the DATA command
 * and send the 354 before; send the final reply after.
 */
void
ob_fake_smtp_server_expect_data (ObFakeSmtpServer *self)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  add_step (self, OB_FAKE_SMTP_STEP_EXPECT_DATA);
}

/**
 * ob_fake_smtp_server_expect_bdat:
 *
 * Reads one “BDAT <size> [LAST]” command and its chunk. The chunks up to
 * the one marked LAST make one recorded message. Send each reply after.
 */
void
ob_fake_smtp_server_expect_bdat (ObFakeSmtpServer *self)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  add_step (self, OB_FAKE_SMTP_STEP_EXPECT_BDAT);
}

/**
 * ob_fake_smtp_server_start_tls:
 * @certificate: the server's certificate, with its private key
 *
 * TLS handshake now: after a STARTTLS reply, or as the very first step for
 * implicit TLS. Bytes the client sent before the handshake are dropped.
 * A failed handshake is an error.
 */
void
ob_fake_smtp_server_start_tls (ObFakeSmtpServer *self,
                               GTlsCertificate  *certificate)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  add_step (self, OB_FAKE_SMTP_STEP_START_TLS)->certificate = g_object_ref (certificate);
}

/**
 * ob_fake_smtp_server_start_tls_refused:
 *
 * Like ob_fake_smtp_server_start_tls(), for a certificate the client must
 * refuse: the handshake failing completes the script and ends the
 * connection; the handshake succeeding is an error.
 */
void
ob_fake_smtp_server_start_tls_refused (ObFakeSmtpServer *self,
                                       GTlsCertificate  *certificate)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  add_step (self, OB_FAKE_SMTP_STEP_START_TLS_REFUSED)->certificate = g_object_ref (certificate);
}

/**
 * ob_fake_smtp_server_starttls:
 *
 * Expects “STARTTLS”, answers 220 and starts TLS with @certificate.
 */
void
ob_fake_smtp_server_starttls (ObFakeSmtpServer *self,
                              GTlsCertificate  *certificate)
{
  ob_fake_smtp_server_expect_reply (self, "STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
  ob_fake_smtp_server_start_tls (self, certificate);
}

/**
 * ob_fake_smtp_server_stall:
 * @ms: how long to stay silent, or %OB_FAKE_SMTP_SERVER_FOREVER to stay
 *   silent until the client closes or the server is stopped
 *
 * What the client sends meanwhile is recorded and, for a stall that lasts,
 * never answered.
 */
void
ob_fake_smtp_server_stall (ObFakeSmtpServer *self,
                           guint             ms)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  add_step (self, OB_FAKE_SMTP_STEP_STALL)->ms = ms;
}

/**
 * ob_fake_smtp_server_close:
 *
 * Closes the connection cleanly (with a TLS close_notify when under TLS).
 */
void
ob_fake_smtp_server_close (ObFakeSmtpServer *self)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  add_step (self, OB_FAKE_SMTP_STEP_CLOSE);
}

/**
 * ob_fake_smtp_server_drop:
 *
 * Closes the socket at once, as a crash or a network failure would: no TLS
 * close_notify. After ob_fake_smtp_server_expect_data(), this is a
 * connection lost between the final dot and the reply.
 */
void
ob_fake_smtp_server_drop (ObFakeSmtpServer *self)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  add_step (self, OB_FAKE_SMTP_STEP_DROP);
}

/**
 * ob_fake_smtp_server_drop_during_data:
 * @n_bytes: how much of the DATA body to read first
 *
 * Reads @n_bytes of the body (after the 354) and then drops the connection
 * like ob_fake_smtp_server_drop(). The record of received bytes may hold a
 * little more: it holds whatever was read from the socket.
 */
void
ob_fake_smtp_server_drop_during_data (ObFakeSmtpServer *self,
                                      gsize             n_bytes)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  add_step (self, OB_FAKE_SMTP_STEP_DROP_DURING_DATA)->n_bytes = n_bytes;
}

/**
 * ob_fake_smtp_server_add_greeting_and_ehlo:
 * @...: the EHLO keyword lines, such as "PIPELINING" or "AUTH PLAIN LOGIN",
 *   ending with %NULL
 *
 * Sends a 220 greeting, expects “EHLO *” and answers with a 250 reply
 * listing the capabilities.
 */
void
ob_fake_smtp_server_add_greeting_and_ehlo (ObFakeSmtpServer *self,
                                           ...)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GString) reply = g_string_new (NULL);
  va_list args;

  g_return_if_fail (SCRIPT_IS_OPEN (self));

  g_ptr_array_add (lines, (gpointer) "localhost");
  va_start (args, self);
  for (const char *c = va_arg (args, const char *); c != NULL; c = va_arg (args, const char *))
    g_ptr_array_add (lines, (gpointer) c);
  va_end (args);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (reply, "250%c%s\r\n", i + 1 < lines->len ? '-' : ' ',
                            (const char *) g_ptr_array_index (lines, i));

  ob_fake_smtp_server_send (self, "220 localhost ESMTP Outbound test server\r\n");
  ob_fake_smtp_server_expect (self, "EHLO *");
  ob_fake_smtp_server_send (self, reply->str);
}

/**
 * ob_fake_smtp_server_next_connection:
 *
 * The steps that follow are for the next connection the client makes.
 * Connections are matched to scripts in the order they are accepted; one
 * more than there are scripts is an error.
 */
void
ob_fake_smtp_server_next_connection (ObFakeSmtpServer *self)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  g_ptr_array_add (self->scripts, g_ptr_array_new_with_free_func ((GDestroyNotify) step_free));
}

/**
 * ob_fake_smtp_server_set_reply_delay:
 * @ms: how long to wait before each send step
 */
void
ob_fake_smtp_server_set_reply_delay (ObFakeSmtpServer *self,
                                     guint             ms)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));

  self->reply_delay_ms = ms;
}

/**
 * ob_fake_smtp_server_set_timeout:
 * @ms: how long any one step may wait for the client (10 s by default)
 *
 * A step that waits longer is recorded as an error and ends the
 * connection, so a script the client does not follow cannot hang a test.
 */
void
ob_fake_smtp_server_set_timeout (ObFakeSmtpServer *self,
                                 guint             ms)
{
  g_return_if_fail (SCRIPT_IS_OPEN (self));
  g_return_if_fail (ms > 0);

  self->timeout_ms = ms;
}

/**
 * ob_fake_smtp_server_start:
 *
 * Starts listening on 127.0.0.1, on the port ob_fake_smtp_server_get_port()
 * returns, in a thread of its own. The script cannot change afterwards.
 */
gboolean
ob_fake_smtp_server_start (ObFakeSmtpServer *self,
                           GError          **error)
{
  g_return_val_if_fail (SCRIPT_IS_OPEN (self), FALSE);

  self->thread = ob_test_server_thread_start ("fake-smtp", ob_fake_smtp_connection_accept,
                                              ob_fake_smtp_connection_shutdown_all, self, error);
  return self->thread != NULL;
}

guint16
ob_fake_smtp_server_get_port (ObFakeSmtpServer *self)
{
  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), 0);
  g_return_val_if_fail (self->thread != NULL, 0);

  return ob_test_server_thread_get_port (self->thread);
}

/* Under the lock: whether every script has run or its connection ended. */
static gboolean
all_settled (ObFakeSmtpServer *self,
             gboolean         *all_done)
{
  *all_done = TRUE;
  for (guint i = 0; i < self->scripts->len; i++)
    {
      ObFakeSmtpRecord *record;

      if (i >= self->records->len)
        return FALSE;
      record = g_ptr_array_index (self->records, i);
      if (!record->script_done && !record->ended)
        return FALSE;
      if (!record->script_done)
        *all_done = FALSE;
    }
  return TRUE;
}

/**
 * ob_fake_smtp_server_wait_done:
 * @timeout_ms: the longest wait
 *
 * Waits until every connection's script has run to its end or failed.
 *
 * Returns: whether every script ran to its end
 */
gboolean
ob_fake_smtp_server_wait_done (ObFakeSmtpServer *self,
                               guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean all_done = FALSE;

  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), FALSE);

  g_mutex_lock (&self->lock);
  while (!all_settled (self, &all_done))
    if (!g_cond_wait_until (&self->cond, &self->lock, deadline))
      break;
  g_mutex_unlock (&self->lock);

  return all_done;
}

/**
 * ob_fake_smtp_server_stop:
 *
 * Ends every connection, stops listening and joins the server thread. A
 * reply being written or a handshake under way is first let finish (the
 * client may have seen it already); a stall forever ends here without
 * error. Any other step still waiting, and a script whose connection never
 * came, are recorded as errors: when the client is meant to reach the end
 * of the script, call ob_fake_smtp_server_wait_done() first, since the
 * server may not have read the client's last line yet. Safe to call more
 * than once.
 */
void
ob_fake_smtp_server_stop (ObFakeSmtpServer *self)
{
  g_return_if_fail (OB_IS_FAKE_SMTP_SERVER (self));

  if (self->thread == NULL)
    return;

  ob_test_server_thread_stop (self->thread);
  self->thread = NULL;
  self->stopped = TRUE;

  g_mutex_lock (&self->lock);
  for (guint i = self->records->len; i < self->scripts->len; i++)
    {
      GPtrArray *steps = g_ptr_array_index (self->scripts, i);

      if (steps->len > 0)
        g_ptr_array_add (self->errors,
                         g_strdup_printf ("connection %u: the client never connected", i));
    }
  g_mutex_unlock (&self->lock);
}

/**
 * ob_fake_smtp_server_get_received:
 *
 * Returns: (transfer full): every byte the client sent, over every
 *   connection in turn, as the server read it (decrypted under TLS)
 */
GBytes *
ob_fake_smtp_server_get_received (ObFakeSmtpServer *self)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();

  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->records->len; i++)
    {
      ObFakeSmtpRecord *record = g_ptr_array_index (self->records, i);

      g_byte_array_append (all, record->received->data, record->received->len);
    }
  g_mutex_unlock (&self->lock);

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

/**
 * ob_fake_smtp_server_get_received_on:
 * @connection: 0 for the first connection
 *
 * Returns: (transfer full) (nullable): what the client sent over that
 *   connection, or %NULL if it was never made
 */
GBytes *
ob_fake_smtp_server_get_received_on (ObFakeSmtpServer *self,
                                     guint             connection)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  if (connection < self->records->len)
    {
      ObFakeSmtpRecord *record = g_ptr_array_index (self->records, connection);

      bytes = g_bytes_new (record->received->data, record->received->len);
    }
  g_mutex_unlock (&self->lock);

  return bytes;
}

/**
 * ob_fake_smtp_server_get_n_connections:
 *
 * Returns: how many connections the server accepted, scripted or not
 */
guint
ob_fake_smtp_server_get_n_connections (ObFakeSmtpServer *self)
{
  guint n;

  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_accepted;
  g_mutex_unlock (&self->lock);

  return n;
}

/**
 * ob_fake_smtp_server_get_messages:
 *
 * Returns: (transfer container) (element-type GBytes): each message read by
 *   ob_fake_smtp_server_expect_data() (as sent: still dot-stuffed, without
 *   the final “.” line) or ob_fake_smtp_server_expect_bdat(), in order
 */
GPtrArray *
ob_fake_smtp_server_get_messages (ObFakeSmtpServer *self)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), messages);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->messages->len; i++)
    g_ptr_array_add (messages, g_bytes_ref (g_ptr_array_index (self->messages, i)));
  g_mutex_unlock (&self->lock);

  return messages;
}

/**
 * ob_fake_smtp_server_get_errors:
 *
 * Every departure from the script: a line that did not match, a bare LF, a
 * timeout, a failed handshake, a client that closed too early or said too
 * much. Authentication data never appears in them.
 *
 * Returns: (transfer full): the errors in the order they happened; empty
 *   when the client followed the script
 */
GStrv
ob_fake_smtp_server_get_errors (ObFakeSmtpServer *self)
{
  GStrv errors;

  g_return_val_if_fail (OB_IS_FAKE_SMTP_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  errors = g_new0 (char *, self->errors->len + 1);
  for (guint i = 0; i < self->errors->len; i++)
    errors[i] = g_strdup (g_ptr_array_index (self->errors, i));
  g_mutex_unlock (&self->lock);

  return errors;
}

/**
 * ob_fake_smtp_server_assert_no_errors:
 *
 * Fails the running test, after listing every error in the test log, if
 * the client departed from the script.
 */
void
ob_fake_smtp_server_assert_no_errors (ObFakeSmtpServer *self)
{
  g_auto(GStrv) errors = ob_fake_smtp_server_get_errors (self);

  for (guint i = 0; errors[i] != NULL; i++)
    g_test_message ("fake SMTP server: %s", errors[i]);
  g_assert_cmpuint (g_strv_length (errors), ==, 0);
}
