/* ob-cli-outbox-private.h — what `outbound outbox`'s two files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-cli-outbox.h"
#include "ob-outbox.h"

G_BEGIN_DECLS

int  ob_cli_outbox_exit_status (const GError  *error);
void ob_cli_outbox_print_entry (ObOutboxEntry *entry);
void ob_cli_outbox_print_json  (GPtrArray     *entries);
int  ob_cli_outbox_report      (ObOutbox      *outbox,
                                GPtrArray     *ids,
                                gboolean       json);

G_END_DECLS
