/* ob-log-view.h — the live troubleshooting log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-diagnosis.h"
#include "ob-transcript.h"

G_BEGIN_DECLS

/**
 * ObLogVerbosity:
 * @OB_LOG_VERBOSITY_EVERYTHING: every line: the conversation, encryption
 *   details, what Outbound is doing and failures
 * @OB_LOG_VERBOSITY_PROTOCOL: what client and server said, and failures
 * @OB_LOG_VERBOSITY_ERRORS: failures only
 *
 * Which lines a log view shows. The nicks are the values of the
 * `log-verbosity` setting.
 */
typedef enum {
  OB_LOG_VERBOSITY_EVERYTHING,
  OB_LOG_VERBOSITY_PROTOCOL,
  OB_LOG_VERBOSITY_ERRORS,
} ObLogVerbosity;

#define OB_TYPE_LOG_VERBOSITY (ob_log_verbosity_get_type ())
GType ob_log_verbosity_get_type (void) G_GNUC_CONST;

#define OB_TYPE_LOG_VIEW (ob_log_view_get_type ())

G_DECLARE_FINAL_TYPE (ObLogView, ob_log_view, OB, LOG_VIEW, GtkWidget)

GtkWidget      *ob_log_view_new            (ObTranscript        *transcript);

ObTranscript   *ob_log_view_get_transcript (ObLogView           *self);
void            ob_log_view_set_transcript (ObLogView           *self,
                                            ObTranscript        *transcript);
ObLogVerbosity  ob_log_view_get_verbosity  (ObLogView           *self);
void            ob_log_view_set_verbosity  (ObLogView           *self,
                                            ObLogVerbosity       verbosity);

void            ob_log_view_add_diagnosis  (ObLogView           *self,
                                            ObDiagnosis         *diagnosis);

void            ob_log_view_save_async     (ObLogView           *self,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean        ob_log_view_save_finish    (ObLogView           *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
