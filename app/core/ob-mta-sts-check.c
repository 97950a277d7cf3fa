/* ob-mta-sts-check.c — fetching a domain's MTA-STS policy and judging it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As senders do (RFC 8461 §3.3): the TXT record at _mta-sts.<domain> says
 * a policy exists; it is then fetched over HTTPS with the certificate
 * checked, without following redirects, bounded in size and time. The
 * policy's mx patterns are compared with the domain's MX hosts, which the
 * caller looks up in parallel and passes to ob_mta_sts_result_report().
 *
 * MTA-STS protects mail sent *to* the domain and is optional, so a domain
 * without it is graded good, with a note: a warning would make nearly every
 * small domain look unhealthy for something that does not affect whether
 * its mail is delivered. A policy that is announced but broken is another
 * matter: senders that cached an older one may refuse delivery.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-deadline.h"
#include "ob-dns.h"
#include "ob-domain-check-item-private.h"
#include "ob-escape.h"
#include "ob-mta-sts.h"
#include "ob-mta-sts-check.h"
#include "ob-tag-list.h"

/* §3.3: senders may limit the policy's size; 64 KiB is what they use. */
#define MAX_POLICY_SIZE (64 * 1024)
#define READ_SIZE       8192
/* Senders should keep a policy for weeks; under a day it barely helps. */
#define SHORT_MAX_AGE   86400

struct _ObMtaStsResult
{
  char           *domain;
  GPtrArray      *records;       /* the TXT records that start with v=STSv1 */
  char           *lookup_error;  /* the TXT lookup failed */
  GError         *record_error;  /* the one record is malformed */
  char           *url;
  char           *fetch_error;   /* the policy could not be fetched */
  char           *content_type;
  GByteArray     *body;
  ObMtaStsPolicy *policy;
  GError         *policy_error;  /* the policy is malformed */
};

typedef struct
{
  ObMtaStsResult *result;
  SoupSession    *session;
  char           *url_template;
  guint           timeout_ms;
  ObDeadline     *deadline;
  SoupMessage    *message;
  GInputStream   *stream;
} CheckData;

void
ob_mta_sts_result_free (ObMtaStsResult *result)
{
  if (result == NULL)
    return;

  g_free (result->domain);
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_free (result->lookup_error);
  g_clear_error (&result->record_error);
  g_free (result->url);
  g_free (result->fetch_error);
  g_free (result->content_type);
  g_clear_pointer (&result->body, g_byte_array_unref);
  g_clear_pointer (&result->policy, ob_mta_sts_policy_free);
  g_clear_error (&result->policy_error);
  g_free (result);
}

static void
check_data_free (CheckData *data)
{
  ob_mta_sts_result_free (data->result);
  g_clear_object (&data->session);
  g_free (data->url_template);
  g_clear_pointer (&data->deadline, ob_deadline_free);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
complete (GTask *task)
{
  CheckData *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&data->result),
                         (GDestroyNotify) ob_mta_sts_result_free);
}

/* Records why the fetch failed and ends the check. */
static void
fail_fetch (GTask  *task,
            GError *error)
{
  CheckData *data = g_task_get_task_data (task);
  g_autofree char *what = g_strdup_printf (_("Fetching %s"), data->result->url);

  ob_deadline_check_error (data->deadline, &error, what);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    data->result->fetch_error = g_strdup_printf (_("The web server’s certificate is not valid "
                                                   "for this host, has expired, or is not "
                                                   "signed by a trusted authority (%s)."),
                                                 error->message);
  else
    data->result->fetch_error = g_strdup (error->message);
  g_error_free (error);
  complete (task);
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* Whether the rest of the body could be skipped does not matter. */
  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  complete (task);
}

/* Ends the fetch, taking the reference that travels with it: reads the
 * policy, or after a failure drops what is left of the body. */
static void
finish_fetch (GTask *task)
{
  CheckData *data = g_task_get_task_data (task);
  ObMtaStsResult *result = data->result;
  g_autofree char *text = NULL;

  if (result->fetch_error != NULL)
    {
      g_input_stream_close_async (data->stream, G_PRIORITY_DEFAULT,
                                  ob_deadline_get_cancellable (data->deadline), close_cb, task);
      return;
    }

  text = g_strndup ((const char *) result->body->data, result->body->len);
  if (strlen (text) != result->body->len)
    g_set_error_literal (&result->policy_error, OB_RECORD_ERROR, OB_RECORD_ERROR_SYNTAX,
                         _("The policy is not text."));
  else
    result->policy = ob_mta_sts_policy_parse (text, &result->policy_error);
  complete (task);
  g_object_unref (task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  CheckData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res,
                                                              &error);

  if (error != NULL)
    {
      fail_fetch (task, error);
      g_object_unref (task);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      finish_fetch (task);
      return;
    }

  g_byte_array_append (data->result->body, g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes));
  if (data->result->body->len > MAX_POLICY_SIZE)
    {
      data->result->fetch_error = g_strdup_printf (_("The policy is larger than %u KiB."),
                                                   MAX_POLICY_SIZE / 1024);
      finish_fetch (task);
      return;
    }
  g_input_stream_read_bytes_async (data->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   ob_deadline_get_cancellable (data->deadline), read_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  GTask *task = user_data;
  CheckData *data = g_task_get_task_data (task);
  ObMtaStsResult *result = data->result;
  GError *error = NULL;
  guint status;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (data->stream == NULL)
    {
      fail_fetch (task, error);
      g_object_unref (task);
      return;
    }

  status = soup_message_get_status (data->message);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *reason = ob_escape_untrusted (soup_message_get_reason_phrase (data->message),
                                                     -1);

      if (SOUP_STATUS_IS_REDIRECTION (status))
        result->fetch_error = g_strdup_printf (_("The server answered “%u %s”, a redirect, "
                                                 "which senders must not follow for MTA-STS."),
                                               status, reason);
      else
        result->fetch_error = g_strdup_printf (_("The server answered “%u %s”."), status, reason);
      finish_fetch (task);
      return;
    }

  result->content_type = g_strdup (soup_message_headers_get_content_type (
                                     soup_message_get_response_headers (data->message), NULL));
  result->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   ob_deadline_get_cancellable (data->deadline), read_cb, task);
}

/* The template's first “%s” stands for the domain. It is replaced as text,
 * never used as a printf format. */
static char *
build_url (const char *url_template,
           const char *domain)
{
  const char *slot = strstr (url_template, "%s");

  if (slot == NULL)
    return g_strdup (url_template);
  return g_strdup_printf ("%.*s%s%s", (int) (slot - url_template), url_template, domain,
                          slot + 2);
}

static void
fetch_policy (GTask *task)
{
  CheckData *data = g_task_get_task_data (task);
  ObMtaStsResult *result = data->result;

  result->url = build_url (data->url_template, result->domain);
  data->message = soup_message_new (SOUP_METHOD_GET, result->url);
  if (data->message == NULL)
    {
      g_autofree char *url = ob_escape_untrusted (result->url, -1);

      result->fetch_error = g_strdup_printf (_("“%s” is not a web address."), url);
      complete (task);
      return;
    }
  /* §3.3: “HTTP 3xx redirects MUST NOT be followed”. */
  soup_message_add_flags (data->message, SOUP_MESSAGE_NO_REDIRECT);
  data->deadline = ob_deadline_new (g_task_get_cancellable (task), data->timeout_ms);
  soup_session_send_async (data->session, data->message, G_PRIORITY_DEFAULT,
                           ob_deadline_get_cancellable (data->deadline), sent_cb,
                           g_object_ref (task));
}

static void
txt_cb (GObject      *source,
        GAsyncResult *res,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CheckData *data = g_task_get_task_data (task);
  ObMtaStsResult *result = data->result;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = ob_dns_lookup_txt_finish (res, &error);

  if (error != NULL)
    {
      result->lookup_error = g_strdup (error->message);
      complete (task);
      return;
    }

  for (guint i = 0; i < texts->len; i++)
    if (ob_tag_list_has_version (texts->pdata[i], "STSv1"))
      g_ptr_array_add (result->records, g_strdup (texts->pdata[i]));

  /* §3.1: anything but exactly one valid record means no policy. */
  if (result->records->len != 1 ||
      !ob_mta_sts_record_parse (result->records->pdata[0], &result->record_error))
    {
      complete (task);
      return;
    }
  fetch_policy (task);
}

/**
 * ob_mta_sts_check_async:
 * @session: the session to fetch the policy with; its TLS database decides
 *   which certificates are trusted
 * @url_template: where policies are, with “%s” for the domain: normally
 *   “https://mta-sts.%s/.well-known/mta-sts.txt”
 * @domain: the domain, in ASCII
 *
 * Looks up the MTA-STS record and fetches the policy it announces. A failed
 * lookup or fetch is part of the result; the only error is
 * %G_IO_ERROR_CANCELLED.
 */
void
ob_mta_sts_check_async (GResolver           *resolver,
                        SoupSession         *session,
                        const char          *url_template,
                        const char          *domain,
                        guint                timeout_ms,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  CheckData *data;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url_template != NULL);
  g_return_if_fail (domain != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_mta_sts_check_async);
  data = g_new0 (CheckData, 1);
  data->result = g_new0 (ObMtaStsResult, 1);
  data->result->domain = g_strdup (domain);
  data->result->records = g_ptr_array_new_with_free_func (g_free);
  data->session = g_object_ref (session);
  data->url_template = g_strdup (url_template);
  data->timeout_ms = timeout_ms;
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  name = g_strdup_printf ("_mta-sts.%s", domain);
  ob_dns_lookup_txt_async (resolver, name, timeout_ms, cancellable, txt_cb,
                           g_steal_pointer (&task));
}

/**
 * ob_mta_sts_check_finish:
 *
 * Returns: (transfer full): what was found, for ob_mta_sts_result_report()
 */
ObMtaStsResult *
ob_mta_sts_check_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
report_records (ObDomainCheckItem *item,
                ObMtaStsResult    *result)
{
  for (guint i = 0; i < result->records->len; i++)
    {
      g_autofree char *record = g_strdup_printf ("_mta-sts.%s: %s", result->domain,
                                                 (char *) result->records->pdata[i]);

      ob_domain_check_item_add_record (item, record);
    }
  if (result->policy != NULL)
    {
      g_autofree char *text = g_strndup ((const char *) result->body->data, result->body->len);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      g_autofree char *heading = g_strdup_printf ("%s:", result->url);

      ob_domain_check_item_add_record (item, heading);
      for (char **l = lines; *l != NULL; l++)
        if (**l != '\0' && !g_str_equal (*l, "\r"))
          ob_domain_check_item_add_record (item, g_strchomp (*l));
    }
}

/* Whether the record and policy are usable; reports what is wrong if not. */
static gboolean
report_broken (ObDomainCheckItem *item,
               ObMtaStsResult    *result)
{
  g_autofree char *text = NULL;
  g_autofree char *fix = NULL;

  if (result->lookup_error != NULL)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("MTA-STS could not be checked"),
                                        result->lookup_error,
                                        _("Check again later. If it keeps failing, ask whoever "
                                          "runs the domain’s DNS to check its name servers."));
      return FALSE;
    }
  if (result->records->len == 0)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("MTA-STS is not used"),
                                        _("MTA-STS lets a domain require that mail sent to it "
                                          "travels encrypted to the right servers. It protects "
                                          "mail you receive, not mail you send, and is "
                                          "optional."),
                                        NULL);
      return FALSE;
    }
  if (result->records->len > 1)
    {
      text = g_strdup_printf (_("%u MTA-STS records instead of one"), result->records->len);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, text,
                                        _("With more than one record, senders ignore MTA-STS "
                                          "for your domain."),
                                        _("Keep one record, with the current policy id."));
      return FALSE;
    }
  if (result->record_error != NULL)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("The MTA-STS record is malformed"),
                                        result->record_error->message,
                                        _("Publish “v=STSv1; id=…” with an id of letters and "
                                          "digits that changes whenever the policy does."));
      return FALSE;
    }

  if (result->fetch_error != NULL)
    {
      text = g_strdup_printf (_("The record at “_mta-sts.%s” announces a policy, but it could "
                                "not be fetched from %s:\n%s\nSenders that have not seen the "
                                "policy before treat the domain as having none; those that "
                                "have keep using their old copy, which may no longer match "
                                "your servers."),
                              result->domain, result->url, result->fetch_error);
      fix = g_strdup_printf (_("Serve the policy at %s over HTTPS, with a valid certificate "
                               "for that host and without redirects, or remove the record at "
                               "“_mta-sts.%s”."), result->url, result->domain);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("The MTA-STS policy cannot be fetched"), text, fix);
      return FALSE;
    }
  if (result->policy == NULL)
    {
      text = g_strdup_printf (_("%s Senders ignore a malformed policy, or keep using an older "
                                "copy of it."), result->policy_error->message);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
                                        _("The MTA-STS policy is malformed"), text,
                                        _("Correct the policy file and change the id= in the "
                                          "_mta-sts record so senders fetch it again."));
      return FALSE;
    }
  return TRUE;
}

static void
report_mode (ObDomainCheckItem *item,
             ObMtaStsPolicy    *policy,
             GPtrArray         *mx_hosts)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *text = NULL;
  gboolean enforce = policy->mode == OB_MTA_STS_MODE_ENFORCE;

  for (guint i = 0; mx_hosts != NULL && i < mx_hosts->len; i++)
    {
      g_autofree char *host = NULL;

      if (ob_mta_sts_policy_matches (policy, mx_hosts->pdata[i]))
        continue;
      host = ob_escape_untrusted (mx_hosts->pdata[i], -1);
      g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", host);
    }

  if (missing->len > 0)
    {
      text = g_strdup_printf (enforce
                              ? _("The policy does not cover %s. In enforce mode, senders "
                                  "refuse to deliver to a mail server the policy does not "
                                  "list, so mail to your domain through it bounces.")
                              : _("The policy does not cover %s. In testing mode senders "
                                  "deliver anyway, but report the failure."),
                              missing->str);
      ob_domain_check_item_add_finding (item, enforce ? OB_DOMAIN_CHECK_GRADE_PROBLEM
                                                      : OB_DOMAIN_CHECK_GRADE_WARNING,
                                        _("Mail servers missing from the MTA-STS policy"), text,
                                        _("Add an “mx:” line for each of them to the policy, "
                                          "and change the id= in the _mta-sts record so senders "
                                          "fetch it again."));
    }

  if (enforce)
    ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                      _("MTA-STS policy: enforce"),
                                      _("Senders deliver mail to your domain only over "
                                        "encrypted connections to the servers the policy "
                                        "lists."),
                                      NULL);
  else
    ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                      _("MTA-STS policy: testing"),
                                      _("Senders report problems with encrypted delivery but "
                                        "deliver anyway. Switch to “mode: enforce” once the "
                                        "reports are clean."),
                                      NULL);

  if (mx_hosts == NULL || mx_hosts->len == 0)
    ob_domain_check_item_add_note (item, _("The domain’s mail servers could not be compared "
                                           "with the policy, as none were found."));
}

/**
 * ob_mta_sts_result_report:
 * @mx_hosts: (nullable) (element-type utf8): the domain's MX hosts
 *
 * Returns: (transfer full): the MTA-STS item
 */
ObDomainCheckItem *
ob_mta_sts_result_report (ObMtaStsResult *result,
                          GPtrArray      *mx_hosts)
{
  ObDomainCheckItem *item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_MTA_STS);
  ObMtaStsPolicy *policy = result->policy;
  g_autofree char *note = NULL;

  g_return_val_if_fail (result != NULL, item);

  report_records (item, result);
  if (!report_broken (item, result))
    return item;

  if (policy->mode == OB_MTA_STS_MODE_NONE)
    {
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD,
                                        _("MTA-STS is switched off (mode: none)"),
                                        _("The policy tells senders to forget any earlier "
                                          "policy; mail to your domain is not required to be "
                                          "encrypted."),
                                        NULL);
      return item;
    }

  report_mode (item, policy, mx_hosts);
  if (result->content_type == NULL || !g_str_equal (result->content_type, "text/plain"))
    ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                      _("The MTA-STS policy is not served as plain text"),
                                      _("RFC 8461 requires the media type “text/plain”; some "
                                        "senders ignore a policy served otherwise."),
                                      _("Configure the web server to send the policy with "
                                        "“Content-Type: text/plain”."));
  if (policy->mode == OB_MTA_STS_MODE_ENFORCE && policy->max_age < SHORT_MAX_AGE)
    {
      note = g_strdup_printf (_("Senders keep the policy for only %" G_GUINT64_FORMAT
                                " seconds (max_age); RFC 8461 suggests weeks, such as 1209600 "
                                "(two weeks)."), policy->max_age);
      ob_domain_check_item_add_note (item, note);
    }
  return item;
}
