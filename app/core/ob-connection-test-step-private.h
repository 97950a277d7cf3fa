/* ob-connection-test-step-private.h — how the connection test moves its steps on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-connection-test-step.h"

G_BEGIN_DECLS

ObConnectionTestStep *ob_connection_test_step_new    (ObConnectionTestStepKind   kind);
void                  ob_connection_test_step_update (ObConnectionTestStep      *self,
                                                      ObConnectionTestStepState  state,
                                                      const char                *detail,
                                                      gint64                     duration,
                                                      const GError              *error,
                                                      ObDiagnosis               *diagnosis);

G_END_DECLS
