/* ob-test-util.c — bounded waits on child processes and streams for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ob-test-util.h"

typedef struct
{
  GAsyncResult *result;
  gboolean      timed_out;
} Wait;

static void
wait_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

static gboolean
wait_timeout_cb (gpointer data)
{
  Wait *wait = data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates @context until the operation started with wait_ready_cb reports,
 * or @timeout_ms pass. On timeout the operation is cancelled and its report
 * still awaited, so nothing it owns outlives the caller's stack. */
static gboolean
wait_for_result (GMainContext *context,
                 Wait         *wait,
                 GCancellable *cancellable,
                 guint         timeout_ms)
{
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);

  g_source_set_callback (timeout, wait_timeout_cb, wait, NULL);
  g_source_attach (timeout, context);
  while (wait->result == NULL && !wait->timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);

  if (wait->result != NULL)
    return TRUE;

  g_cancellable_cancel (cancellable);
  while (wait->result == NULL)
    g_main_context_iteration (context, TRUE);
  return FALSE;
}

static void
kill_and_reap (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  /* After SIGKILL the child goes at once; reaping it is not a real wait. */
  g_subprocess_wait (process, NULL, NULL);
}

/**
 * ob_test_run:
 * @argv: the program and its arguments
 * @timeout_ms: how long it may take
 *
 * Runs a helper program to its end. Its output is discarded unless it fails,
 * in which case its standard error becomes the error message. A program
 * still running after @timeout_ms is killed.
 */
gboolean
ob_test_run (const char * const *argv,
             guint               timeout_ms,
             GError            **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *stderr_text = NULL;
  Wait wait = { NULL, FALSE };
  gboolean finished;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    return FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_communicate_utf8_async (process, NULL, cancellable, wait_ready_cb, &wait);
  finished = wait_for_result (context, &wait, cancellable, timeout_ms);
  g_main_context_pop_thread_default (context);

  if (!finished)
    {
      g_clear_object (&wait.result);
      kill_and_reap (process);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s did not finish within %u ms", argv[0], timeout_ms);
      return FALSE;
    }

  if (!g_subprocess_communicate_utf8_finish (process, wait.result, NULL, &stderr_text, error))
    {
      g_clear_object (&wait.result);
      return FALSE;
    }
  g_clear_object (&wait.result);

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s",
                   argv[0], stderr_text != NULL ? g_strstrip (stderr_text) : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * ob_test_subprocess_wait:
 * @process: a running child
 * @timeout_ms: how long to wait for it to exit by itself
 *
 * Waits for @process to exit; a child that does not exit in time is killed
 * and %G_IO_ERROR_TIMED_OUT returned. Either way it has been reaped when
 * this returns.
 */
gboolean
ob_test_subprocess_wait (GSubprocess *process,
                         guint        timeout_ms,
                         GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { NULL, FALSE };
  gboolean finished;

  g_return_val_if_fail (G_IS_SUBPROCESS (process), FALSE);

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, cancellable, wait_ready_cb, &wait);
  finished = wait_for_result (context, &wait, cancellable, timeout_ms);
  g_main_context_pop_thread_default (context);
  g_clear_object (&wait.result);

  if (!finished)
    {
      kill_and_reap (process);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "the child process did not exit within %u ms and was killed", timeout_ms);
      return FALSE;
    }
  return TRUE;
}

/**
 * ob_test_read_line:
 * @input: a stream, typically a child's standard output
 * @timeout_ms: how long to wait for a whole line
 *
 * Returns: (transfer full): the next line without its newline, or %NULL with
 *   @error set when the stream ends, fails or stays silent too long
 */
char *
ob_test_read_line (GDataInputStream *input,
                   guint             timeout_ms,
                   GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  Wait wait = { NULL, FALSE };
  gboolean finished;
  char *line;

  g_return_val_if_fail (G_IS_DATA_INPUT_STREAM (input), NULL);

  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, cancellable,
                                       wait_ready_cb, &wait);
  finished = wait_for_result (context, &wait, cancellable, timeout_ms);
  g_main_context_pop_thread_default (context);

  line = g_data_input_stream_read_line_finish (input, wait.result, NULL, &local_error);
  g_clear_object (&wait.result);

  if (!finished)
    {
      g_free (line);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "no line arrived within %u ms", timeout_ms);
      return NULL;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (line == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           "the stream ended before a line arrived");
      return NULL;
    }
  return line;
}

/**
 * ob_test_remove_tree:
 * @path: a file or directory that a test created
 *
 * Deletes @path and, for a directory, everything below it. Symbolic links
 * are removed, never followed.
 */
void
ob_test_remove_tree (const char *path)
{
  GDir *dir;

  g_return_if_fail (path != NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = g_dir_open (path, 0, NULL);
      if (dir != NULL)
        {
          const char *name;

          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (path, name, NULL);

              ob_test_remove_tree (child);
            }
          g_dir_close (dir);
        }
    }
  g_remove (path);
}
