/* test-provider-db.c — the built-in provider database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ob-provider-db.h"

typedef struct
{
  const char          *domain;
  const char          *id;
  ObAppPasswordPolicy  app_password;
} ProviderCase;

#define NO_APP OB_APP_PASSWORD_NOT_NEEDED
#define APP OB_APP_PASSWORD_ALWAYS
#define APP_2SV OB_APP_PASSWORD_WITH_TWO_STEP

/* Which provider serves a domain, and what it asks of mail apps. The
 * servers themselves are checked through detection (test-detector.c). */
static const ProviderCase cases[] = {
  { "gmail.com", "gmail.com", APP },
  { "googlemail.com", "gmail.com", APP },
  { "hotmail.co.uk", "outlook.com", APP },
  { "yahoo.com", "yahoo.com", APP },
  { "yahoo.co.jp", "yahoo.co.jp", NO_APP },
  { "icloud.com", "icloud.com", APP },
  { "mac.com", "icloud.com", APP },
  { "gmx.de", "gmx.net", APP_2SV },
  { "web.de", "web.de", APP_2SV },
  { "zoho.com", "zoho.com", APP_2SV },
  { "naver.com", "naver.com", APP_2SV },
  { "t-online.de", "t-online.de", NO_APP },
  { "pm.me", "proton.me", NO_APP },
};

static void
test_provider_table (void)
{
  ObProviderDb *db = ob_provider_db_get_default ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ProviderCase *c = &cases[i];
      ObProvider *provider;

      g_test_message ("case %s", c->domain);
      provider = ob_provider_db_lookup_domain (db, c->domain);
      g_assert_nonnull (provider);
      g_assert_cmpstr (ob_provider_get_id (provider), ==, c->id);
      g_assert_true (ob_provider_has_smtp (provider));
      g_assert_false (ob_provider_is_relay_service (provider));
      g_assert_cmpuint (ob_provider_get_n_servers (provider), >, 0);
      g_assert_cmpint (ob_provider_get_app_password (provider, NULL), ==, c->app_password);
    }
}

static void
test_provider_lookup_case (void)
{
  ObProviderDb *db = ob_provider_db_get_default ();

  g_assert_true (ob_provider_db_lookup_domain (db, "GMail.COM") ==
                 ob_provider_db_lookup_domain (db, "gmail.com"));
  g_assert_null (ob_provider_db_lookup_domain (db, "example.com"));
  /* Exact domains only: a subdomain is someone else's. */
  g_assert_null (ob_provider_db_lookup_domain (db, "mail.gmail.com"));
  g_assert_null (ob_provider_db_lookup_domain (db, "gmail.com.evil.test"));
  g_assert_true (ob_provider_db_lookup_id (db, "sendgrid.com") != NULL);
  g_assert_null (ob_provider_db_lookup_id (db, "nobody.example"));
}

typedef struct
{
  const char *mx_host;
  const char *id;       /* NULL: no provider */
  const char *region;
} MxCase;

static const MxCase mx_cases[] = {
  { "aspmx.l.google.com", "workspace.google.com", NULL },
  { "alt1.aspmx.l.google.com", "workspace.google.com", NULL },
  { "ASPMX.L.GOOGLE.COM", "workspace.google.com", NULL },
  { "contoso-com.mail.protection.outlook.com", "office365.com", NULL },
  { "eur.olc.protection.outlook.com", "outlook.com", NULL },
  { "in1-smtp.messagingengine.com", "fastmail.com", NULL },
  { "mx.zoho.eu", "smtppro.zoho.com", "eu" },
  { "mx2.zoho.com.au", "smtppro.zoho.com", "au" },
  { "mx00.ionos.de", "ionos.de", NULL },
  { "mail.protonmail.ch", "proton.me", NULL },
  { "google.com", "workspace.google.com", NULL },
  { "notgoogle.com", NULL, NULL },
  { "google.com.evil.test", NULL, NULL },
  { "protection.outlook.com", NULL, NULL },
  { "mx.example.org", NULL, NULL },
};

static void
test_provider_mx (void)
{
  ObProviderDb *db = ob_provider_db_get_default ();

  for (gsize i = 0; i < G_N_ELEMENTS (mx_cases); i++)
    {
      const MxCase *c = &mx_cases[i];
      const char *region = "unset";
      ObProvider *provider;

      g_test_message ("case %s", c->mx_host);
      provider = ob_provider_db_lookup_mx (db, c->mx_host, &region);
      if (c->id == NULL)
        {
          g_assert_null (provider);
          g_assert_null (region);
          continue;
        }
      g_assert_nonnull (provider);
      g_assert_cmpstr (ob_provider_get_id (provider), ==, c->id);
      g_assert_cmpstr (region, ==, c->region);
    }
}

/* What the database as a whole promises its users. */
static void
test_provider_database (void)
{
  GPtrArray *providers = ob_provider_db_get_providers (ob_provider_db_get_default ());
  guint relays = 0;

  g_assert_cmpuint (providers->len, >=, 50);
  for (guint i = 0; i < providers->len; i++)
    {
      ObProvider *provider = g_ptr_array_index (providers, i);

      g_test_message ("provider %s", ob_provider_get_id (provider));
      g_assert_cmpuint (ob_provider_get_n_rejected_servers (provider), ==, 0);
      g_assert_true (ob_provider_has_smtp (provider) == (ob_provider_get_n_servers (provider) > 0));
      g_assert_nonnull (ob_provider_get_display_name (provider));
      if (ob_provider_is_relay_service (provider))
        {
          relays++;
          g_assert_cmpstrv (ob_provider_get_domains (provider), ((const char * const[]) { NULL }));
        }
    }
  g_assert_cmpuint (relays, >=, 8);

  g_assert_false (ob_provider_has_smtp (ob_provider_db_lookup_domain (ob_provider_db_get_default (),
                                                                      "tuta.com")));
  g_assert_cmpstr (ob_provider_get_server (ob_provider_db_lookup_id (ob_provider_db_get_default (),
                                                                     "sendgrid.com"),
                                           0)->username, ==, "apikey");
  g_assert_true (ob_provider_get_username_is_secret (
    ob_provider_db_lookup_id (ob_provider_db_get_default (), "postmarkapp.com")));
}

/* The server to set up for a sending service: per region, in the
 * provider's order of preference, confirmed entries first. */
static void
test_provider_find_server (void)
{
  ObProviderDb *db = ob_provider_db_get_default ();
  ObProvider *ses = ob_provider_db_lookup_id (db, "amazonses.com");
  ObProvider *sendgrid = ob_provider_db_lookup_id (db, "sendgrid.com");
  ObProvider *brevo = ob_provider_db_lookup_id (db, "brevo.com");
  ObProvider *mailgun = ob_provider_db_lookup_id (db, "mailgun.com");
  const ObProviderServer *server;

  server = ob_provider_find_server (ses, "eu-central-1");
  g_assert_nonnull (server);
  g_assert_cmpstr (server->hostname, ==, "email-smtp.eu-central-1.amazonaws.com");
  g_assert_cmpuint (server->port, ==, 465);
  g_assert_cmpint (server->security, ==, OB_SECURITY_TLS);
  g_assert_cmpstr (server->region, ==, "eu-central-1");
  g_assert_true (ob_provider_server_serves_region (server, "eu-central-1"));
  g_assert_false (ob_provider_server_serves_region (server, "us-east-1"));
  g_assert_true (ob_provider_server_serves_region (server, NULL));

  /* Every region offered has a server, and it is that region's. */
  for (const char * const *r = ob_provider_get_regions (ses); *r != NULL; r++)
    g_assert_cmpstr (ob_provider_find_server (ses, *r)->region, ==, *r);
  g_assert_cmpstr (ob_provider_find_server (mailgun, "eu")->hostname, ==, "smtp.eu.mailgun.org");
  g_assert_null (ob_provider_find_server (ses, "xx-nowhere-1"));

  /* Without a region, any: the first of the file. */
  g_assert_cmpstr (ob_provider_find_server (ses, NULL)->region, ==, "us-east-1");

  /* A server without a region serves every region. */
  server = ob_provider_find_server (sendgrid, "eu");
  g_assert_nonnull (server);
  g_assert_cmpstr (server->hostname, ==, "smtp.sendgrid.net");
  g_assert_cmpuint (server->port, ==, 465);
  g_assert_cmpstr (server->username, ==, "apikey");
  g_assert_null (ob_provider_get_server_unverified (sendgrid, server));

  /* Brevo's 465 is not confirmed: its confirmed 587 wins. */
  server = ob_provider_find_server (brevo, NULL);
  g_assert_cmpuint (server->port, ==, 587);
  g_assert_cmpint (server->security, ==, OB_SECURITY_STARTTLS);
  g_assert_nonnull (ob_provider_get_server_unverified (brevo, ob_provider_get_server (brevo, 0)));

  /* Hints: the server's own would win; these come from the provider. */
  server = ob_provider_find_server (ses, "us-west-2");
  g_assert_cmpstr (ob_provider_get_server_username_hint (ses, server), ==,
                   ob_provider_get_username_hint (ses));
  g_assert_cmpstr (ob_provider_get_server_password_hint (ses, server), ==,
                   ob_provider_get_password_hint (ses));
  g_assert_null (ob_provider_get_server_username_hint (sendgrid,
                                                       ob_provider_find_server (sendgrid, NULL)));
}

static gpointer
lookup_thread (gpointer data)
{
  return ob_provider_db_lookup_domain (ob_provider_db_get_default (), "gmail.com");
}

/* The first use loads the database once, whichever thread comes first. */
static void
test_provider_threads (void)
{
  GThread *threads[4];
  gpointer found[G_N_ELEMENTS (threads)];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("lookup", lookup_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    found[i] = g_thread_join (threads[i]);
  for (guint i = 1; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (found[i] == found[0]);
  g_assert_nonnull (found[0]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/provider-db/threads", test_provider_threads);
  g_test_add_func ("/ob/provider-db/table", test_provider_table);
  g_test_add_func ("/ob/provider-db/lookup-case", test_provider_lookup_case);
  g_test_add_func ("/ob/provider-db/mx", test_provider_mx);
  g_test_add_func ("/ob/provider-db/database", test_provider_database);
  g_test_add_func ("/ob/provider-db/find-server", test_provider_find_server);

  return g_test_run ();
}
