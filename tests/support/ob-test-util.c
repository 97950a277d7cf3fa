/* ob-test-util.c — bounded waits for tests: async results, child processes, streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ob-test-util.h"

/**
 * ob_test_store_result_cb:
 * @user_data: a `GAsyncResult **` pointing at %NULL
 *
 * A #GAsyncReadyCallback that keeps a reference to the result where
 * @user_data points, for ob_test_wait_result().
 */
void
ob_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
keep_ticking_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * ob_test_wait_until:
 * @done: says whether the wait is over
 * @timeout_ms: how long to wait at most
 *
 * Iterates the thread-default main context until @done returns %TRUE, but
 * for no longer than @timeout_ms. @done is also asked every few
 * milliseconds, since what it looks at may change in another thread (a
 * server's) without waking this one.
 *
 * Returns: whether @done returned %TRUE in time
 */
gboolean
ob_test_wait_until (ObTestDoneFunc done,
                    gpointer       user_data,
                    guint          timeout_ms)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
  g_autoptr(GSource) tick = g_timeout_source_new (10);
  gboolean expired = FALSE;
  gboolean finished;

  g_return_val_if_fail (done != NULL, FALSE);

  g_source_set_callback (timeout, set_flag_cb, &expired, NULL);
  g_source_attach (timeout, context);
  g_source_set_callback (tick, keep_ticking_cb, NULL, NULL);
  g_source_attach (tick, context);
  while (!(finished = done (user_data)) && !expired)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (tick);
  g_source_destroy (timeout);
  return finished;
}

static gboolean
result_arrived (gpointer user_data)
{
  GAsyncResult **result = user_data;

  return *result != NULL;
}

/**
 * ob_test_wait_result:
 * @result: where ob_test_store_result_cb() puts the result
 * @timeout_ms: how long to wait at most
 *
 * Iterates the thread-default main context until the operation reports.
 *
 * Returns: whether it reported within @timeout_ms
 */
gboolean
ob_test_wait_result (GAsyncResult **result,
                     guint          timeout_ms)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return ob_test_wait_until (result_arrived, result, timeout_ms);
}

/* Waits for the operation started with ob_test_store_result_cb to report
 * on @context, the thread-default one. After @timeout_ms the operation is
 * cancelled and its report still awaited, so nothing it owns outlives the
 * caller's stack. */
static gboolean
wait_or_cancel (GMainContext  *context,
                GAsyncResult **result,
                GCancellable  *cancellable,
                guint          timeout_ms)
{
  if (ob_test_wait_result (result, timeout_ms))
    return TRUE;

  g_cancellable_cancel (cancellable);
  while (*result == NULL)
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
  GAsyncResult *result = NULL;
  gboolean finished;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    return FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_communicate_utf8_async (process, NULL, cancellable, ob_test_store_result_cb,
                                       &result);
  finished = wait_or_cancel (context, &result, cancellable, timeout_ms);
  g_main_context_pop_thread_default (context);

  if (!finished)
    {
      g_clear_object (&result);
      kill_and_reap (process);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s did not finish within %u ms", argv[0], timeout_ms);
      return FALSE;
    }

  if (!g_subprocess_communicate_utf8_finish (process, result, NULL, &stderr_text, error))
    {
      g_clear_object (&result);
      return FALSE;
    }
  g_clear_object (&result);

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
  GAsyncResult *result = NULL;
  gboolean finished;

  g_return_val_if_fail (G_IS_SUBPROCESS (process), FALSE);

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, cancellable, ob_test_store_result_cb, &result);
  finished = wait_or_cancel (context, &result, cancellable, timeout_ms);
  g_main_context_pop_thread_default (context);
  g_clear_object (&result);

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
  GAsyncResult *result = NULL;
  gboolean finished;
  char *line;

  g_return_val_if_fail (G_IS_DATA_INPUT_STREAM (input), NULL);

  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, cancellable,
                                       ob_test_store_result_cb, &result);
  finished = wait_or_cancel (context, &result, cancellable, timeout_ms);
  g_main_context_pop_thread_default (context);

  line = g_data_input_stream_read_line_finish (input, result, NULL, &local_error);
  g_clear_object (&result);

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
