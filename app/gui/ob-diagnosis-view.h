/* ob-diagnosis-view.h — a failure explained: what happened, why, what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ob-diagnosis.h"

G_BEGIN_DECLS

#define OB_TYPE_DIAGNOSIS_VIEW (ob_diagnosis_view_get_type ())

G_DECLARE_FINAL_TYPE (ObDiagnosisView, ob_diagnosis_view, OB, DIAGNOSIS_VIEW, GtkWidget)

GtkWidget   *ob_diagnosis_view_new              (void);
void         ob_diagnosis_view_set_diagnosis    (ObDiagnosisView *self,
                                                 ObDiagnosis     *diagnosis);
ObDiagnosis *ob_diagnosis_view_get_diagnosis    (ObDiagnosisView *self);
void         ob_diagnosis_view_set_show_detail  (ObDiagnosisView *self,
                                                 gboolean         show_detail);
gboolean     ob_diagnosis_view_get_show_detail  (ObDiagnosisView *self);

G_END_DECLS
