/* test-fake-resolver.c — the canned-answer resolver other tests rely on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "ob-fake-resolver.h"

/* Every wait in these tests ends after this, even when something hangs. */
#define WAIT_LIMIT_MS 10000

typedef struct
{
  ObFakeResolver *resolver;
  GResolver      *previous;
  GAsyncResult   *result;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->previous = g_resolver_get_default ();
  f->resolver = ob_fake_resolver_new ();
  g_resolver_set_default (G_RESOLVER (f->resolver));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_resolver_set_default (f->previous);
  g_object_unref (f->previous);
  g_clear_object (&f->resolver);
  g_clear_object (&f->result);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static gboolean
wait_limit_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until the pending call has stored its result. */
static GAsyncResult *
wait_result (Fixture *f)
{
  gboolean expired = FALSE;
  guint limit = g_timeout_add (WAIT_LIMIT_MS, wait_limit_cb, &expired);

  while (f->result == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (limit);
  return f->result;
}

static char *
join_addresses (GList *addresses)
{
  GString *text = g_string_new (NULL);

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      g_autofree char *address = g_inet_address_to_string (l->data);

      g_string_append_printf (text, "%s%s", text->len ? " " : "", address);
    }
  return g_string_free (text, FALSE);
}

static void
test_addresses (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *addresses;
  g_autofree char *all = NULL;
  g_autofree char *v4 = NULL;
  g_autofree char *async = NULL;

  ob_fake_resolver_add_address (f->resolver, "mail.example.com", "192.0.2.10");
  ob_fake_resolver_add_address (f->resolver, "mail.example.com", "2001:db8::10");

  addresses = g_resolver_lookup_by_name (resolver, "Mail.Example.com.", NULL, &error);
  g_assert_no_error (error);
  all = join_addresses (addresses);
  g_assert_cmpstr (all, ==, "192.0.2.10 2001:db8::10");
  g_resolver_free_addresses (addresses);

  addresses = g_resolver_lookup_by_name_with_flags (resolver, "mail.example.com",
                                                    G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY,
                                                    NULL, &error);
  g_assert_no_error (error);
  v4 = join_addresses (addresses);
  g_assert_cmpstr (v4, ==, "192.0.2.10");
  g_resolver_free_addresses (addresses);

  g_resolver_lookup_by_name_with_flags_async (resolver, "mail.example.com",
                                              G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY, NULL,
                                              store_result_cb, f);
  addresses = g_resolver_lookup_by_name_with_flags_finish (resolver, wait_result (f), &error);
  g_assert_no_error (error);
  async = join_addresses (addresses);
  g_assert_cmpstr (async, ==, "2001:db8::10");
  g_resolver_free_addresses (addresses);

  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "mail.example.com"), ==, 3);
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *records, *targets;
  const char *host;
  guint16 preference;
  g_autofree const char **strings = NULL;

  ob_fake_resolver_add_mx (f->resolver, "example.com", 10, "mx1.example.com");
  ob_fake_resolver_add_txt (f->resolver, "example.com", "v=spf1 ", "-all", NULL);
  ob_fake_resolver_add_srv (f->resolver, "_submission._tcp.example.com", 0, 1, 587,
                            "smtp.example.com");

  records = g_resolver_lookup_records (resolver, "example.com", G_RESOLVER_RECORD_MX, NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (records), ==, 1);
  g_variant_get (records->data, "(q&s)", &preference, &host);
  g_assert_cmpuint (preference, ==, 10);
  g_assert_cmpstr (host, ==, "mx1.example.com");
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  g_resolver_lookup_records_async (resolver, "example.com", G_RESOLVER_RECORD_TXT, NULL,
                                   store_result_cb, f);
  records = g_resolver_lookup_records_finish (resolver, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (records), ==, 1);
  g_variant_get (records->data, "(^a&s)", &strings);
  g_assert_cmpstr (strings[0], ==, "v=spf1 ");
  g_assert_cmpstr (strings[1], ==, "-all");
  g_assert_null (strings[2]);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  targets = g_resolver_lookup_service (resolver, "submission", "tcp", "example.com", NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (targets), ==, 1);
  g_assert_cmpstr (g_srv_target_get_hostname (targets->data), ==, "smtp.example.com");
  g_assert_cmpuint (g_srv_target_get_port (targets->data), ==, 587);
  g_resolver_free_targets (targets);

  /* A known name without records of the type asked for. */
  records = g_resolver_lookup_records (resolver, "example.com", G_RESOLVER_RECORD_SRV, NULL,
                                       &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_null (records);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *addresses;
  char *name;
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string ("192.0.2.99");

  addresses = g_resolver_lookup_by_name (resolver, "nowhere.example", NULL, &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_null (addresses);
  g_clear_error (&error);

  g_resolver_lookup_by_name_async (resolver, "nowhere.example", NULL, store_result_cb, f);
  addresses = g_resolver_lookup_by_name_finish (resolver, wait_result (f), &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_null (addresses);
  g_clear_error (&error);

  name = g_resolver_lookup_by_address (resolver, address, NULL, &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_null (name);
}

static void
test_reverse (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string ("198.51.100.7");
  g_autofree char *name = NULL;
  g_autofree char *async_name = NULL;

  ob_fake_resolver_add_address (f->resolver, "relay.example.net", "198.51.100.7");
  name = g_resolver_lookup_by_address (resolver, address, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "relay.example.net");

  g_resolver_lookup_by_address_async (resolver, address, NULL, store_result_cb, f);
  async_name = g_resolver_lookup_by_address_finish (resolver, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (async_name, ==, "relay.example.net");
}

static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *records;

  ob_fake_resolver_add_txt (f->resolver, "broken.example", "v=spf1 -all", NULL);
  ob_fake_resolver_set_failure (f->resolver, "broken.example",
                                G_RESOLVER_ERROR_TEMPORARY_FAILURE);

  records = g_resolver_lookup_records (resolver, "broken.example", G_RESOLVER_RECORD_TXT, NULL,
                                       &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  g_assert_null (records);
  g_clear_error (&error);

  g_resolver_lookup_records_async (resolver, "broken.example", G_RESOLVER_RECORD_TXT, NULL,
                                   store_result_cb, f);
  records = g_resolver_lookup_records_finish (resolver, wait_result (f), &error);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  g_assert_null (records);
}

static void
test_delay_and_cancel (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GList *addresses;

  ob_fake_resolver_add_address (f->resolver, "slow.example", "192.0.2.1");
  /* Longer than the wait limit: only the cancellation can end the lookup. */
  ob_fake_resolver_set_delay (f->resolver, "slow.example", 60000);

  g_resolver_lookup_by_name_async (resolver, "slow.example", cancellable, store_result_cb, f);
  g_main_context_iteration (NULL, FALSE);
  g_assert_null (f->result);
  g_cancellable_cancel (cancellable);
  addresses = g_resolver_lookup_by_name_finish (resolver, wait_result (f), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (addresses);
  g_clear_error (&error);

  /* A synchronous lookup waits on the cancellable too. */
  addresses = g_resolver_lookup_by_name (resolver, "slow.example", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (addresses);
}

static void
test_short_delay (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *addresses;

  ob_fake_resolver_add_address (f->resolver, "slow.example", "192.0.2.1");
  ob_fake_resolver_set_delay (f->resolver, "slow.example", 20);

  g_resolver_lookup_by_name_async (resolver, "slow.example", NULL, store_result_cb, f);
  addresses = g_resolver_lookup_by_name_finish (resolver, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (addresses), ==, 1);
  g_resolver_free_addresses (addresses);

  addresses = g_resolver_lookup_by_name (resolver, "slow.example", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (addresses), ==, 1);
  g_resolver_free_addresses (addresses);
}

/* GNetworkAddress is what GSocketClient and libsoup resolve with; it uses
 * the *_with_flags lookups. */
static void
test_network_address (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSocketConnectable) connectable = g_network_address_new ("smtp.example.com", 587);
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) first = NULL;
  g_autoptr(GSocketAddress) second = NULL;
  GSocketAddress *end;

  ob_fake_resolver_add_address (f->resolver, "smtp.example.com", "192.0.2.25");
  ob_fake_resolver_add_address (f->resolver, "smtp.example.com", "2001:db8::25");

  enumerator = g_socket_connectable_enumerate (connectable);
  first = g_socket_address_enumerator_next (enumerator, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = g_socket_address_enumerator_next (enumerator, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  end = g_socket_address_enumerator_next (enumerator, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (end);
  g_assert_cmpuint (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (first)), ==, 587);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ob/fake-resolver/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("addresses", test_addresses);
  ADD ("records", test_records);
  ADD ("not-found", test_not_found);
  ADD ("reverse", test_reverse);
  ADD ("failure", test_failure);
  ADD ("delay-and-cancel", test_delay_and_cancel);
  ADD ("short-delay", test_short_delay);
  ADD ("network-address", test_network_address);
#undef ADD

  return g_test_run ();
}
