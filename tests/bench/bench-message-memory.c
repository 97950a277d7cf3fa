/* bench-message-memory.c — memory use does not grow with attachment size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes one message with a 200 MB attachment, and, in a child process of
 * its own so the two peaks do not mix, the same message with a 1 KB
 * attachment, and compares the peak resident memory of the two.
 */
#include <stdlib.h>
#include <glib/gstdio.h>

#include "bench-support.h"

#define SMALL_SIZE 1000
#define LARGE_SIZE (200 * 1000 * 1000)
#define GOAL_MB 40.0

/* Sends one message with an attachment of @size octets and returns the
 * process's peak resident memory. */
static guint64
send_one (guint64 size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("outbound-bench-XXXXXX", &error);
  g_autoptr(GFile) file = NULL;
  g_autoptr(ObMessage) message = NULL;
  guint64 wire_bytes;

  g_assert_no_error (error);
  file = ob_bench_make_file (dir, "attachment.bin", size);
  message = ob_bench_make_message (file);
  ob_bench_send (message, &wire_bytes);
  ob_bench_remove_file (file);
  g_rmdir (dir);
  return ob_bench_peak_rss ();
}

static guint64
small_in_child (const char *self)
{
  const char *argv[] = { self, "--small", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return g_ascii_strtoull (out, NULL, 10);
}

int
main (int argc, char *argv[])
{
  guint64 small, large;
  double difference;

  if (argc == 2 && g_str_equal (argv[1], "--small"))
    {
      g_print ("%" G_GUINT64_FORMAT "\n", send_one (SMALL_SIZE));
      return EXIT_SUCCESS;
    }

  small = small_in_child (argv[0]);
  large = send_one (LARGE_SIZE);
  difference = ((double) large - (double) small) / OB_BENCH_MB;
  g_print ("peak RSS: 1 KB message %.1f MB, 200 MB message %.1f MB, difference %.1f MB "
           "(goal <= %.0f MB)%s\n",
           small / OB_BENCH_MB, large / OB_BENCH_MB, difference, GOAL_MB,
           difference <= GOAL_MB ? "" : " -- GOAL MISSED");
  return EXIT_SUCCESS;
}
