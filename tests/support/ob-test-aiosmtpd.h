/* ob-test-aiosmtpd.h — a real SMTP server (aiosmtpd) in a child process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ObTestAiosmtpdFlags:
 * @OB_TEST_AIOSMTPD_PLAIN: no TLS, no AUTH
 * @OB_TEST_AIOSMTPD_STARTTLS: offers STARTTLS and refuses mail before it
 * @OB_TEST_AIOSMTPD_IMPLICIT_TLS: TLS from the first byte (like port 465)
 * @OB_TEST_AIOSMTPD_AUTH: offers AUTH PLAIN and LOGIN (only under TLS) and
 *   refuses mail before a successful login
 *
 * The TLS modes present %OB_TEST_CERT_LOCALHOST, signed by the test CA, or
 * with ob_test_aiosmtpd_start_for_host() a certificate for the host named.
 */
typedef enum {
  OB_TEST_AIOSMTPD_PLAIN        = 0,
  OB_TEST_AIOSMTPD_STARTTLS     = 1 << 0,
  OB_TEST_AIOSMTPD_IMPLICIT_TLS = 1 << 1,
  OB_TEST_AIOSMTPD_AUTH         = 1 << 2,
} ObTestAiosmtpdFlags;

/**
 * ObTestAiosmtpdMessage:
 * @data: the message as received, dot-stuffing removed
 * @mail_from: the reverse path, "" for the null sender
 * @mail_options: the MAIL FROM parameters, such as "BODY=8BITMIME"
 * @rcpt_to: the recipients
 * @login: who logged in to send it, or %NULL
 * @tls: whether it came over TLS
 */
typedef struct
{
  GBytes   *data;
  char     *mail_from;
  GStrv     mail_options;
  GStrv     rcpt_to;
  char     *login;
  gboolean  tls;
} ObTestAiosmtpdMessage;

void ob_test_aiosmtpd_message_free (ObTestAiosmtpdMessage *message);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObTestAiosmtpdMessage, ob_test_aiosmtpd_message_free)

#define OB_TYPE_TEST_AIOSMTPD (ob_test_aiosmtpd_get_type ())
G_DECLARE_FINAL_TYPE (ObTestAiosmtpd, ob_test_aiosmtpd, OB, TEST_AIOSMTPD, GObject)

ObTestAiosmtpd *ob_test_aiosmtpd_start        (ObTestAiosmtpdFlags  flags,
                                               const char          *user,
                                               const char          *password,
                                               GError             **error);
ObTestAiosmtpd *ob_test_aiosmtpd_start_for_host (ObTestAiosmtpdFlags  flags,
                                                const char          *host,
                                                const char          *user,
                                                const char          *password,
                                                GError             **error);
guint16         ob_test_aiosmtpd_get_port     (ObTestAiosmtpd      *self);
GPtrArray      *ob_test_aiosmtpd_get_messages (ObTestAiosmtpd      *self,
                                               GError             **error);
void            ob_test_aiosmtpd_stop         (ObTestAiosmtpd      *self);

G_END_DECLS
