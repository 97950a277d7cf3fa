/* ob-smtp-reply.c — one SMTP reply: code, enhanced status code, text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ob-smtp-reply.h"

struct _ObSmtpReply
{
  gatomicrefcount  ref_count;
  guint            code;
  char            *enhanced_code;  /* "5.7.8", or NULL */
  GStrv            lines;          /* as the server sent them, after "NNN-" */
  char            *text;           /* lines without the enhanced code, "\n"-joined */
};

G_DEFINE_BOXED_TYPE (ObSmtpReply, ob_smtp_reply, ob_smtp_reply_ref, ob_smtp_reply_unref)

/* RFC 3463: class "." subject "." detail, where the class repeats the first
 * digit of the reply code, subject is 1-3 digits and detail 1-3 digits. */
static gsize
enhanced_code_length (const char *text,
                      guint       code)
{
  const char *p = text;
  gsize digits;

  if (p[0] != '0' + (char) (code / 100) || p[1] != '.')
    return 0;
  if (p[0] != '2' && p[0] != '4' && p[0] != '5')
    return 0;
  p += 2;
  for (digits = 0; g_ascii_isdigit (*p) && digits < 4; p++)
    digits++;
  if (digits == 0 || digits > 3 || *p != '.')
    return 0;
  p++;
  for (digits = 0; g_ascii_isdigit (*p) && digits < 4; p++)
    digits++;
  if (digits == 0 || digits > 3 || (*p != ' ' && *p != '\0'))
    return 0;
  return p - text;
}

/**
 * ob_smtp_reply_new:
 * @code: the three-digit reply code
 * @lines: the text of each line, after the code and its separator
 *
 * Returns: (transfer full): a new reply
 */
ObSmtpReply *
ob_smtp_reply_new (guint               code,
                   const char * const *lines)
{
  ObSmtpReply *reply;
  GString *text;
  gsize enhanced_len = 0;

  g_return_val_if_fail (code >= 100 && code <= 599, NULL);

  reply = g_new0 (ObSmtpReply, 1);
  g_atomic_ref_count_init (&reply->ref_count);
  reply->code = code;
  reply->lines = lines != NULL ? g_strdupv ((char **) lines) : g_new0 (char *, 1);

  if (reply->lines[0] != NULL)
    enhanced_len = enhanced_code_length (reply->lines[0], code);
  if (enhanced_len > 0)
    reply->enhanced_code = g_strndup (reply->lines[0], enhanced_len);

  text = g_string_new (NULL);
  for (guint i = 0; reply->lines[i] != NULL; i++)
    {
      const char *line = reply->lines[i];

      /* Servers repeat the enhanced code on every line; the text reads
       * better without it. */
      if (reply->enhanced_code != NULL && g_str_has_prefix (line, reply->enhanced_code))
        {
          line += enhanced_len;
          while (*line == ' ')
            line++;
        }
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  reply->text = g_string_free (text, FALSE);

  return reply;
}

ObSmtpReply *
ob_smtp_reply_ref (ObSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  g_atomic_ref_count_inc (&reply->ref_count);
  return reply;
}

void
ob_smtp_reply_unref (ObSmtpReply *reply)
{
  g_return_if_fail (reply != NULL);

  if (g_atomic_ref_count_dec (&reply->ref_count))
    {
      g_free (reply->enhanced_code);
      g_strfreev (reply->lines);
      g_free (reply->text);
      g_free (reply);
    }
}

guint
ob_smtp_reply_get_code (ObSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, 0);

  return reply->code;
}

/**
 * ob_smtp_reply_get_enhanced_code:
 *
 * Returns: (nullable): the RFC 3463 status code, such as "5.7.8", when the
 *   reply has one
 */
const char *
ob_smtp_reply_get_enhanced_code (ObSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return reply->enhanced_code;
}

const char * const *
ob_smtp_reply_get_lines (ObSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return (const char * const *) reply->lines;
}

/**
 * ob_smtp_reply_get_text:
 *
 * Returns: the reply's text, its lines joined by "\n", without the code and
 *   without the enhanced status code. This is the server's untrusted text:
 *   escape it before showing it.
 */
const char *
ob_smtp_reply_get_text (ObSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return reply->text;
}

/**
 * ob_smtp_reply_to_string:
 *
 * Returns: the reply as the server sent it, "NNN-" and "NNN " prefixes
 *   included, one line per line, without line ends
 */
char *
ob_smtp_reply_to_string (ObSmtpReply *reply)
{
  GString *s;
  guint n;

  g_return_val_if_fail (reply != NULL, NULL);

  s = g_string_new (NULL);
  n = g_strv_length (reply->lines);
  if (n == 0)
    g_string_append_printf (s, "%03u", reply->code);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (s, '\n');
      g_string_append_printf (s, "%03u%c%s", reply->code, i + 1 < n ? '-' : ' ', reply->lines[i]);
    }
  return g_string_free (s, FALSE);
}

gboolean
ob_smtp_reply_is_success (ObSmtpReply *reply)
{
  return reply->code >= 200 && reply->code < 300;
}

gboolean
ob_smtp_reply_is_intermediate (ObSmtpReply *reply)
{
  return reply->code >= 300 && reply->code < 400;
}

gboolean
ob_smtp_reply_is_transient (ObSmtpReply *reply)
{
  return reply->code >= 400 && reply->code < 500;
}

gboolean
ob_smtp_reply_is_permanent (ObSmtpReply *reply)
{
  return reply->code >= 500 && reply->code < 600;
}
