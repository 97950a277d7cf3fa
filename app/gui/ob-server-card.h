/* ob-server-card.h — the server detection chose, in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-detector-candidate.h"

G_BEGIN_DECLS

#define OB_TYPE_SERVER_CARD (ob_server_card_get_type ())

G_DECLARE_FINAL_TYPE (ObServerCard, ob_server_card, OB, SERVER_CARD, AdwBin)

/* Property "confirmed": FALSE while the server needs the person's
 * confirmation and has not had it. */
GtkWidget *ob_server_card_new           (void);
void       ob_server_card_set_candidate (ObServerCard        *self,
                                         ObDetectorCandidate *candidate,
                                         ObAccount           *account);
gboolean   ob_server_card_get_confirmed (ObServerCard        *self);

G_END_DECLS
