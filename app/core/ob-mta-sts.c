/* ob-mta-sts.c — MTA-STS records and policies (RFC 8461)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parsers for the _mta-sts TXT record (§3.1) and the policy file
 * (§3.2), and matching mail server names against the policy's patterns
 * (§4.1). Fetching and reporting are in ob-mta-sts-check.c.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-mta-sts.h"
#include "ob-tag-list.h"

/* §3.2: a year at most. */
#define MAX_MAX_AGE 31557600
#define MAX_ID_LENGTH 32

/**
 * ob_mta_sts_record_parse:
 * @text: a TXT record at _mta-sts.<domain> that starts with “v=STSv1”
 *
 * Checks the record: the version first, and an id= of 1 to 32 letters and
 * digits, which senders compare to know when to fetch the policy again.
 *
 * Returns: whether the record is valid
 */
gboolean
ob_mta_sts_record_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(ObTagList) tags = NULL;
  const char *id;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tags = ob_tag_list_parse (text, error);
  if (tags == NULL)
    return FALSE;
  if (ob_tag_list_get_length (tags) == 0 || !g_str_equal (ob_tag_list_get_name (tags, 0), "v") ||
      !g_str_equal (ob_tag_list_get (tags, "v"), "STSv1"))
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VERSION,
                           _("An MTA-STS record must start with “v=STSv1”."));
      return FALSE;
    }

  id = ob_tag_list_get (tags, "id");
  if (id == NULL)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING,
                           _("The record has no policy id (id=)."));
      return FALSE;
    }
  len = strlen (id);
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p))
      len = 0;
  if (len == 0 || len > MAX_ID_LENGTH)
    {
      g_autofree char *escaped = ob_escape_untrusted (id, -1);

      g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
                   _("The policy id “%s” must be 1 to %u letters and digits."),
                   escaped, MAX_ID_LENGTH);
      return FALSE;
    }
  return TRUE;
}

void
ob_mta_sts_policy_free (ObMtaStsPolicy *policy)
{
  if (policy == NULL)
    return;

  g_ptr_array_unref (policy->mx);
  g_free (policy);
}

static gboolean
mx_pattern_is_valid (const char *pattern)
{
  const char *host = g_str_has_prefix (pattern, "*.") ? pattern + 2 : pattern;

  /* A pattern names a host; no other wildcard, no address. */
  if (strchr (host, '*') != NULL || g_hostname_is_ip_address (host))
    return FALSE;
  for (const char *p = host; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return *host != '\0' && *host != '.' && strstr (host, "..") == NULL;
}

static gboolean
set_line_error (GError        **error,
                ObRecordError   code,
                const char     *line,
                const char     *reason)
{
  g_autofree char *escaped = ob_escape_untrusted (line, -1);

  /* TRANSLATORS: the first %s is a line of a policy file, the second says
   * what is wrong with it */
  g_set_error (error, OB_RECORD_ERROR, code, _("“%s”: %s"), escaped, reason);
  return FALSE;
}

static gboolean
parse_field (ObMtaStsPolicy  *policy,
             const char      *line,
             const char      *key,
             const char      *value,
             guint           *seen,
             GError         **error)
{
  enum { SEEN_VERSION = 1, SEEN_MODE = 2, SEEN_MAX_AGE = 4 };
  guint field = 0;

  if (g_ascii_strcasecmp (key, "mx") == 0)
    {
      if (!mx_pattern_is_valid (value))
        return set_line_error (error, OB_RECORD_ERROR_VALUE, line,
                               _("this is not a host name or a pattern like "
                                 "“*.example.com”."));
      g_ptr_array_add (policy->mx, g_ascii_strdown (value, -1));
      return TRUE;
    }

  if (g_ascii_strcasecmp (key, "version") == 0)
    {
      field = SEEN_VERSION;
      if (!g_str_equal (value, "STSv1"))
        return set_line_error (error, OB_RECORD_ERROR_VERSION, line,
                               _("the version must be “STSv1”."));
    }
  else if (g_ascii_strcasecmp (key, "mode") == 0)
    {
      field = SEEN_MODE;
      if (g_str_equal (value, "enforce"))
        policy->mode = OB_MTA_STS_MODE_ENFORCE;
      else if (g_str_equal (value, "testing"))
        policy->mode = OB_MTA_STS_MODE_TESTING;
      else if (g_str_equal (value, "none"))
        policy->mode = OB_MTA_STS_MODE_NONE;
      else
        return set_line_error (error, OB_RECORD_ERROR_VALUE, line,
                               _("the mode must be “enforce”, “testing” or “none”."));
    }
  else if (g_ascii_strcasecmp (key, "max_age") == 0)
    {
      field = SEEN_MAX_AGE;
      if (strlen (value) > 10 ||
          !g_ascii_string_to_unsigned (value, 10, 0, MAX_MAX_AGE, &policy->max_age, NULL))
        return set_line_error (error, OB_RECORD_ERROR_VALUE, line,
                               _("max_age must be a number of seconds up to 31557600 (a "
                                 "year)."));
    }
  else
    {
      /* Extensions are allowed and ignored (§3.2). */
      return TRUE;
    }

  if (*seen & field)
    return set_line_error (error, OB_RECORD_ERROR_DUPLICATE, line,
                           _("this field appears more than once."));
  *seen |= field;
  return TRUE;
}

/**
 * ob_mta_sts_policy_parse:
 * @text: the policy file, as served
 *
 * Reads “key: value” lines separated by CRLF or LF. version, mode and
 * max_age are required, and at least one mx unless the mode is none.
 *
 * Returns: (transfer full): the policy, or %NULL and an %OB_RECORD_ERROR
 */
ObMtaStsPolicy *
ob_mta_sts_policy_parse (const char  *text,
                         GError     **error)
{
  g_autoptr(ObMtaStsPolicy) policy = NULL;
  g_auto(GStrv) lines = NULL;
  guint seen = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_SYNTAX,
                           _("The policy is not text."));
      return NULL;
    }

  policy = g_new0 (ObMtaStsPolicy, 1);
  policy->mx = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      char *line = *l, *colon;
      gsize len = strlen (line);
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0)
        continue;
      colon = strchr (line, ':');
      if (colon == NULL || colon == line)
        {
          set_line_error (error, OB_RECORD_ERROR_SYNTAX, line,
                          _("each line must be of the form “key: value”."));
          return NULL;
        }
      key = g_strndup (line, colon - line);
      value = g_strstrip (g_strdup (colon + 1));
      if (!parse_field (policy, line, key, value, &seen, error))
        return NULL;
    }

  if (seen != 7)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING,
                           _("The policy must have the fields “version”, “mode” and "
                             "“max_age”."));
      return NULL;
    }
  if (policy->mx->len == 0 && policy->mode != OB_MTA_STS_MODE_NONE)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING,
                           _("The policy lists no mail servers (“mx:” lines)."));
      return NULL;
    }
  return g_steal_pointer (&policy);
}

/**
 * ob_mta_sts_policy_matches:
 * @host: a mail server name, as in an MX record
 *
 * Whether @host matches one of the policy's mx patterns: exactly, or, for
 * “*.example.com”, with exactly one more label on the left (§4.1).
 */
gboolean
ob_mta_sts_policy_matches (ObMtaStsPolicy *policy,
                           const char     *host)
{
  g_autofree char *name = NULL;
  gsize len;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  len = strlen (host);
  if (len > 0 && host[len - 1] == '.')
    len--;
  name = g_ascii_strdown (host, len);

  for (guint i = 0; i < policy->mx->len; i++)
    {
      const char *pattern = policy->mx->pdata[i];
      const char *dot;

      if (g_str_equal (pattern, name))
        return TRUE;
      if (!g_str_has_prefix (pattern, "*."))
        continue;
      dot = strchr (name, '.');
      if (dot != NULL && dot != name && g_str_equal (dot + 1, pattern + 2))
        return TRUE;
    }
  return FALSE;
}
