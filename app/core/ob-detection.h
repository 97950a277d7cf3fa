/* ob-detection.h — what detecting one address found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-detector-candidate.h"
#include "ob-provider.h"

G_BEGIN_DECLS

#define OB_TYPE_DETECTION (ob_detection_get_type ())

G_DECLARE_FINAL_TYPE (ObDetection, ob_detection, OB, DETECTION, GObject)

const char          *ob_detection_get_address    (ObDetection *self);
const char          *ob_detection_get_domain     (ObDetection *self);
GListModel          *ob_detection_get_candidates (ObDetection *self);
GListModel          *ob_detection_get_events     (ObDetection *self);
ObDetectorCandidate *ob_detection_get_best       (ObDetection *self);
gboolean             ob_detection_has_verified   (ObDetection *self);
ObProvider          *ob_detection_get_provider   (ObDetection *self);
gboolean             ob_detection_is_online      (ObDetection *self);
gboolean             ob_detection_is_from_cache  (ObDetection *self);
gint64               ob_detection_get_duration   (ObDetection *self);

G_END_DECLS
