/* ob-ispdb-parser.h — reading autoconfig documents (config-v1.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-provider.h"

G_BEGIN_DECLS

/**
 * OB_ISPDB_MAX_SIZE:
 *
 * The largest configuration document accepted, in bytes. Real ones are a
 * few kilobytes; the bound keeps a hostile server from filling memory.
 */
#define OB_ISPDB_MAX_SIZE (1024 * 1024)

/**
 * OB_PROVIDER_NAMESPACE:
 *
 * The XML namespace of Outbound's extensions to the format.
 */
#define OB_PROVIDER_NAMESPACE "https://github.com/outbound/outbound/ns/provider/1"

ObProvider *ob_ispdb_parse (const char  *data,
                            gsize        length,
                            GError     **error);

G_END_DECLS
