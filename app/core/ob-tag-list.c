/* ob-tag-list.c — "tag=value; tag=value" records (DKIM, DMARC, MTA-STS, TLS-RPT)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tag-list syntax of RFC 6376 §3.2, which DMARC (RFC 7489), MTA-STS
 * (RFC 8461) and TLS-RPT (RFC 8460) reuse. Tag names are case-sensitive;
 * a tag given twice makes the whole record invalid. Empty entries (“;;”)
 * are skipped, as the receivers we know of do.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-tag-list.h"

typedef struct
{
  char *name;
  char *value;
} Tag;

struct _ObTagList
{
  GArray *tags;
};

static void
tag_clear (Tag *tag)
{
  g_free (tag->name);
  g_free (tag->value);
}

static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *
skip_wsp (const char *p)
{
  while (is_wsp (*p))
    p++;
  return p;
}

static gboolean
set_syntax_error (GError     **error,
                  const char  *start,
                  const char  *end)
{
  g_autofree char *part = ob_escape_untrusted (start, end - start);

  g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_SYNTAX,
               _("“%s” is not of the form “tag=value”."), part);
  return FALSE;
}

/* Reads one tag-spec from *p up to the next ";" or the end. */
static gboolean
parse_tag (const char  **p,
           Tag          *tag,
           GError      **error)
{
  const char *start = *p, *name_end, *value, *value_end, *end;

  end = start + strcspn (start, ";");
  if (!g_ascii_isalpha (*start))
    return set_syntax_error (error, start, end);
  name_end = start + 1;
  while (g_ascii_isalnum (*name_end) || *name_end == '_')
    name_end++;
  value = skip_wsp (name_end);
  if (*value != '=')
    return set_syntax_error (error, start, end);
  value = skip_wsp (value + 1);
  value_end = end;
  while (value_end > value && is_wsp (value_end[-1]))
    value_end--;

  for (const char *c = value; c < value_end; c++)
    {
      if (!is_wsp (*c) && (*c < 0x21 || *c > 0x7e))
        {
          g_autofree char *part = ob_escape_untrusted (start, end - start);

          g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_SYNTAX,
                       _("“%s” contains characters that are not allowed in a record."),
                       part);
          return FALSE;
        }
    }

  tag->name = g_strndup (start, name_end - start);
  tag->value = g_strndup (value, value_end - value);
  *p = end;
  return TRUE;
}

/**
 * ob_tag_list_parse:
 * @text: the record, as one text
 *
 * Returns: (transfer full): the tags in the order given, or %NULL with
 *   %OB_RECORD_ERROR_SYNTAX or %OB_RECORD_ERROR_DUPLICATE
 */
ObTagList *
ob_tag_list_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(ObTagList) self = g_new0 (ObTagList, 1);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->tags = g_array_new (FALSE, TRUE, sizeof (Tag));
  g_array_set_clear_func (self->tags, (GDestroyNotify) tag_clear);

  for (;;)
    {
      Tag tag = { 0 };

      p = skip_wsp (p);
      if (*p == '\0')
        break;
      if (*p == ';')
        {
          p++;
          continue;
        }
      if (!parse_tag (&p, &tag, error))
        return NULL;
      if (ob_tag_list_get (self, tag.name) != NULL)
        {
          g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_DUPLICATE,
                       _("The tag “%s” appears more than once."), tag.name);
          tag_clear (&tag);
          return NULL;
        }
      g_array_append_val (self->tags, tag);
    }

  return g_steal_pointer (&self);
}

/**
 * ob_tag_list_get:
 *
 * Returns: (nullable): the value of the tag @name, possibly empty, or
 *   %NULL when the record does not have it
 */
const char *
ob_tag_list_get (ObTagList  *self,
                 const char *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->tags->len; i++)
    {
      Tag *tag = &g_array_index (self->tags, Tag, i);

      if (g_str_equal (tag->name, name))
        return tag->value;
    }
  return NULL;
}

/**
 * ob_tag_list_get_name:
 *
 * Returns: the name of the @index-th tag, in the order of the record
 */
const char *
ob_tag_list_get_name (ObTagList *self,
                      guint      index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->tags->len, NULL);

  return g_array_index (self->tags, Tag, index).name;
}

guint
ob_tag_list_get_length (ObTagList *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tags->len;
}

void
ob_tag_list_free (ObTagList *self)
{
  if (self == NULL)
    return;

  if (self->tags != NULL)
    g_array_unref (self->tags);
  g_free (self);
}

/**
 * ob_tag_list_has_version:
 * @text: a TXT record
 * @version: the version a record of the wanted kind starts with, like
 *   “DMARC1”
 *
 * Whether @text starts with the tag “v=@version”. Receivers discard the
 * other TXT records at a name by this test before they parse anything, so
 * a record that fails it is not a broken record of this kind but another
 * record.
 */
gboolean
ob_tag_list_has_version (const char *text,
                         const char *version)
{
  const char *p;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  p = skip_wsp (text);
  if (*p != 'v')
    return FALSE;
  p = skip_wsp (p + 1);
  if (*p != '=')
    return FALSE;
  p = skip_wsp (p + 1);
  len = strlen (version);
  if (strncmp (p, version, len) != 0)
    return FALSE;
  p += len;
  return *p == '\0' || *p == ';' || is_wsp (*p);
}
