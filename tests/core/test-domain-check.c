/* test-domain-check.c — checking a sending domain against canned DNS and HTTPS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DNS answers come from a fake resolver with records shaped like real ones;
 * MTA-STS policies from a SoupServer on 127.0.0.1 with a certificate from a
 * test CA made with certtool when the program starts. The check trusts that
 * CA through its session's TLS database, with validation left on.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ob-domain-check.h"
#include "ob-fake-resolver.h"
#include "ob-test-keys.h"

/* Every wait in these tests ends after this, even when something hangs. */
#define WAIT_LIMIT_MS 20000

static char *tls_dir;
static char *rsa_512;
static char *rsa_1024;
static char *rsa_2048;

typedef struct
{
  int   status;
  char *content_type;
  char *body;
} Policy;

typedef struct
{
  ObFakeResolver *resolver;
  GResolver      *previous;
  SoupServer     *server;
  SoupSession    *session;
  char           *url_template;
  GHashTable     *policies;   /* path → Policy */
  ObDomainCheck  *check;
  GAsyncResult   *result;
} Fixture;

static void
policy_free (Policy *policy)
{
  g_free (policy->content_type);
  g_free (policy->body);
  g_free (policy);
}

static void
serve_policy_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  Policy *policy = g_hash_table_lookup (f->policies, path);

  if (policy == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, policy->status, NULL);
  soup_server_message_set_response (message, policy->content_type, SOUP_MEMORY_COPY,
                                    policy->body, strlen (policy->body));
}

/* The requests go to 127.0.0.1 and need no proxy; GIO's default proxy
 * resolver would read GSettings schemas the isolated test directories hide. */
static SoupSession *
new_session (GTlsDatabase *database)
{
  if (database == NULL)
    return soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  return soup_session_new_with_options ("proxy-resolver", NULL, "tls-database", database, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *cert_file = g_build_filename (tls_dir, "server.pem", NULL);
  g_autofree char *key_file = g_build_filename (tls_dir, "server.key", NULL);
  g_autofree char *ca_file = g_build_filename (tls_dir, "ca.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->previous = g_resolver_get_default ();
  f->resolver = ob_fake_resolver_new ();
  g_resolver_set_default (G_RESOLVER (f->resolver));

  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
  g_assert_no_error (error);
  f->policies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) policy_free);
  f->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (f->server, NULL, serve_policy_cb, f, NULL);
  soup_server_listen_local (f->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->url_template = g_strdup_printf ("https://127.0.0.1:%d/%%s/mta-sts.txt",
                                     g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  database = g_tls_file_database_new (ca_file, &error);
  g_assert_no_error (error);
  f->session = new_session (database);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->check);
  g_clear_object (&f->result);
  g_clear_object (&f->session);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_hash_table_unref (f->policies);
  g_free (f->url_template);
  g_resolver_set_default (f->previous);
  g_object_unref (f->previous);
  g_clear_object (&f->resolver);
}

static void
serve (Fixture    *f,
       const char *domain,
       int         status,
       const char *content_type,
       const char *body)
{
  Policy *policy = g_new0 (Policy, 1);

  policy->status = status;
  policy->content_type = g_strdup (content_type);
  policy->body = g_strdup (body);
  g_hash_table_insert (f->policies, g_strdup_printf ("/%s/mta-sts.txt", domain), policy);
}

static void
add_txt (Fixture    *f,
         const char *name,
         const char *text)
{
  ob_fake_resolver_add_txt (f->resolver, name, text, NULL);
}

static void
add_google_mx (Fixture    *f,
               const char *domain)
{
  ob_fake_resolver_add_mx (f->resolver, domain, 5, "alt1.aspmx.l.google.com");
  ob_fake_resolver_add_mx (f->resolver, domain, 1, "aspmx.l.google.com");
  ob_fake_resolver_add_address (f->resolver, "aspmx.l.google.com", "142.250.27.26");
  ob_fake_resolver_add_address (f->resolver, "aspmx.l.google.com", "2a00:1450:4025:c03::1a");
  ob_fake_resolver_add_address (f->resolver, "alt1.aspmx.l.google.com", "142.250.153.27");
}

/* Google's SPF tree as it is published: one include of three. */
static void
add_google_spf (Fixture *f)
{
  add_txt (f, "_spf.google.com", "v=spf1 include:_netblocks.google.com "
           "include:_netblocks2.google.com include:_netblocks3.google.com ~all");
  add_txt (f, "_netblocks.google.com", "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 "
           "ip4:66.102.0.0/20 ip4:66.249.80.0/20 ip4:72.14.192.0/18 ip4:74.125.0.0/16 "
           "ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 ip4:216.58.192.0/19 "
           "ip4:216.239.32.0/19 ~all");
  add_txt (f, "_netblocks2.google.com", "v=spf1 ip6:2001:4860:4000::/36 "
           "ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 ip6:2800:3f0:4000::/36 "
           "ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ~all");
  add_txt (f, "_netblocks3.google.com", "v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 "
           "ip4:172.217.128.0/19 ip4:108.177.96.0/19 ip4:35.191.0.0/16 ip4:130.211.0.0/22 ~all");
  ob_fake_resolver_add_address (f->resolver, "smtp.gmail.com", "74.125.140.108");
  ob_fake_resolver_add_address (f->resolver, "smtp.gmail.com", "2a00:1450:400c:c0b::6c");
}

/* A key record as providers publish it: too long for one TXT string. */
static void
add_dkim (Fixture    *f,
          const char *domain,
          const char *selector,
          const char *key)
{
  g_autofree char *name = g_strdup_printf ("%s._domainkey.%s", selector, domain);
  g_autofree char *head = g_strdup_printf ("v=DKIM1; k=rsa; p=%.100s", key);

  ob_fake_resolver_add_txt (f->resolver, name, head, key + MIN (strlen (key), 100), NULL);
}

/* MX, SPF, DKIM and DMARC as a well-run Google Workspace domain has them. */
static void
add_good_domain (Fixture    *f,
                 const char *domain)
{
  g_autofree char *dmarc_name = g_strdup_printf ("_dmarc.%s", domain);
  g_autofree char *dmarc = g_strdup_printf ("v=DMARC1; p=reject; rua=mailto:dmarc@%s; adkim=s",
                                            domain);

  add_google_mx (f, domain);
  add_google_spf (f);
  add_txt (f, domain, "google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ");
  add_txt (f, domain, "v=spf1 include:_spf.google.com ~all");
  add_dkim (f, domain, "google", rsa_2048);
  add_txt (f, dmarc_name, dmarc);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static gboolean
wait_limit_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
start_check (Fixture    *f,
             const char *domain,
             const char *server)
{
  g_clear_object (&f->check);
  f->check = g_object_new (OB_TYPE_DOMAIN_CHECK,
                           "domain", domain,
                           "server", server,
                           "session", f->session,
                           "policy-url-template", f->url_template,
                           "timeout", 5,
                           NULL);
}

/* Runs the check, waiting at most WAIT_LIMIT_MS; returns whether it ran. */
static gboolean
run_check (Fixture  *f,
           GError  **error)
{
  gboolean expired = FALSE;
  guint limit = g_timeout_add (WAIT_LIMIT_MS, wait_limit_cb, &expired);

  g_clear_object (&f->result);
  ob_domain_check_run_async (f->check, NULL, store_result_cb, f);
  while (f->result == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (limit);
  return ob_domain_check_run_finish (f->check, f->result, error);
}

static ObDomainCheckItem *
check_domain (Fixture           *f,
              const char        *domain,
              const char        *server,
              ObDomainCheckKind  kind)
{
  g_autoptr(GError) error = NULL;
  GListModel *items;

  start_check (f, domain, server);
  g_assert_true (run_check (f, &error));
  g_assert_no_error (error);

  items = ob_domain_check_get_items (f->check);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(ObDomainCheckItem) item = g_list_model_get_item (items, i);

      g_assert_cmpint (ob_domain_check_item_get_kind (item), ==, i);
      if (ob_domain_check_item_get_kind (item) == kind)
        return item;
    }
  g_assert_not_reached ();
}

/* The item of @kind from the last run; the list holds the reference. */
static ObDomainCheckItem *
item_at (Fixture           *f,
         ObDomainCheckKind  kind)
{
  g_autoptr(ObDomainCheckItem) item = g_list_model_get_item (ob_domain_check_get_items (f->check),
                                                             kind);

  return item;
}

/* Asserts the item's grade, and that its text says @phrase somewhere. */
static void
assert_item (ObDomainCheckItem  *item,
             ObDomainCheckGrade  grade,
             const char         *phrase)
{
  g_autofree char *text = g_strjoin ("\n", ob_domain_check_item_get_summary (item),
                                     ob_domain_check_item_get_explanation (item),
                                     ob_domain_check_item_get_fix (item), NULL);

  g_test_message ("%s: %s", ob_domain_check_item_get_title (item), text);
  g_assert_cmpint (ob_domain_check_item_get_grade (item), ==, grade);
  g_assert_nonnull (strstr (text, phrase));
  g_assert_cmpstr (ob_domain_check_item_get_summary (item), !=, "");
  if (grade != OB_DOMAIN_CHECK_GRADE_GOOD)
    g_assert_cmpstr (ob_domain_check_item_get_fix (item), !=, "");
}

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  ObDomainCheckItem *item;
  const char * const *records;

  add_good_domain (f, "example.com");

  item = check_domain (f, "Example.COM", "smtp.gmail.com", OB_DOMAIN_CHECK_KIND_MX);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "2 mail servers (MX) found");
  records = ob_domain_check_item_get_records (item);
  g_assert_cmpstr (records[0], ==, "1 aspmx.l.google.com");
  g_assert_cmpstr (records[1], ==, "5 alt1.aspmx.l.google.com");
  g_assert_null (records[2]);

  item = item_at (f, OB_DOMAIN_CHECK_KIND_SPF);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "4 DNS lookups of the 10 allowed");
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "~all");
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD,
               "SPF allows your SMTP server smtp.gmail.com (74.125.140.108, "
               "2a00:1450:400c:c0b::6c)");
  records = ob_domain_check_item_get_records (item);
  g_assert_cmpstr (records[0], ==, "v=spf1 include:_spf.google.com ~all");
  g_assert_null (records[1]);

  item = item_at (f, OB_DOMAIN_CHECK_KIND_DKIM);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "DKIM key found at “google” (RSA, 2048 bits)");
  item = item_at (f, OB_DOMAIN_CHECK_KIND_DMARC);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "DMARC policy: reject");
  item = item_at (f, OB_DOMAIN_CHECK_KIND_MTA_STS);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "MTA-STS is not used");
  item = item_at (f, OB_DOMAIN_CHECK_KIND_TLS_RPT);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_GOOD, "TLS reporting is not used");

  g_assert_cmpint (ob_domain_check_get_grade (f->check), ==, OB_DOMAIN_CHECK_GRADE_GOOD);
}

typedef struct
{
  const char         *name;
  const char         *spf[3];       /* the domain's SPF records */
  const char         *server;
  const char         *server_address;
  ObDomainCheckGrade  grade;
  const char         *phrase;
} SpfCase;

static const SpfCase spf_cases[] = {
  { "none", { NULL }, NULL, NULL, OB_DOMAIN_CHECK_GRADE_PROBLEM, "No SPF record" },
  { "multiple", { "v=spf1 include:_spf.google.com ~all", "v=spf1 mx -all", NULL }, NULL, NULL,
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "permerror" },
  { "plus-all", { "v=spf1 +all", NULL }, NULL, NULL, OB_DOMAIN_CHECK_GRADE_PROBLEM,
    "SPF lets every server send (“+all”)" },
  { "neutral-all", { "v=spf1 include:_spf.google.com ?all", NULL }, NULL, NULL,
    OB_DOMAIN_CHECK_GRADE_WARNING, "“?all”" },
  { "no-all", { "v=spf1 include:_spf.google.com", NULL }, NULL, NULL,
    OB_DOMAIN_CHECK_GRADE_WARNING, "does not end with “all”" },
  { "minus-all", { "v=spf1 ip4:192.0.2.0/24 -all", NULL }, NULL, NULL,
    OB_DOMAIN_CHECK_GRADE_GOOD, "only the listed servers may send (“-all”)" },
  { "malformed", { "v=spf1 ip4:192.0.2.300 -all", NULL }, NULL, NULL,
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "“ip4:192.0.2.300”: this is not an IPv4 address" },
  { "server-allowed-by-mx", { "v=spf1 mx -all", NULL }, "smtp.example.com", "142.250.153.27",
    OB_DOMAIN_CHECK_GRADE_GOOD, "SPF allows your SMTP server smtp.example.com (142.250.153.27)." },
  { "server-not-listed", { "v=spf1 ip4:192.0.2.0/24 -all", NULL }, "smtp.example.com",
    "198.51.100.25", OB_DOMAIN_CHECK_GRADE_WARNING, "receivers would get the result “fail”" },
  { "server-softfail", { "v=spf1 include:_spf.google.com ~all", NULL }, "smtp.example.com",
    "198.51.100.25", OB_DOMAIN_CHECK_GRADE_WARNING, "Your SMTP server is not listed in SPF" },
  { "server-by-address", { "v=spf1 ip6:2001:db8::/32 -all", NULL }, "2001:db8::25", NULL,
    OB_DOMAIN_CHECK_GRADE_GOOD, "SPF allows your SMTP server 2001:db8::25." },
  { "include-without-spf", { "v=spf1 include:nospf.example.net -all", NULL }, NULL, NULL,
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "“include:nospf.example.net” names a domain without an SPF" },
  { "redirect", { "v=spf1 redirect=_spf.google.com", NULL }, "smtp.gmail.com", NULL,
    OB_DOMAIN_CHECK_GRADE_GOOD, "SPF allows your SMTP server smtp.gmail.com" },
  { "void-lookups", { "v=spf1 a:gone1.example.com a:gone2.example.com mx:gone3.example.com "
                      "-all", NULL }, NULL, NULL, OB_DOMAIN_CHECK_GRADE_PROBLEM,
    "Too many lookups that find nothing: 3 of at most 2" },
  { "ptr", { "v=spf1 ptr -all", NULL }, NULL, NULL, OB_DOMAIN_CHECK_GRADE_WARNING, "“ptr”" },
  { "macros", { "v=spf1 exists:%{i}._spf.example.com -all", NULL }, "smtp.example.com",
    "192.0.2.1", OB_DOMAIN_CHECK_GRADE_GOOD, "could not be decided" },
};

static void
test_spf (Fixture       *f,
          gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (spf_cases); i++)
    {
      const SpfCase *c = &spf_cases[i];
      g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
      ObDomainCheckItem *item;

      g_test_message ("case %s", c->name);
      g_set_object (&f->resolver, resolver);
      g_resolver_set_default (G_RESOLVER (resolver));
      add_google_mx (f, "example.com");
      add_google_spf (f);
      for (const char * const *s = c->spf; *s != NULL; s++)
        add_txt (f, "example.com", *s);
      if (c->server_address != NULL)
        ob_fake_resolver_add_address (f->resolver, c->server, c->server_address);
      add_txt (f, "nospf.example.net", "verification=1234");

      item = check_domain (f, "example.com", c->server, OB_DOMAIN_CHECK_KIND_SPF);
      assert_item (item, c->grade, c->phrase);
    }
}

static void
test_spf_include_loop (Fixture       *f,
                       gconstpointer  data)
{
  ObDomainCheckItem *item;

  add_google_mx (f, "example.com");
  add_txt (f, "example.com", "v=spf1 include:a.example.net -all");
  add_txt (f, "a.example.net", "v=spf1 ip4:192.0.2.1 include:b.example.net -all");
  add_txt (f, "b.example.net", "v=spf1 include:a.example.net -all");

  item = check_domain (f, "example.com", NULL, OB_DOMAIN_CHECK_KIND_SPF);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, "include each other in a loop");
  assert_item (item, OB_DOMAIN_CHECK_GRADE_PROBLEM,
               "a.example.net → b.example.net → a.example.net");
  /* The loop is seen before the record is fetched a second time. */
  g_assert_cmpuint (ob_fake_resolver_get_query_count (f->resolver, "a.example.net"), ==, 1);
}

static void
test_spf_too_many_lookups (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GString) record = g_string_new ("v=spf1");
  ObDomainCheckItem *item;

  add_google_mx (f, "example.com");
  for (guint i = 1; i <= 11; i++)
    {
      g_autofree char *name = g_strdup_printf ("s%u.example.net", i);
      g_autofree char *text = g_strdup_printf ("v=spf1 ip4:192.0.2.%u -all", i);

      g_string_append_printf (record, " include:%s", name);
      add_txt (f, name, text);
    }
  g_string_append (record, " -all");
  add_txt (f, "example.com", record->str);

  item = check_domain (f, "example.com", NULL, OB_DOMAIN_CHECK_KIND_SPF);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, "Too many DNS lookups: 11 of at most 10");
}

typedef struct
{
  const char         *name;
  const char         *selector;   /* the key's */
  const char * const *checked;    /* the selectors to check, NULL for the usual ones */
  guint               bits;
  ObDomainCheckGrade  grade;
  const char         *phrase;
} DkimCase;

static const char * const named_selector[] = { "s2024", NULL };

static const DkimCase dkim_cases[] = {
  { "2048", "selector1", NULL, 2048, OB_DOMAIN_CHECK_GRADE_GOOD, "(RSA, 2048 bits)" },
  { "1024", "k1", NULL, 1024, OB_DOMAIN_CHECK_GRADE_WARNING,
    "The DKIM key at “k1” has 1024 bits" },
  { "512", "default", NULL, 512, OB_DOMAIN_CHECK_GRADE_PROBLEM,
    "The DKIM key at “default” has only 512 bits" },
  { "none", NULL, NULL, 0, OB_DOMAIN_CHECK_GRADE_WARNING,
    "No DKIM key found at the usual selectors" },
  { "unusual-selector", "s2024", NULL, 2048, OB_DOMAIN_CHECK_GRADE_WARNING,
    "s= tag of the DKIM-Signature header" },
  { "named-selector", "s2024", named_selector, 2048, OB_DOMAIN_CHECK_GRADE_GOOD,
    "DKIM key found at “s2024”" },
  { "named-selector-missing", NULL, named_selector, 0, OB_DOMAIN_CHECK_GRADE_PROBLEM,
    "No DKIM key at “s2024”" },
};

static void
test_dkim (Fixture       *f,
           gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dkim_cases); i++)
    {
      const DkimCase *c = &dkim_cases[i];
      g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
      g_autoptr(GError) error = NULL;
      ObDomainCheckItem *item;
      const char *key = c->bits == 512 ? rsa_512 : c->bits == 1024 ? rsa_1024 : rsa_2048;

      g_test_message ("case %s", c->name);
      g_set_object (&f->resolver, resolver);
      g_resolver_set_default (G_RESOLVER (resolver));
      add_google_mx (f, "example.com");
      if (c->selector != NULL)
        add_dkim (f, "example.com", c->selector, key);

      start_check (f, "example.com", NULL);
      ob_domain_check_set_selectors (f->check, c->checked);
      g_assert_true (run_check (f, &error));
      g_assert_no_error (error);
      item = item_at (f, OB_DOMAIN_CHECK_KIND_DKIM);
      assert_item (item, c->grade, c->phrase);
    }
}

typedef struct
{
  const char         *name;
  const char         *domain;
  const char         *dmarc_name;
  const char         *dmarc;
  ObDomainCheckGrade  grade;
  const char         *phrase;
} DmarcCase;

static const DmarcCase dmarc_cases[] = {
  { "missing", "example.com", NULL, NULL, OB_DOMAIN_CHECK_GRADE_PROBLEM,
    "Since 2024 Gmail and Yahoo require DMARC" },
  { "none", "example.com", "_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com",
    OB_DOMAIN_CHECK_GRADE_WARNING, "DMARC only monitors (p=none)" },
  { "quarantine-pct", "example.com", "_dmarc.example.com", "v=DMARC1; p=quarantine; pct=20",
    OB_DOMAIN_CHECK_GRADE_GOOD, "only 20% of failing mail (pct=20)" },
  { "malformed", "example.com", "_dmarc.example.com", "v=DMARC1; p=block",
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "“p=block” is not valid" },
  { "organizational", "news.example.com", "_dmarc.example.com",
    "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@example.com",
    OB_DOMAIN_CHECK_GRADE_GOOD, "the one of “example.com” applies" },
  { "organizational-sp", "news.example.com", "_dmarc.example.com",
    "v=DMARC1; p=reject; sp=none", OB_DOMAIN_CHECK_GRADE_WARNING, "(p=none)" },
};

static void
test_dmarc (Fixture       *f,
            gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dmarc_cases); i++)
    {
      const DmarcCase *c = &dmarc_cases[i];
      g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
      ObDomainCheckItem *item;

      g_test_message ("case %s", c->name);
      g_set_object (&f->resolver, resolver);
      g_resolver_set_default (G_RESOLVER (resolver));
      add_google_mx (f, c->domain);
      if (c->dmarc != NULL)
        add_txt (f, c->dmarc_name, c->dmarc);

      item = check_domain (f, c->domain, NULL, OB_DOMAIN_CHECK_KIND_DMARC);
      assert_item (item, c->grade, c->phrase);
    }
}

typedef struct
{
  const char         *name;
  const char         *record;
  int                 status;
  const char         *content_type;
  const char         *policy;
  ObDomainCheckGrade  grade;
  const char         *phrase;
} MtaStsCase;

static const MtaStsCase mta_sts_cases[] = {
  { "enforce", "v=STSv1; id=20240115", 200, "text/plain",
    "version: STSv1\r\nmode: enforce\r\nmx: *.aspmx.l.google.com\r\nmx: aspmx.l.google.com\r\n"
    "max_age: 1209600\r\n", OB_DOMAIN_CHECK_GRADE_GOOD, "MTA-STS policy: enforce" },
  { "testing", "v=STSv1; id=1", 200, "text/plain",
    "version: STSv1\nmode: testing\nmx: *.aspmx.l.google.com\nmx: aspmx.l.google.com\n"
    "max_age: 86400\n",
    OB_DOMAIN_CHECK_GRADE_GOOD, "MTA-STS policy: testing" },
  { "broken-policy", "v=STSv1; id=2", 200, "text/plain",
    "version: STSv1\nmode: enforcing\nmx: aspmx.l.google.com\nmax_age: 86400\n",
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "The MTA-STS policy is malformed" },
  { "mx-missing-enforce", "v=STSv1; id=3", 200, "text/plain",
    "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n",
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "so mail to your domain through it bounces" },
  { "mx-missing-testing", "v=STSv1; id=4", 200, "text/plain",
    "version: STSv1\nmode: testing\nmx: aspmx.l.google.com\nmax_age: 604800\n",
    OB_DOMAIN_CHECK_GRADE_WARNING, "does not cover alt1.aspmx.l.google.com" },
  { "not-found", "v=STSv1; id=5", 404, "text/html", "<html>Not Found</html>",
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "The server answered “404 Not Found”" },
  { "redirect", "v=STSv1; id=6", 301, "text/plain", "",
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "senders must not follow" },
  { "wrong-type", "v=STSv1; id=7", 200, "text/html",
    "version: STSv1\nmode: enforce\nmx: *.aspmx.l.google.com\nmx: aspmx.l.google.com\n"
    "max_age: 604800\n", OB_DOMAIN_CHECK_GRADE_WARNING, "not served as plain text" },
  { "none", "v=STSv1; id=8", 200, "text/plain", "version: STSv1\nmode: none\nmax_age: 86400\n",
    OB_DOMAIN_CHECK_GRADE_GOOD, "switched off" },
  { "bad-record", "v=STSv1; id=not-valid!", 200, "text/plain", "",
    OB_DOMAIN_CHECK_GRADE_PROBLEM, "The MTA-STS record is malformed" },
  { "absent", NULL, 200, "text/plain", "", OB_DOMAIN_CHECK_GRADE_GOOD, "not mail you send" },
};

static void
test_mta_sts (Fixture       *f,
              gconstpointer  data)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mta_sts_cases); i++)
    {
      const MtaStsCase *c = &mta_sts_cases[i];
      g_autoptr(ObFakeResolver) resolver = ob_fake_resolver_new ();
      g_autofree char *domain = g_strdup_printf ("%s.example", c->name);
      g_autofree char *name = g_strdup_printf ("_mta-sts.%s", domain);
      ObDomainCheckItem *item;

      g_test_message ("case %s", c->name);
      g_set_object (&f->resolver, resolver);
      g_resolver_set_default (G_RESOLVER (resolver));
      add_google_mx (f, domain);
      if (c->record != NULL)
        add_txt (f, name, c->record);
      serve (f, domain, c->status, c->content_type, c->policy);

      item = check_domain (f, domain, NULL, OB_DOMAIN_CHECK_KIND_MTA_STS);
      assert_item (item, c->grade, c->phrase);
    }
}

static void
test_mta_sts_too_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) policy = g_string_new ("version: STSv1\nmode: enforce\nmax_age: 86400\n");
  ObDomainCheckItem *item;

  while (policy->len <= 64 * 1024)
    g_string_append (policy, "mx: aspmx.l.google.com\n");
  add_google_mx (f, "example.com");
  add_txt (f, "_mta-sts.example.com", "v=STSv1; id=1");
  serve (f, "example.com", 200, "text/plain", policy->str);

  item = check_domain (f, "example.com", NULL, OB_DOMAIN_CHECK_KIND_MTA_STS);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, "larger than 64 KiB");
}

/* A certificate from a CA the session does not trust is refused: the check
 * never turns validation off. */
static void
test_mta_sts_untrusted (Fixture       *f,
                        gconstpointer  data)
{
  ObDomainCheckItem *item;

  g_clear_object (&f->session);
  f->session = new_session (NULL);
  add_google_mx (f, "example.com");
  add_txt (f, "_mta-sts.example.com", "v=STSv1; id=1");
  serve (f, "example.com", 200, "text/plain",
         "version: STSv1\nmode: enforce\nmx: *.l.google.com\nmax_age: 86400\n");

  item = check_domain (f, "example.com", NULL, OB_DOMAIN_CHECK_KIND_MTA_STS);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, "not signed by a trusted authority");
  g_assert_cmpuint (g_hash_table_size (f->policies), ==, 1);
}

typedef struct
{
  const char         *name;
  ObDomainCheckGrade  grade;
  const char         *phrase;
} MxCase;

static const MxCase mx_cases[] = {
  { "null.example", OB_DOMAIN_CHECK_GRADE_PROBLEM, "The domain accepts no mail (null MX)" },
  { "mixed.example", OB_DOMAIN_CHECK_GRADE_PROBLEM, "A null MX is mixed with other MX records" },
  { "address-only.example", OB_DOMAIN_CHECK_GRADE_WARNING, "(192.0.2.80)" },
  { "unresolvable.example", OB_DOMAIN_CHECK_GRADE_PROBLEM, "No mail server (MX) has an address" },
  { "partly.example", OB_DOMAIN_CHECK_GRADE_WARNING, "Some mail servers (MX) have no address" },
  { "txt-only.example", OB_DOMAIN_CHECK_GRADE_PROBLEM, "No mail servers (MX)" },
};

static void
test_mx (Fixture       *f,
         gconstpointer  data)
{
  ob_fake_resolver_add_mx (f->resolver, "null.example", 0, "");
  ob_fake_resolver_add_mx (f->resolver, "mixed.example", 0, "");
  ob_fake_resolver_add_mx (f->resolver, "mixed.example", 10, "aspmx.l.google.com");
  ob_fake_resolver_add_address (f->resolver, "address-only.example", "192.0.2.80");
  ob_fake_resolver_add_mx (f->resolver, "unresolvable.example", 10, "mx.unresolvable.example");
  ob_fake_resolver_add_mx (f->resolver, "partly.example", 10, "aspmx.l.google.com");
  ob_fake_resolver_add_mx (f->resolver, "partly.example", 20, "old-mx.partly.example");
  ob_fake_resolver_add_address (f->resolver, "aspmx.l.google.com", "142.250.27.26");
  add_txt (f, "txt-only.example", "v=spf1 -all");

  for (gsize i = 0; i < G_N_ELEMENTS (mx_cases); i++)
    {
      g_test_message ("case %s", mx_cases[i].name);
      assert_item (check_domain (f, mx_cases[i].name, NULL, OB_DOMAIN_CHECK_KIND_MX),
                   mx_cases[i].grade, mx_cases[i].phrase);
    }
}

static void
test_tls_rpt (Fixture       *f,
              gconstpointer  data)
{
  add_google_mx (f, "good.example");
  add_txt (f, "_smtp._tls.good.example", "v=TLSRPTv1; rua=mailto:tls@good.example");
  add_google_mx (f, "bad.example");
  add_txt (f, "_smtp._tls.bad.example", "v=TLSRPTv1; rua=tls@bad.example");

  assert_item (check_domain (f, "good.example", NULL, OB_DOMAIN_CHECK_KIND_TLS_RPT),
               OB_DOMAIN_CHECK_GRADE_GOOD, "TLS reports go to mailto:tls@good.example");
  assert_item (check_domain (f, "bad.example", NULL, OB_DOMAIN_CHECK_KIND_TLS_RPT),
               OB_DOMAIN_CHECK_GRADE_WARNING, "The TLS-RPT record is malformed");
}

/* Text from DNS reaches the person only escaped. */
static void
test_escaping (Fixture       *f,
               gconstpointer  data)
{
  ObDomainCheckItem *item;
  const char * const *records;

  add_google_mx (f, "example.com");
  add_txt (f, "example.com", "v=spf1 include:\x1b[2J.example.com -all");

  item = check_domain (f, "example.com", NULL, OB_DOMAIN_CHECK_KIND_SPF);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, "\\u001B[2J");
  records = ob_domain_check_item_get_records (item);
  g_assert_cmpstr (records[0], ==, "v=spf1 include:\\u001B[2J.example.com -all");
  g_assert_null (strchr (ob_domain_check_item_get_explanation (item), '\x1b'));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char * const bad_selectors[] = { "bad selector", NULL };

  start_check (f, "not a domain", NULL);
  g_assert_false (run_check (f, &error));
  g_assert_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  start_check (f, "192.0.2.1", NULL);
  g_assert_false (run_check (f, &error));
  g_assert_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  start_check (f, "example.com", "smtp example com");
  g_assert_false (run_check (f, &error));
  g_assert_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  start_check (f, "example.com", NULL);
  ob_domain_check_set_selectors (f->check, bad_selectors);
  g_assert_false (run_check (f, &error));
  g_assert_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  start_check (f, "nowhere.example", NULL);
  g_assert_false (run_check (f, &error));
  g_assert_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_NO_SUCH_DOMAIN);
  g_assert_nonnull (strstr (error->message, "nowhere.example"));
  g_clear_error (&error);

  ob_fake_resolver_set_failure (f->resolver, "broken.example", G_RESOLVER_ERROR_TEMPORARY_FAILURE);
  start_check (f, "broken.example", NULL);
  g_assert_false (run_check (f, &error));
  g_assert_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_DNS);
  g_assert_cmpuint (g_list_model_get_n_items (ob_domain_check_get_items (f->check)), ==, 0);
}

/* A lookup that does not answer in time becomes a finding, not a hang. */
static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ObDomainCheckItem *item;

  add_good_domain (f, "example.com");
  ob_fake_resolver_set_delay (f->resolver, "_dmarc.example.com", 60000);

  start_check (f, "example.com", NULL);
  ob_domain_check_set_timeout (f->check, 1);
  g_assert_true (run_check (f, &error));
  g_assert_no_error (error);
  item = item_at (f, OB_DOMAIN_CHECK_KIND_DMARC);
  assert_item (item, OB_DOMAIN_CHECK_GRADE_WARNING,
               "Looking up “_dmarc.example.com” took longer than 1 second.");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean expired = FALSE;
  guint limit;

  add_good_domain (f, "example.com");
  ob_fake_resolver_set_delay (f->resolver, "_spf.google.com", 60000);

  start_check (f, "example.com", NULL);
  limit = g_timeout_add (WAIT_LIMIT_MS, wait_limit_cb, &expired);
  ob_domain_check_run_async (f->check, cancellable, store_result_cb, f);
  /* Let every lookup but the slow one answer. */
  while (ob_fake_resolver_get_query_count (f->resolver, "_spf.google.com") == 0 && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (f->result == NULL && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (limit);

  g_assert_false (ob_domain_check_run_finish (f->check, f->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (ob_domain_check_get_items (f->check)), ==, 0);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

/* Setters notify only when the value changes. */
static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ObDomainCheck) check = ob_domain_check_new ("example.com");
  const char * const selectors[] = { "s1", NULL };
  const char * const same[] = { "s1", NULL };
  const char * const none[] = { NULL };
  guint count = 0;

  g_assert_cmpstr (ob_domain_check_get_domain (check), ==, "example.com");
  g_assert_cmpstr (ob_domain_check_get_policy_url_template (check), ==,
                   OB_DOMAIN_CHECK_DEFAULT_POLICY_URL);
  g_assert_cmpuint (ob_domain_check_get_timeout (check), ==, 10);
  g_assert_nonnull (ob_domain_check_get_session (check));
  g_assert_null (ob_domain_check_get_selectors (check));
  g_assert_cmpint (ob_domain_check_get_grade (check), ==, OB_DOMAIN_CHECK_GRADE_GOOD);

  g_signal_connect (check, "notify", G_CALLBACK (count_notify_cb), &count);
  ob_domain_check_set_selectors (check, selectors);
  ob_domain_check_set_selectors (check, same);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpstr (ob_domain_check_get_selectors (check)[0], ==, "s1");
  ob_domain_check_set_selectors (check, none);
  g_assert_null (ob_domain_check_get_selectors (check));
  g_assert_cmpuint (count, ==, 2);

  ob_domain_check_set_server (check, "smtp.example.com");
  ob_domain_check_set_server (check, "smtp.example.com");
  g_assert_cmpuint (count, ==, 3);
  ob_domain_check_set_timeout (check, 3);
  ob_domain_check_set_timeout (check, 3);
  g_assert_cmpuint (count, ==, 4);
  ob_domain_check_set_policy_url_template (check, "https://mirror.example/%s.txt");
  ob_domain_check_set_policy_url_template (check, "https://mirror.example/%s.txt");
  g_assert_cmpuint (count, ==, 5);
}

static char *
make_tls_files (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("outbound-domain-check-XXXXXX", &error);
  const char *script =
    "set -e\n"
    "printf 'cn = \"Outbound Test CA\"\\nca\\ncert_signing_key\\nexpiration_days = 2\\n' "
    "  > ca.tmpl\n"
    "printf 'cn = \"127.0.0.1\"\\nip_address = \"127.0.0.1\"\\ntls_www_server\\n"
    "expiration_days = 2\\n' > server.tmpl\n"
    "certtool --generate-privkey --key-type=ecdsa --outfile ca.key\n"
    "certtool --generate-self-signed --load-privkey ca.key --template ca.tmpl "
    "  --outfile ca.pem\n"
    "certtool --generate-privkey --key-type=ecdsa --outfile server.key\n"
    "certtool --generate-certificate --load-privkey server.key --load-ca-certificate ca.pem "
    "  --load-ca-privkey ca.key --template server.tmpl --outfile server.pem\n";
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawn (launcher, &error, "/bin/sh", "-c", script, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
  return dir;
}

static void
remove_tls_files (const char *dir)
{
  const char *files[] = { "ca.tmpl", "server.tmpl", "ca.key", "ca.pem", "server.key",
                          "server.pem" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  tls_dir = make_tls_files ();
  rsa_512 = ob_test_rsa_public_key_base64 (512);
  rsa_1024 = ob_test_rsa_public_key_base64 (1024);
  rsa_2048 = ob_test_rsa_public_key_base64 (2048);

#define ADD(path, func) \
  g_test_add ("/ob/domain-check/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("good", test_good);
  ADD ("spf", test_spf);
  ADD ("spf/include-loop", test_spf_include_loop);
  ADD ("spf/too-many-lookups", test_spf_too_many_lookups);
  ADD ("dkim", test_dkim);
  ADD ("dmarc", test_dmarc);
  ADD ("mta-sts", test_mta_sts);
  ADD ("mta-sts/too-large", test_mta_sts_too_large);
  ADD ("mta-sts/untrusted", test_mta_sts_untrusted);
  ADD ("mx", test_mx);
  ADD ("tls-rpt", test_tls_rpt);
  ADD ("escaping", test_escaping);
  ADD ("errors", test_errors);
  ADD ("timeout", test_timeout);
  ADD ("cancel", test_cancel);
  ADD ("properties", test_properties);
#undef ADD

  status = g_test_run ();

  remove_tls_files (tls_dir);
  g_free (tls_dir);
  g_free (rsa_512);
  g_free (rsa_1024);
  g_free (rsa_2048);
  return status;
}
