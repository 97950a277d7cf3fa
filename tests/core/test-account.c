/* test-account.c — account settings, their checks and the client they make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-account.h"
#include "ob-smtp-client.h"

#define FINGERPRINT "4f3d8a0b1c2e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static ObAccount *
make_valid_account (void)
{
  ObAccount *account = ob_account_new ("ada@example.com");

  ob_account_set_host (account, "smtp.example.com");
  ob_account_set_port (account, 465);
  ob_account_set_security (account, OB_SECURITY_TLS);
  ob_account_set_username (account, "ada");
  return account;
}

static void
test_account_id (void)
{
  g_autoptr(ObAccount) a = ob_account_new ("ada@example.com");
  g_autoptr(ObAccount) b = ob_account_new ("ada@example.com");
  g_autoptr(ObAccount) restored = g_object_new (OB_TYPE_ACCOUNT, "id", "my-id",
                                                "address", "bob@example.com", NULL);
  g_autofree char *first = g_strdup (ob_account_get_id (a));

  g_assert_cmpuint (strlen (first), ==, 12);
  g_assert_cmpstr (ob_account_get_id (a), !=, ob_account_get_id (b));

  /* Stable: editing the account never changes it. */
  ob_account_set_address (a, "lovelace@example.com");
  ob_account_set_host (a, "smtp.example.org");
  g_assert_cmpstr (ob_account_get_id (a), ==, first);

  g_assert_cmpstr (ob_account_get_id (restored), ==, "my-id");
}

static void
test_account_defaults (void)
{
  g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");

  g_assert_cmpstr (ob_account_get_address (account), ==, "ada@example.com");
  g_assert_null (ob_account_get_host (account));
  g_assert_cmpuint (ob_account_get_port (account), ==, 587);
  g_assert_cmpint (ob_account_get_security (account), ==, OB_SECURITY_STARTTLS);
  g_assert_null (ob_account_get_username (account));
  g_assert_cmpuint (ob_account_get_max_per_minute (account), ==, 0);
  g_assert_cmpuint (ob_account_get_max_per_day (account), ==, 0);
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_MANUAL);
  g_assert_null (ob_account_get_detected_source (account));
}

typedef void (*SetStringFunc) (ObAccount *self, const char *value);
typedef const char *(*GetStringFunc) (ObAccount *self);

static const struct
{
  const char    *property;
  SetStringFunc  set;
  GetStringFunc  get;
  const char    *value;
} string_properties[] = {
  { "display-name", ob_account_set_display_name, ob_account_get_display_name, "Work" },
  { "address", ob_account_set_address, ob_account_get_address, "bob@example.com" },
  { "sender-name", ob_account_set_sender_name, ob_account_get_sender_name, "Ada Lovelace" },
  { "reply-to", ob_account_set_reply_to, ob_account_get_reply_to, "team@example.com" },
  { "signature", ob_account_set_signature, ob_account_get_signature, "Ada\nEngine works" },
  { "host", ob_account_set_host, ob_account_get_host, "smtp.example.com" },
  { "auth-mechanism", ob_account_set_auth_mechanism, ob_account_get_auth_mechanism, "PLAIN" },
  { "username", ob_account_set_username, ob_account_get_username, "ada" },
  { "ca-file", ob_account_set_ca_file, ob_account_get_ca_file, "/etc/ssl/our-ca.pem" },
  { "pinned-sha256", ob_account_set_pinned_sha256, ob_account_get_pinned_sha256, FINGERPRINT },
  { "provider-id", ob_account_set_provider_id, ob_account_get_provider_id, "gmail" },
};

/* Every setter notifies once per change and never when nothing changes. */
static void
test_account_notify_on_change (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (string_properties); i++)
    {
      g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");
      g_autofree char *signal = g_strconcat ("notify::", string_properties[i].property, NULL);
      guint count = 0;

      g_test_message ("property %s", string_properties[i].property);
      g_signal_connect (account, signal, G_CALLBACK (count_notify_cb), &count);

      string_properties[i].set (account, string_properties[i].value);
      g_assert_cmpuint (count, ==, 1);
      g_assert_cmpstr (string_properties[i].get (account), ==, string_properties[i].value);
      string_properties[i].set (account, string_properties[i].value);
      g_assert_cmpuint (count, ==, 1);

      /* "" is "not set", as an empty entry gives it. */
      string_properties[i].set (account, "");
      g_assert_cmpuint (count, ==, 2);
      g_assert_null (string_properties[i].get (account));
      string_properties[i].set (account, NULL);
      g_assert_cmpuint (count, ==, 2);
    }
}

static void
test_account_notify_numbers (void)
{
  g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");
  guint port = 0, security = 0, minute = 0, day = 0, any = 0;

  g_signal_connect (account, "notify::port", G_CALLBACK (count_notify_cb), &port);
  g_signal_connect (account, "notify::security", G_CALLBACK (count_notify_cb), &security);
  g_signal_connect (account, "notify::max-per-minute", G_CALLBACK (count_notify_cb), &minute);
  g_signal_connect (account, "notify::max-per-day", G_CALLBACK (count_notify_cb), &day);
  g_signal_connect (account, "notify", G_CALLBACK (count_notify_cb), &any);

  ob_account_set_port (account, 587);
  ob_account_set_security (account, OB_SECURITY_STARTTLS);
  g_assert_cmpuint (any, ==, 0);

  ob_account_set_port (account, 465);
  ob_account_set_security (account, OB_SECURITY_TLS);
  g_assert_cmpuint (port, ==, 1);
  g_assert_cmpuint (security, ==, 1);

  ob_account_set_limits (account, 20, 0);
  g_assert_cmpuint (minute, ==, 1);
  g_assert_cmpuint (day, ==, 0);
  ob_account_set_limits (account, 20, 500);
  g_assert_cmpuint (minute, ==, 1);
  g_assert_cmpuint (day, ==, 1);
  g_assert_cmpuint (ob_account_get_max_per_minute (account), ==, 20);
  g_assert_cmpuint (ob_account_get_max_per_day (account), ==, 500);
  g_assert_cmpuint (any, ==, 4);

  /* The same through GObject, as a property binding would do it. */
  g_object_set (account, "port", 465, "max-per-day", 500, NULL);
  g_assert_cmpuint (any, ==, 4);
}

static void
test_account_pin_normalized (void)
{
  g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");
  g_autofree char *upper = g_ascii_strup (FINGERPRINT, -1);
  GString *colons = g_string_new (NULL);
  g_autofree char *with_colons = NULL;

  for (guint i = 0; i < strlen (upper); i += 2)
    g_string_append_printf (colons, "%s%.2s", i ? ":" : "", upper + i);
  with_colons = g_string_free (colons, FALSE);

  ob_account_set_pinned_sha256 (account, with_colons);
  g_assert_cmpstr (ob_account_get_pinned_sha256 (account), ==, FINGERPRINT);
}

static void
test_account_origin (void)
{
  g_autoptr(ObAccount) account = ob_account_new ("ada@example.com");
  guint count = 0;

  g_signal_connect (account, "notify::origin", G_CALLBACK (count_notify_cb), &count);

  ob_account_set_host (account, "smtp.example.com");
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_MANUAL);

  ob_account_set_detected (account, "autoconfig");
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_DETECTED);
  g_assert_cmpstr (ob_account_get_detected_source (account), ==, "autoconfig");
  g_assert_cmpuint (count, ==, 1);

  /* A change that is not a server setting keeps it detected. */
  ob_account_set_sender_name (account, "Ada");
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_DETECTED);

  /* Setting the same value is no edit. */
  ob_account_set_host (account, "smtp.example.com");
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_DETECTED);

  ob_account_set_port (account, 2525);
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_EDITED);
  g_assert_cmpstr (ob_account_get_detected_source (account), ==, "autoconfig");
  g_assert_cmpuint (count, ==, 2);

  ob_account_set_detected (account, NULL);
  g_assert_cmpint (ob_account_get_origin (account), ==, OB_ACCOUNT_ORIGIN_MANUAL);
  g_assert_null (ob_account_get_detected_source (account));
}

typedef void (*BreakFunc) (ObAccount *account);

static void break_address (ObAccount *a) { ob_account_set_address (a, "not an address"); }
static void break_no_address (ObAccount *a) { ob_account_set_address (a, NULL); }
static void break_reply_to (ObAccount *a) { ob_account_set_reply_to (a, "team@"); }
static void break_no_host (ObAccount *a) { ob_account_set_host (a, NULL); }
static void break_host (ObAccount *a) { ob_account_set_host (a, "smtp example com"); }
static void break_port (ObAccount *a) { ob_account_set_port (a, 0); }
static void break_name_crlf (ObAccount *a) { ob_account_set_sender_name (a, "Ada\r\nBcc: x@e.test"); }
static void break_host_lf (ObAccount *a) { ob_account_set_host (a, "smtp.example.com\n"); }
static void break_user_cr (ObAccount *a) { ob_account_set_username (a, "ada\rRSET"); }
static void break_display_lf (ObAccount *a) { ob_account_set_display_name (a, "Work\nHome"); }
static void break_mechanism (ObAccount *a) { ob_account_set_auth_mechanism (a, "GSSAPI"); }
static void break_ca_file (ObAccount *a) { ob_account_set_ca_file (a, "ca.pem"); }
static void break_pin (ObAccount *a) { ob_account_set_pinned_sha256 (a, "abcdef"); }

static const struct
{
  const char *name;
  BreakFunc   breaks;
  int         code;
} invalid_cases[] = {
  { "address", break_address, OB_ACCOUNT_ERROR_INVALID_ADDRESS },
  { "no address", break_no_address, OB_ACCOUNT_ERROR_INVALID_ADDRESS },
  { "reply-to", break_reply_to, OB_ACCOUNT_ERROR_INVALID_REPLY_TO },
  { "no host", break_no_host, OB_ACCOUNT_ERROR_NO_HOST },
  { "host", break_host, OB_ACCOUNT_ERROR_INVALID_HOST },
  { "port", break_port, OB_ACCOUNT_ERROR_INVALID_PORT },
  { "sender name CRLF", break_name_crlf, OB_ACCOUNT_ERROR_LINE_BREAK },
  { "host LF", break_host_lf, OB_ACCOUNT_ERROR_LINE_BREAK },
  { "username CR", break_user_cr, OB_ACCOUNT_ERROR_LINE_BREAK },
  { "display name LF", break_display_lf, OB_ACCOUNT_ERROR_LINE_BREAK },
  { "mechanism", break_mechanism, OB_ACCOUNT_ERROR_INVALID_AUTH_MECHANISM },
  { "ca file", break_ca_file, OB_ACCOUNT_ERROR_INVALID_CA_FILE },
  { "pin", break_pin, OB_ACCOUNT_ERROR_INVALID_FINGERPRINT },
};

static void
test_account_validate (void)
{
  g_autoptr(ObAccount) good = make_valid_account ();
  g_autoptr(GError) error = NULL;

  /* A signature is free text over several lines. */
  ob_account_set_signature (good, "Ada\r\nAnalytical Engines Ltd");
  ob_account_set_reply_to (good, "team@example.com");
  ob_account_set_auth_mechanism (good, "cram-md5");
  ob_account_set_ca_file (good, "/etc/ssl/our-ca.pem");
  ob_account_set_pinned_sha256 (good, FINGERPRINT);
  g_assert_true (ob_account_validate (good, &error));
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr(ObAccount) account = make_valid_account ();
      g_autoptr(GError) case_error = NULL;

      g_test_message ("case %s", invalid_cases[i].name);
      invalid_cases[i].breaks (account);
      g_assert_false (ob_account_validate (account, &case_error));
      g_assert_error (case_error, OB_ACCOUNT_ERROR, invalid_cases[i].code);
      g_assert_cmpstr (case_error->message, !=, "");
    }
}

static void
test_account_ip_host (void)
{
  g_autoptr(ObAccount) account = make_valid_account ();
  g_autoptr(GError) error = NULL;

  ob_account_set_host (account, "127.0.0.1");
  g_assert_true (ob_account_validate (account, &error));
  ob_account_set_host (account, "::1");
  g_assert_true (ob_account_validate (account, &error));
  g_assert_no_error (error);
}

static void
test_account_create_client (void)
{
  g_autoptr(ObAccount) account = make_valid_account ();
  g_autoptr(ObSmtpClient) client = NULL;
  g_autoptr(ObAccount) no_login = make_valid_account ();
  g_autoptr(ObSmtpClient) anonymous = NULL;

  client = ob_account_create_client (account, "secret", FALSE);
  g_assert_nonnull (client);
  g_assert_cmpstr (ob_smtp_client_get_host (client), ==, "smtp.example.com");
  g_assert_cmpuint (ob_smtp_client_get_port (client), ==, 465);
  g_assert_cmpint (ob_smtp_client_get_security (client), ==, OB_SECURITY_TLS);
  g_assert_false (ob_smtp_client_is_connected (client));

  ob_account_set_username (no_login, NULL);
  ob_account_set_security (no_login, OB_SECURITY_STARTTLS);
  ob_account_set_port (no_login, 587);
  anonymous = ob_account_create_client (no_login, NULL, FALSE);
  g_assert_cmpuint (ob_smtp_client_get_port (anonymous), ==, 587);
  g_assert_cmpint (ob_smtp_client_get_security (anonymous), ==, OB_SECURITY_STARTTLS);
}

/* Some services' API token is the user name and the password at once: the
 * account then names no user, so the token stays in the keyring only. */
static void
test_account_username_is_secret (void)
{
  g_autoptr(ObAccount) account = make_valid_account ();
  g_autofree char *described = NULL;
  guint notified = 0;

  g_assert_true (ob_account_needs_login (account));
  g_assert_cmpstr (ob_account_get_login_label (account), ==, ob_account_get_username (account));
  g_signal_connect (account, "notify::username-is-secret", G_CALLBACK (count_notify_cb),
                    &notified);

  ob_account_set_username_is_secret (account, TRUE);
  g_assert_true (ob_account_get_username_is_secret (account));
  g_assert_null (ob_account_get_username (account));
  g_assert_true (ob_account_needs_login (account));
  g_assert_cmpstr (ob_account_get_login_label (account), ==, ob_account_get_address (account));
  g_assert_cmpuint (notified, ==, 1);
  ob_account_set_username_is_secret (account, TRUE);
  g_assert_cmpuint (notified, ==, 1);
  described = ob_account_describe_server (account);
  g_assert_nonnull (strstr (described, "password login"));

  /* A user name of its own ends it. */
  ob_account_set_username (account, "ada");
  g_assert_false (ob_account_get_username_is_secret (account));
  g_assert_cmpuint (notified, ==, 2);

  ob_account_set_username (account, NULL);
  g_assert_false (ob_account_needs_login (account));
}

static void
test_account_describe_server (void)
{
  g_autoptr(ObAccount) account = make_valid_account ();
  g_autofree char *tls = ob_account_describe_server (account);
  g_autofree char *plain = NULL;
  g_autofree char *oauth = NULL;

  g_assert_cmpstr (tls, ==, "smtp.example.com, port 465, encrypted (TLS), password login");

  ob_account_set_security (account, OB_SECURITY_NONE);
  ob_account_set_port (account, 25);
  ob_account_set_username (account, NULL);
  plain = ob_account_describe_server (account);
  g_assert_cmpstr (plain, ==, "smtp.example.com, port 25, not encrypted, no login");

  ob_account_set_security (account, OB_SECURITY_STARTTLS);
  ob_account_set_port (account, 587);
  ob_account_set_username (account, "ada@example.com");
  ob_account_set_auth_mechanism (account, "xoauth2");
  oauth = ob_account_describe_server (account);
  g_assert_cmpstr (oauth, ==, "smtp.example.com, port 587, encrypted (STARTTLS), OAuth2 login");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/account/id", test_account_id);
  g_test_add_func ("/ob/account/defaults", test_account_defaults);
  g_test_add_func ("/ob/account/notify-on-change", test_account_notify_on_change);
  g_test_add_func ("/ob/account/notify-numbers", test_account_notify_numbers);
  g_test_add_func ("/ob/account/pin-normalized", test_account_pin_normalized);
  g_test_add_func ("/ob/account/origin", test_account_origin);
  g_test_add_func ("/ob/account/validate", test_account_validate);
  g_test_add_func ("/ob/account/ip-host", test_account_ip_host);
  g_test_add_func ("/ob/account/create-client", test_account_create_client);
  g_test_add_func ("/ob/account/username-is-secret", test_account_username_is_secret);
  g_test_add_func ("/ob/account/describe-server", test_account_describe_server);

  return g_test_run ();
}
