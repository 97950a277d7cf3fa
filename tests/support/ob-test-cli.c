/* ob-test-cli.c — running the built `outbound` tool from tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <unistd.h>
#include <glib/gstdio.h>

#include "ob-test-cli.h"

void
ob_test_cli_run_clear (ObTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/**
 * ob_test_cli_run:
 * @input: (nullable): what the tool reads on standard input
 * @environment: (nullable): NAME, VALUE pairs to add, %NULL-terminated
 * @args: the arguments after the program name, %NULL-terminated
 *
 * Runs the tool named by $OB_CLI to completion and records its exit status
 * and output. The tool's own timeouts bound the run.
 */
void
ob_test_cli_run (ObTestCliRun       *run,
                 const char         *input,
                 const char * const *environment,
                 const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  int input_fd;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OB_CLI"));
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  /* The input comes from a file, not a pipe: a tool that exits without
   * reading it (a usage error) would otherwise kill the test with SIGPIPE
   * whenever it exits before the input is written. */
  input_fd = g_file_open_tmp ("outbound-cli-input-XXXXXX", &input_path, &error);
  g_assert_no_error (error);
  close (input_fd);
  g_assert_true (g_file_set_contents (input_path, input ? input : "", -1, &error));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  for (; environment && environment[0]; environment += 2)
    g_subprocess_launcher_setenv (launcher, environment[0], environment[1], TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_unlink (input_path);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}
