/* ob-escape.c — making untrusted text safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-escape.h"

/**
 * ob_escape_untrusted:
 * @data: bytes from a server or a file, in any encoding
 * @len: the length of @data, or -1 when it is NUL-terminated
 *
 * Returns valid UTF-8 with no control characters: a byte that is not part of
 * valid UTF-8 becomes `\xNN`; C0 and C1 controls, DEL and bidirectional
 * overrides become `\uNNNN`; CR, LF, tab and the backslash itself become
 * `\r`, `\n`, `\t` and `\\`. The result cannot
 * break a line, move the cursor of a terminal, or pass for another entry in
 * a log, and reads back unambiguously.
 */
char *
ob_escape_untrusted (const char *data,
                     gssize      len)
{
  GString *out;
  const char *p, *end;

  if (data == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (data);

  out = g_string_sized_new (len + 8);
  p = data;
  end = data + len;
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }

      switch (c)
        {
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        default:
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) ||
              /* Bidirectional overrides could make server text read as
               * something else; escape them too. */
              (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
            g_string_append_printf (out, "\\u%04X", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}
