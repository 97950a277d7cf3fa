/* ob-cli-connection.c — the connection options the sending commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * send, sendmail and send-eml differ only in where the message comes from;
 * connecting, sending, printing the outcome and choosing the exit status
 * are here, once.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ob-account.h"
#include "ob-address.h"
#include "ob-account-store.h"
#include "ob-cli-accounts.h"
#include "ob-cli-connection.h"
#include "ob-cli-json.h"
#include "ob-diagnosis.h"
#include "ob-enum-types.h"
#include "ob-escape.h"
#include "ob-secrets.h"
#include "ob-send-result.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client.h"
#include "ob-smtp-error.h"
#include "ob-smtp-reply.h"
#include "ob-transcript.h"

void
ob_cli_connection_add_options (ObCliConnection *options,
                               GOptionContext  *context)
{
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &options->account,
      N_("Send through this account (its address or id), with the password from the "
         "keyring"), N_("ACCOUNT") },
    { "server", 's', 0, G_OPTION_ARG_STRING, &options->server,
      N_("The SMTP server, with its port if not the usual one"), N_("HOST[:PORT]") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &options->security,
      N_("tls (port 465), starttls (port 587, the default) or none"), N_("MODE") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &options->user,
      N_("Log in with this user name"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &options->password_file,
      N_("Read the password from the first line of FILE"), N_("FILE") },
    { "auth-mech", 0, 0, G_OPTION_ARG_STRING, &options->auth_mech,
      N_("Use this login method instead of choosing one"), N_("MECH") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      N_("Trust the certificate authorities in FILE (PEM) instead of the system’s"), N_("FILE") },
    { "pin-sha256", 0, 0, G_OPTION_ARG_STRING, &options->pin_sha256,
      N_("Accept the server certificate with this SHA-256 fingerprint"), N_("HEX") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout,
      N_("Give up on a silent server after SECONDS (default 30)"), N_("SECONDS") },
    { "transcript", 0, 0, G_OPTION_ARG_NONE, &options->transcript,
      N_("Show the conversation with the server on standard error, passwords hidden"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print the outcome as JSON"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/**
 * ob_cli_connection_parse:
 * @command: the subcommand's name, for messages
 * @parameters: what follows the options in the usage line
 * @summary: what the command does
 * @entries: the command's own options
 *
 * Parses a sending command's options and the connection options, with the
 * exit statuses in --help.
 *
 * Returns: %FALSE after printing why the command line is wrong
 */
gboolean
ob_cli_connection_parse (ObCliConnection    *options,
                         const char         *command,
                         const char         *parameters,
                         const char         *summary,
                         const GOptionEntry *entries,
                         int                *argc,
                         char             ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, ob_cli_exit_status_help ());
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ob_cli_connection_add_options (options, context);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("outbound %s: %s\n", command, error->message);
      return FALSE;
    }
  return TRUE;
}

void
ob_cli_connection_clear (ObCliConnection *options)
{
  g_clear_pointer (&options->account, g_free);
  g_clear_object (&options->use_account);
  g_clear_pointer (&options->secret, ob_secrets_free);
  g_clear_pointer (&options->server, g_free);
  g_clear_pointer (&options->security, g_free);
  g_clear_pointer (&options->user, g_free);
  g_clear_pointer (&options->password_file, g_free);
  g_clear_pointer (&options->auth_mech, g_free);
  g_clear_pointer (&options->ca_file, g_free);
  g_clear_pointer (&options->pin_sha256, g_free);
}

/**
 * ob_cli_exit_status_help:
 *
 * Returns: the exit statuses, for the sending commands' --help
 */
const char *
ob_cli_exit_status_help (void)
{
  return _("Exit status:\n"
           "  0   sent\n"
           "  64  the command line is wrong\n"
           "  65  bad input: an address, the message, or its size or encoding\n"
           "  66  a file cannot be read\n"
           "  67  the server refused every recipient\n"
           "  69  the server cannot be reached or refused the connection\n"
           "  75  temporary failure: try again later\n"
           "  76  protocol error, or the connection was lost after the message was\n"
           "      sent and before the server confirmed it: check before sending again\n"
           "  77  the login failed\n"
           "  78  configuration: encryption or certificate problem");
}

/**
 * ob_cli_exit_status_for_error:
 *
 * Returns: the sysexits(3) status for a failure class
 */
int
ob_cli_exit_status_for_error (const GError *error)
{
  if (error == NULL)
    return EX_OK;
  if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? EX_TEMPFAIL : EX_NOINPUT;
  if (error->domain == G_OPTION_ERROR)
    return EX_USAGE;
  if (error->domain == OB_ADDRESS_ERROR || error->domain == OB_ACCOUNT_ERROR)
    return EX_DATAERR;
  if (error->domain == OB_SECRETS_ERROR)
    return error->code == OB_SECRETS_ERROR_NOT_FOUND ? EX_CONFIG : EX_UNAVAILABLE;
  if (error->domain == OB_ACCOUNT_STORE_ERROR)
    switch ((ObAccountStoreError) error->code)
      {
      case OB_ACCOUNT_STORE_ERROR_NOT_FOUND:
        return EX_USAGE;
      case OB_ACCOUNT_STORE_ERROR_DUPLICATE:
        return EX_DATAERR;
      case OB_ACCOUNT_STORE_ERROR_BUSY:
        return EX_TEMPFAIL;
      case OB_ACCOUNT_STORE_ERROR_READ:
        return EX_NOINPUT;
      case OB_ACCOUNT_STORE_ERROR_WRITE:
        return EX_CANTCREAT;
      default:
        return EX_CONFIG;
      }
  if (error->domain != OB_SMTP_ERROR)
    return EX_SOFTWARE;

  switch ((ObSmtpError) error->code)
    {
    case OB_SMTP_ERROR_NAME_RESOLUTION:
    case OB_SMTP_ERROR_NETWORK:
    case OB_SMTP_ERROR_CONNECTION_REFUSED:
    case OB_SMTP_ERROR_CONNECTION_LOST:
      return EX_UNAVAILABLE;
    case OB_SMTP_ERROR_TIMEOUT:
    case OB_SMTP_ERROR_TEMPORARY:
    case OB_SMTP_ERROR_SHUTTING_DOWN:
      return EX_TEMPFAIL;
    case OB_SMTP_ERROR_TLS_HANDSHAKE:
    case OB_SMTP_ERROR_CERTIFICATE:
    case OB_SMTP_ERROR_STARTTLS_UNAVAILABLE:
      return EX_CONFIG;
    case OB_SMTP_ERROR_AUTH_UNSUPPORTED:
    case OB_SMTP_ERROR_AUTH_FAILED:
      return EX_NOPERM;
    case OB_SMTP_ERROR_RECIPIENT_REJECTED:
      return EX_NOUSER;
    case OB_SMTP_ERROR_SENDER_REJECTED:
    case OB_SMTP_ERROR_MESSAGE_REJECTED:
    case OB_SMTP_ERROR_MESSAGE_TOO_LARGE:
    case OB_SMTP_ERROR_ENCODING:
    case OB_SMTP_ERROR_INVALID_INPUT:
      return EX_DATAERR;
    case OB_SMTP_ERROR_PROTOCOL:
    case OB_SMTP_ERROR_OUTCOME_UNKNOWN:
      return EX_PROTOCOL;
    default:
      return EX_SOFTWARE;
    }
}

/* HOST, HOST:PORT, [IPv6] or [IPv6]:PORT */
static gboolean
parse_host_port (const char  *server,
                 char       **host,
                 guint16     *port,
                 GError     **error)
{
  const char *colon;
  g_autofree char *name = NULL;
  guint64 number = 0;

  if (server[0] == '[')
    {
      const char *end = strchr (server, ']');

      if (end == NULL)
        goto bad;
      name = g_strndup (server + 1, end - server - 1);
      colon = end[1] == ':' ? end + 1 : NULL;
      if (end[1] != '\0' && colon == NULL)
        goto bad;
      if (!g_hostname_is_ip_address (name))
        goto bad;
    }
  else
    {
      colon = strchr (server, ':');
      name = colon ? g_strndup (server, colon - server) : g_strdup (server);
      if (!ob_hostname_is_valid (name) && !g_hostname_is_ip_address (name))
        goto bad;
    }

  if (colon != NULL &&
      (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &number, NULL)))
    goto bad;

  *host = g_steal_pointer (&name);
  *port = (guint16) number;
  return TRUE;

bad:
  g_set_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
               _("“%s” is not a server name with an optional port, like smtp.example.com:587."),
               server);
  return FALSE;
}

/**
 * ob_cli_parse_server:
 * @server: HOST, HOST:PORT, [IPv6] or [IPv6]:PORT, as --server takes it
 * @mode: (nullable): tls, starttls or none, as --security takes it; by
 *   default TLS on port 465 and STARTTLS elsewhere
 * @port: (out): the port given, or the usual one for @security
 *
 * Returns: %FALSE with %OB_SMTP_ERROR_INVALID_INPUT when either is unusable
 */
gboolean
ob_cli_parse_server (const char  *server,
                     const char  *mode,
                     char       **host,
                     guint16     *port,
                     ObSecurity  *security,
                     GError     **error)
{
  if (!parse_host_port (server, host, port, error))
    return FALSE;

  if (mode == NULL)
    *security = *port == 465 ? OB_SECURITY_TLS : OB_SECURITY_STARTTLS;
  else if (g_str_equal (mode, "tls"))
    *security = OB_SECURITY_TLS;
  else if (g_str_equal (mode, "starttls"))
    *security = OB_SECURITY_STARTTLS;
  else if (g_str_equal (mode, "none"))
    *security = OB_SECURITY_NONE;
  else
    {
      g_clear_pointer (host, g_free);
      g_set_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                   _("Unknown security mode “%s”: use tls, starttls or none."), mode);
      return FALSE;
    }
  if (*port == 0)
    *port = *security == OB_SECURITY_TLS ? 465 : 587;
  return TRUE;
}

/**
 * ob_cli_read_password_file:
 *
 * Returns: (transfer full) (nullable): the first line of @path; wipe it
 *   with explicit_bzero() before freeing
 */
char *
ob_cli_read_password_file (const char  *path,
                           GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *password;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  password = g_strndup (contents, strcspn (contents, "\r\n"));
  explicit_bzero (contents, length);
  return password;
}

static gboolean
no_connection_options (ObCliConnection  *options,
                       GError          **error)
{
  if (options->server == NULL && options->security == NULL && options->user == NULL &&
      options->password_file == NULL && options->auth_mech == NULL &&
      options->ca_file == NULL && options->pin_sha256 == NULL)
    return TRUE;
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("An account already gives the server settings: leave out --server, "
                         "--security, --user, --password-file, --auth-mech, --ca-file and "
                         "--pin-sha256, or change the account."));
  return FALSE;
}

/**
 * ob_cli_connection_use_account:
 *
 * Connects through @account's server settings and, when it logs in, with
 * its password from the keyring, looked up now so a missing one is
 * reported before anything is read or sent. The other connection options
 * must not be given as well.
 */
gboolean
ob_cli_connection_use_account (ObCliConnection  *options,
                               ObAccount        *account,
                               GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret = NULL;

  g_return_val_if_fail (OB_IS_ACCOUNT (account), FALSE);

  if (!no_connection_options (options, error) || !ob_account_validate (account, error))
    return FALSE;

  if (ob_account_needs_login (account))
    {
      secret = ob_secrets_lookup_sync (ob_account_get_id (account), OB_SECRET_KIND_PASSWORD,
                                       NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (secret == NULL)
        {
          g_set_error (error, OB_SECRETS_ERROR, OB_SECRETS_ERROR_NOT_FOUND,
                       _("No password for %s is in the keyring. Store it with “outbound "
                         "accounts set-password %s”."),
                       ob_account_get_address (account), ob_account_get_address (account));
          return FALSE;
        }
    }

  g_set_object (&options->use_account, account);
  g_clear_pointer (&options->secret, ob_secrets_free);
  options->secret = secret;
  return TRUE;
}

/**
 * ob_cli_connection_resolve_account:
 *
 * Finds the account --account names and uses it; does nothing without
 * --account or when an account is already in use.
 */
gboolean
ob_cli_connection_resolve_account (ObCliConnection  *options,
                                   GError          **error)
{
  g_autoptr(ObAccountStore) store = NULL;
  ObAccount *account;

  if (options->account == NULL || options->use_account != NULL)
    return TRUE;

  store = ob_cli_open_accounts (error);
  if (store == NULL)
    return FALSE;
  account = ob_cli_find_account (store, options->account, error);
  return account != NULL && ob_cli_connection_use_account (options, account, error);
}

static ObSmtpClient *
make_client (ObCliConnection  *options,
             GError          **error)
{
  g_autofree char *host = NULL;
  guint16 port = 0;
  ObSecurity security;
  g_autoptr(ObSmtpClient) client = NULL;

  if (options->use_account != NULL)
    {
      client = ob_account_create_client (options->use_account, options->secret, FALSE);
      if (options->timeout > 0)
        ob_smtp_client_set_timeout (client, options->timeout);
      return g_steal_pointer (&client);
    }

  if (options->server == NULL)
    {
      g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                           _("Say which server to send through with --server, or which "
                             "account with --account."));
      return NULL;
    }
  if (!ob_cli_parse_server (options->server, options->security, &host, &port, &security, error))
    return NULL;

  client = ob_smtp_client_new (host, port, security);
  if (options->timeout > 0)
    ob_smtp_client_set_timeout (client, options->timeout);
  ob_smtp_client_set_ca_file (client, options->ca_file);
  if (!ob_smtp_client_set_pinned_sha256 (client, options->pin_sha256))
    {
      g_set_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                   _("“%s” is not a SHA-256 fingerprint (64 hexadecimal digits)."),
                   options->pin_sha256);
      return NULL;
    }
  ob_smtp_client_set_auth_mechanism (client, options->auth_mech);

  if (options->password_file != NULL && options->user == NULL)
    {
      g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                           _("A password file needs a user name: add --user."));
      return NULL;
    }
  if (options->user != NULL)
    {
      g_autofree char *password = NULL;

      if (options->password_file == NULL)
        {
          g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                               _("Give the password in a file with --password-file; it is never "
                                 "taken from the command line, where others could see it."));
          return NULL;
        }
      password = ob_cli_read_password_file (options->password_file, error);
      if (password == NULL)
        return NULL;
      ob_smtp_client_set_credentials (client, options->user, password, FALSE);
      explicit_bzero (password, strlen (password));

      if (security == OB_SECURITY_NONE)
        g_printerr (_("Warning: with --security none the password is sent unencrypted.\n"));
    }
  return g_steal_pointer (&client);
}

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  ObSmtpClient  *client;
  GPtrArray     *envelopes;
  GPtrArray     *messages;
  GPtrArray     *results;
  GError        *error;
} Run;

static void
transcript_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       gpointer    data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ObTranscriptEntry) entry = g_list_model_get_item (model, i);
      g_autofree char *line = ob_transcript_entry_to_string (entry);

      g_printerr ("%s\n", line);
    }
}

/**
 * ob_cli_show_transcript:
 *
 * Prints each line of @transcript on standard error as it is added.
 */
void
ob_cli_show_transcript (ObTranscript *transcript)
{
  g_signal_connect (transcript, "items-changed", G_CALLBACK (transcript_changed_cb), NULL);
}

static void
quit_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;

  ob_smtp_client_quit_finish (run->client, result, NULL);
  g_main_loop_quit (run->loop);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;

  run->results = ob_smtp_client_send_batch_finish (run->client, result, &run->error);
  if (ob_smtp_client_is_connected (run->client))
    ob_smtp_client_quit_async (run->client, NULL, quit_cb, run);
  else
    g_main_loop_quit (run->loop);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Run *run = data;

  if (!ob_smtp_client_connect_finish (run->client, result, &run->error))
    {
      g_main_loop_quit (run->loop);
      return;
    }
  ob_smtp_client_send_batch_async (run->client, run->envelopes, run->messages, run->cancellable,
                                   sent_cb, run);
}

static gboolean
interrupted_cb (gpointer data)
{
  Run *run = data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
append_reply_json (GString     *out,
                   ObSmtpReply *reply)
{
  gboolean first = TRUE;

  if (reply == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '{');
  ob_json_append_member (out, &first, "code");
  g_string_append_printf (out, "%u", ob_smtp_reply_get_code (reply));
  ob_json_append_member (out, &first, "enhanced_code");
  ob_json_append_string (out, ob_smtp_reply_get_enhanced_code (reply));
  ob_json_append_member (out, &first, "text");
  ob_json_append_string (out, ob_smtp_reply_get_text (reply));
  g_string_append_c (out, '}');
}

void
ob_cli_append_error_json (GString      *out,
                          const GError *error)
{
  gboolean first = TRUE;

  if (error == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '{');
  ob_json_append_member (out, &first, "kind");
  if (error->domain == OB_SMTP_ERROR)
    {
      g_autoptr(GEnumClass) codes = g_type_class_ref (OB_TYPE_SMTP_ERROR);
      GEnumValue *value = g_enum_get_value (codes, error->code);
      g_autoptr(GEnumClass) stages = g_type_class_ref (OB_TYPE_SMTP_STAGE);
      GEnumValue *stage = g_enum_get_value (stages, ob_smtp_error_get_stage (error));

      ob_json_append_string (out, value ? value->value_nick : NULL);
      ob_json_append_member (out, &first, "stage");
      ob_json_append_string (out, stage ? stage->value_nick : NULL);
      ob_json_append_member (out, &first, "reply");
      append_reply_json (out, ob_smtp_error_get_reply (error));
    }
  else
    ob_json_append_string (out, g_quark_to_string (error->domain));
  ob_json_append_member (out, &first, "message");
  ob_json_append_string (out, error->message);
  ob_json_append_member (out, &first, "exit_status");
  g_string_append_printf (out, "%d", ob_cli_exit_status_for_error (error));
  g_string_append_c (out, '}');
}

static void
print_json (GPtrArray *results)
{
  g_autoptr(GString) out = g_string_new ("{\"messages\":[");

  for (guint i = 0; i < results->len; i++)
    {
      ObSendResult *result = g_ptr_array_index (results, i);
      const char * const *accepted = ob_send_result_get_accepted (result);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      ob_json_append_member (out, &first, "sent");
      g_string_append (out, ob_send_result_is_sent (result) ? "true" : "false");
      ob_json_append_member (out, &first, "accepted");
      g_string_append_c (out, '[');
      for (guint k = 0; accepted[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          ob_json_append_string (out, accepted[k]);
        }
      g_string_append (out, "]");
      ob_json_append_member (out, &first, "rejected");
      g_string_append_c (out, '[');
      for (guint k = 0; k < ob_send_result_get_n_rejected (result); k++)
        {
          ObSmtpReply *reply = NULL;
          const char *who = ob_send_result_get_rejected (result, k, &reply);
          gboolean first_r = TRUE;

          g_string_append (out, k > 0 ? ",{" : "{");
          ob_json_append_member (out, &first_r, "recipient");
          ob_json_append_string (out, who);
          ob_json_append_member (out, &first_r, "reply");
          append_reply_json (out, reply);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "]");
      ob_json_append_member (out, &first, "reply");
      append_reply_json (out, ob_send_result_get_final_reply (result));
      ob_json_append_member (out, &first, "queue_id");
      ob_json_append_string (out, ob_send_result_get_queue_id (result));
      ob_json_append_member (out, &first, "size");
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, ob_send_result_get_size (result));
      ob_json_append_member (out, &first, "error");
      ob_cli_append_error_json (out, ob_send_result_get_error (result));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
}

/**
 * ob_cli_print_diagnosis:
 *
 * Prints the failure explained: what happened, why, and what to change.
 */
void
ob_cli_print_diagnosis (ObDiagnosis *diagnosis)
{
  g_autofree char *text = ob_diagnosis_to_text (diagnosis);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("  %s\n", lines[i]);
}

static void
print_diagnosis (ObSmtpClient *client,
                 const GError *error)
{
  ObDiagnosisContext context = {
    .host = ob_smtp_client_get_host (client),
    .port = ob_smtp_client_get_port (client),
    .has_security = TRUE,
    .security = ob_smtp_client_get_security (client),
  };
  ObSmtpCapabilities *caps = ob_smtp_client_get_capabilities (client);
  g_autoptr(ObDiagnosis) diagnosis = NULL;

  if (caps != NULL)
    context.size_limit = ob_smtp_capabilities_get_size_limit (caps);
  diagnosis = ob_diagnosis_new_for_error (error, &context);
  ob_cli_print_diagnosis (diagnosis);
}

static void
print_text (ObSmtpClient *client,
            GPtrArray    *results)
{
  for (guint i = 0; i < results->len; i++)
    {
      ObSendResult *result = g_ptr_array_index (results, i);
      const GError *error = ob_send_result_get_error (result);

      if (results->len > 1)
        g_print (_("Message %u: "), i + 1);
      if (ob_send_result_is_sent (result))
        {
          g_autofree char *who = g_strjoinv (", ", (char **) ob_send_result_get_accepted (result));
          const char *id = ob_send_result_get_queue_id (result);

          if (id != NULL)
            g_print (_("Sent to %s (queue ID %s).\n"), who, id);
          else
            g_print (_("Sent to %s.\n"), who);
        }
      else
        {
          g_print (_("Not sent.\n"));
          if (error != NULL)
            print_diagnosis (client, error);
        }

      for (guint k = 0; k < ob_send_result_get_n_rejected (result); k++)
        {
          ObSmtpReply *reply = NULL;
          const char *who = ob_send_result_get_rejected (result, k, &reply);
          g_autofree char *said = reply ? ob_smtp_reply_to_string (reply) : g_strdup ("");
          g_autofree char *safe = ob_escape_untrusted (said, -1);

          g_print (_("  Refused: %s (%s)\n"), who, safe);
        }
    }
}

/* Results for messages that never got a connection. */
static GPtrArray *
results_for_failure (guint         n,
                     const GError *error)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_send_result_unref);

  for (guint i = 0; i < n; i++)
    {
      ObSendResult *result = ob_send_result_new ();

      ob_send_result_set_error (result, error);
      g_ptr_array_add (results, result);
    }
  return results;
}

/**
 * ob_cli_connection_send:
 * @envelopes: (element-type ObEnvelope)
 * @messages: (element-type ObMessageSource)
 *
 * Connects as the options say, sends the messages over one connection,
 * prints the outcome and returns the exit status: that of the first
 * message not sent, or 0.
 */
int
ob_cli_connection_send (ObCliConnection *options,
                        GPtrArray       *envelopes,
                        GPtrArray       *messages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObSmtpClient) client = NULL;
  g_autoptr(ObTranscript) transcript = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };
  guint sigint;
  int status = EX_OK;

  if (!ob_cli_connection_resolve_account (options, &error))
    {
      g_printerr ("outbound: %s\n", error->message);
      return g_error_matches (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT)
               ? EX_USAGE : ob_cli_exit_status_for_error (error);
    }
  client = make_client (options, &error);
  if (client == NULL)
    {
      g_printerr ("outbound: %s\n", error->message);
      return g_error_matches (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT)
               ? EX_USAGE : ob_cli_exit_status_for_error (error);
    }

  if (options->transcript)
    {
      transcript = ob_transcript_new ();
      ob_cli_show_transcript (transcript);
      ob_smtp_client_set_transcript (client, transcript);
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.cancellable = cancellable;
  run.client = client;
  run.envelopes = envelopes;
  run.messages = messages;
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, &run);

  ob_smtp_client_connect_async (client, cancellable, connected_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  if (transcript != NULL)
    ob_transcript_flush (transcript);

  if (run.results == NULL)
    run.results = results_for_failure (messages->len, run.error);

  if (options->json)
    print_json (run.results);
  else
    print_text (client, run.results);

  for (guint i = 0; i < run.results->len && status == EX_OK; i++)
    {
      ObSendResult *result = g_ptr_array_index (run.results, i);

      if (!ob_send_result_is_sent (result))
        status = ob_cli_exit_status_for_error (ob_send_result_get_error (result));
    }
  g_clear_pointer (&run.results, g_ptr_array_unref);
  g_clear_error (&run.error);
  return status;
}
