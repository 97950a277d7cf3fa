/* ob-domain-check-item.c — one finding of a sending domain's health check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An item is built by one check from findings, in the order the check made
 * them, and is read-only once the check hands it over. The grade is the worst
 * finding's; the one-line summary is that of the first finding with that
 * grade, so a check states its main result first and adds details after.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-domain-check-item-private.h"
#include "ob-escape.h"

struct _ObDomainCheckItem
{
  GObject             parent_instance;

  ObDomainCheckKind   kind;
  ObDomainCheckGrade  grade;
  char               *summary;
  ObDomainCheckGrade  summary_grade;
  GString            *explanation;
  GString            *fix;
  GPtrArray          *records;
};

G_DEFINE_FINAL_TYPE (ObDomainCheckItem, ob_domain_check_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_GRADE,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_EXPLANATION,
  PROP_FIX,
  PROP_RECORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ob_domain_check_item_finalize (GObject *object)
{
  ObDomainCheckItem *self = OB_DOMAIN_CHECK_ITEM (object);

  g_free (self->summary);
  g_string_free (self->explanation, TRUE);
  g_string_free (self->fix, TRUE);
  g_ptr_array_unref (self->records);

  G_OBJECT_CLASS (ob_domain_check_item_parent_class)->finalize (object);
}

static void
ob_domain_check_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ObDomainCheckItem *self = OB_DOMAIN_CHECK_ITEM (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_GRADE:
      g_value_set_enum (value, self->grade);
      break;
    case PROP_TITLE:
      g_value_set_string (value, ob_domain_check_item_get_title (self));
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, ob_domain_check_item_get_summary (self));
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation->str);
      break;
    case PROP_FIX:
      g_value_set_string (value, self->fix->str);
      break;
    case PROP_RECORDS:
      g_value_set_boxed (value, self->records->pdata);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_domain_check_item_class_init (ObDomainCheckItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ob_domain_check_item_finalize;
  object_class->get_property = ob_domain_check_item_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       OB_TYPE_DOMAIN_CHECK_KIND, OB_DOMAIN_CHECK_KIND_MX,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRADE] =
    g_param_spec_enum ("grade", NULL, NULL,
                       OB_TYPE_DOMAIN_CHECK_GRADE, OB_DOMAIN_CHECK_GRADE_GOOD,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLANATION] =
    g_param_spec_string ("explanation", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIX] =
    g_param_spec_string ("fix", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORDS] =
    g_param_spec_boxed ("records", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_domain_check_item_init (ObDomainCheckItem *self)
{
  self->explanation = g_string_new (NULL);
  self->fix = g_string_new (NULL);
  self->records = g_ptr_array_new_null_terminated (1, g_free, TRUE);
}

ObDomainCheckItem *
ob_domain_check_item_new (ObDomainCheckKind kind)
{
  ObDomainCheckItem *self = g_object_new (OB_TYPE_DOMAIN_CHECK_ITEM, NULL);

  self->kind = kind;
  return self;
}

/**
 * ob_domain_check_item_add_record:
 * @record: a record as found in DNS or on a web server
 *
 * Keeps @record to show beside the findings. It comes from someone else's
 * server, so it is escaped here, once, for every view.
 */
void
ob_domain_check_item_add_record (ObDomainCheckItem *self,
                                 const char        *record)
{
  g_return_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self));
  g_return_if_fail (record != NULL);

  g_ptr_array_add (self->records, ob_escape_untrusted (record, -1));
}

static void
append_line (GString    *text,
             const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/**
 * ob_domain_check_item_add_finding:
 * @grade: how bad this finding is
 * @summary: (nullable): one line saying what was found; required unless
 *   @grade is good
 * @explanation: (nullable): what it means, in a sentence or two
 * @fix: (nullable): what to change, when something should change
 *
 * Adds what the check found. Every argument is already translated and any
 * untrusted text in it escaped.
 */
void
ob_domain_check_item_add_finding (ObDomainCheckItem  *self,
                                  ObDomainCheckGrade  grade,
                                  const char         *summary,
                                  const char         *explanation,
                                  const char         *fix)
{
  g_return_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self));
  g_return_if_fail (summary != NULL || grade == OB_DOMAIN_CHECK_GRADE_GOOD);

  self->grade = MAX (self->grade, grade);
  if (summary != NULL && (self->summary == NULL || grade > self->summary_grade))
    {
      g_free (self->summary);
      self->summary = g_strdup (summary);
      self->summary_grade = grade;
    }
  append_line (self->explanation, explanation);
  append_line (self->fix, fix);
}

/**
 * ob_domain_check_item_add_note:
 *
 * Adds a detail that changes nothing about the grade.
 */
void
ob_domain_check_item_add_note (ObDomainCheckItem *self,
                               const char        *explanation)
{
  ob_domain_check_item_add_finding (self, OB_DOMAIN_CHECK_GRADE_GOOD, NULL, explanation, NULL);
}

ObDomainCheckKind
ob_domain_check_item_get_kind (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), OB_DOMAIN_CHECK_KIND_MX);

  return self->kind;
}

ObDomainCheckGrade
ob_domain_check_item_get_grade (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), OB_DOMAIN_CHECK_GRADE_PROBLEM);

  return self->grade;
}

/**
 * ob_domain_check_item_get_title:
 *
 * Returns: what the item is about, translated, like “Sender Policy (SPF)”
 */
const char *
ob_domain_check_item_get_title (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), NULL);

  return ob_domain_check_kind_to_string (self->kind);
}

/**
 * ob_domain_check_item_get_summary:
 *
 * Returns: one translated line saying what was found
 */
const char *
ob_domain_check_item_get_summary (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), NULL);

  return self->summary != NULL ? self->summary : "";
}

/**
 * ob_domain_check_item_get_explanation:
 *
 * Returns: what the findings mean, one paragraph per line, translated
 */
const char *
ob_domain_check_item_get_explanation (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), NULL);

  return self->explanation->str;
}

/**
 * ob_domain_check_item_get_fix:
 *
 * Returns: what to change, one step per line, translated; empty when there
 *   is nothing to do
 */
const char *
ob_domain_check_item_get_fix (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), NULL);

  return self->fix->str;
}

/**
 * ob_domain_check_item_get_records:
 *
 * Returns: (transfer none) (array zero-terminated=1): the records the
 *   findings are about, escaped for display
 */
const char * const *
ob_domain_check_item_get_records (ObDomainCheckItem *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK_ITEM (self), NULL);

  return (const char * const *) self->records->pdata;
}

const char *
ob_domain_check_kind_to_string (ObDomainCheckKind kind)
{
  switch (kind)
    {
    case OB_DOMAIN_CHECK_KIND_MX:
      return _("Mail servers (MX)");
    case OB_DOMAIN_CHECK_KIND_SPF:
      return _("Allowed senders (SPF)");
    case OB_DOMAIN_CHECK_KIND_DKIM:
      return _("Signing keys (DKIM)");
    case OB_DOMAIN_CHECK_KIND_DMARC:
      return _("Policy for failed checks (DMARC)");
    case OB_DOMAIN_CHECK_KIND_MTA_STS:
      return _("Required encryption (MTA-STS)");
    case OB_DOMAIN_CHECK_KIND_TLS_RPT:
      return _("Encryption reports (TLS-RPT)");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
ob_domain_check_grade_to_string (ObDomainCheckGrade grade)
{
  switch (grade)
    {
    case OB_DOMAIN_CHECK_GRADE_GOOD:
      return C_("domain check grade", "Good");
    case OB_DOMAIN_CHECK_GRADE_WARNING:
      return C_("domain check grade", "Warning");
    case OB_DOMAIN_CHECK_GRADE_PROBLEM:
      return C_("domain check grade", "Problem");
    default:
      g_return_val_if_reached ("");
    }
}
