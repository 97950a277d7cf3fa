/* ob-outbox-record.c — what the outbox knows about one message, as a value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record is plain data, so a worker thread can write a copy to disk while
 * the main thread's ObOutboxEntry keeps showing the last state that was
 * safely stored. On disk it is a small keyfile next to the message; its
 * format is versioned so an older Outbound refuses a newer spool instead of
 * misreading it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-enum-types.h"
#include "ob-envelope.h"
#include "ob-outbox.h"
#include "ob-outbox-record.h"
#include "ob-smtp-error.h"

#define FORMAT_VERSION 1

#define GROUP_MESSAGE "Message"
#define GROUP_STATE   "State"
#define GROUP_SENT    "Sent"

ObOutboxRecord *
ob_outbox_record_new (void)
{
  return g_new0 (ObOutboxRecord, 1);
}

ObOutboxRecord *
ob_outbox_record_copy (const ObOutboxRecord *record)
{
  ObOutboxRecord *copy = g_new0 (ObOutboxRecord, 1);

  *copy = *record;
  copy->id = g_strdup (record->id);
  copy->account_id = g_strdup (record->account_id);
  copy->sender = g_strdup (record->sender);
  copy->recipients = g_strdupv (record->recipients);
  copy->dsn_envid = g_strdup (record->dsn_envid);
  copy->message_id = g_strdup (record->message_id);
  copy->subject = g_strdup (record->subject);
  copy->error = record->error ? g_error_copy (record->error) : NULL;
  copy->diagnosis_title = g_strdup (record->diagnosis_title);
  copy->final_reply = g_strdup (record->final_reply);
  copy->queue_id = g_strdup (record->queue_id);
  copy->refused = g_strdupv (record->refused);
  return copy;
}

void
ob_outbox_record_free (ObOutboxRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->account_id);
  g_free (record->sender);
  g_strfreev (record->recipients);
  g_free (record->dsn_envid);
  g_free (record->message_id);
  g_free (record->subject);
  g_clear_error (&record->error);
  g_free (record->diagnosis_title);
  g_free (record->final_reply);
  g_free (record->queue_id);
  g_strfreev (record->refused);
  g_free (record);
}

/* The subject is shown in lists and printed on terminals: one line of
 * valid UTF-8, with no control character that could move the cursor,
 * change colours or hide the rest. */
static char *
clean_subject (const char *subject)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) clean = NULL;

  if (subject == NULL)
    return NULL;
  valid = g_utf8_make_valid (subject, -1);
  clean = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
        c = ' ';
      if (c == ' ' && (clean->len == 0 || clean->str[clean->len - 1] == ' '))
        continue;
      g_string_append_unichar (clean, c);
    }
  if (g_utf8_strlen (clean->str, -1) > OB_OUTBOX_SUBJECT_MAX)
    {
      g_autofree char *cut = g_utf8_substring (clean->str, 0, OB_OUTBOX_SUBJECT_MAX);

      g_string_assign (clean, cut);
    }
  g_strchomp (clean->str);
  return *clean->str != '\0' ? g_strdup (clean->str) : NULL;
}

/**
 * ob_outbox_record_set_subject:
 * @subject: (nullable): the message's subject, decoded, as it came
 *
 * Keeps @subject cleaned up: control characters and runs of white space
 * become one space, and it is cut to %OB_OUTBOX_SUBJECT_MAX characters.
 */
void
ob_outbox_record_set_subject (ObOutboxRecord *record,
                              const char     *subject)
{
  g_free (record->subject);
  record->subject = clean_subject (subject);
}

/**
 * ob_outbox_record_set_error:
 * @error: the failure
 * @diagnosis_title: (nullable): the failure in a few words, from #ObDiagnosis
 */
void
ob_outbox_record_set_error (ObOutboxRecord *record,
                            const GError   *error,
                            const char     *diagnosis_title)
{
  g_clear_error (&record->error);
  record->error = g_error_copy (error);
  g_free (record->diagnosis_title);
  record->diagnosis_title = g_strdup (diagnosis_title);
}

void
ob_outbox_record_clear_error (ObOutboxRecord *record)
{
  g_clear_error (&record->error);
  g_clear_pointer (&record->diagnosis_title, g_free);
}

/**
 * ob_outbox_record_make_envelope:
 *
 * Returns: (transfer full) (nullable): the envelope to send the message
 *   with, or %NULL when a stored address is no longer acceptable
 */
ObEnvelope *
ob_outbox_record_make_envelope (const ObOutboxRecord  *record,
                                GError               **error)
{
  g_autoptr(ObEnvelope) envelope = ob_envelope_new (record->sender ? record->sender : "");

  for (guint i = 0; record->recipients != NULL && record->recipients[i] != NULL; i++)
    if (!ob_envelope_add_recipient (envelope, record->recipients[i], error))
      return NULL;
  ob_envelope_set_dsn (envelope, record->dsn_ret, record->dsn_notify, record->dsn_envid);
  if (!ob_envelope_validate (envelope, error))
    return NULL;
  return g_steal_pointer (&envelope);
}

void
ob_outbox_record_take_envelope (ObOutboxRecord *record,
                                ObEnvelope     *envelope)
{
  g_free (record->sender);
  record->sender = g_strdup (ob_envelope_get_sender (envelope));
  g_strfreev (record->recipients);
  record->recipients = g_strdupv ((char **) ob_envelope_get_recipients (envelope));
  record->dsn_ret = ob_envelope_get_dsn_ret (envelope);
  record->dsn_notify = ob_envelope_get_dsn_notify (envelope);
  g_free (record->dsn_envid);
  record->dsn_envid = g_strdup (ob_envelope_get_dsn_envid (envelope));
}

static const char *
enum_to_nick (GType type,
              int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  return found ? found->value_nick : NULL;
}

static gboolean
enum_from_nick (GType       type,
                const char *nick,
                int        *value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}

const char *
ob_outbox_state_to_string (ObOutboxState state)
{
  return enum_to_nick (OB_TYPE_OUTBOX_STATE, state);
}

gboolean
ob_outbox_state_from_string (const char    *text,
                             ObOutboxState *state)
{
  int value;

  if (!enum_from_nick (OB_TYPE_OUTBOX_STATE, text, &value))
    return FALSE;
  *state = value;
  return TRUE;
}

static void
set_optional_string (GKeyFile   *file,
                     const char *group,
                     const char *key,
                     const char *value)
{
  if (value != NULL)
    g_key_file_set_string (file, group, key, value);
}

static void
set_optional_list (GKeyFile   *file,
                   const char *group,
                   const char *key,
                   GStrv       value)
{
  if (value != NULL && value[0] != NULL)
    g_key_file_set_string_list (file, group, key, (const char * const *) value,
                                g_strv_length (value));
}

/**
 * ob_outbox_record_to_data:
 *
 * Returns: (transfer full): the record as keyfile text
 */
char *
ob_outbox_record_to_data (const ObOutboxRecord *record,
                          gsize                *length)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();

  g_key_file_set_integer (file, GROUP_MESSAGE, "Version", FORMAT_VERSION);
  g_key_file_set_string (file, GROUP_MESSAGE, "Id", record->id);
  g_key_file_set_string (file, GROUP_MESSAGE, "Account", record->account_id);
  g_key_file_set_string (file, GROUP_MESSAGE, "Sender", record->sender ? record->sender : "");
  set_optional_list (file, GROUP_MESSAGE, "Recipients", record->recipients);
  if (record->dsn_ret != OB_DSN_RET_DEFAULT)
    g_key_file_set_string (file, GROUP_MESSAGE, "DsnRet",
                           enum_to_nick (OB_TYPE_DSN_RET, record->dsn_ret));
  if (record->dsn_notify != OB_DSN_NOTIFY_DEFAULT)
    g_key_file_set_integer (file, GROUP_MESSAGE, "DsnNotify", record->dsn_notify);
  set_optional_string (file, GROUP_MESSAGE, "DsnEnvid", record->dsn_envid);
  set_optional_string (file, GROUP_MESSAGE, "MessageId", record->message_id);
  set_optional_string (file, GROUP_MESSAGE, "Subject", record->subject);
  g_key_file_set_uint64 (file, GROUP_MESSAGE, "Size", record->size);
  g_key_file_set_int64 (file, GROUP_MESSAGE, "Created", record->created);

  g_key_file_set_string (file, GROUP_STATE, "State", ob_outbox_state_to_string (record->state));
  if (record->waiting != OB_OUTBOX_WAIT_NONE)
    g_key_file_set_string (file, GROUP_STATE, "Waiting",
                           enum_to_nick (OB_TYPE_OUTBOX_WAIT, record->waiting));
  g_key_file_set_integer (file, GROUP_STATE, "Attempts", record->attempts);
  g_key_file_set_int64 (file, GROUP_STATE, "Since", record->since);
  g_key_file_set_int64 (file, GROUP_STATE, "NextAttempt", record->next_attempt);
  if (record->error != NULL)
    {
      g_key_file_set_string (file, GROUP_STATE, "ErrorDomain",
                             g_quark_to_string (record->error->domain));
      g_key_file_set_integer (file, GROUP_STATE, "ErrorCode", record->error->code);
      g_key_file_set_string (file, GROUP_STATE, "Error", record->error->message);
      set_optional_string (file, GROUP_STATE, "Diagnosis", record->diagnosis_title);
    }

  if (record->sent_time != 0)
    g_key_file_set_int64 (file, GROUP_SENT, "Time", record->sent_time);
  set_optional_string (file, GROUP_SENT, "Reply", record->final_reply);
  set_optional_string (file, GROUP_SENT, "QueueId", record->queue_id);
  set_optional_list (file, GROUP_SENT, "Refused", record->refused);

  return g_key_file_to_data (file, length, NULL);
}

static GError *
damaged_error (const char *detail)
{
  /* TRANSLATORS: %s says what is wrong in the outbox entry's file */
  return g_error_new (OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_DAMAGED,
                      _("The details of this queued message are damaged (%s)."), detail);
}

/* An error domain with private data (OB_SMTP_ERROR) gives it to new
 * errors only once its quark function has registered it. */
static GQuark
error_domain_from_string (const char *name)
{
  const GQuark known[] = { OB_SMTP_ERROR, OB_OUTBOX_ERROR };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (g_quark_to_string (known[i]), name))
      return known[i];
  return g_quark_from_string (name);
}

static char *
get_optional_string (GKeyFile   *file,
                     const char *group,
                     const char *key)
{
  return g_key_file_get_string (file, group, key, NULL);
}

/**
 * ob_outbox_record_new_from_data:
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with
 *   %OB_OUTBOX_ERROR_DAMAGED
 */
ObOutboxRecord *
ob_outbox_record_new_from_data (const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(ObOutboxRecord) record = ob_outbox_record_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *dsn_ret = NULL;
  g_autofree char *error_domain = NULL;
  g_autofree char *subject = NULL;
  int value;

  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_propagate_error (error, damaged_error (local_error->message));
      return NULL;
    }
  if (g_key_file_get_integer (file, GROUP_MESSAGE, "Version", NULL) != FORMAT_VERSION)
    {
      g_propagate_error (error, damaged_error (_("written by another version of Outbound")));
      return NULL;
    }

  record->id = get_optional_string (file, GROUP_MESSAGE, "Id");
  record->account_id = get_optional_string (file, GROUP_MESSAGE, "Account");
  record->sender = get_optional_string (file, GROUP_MESSAGE, "Sender");
  record->recipients = g_key_file_get_string_list (file, GROUP_MESSAGE, "Recipients", NULL, NULL);
  state = get_optional_string (file, GROUP_STATE, "State");
  if (record->id == NULL || record->account_id == NULL || record->sender == NULL ||
      record->recipients == NULL || !ob_outbox_state_from_string (state, &record->state))
    {
      g_propagate_error (error, damaged_error (_("a required field is missing")));
      return NULL;
    }

  dsn_ret = get_optional_string (file, GROUP_MESSAGE, "DsnRet");
  if (enum_from_nick (OB_TYPE_DSN_RET, dsn_ret, &value))
    record->dsn_ret = value;
  record->dsn_notify = g_key_file_get_integer (file, GROUP_MESSAGE, "DsnNotify", NULL);
  record->dsn_envid = get_optional_string (file, GROUP_MESSAGE, "DsnEnvid");
  record->message_id = get_optional_string (file, GROUP_MESSAGE, "MessageId");
  /* Older records have none; a hand-edited one is cleaned like a new one. */
  subject = get_optional_string (file, GROUP_MESSAGE, "Subject");
  ob_outbox_record_set_subject (record, subject);
  record->size = g_key_file_get_uint64 (file, GROUP_MESSAGE, "Size", NULL);
  record->created = g_key_file_get_int64 (file, GROUP_MESSAGE, "Created", NULL);

  waiting = get_optional_string (file, GROUP_STATE, "Waiting");
  if (enum_from_nick (OB_TYPE_OUTBOX_WAIT, waiting, &value))
    record->waiting = value;
  record->attempts = g_key_file_get_integer (file, GROUP_STATE, "Attempts", NULL);
  record->since = g_key_file_get_int64 (file, GROUP_STATE, "Since", NULL);
  record->next_attempt = g_key_file_get_int64 (file, GROUP_STATE, "NextAttempt", NULL);
  error_domain = get_optional_string (file, GROUP_STATE, "ErrorDomain");
  if (error_domain != NULL)
    {
      g_autofree char *message = get_optional_string (file, GROUP_STATE, "Error");

      record->error = g_error_new_literal (error_domain_from_string (error_domain),
                                           g_key_file_get_integer (file, GROUP_STATE,
                                                                   "ErrorCode", NULL),
                                           message ? message : "");
      record->diagnosis_title = get_optional_string (file, GROUP_STATE, "Diagnosis");
    }

  record->sent_time = g_key_file_get_int64 (file, GROUP_SENT, "Time", NULL);
  record->final_reply = get_optional_string (file, GROUP_SENT, "Reply");
  record->queue_id = get_optional_string (file, GROUP_SENT, "QueueId");
  record->refused = g_key_file_get_string_list (file, GROUP_SENT, "Refused", NULL, NULL);
  return g_steal_pointer (&record);
}
