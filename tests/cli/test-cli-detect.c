/* test-cli-detect.c — `outbound detect`: the tool offline, and its output
 * for hermetic detections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>

#include "detector-fixture.h"
#include "ob-cli-detect.h"
#include "ob-test-cli.h"

static void
test_detect_offline (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { "detect", "--offline", "ada@gmail.com", NULL };

  ob_test_cli_run (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "Outgoing mail for ada@gmail.com: Gmail"));
  g_assert_nonnull (strstr (run.out, " 1. smtp.gmail.com, port 465, encrypted from the start "
                                     "(TLS)"));
  g_assert_nonnull (strstr (run.out, " 2. smtp.gmail.com, port 587, encrypted after connecting "
                                     "(STARTTLS)"));
  g_assert_nonnull (strstr (run.out, "User name: ada@gmail.com (your full address)"));
  g_assert_nonnull (strstr (run.out, "Found by: built-in database (trusted)"));
  g_assert_nonnull (strstr (run.out, "Needs an app password"));
  g_assert_nonnull (strstr (run.out, "built-in database: gmail.com"));
  g_assert_nonnull (strstr (run.out, "not checked: offline"));
}

static void
test_detect_offline_json (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { "detect", "--json", "--offline", "ada@sendgrid-user.example", NULL };
  const char *known[] = { "detect", "--json", "--offline", "ada@free.fr", NULL };

  ob_test_cli_run (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, EX_UNAVAILABLE);
  g_assert_true (g_str_has_prefix (run.out, "{\"address\":\"ada@sendgrid-user.example\","));
  g_assert_nonnull (strstr (run.out, "\"candidates\":[]"));
  g_assert_nonnull (strstr (run.out, "\"outcome\":\"not-found\""));
  ob_test_cli_run_clear (&run);

  ob_test_cli_run (&run, NULL, NULL, known);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "\"host\":\"smtp.free.fr\",\"port\":465,"
                                     "\"security\":\"tls\",\"username\":\"ada\","
                                     "\"username_form\":\"%EMAILLOCALPART%\""));
  g_assert_nonnull (strstr (run.out, "\"source\":\"builtin\""));
  g_assert_nonnull (strstr (run.out, "\"trust\":\"trusted\""));
  g_assert_nonnull (strstr (run.out, "\"verification\":\"not-checked\""));
  g_assert_true (g_str_has_suffix (run.out, "}\n"));
}

static void
test_detect_no_smtp (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  const char *args[] = { "detect", "--offline", "ada@tuta.com", NULL };

  ob_test_cli_run (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, EX_UNAVAILABLE);
  g_assert_nonnull (strstr (run.out, "No outgoing server found."));
  g_assert_nonnull (strstr (run.out, "It offers no SMTP access"));
}

typedef struct
{
  const char *args[5];
  int         status;
  const char *err;
} UsageCase;

static void
test_detect_usage (void)
{
  static const UsageCase cases[] = {
    { { "detect", NULL }, EX_USAGE, "give one address" },
    { { "detect", "a@example.com", "b@example.com", NULL }, EX_USAGE, "give one address" },
    { { "detect", "--timeout", "99", "a@example.com", NULL }, EX_USAGE, "1 to 60" },
    { { "detect", "--frobnicate", "a@example.com", NULL }, EX_USAGE, "frobnicate" },
    { { "detect", "--offline", "ada@@example.com", NULL }, EX_DATAERR, "outbound detect:" },
    { { "detect", "--offline", "ada example.com", NULL }, EX_DATAERR, "outbound detect:" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ObTestCliRun) run = { 0 };

      g_test_message ("case %zu", i);
      ob_test_cli_run (&run, NULL, NULL, cases[i].args);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].err));
    }
}

static void
test_detect_help (void)
{
  g_auto(ObTestCliRun) run = { 0 };
  g_auto(ObTestCliRun) main_help = { 0 };
  const char *args[] = { "detect", "--help", NULL };
  const char *main_args[] = { "--help", NULL };

  ob_test_cli_run (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, EX_OK);
  g_assert_nonnull (strstr (run.out, "--offline"));
  g_assert_nonnull (strstr (run.out, "--json"));
  g_assert_nonnull (strstr (run.out, "--timeout=SECONDS"));
  g_assert_nonnull (strstr (run.out, "with --offline: when the built-in list knows the "
                                     "provider"));

  ob_test_cli_run (&main_help, NULL, NULL, main_args);
  g_assert_nonnull (strstr (main_help.out, "  detect "));
}

/* The same formatting code the tool runs, on hermetic detections. */
static void
test_detect_output_verified (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  ob_fake_resolver_add_mx (f->resolver, "custom.test", 10, "aspmx.l.google.com");
  add_smtp_server (f, "smtp.gmail.com", 465, SERVER_TLS, 1);
  add_smtp_server (f, "smtp.gmail.com", 587, SERVER_BLACKHOLE, 1);
  detection = detect (f, "ada@custom.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ob_cli_detect_exit_status (detection), ==, EX_OK);

  text = ob_cli_detect_format_text (detection);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Outgoing mail for ada@custom.test: Google Workspace"));
  g_assert_nonnull (strstr (text, "the first one was verified"));
  g_assert_nonnull (strstr (text, " 1. smtp.gmail.com, port 465"));
  g_assert_nonnull (strstr (text, "Verified in "));
  g_assert_nonnull (strstr (text, "offers login with PLAIN, LOGIN"));
  g_assert_nonnull (strstr (text, "Found by: the domain’s mail host (MX) (not authenticated)"));
  g_assert_nonnull (strstr (text, "Needs your confirmation: Your password would go to "
                                  "gmail.com"));
  g_assert_nonnull (strstr (text, "the domain’s mail host (MX): custom.test"));
  g_assert_nonnull (strstr (text, "check: smtp.gmail.com:465"));
  g_assert_nonnull (strstr (text, "verified — Verified in"));

  json = ob_cli_detect_format_json (detection);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"verified\":true"));
  g_assert_nonnull (strstr (json, "\"provider\":{\"id\":\"workspace.google.com\""));
  g_assert_nonnull (strstr (json, "\"source\":\"mx\",\"origin\":\"aspmx.l.google.com\","
                                  "\"trust\":\"unauthenticated\",\"verification\":\"verified\","
                                  "\"offered_mechanisms\":[\"PLAIN\",\"LOGIN\"]"));
  g_assert_nonnull (strstr (json, "\"needs_confirmation\":true,\"password_domain\":\"gmail.com\""));
  g_assert_nonnull (strstr (json, "{\"kind\":\"probe\",\"source\":\"mx\","
                                  "\"target\":\"smtp.gmail.com:465\",\"outcome\":\"found\""));
}

static void
test_detect_output_failed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  add_smtp_server (f, "smtp.cert.test", 465, SERVER_WRONG_CERT, 1);
  detection = detect (f, "ada@cert.test", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ob_cli_detect_exit_status (detection), ==, EX_UNAVAILABLE);

  text = ob_cli_detect_format_text (detection);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "none could be verified"));
  g_assert_nonnull (strstr (text, "Failed after "));
  g_assert_nonnull (strstr (text, "certificate"));
  g_assert_nonnull (strstr (text, "Many networks block port 25"));

  json = ob_cli_detect_format_json (detection);
  g_test_message ("%s", json);
  g_assert_nonnull (strstr (json, "\"verified\":false"));
  g_assert_nonnull (strstr (json, "\"verification\":\"failed\""));
  g_assert_nonnull (strstr (json, "\"error\":{\"domain\":\"ObSmtpError\","
                                  "\"kind\":\"certificate\",\"message\":"));
  g_assert_nonnull (strstr (json, "\"kind\":\"connection-refused\""));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/cli/detect/offline", test_detect_offline);
  g_test_add_func ("/ob/cli/detect/offline-json", test_detect_offline_json);
  g_test_add_func ("/ob/cli/detect/no-smtp", test_detect_no_smtp);
  g_test_add_func ("/ob/cli/detect/usage", test_detect_usage);
  g_test_add_func ("/ob/cli/detect/help", test_detect_help);
  g_test_add ("/ob/cli/detect/output-verified", Fixture, NULL, detector_fixture_setup,
              test_detect_output_verified, detector_fixture_teardown);
  g_test_add ("/ob/cli/detect/output-failed", Fixture, NULL, detector_fixture_setup,
              test_detect_output_failed, detector_fixture_teardown);

  return g_test_run ();
}
