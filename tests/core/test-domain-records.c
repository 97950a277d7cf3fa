/* test-domain-records.c — reading DKIM, DMARC, MTA-STS and TLS-RPT records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-dkim.h"
#include "ob-dmarc.h"
#include "ob-mta-sts.h"
#include "ob-tag-list.h"
#include "ob-test-keys.h"
#include "ob-tls-rpt.h"

typedef struct
{
  const char *text;
  int         error_code;  /* -1: valid */
  guint       length;
} TagListCase;

static const TagListCase tag_lists[] = {
  { "v=DMARC1; p=reject; rua=mailto:d@example.com", -1, 3 },
  { "v=DMARC1;p=reject;", -1, 2 },
  { "  v = DKIM1 ;\tk=rsa; p=MIIB IjAN\r\n Bgkq ", -1, 3 },
  { "v=STSv1;; id=20240101", -1, 2 },
  { "", -1, 0 },
  { "v=DMARC1; p=none; p=reject", OB_RECORD_ERROR_DUPLICATE, 0 },
  { "v=DMARC1; reject", OB_RECORD_ERROR_SYNTAX, 0 },
  { "v=DMARC1; =reject", OB_RECORD_ERROR_SYNTAX, 0 },
  { "v=DMARC1; 1p=reject", OB_RECORD_ERROR_SYNTAX, 0 },
  { "v=DMARC1; p=r\xc3\xa9ject", OB_RECORD_ERROR_SYNTAX, 0 },
  { "v=DMARC1; p=re\x01ject", OB_RECORD_ERROR_SYNTAX, 0 },
};

static void
test_tag_list_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tag_lists); i++)
    {
      const TagListCase *c = &tag_lists[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(ObTagList) tags = NULL;
      g_autofree char *shown = g_strescape (c->text, NULL);

      g_test_message ("case %zu: %s", i, shown);
      tags = ob_tag_list_parse (c->text, &error);
      if (c->error_code < 0)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (ob_tag_list_get_length (tags), ==, c->length);
        }
      else
        {
          g_assert_error (error, OB_RECORD_ERROR, c->error_code);
          g_assert_null (tags);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          g_assert_null (strchr (error->message, '\x01'));
        }
    }
}

static void
test_tag_list_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObTagList) tags = ob_tag_list_parse (" v = DKIM1 ; k=rsa;p=AB CD ; t=", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ob_tag_list_get_name (tags, 0), ==, "v");
  g_assert_cmpstr (ob_tag_list_get (tags, "v"), ==, "DKIM1");
  g_assert_cmpstr (ob_tag_list_get (tags, "p"), ==, "AB CD");
  g_assert_cmpstr (ob_tag_list_get (tags, "t"), ==, "");
  g_assert_null (ob_tag_list_get (tags, "h"));
  /* Tag names are case-sensitive. */
  g_assert_null (ob_tag_list_get (tags, "K"));
}

static void
test_tag_list_version (void)
{
  g_assert_true (ob_tag_list_has_version ("v=DMARC1; p=none", "DMARC1"));
  g_assert_true (ob_tag_list_has_version ("v = DMARC1;p=none", "DMARC1"));
  g_assert_true (ob_tag_list_has_version ("v=DMARC1", "DMARC1"));
  g_assert_false (ob_tag_list_has_version ("v=DMARC10; p=none", "DMARC1"));
  g_assert_false (ob_tag_list_has_version ("v=dmarc1; p=none", "DMARC1"));
  g_assert_false (ob_tag_list_has_version ("p=none; v=DMARC1", "DMARC1"));
  g_assert_false (ob_tag_list_has_version ("v=spf1 -all", "DMARC1"));
}

static void
test_dkim_rsa_sizes (void)
{
  const guint sizes[] = { 512, 1024, 2048 };

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *key = ob_test_rsa_public_key_base64 (sizes[i]);
      /* Publishers split long keys; DKIM allows white space inside p=. */
      g_autofree char *text = g_strdup_printf ("v=DKIM1; k=rsa; p=%.40s %s", key, key + 40);
      g_autoptr(GError) error = NULL;
      g_autoptr(ObDkimKey) parsed = ob_dkim_key_parse (text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (parsed->type, ==, OB_DKIM_KEY_TYPE_RSA);
      g_assert_cmpuint (parsed->bits, ==, sizes[i]);
      g_assert_false (parsed->revoked);
      g_assert_true (parsed->sha256);
      g_assert_true (ob_dkim_is_key_record (text));
    }
}

static void
test_dkim_other_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDkimKey) revoked = ob_dkim_key_parse ("v=DKIM1; p=", &error);
  g_autoptr(ObDkimKey) ed25519 = NULL;
  g_autoptr(ObDkimKey) flagged = NULL;
  g_autofree char *rsa = ob_test_rsa_public_key_base64 (1024);
  g_autofree char *text = g_strdup_printf ("k=rsa; t=y:s; h=sha1; p=%s", rsa);

  g_assert_no_error (error);
  g_assert_true (revoked->revoked);
  g_assert_cmpuint (revoked->bits, ==, 0);

  /* RFC 8463's example key. */
  ed25519 = ob_dkim_key_parse ("v=DKIM1; k=ed25519; "
                               "p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ed25519->type, ==, OB_DKIM_KEY_TYPE_ED25519);
  g_assert_cmpuint (ed25519->bits, ==, 256);

  flagged = ob_dkim_key_parse (text, &error);
  g_assert_no_error (error);
  g_assert_true (flagged->testing);
  g_assert_false (flagged->sha256);
  g_assert_true (ob_dkim_is_key_record (text));
}

typedef struct
{
  const char *text;
  int         error_code;
} BadCase;

static const BadCase bad_dkim[] = {
  { "v=DKIM1; k=rsa; p=not*base64", OB_RECORD_ERROR_VALUE },
  { "v=DKIM1; k=rsa; p=QUJD", OB_RECORD_ERROR_VALUE },  /* base64, not a key */
  { "v=DKIM1; k=rsa; p=QUJD=QUJD", OB_RECORD_ERROR_VALUE },
  { "v=DKIM1; k=ed25519; p=QUJD", OB_RECORD_ERROR_VALUE },
  { "v=DKIM1; k=dsa; p=QUJD", OB_RECORD_ERROR_VALUE },
  { "v=DKIM1; k=rsa", OB_RECORD_ERROR_MISSING },
  { "k=rsa; v=DKIM1; p=", OB_RECORD_ERROR_VERSION },
  { "v=DKIM2; p=", OB_RECORD_ERROR_VERSION },
  { "v=DKIM1; p", OB_RECORD_ERROR_SYNTAX },
};

static void
test_dkim_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_dkim); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ObDkimKey) key = NULL;

      g_test_message ("case %zu: %s", i, bad_dkim[i].text);
      key = ob_dkim_key_parse (bad_dkim[i].text, &error);
      g_assert_error (error, OB_RECORD_ERROR, bad_dkim[i].error_code);
      g_assert_null (key);
    }
  g_assert_false (ob_dkim_is_key_record ("v=spf1 -all"));
  g_assert_false (ob_dkim_is_key_record ("some verification token"));
}

static void
test_dkim_selectors (void)
{
  const char * const *selectors = ob_dkim_common_selectors ();

  g_assert_true (g_strv_contains (selectors, "google"));
  g_assert_true (g_strv_contains (selectors, "selector1"));
  g_assert_true (g_strv_contains (selectors, "fm1"));
  g_assert_cmpuint (g_strv_length ((char **) selectors), >=, 20);
}

static void
test_dmarc_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDmarcRecord) record =
    ob_dmarc_record_parse ("v=DMARC1; p=Quarantine; sp=reject; pct=25; "
                           "rua=mailto:a@example.com,mailto:b@example.net; adkim=s; aspf=r; "
                           "fo=1", &error);
  g_autoptr(ObDmarcRecord) minimal = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (record->policy, ==, OB_DMARC_POLICY_QUARANTINE);
  g_assert_cmpint (record->subdomain_policy, ==, OB_DMARC_POLICY_REJECT);
  g_assert_cmpuint (record->percent, ==, 25);
  g_assert_cmpstr (record->rua, ==, "mailto:a@example.com,mailto:b@example.net");
  g_assert_null (record->ruf);
  g_assert_true (record->strict_dkim);
  g_assert_false (record->strict_spf);

  minimal = ob_dmarc_record_parse ("v=DMARC1; p=none", &error);
  g_assert_no_error (error);
  g_assert_cmpint (minimal->policy, ==, OB_DMARC_POLICY_NONE);
  g_assert_cmpint (minimal->subdomain_policy, ==, OB_DMARC_POLICY_NONE);
  g_assert_cmpuint (minimal->percent, ==, 100);
  g_assert_null (minimal->rua);
}

static const BadCase bad_dmarc[] = {
  { "v=DMARC1; p=block", OB_RECORD_ERROR_VALUE },
  { "v=DMARC1; p=none; sp=maybe", OB_RECORD_ERROR_VALUE },
  { "v=DMARC1; p=none; pct=150", OB_RECORD_ERROR_VALUE },
  { "v=DMARC1; p=none; pct=-1", OB_RECORD_ERROR_VALUE },
  { "v=DMARC1; p=none; adkim=x", OB_RECORD_ERROR_VALUE },
  { "v=DMARC1; p=none; rua=d@example.com", OB_RECORD_ERROR_VALUE },
  { "v=DMARC1; rua=mailto:d@example.com", OB_RECORD_ERROR_MISSING },
  { "p=none; v=DMARC1", OB_RECORD_ERROR_VERSION },
  { "v=DMARC2; p=none", OB_RECORD_ERROR_VERSION },
  { "v=DMARC1 p=none", OB_RECORD_ERROR_VERSION },
};

static void
test_dmarc_bad (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_dmarc); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ObDmarcRecord) record = NULL;

      g_test_message ("case %zu: %s", i, bad_dmarc[i].text);
      record = ob_dmarc_record_parse (bad_dmarc[i].text, &error);
      g_assert_error (error, OB_RECORD_ERROR, bad_dmarc[i].error_code);
      g_assert_null (record);
    }
}

static void
test_mta_sts_record (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ob_mta_sts_record_parse ("v=STSv1; id=20240115T010101;", &error));
  g_assert_no_error (error);
  g_assert_false (ob_mta_sts_record_parse ("v=STSv1;", &error));
  g_assert_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (ob_mta_sts_record_parse ("v=STSv1; id=2024-01-15", &error));
  g_assert_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_false (ob_mta_sts_record_parse ("v=STSv1; id=123456789012345678901234567890123",
                                           &error));
  g_assert_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_false (ob_mta_sts_record_parse ("id=1; v=STSv1", &error));
  g_assert_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VERSION);
}

static void
test_mta_sts_policy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObMtaStsPolicy) policy =
    ob_mta_sts_policy_parse ("version: STSv1\r\nmode: enforce\r\nmx: mx1.Example.com\r\n"
                             "mx: *.mail.example.net\r\nmax_age: 604800\r\nextra: ignored\r\n",
                             &error);
  g_autoptr(ObMtaStsPolicy) off = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (policy->mode, ==, OB_MTA_STS_MODE_ENFORCE);
  g_assert_cmpuint (policy->max_age, ==, 604800);
  g_assert_cmpuint (policy->mx->len, ==, 2);

  g_assert_true (ob_mta_sts_policy_matches (policy, "mx1.example.com"));
  g_assert_true (ob_mta_sts_policy_matches (policy, "MX1.example.com."));
  g_assert_true (ob_mta_sts_policy_matches (policy, "a.mail.example.net"));
  g_assert_false (ob_mta_sts_policy_matches (policy, "mail.example.net"));
  g_assert_false (ob_mta_sts_policy_matches (policy, "a.b.mail.example.net"));
  g_assert_false (ob_mta_sts_policy_matches (policy, "mx2.example.com"));
  g_assert_false (ob_mta_sts_policy_matches (policy, "xmx1.example.com"));

  /* LF alone, and no mx when the mode is none. */
  off = ob_mta_sts_policy_parse ("version: STSv1\nmode: none\nmax_age: 86400\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (off->mode, ==, OB_MTA_STS_MODE_NONE);
}

static const BadCase bad_policies[] = {
  { "version: STSv1\nmode: enforcing\nmx: mx.example.com\nmax_age: 86400\n",
    OB_RECORD_ERROR_VALUE },
  { "version: STSv2\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n",
    OB_RECORD_ERROR_VERSION },
  { "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 99999999999\n",
    OB_RECORD_ERROR_VALUE },
  { "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: soon\n",
    OB_RECORD_ERROR_VALUE },
  { "version: STSv1\nmode: enforce\nmx: mx.*.example.com\nmax_age: 86400\n",
    OB_RECORD_ERROR_VALUE },
  { "version: STSv1\nmode: enforce\nmx: 192.0.2.1\nmax_age: 86400\n", OB_RECORD_ERROR_VALUE },
  { "version: STSv1\nmode: enforce\nmax_age: 86400\n", OB_RECORD_ERROR_MISSING },
  { "version: STSv1\nmx: mx.example.com\nmax_age: 86400\n", OB_RECORD_ERROR_MISSING },
  { "version: STSv1\nmode: enforce\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n",
    OB_RECORD_ERROR_DUPLICATE },
  { "<html><body>Not Found</body></html>\n", OB_RECORD_ERROR_SYNTAX },
  { "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n\xff\n",
    OB_RECORD_ERROR_SYNTAX },
};

static void
test_mta_sts_bad_policies (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bad_policies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ObMtaStsPolicy) policy = NULL;

      g_test_message ("case %zu", i);
      policy = ob_mta_sts_policy_parse (bad_policies[i].text, &error);
      g_assert_error (error, OB_RECORD_ERROR, bad_policies[i].error_code);
      g_assert_null (policy);
    }
}

static void
test_tls_rpt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rua = ob_tls_rpt_record_parse ("v=TLSRPTv1; rua=mailto:tls@example.com,"
                                                  "https://reports.example.com/tls", &error);
  g_autofree char *missing = NULL;
  g_autofree char *bad_uri = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rua, ==, "mailto:tls@example.com,https://reports.example.com/tls");

  missing = ob_tls_rpt_record_parse ("v=TLSRPTv1;", &error);
  g_assert_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING);
  g_assert_null (missing);
  g_clear_error (&error);

  bad_uri = ob_tls_rpt_record_parse ("v=TLSRPTv1; rua=tls@example.com", &error);
  g_assert_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE);
  g_assert_null (bad_uri);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/domain-records/tag-list/table", test_tag_list_table);
  g_test_add_func ("/ob/domain-records/tag-list/values", test_tag_list_values);
  g_test_add_func ("/ob/domain-records/tag-list/version", test_tag_list_version);
  g_test_add_func ("/ob/domain-records/dkim/rsa-sizes", test_dkim_rsa_sizes);
  g_test_add_func ("/ob/domain-records/dkim/other-keys", test_dkim_other_keys);
  g_test_add_func ("/ob/domain-records/dkim/bad", test_dkim_bad);
  g_test_add_func ("/ob/domain-records/dkim/selectors", test_dkim_selectors);
  g_test_add_func ("/ob/domain-records/dmarc/good", test_dmarc_good);
  g_test_add_func ("/ob/domain-records/dmarc/bad", test_dmarc_bad);
  g_test_add_func ("/ob/domain-records/mta-sts/record", test_mta_sts_record);
  g_test_add_func ("/ob/domain-records/mta-sts/policy", test_mta_sts_policy);
  g_test_add_func ("/ob/domain-records/mta-sts/bad-policies", test_mta_sts_bad_policies);
  g_test_add_func ("/ob/domain-records/tls-rpt", test_tls_rpt);

  return g_test_run ();
}
