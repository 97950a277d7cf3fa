/* smtp-client-fixture.h — what the SMTP client's test suites share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-envelope.h"
#include "ob-fake-smtp-server.h"
#include "ob-raw-message.h"
#include "ob-send-result.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-test-certs.h"
#include "ob-transcript.h"

#define MESSAGE "From: ada@example.com\r\nTo: bob@example.org\r\nSubject: Hi\r\n\r\nHello\r\n"
#define PASSWORD "s3cret-pa55word"

typedef struct
{
  ObFakeSmtpServer *server;
  ObSmtpClient     *client;
  ObTranscript     *transcript;
} Fixture;

void             smtp_fixture_setup     (Fixture       *f,
                                         gconstpointer  data);
void             smtp_fixture_teardown  (Fixture       *f,
                                         gconstpointer  data);
ObSmtpClient    *start                  (Fixture       *f,
                                         ObSecurity     security);
GTlsCertificate *cert                   (ObTestCertKind kind);
ObRawMessage    *raw_message            (const char    *text);
ObEnvelope      *envelope               (const char    *sender,
                                         ...) G_GNUC_NULL_TERMINATED;
char            *sent                   (Fixture       *f);
char            *transcript_text        (Fixture       *f);
void             assert_script_followed (Fixture       *f);
void             assert_no_secret       (Fixture       *f);
ObSendResult    *send_one               (Fixture       *f,
                                         ObEnvelope    *env,
                                         const char    *text,
                                         GError       **error);

#define ADD(path, func) \
  g_test_add ("/ob/smtp-client/" path, Fixture, NULL, smtp_fixture_setup, func, \
              smtp_fixture_teardown)
