/* ob-account-store-file.c — reading and writing accounts.ini
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is a GKeyFile with one [Account ID] section per account, but it
 * is read line by line here rather than handed to GKeyFile whole: GKeyFile
 * gives up on the first bad line and rarely says which line it was, while
 * a file a person edited by hand must still give up its good accounts and
 * say exactly where the bad ones are. Each setting line is still parsed by
 * GKeyFile, so quoting and escapes mean exactly what they mean there.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-account-store-private.h"
#include "ob-escape.h"

#define SECTION_PREFIX "Account "
#define SCRATCH_GROUP "s"
#define MAX_ID_LENGTH 64

/* The file's keys and the account properties they hold. "origin" and
 * "detected-source" come last, so that restoring them is not undone by
 * the server settings before them (see ob_account_get_origin()). */
static const struct
{
  const char *key;
  const char *property;
} settings[] = {
  { "Name", "display-name" },
  { "Address", "address" },
  { "SenderName", "sender-name" },
  { "ReplyTo", "reply-to" },
  { "Signature", "signature" },
  { "Host", "host" },
  { "Port", "port" },
  { "Security", "security" },
  { "AuthMechanism", "auth-mechanism" },
  { "Username", "username" },
  { "UsernameIsSecret", "username-is-secret" },
  { "CaFile", "ca-file" },
  { "PinnedSha256", "pinned-sha256" },
  { "MaxPerMinute", "max-per-minute" },
  { "MaxPerDay", "max-per-day" },
  { "SizeLimit", "size-limit" },
  { "Provider", "provider-id" },
  { "Origin", "origin" },
  { "DetectedSource", "detected-source" },
};

typedef struct
{
  guint   line;
  guint   order;
  GError *error;
} Problem;

typedef struct
{
  const char   *path;
  GPtrArray    *accounts;
  GArray       *found;          /* Problem, in the order found */
  guint         n_problems;
  GHashTable   *seen_ids;
  gboolean      in_section;

  /* The section being read; NULL while inside a section that is ignored. */
  GKeyFile     *section;
  char         *section_id;
  guint         section_line;
  GHashTable   *key_lines;
} Parser;

static void add_problem (Parser              *p,
                         ObAccountStoreError  code,
                         guint                line,
                         const char          *format,
                         ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Parser              *p,
             ObAccountStoreError  code,
             guint                line,
             const char          *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  Problem problem = { .line = line, .order = p->n_problems++ };

  if (p->found->len >= OB_ACCOUNT_STORE_MAX_PROBLEMS)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: a problem in the accounts file: %s is the file, %u the
   * line number, the last %s what is wrong */
  problem.error = g_error_new (OB_ACCOUNT_STORE_ERROR, code, _("%s, line %u: %s"),
                               p->path, line, what);
  g_array_append_val (p->found, problem);
}

/* A section's problems are found when it ends, after those of its lines:
 * list them in line order, as a person reads the file. */
static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const Problem *pa = a;
  const Problem *pb = b;

  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  return pa->order < pb->order ? -1 : pa->order > pb->order;
}

static gboolean
id_is_valid (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > MAX_ID_LENGTH)
    return FALSE;
  for (const char *c = id; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

static GParamSpec *
find_pspec (const char *property)
{
  /* Referenced once for the life of the program: every read and write of
   * the file needs it. */
  static GObjectClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (OB_TYPE_ACCOUNT));
  return g_object_class_find_property (klass, property);
}

static int
find_setting (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].key, key))
      return (int) i;
  return -1;
}

static char *
describe_nicks (GType enum_type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  g_autoptr(GStrvBuilder) nicks = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < klass->n_values; i++)
    g_strv_builder_add (nicks, klass->values[i].value_nick);
  list = g_strv_builder_end (nicks);
  return g_strjoinv (", ", list);
}

/* Reads one setting into @value, as the property's type demands.
 * Returns what is wrong with it, or NULL. */
static char *
read_value (GKeyFile   *section,
            const char *key,
            GParamSpec *pspec,
            GValue     *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_key_file_get_string (section, SCRATCH_GROUP, key, &error);
  g_autofree char *safe = NULL;

  /* A bad escape gives an error and still a value: the error decides. */
  if (error != NULL)
    return g_strdup (error->message);

  g_value_init (value, pspec->value_type);
  if (pspec->value_type == G_TYPE_STRING)
    {
      g_value_take_string (value, g_steal_pointer (&text));
      return NULL;
    }

  safe = ob_escape_untrusted (text, -1);
  if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      GParamSpecUInt *range = G_PARAM_SPEC_UINT (pspec);
      guint64 number;

      if (!g_ascii_string_to_unsigned (text, 10, range->minimum, range->maximum, &number, NULL))
        return g_strdup_printf (_("“%s” is not a number from %u to %u"), safe,
                                range->minimum, range->maximum);
      g_value_set_uint (value, (guint) number);
      return NULL;
    }

  if (G_IS_PARAM_SPEC_UINT64 (pspec))
    {
      guint64 number;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &number, NULL))
        return g_strdup_printf (_("“%s” is not a number"), safe);
      g_value_set_uint64 (value, number);
      return NULL;
    }

  if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    {
      if (g_strcmp0 (text, "true") != 0 && g_strcmp0 (text, "false") != 0)
        return g_strdup_printf (_("“%s” is not “true” or “false”"), safe);
      g_value_set_boolean (value, g_str_equal (text, "true"));
      return NULL;
    }

  if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (pspec->value_type);
      GEnumValue *found = g_enum_get_value_by_nick (klass, text);
      g_autofree char *nicks = NULL;

      if (found != NULL)
        {
          g_value_set_enum (value, found->value);
          return NULL;
        }
      nicks = describe_nicks (pspec->value_type);
      /* TRANSLATORS: the first %s is what the file says, the second the
       * words it may say instead, such as “tls, starttls, none” */
      return g_strdup_printf (_("“%s” is not one of: %s"), safe, nicks);
    }

  g_return_val_if_reached (NULL);
}

static ObAccount *
account_from_section (Parser *p)
{
  const char *names[G_N_ELEMENTS (settings) + 1];
  GValue values[G_N_ELEMENTS (settings) + 1] = { G_VALUE_INIT };
  g_auto(GStrv) keys = g_key_file_get_keys (p->section, SCRATCH_GROUP, NULL, NULL);
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean usable = TRUE;
  guint n = 0;

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (find_setting (keys[i]) < 0)
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE,
                   GPOINTER_TO_UINT (g_hash_table_lookup (p->key_lines, keys[i])),
                   _("“%s” is not a setting Outbound knows; it is ignored."), keys[i]);

  names[n] = "id";
  g_value_init (&values[n], G_TYPE_STRING);
  g_value_set_string (&values[n++], p->section_id);

  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      GParamSpec *pspec = find_pspec (settings[i].property);
      g_autofree char *wrong = NULL;

      if (!g_key_file_has_key (p->section, SCRATCH_GROUP, settings[i].key, NULL))
        continue;

      wrong = read_value (p->section, settings[i].key, pspec, &values[n]);
      if (wrong != NULL)
        {
          add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE,
                       GPOINTER_TO_UINT (g_hash_table_lookup (p->key_lines, settings[i].key)),
                       /* TRANSLATORS: %s: the setting, what is wrong with it, the account */
                       _("%s cannot be used (%s), so account “%s” is left out."),
                       settings[i].key, wrong, p->section_id);
          usable = FALSE;
          g_value_unset (&values[n]);
          continue;
        }
      names[n++] = settings[i].property;
    }

  if (usable && !g_key_file_has_key (p->section, SCRATCH_GROUP, "Address", NULL))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_ACCOUNT, p->section_line,
                   _("Account “%s” has no Address, so it is left out."), p->section_id);
      usable = FALSE;
    }

  if (usable)
    account = OB_ACCOUNT (g_object_new_with_properties (OB_TYPE_ACCOUNT, n, names, values));
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);
  if (account == NULL)
    return NULL;

  if (!ob_account_validate (account, &error))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_ACCOUNT, p->section_line,
                   _("Account “%s” is left out: %s"), p->section_id, error->message);
      return NULL;
    }
  return g_steal_pointer (&account);
}

static gboolean
address_is_taken (GPtrArray  *accounts,
                  const char *address)
{
  g_autofree char *folded = g_utf8_casefold (address, -1);

  for (guint i = 0; i < accounts->len; i++)
    {
      g_autofree char *other =
        g_utf8_casefold (ob_account_get_address (g_ptr_array_index (accounts, i)), -1);

      if (g_str_equal (folded, other))
        return TRUE;
    }
  return FALSE;
}

static void
finish_section (Parser *p)
{
  g_autoptr(ObAccount) account = NULL;

  if (p->section == NULL)
    return;

  account = account_from_section (p);
  if (account != NULL && address_is_taken (p->accounts, ob_account_get_address (account)))
    add_problem (p, OB_ACCOUNT_STORE_ERROR_DUPLICATE, p->section_line,
                 _("Account “%s” has the same address as an account before it, so it is "
                   "left out."), p->section_id);
  else if (account != NULL)
    g_ptr_array_add (p->accounts, g_steal_pointer (&account));

  g_clear_pointer (&p->section, g_key_file_unref);
  g_clear_pointer (&p->section_id, g_free);
  g_clear_pointer (&p->key_lines, g_hash_table_unref);
}

static void
start_section (Parser *p,
               guint   number,
               char   *text)
{
  g_autofree char *safe = NULL;
  const char *id;
  gsize length;

  finish_section (p);
  p->in_section = TRUE;

  g_strchomp (text);
  length = strlen (text);
  safe = ob_escape_untrusted (text, -1);
  if (length < 2 || text[length - 1] != ']' || !g_str_has_prefix (text + 1, SECTION_PREFIX))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number,
                   _("“%s” is not an account section; the lines up to the next section "
                     "are ignored."), safe);
      return;
    }

  text[length - 1] = '\0';
  id = text + 1 + strlen (SECTION_PREFIX);
  if (!id_is_valid (id))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number,
                   _("“%s” does not name a valid account id (letters, digits, “-” and “_”); "
                     "the lines up to the next section are ignored."), safe);
      return;
    }
  if (g_hash_table_contains (p->seen_ids, id))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_DUPLICATE, number,
                   _("Account “%s” appears a second time; this section is ignored."), id);
      return;
    }

  g_hash_table_add (p->seen_ids, g_strdup (id));
  p->section = g_key_file_new ();
  p->section_id = g_strdup (id);
  p->section_line = number;
  p->key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
add_setting (Parser     *p,
             guint       number,
             const char *text)
{
  g_autoptr(GKeyFile) scratch = g_key_file_new ();
  g_autofree char *one = g_strconcat ("[" SCRATCH_GROUP "]\n", text, "\n", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *value = NULL;

  if (!g_key_file_load_from_data (scratch, one, -1, G_KEY_FILE_NONE, &error))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number, "%s", error->message);
      return;
    }
  keys = g_key_file_get_keys (scratch, SCRATCH_GROUP, NULL, NULL);
  g_return_if_fail (keys != NULL && keys[0] != NULL);

  if (g_hash_table_contains (p->key_lines, keys[0]))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number,
                   _("%s is set a second time in this section; only the first is used."),
                   keys[0]);
      return;
    }
  value = g_key_file_get_value (scratch, SCRATCH_GROUP, keys[0], NULL);
  g_key_file_set_value (p->section, SCRATCH_GROUP, keys[0], value);
  g_hash_table_insert (p->key_lines, g_strdup (keys[0]), GUINT_TO_POINTER (number));
}

static void
parse_line (Parser     *p,
            guint       number,
            const char *start,
            gsize       length)
{
  g_autofree char *line = NULL;
  g_autofree char *safe = NULL;
  char *text;

  if (length > 0 && start[length - 1] == '\r')
    length--;
  /* This also refuses NUL bytes, which would cut the line short. */
  if (!g_utf8_validate (start, length, NULL))
    {
      add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number,
                   _("The line is not UTF-8 text; it is ignored."));
      return;
    }

  line = g_strndup (start, length);
  text = g_strchug (line);
  if (*text == '\0' || *text == '#')
    return;
  if (*text == '[')
    {
      start_section (p, number, text);
      return;
    }

  safe = ob_escape_untrusted (text, -1);
  if (strchr (text, '=') == NULL)
    add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number,
                 _("“%s” is not a setting, a section or a comment; it is ignored."), safe);
  else if (!p->in_section)
    add_problem (p, OB_ACCOUNT_STORE_ERROR_INVALID_LINE, number,
                 _("“%s” is outside any account section; it is ignored."), safe);
  else if (p->section != NULL)
    add_setting (p, number, text);
}

/**
 * ob_account_store_parse:
 * @path: the file's path, for the problems' messages
 * @accounts: (element-type ObAccount): where the usable accounts go, in
 *   file order
 * @problems: (element-type GError): where each problem goes, naming its line
 *
 * Reads the accounts file's text. Every line is looked at; a bad line or
 * a bad account never stops the others from loading.
 */
void
ob_account_store_parse (const char *path,
                        const char *data,
                        gsize       length,
                        GPtrArray  *accounts,
                        GPtrArray  *problems)
{
  Parser p = {
    .path = path,
    .accounts = accounts,
    .found = g_array_new (FALSE, FALSE, sizeof (Problem)),
    .seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
  };
  const char *end = data + length;
  guint number = 0;

  for (const char *start = data; start < end; )
    {
      const char *newline = memchr (start, '\n', end - start);
      const char *stop = newline ? newline : end;

      parse_line (&p, ++number, start, stop - start);
      start = stop + 1;
    }
  finish_section (&p);

  g_array_sort (p.found, compare_problems);
  for (guint i = 0; i < p.found->len; i++)
    g_ptr_array_add (problems, g_array_index (p.found, Problem, i).error);
  if (p.n_problems > p.found->len)
    {
      guint more = p.n_problems - p.found->len;

      g_ptr_array_add (problems,
                       g_error_new (OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_INVALID_LINE,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%s: %u more problem is not listed.",
                                                 "%s: %u more problems are not listed.", more),
                                    path, more));
    }
  g_array_unref (p.found);
  g_hash_table_unref (p.seen_ids);
}

/**
 * ob_account_store_serialize:
 * @accounts: (element-type ObAccount): valid accounts
 *
 * Returns: (transfer full): the accounts file's text. Settings that are not
 *   set are left out; there is never a secret in it, since accounts hold none.
 */
char *
ob_account_store_serialize (GPtrArray *accounts,
                            gsize     *length)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  /* TRANSLATORS: the comment at the top of the accounts file; keep the
   * leading space */
  g_key_file_set_comment (file, NULL, NULL,
                          _(" Outbound’s accounts. Passwords are kept in the system keyring, "
                            "never here."), NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      ObAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *group = g_strconcat (SECTION_PREFIX, ob_account_get_id (account), NULL);

      for (gsize k = 0; k < G_N_ELEMENTS (settings); k++)
        {
          GParamSpec *pspec = find_pspec (settings[k].property);
          g_auto(GValue) value = G_VALUE_INIT;

          g_value_init (&value, pspec->value_type);
          g_object_get_property (G_OBJECT (account), settings[k].property, &value);
          if (pspec->value_type == G_TYPE_STRING && g_value_get_string (&value) != NULL)
            g_key_file_set_string (file, group, settings[k].key, g_value_get_string (&value));
          else if (G_IS_PARAM_SPEC_UINT (pspec) && g_value_get_uint (&value) != 0)
            g_key_file_set_uint64 (file, group, settings[k].key, g_value_get_uint (&value));
          else if (G_IS_PARAM_SPEC_UINT64 (pspec) && g_value_get_uint64 (&value) != 0)
            g_key_file_set_uint64 (file, group, settings[k].key, g_value_get_uint64 (&value));
          else if (G_IS_PARAM_SPEC_BOOLEAN (pspec) && g_value_get_boolean (&value))
            g_key_file_set_string (file, group, settings[k].key, "true");
          else if (G_IS_PARAM_SPEC_ENUM (pspec))
            {
              g_autoptr(GEnumClass) enum_class = g_type_class_ref (pspec->value_type);
              GEnumValue *nick = g_enum_get_value (enum_class, g_value_get_enum (&value));

              g_key_file_set_string (file, group, settings[k].key, nick->value_nick);
            }
        }
    }
  return g_key_file_to_data (file, length, NULL);
}

/**
 * ob_account_copy_settings:
 *
 * Gives @to every setting of @from, keeping its identity: so an account
 * object a view shows takes on what another program saved, and an editor
 * can work on a copy and hand the result back.
 */
void
ob_account_copy_settings (ObAccount *to,
                          ObAccount *from)
{
  g_object_freeze_notify (G_OBJECT (to));
  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (from), settings[i].property, &value);
      g_object_set_property (G_OBJECT (to), settings[i].property, &value);
    }
  g_object_thaw_notify (G_OBJECT (to));
}
