/* test-sasl.c — SASL mechanisms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-sasl.h"
#include "ob-smtp-error.h"

#define SECRET "s3cret-Pa55"

static char *
b64 (const char *text,
     gsize       len)
{
  return g_base64_encode ((const guchar *) text, len);
}

/* Decodes @response and checks it is exactly @len bytes of @expected. */
static void
assert_response (const char *response,
                 const char *expected,
                 gsize       len)
{
  g_autofree guchar *decoded = NULL;
  gsize decoded_len = 0;

  g_assert_nonnull (response);
  decoded = g_base64_decode (response, &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, expected, len);
}

/* Every refusal is a protocol error at the AUTH stage, in words, and never
 * repeats the secret. */
static void
assert_protocol_error (GError     *error,
                       const char *secret)
{
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_PROTOCOL);
  g_assert_cmpint (ob_smtp_error_get_stage (error), ==, OB_SMTP_STAGE_AUTH);
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_null (strstr (error->message, secret));
}

static void
test_names (void)
{
  static const struct
  {
    const char      *name;
    ObSaslMechanism  mechanism;
    gboolean         uses_token;
  } names[] = {
    { "PLAIN", OB_SASL_MECHANISM_PLAIN, FALSE },
    { "LOGIN", OB_SASL_MECHANISM_LOGIN, FALSE },
    { "CRAM-MD5", OB_SASL_MECHANISM_CRAM_MD5, FALSE },
    { "XOAUTH2", OB_SASL_MECHANISM_XOAUTH2, TRUE },
    { "OAUTHBEARER", OB_SASL_MECHANISM_OAUTHBEARER, TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i].name, -1);
      ObSaslMechanism mechanism = -1;

      g_assert_cmpstr (ob_sasl_mechanism_to_string (names[i].mechanism), ==, names[i].name);
      g_assert_true (ob_sasl_mechanism_from_string (names[i].name, &mechanism));
      g_assert_cmpint (mechanism, ==, names[i].mechanism);
      mechanism = -1;
      g_assert_true (ob_sasl_mechanism_from_string (lower, &mechanism));
      g_assert_cmpint (mechanism, ==, names[i].mechanism);
      g_assert_cmpint (ob_sasl_mechanism_uses_token (names[i].mechanism), ==,
                       names[i].uses_token);
    }

  g_assert_false (ob_sasl_mechanism_from_string ("GSSAPI", NULL));
  g_assert_false (ob_sasl_mechanism_from_string ("PLAIN ", NULL));
  g_assert_false (ob_sasl_mechanism_from_string ("", NULL));
}

typedef struct
{
  const char *offered;     /* space-separated, as on the EHLO AUTH line */
  gboolean    have_token;
  gboolean    encrypted;
  int         expected;    /* an ObSaslMechanism, or -1: nothing usable */
} ChooseCase;

static const ChooseCase choose_cases[] = {
  { "PLAIN LOGIN CRAM-MD5", FALSE, TRUE, OB_SASL_MECHANISM_PLAIN },
  { "CRAM-MD5 LOGIN PLAIN", FALSE, TRUE, OB_SASL_MECHANISM_PLAIN },
  { "LOGIN CRAM-MD5", FALSE, TRUE, OB_SASL_MECHANISM_LOGIN },
  { "CRAM-MD5", FALSE, TRUE, OB_SASL_MECHANISM_CRAM_MD5 },
  { "PLAIN LOGIN CRAM-MD5", FALSE, FALSE, OB_SASL_MECHANISM_CRAM_MD5 },
  { "LOGIN PLAIN", FALSE, FALSE, OB_SASL_MECHANISM_PLAIN },
  { "LOGIN", FALSE, FALSE, OB_SASL_MECHANISM_LOGIN },
  { "plain login", FALSE, TRUE, OB_SASL_MECHANISM_PLAIN },
  { "Login cram-md5", FALSE, TRUE, OB_SASL_MECHANISM_LOGIN },
  { "cram-md5 plain", FALSE, FALSE, OB_SASL_MECHANISM_CRAM_MD5 },
  { "XOAUTH2 OAUTHBEARER PLAIN", TRUE, TRUE, OB_SASL_MECHANISM_OAUTHBEARER },
  { "PLAIN LOGIN XOAUTH2", TRUE, TRUE, OB_SASL_MECHANISM_XOAUTH2 },
  { "oauthbearer", TRUE, FALSE, OB_SASL_MECHANISM_OAUTHBEARER },
  { "xoauth2", TRUE, TRUE, OB_SASL_MECHANISM_XOAUTH2 },
  /* A token never goes to a password mechanism, nor a password to OAuth. */
  { "PLAIN LOGIN CRAM-MD5", TRUE, TRUE, -1 },
  { "XOAUTH2 OAUTHBEARER", FALSE, TRUE, -1 },
  { "GSSAPI NTLM SCRAM-SHA-256", FALSE, TRUE, -1 },
  { "PLAINX LOGIN2 CRAM", FALSE, TRUE, -1 },
  { "", FALSE, TRUE, -1 },
};

static void
test_choose (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (choose_cases); i++)
    {
      const ChooseCase *c = &choose_cases[i];
      g_auto(GStrv) offered = g_strsplit (c->offered, " ", -1);
      ObSaslMechanism chosen = -1;
      gboolean ok;

      g_test_message ("case %zu: [%s] token=%d encrypted=%d", i, c->offered,
                      c->have_token, c->encrypted);
      ok = ob_sasl_choose ((const char * const *) offered, c->have_token, c->encrypted, &chosen);
      g_assert_cmpint (ok, ==, c->expected >= 0);
      if (ok)
        g_assert_cmpint (chosen, ==, c->expected);
    }

  g_assert_false (ob_sasl_choose (NULL, FALSE, TRUE, NULL));
}

static void
test_plain (void)
{
  static const char expected[] = "\0jörg@bücher.de\0pässwörd✓";
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_PLAIN, "jörg@bücher.de", "pässwörd✓",
                                 "smtp.example.com", 587);
  g_assert_cmpint (ob_sasl_session_get_mechanism (session), ==, OB_SASL_MECHANISM_PLAIN);
  g_assert_null (ob_sasl_session_describe_step (session));

  response = ob_sasl_session_initial_response (session);
  assert_response (response, expected, sizeof expected - 1);
  g_assert_cmpstr (ob_sasl_session_describe_step (session), ==, "user name and password");
  ob_sasl_response_free (response);

  /* PLAIN has said everything in its initial response. */
  response = ob_sasl_session_step (session, "", &error);
  g_assert_null (response);
  assert_protocol_error (error, "pässwörd✓");
}

/* A server that does not take the initial response on the AUTH line sends
 * an empty challenge for it; so does RFC 4954 when the line would be too
 * long. */
static void
test_plain_without_initial_response (void)
{
  g_autofree char *password = g_strnfill (600, 'p');
  g_autofree char *expected = g_strconcat ("?user?", password, NULL);
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  expected[0] = expected[5] = '\0';
  session = ob_sasl_session_new (OB_SASL_MECHANISM_PLAIN, "user", password, NULL, 0);
  g_assert_null (ob_sasl_session_initial_response (session));

  response = ob_sasl_session_step (session, "", &error);
  g_assert_no_error (error);
  assert_response (response, expected, 6 + strlen (password));
  ob_sasl_response_free (response);
}

static void
test_login (void)
{
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_LOGIN, "ada@example.com", SECRET, NULL, 0);
  g_assert_null (ob_sasl_session_initial_response (session));

  response = ob_sasl_session_step (session, "VXNlcm5hbWU6", &error);   /* "Username:" */
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "YWRhQGV4YW1wbGUuY29t");
  g_assert_cmpstr (ob_sasl_session_describe_step (session), ==, "user name");
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, "UGFzc3dvcmQ6", &error);   /* "Password:" */
  g_assert_no_error (error);
  assert_response (response, SECRET, strlen (SECRET));
  g_assert_cmpstr (ob_sasl_session_describe_step (session), ==, "password");
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, "UGFzc3dvcmQ6", &error);
  g_assert_null (response);
  assert_protocol_error (error, SECRET);
}

static void
test_cram_md5 (void)
{
  /* RFC 2195, section 2, as on the wire. The challenge decodes to
   * "<1896.697170952@postoffice.reston.mci.net>": the RFC's prose says
   * ".com", but its digest is computed over the ".net" bytes it sends. */
  static const char encoded_challenge[] =
    "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_CRAM_MD5, "tim", "tanstaaftanstaaf", NULL, 0);
  g_assert_null (ob_sasl_session_initial_response (session));

  response = ob_sasl_session_step (session, encoded_challenge, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
  assert_response (response, "tim b913a602c7eda7a495b4e6e7334d3890", 36);
  g_assert_cmpstr (ob_sasl_session_describe_step (session), ==, "user name and password digest");
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, encoded_challenge, &error);
  g_assert_null (response);
  assert_protocol_error (error, "tanstaaftanstaaf");
}

static void
test_cram_md5_empty_challenge (void)
{
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_CRAM_MD5, "tim", SECRET, NULL, 0);
  response = ob_sasl_session_step (session, "", &error);
  g_assert_null (response);
  assert_protocol_error (error, SECRET);
}

#define TOKEN "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
#define GOOGLE_ERROR \
  "{\"status\":\"400\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}"

static void
test_xoauth2 (void)
{
  static const char expected[] = "user=someuser@example.com\1auth=Bearer " TOKEN "\1\1";
  g_autofree char *error_challenge = b64 (GOOGLE_ERROR, strlen (GOOGLE_ERROR));
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_XOAUTH2, "someuser@example.com", TOKEN,
                                 "smtp.gmail.com", 465);
  response = ob_sasl_session_initial_response (session);
  assert_response (response, expected, sizeof expected - 1);
  /* The example in Google's XOAUTH2 documentation. */
  g_assert_cmpstr (response, ==,
                   "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52"
                   "YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==");
  g_assert_cmpstr (ob_sasl_session_describe_step (session), ==, "user name and access token");
  g_assert_null (ob_sasl_session_get_server_error (session));
  ob_sasl_response_free (response);

  /* The error report comes as a challenge; an empty answer gets the final
   * failure reply. */
  response = ob_sasl_session_step (session, error_challenge, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "");
  g_assert_cmpstr (ob_sasl_session_get_server_error (session), ==, GOOGLE_ERROR);
  g_assert_null (strstr (ob_sasl_session_describe_step (session), TOKEN));
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, error_challenge, &error);
  g_assert_null (response);
  assert_protocol_error (error, TOKEN);
}

static void
test_oauthbearer (void)
{
  /* RFC 7628, section 4.1, with SMTP's submission port. */
  static const char expected[] = "n,a=user@example.com,\1host=server.example.com\1port=587"
                                 "\1auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\1\1";
  static const char rfc_error[] = "{\"status\":\"invalid_token\",\"scope\":\"example_scope\","
                                  "\"openid-configuration\":\"https://example.com/.well-known/"
                                  "openid-configuration\"}";
  g_autofree char *error_challenge = b64 (rfc_error, strlen (rfc_error));
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_OAUTHBEARER, "user@example.com",
                                 "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
                                 "server.example.com", 587);
  response = ob_sasl_session_initial_response (session);
  assert_response (response, expected, sizeof expected - 1);
  g_assert_cmpstr (ob_sasl_session_describe_step (session), ==, "user name and access token");
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, error_challenge, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "AQ==");
  g_assert_cmpstr (ob_sasl_session_get_server_error (session), ==, rfc_error);
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, "", &error);
  g_assert_null (response);
  assert_protocol_error (error, "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
}

/* RFC 5801 escapes "," and "=" in the GS2 authorization identity; host and
 * port are left out when unknown. */
static void
test_oauthbearer_saslname (void)
{
  static const char expected[] = "n,a=a=2Cb=3Dc@example.com,\1auth=Bearer " TOKEN "\1\1";
  g_autoptr(ObSaslSession) session = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_OAUTHBEARER, "a,b=c@example.com", TOKEN,
                                 NULL, 0);
  response = ob_sasl_session_initial_response (session);
  assert_response (response, expected, sizeof expected - 1);
  ob_sasl_response_free (response);
}

/* Tokens from some providers are too long for the 512-octet AUTH line: the
 * token goes in answer to the empty challenge instead. */
static void
test_oauth_long_token (void)
{
  g_autofree char *token = g_strnfill (2000, 'T');
  g_autofree char *expected = g_strconcat ("user=ada@example.com\1auth=Bearer ", token, "\1\1",
                                           NULL);
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_XOAUTH2, "ada@example.com", token, NULL, 0);
  g_assert_null (ob_sasl_session_initial_response (session));

  response = ob_sasl_session_step (session, "", &error);
  g_assert_no_error (error);
  assert_response (response, expected, strlen (expected));
  ob_sasl_response_free (response);

  response = ob_sasl_session_step (session, "e30=", &error);   /* "{}" */
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "");
  g_assert_cmpstr (ob_sasl_session_get_server_error (session), ==, "{}");
  ob_sasl_response_free (response);
}

/* However the server goes on, every mechanism stops within
 * OB_SASL_MAX_STEPS challenges with a protocol error. */
static void
test_step_bound (void)
{
  for (ObSaslMechanism m = OB_SASL_MECHANISM_PLAIN; m <= OB_SASL_MECHANISM_OAUTHBEARER; m++)
    {
      g_autoptr(ObSaslSession) session = ob_sasl_session_new (m, "ada", SECRET, "host", 25);
      g_autoptr(GError) error = NULL;
      guint steps = 0;

      g_test_message ("mechanism %s", ob_sasl_mechanism_to_string (m));
      ob_sasl_response_free (ob_sasl_session_initial_response (session));
      while (steps <= OB_SASL_MAX_STEPS)
        {
          char *response = ob_sasl_session_step (session, "Y2hhbGxlbmdl", &error);

          if (response == NULL)
            break;
          ob_sasl_response_free (response);
          steps++;
        }
      g_assert_cmpuint (steps, <=, OB_SASL_MAX_STEPS);
      assert_protocol_error (error, SECRET);
    }
}

static void
test_bad_base64 (void)
{
  static const char * const bad[] = {
    "not base64!",
    "VXNlcm5hbWU",       /* not a multiple of four */
    "VXNl=m5h",          /* padding inside */
    "====",
    "VXN===",
    "VXNlcm5hbWU6\x01",
    "VXNl\r\ncm5hbWU6",
    "VXNlcm5hbWU6 VXNl",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(ObSaslSession) session = NULL;
      g_autoptr(GError) error = NULL;
      char *response;

      g_test_message ("case %zu", i);
      session = ob_sasl_session_new (OB_SASL_MECHANISM_LOGIN, "ada", SECRET, NULL, 0);
      response = ob_sasl_session_step (session, bad[i], &error);
      g_assert_null (response);
      assert_protocol_error (error, SECRET);
    }
}

/* Surrounding blanks are not part of the challenge. */
static void
test_challenge_blanks (void)
{
  g_autoptr(ObSaslSession) session = NULL;
  g_autoptr(GError) error = NULL;
  char *response;

  session = ob_sasl_session_new (OB_SASL_MECHANISM_LOGIN, "ada", SECRET, NULL, 0);
  response = ob_sasl_session_step (session, " VXNlcm5hbWU6 ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (response, ==, "YWRh");
  ob_sasl_response_free (response);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/sasl/names", test_names);
  g_test_add_func ("/ob/sasl/choose", test_choose);
  g_test_add_func ("/ob/sasl/plain", test_plain);
  g_test_add_func ("/ob/sasl/plain-no-initial-response", test_plain_without_initial_response);
  g_test_add_func ("/ob/sasl/login", test_login);
  g_test_add_func ("/ob/sasl/cram-md5", test_cram_md5);
  g_test_add_func ("/ob/sasl/cram-md5-empty-challenge", test_cram_md5_empty_challenge);
  g_test_add_func ("/ob/sasl/xoauth2", test_xoauth2);
  g_test_add_func ("/ob/sasl/oauthbearer", test_oauthbearer);
  g_test_add_func ("/ob/sasl/oauthbearer-saslname", test_oauthbearer_saslname);
  g_test_add_func ("/ob/sasl/oauth-long-token", test_oauth_long_token);
  g_test_add_func ("/ob/sasl/step-bound", test_step_bound);
  g_test_add_func ("/ob/sasl/bad-base64", test_bad_base64);
  g_test_add_func ("/ob/sasl/challenge-blanks", test_challenge_blanks);

  return g_test_run ();
}
