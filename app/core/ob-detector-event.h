/* ob-detector-event.h — one step of detection, for the live log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-detector-candidate.h"
#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_DETECTOR_EVENT (ob_detector_event_get_type ())

G_DECLARE_FINAL_TYPE (ObDetectorEvent, ob_detector_event, OB, DETECTOR_EVENT, GObject)

ObDetectorEventKind  ob_detector_event_get_kind      (ObDetectorEvent  *self);
ObDetectorSource     ob_detector_event_get_source    (ObDetectorEvent  *self);
const char          *ob_detector_event_get_target    (ObDetectorEvent  *self);
ObDetectorOutcome    ob_detector_event_get_outcome   (ObDetectorEvent  *self);
const char          *ob_detector_event_get_detail    (ObDetectorEvent  *self);
const GError        *ob_detector_event_get_error     (ObDetectorEvent  *self);
guint                ob_detector_event_get_n_found   (ObDetectorEvent  *self);
gint64               ob_detector_event_get_time      (ObDetectorEvent  *self);
gint64               ob_detector_event_get_duration  (ObDetectorEvent  *self);
ObDetectorCandidate *ob_detector_event_get_candidate (ObDetectorEvent  *self);

const char          *ob_detector_source_describe     (ObDetectorSource  source);
const char          *ob_detector_outcome_describe    (ObDetectorOutcome outcome);

G_END_DECLS
