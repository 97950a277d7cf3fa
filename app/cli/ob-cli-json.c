/* ob-cli-json.c — just enough JSON for machine-readable output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tool only ever writes JSON, in a few fixed shapes, so a string escaper
 * and a member separator are all it needs.
 */
#include "config.h"

#include "ob-cli-json.h"

/**
 * ob_json_append_string:
 * @value: (nullable): UTF-8 text; %NULL is written as null
 *
 * Appends @value as a JSON string. Bytes that are not valid UTF-8 (server
 * text can have them) are replaced with U+FFFD so the output stays JSON.
 */
void
ob_json_append_string (GString    *out,
                       const char *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  valid = g_utf8_make_valid (value, -1);
  g_string_append_c (out, '"');
  for (const char *p = valid; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

/**
 * ob_json_append_member:
 * @first: (inout): whether no member was written in this object yet
 *
 * Appends the separator and `"name":` of an object member.
 */
void
ob_json_append_member (GString    *out,
                       gboolean   *first,
                       const char *name)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  ob_json_append_string (out, name);
  g_string_append_c (out, ':');
}

/**
 * ob_json_append_enum:
 * @type: an enumeration type registered with glib-mkenums
 *
 * Appends the nick of @value (such as "starttls") as a JSON string, or
 * null for a value the type does not have.
 */
void
ob_json_append_enum (GString *out,
                     GType    type,
                     int      value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  ob_json_append_string (out, enum_value ? enum_value->value_nick : NULL);
}
