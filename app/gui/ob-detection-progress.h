/* ob-detection-progress.h — the sources detection is trying, live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-detector-event.h"

G_BEGIN_DECLS

#define OB_TYPE_DETECTION_PROGRESS (ob_detection_progress_get_type ())

G_DECLARE_FINAL_TYPE (ObDetectionProgress, ob_detection_progress, OB, DETECTION_PROGRESS, AdwBin)

GtkWidget *ob_detection_progress_new       (void);
void       ob_detection_progress_add_event (ObDetectionProgress *self,
                                            ObDetectorEvent     *event);
void       ob_detection_progress_clear     (ObDetectionProgress *self);
guint      ob_detection_progress_get_n_running (ObDetectionProgress *self);

G_END_DECLS
