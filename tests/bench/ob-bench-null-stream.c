/* ob-bench-null-stream.c — an output stream that only counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stands in for the connection in benchmarks: what is measured is the
 * message writer, not a socket or a disk.
 */
#include "ob-bench-null-stream.h"

struct _ObBenchNullStream
{
  GOutputStream parent_instance;

  guint64       bytes;
};

G_DEFINE_FINAL_TYPE (ObBenchNullStream, ob_bench_null_stream, G_TYPE_OUTPUT_STREAM)

static gssize
ob_bench_null_stream_write_fn (GOutputStream  *stream,
                               const void     *buffer,
                               gsize           count,
                               GCancellable   *cancellable,
                               GError        **error)
{
  OB_BENCH_NULL_STREAM (stream)->bytes += count;
  return count;
}

static void
ob_bench_null_stream_class_init (ObBenchNullStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = ob_bench_null_stream_write_fn;
}

static void
ob_bench_null_stream_init (ObBenchNullStream *self)
{
}

GOutputStream *
ob_bench_null_stream_new (void)
{
  return g_object_new (OB_TYPE_BENCH_NULL_STREAM, NULL);
}

guint64
ob_bench_null_stream_get_bytes (ObBenchNullStream *self)
{
  g_return_val_if_fail (OB_IS_BENCH_NULL_STREAM (self), 0);

  return self->bytes;
}
