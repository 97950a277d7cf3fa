/* ob-spf-report.c — what a fetched SPF tree means, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The findings come in a fixed order: whether there is one valid record,
 * what it says about other servers (“all”), the lookup limits, problems in
 * included records, and whether the account's SMTP server is allowed. A
 * receiver that hits any “permerror” ignores SPF entirely, so every cause of
 * one is a problem.
 *
 * The SMTP server's addresses are those the person connects to; providers
 * often relay mail out from other addresses that their include covers, so
 * a server that is not listed is a warning with that caveat, not a problem.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-spf-check-private.h"

#define MAX_LISTED_ADDRESSES 8

static void
add_finding_take (ObDomainCheckItem  *item,
                  ObDomainCheckGrade  grade,
                  const char         *summary,
                  char               *explanation,
                  const char         *fix)
{
  ob_domain_check_item_add_finding (item, grade, summary, explanation, fix);
  g_free (explanation);
}

/* Whether there is exactly one record and it parses; says what is wrong
 * otherwise. */
static gboolean
report_root (ObDomainCheckItem *item,
             SpfCheckData      *data,
             Node              *root)
{
  g_autofree char *fix = NULL;
  g_autofree char *summary = NULL;

  if (root->n_records == 0)
    {
      fix = g_strdup_printf (_("Add one TXT record at “%s” that starts with “v=spf1”, lists the "
                               "servers that send your mail (your mail provider documents the "
                               "“include:” to use), and ends with “~all” or “-all”."),
                             data->domain);
      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, _("No SPF record"),
                        g_strdup_printf (_("“%s” does not say which servers may send its mail. "
                                           "Receivers treat such mail with more suspicion, and "
                                           "DMARC cannot pass through SPF."), data->domain),
                        fix);
      return FALSE;
    }

  if (root->n_records > 1)
    {
      summary = g_strdup_printf (_("%u SPF records instead of one"), root->n_records);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                        _("A domain may publish only one SPF record. With "
                                          "several, receivers give up with an error "
                                          "(“permerror”) and treat the mail as if the domain "
                                          "had no SPF at all."),
                                        _("Merge them into one TXT record: one “v=spf1”, every "
                                          "mechanism, and a single “all” at the end."));
      return FALSE;
    }

  if (root->record == NULL)
    {
      fix = g_strdup_printf (_("Correct that term in the TXT record at “%s”."), data->domain);
      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, _("The SPF record is malformed"),
                        g_strdup_printf (_("%s Receivers stop at the first error (“permerror”) "
                                           "and ignore the whole record."),
                                         root->error->message),
                        fix);
      return FALSE;
    }
  return TRUE;
}

static guint
find_term (const ObSpfRecord *record,
           const ObSpfTerm   *term)
{
  guint index = 0;

  g_ptr_array_find (record->terms, term, &index);
  return index;
}

/* The “all” that ends evaluation, following redirects. */
static const ObSpfTerm *
find_final_all (Node *node)
{
  while (node != NULL && node->record != NULL)
    {
      if (node->record->all != NULL)
        return node->record->all;
      if (node->record->redirect == NULL)
        return NULL;
      node = node->terms[find_term (node->record, node->record->redirect)].child;
    }
  return NULL;
}

static void
report_all (ObDomainCheckItem *item,
            Node              *root)
{
  const ObSpfTerm *all = find_final_all (root);
  g_autofree char *text = all ? ob_escape_untrusted (all->text, -1) : NULL;
  g_autofree char *summary = NULL;
  g_autofree char *fix = NULL;

  if (all == NULL)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("SPF does not say what to do with other servers"),
                                        _("The record does not end with “all”, so mail from "
                                          "servers it does not list gets a neutral result and "
                                          "forged mail is not flagged."),
                                        _("End the record with “~all”, or with “-all” once "
                                          "every server that sends your mail is listed."));
      return;
    }

  switch (all->qualifier)
    {
    case OB_SPF_QUALIFIER_PASS:
      summary = g_strdup_printf (_("SPF lets every server send (“%s”)"), text);
      fix = g_strdup_printf (_("Replace “%s” with “~all”, or with “-all” once every server "
                               "that sends your mail is listed."), text);
      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                        g_strdup_printf (_("“%s” passes mail from any server on the Internet, "
                                           "so the record protects nothing, and spam filters "
                                           "distrust domains that publish it."), text),
                        fix);
      return;
    case OB_SPF_QUALIFIER_NEUTRAL:
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("SPF is neutral about other servers (“?all”)"),
                                        _("“?all” tells receivers nothing about servers the "
                                          "record does not list, so forged mail from your "
                                          "domain is not flagged."),
                                        _("Replace “?all” with “~all”, or with “-all” once "
                                          "every server that sends your mail is listed."));
      return;
    case OB_SPF_QUALIFIER_SOFTFAIL:
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("SPF record found; other servers soft-fail (“~all”)"),
                                        _("The record ends with “~all”: mail from servers it "
                                          "does not list is marked as suspicious rather than "
                                          "refused."),
                                        NULL);
      return;
    case OB_SPF_QUALIFIER_FAIL:
    default:
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("SPF record found; only the listed servers may send "
                                          "(“-all”)"),
                                        _("The record ends with “-all”: receivers may refuse "
                                          "mail from servers it does not list."),
                                        NULL);
      return;
    }
}

static void
report_lookups (ObDomainCheckItem *item,
                SpfCheckData      *data)
{
  guint count = ob_spf_count_lookups (data->nodes->pdata[0]);
  gboolean truncated = FALSE;
  guint voids = 0;
  g_autoptr(GString) void_terms = g_string_new (NULL);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < data->nodes->len; i++)
    {
      Node *node = data->nodes->pdata[i];

      truncated |= node->state == NODE_NOT_FETCHED;
      for (guint t = 0; node->record != NULL && t < node->record->terms->len; t++)
        {
          const ObSpfTerm *term = node->record->terms->pdata[t];
          g_autofree char *text = NULL;

          if (!node->terms[t].is_void)
            continue;
          voids++;
          text = ob_escape_untrusted (term->text, -1);
          g_string_append_printf (void_terms, "%s“%s”", void_terms->len ? ", " : "", text);
        }
    }

  if (count > MAX_LOOKUPS || truncated)
    {
      summary = g_strdup_printf (truncated ? _("Too many DNS lookups: more than %u of at most %u")
                                           : _("Too many DNS lookups: %u of at most %u"),
                                 count, MAX_LOOKUPS);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                        _("Receivers make at most 10 DNS lookups for SPF, "
                                          "counting every include, a, mx, ptr, exists and "
                                          "redirect in this record and in the records it "
                                          "includes. Past the limit they give up with an error "
                                          "(“permerror”), and SPF fails for your mail."),
                                        _("Remove includes and mechanisms for services you no "
                                          "longer use, or replace “a” and “mx” with the ip4: "
                                          "and ip6: ranges they stand for."));
    }
  else
    {
      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_GOOD, NULL,
                        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "Evaluating the record takes %u DNS "
                                                      "lookup of the 10 allowed.",
                                                      "Evaluating the record takes %u DNS "
                                                      "lookups of the 10 allowed.", count),
                                         count),
                        NULL);
    }

  if (voids > MAX_VOID_LOOKUPS)
    {
      g_free (summary);
      summary = g_strdup_printf (_("Too many lookups that find nothing: %u of at most %u"),
                                 voids, MAX_VOID_LOOKUPS);
      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                        g_strdup_printf (_("Receivers allow at most two SPF lookups that find "
                                           "no record, and give up with an error "
                                           "(“permerror”) after that. These terms name domains "
                                           "without addresses or mail servers: %s."),
                                         void_terms->str),
                        _("Remove the terms for domains that no longer exist or send no mail."));
    }
}

static char *
describe_loop (Node *node)
{
  GString *chain = g_string_new (node->domain);

  for (Node *n = node->parent; n != NULL; n = n->parent)
    {
      g_string_prepend (chain, " → ");
      g_string_prepend (chain, n->domain);
      if (g_str_equal (n->domain, node->domain))
        break;
    }
  return g_string_free (chain, FALSE);
}

/* What is wrong with a record reached through an include or redirect. */
static void
report_child (ObDomainCheckItem *item,
              Node              *node)
{
  g_autofree char *via = ob_escape_untrusted (node->via->text, -1);
  g_autofree char *summary = NULL;
  if (node->state == NODE_LOOP)
    {
      g_autofree char *loop = describe_loop (node);
      g_autofree char *chain = ob_escape_untrusted (loop, -1);

      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                        _("The SPF records include each other in a loop"),
                        g_strdup_printf (_("“%s” leads back to a record already being "
                                           "evaluated (%s). Receivers stop with an error "
                                           "(“permerror”)."), via, chain),
                        _("Remove the include or redirect that points back."));
      return;
    }
  if (node->state == NODE_NOT_FETCHED)
    return;

  if (node->n_records == 0 && node->error != NULL)
    {
      summary = g_strdup_printf (_("“%s” could not be checked"), via);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING, summary,
                                        node->error->message,
                                        _("Check again later. If it keeps failing, ask whoever "
                                          "runs the domain’s DNS to check its name servers."));
      return;
    }
  if (node->n_records == 0)
    summary = g_strdup_printf (_("“%s” names a domain without an SPF record"), via);
  else if (node->n_records > 1)
    summary = g_strdup_printf (_("“%s” names a domain with several SPF records"), via);
  else if (node->record == NULL)
    summary = g_strdup_printf (_("“%s” names a malformed SPF record"), via);
  else
    return;

  if (node->error != NULL)
    ob_domain_check_item_add_note (item, node->error->message);
  ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                    _("Receivers stop with an error (“permerror”) when an "
                                      "include or redirect leads to no valid SPF record."),
                                    _("Correct the domain name, or remove the term if that "
                                      "service no longer sends your mail."));
}

/* Problems in the terms of one record. @saw_ptr and @saw_macros keep the
 * same advice from being repeated for every record. */
static void
report_terms (ObDomainCheckItem *item,
              Node              *node,
              gboolean          *saw_ptr,
              gboolean          *saw_macros)
{
  for (guint i = 0; node->record != NULL && i < node->record->terms->len; i++)
    {
      const ObSpfTerm *term = node->record->terms->pdata[i];
      TermData *td = &node->terms[i];
      g_autofree char *text = ob_escape_untrusted (term->text, -1);
      g_autofree char *summary = NULL;

      if (td->error != NULL)
        {
          summary = g_strdup_printf (_("“%s” could not be checked"), text);
          ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING, summary,
                                            td->error->message,
                                            _("Check again later. If it keeps failing, ask whoever "
                                              "runs the domain’s DNS to check its name servers."));
        }
      if (term->type == OB_SPF_TERM_MX && td->n_mx > MAX_MX_NAMES)
        {
          g_free (summary);
          summary = g_strdup_printf (_("“%s” names more than 10 mail servers"), text);
          ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                            _("An mx mechanism may name at most 10 mail "
                                              "servers; past that receivers give up with an "
                                              "error (“permerror”)."),
                                            _("List the servers that send mail with ip4: and "
                                              "ip6: instead."));
        }
      if (term->type == OB_SPF_TERM_PTR && !*saw_ptr)
        {
          *saw_ptr = TRUE;
          ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                            _("The SPF record uses “ptr”"),
                                            _("RFC 7208 asks senders not to use “ptr”: it is "
                                              "slow and unreliable, and many receivers treat it "
                                              "as not matching."),
                                            _("Replace “ptr” with the ip4: and ip6: ranges of "
                                              "your servers."));
        }
      if (ob_spf_term_has_macros (term) && !*saw_macros)
        {
          *saw_macros = TRUE;
          ob_domain_check_item_add_note (item, _("Some terms use macros, which depend on each "
                                                 "message; they were not checked."));
        }
    }
}

/* The result names of RFC 7208 §2.6, as receivers write them in their
 * Received-SPF headers and reports; they are not translated. */
static const char *
result_name (SpfResult result)
{
  switch (result)
    {
    case SPF_RESULT_PASS:
      return "pass";
    case SPF_RESULT_FAIL:
      return "fail";
    case SPF_RESULT_SOFTFAIL:
      return "softfail";
    case SPF_RESULT_NEUTRAL:
      return "neutral";
    case SPF_RESULT_NONE:
      return "none";
    case SPF_RESULT_PERMERROR:
      return "permerror";
    case SPF_RESULT_UNKNOWN:
    default:
      return "";
    }
}

/* “smtp.example.com (192.0.2.1, 2001:db8::1)”, or just the address when
 * the server was given as one. */
static char *
describe_server (const char *server,
                 const char *addresses)
{
  if (g_str_equal (server, addresses))
    return g_strdup (server);
  return g_strdup_printf ("%s (%s)", server, addresses);
}

static void
report_server (ObDomainCheckItem *item,
               SpfCheckData      *data)
{
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autoptr(GString) refused = g_string_new (NULL);
  g_autofree char *server = NULL;
  SpfResult refusal = SPF_RESULT_PASS;
  gboolean unknown = FALSE;
  guint n = 0;

  if (data->server == NULL)
    return;
  server = ob_escape_untrusted (data->server, -1);
  if (data->server_error != NULL)
    {
      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                        _("Your SMTP server could not be looked up"),
                        g_strdup_printf (_("Whether SPF allows “%s” was not checked: %s"),
                                         server, data->server_error->message),
                        _("Check the server name in your account settings."));
      return;
    }

  for (GList *l = data->server_addresses; l != NULL && n < MAX_LISTED_ADDRESSES; l = l->next, n++)
    {
      g_autofree char *address = g_inet_address_to_string (l->data);
      SpfResult result = ob_spf_evaluate (data, l->data);
      GString *list = result == SPF_RESULT_PASS ? allowed : refused;

      if (result == SPF_RESULT_PERMERROR)
        return;
      if (result == SPF_RESULT_UNKNOWN)
        {
          unknown = TRUE;
          continue;
        }
      if (result != SPF_RESULT_PASS)
        refusal = result;
      g_string_append_printf (list, "%s%s", list->len ? ", " : "", address);
    }

  if (refused->len > 0)
    {
      g_autofree char *described = describe_server (server, refused->str);

      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                        _("Your SMTP server is not listed in SPF"),
                        g_strdup_printf (_("SPF does not allow %s to send mail for “%s”: "
                                           "receivers would get the result “%s”. If your mail "
                                           "leaves your provider from that server, it fails SPF. "
                                           "Large providers often send from other addresses "
                                           "than the one you connect to, so follow your "
                                           "provider’s instructions for SPF."),
                                         described, data->domain, result_name (refusal)),
                        _("Add your provider’s “include:” to the SPF record, or ip4: and ip6: "
                          "terms with your server’s addresses."));
    }
  else if (unknown)
    {
      ob_domain_check_item_add_note (item, _("Whether SPF allows your SMTP server could not be "
                                             "decided: the record depends on each message, or "
                                             "a lookup failed."));
    }
  else if (allowed->len > 0)
    {
      g_autofree char *described = describe_server (server, allowed->str);

      add_finding_take (item, OB_DOMAIN_CHECK_GRADE_GOOD, NULL,
                        g_strdup_printf (_("SPF allows your SMTP server %s."), described),
                        NULL);
    }
}

/**
 * ob_spf_report:
 * @data: a check whose lookups have all finished
 *
 * Returns: (transfer full): the SPF item
 */
ObDomainCheckItem *
ob_spf_report (SpfCheckData *data)
{
  ObDomainCheckItem *item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_SPF);
  Node *root = data->nodes->pdata[0];
  gboolean saw_ptr = FALSE, saw_macros = FALSE;

  for (guint i = 0; i < data->root_texts->len; i++)
    if (ob_spf_is_record (data->root_texts->pdata[i]))
      ob_domain_check_item_add_record (item, data->root_texts->pdata[i]);

  if (!report_root (item, data, root))
    return item;

  report_all (item, root);
  report_lookups (item, data);
  for (guint i = 0; i < data->nodes->len; i++)
    {
      Node *node = data->nodes->pdata[i];

      if (i > 0)
        report_child (item, node);
      report_terms (item, node, &saw_ptr, &saw_macros);
    }
  report_server (item, data);
  return item;
}
