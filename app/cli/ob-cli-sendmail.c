/* ob-cli-sendmail.c — `outbound sendmail` and `outbound send-eml`: send
 * complete messages, as sendmail(8) does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sendmail's interface is what git send-email, mutt and cron expect: the
 * message on standard input, recipients as arguments or (-t) from its
 * headers, the sender from -f or the From header.
 */
#include "config.h"

#include <string.h>
#include <sysexits.h>
#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "ob-account.h"
#include "ob-cli-commands.h"
#include "ob-cli-connection.h"
#include "ob-cli-outbox.h"
#include "ob-envelope.h"
#include "ob-raw-message.h"
#include "ob-smtp-error.h"

/* Without -i, sendmail ends the message at a line holding a single dot. */
static GBytes *
read_stdin (gboolean   stop_at_dot,
            GError   **error)
{
  g_autoptr(GInputStream) raw = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (raw);
  g_autoptr(GByteArray) message = g_byte_array_new ();

  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize length = 0;
      g_autofree char *line = g_data_input_stream_read_line (in, &length, NULL, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (line == NULL)
        break;
      if (stop_at_dot && (g_str_equal (line, ".") || g_str_equal (line, ".\r")))
        break;
      g_byte_array_append (message, (const guint8 *) line, length);
      g_byte_array_append (message, (const guint8 *) "\n", 1);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&message));
}

/* Sender and recipients for a raw message: from the options when given,
 * else from its headers. */
static ObEnvelope *
make_envelope (ObRawMessage  *message,
               const char    *from,
               char         **recipients,
               gboolean       from_headers,
               GError       **error)
{
  g_autofree char *header_from = from ? NULL : ob_raw_message_get_sender (message);
  g_autoptr(ObEnvelope) envelope = NULL;
  guint n = 0;

  if (from == NULL && header_from == NULL)
    {
      g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                           _("The message has no From header; give the sender with -f."));
      return NULL;
    }
  envelope = ob_envelope_new (from ? from : header_from);

  for (guint i = 0; recipients && recipients[i]; i++, n++)
    if (!ob_envelope_add_recipient (envelope, recipients[i], error))
      return NULL;
  if (from_headers)
    {
      g_auto(GStrv) listed = ob_raw_message_get_recipients (message);

      for (guint i = 0; listed && listed[i]; i++, n++)
        if (!ob_envelope_add_recipient (envelope, listed[i], error))
          return NULL;
    }
  if (n == 0)
    {
      g_set_error_literal (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT,
                           from_headers
                             ? _("The message names no recipient in To, Cc or Bcc.")
                             : _("Give the recipients as arguments, or use -t to take them "
                                 "from the message."));
      return NULL;
    }
  return g_steal_pointer (&envelope);
}

static int
input_error (const char   *command,
             const GError *error)
{
  g_printerr ("outbound %s: %s\n", command, error->message);
  if (g_error_matches (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT))
    return EX_DATAERR;
  return error->domain == OB_SMTP_ERROR ? EX_DATAERR : EX_NOINPUT;
}

/* sendmail takes option values glued on ("-oi", "-oem", "-fada@example.com",
 * as mutt and cron write them); GOptionContext wants them apart. Rewrites
 * those arguments in place as their long forms.
 *
 * Returns: the new strings, to free once parsing is done */
static GPtrArray *
normalize_sendmail_args (int    argc,
                         char **argv)
{
  GPtrArray *made = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_has_prefix (argv[i], "-o") && argv[i][2] != '\0')
        argv[i] = g_strconcat ("--option=", argv[i] + 2, NULL);
      else if (g_str_has_prefix (argv[i], "-f") && argv[i][2] != '\0')
        argv[i] = g_strconcat ("--sender=", argv[i] + 2, NULL);
      else
        continue;
      g_ptr_array_add (made, argv[i]);
    }
  return made;
}

int
ob_cli_sendmail (int argc, char **argv)
{
  g_auto(ObCliConnection) connection = { 0 };
  gboolean from_headers = FALSE, ignore_dots = FALSE, queue_only = FALSE;
  g_autofree char *from = NULL;
  g_autofree char *sendmail_option = NULL;
  g_auto(GStrv) recipients = NULL;
  const GOptionEntry entries[] = {
    { "read-recipients", 't', 0, G_OPTION_ARG_NONE, &from_headers,
      N_("Take recipients from the To, Cc and Bcc headers (Bcc is removed)"), NULL },
    { "sender", 'f', 0, G_OPTION_ARG_STRING, &from,
      N_("The envelope sender (default: the From header)"), N_("ADDR") },
    { "ignore-dots", 'i', 0, G_OPTION_ARG_NONE, &ignore_dots,
      N_("A line with a single dot does not end the message"), NULL },
    { "option", 'o', 0, G_OPTION_ARG_STRING, &sendmail_option,
      N_("sendmail option; only -oi (as -i) has an effect"), N_("OPTION") },
    { "queue-only", 0, 0, G_OPTION_ARG_NONE, &queue_only,
      N_("With --account: only put the message in the outbox, to be sent later"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &recipients, NULL, N_("RCPT…") },
    { NULL }
  };
  g_autoptr(GPtrArray) rewritten = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ObRawMessage) message = NULL;
  g_autoptr(ObEnvelope) envelope = NULL;
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  rewritten = normalize_sendmail_args (argc, argv);
  if (!ob_cli_connection_parse (&connection, "sendmail", _("[RCPT…]"),
                                _("Send one complete message read from standard input, like "
                                  "sendmail. Works as git send-email’s --sendmail-cmd and as "
                                  "mutt’s sendmail."),
                                entries, &argc, &argv))
    return EX_USAGE;
  if (sendmail_option != NULL && g_str_equal (sendmail_option, "i"))
    ignore_dots = TRUE;

  bytes = read_stdin (!ignore_dots, &error);
  if (bytes == NULL)
    return input_error ("sendmail", error);
  message = ob_raw_message_new_from_bytes (bytes, &error);
  if (message == NULL)
    return input_error ("sendmail", error);
  /* Through an account, a message without a From header goes out from the
   * account's address, as sendmail sends from the user who runs it. */
  if (from == NULL && connection.account != NULL)
    {
      g_autofree char *header_from = ob_raw_message_get_sender (message);

      if (header_from == NULL)
        {
          if (!ob_cli_connection_resolve_account (&connection, &error))
            return input_error ("sendmail", error);
          from = g_strdup (ob_account_get_address (connection.use_account));
        }
    }
  envelope = make_envelope (message, from, recipients, from_headers, &error);
  if (envelope == NULL)
    return input_error ("sendmail", error);
  /* Bcc recipients must not see each other, nor be seen. */
  ob_raw_message_set_strip_bcc (message, TRUE);

  /* Through an account, the message waits in the outbox until the server
   * has it, so a failure now leaves it queued for a retry. */
  if (connection.account != NULL)
    return ob_cli_outbox_submit (&connection, envelope, OB_MESSAGE_SOURCE (message), queue_only);
  if (queue_only)
    {
      g_printerr (_("outbound sendmail: --queue-only needs --account: the outbox sends through "
                    "an account.\n"));
      return EX_USAGE;
    }
  g_ptr_array_add (envelopes, g_steal_pointer (&envelope));
  g_ptr_array_add (messages, g_steal_pointer (&message));
  return ob_cli_connection_send (&connection, envelopes, messages);
}

int
ob_cli_send_eml (int argc, char **argv)
{
  g_auto(ObCliConnection) connection = { 0 };
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);

  if (!ob_cli_connection_parse (&connection, "send-eml", _("FILE…"),
                                _("Send complete message files (.eml) over one connection. "
                                  "Recipients come from each file’s To, Cc and Bcc headers; "
                                  "Bcc is removed."),
                                entries, &argc, &argv))
    return EX_USAGE;
  if (files == NULL)
    {
      g_printerr (_("outbound send-eml: name at least one message file.\n"));
      return EX_USAGE;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[i]);
      g_autoptr(ObRawMessage) message = ob_raw_message_new_from_file (file, NULL, &error);
      ObEnvelope *envelope;

      if (message == NULL)
        return input_error ("send-eml", error);
      envelope = make_envelope (message, NULL, NULL, TRUE, &error);
      if (envelope == NULL)
        {
          g_prefix_error (&error, "%s: ", files[i]);
          return input_error ("send-eml", error);
        }
      ob_raw_message_set_strip_bcc (message, TRUE);
      g_ptr_array_add (envelopes, envelope);
      g_ptr_array_add (messages, g_steal_pointer (&message));
    }
  return ob_cli_connection_send (&connection, envelopes, messages);
}
