/* ob-cli-detect.h — `outbound detect`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-detection.h"

G_BEGIN_DECLS

int   ob_cli_detect             (int          argc,
                                 char       **argv);

ObDetection *ob_cli_detect_run   (const char   *address,
                                 int           timeout,
                                 gboolean      offline,
                                 GError      **error);
char *ob_cli_detect_format_text (ObDetection *detection);
char *ob_cli_detect_format_json (ObDetection *detection);
int   ob_cli_detect_exit_status (ObDetection *detection);

G_END_DECLS
