/* ob-connection-test-step.h — one step of a connection test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-diagnosis.h"
#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_CONNECTION_TEST_STEP (ob_connection_test_step_get_type ())

G_DECLARE_FINAL_TYPE (ObConnectionTestStep, ob_connection_test_step, OB, CONNECTION_TEST_STEP,
                      GObject)

/* Read-only properties, notified on change: kind, state, title, detail,
 * duration (µs), error (GError), diagnosis (ObDiagnosis). */
ObConnectionTestStepKind  ob_connection_test_step_get_kind      (ObConnectionTestStep *self);
ObConnectionTestStepState ob_connection_test_step_get_state     (ObConnectionTestStep *self);
const char               *ob_connection_test_step_get_title     (ObConnectionTestStep *self);
const char               *ob_connection_test_step_get_detail    (ObConnectionTestStep *self);
gint64                    ob_connection_test_step_get_duration  (ObConnectionTestStep *self);
const GError             *ob_connection_test_step_get_error     (ObConnectionTestStep *self);
ObDiagnosis              *ob_connection_test_step_get_diagnosis (ObConnectionTestStep *self);

G_END_DECLS
