/* ob-dns.c — DNS lookups with a time limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thin wrappers around GResolver's asynchronous lookups that give each one
 * a deadline (see ob-deadline.c) and name the looked-up name in a time-out
 * error. They take the resolver explicitly so a check can keep using the one
 * it started with.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-deadline.h"
#include "ob-dns.h"

typedef struct
{
  ObDeadline *deadline;
  char       *name;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  ob_deadline_free (data->deadline);
  g_free (data->name);
  g_free (data);
}

static GTask *
lookup_task_new (const char          *name,
                 guint                timeout_ms,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data,
                 gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  LookupData *data = g_new0 (LookupData, 1);

  g_task_set_source_tag (task, source_tag);
  data->deadline = ob_deadline_new (cancellable, timeout_ms);
  data->name = g_strdup (name);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  return task;
}

/* Returns the list, or takes the error and makes a time-out say so. */
static void
lookup_task_return (GTask          *task,
                    GList          *list,
                    GError         *error,
                    GDestroyNotify  free_list)
{
  LookupData *data = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Looking up “%s”"), data->name);

      ob_deadline_check_error (data->deadline, &error, what);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, list, free_list);
}

static void
free_variant_list (gpointer list)
{
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);
}

static void
free_address_list (gpointer list)
{
  g_list_free_full (list, g_object_unref);
}

static void
records_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);

  lookup_task_return (task, records, error, free_variant_list);
}

/**
 * ob_dns_lookup_records_async:
 * @timeout_ms: how long the lookup may take before it fails with
 *   %G_IO_ERROR_TIMED_OUT
 *
 * Like g_resolver_lookup_records_async(), with a time limit.
 */
void
ob_dns_lookup_records_async (GResolver           *resolver,
                             const char          *name,
                             GResolverRecordType  type,
                             guint                timeout_ms,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  LookupData *data;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (name != NULL);

  task = lookup_task_new (name, timeout_ms, cancellable, callback, user_data,
                          ob_dns_lookup_records_async);
  data = g_task_get_task_data (task);
  g_resolver_lookup_records_async (resolver, name, type,
                                   ob_deadline_get_cancellable (data->deadline),
                                   records_cb, task);
}

/**
 * ob_dns_lookup_records_finish:
 *
 * Returns: (transfer full) (element-type GVariant): the records, as
 *   g_resolver_lookup_records() gives them
 */
GList *
ob_dns_lookup_records_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
txt_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *records = ob_dns_lookup_records_finish (result, &error);

  if (error != NULL && !ob_dns_error_is_not_found (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ob_dns_txt_records_join (records),
                         (GDestroyNotify) g_ptr_array_unref);
  free_variant_list (records);
}

/**
 * ob_dns_lookup_txt_async:
 *
 * Looks up the TXT records at @name, each joined into one text.
 */
void
ob_dns_lookup_txt_async (GResolver           *resolver,
                         const char          *name,
                         guint                timeout_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_dns_lookup_txt_async);
  ob_dns_lookup_records_async (resolver, name, G_RESOLVER_RECORD_TXT, timeout_ms,
                               cancellable, txt_cb, task);
}

/**
 * ob_dns_lookup_txt_finish:
 *
 * Returns: (transfer full) (element-type utf8): the texts, empty when
 *   @name has no TXT record or does not exist
 */
GPtrArray *
ob_dns_lookup_txt_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
addresses_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  lookup_task_return (task, addresses, error, free_address_list);
}

/**
 * ob_dns_lookup_addresses_async:
 *
 * Like g_resolver_lookup_by_name_async() (IPv4 and IPv6), with a time limit.
 */
void
ob_dns_lookup_addresses_async (GResolver           *resolver,
                               const char          *host,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  LookupData *data;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (host != NULL);

  task = lookup_task_new (host, timeout_ms, cancellable, callback, user_data,
                          ob_dns_lookup_addresses_async);
  data = g_task_get_task_data (task);
  g_resolver_lookup_by_name_async (resolver, host, ob_deadline_get_cancellable (data->deadline),
                                   addresses_cb, task);
}

/**
 * ob_dns_lookup_addresses_finish:
 *
 * Returns: (transfer full) (element-type GInetAddress): the addresses
 */
GList *
ob_dns_lookup_addresses_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ob_dns_txt_records_join:
 * @records: (element-type GVariant): TXT records as GResolver gives them
 *
 * A TXT record is a list of strings of up to 255 bytes each; SPF (RFC 7208
 * §3.3), DKIM and DMARC read a record as those strings joined with nothing
 * in between.
 *
 * Returns: (transfer full) (element-type utf8): one text per record, in
 *   the order given; bytes that are not UTF-8 are kept as they are
 */
GPtrArray *
ob_dns_txt_records_join (GList *records)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = records; l != NULL; l = l->next)
    {
      g_autoptr(GVariantIter) iter = NULL;
      GString *text = g_string_new (NULL);
      const char *piece;

      g_variant_get (l->data, "(as)", &iter);
      while (g_variant_iter_loop (iter, "&s", &piece))
        g_string_append (text, piece);
      g_ptr_array_add (texts, g_string_free (text, FALSE));
    }
  return texts;
}

/**
 * ob_dns_error_is_not_found:
 *
 * Whether @error says the name has no record of that type, or does not
 * exist: GResolver does not tell the two apart.
 */
gboolean
ob_dns_error_is_not_found (const GError *error)
{
  return g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
}
