/* ob-tls-rpt.c — SMTP TLS reporting records (RFC 8460) and their check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record at _smtp._tls.<domain> tells senders where to report failed
 * attempts to deliver mail to the domain securely. It only affects reports,
 * never delivery, so even a broken record is a warning, not a problem, and
 * having none is fine.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-dns.h"
#include "ob-domain-check-item-private.h"
#include "ob-escape.h"
#include "ob-tag-list.h"
#include "ob-tls-rpt.h"

/**
 * ob_tls_rpt_record_parse:
 * @text: a TXT record at _smtp._tls.<domain> that starts with “v=TLSRPTv1”
 *
 * Returns: (transfer full): where reports go (rua=), or %NULL and an
 *   %OB_RECORD_ERROR
 */
char *
ob_tls_rpt_record_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(ObTagList) tags = NULL;
  g_auto(GStrv) uris = NULL;
  const char *rua;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tags = ob_tag_list_parse (text, error);
  if (tags == NULL)
    return NULL;
  if (ob_tag_list_get_length (tags) == 0 || !g_str_equal (ob_tag_list_get_name (tags, 0), "v") ||
      !g_str_equal (ob_tag_list_get (tags, "v"), "TLSRPTv1"))
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VERSION,
                           _("A TLS-RPT record must start with “v=TLSRPTv1”."));
      return NULL;
    }

  rua = ob_tag_list_get (tags, "rua");
  if (rua == NULL || *rua == '\0')
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING,
                           _("The record does not say where reports go (rua=)."));
      return NULL;
    }

  /* §3: a comma-separated list of “mailto:” and “https:” addresses. */
  uris = g_strsplit (rua, ",", -1);
  for (char **u = uris; *u != NULL; u++)
    {
      g_autofree char *uri = g_strstrip (g_strdup (*u));

      if ((!g_str_has_prefix (uri, "mailto:") || strlen (uri) <= 7) &&
          (!g_str_has_prefix (uri, "https://") || strlen (uri) <= 8))
        {
          g_autofree char *escaped = ob_escape_untrusted (uri, -1);

          g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
                       _("“%s” is not a “mailto:” or “https:” address."), escaped);
          return NULL;
        }
    }
  return g_strdup (rua);
}

static ObDomainCheckItem *
tls_rpt_report (GPtrArray *texts)
{
  ObDomainCheckItem *item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_TLS_RPT);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *rua = NULL;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;

  for (guint i = 0; i < texts->len; i++)
    {
      if (!ob_tag_list_has_version (texts->pdata[i], "TLSRPTv1"))
        continue;
      g_ptr_array_add (records, texts->pdata[i]);
      ob_domain_check_item_add_record (item, texts->pdata[i]);
    }

  if (records->len == 0)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("TLS reporting is not used"),
                                        _("With a TLS-RPT record, senders report when they "
                                          "cannot deliver mail to your domain securely. It is "
                                          "optional, and most useful together with MTA-STS."),
                                        NULL);
      return item;
    }
  if (records->len > 1)
    {
      text = g_strdup_printf (_("%u TLS-RPT records instead of one"), records->len);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING, text,
                                        _("With more than one record, senders send no reports."),
                                        _("Merge them into one record."));
      return item;
    }

  rua = ob_tls_rpt_record_parse (records->pdata[0], &error);
  if (rua == NULL)
    {
      text = g_strdup_printf (_("%s Senders send no reports until it is corrected."),
                              error->message);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("The TLS-RPT record is malformed"), text,
                                        _("Publish “v=TLSRPTv1; rua=mailto:…” with the address "
                                          "that should receive the reports."));
      return item;
    }

  escaped = ob_escape_untrusted (rua, -1);
  text = g_strdup_printf (_("TLS reports go to %s"), escaped);
  ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD, text, NULL, NULL);
  return item;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = ob_dns_lookup_txt_finish (result, &error);
  ObDomainCheckItem *item;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (error != NULL)
    {
      item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_TLS_RPT);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("TLS reporting could not be checked"),
                                        error->message,
                                        _("Check again later. If it keeps failing, ask whoever "
                                          "runs the domain’s DNS to check its name servers."));
      g_task_return_pointer (task, item, g_object_unref);
      return;
    }
  g_task_return_pointer (task, tls_rpt_report (texts), g_object_unref);
}

/**
 * ob_tls_rpt_check_async:
 * @domain: the domain, in ASCII
 *
 * Looks up the TLS-RPT record and reports an item of kind
 * %OB_DOMAIN_CHECK_KIND_TLS_RPT. A failed lookup becomes a finding; the
 * only error is %G_IO_ERROR_CANCELLED.
 */
void
ob_tls_rpt_check_async (GResolver           *resolver,
                        const char          *domain,
                        guint                timeout_ms,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_tls_rpt_check_async);

  name = g_strdup_printf ("_smtp._tls.%s", domain);
  ob_dns_lookup_txt_async (resolver, name, timeout_ms, cancellable, lookup_cb,
                           g_steal_pointer (&task));
}

/**
 * ob_tls_rpt_check_finish:
 *
 * Returns: (transfer full): the TLS-RPT item, or %NULL when cancelled
 */
ObDomainCheckItem *
ob_tls_rpt_check_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
