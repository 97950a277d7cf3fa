/* ob-spool-private.h — what the spool's two files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-spool.h"

G_BEGIN_DECLS

struct _ObSpool
{
  GObject  parent_instance;

  char    *root;
  char    *folders[2];
};

gboolean ob_spool_id_is_valid    (const char  *id);
gboolean ob_spool_fail_errno     (GError     **error,
                                  int          errsv,
                                  const char  *path);
gboolean ob_spool_sync_directory (const char  *path,
                                  GError     **error);
gboolean ob_spool_write_all_fd   (int          fd,
                                  const char  *data,
                                  gsize        length,
                                  const char  *path,
                                  GError     **error);

G_END_DECLS
