/* ob-fake-resolver.c — a GResolver that gives canned answers, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers are computed under a lock when a lookup starts; asynchronous
 * ones are delivered from the caller's thread-default main context, through
 * a timer when delayed, so tests stay single-threaded, and a cancellation
 * ends a delayed lookup at once. Synchronous lookups (from threads, such as
 * GSocketClient's) wait out the delay on the cancellable.
 */
#include <string.h>

#include "ob-fake-resolver.h"

typedef struct
{
  GPtrArray *addresses;  /* GInetAddress */
  GPtrArray *mx;         /* GVariant (qs) */
  GPtrArray *txt;        /* GVariant (as) */
  GPtrArray *srv;        /* GVariant (qqqs) */
  guint      delay_ms;
  gboolean   fails;
  GResolverError failure;
  guint      queries;
} Entry;

struct _ObFakeResolver
{
  GResolver   parent_instance;

  GMutex      lock;
  GHashTable *entries;   /* normalized name → Entry */
};

G_DEFINE_FINAL_TYPE (ObFakeResolver, ob_fake_resolver, G_TYPE_RESOLVER)

static void
entry_free (Entry *entry)
{
  g_ptr_array_unref (entry->addresses);
  g_ptr_array_unref (entry->mx);
  g_ptr_array_unref (entry->txt);
  g_ptr_array_unref (entry->srv);
  g_free (entry);
}

static char *
normalize (const char *name)
{
  gsize len = strlen (name);

  if (len > 1 && name[len - 1] == '.')
    len--;
  return g_ascii_strdown (name, len);
}

/* Called with the lock held. */
static Entry *
get_entry (ObFakeResolver *self,
           const char     *name,
           gboolean        create)
{
  g_autofree char *key = normalize (name);
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL && create)
    {
      entry = g_new0 (Entry, 1);
      entry->addresses = g_ptr_array_new_with_free_func (g_object_unref);
      entry->mx = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      entry->txt = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      entry->srv = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_hash_table_insert (self->entries, g_steal_pointer (&key), entry);
    }
  return entry;
}

static void
add_record (ObFakeResolver *self,
            const char     *name,
            gsize           offset,
            gpointer        record)
{
  Entry *entry;

  g_mutex_lock (&self->lock);
  entry = get_entry (self, name, TRUE);
  g_ptr_array_add (G_STRUCT_MEMBER (GPtrArray *, entry, offset), record);
  g_mutex_unlock (&self->lock);
}

/* What a lookup of @name finds: its entry's answer and delay, counted. */
typedef struct
{
  GList    *list;
  GError   *error;
  guint     delay_ms;
} Answer;

static void
answer_clear (Answer         *answer,
              GDestroyNotify  free_list)
{
  g_clear_pointer (&answer->list, free_list);
  g_clear_error (&answer->error);
}

static void
free_address_list (gpointer list)
{
  g_list_free_full (list, g_object_unref);
}

static void
free_variant_list (gpointer list)
{
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);
}

static void
free_string_list (gpointer list)
{
  g_list_free_full (list, g_free);
}

static void
set_not_found (Answer     *answer,
               const char *name)
{
  g_set_error (&answer->error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
               "No DNS record of the requested type for “%s”", name);
}

/* Starts an answer for @name and counts the query; returns its entry, or
 * NULL when the name is set to fail and the answer holds the error. Called
 * with the lock held. */
static Entry *
begin_answer (ObFakeResolver *self,
              const char     *name,
              Answer         *answer)
{
  Entry *entry = get_entry (self, name, TRUE);

  entry->queries++;
  answer->delay_ms = entry->delay_ms;
  if (entry->fails)
    {
      g_set_error (&answer->error, G_RESOLVER_ERROR, entry->failure,
                   entry->failure == G_RESOLVER_ERROR_TEMPORARY_FAILURE
                   ? "Temporary failure in name resolution for “%s”"
                   : "Error resolving “%s”", name);
      return NULL;
    }
  return entry;
}

static gboolean
address_fits (GInetAddress             *address,
              GResolverNameLookupFlags  flags)
{
  GSocketFamily family = g_inet_address_get_family (address);

  if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY)
    return family == G_SOCKET_FAMILY_IPV4;
  if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY)
    return family == G_SOCKET_FAMILY_IPV6;
  return TRUE;
}

static void
answer_addresses (ObFakeResolver           *self,
                  const char               *name,
                  GResolverNameLookupFlags  flags,
                  Answer                   *answer)
{
  Entry *entry;

  g_mutex_lock (&self->lock);
  entry = begin_answer (self, name, answer);
  if (entry != NULL)
    {
      for (guint i = 0; i < entry->addresses->len; i++)
        if (address_fits (entry->addresses->pdata[i], flags))
          answer->list = g_list_append (answer->list, g_object_ref (entry->addresses->pdata[i]));
      if (answer->list == NULL)
        set_not_found (answer, name);
    }
  g_mutex_unlock (&self->lock);
}

static void
answer_records (ObFakeResolver      *self,
                const char          *name,
                GResolverRecordType  type,
                Answer              *answer)
{
  Entry *entry;
  GPtrArray *records = NULL;

  g_mutex_lock (&self->lock);
  entry = begin_answer (self, name, answer);
  if (entry != NULL)
    {
      if (type == G_RESOLVER_RECORD_MX)
        records = entry->mx;
      else if (type == G_RESOLVER_RECORD_TXT)
        records = entry->txt;
      else if (type == G_RESOLVER_RECORD_SRV)
        records = entry->srv;
      for (guint i = 0; records != NULL && i < records->len; i++)
        answer->list = g_list_append (answer->list, g_variant_ref (records->pdata[i]));
      if (answer->list == NULL)
        set_not_found (answer, name);
    }
  g_mutex_unlock (&self->lock);
}

static void
answer_reverse (ObFakeResolver *self,
                GInetAddress   *address,
                Answer         *answer)
{
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->entries);
  while (answer->list == NULL && g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry *entry = value;

      for (guint i = 0; i < entry->addresses->len; i++)
        {
          if (g_inet_address_equal (entry->addresses->pdata[i], address))
            {
              answer->list = g_list_append (NULL, g_strdup (key));
              break;
            }
        }
    }
  g_mutex_unlock (&self->lock);
  if (answer->list == NULL)
    {
      g_autofree char *text = g_inet_address_to_string (address);

      set_not_found (answer, text);
    }
}

/* Waits out the delay of a synchronous lookup, or until it is cancelled. */
static gboolean
wait_sync (guint          delay_ms,
           GCancellable  *cancellable,
           GError       **error)
{
  GPollFD fd;

  if (delay_ms > 0)
    {
      if (g_cancellable_make_pollfd (cancellable, &fd))
        {
          g_poll (&fd, 1, delay_ms);
          g_cancellable_release_fd (cancellable);
        }
      else
        {
          g_usleep (delay_ms * G_TIME_SPAN_MILLISECOND);
        }
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static GList *
return_sync (Answer         *answer,
             GDestroyNotify  free_list,
             GCancellable   *cancellable,
             GError        **error)
{
  if (!wait_sync (answer->delay_ms, cancellable, error))
    {
      answer_clear (answer, free_list);
      return NULL;
    }
  if (answer->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&answer->error));
      return NULL;
    }
  return answer->list;
}

/* An asynchronous answer waiting for its delay or its cancellation. */
typedef struct
{
  Answer          answer;
  GDestroyNotify  free_list;
  GSource        *timer;
  GSource        *cancelled;
} Pending;

static void
pending_free (Pending *pending)
{
  answer_clear (&pending->answer, pending->free_list);
  if (pending->timer != NULL)
    {
      g_source_destroy (pending->timer);
      g_source_unref (pending->timer);
    }
  if (pending->cancelled != NULL)
    {
      g_source_destroy (pending->cancelled);
      g_source_unref (pending->cancelled);
    }
  g_free (pending);
}

static gboolean
deliver (gpointer user_data)
{
  GTask *task = user_data;
  Pending *pending = g_task_get_task_data (task);

  /* The other source holds a reference to the task: end it first. */
  if (pending->timer != NULL)
    g_source_destroy (pending->timer);
  if (pending->cancelled != NULL)
    g_source_destroy (pending->cancelled);

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  if (pending->answer.error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&pending->answer.error));
      return G_SOURCE_REMOVE;
    }
  g_task_return_pointer (task, g_steal_pointer (&pending->answer.list), pending->free_list);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  return deliver (user_data);
}

static void
return_async (ObFakeResolver      *self,
              Answer              *answer,
              GDestroyNotify       free_list,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Pending *pending = g_new0 (Pending, 1);

  g_task_set_source_tag (task, source_tag);
  pending->answer = *answer;
  pending->free_list = free_list;
  g_task_set_task_data (task, pending, (GDestroyNotify) pending_free);

  if (answer->delay_ms == 0)
    {
      deliver (task);
      return;
    }
  pending->timer = g_timeout_source_new (answer->delay_ms);
  g_task_attach_source (task, pending->timer, deliver);
  if (cancellable != NULL)
    {
      pending->cancelled = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, pending->cancelled, G_SOURCE_FUNC (cancelled_cb));
    }
}

static gpointer
finish_async (GAsyncResult  *result,
              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  Answer answer = { 0 };

  answer_addresses (OB_FAKE_RESOLVER (resolver), hostname, flags, &answer);
  return return_sync (&answer, free_address_list, cancellable, error);
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  return lookup_by_name_with_flags (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                    cancellable, error);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *hostname,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  Answer answer = { 0 };

  answer_addresses (OB_FAKE_RESOLVER (resolver), hostname, flags, &answer);
  return_async (OB_FAKE_RESOLVER (resolver), &answer, free_address_list, cancellable, callback,
                user_data, lookup_by_name_with_flags_async);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return finish_async (result, error);
}

static char *
lookup_by_address (GResolver     *resolver,
                   GInetAddress  *address,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Answer answer = { 0 };
  GList *list;
  char *name;

  answer_reverse (OB_FAKE_RESOLVER (resolver), address, &answer);
  list = return_sync (&answer, free_string_list, cancellable, error);
  if (list == NULL)
    return NULL;
  name = list->data;
  g_list_free (list);
  return name;
}

static void
lookup_by_address_async (GResolver           *resolver,
                         GInetAddress        *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Answer answer = { 0 };

  answer_reverse (OB_FAKE_RESOLVER (resolver), address, &answer);
  return_async (OB_FAKE_RESOLVER (resolver), &answer, free_string_list, cancellable, callback,
                user_data, lookup_by_address_async);
}

static char *
lookup_by_address_finish (GResolver     *resolver,
                          GAsyncResult  *result,
                          GError       **error)
{
  GList *list = finish_async (result, error);
  char *name;

  if (list == NULL)
    return NULL;
  name = list->data;
  g_list_free (list);
  return name;
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *rrname,
                GResolverRecordType   record_type,
                GCancellable         *cancellable,
                GError              **error)
{
  Answer answer = { 0 };

  answer_records (OB_FAKE_RESOLVER (resolver), rrname, record_type, &answer);
  return return_sync (&answer, free_variant_list, cancellable, error);
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *rrname,
                      GResolverRecordType  record_type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Answer answer = { 0 };

  answer_records (OB_FAKE_RESOLVER (resolver), rrname, record_type, &answer);
  return_async (OB_FAKE_RESOLVER (resolver), &answer, free_variant_list, cancellable, callback,
                user_data, lookup_records_async);
}

static GList *
lookup_records_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return finish_async (result, error);
}

static void
ob_fake_resolver_finalize (GObject *object)
{
  ObFakeResolver *self = OB_FAKE_RESOLVER (object);

  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ob_fake_resolver_parent_class)->finalize (object);
}

static void
ob_fake_resolver_class_init (ObFakeResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = ob_fake_resolver_finalize;

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_by_name_finish;
  resolver_class->lookup_by_address = lookup_by_address;
  resolver_class->lookup_by_address_async = lookup_by_address_async;
  resolver_class->lookup_by_address_finish = lookup_by_address_finish;
  /* SRV lookups (g_resolver_lookup_service()) go through lookup_records. */
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = lookup_records_finish;
}

static void
ob_fake_resolver_init (ObFakeResolver *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_free);
}

/**
 * ob_fake_resolver_new:
 *
 * Returns: (transfer full): a resolver that knows no names yet
 */
ObFakeResolver *
ob_fake_resolver_new (void)
{
  return g_object_new (OB_TYPE_FAKE_RESOLVER, NULL);
}

/**
 * ob_fake_resolver_add_address:
 * @address: an IPv4 or IPv6 address, like “192.0.2.1”
 *
 * Adds an A or AAAA record.
 */
void
ob_fake_resolver_add_address (ObFakeResolver *self,
                              const char     *name,
                              const char     *address)
{
  GInetAddress *inet;

  g_return_if_fail (OB_IS_FAKE_RESOLVER (self));
  g_return_if_fail (name != NULL);

  inet = g_inet_address_new_from_string (address);
  g_return_if_fail (inet != NULL);
  add_record (self, name, G_STRUCT_OFFSET (Entry, addresses), inet);
}

/**
 * ob_fake_resolver_add_mx:
 * @host: the mail server, or “” for a null MX (RFC 7505)
 */
void
ob_fake_resolver_add_mx (ObFakeResolver *self,
                         const char     *name,
                         guint16         preference,
                         const char     *host)
{
  g_return_if_fail (OB_IS_FAKE_RESOLVER (self));
  g_return_if_fail (name != NULL && host != NULL);

  add_record (self, name, G_STRUCT_OFFSET (Entry, mx),
              g_variant_ref_sink (g_variant_new ("(qs)", preference, host)));
}

/**
 * ob_fake_resolver_add_txt:
 * @first_string: the record's first character-string
 * @...: more character-strings of the same record, then %NULL
 *
 * Adds one TXT record made of the given strings, as a long record is split
 * into strings of at most 255 bytes in DNS.
 */
void
ob_fake_resolver_add_txt (ObFakeResolver *self,
                          const char     *name,
                          const char     *first_string,
                          ...)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  va_list args;

  g_return_if_fail (OB_IS_FAKE_RESOLVER (self));
  g_return_if_fail (name != NULL && first_string != NULL);

  va_start (args, first_string);
  for (const char *s = first_string; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (strings, (gpointer) s);
  va_end (args);

  add_record (self, name, G_STRUCT_OFFSET (Entry, txt),
              g_variant_ref_sink (g_variant_new ("(@as)",
                                                 g_variant_new_strv ((const char * const *)
                                                                     strings->pdata,
                                                                     strings->len))));
}

void
ob_fake_resolver_add_srv (ObFakeResolver *self,
                          const char     *name,
                          guint16         priority,
                          guint16         weight,
                          guint16         port,
                          const char     *target)
{
  g_return_if_fail (OB_IS_FAKE_RESOLVER (self));
  g_return_if_fail (name != NULL && target != NULL);

  add_record (self, name, G_STRUCT_OFFSET (Entry, srv),
              g_variant_ref_sink (g_variant_new ("(qqqs)", priority, weight, port, target)));
}

/**
 * ob_fake_resolver_set_delay:
 * @delay_ms: how long every lookup of @name takes from now on
 */
void
ob_fake_resolver_set_delay (ObFakeResolver *self,
                            const char     *name,
                            guint           delay_ms)
{
  g_return_if_fail (OB_IS_FAKE_RESOLVER (self));
  g_return_if_fail (name != NULL);

  g_mutex_lock (&self->lock);
  get_entry (self, name, TRUE)->delay_ms = delay_ms;
  g_mutex_unlock (&self->lock);
}

/**
 * ob_fake_resolver_set_failure:
 * @code: the error every lookup of @name fails with from now on
 */
void
ob_fake_resolver_set_failure (ObFakeResolver *self,
                              const char     *name,
                              GResolverError  code)
{
  Entry *entry;

  g_return_if_fail (OB_IS_FAKE_RESOLVER (self));
  g_return_if_fail (name != NULL);

  g_mutex_lock (&self->lock);
  entry = get_entry (self, name, TRUE);
  entry->fails = TRUE;
  entry->failure = code;
  g_mutex_unlock (&self->lock);
}

/**
 * ob_fake_resolver_get_query_count:
 *
 * Returns: how many lookups of any type asked for @name
 */
guint
ob_fake_resolver_get_query_count (ObFakeResolver *self,
                                  const char     *name)
{
  Entry *entry;
  guint count;

  g_return_val_if_fail (OB_IS_FAKE_RESOLVER (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  g_mutex_lock (&self->lock);
  entry = get_entry (self, name, FALSE);
  count = entry != NULL ? entry->queries : 0;
  g_mutex_unlock (&self->lock);
  return count;
}
