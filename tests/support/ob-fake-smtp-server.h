/* ob-fake-smtp-server.h — a scripted SMTP server on 127.0.0.1 for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* For ob_fake_smtp_server_stall(): until the client closes or the test
 * stops the server. */
#define OB_FAKE_SMTP_SERVER_FOREVER G_MAXUINT

#define OB_TYPE_FAKE_SMTP_SERVER (ob_fake_smtp_server_get_type ())
G_DECLARE_FINAL_TYPE (ObFakeSmtpServer, ob_fake_smtp_server, OB, FAKE_SMTP_SERVER, GObject)

ObFakeSmtpServer *ob_fake_smtp_server_new                   (void);

/* The script, written before ob_fake_smtp_server_start(). */
void              ob_fake_smtp_server_send                  (ObFakeSmtpServer *self,
                                                             const char       *text);
void              ob_fake_smtp_server_send_bytes            (ObFakeSmtpServer *self,
                                                             GBytes           *bytes);
void              ob_fake_smtp_server_expect                (ObFakeSmtpServer *self,
                                                             const char       *pattern);
void              ob_fake_smtp_server_expect_reply          (ObFakeSmtpServer *self,
                                                             const char       *pattern,
                                                             const char       *reply);
void              ob_fake_smtp_server_expect_data           (ObFakeSmtpServer *self);
void              ob_fake_smtp_server_expect_bdat           (ObFakeSmtpServer *self);
void              ob_fake_smtp_server_start_tls             (ObFakeSmtpServer *self,
                                                             GTlsCertificate  *certificate);
void              ob_fake_smtp_server_start_tls_refused     (ObFakeSmtpServer *self,
                                                             GTlsCertificate  *certificate);
void              ob_fake_smtp_server_starttls              (ObFakeSmtpServer *self,
                                                             GTlsCertificate  *certificate);
void              ob_fake_smtp_server_stall                 (ObFakeSmtpServer *self,
                                                             guint             ms);
void              ob_fake_smtp_server_close                 (ObFakeSmtpServer *self);
void              ob_fake_smtp_server_drop                  (ObFakeSmtpServer *self);
void              ob_fake_smtp_server_drop_during_data      (ObFakeSmtpServer *self,
                                                             gsize             n_bytes);
void              ob_fake_smtp_server_add_greeting_and_ehlo (ObFakeSmtpServer *self,
                                                             ...) G_GNUC_NULL_TERMINATED;
void              ob_fake_smtp_server_next_connection       (ObFakeSmtpServer *self);

/* Settings, before ob_fake_smtp_server_start(). */
void              ob_fake_smtp_server_set_reply_delay       (ObFakeSmtpServer *self,
                                                             guint             ms);
void              ob_fake_smtp_server_set_timeout           (ObFakeSmtpServer *self,
                                                             guint             ms);

gboolean          ob_fake_smtp_server_start                 (ObFakeSmtpServer *self,
                                                             GError          **error);
guint16           ob_fake_smtp_server_get_port              (ObFakeSmtpServer *self);
gboolean          ob_fake_smtp_server_wait_done             (ObFakeSmtpServer *self,
                                                             guint             timeout_ms);
void              ob_fake_smtp_server_stop                  (ObFakeSmtpServer *self);

/* What happened; complete once the server has stopped. */
GBytes           *ob_fake_smtp_server_get_received          (ObFakeSmtpServer *self);
GBytes           *ob_fake_smtp_server_get_received_on       (ObFakeSmtpServer *self,
                                                             guint             connection);
guint             ob_fake_smtp_server_get_n_connections     (ObFakeSmtpServer *self);
GPtrArray        *ob_fake_smtp_server_get_messages          (ObFakeSmtpServer *self);
GStrv             ob_fake_smtp_server_get_errors            (ObFakeSmtpServer *self);
void              ob_fake_smtp_server_assert_no_errors      (ObFakeSmtpServer *self);

G_END_DECLS
