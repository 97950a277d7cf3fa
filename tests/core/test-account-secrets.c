/* test-account-secrets.c — accounts and their secrets, against a real gnome-keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ./dev test runs this inside a private D-Bus session with its own unlocked
 * gnome-keyring, so nothing here touches a person's real keyring.
 */
#include <string.h>

#include "ob-account-store.h"
#include "ob-secrets.h"
#include "ob-test-scan.h"
#include "ob-test-util.h"

/* Distinctive enough that finding it anywhere on disk means it leaked. */
#define PASSWORD "Tr0ub4dor&3-account-secrets-test"

typedef struct
{
  char           *dir;
  ObAccountStore *store;
  ObAccount      *account;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("ob-account-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "accounts.ini", NULL);
  fixture->store = ob_account_store_new (path);

  fixture->account = ob_account_new ("ada@example.com");
  ob_account_set_host (fixture->account, "smtp.example.com");
  ob_account_set_username (fixture->account, "ada");
  g_assert_true (ob_secrets_store_sync (ob_account_get_id (fixture->account), "smtp.example.com",
                                        "ada", OB_SECRET_KIND_PASSWORD, PASSWORD, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ob_account_store_add (fixture->store, fixture->account, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ob_test_assert_not_in_tree (fixture->dir, PASSWORD);
  ob_secrets_clear_sync (ob_account_get_id (fixture->account), NULL, NULL);
  ob_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_object_unref (fixture->store);
  g_object_unref (fixture->account);
}

static char *
lookup (ObAccount *account)
{
  g_autoptr(GError) error = NULL;
  char *secret = ob_secrets_lookup_sync (ob_account_get_id (account), OB_SECRET_KIND_PASSWORD,
                                         NULL, &error);

  g_assert_no_error (error);
  return secret;
}

static void
test_remove_clears_secret (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ObSecretString) before = lookup (fixture->account);
  g_autoptr(ObSecretString) after = NULL;
  g_autoptr(ObAccountStore) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (before, ==, PASSWORD);

  g_assert_true (ob_account_store_remove (fixture->store, fixture->account, NULL, &error));
  g_assert_no_error (error);
  after = lookup (fixture->account);
  g_assert_null (after);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);

  reloaded = ob_account_store_new (ob_account_store_get_path (fixture->store));
  g_assert_true (ob_account_store_load (reloaded, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 0);

  /* Removing it again: nothing to remove, and the keyring is not asked. */
  g_assert_false (ob_account_store_remove (fixture->store, fixture->account, NULL, &error));
  g_assert_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_NOT_FOUND);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static void
test_remove_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ObSecretString) after = NULL;
  g_autoptr(GError) error = NULL;

  ob_account_store_remove_async (fixture->store, fixture->account, NULL, store_result_cb, &result);
  /* The keyring is asked in a worker thread: nothing has changed yet. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 1);

  g_assert_true (ob_account_store_remove_finish (fixture->store, wait_for_result (&result),
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->store)), ==, 0);
  after = lookup (fixture->account);
  g_assert_null (after);
}

static void
test_secrets_async (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *id = ob_account_get_id (fixture->account);
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) gone = NULL;
  g_autoptr(ObSecretString) secret = NULL;
  g_autoptr(ObSecretString) nothing = NULL;
  g_autoptr(GError) error = NULL;

  ob_secrets_store_async (id, "smtp.example.com", "ada", OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN,
                          "refresh-" PASSWORD, NULL, store_result_cb, &stored);
  g_assert_true (ob_secrets_store_finish (wait_for_result (&stored), &error));
  g_assert_no_error (error);

  ob_secrets_lookup_async (id, OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN, NULL, store_result_cb, &found);
  secret = ob_secrets_lookup_finish (wait_for_result (&found), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "refresh-" PASSWORD);

  /* Clearing removes both kinds. */
  ob_secrets_clear_async (id, NULL, store_result_cb, &cleared);
  g_assert_true (ob_secrets_clear_finish (wait_for_result (&cleared), &error));
  g_assert_no_error (error);

  ob_secrets_lookup_async (id, OB_SECRET_KIND_PASSWORD, NULL, store_result_cb, &gone);
  nothing = ob_secrets_lookup_finish (wait_for_result (&gone), &error);
  g_assert_no_error (error);
  g_assert_null (nothing);
}

static void
test_secrets_cancelled (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  g_cancellable_cancel (cancellable);
  ob_secrets_lookup_async (ob_account_get_id (fixture->account), OB_SECRET_KIND_PASSWORD,
                           cancellable, store_result_cb, &found);
  secret = ob_secrets_lookup_finish (wait_for_result (&found), &error);
  g_assert_null (secret);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ob/account-secrets/remove-clears-secret", test_remove_clears_secret);
  ADD ("/ob/account-secrets/remove-async", test_remove_async);
  ADD ("/ob/account-secrets/async", test_secrets_async);
  ADD ("/ob/account-secrets/cancelled", test_secrets_cancelled);
#undef ADD

  return g_test_run ();
}
