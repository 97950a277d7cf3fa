/* ob-provider-db.c — the built-in provider database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/providers/ is compiled into the core's own resource bundle, under
 * its own path so it cannot shadow the app's resources. The bundle is
 * registered on first use rather than by a constructor, which a static
 * library's linker may drop, and parsed once by the same parser that reads
 * documents from the network. The database is immutable afterwards, so
 * every thread may use it without locking.
 */
#include "config.h"

#include <string.h>

#include "ob-core-resources.h"
#include "ob-ispdb-parser.h"
#include "ob-provider-db.h"

#define PROVIDERS_PATH "/io/github/outbound/Outbound/providers/"

struct _ObProviderDb
{
  GObject     parent_instance;

  GPtrArray  *providers;    /* ObProvider, in file-name order */
  GHashTable *by_id;        /* id → ObProvider (borrowed) */
  GHashTable *by_domain;    /* address domain → ObProvider (borrowed) */
};

G_DEFINE_FINAL_TYPE (ObProviderDb, ob_provider_db, G_TYPE_OBJECT)

static void
ob_provider_db_finalize (GObject *object)
{
  ObProviderDb *self = OB_PROVIDER_DB (object);

  g_hash_table_unref (self->by_domain);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->providers);

  G_OBJECT_CLASS (ob_provider_db_parent_class)->finalize (object);
}

static void
ob_provider_db_class_init (ObProviderDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_provider_db_finalize;
}

static void
ob_provider_db_init (ObProviderDb *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_domain = g_hash_table_new (g_str_hash, g_str_equal);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_provider (ObProviderDb *self,
              ObProvider   *provider)
{
  const char * const *domains = ob_provider_get_domains (provider);

  g_ptr_array_add (self->providers, g_object_ref (provider));
  g_hash_table_insert (self->by_id, (gpointer) ob_provider_get_id (provider), provider);
  for (guint i = 0; domains[i] != NULL; i++)
    g_hash_table_insert (self->by_domain, (gpointer) domains[i], provider);
}

static ObProviderDb *
load_builtin (void)
{
  GResource *resource;
  g_autoptr(ObProviderDb) self = g_object_new (OB_TYPE_PROVIDER_DB, NULL);
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  ob_core_register_resource ();
  resource = ob_core_get_resource ();
  names = g_resource_enumerate_children (resource, PROVIDERS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                         &error);
  if (names == NULL)
    g_error ("The built-in provider database is missing: %s", error->message);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (PROVIDERS_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ObProvider) provider = NULL;
      gsize size;
      const char *data;

      bytes = g_resource_lookup_data (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &size);
      provider = ob_ispdb_parse (data, size, &error);
      /* tests/data/check-providers.py vets every file at build time. */
      if (provider == NULL)
        {
          g_warning ("Built-in provider %s is unusable: %s", names[i], error->message);
          g_clear_error (&error);
          continue;
        }
      add_provider (self, provider);
    }
  return g_steal_pointer (&self);
}

/**
 * ob_provider_db_get_default:
 *
 * Returns: (transfer none): the database built into Outbound, loaded on
 *   first use; safe to use from any thread
 */
ObProviderDb *
ob_provider_db_get_default (void)
{
  static gsize loaded;
  static ObProviderDb *builtin;

  if (g_once_init_enter (&loaded))
    {
      builtin = load_builtin ();
      g_once_init_leave (&loaded, 1);
    }
  return builtin;
}

/**
 * ob_provider_db_get_providers:
 *
 * Returns: (transfer none) (element-type ObProvider): every provider
 */
GPtrArray *
ob_provider_db_get_providers (ObProviderDb *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER_DB (self), NULL);

  return self->providers;
}

/**
 * ob_provider_db_lookup_id:
 *
 * Returns: (transfer none) (nullable): the provider with that id
 */
ObProvider *
ob_provider_db_lookup_id (ObProviderDb *self,
                          const char   *id)
{
  g_return_val_if_fail (OB_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * ob_provider_db_lookup_domain:
 * @domain: an address's domain, in ASCII (see g_hostname_to_ascii())
 *
 * Returns: (transfer none) (nullable): the provider serving addresses at
 *   exactly @domain
 */
ObProvider *
ob_provider_db_lookup_domain (ObProviderDb *self,
                              const char   *domain)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (OB_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  lower = g_ascii_strdown (domain, -1);
  return g_hash_table_lookup (self->by_domain, lower);
}

static gboolean
host_is_under (const char *host,
               const char *name)
{
  gsize host_len = strlen (host);
  gsize name_len = strlen (name);

  if (host_len == name_len)
    return g_ascii_strcasecmp (host, name) == 0;
  return host_len > name_len && host[host_len - name_len - 1] == '.' &&
         g_ascii_strcasecmp (host + host_len - name_len, name) == 0;
}

/**
 * ob_provider_db_lookup_mx:
 * @mx_host: the host name of a domain's most preferred MX record
 * @region: (out) (optional) (nullable): the region that MX name implies
 *
 * Finds the provider that hosts a custom domain's mail: the one with an
 * MX name equal to @mx_host or a parent of it. The longest such name wins.
 *
 * Returns: (transfer none) (nullable): the provider
 */
ObProvider *
ob_provider_db_lookup_mx (ObProviderDb  *self,
                          const char    *mx_host,
                          const char   **region)
{
  ObProvider *best = NULL;
  const char *best_name = NULL;

  g_return_val_if_fail (OB_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (mx_host != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      ObProvider *provider = g_ptr_array_index (self->providers, i);
      const char * const *names = ob_provider_get_mx_domains (provider);

      for (guint k = 0; names[k] != NULL; k++)
        if (host_is_under (mx_host, names[k]) &&
            (best_name == NULL || strlen (names[k]) > strlen (best_name)))
          {
            best = provider;
            best_name = names[k];
          }
    }

  if (region != NULL)
    *region = best ? ob_provider_get_mx_region (best, best_name) : NULL;
  return best;
}
