/* test-provider-db.c — the built-in provider database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ob-provider-db.h"

typedef struct
{
  const char          *domain;
  const char          *id;
  const char          *host;        /* of the preferred server */
  guint16              port;
  ObSecurity           security;
  const char          *username;    /* for ada@<domain> */
  ObAppPasswordPolicy  app_password;
} ProviderCase;

#define TLS OB_SECURITY_TLS
#define STARTTLS OB_SECURITY_STARTTLS
#define NO_APP OB_APP_PASSWORD_NOT_NEEDED
#define APP OB_APP_PASSWORD_ALWAYS
#define APP_2SV OB_APP_PASSWORD_WITH_TWO_STEP

/* Real providers, as their own documentation gives them. */
static const ProviderCase cases[] = {
  { "gmail.com", "gmail.com", "smtp.gmail.com", 465, TLS, "ada@gmail.com", APP },
  { "googlemail.com", "gmail.com", "smtp.gmail.com", 465, TLS, "ada@googlemail.com", APP },
  { "outlook.com", "outlook.com", "smtp-mail.outlook.com", 587, STARTTLS, "ada@outlook.com", APP },
  { "hotmail.co.uk", "outlook.com", "smtp-mail.outlook.com", 587, STARTTLS, "ada@hotmail.co.uk",
    APP },
  { "live.com", "outlook.com", "smtp-mail.outlook.com", 587, STARTTLS, "ada@live.com", APP },
  { "msn.com", "outlook.com", "smtp-mail.outlook.com", 587, STARTTLS, "ada@msn.com", APP },
  { "yahoo.com", "yahoo.com", "smtp.mail.yahoo.com", 465, TLS, "ada@yahoo.com", APP },
  { "yahoo.co.jp", "yahoo.co.jp", "smtp.mail.yahoo.co.jp", 465, TLS, "ada", NO_APP },
  { "aol.com", "aol.com", "smtp.aol.com", 465, TLS, "ada@aol.com", APP },
  { "icloud.com", "icloud.com", "smtp.mail.me.com", 587, STARTTLS, "ada@icloud.com", APP },
  { "me.com", "icloud.com", "smtp.mail.me.com", 587, STARTTLS, "ada@me.com", APP },
  { "mac.com", "icloud.com", "smtp.mail.me.com", 587, STARTTLS, "ada@mac.com", APP },
  { "gmx.de", "gmx.net", "mail.gmx.net", 465, TLS, "ada@gmx.de", APP_2SV },
  { "gmx.com", "gmx.com", "mail.gmx.com", 465, TLS, "ada@gmx.com", APP_2SV },
  { "web.de", "web.de", "smtp.web.de", 587, STARTTLS, "ada@web.de", APP_2SV },
  { "mail.ru", "mail.ru", "smtp.mail.ru", 465, TLS, "ada@mail.ru", APP },
  { "yandex.ru", "yandex.ru", "smtp.yandex.com", 465, TLS, "ada@yandex.ru", APP },
  { "zoho.com", "zoho.com", "smtp.zoho.com", 465, TLS, "ada@zoho.com", APP_2SV },
  { "fastmail.com", "fastmail.com", "smtp.fastmail.com", 465, TLS, "ada@fastmail.com", APP },
  { "t-online.de", "t-online.de", "securesmtp.t-online.de", 465, TLS, "ada@t-online.de", NO_APP },
  { "orange.fr", "orange.fr", "smtp.orange.fr", 465, TLS, "ada@orange.fr", NO_APP },
  { "free.fr", "free.fr", "smtp.free.fr", 465, TLS, "ada", NO_APP },
  { "libero.it", "libero.it", "smtp.libero.it", 465, TLS, "ada@libero.it", NO_APP },
  { "qq.com", "qq.com", "smtp.qq.com", 465, TLS, "ada@qq.com", APP },
  { "163.com", "163.com", "smtp.163.com", 465, TLS, "ada@163.com", APP },
  { "126.com", "126.com", "smtp.126.com", 465, TLS, "ada@126.com", APP },
  { "naver.com", "naver.com", "smtp.naver.com", 465, TLS, "ada", APP_2SV },
  { "mailbox.org", "mailbox.org", "smtp.mailbox.org", 465, TLS, "ada@mailbox.org", NO_APP },
  { "posteo.de", "posteo.de", "posteo.de", 465, TLS, "ada@posteo.de", NO_APP },
  { "proton.me", "proton.me", "127.0.0.1", 1025, STARTTLS, "ada@proton.me", NO_APP },
  { "pm.me", "proton.me", "127.0.0.1", 1025, STARTTLS, "ada@pm.me", NO_APP },
  { "comcast.net", "comcast.net", "smtp.comcast.net", 465, TLS, "ada@comcast.net", NO_APP },
  { "seznam.cz", "seznam.cz", "smtp.seznam.cz", 465, TLS, "ada@seznam.cz", NO_APP },
  { "wp.pl", "wp.pl", "smtp.wp.pl", 465, TLS, "ada@wp.pl", NO_APP },
};

static void
test_provider_table (void)
{
  ObProviderDb *db = ob_provider_db_get_default ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ProviderCase *c = &cases[i];
      g_autofree char *address = g_strconcat ("ada@", c->domain, NULL);
      g_autofree char *username = NULL;
      const ObProviderServer *server;
      ObProvider *provider;

      g_test_message ("case %s", c->domain);
      provider = ob_provider_db_lookup_domain (db, c->domain);
      g_assert_nonnull (provider);
      g_assert_cmpstr (ob_provider_get_id (provider), ==, c->id);
      g_assert_true (ob_provider_has_smtp (provider));
      g_assert_false (ob_provider_is_relay_service (provider));
      g_assert_cmpuint (ob_provider_get_n_servers (provider), >, 0);
      g_assert_cmpuint (ob_provider_get_n_rejected_servers (provider), ==, 0);
      g_assert_cmpint (ob_provider_get_app_password (provider, NULL), ==, c->app_password);

      server = ob_provider_get_server (provider, 0);
      g_assert_cmpstr (server->hostname, ==, c->host);
      g_assert_cmpuint (server->port, ==, c->port);
      g_assert_cmpint (server->security, ==, c->security);
      username = ob_provider_expand (server->username, address);
      g_assert_cmpstr (username, ==, c->username);
    }
  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 25);
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

  return g_test_run ();
}
