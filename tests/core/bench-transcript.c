/* bench-transcript.c — how fast the transcript takes lines, and what it costs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures; asserts nothing about them. Run with
 * `meson test -C build --benchmark --verbose transcript`.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "ob-transcript.h"

#define FLOOD_LINES 1000000
#define THREAD_LINES 50000   /* under the cap, so all of them stay */
#define WAIT_SECONDS 120

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static void
add_server_lines (ObTranscript *transcript,
                  guint         count)
{
  for (guint i = 0; i < count; i++)
    {
      char line[96];

      g_snprintf (line, sizeof line, "250-line %u of a long EHLO reply with some text\r\n", i);
      ob_transcript_add_server_line (transcript, line, -1);
    }
}

static void
count_emissions_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    guint      *emissions)
{
  (*emissions)++;
}

static void
bench_same_thread (void)
{
  g_autoptr(ObTranscript) transcript = NULL;
  g_autofree char *text = NULL;
  gsize heap_before, heap_full;
  gint64 start, filled, flooded, exported;

  heap_before = heap_in_use ();
  transcript = ob_transcript_new ();

  start = g_get_monotonic_time ();
  add_server_lines (transcript, OB_TRANSCRIPT_MAX_ENTRIES);
  filled = g_get_monotonic_time ();
  heap_full = heap_in_use ();

  add_server_lines (transcript, FLOOD_LINES);
  flooded = g_get_monotonic_time ();

  text = ob_transcript_to_text (transcript);
  exported = g_get_monotonic_time ();

  g_print ("fill to the cap (%u entries): %.3f s, %.2f us per entry\n",
           OB_TRANSCRIPT_MAX_ENTRIES, (filled - start) / 1e6,
           (double) (filled - start) / OB_TRANSCRIPT_MAX_ENTRIES);
  g_print ("memory at the cap: %.1f MB, %.0f bytes per entry\n",
           (heap_full - heap_before) / 1e6,
           (double) (heap_full - heap_before) / OB_TRANSCRIPT_MAX_ENTRIES);
  g_print ("%u more entries past the cap: %.3f s, %.2f us per entry\n",
           FLOOD_LINES, (flooded - filled) / 1e6, (double) (flooded - filled) / FLOOD_LINES);
  g_print ("to_text() of %u entries: %.3f s, %.1f MB\n",
           g_list_model_get_n_items (G_LIST_MODEL (transcript)),
           (exported - flooded) / 1e6, strlen (text) / 1e6);
}

static gpointer
writer_thread (gpointer user_data)
{
  add_server_lines (user_data, THREAD_LINES);
  return NULL;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
bench_cross_thread (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();
  GThread *thread;
  gboolean timed_out = FALSE;
  guint emissions = 0;
  guint timeout_id;
  gint64 start, end;

  g_signal_connect (transcript, "items-changed", G_CALLBACK (count_emissions_cb), &emissions);
  timeout_id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("writer", writer_thread, transcript);
  while (g_list_model_get_n_items (G_LIST_MODEL (transcript)) < THREAD_LINES && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  g_thread_join (thread);

  if (timed_out)
    {
      g_printerr ("the worker's entries did not arrive within %d s\n", WAIT_SECONDS);
      exit (1);
    }
  g_source_remove (timeout_id);

  g_print ("%u entries from a worker thread: %.3f s, %.2f us per entry, "
           "%u items-changed emissions (%.0f entries each)\n",
           THREAD_LINES, (end - start) / 1e6, (double) (end - start) / THREAD_LINES,
           emissions, (double) THREAD_LINES / emissions);
}

int
main (int argc, char *argv[])
{
  bench_same_thread ();
  bench_cross_thread ();
  return 0;
}
