/* ob-dmarc.c — DMARC policy records (RFC 7489) and the DMARC check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Receivers look for the policy at _dmarc.<domain> and, when there is none,
 * at _dmarc.<organizational domain> (§6.6.3), where the sp= policy, if any,
 * applies to subdomains. The organizational domain comes from the Public
 * Suffix List that libsoup carries.
 *
 * No record is a problem: since February 2024 Gmail and Yahoo require DMARC
 * of bulk senders, and other receivers filter unauthenticated mail harder.
 * p=none satisfies that requirement but protects nothing, hence a warning.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ob-dmarc.h"
#include "ob-dns.h"
#include "ob-domain-check-item-private.h"
#include "ob-escape.h"
#include "ob-tag-list.h"

void
ob_dmarc_record_free (ObDmarcRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->rua);
  g_free (record->ruf);
  g_free (record);
}

static gboolean
set_value_error (GError     **error,
                 const char  *tag,
                 const char  *value,
                 const char  *expected)
{
  g_autofree char *escaped = ob_escape_untrusted (value, -1);

  /* TRANSLATORS: “p=maybe” is not valid: use “none”, “quarantine” or “reject”. */
  g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
               _("“%s=%s” is not valid: use %s."), tag, escaped, expected);
  return FALSE;
}

static gboolean
parse_policy (const char     *tag,
              const char     *value,
              ObDmarcPolicy  *policy,
              GError        **error)
{
  if (g_ascii_strcasecmp (value, "none") == 0)
    *policy = OB_DMARC_POLICY_NONE;
  else if (g_ascii_strcasecmp (value, "quarantine") == 0)
    *policy = OB_DMARC_POLICY_QUARANTINE;
  else if (g_ascii_strcasecmp (value, "reject") == 0)
    *policy = OB_DMARC_POLICY_REJECT;
  else
    return set_value_error (error, tag, value, _("“none”, “quarantine” or “reject”"));
  return TRUE;
}

static gboolean
parse_alignment (const char  *tag,
                 const char  *value,
                 gboolean    *strict,
                 GError     **error)
{
  if (value == NULL || g_ascii_strcasecmp (value, "r") == 0)
    *strict = FALSE;
  else if (g_ascii_strcasecmp (value, "s") == 0)
    *strict = TRUE;
  else
    return set_value_error (error, tag, value, _("“r” (relaxed) or “s” (strict)"));
  return TRUE;
}

/* rua= and ruf= are comma-separated URIs, in practice “mailto:” ones. */
static gboolean
parse_uris (const char  *tag,
            const char  *value,
            char       **out,
            GError     **error)
{
  g_auto(GStrv) uris = NULL;

  if (value == NULL)
    return TRUE;
  uris = g_strsplit (value, ",", -1);
  for (char **u = uris; *u != NULL; u++)
    {
      g_autofree char *uri = g_strstrip (g_strdup (*u));
      g_autofree char *scheme = g_uri_parse_scheme (uri);

      if (scheme == NULL || strlen (uri) <= strlen (scheme) + 1)
        return set_value_error (error, tag, value,
                                _("addresses like “mailto:reports@example.com”"));
    }
  *out = g_strdup (value);
  return TRUE;
}

/**
 * ob_dmarc_record_parse:
 * @text: a TXT record at _dmarc.<domain> that starts with “v=DMARC1”
 *
 * Returns: (transfer full): the policy, or %NULL and an %OB_RECORD_ERROR
 */
ObDmarcRecord *
ob_dmarc_record_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(ObTagList) tags = NULL;
  g_autoptr(ObDmarcRecord) record = NULL;
  const char *value;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tags = ob_tag_list_parse (text, error);
  if (tags == NULL)
    return NULL;
  if (ob_tag_list_get_length (tags) == 0 || !g_str_equal (ob_tag_list_get_name (tags, 0), "v") ||
      !g_str_equal (ob_tag_list_get (tags, "v"), "DMARC1"))
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VERSION,
                           _("A DMARC record must start with “v=DMARC1”."));
      return NULL;
    }

  record = g_new0 (ObDmarcRecord, 1);
  value = ob_tag_list_get (tags, "p");
  if (value == NULL)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING,
                           _("The record has no policy (p=)."));
      return NULL;
    }
  if (!parse_policy ("p", value, &record->policy, error))
    return NULL;

  value = ob_tag_list_get (tags, "sp");
  record->subdomain_policy = record->policy;
  if (value != NULL && !parse_policy ("sp", value, &record->subdomain_policy, error))
    return NULL;

  value = ob_tag_list_get (tags, "pct");
  record->percent = 100;
  if (value != NULL)
    {
      guint64 percent;

      if (!g_ascii_string_to_unsigned (value, 10, 0, 100, &percent, NULL))
        {
          set_value_error (error, "pct", value, _("a whole number from 0 to 100"));
          return NULL;
        }
      record->percent = percent;
    }

  if (!parse_alignment ("adkim", ob_tag_list_get (tags, "adkim"), &record->strict_dkim, error) ||
      !parse_alignment ("aspf", ob_tag_list_get (tags, "aspf"), &record->strict_spf, error) ||
      !parse_uris ("rua", ob_tag_list_get (tags, "rua"), &record->rua, error) ||
      !parse_uris ("ruf", ob_tag_list_get (tags, "ruf"), &record->ruf, error))
    return NULL;

  return g_steal_pointer (&record);
}

typedef struct
{
  GResolver *resolver;
  guint      timeout_ms;
  char      *domain;
  char      *org_domain;  /* when it differs from the domain */
  gboolean   inherited;   /* the record found is the organizational domain's */
} DmarcCheckData;

static void
dmarc_check_data_free (DmarcCheckData *data)
{
  g_object_unref (data->resolver);
  g_free (data->domain);
  g_free (data->org_domain);
  g_free (data);
}

static ObDomainCheckItem *dmarc_report (DmarcCheckData *data,
                                        GPtrArray      *texts);

static GPtrArray *
filter_dmarc (GPtrArray *texts)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < texts->len; i++)
    if (ob_tag_list_has_version (texts->pdata[i], "DMARC1"))
      g_ptr_array_add (records, g_strdup (texts->pdata[i]));
  return records;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DmarcCheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = ob_dns_lookup_txt_finish (result, &error);
  g_autoptr(GPtrArray) records = NULL;
  ObDomainCheckItem *item;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (error != NULL)
    {
      item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_DMARC);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("The DMARC record could not be looked up"),
                                        error->message,
                                        _("Check again later. If it keeps failing, ask whoever "
                                          "runs the domain’s DNS to check its name servers."));
      g_task_return_pointer (task, item, g_object_unref);
      return;
    }

  records = filter_dmarc (texts);
  if (records->len == 0 && !data->inherited && data->org_domain != NULL)
    {
      g_autofree char *name = g_strdup_printf ("_dmarc.%s", data->org_domain);

      data->inherited = TRUE;
      ob_dns_lookup_txt_async (data->resolver, name, data->timeout_ms,
                               g_task_get_cancellable (task), lookup_cb,
                               g_object_ref (task));
      return;
    }
  g_task_return_pointer (task, dmarc_report (data, records), g_object_unref);
}

/**
 * ob_dmarc_check_async:
 * @domain: the sending domain, in ASCII
 *
 * Looks up the DMARC policy that applies to mail from @domain and reports
 * an item of kind %OB_DOMAIN_CHECK_KIND_DMARC. A failed lookup becomes a
 * finding; the only error is %G_IO_ERROR_CANCELLED.
 */
void
ob_dmarc_check_async (GResolver           *resolver,
                      const char          *domain,
                      guint                timeout_ms,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  DmarcCheckData *data;
  const char *base;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_dmarc_check_async);
  data = g_new0 (DmarcCheckData, 1);
  data->resolver = g_object_ref (resolver);
  data->timeout_ms = timeout_ms;
  data->domain = g_strdup (domain);
  base = soup_tld_get_base_domain (domain, NULL);
  if (base != NULL && !g_str_equal (base, domain))
    data->org_domain = g_strdup (base);
  g_task_set_task_data (task, data, (GDestroyNotify) dmarc_check_data_free);

  name = g_strdup_printf ("_dmarc.%s", domain);
  ob_dns_lookup_txt_async (resolver, name, timeout_ms, cancellable, lookup_cb,
                           g_steal_pointer (&task));
}

/**
 * ob_dmarc_check_finish:
 *
 * Returns: (transfer full): the DMARC item, or %NULL when cancelled
 */
ObDomainCheckItem *
ob_dmarc_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
report_policy (ObDomainCheckItem *item,
               ObDmarcPolicy      policy)
{
  switch (policy)
    {
    case OB_DMARC_POLICY_NONE:
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("DMARC only monitors (p=none)"),
                                        _("Receivers deliver mail that fails SPF and DKIM as if "
                                          "there were no policy; the record only asks for "
                                          "reports. That meets the Gmail and Yahoo requirement, "
                                          "but does not stop others from sending mail as your "
                                          "domain."),
                                        _("Once the reports show that your own mail passes, "
                                          "change to p=quarantine, and later to p=reject."));
      return;
    case OB_DMARC_POLICY_QUARANTINE:
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("DMARC policy: quarantine"),
                                        _("Receivers put mail that fails SPF and DKIM in the "
                                          "spam folder."),
                                        NULL);
      return;
    case OB_DMARC_POLICY_REJECT:
    default:
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("DMARC policy: reject"),
                                        _("Receivers refuse mail that fails SPF and DKIM."),
                                        NULL);
      return;
    }
}

static void
report_details (ObDomainCheckItem *item,
                DmarcCheckData    *data,
                ObDmarcRecord     *record,
                ObDmarcPolicy      policy)
{
  g_autofree char *note = NULL;

  if (data->inherited)
    {
      note = g_strdup_printf (_("“%s” has no DMARC record of its own; the one of “%s” "
                                "applies, with its policy for subdomains."),
                              data->domain, data->org_domain);
      ob_domain_check_item_add_note (item, note);
    }
  if (record->percent < 100 && policy != OB_DMARC_POLICY_NONE)
    {
      g_free (note);
      note = g_strdup_printf (_("The policy applies to only %u%% of failing mail (pct=%u); "
                                "the rest is treated as if there were no policy."),
                              record->percent, record->percent);
      ob_domain_check_item_add_note (item, note);
    }
  if (!data->inherited && record->subdomain_policy < record->policy)
    ob_domain_check_item_add_note (item, _("Subdomains have a weaker policy (sp=) than the "
                                           "domain itself."));
  if (record->rua == NULL)
    ob_domain_check_item_add_note (item, _("The record asks for no reports (rua=), so you "
                                           "will not learn who sends mail as your domain."));
}

static ObDomainCheckItem *
dmarc_report (DmarcCheckData *data,
              GPtrArray      *records)
{
  ObDomainCheckItem *item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_DMARC);
  g_autoptr(ObDmarcRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < records->len; i++)
    ob_domain_check_item_add_record (item, records->pdata[i]);

  if (records->len == 0)
    {
      g_autofree char *fix = g_strdup_printf (_("Add a TXT record at “_dmarc.%s”, to begin "
                                                "with “v=DMARC1; p=none; "
                                                "rua=mailto:postmaster@%s” to receive reports; "
                                                "once your own mail passes, tighten it to "
                                                "p=quarantine or p=reject."),
                                              data->domain, data->domain);

      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("No DMARC record"),
                                        _("Receivers have no instructions for mail that fails "
                                          "SPF and DKIM, and you get no reports of misuse of "
                                          "your domain. Since 2024 Gmail and Yahoo require "
                                          "DMARC of bulk senders, and mail from domains "
                                          "without it is more likely to be rejected or to land "
                                          "in spam."),
                                        fix);
      return item;
    }

  if (records->len > 1)
    {
      text = g_strdup_printf (_("%u DMARC records instead of one"), records->len);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, text,
                                        _("With more than one record, receivers apply no DMARC "
                                          "policy at all."),
                                        _("Merge them into one TXT record."));
      return item;
    }

  record = ob_dmarc_record_parse (records->pdata[0], &error);
  if (record == NULL)
    {
      text = g_strdup_printf (_("%s Receivers ignore a malformed record, as if there were "
                                "none."), error->message);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("The DMARC record is malformed"), text,
                                        _("Correct the record; the values each tag takes are "
                                          "listed in RFC 7489, section 6.3."));
      return item;
    }

  report_policy (item, data->inherited ? record->subdomain_policy : record->policy);
  report_details (item, data, record, data->inherited ? record->subdomain_policy : record->policy);
  return item;
}
