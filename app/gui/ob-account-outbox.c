/* ob-account-outbox.c — one account's part of the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox lists every account's messages and tells only about messages
 * coming and going; a message changing state is a notification on the
 * entry. The sidebar's status icon and the account's outbox view both need
 * the account's messages sorted into waiting and sent as states change, so
 * that bookkeeping lives here once: each entry of the account is watched,
 * and a state change filters the two lists again.
 */
#include "config.h"

#include "ob-account-outbox.h"

struct _ObAccountOutbox
{
  GObject             parent_instance;

  ObOutbox           *outbox;
  char               *account_id;
  GtkFilterListModel *entries;   /* the account's, in the outbox's order */
  GtkFilterListModel *waiting;   /* newest first */
  GtkFilterListModel *sent;      /* newest first */
  GtkFilter          *waiting_filter;
  GtkFilter          *sent_filter;
  guint               n_waiting;
  guint               n_attention;
};

G_DEFINE_FINAL_TYPE (ObAccountOutbox, ob_account_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_WAITING,
  PROP_N_ATTENTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
belongs_to_account (gpointer item,
                    gpointer user_data)
{
  ObAccountOutbox *self = user_data;

  return g_strcmp0 (ob_outbox_entry_get_account_id (item), self->account_id) == 0;
}

static gboolean
is_waiting (gpointer item,
            gpointer user_data)
{
  return ob_outbox_entry_get_state (item) != OB_OUTBOX_STATE_SENT;
}

static gboolean
is_sent (gpointer item,
         gpointer user_data)
{
  return ob_outbox_entry_get_state (item) == OB_OUTBOX_STATE_SENT;
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gint64 created_a = ob_outbox_entry_get_created ((ObOutboxEntry *) a);
  gint64 created_b = ob_outbox_entry_get_created ((ObOutboxEntry *) b);

  if (created_a != created_b)
    return created_a > created_b ? -1 : 1;
  /* Queued in the same second: the ids still give one stable order. */
  return -g_strcmp0 (ob_outbox_entry_get_id ((ObOutboxEntry *) a),
                     ob_outbox_entry_get_id ((ObOutboxEntry *) b));
}

static gboolean
needs_attention (ObOutboxEntry *entry)
{
  switch (ob_outbox_entry_get_state (entry))
    {
    case OB_OUTBOX_STATE_FAILED:
    case OB_OUTBOX_STATE_UNCERTAIN:
    case OB_OUTBOX_STATE_HELD:
      return TRUE;
    case OB_OUTBOX_STATE_QUEUED:
    case OB_OUTBOX_STATE_SENDING:
    case OB_OUTBOX_STATE_SENT:
    default:
      return FALSE;
    }
}

static void
recount (ObAccountOutbox *self)
{
  guint n_waiting = g_list_model_get_n_items (G_LIST_MODEL (self->waiting));
  guint n_attention = 0;

  for (guint i = 0; i < n_waiting; i++)
    {
      g_autoptr(ObOutboxEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->waiting), i);

      if (needs_attention (entry))
        n_attention++;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_waiting != n_waiting)
    {
      self->n_waiting = n_waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
  if (self->n_attention != n_attention)
    {
      self->n_attention = n_attention;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ATTENTION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
entry_state_changed_cb (ObOutboxEntry   *entry,
                        GParamSpec      *pspec,
                        ObAccountOutbox *self)
{
  gtk_filter_changed (self->waiting_filter, GTK_FILTER_CHANGE_DIFFERENT);
  gtk_filter_changed (self->sent_filter, GTK_FILTER_CHANGE_DIFFERENT);
  recount (self);
}

static void
watch_entries (ObAccountOutbox *self,
               guint            position,
               guint            n_items)
{
  for (guint i = position; i < position + n_items; i++)
    {
      g_autoptr(ObOutboxEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      g_signal_connect_object (entry, "notify::state",
                               G_CALLBACK (entry_state_changed_cb), self, 0);
    }
}

/* An entry may be removed and come back (the outbox reloads): a second
 * handler on it is harmless, each only filters again. */
static void
entries_changed_cb (GListModel      *model,
                    guint            position,
                    guint            removed,
                    guint            added,
                    ObAccountOutbox *self)
{
  watch_entries (self, position, added);
  recount (self);
}

/**
 * ob_account_outbox_new:
 * @outbox: the outbox
 * @account_id: the account whose messages to list
 */
ObAccountOutbox *
ob_account_outbox_new (ObOutbox   *outbox,
                       const char *account_id)
{
  ObAccountOutbox *self;
  GtkSortListModel *sorted;

  g_return_val_if_fail (OB_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);

  self = g_object_new (OB_TYPE_ACCOUNT_OUTBOX, NULL);
  self->outbox = g_object_ref (outbox);
  self->account_id = g_strdup (account_id);

  self->entries = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (outbox)),
                                             GTK_FILTER (gtk_custom_filter_new (belongs_to_account,
                                                                                self, NULL)));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->entries)),
                                    GTK_SORTER (gtk_custom_sorter_new (newest_first, NULL, NULL)));
  self->waiting_filter = GTK_FILTER (gtk_custom_filter_new (is_waiting, NULL, NULL));
  self->sent_filter = GTK_FILTER (gtk_custom_filter_new (is_sent, NULL, NULL));
  self->waiting = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (sorted)),
                                             g_object_ref (self->waiting_filter));
  self->sent = gtk_filter_list_model_new (G_LIST_MODEL (sorted), g_object_ref (self->sent_filter));

  watch_entries (self, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)));
  g_signal_connect_object (self->entries, "items-changed",
                           G_CALLBACK (entries_changed_cb), self, G_CONNECT_AFTER);
  recount (self);
  return self;
}

ObOutbox *
ob_account_outbox_get_outbox (ObAccountOutbox *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (self), NULL);

  return self->outbox;
}

/**
 * ob_account_outbox_get_waiting:
 *
 * Returns: (transfer none): the account's messages not sent yet, including
 *   those that failed or wait for the person, newest first
 */
GListModel *
ob_account_outbox_get_waiting (ObAccountOutbox *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (self), NULL);

  return G_LIST_MODEL (self->waiting);
}

/**
 * ob_account_outbox_get_sent:
 *
 * Returns: (transfer none): the account's sent messages the outbox still
 *   keeps, newest first
 */
GListModel *
ob_account_outbox_get_sent (ObAccountOutbox *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (self), NULL);

  return G_LIST_MODEL (self->sent);
}

guint
ob_account_outbox_get_n_waiting (ObAccountOutbox *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (self), 0);

  return self->n_waiting;
}

/**
 * ob_account_outbox_get_n_attention:
 *
 * Returns: how many messages wait for the person: failed, uncertain or held
 */
guint
ob_account_outbox_get_n_attention (ObAccountOutbox *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (self), 0);

  return self->n_attention;
}

static void
ob_account_outbox_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ObAccountOutbox *self = OB_ACCOUNT_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_N_ATTENTION:
      g_value_set_uint (value, self->n_attention);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_account_outbox_dispose (GObject *object)
{
  ObAccountOutbox *self = OB_ACCOUNT_OUTBOX (object);

  g_clear_object (&self->waiting);
  g_clear_object (&self->sent);
  g_clear_object (&self->waiting_filter);
  g_clear_object (&self->sent_filter);
  g_clear_object (&self->entries);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (ob_account_outbox_parent_class)->dispose (object);
}

static void
ob_account_outbox_finalize (GObject *object)
{
  ObAccountOutbox *self = OB_ACCOUNT_OUTBOX (object);

  g_free (self->account_id);

  G_OBJECT_CLASS (ob_account_outbox_parent_class)->finalize (object);
}

static void
ob_account_outbox_class_init (ObAccountOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ob_account_outbox_get_property;
  object_class->dispose = ob_account_outbox_dispose;
  object_class->finalize = ob_account_outbox_finalize;

  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ATTENTION] =
    g_param_spec_uint ("n-attention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_account_outbox_init (ObAccountOutbox *self)
{
}
