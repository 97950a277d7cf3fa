/* ob-provider-db.h — the built-in provider database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-provider.h"

G_BEGIN_DECLS

#define OB_TYPE_PROVIDER_DB (ob_provider_db_get_type ())

G_DECLARE_FINAL_TYPE (ObProviderDb, ob_provider_db, OB, PROVIDER_DB, GObject)

ObProviderDb *ob_provider_db_get_default   (void);

GPtrArray    *ob_provider_db_get_providers (ObProviderDb  *self);
ObProvider   *ob_provider_db_lookup_id     (ObProviderDb  *self,
                                            const char    *id);
ObProvider   *ob_provider_db_lookup_domain (ObProviderDb  *self,
                                            const char    *domain);
ObProvider   *ob_provider_db_lookup_mx     (ObProviderDb  *self,
                                            const char    *mx_host,
                                            const char   **region);

G_END_DECLS
