/* test-cli.c — the `outbound` tool's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>
#include <gio/gio.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the built tool with @args and an optional extra environment pair. */
static void
run_outbound (Run                *run,
              const char         *language,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OB_CLI"));
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (language != NULL)
    {
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
test_cli_version (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { "--version", NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_cmpstr (run.out, ==, "outbound " PACKAGE_VERSION "\n");
}

static void
test_cli_help (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { "--help", NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "Usage:"));
  g_assert_nonnull (strstr (run.out, "Commands:"));
  g_assert_nonnull (strstr (run.out, "  help "));
  g_assert_nonnull (strstr (run.out, "--version"));
}

static void
test_cli_unknown_command (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { "frobnicate", NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  g_assert_nonnull (strstr (run.err, "outbound --help"));
}

static void
test_cli_unknown_option (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { "--frobnicate", NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "--frobnicate"));
}

static void
test_cli_no_command (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "Commands:"));
}

static void
test_cli_german (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { "frobnicate", NULL };

  run_outbound (&run, "de", args);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "ist kein Befehl"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/cli/version", test_cli_version);
  g_test_add_func ("/ob/cli/help", test_cli_help);
  g_test_add_func ("/ob/cli/unknown-command", test_cli_unknown_command);
  g_test_add_func ("/ob/cli/unknown-option", test_cli_unknown_option);
  g_test_add_func ("/ob/cli/no-command", test_cli_no_command);
  g_test_add_func ("/ob/cli/german", test_cli_german);

  return g_test_run ();
}
