/* ob-diagnosis.c — an SMTP failure in words a person can act on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The knowledge lives in two tables: ob-diagnosis-rules.c says which failure
 * gets which advice, ob-diagnosis-advice.c what the advice says. This file
 * only gathers the facts of a failure, finds the first rule they satisfy,
 * and fills in the advice.
 *
 * A diagnosis is a final GObject rather than a boxed type so that lists of
 * them can live in a GListModel and the UI can bind to its read-only
 * properties; it is made once per failure, so the cost does not matter.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ob-diagnosis.h"
#include "ob-diagnosis-private.h"
#include "ob-escape.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"

/* A certificate for many names is summed up by its first few. */
#define MAX_CERTIFICATE_NAMES 5

struct _ObDiagnosis
{
  GObject              parent_instance;

  ObDiagnosisCategory  category;
  ObDiagnosisField     field;
  gboolean             retry_helps;
  char                *title;
  char                *explanation;
  char                *remedy;
  char                *detail;
  gboolean             detail_is_reply;
  const char          *help_url;
  guint                rule_index;
};

G_DEFINE_FINAL_TYPE (ObDiagnosis, ob_diagnosis, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_FIELD,
  PROP_RETRY_HELPS,
  PROP_TITLE,
  PROP_EXPLANATION,
  PROP_REMEDY,
  PROP_DETAIL,
  PROP_DETAIL_IS_REPLY,
  PROP_HELP_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Everything a rule may look at, gathered once. */
typedef struct
{
  int                   code;          /* an ObSmtpError or OB_DIAGNOSIS_FAILURE_* */
  ObSmtpStage           stage;
  ObSmtpReply          *reply;         /* borrowed from the error */
  char                  reply_code[4];
  char                 *text;          /* the reply's text in lower case, or NULL */
  const char           *provider;
  const char           *host;
  char                  port[6];       /* empty when unknown */
  gboolean              has_security;
  ObSecurity            security;
  guint64               size_limit;
  gboolean              offline;
  GTlsCertificateFlags  cert_flags;
  gboolean              self_signed;
  char                 *cert_names;    /* escaped and joined, or NULL */
} Facts;

typedef gboolean (*MatchFunc) (const char  *alternative,
                               const Facts *facts);

static gboolean
any_alternative (const char  *pattern,
                 MatchFunc    match,
                 const Facts *facts)
{
  g_auto(GStrv) alternatives = g_strsplit (pattern, "|", -1);

  for (guint i = 0; alternatives[i] != NULL; i++)
    if (match (alternatives[i], facts))
      return TRUE;
  return FALSE;
}

/* "gmail.com" holds gmail.com and smtp.gmail.com, not notgmail.com. */
static gboolean
host_in_domain (const char  *domain,
                const Facts *facts)
{
  gsize host_len = strlen (facts->host);
  gsize domain_len = strlen (domain);

  if (host_len < domain_len ||
      g_ascii_strcasecmp (facts->host + host_len - domain_len, domain) != 0)
    return FALSE;
  return host_len == domain_len || facts->host[host_len - domain_len - 1] == '.';
}

static const char *
provider_from_host (const Facts *facts)
{
  for (guint i = 0; facts->host != NULL && i < ob_diagnosis_n_provider_domains; i++)
    if (any_alternative (ob_diagnosis_provider_domains[i].domains, host_in_domain, facts))
      return ob_diagnosis_provider_domains[i].id;
  return NULL;
}

static char *
describe_certificate_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) dns_names = g_tls_certificate_get_dns_names (certificate);
  g_autoptr(GPtrArray) addresses = g_tls_certificate_get_ip_addresses (certificate);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint total = 0;

  for (guint i = 0; dns_names != NULL && i < dns_names->len; i++, total++)
    {
      gsize size;
      const char *data = g_bytes_get_data (g_ptr_array_index (dns_names, i), &size);

      if (names->len < MAX_CERTIFICATE_NAMES)
        g_ptr_array_add (names, ob_escape_untrusted (data, size));
    }
  for (guint i = 0; addresses != NULL && i < addresses->len; i++, total++)
    if (names->len < MAX_CERTIFICATE_NAMES)
      g_ptr_array_add (names, g_inet_address_to_string (g_ptr_array_index (addresses, i)));

  if (names->len == 0)
    return NULL;
  if (total > names->len)
    g_ptr_array_add (names, g_strdup ("…"));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* Self-issued is what matters to a person: nobody else vouches for it. */
static gboolean
certificate_is_self_signed (GTlsCertificate *certificate)
{
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);

  return subject != NULL && issuer != NULL && g_str_equal (subject, issuer);
}

static void
facts_init (Facts                    *facts,
            const GError             *error,
            const ObDiagnosisContext *context)
{
  static const ObDiagnosisContext no_context = { 0 };
  GTlsCertificate *certificate = NULL;

  if (context == NULL)
    context = &no_context;

  memset (facts, 0, sizeof *facts);
  facts->code = OB_DIAGNOSIS_FAILURE_FOREIGN;
  facts->stage = OB_SMTP_STAGE_NONE;
  if (error->domain == OB_SMTP_ERROR && error->code >= 0 &&
      error->code <= OB_SMTP_ERROR_INVALID_INPUT)
    {
      facts->code = error->code;
      facts->stage = MIN (ob_smtp_error_get_stage (error), OB_SMTP_STAGE_QUIT);
      facts->reply = ob_smtp_error_get_reply (error);
      certificate = ob_smtp_error_get_peer_certificate (error);
      facts->cert_flags = ob_smtp_error_get_certificate_flags (error);
    }
  for (guint i = 0; i < ob_diagnosis_n_foreign_errors; i++)
    {
      const ObDiagnosisForeignError *foreign = &ob_diagnosis_foreign_errors[i];

      if (error->domain == foreign->domain () && error->code == foreign->code)
        {
          facts->code = foreign->failure;
          facts->stage = foreign->stage;
        }
    }

  if (facts->reply != NULL)
    {
      g_snprintf (facts->reply_code, sizeof facts->reply_code, "%03u",
                  ob_smtp_reply_get_code (facts->reply));
      facts->text = g_ascii_strdown (ob_smtp_reply_get_text (facts->reply), -1);
    }
  if (certificate != NULL)
    {
      facts->self_signed = certificate_is_self_signed (certificate);
      facts->cert_names = describe_certificate_names (certificate);
    }

  facts->host = context->host != NULL && *context->host != '\0' ? context->host : NULL;
  facts->provider = context->provider_id != NULL ? context->provider_id
                                                 : provider_from_host (facts);
  if (context->port != 0)
    g_snprintf (facts->port, sizeof facts->port, "%u", context->port);
  /* Rules shift by these values, so an unknown one is no value at all. */
  facts->has_security = context->has_security && context->security <= OB_SECURITY_NONE;
  facts->security = context->security;
  facts->size_limit = context->size_limit;
  facts->offline = context->offline;
}

static void
facts_clear (Facts *facts)
{
  g_clear_pointer (&facts->text, g_free);
  g_clear_pointer (&facts->cert_names, g_free);
}

/* "550", or "5xx" and "55x" for a class. */
static gboolean
reply_code_matches (const char *pattern,
                    const char *code)
{
  if (strlen (pattern) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (pattern[i] != 'x' && pattern[i] != code[i])
      return FALSE;
  return TRUE;
}

/* "5.7.8" exactly, or "5.7." for the whole subject. */
static gboolean
enhanced_code_matches (const char *pattern,
                       const char *enhanced)
{
  if (enhanced == NULL)
    return FALSE;
  if (g_str_has_suffix (pattern, "."))
    return g_str_has_prefix (enhanced, pattern);
  return g_str_equal (pattern, enhanced);
}

static gboolean
status_matches (const char  *alternative,
                const Facts *facts)
{
  g_auto(GStrv) parts = NULL;

  if (facts->reply == NULL)
    return FALSE;

  parts = g_strsplit (alternative, " ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean matches;

      if (strchr (parts[i], '.') != NULL)
        matches = enhanced_code_matches (parts[i], ob_smtp_reply_get_enhanced_code (facts->reply));
      else
        matches = reply_code_matches (parts[i], facts->reply_code);
      if (!matches)
        return FALSE;
    }
  return TRUE;
}

static gboolean
text_matches (const char  *alternative,
              const Facts *facts)
{
  return facts->text != NULL && strstr (facts->text, alternative) != NULL;
}

static gboolean
provider_matches (const char  *alternative,
                  const Facts *facts)
{
  return facts->provider != NULL && g_str_equal (alternative, facts->provider);
}

static gboolean
port_matches (const char  *alternative,
              const Facts *facts)
{
  return g_str_equal (alternative, facts->port);
}

static gboolean
args_available (ObAdviceArgs  args,
                const Facts  *facts)
{
  switch (args)
    {
    case OB_ARGS_NONE:
      return TRUE;
    case OB_ARGS_HOST:
      return facts->host != NULL;
    case OB_ARGS_HOST_AND_NAMES:
      return facts->host != NULL && facts->cert_names != NULL;
    case OB_ARGS_SIZE_LIMIT:
      return facts->size_limit > 0;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
rule_matches (const ObDiagnosisRule *rule,
              const Facts           *facts)
{
  if (rule->codes == 0 ? facts->code == OB_DIAGNOSIS_FAILURE_CANCELLED
                       : (rule->codes & (1u << facts->code)) == 0)
    return FALSE;
  if (rule->stages != 0 && (rule->stages & (1u << facts->stage)) == 0)
    return FALSE;
  if (rule->security != 0 &&
      (!facts->has_security || (rule->security & (1u << facts->security)) == 0))
    return FALSE;
  if (rule->cert_flags != 0 && (rule->cert_flags & facts->cert_flags) == 0)
    return FALSE;
  if ((rule->when & OB_RULE_WHEN_OFFLINE) && !facts->offline)
    return FALSE;
  if ((rule->when & OB_RULE_WHEN_SELF_SIGNED) && !facts->self_signed)
    return FALSE;
  if (rule->status != NULL && !any_alternative (rule->status, status_matches, facts))
    return FALSE;
  if (rule->text != NULL && !any_alternative (rule->text, text_matches, facts))
    return FALSE;
  if (rule->provider != NULL && !any_alternative (rule->provider, provider_matches, facts))
    return FALSE;
  if (rule->ports != NULL && !any_alternative (rule->ports, port_matches, facts))
    return FALSE;
  return args_available (ob_diagnosis_advice[rule->advice].args, facts);
}

/* The explanation's format comes from the advice table, and its
 * conversions are all "%s" in the order ObAdviceArgs documents (a test
 * holds every entry to that, and msgfmt holds translations to their
 * original), so it cannot be a literal here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *
format_explanation (const ObDiagnosisAdvice *advice,
                    const Facts             *facts)
{
  const char *format = _(advice->explanation);
  g_autofree char *host = NULL;
  g_autofree char *size = NULL;

  switch (advice->args)
    {
    case OB_ARGS_NONE:
      return g_strdup (format);
    case OB_ARGS_HOST:
      host = ob_escape_untrusted (facts->host, -1);
      return g_strdup_printf (format, host);
    case OB_ARGS_HOST_AND_NAMES:
      host = ob_escape_untrusted (facts->host, -1);
      return g_strdup_printf (format, host, facts->cert_names);
    case OB_ARGS_SIZE_LIMIT:
      size = g_format_size (facts->size_limit);
      return g_strdup_printf (format, size);
    default:
      g_return_val_if_reached (g_strdup (format));
    }
}
#pragma GCC diagnostic pop

/* The server's reply as it sent it, one line per line, each escaped: the
 * text is the server's, and must not be able to pass for ours. */
static char *
describe_reply (ObSmtpReply *reply)
{
  const char * const *lines = ob_smtp_reply_get_lines (reply);
  guint code = ob_smtp_reply_get_code (reply);
  guint n_lines = g_strv_length ((char **) lines);
  GString *s = g_string_new (NULL);

  if (n_lines == 0)
    g_string_append_printf (s, "%03u", code);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *escaped = ob_escape_untrusted (lines[i], -1);

      if (i > 0)
        g_string_append_c (s, '\n');
      g_string_append_printf (s, "%03u%c%s", code, i + 1 < n_lines ? '-' : ' ', escaped);
    }
  return g_string_free (s, FALSE);
}

static gboolean
retry_helps (ObRetry      retry,
             const Facts *facts)
{
  switch (retry)
    {
    case OB_RETRY_NO:
      return FALSE;
    case OB_RETRY_YES:
      return TRUE;
    case OB_RETRY_IF_TRANSIENT:
      return facts->reply != NULL && ob_smtp_reply_is_transient (facts->reply);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * ob_diagnosis_new_for_error:
 * @error: what went wrong: an %OB_SMTP_ERROR (with its stage, reply and
 *   certificate), %G_IO_ERROR_CANCELLED, or a resolver, socket or TLS error
 *   that reached the caller unwrapped; any other error gets an honest
 *   generic diagnosis
 * @context: (nullable): what was being attempted
 *
 * Explains @error to a person. A cancellation gets a calm diagnosis of
 * category %OB_DIAGNOSIS_CATEGORY_CANCELLED that the UI need not show.
 *
 * Returns: (transfer full): a new diagnosis
 */
ObDiagnosis *
ob_diagnosis_new_for_error (const GError             *error,
                            const ObDiagnosisContext *context)
{
  ObDiagnosis *self;
  const ObDiagnosisAdvice *advice;
  Facts facts;
  guint i;

  g_return_val_if_fail (error != NULL, NULL);

  facts_init (&facts, error, context);
  /* The last rule matches anything, so the search stops there at the latest. */
  for (i = 0; i + 1 < ob_diagnosis_n_rules; i++)
    if (rule_matches (&ob_diagnosis_rules[i], &facts))
      break;
  advice = &ob_diagnosis_advice[ob_diagnosis_rules[i].advice];

  self = g_object_new (OB_TYPE_DIAGNOSIS, NULL);
  self->rule_index = i;
  self->category = advice->category;
  self->field = advice->field;
  self->retry_helps = retry_helps (advice->retry, &facts);
  self->title = g_strdup (_(advice->title));
  self->explanation = format_explanation (advice, &facts);
  self->remedy = g_strdup (_(advice->remedy));
  self->help_url = advice->help_url;
  if (facts.code == OB_DIAGNOSIS_FAILURE_CANCELLED)
    self->detail = g_strdup ("");
  else if (facts.reply != NULL)
    self->detail = describe_reply (facts.reply);
  else
    self->detail = ob_escape_untrusted (error->message, -1);
  self->detail_is_reply = facts.reply != NULL;

  facts_clear (&facts);
  return self;
}

ObDiagnosisCategory
ob_diagnosis_get_category (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), OB_DIAGNOSIS_CATEGORY_OTHER);

  return self->category;
}

/**
 * ob_diagnosis_get_field:
 *
 * Returns: the setting the remedy asks to change, for the UI to jump to
 */
ObDiagnosisField
ob_diagnosis_get_field (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), OB_DIAGNOSIS_FIELD_NONE);

  return self->field;
}

/**
 * ob_diagnosis_get_title:
 *
 * Returns: a few words saying what happened, such as “Wrong username or
 *   password”, translated
 */
const char *
ob_diagnosis_get_title (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), NULL);

  return self->title;
}

/**
 * ob_diagnosis_get_explanation:
 *
 * Returns: why it happened, in plain words, translated
 */
const char *
ob_diagnosis_get_explanation (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), NULL);

  return self->explanation;
}

/**
 * ob_diagnosis_get_remedy:
 *
 * Returns: what to do about it, naming the setting to change, translated
 */
const char *
ob_diagnosis_get_remedy (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), NULL);

  return self->remedy;
}

/**
 * ob_diagnosis_get_detail:
 *
 * Returns: the server's reply as sent (escaped, one line per line) or, when
 *   there was none, the error's message (escaped); empty for a cancellation
 */
const char *
ob_diagnosis_get_detail (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), NULL);

  return self->detail;
}

/**
 * ob_diagnosis_get_detail_is_reply:
 *
 * Returns: whether the detail is the server's reply rather than an error
 *   message, so the UI can label it “Server said”
 */
gboolean
ob_diagnosis_get_detail_is_reply (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), FALSE);

  return self->detail_is_reply;
}

/**
 * ob_diagnosis_get_help_url:
 *
 * Returns: (nullable): the provider's help page for this failure, if any
 */
const char *
ob_diagnosis_get_help_url (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), NULL);

  return self->help_url;
}

/**
 * ob_diagnosis_get_retry_helps:
 *
 * Returns: whether trying the same thing again later, with no change, can
 *   succeed (a temporary failure, a limit that resets, a network that comes
 *   back)
 */
gboolean
ob_diagnosis_get_retry_helps (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), FALSE);

  return self->retry_helps;
}

/**
 * ob_diagnosis_to_text:
 *
 * Renders the diagnosis for a terminal: the title, the explanation, then
 * “What to do:”, the help page and what the server said, one per line.
 *
 * Returns: (transfer full): the text
 */
char *
ob_diagnosis_to_text (ObDiagnosis *self)
{
  GString *s;

  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), NULL);

  s = g_string_new (self->title);
  g_string_append_c (s, '\n');
  g_string_append (s, self->explanation);
  g_string_append_c (s, '\n');
  /* TRANSLATORS: %s is what to do about a failure, a sentence or two. */
  g_string_append_printf (s, _("What to do: %s"), self->remedy);
  if (self->help_url != NULL)
    {
      g_string_append_c (s, '\n');
      /* TRANSLATORS: %s is the address of a web page. */
      g_string_append_printf (s, _("More help: %s"), self->help_url);
    }
  if (*self->detail != '\0')
    {
      g_string_append_c (s, '\n');
      if (self->detail_is_reply)
        /* TRANSLATORS: %s is the mail server's reply, as it sent it. */
        g_string_append_printf (s, _("Server said: %s"), self->detail);
      else
        /* TRANSLATORS: %s is a technical error message. */
        g_string_append_printf (s, _("Details: %s"), self->detail);
    }
  return g_string_free (s, FALSE);
}

guint
ob_diagnosis_get_rule_index (ObDiagnosis *self)
{
  g_return_val_if_fail (OB_IS_DIAGNOSIS (self), 0);

  return self->rule_index;
}

static void
ob_diagnosis_finalize (GObject *object)
{
  ObDiagnosis *self = OB_DIAGNOSIS (object);

  g_free (self->title);
  g_free (self->explanation);
  g_free (self->remedy);
  g_free (self->detail);

  G_OBJECT_CLASS (ob_diagnosis_parent_class)->finalize (object);
}

static void
ob_diagnosis_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ObDiagnosis *self = OB_DIAGNOSIS (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;
    case PROP_FIELD:
      g_value_set_enum (value, self->field);
      break;
    case PROP_RETRY_HELPS:
      g_value_set_boolean (value, self->retry_helps);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;
    case PROP_REMEDY:
      g_value_set_string (value, self->remedy);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_DETAIL_IS_REPLY:
      g_value_set_boolean (value, self->detail_is_reply);
      break;
    case PROP_HELP_URL:
      g_value_set_string (value, self->help_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_diagnosis_class_init (ObDiagnosisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ob_diagnosis_finalize;
  object_class->get_property = ob_diagnosis_get_property;

  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, OB_TYPE_DIAGNOSIS_CATEGORY,
                       OB_DIAGNOSIS_CATEGORY_OTHER, flags);
  properties[PROP_FIELD] =
    g_param_spec_enum ("field", NULL, NULL, OB_TYPE_DIAGNOSIS_FIELD,
                       OB_DIAGNOSIS_FIELD_NONE, flags);
  properties[PROP_RETRY_HELPS] =
    g_param_spec_boolean ("retry-helps", NULL, NULL, FALSE, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  properties[PROP_REMEDY] = g_param_spec_string ("remedy", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL_IS_REPLY] =
    g_param_spec_boolean ("detail-is-reply", NULL, NULL, FALSE, flags);
  properties[PROP_HELP_URL] = g_param_spec_string ("help-url", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_diagnosis_init (ObDiagnosis *self)
{
}
