/* ob-bench-null-stream.h — an output stream that only counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OB_TYPE_BENCH_NULL_STREAM (ob_bench_null_stream_get_type ())

G_DECLARE_FINAL_TYPE (ObBenchNullStream, ob_bench_null_stream, OB, BENCH_NULL_STREAM,
                      GOutputStream)

GOutputStream *ob_bench_null_stream_new       (void);
guint64        ob_bench_null_stream_get_bytes (ObBenchNullStream *self);

G_END_DECLS
