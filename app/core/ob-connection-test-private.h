/* ob-connection-test-private.h — what the connection test's two halves share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ob-connection-test.c is the object: its steps, the name lookup on the
 * caller's context, and the delivery of step changes there.
 * ob-connection-test-dialogue.c is the SMTP dialogue in the worker thread.
 */
#pragma once

#include "ob-connection-test.h"
#include "ob-message.h"
#include "ob-smtp-client.h"

G_BEGIN_DECLS

/* One run, copied from the account when it starts. The name lookup uses
 * it on the caller's context, then the worker thread alone. */
typedef struct
{
  ObConnectionTest         *test;
  ObSmtpClient             *client;
  ObMessage                *message;
  char                     *account_id;
  char                     *address;
  char                     *host;
  guint16                   port;
  ObSecurity                security;
  char                     *username;
  gboolean                  username_is_secret;
  char                     *provider_id;
  char                     *secret;
  gboolean                  secret_is_token;

  ObConnectionTestStepKind  current;
  gint64                    started_at;

  GCancellable             *lookup_cancellable;
  GSource                  *lookup_timeout;
  gulong                    cancel_id;
  gboolean                  lookup_timed_out;

  GTlsCertificate          *peer_certificate;
  ObSmtpCapabilities       *capabilities;
} ObConnectionRun;

void     ob_connection_run_post        (ObConnectionRun           *run,
                                        ObConnectionTestStepKind   kind,
                                        ObConnectionTestStepState  state,
                                        char                      *detail,
                                        GError                    *error,
                                        ObDiagnosis               *diagnosis);
void     ob_connection_run_begin       (ObConnectionRun           *run,
                                        ObConnectionTestStepKind   kind);
void     ob_connection_run_pass        (ObConnectionRun           *run,
                                        char                      *detail);
gboolean ob_connection_run_fail        (ObConnectionRun           *run,
                                        GError                    *error,
                                        GError                   **out);
void     ob_connection_run_progress_cb (ObSmtpClient              *client,
                                        ObSmtpStage                stage,
                                        gpointer                   data);
void     ob_connection_run_thread      (GTask                     *task,
                                        gpointer                   source_object,
                                        gpointer                   task_data,
                                        GCancellable              *cancellable);

G_END_DECLS
