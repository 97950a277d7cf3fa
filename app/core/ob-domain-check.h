/* ob-domain-check.h — the health of a sending domain: MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "ob-domain-check-item.h"

G_BEGIN_DECLS

#define OB_DOMAIN_CHECK_ERROR (ob_domain_check_error_quark ())

/**
 * ObDomainCheckError:
 * @OB_DOMAIN_CHECK_ERROR_INVALID_INPUT: the domain, the server or a
 *   selector is not a valid name
 * @OB_DOMAIN_CHECK_ERROR_NO_SUCH_DOMAIN: the domain has no MX, address or
 *   TXT record: it most likely does not exist
 * @OB_DOMAIN_CHECK_ERROR_DNS: the domain's own records could not be looked
 *   up (no network, a time-out, a broken name server)
 *
 * What stops a check from giving any items. Problems with single records,
 * including failed lookups of them, are items, not errors.
 */
typedef enum {
  OB_DOMAIN_CHECK_ERROR_INVALID_INPUT,
  OB_DOMAIN_CHECK_ERROR_NO_SUCH_DOMAIN,
  OB_DOMAIN_CHECK_ERROR_DNS,
} ObDomainCheckError;

#define OB_DOMAIN_CHECK_DEFAULT_POLICY_URL "https://mta-sts.%s/.well-known/mta-sts.txt"

#define OB_TYPE_DOMAIN_CHECK (ob_domain_check_get_type ())

G_DECLARE_FINAL_TYPE (ObDomainCheck, ob_domain_check, OB, DOMAIN_CHECK, GObject)

GQuark              ob_domain_check_error_quark             (void);

ObDomainCheck      *ob_domain_check_new                     (const char           *domain);

const char         *ob_domain_check_get_domain              (ObDomainCheck        *self);
const char         *ob_domain_check_get_server              (ObDomainCheck        *self);
void                ob_domain_check_set_server              (ObDomainCheck        *self,
                                                             const char           *server);
const char * const *ob_domain_check_get_selectors           (ObDomainCheck        *self);
void                ob_domain_check_set_selectors           (ObDomainCheck        *self,
                                                             const char * const   *selectors);
guint               ob_domain_check_get_timeout             (ObDomainCheck        *self);
void                ob_domain_check_set_timeout             (ObDomainCheck        *self,
                                                             guint                 seconds);
const char         *ob_domain_check_get_policy_url_template (ObDomainCheck        *self);
void                ob_domain_check_set_policy_url_template (ObDomainCheck        *self,
                                                             const char           *url_template);
SoupSession        *ob_domain_check_get_session             (ObDomainCheck        *self);

GListModel         *ob_domain_check_get_items               (ObDomainCheck        *self);
ObDomainCheckGrade  ob_domain_check_get_grade               (ObDomainCheck        *self);

void                ob_domain_check_run_async               (ObDomainCheck        *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            ob_domain_check_run_finish              (ObDomainCheck        *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
