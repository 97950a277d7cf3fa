/* bench-detector.c — how long detection takes, in three typical cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is local (fake resolver, test HTTP server as the ISPDB,
 * scripted SMTP servers behind the test router), with the detector's
 * default probe timeout and grace period, so the figures are the
 * detector's own logic plus loopback round trips:
 *
 * - a provider in the built-in database, probing off;
 * - a domain only the ISPDB knows, its server probed;
 * - a domain with nothing published, where smtp. answers on 587 and every
 *   465 swallows the connection: the guess that works must win without
 *   waiting for the silent ones' timeouts.
 *
 * Each is the median of 20 detections, the cache cleared in between.
 */
#include "config.h"

#include "detector-fixture.h"

#define RUNS 20
#define GOAL_BUILTIN_MS 50.0
#define GOAL_GUESS_MS 2000.0

typedef void (*PrepareFunc) (Fixture *f);

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Runs @address RUNS times on a fresh fixture, prints the figures and
 * returns the median in milliseconds. */
static double
measure (const char  *label,
         const char  *address,
         PrepareFunc  prepare,
         gboolean     expect_verified)
{
  Fixture f = { 0 };
  double times[RUNS];
  double first;

  detector_fixture_setup (&f, NULL);
  g_signal_handlers_disconnect_matched (f.detector, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, &f);
  ob_detector_set_probe_timeout (f.detector, OB_DETECTOR_DEFAULT_PROBE_TIMEOUT);
  ob_detector_set_grace_period (f.detector, OB_DETECTOR_DEFAULT_GRACE_MS);
  prepare (&f);

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ObDetection) detection = NULL;
      gint64 start = g_get_monotonic_time ();

      detection = detect (&f, address, &error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_true (ob_detection_has_verified (detection) == expect_verified);
      g_assert_nonnull (ob_detection_get_best (detection));
      ob_detector_clear_cache (f.detector);
    }
  detector_fixture_teardown (&f, NULL);

  first = times[0];
  qsort (times, RUNS, sizeof times[0], compare_doubles);
  g_print ("%s: median %.2f ms (fastest %.2f, slowest %.2f, first %.2f) over %d runs\n",
           label, (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2, times[0], times[RUNS - 1], first,
           RUNS);
  return (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
}

static void
prepare_builtin (Fixture *f)
{
  ob_detector_set_probe (f->detector, FALSE);
}

static void
prepare_ispdb (Fixture *f)
{
  g_autofree char *document = config_document ("isp.bench", "smtp.isp-host.bench", "465", "SSL",
                                               "%EMAILADDRESS%", NULL);

  ob_test_http_server_add (http_server (f), "http", NULL, "/ispdb/isp.bench", 200, document);
  start_http_server (f, NULL);
  use_ispdb_mirror (f);
  add_smtp_server (f, "smtp.isp-host.bench", 465, SERVER_TLS, RUNS);
}

static void
prepare_guess (Fixture *f)
{
  add_smtp_server (f, "smtp.guess.bench", 587, SERVER_STARTTLS, RUNS);
  add_smtp_server (f, "smtp.guess.bench", 465, SERVER_BLACKHOLE, RUNS);
  add_smtp_server (f, "mail.guess.bench", 465, SERVER_BLACKHOLE, RUNS);
  add_smtp_server (f, "guess.bench", 465, SERVER_BLACKHOLE, RUNS);
}

int
main (int argc, char *argv[])
{
  double builtin, guess;

  g_print ("Detection wall time (probe timeout %u s, grace period %u ms):\n",
           OB_DETECTOR_DEFAULT_PROBE_TIMEOUT, OB_DETECTOR_DEFAULT_GRACE_MS);
  builtin = measure ("built-in provider (gmail.com), no probing", "ada@gmail.com",
                     prepare_builtin, FALSE);
  measure ("ISPDB-served domain, its server probed", "ada@isp.bench", prepare_ispdb, TRUE);
  guess = measure ("guess-only domain, 587 answers, every 465 silent", "ada@guess.bench",
                   prepare_guess, TRUE);

  g_print ("Goals: built-in under %.0f ms: %s; guess-only under %.0f ms: %s\n",
           GOAL_BUILTIN_MS, builtin < GOAL_BUILTIN_MS ? "met" : "MISSED",
           GOAL_GUESS_MS, guess < GOAL_GUESS_MS ? "met" : "MISSED");
  return 0;
}
