/* ob-attachment-row.h — one attached file: its name, size and a remove button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OB_TYPE_ATTACHMENT_ROW (ob_attachment_row_get_type ())

G_DECLARE_FINAL_TYPE (ObAttachmentRow, ob_attachment_row, OB, ATTACHMENT_ROW, AdwActionRow)

/* Signal "remove": the person pressed the remove button. */
GtkWidget  *ob_attachment_row_new      (const char      *path,
                                        guint64          size);
const char *ob_attachment_row_get_path (ObAttachmentRow *self);
guint64     ob_attachment_row_get_size (ObAttachmentRow *self);

G_END_DECLS
