/* ob-log-view.c — the live troubleshooting log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list view over the transcript, filtered by kind and by search text, so
 * a transcript of a hundred thousand lines costs a screenful of rows (see
 * tests/gui/bench-log-view.c for what filtering it costs). The
 * transcript's text is already redacted and escaped at the source: copying
 * and saving use it as it is, and rows show it literally.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ob-log-row.h"
#include "ob-log-view.h"

/* How close to the end, in pixels, still counts as “at the newest line”:
 * a pixel or two of rounding must not stop the log following. */
#define STICK_MARGIN 4.0

struct _ObLogView
{
  GtkWidget             parent_instance;

  ObTranscript         *transcript;
  gulong                transcript_changed_id;
  ObLogVerbosity        verbosity;
  char                 *needle;          /* case-folded search text, or NULL */
  gsize                 needle_len;
  gboolean              typed_ascii;     /* what was typed is ASCII */
  gboolean              needle_unicode;  /* the case-folded needle is not ASCII */

  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;          /* owned by @filtered */
  GHashTable           *diagnoses;       /* ObTranscriptEntry → ObDiagnosis */
  GHashTable           *bound_rows;      /* ObTranscriptEntry → ObLogRow showing it */
  gboolean              stick_to_bottom;
  guint                 scroll_tick_id;
  GtkFileChooserNative *save_chooser;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkScrolledWindow    *scrolled_window;
  GtkListView          *list_view;
};

G_DEFINE_FINAL_TYPE (ObLogView, ob_log_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (ObLogVerbosity, ob_log_verbosity,
                    G_DEFINE_ENUM_VALUE (OB_LOG_VERBOSITY_EVERYTHING, "everything"),
                    G_DEFINE_ENUM_VALUE (OB_LOG_VERBOSITY_PROTOCOL, "protocol"),
                    G_DEFINE_ENUM_VALUE (OB_LOG_VERBOSITY_ERRORS, "errors"))

enum {
  PROP_0,
  PROP_TRANSCRIPT,
  PROP_VERBOSITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * ob_log_view_new:
 * @transcript: (nullable): the transcript to show
 *
 * Returns: (transfer floating): a new log view
 */
GtkWidget *
ob_log_view_new (ObTranscript *transcript)
{
  g_return_val_if_fail (transcript == NULL || OB_IS_TRANSCRIPT (transcript), NULL);

  return g_object_new (OB_TYPE_LOG_VIEW, "transcript", transcript, NULL);
}

static void
show_toast (ObLogView  *self,
            const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  /* A toast's title is markup, and a file name or an error may hold “<”. */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (markup));
}

/* Filtering */

static gboolean
kind_is_shown (ObLogVerbosity   verbosity,
               ObTranscriptKind kind)
{
  switch (verbosity)
    {
    case OB_LOG_VERBOSITY_EVERYTHING:
      return TRUE;
    case OB_LOG_VERBOSITY_PROTOCOL:
      return kind == OB_TRANSCRIPT_CLIENT || kind == OB_TRANSCRIPT_SERVER ||
             kind == OB_TRANSCRIPT_ERROR;
    case OB_LOG_VERBOSITY_ERRORS:
      return kind == OB_TRANSCRIPT_ERROR;
    default:
      g_return_val_if_reached (TRUE);
    }
}

/* Whether @text contains @needle, ignoring ASCII case; @needle is in
 * lower case. No byte of a multi-byte UTF-8 character is ASCII, so for
 * ASCII typed text this is what case folding would find, without
 * allocating for each of a hundred thousand lines. */
static gboolean
contains_ascii_caseless (const char *text,
                         const char *needle,
                         gsize       needle_len)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_tolower (*p) == needle[0] && g_ascii_strncasecmp (p, needle, needle_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
entry_is_shown (gpointer item,
                gpointer user_data)
{
  ObLogView *self = user_data;
  ObTranscriptEntry *entry = item;
  const char *text = ob_transcript_entry_get_text (entry);
  g_autofree char *folded = NULL;

  if (!kind_is_shown (self->verbosity, ob_transcript_entry_get_kind (entry)))
    return FALSE;
  if (self->needle == NULL)
    return TRUE;
  if (self->typed_ascii)
    return contains_ascii_caseless (text, self->needle, self->needle_len);
  /* ASCII folds to ASCII: a line of it cannot hold what “ö” folds to. */
  if (self->needle_unicode && g_str_is_ascii (text))
    return FALSE;

  folded = g_utf8_casefold (text, -1);
  return strstr (folded, self->needle) != NULL;
}

static void
search_changed_cb (ObLogView      *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *old = g_steal_pointer (&self->needle);
  gboolean was_ascii = self->typed_ascii;
  GtkFilterChange change;

  if (text[0] != '\0')
    {
      self->needle = g_utf8_casefold (text, -1);
      self->needle_len = strlen (self->needle);
      self->typed_ascii = g_str_is_ascii (text);
      self->needle_unicode = !g_str_is_ascii (self->needle);
    }
  if (g_strcmp0 (old, self->needle) == 0 && self->typed_ascii == was_ascii)
    return;

  /* Telling the filter which way it changed spares rechecking the lines
   * that cannot change sides; “ß” and “ss” fold alike but are matched
   * differently, so a change of kind of search is just different. */
  if (self->typed_ascii != was_ascii && old != NULL && self->needle != NULL)
    change = GTK_FILTER_CHANGE_DIFFERENT;
  else if (old == NULL || (self->needle != NULL && strstr (self->needle, old) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->needle == NULL || strstr (old, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

/* What is on screen */

static void
update_page (ObLogView *self)
{
  const char *page = "entries";

  if (self->transcript == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->transcript)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-matches";

  gtk_stack_set_visible_child_name (self->stack, page);
}

/* The log follows new lines only while the person is looking at the newest
 * ones; once they scroll up to read, it stays where they are. */
static void
vadjustment_value_changed_cb (ObLogView     *self,
                              GtkAdjustment *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - STICK_MARGIN;
}

static gboolean
scroll_to_end_cb (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  ObLogView *self = OB_LOG_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  self->scroll_tick_id = 0;
  /* Scrolling to the last item, rather than setting the adjustment, holds
   * even when the rows' heights were only estimated, and quietly does
   * nothing while the list is between layouts. */
  if (self->stick_to_bottom && n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  return G_SOURCE_REMOVE;
}

/* New lines make the list longer when it is laid out; the view then moves
 * to the end before the next frame is laid out and drawn. */
static void
vadjustment_changed_cb (ObLogView     *self,
                        GtkAdjustment *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->stick_to_bottom && gtk_adjustment_get_value (adjustment) < bottom &&
      self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_cb,
                                                         NULL, NULL);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              ObLogView                *self)
{
  gtk_list_item_set_child (item, ob_log_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             ObLogView                *self)
{
  ObTranscriptEntry *entry = gtk_list_item_get_item (item);
  ObLogRow *row = OB_LOG_ROW (gtk_list_item_get_child (item));

  ob_log_row_set_entry (row, entry);
  ob_log_row_set_diagnosis (row, g_hash_table_lookup (self->diagnoses, entry));
  g_hash_table_insert (self->bound_rows, entry, row);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               ObLogView                *self)
{
  ObTranscriptEntry *entry = gtk_list_item_get_item (item);
  ObLogRow *row = OB_LOG_ROW (gtk_list_item_get_child (item));

  if (g_hash_table_lookup (self->bound_rows, entry) == row)
    g_hash_table_remove (self->bound_rows, entry);
  ob_log_row_set_entry (row, NULL);
}

/* Diagnoses */

static ObTranscriptEntry *
find_last_error (ObTranscript *transcript)
{
  GListModel *model = G_LIST_MODEL (transcript);

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(ObTranscriptEntry) entry = g_list_model_get_item (model, i - 1);

      if (ob_transcript_entry_get_kind (entry) == OB_TRANSCRIPT_ERROR)
        return g_steal_pointer (&entry);
    }
  return NULL;
}

/**
 * ob_log_view_add_diagnosis:
 * @diagnosis: what the latest failure means
 *
 * Shows @diagnosis (its title, explanation and remedy) under the most recent
 * error line of the transcript. The transcript's queued lines are delivered
 * first, since the failure's own line may still be waiting there; when the
 * transcript has no error line at all, the diagnosis's title is logged as
 * one. Call it on the thread that created the transcript.
 */
void
ob_log_view_add_diagnosis (ObLogView   *self,
                           ObDiagnosis *diagnosis)
{
  g_autoptr(ObTranscriptEntry) entry = NULL;
  ObLogRow *row;

  g_return_if_fail (OB_IS_LOG_VIEW (self));
  g_return_if_fail (OB_IS_DIAGNOSIS (diagnosis));
  g_return_if_fail (self->transcript != NULL);

  ob_transcript_flush (self->transcript);
  entry = find_last_error (self->transcript);
  if (entry == NULL)
    {
      ob_transcript_add (self->transcript, OB_TRANSCRIPT_ERROR, "%s",
                         ob_diagnosis_get_title (diagnosis));
      entry = find_last_error (self->transcript);
    }
  g_return_if_fail (entry != NULL);

  g_hash_table_replace (self->diagnoses, g_object_ref (entry), g_object_ref (diagnosis));
  row = g_hash_table_lookup (self->bound_rows, entry);
  if (row != NULL)
    ob_log_row_set_diagnosis (row, diagnosis);
}

/* Copying and saving */

static void
copy_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ObLogView *self = OB_LOG_VIEW (widget);
  g_autofree char *text = NULL;

  g_return_if_fail (self->transcript != NULL);

  text = ob_transcript_to_text (self->transcript);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  show_toast (self, _("Log copied"));
}

static void
save_replaced_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ob_log_view_save_async:
 * @file: where to write the log
 *
 * Writes the whole transcript, as Copy All copies it, to @file, readable
 * only by its owner: the log names the person's addresses and servers.
 */
void
ob_log_view_save_async (ObLogView           *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (OB_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_log_view_save_async);

  text = self->transcript != NULL ? ob_transcript_to_text (self->transcript) : g_strdup ("");
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, save_replaced_cb, g_steal_pointer (&task));
}

gboolean
ob_log_view_save_finish (ObLogView     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (OB_IS_LOG_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_log_view_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ObLogView *self = OB_LOG_VIEW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ob_log_view_save_finish (self, result, &error))
    text = g_strdup_printf (_("Could not save the log: %s"), error->message);
  else
    text = g_strdup (_("Log saved"));
  show_toast (self, text);
}

static void
save_response_cb (ObLogView       *self,
                  int              response,
                  GtkNativeDialog *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->save_chooser);

  if (file != NULL)
    ob_log_view_save_async (self, file, NULL, save_done_cb, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ObLogView *self = OB_LOG_VIEW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "outbound-log-%Y%m%d-%H%M%S.txt");
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->save_chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
      return;
    }

  /* A native chooser goes through the file chooser portal in a sandbox. */
  self->save_chooser = gtk_file_chooser_native_new (_("Save Log"),
                                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->save_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->save_chooser), name);
  g_signal_connect_object (self->save_chooser, "response",
                           G_CALLBACK (save_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->save_chooser));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ObLogView *self = OB_LOG_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Properties */

/**
 * ob_log_view_get_transcript:
 *
 * Returns: (transfer none) (nullable): the transcript shown
 */
ObTranscript *
ob_log_view_get_transcript (ObLogView *self)
{
  g_return_val_if_fail (OB_IS_LOG_VIEW (self), NULL);

  return self->transcript;
}

/**
 * ob_log_view_set_transcript:
 * @transcript: (nullable): the transcript to show
 *
 * Shows @transcript from its newest line. Diagnoses added for the previous
 * transcript are dropped.
 */
void
ob_log_view_set_transcript (ObLogView    *self,
                            ObTranscript *transcript)
{
  g_return_if_fail (OB_IS_LOG_VIEW (self));
  g_return_if_fail (transcript == NULL || OB_IS_TRANSCRIPT (transcript));

  if (self->transcript == transcript)
    return;

  if (self->transcript != NULL)
    g_clear_signal_handler (&self->transcript_changed_id, self->transcript);
  g_set_object (&self->transcript, transcript);
  g_hash_table_remove_all (self->diagnoses);
  if (transcript != NULL)
    self->transcript_changed_id =
      g_signal_connect_object (transcript, "items-changed",
                               G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);

  self->stick_to_bottom = TRUE;
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (transcript));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log-view.copy-all", transcript != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log-view.save", transcript != NULL);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT]);
}

ObLogVerbosity
ob_log_view_get_verbosity (ObLogView *self)
{
  g_return_val_if_fail (OB_IS_LOG_VIEW (self), OB_LOG_VERBOSITY_EVERYTHING);

  return self->verbosity;
}

void
ob_log_view_set_verbosity (ObLogView      *self,
                           ObLogVerbosity  verbosity)
{
  ObLogVerbosity old;

  g_return_if_fail (OB_IS_LOG_VIEW (self));
  g_return_if_fail (verbosity <= OB_LOG_VERBOSITY_ERRORS);

  if (self->verbosity == verbosity)
    return;

  /* The values are ordered from the most lines to the fewest. */
  old = self->verbosity;
  self->verbosity = verbosity;
  gtk_filter_changed (GTK_FILTER (self->filter),
                      verbosity > old ? GTK_FILTER_CHANGE_MORE_STRICT
                                      : GTK_FILTER_CHANGE_LESS_STRICT);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERBOSITY]);
}

static gboolean
ob_log_view_grab_focus (GtkWidget *widget)
{
  ObLogView *self = OB_LOG_VIEW (widget);

  if (gtk_search_bar_get_search_mode (self->search_bar))
    return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
ob_log_view_dispose (GObject *object)
{
  ObLogView *self = OB_LOG_VIEW (object);

  if (self->save_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->save_chooser));
  g_clear_object (&self->save_chooser);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;

  /* The filter and the handlers call back into the view: nothing may run
   * them once its children are gone. */
  if (self->transcript != NULL)
    g_clear_signal_handler (&self->transcript_changed_id, self->transcript);
  if (self->filtered != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->filtered, self);
      gtk_filter_list_model_set_model (self->filtered, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_LOG_VIEW);

  g_clear_object (&self->transcript);
  g_clear_object (&self->filtered);
  g_clear_pointer (&self->diagnoses, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);

  G_OBJECT_CLASS (ob_log_view_parent_class)->dispose (object);
}

static void
ob_log_view_finalize (GObject *object)
{
  ObLogView *self = OB_LOG_VIEW (object);

  g_free (self->needle);

  G_OBJECT_CLASS (ob_log_view_parent_class)->finalize (object);
}

static void
ob_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ObLogView *self = OB_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRANSCRIPT:
      g_value_set_object (value, self->transcript);
      break;
    case PROP_VERBOSITY:
      g_value_set_enum (value, self->verbosity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ObLogView *self = OB_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRANSCRIPT:
      ob_log_view_set_transcript (self, g_value_get_object (value));
      break;
    case PROP_VERBOSITY:
      ob_log_view_set_verbosity (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_log_view_class_init (ObLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_log_view_dispose;
  object_class->finalize = ob_log_view_finalize;
  object_class->get_property = ob_log_view_get_property;
  object_class->set_property = ob_log_view_set_property;
  widget_class->grab_focus = ob_log_view_grab_focus;

  properties[PROP_TRANSCRIPT] =
    g_param_spec_object ("transcript", NULL, NULL,
                         OB_TYPE_TRANSCRIPT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_VERBOSITY] =
    g_param_spec_enum ("verbosity", NULL, NULL,
                       OB_TYPE_LOG_VERBOSITY, OB_LOG_VERBOSITY_EVERYTHING,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ObLogView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ObLogView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ObLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ObLogView, stack);
  gtk_widget_class_bind_template_child (widget_class, ObLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, ObLogView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "log-view.verbosity", "verbosity");
  gtk_widget_class_install_action (widget_class, "log-view.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "log-view.copy-all", NULL, copy_all_action);
  gtk_widget_class_install_action (widget_class, "log-view.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "log-view.search", NULL);
}

static void
ob_log_view_init (ObLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;
  GListModel *model;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->diagnoses = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->stick_to_bottom = TRUE;

  self->filter = gtk_custom_filter_new (entry_is_shown, self, NULL);
  /* Not incremental: checking a full transcript takes a few milliseconds,
   * while filtering in batches would lay the list out once per batch. */
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);

  model = g_object_ref (G_LIST_MODEL (self->filtered));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (model));
  gtk_list_view_set_model (self->list_view, selection);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (vadjustment_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);

  /* The entry sits in a clamp, so the bar needs telling which one it is:
   * it then clears it on closing and closes on Escape. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log-view.copy-all", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log-view.save", FALSE);
  update_page (self);
}
