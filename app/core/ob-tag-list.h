/* ob-tag-list.h — "tag=value; tag=value" records (DKIM, DMARC, MTA-STS, TLS-RPT)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-record-error.h"

G_BEGIN_DECLS

typedef struct _ObTagList ObTagList;

ObTagList  *ob_tag_list_parse       (const char  *text,
                                     GError     **error);
const char *ob_tag_list_get         (ObTagList   *self,
                                     const char  *name);
const char *ob_tag_list_get_name    (ObTagList   *self,
                                     guint        index);
guint       ob_tag_list_get_length  (ObTagList   *self);
void        ob_tag_list_free        (ObTagList   *self);

gboolean    ob_tag_list_has_version (const char  *text,
                                     const char  *version);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObTagList, ob_tag_list_free)

G_END_DECLS
