/* ob-cli-send.c — `outbound send`: compose a message from options and send it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "ob-account.h"
#include "ob-cli-commands.h"
#include "ob-cli-connection.h"
#include "ob-envelope.h"
#include "ob-message.h"

typedef gboolean (*AddAddressFunc) (ObMessage   *message,
                                    const char  *display_name,
                                    const char  *address,
                                    GError     **error);

/* "Ada Lovelace <ada@example.com>" or just the address. */
static gboolean
add_address (ObMessage       *message,
             AddAddressFunc   add,
             const char      *text,
             GError         **error)
{
  const char *open = strrchr (text, '<');
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  if (open != NULL && g_str_has_suffix (text, ">"))
    {
      name = g_strstrip (g_strndup (text, open - text));
      address = g_strndup (open + 1, strlen (open + 1) - 1);
    }
  else
    address = g_strdup (text);
  return add (message, name && *name ? name : NULL, address, error);
}

static char *
read_body (const char  *path,
           GError     **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  char *body;

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      in = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (in == NULL)
        return NULL;
    }
  else
    {
      if (isatty (STDIN_FILENO))
        g_printerr (_("Type the message, then press Ctrl+D on a line of its own.\n"));
      in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
    }

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  body = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  if (!g_utf8_validate (body, -1, NULL))
    {
      g_free (body);
      g_set_error_literal (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                           _("The message text is not valid UTF-8."));
      return NULL;
    }
  return body;
}

int
ob_cli_send (int argc, char **argv)
{
  g_auto(ObCliConnection) connection = { 0 };
  g_autofree char *from = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body_file = NULL;
  g_auto(GStrv) to = NULL;
  g_auto(GStrv) cc = NULL;
  g_auto(GStrv) bcc = NULL;
  g_auto(GStrv) attach = NULL;
  const GOptionEntry entries[] = {
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from, N_("The sender"), N_("ADDR") },
    { "to", 't', 0, G_OPTION_ARG_STRING_ARRAY, &to, N_("A recipient (repeat for more)"), N_("ADDR") },
    { "cc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cc, N_("A copy recipient"), N_("ADDR") },
    { "bcc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &bcc, N_("A hidden copy recipient"), N_("ADDR") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, N_("The subject"), N_("TEXT") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file,
      N_("Take the text from FILE instead of standard input"), N_("FILE") },
    { "attach", 'a', 0, G_OPTION_ARG_FILENAME_ARRAY, &attach,
      N_("Attach FILE (repeat for more)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(ObMessage) message = ob_message_new ();
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_envelope_unref);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *body = NULL;
  gboolean ok;

  if (!ob_cli_connection_parse (&connection, "send", NULL,
                                _("Compose a message and send it through an SMTP server. The "
                                  "text comes from --body-file or standard input."),
                                entries, &argc, &argv))
    return EX_USAGE;
  if ((from == NULL && connection.account == NULL) || to == NULL)
    {
      g_printerr (_("outbound send: give the sender with --from (or --account) and at least "
                    "one --to.\n"));
      return EX_USAGE;
    }
  if (!ob_cli_connection_resolve_account (&connection, &error))
    {
      g_printerr ("outbound send: %s\n", error->message);
      return ob_cli_exit_status_for_error (error);
    }

  /* Without --from, the account's own name and address. */
  if (from == NULL)
    ok = ob_message_set_from (message, ob_account_get_sender_name (connection.use_account),
                              ob_account_get_address (connection.use_account), &error);
  else
    ok = add_address (message, ob_message_set_from, from, &error);
  for (guint i = 0; ok && to[i]; i++)
    ok = add_address (message, ob_message_add_to, to[i], &error);
  for (guint i = 0; ok && cc && cc[i]; i++)
    ok = add_address (message, ob_message_add_cc, cc[i], &error);
  for (guint i = 0; ok && bcc && bcc[i]; i++)
    ok = add_address (message, ob_message_add_bcc, bcc[i], &error);
  if (ok && subject != NULL)
    ok = ob_message_set_subject (message, subject, &error);
  if (!ok)
    {
      g_printerr ("outbound send: %s\n", error->message);
      return EX_DATAERR;
    }

  for (guint i = 0; attach && attach[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (attach[i]);

      if (!ob_message_add_attachment (message, file, &error))
        {
          g_printerr ("outbound send: %s\n", error->message);
          return EX_NOINPUT;
        }
    }

  body = read_body (body_file, &error);
  if (body == NULL)
    {
      g_printerr ("outbound send: %s\n", error->message);
      return error->domain == G_CONVERT_ERROR ? EX_DATAERR : EX_NOINPUT;
    }
  ob_message_set_body (message, body);

  g_ptr_array_add (envelopes, ob_message_make_envelope (message));
  g_ptr_array_add (messages, g_object_ref (message));
  return ob_cli_connection_send (&connection, envelopes, messages);
}
