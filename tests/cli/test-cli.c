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
  g_assert_nonnull (strstr (run.out, "  check-domain "));
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

static void
test_cli_check_domain_help (void)
{
  const char *args[][3] = {
    { "check-domain", "--help", NULL },
    { "help", "check-domain", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (args); i++)
    {
      g_auto(ObTestCliRun) run = { 0 };

      run_outbound (&run, NULL, args[i]);
      g_assert_cmpint (run.status, ==, EX_OK);
      g_assert_nonnull (strstr (run.out, "check-domain DOMAIN"));
      g_assert_nonnull (strstr (run.out, "--selector=SELECTOR"));
      g_assert_nonnull (strstr (run.out, "--server=HOST"));
      g_assert_nonnull (strstr (run.out, "--json"));
      g_assert_nonnull (strstr (run.out, "68 when the domain does not exist"));
    }
}

/* Every one of these is refused before any DNS lookup, so the test needs
 * no network and no fake resolver. */
static void
test_cli_check_domain_usage (void)
{
  const struct {
    const char *args[6];
    const char *message;
  } cases[] = {
    { { "check-domain", NULL }, "give one domain" },
    { { "check-domain", "example.com", "example.org", NULL }, "give one domain" },
    { { "check-domain", "not a domain", NULL }, "“not a domain” is not a domain name" },
    { { "check-domain", "192.0.2.1", NULL }, "is not a domain name" },
    { { "check-domain", "--selector", "bad selector", "example.com", NULL },
      "“bad selector” is not a DKIM selector" },
    { { "check-domain", "--server", "smtp example com", "example.com", NULL },
      "is not a server name" },
    { { "check-domain", "--frobnicate", "example.com", NULL }, "--frobnicate" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ObTestCliRun) run = { 0 };

      g_test_message ("case %zu", i);
      run_outbound (&run, NULL, cases[i].args);
      g_assert_cmpint (run.status, ==, EX_USAGE);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message));
    }
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
  g_test_add_func ("/ob/cli/check-domain/help", test_cli_check_domain_help);
  g_test_add_func ("/ob/cli/check-domain/usage", test_cli_check_domain_usage);

  return g_test_run ();
}
