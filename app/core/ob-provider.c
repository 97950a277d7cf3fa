/* ob-provider.c — a mail provider's outgoing servers and what to know about them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What one autoconfig document (config-v1.1, with Outbound's extensions, see
 * data/providers/README.md) says about a provider. Built by
 * ob_ispdb_parse(); read-only afterwards.
 */
#include "config.h"

#include <string.h>

#include "ob-provider-private.h"

G_DEFINE_FINAL_TYPE (ObProvider, ob_provider, G_TYPE_OBJECT)

static const char * const no_strings[] = { NULL };

ObProviderServer *
ob_provider_server_new (void)
{
  return g_new0 (ObProviderServer, 1);
}

void
ob_provider_server_free (ObProviderServer *server)
{
  g_free (server->hostname);
  g_strfreev (server->authentication);
  g_free (server->username);
  g_free (server->region);
  g_free (server->username_hint);
  g_free (server->password_hint);
  g_strfreev (server->notes);
  g_free (server->unverified);
  g_free (server);
}

static void
ob_provider_finalize (GObject *object)
{
  ObProvider *self = OB_PROVIDER (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->short_name);
  g_ptr_array_unref (self->domains);
  g_ptr_array_unref (self->mx_domains);
  g_ptr_array_unref (self->mx_regions);
  g_ptr_array_unref (self->servers);
  g_free (self->help_url);
  g_free (self->help_text);
  g_free (self->app_password_url);
  g_free (self->enable_access_url);
  g_free (self->no_smtp_url);
  g_strfreev (self->regions);
  g_free (self->sending_limit_url);
  g_free (self->username_hint);
  g_free (self->password_hint);
  g_strfreev (self->notes);
  g_free (self->unverified);

  G_OBJECT_CLASS (ob_provider_parent_class)->finalize (object);
}

static void
ob_provider_class_init (ObProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_provider_finalize;
}

static void
ob_provider_init (ObProvider *self)
{
  /* Room for the terminator from the start: GLib 2.74 leaves pdata NULL
   * in an empty array made without any. */
  self->domains = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->mx_domains = g_ptr_array_new_null_terminated (1, g_free, TRUE);
  self->mx_regions = g_ptr_array_new_with_free_func (g_free);
  self->servers = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_provider_server_free);
}

ObProvider *
ob_provider_new (void)
{
  return g_object_new (OB_TYPE_PROVIDER, NULL);
}

/**
 * ob_provider_get_id:
 *
 * Returns: the provider's id: by convention its main domain
 */
const char *
ob_provider_get_id (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->id;
}

/**
 * ob_provider_get_display_name:
 *
 * Returns: the provider's name as people know it; its id when the document
 *   gives none
 */
const char *
ob_provider_get_display_name (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->display_name ? self->display_name : self->id;
}

const char *
ob_provider_get_short_name (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->short_name ? self->short_name : ob_provider_get_display_name (self);
}

/**
 * ob_provider_get_domains:
 *
 * Returns: (transfer none): the address domains the provider serves
 */
const char * const *
ob_provider_get_domains (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return (const char * const *) self->domains->pdata;
}

/**
 * ob_provider_get_mx_domains:
 *
 * Returns: (transfer none): the names whose MX hosts (the name itself or
 *   any host under it) mark a custom domain as hosted by this provider
 */
const char * const *
ob_provider_get_mx_domains (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return (const char * const *) self->mx_domains->pdata;
}

/**
 * ob_provider_get_mx_region:
 * @mx_domain: one of ob_provider_get_mx_domains()
 *
 * Returns: (nullable): the region an MX host under @mx_domain implies
 */
const char *
ob_provider_get_mx_region (ObProvider *self,
                           const char *mx_domain)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (mx_domain != NULL, NULL);

  for (guint i = 0; i < self->mx_regions->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->mx_domains, i), mx_domain) == 0)
      return g_ptr_array_index (self->mx_regions, i);
  return NULL;
}

guint
ob_provider_get_n_servers (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), 0);

  return self->servers->len;
}

/**
 * ob_provider_get_server:
 * @index: below ob_provider_get_n_servers(): servers are in the document's
 *   order, which is the provider's order of preference
 *
 * Returns: (transfer none): the server
 */
const ObProviderServer *
ob_provider_get_server (ObProvider *self,
                        guint       index)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (index < self->servers->len, NULL);

  return g_ptr_array_index (self->servers, index);
}

/**
 * ob_provider_get_n_rejected_servers:
 *
 * Returns: how many outgoing servers of the document were left out because
 *   their name, port or encryption was unusable
 */
guint
ob_provider_get_n_rejected_servers (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), 0);

  return self->n_rejected_servers;
}

/**
 * ob_provider_get_help_url:
 *
 * Returns: (nullable): the provider's page about its mail settings
 */
const char *
ob_provider_get_help_url (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->help_url;
}

/**
 * ob_provider_get_help_text:
 *
 * Returns: (nullable): the title of the help page, in the person's language
 *   when the document has it
 */
const char *
ob_provider_get_help_text (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->help_text;
}

/**
 * ob_provider_get_app_password:
 * @url: (out) (optional) (nullable): how to make an app password
 *
 * Returns: whether SMTP needs an app-specific password instead of the
 *   account's own
 */
ObAppPasswordPolicy
ob_provider_get_app_password (ObProvider  *self,
                              const char **url)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), OB_APP_PASSWORD_NOT_NEEDED);

  if (url != NULL)
    *url = self->app_password_url;
  return self->app_password;
}

/**
 * ob_provider_get_enable_access_url:
 *
 * Returns: (nullable): where access for mail apps must first be switched
 *   on, when the provider requires that
 */
const char *
ob_provider_get_enable_access_url (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->enable_access_url;
}

gboolean
ob_provider_is_oauth2_only (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), FALSE);

  return self->oauth2_only;
}

/**
 * ob_provider_has_smtp:
 *
 * Returns: %FALSE when the provider offers its users no SMTP access at all
 */
gboolean
ob_provider_has_smtp (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), FALSE);

  return !self->no_smtp;
}

const char *
ob_provider_get_no_smtp_url (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->no_smtp_url;
}

/**
 * ob_provider_is_relay_service:
 *
 * Returns: whether this is a sending service (SendGrid, Amazon SES, …)
 *   rather than the provider of people's mailboxes
 */
gboolean
ob_provider_is_relay_service (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), FALSE);

  return self->relay_service;
}

/**
 * ob_provider_get_regions:
 *
 * Returns: (transfer none): a sending service's regions, in the order to
 *   offer them; empty for most providers
 */
const char * const *
ob_provider_get_regions (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->regions ? (const char * const *) self->regions : no_strings;
}

/**
 * ob_provider_get_sending_limit:
 *
 * Returns: (nullable): the published sending limits, if any
 */
const ObSendingLimit *
ob_provider_get_sending_limit (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->has_sending_limit ? &self->sending_limit : NULL;
}

/**
 * ob_provider_get_username_is_secret:
 *
 * Returns: whether the user name is itself a credential (an API token), to
 *   be kept in the keyring and out of settings and logs
 */
gboolean
ob_provider_get_username_is_secret (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), FALSE);

  return self->username_is_secret;
}

const char *
ob_provider_get_username_hint (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->username_hint;
}

const char *
ob_provider_get_password_hint (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->password_hint;
}

/**
 * ob_provider_get_notes:
 *
 * Returns: (transfer none): facts to read before signing in
 */
const char * const *
ob_provider_get_notes (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->notes ? (const char * const *) self->notes : no_strings;
}

/**
 * ob_provider_get_unverified:
 *
 * Returns: (nullable): why the provider's entry as a whole is not confirmed
 */
const char *
ob_provider_get_unverified (ObProvider *self)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  return self->unverified;
}

/**
 * ob_provider_server_serves_region:
 * @region: (nullable): a region code, or %NULL for any
 *
 * Returns: whether @server is one to use in @region: it serves that
 *   region, or it names none (a provider's servers without a region serve
 *   them all)
 */
gboolean
ob_provider_server_serves_region (const ObProviderServer *server,
                                  const char             *region)
{
  g_return_val_if_fail (server != NULL, FALSE);

  return region == NULL || server->region == NULL || g_str_equal (server->region, region);
}

/**
 * ob_provider_find_server:
 * @region: (nullable): one of ob_provider_get_regions(), or %NULL for any
 *
 * The server to set up for @region: the first in the provider's order of
 * preference (implicit TLS before STARTTLS) that the provider's documents
 * confirm, or the first at all when none is confirmed. An unconfirmed entry
 * is only a suggestion, so it never wins over a confirmed one.
 *
 * Returns: (transfer none) (nullable): the server, or %NULL when none
 *   serves @region
 */
const ObProviderServer *
ob_provider_find_server (ObProvider *self,
                         const char *region)
{
  const ObProviderServer *first = NULL;

  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);

  for (guint i = 0; i < self->servers->len; i++)
    {
      const ObProviderServer *server = g_ptr_array_index (self->servers, i);

      if (!ob_provider_server_serves_region (server, region))
        continue;
      if (ob_provider_get_server_unverified (self, server) == NULL)
        return server;
      if (first == NULL)
        first = server;
    }
  return first;
}

/**
 * ob_provider_get_server_username_hint:
 * @server: one of the provider's servers
 *
 * Returns: (nullable): what to type as user name for @server: its own hint,
 *   which wins, or the provider's
 */
const char *
ob_provider_get_server_username_hint (ObProvider             *self,
                                      const ObProviderServer *server)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  return server->username_hint ? server->username_hint : self->username_hint;
}

/**
 * ob_provider_get_server_password_hint:
 * @server: one of the provider's servers
 *
 * Returns: (nullable): what to type as password for @server: its own hint,
 *   which wins, or the provider's
 */
const char *
ob_provider_get_server_password_hint (ObProvider             *self,
                                      const ObProviderServer *server)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  return server->password_hint ? server->password_hint : self->password_hint;
}

/**
 * ob_provider_get_server_unverified:
 * @server: one of the provider's servers
 *
 * Returns: (nullable): why @server is not confirmed: its own reason, or the
 *   provider's when the entry as a whole is not
 */
const char *
ob_provider_get_server_unverified (ObProvider             *self,
                                   const ObProviderServer *server)
{
  g_return_val_if_fail (OB_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  return server->unverified ? server->unverified : self->unverified;
}

/**
 * ob_provider_expand:
 * @template: text with `%EMAILADDRESS%`, `%EMAILLOCALPART%` or
 *   `%EMAILDOMAIN%` in it
 * @address: a valid address
 *
 * Returns: (transfer full): @template with the placeholders replaced by
 *   @address, its part before the last “@” and its part after it; any other
 *   text, including unknown placeholders, is kept as it is
 */
char *
ob_provider_expand (const char *template,
                    const char *address)
{
  static const char * const names[] = { "%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%" };
  const char *at;
  g_autofree char *local = NULL;
  GString *out;

  g_return_val_if_fail (template != NULL, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  at = strrchr (address, '@');
  g_return_val_if_fail (at != NULL, NULL);
  local = g_strndup (address, at - address);

  out = g_string_sized_new (strlen (template) + strlen (address));
  for (const char *p = template; *p != '\0';)
    {
      const char *values[] = { address, local, at + 1 };
      gboolean replaced = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (names) && !replaced; i++)
        if (g_str_has_prefix (p, names[i]))
          {
            g_string_append (out, values[i]);
            p += strlen (names[i]);
            replaced = TRUE;
          }
      if (!replaced)
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
