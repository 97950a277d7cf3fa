/* test-cli.c — the `outbound` tool's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>
#include <gio/gio.h>

#include "ob-test-cli.h"

/* Runs the built tool, in @language when given. */
static void
run_outbound (ObTestCliRun       *run,
              const char         *language,
              const char * const *args)
{
  const char *environment[] = { "LC_ALL", "C.UTF-8", "LANGUAGE", language, NULL };

  ob_test_cli_run (run, NULL, language ? environment : NULL, args);
}

static void
test_cli_version (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { "--version", NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_cmpstr (run.out, ==, "outbound " PACKAGE_VERSION "\n");
}

static void
test_cli_help (void)
{
  g_auto(ObTestCliRun) run = { 0 };
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
  g_auto(ObTestCliRun) run = { 0 };
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
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { "--frobnicate", NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "--frobnicate"));
}

static void
test_cli_no_command (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { NULL };

  run_outbound (&run, NULL, args);
  g_assert_cmpint (run.status, ==, EX_USAGE);
  g_assert_nonnull (strstr (run.err, "Commands:"));
}

static void
test_cli_german (void)
{
  g_auto(ObTestCliRun) run = { 0 };
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
