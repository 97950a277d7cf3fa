/* ob-recipient-row.h — a To, Cc or Bcc field, checked as it is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-message.h"

G_BEGIN_DECLS

#define OB_TYPE_RECIPIENT_ROW (ob_recipient_row_get_type ())

G_DECLARE_FINAL_TYPE (ObRecipientRow, ob_recipient_row, OB, RECIPIENT_ROW, AdwEntryRow)

/* Property "problem" (nullable, notified): what is wrong with the first
 * bad address, naming it; NULL while every address is good. */
const char *ob_recipient_row_get_problem    (ObRecipientRow *self);
gboolean    ob_recipient_row_is_empty       (ObRecipientRow *self);
gboolean    ob_recipient_row_add_to_message (ObRecipientRow *self,
                                             gboolean (*add) (ObMessage  *message,
                                                              const char *name,
                                                              const char *address,
                                                              GError    **error),
                                             ObMessage      *message,
                                             GError        **error);

G_END_DECLS
