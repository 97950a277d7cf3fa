/* ob-mta-sts.h — MTA-STS records and policies (RFC 8461)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-record-error.h"

G_BEGIN_DECLS

typedef enum {
  OB_MTA_STS_MODE_ENFORCE,
  OB_MTA_STS_MODE_TESTING,
  OB_MTA_STS_MODE_NONE,
} ObMtaStsMode;

/**
 * ObMtaStsPolicy:
 * @mode: what senders do when a mail server does not match
 * @max_age: how long senders keep the policy, in seconds
 * @mx: (element-type utf8): the mail server patterns, lower case; a
 *   pattern may start with “*.” to match one label
 */
typedef struct
{
  ObMtaStsMode  mode;
  guint64       max_age;
  GPtrArray    *mx;
} ObMtaStsPolicy;

gboolean           ob_mta_sts_record_parse    (const char           *text,
                                               GError              **error);
ObMtaStsPolicy    *ob_mta_sts_policy_parse    (const char           *text,
                                               GError              **error);
void               ob_mta_sts_policy_free     (ObMtaStsPolicy       *policy);
gboolean           ob_mta_sts_policy_matches  (ObMtaStsPolicy       *policy,
                                               const char           *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObMtaStsPolicy, ob_mta_sts_policy_free)

G_END_DECLS
