/* ob-message-source.h — anything the SMTP client can send as message data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_MESSAGE_SOURCE (ob_message_source_get_type ())

G_DECLARE_INTERFACE (ObMessageSource, ob_message_source, OB, MESSAGE_SOURCE, GObject)

struct _ObMessageSourceInterface
{
  GTypeInterface parent_iface;

  guint64  (*get_size_estimate) (ObMessageSource *self);
  gboolean (*has_8bit_content)  (ObMessageSource *self);
  gboolean (*needs_smtputf8)    (ObMessageSource *self);
  gboolean (*write)             (ObMessageSource *self,
                                 GOutputStream   *out,
                                 gboolean         allow_8bit,
                                 GCancellable    *cancellable,
                                 GError         **error);
  char    *(*dup_subject)       (ObMessageSource *self);
};

guint64  ob_message_source_get_size_estimate (ObMessageSource *self);
gboolean ob_message_source_has_8bit_content  (ObMessageSource *self);
gboolean ob_message_source_needs_smtputf8    (ObMessageSource *self);
gboolean ob_message_source_write             (ObMessageSource *self,
                                              GOutputStream   *out,
                                              gboolean         allow_8bit,
                                              GCancellable    *cancellable,
                                              GError         **error);
char    *ob_message_source_dup_subject       (ObMessageSource *self);

G_END_DECLS
