/* ob-outbox.c — messages waiting to be sent, kept safe on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox is a GListModel of ObOutboxEntry over the spool (ob-spool.c).
 * Everything that touches the disk or the network runs in worker threads;
 * the main thread only decides, and shows each message's last safely stored
 * record. This file holds the object, its model and the timer that wakes
 * the queue up; loading and recovery are in ob-outbox-load.c, queueing and
 * the person's actions in ob-outbox-actions.c, sending in ob-outbox-run.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-account-store.h"
#include "ob-outbox-private.h"
#include "ob-secrets.h"
#include "ob-smtp-client.h"
#include "ob-transcript.h"

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
