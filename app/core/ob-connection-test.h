/* ob-connection-test.h — an account's connection, checked step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-connection-test-step.h"
#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_CONNECTION_TEST (ob_connection_test_get_type ())

G_DECLARE_FINAL_TYPE (ObConnectionTest, ob_connection_test, OB, CONNECTION_TEST, GObject)

/* Signals, on the context ob_connection_test_run_async() was called on:
 * "step-started" (ObConnectionTestStep *) and "step-finished"
 * (ObConnectionTestStep *), the latter for a step that passed, failed or
 * was skipped. */
ObConnectionTest     *ob_connection_test_new                  (ObAccount        *account);
void                  ob_connection_test_set_secret           (ObConnectionTest *self,
                                                               const char       *secret,
                                                               gboolean          secret_is_token);
void                  ob_connection_test_set_send_test_message (ObConnectionTest *self,
                                                                gboolean          send);
void                  ob_connection_test_set_timeout          (ObConnectionTest *self,
                                                               guint             seconds);
GListModel           *ob_connection_test_get_steps            (ObConnectionTest *self);
ObConnectionTestStep *ob_connection_test_get_step             (ObConnectionTest *self,
                                                               ObConnectionTestStepKind kind);
void                  ob_connection_test_set_transcript       (ObConnectionTest *self,
                                                               ObTranscript     *transcript);
ObTranscript         *ob_connection_test_get_transcript       (ObConnectionTest *self);

void                  ob_connection_test_run_async            (ObConnectionTest    *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean              ob_connection_test_run_finish           (ObConnectionTest    *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

ObConnectionTestStep *ob_connection_test_get_failed_step      (ObConnectionTest *self);
ObDiagnosis          *ob_connection_test_get_diagnosis        (ObConnectionTest *self);
GTlsCertificate      *ob_connection_test_get_peer_certificate (ObConnectionTest *self);
ObSmtpCapabilities   *ob_connection_test_get_capabilities     (ObConnectionTest *self);

G_END_DECLS
