/* test-account-store.c — the accounts file: round trips, atomic writes,
 * damaged files and several writers at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "ob-account-store.h"
#include "ob-test-util.h"

#define WRITER_ENV "OB_TEST_ACCOUNT_STORE_WRITER"
#define ACCOUNTS_PER_WRITER 15

static const char *self_path;

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ob-account-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* The store creates its own directory. */
  fixture->path = g_build_filename (fixture->dir, "outbound", "accounts.ini", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ob_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static ObAccount *
make_account (const char *address,
              const char *host)
{
  ObAccount *account = ob_account_new (address);

  ob_account_set_host (account, host);
  return account;
}

static ObAccount *
make_full_account (void)
{
  ObAccount *account = ob_account_new ("ada@example.com");

  ob_account_set_display_name (account, "Work — “main” [1]");
  ob_account_set_sender_name (account, "Ada Lovelace");
  ob_account_set_reply_to (account, "team@example.com");
  ob_account_set_signature (account, "Ada\n  Analytical Engines Ltd\\n\tsince 1843 ");
  ob_account_set_host (account, "smtp.example.com");
  ob_account_set_port (account, 465);
  ob_account_set_security (account, OB_SECURITY_TLS);
  ob_account_set_auth_mechanism (account, "PLAIN");
  ob_account_set_username (account, "ada=lovelace#1");
  ob_account_set_ca_file (account, "/etc/ssl/our ca.pem");
  ob_account_set_pinned_sha256 (account,
                                "4f3d8a0b1c2e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c");
  ob_account_set_limits (account, 20, 500);
  ob_account_set_provider_id (account, "example");
  ob_account_set_detected (account, "ispdb");
  ob_account_set_port (account, 465);
  ob_account_set_username (account, "ada=lovelace#2");
  return account;
}

static void
assert_same_settings (ObAccount *a,
                      ObAccount *b)
{
  guint n = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;
      g_autofree char *sa = NULL;
      g_autofree char *sb = NULL;

      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);
      sa = g_strdup_value_contents (&va);
      sb = g_strdup_value_contents (&vb);
      g_test_message ("%s: %s", pspecs[i]->name, sa);
      g_assert_cmpstr (sa, ==, sb);
    }
}

static ObAccountStore *
load_store (const char *path)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_account_store_load (store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpuint (ob_account_store_get_load_problems (store)->len, ==, 0);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (ob_account_store_get_path (store), ==, fixture->path);
}

static void
test_default_path (void)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new_default ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "outbound",
                                                "accounts.ini", NULL);

  g_assert_cmpstr (ob_account_store_get_path (store), ==, expected);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);
  g_autoptr(ObAccount) full = make_full_account ();
  g_autoptr(ObAccount) plain = make_account ("bob@example.org", "mail.example.org");
  g_autoptr(ObAccountStore) again = NULL;
  g_autoptr(ObAccount) first = NULL;
  g_autoptr(ObAccount) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ob_account_get_origin (full), ==, OB_ACCOUNT_ORIGIN_EDITED);
  g_assert_true (ob_account_store_add (store, full, &error));
  g_assert_true (ob_account_store_add (store, plain, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  again = load_store (fixture->path);
  g_assert_cmpuint (ob_account_store_get_load_problems (again)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (again), 0);
  second = g_list_model_get_item (G_LIST_MODEL (again), 1);
  assert_same_settings (full, first);
  assert_same_settings (plain, second);

  g_assert_true (ob_account_store_lookup (again, ob_account_get_id (full)) == first);
  g_assert_true (ob_account_store_lookup (again, "BOB@Example.ORG") == second);
  g_assert_null (ob_account_store_lookup (again, "carol@example.com"));
}

/* An account whose API token is its user name keeps no user name on disk. */
static void
test_username_is_secret (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);
  g_autoptr(ObAccount) token = make_account ("dan@example.net", "smtp.postmarkapp.com");
  g_autoptr(ObAccountStore) again = NULL;
  g_autoptr(ObAccount) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  ob_account_set_username_is_secret (token, TRUE);
  g_assert_true (ob_account_store_add (store, token, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "UsernameIsSecret=true\n"));
  g_assert_null (strstr (contents, "Username="));

  again = load_store (fixture->path);
  g_assert_cmpuint (ob_account_store_get_load_problems (again)->len, ==, 0);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  assert_same_settings (token, loaded);
  g_assert_true (ob_account_get_username_is_secret (loaded));
  g_assert_true (ob_account_needs_login (loaded));

  /* Anything but true or false leaves the account out, and says why. */
  contents = (g_free (contents), g_strdup ("[Account tok]\nAddress=dan@example.net\n"
                                           "Host=smtp.postmarkapp.com\nUsernameIsSecret=yes\n"));
  g_assert_true (g_file_set_contents (fixture->path, contents, -1, &error));
  g_clear_object (&again);
  again = load_store (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);
  g_assert_cmpuint (ob_account_store_get_load_problems (again)->len, ==, 1);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (
                              ob_account_store_get_load_problems (again), 0))->message,
                            "UsernameIsSecret"));
}

static void
test_atomic_write (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  GStatBuf st;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *address = g_strdup_printf ("user%u@example.com", i);
      g_autoptr(ObAccount) account = make_account (address, "smtp.example.com");

      g_assert_true (ob_account_store_add (store, account, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ob_account_store_save (store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Nothing but the file and its lock: no temporary file left behind. */
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_test_message ("found %s", name);
      g_assert_true (g_str_equal (name, "accounts.ini") || g_str_equal (name, "accounts.ini.lock"));
    }
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_items_changed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);
  g_autoptr(ObAccount) account = make_account ("ada@example.com", "smtp.example.com");
  g_autoptr(ObAccountStore) other = load_store (fixture->path);
  g_autoptr(GError) error = NULL;
  ObAccount *theirs;
  guint changes = 0, port_changes = 0;

  g_signal_connect (store, "items-changed", G_CALLBACK (count_items_changed_cb), &changes);
  g_assert_true (ob_account_store_add (store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* Another program edits the account; loading again updates the object a
   * view holds rather than replacing it. */
  g_assert_true (ob_account_store_load (other, &error));
  theirs = ob_account_store_lookup (other, "ada@example.com");
  g_assert_true (theirs != account);
  ob_account_set_port (theirs, 2525);
  g_assert_true (ob_account_store_save (other, &error));
  g_assert_no_error (error);

  g_signal_connect (account, "notify::port", G_CALLBACK (count_notify_cb), &port_changes);
  g_assert_true (ob_account_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_true (ob_account_store_lookup (store, "ada@example.com") == account);
  g_assert_cmpuint (ob_account_get_port (account), ==, 2525);
  g_assert_cmpuint (port_changes, ==, 1);
  g_assert_cmpuint (changes, ==, 2);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);
  g_autoptr(ObAccount) first = make_account ("ada@example.com", "smtp.example.com");
  g_autoptr(ObAccount) same = make_account ("Ada@EXAMPLE.com", "smtp.example.org");
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_account_store_add (store, first, &error));
  g_assert_false (ob_account_store_add (store, same, &error));
  g_assert_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (ob_account_store_add (store, first, &error));
  g_assert_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_DUPLICATE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
}

static void
test_invalid_not_saved (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = load_store (fixture->path);
  g_autoptr(ObAccount) account = make_account ("ada@example.com", "smtp.example.com");
  g_autoptr(ObAccount) no_host = ob_account_new ("bob@example.com");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_false (ob_account_store_add (store, no_host, &error));
  g_assert_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_NO_HOST);
  g_clear_error (&error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_assert_true (ob_account_store_add (store, account, &error));
  g_assert_true (g_file_get_contents (fixture->path, &before, NULL, NULL));

  /* An edit that breaks the account is refused, and the file stays. */
  ob_account_set_username (account, "ada\r\nQUIT");
  g_assert_false (ob_account_store_save (store, &error));
  g_assert_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_LINE_BREAK);
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new (fixture->path);
  g_autoptr(ObAccount) account = make_account ("ada@example.com", "smtp.example.com");
  g_autoptr(GError) error = NULL;

  /* A directory where the file should be: unreadable even for root. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->path, 0700), ==, 0);
  g_assert_false (ob_account_store_load (store, &error));
  g_assert_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_READ);
  g_clear_error (&error);

  /* What cannot be read is never written over. */
  g_assert_false (ob_account_store_add (store, account, &error));
  g_assert_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_READ);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_DIR));
}

#define GOOD_1 "1111aaaa2222"
#define GOOD_2 "3333bbbb4444"

/* A hand-edited file with one of every kind of problem. Each problem must
 * name its line; the two good accounts must load. */
static const char damaged[] =
  "# my accounts\r\n"                                   /* 1 */
  "Stray=before any section\n"                          /* 2 */
  "\n"                                                  /* 3 */
  "[Account " GOOD_1 "]\n"                              /* 4 */
  "  Address = ada@example.com\n"                       /* 5 */
  "Host=smtp.example.com\r\n"                           /* 6 */
  "Port=465\n"                                          /* 7 */
  "Security=tls\n"                                      /* 8 */
  "Colour=blue\n"                                       /* 9: unknown, account kept */
  "this line is nonsense\n"                             /* 10 */
  "Port=25\n"                                           /* 11: second Port */
  "[Account bad1]\n"                                    /* 12 */
  "Address=bob@example.com\n"                           /* 13 */
  "Host=smtp.example.com\n"                             /* 14 */
  "Port=seventy\n"                                      /* 15: account left out */
  "[Account bad2]\n"                                    /* 16 */
  "Address=carol@example.com\n"                         /* 17 */
  "Host=smtp.example.com\n"                             /* 18 */
  "Security=rot13\n"                                    /* 19: account left out */
  "[Settings]\n"                                        /* 20: not an account */
  "Theme=dark\n"                                        /* 21: ignored with it */
  "[Account bad3]\n"                                    /* 22: no host */
  "Address=dan@example.com\n"                           /* 23 */
  "[Account " GOOD_1 "]\n"                              /* 24: same id again */
  "Address=eve@example.com\n"                           /* 25 */
  "Host=smtp.example.com\n"                             /* 26 */
  "[Account bad4]\n"                                    /* 27: reported here */
  "Address=ADA@example.com\n"                           /* 28: same address as line 5 */
  "Host=smtp.example.com\n"                             /* 29 */
  "[Account bad5]\n"                                    /* 30 */
  "Address=frank@example.com\n"                         /* 31 */
  "Host=smtp.example.com\n"                             /* 32 */
  "Signature=bad escape \\q\n"                          /* 33: account left out */
  "\xff\xfe garbage\n"                                  /* 34 */
  "[Account " GOOD_2 "]\n"                              /* 35 */
  "Address=grace@example.com\n"                         /* 36 */
  "Host=smtp.example.net\n"                             /* 37 */
  "[Account no good!]\n"                                /* 38: invalid id */
  "Address=heidi@example.com\n";                        /* 39 */

static const guint damaged_lines[] = { 2, 9, 10, 11, 15, 19, 20, 22, 24, 27, 33, 34, 38 };

static void
assert_problem_lines (ObAccountStore *store,
                      const char     *path)
{
  GPtrArray *problems = ob_account_store_get_load_problems (store);

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", ((GError *) g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (damaged_lines));
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);
      g_autofree char *where = g_strdup_printf ("%s, line %u: ", path, damaged_lines[i]);

      g_assert_true (problem->domain == OB_ACCOUNT_STORE_ERROR);
      g_assert_true (g_str_has_prefix (problem->message, where));
    }
}

static char *
find_kept_aside (const char *path,
                 guint      *count)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  char *found = NULL;
  const char *name;

  *count = 0;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "accounts.ini.broken-"))
      {
        (*count)++;
        g_free (found);
        found = g_build_filename (dir, name, NULL);
      }
  return found;
}

static void
test_damaged_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObAccountStore) repaired = NULL;
  g_autoptr(ObAccount) added = make_account ("ivan@example.com", "smtp.example.com");
  g_autoptr(ObAccount) good = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_contents = NULL;
  gsize kept_length = 0;
  guint count = 0;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, damaged, sizeof damaged - 1, &error));

  store = load_store (fixture->path);
  assert_problem_lines (store, fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  good = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (ob_account_get_id (good), ==, GOOD_1);
  g_assert_cmpstr (ob_account_get_address (good), ==, "ada@example.com");
  g_assert_cmpuint (ob_account_get_port (good), ==, 465);
  g_assert_nonnull (ob_account_store_lookup (store, GOOD_2));

  /* Loading alone changes nothing on disk. */
  g_assert_null (find_kept_aside (fixture->path, &count));
  g_assert_null (ob_account_store_get_kept_aside_path (store));

  /* The first save keeps the damaged file aside, byte for byte. */
  g_assert_true (ob_account_store_add (store, added, &error));
  g_assert_no_error (error);
  kept = find_kept_aside (fixture->path, &count);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (kept, ==, ob_account_store_get_kept_aside_path (store));
  g_assert_true (g_file_get_contents (kept, &kept_contents, &kept_length, NULL));
  g_assert_cmpmem (kept_contents, kept_length, damaged, sizeof damaged - 1);
  g_assert_cmpint (g_stat (kept, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  repaired = load_store (fixture->path);
  g_assert_cmpuint (ob_account_store_get_load_problems (repaired)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (repaired)), ==, 3);

  /* A file damaged again, in the same second, gets a copy of its own. */
  g_assert_true (g_file_set_contents (fixture->path, damaged, sizeof damaged - 1, &error));
  g_assert_true (ob_account_store_load (repaired, &error));
  g_assert_true (ob_account_store_save (repaired, &error));
  g_assert_no_error (error);
  g_free (find_kept_aside (fixture->path, &count));
  g_assert_cmpuint (count, ==, 2);
  g_clear_pointer (&kept_contents, g_free);
  g_assert_true (g_file_get_contents (kept, &kept_contents, &kept_length, NULL));
  g_assert_cmpmem (kept_contents, kept_length, damaged, sizeof damaged - 1);
}

static void
test_problem_cap (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autoptr(ObAccountStore) store = NULL;
  GPtrArray *problems;

  for (guint i = 0; i < 5000; i++)
    g_string_append (junk, "\x01\x02 binary junk\n");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, junk->str, junk->len, NULL));

  store = load_store (fixture->path);
  problems = ob_account_store_get_load_problems (store);
  g_assert_cmpuint (problems->len, <=, 51);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (problems, problems->len - 1))->message,
                            "more problems"));
}

/* Two stores on one file, as two programs would have: neither loses the
 * other's changes. */
static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(ObAccountStore) first = load_store (fixture->path);
  g_autoptr(ObAccountStore) second = load_store (fixture->path);
  g_autoptr(ObAccount) ada = make_account ("ada@example.com", "smtp.example.com");
  g_autoptr(ObAccount) bob = make_account ("bob@example.com", "smtp.example.com");
  g_autoptr(ObAccountStore) check = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_account_store_add (first, ada, &error));
  g_assert_true (ob_account_store_add (second, bob, &error));
  g_assert_no_error (error);
  /* The second store picked up the first one's account while adding. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 2);

  ob_account_set_sender_name (ada, "Ada Lovelace");
  g_assert_true (ob_account_store_save (first, &error));
  g_assert_no_error (error);

  check = load_store (fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 2);
  g_assert_cmpstr (ob_account_get_sender_name (ob_account_store_lookup (check, "ada@example.com")),
                   ==, "Ada Lovelace");
  g_assert_nonnull (ob_account_store_lookup (check, "bob@example.com"));
}

static void
run_writer (void)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new (g_getenv (WRITER_ENV));
  const char *prefix = g_getenv (WRITER_ENV "_PREFIX");

  for (guint i = 0; i < ACCOUNTS_PER_WRITER; i++)
    {
      g_autofree char *address = g_strdup_printf ("%s%u@example.com", prefix, i);
      g_autoptr(ObAccount) account = make_account (address, "smtp.example.com");
      g_autoptr(GError) error = NULL;

      if (!ob_account_store_add (store, account, &error))
        g_error ("writer %s: %s", prefix, error->message);
    }
}

static void
test_concurrent_writers (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *prefixes[] = { "left", "right" };
  g_autoptr(GSubprocess) left = NULL;
  g_autoptr(GSubprocess) right = NULL;
  GSubprocess **writers[] = { &left, &right };
  g_autoptr(ObAccountStore) store = NULL;

  /* Both start before either is waited for, so their changes overlap. */
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
      g_autoptr(GError) error = NULL;

      g_subprocess_launcher_setenv (launcher, WRITER_ENV, fixture->path, TRUE);
      g_subprocess_launcher_setenv (launcher, WRITER_ENV "_PREFIX", prefixes[i], TRUE);
      *writers[i] = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ob_test_subprocess_wait (*writers[i], 60000, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (*writers[i]));
    }

  store = load_store (fixture->path);
  g_assert_cmpuint (ob_account_store_get_load_problems (store)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==,
                    G_N_ELEMENTS (prefixes) * ACCOUNTS_PER_WRITER);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    for (guint k = 0; k < ACCOUNTS_PER_WRITER; k++)
      {
        g_autofree char *address = g_strdup_printf ("%s%u@example.com", prefixes[i], k);

        g_assert_nonnull (ob_account_store_lookup (store, address));
      }
}

int
main (int argc, char *argv[])
{
  /* The concurrent-writers test runs this program twice more as writers. */
  if (g_getenv (WRITER_ENV) != NULL)
    {
      run_writer ();
      return 0;
    }
  self_path = argv[0];

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ob/account-store/missing-file", test_missing_file);
  g_test_add_func ("/ob/account-store/default-path", test_default_path);
  ADD ("/ob/account-store/round-trip", test_round_trip);
  ADD ("/ob/account-store/username-is-secret", test_username_is_secret);
  ADD ("/ob/account-store/atomic-write", test_atomic_write);
  ADD ("/ob/account-store/items-changed", test_items_changed);
  ADD ("/ob/account-store/duplicate", test_duplicate);
  ADD ("/ob/account-store/invalid-not-saved", test_invalid_not_saved);
  ADD ("/ob/account-store/unreadable", test_unreadable);
  ADD ("/ob/account-store/damaged-file", test_damaged_file);
  ADD ("/ob/account-store/problem-cap", test_problem_cap);
  ADD ("/ob/account-store/merge", test_merge);
  ADD ("/ob/account-store/concurrent-writers", test_concurrent_writers);
#undef ADD

  return g_test_run ();
}
