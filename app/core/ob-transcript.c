/* ob-transcript.c — the live, redacted log of a conversation with a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SMTP client writes to the transcript from a worker thread while a list
 * view on the main thread shows it, so the transcript is a #GListModel whose
 * signals only ever fire on the #GMainContext it was created under.
 *
 * Which thread delivers: the model's items are only touched by a thread
 * that holds the transcript's context. An entry added on the thread that
 * created the transcript (when no other thread is running that context), or
 * on whichever thread is running the context right now, is appended at once
 * and #GListModel::items-changed is emitted before the call returns. An entry
 * added on any other thread is queued under a mutex, and an idle source on
 * the context appends everything queued in one go. The creating thread is
 * remembered, rather than compared by context, because a worker thread with
 * no thread-default context sees the same global default context as the main
 * thread. Whoever delivers first takes the queue first, so entries always
 * appear in the order they were added.
 *
 * Secrets are removed here, when an entry is made, so no view, export or
 * bug report built on the transcript can leak them; see
 * ob_transcript_add_client_line().
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-escape.h"
#include "ob-transcript.h"

/* Dropping in chunks keeps a flood of lines past the cap from costing two
 * signals and a move of the whole array per line. */
#define TRIM_CHUNK (OB_TRANSCRIPT_MAX_ENTRIES / 10)

#define REDACTED "********"

struct _ObTranscript
{
  GObject        parent_instance;

  GMainContext  *context;
  GThread       *creator;
  GPtrArray     *items;          /* ObTranscriptEntry; touched only holding context */
  gulong         n_dropped;      /* how many entries the cap has dropped so far */

  GMutex         lock;           /* protects the fields below */
  GPtrArray     *pending;        /* ObTranscriptEntry added on other threads, or NULL */
  GSource       *deliver_source; /* set while @pending waits for the context */
  gboolean       in_sasl_exchange;
};

static void ob_transcript_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ObTranscript, ob_transcript, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ob_transcript_list_model_init))

static GType
ob_transcript_get_item_type (GListModel *model)
{
  return OB_TYPE_TRANSCRIPT_ENTRY;
}

static guint
ob_transcript_get_n_items (GListModel *model)
{
  return OB_TRANSCRIPT (model)->items->len;
}

static gpointer
ob_transcript_get_item (GListModel *model,
                        guint       position)
{
  ObTranscript *self = OB_TRANSCRIPT (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ob_transcript_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ob_transcript_get_item_type;
  iface->get_n_items = ob_transcript_get_n_items;
  iface->get_item = ob_transcript_get_item;
}

static void
ob_transcript_finalize (GObject *object)
{
  ObTranscript *self = OB_TRANSCRIPT (object);

  /* A waiting delivery source holds a reference, so none can be left. */
  g_assert (self->deliver_source == NULL);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->creator, g_thread_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ob_transcript_parent_class)->finalize (object);
}

static void
ob_transcript_class_init (ObTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ob_transcript_finalize;
}

static void
ob_transcript_init (ObTranscript *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->creator = g_thread_ref (g_thread_self ());
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->lock);
}

/**
 * ob_transcript_new:
 *
 * Creates an empty transcript bound to the calling thread and its
 * thread-default main context: #GListModel::items-changed is only emitted
 * there.
 *
 * Returns: (transfer full): a new transcript
 */
ObTranscript *
ob_transcript_new (void)
{
  return g_object_new (OB_TYPE_TRANSCRIPT, NULL);
}

static ObTranscriptEntry *
make_notice (ObTranscript *self)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("%lu earlier entry was removed to save memory.",
                                    "%lu earlier entries were removed to save memory.",
                                    self->n_dropped),
                          self->n_dropped);
  return g_object_new (OB_TYPE_TRANSCRIPT_ENTRY,
                       "kind", OB_TRANSCRIPT_INFO,
                       "text", text,
                       NULL);
}

/* Appends @batch, dropping the oldest entries when the cap would be passed;
 * the caller holds the context. */
static void
append_batch (ObTranscript *self,
              GPtrArray    *batch)
{
  guint first_new = 0;
  guint position;

  if (self->items->len + batch->len > OB_TRANSCRIPT_MAX_ENTRIES)
    {
      guint target = OB_TRANSCRIPT_MAX_ENTRIES - TRIM_CHUNK;   /* counting the notice */
      guint had_notice = self->n_dropped > 0 ? 1 : 0;
      guint old_entries = self->items->len - had_notice;
      guint keep_old = 0;
      guint removed;

      if (batch->len >= target - 1)
        first_new = batch->len - (target - 1);
      else
        keep_old = MIN (old_entries, target - 1 - batch->len);

      self->n_dropped += old_entries - keep_old + first_new;
      removed = self->items->len - keep_old;
      g_ptr_array_remove_range (self->items, 0, removed);
      g_ptr_array_insert (self->items, 0, make_notice (self));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 1);
    }

  position = self->items->len;
  for (guint i = first_new; i < batch->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (batch, i)));
  if (self->items->len > position)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->items->len - position);
}

/* Appends what other threads queued, then @entry; the caller holds the
 * context. */
static void
deliver (ObTranscript      *self,
         ObTranscriptEntry *entry)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GSource) source = NULL;

  g_mutex_lock (&self->lock);
  batch = g_steal_pointer (&self->pending);
  source = g_steal_pointer (&self->deliver_source);
  if (entry != NULL)
    {
      if (batch == NULL)
        batch = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (batch, g_object_ref (entry));
    }
  g_mutex_unlock (&self->lock);

  /* Outside the lock: destroying the source drops the reference it holds. */
  if (source != NULL)
    g_source_destroy (source);
  if (batch != NULL)
    append_batch (self, batch);
}

static gboolean
deliver_cb (gpointer user_data)
{
  ObTranscript *self = user_data;

  deliver (self, NULL);
  return G_SOURCE_REMOVE;
}

/* Whether the calling thread may touch the items now; when TRUE it holds
 * the context and must release it. */
static gboolean
acquire_context (ObTranscript *self)
{
  if (g_main_context_is_owner (self->context) || g_thread_self () == self->creator)
    return g_main_context_acquire (self->context);
  return FALSE;
}

static void
add_entry (ObTranscript     *self,
           ObTranscriptKind  kind,
           const char       *text)
{
  g_autoptr(ObTranscriptEntry) entry = g_object_new (OB_TYPE_TRANSCRIPT_ENTRY,
                                                     "kind", kind,
                                                     "text", text,
                                                     NULL);

  if (acquire_context (self))
    {
      deliver (self, entry);
      g_main_context_release (self->context);
      return;
    }

  g_mutex_lock (&self->lock);
  if (self->pending == NULL)
    self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->pending, g_steal_pointer (&entry));
  if (self->deliver_source == NULL)
    {
      self->deliver_source = g_idle_source_new ();
      /* Below GTK's layout and drawing: a flood of lines is batched
       * between frames rather than delaying them. */
      g_source_set_priority (self->deliver_source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_static_name (self->deliver_source, "[outbound] transcript delivery");
      g_source_set_callback (self->deliver_source, deliver_cb,
                             g_object_ref (self), g_object_unref);
      g_source_attach (self->deliver_source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static gsize
strip_line_end (const char *data,
                gsize       len)
{
  if (len >= 2 && data[len - 2] == '\r' && data[len - 1] == '\n')
    return len - 2;
  if (len >= 1 && data[len - 1] == '\n')
    return len - 1;
  return len;
}

/* Commands whose arguments, past the first @visible_words, are secret.
 * AUTH's initial response (RFC 4954) is a credential in base64, and AUTH
 * starts a SASL exchange; BURL's URL (RFC 4468) ends in a URLAUTH access
 * token. */
static const struct
{
  const char *command;
  guint       visible_words;
  gboolean    starts_sasl;
} secret_commands[] = {
  { "AUTH", 1, TRUE },
  { "BURL", 0, FALSE },
};

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Returns how much of @line to keep before the redaction mark, or -1 when
 * the line carries no secret argument. */
static gssize
find_secret_arguments (const char *line,
                       gsize       len,
                       gboolean   *starts_sasl)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_commands); i++)
    {
      gsize p = strlen (secret_commands[i].command);

      if (len <= p || !is_blank (line[p]) ||
          g_ascii_strncasecmp (line, secret_commands[i].command, p) != 0)
        continue;

      *starts_sasl = secret_commands[i].starts_sasl;
      for (guint word = 0; word < secret_commands[i].visible_words; word++)
        {
          while (p < len && is_blank (line[p]))
            p++;
          while (p < len && !is_blank (line[p]))
            p++;
        }
      while (p < len && is_blank (line[p]))
        p++;
      return p < len ? (gssize) p : -1;
    }
  return -1;
}

/**
 * ob_transcript_add_client_line:
 * @line: a command as sent, with or without its line end
 *
 * Records a line the client sent, with its secrets replaced by `********`:
 * the initial response of `AUTH <mechanism> <initial-response>` (any
 * mechanism, any case) and the URL of BURL. Lines sent while a SASL exchange
 * is under way (after AUTH, until the server answers with something other
 * than 334) are answers to the server's challenges and are recorded as
 * `********` whatever they are, except the `*` that cancels the exchange;
 * the SMTP client should record those with
 * ob_transcript_add_client_redacted() anyway, which says what was sent.
 *
 * Nothing else a client sends is secret: addresses in MAIL and RCPT, and the
 * AUTH= parameter of MAIL, are personal data the person needs to see to
 * understand a failure. The message itself is never recorded line by line:
 * the client notes its size as an information entry instead.
 */
void
ob_transcript_add_client_line (ObTranscript *self,
                               const char   *line)
{
  g_autofree char *text = NULL;
  gsize len;
  gssize keep;
  gboolean starts_sasl = FALSE;
  gboolean in_exchange;

  g_return_if_fail (OB_IS_TRANSCRIPT (self));
  g_return_if_fail (line != NULL);

  len = strip_line_end (line, strlen (line));
  keep = find_secret_arguments (line, len, &starts_sasl);

  g_mutex_lock (&self->lock);
  in_exchange = self->in_sasl_exchange;
  if (starts_sasl)
    self->in_sasl_exchange = TRUE;
  g_mutex_unlock (&self->lock);

  if (keep >= 0)
    {
      g_autofree char *visible = ob_escape_untrusted (line, keep);

      text = g_strconcat (visible, REDACTED, NULL);
    }
  else if (in_exchange && !(len == 1 && line[0] == '*'))
    text = g_strdup_printf (REDACTED " (%s)", _("login data"));
  else
    text = ob_escape_untrusted (line, len);

  add_entry (self, OB_TRANSCRIPT_CLIENT, text);
}

/**
 * ob_transcript_add_client_redacted:
 * @what: what the line contained, translated, such as “password”
 *
 * Records that the client sent a line whose content is secret, as
 * `******** (what)`, for instance an answer to a SASL challenge.
 */
void
ob_transcript_add_client_redacted (ObTranscript *self,
                                   const char   *what)
{
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (OB_IS_TRANSCRIPT (self));
  g_return_if_fail (what != NULL);

  escaped = ob_escape_untrusted (what, -1);
  text = g_strdup_printf (REDACTED " (%s)", escaped);
  add_entry (self, OB_TRANSCRIPT_CLIENT, text);
}

/**
 * ob_transcript_add_server_line:
 * @data: one line as the server sent it, in any encoding
 * @len: the length of @data, or -1 when it is NUL-terminated
 *
 * Records a line the server sent. One trailing CRLF or LF is removed; every
 * other control character, bidirectional override or invalid byte is
 * escaped (see ob_escape_untrusted()), so whatever the server sends stays
 * one server entry and can never pass for a client line.
 */
void
ob_transcript_add_server_line (ObTranscript *self,
                               const char   *data,
                               gssize        len)
{
  g_autofree char *text = NULL;
  gsize n;

  g_return_if_fail (OB_IS_TRANSCRIPT (self));
  g_return_if_fail (data != NULL || len == 0);

  n = strip_line_end (data, len < 0 ? strlen (data) : (gsize) len);

  /* A SASL exchange goes on for as long as the server answers 334. */
  g_mutex_lock (&self->lock);
  if (self->in_sasl_exchange && !(n >= 3 && memcmp (data, "334", 3) == 0))
    self->in_sasl_exchange = FALSE;
  g_mutex_unlock (&self->lock);

  text = ob_escape_untrusted (data, n);
  add_entry (self, OB_TRANSCRIPT_SERVER, text);
}

/**
 * ob_transcript_add:
 * @kind: %OB_TRANSCRIPT_TLS, %OB_TRANSCRIPT_INFO or %OB_TRANSCRIPT_ERROR;
 *   client and server lines have their own functions, which redact and
 *   escape them
 * @format: a translated printf() format
 *
 * Records what the client is doing, a TLS detail or a failure. The text is
 * escaped like a server line, since it often quotes the server (a
 * certificate's names, an error's reply).
 */
void
ob_transcript_add (ObTranscript     *self,
                   ObTranscriptKind  kind,
                   const char       *format,
                   ...)
{
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  va_list args;

  g_return_if_fail (OB_IS_TRANSCRIPT (self));
  g_return_if_fail (kind == OB_TRANSCRIPT_TLS || kind == OB_TRANSCRIPT_INFO ||
                    kind == OB_TRANSCRIPT_ERROR);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);

  text = ob_escape_untrusted (raw, -1);
  add_entry (self, kind, text);
}

/**
 * ob_transcript_flush:
 *
 * Appends the entries other threads have queued now, instead of when the
 * transcript's main context next runs; for instance after a synchronous
 * operation ran in a worker thread. Call it on the thread that created the
 * transcript, or the one running its context.
 */
void
ob_transcript_flush (ObTranscript *self)
{
  gboolean acquired;

  g_return_if_fail (OB_IS_TRANSCRIPT (self));

  acquired = acquire_context (self);
  g_return_if_fail (acquired);

  deliver (self, NULL);
  g_main_context_release (self->context);
}

static void
append_entry_line (GString           *text,
                   ObTranscriptEntry *entry)
{
  g_autofree char *line = ob_transcript_entry_to_string (entry);

  g_string_append (text, line);
  g_string_append_c (text, '\n');
}

/**
 * ob_transcript_to_text:
 *
 * The whole transcript, one entry per line as ob_transcript_entry_to_string()
 * renders it, including entries still queued, for copying or saving. Call it
 * where the model is used.
 *
 * Returns: (transfer full): the text
 */
char *
ob_transcript_to_text (ObTranscript *self)
{
  GString *text;

  g_return_val_if_fail (OB_IS_TRANSCRIPT (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->items->len; i++)
    append_entry_line (text, g_ptr_array_index (self->items, i));

  g_mutex_lock (&self->lock);
  for (guint i = 0; self->pending != NULL && i < self->pending->len; i++)
    append_entry_line (text, g_ptr_array_index (self->pending, i));
  g_mutex_unlock (&self->lock);

  return g_string_free (text, FALSE);
}
