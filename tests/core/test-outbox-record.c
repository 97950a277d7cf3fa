/* test-outbox-record.c — a queued message's details on disk and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-outbox-record.h"

static ObOutboxRecord *
round_trip (const ObOutboxRecord *record)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  ObOutboxRecord *loaded;

  data = ob_outbox_record_to_data (record, &length);
  loaded = ob_outbox_record_new_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  return loaded;
}

static ObOutboxRecord *
make_record (void)
{
  ObOutboxRecord *record = ob_outbox_record_new ();
  const char *recipients[] = { "bob@example.org", "eve@example.net", NULL };

  record->id = g_strdup ("20240101-120000-00000001");
  record->account_id = g_strdup ("ada@example.com");
  record->sender = g_strdup ("ada@example.com");
  record->recipients = g_strdupv ((char **) recipients);
  record->message_id = g_strdup ("<1@outbox.test>");
  record->size = 1234;
  record->created = 1704110400;
  record->state = OB_OUTBOX_STATE_QUEUED;
  return record;
}

static void
test_round_trip_subject (void)
{
  g_autoptr(ObOutboxRecord) record = make_record ();
  g_autoptr(ObOutboxRecord) loaded = NULL;

  ob_outbox_record_set_subject (record, "Grüße — the report; [draft] #2 = \"final\"");
  loaded = round_trip (record);
  g_assert_cmpstr (loaded->subject, ==, "Grüße — the report; [draft] #2 = \"final\"");
  g_assert_cmpstr (loaded->id, ==, record->id);
  g_assert_cmpstr (loaded->message_id, ==, record->message_id);
  g_assert_cmpuint (loaded->size, ==, record->size);
  g_assert_true (g_strv_equal ((const char * const *) loaded->recipients,
                               (const char * const *) record->recipients));
}

static void
test_round_trip_no_subject (void)
{
  g_autoptr(ObOutboxRecord) record = make_record ();
  g_autoptr(ObOutboxRecord) loaded = NULL;
  g_autofree char *data = NULL;

  data = ob_outbox_record_to_data (record, NULL);
  g_assert_null (strstr (data, "Subject"));
  loaded = round_trip (record);
  g_assert_null (loaded->subject);
  g_assert_cmpstr (loaded->id, ==, record->id);
}

/* A record written before subjects were kept still loads. */
static void
test_old_record (void)
{
  const char *data =
    "[Message]\n"
    "Version=1\n"
    "Id=20230601-080000-0000abcd\n"
    "Account=ada@example.com\n"
    "Sender=ada@example.com\n"
    "Recipients=bob@example.org;\n"
    "MessageId=<old@outbox.test>\n"
    "Size=512\n"
    "Created=1685606400\n"
    "\n"
    "[State]\n"
    "State=queued\n"
    "Attempts=0\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(ObOutboxRecord) record = ob_outbox_record_new_from_data (data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_null (record->subject);
  g_assert_cmpstr (record->message_id, ==, "<old@outbox.test>");
  g_assert_cmpuint (record->size, ==, 512);
}

/* Whatever a file says, the subject that comes out of it is one clean
 * line: someone may have edited it, or an older version written it. */
static void
test_loaded_subject_cleaned (void)
{
  const char *data =
    "[Message]\n"
    "Version=1\n"
    "Id=20230601-080000-0000abcd\n"
    "Account=ada@example.com\n"
    "Sender=ada@example.com\n"
    "Recipients=bob@example.org;\n"
    "Subject=Two\\nlines \x1b[31mred\n"
    "\n"
    "[State]\n"
    "State=queued\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(ObOutboxRecord) record = ob_outbox_record_new_from_data (data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (record->subject, ==, "Two lines [31mred");
}

static void
test_clean_subject (void)
{
  static const struct {
    const char *given;
    const char *kept;
  } cases[] = {
    { "Hello", "Hello" },
    { "  Padded \t ", "Padded" },
    { "Line one\r\nLine two", "Line one Line two" },
    { "Bell\a and escape \x1b[2J here", "Bell and escape [2J here" },
    { "Delete\x7f and C1 \xc2\x85 next line", "Delete and C1 next line" },
    { "Tabs\t\tand\vvertical", "Tabs and vertical" },
    { "Bad \xff UTF-8", "Bad \xef\xbf\xbd UTF-8" },
    { "\r\n\t ", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ObOutboxRecord) record = make_record ();

      ob_outbox_record_set_subject (record, cases[i].given);
      g_assert_cmpstr (record->subject, ==, cases[i].kept);
    }
}

static void
test_long_subject (void)
{
  g_autoptr(ObOutboxRecord) record = make_record ();
  g_autoptr(GString) subject = g_string_new (NULL);

  for (guint i = 0; i < 150; i++)
    g_string_append (subject, "é ");
  ob_outbox_record_set_subject (record, subject->str);
  g_assert_true (g_utf8_validate (record->subject, -1, NULL));
  /* Cut at a space: nothing trails. */
  g_assert_cmpuint (g_utf8_strlen (record->subject, -1), ==, OB_OUTBOX_SUBJECT_MAX - 1);
  g_assert_true (g_str_has_suffix (record->subject, "é"));

  g_string_assign (subject, "");
  for (guint i = 0; i < 300; i++)
    g_string_append (subject, "ß");
  ob_outbox_record_set_subject (record, subject->str);
  g_assert_cmpuint (g_utf8_strlen (record->subject, -1), ==, OB_OUTBOX_SUBJECT_MAX);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ob/outbox-record/round-trip-subject", test_round_trip_subject);
  g_test_add_func ("/ob/outbox-record/round-trip-no-subject", test_round_trip_no_subject);
  g_test_add_func ("/ob/outbox-record/old-record", test_old_record);
  g_test_add_func ("/ob/outbox-record/loaded-subject-cleaned", test_loaded_subject_cleaned);
  g_test_add_func ("/ob/outbox-record/clean-subject", test_clean_subject);
  g_test_add_func ("/ob/outbox-record/long-subject", test_long_subject);

  return g_test_run ();
}
