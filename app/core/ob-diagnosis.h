/* ob-diagnosis.h — an SMTP failure in words a person can act on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

/**
 * ObDiagnosisContext:
 * @provider_id: (nullable): the provider the account belongs to, one of
 *   "gmail", "outlook" (Outlook.com, Hotmail), "office365" (Microsoft 365),
 *   "yahoo" or "icloud"; any other id, or %NULL, means none of these. When
 *   %NULL, the provider is recognised from @host where it can be
 *   (smtp.gmail.com, smtp.office365.com, smtp.mail.yahoo.com, …).
 * @host: (nullable): the server name the connection used
 * @port: the port the connection used, or 0 if not known
 * @has_security: whether @security is known
 * @security: the account's Security setting
 * @size_limit: the largest message the server accepts (its SIZE), in bytes,
 *   or 0 if not known
 * @offline: %TRUE when the caller knows this computer has no network (for
 *   instance from #GNetworkMonitor); %FALSE when it is online or unknown
 *
 * What was being attempted when the error happened. Every member is
 * optional: a zero-filled context (or none at all) gives a diagnosis from
 * the error alone.
 */
typedef struct
{
  const char *provider_id;
  const char *host;
  guint16     port;
  gboolean    has_security;
  ObSecurity  security;
  guint64     size_limit;
  gboolean    offline;
} ObDiagnosisContext;

#define OB_TYPE_DIAGNOSIS (ob_diagnosis_get_type ())

G_DECLARE_FINAL_TYPE (ObDiagnosis, ob_diagnosis, OB, DIAGNOSIS, GObject)

ObDiagnosis         *ob_diagnosis_new_for_error    (const GError             *error,
                                                    const ObDiagnosisContext *context);

ObDiagnosisCategory  ob_diagnosis_get_category     (ObDiagnosis *self);
ObDiagnosisField     ob_diagnosis_get_field        (ObDiagnosis *self);
const char          *ob_diagnosis_get_title        (ObDiagnosis *self);
const char          *ob_diagnosis_get_explanation  (ObDiagnosis *self);
const char          *ob_diagnosis_get_remedy       (ObDiagnosis *self);
const char          *ob_diagnosis_get_detail       (ObDiagnosis *self);
gboolean             ob_diagnosis_get_detail_is_reply (ObDiagnosis *self);
const char          *ob_diagnosis_get_help_url     (ObDiagnosis *self);
gboolean             ob_diagnosis_get_retry_helps  (ObDiagnosis *self);

char                *ob_diagnosis_to_text          (ObDiagnosis *self);

G_END_DECLS
