/* test-send-log.c — counting sends against an account's limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "ob-send-log.h"
#include "ob-test-util.h"

#define NOW 1700000000

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ob-send-log-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "sends.log", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ob_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

typedef struct
{
  const char *name;
  gint64      ago[8];      /* seconds before NOW of each send; 0 ends */
  guint       per_minute;
  guint       per_day;
  guint       allowance;
  gint64      next_in;     /* when the allowance is 0: seconds from NOW */
} AllowanceCase;

static const AllowanceCase allowance_cases[] = {
  { "no limits", { 1, 2, 3 }, 0, 0, G_MAXUINT, 0 },
  { "nothing sent yet", { 0 }, 2, 10, 2, 0 },
  { "room in both windows", { 5 }, 3, 10, 2, 0 },
  { "minute full", { 50, 10 }, 2, 0, 0, 10 },
  { "minute full, the oldest blocks", { 59, 30, 5 }, 3, 0, 0, 1 },
  { "older than a minute no longer count", { 61, 120 }, 1, 0, 1, 0 },
  { "day full", { 3600, 7200 }, 0, 2, 0, 24 * 3600 - 7200 },
  { "day is the tighter", { 100, 200 }, 5, 3, 1, 0 },
  { "both full: the later wins", { 10, 3000 }, 1, 2, 0, 24 * 3600 - 3000 },
};

static void
test_allowance (Fixture       *f,
                gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (allowance_cases); i++)
    {
      const AllowanceCase *c = &allowance_cases[i];
      g_autoptr(ObSendLog) log = NULL;
      g_autoptr(GError) error = NULL;
      gint64 next = 0;
      guint allowance;

      g_test_message ("case: %s", c->name);
      g_unlink (f->path);
      log = ob_send_log_new (f->path);
      for (guint k = 0; c->ago[k] != 0; k++)
        g_assert_true (ob_send_log_record (log, "acct", NOW - c->ago[k], &error));
      /* Another account's sends do not count. */
      g_assert_true (ob_send_log_record (log, "other", NOW - 1, &error));
      g_assert_no_error (error);

      allowance = ob_send_log_allowance (log, "acct", c->per_minute, c->per_day, NOW, &next);
      g_assert_cmpuint (allowance, ==, c->allowance);
      if (allowance == 0)
        g_assert_cmpint (next, ==, NOW + c->next_in);
    }
}

/* Another process's sends count after a reload, and a day later the file
 * keeps nothing of them. */
static void
test_shared_and_trimmed (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ObSendLog) writer = ob_send_log_new (f->path);
  g_autoptr(ObSendLog) reader = ob_send_log_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gint64 next = 0;

  g_assert_true (ob_send_log_record (writer, "acct with spaces\n", NOW - 10, &error));
  g_assert_true (ob_send_log_record (writer, "acct with spaces\n", NOW - 5, &error));
  g_assert_true (ob_send_log_reload (reader, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ob_send_log_allowance (reader, "acct with spaces\n", 2, 0, NOW, &next), ==, 0);
  g_assert_cmpint (next, ==, NOW + 50);

  g_assert_true (ob_send_log_reload (reader, NOW + 24 * 3600, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ob_send_log_allowance (reader, "acct with spaces\n", 2, 0, NOW, &next), ==, 2);
  g_assert_true (g_file_get_contents (f->path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "");
}

static void
test_damaged_lines (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ObSendLog) log = ob_send_log_new (f->path);
  g_autoptr(GError) error = NULL;
  gint64 next = 0;
  g_autofree char *text = g_strdup_printf ("garbage\n%d acct\n\n%d acct\n%d ac",
                                           NOW - 1, NOW - 2, NOW - 3);

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  g_assert_true (ob_send_log_reload (log, NOW, &error));
  g_assert_no_error (error);
  /* Two good lines; the garbage and the line a crash cut short are ignored. */
  g_assert_cmpuint (ob_send_log_allowance (log, "acct", 3, 0, NOW, &next), ==, 1);
}

#define ADD(path, func) \
  g_test_add ("/ob/send-log/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("allowance", test_allowance);
  ADD ("shared-and-trimmed", test_shared_and_trimmed);
  ADD ("damaged-lines", test_damaged_lines);

  return g_test_run ();
}
