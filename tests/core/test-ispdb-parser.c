/* test-ispdb-parser.c — reading autoconfig documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-detector-error.h"
#include "ob-ispdb-parser.h"

static ObProvider *
parse (const char  *xml,
       GError     **error)
{
  return ob_ispdb_parse (xml, strlen (xml), error);
}

/* Every element the parser reads, under a prefix other than the usual one,
 * with an incoming server, a foreign namespace and unknown elements that
 * must all be skipped whole. */
static const char full_document[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<clientConfig version=\"1.1\" xmlns:x=\"https://github.com/outbound/outbound/ns/provider/1\"\n"
  "              xmlns:other=\"https://example.org/other\">\n"
  "  <emailProvider id=\"example.com\">\n"
  "    <domain>Example.com</domain>\n"
  "    <domain>example.net</domain>\n"
  "    <domain purpose=\"mx\" x:region=\"eu\">mx.example.eu</domain>\n"
  "    <displayName>Example   Mail\n  Service</displayName>\n"
  "    <displayShortName>Example</displayShortName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.example.com</hostname>\n"
  "      <port>993</port>\n"
  "      <socketType>SSL</socketType>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>SMTP.%EMAILDOMAIN%</hostname>\n"
  "      <port>465</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <authentication>OAuth2</authentication>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <other:hostname>evil.test</other:hostname>\n"
  "      <x:note lang=\"en\">Server note.</x:note>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\" x:region=\"eu\" x:unverified=\"not confirmed\">\n"
  "      <hostname>smtp.example.eu</hostname>\n"
  "      <port>587</port>\n"
  "      <socketType>starttls</socketType>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "      <username>%EMAILLOCALPART%</username>\n"
  "      <x:usernameHint lang=\"en\">Your short name.</x:usernameHint>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"exchange\">\n"
  "      <hostname>ews.example.com</hostname>\n"
  "    </outgoingServer>\n"
  "    <documentation url=\"https://example.com/help\">\n"
  "      <descr lang=\"en\">Settings for mail apps</descr>\n"
  "      <descr lang=\"xx\">Xx settings</descr>\n"
  "    </documentation>\n"
  "    <documentation url=\"https://example.com/other\">\n"
  "      <descr lang=\"en\">Second page</descr>\n"
  "    </documentation>\n"
  "    <x:appPassword when=\"two-step\" url=\"https://example.com/app-passwords\"/>\n"
  "    <x:enableAccess url=\"https://example.com/enable\"/>\n"
  "    <x:sendingLimit messagesPerDay=\"500\" recipientsPerMessage=\"100\""
  " url=\"https://example.com/limits\"/>\n"
  "    <x:usernameHint lang=\"en\">Your address.</x:usernameHint>\n"
  "    <x:passwordHint lang=\"en\">An app password.</x:passwordHint>\n"
  "    <x:note lang=\"en\">First note.</x:note>\n"
  "    <x:note lang=\"en\">Second note.</x:note>\n"
  "    <x:futureElement>ignored</x:futureElement>\n"
  "    <other:note>not ours</other:note>\n"
  "  </emailProvider>\n"
  "  <emailProvider id=\"second.example\">\n"
  "    <domain>second.example</domain>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

static void
test_parse_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = parse (full_document, &error);
  const ObProviderServer *server;
  const ObSendingLimit *limit;
  const char *url = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_assert_cmpstr (ob_provider_get_id (provider), ==, "example.com");
  g_assert_cmpstr (ob_provider_get_display_name (provider), ==, "Example Mail Service");
  g_assert_cmpstr (ob_provider_get_short_name (provider), ==, "Example");
  g_assert_cmpstrv (ob_provider_get_domains (provider),
                    ((const char * const[]) { "example.com", "example.net", NULL }));
  g_assert_cmpstrv (ob_provider_get_mx_domains (provider),
                    ((const char * const[]) { "mx.example.eu", NULL }));
  g_assert_cmpstr (ob_provider_get_mx_region (provider, "mx.example.eu"), ==, "eu");

  g_assert_cmpuint (ob_provider_get_n_servers (provider), ==, 2);
  g_assert_cmpuint (ob_provider_get_n_rejected_servers (provider), ==, 0);
  server = ob_provider_get_server (provider, 0);
  g_assert_cmpstr (server->hostname, ==, "SMTP.%EMAILDOMAIN%");
  g_assert_cmpuint (server->port, ==, 465);
  g_assert_cmpint (server->security, ==, OB_SECURITY_TLS);
  g_assert_cmpstrv (server->authentication,
                    ((const char * const[]) { "OAuth2", "password-cleartext", NULL }));
  g_assert_cmpstr (server->username, ==, "%EMAILADDRESS%");
  g_assert_null (server->region);
  g_assert_null (server->unverified);
  g_assert_cmpstrv (server->notes, ((const char * const[]) { "Server note.", NULL }));

  server = ob_provider_get_server (provider, 1);
  g_assert_cmpstr (server->hostname, ==, "smtp.example.eu");
  g_assert_cmpuint (server->port, ==, 587);
  g_assert_cmpint (server->security, ==, OB_SECURITY_STARTTLS);
  g_assert_cmpstr (server->username, ==, "%EMAILLOCALPART%");
  g_assert_cmpstr (server->region, ==, "eu");
  g_assert_cmpstr (server->unverified, ==, "not confirmed");
  g_assert_cmpstr (server->username_hint, ==, "Your short name.");
  g_assert_cmpstrv (server->notes, ((const char * const[]) { NULL }));

  g_assert_cmpstr (ob_provider_get_help_url (provider), ==, "https://example.com/help");
  g_assert_cmpstr (ob_provider_get_help_text (provider), ==, "Settings for mail apps");
  g_assert_cmpint (ob_provider_get_app_password (provider, &url), ==,
                   OB_APP_PASSWORD_WITH_TWO_STEP);
  g_assert_cmpstr (url, ==, "https://example.com/app-passwords");
  g_assert_cmpstr (ob_provider_get_enable_access_url (provider), ==, "https://example.com/enable");
  limit = ob_provider_get_sending_limit (provider);
  g_assert_nonnull (limit);
  g_assert_cmpuint (limit->messages_per_day, ==, 500);
  g_assert_cmpuint (limit->recipients_per_day, ==, 0);
  g_assert_cmpuint (limit->recipients_per_message, ==, 100);
  g_assert_cmpstr (limit->url, ==, "https://example.com/limits");
  g_assert_cmpstr (ob_provider_get_username_hint (provider), ==, "Your address.");
  g_assert_cmpstr (ob_provider_get_password_hint (provider), ==, "An app password.");
  g_assert_cmpstrv (ob_provider_get_notes (provider),
                    ((const char * const[]) { "First note.", "Second note.", NULL }));
  g_assert_false (ob_provider_is_oauth2_only (provider));
  g_assert_true (ob_provider_has_smtp (provider));
  g_assert_false (ob_provider_is_relay_service (provider));
  g_assert_false (ob_provider_get_username_is_secret (provider));
  g_assert_null (ob_provider_get_unverified (provider));
}

static void
test_parse_service (void)
{
  static const char xml[] =
    "<clientConfig xmlns:ob=\"https://github.com/outbound/outbound/ns/provider/1\">"
    "<emailProvider id=\"relay.example\">"
    "<outgoingServer type=\"smtp\" ob:region=\"us\"><hostname>smtp.relay.example</hostname>"
    "<port>2525</port><socketType>STARTTLS</socketType><username>apikey</username>"
    "</outgoingServer>"
    "<ob:service kind=\"relay\" regions=\"  us   eu \"/>"
    "<ob:usernameIsSecret/><ob:oauth2Only/>"
    "</emailProvider></clientConfig>";
  static const char no_smtp[] =
    "<clientConfig xmlns:ob=\"https://github.com/outbound/outbound/ns/provider/1\">"
    "<emailProvider id=\"closed.example\"><domain>closed.example</domain>"
    "<ob:noSmtp url=\"https://closed.example/why\"/></emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) relay = parse (xml, &error);
  g_autoptr(ObProvider) closed = NULL;

  g_assert_no_error (error);
  g_assert_true (ob_provider_is_relay_service (relay));
  g_assert_cmpstrv (ob_provider_get_regions (relay), ((const char * const[]) { "us", "eu", NULL }));
  g_assert_true (ob_provider_get_username_is_secret (relay));
  g_assert_true (ob_provider_is_oauth2_only (relay));
  g_assert_cmpstrv (ob_provider_get_domains (relay), ((const char * const[]) { NULL }));
  g_assert_cmpstr (ob_provider_get_server (relay, 0)->username, ==, "apikey");
  g_assert_cmpuint (ob_provider_get_server (relay, 0)->port, ==, 2525);
  g_assert_null (ob_provider_get_sending_limit (relay));

  closed = parse (no_smtp, &error);
  g_assert_no_error (error);
  g_assert_false (ob_provider_has_smtp (closed));
  g_assert_cmpstr (ob_provider_get_no_smtp_url (closed), ==, "https://closed.example/why");
  g_assert_cmpuint (ob_provider_get_n_servers (closed), ==, 0);
}

#define SERVER(host, port, socket, extra) \
  "<outgoingServer type=\"smtp\"><hostname>" host "</hostname><port>" port "</port>" \
  "<socketType>" socket "</socketType>" extra "</outgoingServer>"

/* Each server here is unusable in exactly one way. */
static void
test_parse_rejects_servers (void)
{
  static const char xml[] =
    "<clientConfig><emailProvider id=\"bad.example\">"
    SERVER ("smtp.bad.example", "465", "SSL", "")
    SERVER ("smtp bad.example", "465", "SSL", "")
    SERVER ("smtp.bad.example.", "465", "SSL", "")
    SERVER ("-smtp.bad.example", "465", "SSL", "")
    SERVER ("%EMAILLOCALPART%.bad.example", "465", "SSL", "")
    SERVER ("smtp.%EMAILADDRESS%", "465", "SSL", "")
    SERVER ("smtp.bad.example", "0", "SSL", "")
    SERVER ("smtp.bad.example", "65536", "SSL", "")
    SERVER ("smtp.bad.example", "25x", "SSL", "")
    SERVER ("smtp.bad.example", "-1", "SSL", "")
    SERVER ("smtp.bad.example", "465", "TLS1.0", "")
    SERVER ("smtp.bad.example", "465", "SSL", "<username>a&#13;&#10;RCPT TO:x</username>")
    SERVER ("smtp.bad.example", "465", "SSL", "<username></username>")
    "<outgoingServer type=\"smtp\"><port>465</port><socketType>SSL</socketType>"
    "</outgoingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.bad.example</hostname>"
    "<socketType>SSL</socketType></outgoingServer>"
    SERVER ("127.0.0.1", "1025", "plain", "")
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = parse (xml, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ob_provider_get_n_servers (provider), ==, 2);
  g_assert_cmpuint (ob_provider_get_n_rejected_servers (provider), ==, 14);
  g_assert_cmpstr (ob_provider_get_server (provider, 0)->hostname, ==, "smtp.bad.example");
  g_assert_cmpstr (ob_provider_get_server (provider, 1)->hostname, ==, "127.0.0.1");
  g_assert_cmpint (ob_provider_get_server (provider, 1)->security, ==, OB_SECURITY_NONE);
}

typedef struct
{
  const char *name;
  const char *xml;
  int         code;
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", OB_DETECTOR_ERROR_MALFORMED },
  { "blank", "  \n ", OB_DETECTOR_ERROR_MALFORMED },
  { "html", "<html><body>Not found</body></html>", OB_DETECTOR_ERROR_MALFORMED },
  { "json", "{\"smtp\": \"smtp.example.com\"}", OB_DETECTOR_ERROR_MALFORMED },
  { "no-provider", "<clientConfig version=\"1.1\"></clientConfig>", OB_DETECTOR_ERROR_MALFORMED },
  { "truncated", "<clientConfig><emailProvider id=\"a\"><domain>a.example</dom",
    OB_DETECTOR_ERROR_MALFORMED },
  { "unclosed", "<clientConfig><emailProvider id=\"a\"></emailProvider>",
    OB_DETECTOR_ERROR_MALFORMED },
  { "mismatched", "<clientConfig><emailProvider></clientConfig></emailProvider>",
    OB_DETECTOR_ERROR_MALFORMED },
  { "namespaced-root",
    "<a:clientConfig xmlns:a=\"urn:x\"><emailProvider/></a:clientConfig>",
    OB_DETECTOR_ERROR_MALFORMED },
  /* An external or internal entity is never expanded: the reference is an
   * error, so nothing from a DOCTYPE reaches a host name. */
  { "entity",
    "<!DOCTYPE clientConfig [<!ENTITY host \"evil.test\">]>"
    "<clientConfig><emailProvider id=\"a\"><outgoingServer type=\"smtp\">"
    "<hostname>&host;</hostname><port>465</port><socketType>SSL</socketType>"
    "</outgoingServer></emailProvider></clientConfig>",
    OB_DETECTOR_ERROR_MALFORMED },
  { "external-entity",
    "<!DOCTYPE clientConfig [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
    "<clientConfig><emailProvider id=\"a\"><displayName>&xxe;</displayName>"
    "</emailProvider></clientConfig>",
    OB_DETECTOR_ERROR_MALFORMED },
  { "not-utf8",
    "<clientConfig><emailProvider id=\"a\"><displayName>Caf\xe9</displayName>"
    "</emailProvider></clientConfig>",
    OB_DETECTOR_ERROR_MALFORMED },
  { "nul", "<clientConfig>\0</clientConfig>", OB_DETECTOR_ERROR_MALFORMED },
};

static void
test_parse_malformed (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(ObProvider) provider = NULL;
      /* The NUL case is longer than its strlen. */
      gsize length = g_str_equal (c->name, "nul") ? 30 : strlen (c->xml);

      g_test_message ("case %s", c->name);
      provider = ob_ispdb_parse (c->xml, length, &error);
      g_assert_null (provider);
      g_assert_error (error, OB_DETECTOR_ERROR, c->code);
      g_assert_cmpuint (strlen (error->message), >, 10);
    }
}

static void
test_parse_oversized (void)
{
  static const char head[] =
    "<clientConfig><emailProvider id=\"big.example\"><displayName>";
  static const char tail[] = "</displayName></emailProvider></clientConfig>";
  g_autoptr(GString) xml = g_string_new (head);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = NULL;

  /* Exactly at the limit is read; one byte more is not. */
  while (xml->len < OB_ISPDB_MAX_SIZE - strlen (tail))
    g_string_append_c (xml, 'a');
  g_string_append (xml, tail);
  g_assert_cmpuint (xml->len, ==, OB_ISPDB_MAX_SIZE);
  provider = ob_ispdb_parse (xml->str, xml->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  g_clear_object (&provider);

  g_string_insert_c (xml, strlen (head), 'a');
  provider = ob_ispdb_parse (xml->str, xml->len, &error);
  g_assert_null (provider);
  g_assert_error (error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_TOO_LARGE);
}

/* Text from a document is shown to people and printed on terminals. */
static void
test_parse_cleans_text (void)
{
  static const char xml[] =
    "<clientConfig><emailProvider id=\"a.example\">"
    "<displayName>\n  Evil&#27;[31m   Mail\t&#x202E;moc </displayName>"
    "<displayShortName><![CDATA[A & B]]></displayShortName>"
    "<documentation url=\"javascript:alert(1)\"><descr>x</descr></documentation>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(ObProvider) provider = parse (xml, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ob_provider_get_display_name (provider), ==, "Evil\\u001B[31m Mail \\u202Emoc");
  g_assert_cmpstr (ob_provider_get_short_name (provider), ==, "A & B");
  g_assert_null (ob_provider_get_help_url (provider));
  g_assert_cmpstr (ob_provider_get_help_text (provider), ==, "x");
}

static void
test_parse_language (void)
{
  static const char xml[] =
    "<clientConfig xmlns:ob=\"https://github.com/outbound/outbound/ns/provider/1\">"
    "<emailProvider id=\"a.example\">"
    "<documentation url=\"https://a.example/\">"
    "<descr lang=\"en\">Settings</descr><descr lang=\"de-DE\">Einstellungen</descr>"
    "</documentation>"
    "<ob:note lang=\"fr\">Note</ob:note>"
    "<ob:note lang=\"de\">Hinweis eins</ob:note><ob:note lang=\"de\">Hinweis zwei</ob:note>"
    "<ob:passwordHint>Untagged</ob:passwordHint><ob:passwordHint lang=\"fr\">Mot</ob:passwordHint>"
    "</emailProvider></clientConfig>";
  g_autoptr(ObProvider) german = NULL;
  g_autoptr(ObProvider) english = NULL;

  g_setenv ("LANGUAGE", "de_DE:de", TRUE);
  german = parse (xml, NULL);
  g_assert_cmpstr (ob_provider_get_help_text (german), ==, "Einstellungen");
  g_assert_cmpstrv (ob_provider_get_notes (german),
                    ((const char * const[]) { "Hinweis eins", "Hinweis zwei", NULL }));
  g_assert_cmpstr (ob_provider_get_password_hint (german), ==, "Untagged");

  g_setenv ("LANGUAGE", "pt", TRUE);
  english = parse (xml, NULL);
  g_assert_cmpstr (ob_provider_get_help_text (english), ==, "Settings");
  /* Neither the person's language nor English: the first one given. */
  g_assert_cmpstrv (ob_provider_get_notes (english), ((const char * const[]) { "Note", NULL }));
  g_unsetenv ("LANGUAGE");
}

typedef struct
{
  const char *template;
  const char *address;
  const char *expected;
} ExpandCase;

static const ExpandCase expand_cases[] = {
  { "%EMAILADDRESS%", "ada@example.com", "ada@example.com" },
  { "%EMAILLOCALPART%", "ada@example.com", "ada" },
  { "smtp.%EMAILDOMAIN%", "ada@example.com", "smtp.example.com" },
  { "%EMAILLOCALPART%+%EMAILDOMAIN%", "a+b@mail.example.org", "a+b+mail.example.org" },
  { "apikey", "ada@example.com", "apikey" },
  { "%REALNAME%", "ada@example.com", "%REALNAME%" },
  { "100%", "ada@example.com", "100%" },
  { "%EMAILDOMAIN", "ada@example.com", "%EMAILDOMAIN" },
  { "", "ada@example.com", "" },
};

static void
test_expand (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (expand_cases); i++)
    {
      g_autofree char *result = ob_provider_expand (expand_cases[i].template,
                                                    expand_cases[i].address);

      g_assert_cmpstr (result, ==, expand_cases[i].expected);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/ispdb-parser/full", test_parse_full);
  g_test_add_func ("/ob/ispdb-parser/service", test_parse_service);
  g_test_add_func ("/ob/ispdb-parser/rejects-servers", test_parse_rejects_servers);
  g_test_add_func ("/ob/ispdb-parser/malformed", test_parse_malformed);
  g_test_add_func ("/ob/ispdb-parser/oversized", test_parse_oversized);
  g_test_add_func ("/ob/ispdb-parser/cleans-text", test_parse_cleans_text);
  g_test_add_func ("/ob/ispdb-parser/language", test_parse_language);
  g_test_add_func ("/ob/ispdb-parser/expand", test_expand);

  return g_test_run ();
}
