/* ob-smtp-capabilities.c — what a server's EHLO reply offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An EHLO reply (RFC 5321 section 4.1.1.1) names the server on its first
 * line, then lists one extension per line: a keyword, case-insensitive, and
 * parameters separated by spaces. Only the keywords the client acts on are
 * kept; anything else, including lines that make no sense, is ignored, since
 * a server may announce extensions we have never heard of.
 */
#include "config.h"

#include <string.h>

#include "ob-escape.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-reply.h"

/* RFC 4422 section 3.1: a mechanism name is 1 to 20 of [A-Z0-9-_]. */
#define MAX_MECHANISM_LEN 20
/* Real servers offer a handful; more is noise we need not keep. */
#define MAX_MECHANISMS    32
/* A domain name is at most 255 octets; a greeting line can be anything. */
#define MAX_SERVER_NAME   255

struct _ObSmtpCapabilities
{
  gatomicrefcount        ref_count;
  ObSmtpCapabilityFlags  flags;
  char                  *server_name;  /* escaped, safe to show */
  guint64                size_limit;   /* 0: none announced */
  GPtrArray             *mechanisms;   /* upper-case, NULL-terminated */
};

G_DEFINE_BOXED_TYPE (ObSmtpCapabilities, ob_smtp_capabilities,
                     ob_smtp_capabilities_ref, ob_smtp_capabilities_unref)

static const struct
{
  const char            *keyword;
  ObSmtpCapabilityFlags  flag;
} keywords[] = {
  /* In the order describe() lists them. */
  { "PIPELINING", OB_SMTP_CAP_PIPELINING },
  { "SIZE", OB_SMTP_CAP_SIZE },
  { "8BITMIME", OB_SMTP_CAP_8BITMIME },
  { "SMTPUTF8", OB_SMTP_CAP_SMTPUTF8 },
  { "CHUNKING", OB_SMTP_CAP_CHUNKING },
  { "BINARYMIME", OB_SMTP_CAP_BINARYMIME },
  { "DSN", OB_SMTP_CAP_DSN },
  { "ENHANCEDSTATUSCODES", OB_SMTP_CAP_ENHANCEDSTATUSCODES },
  { "STARTTLS", OB_SMTP_CAP_STARTTLS },
  { "AUTH", OB_SMTP_CAP_AUTH },
};

/* Splits off the next word of *@p, returning its length; 0 at the end. */
static gsize
next_word (const char **p,
           const char **word)
{
  const char *s = *p;
  gsize len = 0;

  while (*s == ' ' || *s == '\t')
    s++;
  *word = s;
  while (s[len] != '\0' && s[len] != ' ' && s[len] != '\t')
    len++;
  *p = s + len;
  return len;
}

static gboolean
word_is (const char *word,
         gsize       len,
         const char *keyword)
{
  return strlen (keyword) == len && g_ascii_strncasecmp (word, keyword, len) == 0;
}

static void
add_mechanism (ObSmtpCapabilities *self,
               const char         *word,
               gsize               len)
{
  char name[MAX_MECHANISM_LEN + 1];

  /* The array's last slot is the terminating NULL. */
  if (len == 0 || len > MAX_MECHANISM_LEN || self->mechanisms->len - 1 >= MAX_MECHANISMS)
    return;
  for (gsize i = 0; i < len; i++)
    {
      char c = g_ascii_toupper (word[i]);

      if (!(g_ascii_isupper (c) || g_ascii_isdigit (c) || c == '-' || c == '_'))
        return;
      name[i] = c;
    }
  name[len] = '\0';

  for (guint i = 0; i + 1 < self->mechanisms->len; i++)
    if (strcmp (g_ptr_array_index (self->mechanisms, i), name) == 0)
      return;
  g_ptr_array_insert (self->mechanisms, self->mechanisms->len - 1, g_strdup (name));
}

static void
add_mechanisms (ObSmtpCapabilities *self,
                const char         *params)
{
  const char *word;
  gsize len;

  while ((len = next_word (&params, &word)) > 0)
    add_mechanism (self, word, len);
}

/* "SIZE" and "SIZE 0" announce no limit; a limit that is not a number is
 * as good as none. */
static void
read_size (ObSmtpCapabilities *self,
           const char         *params)
{
  const char *word;
  gsize len = next_word (&params, &word);
  g_autofree char *digits = g_strndup (word, len);
  guint64 limit;

  if (len > 0 && g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &limit, NULL))
    self->size_limit = limit;
}

static void
read_extension (ObSmtpCapabilities *self,
                const char         *line)
{
  const char *p = line;
  const char *word;
  gsize len = next_word (&p, &word);

  /* Servers that served clients older than RFC 4954 announce AUTH a second
   * time in a draft's syntax, "AUTH=PLAIN LOGIN", and a few only that way. */
  if (len > 5 && g_ascii_strncasecmp (word, "AUTH=", 5) == 0)
    {
      self->flags |= OB_SMTP_CAP_AUTH;
      add_mechanism (self, word + 5, len - 5);
      add_mechanisms (self, p);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      if (!word_is (word, len, keywords[i].keyword))
        continue;

      self->flags |= keywords[i].flag;
      if (keywords[i].flag == OB_SMTP_CAP_SIZE)
        read_size (self, p);
      else if (keywords[i].flag == OB_SMTP_CAP_AUTH)
        add_mechanisms (self, p);
      return;
    }
}

/**
 * ob_smtp_capabilities_parse:
 * @ehlo_reply: the server's successful reply to EHLO
 *
 * Returns: (transfer full): what the server offers; never %NULL, since
 *   extensions that cannot be read are ignored
 */
ObSmtpCapabilities *
ob_smtp_capabilities_parse (ObSmtpReply *ehlo_reply)
{
  ObSmtpCapabilities *self;
  const char * const *lines;
  const char *p, *word;
  gsize len;

  g_return_val_if_fail (ehlo_reply != NULL, NULL);

  self = g_new0 (ObSmtpCapabilities, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->mechanisms = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->mechanisms, NULL);

  lines = ob_smtp_reply_get_lines (ehlo_reply);
  if (lines[0] == NULL)
    {
      self->server_name = g_strdup ("");
      return self;
    }

  /* The first line is the server's name, then an optional greeting. */
  p = lines[0];
  len = next_word (&p, &word);
  self->server_name = ob_escape_untrusted (word, MIN (len, MAX_SERVER_NAME));

  for (guint i = 1; lines[i] != NULL; i++)
    read_extension (self, lines[i]);
  return self;
}

ObSmtpCapabilities *
ob_smtp_capabilities_ref (ObSmtpCapabilities *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);

  g_atomic_ref_count_inc (&caps->ref_count);
  return caps;
}

void
ob_smtp_capabilities_unref (ObSmtpCapabilities *caps)
{
  g_return_if_fail (caps != NULL);

  if (g_atomic_ref_count_dec (&caps->ref_count))
    {
      g_free (caps->server_name);
      g_ptr_array_unref (caps->mechanisms);
      g_free (caps);
    }
}

ObSmtpCapabilityFlags
ob_smtp_capabilities_get_flags (ObSmtpCapabilities *caps)
{
  g_return_val_if_fail (caps != NULL, OB_SMTP_CAP_NONE);

  return caps->flags;
}

/**
 * ob_smtp_capabilities_has:
 * @flag: one or more flags
 *
 * Returns: %TRUE when the server offers every extension in @flag
 */
gboolean
ob_smtp_capabilities_has (ObSmtpCapabilities    *caps,
                          ObSmtpCapabilityFlags  flag)
{
  g_return_val_if_fail (caps != NULL, FALSE);

  return (caps->flags & flag) == flag;
}

/**
 * ob_smtp_capabilities_get_server_name:
 *
 * Returns: the name the server gave for itself on the first line of its
 *   reply, escaped with ob_escape_untrusted() and so safe to show; it is
 *   whatever the server claims, not a verified name
 */
const char *
ob_smtp_capabilities_get_server_name (ObSmtpCapabilities *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);

  return caps->server_name;
}

/**
 * ob_smtp_capabilities_get_size_limit:
 *
 * Returns: the largest message the server takes, in octets, or 0 when it
 *   announced no limit (including "SIZE" without a number, "SIZE 0" and a
 *   limit that is not a number)
 */
guint64
ob_smtp_capabilities_get_size_limit (ObSmtpCapabilities *caps)
{
  g_return_val_if_fail (caps != NULL, 0);

  return caps->size_limit;
}

/**
 * ob_smtp_capabilities_get_auth_mechanisms:
 *
 * Returns: (transfer none) (array zero-terminated=1): the SASL mechanisms
 *   the server offers, upper-case, in the server's order, without
 *   duplicates, from "AUTH" and "AUTH=" lines alike; empty when there are
 *   none. Names that are not valid SASL names are left out.
 */
const char * const *
ob_smtp_capabilities_get_auth_mechanisms (ObSmtpCapabilities *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);

  return (const char * const *) caps->mechanisms->pdata;
}

gboolean
ob_smtp_capabilities_has_auth_mechanism (ObSmtpCapabilities *caps,
                                         const char         *mechanism)
{
  g_return_val_if_fail (caps != NULL, FALSE);
  g_return_val_if_fail (mechanism != NULL, FALSE);

  for (guint i = 0; i + 1 < caps->mechanisms->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (caps->mechanisms, i), mechanism) == 0)
      return TRUE;
  return FALSE;
}

/**
 * ob_smtp_capabilities_describe:
 *
 * Returns: (transfer full): the extensions the client uses, as their
 *   keywords, such as "PIPELINING, SIZE 35882577, STARTTLS, AUTH PLAIN LOGIN";
 *   empty when the server offers none of them
 */
char *
ob_smtp_capabilities_describe (ObSmtpCapabilities *caps)
{
  GString *s;

  g_return_val_if_fail (caps != NULL, NULL);

  s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (keywords); i++)
    {
      if (!(caps->flags & keywords[i].flag))
        continue;

      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, keywords[i].keyword);
      if (keywords[i].flag == OB_SMTP_CAP_SIZE && caps->size_limit > 0)
        g_string_append_printf (s, " %" G_GUINT64_FORMAT, caps->size_limit);
      if (keywords[i].flag == OB_SMTP_CAP_AUTH)
        for (guint m = 0; m + 1 < caps->mechanisms->len; m++)
          g_string_append_printf (s, " %s", (char *) g_ptr_array_index (caps->mechanisms, m));
    }
  return g_string_free (s, FALSE);
}
