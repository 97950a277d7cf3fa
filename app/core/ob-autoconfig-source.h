/* ob-autoconfig-source.h — fetching configuration documents over HTTP(S)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ob-provider.h"

G_BEGIN_DECLS

/**
 * OB_AUTOCONFIG_URLS:
 *
 * Where a domain publishes its own configuration, over HTTPS
 * (draft-ietf-mailmaint-autoconfig), as templates for
 * ob_provider_expand().
 */
#define OB_AUTOCONFIG_URLS \
  "https://autoconfig.%EMAILDOMAIN%/mail/config-v1.1.xml?emailaddress=%EMAILADDRESS%", \
  "https://%EMAILDOMAIN%/.well-known/autoconfig/mail/config-v1.1.xml"

/**
 * OB_AUTOCONFIG_INSECURE_URLS:
 *
 * The same over plain HTTP, tried only when every HTTPS one failed. They
 * never carry the address: anyone on the network path could read it.
 */
#define OB_AUTOCONFIG_INSECURE_URLS \
  "http://autoconfig.%EMAILDOMAIN%/mail/config-v1.1.xml", \
  "http://%EMAILDOMAIN%/.well-known/autoconfig/mail/config-v1.1.xml"

/**
 * OB_ISPDB_DEFAULT_URL:
 *
 * Thunderbird's ISP database; a domain's document is at this URL followed
 * by the domain.
 */
#define OB_ISPDB_DEFAULT_URL "https://live.thunderbird.net/autoconfig/v1.1/"

gboolean    ob_autoconfig_template_is_private (const char           *template);
char       *ob_autoconfig_ispdb_url           (const char           *base,
                                               const char           *domain);

void        ob_autoconfig_fetch_async         (SoupSession          *session,
                                               const char           *url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ObProvider *ob_autoconfig_fetch_finish        (GAsyncResult         *result,
                                               char                **final_url,
                                               GError              **error);

G_END_DECLS
