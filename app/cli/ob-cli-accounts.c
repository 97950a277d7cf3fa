/* ob-cli-accounts.c — `outbound accounts`: list, add, show, set-password, remove
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passwords reach the keyring from a file (--password-file) or from the
 * terminal with echo off; never from the command line, where any user
 * could read them in the process list.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ob-account.h"
#include "ob-address.h"
#include "ob-certificate.h"
#include "ob-detection.h"
#include "ob-detector-candidate.h"
#include "ob-provider.h"
#include "ob-cli.h"
#include "ob-cli-accounts.h"
#include "ob-cli-commands.h"
#include "ob-cli-connection.h"
#include "ob-cli-detect.h"
#include "ob-cli-json.h"
#include "ob-enum-types.h"
#include "ob-secrets.h"
#include "ob-smtp-error.h"

/* Longer than any password a person types; a longer line is refused rather
 * than cut. */
#define MAX_PASSWORD 1024

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("outbound accounts %s: %s\n", command, error->message);
  if (g_error_matches (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT))
    return EX_USAGE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    return EX_DATAERR;
  return ob_cli_exit_status_for_error (error);
}

/**
 * ob_cli_open_accounts:
 *
 * Loads the person's accounts, telling them on standard error about every
 * problem in the file.
 *
 * Returns: (transfer full) (nullable): the store
 */
ObAccountStore *
ob_cli_open_accounts (GError **error)
{
  g_autoptr(ObAccountStore) store = ob_account_store_new_default ();
  GPtrArray *problems;

  if (!ob_account_store_load (store, error))
    return NULL;

  problems = ob_account_store_get_load_problems (store);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("outbound: %s\n", ((GError *) g_ptr_array_index (problems, i))->message);
  return g_steal_pointer (&store);
}

/**
 * ob_cli_find_account:
 * @name: an account's address or id, as the person typed it
 *
 * Returns: (transfer none) (nullable): the account
 */
ObAccount *
ob_cli_find_account (ObAccountStore  *store,
                     const char      *name,
                     GError         **error)
{
  ObAccount *account = ob_account_store_lookup (store, name);

  if (account == NULL)
    g_set_error (error, OB_ACCOUNT_STORE_ERROR, OB_ACCOUNT_STORE_ERROR_NOT_FOUND,
                 _("There is no account “%s”. “outbound accounts list” shows the accounts."),
                 name);
  return account;
}

static struct termios saved_termios;
static volatile sig_atomic_t echo_is_off;

/* A Ctrl+C at the prompt must not leave the terminal without echo. */
static void
restore_echo_and_die (int signum)
{
  if (echo_is_off)
    tcsetattr (STDIN_FILENO, TCSANOW, &saved_termios);
  signal (signum, SIG_DFL);
  raise (signum);
}

static char *
prompt_password (const char  *prompt,
                 GError     **error)
{
  const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct termios quiet;
  char line[MAX_PASSWORD];
  gsize length = 0;
  gboolean too_long = FALSE;
  char *password;

  if (tcgetattr (STDIN_FILENO, &saved_termios) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot read the password from the terminal: %s"), g_strerror (errno));
      return NULL;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], restore_echo_and_die);
  quiet = saved_termios;
  quiet.c_lflag &= ~ECHO;
  quiet.c_lflag |= ECHONL;
  /* Echo goes off before the prompt shows: what is typed after it is
   * neither shown nor dropped with the earlier typeahead TCSAFLUSH drops. */
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  echo_is_off = TRUE;
  g_printerr ("%s", prompt);

  for (;;)
    {
      char c;
      gssize got = read (STDIN_FILENO, &c, 1);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0 || c == '\n')
        break;
      if (length + 1 < sizeof line)
        line[length++] = c;
      else
        too_long = TRUE;
    }

  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  echo_is_off = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], SIG_DFL);

  if (length > 0 && line[length - 1] == '\r')
    length--;
  password = too_long || length == 0 ? NULL : g_strndup (line, length);
  explicit_bzero (line, sizeof line);
  if (password == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         too_long ? _("The password is too long.")
                                  : _("No password was entered."));
  return password;
}

/* From --password-file, or typed on the terminal. */
static char *
get_password (const char  *password_file,
              const char  *username,
              const char  *host,
              GError     **error)
{
  g_autofree char *prompt = NULL;
  char *password;

  if (password_file != NULL)
    {
      password = ob_cli_read_password_file (password_file, error);
      if (password != NULL && *password == '\0')
        {
          g_free (password);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The password file’s first line is empty."));
          return NULL;
        }
      return password;
    }

  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                           _("Give the password in a file with --password-file, or run this "
                             "on a terminal to type it; it is never taken from the command "
                             "line, where others could see it."));
      return NULL;
    }
  /* TRANSLATORS: a prompt; the first %s is a login name, the second a server */
  prompt = g_strdup_printf (_("Password for %s on %s: "), username, host);
  return prompt_password (prompt, error);
}

static void
free_password (char *password)
{
  if (password == NULL)
    return;
  explicit_bzero (password, strlen (password));
  g_free (password);
}

typedef char ObCliPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObCliPassword, free_password)

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found ? found->value_nick : NULL;
}

static void
append_account_json (GString   *out,
                     ObAccount *account)
{
  gboolean first = TRUE;
  const struct {
    const char *name;
    const char *value;
  } strings[] = {
    { "id", ob_account_get_id (account) },
    { "address", ob_account_get_address (account) },
    { "name", ob_account_get_display_name (account) },
    { "sender_name", ob_account_get_sender_name (account) },
    { "reply_to", ob_account_get_reply_to (account) },
    { "signature", ob_account_get_signature (account) },
    { "host", ob_account_get_host (account) },
    { "security", enum_nick (OB_TYPE_SECURITY, ob_account_get_security (account)) },
    { "auth_mechanism", ob_account_get_auth_mechanism (account) },
    { "username", ob_account_get_username (account) },
    { "ca_file", ob_account_get_ca_file (account) },
    { "pinned_sha256", ob_account_get_pinned_sha256 (account) },
    { "provider", ob_account_get_provider_id (account) },
    { "origin", enum_nick (OB_TYPE_ACCOUNT_ORIGIN, ob_account_get_origin (account)) },
    { "detected_source", ob_account_get_detected_source (account) },
  };

  g_string_append_c (out, '{');
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      ob_json_append_member (out, &first, strings[i].name);
      ob_json_append_string (out, strings[i].value);
    }
  ob_json_append_member (out, &first, "port");
  g_string_append_printf (out, "%u", ob_account_get_port (account));
  ob_json_append_member (out, &first, "max_per_minute");
  g_string_append_printf (out, "%u", ob_account_get_max_per_minute (account));
  ob_json_append_member (out, &first, "max_per_day");
  g_string_append_printf (out, "%u", ob_account_get_max_per_day (account));
  g_string_append_c (out, '}');
}

static int
run_list (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the accounts as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccountStore) store = NULL;
  GListModel *model;

  g_option_context_set_summary (context, _("List the accounts."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("list", error);

  store = ob_cli_open_accounts (&error);
  if (store == NULL)
    return fail ("list", error);
  model = G_LIST_MODEL (store);

  if (json)
    {
      g_autoptr(GString) out = g_string_new ("{\"accounts\":[");
      GPtrArray *problems = ob_account_store_get_load_problems (store);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(ObAccount) account = g_list_model_get_item (model, i);

          if (i > 0)
            g_string_append_c (out, ',');
          append_account_json (out, account);
        }
      g_string_append (out, "],\"problems\":[");
      for (guint i = 0; i < problems->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          ob_json_append_string (out, ((GError *) g_ptr_array_index (problems, i))->message);
        }
      g_string_append (out, "]}\n");
      fputs (out->str, stdout);
      return EX_OK;
    }

  if (g_list_model_get_n_items (model) == 0)
    g_print (_("No accounts yet. Add one with “outbound accounts add --address ADDRESS "
               "--server HOST”.\n"));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ObAccount) account = g_list_model_get_item (model, i);
      g_autofree char *server = ob_account_describe_server (account);
      const char *name = ob_account_get_display_name (account);

      if (name != NULL)
        g_print ("%s  %s (%s)\n", ob_account_get_id (account), ob_account_get_address (account),
                 name);
      else
        g_print ("%s  %s\n", ob_account_get_id (account), ob_account_get_address (account));
      g_print ("    %s\n", server);
    }
  return EX_OK;
}

/* Stores the password, then the account; an account that cannot be saved
 * takes its password back out of the keyring. */
static gboolean
save_new_account (ObAccountStore  *store,
                  ObAccount       *account,
                  const char      *password,
                  GError         **error)
{
  const char *id = ob_account_get_id (account);

  if (password != NULL &&
      !ob_secrets_store_sync (id, ob_account_get_host (account),
                              ob_account_get_login_label (account), OB_SECRET_KIND_PASSWORD,
                              password, NULL, error))
    return FALSE;
  if (ob_account_store_add (store, account, error))
    return TRUE;
  if (password != NULL)
    ob_secrets_clear_sync (id, NULL, NULL);
  return FALSE;
}

static gboolean
configure_account (ObAccount   *account,
                   const char  *server,
                   const char  *security_mode,
                   const char  *ca_file,
                   GError     **error)
{
  g_autofree char *host = NULL;
  guint16 port = 0;
  ObSecurity security;

  /* Detection has set the server already when none is given here. */
  if (server == NULL && ob_account_get_host (account) == NULL)
    {
      g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                           _("Give the server to send through with --server HOST[:PORT], or "
                             "find it with --detect."));
      return FALSE;
    }
  if (server != NULL)
    {
      if (!ob_cli_parse_server (server, security_mode, &host, &port, &security, error))
        return FALSE;
      ob_account_set_host (account, host);
      ob_account_set_port (account, port);
      ob_account_set_security (account, security);
    }

  if (ca_file != NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (ca_file, NULL);

      if (!g_file_test (absolute, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                       _("The certificate authority file %s does not exist."), absolute);
          return FALSE;
        }
      ob_account_set_ca_file (account, absolute);
    }
  return TRUE;
}

/* Asks on the terminal; without one, nobody can say yes. */
static gboolean
confirm (const char *question)
{
  char answer[16] = "";

  if (!isatty (STDIN_FILENO))
    return FALSE;
  g_print ("%s ", question);
  fflush (stdout);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  /* TRANSLATORS: the letter that answers “yes” to a [y/N] question */
  return g_ascii_tolower (answer[0]) == g_ascii_tolower (_("y")[0]);
}

/* Fills the server settings from detection: the best server a probe
 * verified. One that an unauthenticated source named outside the address's
 * domain is taken only when the person confirms it (the password would go
 * there). Returns an exit status, EX_OK when the account is set up. */
static int
configure_detected (ObAccount  *account,
                    const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = ob_cli_detect_run (address, 0, FALSE, &error);
  g_autofree char *confirmation = NULL;
  g_autofree char *described = NULL;
  ObDetectorCandidate *best;

  if (detection == NULL)
    return fail ("add", error);
  best = ob_detection_get_best (detection);
  if (best == NULL ||
      ob_detector_candidate_get_verification (best) != OB_DETECTOR_VERIFICATION_VERIFIED)
    {
      g_printerr (_("outbound accounts add: no server could be verified for %s. Run “outbound "
                    "detect %s” to see what was tried, or give the server with --server.\n"),
                  address, address);
      return EX_UNAVAILABLE;
    }

  confirmation = ob_detector_candidate_describe_confirmation (best);
  if (ob_detector_candidate_needs_confirmation (best))
    {
      g_autofree char *question = g_strdup_printf (_("%s Use %s anyway? [y/N]"), confirmation,
                                                   ob_detector_candidate_get_host (best));

      if (!confirm (question))
        {
          g_printerr (_("outbound accounts add: %s Not used without your confirmation: give "
                        "the server with --server if it is the right one.\n"), confirmation);
          return EX_NOPERM;
        }
    }

  ob_detector_candidate_apply (best, account);

  described = ob_account_describe_server (account);
  g_print (_("Found and verified: %s.\n"), described);
  return EX_OK;
}

static int
run_add (int argc, char **argv)
{
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;
  g_autofree char *server = NULL;
  g_autofree char *security = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *auth_mech = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *pin = NULL;
  gboolean detect = FALSE;
  const GOptionEntry entries[] = {
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, N_("The address to send from"),
      N_("ADDR") },
    { "detect", 'd', 0, G_OPTION_ARG_NONE, &detect,
      N_("Find and verify the server for the address instead of giving --server"), NULL },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, N_("Your name, as recipients see it"),
      N_("NAME") },
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("The SMTP server, with its port if not the usual one"), N_("HOST[:PORT]") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security,
      N_("tls (port 465), starttls (port 587, the default) or none"), N_("MODE") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Log in with this user name"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the password from the first line of FILE (else it is asked for)"), N_("FILE") },
    { "auth-mech", 0, 0, G_OPTION_ARG_STRING, &auth_mech,
      N_("Use this login method instead of choosing one"), N_("MECH") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the certificate authorities in FILE (PEM) instead of the system’s"), N_("FILE") },
    { "pin-sha256", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("Accept the server certificate with this SHA-256 fingerprint"), N_("HEX") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(ObCliPassword) password = NULL;
  g_autofree char *described = NULL;

  g_option_context_set_summary (context, _("Add an account. Its password goes to the system "
                                           "keyring, never to a file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("add", error);
  if (address == NULL)
    {
      g_printerr (_("outbound accounts add: give the address with --address.\n"));
      return EX_USAGE;
    }
  if (password_file != NULL && user == NULL)
    {
      g_printerr (_("outbound accounts add: a password file needs a user name: add --user.\n"));
      return EX_USAGE;
    }

  if (detect && server != NULL)
    {
      g_printerr (_("outbound accounts add: give either --detect or --server, not both.\n"));
      return EX_USAGE;
    }

  account = ob_account_new (address);
  ob_account_set_sender_name (account, name);
  ob_account_set_username (account, user);
  ob_account_set_auth_mechanism (account, auth_mech);
  ob_account_set_pinned_sha256 (account, pin);
  if (detect)
    {
      int status;

      if (!ob_address_is_valid (address))
        {
          g_printerr (_("outbound accounts add: “%s” is not a valid address.\n"), address);
          return EX_DATAERR;
        }
      status = configure_detected (account, address);
      if (status != EX_OK)
        return status;
      if (user == NULL)
        user = g_strdup (ob_account_get_username (account));
    }
  if (!configure_account (account, detect ? NULL : server, security, ca_file, &error))
    {
      g_printerr ("outbound accounts add: %s\n", error->message);
      return error->domain == G_FILE_ERROR ? EX_NOINPUT : EX_USAGE;
    }
  if (!ob_account_validate (account, &error))
    return fail ("add", error);

  store = ob_cli_open_accounts (&error);
  if (store == NULL)
    return fail ("add", error);
  if (ob_account_store_lookup (store, address) != NULL)
    {
      g_printerr (_("outbound accounts add: there is already an account for %s.\n"), address);
      return EX_DATAERR;
    }

  if (user != NULL)
    {
      password = get_password (password_file, user, ob_account_get_host (account), &error);
      if (password == NULL)
        return fail ("add", error);
    }
  if (!save_new_account (store, account, password, &error))
    return fail ("add", error);

  if (ob_account_store_get_kept_aside_path (store) != NULL)
    g_printerr (_("outbound: the accounts file had problems; it was kept as %s.\n"),
                ob_account_store_get_kept_aside_path (store));
  described = ob_account_describe_server (account);
  g_print (_("Added account %s for %s: %s.\n"), ob_account_get_id (account), address, described);
  if (password != NULL)
    g_print (_("The password is in the system keyring.\n"));
  g_print (_("Check the connection with “outbound test %s”.\n"), address);
  return EX_OK;
}

static int
open_and_find (const char      *command,
               int              argc,
               char           **argv,
               ObAccountStore **store,
               ObAccount      **account)
{
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr (_("outbound accounts %s: name one account, by its address or id.\n"), command);
      return EX_USAGE;
    }
  *store = ob_cli_open_accounts (&error);
  if (*store == NULL)
    return fail (command, error);
  *account = ob_cli_find_account (*store, argv[1], &error);
  if (*account == NULL)
    return fail (command, error);
  g_object_ref (*account);
  return EX_OK;
}

static void
print_setting (const char *label,
               const char *value)
{
  if (value != NULL)
    g_print ("  %s: %s\n", label, value);
}

static const char *
describe_origin (ObAccount *account)
{
  switch (ob_account_get_origin (account))
    {
    case OB_ACCOUNT_ORIGIN_DETECTED:
      return _("found automatically");
    case OB_ACCOUNT_ORIGIN_EDITED:
      return _("found automatically, then changed");
    case OB_ACCOUNT_ORIGIN_MANUAL:
    default:
      return _("typed in");
    }
}

static int
run_show (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the account as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ACCOUNT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObAccount) account = NULL;
  g_autofree char *server = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *limits = NULL;
  int status;

  g_option_context_set_summary (context, _("Show an account’s settings. ACCOUNT is its address "
                                           "or id."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("show", error);
  status = open_and_find ("show", argc, argv, &store, &account);
  if (status != EX_OK)
    return status;

  if (json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      append_account_json (out, account);
      g_print ("%s\n", out->str);
      return EX_OK;
    }

  server = ob_account_describe_server (account);
  pin = ob_account_get_pinned_sha256 (account)
          ? ob_certificate_format_fingerprint (ob_account_get_pinned_sha256 (account)) : NULL;
  if (ob_account_get_max_per_minute (account) || ob_account_get_max_per_day (account))
    /* TRANSLATORS: sending limits; 0 means no limit */
    limits = g_strdup_printf (_("%u a minute, %u a day (0: no limit)"),
                              ob_account_get_max_per_minute (account),
                              ob_account_get_max_per_day (account));

  g_print (_("Account %s\n"), ob_account_get_id (account));
  print_setting (_("Address"), ob_account_get_address (account));
  print_setting (_("Account name"), ob_account_get_display_name (account));
  print_setting (_("Sender name"), ob_account_get_sender_name (account));
  print_setting (_("Reply-to address"), ob_account_get_reply_to (account));
  print_setting (_("Server"), server);
  print_setting (_("User name"), ob_account_get_username_is_secret (account)
                                 ? _("the API token, kept in the keyring")
                                 : ob_account_get_username (account));
  print_setting (_("Login method"), ob_account_get_auth_mechanism (account));
  print_setting (_("Certificate authority file"), ob_account_get_ca_file (account));
  print_setting (_("Trusted certificate (SHA-256)"), pin);
  print_setting (_("Sending limits"), limits);
  print_setting (_("Provider"), ob_account_get_provider_id (account));
  print_setting (_("Settings"), describe_origin (account));
  print_setting (_("Found by"), ob_account_get_detected_source (account));
  return EX_OK;
}

static int
run_set_password (int argc, char **argv)
{
  g_autofree char *password_file = NULL;
  const GOptionEntry entries[] = {
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the password from the first line of FILE (else it is asked for)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ACCOUNT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObAccount) account = NULL;
  g_autoptr(ObCliPassword) password = NULL;
  int status;

  g_option_context_set_summary (context, _("Store a new password for an account in the "
                                           "keyring. ACCOUNT is its address or id."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("set-password", error);
  status = open_and_find ("set-password", argc, argv, &store, &account);
  if (status != EX_OK)
    return status;

  if (!ob_account_needs_login (account))
    {
      g_printerr (_("outbound accounts set-password: %s sends without logging in, so it has "
                    "no password.\n"), ob_account_get_address (account));
      return EX_USAGE;
    }
  password = get_password (password_file, ob_account_get_login_label (account),
                           ob_account_get_host (account), &error);
  if (password == NULL ||
      !ob_secrets_store_sync (ob_account_get_id (account), ob_account_get_host (account),
                              ob_account_get_login_label (account), OB_SECRET_KIND_PASSWORD,
                              password, NULL, &error))
    return fail ("set-password", error);

  g_print (_("The new password for %s is in the system keyring.\n"),
           ob_account_get_address (account));
  return EX_OK;
}

static int
run_remove (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ACCOUNT"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ObAccountStore) store = NULL;
  g_autoptr(ObAccount) account = NULL;
  int status;

  g_option_context_set_summary (context, _("Remove an account and its password. ACCOUNT is its "
                                           "address or id."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("remove", error);
  status = open_and_find ("remove", argc, argv, &store, &account);
  if (status != EX_OK)
    return status;

  if (!ob_account_store_remove (store, account, NULL, &error))
    return fail ("remove", error);
  g_print (_("Removed the account for %s and its password.\n"), ob_account_get_address (account));
  return EX_OK;
}

static const ObCliCommand subcommands[] = {
  { "list", N_("List the accounts"), run_list },
  { "add", N_("Add an account; its password goes to the keyring"), run_add },
  { "show", N_("Show an account’s settings"), run_show },
  { "set-password", N_("Store a new password for an account"), run_set_password },
  { "remove", N_("Remove an account and its password"), run_remove },
};

static void
print_usage (FILE *to)
{
  fprintf (to, "%s\n\n%s\n", _("Usage: outbound accounts COMMAND [OPTIONS…]"),
           _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (to, "  %-14s %s\n", subcommands[i].name, _(subcommands[i].summary));
  fprintf (to, "\n%s\n", _("ACCOUNT is an account’s address or id. Run “outbound accounts "
                           "COMMAND --help” for a command’s options."));
}

int
ob_cli_accounts (int argc, char **argv)
{
  return ob_cli_dispatch ("accounts", subcommands, G_N_ELEMENTS (subcommands), print_usage,
                          argc, argv);
}
