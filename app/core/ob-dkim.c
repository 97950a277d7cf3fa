/* ob-dkim.c — DKIM public key records (RFC 6376 §3.6.1) and the DKIM check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DKIM keys live at <selector>._domainkey.<domain>, and only the sender
 * knows the selector: it is in the s= tag of each signature. Without one,
 * the check tries the selectors that common providers use, all at once.
 * Finding none is therefore a warning, never proof that mail is unsigned.
 *
 * Key sizes follow RFC 8301: receivers ignore RSA keys under 1024 bits,
 * 1024 still verifies but is weak, 2048 is what providers recommend.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>

#include "ob-dkim.h"
#include "ob-dns.h"
#include "ob-domain-check-item-private.h"
#include "ob-escape.h"
#include "ob-tag-list.h"

#define MIN_RSA_BITS         1024
#define RECOMMENDED_RSA_BITS 2048
#define ED25519_KEY_SIZE     32

/* Selectors that mail providers and common server software use. Those with
 * rotating or per-customer selectors (Amazon SES, many marketing services)
 * cannot be guessed and need the selector named. */
static const char * const common_selectors[] = {
  "google",                                 /* Google Workspace */
  "selector1", "selector2",                 /* Microsoft 365 */
  "default", "dkim", "mail",                /* cPanel, Plesk, self-hosted */
  "k1", "k2", "k3",                         /* Mailchimp, Mailgun */
  "s1", "s2",                               /* SendGrid */
  "smtp", "mx",                             /* Mailgun, older setups */
  "everlytickey1", "everlytickey2",         /* Everlytic */
  "mandrill",                               /* Mandrill */
  "zoho", "zmail",                          /* Zoho Mail */
  "protonmail", "protonmail2", "protonmail3", /* Proton Mail */
  "fm1", "fm2", "fm3",                      /* Fastmail */
  "sig1",                                   /* iCloud Mail */
  NULL
};

/**
 * ob_dkim_common_selectors:
 *
 * Returns: (transfer none): the selectors tried when none is named
 */
const char * const *
ob_dkim_common_selectors (void)
{
  return common_selectors;
}

void
ob_dkim_key_free (ObDkimKey *key)
{
  g_free (key);
}

/**
 * ob_dkim_is_key_record:
 *
 * Whether @text is meant as a DKIM key: it starts with “v=DKIM1” or has a
 * p= tag. Other TXT records at a selector's name (a wildcard, say) are not.
 */
gboolean
ob_dkim_is_key_record (const char *text)
{
  g_autoptr(ObTagList) tags = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  if (ob_tag_list_has_version (text, "DKIM1"))
    return TRUE;
  tags = ob_tag_list_parse (text, NULL);
  return tags != NULL && ob_tag_list_get (tags, "p") != NULL;
}

/* Decodes p=, which may contain folding white space, strictly: GLib's
 * decoder would skip anything that is not base64. */
static GBytes *
decode_base64 (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  gsize len = 0;
  guchar *data;

  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        continue;
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
        return NULL;
      if (clean->len > 0 && clean->str[clean->len - 1] == '=' && *p != '=')
        return NULL;
      g_string_append_c (clean, *p);
    }
  if (clean->len == 0 || clean->len % 4 != 0)
    return NULL;
  data = g_base64_decode (clean->str, &len);
  return g_bytes_new_take (data, len);
}

/* The size of an RSA key given as a DER SubjectPublicKeyInfo, or 0. */
static guint
rsa_key_bits (GBytes *der)
{
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  unsigned int bits = 0;

  if (gnutls_pubkey_init (&pubkey) < 0)
    return 0;
  datum.data = (unsigned char *) g_bytes_get_data (der, NULL);
  datum.size = g_bytes_get_size (der);
  if (gnutls_pubkey_import (pubkey, &datum, GNUTLS_X509_FMT_DER) < 0)
    bits = 0;
  else if (gnutls_pubkey_get_pk_algorithm (pubkey, &bits) != GNUTLS_PK_RSA)
    bits = 0;
  gnutls_pubkey_deinit (pubkey);
  return bits;
}

static gboolean
parse_key_data (ObDkimKey   *key,
                const char  *p,
                GError     **error)
{
  g_autoptr(GBytes) data = NULL;

  if (*p == '\0')
    {
      key->revoked = TRUE;
      return TRUE;
    }
  data = decode_base64 (p);
  if (data == NULL)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
                           _("The key (p=) is not valid base64."));
      return FALSE;
    }

  if (key->type == OB_DKIM_KEY_TYPE_ED25519)
    {
      if (g_bytes_get_size (data) != ED25519_KEY_SIZE)
        {
          g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
                       _("An Ed25519 key (p=) must be %u bytes long, not %zu."),
                       ED25519_KEY_SIZE, g_bytes_get_size (data));
          return FALSE;
        }
      key->bits = 256;
      return TRUE;
    }

  key->bits = rsa_key_bits (data);
  if (key->bits == 0)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
                           _("The key (p=) is not an RSA public key."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
list_contains (const char *list,
               const char *item)
{
  g_auto(GStrv) items = g_strsplit (list, ":", -1);

  for (char **i = items; *i != NULL; i++)
    {
      g_autofree char *word = g_strstrip (g_strdup (*i));

      if (g_ascii_strcasecmp (word, item) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * ob_dkim_key_parse:
 * @text: a TXT record at a selector
 *
 * Returns: (transfer full): the key, or %NULL and an %OB_RECORD_ERROR
 */
ObDkimKey *
ob_dkim_key_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(ObTagList) tags = NULL;
  g_autoptr(ObDkimKey) key = NULL;
  const char *version, *type, *hashes, *flags, *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  tags = ob_tag_list_parse (text, error);
  if (tags == NULL)
    return NULL;

  version = ob_tag_list_get (tags, "v");
  if (version != NULL &&
      (!g_str_equal (version, "DKIM1") || !g_str_equal (ob_tag_list_get_name (tags, 0), "v")))
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VERSION,
                           _("The version must be “v=DKIM1”, as the first tag, or be left "
                             "out."));
      return NULL;
    }

  key = g_new0 (ObDkimKey, 1);
  type = ob_tag_list_get (tags, "k");
  if (type == NULL || g_str_equal (type, "rsa"))
    key->type = OB_DKIM_KEY_TYPE_RSA;
  else if (g_str_equal (type, "ed25519"))
    key->type = OB_DKIM_KEY_TYPE_ED25519;
  else
    {
      g_autofree char *escaped = ob_escape_untrusted (type, -1);

      g_set_error (error, OB_RECORD_ERROR, OB_RECORD_ERROR_VALUE,
                   _("“k=%s” is not a key type receivers know; use “rsa” or “ed25519”."),
                   escaped);
      return NULL;
    }

  hashes = ob_tag_list_get (tags, "h");
  key->sha256 = hashes == NULL || list_contains (hashes, "sha256");
  flags = ob_tag_list_get (tags, "t");
  key->testing = flags != NULL && list_contains (flags, "y");

  p = ob_tag_list_get (tags, "p");
  if (p == NULL)
    {
      g_set_error_literal (error, OB_RECORD_ERROR, OB_RECORD_ERROR_MISSING,
                           _("The record has no key (p=)."));
      return NULL;
    }
  if (!parse_key_data (key, p, error))
    return NULL;

  return g_steal_pointer (&key);
}

typedef struct
{
  char      *selector;
  char      *name;
  GPtrArray *texts;
  GError    *error;
} SelectorResult;

typedef struct
{
  char     *domain;
  gboolean  named;     /* the selectors were given, not guessed */
  GArray   *results;   /* SelectorResult */
  guint     pending;
} DkimCheckData;

static void
selector_result_clear (SelectorResult *result)
{
  g_free (result->selector);
  g_free (result->name);
  g_clear_pointer (&result->texts, g_ptr_array_unref);
  g_clear_error (&result->error);
}

static void
dkim_check_data_free (DkimCheckData *data)
{
  g_free (data->domain);
  g_array_unref (data->results);
  g_free (data);
}

static ObDomainCheckItem *dkim_report (DkimCheckData *data);

typedef struct
{
  GTask *task;
  guint  index;
} SelectorOp;

static void
selector_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SelectorOp *op = user_data;
  g_autoptr(GTask) task = op->task;
  DkimCheckData *data = g_task_get_task_data (task);
  SelectorResult *r = &g_array_index (data->results, SelectorResult, op->index);

  r->texts = ob_dns_lookup_txt_finish (result, &r->error);
  g_free (op);
  if (--data->pending > 0)
    return;
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, dkim_report (data), g_object_unref);
}

/**
 * ob_dkim_check_async:
 * @domain: the sending domain, in ASCII
 * @selectors: (nullable) (array zero-terminated=1): the selectors to check,
 *   or %NULL for ob_dkim_common_selectors()
 *
 * Looks up the keys at every selector in parallel and reports an item of
 * kind %OB_DOMAIN_CHECK_KIND_DKIM. Failed lookups become findings; the only
 * error is %G_IO_ERROR_CANCELLED.
 */
void
ob_dkim_check_async (GResolver           *resolver,
                     const char          *domain,
                     const char * const  *selectors,
                     guint                timeout_ms,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DkimCheckData *data;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (selectors == NULL || selectors[0] != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_dkim_check_async);
  data = g_new0 (DkimCheckData, 1);
  data->domain = g_strdup (domain);
  data->named = selectors != NULL;
  data->results = g_array_new (FALSE, TRUE, sizeof (SelectorResult));
  g_array_set_clear_func (data->results, (GDestroyNotify) selector_result_clear);
  g_task_set_task_data (task, data, (GDestroyNotify) dkim_check_data_free);

  if (selectors == NULL)
    selectors = common_selectors;
  for (const char * const *s = selectors; *s != NULL; s++)
    {
      SelectorResult r = { 0 };

      r.selector = g_strdup (*s);
      r.name = g_strdup_printf ("%s._domainkey.%s", *s, domain);
      g_array_append_val (data->results, r);
    }

  data->pending = data->results->len;
  for (guint i = 0; i < data->results->len; i++)
    {
      SelectorOp *op = g_new0 (SelectorOp, 1);

      op->task = g_object_ref (task);
      op->index = i;
      ob_dns_lookup_txt_async (resolver, g_array_index (data->results, SelectorResult, i).name,
                               timeout_ms, cancellable, selector_cb, op);
    }
}

/**
 * ob_dkim_check_finish:
 *
 * Returns: (transfer full): the DKIM item, or %NULL when cancelled
 */
ObDomainCheckItem *
ob_dkim_check_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reports one key; returns whether it can verify signatures. */
static gboolean
report_key (ObDomainCheckItem *item,
            const char        *selector,
            const char        *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDkimKey) key = ob_dkim_key_parse (text, &error);
  g_autofree char *summary = NULL;
  g_autofree char *explanation = NULL;

  if (key == NULL)
    {
      summary = g_strdup_printf (_("The DKIM key at “%s” is malformed"), selector);
      explanation = g_strdup_printf (_("%s Signatures made with this selector cannot be "
                                       "verified, so DKIM fails for them."), error->message);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                        explanation,
                                        _("Publish the key again exactly as your provider "
                                          "gives it, as one TXT record."));
      return FALSE;
    }

  if (key->revoked)
    {
      explanation = g_strdup_printf (_("The key at “%s” is revoked (empty p=): signatures "
                                       "with this selector fail. That is right for a retired "
                                       "key."), selector);
      ob_domain_check_item_add_note (item, explanation);
      return FALSE;
    }

  if (!key->sha256)
    {
      summary = g_strdup_printf (_("The DKIM key at “%s” allows only SHA-1"), selector);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                        _("Receivers no longer accept DKIM signatures made "
                                          "with SHA-1 (RFC 8301), and this key’s h= tag "
                                          "excludes SHA-256."),
                                        _("Remove the h= tag, or set it to “h=sha256”."));
      return FALSE;
    }

  if (key->type == OB_DKIM_KEY_TYPE_ED25519)
    {
      summary = g_strdup_printf (_("DKIM key found at “%s” (Ed25519)"), selector);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD, summary,
                                        _("Many receivers do not check Ed25519 signatures yet; "
                                          "mail should also be signed with an RSA key."),
                                        NULL);
    }
  else if (key->bits < MIN_RSA_BITS)
    {
      summary = g_strdup_printf (_("The DKIM key at “%s” has only %u bits"), selector, key->bits);
      explanation = g_strdup_printf (_("Receivers ignore RSA keys shorter than %u bits (RFC "
                                       "8301), and keys this short can be broken, so DKIM "
                                       "fails."), MIN_RSA_BITS);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                        explanation,
                                        _("Have your provider create a 2048-bit key, publish "
                                          "it under a new selector, and sign with it."));
    }
  else if (key->bits < RECOMMENDED_RSA_BITS)
    {
      summary = g_strdup_printf (_("The DKIM key at “%s” has %u bits"), selector, key->bits);
      explanation = g_strdup_printf (_("Keys of %u bits still verify but are considered weak; "
                                       "%u bits are recommended."), key->bits,
                                     RECOMMENDED_RSA_BITS);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING, summary,
                                        explanation,
                                        _("Have your provider create a 2048-bit key, publish "
                                          "it under a new selector, and sign with it."));
    }
  else
    {
      summary = g_strdup_printf (_("DKIM key found at “%s” (RSA, %u bits)"), selector,
                                 key->bits);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_GOOD, summary, NULL, NULL);
    }

  if (key->testing)
    {
      g_free (explanation);
      explanation = g_strdup_printf (_("The key at “%s” is marked as being tested (t=y); "
                                       "receivers may treat its signatures as absent."),
                                     selector);
      ob_domain_check_item_add_note (item, explanation);
    }
  return TRUE;
}

/* Reports what one selector has; returns whether it has a usable key. */
static gboolean
report_selector (ObDomainCheckItem *item,
                 DkimCheckData     *data,
                 SelectorResult    *r)
{
  g_autofree char *selector = ob_escape_untrusted (r->selector, -1);
  g_autofree char *summary = NULL;
  g_autofree char *explanation = NULL;
  gboolean usable = FALSE;
  guint n_keys = 0;

  if (r->error != NULL)
    {
      summary = g_strdup_printf (_("The DKIM key at “%s” could not be looked up"), selector);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING, summary,
                                        r->error->message,
                                        _("Check again later. If it keeps failing, ask whoever "
                                          "runs the domain’s DNS to check its name servers."));
      return FALSE;
    }

  for (guint i = 0; i < r->texts->len; i++)
    {
      const char *text = r->texts->pdata[i];
      g_autofree char *record = NULL;

      if (!ob_dkim_is_key_record (text))
        continue;
      n_keys++;
      record = g_strdup_printf ("%s: %s", r->name, text);
      ob_domain_check_item_add_record (item, record);
      usable |= report_key (item, selector, text);
    }

  if (n_keys == 0 && data->named)
    {
      summary = g_strdup_printf (_("No DKIM key at “%s”"), selector);
      explanation = g_strdup_printf (_("There is no key at “%s”, so mail signed with this "
                                       "selector (s=%s) fails DKIM."), r->name, selector);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_PROBLEM, summary,
                                        explanation,
                                        _("Publish the key your provider gives you under this "
                                          "name, or check the selector in the s= tag of the "
                                          "DKIM-Signature header of a message you sent."));
    }
  else if (n_keys > 1)
    {
      summary = g_strdup_printf (_("Several DKIM keys at “%s”"), selector);
      ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING, summary,
                                        _("Receivers pick one of them, so signatures may fail "
                                          "at random."),
                                        _("Keep only the key your provider signs with."));
    }
  return usable;
}

static ObDomainCheckItem *
dkim_report (DkimCheckData *data)
{
  ObDomainCheckItem *item = ob_domain_check_item_new (OB_DOMAIN_CHECK_KIND_DKIM);
  g_autofree char *tried = NULL;
  g_autofree char *explanation = NULL;
  gboolean usable = FALSE;

  for (guint i = 0; i < data->results->len; i++)
    usable |= report_selector (item, data, &g_array_index (data->results, SelectorResult, i));

  if (usable || data->named)
    return item;

  tried = g_strjoinv (", ", (char **) common_selectors);
  explanation = g_strdup_printf (_("DKIM signatures are added by the server that sends your "
                                   "mail, under a name (selector) it chooses. None of the usual "
                                   "selectors has a key: %s. If your provider signs your mail, "
                                   "its key is under another name; if nobody does, receivers "
                                   "cannot verify your mail and DMARC depends on SPF alone."),
                                 tried);
  ob_domain_check_item_add_finding (item, OB_DOMAIN_CHECK_GRADE_WARNING,
                                    _("No DKIM key found at the usual selectors"), explanation,
                                    _("Find the selector in the s= tag of the DKIM-Signature "
                                      "header of a message you sent, and check it by name; or "
                                      "turn on DKIM signing with your provider."));
  return item;
}
