/* ob-fake-resolver.h — a GResolver that gives canned answers, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Install it with g_resolver_set_default() and every GIO lookup in the
 * process asks it: g_resolver_lookup_*(), GNetworkAddress, GSocketClient,
 * libsoup. It knows only what the test added:
 *
 *   - ob_fake_resolver_add_address(), _add_mx(), _add_txt(), _add_srv()
 *     add a record to a name (names are case-insensitive, a trailing dot is
 *     ignored); records are answered in the order they were added;
 *   - a name or record type it does not know is answered with
 *     G_RESOLVER_ERROR_NOT_FOUND, as a real resolver answers NXDOMAIN;
 *   - ob_fake_resolver_set_failure() makes every query for a name fail with
 *     the given code, typically G_RESOLVER_ERROR_TEMPORARY_FAILURE
 *     (SERVFAIL, a time-out upstream);
 *   - ob_fake_resolver_set_delay() answers a name only after a delay, to
 *     test time limits, cancellation and racing lookups;
 *   - ob_fake_resolver_get_query_count() says how often a name was asked.
 *
 * Reverse lookups answer the first name an address was added to. IP
 * literals never reach a resolver: GResolver answers them itself.
 *
 * All methods are thread-safe. See tests/core/test-fake-resolver.c for
 * examples.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OB_TYPE_FAKE_RESOLVER (ob_fake_resolver_get_type ())

G_DECLARE_FINAL_TYPE (ObFakeResolver, ob_fake_resolver, OB, FAKE_RESOLVER, GResolver)

ObFakeResolver *ob_fake_resolver_new             (void);

void            ob_fake_resolver_add_address     (ObFakeResolver *self,
                                                  const char     *name,
                                                  const char     *address);
void            ob_fake_resolver_add_mx          (ObFakeResolver *self,
                                                  const char     *name,
                                                  guint16         preference,
                                                  const char     *host);
void            ob_fake_resolver_add_txt         (ObFakeResolver *self,
                                                  const char     *name,
                                                  const char     *first_string,
                                                  ...) G_GNUC_NULL_TERMINATED;
void            ob_fake_resolver_add_srv         (ObFakeResolver *self,
                                                  const char     *name,
                                                  guint16         priority,
                                                  guint16         weight,
                                                  guint16         port,
                                                  const char     *target);
void            ob_fake_resolver_set_delay       (ObFakeResolver *self,
                                                  const char     *name,
                                                  guint           delay_ms);
void            ob_fake_resolver_set_failure     (ObFakeResolver *self,
                                                  const char     *name,
                                                  GResolverError  code);
guint           ob_fake_resolver_get_query_count (ObFakeResolver *self,
                                                  const char     *name);

G_END_DECLS
