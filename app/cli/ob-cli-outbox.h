/* ob-cli-outbox.h — `outbound outbox` and queueing from the sending commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-cli-connection.h"

G_BEGIN_DECLS

int ob_cli_outbox        (int               argc,
                          char            **argv);
int ob_cli_outbox_submit (ObCliConnection  *connection,
                          ObEnvelope       *envelope,
                          ObMessageSource  *message,
                          gboolean          queue_only);

G_END_DECLS
