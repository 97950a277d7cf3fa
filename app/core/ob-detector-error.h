/* ob-detector-error.h — what can go wrong finding a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OB_DETECTOR_ERROR (ob_detector_error_quark ())

/**
 * ObDetectorError:
 * @OB_DETECTOR_ERROR_NOT_FOUND: there is nothing at that name or address,
 *   which is the usual answer for most sources and most domains
 * @OB_DETECTOR_ERROR_HTTP: a web server answered with an error
 * @OB_DETECTOR_ERROR_TOO_LARGE: a configuration document is larger than
 *   %OB_ISPDB_MAX_SIZE
 * @OB_DETECTOR_ERROR_MALFORMED: a configuration document is not valid XML
 *   in the autoconfig format
 * @OB_DETECTOR_ERROR_NO_LOGIN: a server answered, but offers no way to log
 *   in, so it is not one people can send through
 *
 * Failures of one step of detection; a step that took too long fails with
 * %G_IO_ERROR_TIMED_OUT. Detection itself only fails for an invalid
 * address (%OB_ADDRESS_ERROR) or when cancelled; everything else is
 * reported per step and per candidate.
 */
typedef enum {
  OB_DETECTOR_ERROR_NOT_FOUND,
  OB_DETECTOR_ERROR_HTTP,
  OB_DETECTOR_ERROR_TOO_LARGE,
  OB_DETECTOR_ERROR_MALFORMED,
  OB_DETECTOR_ERROR_NO_LOGIN,
} ObDetectorError;

GQuark ob_detector_error_quark (void);

G_END_DECLS
