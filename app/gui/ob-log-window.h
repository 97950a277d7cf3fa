/* ob-log-window.h — the troubleshooting log in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-log-view.h"
#include "ob-transcript.h"

G_BEGIN_DECLS

#define OB_TYPE_LOG_WINDOW (ob_log_window_get_type ())

G_DECLARE_FINAL_TYPE (ObLogWindow, ob_log_window, OB, LOG_WINDOW, AdwWindow)

ObLogWindow *ob_log_window_new      (ObTranscript *transcript);

ObLogView   *ob_log_window_get_view (ObLogWindow  *self);

G_END_DECLS
