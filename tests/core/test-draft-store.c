/* test-draft-store.c — drafts on disk: round trips, atomic replacement,
 * damaged files and drafts left behind by a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "ob-draft-store.h"
#include "ob-test-util.h"

#define TIMEOUT_MS 10000

typedef struct
{
  char         *dir;
  ObDraftStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("ob-draft-store-XXXXXX", &error);

  g_assert_no_error (error);
  /* The store makes its own folder. */
  fixture->dir = g_build_filename (root, "drafts", NULL);
  fixture->store = ob_draft_store_new (fixture->dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *root = g_path_get_dirname (fixture->dir);

  g_clear_object (&fixture->store);
  ob_test_remove_tree (root);
  g_free (fixture->dir);
}

static ObDraft *
make_draft (void)
{
  ObDraft *draft = ob_draft_new (NULL);
  const char *attachments[] = { "/home/ada/notes on engines.pdf", "/tmp/a;b=c.txt", NULL };

  ob_draft_set_account_id (draft, "a1b2c3d4e5f6");
  ob_draft_set_to (draft, "Bob <bob@example.org>, carol@example.com");
  ob_draft_set_cc (draft, "dave@");
  ob_draft_set_bcc (draft, "eve@example.net");
  ob_draft_set_subject (draft, "Engines — “notes” [draft]");
  ob_draft_set_body (draft, "Dear Bob,\n\n  the [Draft] group\\n is not a group.\n\tAda\n");
  ob_draft_set_attachments (draft, attachments);
  return draft;
}

static void
save (ObDraftStore *store,
      ObDraft      *draft)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ob_draft_store_save_async (store, draft, NULL, ob_test_store_result_cb, &result);
  g_assert_true (ob_test_wait_result (&result, TIMEOUT_MS));
  g_assert_true (ob_draft_store_save_finish (store, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list (ObDraftStore  *store,
      GPtrArray    **problems)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *drafts;

  ob_draft_store_list_async (store, NULL, ob_test_store_result_cb, &result);
  g_assert_true (ob_test_wait_result (&result, TIMEOUT_MS));
  drafts = ob_draft_store_list_finish (store, result, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (drafts);
  return drafts;
}

static void
assert_same_draft (ObDraft *a,
                   ObDraft *b)
{
  g_assert_cmpstr (ob_draft_get_id (a), ==, ob_draft_get_id (b));
  g_assert_cmpstr (ob_draft_get_account_id (a), ==, ob_draft_get_account_id (b));
  g_assert_cmpstr (ob_draft_get_to (a), ==, ob_draft_get_to (b));
  g_assert_cmpstr (ob_draft_get_cc (a), ==, ob_draft_get_cc (b));
  g_assert_cmpstr (ob_draft_get_bcc (a), ==, ob_draft_get_bcc (b));
  g_assert_cmpstr (ob_draft_get_subject (a), ==, ob_draft_get_subject (b));
  g_assert_cmpstr (ob_draft_get_body (a), ==, ob_draft_get_body (b));
  g_assert_true (g_strv_equal (ob_draft_get_attachments (a), ob_draft_get_attachments (b)));
  g_assert_cmpint (ob_draft_get_modified (a), ==, ob_draft_get_modified (b));
}

static void
test_draft_fields (void)
{
  g_autoptr(ObDraft) draft = ob_draft_new (NULL);
  g_autoptr(ObDraft) other = ob_draft_new (NULL);
  g_autoptr(ObDraft) named = ob_draft_new ("kept-id");
  guint notified = 0;

  g_assert_cmpstr (ob_draft_get_id (draft), !=, ob_draft_get_id (other));
  g_assert_cmpstr (ob_draft_get_id (named), ==, "kept-id");
  g_assert_true (ob_draft_is_empty (draft));
  g_assert_cmpstr (ob_draft_get_to (draft), ==, "");

  g_signal_connect_swapped (draft, "notify::subject", G_CALLBACK (g_atomic_int_inc), &notified);
  ob_draft_set_account_id (draft, "acc");
  g_assert_true (ob_draft_is_empty (draft));
  ob_draft_set_subject (draft, "Hi");
  ob_draft_set_subject (draft, "Hi");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (ob_draft_is_empty (draft));
  ob_draft_set_subject (draft, NULL);
  g_assert_cmpstr (ob_draft_get_subject (draft), ==, "");
  g_assert_true (ob_draft_is_empty (draft));
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ObDraft) draft = make_draft ();
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *path = ob_draft_store_get_path (fixture->store, ob_draft_get_id (draft));
  GStatBuf st;

  ob_draft_set_modified (draft, 1700000000);
  save (fixture->store, draft);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  drafts = list (fixture->store, &problems);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (drafts->len, ==, 1);
  assert_same_draft (draft, g_ptr_array_index (drafts, 0));
}

static void
test_atomic_replace (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ObDraft) draft = make_draft ();
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *path = ob_draft_store_get_path (fixture->store, ob_draft_get_id (draft));
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *contents = NULL;
  GStatBuf before, after;
  guint files = 0;

  save (fixture->store, draft);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  ob_draft_set_body (draft, "Second thoughts.");
  save (fixture->store, draft);
  g_assert_cmpint (g_stat (path, &after), ==, 0);

  /* Replaced by renaming a new file over it, never rewritten in place. */
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Second thoughts."));
  g_assert_null (strstr (contents, "Dear Bob"));

  /* No temporary file is left behind. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  for (const char *n; (n = g_dir_read_name (dir)) != NULL; files++)
    g_assert_cmpstr (n, ==, name);
  g_assert_cmpuint (files, ==, 1);

  drafts = list (fixture->store, NULL);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (ob_draft_get_body (g_ptr_array_index (drafts, 0)), ==, "Second thoughts.");
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ObDraft) good = make_draft ();
  g_autofree char *bad = g_build_filename (fixture->dir, "damaged-1.ini", NULL);
  g_autofree char *aside = g_strconcat (bad, ".broken", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) no_problems = NULL;
  const GError *problem;

  save (fixture->store, good);
  g_assert_true (g_file_set_contents (bad, "[Draft]\nTo=bob@exa\xff\nBody=half a", -1, NULL));

  drafts = list (fixture->store, &problems);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (ob_draft_get_id (g_ptr_array_index (drafts, 0)), ==, ob_draft_get_id (good));
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_error (problem, OB_DRAFT_STORE_ERROR, OB_DRAFT_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (problem->message, "damaged-1.ini"));
  g_assert_nonnull (strstr (problem->message, aside));

  /* Set aside with its words intact, and not reported again. */
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_nonnull (strstr (kept, "half a"));
  again = list (fixture->store, &no_problems);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpuint (no_problems->len, ==, 0);
}

static void
test_left_after_crash (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ObDraft) sent = make_draft ();
  g_autoptr(ObDraft) unsent = make_draft ();
  g_autoptr(ObDraftStore) restarted = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ob_draft_set_modified (unsent, 1700000000);
  save (fixture->store, unsent);
  /* A save still in flight when the message is sent and its draft deleted
   * must not bring the draft back. */
  ob_draft_store_save_async (fixture->store, sent, NULL, NULL, NULL);
  ob_draft_store_delete_async (fixture->store, ob_draft_get_id (sent), NULL,
                               ob_test_store_result_cb, &result);
  g_assert_true (ob_test_wait_result (&result, TIMEOUT_MS));
  g_assert_true (ob_draft_store_delete_finish (fixture->store, result, &error));
  g_assert_no_error (error);

  /* The program stops without cleaning up; the next one finds the draft. */
  g_clear_object (&fixture->store);
  restarted = ob_draft_store_new (fixture->dir);
  drafts = list (restarted, NULL);
  g_assert_cmpuint (drafts->len, ==, 1);
  assert_same_draft (unsent, g_ptr_array_index (drafts, 0));
}

static void
test_empty_folder (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) drafts = list (fixture->store, &problems);
  g_autoptr(ObDraftStore) fallback = ob_draft_store_new_default ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "outbound", "drafts",
                                                NULL);

  g_assert_cmpuint (drafts->len, ==, 0);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (ob_draft_store_get_dir (fallback), ==, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/ob/draft/fields", test_draft_fields);
  ADD ("/ob/draft-store/round-trip", test_round_trip);
  ADD ("/ob/draft-store/atomic-replace", test_atomic_replace);
  ADD ("/ob/draft-store/damaged", test_damaged);
  ADD ("/ob/draft-store/left-after-crash", test_left_after_crash);
  ADD ("/ob/draft-store/empty-folder", test_empty_folder);
#undef ADD

  return g_test_run ();
}
