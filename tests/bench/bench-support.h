/* bench-support.h — what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-message.h"

G_BEGIN_DECLS

#define OB_BENCH_MB (1000.0 * 1000.0)

GFile     *ob_bench_make_file    (const char  *dir,
                                  const char  *name,
                                  guint64      size);
void       ob_bench_remove_file  (GFile       *file);
ObMessage *ob_bench_make_message (GFile       *attachment);
guint64    ob_bench_send         (ObMessage   *message,
                                  guint64     *wire_bytes);
guint64    ob_bench_peak_rss     (void);

G_END_DECLS
