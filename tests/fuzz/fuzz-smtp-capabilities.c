/* fuzz-smtp-capabilities.c — EHLO replies the server could send
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every reply the parser finds in the input becomes capabilities; so do the
 * input's lines taken as they are, since ob_smtp_capabilities_parse() takes
 * any reply, not only one that came through the parser.
 */
#include <stdint.h>
#include <string.h>

#include "ob-smtp-capabilities.h"
#include "ob-smtp-reply-parser.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const ObSmtpCapabilityFlags all_flags[] = {
  OB_SMTP_CAP_PIPELINING, OB_SMTP_CAP_SIZE, OB_SMTP_CAP_8BITMIME, OB_SMTP_CAP_SMTPUTF8,
  OB_SMTP_CAP_CHUNKING, OB_SMTP_CAP_BINARYMIME, OB_SMTP_CAP_DSN,
  OB_SMTP_CAP_ENHANCEDSTATUSCODES, OB_SMTP_CAP_STARTTLS, OB_SMTP_CAP_AUTH,
};

static void
check_mechanism (const char *name)
{
  gsize len = strlen (name);

  g_assert_cmpuint (len, >=, 1);
  g_assert_cmpuint (len, <=, 20);
  for (gsize i = 0; i < len; i++)
    g_assert_true (g_ascii_isupper (name[i]) || g_ascii_isdigit (name[i]) ||
                   name[i] == '-' || name[i] == '_');
}

static void
check_capabilities (ObSmtpReply *reply)
{
  g_autoptr(ObSmtpCapabilities) caps = ob_smtp_capabilities_parse (reply);
  g_autoptr(ObSmtpCapabilities) ref = ob_smtp_capabilities_ref (caps);
  ObSmtpCapabilityFlags flags = ob_smtp_capabilities_get_flags (caps);
  const char *name = ob_smtp_capabilities_get_server_name (caps);
  const char * const *mechanisms = ob_smtp_capabilities_get_auth_mechanisms (caps);
  g_autofree char *description = ob_smtp_capabilities_describe (caps);
  ObSmtpCapabilityFlags seen = 0;
  guint n;

  g_assert_true (ref == caps);
  for (gsize i = 0; i < G_N_ELEMENTS (all_flags); i++)
    if (ob_smtp_capabilities_has (caps, all_flags[i]))
      seen |= all_flags[i];
  g_assert_cmphex (seen, ==, flags);
  g_assert_true (ob_smtp_capabilities_has (caps, flags));

  /* The name is escaped: printable, one line. */
  g_assert_nonnull (name);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  for (const char *p = name; *p != '\0'; p++)
    g_assert_false (*p == '\r' || *p == '\n' || *p == '\x1b');

  if (ob_smtp_capabilities_get_size_limit (caps) > 0)
    g_assert_true (flags & OB_SMTP_CAP_SIZE);

  n = g_strv_length ((char **) mechanisms);
  g_assert_cmpuint (n, <=, 32);
  if (n > 0)
    g_assert_true (flags & OB_SMTP_CAP_AUTH);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *lower = g_ascii_strdown (mechanisms[i], -1);

      check_mechanism (mechanisms[i]);
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (mechanisms[i], !=, mechanisms[j]);
      g_assert_true (ob_smtp_capabilities_has_auth_mechanism (caps, lower));
      g_assert_nonnull (strstr (description, mechanisms[i]));
    }
  ob_smtp_capabilities_has_auth_mechanism (caps, "PLAIN");

  g_assert_true (g_str_is_ascii (description));
  g_assert_true ((*description == '\0') == (flags == 0));
}

/* The replies the parser finds, starting over after each error. */
static void
parse_replies (const char *data,
               gsize       size)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();

  while (size > 0)
    {
      g_autoptr(ObSmtpReply) reply = NULL;
      gsize consumed = 0;

      if (ob_smtp_reply_parser_feed (parser, data, size, &consumed, &reply, NULL)
          == OB_SMTP_PARSE_REPLY)
        check_capabilities (reply);
      g_assert_cmpuint (consumed, >, 0);
      g_assert_cmpuint (consumed, <=, size);
      data += consumed;
      size -= consumed;
    }
}

/* The lines as they are, up to the first NUL. */
static void
parse_lines (const char *data,
             gsize       size)
{
  g_autofree char *text = g_strndup (data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 1024);
  g_autoptr(ObSmtpReply) reply = ob_smtp_reply_new (250, (const char * const *) lines);

  check_capabilities (reply);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  parse_replies ((const char *) data, size);
  parse_lines ((const char *) data, size);
  return 0;
}
