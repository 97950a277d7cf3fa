/* ob-outbox.c — messages waiting to be sent, kept safe on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox is a GListModel of ObOutboxEntry over the spool (ob-spool.c).
 * Everything that touches the disk or the network runs in worker threads;
 * the main thread only decides, and shows each message's last safely stored
 * record. This file holds the model, loading (with recovery from a crash),
 * queueing, the person's actions and the timer that wakes the queue up;
 * sending is in ob-outbox-run.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-account-store.h"
#include "ob-envelope.h"
#include "ob-message-source.h"
#include "ob-outbox-private.h"
#include "ob-secrets.h"
#include "ob-smtp-client.h"
#include "ob-transcript.h"

#define DAY (24 * 60 * 60)
/* However far off the next attempt is, the timer looks again after this
 * long: the clock may have jumped. */
#define MAX_TIMER_SECONDS (60 * 60)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_ACCOUNTS,
  PROP_NETWORK_MONITOR,
  PROP_ONLINE,
  PROP_KEEP_SENT_DAYS,
  PROP_IDLE_TIMEOUT,
  PROP_TRANSCRIPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ob_outbox_list_model_init (GListModelInterface *iface);

G_DEFINE_QUARK (ob-outbox-error-quark, ob_outbox_error)

G_DEFINE_FINAL_TYPE_WITH_CODE (ObOutbox, ob_outbox, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ob_outbox_list_model_init))

gint64
ob_outbox_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static GType
ob_outbox_get_item_type (GListModel *model)
{
  return OB_TYPE_OUTBOX_ENTRY;
}

static guint
ob_outbox_get_n_items (GListModel *model)
{
  return OB_OUTBOX (model)->entries->len;
}

static gpointer
ob_outbox_get_item (GListModel *model,
                    guint       position)
{
  ObOutbox *self = OB_OUTBOX (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
ob_outbox_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ob_outbox_get_item_type;
  iface->get_n_items = ob_outbox_get_n_items;
  iface->get_item = ob_outbox_get_item;
}

static void
update_online (ObOutbox *self)
{
  gboolean online = self->monitor == NULL ||
                    g_network_monitor_get_network_available (self->monitor);

  if (online != self->online)
    {
      self->online = online;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
    }
  for (guint i = 0; i < self->entries->len; i++)
    ob_outbox_entry_set_offline (g_ptr_array_index (self->entries, i), !online);
  ob_outbox_schedule (self);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    ObOutbox        *self)
{
  update_online (self);
}

static void
ob_outbox_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ObOutbox *self = OB_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_string (value);
      break;
    case PROP_ACCOUNTS:
      self->accounts = g_value_dup_object (value);
      break;
    case PROP_NETWORK_MONITOR:
      ob_outbox_set_network_monitor (self, g_value_get_object (value));
      break;
    case PROP_KEEP_SENT_DAYS:
      ob_outbox_set_keep_sent_days (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_TIMEOUT:
      ob_outbox_set_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_TRANSCRIPT:
      ob_outbox_set_transcript (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ObOutbox *self = OB_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    case PROP_ACCOUNTS:
      g_value_set_object (value, self->accounts);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_KEEP_SENT_DAYS:
      g_value_set_uint (value, self->keep_sent_days);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_TRANSCRIPT:
      g_value_set_object (value, self->transcript);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_outbox_constructed (GObject *object)
{
  ObOutbox *self = OB_OUTBOX (object);
  g_autofree char *log = NULL;

  G_OBJECT_CLASS (ob_outbox_parent_class)->constructed (object);

  if (self->root == NULL)
    self->root = g_build_filename (g_get_user_data_dir (), "outbound", NULL);
  self->spool = ob_spool_new (self->root);
  log = g_build_filename (self->root, "outbox", "sends.log", NULL);
  self->send_log = ob_send_log_new (log);
}

static void
ob_outbox_dispose (GObject *object)
{
  ObOutbox *self = OB_OUTBOX (object);

  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_clear_object (&self->monitor);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  /* Runs hold a reference, so none is in progress here: what is left are
   * idle connections, dropped without a goodbye. */
  g_hash_table_remove_all (self->connections);
  if (self->secret_destroy != NULL)
    self->secret_destroy (self->secret_data);
  self->secret_func = NULL;
  self->secret_destroy = NULL;
  g_clear_object (&self->transcript);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (ob_outbox_parent_class)->dispose (object);
}

static void
ob_outbox_finalize (GObject *object)
{
  ObOutbox *self = OB_OUTBOX (object);

  g_ptr_array_unref (self->entries);
  g_hash_table_unref (self->connections);
  ob_send_log_free (self->send_log);
  g_clear_object (&self->spool);
  g_free (self->root);

  G_OBJECT_CLASS (ob_outbox_parent_class)->finalize (object);
}

static void
ob_outbox_class_init (ObOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->set_property = ob_outbox_set_property;
  object_class->get_property = ob_outbox_get_property;
  object_class->constructed = ob_outbox_constructed;
  object_class->dispose = ob_outbox_dispose;
  object_class->finalize = ob_outbox_finalize;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNTS] =
    g_param_spec_object ("accounts", NULL, NULL, OB_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR, flags);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_KEEP_SENT_DAYS] =
    g_param_spec_uint ("keep-sent-days", NULL, NULL, 0, 3650, OB_OUTBOX_KEEP_SENT_DAYS, flags);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, 3600, OB_OUTBOX_IDLE_TIMEOUT, flags);
  properties[PROP_TRANSCRIPT] =
    g_param_spec_object ("transcript", NULL, NULL, OB_TYPE_TRANSCRIPT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
default_secret_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  ObAccount *account = task_data;
  GError *error = NULL;
  char *secret = ob_secrets_lookup_sync (ob_account_get_id (account),
                                         OB_SECRET_KIND_PASSWORD, cancellable, &error);

  if (secret != NULL)
    g_task_return_pointer (task, secret, (GDestroyNotify) ob_secrets_free);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NO_PASSWORD,
                             _("There is no password for “%s” in the keyring. Enter it in the "
                               "account’s settings."),
                             ob_account_get_address (account));
}

/* The keyring, in a worker thread: it may have to wait for D-Bus. */
static void
default_secret_func (ObOutbox  *self,
                     ObAccount *account,
                     GTask     *task,
                     gpointer   user_data)
{
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);
  g_task_run_in_thread (task, default_secret_thread);
}

static void
ob_outbox_init (ObOutbox *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->connections = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) ob_outbox_connection_free);
  self->keep_sent_days = OB_OUTBOX_KEEP_SENT_DAYS;
  self->idle_timeout = OB_OUTBOX_IDLE_TIMEOUT;
  self->online = TRUE;
  self->secret_func = default_secret_func;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);
  self->online = g_network_monitor_get_network_available (self->monitor);
}

/**
 * ob_outbox_new:
 * @root: (nullable): the folder for outbox/ and sent/; by default
 *   `$XDG_DATA_HOME/outbound`
 * @accounts: where the messages' accounts are looked up when sending
 *
 * Makes an outbox that follows the system's network monitor. It is empty
 * until loaded: see ob_outbox_load_async().
 */
ObOutbox *
ob_outbox_new (const char     *root,
               ObAccountStore *accounts)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_STORE (accounts), NULL);

  return g_object_new (OB_TYPE_OUTBOX, "root", root, "accounts", accounts, NULL);
}

const char *
ob_outbox_get_root (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);

  return self->root;
}

ObAccountStore *
ob_outbox_get_accounts (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);

  return self->accounts;
}

/**
 * ob_outbox_set_secret_func:
 * @func: (nullable): gets an account's secret; %NULL for the default, which
 *   looks the password up in the keyring
 */
void
ob_outbox_set_secret_func (ObOutbox           *self,
                           ObOutboxSecretFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (OB_IS_OUTBOX (self));

  if (self->secret_destroy != NULL)
    self->secret_destroy (self->secret_data);
  self->secret_func = func ? func : default_secret_func;
  self->secret_data = func ? user_data : NULL;
  self->secret_destroy = func ? destroy : NULL;
}

GNetworkMonitor *
ob_outbox_get_network_monitor (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);

  return self->monitor;
}

/**
 * ob_outbox_set_network_monitor:
 * @monitor: (nullable): what says whether the computer is online; %NULL to
 *   always try, as a command run by hand should
 *
 * While the monitor says the network is unavailable, nothing is sent; when
 * it comes back, whatever is due goes out.
 */
void
ob_outbox_set_network_monitor (ObOutbox        *self,
                               GNetworkMonitor *monitor)
{
  g_return_if_fail (OB_IS_OUTBOX (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (self->monitor == monitor)
    return;
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    self->monitor_handler = g_signal_connect (monitor, "network-changed",
                                              G_CALLBACK (network_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_MONITOR]);
  update_online (self);
}

gboolean
ob_outbox_get_online (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);

  return self->online;
}

guint
ob_outbox_get_keep_sent_days (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), 0);

  return self->keep_sent_days;
}

/**
 * ob_outbox_set_keep_sent_days:
 * @days: how long sent messages stay in the sent folder; 0 removes them
 *   once sent
 *
 * Older ones are removed when the outbox is loaded and after each run.
 */
void
ob_outbox_set_keep_sent_days (ObOutbox *self,
                              guint     days)
{
  g_return_if_fail (OB_IS_OUTBOX (self));

  if (self->keep_sent_days == days)
    return;
  self->keep_sent_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_SENT_DAYS]);
}

guint
ob_outbox_get_idle_timeout (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), 0);

  return self->idle_timeout;
}

/**
 * ob_outbox_set_idle_timeout:
 * @seconds: how long a connection stays open after a run, for messages
 *   queued meanwhile; 0 to say goodbye at once, before the flush finishes
 */
void
ob_outbox_set_idle_timeout (ObOutbox *self,
                            guint     seconds)
{
  g_return_if_fail (OB_IS_OUTBOX (self));

  if (self->idle_timeout == seconds)
    return;
  self->idle_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

ObTranscript *
ob_outbox_get_transcript (ObOutbox *self)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);

  return self->transcript;
}

/**
 * ob_outbox_set_transcript:
 * @transcript: (nullable): where new connections log their conversation
 */
void
ob_outbox_set_transcript (ObOutbox     *self,
                          ObTranscript *transcript)
{
  g_return_if_fail (OB_IS_OUTBOX (self));

  if (g_set_object (&self->transcript, transcript))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT]);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const ObOutboxRecord *ra = ob_outbox_entry_get_record (*(ObOutboxEntry **) a);
  const ObOutboxRecord *rb = ob_outbox_entry_get_record (*(ObOutboxEntry **) b);

  if (ra->created != rb->created)
    return ra->created < rb->created ? -1 : 1;
  return g_strcmp0 (ra->id, rb->id);
}

static ObOutboxEntry *
find_entry (ObOutbox   *self,
            const char *id,
            guint      *position)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      ObOutboxEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_str_equal (ob_outbox_entry_get_id (entry), id))
        {
          if (position != NULL)
            *position = i;
          return entry;
        }
    }
  return NULL;
}

/**
 * ob_outbox_show_record:
 * @record: (transfer full): a record as now stored
 *
 * Shows @record in its entry, adding the entry, in order, if it is new.
 */
void
ob_outbox_show_record (ObOutbox       *self,
                       ObOutboxRecord *record)
{
  ObOutboxEntry *entry = find_entry (self, record->id, NULL);
  guint position = 0;

  if (entry != NULL)
    {
      ob_outbox_entry_set_record (entry, record);
      return;
    }
  entry = ob_outbox_entry_new (record);
  ob_outbox_entry_set_offline (entry, !self->online);
  while (position < self->entries->len &&
         compare_entries (&g_ptr_array_index (self->entries, position), &entry) < 0)
    position++;
  g_ptr_array_insert (self->entries, position, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
ob_outbox_forget (ObOutbox   *self,
                  const char *id)
{
  guint position;

  if (find_entry (self, id, &position) == NULL)
    return;
  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * ob_outbox_lookup:
 *
 * Returns: (transfer none) (nullable): the message with that id
 */
ObOutboxEntry *
ob_outbox_lookup (ObOutbox   *self,
                  const char *id)
{
  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_entry (self, id, NULL);
}

static gboolean
timer_cb (gpointer data)
{
  ObOutbox *self = data;

  self->timer_id = 0;
  ob_outbox_start_due (self, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/**
 * ob_outbox_schedule:
 *
 * Sets the timer for the earliest queued message, or none while offline.
 */
void
ob_outbox_schedule (ObOutbox *self)
{
  gint64 earliest = G_MAXINT64, now = ob_outbox_now ();

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (!self->online)
    return;

  for (guint i = 0; i < self->entries->len; i++)
    {
      ObOutboxEntry *entry = g_ptr_array_index (self->entries, i);

      if (ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_QUEUED &&
          !ob_outbox_entry_get_busy (entry))
        earliest = MIN (earliest, ob_outbox_entry_get_next_attempt (entry));
    }
  if (earliest == G_MAXINT64)
    return;
  if (earliest <= now)
    self->timer_id = g_idle_add (timer_cb, self);
  else
    self->timer_id = g_timeout_add_seconds (MIN (earliest - now, MAX_TIMER_SECONDS),
                                            timer_cb, self);
}

typedef struct
{
  guint       keep_sent_days;
  GPtrArray  *records;    /* ObOutboxRecord */
  GPtrArray  *pruned;     /* ids */
} LoadData;

static LoadData *
load_data_new (ObOutbox *self)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->keep_sent_days = self->keep_sent_days;
  data->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_outbox_record_free);
  data->pruned = g_ptr_array_new_with_free_func (g_free);
  return data;
}

static void
load_data_free (LoadData *data)
{
  g_ptr_array_unref (data->records);
  g_ptr_array_unref (data->pruned);
  g_free (data);
}

static gboolean
is_expired (const ObOutboxRecord *record,
            guint                 keep_sent_days,
            gint64                now)
{
  return record->sent_time <= now - (gint64) keep_sent_days * DAY;
}

/* A record that cannot be read still names a message the person may want
 * back: it is shown, failed, with what is wrong, and can be dropped. */
static ObOutboxRecord *
damaged_record (const char   *id,
                const GError *error)
{
  ObOutboxRecord *record = ob_outbox_record_new ();

  record->id = g_strdup (id);
  record->account_id = g_strdup ("");
  record->sender = g_strdup ("");
  record->recipients = g_new0 (char *, 1);
  record->state = OB_OUTBOX_STATE_FAILED;
  ob_outbox_record_set_error (record, error, NULL);
  return record;
}

/* Settles an entry a crash left half done. The caller holds its lock. */
static void
recover (ObOutbox        *self,
         ObOutboxRecord  *record,
         gint64           now)
{
  g_autoptr(GError) error = NULL;

  if (record->state == OB_OUTBOX_STATE_SENDING)
    {
      g_auto(ObSpoolJournal) journal = { 0, };

      ob_spool_journal_read (self->spool, record->id, record->attempts, &journal);
      ob_outbox_policy_recover (record, &journal, now);
      if (!ob_spool_write (self->spool, OB_SPOOL_OUTBOX, record, &error))
        g_warning ("%s", error->message);
      if (record->state == OB_OUTBOX_STATE_SENT)
        ob_send_log_record (self->send_log, record->account_id, record->sent_time, NULL);
    }
  /* Stored as sent, but a crash came before the move. */
  if (record->state == OB_OUTBOX_STATE_SENT && error == NULL &&
      !ob_spool_move_to_sent (self->spool, record->id, &error))
    g_warning ("%s", error->message);
}

/**
 * ob_outbox_prune_sent:
 * @removed: (element-type utf8): gets the ids removed
 *
 * Removes sent messages older than @keep_sent_days. Blocks.
 */
void
ob_outbox_prune_sent (ObSpool   *spool,
                      guint      keep_sent_days,
                      gint64     now,
                      GPtrArray *removed)
{
  g_autoptr(GPtrArray) ids = ob_spool_list (spool, OB_SPOOL_SENT, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(ObSpoolLock) lock = ob_spool_lock (spool, OB_SPOOL_SENT, id, NULL);
      g_autoptr(ObOutboxRecord) record = NULL;

      if (lock != NULL)
        record = ob_spool_read (spool, OB_SPOOL_SENT, id, NULL);
      if (record != NULL && is_expired (record, keep_sent_days, now) &&
          ob_spool_remove (spool, OB_SPOOL_SENT, id, NULL))
        g_ptr_array_add (removed, g_strdup (id));
    }
}

static void
load_folder (ObOutbox      *self,
             ObSpoolFolder  folder,
             LoadData      *data,
             gint64         now)
{
  g_autoptr(GPtrArray) ids = ob_spool_list (self->spool, folder, NULL);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(ObSpoolLock) lock = ob_spool_lock (self->spool, folder, id, &error);
      ObOutboxRecord *record;

      /* Someone else holds it: show what it says; it is theirs to change. */
      if (lock == NULL && !g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_BUSY))
        continue;
      g_clear_error (&error);
      record = ob_spool_read (self->spool, folder, id, &error);
      if (record == NULL)
        {
          if (!g_error_matches (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND))
            g_ptr_array_add (data->records, damaged_record (id, error));
          continue;
        }
      if (lock != NULL && folder == OB_SPOOL_OUTBOX)
        recover (self, record, now);
      g_ptr_array_add (data->records, record);
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ObOutbox *self = source_object;
  LoadData *data = task_data;
  gint64 now = ob_outbox_now ();
  GError *error = NULL;

  if (!ob_spool_ensure (self->spool, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!ob_send_log_reload (self->send_log, now, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  load_folder (self, OB_SPOOL_OUTBOX, data, now);
  ob_outbox_prune_sent (self->spool, data->keep_sent_days, now, data->pruned);
  load_folder (self, OB_SPOOL_SENT, data, now);
  g_task_return_boolean (task, TRUE);
}

/* Replaces what the model shows with what was read, except for the
 * messages this process is sending. */
static void
merge (ObOutbox  *self,
       GPtrArray *records)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < records->len; i++)
    {
      ObOutboxRecord *record = g_ptr_array_index (records, i);
      ObOutboxEntry *entry = find_entry (self, record->id, NULL);

      g_hash_table_add (seen, record->id);
      if (entry == NULL || !ob_outbox_entry_get_busy (entry))
        ob_outbox_show_record (self, ob_outbox_record_copy (record));
    }
  for (guint i = self->entries->len; i > 0; i--)
    {
      ObOutboxEntry *entry = g_ptr_array_index (self->entries, i - 1);

      if (!ob_outbox_entry_get_busy (entry) &&
          !g_hash_table_contains (seen, ob_outbox_entry_get_id (entry)))
        ob_outbox_forget (self, ob_outbox_entry_get_id (entry));
    }
  ob_outbox_schedule (self);
}

static GTask *
load_task_new (ObOutbox            *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ob_outbox_load_async);
  g_task_set_task_data (task, load_data_new (self), (GDestroyNotify) load_data_free);
  return task;
}

/**
 * ob_outbox_load_async:
 *
 * Reads the spool, settles what a crash left half done (a message that was
 * being sent becomes uncertain, unless its journal shows the server's
 * final reply or that its final dot never left), removes sent messages
 * older than the keep-sent-days setting, and shows the result. Loading
 * again later picks up what other processes changed.
 */
void
ob_outbox_load_async (ObOutbox            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OB_IS_OUTBOX (self));

  task = load_task_new (self, cancellable, callback, user_data);
  g_task_run_in_thread (task, load_thread);
}

gboolean
ob_outbox_load_finish (ObOutbox      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  merge (self, data->records);
  return TRUE;
}

/**
 * ob_outbox_load_sync:
 *
 * As ob_outbox_load_async(), blocking: for the command line and tests.
 */
gboolean
ob_outbox_load_sync (ObOutbox      *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);

  task = load_task_new (self, cancellable, NULL, NULL);
  g_task_run_in_thread_sync (task, load_thread);
  return ob_outbox_load_finish (self, G_ASYNC_RESULT (task), error);
}

/**
 * ob_outbox_enqueue:
 * @account: the account to send through
 * @envelope: the sender and recipients
 * @source: the complete message, as it is to be sent
 *
 * Writes the message and its details to disk, synced, and shows it; it is
 * sent at the next chance. Blocks while the message is written, as saving
 * a file does.
 *
 * Returns: (transfer full) (nullable): the new message's id, or %NULL when
 *   it could not be queued (%OB_OUTBOX_ERROR_NO_SPACE for a full disk, or
 *   the source's own error); nothing is left behind then
 */
char *
ob_outbox_enqueue (ObOutbox         *self,
                   ObAccount        *account,
                   ObEnvelope       *envelope,
                   ObMessageSource  *source,
                   GError          **error)
{
  g_autoptr(ObOutboxRecord) record = NULL;

  g_return_val_if_fail (OB_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (envelope != NULL, NULL);
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ob_envelope_validate (envelope, error))
    return NULL;

  record = ob_outbox_record_new ();
  record->account_id = g_strdup (ob_account_get_id (account));
  ob_outbox_record_take_envelope (record, envelope);
  record->state = OB_OUTBOX_STATE_QUEUED;
  record->created = ob_outbox_now ();
  record->since = record->created;
  if (!ob_spool_add (self->spool, record, source, NULL, error))
    return NULL;

  ob_outbox_show_record (self, ob_outbox_record_copy (record));
  ob_outbox_schedule (self);
  return g_strdup (record->id);
}

/* The entry, if the person may act on it now; its lock is in @lock. */
static ObOutboxEntry *
take_entry (ObOutbox     *self,
            const char   *id,
            ObSpoolLock **lock,
            GError      **error)
{
  ObOutboxEntry *entry = find_entry (self, id, NULL);
  ObSpoolFolder folder;

  if (entry == NULL)
    {
      g_set_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_NOT_FOUND,
                   _("There is no message “%s” in the outbox."), id);
      return NULL;
    }
  if (ob_outbox_entry_get_busy (entry))
    {
      g_set_error_literal (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_BUSY,
                           _("This message is being sent right now."));
      return NULL;
    }
  folder = ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_SENT ? OB_SPOOL_SENT
                                                                      : OB_SPOOL_OUTBOX;
  *lock = ob_spool_lock (self->spool, folder, id, error);
  return *lock != NULL ? entry : NULL;
}

static gboolean
wrong_state (ObOutboxEntry  *entry,
             GError        **error)
{
  g_autofree char *status = ob_outbox_entry_dup_status_text (entry);

  /* TRANSLATORS: %s is where the message stands, like “Sent at 14:05” */
  g_set_error (error, OB_OUTBOX_ERROR, OB_OUTBOX_ERROR_WRONG_STATE,
               _("That cannot be done with this message: %s."), status);
  return FALSE;
}

static gboolean
store_and_show (ObOutbox        *self,
                ObOutboxRecord  *record,
                GError         **error)
{
  g_autoptr(ObOutboxRecord) owned = record;

  if (!ob_spool_write (self->spool, OB_SPOOL_OUTBOX, owned, error))
    return FALSE;
  ob_outbox_show_record (self, g_steal_pointer (&owned));
  ob_outbox_schedule (self);
  return TRUE;
}

/**
 * ob_outbox_retry:
 *
 * Queues a failed, held or waiting message to be sent at once, with a fresh
 * round of attempts. A message whose outcome is uncertain needs
 * ob_outbox_resolve_uncertain() instead.
 */
gboolean
ob_outbox_retry (ObOutbox    *self,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(ObSpoolLock) lock = NULL;
  ObOutboxEntry *entry;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = take_entry (self, id, &lock, error);
  if (entry == NULL)
    return FALSE;
  switch (ob_outbox_entry_get_state (entry))
    {
    case OB_OUTBOX_STATE_QUEUED:
    case OB_OUTBOX_STATE_FAILED:
    case OB_OUTBOX_STATE_HELD:
      {
        ObOutboxRecord *record = ob_outbox_record_copy (ob_outbox_entry_get_record (entry));

        ob_outbox_policy_requeue (record, ob_outbox_now ());
        return store_and_show (self, record, error);
      }
    case OB_OUTBOX_STATE_SENDING:
    case OB_OUTBOX_STATE_SENT:
    case OB_OUTBOX_STATE_UNCERTAIN:
    default:
      return wrong_state (entry, error);
    }
}

/**
 * ob_outbox_drop:
 *
 * Removes a message, in whatever state, unless it is being sent. A sent
 * message is removed from the sent folder.
 */
gboolean
ob_outbox_drop (ObOutbox    *self,
                const char  *id,
                GError     **error)
{
  g_autoptr(ObSpoolLock) lock = NULL;
  g_autofree char *owned_id = NULL;
  ObOutboxEntry *entry;
  ObSpoolFolder folder;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = take_entry (self, id, &lock, error);
  if (entry == NULL)
    return FALSE;
  folder = ob_outbox_entry_get_state (entry) == OB_OUTBOX_STATE_SENT ? OB_SPOOL_SENT
                                                                      : OB_SPOOL_OUTBOX;
  owned_id = g_strdup (id);
  if (!ob_spool_remove (self->spool, folder, owned_id, error))
    return FALSE;
  ob_outbox_forget (self, owned_id);
  ob_outbox_schedule (self);
  return TRUE;
}

/**
 * ob_outbox_resolve_uncertain:
 * @resolution: what the person found out
 *
 * Settles a message whose outcome was uncertain: queued to be sent again,
 * or moved to the sent folder.
 */
gboolean
ob_outbox_resolve_uncertain (ObOutbox            *self,
                             const char          *id,
                             ObOutboxResolution   resolution,
                             GError             **error)
{
  g_autoptr(ObSpoolLock) lock = NULL;
  g_autoptr(ObOutboxRecord) record = NULL;
  ObOutboxEntry *entry;

  g_return_val_if_fail (OB_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (resolution == OB_OUTBOX_RESOLUTION_SEND_AGAIN ||
                        resolution == OB_OUTBOX_RESOLUTION_MARK_SENT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = take_entry (self, id, &lock, error);
  if (entry == NULL)
    return FALSE;
  if (ob_outbox_entry_get_state (entry) != OB_OUTBOX_STATE_UNCERTAIN)
    return wrong_state (entry, error);

  record = ob_outbox_record_copy (ob_outbox_entry_get_record (entry));
  if (resolution == OB_OUTBOX_RESOLUTION_SEND_AGAIN)
    {
      ob_outbox_policy_requeue (record, ob_outbox_now ());
      return store_and_show (self, g_steal_pointer (&record), error);
    }

  ob_outbox_policy_mark_sent (record, ob_outbox_now (), NULL, NULL);
  if (!ob_spool_write (self->spool, OB_SPOOL_OUTBOX, record, error) ||
      !ob_spool_move_to_sent (self->spool, record->id, error))
    return FALSE;
  ob_outbox_show_record (self, g_steal_pointer (&record));
  return TRUE;
}
