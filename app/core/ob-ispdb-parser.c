/* ob-ispdb-parser.c — reading autoconfig documents (config-v1.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The documents come from the built-in database, the provider's own web
 * server and Thunderbird's ISPDB, so the parser treats every one as hostile:
 * the size is bounded, GMarkup expands no entities beyond XML's five and
 * character references, text is made safe to show, and an outgoing server
 * whose name, port or encryption is unusable is left out rather than
 * trusted. Only what Outbound needs is read: the first provider and its SMTP
 * servers; incoming servers and unknown elements are skipped whole.
 *
 * GMarkup knows nothing of namespaces, so the parser tracks the xmlns
 * declarations itself: Outbound's extensions are recognised by their
 * namespace, whatever prefix a document gives it.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-detector-error.h"
#include "ob-escape.h"
#include "ob-ispdb-parser.h"
#include "ob-provider-private.h"

typedef enum {
  NS_NONE,
  NS_OB,
  NS_OTHER,
} Namespace;

typedef enum {
  LEAF_NONE,
  LEAF_DOMAIN,
  LEAF_MX_DOMAIN,
  LEAF_DISPLAY_NAME,
  LEAF_SHORT_NAME,
  LEAF_DESCR,
  LEAF_USERNAME_HINT,
  LEAF_PASSWORD_HINT,
  LEAF_NOTE,
  LEAF_HOSTNAME,
  LEAF_PORT,
  LEAF_SOCKET_TYPE,
  LEAF_AUTHENTICATION,
  LEAF_USERNAME,
} Leaf;

typedef struct
{
  char  *prefix;
  char  *uri;
  guint  depth;
} NsBinding;

typedef struct
{
  char *lang;
  char *text;
} Localized;

/* Texts of one kind in every language the document has. */
typedef struct
{
  GPtrArray *help;
  GPtrArray *notes;
  GPtrArray *username_hints;
  GPtrArray *password_hints;
} Texts;

typedef struct
{
  ObProvider       *provider;
  GPtrArray        *bindings;
  guint             depth;
  guint             skip_depth;
  gboolean          seen_root;
  gboolean          in_provider;
  gboolean          provider_done;
  gboolean          in_documentation;
  gboolean          documentation_done;
  Texts             texts;

  ObProviderServer *server;
  gboolean          server_invalid;
  GPtrArray        *server_auth;
  Texts             server_texts;

  Leaf              leaf;
  guint             leaf_depth;
  char             *leaf_lang;
  char             *leaf_region;
  GString          *text;
} ParseState;

static void
ns_binding_free (NsBinding *binding)
{
  g_free (binding->prefix);
  g_free (binding->uri);
  g_free (binding);
}

static void
localized_free (Localized *localized)
{
  g_free (localized->lang);
  g_free (localized->text);
  g_free (localized);
}

static void
texts_init (Texts *texts)
{
  texts->help = g_ptr_array_new_with_free_func ((GDestroyNotify) localized_free);
  texts->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) localized_free);
  texts->username_hints = g_ptr_array_new_with_free_func ((GDestroyNotify) localized_free);
  texts->password_hints = g_ptr_array_new_with_free_func ((GDestroyNotify) localized_free);
}

static void
texts_clear (Texts *texts)
{
  g_clear_pointer (&texts->help, g_ptr_array_unref);
  g_clear_pointer (&texts->notes, g_ptr_array_unref);
  g_clear_pointer (&texts->username_hints, g_ptr_array_unref);
  g_clear_pointer (&texts->password_hints, g_ptr_array_unref);
}

static gboolean
lang_matches (const char *lang,
              const char *wanted)
{
  gsize n = strlen (wanted);

  /* "de_DE" from the locale against "de-DE" or "de" in documents. */
  for (gsize i = 0; i < n; i++)
    {
      char a = g_ascii_tolower (lang[i]);
      char b = g_ascii_tolower (wanted[i]);

      if (a == '-')
        a = '_';
      if (a != b)
        return FALSE;
    }
  return lang[n] == '\0';
}

/* The language to show: the person's, else English, else untagged text,
 * else whatever comes first. */
static const char *
pick_language (GPtrArray *entries)
{
  const char * const *wanted = g_get_language_names ();

  if (entries->len == 0)
    return NULL;
  for (guint w = 0; wanted[w] != NULL; w++)
    for (guint i = 0; i < entries->len; i++)
      {
        Localized *entry = g_ptr_array_index (entries, i);

        if (lang_matches (entry->lang, wanted[w]))
          return entry->lang;
      }
  for (guint i = 0; i < entries->len; i++)
    {
      Localized *entry = g_ptr_array_index (entries, i);

      if (lang_matches (entry->lang, "en") || entry->lang[0] == '\0')
        return entry->lang;
    }
  return ((Localized *) g_ptr_array_index (entries, 0))->lang;
}

static char *
pick_text (GPtrArray *entries)
{
  const char *lang = pick_language (entries);

  for (guint i = 0; lang != NULL && i < entries->len; i++)
    {
      Localized *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->lang, lang))
        return g_strdup (entry->text);
    }
  return NULL;
}

static char **
pick_texts (GPtrArray *entries)
{
  const char *lang = pick_language (entries);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; lang != NULL && i < entries->len; i++)
    {
      Localized *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->lang, lang))
        g_strv_builder_add (builder, entry->text);
    }
  return g_strv_builder_end (builder);
}

/* Document text as one safe line: layout whitespace folded, anything that
 * could move a terminal's cursor or fake a line escaped. */
static char *
clean_text (const char *raw)
{
  g_autoptr(GString) folded = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = folded->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (folded, ' ');
      space = FALSE;
      g_string_append_c (folded, *p);
    }
  return ob_escape_untrusted (folded->str, folded->len);
}

static Namespace
resolve_prefix (ParseState *state,
                const char *prefix)
{
  if (prefix == NULL)
    return NS_NONE;
  for (guint i = state->bindings->len; i > 0; i--)
    {
      NsBinding *binding = g_ptr_array_index (state->bindings, i - 1);

      if (g_str_equal (binding->prefix, prefix))
        return g_str_equal (binding->uri, OB_PROVIDER_NAMESPACE) ? NS_OB : NS_OTHER;
    }
  return NS_OTHER;
}

/* Splits "ob:note" into its namespace and "note". */
static Namespace
resolve_name (ParseState  *state,
              const char  *name,
              const char **local)
{
  const char *colon = strchr (name, ':');
  g_autofree char *prefix = NULL;

  if (colon == NULL)
    {
      *local = name;
      return NS_NONE;
    }
  *local = colon + 1;
  prefix = g_strndup (name, colon - name);
  return resolve_prefix (state, prefix);
}

static const char *
get_attribute (ParseState  *state,
               const char **names,
               const char **values,
               Namespace    ns,
               const char  *wanted)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *local;

      /* An unprefixed attribute has no namespace, whatever the default. */
      if (resolve_name (state, names[i], &local) == ns && g_str_equal (local, wanted))
        return values[i];
    }
  return NULL;
}

static void
push_bindings (ParseState  *state,
               const char **names,
               const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], "xmlns:"))
      {
        NsBinding *binding = g_new0 (NsBinding, 1);

        binding->prefix = g_strdup (names[i] + strlen ("xmlns:"));
        binding->uri = g_strdup (values[i]);
        binding->depth = state->depth;
        g_ptr_array_add (state->bindings, binding);
      }
}

static void
start_leaf (ParseState *state,
            Leaf        leaf,
            const char *lang)
{
  state->leaf = leaf;
  state->leaf_depth = state->depth;
  g_free (state->leaf_lang);
  state->leaf_lang = g_strdup (lang ? lang : "");
  g_string_truncate (state->text, 0);
}

static void
note_unverified (ParseState  *state,
                 const char **names,
                 const char **values)
{
  const char *reason = get_attribute (state, names, values, NS_OB, "unverified");
  char **slot;

  if (reason == NULL)
    return;
  slot = state->server ? &state->server->unverified : &state->provider->unverified;
  if (*slot == NULL)
    *slot = clean_text (reason);
}

static gboolean
parse_count (const char *text,
             guint      *value)
{
  guint64 number;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &number, NULL))
    return FALSE;
  *value = (guint) number;
  return TRUE;
}

static char *
web_url (const char *url)
{
  g_autofree char *scheme = url ? g_uri_parse_scheme (url) : NULL;

  if (scheme == NULL || !g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL) ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return NULL;
  return ob_escape_untrusted (url, -1);
}

static void
start_extension (ParseState  *state,
                 const char  *local,
                 const char **names,
                 const char **values)
{
  ObProvider *provider = state->provider;
  const char *lang = get_attribute (state, names, values, NS_NONE, "lang");
  const char *url = get_attribute (state, names, values, NS_NONE, "url");

  if (g_str_equal (local, "usernameHint"))
    start_leaf (state, LEAF_USERNAME_HINT, lang);
  else if (g_str_equal (local, "passwordHint"))
    start_leaf (state, LEAF_PASSWORD_HINT, lang);
  else if (g_str_equal (local, "note"))
    start_leaf (state, LEAF_NOTE, lang);
  else if (state->server != NULL)
    state->skip_depth = state->depth;
  else if (g_str_equal (local, "appPassword"))
    {
      const char *when = get_attribute (state, names, values, NS_NONE, "when");

      if (g_strcmp0 (when, "always") == 0)
        provider->app_password = OB_APP_PASSWORD_ALWAYS;
      else if (g_strcmp0 (when, "two-step") == 0)
        provider->app_password = OB_APP_PASSWORD_WITH_TWO_STEP;
      g_free (provider->app_password_url);
      provider->app_password_url = web_url (url);
    }
  else if (g_str_equal (local, "enableAccess"))
    {
      g_free (provider->enable_access_url);
      provider->enable_access_url = web_url (url);
    }
  else if (g_str_equal (local, "oauth2Only"))
    provider->oauth2_only = TRUE;
  else if (g_str_equal (local, "noSmtp"))
    {
      provider->no_smtp = TRUE;
      g_free (provider->no_smtp_url);
      provider->no_smtp_url = web_url (url);
    }
  else if (g_str_equal (local, "usernameIsSecret"))
    provider->username_is_secret = TRUE;
  else if (g_str_equal (local, "service"))
    {
      const char *regions = get_attribute (state, names, values, NS_NONE, "regions");
      g_autofree char *trimmed = regions ? g_strstrip (g_strdup (regions)) : NULL;

      provider->relay_service = g_strcmp0 (get_attribute (state, names, values, NS_NONE, "kind"),
                                           "relay") == 0;
      g_strfreev (provider->regions);
      provider->regions = trimmed ? g_strsplit_set (trimmed, " \t\n", -1) : NULL;
      /* g_strsplit_set leaves empty strings between repeated blanks. */
      if (provider->regions != NULL)
        {
          guint kept = 0;

          for (guint i = 0; provider->regions[i] != NULL; i++)
            if (*provider->regions[i] != '\0')
              provider->regions[kept++] = provider->regions[i];
            else
              g_free (provider->regions[i]);
          provider->regions[kept] = NULL;
        }
    }
  else if (g_str_equal (local, "sendingLimit"))
    {
      ObSendingLimit *limit = &provider->sending_limit;
      gboolean any = FALSE;

      any |= parse_count (get_attribute (state, names, values, NS_NONE, "messagesPerDay"),
                          &limit->messages_per_day);
      any |= parse_count (get_attribute (state, names, values, NS_NONE, "recipientsPerDay"),
                          &limit->recipients_per_day);
      any |= parse_count (get_attribute (state, names, values, NS_NONE, "messagesPerMinute"),
                          &limit->messages_per_minute);
      any |= parse_count (get_attribute (state, names, values, NS_NONE, "recipientsPerMessage"),
                          &limit->recipients_per_message);
      provider->has_sending_limit = any;
      g_free (provider->sending_limit_url);
      provider->sending_limit_url = web_url (url);
      limit->url = provider->sending_limit_url;
    }

  if (state->leaf == LEAF_NONE)
    state->skip_depth = state->depth;
}

static void
start_provider_child (ParseState  *state,
                      const char  *local,
                      const char **names,
                      const char **values)
{
  if (g_str_equal (local, "domain"))
    {
      const char *purpose = get_attribute (state, names, values, NS_NONE, "purpose");

      if (g_strcmp0 (purpose, "mx") == 0)
        {
          start_leaf (state, LEAF_MX_DOMAIN, NULL);
          g_free (state->leaf_region);
          state->leaf_region = g_strdup (get_attribute (state, names, values, NS_OB, "region"));
        }
      else
        start_leaf (state, LEAF_DOMAIN, NULL);
    }
  else if (g_str_equal (local, "displayName"))
    start_leaf (state, LEAF_DISPLAY_NAME, NULL);
  else if (g_str_equal (local, "displayShortName"))
    start_leaf (state, LEAF_SHORT_NAME, NULL);
  else if (g_str_equal (local, "outgoingServer") &&
           g_strcmp0 (get_attribute (state, names, values, NS_NONE, "type"), "smtp") == 0)
    {
      const char *region = get_attribute (state, names, values, NS_OB, "region");

      state->server = ob_provider_server_new ();
      state->server_invalid = FALSE;
      state->server_auth = g_ptr_array_new_null_terminated (2, g_free, TRUE);
      texts_init (&state->server_texts);
      state->server->region = region ? clean_text (region) : NULL;
      note_unverified (state, names, values);
    }
  else if (g_str_equal (local, "documentation") && !state->documentation_done)
    {
      state->in_documentation = TRUE;
      state->provider->help_url =
        web_url (get_attribute (state, names, values, NS_NONE, "url"));
    }
  else
    state->skip_depth = state->depth;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **names,
               const char          **values,
               gpointer              data,
               GError              **error)
{
  ParseState *state = data;
  const char *local;
  Namespace ns;

  state->depth++;
  if (state->skip_depth != 0)
    return;

  push_bindings (state, names, values);
  ns = resolve_name (state, name, &local);

  if (state->depth == 1)
    {
      if (ns != NS_NONE || !g_str_equal (local, "clientConfig"))
        {
          g_set_error (error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_MALFORMED,
                       _("This is not a mail configuration document."));
          return;
        }
      state->seen_root = TRUE;
    }
  else if (state->depth == 2)
    {
      if (ns == NS_NONE && g_str_equal (local, "emailProvider") && !state->provider_done)
        {
          const char *id = get_attribute (state, names, values, NS_NONE, "id");

          state->in_provider = TRUE;
          state->provider->id = id ? clean_text (id) : NULL;
          note_unverified (state, names, values);
        }
      else
        state->skip_depth = state->depth;
    }
  else if (state->in_provider && state->depth == 3)
    {
      if (ns == NS_OB)
        start_extension (state, local, names, values);
      else if (ns == NS_NONE)
        start_provider_child (state, local, names, values);
      else
        state->skip_depth = state->depth;
      if (state->skip_depth == 0)
        note_unverified (state, names, values);
    }
  else if (state->server != NULL && state->depth == 4 && ns == NS_OB)
    start_extension (state, local, names, values);
  else if (state->server != NULL && state->depth == 4 && ns == NS_NONE)
    {
      static const struct { const char *name; Leaf leaf; } leaves[] = {
        { "hostname", LEAF_HOSTNAME },
        { "port", LEAF_PORT },
        { "socketType", LEAF_SOCKET_TYPE },
        { "authentication", LEAF_AUTHENTICATION },
        { "username", LEAF_USERNAME },
      };

      for (guint i = 0; i < G_N_ELEMENTS (leaves); i++)
        if (g_str_equal (local, leaves[i].name))
          start_leaf (state, leaves[i].leaf, NULL);
      if (state->leaf == LEAF_NONE)
        state->skip_depth = state->depth;
      else
        note_unverified (state, names, values);
    }
  else if (state->in_documentation && state->depth == 4 && ns == NS_NONE &&
           g_str_equal (local, "descr"))
    start_leaf (state, LEAF_DESCR, get_attribute (state, names, values, NS_NONE, "lang"));
  else
    state->skip_depth = state->depth;
}

static void
text (GMarkupParseContext  *context,
      const char           *data,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  ParseState *state = user_data;

  if (state->leaf != LEAF_NONE && state->depth == state->leaf_depth)
    g_string_append_len (state->text, data, length);
}

/* A hostname may only depend on the address's domain: one built from the
 * local part would send the address to DNS and defeat the per-domain cache. */
static gboolean
hostname_is_usable (const char *hostname)
{
  g_autofree char *sample = NULL;

  if (strstr (hostname, "%EMAILADDRESS%") || strstr (hostname, "%EMAILLOCALPART%"))
    return FALSE;
  sample = ob_provider_expand (hostname, "user@example.com");
  return ob_hostname_is_valid (sample) || g_hostname_is_ip_address (sample);
}

/* A user name or login method goes on an SMTP command line: no blanks or
 * controls that could end it or inject another. */
static gboolean
is_token (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      return FALSE;
  return *value != '\0';
}

static void
add_localized (GPtrArray  *entries,
               const char *lang,
               const char *raw)
{
  Localized *entry;
  g_autofree char *text = clean_text (raw);

  if (*text == '\0')
    return;
  entry = g_new0 (Localized, 1);
  entry->lang = g_strdup (lang);
  entry->text = g_steal_pointer (&text);
  g_ptr_array_add (entries, entry);
}

static void
end_server_leaf (ParseState *state,
                 char       *value)
{
  ObProviderServer *server = state->server;
  guint64 port;

  switch (state->leaf)
    {
    case LEAF_HOSTNAME:
      g_free (server->hostname);
      server->hostname = g_strdup (value);
      if (!hostname_is_usable (server->hostname))
        state->server_invalid = TRUE;
      break;
    case LEAF_PORT:
      if (g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL))
        server->port = (guint16) port;
      else
        state->server_invalid = TRUE;
      break;
    case LEAF_SOCKET_TYPE:
      if (g_ascii_strcasecmp (value, "SSL") == 0)
        server->security = OB_SECURITY_TLS;
      else if (g_ascii_strcasecmp (value, "STARTTLS") == 0)
        server->security = OB_SECURITY_STARTTLS;
      else if (g_ascii_strcasecmp (value, "plain") == 0)
        server->security = OB_SECURITY_NONE;
      else
        state->server_invalid = TRUE;
      break;
    case LEAF_AUTHENTICATION:
      if (is_token (value))
        g_ptr_array_add (state->server_auth, g_strdup (value));
      break;
    case LEAF_USERNAME:
      g_free (server->username);
      server->username = g_strdup (value);
      if (!is_token (value))
        state->server_invalid = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
end_leaf (ParseState *state)
{
  ObProvider *provider = state->provider;
  g_autofree char *value = g_strstrip (g_strdup (state->text->str));
  Texts *texts = state->server ? &state->server_texts : &state->texts;

  switch (state->leaf)
    {
    case LEAF_DOMAIN:
    case LEAF_MX_DOMAIN:
      if (ob_hostname_is_valid (value))
        {
          g_ptr_array_add (state->leaf == LEAF_DOMAIN ? provider->domains : provider->mx_domains,
                           g_ascii_strdown (value, -1));
          if (state->leaf == LEAF_MX_DOMAIN)
            g_ptr_array_add (provider->mx_regions, g_steal_pointer (&state->leaf_region));
        }
      break;
    case LEAF_DISPLAY_NAME:
      g_free (provider->display_name);
      provider->display_name = clean_text (value);
      break;
    case LEAF_SHORT_NAME:
      g_free (provider->short_name);
      provider->short_name = clean_text (value);
      break;
    case LEAF_DESCR:
      add_localized (state->texts.help, state->leaf_lang, value);
      break;
    case LEAF_USERNAME_HINT:
      add_localized (texts->username_hints, state->leaf_lang, value);
      break;
    case LEAF_PASSWORD_HINT:
      add_localized (texts->password_hints, state->leaf_lang, value);
      break;
    case LEAF_NOTE:
      add_localized (texts->notes, state->leaf_lang, value);
      break;
    default:
      end_server_leaf (state, value);
    }
  state->leaf = LEAF_NONE;
  g_clear_pointer (&state->leaf_region, g_free);
}

static void
end_server (ParseState *state)
{
  g_autoptr(ObProviderServer) server = g_steal_pointer (&state->server);

  server->authentication = (char **) g_ptr_array_free (g_steal_pointer (&state->server_auth),
                                                       FALSE);
  server->username_hint = pick_text (state->server_texts.username_hints);
  server->password_hint = pick_text (state->server_texts.password_hints);
  server->notes = pick_texts (state->server_texts.notes);
  texts_clear (&state->server_texts);

  if (state->server_invalid || server->hostname == NULL || server->port == 0)
    {
      state->provider->n_rejected_servers++;
      return;
    }
  g_ptr_array_add (state->provider->servers, g_steal_pointer (&server));
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              data,
             GError              **error)
{
  ParseState *state = data;

  if (state->skip_depth == state->depth)
    state->skip_depth = 0;
  else if (state->skip_depth == 0)
    {
      if (state->leaf != LEAF_NONE && state->leaf_depth == state->depth)
        end_leaf (state);
      else if (state->server != NULL && state->depth == 3)
        end_server (state);
      else if (state->in_documentation && state->depth == 3)
        {
          state->in_documentation = FALSE;
          state->documentation_done = TRUE;
        }
      else if (state->in_provider && state->depth == 2)
        {
          state->in_provider = FALSE;
          state->provider_done = TRUE;
        }

      while (state->bindings->len > 0 &&
             ((NsBinding *) g_ptr_array_index (state->bindings,
                                               state->bindings->len - 1))->depth == state->depth)
        g_ptr_array_remove_index (state->bindings, state->bindings->len - 1);
    }
  state->depth--;
}

static void
parse_state_clear (ParseState *state)
{
  g_clear_object (&state->provider);
  g_clear_pointer (&state->bindings, g_ptr_array_unref);
  texts_clear (&state->texts);
  g_clear_pointer (&state->server, ob_provider_server_free);
  g_clear_pointer (&state->server_auth, g_ptr_array_unref);
  texts_clear (&state->server_texts);
  g_clear_pointer (&state->leaf_lang, g_free);
  g_clear_pointer (&state->leaf_region, g_free);
  if (state->text != NULL)
    g_string_free (g_steal_pointer (&state->text), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParseState, parse_state_clear)

static const GMarkupParser parser = {
  .start_element = start_element,
  .end_element = end_element,
  .text = text,
};

/**
 * ob_ispdb_parse:
 * @data: a configuration document in the autoconfig format (config-v1.1)
 * @length: its size in bytes
 *
 * Reads the first `<emailProvider>` of @data: its names, domains, SMTP
 * servers in document order, help page and Outbound's provider hints.
 * Servers with an invalid host name, port or encryption are left out and
 * counted (ob_provider_get_n_rejected_servers()); placeholders are kept for
 * ob_provider_expand(). Texts are chosen in the person's language when the
 * document has it, else in English.
 *
 * Returns: (transfer full) (nullable): the provider, or %NULL with
 *   %OB_DETECTOR_ERROR_TOO_LARGE or %OB_DETECTOR_ERROR_MALFORMED
 */
ObProvider *
ob_ispdb_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  g_auto(ParseState) state = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  ObProvider *provider;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > OB_ISPDB_MAX_SIZE)
    {
      g_set_error (error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_TOO_LARGE,
                   _("The configuration document is larger than %u KiB, far more than a real "
                     "one needs, so it was not read."), OB_ISPDB_MAX_SIZE / 1024);
      return NULL;
    }

  state.provider = ob_provider_new ();
  state.bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) ns_binding_free);
  state.text = g_string_new (NULL);
  texts_init (&state.texts);

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT |
                                                 G_MARKUP_PREFIX_ERROR_POSITION, &state, NULL);
  if (!g_markup_parse_context_parse (context, data ? data : "", length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      if (local_error->domain == OB_DETECTOR_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_MALFORMED,
                     _("The configuration document is not valid XML: %s"), local_error->message);
      return NULL;
    }
  if (!state.provider_done)
    {
      g_set_error (error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_MALFORMED,
                   _("The configuration document describes no mail provider."));
      return NULL;
    }

  provider = state.provider;
  provider->help_text = pick_text (state.texts.help);
  provider->username_hint = pick_text (state.texts.username_hints);
  provider->password_hint = pick_text (state.texts.password_hints);
  provider->notes = pick_texts (state.texts.notes);
  if (provider->id == NULL && provider->domains->len > 0)
    provider->id = g_strdup (g_ptr_array_index (provider->domains, 0));
  return g_steal_pointer (&state.provider);
}
