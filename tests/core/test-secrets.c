/* test-secrets.c — the keyring facade against a real gnome-keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ./dev test runs this inside a private D-Bus session with its own unlocked
 * gnome-keyring, so nothing here touches a person's real keyring.
 */
#include <string.h>

#include "ob-secrets.h"

#define PASSWORD "correct horse battery staple"

static void
test_secrets_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObSecretString) found = NULL;
  g_autoptr(ObSecretString) other_kind = NULL;
  g_autoptr(ObSecretString) gone = NULL;
  g_autoptr(ObSecretString) replaced = NULL;

  g_assert_true (ob_secrets_store_sync ("test-round-trip", "smtp.example.com",
                                        "ada@example.com", OB_SECRET_KIND_PASSWORD,
                                        PASSWORD, NULL, &error));
  g_assert_no_error (error);

  found = ob_secrets_lookup_sync ("test-round-trip", OB_SECRET_KIND_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, PASSWORD);

  /* The kind is part of the key: a token lookup does not return a password. */
  other_kind = ob_secrets_lookup_sync ("test-round-trip",
                                       OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other_kind);

  /* Storing again replaces rather than duplicates. */
  g_assert_true (ob_secrets_store_sync ("test-round-trip", "smtp.example.com",
                                        "ada@example.com", OB_SECRET_KIND_PASSWORD,
                                        "a new one", NULL, &error));
  replaced = ob_secrets_lookup_sync ("test-round-trip", OB_SECRET_KIND_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced, ==, "a new one");

  g_assert_true (ob_secrets_clear_sync ("test-round-trip", NULL, &error));
  g_assert_no_error (error);
  gone = ob_secrets_lookup_sync ("test-round-trip", OB_SECRET_KIND_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  /* Clearing what is not there is not an error. */
  g_assert_true (ob_secrets_clear_sync ("test-round-trip", NULL, &error));
  g_assert_no_error (error);
}

static void
test_secrets_label_and_schema (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) items = NULL;
  SecretItem *item;
  g_autofree char *label = NULL;

  g_assert_true (ob_secrets_store_sync ("test-label", "smtp.example.org", "bob",
                                        OB_SECRET_KIND_PASSWORD, PASSWORD, NULL, &error));
  g_assert_no_error (error);

  items = secret_password_search_sync (ob_secrets_get_schema (), SECRET_SEARCH_ALL,
                                       NULL, &error, "account-id", "test-label", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  item = items->data;
  label = secret_item_get_label (item);
  /* A person finds it in Passwords and Keys by app, login and server. */
  g_assert_nonnull (strstr (label, "Outbound"));
  g_assert_nonnull (strstr (label, "bob"));
  g_assert_nonnull (strstr (label, "smtp.example.org"));
  g_assert_cmpstr (secret_item_get_schema_name (item), ==, OB_SECRETS_SCHEMA_NAME);
  g_list_free_full (g_steal_pointer (&items), g_object_unref);

  g_assert_true (ob_secrets_clear_sync ("test-label", NULL, &error));
  g_assert_no_error (error);
}

static void
test_secrets_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      char *secret;

      /* A session bus with no Secret Service must be an error, never a
       * silent fallback to a file. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/outbound-test-bus", TRUE);
      secret = ob_secrets_lookup_sync ("test-no-service", OB_SECRET_KIND_PASSWORD, NULL, &error);
      g_assert_null (secret);
      g_assert_error (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_NO_SERVICE);
      g_assert_nonnull (strstr (error->message, "keyring"));
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/secrets/round-trip", test_secrets_round_trip);
  g_test_add_func ("/ob/secrets/label-and-schema", test_secrets_label_and_schema);
  g_test_add_func ("/ob/secrets/no-service", test_secrets_no_service);

  return g_test_run ();
}
