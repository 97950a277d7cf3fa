/* test-spf.c — reading SPF records (RFC 7208)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-spf.h"

typedef struct
{
  const char *record;
  int         error_code;   /* -1: valid */
  guint       n_terms;
  guint       lookups;
  const char *message_part; /* for errors: a phrase the message contains */
} SpfCase;

static const SpfCase cases[] = {
  /* Real-world shapes. */
  { "v=spf1 include:_spf.google.com ~all", -1, 2, 1, NULL },
  { "v=spf1 include:spf.protection.outlook.com -all", -1, 2, 1, NULL },
  { "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx -all", -1, 5, 2, NULL },
  { "v=spf1 a:mail.example.com/28 mx:example.net//64 a/24//48 ?all", -1, 4, 3, NULL },
  { "v=spf1 redirect=_spf.example.com", -1, 1, 1, NULL },
  /* A redirect is ignored, and costs nothing, when there is an all. */
  { "v=spf1 -all redirect=_spf.example.com", -1, 2, 0, NULL },
  { "v=spf1 exists:%{i}._spf.example.com ptr -all", -1, 3, 2, NULL },
  { "v=spf1 include:%{d}.example.net exp=explain.%{d} -all", -1, 3, 1, NULL },
  { "V=SPF1 IP4:192.0.2.1 -ALL", -1, 2, 0, NULL },
  { "v=spf1", -1, 0, 0, NULL },
  { "v=spf1   ip4:192.0.2.1    -all  ", -1, 2, 0, NULL },
  { "v=spf1 +all", -1, 1, 0, NULL },
  { "v=spf1 mx ra=postmaster -all", -1, 3, 1, NULL },

  /* Mistakes people make. */
  { "v=spf1 ipv4:192.0.2.1 -all", OB_RECORD_ERROR_UNKNOWN_TERM, 0, 0, "not an SPF mechanism" },
  { "v=spf1 ip4:192.0.2.300 -all", OB_RECORD_ERROR_VALUE, 0, 0, "not an IPv4 address" },
  { "v=spf1 ip4:2001:db8::1 -all", OB_RECORD_ERROR_VALUE, 0, 0, "not an IPv4 address" },
  { "v=spf1 ip6:192.0.2.1 -all", OB_RECORD_ERROR_VALUE, 0, 0, "not an IPv6 address" },
  { "v=spf1 ip4:192.0.2.0/33 -all", OB_RECORD_ERROR_VALUE, 0, 0, "0 to 32" },
  { "v=spf1 ip4:192.0.2.0/024 -all", OB_RECORD_ERROR_VALUE, 0, 0, "0 to 32" },
  { "v=spf1 ip6:2001:db8::/129 -all", OB_RECORD_ERROR_VALUE, 0, 0, "0 to 128" },
  { "v=spf1 a/33 -all", OB_RECORD_ERROR_VALUE, 0, 0, "prefix length" },
  { "v=spf1 include: _spf.google.com ~all", OB_RECORD_ERROR_SYNTAX, 0, 0, "domain name" },
  { "v=spf1 include -all", OB_RECORD_ERROR_SYNTAX, 0, 0, "colon" },
  { "v=spf1 include=_spf.google.com ~all", OB_RECORD_ERROR_SYNTAX, 0, 0, "not an equals" },
  { "v=spf1 include:localhost -all", OB_RECORD_ERROR_SYNTAX, 0, 0, "complete domain" },
  { "v=spf1 include:example.123 -all", OB_RECORD_ERROR_SYNTAX, 0, 0, "complete domain" },
  { "v=spf1 exists:%{q}.example.com -all", OB_RECORD_ERROR_SYNTAX, 0, 0, "macro" },
  { "v=spf1 exists:%{i.example.com -all", OB_RECORD_ERROR_SYNTAX, 0, 0, "macro" },
  { "v=spf1 -all/24", OB_RECORD_ERROR_SYNTAX, 0, 0, "all" },
  { "v=spf1 mxfoo -all", OB_RECORD_ERROR_UNKNOWN_TERM, 0, 0, "not an SPF mechanism" },
  { "v=spf1 a:example.com/abc -all", OB_RECORD_ERROR_SYNTAX, 0, 0, "complete domain" },
  { "v=spf1 redirect=a.example.com redirect=b.example.com", OB_RECORD_ERROR_DUPLICATE, 0, 0,
    "only one" },
  { "v=spf1 exp=a.example.com exp=b.example.com -all", OB_RECORD_ERROR_DUPLICATE, 0, 0,
    "only one" },
  { "v=spf1 ip4:192.0.2.1\t-all", OB_RECORD_ERROR_VALUE, 0, 0, "IPv4" },
  { "v=spf1 ip4:\xff -all", OB_RECORD_ERROR_VALUE, 0, 0, "\\xFF" },
  { "v=spf10 -all", OB_RECORD_ERROR_VERSION, 0, 0, "v=spf1" },
  { "spf1 -all", OB_RECORD_ERROR_VERSION, 0, 0, "v=spf1" },
};

static void
test_spf_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SpfCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(ObSpfRecord) record = NULL;
      g_autofree char *shown = g_strescape (c->record, NULL);

      g_test_message ("case %zu: %s", i, shown);
      record = ob_spf_record_parse (c->record, &error);
      if (c->error_code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (record);
          g_assert_cmpuint (record->terms->len, ==, c->n_terms);
          g_assert_cmpuint (ob_spf_record_count_lookups (record), ==, c->lookups);
        }
      else
        {
          g_assert_error (error, OB_RECORD_ERROR, c->error_code);
          g_assert_null (record);
          g_assert_nonnull (strstr (error->message, c->message_part));
          /* The message never carries raw bytes or control characters. */
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_null (strchr (error->message, '\t'));
        }
    }
}

static void
test_spf_terms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObSpfRecord) record =
    ob_spf_record_parse ("v=spf1 ?a:mail.example.com/28//64 ~mx ip6:2001:DB8::1/48 "
                         "include:_spf.example.net redirect=other.example.org", &error);
  const ObSpfTerm *term;

  g_assert_no_error (error);
  g_assert_cmpuint (record->terms->len, ==, 5);
  g_assert_null (record->all);

  term = record->terms->pdata[0];
  g_assert_cmpint (term->type, ==, OB_SPF_TERM_A);
  g_assert_cmpint (term->qualifier, ==, OB_SPF_QUALIFIER_NEUTRAL);
  g_assert_cmpstr (term->domain, ==, "mail.example.com");
  g_assert_cmpuint (term->prefix4, ==, 28);
  g_assert_cmpuint (term->prefix6, ==, 64);

  term = record->terms->pdata[1];
  g_assert_cmpint (term->type, ==, OB_SPF_TERM_MX);
  g_assert_cmpint (term->qualifier, ==, OB_SPF_QUALIFIER_SOFTFAIL);
  g_assert_null (term->domain);
  g_assert_cmpuint (term->prefix4, ==, 32);
  g_assert_cmpuint (term->prefix6, ==, 128);

  term = record->terms->pdata[2];
  g_assert_cmpint (term->type, ==, OB_SPF_TERM_IP6);
  g_assert_cmpint (term->qualifier, ==, OB_SPF_QUALIFIER_PASS);
  g_assert_cmpuint (term->prefix6, ==, 48);
  g_assert_true (ob_spf_term_is_mechanism (term));
  g_assert_false (ob_spf_term_queries_dns (term));

  term = record->terms->pdata[4];
  g_assert_cmpint (term->type, ==, OB_SPF_TERM_REDIRECT);
  g_assert_true (record->redirect == term);
  g_assert_false (ob_spf_term_is_mechanism (term));
  g_assert_true (ob_spf_term_queries_dns (term));
  g_assert_false (ob_spf_term_has_macros (term));
}

static void
test_spf_is_record (void)
{
  g_assert_true (ob_spf_is_record ("v=spf1 -all"));
  g_assert_true (ob_spf_is_record ("v=spf1"));
  g_assert_true (ob_spf_is_record ("V=Spf1 -all"));
  g_assert_false (ob_spf_is_record ("v=spf10 -all"));
  g_assert_false (ob_spf_is_record (" v=spf1 -all"));
  g_assert_false (ob_spf_is_record ("google-site-verification=abc"));
  g_assert_false (ob_spf_is_record ("v=DMARC1; p=none"));
}

typedef struct
{
  const char *address;
  const char *network;
  guint       prefix;
  gboolean    matches;
} NetworkCase;

static const NetworkCase networks[] = {
  { "192.0.2.77", "192.0.2.0", 24, TRUE },
  { "192.0.3.77", "192.0.2.0", 24, FALSE },
  { "192.0.2.77", "192.0.2.1", 24, TRUE },  /* host bits in the network are ignored */
  { "192.0.2.77", "192.0.2.77", 32, TRUE },
  { "192.0.2.78", "192.0.2.77", 32, FALSE },
  { "192.0.2.129", "192.0.2.128", 25, TRUE },
  { "192.0.2.127", "192.0.2.128", 25, FALSE },
  { "203.0.113.5", "0.0.0.0", 0, TRUE },
  { "2001:db8:1::1", "2001:db8::", 32, TRUE },
  { "2001:db9::1", "2001:db8::", 32, FALSE },
  { "2001:db8::1", "192.0.2.0", 0, FALSE },  /* families never match */
};

static void
test_spf_networks (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (networks); i++)
    {
      const NetworkCase *c = &networks[i];
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (c->address);
      g_autoptr(GInetAddress) network = g_inet_address_new_from_string (c->network);

      g_test_message ("case %zu: %s in %s/%u", i, c->address, c->network, c->prefix);
      g_assert_cmpint (ob_spf_address_in_network (address, network, c->prefix), ==, c->matches);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/spf/table", test_spf_table);
  g_test_add_func ("/ob/spf/terms", test_spf_terms);
  g_test_add_func ("/ob/spf/is-record", test_spf_is_record);
  g_test_add_func ("/ob/spf/networks", test_spf_networks);

  return g_test_run ();
}
