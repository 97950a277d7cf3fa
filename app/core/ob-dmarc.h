/* ob-dmarc.h — DMARC policy records (RFC 7489) and the DMARC check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-domain-check-item.h"
#include "ob-record-error.h"

G_BEGIN_DECLS

typedef enum {
  OB_DMARC_POLICY_NONE,
  OB_DMARC_POLICY_QUARANTINE,
  OB_DMARC_POLICY_REJECT,
} ObDmarcPolicy;

/**
 * ObDmarcRecord:
 * @policy: p=, for the domain itself
 * @subdomain_policy: sp=, for its subdomains; @policy when absent
 * @percent: pct=, the share of failing mail the policy applies to
 * @rua: (nullable): where aggregate reports go
 * @ruf: (nullable): where failure reports go
 * @strict_dkim: adkim=s
 * @strict_spf: aspf=s
 */
typedef struct
{
  ObDmarcPolicy  policy;
  ObDmarcPolicy  subdomain_policy;
  guint          percent;
  char          *rua;
  char          *ruf;
  gboolean       strict_dkim;
  gboolean       strict_spf;
} ObDmarcRecord;

ObDmarcRecord      *ob_dmarc_record_parse  (const char           *text,
                                            GError              **error);
void                ob_dmarc_record_free   (ObDmarcRecord        *record);

void                ob_dmarc_check_async   (GResolver            *resolver,
                                            const char           *domain,
                                            guint                 timeout_ms,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
ObDomainCheckItem  *ob_dmarc_check_finish  (GAsyncResult         *result,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObDmarcRecord, ob_dmarc_record_free)

G_END_DECLS
