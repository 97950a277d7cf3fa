/* ob-spf.c — reading Sender Policy Framework records (RFC 7208)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A strict reader of the grammar in RFC 7208 §12: receivers treat a record
 * with any malformed term as a “permerror” and ignore all of it, so the
 * person has to learn about the first mistake, in words, with the term that
 * holds it. Macros (§7) are checked for syntax only: what they expand to
 * depends on each message.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-spf.h"

typedef struct
{
  const char    *name;
  ObSpfTermType  type;
} TermName;

static const TermName mechanisms[] = {
  { "all", OB_SPF_TERM_ALL },
  { "include", OB_SPF_TERM_INCLUDE },
  { "a", OB_SPF_TERM_A },
  { "mx", OB_SPF_TERM_MX },
  { "ptr", OB_SPF_TERM_PTR },
  { "ip4", OB_SPF_TERM_IP4 },
  { "ip6", OB_SPF_TERM_IP6 },
  { "exists", OB_SPF_TERM_EXISTS },
};

static void
term_free (ObSpfTerm *term)
{
  g_free (term->text);
  g_free (term->domain);
  g_clear_object (&term->address);
  g_free (term);
}

void
ob_spf_record_free (ObSpfRecord *record)
{
  if (record == NULL)
    return;

  g_ptr_array_unref (record->terms);
  g_free (record);
}

/**
 * ob_spf_is_record:
 * @text: a TXT record
 *
 * Whether @text is an SPF record: it starts with “v=spf1” followed by a
 * space or nothing (§4.5). Other TXT records at the same name are not SPF's
 * business.
 */
gboolean
ob_spf_is_record (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return g_ascii_strncasecmp (text, "v=spf1", 6) == 0 && (text[6] == ' ' || text[6] == '\0');
}

static gboolean
set_term_error (GError          **error,
                ObRecordError     code,
                const ObSpfTerm  *term,
                const char       *reason)
{
  g_autofree char *escaped = ob_escape_untrusted (term->text, -1);

  /* TRANSLATORS: the first %s is a part of a DNS record like “ip4:1.2.3.4/33”,
   * the second says what is wrong with it */
  g_set_error (error, OB_RECORD_ERROR, code, _("“%s”: %s"), escaped, reason);
  return FALSE;
}

/* Checks a macro-string (§7.1) from @start to @end; @in_exp allows the
 * letters only an explanation may use. */
static gboolean
macro_string_is_valid (const char *start,
                       const char *end,
                       gboolean    in_exp)
{
  for (const char *p = start; p < end; p++)
    {
      if (*p < 0x21 || *p > 0x7e)
        return FALSE;
      if (*p != '%')
        continue;
      p++;
      if (p < end && (*p == '%' || *p == '_' || *p == '-'))
        continue;
      if (p >= end || *p != '{' || ++p >= end)
        return FALSE;
      if (strchr (in_exp ? "slodiphcrtv" : "slodiphv", g_ascii_tolower (*p)) == NULL)
        return FALSE;
      p++;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      if (p < end && (*p == 'r' || *p == 'R'))
        p++;
      while (p < end && strchr (".-+,/_=", *p) != NULL)
        p++;
      if (p >= end || *p != '}')
        return FALSE;
    }
  return TRUE;
}

/* The last label of a domain-spec must be a toplabel (§7.1): not all
 * digits, so that an IP address is never taken for a domain. */
static gboolean
domain_end_is_valid (const char *start,
                     const char *end)
{
  const char *label;
  gboolean has_alpha = FALSE;

  if (end > start && end[-1] == '}')
    return TRUE;
  if (end > start && end[-1] == '.')
    end--;
  label = end;
  while (label > start && label[-1] != '.')
    label--;
  if (label == start || label == end)
    return FALSE;
  if (label[0] == '-' || end[-1] == '-')
    return FALSE;
  for (const char *p = label; p < end; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-')
        return FALSE;
      has_alpha |= g_ascii_isalpha (*p);
    }
  return has_alpha;
}

static gboolean
parse_domain_spec (ObSpfTerm   *term,
                   const char  *start,
                   const char  *end,
                   GError     **error)
{
  if (start == end)
    return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                           _("a domain name must follow the colon or equals sign."));
  if (!macro_string_is_valid (start, end, FALSE))
    return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                           _("the domain contains a malformed macro or a character that is "
                             "not allowed."));
  if (!domain_end_is_valid (start, end))
    return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                           _("this is not a complete domain name."));
  term->domain = g_strndup (start, end - start);
  return TRUE;
}

/* Reads a prefix length “0” or 1–3 digits without a leading zero. */
static gboolean
parse_prefix (const char *start,
              const char *end,
              guint       max,
              guint      *prefix)
{
  guint64 value;

  if (start == end || end - start > 3 || (start[0] == '0' && end - start > 1))
    return FALSE;
  for (const char *p = start; p < end; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  value = g_ascii_strtoull (start, NULL, 10);
  if (value > max)
    return FALSE;
  *prefix = value;
  return TRUE;
}

/* Where a trailing “/” followed by digits starts, or NULL. */
static const char *
find_prefix_suffix (const char *start,
                    const char *end)
{
  const char *p = end;

  while (p > start && g_ascii_isdigit (p[-1]))
    p--;
  if (p == end || p == start || p[-1] != '/')
    return NULL;
  return p - 1;
}

/* Splits a dual-cidr-length (“/24”, “//64”, “/24//64”) off the end of an
 * a or mx argument. Returns where the part before it ends, or NULL when a
 * prefix length is out of range. */
static const char *
parse_dual_cidr (ObSpfTerm   *term,
                 const char  *start,
                 const char  *end,
                 GError     **error)
{
  const char *slash = find_prefix_suffix (start, end);
  gboolean ok = TRUE;

  if (slash != NULL && slash > start && slash[-1] == '/')
    {
      ok = parse_prefix (slash + 1, end, 128, &term->prefix6);
      end = slash - 1;
      slash = find_prefix_suffix (start, end);
    }
  if (ok && slash != NULL)
    {
      ok = parse_prefix (slash + 1, end, 32, &term->prefix4);
      end = slash;
    }
  if (!ok)
    {
      set_term_error (error, OB_RECORD_ERROR_VALUE, term,
                      _("a prefix length must be a number from 0 to 32 for IPv4 "
                        "and from 0 to 128 for IPv6."));
      return NULL;
    }
  return end;
}

static gboolean
parse_ip (ObSpfTerm   *term,
          const char  *start,
          const char  *end,
          GError     **error)
{
  gboolean v4 = term->type == OB_SPF_TERM_IP4;
  const char *slash = memchr (start, '/', end - start);
  g_autofree char *address = g_strndup (start, (slash ? slash : end) - start);

  if (!g_hostname_is_ip_address (address) ||
      (term->address = g_inet_address_new_from_string (address)) == NULL ||
      g_inet_address_get_family (term->address) != (v4 ? G_SOCKET_FAMILY_IPV4
                                                       : G_SOCKET_FAMILY_IPV6))
    return set_term_error (error, OB_RECORD_ERROR_VALUE, term,
                           v4 ? _("this is not an IPv4 address.")
                              : _("this is not an IPv6 address."));
  if (slash != NULL &&
      !parse_prefix (slash + 1, end, v4 ? 32 : 128, v4 ? &term->prefix4 : &term->prefix6))
    return set_term_error (error, OB_RECORD_ERROR_VALUE, term,
                           v4 ? _("the prefix length must be a number from 0 to 32.")
                              : _("the prefix length must be a number from 0 to 128."));
  return TRUE;
}

/* Reads the part of a mechanism after its name: “:domain”, “/cidr”,
 * “:address/cidr”, as the mechanism allows. */
static gboolean
parse_mechanism_argument (ObSpfTerm   *term,
                          const char  *arg,
                          GError     **error)
{
  const char *end = arg + strlen (arg);
  gboolean has_colon = *arg == ':';

  switch (term->type)
    {
    case OB_SPF_TERM_ALL:
      if (*arg != '\0')
        return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                               _("nothing may follow “all”."));
      return TRUE;

    case OB_SPF_TERM_INCLUDE:
    case OB_SPF_TERM_EXISTS:
      if (!has_colon)
        return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                               _("a colon and a domain name must follow."));
      return parse_domain_spec (term, arg + 1, end, error);

    case OB_SPF_TERM_PTR:
      if (*arg == '\0')
        return TRUE;
      if (!has_colon)
        return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                               _("only a colon and a domain name may follow."));
      return parse_domain_spec (term, arg + 1, end, error);

    case OB_SPF_TERM_A:
    case OB_SPF_TERM_MX:
      end = parse_dual_cidr (term, arg, end, error);
      if (end == NULL)
        return FALSE;
      if (has_colon)
        return parse_domain_spec (term, arg + 1, end, error);
      if (end != arg)
        return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                               _("only a colon and a domain name, or a prefix length, may "
                                 "follow."));
      return TRUE;

    case OB_SPF_TERM_IP4:
    case OB_SPF_TERM_IP6:
      if (!has_colon)
        return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                               _("a colon and an address must follow."));
      return parse_ip (term, arg + 1, end, error);

    case OB_SPF_TERM_REDIRECT:
    case OB_SPF_TERM_EXP:
    case OB_SPF_TERM_UNKNOWN_MODIFIER:
    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
parse_mechanism (ObSpfTerm   *term,
                 const char  *text,
                 GError     **error)
{
  const char *p = text, *name_end;

  switch (*p)
    {
    case '+':
      term->qualifier = OB_SPF_QUALIFIER_PASS;
      p++;
      break;
    case '-':
      term->qualifier = OB_SPF_QUALIFIER_FAIL;
      p++;
      break;
    case '~':
      term->qualifier = OB_SPF_QUALIFIER_SOFTFAIL;
      p++;
      break;
    case '?':
      term->qualifier = OB_SPF_QUALIFIER_NEUTRAL;
      p++;
      break;
    default:
      term->qualifier = OB_SPF_QUALIFIER_PASS;
    }

  name_end = p;
  while (g_ascii_isalnum (*name_end))
    name_end++;
  for (gsize i = 0; i < G_N_ELEMENTS (mechanisms); i++)
    {
      if (strlen (mechanisms[i].name) == (gsize) (name_end - p) &&
          g_ascii_strncasecmp (p, mechanisms[i].name, name_end - p) == 0)
        {
          term->type = mechanisms[i].type;
          return parse_mechanism_argument (term, name_end, error);
        }
    }
  return set_term_error (error, OB_RECORD_ERROR_UNKNOWN_TERM, term,
                         _("this is not an SPF mechanism. The mechanisms are all, include, a, "
                           "mx, ptr, ip4, ip6 and exists."));
}

/* A modifier is name=value, where the name is a letter followed by letters,
 * digits, “-”, “_” or “.” (§12). Returns the “=”, or NULL for a mechanism. */
static const char *
find_modifier_equals (const char *text)
{
  const char *p = text;

  if (!g_ascii_isalpha (*p))
    return NULL;
  while (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.')
    p++;
  return *p == '=' ? p : NULL;
}

static gboolean
parse_modifier (ObSpfRecord  *record,
                ObSpfTerm    *term,
                const char   *equals,
                GError      **error)
{
  const char *name = term->text, *value = equals + 1, *end = value + strlen (value);
  gsize name_len = equals - name;

  if (name_len == 8 && g_ascii_strncasecmp (name, "redirect", 8) == 0)
    {
      if (record->redirect != NULL)
        return set_term_error (error, OB_RECORD_ERROR_DUPLICATE, term,
                               _("a record may have only one “redirect”."));
      term->type = OB_SPF_TERM_REDIRECT;
      record->redirect = term;
      return parse_domain_spec (term, value, end, error);
    }
  if (name_len == 3 && g_ascii_strncasecmp (name, "exp", 3) == 0)
    {
      for (guint i = 0; i < record->terms->len; i++)
        if (((ObSpfTerm *) record->terms->pdata[i])->type == OB_SPF_TERM_EXP)
          return set_term_error (error, OB_RECORD_ERROR_DUPLICATE, term,
                                 _("a record may have only one “exp”."));
      term->type = OB_SPF_TERM_EXP;
      return parse_domain_spec (term, value, end, error);
    }

  /* Unknown modifiers are allowed and ignored (§6), if well-formed. One
   * named like a mechanism is legal but certainly a typo for “:”, and
   * receivers would skip the servers it was meant to add. */
  term->type = OB_SPF_TERM_UNKNOWN_MODIFIER;
  for (gsize i = 0; i < G_N_ELEMENTS (mechanisms); i++)
    if (strlen (mechanisms[i].name) == name_len &&
        g_ascii_strncasecmp (name, mechanisms[i].name, name_len) == 0)
      return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                             _("a mechanism takes a colon, not an equals sign; receivers "
                               "ignore this term."));
  if (!macro_string_is_valid (value, end, FALSE))
    return set_term_error (error, OB_RECORD_ERROR_SYNTAX, term,
                           _("the value contains a malformed macro or a character that is "
                             "not allowed."));
  return TRUE;
}

/**
 * ob_spf_record_parse:
 * @text: a TXT record for which ob_spf_is_record() is true
 *
 * Returns: (transfer full): the record, or %NULL and an %OB_RECORD_ERROR
 *   naming the first term that is wrong
 */
ObSpfRecord *
ob_spf_record_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(ObSpfRecord) record = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ob_spf_is_record (text))
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VERSION,
                           _("An SPF record must start with “v=spf1” and a space."));
      return NULL;
    }

  record = g_new0 (ObSpfRecord, 1);
  record->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);

  /* Terms are separated by one or more spaces, and only spaces (§4.6.1). */
  words = g_strsplit (text + 6, " ", -1);
  for (char **w = words; *w != NULL; w++)
    {
      ObSpfTerm *term;
      const char *equals;
      gboolean ok;

      if (**w == '\0')
        continue;

      term = g_new0 (ObSpfTerm, 1);
      term->text = g_strdup (*w);
      term->prefix4 = 32;
      term->prefix6 = 128;
      g_ptr_array_add (record->terms, term);

      equals = find_modifier_equals (term->text);
      if (equals != NULL)
        ok = parse_modifier (record, term, equals, error);
      else
        ok = parse_mechanism (term, term->text, error);
      if (!ok)
        return NULL;
      if (term->type == OB_SPF_TERM_ALL && record->all == NULL)
        record->all = term;
    }

  return g_steal_pointer (&record);
}

/**
 * ob_spf_term_is_mechanism:
 *
 * Whether @term is a mechanism (and so has a qualifier), not a modifier.
 */
gboolean
ob_spf_term_is_mechanism (const ObSpfTerm *term)
{
  g_return_val_if_fail (term != NULL, FALSE);

  return term->type < OB_SPF_TERM_REDIRECT;
}

/**
 * ob_spf_term_queries_dns:
 *
 * Whether evaluating @term costs one of the ten DNS lookups a record may
 * cause (§4.6.4): include, a, mx, ptr, exists and redirect do.
 */
gboolean
ob_spf_term_queries_dns (const ObSpfTerm *term)
{
  g_return_val_if_fail (term != NULL, FALSE);

  switch (term->type)
    {
    case OB_SPF_TERM_INCLUDE:
    case OB_SPF_TERM_A:
    case OB_SPF_TERM_MX:
    case OB_SPF_TERM_PTR:
    case OB_SPF_TERM_EXISTS:
    case OB_SPF_TERM_REDIRECT:
      return TRUE;
    case OB_SPF_TERM_ALL:
    case OB_SPF_TERM_IP4:
    case OB_SPF_TERM_IP6:
    case OB_SPF_TERM_EXP:
    case OB_SPF_TERM_UNKNOWN_MODIFIER:
    default:
      return FALSE;
    }
}

/**
 * ob_spf_record_count_lookups:
 *
 * Counts the terms of @record itself that cost a DNS lookup; a redirect
 * counts only when there is no “all”, since it is ignored then (§6.1).
 */
guint
ob_spf_record_count_lookups (const ObSpfRecord *record)
{
  guint count = 0;

  g_return_val_if_fail (record != NULL, 0);

  for (guint i = 0; i < record->terms->len; i++)
    {
      const ObSpfTerm *term = record->terms->pdata[i];

      if (term->type == OB_SPF_TERM_REDIRECT && record->all != NULL)
        continue;
      count += ob_spf_term_queries_dns (term);
    }
  return count;
}

/**
 * ob_spf_term_has_macros:
 *
 * Whether @term's domain depends on the message (a “%{…}” macro), so that
 * it cannot be looked up without one.
 */
gboolean
ob_spf_term_has_macros (const ObSpfTerm *term)
{
  g_return_val_if_fail (term != NULL, FALSE);

  return term->domain != NULL && strstr (term->domain, "%{") != NULL;
}

/**
 * ob_spf_address_in_network:
 * @prefix: how many leading bits of @network count
 *
 * Whether @address lies in @network/@prefix. Bits of @network beyond the
 * prefix are ignored, as SPF does with “ip4:192.0.2.1/24”.
 */
gboolean
ob_spf_address_in_network (GInetAddress *address,
                           GInetAddress *network,
                           guint         prefix)
{
  const guint8 *a, *n;
  gsize size;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);
  g_return_val_if_fail (G_IS_INET_ADDRESS (network), FALSE);

  if (g_inet_address_get_family (address) != g_inet_address_get_family (network))
    return FALSE;
  size = g_inet_address_get_native_size (address);
  prefix = MIN (prefix, size * 8);
  a = g_inet_address_to_bytes (address);
  n = g_inet_address_to_bytes (network);
  if (memcmp (a, n, prefix / 8) != 0)
    return FALSE;
  if (prefix % 8 != 0)
    {
      guint8 mask = 0xff << (8 - prefix % 8);

      return (a[prefix / 8] & mask) == (n[prefix / 8] & mask);
    }
  return TRUE;
}
