/* ob-provider-private.h — what the autoconfig parser fills in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An #ObProvider is immutable once ob_ispdb_parse() returns it, so the
 * built-in database can hand the same object to every thread.
 */
#pragma once

#include "ob-provider.h"

G_BEGIN_DECLS

struct _ObProvider
{
  GObject          parent_instance;

  char            *id;
  char            *display_name;
  char            *short_name;
  GPtrArray       *domains;          /* char*, NULL-terminated */
  GPtrArray       *mx_domains;       /* char*, NULL-terminated */
  GPtrArray       *mx_regions;       /* char* or NULL, parallel to mx_domains */
  GPtrArray       *servers;          /* ObProviderServer */
  guint            n_rejected_servers;
  char            *help_url;
  char            *help_text;
  ObAppPasswordPolicy app_password;
  char            *app_password_url;
  char            *enable_access_url;
  gboolean         oauth2_only;
  gboolean         no_smtp;
  char            *no_smtp_url;
  gboolean         relay_service;
  char           **regions;
  gboolean         has_sending_limit;
  ObSendingLimit   sending_limit;    /* .url points at sending_limit_url */
  char            *sending_limit_url;
  gboolean         username_is_secret;
  char            *username_hint;
  char            *password_hint;
  char           **notes;
  char            *unverified;
};

ObProvider       *ob_provider_new         (void);
ObProviderServer *ob_provider_server_new  (void);
void              ob_provider_server_free (ObProviderServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObProviderServer, ob_provider_server_free)

G_END_DECLS
