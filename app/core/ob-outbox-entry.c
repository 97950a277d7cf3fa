/* ob-outbox-entry.c — one message in the outbox, as the interface shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry shows the last record that was safely stored (or, when storing
 * failed, the record with that failure in it), so what the person sees is
 * what a restart would find. Only ObOutbox changes it, on the main thread.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-enum-types.h"
#include "ob-outbox-entry-private.h"

struct _ObOutboxEntry
{
  GObject         parent_instance;

  ObOutboxRecord *record;
  guint64         bytes_sent;
  gboolean        busy;
  gboolean        offline;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_SENDER,
  PROP_RECIPIENTS,
  PROP_MESSAGE_ID,
  PROP_SUBJECT,
  PROP_SIZE,
  PROP_CREATED,
  PROP_STATE,
  PROP_WAITING,
  PROP_ATTEMPTS,
  PROP_NEXT_ATTEMPT,
  PROP_ERROR_MESSAGE,
  PROP_DIAGNOSIS_TITLE,
  PROP_SENT_TIME,
  PROP_FINAL_REPLY,
  PROP_QUEUE_ID,
  PROP_STATUS_TEXT,
  PROP_BYTES_SENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ObOutboxEntry, ob_outbox_entry, G_TYPE_OBJECT)

static void
ob_outbox_entry_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ObOutboxEntry *self = OB_OUTBOX_ENTRY (object);
  const ObOutboxRecord *r = self->record;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, r->id);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_string (value, r->account_id);
      break;
    case PROP_SENDER:
      g_value_set_string (value, r->sender);
      break;
    case PROP_RECIPIENTS:
      g_value_set_boxed (value, r->recipients);
      break;
    case PROP_MESSAGE_ID:
      g_value_set_string (value, r->message_id);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, r->subject);
      break;
    case PROP_SIZE:
      g_value_set_uint64 (value, r->size);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, r->created);
      break;
    case PROP_STATE:
      g_value_set_enum (value, r->state);
      break;
    case PROP_WAITING:
      g_value_set_enum (value, ob_outbox_entry_get_waiting (self));
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, r->attempts);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, r->next_attempt);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, r->error ? r->error->message : NULL);
      break;
    case PROP_DIAGNOSIS_TITLE:
      g_value_set_string (value, r->diagnosis_title);
      break;
    case PROP_SENT_TIME:
      g_value_set_int64 (value, r->sent_time);
      break;
    case PROP_FINAL_REPLY:
      g_value_set_string (value, r->final_reply);
      break;
    case PROP_QUEUE_ID:
      g_value_set_string (value, r->queue_id);
      break;
    case PROP_STATUS_TEXT:
      g_value_take_string (value, ob_outbox_entry_dup_status_text (self));
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_outbox_entry_finalize (GObject *object)
{
  ObOutboxEntry *self = OB_OUTBOX_ENTRY (object);

  ob_outbox_record_free (self->record);

  G_OBJECT_CLASS (ob_outbox_entry_parent_class)->finalize (object);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static GParamSpec *
time_property (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
ob_outbox_entry_class_init (ObOutboxEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = ob_outbox_entry_get_property;
  object_class->finalize = ob_outbox_entry_finalize;

  properties[PROP_ID] = string_property ("id");
  properties[PROP_ACCOUNT_ID] = string_property ("account-id");
  properties[PROP_SENDER] = string_property ("sender");
  properties[PROP_RECIPIENTS] = g_param_spec_boxed ("recipients", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_MESSAGE_ID] = string_property ("message-id");
  properties[PROP_SUBJECT] = string_property ("subject");
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_CREATED] = time_property ("created");
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, OB_TYPE_OUTBOX_STATE,
                                              OB_OUTBOX_STATE_QUEUED, flags);
  properties[PROP_WAITING] = g_param_spec_enum ("waiting", NULL, NULL, OB_TYPE_OUTBOX_WAIT,
                                                OB_OUTBOX_WAIT_NONE, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NEXT_ATTEMPT] = time_property ("next-attempt");
  properties[PROP_ERROR_MESSAGE] = string_property ("error-message");
  properties[PROP_DIAGNOSIS_TITLE] = string_property ("diagnosis-title");
  properties[PROP_SENT_TIME] = time_property ("sent-time");
  properties[PROP_FINAL_REPLY] = string_property ("final-reply");
  properties[PROP_QUEUE_ID] = string_property ("queue-id");
  properties[PROP_STATUS_TEXT] = string_property ("status-text");
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_outbox_entry_init (ObOutboxEntry *self)
{
}

/**
 * ob_outbox_entry_new:
 * @record: (transfer full): what is stored about the message
 */
ObOutboxEntry *
ob_outbox_entry_new (ObOutboxRecord *record)
{
  ObOutboxEntry *self;

  g_return_val_if_fail (record != NULL && record->id != NULL, NULL);

  self = g_object_new (OB_TYPE_OUTBOX_ENTRY, NULL);
  self->record = record;
  return self;
}

const ObOutboxRecord *
ob_outbox_entry_get_record (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record;
}

static gboolean
errors_equal (const GError *a,
              const GError *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->domain == b->domain && a->code == b->code && g_str_equal (a->message, b->message);
}

static gboolean
strvs_equal (GStrv a,
             GStrv b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

/**
 * ob_outbox_entry_set_record:
 * @record: (transfer full): the message's new record
 *
 * Shows @record, notifying every property that changed.
 */
void
ob_outbox_entry_set_record (ObOutboxEntry  *self,
                            ObOutboxRecord *record)
{
  g_autoptr(ObOutboxRecord) old = NULL;
  const ObOutboxRecord *r = record;
  gboolean changed[N_PROPS] = { FALSE, };
  gboolean any = FALSE;

  g_return_if_fail (OB_IS_OUTBOX_ENTRY (self));
  g_return_if_fail (record != NULL && g_strcmp0 (record->id, self->record->id) == 0);

  old = g_steal_pointer (&self->record);
  self->record = record;

  changed[PROP_ACCOUNT_ID] = g_strcmp0 (old->account_id, r->account_id) != 0;
  changed[PROP_SENDER] = g_strcmp0 (old->sender, r->sender) != 0;
  changed[PROP_RECIPIENTS] = !strvs_equal (old->recipients, r->recipients);
  changed[PROP_MESSAGE_ID] = g_strcmp0 (old->message_id, r->message_id) != 0;
  changed[PROP_SUBJECT] = g_strcmp0 (old->subject, r->subject) != 0;
  changed[PROP_SIZE] = old->size != r->size;
  changed[PROP_CREATED] = old->created != r->created;
  changed[PROP_STATE] = old->state != r->state;
  changed[PROP_WAITING] = old->waiting != r->waiting || changed[PROP_STATE];
  changed[PROP_ATTEMPTS] = old->attempts != r->attempts;
  changed[PROP_NEXT_ATTEMPT] = old->next_attempt != r->next_attempt;
  changed[PROP_ERROR_MESSAGE] = !errors_equal (old->error, r->error);
  changed[PROP_DIAGNOSIS_TITLE] = g_strcmp0 (old->diagnosis_title, r->diagnosis_title) != 0;
  changed[PROP_SENT_TIME] = old->sent_time != r->sent_time;
  changed[PROP_FINAL_REPLY] = g_strcmp0 (old->final_reply, r->final_reply) != 0;
  changed[PROP_QUEUE_ID] = g_strcmp0 (old->queue_id, r->queue_id) != 0;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_ID + 1; i < PROP_STATUS_TEXT; i++)
    if (changed[i])
      {
        g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
        any = TRUE;
      }
  if (any)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
  /* The server has it all, whatever the upload last reported. */
  if (r->state == OB_OUTBOX_STATE_SENT)
    ob_outbox_entry_set_bytes_sent (self, r->size);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ob_outbox_entry_get_bytes_sent:
 *
 * Returns: how much of the message the current (or last) attempt
 *   uploaded, from 0 to its size
 */
guint64
ob_outbox_entry_get_bytes_sent (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), 0);

  return self->bytes_sent;
}

/* The wire carries a little more than the file (line ends, dot-stuffing,
 * the final dot) or a little less (Bcc): progress never passes the size. */
void
ob_outbox_entry_set_bytes_sent (ObOutboxEntry *self,
                                guint64        bytes_sent)
{
  g_return_if_fail (OB_IS_OUTBOX_ENTRY (self));

  bytes_sent = MIN (bytes_sent, self->record->size);
  if (self->bytes_sent == bytes_sent)
    return;
  self->bytes_sent = bytes_sent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
}

/* Whether this process, or another one sharing the spool, is working on
 * the message right now: nothing else may touch it meanwhile. */
gboolean
ob_outbox_entry_get_busy (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), FALSE);

  return self->busy;
}

void
ob_outbox_entry_set_busy (ObOutboxEntry *self,
                          gboolean       busy)
{
  g_return_if_fail (OB_IS_OUTBOX_ENTRY (self));

  self->busy = !!busy;
}

void
ob_outbox_entry_set_offline (ObOutboxEntry *self,
                             gboolean       offline)
{
  g_return_if_fail (OB_IS_OUTBOX_ENTRY (self));

  offline = !!offline;
  if (self->offline == offline)
    return;
  self->offline = offline;
  if (self->record->state == OB_OUTBOX_STATE_QUEUED)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
}

/* Queued, not being worked on, and its time has come. */
gboolean
ob_outbox_entry_is_due (ObOutboxEntry *self,
                        gint64         now)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), FALSE);

  return self->record->state == OB_OUTBOX_STATE_QUEUED && !self->busy &&
         self->record->next_attempt <= now;
}

const char *
ob_outbox_entry_get_id (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->id;
}

const char *
ob_outbox_entry_get_account_id (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->account_id;
}

const char *
ob_outbox_entry_get_sender (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->sender;
}

const char * const *
ob_outbox_entry_get_recipients (ObOutboxEntry *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->recipients ? (const char * const *) self->record->recipients : none;
}

const char *
ob_outbox_entry_get_message_id (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->message_id;
}

/**
 * ob_outbox_entry_get_subject:
 *
 * Returns: (nullable): the message's subject as one clean line of UTF-8
 *   text (to show as it is, never as markup), or %NULL when it has none
 */
const char *
ob_outbox_entry_get_subject (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->subject;
}

guint64
ob_outbox_entry_get_size (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), 0);

  return self->record->size;
}

gint64
ob_outbox_entry_get_created (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), 0);

  return self->record->created;
}

ObOutboxState
ob_outbox_entry_get_state (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), OB_OUTBOX_STATE_QUEUED);

  return self->record->state;
}

/**
 * ob_outbox_entry_get_waiting:
 *
 * Returns: why a queued message is not going out now; for a message in
 *   any other state, %OB_OUTBOX_WAIT_NONE
 */
ObOutboxWait
ob_outbox_entry_get_waiting (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), OB_OUTBOX_WAIT_NONE);

  if (self->record->state != OB_OUTBOX_STATE_QUEUED)
    return OB_OUTBOX_WAIT_NONE;
  if (self->offline)
    return OB_OUTBOX_WAIT_NETWORK;
  return self->record->waiting;
}

guint
ob_outbox_entry_get_attempts (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), 0);

  return self->record->attempts;
}

gint64
ob_outbox_entry_get_next_attempt (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), 0);

  return self->record->next_attempt;
}

/**
 * ob_outbox_entry_get_error:
 *
 * Returns: (nullable): the last failure: why the message failed or is
 *   held, or what went wrong at the last attempt. Its domain and code are
 *   those of the original error, which may come from an earlier run.
 */
const GError *
ob_outbox_entry_get_error (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->error;
}

const char *
ob_outbox_entry_get_diagnosis_title (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->diagnosis_title;
}

gint64
ob_outbox_entry_get_sent_time (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), 0);

  return self->record->sent_time;
}

const char *
ob_outbox_entry_get_final_reply (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->final_reply;
}

const char *
ob_outbox_entry_get_queue_id (ObOutboxEntry *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->queue_id;
}

/**
 * ob_outbox_entry_get_refused:
 *
 * Returns: for a sent message, the recipients the server refused, each as
 *   "address: reply"; usually empty
 */
const char * const *
ob_outbox_entry_get_refused (ObOutboxEntry *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  return self->record->refused ? (const char * const *) self->record->refused : none;
}

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("?");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, C_("time of day", "%H:%M"));
  return g_date_time_format (when, C_("date and time", "%b %-d, %H:%M"));
}

static const char *
error_words (const ObOutboxRecord *r)
{
  if (r->diagnosis_title != NULL)
    return r->diagnosis_title;
  return r->error ? r->error->message : _("no reason was recorded");
}

/**
 * ob_outbox_entry_dup_status_text:
 *
 * Returns: (transfer full): where the message stands, in a few words for
 *   a list row: "Waiting: sending limit reached, next at 14:05"
 */
char *
ob_outbox_entry_dup_status_text (ObOutboxEntry *self)
{
  const ObOutboxRecord *r;
  g_autofree char *when = NULL;

  g_return_val_if_fail (OB_IS_OUTBOX_ENTRY (self), NULL);

  r = self->record;
  switch (r->state)
    {
    case OB_OUTBOX_STATE_QUEUED:
      when = format_time (r->next_attempt);
      switch (ob_outbox_entry_get_waiting (self))
        {
        case OB_OUTBOX_WAIT_NETWORK:
          return g_strdup (_("Waiting for the network"));
        case OB_OUTBOX_WAIT_RATE_LIMIT:
          /* TRANSLATORS: %s is a time, like 14:05 */
          return g_strdup_printf (_("Waiting: sending limit reached, next at %s"), when);
        case OB_OUTBOX_WAIT_RETRY:
          /* TRANSLATORS: the first %s is a time, like 14:05; the second why
           * the last attempt failed */
          return g_strdup_printf (_("Will try again at %s (%s)"), when, error_words (r));
        case OB_OUTBOX_WAIT_NONE:
        default:
          return g_strdup (_("Queued"));
        }
    case OB_OUTBOX_STATE_SENDING:
      return g_strdup (_("Sending…"));
    case OB_OUTBOX_STATE_SENT:
      when = format_time (r->sent_time);
      if (r->queue_id != NULL)
        /* TRANSLATORS: %s is a time, then the server's name for the message */
        return g_strdup_printf (_("Sent at %s (queue ID %s)"), when, r->queue_id);
      return g_strdup_printf (_("Sent at %s"), when);
    case OB_OUTBOX_STATE_FAILED:
      /* TRANSLATORS: %s says why, like “The recipient’s address does not exist” */
      return g_strdup_printf (_("Not sent: %s"), error_words (r));
    case OB_OUTBOX_STATE_UNCERTAIN:
      return g_strdup (_("May have been sent: the connection was lost before the server "
                         "confirmed it"));
    case OB_OUTBOX_STATE_HELD:
      /* TRANSLATORS: %s says what the person needs to do or know */
      return g_strdup_printf (_("On hold: %s"), error_words (r));
    default:
      g_return_val_if_reached (NULL);
    }
}
