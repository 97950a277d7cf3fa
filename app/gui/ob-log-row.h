/* ob-log-row.h — one line of the troubleshooting log, with its explanation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-diagnosis.h"
#include "ob-transcript-entry.h"

G_BEGIN_DECLS

#define OB_TYPE_LOG_ROW (ob_log_row_get_type ())

G_DECLARE_FINAL_TYPE (ObLogRow, ob_log_row, OB, LOG_ROW, GtkWidget)

GtkWidget         *ob_log_row_new           (void);

ObTranscriptEntry *ob_log_row_get_entry     (ObLogRow          *self);
void               ob_log_row_set_entry     (ObLogRow          *self,
                                             ObTranscriptEntry *entry);
ObDiagnosis       *ob_log_row_get_diagnosis (ObLogRow          *self);
void               ob_log_row_set_diagnosis (ObLogRow          *self,
                                             ObDiagnosis       *diagnosis);

G_END_DECLS
