/* test-smtp-capabilities.c — what EHLO replies offer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-smtp-capabilities.h"
#include "ob-smtp-reply-parser.h"

typedef struct
{
  const char            *name;
  const char            *ehlo;
  const char            *server_name;
  ObSmtpCapabilityFlags  flags;
  guint64                size_limit;
  const char            *mechanisms;   /* space-separated */
  const char            *description;
} CapsCase;

static const CapsCase cases[] = {
  { "gmail-plain",
    "250-smtp.gmail.com at your service, [203.0.113.5]\r\n"
    "250-SIZE 35882577\r\n"
    "250-8BITMIME\r\n"
    "250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-PIPELINING\r\n"
    "250-CHUNKING\r\n"
    "250 SMTPUTF8\r\n",
    "smtp.gmail.com",
    OB_SMTP_CAP_SIZE | OB_SMTP_CAP_8BITMIME | OB_SMTP_CAP_STARTTLS |
    OB_SMTP_CAP_ENHANCEDSTATUSCODES | OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_CHUNKING |
    OB_SMTP_CAP_SMTPUTF8,
    35882577, "",
    "PIPELINING, SIZE 35882577, 8BITMIME, SMTPUTF8, CHUNKING, ENHANCEDSTATUSCODES, STARTTLS" },
  { "gmail-tls",
    "250-smtp.gmail.com at your service, [203.0.113.5]\r\n"
    "250-SIZE 35882577\r\n"
    "250-8BITMIME\r\n"
    "250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-PIPELINING\r\n"
    "250-CHUNKING\r\n"
    "250 SMTPUTF8\r\n",
    "smtp.gmail.com",
    OB_SMTP_CAP_SIZE | OB_SMTP_CAP_8BITMIME | OB_SMTP_CAP_AUTH |
    OB_SMTP_CAP_ENHANCEDSTATUSCODES | OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_CHUNKING |
    OB_SMTP_CAP_SMTPUTF8,
    35882577, "LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
    "PIPELINING, SIZE 35882577, 8BITMIME, SMTPUTF8, CHUNKING, ENHANCEDSTATUSCODES, "
    "AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH" },
  { "office365",
    "250-AM0PR02CA0001.outlook.office365.com Hello [203.0.113.5]\r\n"
    "250-SIZE 157286400\r\n"
    "250-PIPELINING\r\n"
    "250-DSN\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-AUTH LOGIN XOAUTH2\r\n"
    "250-8BITMIME\r\n"
    "250-BINARYMIME\r\n"
    "250-CHUNKING\r\n"
    "250 SMTPUTF8\r\n",
    "AM0PR02CA0001.outlook.office365.com",
    OB_SMTP_CAP_SIZE | OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_DSN |
    OB_SMTP_CAP_ENHANCEDSTATUSCODES | OB_SMTP_CAP_AUTH | OB_SMTP_CAP_8BITMIME |
    OB_SMTP_CAP_BINARYMIME | OB_SMTP_CAP_CHUNKING | OB_SMTP_CAP_SMTPUTF8,
    157286400, "LOGIN XOAUTH2",
    "PIPELINING, SIZE 157286400, 8BITMIME, SMTPUTF8, CHUNKING, BINARYMIME, DSN, "
    "ENHANCEDSTATUSCODES, AUTH LOGIN XOAUTH2" },
  { "postfix",
    "250-mail.example.org\r\n"
    "250-PIPELINING\r\n"
    "250-SIZE 10240000\r\n"
    "250-VRFY\r\n"
    "250-ETRN\r\n"
    "250-STARTTLS\r\n"
    "250-AUTH PLAIN LOGIN\r\n"
    "250-AUTH=PLAIN LOGIN\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250-8BITMIME\r\n"
    "250-DSN\r\n"
    "250-SMTPUTF8\r\n"
    "250 CHUNKING\r\n",
    "mail.example.org",
    OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_SIZE | OB_SMTP_CAP_STARTTLS | OB_SMTP_CAP_AUTH |
    OB_SMTP_CAP_ENHANCEDSTATUSCODES | OB_SMTP_CAP_8BITMIME | OB_SMTP_CAP_DSN |
    OB_SMTP_CAP_SMTPUTF8 | OB_SMTP_CAP_CHUNKING,
    10240000, "PLAIN LOGIN",
    "PIPELINING, SIZE 10240000, 8BITMIME, SMTPUTF8, CHUNKING, DSN, ENHANCEDSTATUSCODES, "
    "STARTTLS, AUTH PLAIN LOGIN" },
  { "exim",
    "250-mx.example.net Hello client.example.com [203.0.113.5]\r\n"
    "250-SIZE 52428800\r\n"
    "250-8BITMIME\r\n"
    "250-PIPELINING\r\n"
    "250-PIPE_CONNECT\r\n"
    "250-AUTH PLAIN LOGIN CRAM-MD5\r\n"
    "250-CHUNKING\r\n"
    "250-STARTTLS\r\n"
    "250-PRDR\r\n"
    "250 HELP\r\n",
    "mx.example.net",
    OB_SMTP_CAP_SIZE | OB_SMTP_CAP_8BITMIME | OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_AUTH |
    OB_SMTP_CAP_CHUNKING | OB_SMTP_CAP_STARTTLS,
    52428800, "PLAIN LOGIN CRAM-MD5",
    "PIPELINING, SIZE 52428800, 8BITMIME, CHUNKING, STARTTLS, AUTH PLAIN LOGIN CRAM-MD5" },
  /* "8 BITMIME" is what some large providers really send: not 8BITMIME. */
  { "yahoo-like",
    "250-smtp.mail.yahoo.com\n"
    "250-PIPELINING\n"
    "250-SIZE 41697280\n"
    "250-8 BITMIME\n"
    "250-AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER\n"
    "250 STARTTLS\n",
    "smtp.mail.yahoo.com",
    OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_SIZE | OB_SMTP_CAP_AUTH | OB_SMTP_CAP_STARTTLS,
    41697280, "PLAIN LOGIN XOAUTH2 OAUTHBEARER",
    "PIPELINING, SIZE 41697280, STARTTLS, AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER" },
  { "helo-only-server", "250 old.example.com\r\n", "old.example.com", 0, 0, "", "" },
  { "bare-code", "250\r\n", "", 0, 0, "", "" },
  { "legacy-auth-only",
    "250-exchange.example.com Hello\r\n250-AUTH=LOGIN\r\n250 SIZE\r\n",
    "exchange.example.com", OB_SMTP_CAP_AUTH | OB_SMTP_CAP_SIZE, 0, "LOGIN",
    "SIZE, AUTH LOGIN" },
  { "auth-union",
    "250-exchange.example.com\r\n250-AUTH GSSAPI NTLM\r\n250-AUTH=LOGIN NTLM\r\n250 AUTH PLAIN\r\n",
    "exchange.example.com", OB_SMTP_CAP_AUTH, 0, "GSSAPI NTLM LOGIN PLAIN",
    "AUTH GSSAPI NTLM LOGIN PLAIN" },
  { "auth-duplicates",
    "250-x.example\r\n250-AUTH PLAIN LOGIN PLAIN\r\n250 AUTH=login Plain\r\n",
    "x.example", OB_SMTP_CAP_AUTH, 0, "PLAIN LOGIN", "AUTH PLAIN LOGIN" },
  { "auth-without-mechanisms", "250-x.example\r\n250 AUTH\r\n",
    "x.example", OB_SMTP_CAP_AUTH, 0, "", "AUTH" },
  { "auth-invalid-names",
    "250-x.example\r\n"
    "250 AUTH PLAIN LO@GIN SCRAM-SHA-256-PLUS123 SCRAM-SHA-256-PLUS x_y GR\xc3\x96SSE \xff "
    "XOAUTH2\r\n",
    "x.example", OB_SMTP_CAP_AUTH, 0, "PLAIN SCRAM-SHA-256-PLUS X_Y XOAUTH2",
    "AUTH PLAIN SCRAM-SHA-256-PLUS X_Y XOAUTH2" },
  { "case-insensitive",
    "250-Mail.Example.COM greets you\r\n250-pipelining\r\n250-Size 1000\r\n250-8bitmime\r\n"
    "250-auth plain Login\r\n250-StartTLS\r\n250 smtputf8\r\n",
    "Mail.Example.COM",
    OB_SMTP_CAP_PIPELINING | OB_SMTP_CAP_SIZE | OB_SMTP_CAP_8BITMIME | OB_SMTP_CAP_AUTH |
    OB_SMTP_CAP_STARTTLS | OB_SMTP_CAP_SMTPUTF8,
    1000, "PLAIN LOGIN", "PIPELINING, SIZE 1000, 8BITMIME, SMTPUTF8, STARTTLS, AUTH PLAIN LOGIN" },
  { "size-zero", "250-x.example\r\n250 SIZE 0\r\n", "x.example", OB_SMTP_CAP_SIZE, 0, "", "SIZE" },
  { "size-garbage", "250-x.example\r\n250 SIZE lots\r\n",
    "x.example", OB_SMTP_CAP_SIZE, 0, "", "SIZE" },
  { "size-negative", "250-x.example\r\n250 SIZE -1\r\n",
    "x.example", OB_SMTP_CAP_SIZE, 0, "", "SIZE" },
  { "size-plus", "250-x.example\r\n250 SIZE +1000\r\n",
    "x.example", OB_SMTP_CAP_SIZE, 0, "", "SIZE" },
  { "size-fraction", "250-x.example\r\n250 SIZE 10.5\r\n",
    "x.example", OB_SMTP_CAP_SIZE, 0, "", "SIZE" },
  { "size-largest", "250-x.example\r\n250 SIZE 18446744073709551615\r\n",
    "x.example", OB_SMTP_CAP_SIZE, G_MAXUINT64, "", "SIZE 18446744073709551615" },
  { "size-overflow", "250-x.example\r\n250 SIZE 18446744073709551616\r\n",
    "x.example", OB_SMTP_CAP_SIZE, 0, "", "SIZE" },
  { "size-extra-words", "250-x.example\r\n250 SIZE   2048 bytes\r\n",
    "x.example", OB_SMTP_CAP_SIZE, 2048, "", "SIZE 2048" },
  { "junk",
    "250-x.example\r\n"
    "250-\r\n"
    "250-   \r\n"
    "250--\r\n"
    "250-AUTH=\r\n"
    "250-AUTHPLAIN\r\n"
    "250-SIZE1000\r\n"
    "250-PIPELININGX\r\n"
    "250-X-EXPS GSSAPI NTLM\r\n"
    "250-XCLIENT NAME ADDR\r\n"
    "250-\xff\xfe\x01\r\n"
    "250 \tDSN\t\r\n",
    "x.example", OB_SMTP_CAP_DSN, 0, "", "DSN" },
  /* The server's name is its claim, shown escaped and cut short. */
  { "hostile-name", "250-evil\x1b[2J\xff.example lies\r\n250 PIPELINING\r\n",
    "evil\\u001B[2J\\xFF.example", OB_SMTP_CAP_PIPELINING, 0, "", "PIPELINING" },
};

static ObSmtpReply *
parse_reply (const char *text)
{
  g_autoptr(ObSmtpReplyParser) parser = ob_smtp_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  ObSmtpReply *reply = NULL;
  gsize consumed = 0;

  g_assert_cmpint (ob_smtp_reply_parser_feed (parser, text, strlen (text), &consumed, &reply,
                                              &error),
                   ==, OB_SMTP_PARSE_REPLY);
  g_assert_no_error (error);
  g_assert_cmpuint (consumed, ==, strlen (text));
  return reply;
}

static void
test_capabilities_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const CapsCase *c = &cases[i];
      g_autoptr(ObSmtpReply) reply = parse_reply (c->ehlo);
      g_autoptr(ObSmtpCapabilities) caps = ob_smtp_capabilities_parse (reply);
      g_auto(GStrv) expected = g_strsplit (c->mechanisms, " ", -1);
      g_autofree char *mechanisms = NULL;
      g_autofree char *description = NULL;

      g_test_message ("capabilities %s", c->name);
      g_assert_cmpstr (ob_smtp_capabilities_get_server_name (caps), ==, c->server_name);
      g_assert_cmphex (ob_smtp_capabilities_get_flags (caps), ==, c->flags);
      g_assert_cmpuint (ob_smtp_capabilities_get_size_limit (caps), ==, c->size_limit);

      mechanisms = g_strjoinv (" ", (char **) ob_smtp_capabilities_get_auth_mechanisms (caps));
      g_assert_cmpstr (mechanisms, ==, c->mechanisms);
      for (guint m = 0; expected[m] != NULL && *expected[m] != '\0'; m++)
        {
          g_autofree char *lower = g_ascii_strdown (expected[m], -1);

          g_assert_true (ob_smtp_capabilities_has_auth_mechanism (caps, expected[m]));
          g_assert_true (ob_smtp_capabilities_has_auth_mechanism (caps, lower));
        }

      description = ob_smtp_capabilities_describe (caps);
      g_assert_cmpstr (description, ==, c->description);
    }
}

static void
test_capabilities_has (void)
{
  g_autoptr(ObSmtpReply) reply = parse_reply (cases[0].ehlo);
  g_autoptr(ObSmtpCapabilities) caps = ob_smtp_capabilities_parse (reply);

  g_assert_true (ob_smtp_capabilities_has (caps, OB_SMTP_CAP_STARTTLS));
  g_assert_true (ob_smtp_capabilities_has (caps, OB_SMTP_CAP_STARTTLS | OB_SMTP_CAP_PIPELINING));
  g_assert_false (ob_smtp_capabilities_has (caps, OB_SMTP_CAP_STARTTLS | OB_SMTP_CAP_AUTH));
  g_assert_false (ob_smtp_capabilities_has (caps, OB_SMTP_CAP_AUTH));
  g_assert_false (ob_smtp_capabilities_has_auth_mechanism (caps, "PLAIN"));
  g_assert_null (ob_smtp_capabilities_get_auth_mechanisms (caps)[0]);
}

static void
test_capabilities_mechanism_limits (void)
{
  g_autoptr(GString) ehlo = g_string_new ("250-x.example\r\n250-AUTH");
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(ObSmtpCapabilities) caps = NULL;
  const char * const *mechanisms;

  /* Twenty octets is the longest name SASL allows. */
  g_string_append (ehlo, " ABCDEFGHIJ0123456789 ABCDEFGHIJ0123456789X");
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (ehlo, " M%u", i);
  g_string_append (ehlo, "\r\n250 AUTH=LATE\r\n");

  reply = parse_reply (ehlo->str);
  caps = ob_smtp_capabilities_parse (reply);
  mechanisms = ob_smtp_capabilities_get_auth_mechanisms (caps);
  g_assert_cmpuint (g_strv_length ((char **) mechanisms), ==, 32);
  g_assert_cmpstr (mechanisms[0], ==, "ABCDEFGHIJ0123456789");
  g_assert_cmpstr (mechanisms[1], ==, "M0");
  g_assert_cmpstr (mechanisms[31], ==, "M30");
  g_assert_false (ob_smtp_capabilities_has_auth_mechanism (caps, "ABCDEFGHIJ0123456789X"));
  g_assert_false (ob_smtp_capabilities_has_auth_mechanism (caps, "LATE"));
}

static void
test_capabilities_long_name (void)
{
  g_autoptr(GString) ehlo = g_string_new ("250 ");
  g_autoptr(ObSmtpReply) reply = NULL;
  g_autoptr(ObSmtpCapabilities) caps = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_c (ehlo, 'a');
  g_string_append (ehlo, "\r\n");

  reply = parse_reply (ehlo->str);
  caps = ob_smtp_capabilities_parse (reply);
  g_assert_cmpuint (strlen (ob_smtp_capabilities_get_server_name (caps)), ==, 255);
}

static void
test_capabilities_boxed (void)
{
  g_autoptr(ObSmtpReply) reply = parse_reply (cases[0].ehlo);
  ObSmtpCapabilities *caps = ob_smtp_capabilities_parse (reply);
  ObSmtpCapabilities *copy;
  GValue value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (OB_TYPE_SMTP_CAPABILITIES));

  /* A copy is a reference: the same capabilities, outliving the first. */
  copy = g_boxed_copy (OB_TYPE_SMTP_CAPABILITIES, caps);
  g_assert_true (copy == caps);
  ob_smtp_capabilities_unref (caps);
  g_assert_cmpstr (ob_smtp_capabilities_get_server_name (copy), ==, "smtp.gmail.com");

  g_value_init (&value, OB_TYPE_SMTP_CAPABILITIES);
  g_value_take_boxed (&value, copy);
  g_assert_true (g_value_get_boxed (&value) == copy);
  g_value_unset (&value);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/smtp-capabilities/table", test_capabilities_table);
  g_test_add_func ("/ob/smtp-capabilities/has", test_capabilities_has);
  g_test_add_func ("/ob/smtp-capabilities/mechanism-limits", test_capabilities_mechanism_limits);
  g_test_add_func ("/ob/smtp-capabilities/long-name", test_capabilities_long_name);
  g_test_add_func ("/ob/smtp-capabilities/boxed", test_capabilities_boxed);

  return g_test_run ();
}
