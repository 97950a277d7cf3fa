/* ob-application.h — the Outbound application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account-store.h"
#include "ob-detector.h"
#include "ob-diagnosis.h"
#include "ob-outbox.h"
#include "ob-transcript.h"

G_BEGIN_DECLS

#define OB_TYPE_APPLICATION (ob_application_get_type ())

G_DECLARE_FINAL_TYPE (ObApplication, ob_application, OB, APPLICATION, AdwApplication)

ObApplication  *ob_application_new            (void);

ObTranscript   *ob_application_get_transcript (ObApplication *self);
ObAccountStore *ob_application_get_accounts   (ObApplication *self);
ObOutbox       *ob_application_get_outbox     (ObApplication *self);
ObDetector     *ob_application_get_detector   (ObApplication *self);
GSettings      *ob_application_get_settings   (ObApplication *self);
void            ob_application_report_diagnosis (ObApplication *self,
                                                 ObDiagnosis   *diagnosis);

G_END_DECLS
