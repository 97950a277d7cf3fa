/* ob-address.c — checking and splitting mail addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the addr-spec form people type (RFC 5321 Mailbox, with RFC 6531's
 * UTF-8) is accepted: no display names, comments or quoted local parts. Those
 * are legal but are never what a person means in an address field, and
 * refusing them keeps every address safe to put on an SMTP command line.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-address.h"

G_DEFINE_QUARK (ob-address-error-quark, ob_address_error)

#define MAX_LOCAL_PART 64
#define MAX_DOMAIN     253
#define MAX_LABEL      63

/* RFC 5322 atext, plus "." which dot-atom allows between atoms. */
static gboolean
is_local_char (guchar c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-/=?^_`{|}~.", c) != NULL || c >= 0x80;
}

static gboolean
label_is_valid (const char *label,
                gsize       len)
{
  if (len == 0 || len > MAX_LABEL)
    return FALSE;
  if (label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = label[i];

      /* Non-ASCII is an internationalized label; UTF-8 validity is checked
       * for the whole name by the caller. */
      if (!(g_ascii_isalnum (c) || c == '-' || c >= 0x80))
        return FALSE;
    }
  return TRUE;
}

/**
 * ob_hostname_is_valid:
 * @hostname: a host or domain name
 *
 * Whether @hostname is a syntactically valid DNS name (ASCII or UTF-8
 * labels, no trailing dot, no IP literal).
 */
gboolean
ob_hostname_is_valid (const char *hostname)
{
  const char *p;
  gsize len;

  if (hostname == NULL)
    return FALSE;
  len = strlen (hostname);
  if (len == 0 || len > MAX_DOMAIN || !g_utf8_validate (hostname, len, NULL))
    return FALSE;

  p = hostname;
  for (;;)
    {
      const char *dot = strchr (p, '.');
      gsize label_len = dot ? (gsize) (dot - p) : strlen (p);

      if (!label_is_valid (p, label_len))
        return FALSE;
      if (dot == NULL)
        break;
      p = dot + 1;
    }
  return TRUE;
}

/* @s is valid UTF-8. C1 controls count too: U+0085 is a line break to
 * some programs, and U+2028 and U+2029 are Unicode's own. */
static gboolean
has_forbidden_character (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c <= 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

/**
 * ob_address_parse:
 * @address: what the person typed
 * @local_part: (out) (optional): the part before the last "@"
 * @domain: (out) (optional): the part after it
 *
 * Checks @address and splits it. Each failure has its own code and a message
 * that says what to correct.
 */
gboolean
ob_address_parse (const char  *address,
                  char       **local_part,
                  char       **domain,
                  GError     **error)
{
  const char *at;
  gsize local_len;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (address == NULL || *address == '\0')
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_EMPTY,
                           _("Enter an email address."));
      return FALSE;
    }
  if (!g_utf8_validate (address, -1, NULL))
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER,
                           _("The address contains characters that are not valid text."));
      return FALSE;
    }
  if (has_forbidden_character (address))
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER,
                           _("An email address cannot contain spaces, line breaks or "
                             "control characters."));
      return FALSE;
    }

  at = strrchr (address, '@');
  if (at == NULL)
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_NO_AT,
                           _("An email address needs an “@” followed by a domain, "
                             "like name@example.com."));
      return FALSE;
    }

  local_len = at - address;
  if (local_len == 0)
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_LOCAL_PART,
                           _("Enter the name before the “@”."));
      return FALSE;
    }
  if (local_len > MAX_LOCAL_PART)
    {
      g_set_error (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_LOCAL_PART,
                   _("The part before the “@” is longer than %d characters."),
                   MAX_LOCAL_PART);
      return FALSE;
    }
  for (gsize i = 0; i < local_len; i++)
    {
      if (!is_local_char ((guchar) address[i]))
        {
          g_set_error (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_LOCAL_PART,
                       _("The character “%c” cannot be used before the “@”."),
                       address[i]);
          return FALSE;
        }
    }
  if (address[0] == '.' || address[local_len - 1] == '.' ||
      g_strstr_len (address, local_len, "..") != NULL)
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_LOCAL_PART,
                           _("The part before the “@” cannot start or end with a dot, "
                             "or have two dots in a row."));
      return FALSE;
    }

  if (at[1] == '\0')
    {
      g_set_error_literal (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_DOMAIN,
                           _("Enter the domain after the “@”, like example.com."));
      return FALSE;
    }
  if (!ob_hostname_is_valid (at + 1))
    {
      g_set_error (error, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_DOMAIN,
                   _("“%s” is not a valid domain name."), at + 1);
      return FALSE;
    }

  if (local_part != NULL)
    *local_part = g_strndup (address, local_len);
  if (domain != NULL)
    *domain = g_strdup (at + 1);
  return TRUE;
}

gboolean
ob_address_is_valid (const char *address)
{
  return ob_address_parse (address, NULL, NULL, NULL);
}

/**
 * ob_address_needs_smtputf8:
 *
 * Whether @address has non-ASCII characters, which only a server offering
 * SMTPUTF8 (RFC 6531) may be given.
 */
gboolean
ob_address_needs_smtputf8 (const char *address)
{
  g_return_val_if_fail (address != NULL, FALSE);

  for (const guchar *p = (const guchar *) address; *p; p++)
    if (*p >= 0x80)
      return TRUE;
  return FALSE;
}
