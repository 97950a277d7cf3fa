/* test-spool.c — the outbox on disk: whole messages or nothing, locks,
 * the journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "ob-envelope.h"
#include "ob-message-source.h"
#include "ob-outbox.h"
#include "ob-raw-message.h"
#include "ob-smtp-reply.h"
#include "ob-spool.h"
#include "ob-test-util.h"

#define MESSAGE \
  "From: ada@example.com\n" \
  "To: bob@example.org\n" \
  "Message-ID:\n" \
  " <folded.1@example.com>\n" \
  "Subject: Hello\n" \
  "\n" \
  "Body.\n"

/* A message source that writes part of a message and then fails as a full
 * disk does. */
#define TEST_TYPE_FULL_DISK_SOURCE (test_full_disk_source_get_type ())
G_DECLARE_FINAL_TYPE (TestFullDiskSource, test_full_disk_source, TEST, FULL_DISK_SOURCE, GObject)

struct _TestFullDiskSource
{
  GObject parent_instance;
};

static void test_full_disk_source_iface_init (ObMessageSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFullDiskSource, test_full_disk_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OB_TYPE_MESSAGE_SOURCE,
                                                      test_full_disk_source_iface_init))

static guint64
full_disk_size (ObMessageSource *source)
{
  return 1024 * 1024;
}

static gboolean
full_disk_no (ObMessageSource *source)
{
  return FALSE;
}

static gboolean
full_disk_write (ObMessageSource  *source,
                 GOutputStream    *out,
                 gboolean          allow_8bit,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autofree char *block = g_strnfill (256 * 1024, 'x');

  if (!g_output_stream_write_all (out, MESSAGE, strlen (MESSAGE), NULL, cancellable, error) ||
      !g_output_stream_write_all (out, block, strlen (block), NULL, cancellable, error))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
  return FALSE;
}

static void
test_full_disk_source_iface_init (ObMessageSourceInterface *iface)
{
  iface->get_size_estimate = full_disk_size;
  iface->has_8bit_content = full_disk_no;
  iface->needs_smtputf8 = full_disk_no;
  iface->write = full_disk_write;
}

static void
test_full_disk_source_class_init (TestFullDiskSourceClass *klass)
{
}

static void
test_full_disk_source_init (TestFullDiskSource *self)
{
}

typedef struct
{
  char    *root;
  ObSpool *spool;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("ob-spool-XXXXXX", &error);
  g_assert_no_error (error);
  f->spool = ob_spool_new (f->root);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->spool);
  ob_test_remove_tree (f->root);
  g_free (f->root);
}

static ObOutboxRecord *
new_record (void)
{
  ObOutboxRecord *record = ob_outbox_record_new ();
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("ada@example.com");

  ob_envelope_add_recipient (envelope, "bob@example.org", NULL);
  ob_envelope_add_recipient (envelope, "carol@example.org", NULL);
  ob_envelope_set_dsn (envelope, OB_DSN_RET_HDRS, OB_DSN_NOTIFY_FAILURE | OB_DSN_NOTIFY_DELAY,
                       "env-1");
  record->account_id = g_strdup ("acct-1");
  ob_outbox_record_take_envelope (record, envelope);
  record->created = 1700000000;
  record->since = 1700000000;
  return record;
}

static char *
add_message (Fixture    *f,
             const char *text)
{
  g_autoptr(ObOutboxRecord) record = new_record ();
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(ObRawMessage) message = ob_raw_message_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_true (ob_spool_add (f->spool, record, OB_MESSAGE_SOURCE (message), NULL, &error));
  g_assert_no_error (error);
  return g_strdup (record->id);
}

static guint
count_children (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autofree char *path = ob_spool_get_message_path (f->spool, OB_SPOOL_OUTBOX, id);
  g_autofree char *entry = ob_spool_get_entry_path (f->spool, OB_SPOOL_OUTBOX, id);
  g_autofree char *contents = NULL;
  g_autoptr(ObOutboxRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, MESSAGE);
  /* Mail is private: only the person may read the spool. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (entry, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  record = ob_spool_read (f->spool, OB_SPOOL_OUTBOX, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->id, ==, id);
  g_assert_cmpstr (record->account_id, ==, "acct-1");
  g_assert_cmpstr (record->sender, ==, "ada@example.com");
  g_assert_cmpuint (g_strv_length (record->recipients), ==, 2);
  g_assert_cmpstr (record->recipients[1], ==, "carol@example.org");
  g_assert_cmpint (record->dsn_ret, ==, OB_DSN_RET_HDRS);
  g_assert_cmpint (record->dsn_notify, ==, OB_DSN_NOTIFY_FAILURE | OB_DSN_NOTIFY_DELAY);
  g_assert_cmpstr (record->dsn_envid, ==, "env-1");
  g_assert_cmpstr (record->message_id, ==, "<folded.1@example.com>");
  g_assert_cmpuint (record->size, ==, strlen (MESSAGE));
  g_assert_cmpint (record->state, ==, OB_OUTBOX_STATE_QUEUED);
  g_assert_cmpint (record->created, ==, 1700000000);
}

static void
test_record_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autoptr(ObOutboxRecord) record = ob_spool_read (f->spool, OB_SPOOL_OUTBOX, id, NULL);
  g_autoptr(ObOutboxRecord) back = NULL;
  g_autoptr(GError) failure = g_error_new_literal (g_quark_from_static_string ("test-error"), 7,
                                                   "Line one\nline “two”");
  g_autoptr(GError) error = NULL;
  const char *refused[] = { "eve@example.org: 550 5.1.1 No such user", NULL };

  record->state = OB_OUTBOX_STATE_UNCERTAIN;
  record->waiting = OB_OUTBOX_WAIT_RATE_LIMIT;
  record->attempts = 4;
  record->next_attempt = 1700000900;
  ob_outbox_record_set_error (record, failure, "Title");
  record->sent_time = 1700000500;
  record->final_reply = g_strdup ("250 2.0.0 Ok: queued as 4F2");
  record->queue_id = g_strdup ("4F2");
  record->refused = g_strdupv ((char **) refused);
  g_assert_true (ob_spool_write (f->spool, OB_SPOOL_OUTBOX, record, &error));
  g_assert_no_error (error);

  back = ob_spool_read (f->spool, OB_SPOOL_OUTBOX, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, OB_OUTBOX_STATE_UNCERTAIN);
  g_assert_cmpint (back->waiting, ==, OB_OUTBOX_WAIT_RATE_LIMIT);
  g_assert_cmpuint (back->attempts, ==, 4);
  g_assert_cmpint (back->next_attempt, ==, 1700000900);
  g_assert_error (back->error, g_quark_from_static_string ("test-error"), 7);
  g_assert_cmpstr (back->error->message, ==, "Line one\nline “two”");
  g_assert_cmpstr (back->diagnosis_title, ==, "Title");
  g_assert_cmpint (back->sent_time, ==, 1700000500);
  g_assert_cmpstr (back->final_reply, ==, "250 2.0.0 Ok: queued as 4F2");
  g_assert_cmpstr (back->queue_id, ==, "4F2");
  g_assert_cmpstrv (back->refused, refused);
}

/* What a crash while queueing leaves — a directory without its record —
 * never was an entry, and goes at the next listing. */
static void
test_list_in_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) queued = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = NULL;

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (queued, add_message (f, MESSAGE));
  ids = ob_spool_list (f->spool, OB_SPOOL_OUTBOX, NULL);
  g_assert_cmpuint (ids->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (g_ptr_array_index (ids, i), ==, g_ptr_array_index (queued, i));
}

static void
test_leftovers (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autofree char *outbox = g_build_filename (f->root, "outbox", NULL);
  g_autofree char *half = g_build_filename (outbox, "20240101-000000-deadbeef", NULL);
  g_autofree char *half_message = g_build_filename (half, "message.eml", NULL);
  g_autofree char *half_record = g_build_filename (half, "entry.ini.tmp", NULL);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *unnamed = g_build_filename (outbox, ".new-20240101-000000-000000-beef", NULL);

  g_assert_cmpint (g_mkdir (half, 0700), ==, 0);
  g_assert_true (g_file_set_contents (half_message, MESSAGE, -1, NULL));
  g_assert_true (g_file_set_contents (half_record, "[Message]\nVersion=1\n", -1, NULL));
  g_assert_cmpint (g_mkdir (unnamed, 0700), ==, 0);

  ids = ob_spool_list (f->spool, OB_SPOOL_OUTBOX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, id);
  g_assert_false (g_file_test (half, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (unnamed, G_FILE_TEST_EXISTS));
}

/* A directory being filled by another writer holds its lock: a listing
 * meanwhile leaves it alone. */
static void
test_listing_spares_locked (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *half = g_build_filename (f->root, "outbox", "20240101-000000-cafe", NULL);
  g_autoptr(ObSpoolLock) lock = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_assert_true (ob_spool_ensure (f->spool, NULL));
  g_assert_cmpint (g_mkdir (half, 0700), ==, 0);
  lock = ob_spool_lock (f->spool, OB_SPOOL_OUTBOX, "20240101-000000-cafe", NULL);
  g_assert_nonnull (lock);

  ids = ob_spool_list (f->spool, OB_SPOOL_OUTBOX, NULL);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_true (g_file_test (half, G_FILE_TEST_IS_DIR));
}

static void
test_full_disk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ObOutboxRecord) record = new_record ();
  g_autoptr(TestFullDiskSource) source = g_object_new (TEST_TYPE_FULL_DISK_SOURCE, NULL);
  g_autofree char *outbox = g_build_filename (f->root, "outbox", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ob_spool_add (f->spool, record, OB_MESSAGE_SOURCE (source), NULL, &error));
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "full"));
  /* Nothing half-written stays behind. */
  g_assert_cmpuint (count_children (outbox), ==, 0);
}

static void
test_locks (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autoptr(ObSpoolLock) lock = NULL;
  g_autoptr(ObSpoolLock) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad_ids[] = { "", "..", "../sent", "a/b", ".hidden", "x y" };

  lock = ob_spool_lock (f->spool, OB_SPOOL_OUTBOX, id, &error);
  g_assert_no_error (error);
  again = ob_spool_lock (f->spool, OB_SPOOL_OUTBOX, id, &error);
  g_assert_null (again);
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_BUSY);
  g_clear_error (&error);

  g_clear_pointer (&lock, ob_spool_unlock);
  again = ob_spool_lock (f->spool, OB_SPOOL_OUTBOX, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(ObSpoolLock) bad = ob_spool_lock (f->spool, OB_SPOOL_OUTBOX, bad_ids[i], &error);

      g_assert_null (bad);
      g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
}

static void
test_journal (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autofree char *path = g_build_filename (f->root, "outbox", id, "journal", NULL);
  const char *lines[] = { "2.0.0 Ok: queued as 4F2", NULL };
  const char *refusal[] = { "4.3.0 Try later", NULL };
  g_autoptr(ObSmtpReply) accepted = ob_smtp_reply_new (250, lines);
  g_autoptr(ObSmtpReply) deferred = ob_smtp_reply_new (451, refusal);
  g_auto(ObSpoolJournal) first = { 0, };
  g_auto(ObSpoolJournal) second = { 0, };
  g_auto(ObSpoolJournal) third = { 0, };
  g_autoptr(GError) error = NULL;
  FILE *file;

  g_assert_true (ob_spool_journal_end_of_data (f->spool, id, 1, &error));
  g_assert_true (ob_spool_journal_reply (f->spool, id, 1, deferred, &error));
  g_assert_true (ob_spool_journal_end_of_data (f->spool, id, 2, &error));
  g_assert_no_error (error);
  /* A crash cut this line short: it does not count. */
  file = g_fopen (path, "a");
  fputs ("2 final-reply 1700000000 250 2.0.0 Ok", file);
  fclose (file);

  ob_spool_journal_read (f->spool, id, 1, &first);
  g_assert_true (first.end_of_data);
  g_assert_cmpuint (first.reply_code, ==, 451);
  g_assert_cmpstr (first.reply, ==, "451 4.3.0 Try later");
  ob_spool_journal_read (f->spool, id, 2, &second);
  g_assert_true (second.end_of_data);
  g_assert_cmpuint (second.reply_code, ==, 0);

  /* The next attempt's lines start on a line of their own. */
  g_assert_true (ob_spool_journal_end_of_data (f->spool, id, 3, &error));
  g_assert_true (ob_spool_journal_reply (f->spool, id, 3, accepted, &error));
  g_assert_no_error (error);
  ob_spool_journal_read (f->spool, id, 3, &third);
  g_assert_true (third.end_of_data);
  g_assert_cmpuint (third.reply_code, ==, 250);
  g_assert_cmpstr (third.reply, ==, "250 2.0.0 Ok: queued as 4F2");
  g_assert_cmpint (third.reply_time, >, 0);
}

static void
test_move_and_remove (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autoptr(ObSpoolLock) lock = ob_spool_lock (f->spool, OB_SPOOL_OUTBOX, id, NULL);
  g_autoptr(ObOutboxRecord) record = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_spool_move_to_sent (f->spool, id, &error));
  g_assert_no_error (error);
  record = ob_spool_read (f->spool, OB_SPOOL_OUTBOX, id, &error);
  g_assert_null (record);
  g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);
  record = ob_spool_read (f->spool, OB_SPOOL_SENT, id, &error);
  g_assert_no_error (error);
  sent = ob_spool_list (f->spool, OB_SPOOL_SENT, NULL);
  g_assert_cmpuint (sent->len, ==, 1);

  g_assert_true (ob_spool_remove (f->spool, OB_SPOOL_SENT, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sent, g_ptr_array_unref);
  sent = ob_spool_list (f->spool, OB_SPOOL_SENT, NULL);
  g_assert_cmpuint (sent->len, ==, 0);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = add_message (f, MESSAGE);
  g_autofree char *path = g_build_filename (f->root, "outbox", id, "entry.ini", NULL);
  const char *damage[] = {
    "not a keyfile\n",
    "[Message]\nVersion=99\n",
    "[Message]\nVersion=1\nId=x\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr(ObOutboxRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, damage[i], -1, NULL));
      record = ob_spool_read (f->spool, OB_SPOOL_OUTBOX, id, &error);
      g_assert_null (record);
      g_assert_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_DAMAGED);
    }
}

#define ADD(path, func) \
  g_test_add ("/ob/spool/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("round-trip", test_round_trip);
  ADD ("record-fields", test_record_fields);
  ADD ("list-in-order", test_list_in_order);
  ADD ("leftovers", test_leftovers);
  ADD ("listing-spares-locked", test_listing_spares_locked);
  ADD ("full-disk", test_full_disk);
  ADD ("locks", test_locks);
  ADD ("journal", test_journal);
  ADD ("move-and-remove", test_move_and_remove);
  ADD ("damaged", test_damaged);

  return g_test_run ();
}
