/* ob-cli-outbox-report.c — what became of outbox messages, in words, as
 * JSON, and as an exit status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <sysexits.h>
#include <glib/gi18n.h>

#include "ob-cli-json.h"
#include "ob-cli-outbox-private.h"
#include "ob-diagnosis.h"
#include "ob-enum-types.h"
#include "ob-outbox.h"

/**
 * ob_cli_outbox_exit_status:
 *
 * Returns: the sysexits(3) status for a failure, the outbox's own ones
 *   included
 */
int
ob_cli_outbox_exit_status (const GError *error)
{
  if (error == NULL || error->domain != OB_OUTBOX_ERROR)
    return ob_cli_exit_status_for_error (error);

  switch ((ObOutboxError) error->code)
    {
    case OB_OUTBOX_ERROR_NO_SPACE:
    case OB_OUTBOX_ERROR_DISK:
      return EX_CANTCREAT;
    case OB_OUTBOX_ERROR_DAMAGED:
      return EX_DATAERR;
    case OB_OUTBOX_ERROR_UNREADABLE:
      return EX_NOINPUT;
    case OB_OUTBOX_ERROR_NO_ACCOUNT:
      return EX_CONFIG;
    case OB_OUTBOX_ERROR_NO_PASSWORD:
      return EX_NOPERM;
    case OB_OUTBOX_ERROR_GAVE_UP:
      return EX_UNAVAILABLE;
    case OB_OUTBOX_ERROR_NOT_FOUND:
    case OB_OUTBOX_ERROR_WRONG_STATE:
      return EX_USAGE;
    case OB_OUTBOX_ERROR_BUSY:
      return EX_TEMPFAIL;
    default:
      return EX_SOFTWARE;
    }
}

static void
append_time_json (GString *out,
                  gint64   time)
{
  g_autoptr(GDateTime) when = time > 0 ? g_date_time_new_from_unix_utc (time) : NULL;
  g_autofree char *text = when ? g_date_time_format_iso8601 (when) : NULL;

  ob_json_append_string (out, text);
}

static void
append_strv_json (GString            *out,
                  const char * const *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strings[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      ob_json_append_string (out, strings[i]);
    }
  g_string_append_c (out, ']');
}

static const char *
nick (GType type,
      int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found ? found->value_nick : NULL;
}

static void
append_error_json (GString      *out,
                   const GError *error)
{
  gboolean first = TRUE;

  if (error == NULL || error->domain != OB_OUTBOX_ERROR)
    {
      ob_cli_append_error_json (out, error);
      return;
    }
  g_string_append_c (out, '{');
  ob_json_append_member (out, &first, "kind");
  ob_json_append_string (out, nick (OB_TYPE_OUTBOX_ERROR, error->code));
  ob_json_append_member (out, &first, "message");
  ob_json_append_string (out, error->message);
  ob_json_append_member (out, &first, "exit_status");
  g_string_append_printf (out, "%d", ob_cli_outbox_exit_status (error));
  g_string_append_c (out, '}');
}

static void
append_entry_json (GString       *out,
                   ObOutboxEntry *entry)
{
  g_autofree char *status = ob_outbox_entry_dup_status_text (entry);
  gboolean first = TRUE;
  const struct {
    const char *name;
    const char *value;
  } strings[] = {
    { "id", ob_outbox_entry_get_id (entry) },
    { "account", ob_outbox_entry_get_account_id (entry) },
    { "state", nick (OB_TYPE_OUTBOX_STATE, ob_outbox_entry_get_state (entry)) },
    { "waiting", nick (OB_TYPE_OUTBOX_WAIT, ob_outbox_entry_get_waiting (entry)) },
    { "status", status },
    { "sender", ob_outbox_entry_get_sender (entry) },
    { "message_id", ob_outbox_entry_get_message_id (entry) },
    { "subject", ob_outbox_entry_get_subject (entry) },
    { "diagnosis", ob_outbox_entry_get_diagnosis_title (entry) },
    { "final_reply", ob_outbox_entry_get_final_reply (entry) },
    { "queue_id", ob_outbox_entry_get_queue_id (entry) },
  };

  g_string_append_c (out, '{');
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      ob_json_append_member (out, &first, strings[i].name);
      ob_json_append_string (out, strings[i].value);
    }
  ob_json_append_member (out, &first, "recipients");
  append_strv_json (out, ob_outbox_entry_get_recipients (entry));
  ob_json_append_member (out, &first, "refused");
  append_strv_json (out, ob_outbox_entry_get_refused (entry));
  ob_json_append_member (out, &first, "size");
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, ob_outbox_entry_get_size (entry));
  ob_json_append_member (out, &first, "attempts");
  g_string_append_printf (out, "%u", ob_outbox_entry_get_attempts (entry));
  ob_json_append_member (out, &first, "created");
  append_time_json (out, ob_outbox_entry_get_created (entry));
  ob_json_append_member (out, &first, "next_attempt");
  append_time_json (out, ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_QUEUED
                           ? ob_outbox_entry_get_next_attempt (entry) : 0);
  ob_json_append_member (out, &first, "sent_time");
  append_time_json (out, ob_outbox_entry_get_sent_time (entry));
  ob_json_append_member (out, &first, "error");
  append_error_json (out, ob_outbox_entry_get_error (entry));
  g_string_append_c (out, '}');
}

void
ob_cli_outbox_print_json (GPtrArray *entries)
{
  g_autoptr(GString) out = g_string_new ("{\"messages\":[");

  for (guint i = 0; i < entries->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_entry_json (out, g_ptr_array_index (entries, i));
    }
  g_string_append (out, "]}\n");
  fputs (out->str, stdout);
}

void
ob_cli_outbox_print_entry (ObOutboxEntry *entry)
{
  g_autofree char *status = ob_outbox_entry_dup_status_text (entry);
  g_autofree char *recipients =
    g_strjoinv (", ", (char **) ob_outbox_entry_get_recipients (entry));
  /* Free of control characters, so safe to print on a terminal. */
  const char *subject = ob_outbox_entry_get_subject (entry);

  g_print ("%s  %s\n", ob_outbox_entry_get_id (entry), status);
  if (subject != NULL)
    {
      /* TRANSLATORS: %s is the message's subject */
      g_print (_("  Subject: %s\n"), subject);
    }
  /* TRANSLATORS: the sender's address, then the recipients' */
  g_print (_("  from %s to %s\n"), ob_outbox_entry_get_sender (entry), recipients);
}

/* What went wrong, explained, for a message that did not go out. */
static void
print_diagnosis (ObOutboxEntry *entry)
{
  const GError *error = ob_outbox_entry_get_error (entry);
  g_autoptr(ObDiagnosis) diagnosis = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (error == NULL)
    return;
  if (error->domain == OB_OUTBOX_ERROR)
    {
      g_print ("  %s\n", error->message);
      return;
    }
  diagnosis = ob_diagnosis_new_for_error (error, NULL);
  text = ob_diagnosis_to_text (diagnosis);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_print ("  %s\n", lines[i]);
}

/* Sent (0), queued (75, as sendmail says it), uncertain (76), or the
 * failure's own status. */
static int
entry_exit_status (ObOutboxEntry *entry)
{
  switch (ob_outbox_entry_get_state (entry))
    {
    case OB_OUTBOX_STATE_SENT:
      return EX_OK;
    case OB_OUTBOX_STATE_QUEUED:
    case OB_OUTBOX_STATE_SENDING:
      return EX_TEMPFAIL;
    case OB_OUTBOX_STATE_UNCERTAIN:
      return EX_PROTOCOL;
    case OB_OUTBOX_STATE_FAILED:
    case OB_OUTBOX_STATE_HELD:
    default:
      return ob_cli_outbox_exit_status (ob_outbox_entry_get_error (entry));
    }
}

/* The outcome of sending one message, in words. */
static void
report (ObOutboxEntry *entry)
{
  const char *id = ob_outbox_entry_get_id (entry);
  g_autofree char *status = ob_outbox_entry_dup_status_text (entry);

  switch (ob_outbox_entry_get_state (entry))
    {
    case OB_OUTBOX_STATE_SENT:
      {
        g_autofree char *who =
          g_strjoinv (", ", (char **) ob_outbox_entry_get_recipients (entry));
        const char *queue_id = ob_outbox_entry_get_queue_id (entry);

        g_print ("%s: ", id);
        if (queue_id != NULL)
          g_print (_("Sent to %s (queue ID %s).\n"), who, queue_id);
        else
          g_print (_("Sent to %s.\n"), who);
        for (const char * const *refused = ob_outbox_entry_get_refused (entry); *refused;
             refused++)
          g_print (_("  Refused: %s\n"), *refused);
      }
      break;
    case OB_OUTBOX_STATE_QUEUED:
    case OB_OUTBOX_STATE_SENDING:
      g_print ("%s: %s\n", id, status);
      /* TRANSLATORS: %s is the message's id in the outbox */
      g_print (_("  Not sent yet: it stays queued as %s and will be retried.\n"), id);
      break;
    case OB_OUTBOX_STATE_UNCERTAIN:
      g_print ("%s: %s\n", id, status);
      g_print (_("  Check whether it arrived, then run “outbound outbox resolve %s "
                 "--mark-sent”, or “--send-again” if it did not.\n"), id);
      break;
    case OB_OUTBOX_STATE_HELD:
      g_print (_("%s: Not sent.\n"), id);
      print_diagnosis (entry);
      g_print (_("  It is kept in the outbox; once this is fixed, run “outbound outbox retry "
                 "%s”.\n"), id);
      break;
    case OB_OUTBOX_STATE_FAILED:
    default:
      g_print (_("%s: Not sent.\n"), id);
      print_diagnosis (entry);
      g_print (_("  It is kept in the outbox until you run “outbound outbox drop %s”.\n"), id);
      break;
    }
}

/**
 * ob_cli_outbox_report:
 * @ids: (element-type utf8): the messages sent or tried
 * @json: whether to print JSON rather than words
 *
 * Reports how sending the messages went.
 *
 * Returns: the exit status of the first that did not go out, or 0
 */
int
ob_cli_outbox_report (ObOutbox  *outbox,
            GPtrArray *ids,
            gboolean   json)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  int status = EX_OK;

  for (guint i = 0; i < ids->len; i++)
    {
      ObOutboxEntry *entry = ob_outbox_lookup (outbox, g_ptr_array_index (ids, i));

      if (entry == NULL)
        continue;
      g_ptr_array_add (entries, entry);
      if (!json)
        report (entry);
      if (status == EX_OK)
        status = entry_exit_status (entry);
    }
  if (json)
    ob_cli_outbox_print_json (entries);
  return status;
}
