/* ob-mx-check.c — a domain's mail exchangers and whether they resolve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sending domain needs to receive mail too: replies and bounces go to it,
 * and receivers distrust senders whose domain cannot take mail. So the MX
 * records are looked up together with the domain's own addresses (the
 * implicit MX of RFC 5321 §5.1), then each MX host's addresses. A null MX
 * (RFC 7505, “0 .”) says the domain takes no mail at all; receivers are
 * asked to refuse mail from it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-dns.h"
#include "ob-domain-check-item-private.h"
#include "ob-escape.h"
#include "ob-mx-check.h"

/* Hosts whose addresses are looked up; senders seldom try more. */
#define MAX_HOSTS 10

typedef struct
{
  guint16  preference;
  char    *name;
  GList   *addresses;
  GError  *error;
} MxHost;

struct _ObMxResult
{
  char      *domain;
  GArray    *hosts;             /* MxHost, by preference */
  GError    *error;             /* the MX lookup failed */
  GList     *domain_addresses;
  GError    *address_error;     /* the domain's address lookup failed */
  GPtrArray *names;             /* the hosts' names, for MTA-STS */
};

typedef struct
{
  ObMxResult *result;
  GResolver  *resolver;
  guint       timeout_ms;
  guint       pending;
} CheckData;

typedef struct
{
  GTask *task;
  guint  index;
} HostOp;

static void
mx_host_clear (MxHost *host)
{
  g_free (host->name);
  g_list_free_full (host->addresses, g_object_unref);
  g_clear_error (&host->error);
}

void
ob_mx_result_free (ObMxResult *result)
{
  if (result == NULL)
    return;

  g_free (result->domain);
  g_array_unref (result->hosts);
  g_clear_error (&result->error);
  g_list_free_full (result->domain_addresses, g_object_unref);
  g_clear_error (&result->address_error);
  g_ptr_array_unref (result->names);
  g_free (result);
}

static void
check_data_free (CheckData *data)
{
  ob_mx_result_free (data->result);
  g_object_unref (data->resolver);
  g_free (data);
}

static gboolean
is_null_mx (const MxHost *host)
{
  return host->name[0] == '\0' || g_str_equal (host->name, ".");
}

/* Each lookup ends here; the last one returns the result. */
static void
step_done (GTask *task)
{
  CheckData *data = g_task_get_task_data (task);

  if (--data->pending == 0 && !g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&data->result),
                           (GDestroyNotify) ob_mx_result_free);
  g_object_unref (task);
}

static GTask *
step_start (GTask *task)
{
  CheckData *data = g_task_get_task_data (task);

  data->pending++;
  return g_object_ref (task);
}

static void
host_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  HostOp *op = user_data;
  CheckData *data = g_task_get_task_data (op->task);
  MxHost *host = &g_array_index (data->result->hosts, MxHost, op->index);

  host->addresses = ob_dns_lookup_addresses_finish (res, &host->error);
  step_done (op->task);
  g_free (op);
}

static gint
compare_preference (gconstpointer a,
                    gconstpointer b)
{
  const MxHost *x = a, *y = b;

  return (gint) x->preference - (gint) y->preference;
}

static void
mx_cb (GObject      *source,
       GAsyncResult *res,
       gpointer      user_data)
{
  GTask *task = user_data;
  CheckData *data = g_task_get_task_data (task);
  ObMxResult *result = data->result;
  GList *records = ob_dns_lookup_records_finish (res, &result->error);

  if (ob_dns_error_is_not_found (result->error))
    g_clear_error (&result->error);
  for (GList *l = records; l != NULL; l = l->next)
    {
      MxHost host = { 0 };

      g_variant_get (l->data, "(qs)", &host.preference, &host.name);
      g_array_append_val (result->hosts, host);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_array_sort (result->hosts, compare_preference);

  for (guint i = 0; i < result->hosts->len; i++)
    {
      MxHost *host = &g_array_index (result->hosts, MxHost, i);
      HostOp *op;

      if (is_null_mx (host) || result->names->len >= MAX_HOSTS)
        continue;
      g_ptr_array_add (result->names, g_strdup (host->name));
      op = g_new0 (HostOp, 1);
      op->task = step_start (task);
      op->index = i;
      ob_dns_lookup_addresses_async (data->resolver, host->name, data->timeout_ms,
                                     g_task_get_cancellable (task), host_cb, op);
    }
  step_done (task);
}

static void
domain_addresses_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  GTask *task = user_data;
  CheckData *data = g_task_get_task_data (task);

  data->result->domain_addresses = ob_dns_lookup_addresses_finish (res,
                                                                   &data->result->address_error);
  step_done (task);
}

/**
 * ob_mx_check_async:
 * @domain: the domain, in ASCII
 *
 * Looks up the MX records of @domain, its own addresses, and the addresses
 * of the MX hosts. Failed lookups are part of the result; the only error is
 * %G_IO_ERROR_CANCELLED.
 */
void
ob_mx_check_async (GResolver           *resolver,
                   const char          *domain,
                   guint                timeout_ms,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_mx_check_async);
  data = g_new0 (CheckData, 1);
  data->resolver = g_object_ref (resolver);
  data->timeout_ms = timeout_ms;
  data->result = g_new0 (ObMxResult, 1);
  data->result->domain = g_strdup (domain);
  data->result->hosts = g_array_new (FALSE, TRUE, sizeof (MxHost));
  g_array_set_clear_func (data->result->hosts, (GDestroyNotify) mx_host_clear);
  data->result->names = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  ob_dns_lookup_records_async (resolver, domain, G_RESOLVER_RECORD_MX, timeout_ms, cancellable,
                               mx_cb, step_start (task));
  ob_dns_lookup_addresses_async (resolver, domain, timeout_ms, cancellable, domain_addresses_cb,
                                 step_start (task));
}

/**
 * ob_mx_check_finish:
 *
 * Returns: (transfer full): what was found, or %NULL when cancelled
 */
ObMxResult *
ob_mx_check_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ob_mx_result_get_error:
 *
 * Returns: (nullable): why the MX records could not be looked up; not
 *   having any is no error
 */
const GError *
ob_mx_result_get_error (ObMxResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  return result->error;
}

/**
 * ob_mx_result_domain_exists:
 *
 * Whether the domain has MX records or addresses.
 */
gboolean
ob_mx_result_domain_exists (ObMxResult *result)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return result->hosts->len > 0 || result->domain_addresses != NULL;
}

/**
 * ob_mx_result_get_hosts:
 *
 * Returns: (transfer none) (element-type utf8): the names of the mail
 *   servers, most preferred first, without a null MX
 */
GPtrArray *
ob_mx_result_get_hosts (ObMxResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  return result->names;
}

static char *
join_addresses (GList *addresses)
{
  GString *text = g_string_new (NULL);

  for (GList *l = addresses; l != NULL; l = l->next)
    {
      g_autofree char *address = g_inet_address_to_string (l->data);

      g_string_append_printf (text, "%s%s", text->len ? ", " : "", address);
    }
  return g_string_free (text, FALSE);
}

/* No MX records: mail goes to the domain's own address, if any. */
static void
report_no_mx (ObDomainCheckItem *item,
              ObMxResult        *result)
{
  g_autofree char *addresses = NULL;
  g_autofree char *text = NULL;

  if (result->domain_addresses == NULL && !ob_dns_error_is_not_found (result->address_error))
    {
      text = g_strdup_printf (_("“%s” has no MX record, and its address could not be looked "
                                "up: %s"), result->domain, result->address_error->message);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("No MX record"), text,
                                        _("Add MX records for the server that receives your "
                                          "mail; your mail provider lists them."));
      return;
    }
  if (result->domain_addresses == NULL)
    {
      text = g_strdup_printf (_("“%s” has no MX record and no address, so it cannot receive "
                                "mail: replies and bounces are lost, and many receivers refuse "
                                "mail from a domain that cannot receive any."), result->domain);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("No mail servers (MX)"), text,
                                        _("Add MX records for the server that receives your "
                                          "mail; your mail provider lists them."));
      return;
    }

  addresses = join_addresses (result->domain_addresses);
  text = g_strdup_printf (_("Without an MX record, senders deliver mail for “%s” to its own "
                            "address (%s). That works only if a mail server runs there, and "
                            "some receivers distrust sending domains without MX."),
                          result->domain, addresses);
  ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                    _("No MX record; mail goes to the domain’s address"), text,
                                    _("Add an MX record naming the server that receives your "
                                      "mail."));
}

/* Whether the records are anything but a well-formed null MX; reports it
 * if they are one. */
static gboolean
report_null_mx (ObDomainCheckItem *item,
                ObMxResult        *result)
{
  g_autofree char *text = NULL;
  guint n_null = 0;

  for (guint i = 0; i < result->hosts->len; i++)
    n_null += is_null_mx (&g_array_index (result->hosts, MxHost, i));
  if (n_null == 0)
    return TRUE;

  if (n_null < result->hosts->len)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("A null MX is mixed with other MX records"),
                                        _("RFC 7505 allows the MX record “0 .” only as a "
                                          "domain’s only MX record; senders may take the "
                                          "domain to receive no mail at all."),
                                        _("Remove the “0 .” MX record."));
      return TRUE;
    }

  text = g_strdup_printf (_("The MX record “0 .” (a null MX, RFC 7505) says “%s” receives no "
                            "mail. Receivers are asked to refuse mail from such a domain too, "
                            "since nobody could reply to it."), result->domain);
  ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                    _("The domain accepts no mail (null MX)"), text,
                                    _("If you send mail from this domain, replace the null MX "
                                      "with the MX records of the server that receives your "
                                      "mail."));
  return FALSE;
}

static void
report_hosts (ObDomainCheckItem *item,
              ObMxResult        *result)
{
  g_autoptr(GString) unresolved = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  guint resolved = 0, checked = 0;

  for (guint i = 0; i < result->hosts->len; i++)
    {
      MxHost *host = &g_array_index (result->hosts, MxHost, i);
      g_autofree char *name = NULL;
      g_autofree char *addresses = NULL;
      g_autofree char *note = NULL;

      if (is_null_mx (host) || checked++ >= MAX_HOSTS)
        continue;
      name = ob_escape_untrusted (host->name, -1);
      if (g_hostname_is_ip_address (host->name))
        {
          summary = g_strdup_printf (_("The MX record “%s” is an address, not a host name"),
                                     name);
          ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                            _("An MX record must name a host; many senders "
                                              "ignore one that gives an address."),
                                            _("Give the mail server a name with an address "
                                              "record, and name that in the MX record."));
          g_clear_pointer (&summary, g_free);
        }
      if (host->addresses == NULL)
        {
          g_string_append_printf (unresolved, "%s%s (%s)", unresolved->len ? "; " : "", name,
                                  host->error->message);
          continue;
        }
      resolved++;
      addresses = join_addresses (host->addresses);
      note = g_strdup_printf (_("Mail server %s (preference %u): %s"), name, host->preference,
                              addresses);
      ob_domain_check_item_add_note (item, note);
    }

  if (unresolved->len > 0)
    {
      text = g_strdup_printf (_("These mail servers have no address: %s. Senders skip them, "
                                "and if none is left, mail to your domain is delayed and then "
                                "bounces."), unresolved->str);
      ob_domain_check_item_add_finding (item, resolved == 0 ? OB_DOMAIN_CHECK_GRADE_PROBLEM
                                                            : OB_DOMAIN_CHECK_GRADE_WARNING,
                                        resolved == 0 ? _("No mail server (MX) has an address")
                                                      : _("Some mail servers (MX) have no "
                                                          "address"),
                                        text,
                                        _("Correct the MX records, or add address records for "
                                          "the servers they name."));
    }
}

/**
 * ob_mx_result_report:
 *
 * Returns: (transfer full): the MX item
 */
ObDomainCheckItem *
ob_mx_result_report (ObMxResult *result)
{
  ObDomainCheckItem *item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_MX);
  g_autofree char *summary = NULL;
  guint n = result->names->len;

  for (guint i = 0; i < result->hosts->len; i++)
    {
      MxHost *host = &g_array_index (result->hosts, MxHost, i);
      g_autofree char *record = g_strdup_printf ("%u %s", host->preference,
                                                 is_null_mx (host) ? "." : host->name);

      ob_domain_check_item_add_record (item, record);
    }

  if (result->hosts->len == 0)
    {
      report_no_mx (item, result);
      return item;
    }
  if (!report_null_mx (item, result))
    return item;

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mail server (MX) found",
                                          "%u mail servers (MX) found", n), n);
  ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD, summary, NULL, NULL);
  report_hosts (item, result);
  return item;
}
