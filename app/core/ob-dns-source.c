/* ob-dns-source.c — what DNS says about a domain's mail servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SRV records for submission (RFC 6186, with RFC 8314's "submissions" for
 * implicit TLS) name the servers directly. An MX record names where the
 * domain receives mail, which often tells who hosts it: a custom domain
 * whose MX is at google.com is hosted by Google Workspace. Answers come
 * without DNSSEC validation (GResolver cannot report it), so whatever they
 * name is unauthenticated; the records are checked for sense here and left
 * for the detector to mark.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ob-address.h"
#include "ob-detector-candidate-private.h"
#include "ob-dns-source.h"
#include "ob-dns.h"

static void
free_targets (GList *targets)
{
  g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
}

/* Priority first (lower first), then weight (higher first): RFC 2782's
 * order without its random choice, so the same answer ranks the same. */
static int
compare_targets (gconstpointer a,
                 gconstpointer b)
{
  GSrvTarget *x = (GSrvTarget *) a, *y = (GSrvTarget *) b;

  if (g_srv_target_get_priority (x) != g_srv_target_get_priority (y))
    return g_srv_target_get_priority (x) < g_srv_target_get_priority (y) ? -1 : 1;
  if (g_srv_target_get_weight (x) != g_srv_target_get_weight (y))
    return g_srv_target_get_weight (x) > g_srv_target_get_weight (y) ? -1 : 1;
  return strcmp (g_srv_target_get_hostname (x), g_srv_target_get_hostname (y));
}

static void
srv_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *records = ob_dns_lookup_records_finish (result, &error);
  GList *targets = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Target "." or port 0 says the service is deliberately not offered
   * (RFC 2782, RFC 6186 §3.4). */
  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 priority, weight, port;
      const char *host;

      g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &host);
      if (port != 0 && ob_hostname_is_valid (host))
        targets = g_list_prepend (targets, g_srv_target_new (host, port, priority, weight));
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_task_return_pointer (task, g_list_sort (targets, compare_targets),
                         (GDestroyNotify) free_targets);
}

/**
 * ob_dns_source_lookup_srv_async:
 * @name: the record's name, such as `_submissions._tcp.example.com`
 *
 * Looks up the SRV records at @name.
 */
void
ob_dns_source_lookup_srv_async (GResolver           *resolver,
                                const char          *name,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (name != NULL);

  task = g_task_new (resolver, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_dns_source_lookup_srv_async);
  ob_dns_lookup_records_async (resolver, name, G_RESOLVER_RECORD_SRV, timeout_ms, cancellable,
                               srv_cb, task);
}

/**
 * ob_dns_source_lookup_srv_finish:
 *
 * Returns: (transfer full) (element-type GSrvTarget) (nullable): the usable
 *   targets in the order to try them; %NULL without an error when the
 *   records say the service is not offered
 */
GList *
ob_dns_source_lookup_srv_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_dns_source_lookup_srv_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
mx_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *records = ob_dns_lookup_records_finish (result, &error);
  const char *domain = g_task_get_task_data (task);
  const char *best = NULL;
  guint16 best_preference = G_MAXUINT16;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 preference;
      const char *host;

      g_variant_get (l->data, "(q&s)", &preference, &host);
      if (best == NULL || preference < best_preference ||
          (preference == best_preference && strcmp (host, best) < 0))
        {
          best = host;
          best_preference = preference;
        }
    }

  /* A null MX (RFC 7505, "0 ."): the domain takes no mail at all. */
  if (best == NULL || !ob_hostname_is_valid (best))
    g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                             _("%s has no usable mail host (MX) record."), domain);
  else
    g_task_return_pointer (task, g_ascii_strdown (best, -1), g_free);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

/**
 * ob_dns_source_lookup_mx_async:
 * @domain: the address's domain, in ASCII
 *
 * Looks up @domain's most preferred MX host.
 */
void
ob_dns_source_lookup_mx_async (GResolver           *resolver,
                               const char          *domain,
                               guint                timeout_ms,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (domain != NULL);

  task = g_task_new (resolver, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_dns_source_lookup_mx_async);
  g_task_set_task_data (task, g_strdup (domain), g_free);
  ob_dns_lookup_records_async (resolver, domain, G_RESOLVER_RECORD_MX, timeout_ms, cancellable,
                               mx_cb, task);
}

/**
 * ob_dns_source_lookup_mx_finish:
 *
 * Returns: (transfer full) (nullable): the host of the most preferred MX
 *   record, in lower case (ties go to the first by name, so the answer
 *   does not change with DNS's order)
 */
char *
ob_dns_source_lookup_mx_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_dns_source_lookup_mx_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ob_dns_source_mx_names:
 * @mx_host: an MX host, such as aspmx.l.google.com
 *
 * The names under which a provider's configuration for @mx_host's domain
 * can be looked up: the host's parent (l.google.com), then its registrable
 * domain (google.com). Never anything above the registrable domain, which
 * would be a public suffix (co.uk) that anyone can register under.
 *
 * Returns: (transfer full): the names, most specific first; empty for an
 *   MX host that is itself a public suffix
 */
GStrv
ob_dns_source_mx_names (const char *mx_host)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (mx_host != NULL, NULL);

  if (soup_tld_domain_is_public_suffix (mx_host))
    return g_strv_builder_end (builder);
  base = ob_detector_registrable_domain (mx_host);
  dot = strchr (mx_host, '.');
  /* The base is a whole-label suffix of the host, so a longer parent is a
   * subdomain of it. */
  if (dot != NULL && strlen (dot + 1) > strlen (base))
    g_strv_builder_add (builder, dot + 1);
  g_strv_builder_add (builder, base);
  return g_strv_builder_end (builder);
}
