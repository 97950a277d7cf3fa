/* ob-application.h — the Outbound application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-transcript.h"

G_BEGIN_DECLS

#define OB_TYPE_APPLICATION (ob_application_get_type ())

G_DECLARE_FINAL_TYPE (ObApplication, ob_application, OB, APPLICATION, AdwApplication)

ObApplication *ob_application_new            (void);

ObTranscript  *ob_application_get_transcript (ObApplication *self);

G_END_DECLS
