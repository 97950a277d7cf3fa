/* ob-account-wizard.c — adding or editing an account, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small state machine over four pages:
 *
 *   idle ──(address complete)──▶ detecting ──▶ result ──(Continue)──▶ testing ──▶ done
 *     ▲                              │
 *     └──────(address edited)────────┘
 *
 * Detection starts on its own half a second after the address stops
 * changing, so the answer is often there before the person presses
 * Continue; editing the address cancels it and starts again. The result
 * page shows the chosen server in plain words with everything to know
 * before a password goes there, the other servers found, and every setting
 * for editing by hand. The test page runs the connection test on exactly
 * what will be saved; a failure explains itself and its button takes the
 * person to the setting to fix. Saving stores the password in the keyring
 * first, then the settings, so a saved account always has its password.
 *
 * The first page also leads to the sending services: that page hands over
 * an account and its API key, which go through the same test and save.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ob-account-store.h"
#include "ob-account-wizard.h"
#include "ob-address.h"
#include "ob-application.h"
#include "ob-connection-test-view.h"
#include "ob-detection-progress.h"
#include "ob-diagnosis-view.h"
#include "ob-secrets.h"
#include "ob-sending-service-page.h"
#include "ob-server-card.h"
#include "ob-server-editor.h"

/* Long enough not to look up every half-typed domain, short enough that
 * detection is under way before the person reaches for Continue. */
#define DEBOUNCE_MS 500

typedef enum {
  STATE_IDLE,
  STATE_DETECTING,
  STATE_RESULT,
  STATE_TESTING,
  STATE_DONE,
} WizardState;

enum {
  ACCOUNT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _ObAccountWizard
{
  AdwWindow             parent_instance;

  WizardState           state;
  ObAccount            *editing;      /* the stored account being edited, or NULL */
  ObAccount            *account;      /* what the test checks and saving keeps */
  ObDetection          *detection;
  ObDetectorCandidate  *candidate;    /* the chosen server, or NULL */
  GCancellable         *detect_cancellable;
  GCancellable         *save_cancellable;
  guint                 debounce_id;
  gboolean              manual;
  gboolean              test_passed;
  char                 *service_secret;  /* the API key typed on the service page */

  /* template children */
  GtkButton            *continue_button;
  GtkStack             *stack;
  AdwEntryRow          *name_row;
  AdwEntryRow          *address_row;
  AdwPasswordEntryRow  *password_row;
  GtkLabel             *address_error_label;
  GtkWidget            *detecting_hint;
  GtkLabel             *detecting_hint_label;
  GtkLabel             *detecting_label;
  ObDetectionProgress  *progress;
  GtkLabel             *server_title;
  GtkLabel             *server_description;
  ObDiagnosisView      *detection_error_view;
  GtkWidget            *found_group;
  ObServerCard         *card;
  GtkWidget            *alternatives_group;
  GtkListBox           *alternatives_list;
  ObServerEditor       *editor;
  GtkSwitch            *test_message_switch;
  ObDiagnosisView      *save_error_view;
  ObConnectionTestView *test_view;
  GtkWidget            *service_group;
  GtkWidget            *service_row;
  ObSendingServicePage *service_page;
};

G_DEFINE_FINAL_TYPE (ObAccountWizard, ob_account_wizard, ADW_TYPE_WINDOW)

static void update_actions (ObAccountWizard *self);

/**
 * ob_account_wizard_new:
 * @parent: (nullable): the window the wizard belongs to
 *
 * Returns: (transfer none): a new wizard for a new account, not shown yet,
 *   owned by GTK's list of toplevels until it closes
 */
ObAccountWizard *
ob_account_wizard_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (OB_TYPE_ACCOUNT_WIZARD, "transient-for", parent, NULL);
}

/**
 * ob_account_wizard_new_for_account:
 * @account: an account in the app's store
 *
 * Opens at the server step, with @account's settings ready to edit by
 * hand. The wizard works on a copy: @account changes only when the person
 * saves, and then keeps its id. A password left empty keeps the one in the
 * keyring.
 *
 * Returns: (transfer none): the wizard, not shown yet
 */
ObAccountWizard *
ob_account_wizard_new_for_account (GtkWindow *parent,
                                   ObAccount *account)
{
  ObAccountWizard *self;
  const char *name;

  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);

  self = ob_account_wizard_new (parent);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Account"));
  self->editing = g_object_ref (account);
  g_clear_object (&self->account);
  self->account = g_object_new (OB_TYPE_ACCOUNT, "id", ob_account_get_id (account), NULL);
  ob_account_copy_settings (self->account, account);

  /* Filling the rows is not the person editing the address. */
  g_signal_handlers_block_matched (self->address_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                   self);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), ob_account_get_address (account));
  g_signal_handlers_unblock_matched (self->address_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
  name = ob_account_get_sender_name (account);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");

  self->state = STATE_RESULT;
  self->manual = TRUE;
  gtk_widget_set_visible (self->service_group, FALSE);
  gtk_label_set_text (self->server_title, _("Server Settings"));
  gtk_label_set_text (self->server_description,
                      _("Change what your provider asks for. Leave the password empty to keep "
                        "the one in the keyring."));
  ob_server_editor_load (self->editor, self->account);
  gtk_widget_set_visible (self->found_group, FALSE);
  gtk_widget_set_visible (self->alternatives_group, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "server");
  update_actions (self);
  return self;
}

static void
forget_service (ObAccountWizard *self)
{
  if (self->service_secret == NULL)
    return;
  explicit_bzero (self->service_secret, strlen (self->service_secret));
  g_clear_pointer (&self->service_secret, g_free);
}

/* What the test logs in with and the keyring keeps: the service's key, or
 * the password typed on the first page; NULL keeps the keyring's. */
static const char *
current_secret (ObAccountWizard *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->service_secret != NULL)
    return self->service_secret;
  return *password != '\0' ? password : NULL;
}

static ObDetector *
get_detector (void)
{
  return ob_application_get_detector (OB_APPLICATION (g_application_get_default ()));
}

static const char *
typed_address (ObAccountWizard *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->address_row));
}

static const char *
visible_page (ObAccountWizard *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* Says what is wrong with the address, if anything. */
static gboolean
show_address_problem (ObAccountWizard *self)
{
  g_autoptr(GError) error = NULL;

  if (ob_address_parse (typed_address (self), NULL, NULL, &error))
    return FALSE;
  gtk_label_set_text (self->address_error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->address_error_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  return TRUE;
}

static void
hide_address_problem (ObAccountWizard *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->address_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

/* Gives @account the detected server, with the address as user name when
 * the source named none but a password is there to log in with. */
static void
apply_candidate (ObAccountWizard     *self,
                 ObDetectorCandidate *candidate,
                 ObAccount           *account)
{
  ob_account_set_username (account, NULL);
  ob_account_set_auth_mechanism (account, NULL);
  ob_detector_candidate_apply (candidate, account);
  if (ob_account_get_username (account) == NULL &&
      *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0')
    ob_account_set_username (account, typed_address (self));
}

static ObAccount *
account_for_candidate (ObAccountWizard     *self,
                       ObDetectorCandidate *candidate)
{
  ObAccount *account = ob_account_new (typed_address (self));

  apply_candidate (self, candidate, account);
  return account;
}

static void
cancel_detection (ObAccountWizard *self)
{
  if (self->detect_cancellable != NULL)
    {
      g_cancellable_cancel (self->detect_cancellable);
      ob_detection_progress_clear (self->progress);
    }
  g_clear_object (&self->detect_cancellable);
  g_signal_handlers_disconnect_by_data (get_detector (), self);
  gtk_widget_set_visible (self->detecting_hint, FALSE);
  if (self->state == STATE_DETECTING || self->state == STATE_RESULT)
    self->state = STATE_IDLE;
}

static void
event_cb (ObAccountWizard *self,
          ObDetectorEvent *event)
{
  ob_detection_progress_add_event (self->progress, event);
}

static void
choose_candidate (ObAccountWizard     *self,
                  ObDetectorCandidate *candidate)
{
  g_autoptr(ObAccount) described = account_for_candidate (self, candidate);

  g_set_object (&self->candidate, candidate);
  ob_server_card_set_candidate (self->card, candidate, described);
  update_actions (self);
}

static void
alternative_toggled_cb (GtkCheckButton  *check,
                        ObAccountWizard *self)
{
  if (gtk_check_button_get_active (check))
    choose_candidate (self, g_object_get_data (G_OBJECT (check), "ob-candidate"));
}

static void
add_alternative (ObAccountWizard     *self,
                 ObDetectorCandidate *candidate,
                 GtkCheckButton      *group)
{
  g_autoptr(ObAccount) account = account_for_candidate (self, candidate);
  g_autofree char *described = ob_account_describe_server (account);
  g_autofree char *verification = ob_detector_candidate_describe_verification (candidate);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), described);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), verification);
  gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), candidate == self->candidate);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  described, -1);
  g_object_set_data_full (G_OBJECT (check), "ob-candidate", g_object_ref (candidate),
                          g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (alternative_toggled_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (self->alternatives_list, row);
}

static void
show_server_page_parts (ObAccountWizard *self)
{
  guint n = self->detection ? g_list_model_get_n_items (ob_detection_get_candidates
                                                          (self->detection)) : 0;

  gtk_widget_set_visible (self->found_group, !self->manual && self->candidate != NULL);
  gtk_widget_set_visible (self->alternatives_group, !self->manual && n > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->editor), self->manual);
}

static void
show_result (ObAccountWizard *self,
             const GError    *error)
{
  GListModel *candidates = self->detection ? ob_detection_get_candidates (self->detection)
                                           : NULL;
  ObProvider *provider = self->detection ? ob_detection_get_provider (self->detection) : NULL;
  GtkCheckButton *group = NULL;
  g_autofree char *description = NULL;
  g_autoptr(ObAccount) blank = ob_account_new (typed_address (self));
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->alternatives_list))) != NULL)
    gtk_list_box_remove (self->alternatives_list, row);
  g_clear_object (&self->candidate);

  gtk_widget_set_visible (GTK_WIDGET (self->detection_error_view), error != NULL);
  if (error != NULL)
    {
      ObDiagnosisContext context = { 0 };
      g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, &context);

      ob_diagnosis_view_set_diagnosis (self->detection_error_view, diagnosis);
    }

  if (self->detection != NULL && ob_detection_get_best (self->detection) != NULL)
    {
      choose_candidate (self, ob_detection_get_best (self->detection));
      for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
        {
          g_autoptr(ObDetectorCandidate) candidate = g_list_model_get_item (candidates, i);

          add_alternative (self, candidate, group);
          if (group == NULL)
            group = GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (
              ADW_ACTION_ROW (gtk_widget_get_last_child (GTK_WIDGET (self->alternatives_list)))));
        }
      self->manual = FALSE;
      gtk_label_set_text (self->server_title, _("Your Server"));
      /* TRANSLATORS: %s is a provider, such as “Gmail” */
      description = provider ? g_strdup_printf (_("This is the server %s uses for outgoing "
                                                  "mail. Continue to check that it works."),
                                                ob_provider_get_display_name (provider))
                             : g_strdup (_("This is the server for your outgoing mail. "
                                           "Continue to check that it works."));
    }
  else
    {
      self->manual = TRUE;
      /* Servers typed by hand are checked against the same authorities as
       * detected ones. */
      ob_account_set_ca_file (blank, ob_detector_get_ca_file (get_detector ()));
      ob_server_editor_load (self->editor, blank);
      gtk_label_set_text (self->server_title, _("No Server Found"));
      /* TRANSLATORS: %s is a mail address */
      description = g_strdup_printf (_("Nothing said which server sends mail for %s. Your "
                                       "provider’s help pages list the settings: type them "
                                       "below."), typed_address (self));
    }
  gtk_label_set_text (self->server_description, description);
  show_server_page_parts (self);
}

typedef struct
{
  ObAccountWizard *self;
  GCancellable    *cancellable;
} DetectData;

static void
detect_data_free (DetectData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DetectData, detect_data_free)

static void
detect_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DetectData) data = user_data;
  ObAccountWizard *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = ob_detector_detect_finish (OB_DETECTOR (source), result,
                                                                &error);

  /* A newer address replaced this detection, or the person stopped it. */
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  g_clear_object (&self->detect_cancellable);
  g_signal_handlers_disconnect_by_data (source, self);
  gtk_widget_set_visible (self->detecting_hint, FALSE);
  self->state = STATE_RESULT;
  g_set_object (&self->detection, detection);
  show_result (self, error);
  if (g_str_equal (visible_page (self), "detecting"))
    gtk_stack_set_visible_child_name (self->stack, "server");
  update_actions (self);
}

static void
start_detection (ObAccountWizard *self)
{
  ObDetector *detector = get_detector ();
  g_autofree char *text = NULL;
  DetectData *data;

  cancel_detection (self);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_clear_object (&self->detection);
  ob_detection_progress_clear (self->progress);
  self->state = STATE_DETECTING;
  self->detect_cancellable = g_cancellable_new ();

  /* TRANSLATORS: %s is a mail address */
  text = g_strdup_printf (_("Outbound asks several sources which server sends mail for %s, and "
                            "checks each server it finds, without your password."),
                          typed_address (self));
  gtk_label_set_text (self->detecting_label, text);
  gtk_label_set_text (self->detecting_hint_label, _("Looking for your server…"));
  gtk_widget_set_visible (self->detecting_hint, TRUE);

  g_signal_connect_object (detector, "event", G_CALLBACK (event_cb), self, G_CONNECT_SWAPPED);
  data = g_new0 (DetectData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->detect_cancellable);
  ob_detector_detect_async (detector, typed_address (self), self->detect_cancellable, detect_cb,
                            data);
  update_actions (self);
}

static gboolean
debounce_cb (gpointer user_data)
{
  ObAccountWizard *self = user_data;

  self->debounce_id = 0;
  if (!show_address_problem (self))
    start_detection (self);
  return G_SOURCE_REMOVE;
}

static void
address_changed_cb (ObAccountWizard *self)
{
  forget_service (self);
  cancel_detection (self);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  hide_address_problem (self);
  if (*typed_address (self) != '\0')
    self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
  update_actions (self);
}

/* Makes self->account what the server page shows: the chosen server, or
 * the settings typed by hand on top of it. */
static void
update_account (ObAccountWizard *self)
{
  ObAccount *account = self->account;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *ca_file = ob_detector_get_ca_file (get_detector ());
  g_autofree char *old_host = g_strdup (ob_account_get_host (account));

  g_object_freeze_notify (G_OBJECT (account));
  ob_account_set_address (account, typed_address (self));
  ob_account_set_sender_name (account, name);
  if (self->candidate != NULL)
    {
      apply_candidate (self, self->candidate, account);
      /* The detector verified the servers it found against its own
       * authorities; the account must trust the same ones. */
      if (ca_file != NULL)
        ob_account_set_ca_file (account, ca_file);
    }
  /* The editor writes the pin it shows, which the person may have
   * forgotten there. */
  if (self->manual)
    ob_server_editor_apply (self->editor, account);
  /* A certificate trusted for one server says nothing about another. */
  if (g_strcmp0 (old_host, ob_account_get_host (account)) != 0)
    ob_account_set_pinned_sha256 (account, NULL);
  g_object_thaw_notify (G_OBJECT (account));
}

static void
run_test (ObAccountWizard *self)
{
  self->state = STATE_TESTING;
  self->test_passed = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_view), FALSE);
  ob_connection_test_view_run (self->test_view, self->account, current_secret (self),
                               gtk_switch_get_active (self->test_message_switch));
  update_actions (self);
}

static void
test_finished_cb (ObAccountWizard *self,
                  gboolean         passed)
{
  self->test_passed = passed;
  update_actions (self);
  if (passed)
    gtk_widget_grab_focus (GTK_WIDGET (self->continue_button));
}

static void
open_editor (ObAccountWizard  *self,
             ObDiagnosisField  field)
{
  self->manual = TRUE;
  ob_server_editor_load (self->editor, self->account);
  show_server_page_parts (self);
  gtk_stack_set_visible_child_name (self->stack, "server");
  ob_server_editor_focus_field (self->editor, field);
  update_actions (self);
}

static void
fix_requested_cb (ObAccountWizard *self,
                  int              field)
{
  ob_connection_test_view_cancel (self->test_view);
  switch (field)
    {
    case OB_DIAGNOSIS_FIELD_PASSWORD:
      /* A service's key was typed on its own page. */
      if (self->service_secret != NULL)
        {
          forget_service (self);
          gtk_stack_set_visible_child_name (self->stack, "service");
          break;
        }
      gtk_stack_set_visible_child_name (self->stack, "address");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      break;
    case OB_DIAGNOSIS_FIELD_SENDER:
      gtk_stack_set_visible_child_name (self->stack, "address");
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      break;
    case OB_DIAGNOSIS_FIELD_PORT:
    case OB_DIAGNOSIS_FIELD_SECURITY:
    case OB_DIAGNOSIS_FIELD_USERNAME:
    case OB_DIAGNOSIS_FIELD_AUTH_MECHANISM:
      open_editor (self, field);
      break;
    default:
      open_editor (self, OB_DIAGNOSIS_FIELD_HOST);
      break;
    }
}

static void
show_save_error (ObAccountWizard *self,
                 const GError    *error)
{
  ObDiagnosisContext context = { 0 };
  g_autoptr(ObDiagnosis) diagnosis = ob_diagnosis_new_for_error (error, &context);

  ob_diagnosis_view_set_diagnosis (self->save_error_view, diagnosis);
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_view), TRUE);
  self->state = STATE_TESTING;
  update_actions (self);
}

/* The password is in the keyring (or stays as it was): now the settings. */
static void
save_settings (ObAccountWizard *self,
               gboolean         stored_password)
{
  ObApplication *app = OB_APPLICATION (g_application_get_default ());
  ObAccountStore *store = ob_application_get_accounts (app);
  g_autoptr(GError) error = NULL;
  ObAccount *saved;

  if (self->editing != NULL)
    {
      ob_account_copy_settings (self->editing, self->account);
      saved = self->editing;
      if (!ob_account_store_save (store, &error))
        {
          show_save_error (self, error);
          return;
        }
    }
  else
    {
      saved = self->account;
      if (!ob_account_store_add (store, self->account, &error))
        {
          /* An account that could not be saved takes its password back
           * out of the keyring. */
          if (stored_password)
            ob_secrets_clear_async (ob_account_get_id (self->account), NULL, NULL, NULL);
          show_save_error (self, error);
          return;
        }
    }

  g_signal_emit (self, signals[ACCOUNT_SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ObAccountWizard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ob_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_save_error (self, error);
      return;
    }
  save_settings (self, TRUE);
}

/* Saves the account as tested, whether detected, typed or a service's. */
static void
save (ObAccountWizard *self)
{
  const char *secret = current_secret (self);

  self->state = STATE_DONE;
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_view), FALSE);
  update_actions (self);
  if (secret == NULL || !ob_account_needs_login (self->account))
    {
      save_settings (self, FALSE);
      return;
    }
  g_clear_object (&self->save_cancellable);
  self->save_cancellable = g_cancellable_new ();
  ob_secrets_store_async (ob_account_get_id (self->account), ob_account_get_host (self->account),
                          ob_account_get_login_label (self->account), OB_SECRET_KIND_PASSWORD,
                          secret, self->save_cancellable, password_stored_cb,
                          g_object_ref (self));
}

static void
use_service_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (widget);

  /* The service sends for this address: it has to be a real one. */
  if (show_address_problem (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }
  cancel_detection (self);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  ob_sending_service_page_set_address (self->service_page,
                                       gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                       typed_address (self));
  gtk_stack_set_visible_child_name (self->stack, "service");
}

static void
service_configured_cb (ObAccountWizard *self,
                       ObAccount       *account,
                       const char      *secret)
{
  forget_service (self);
  self->service_secret = g_strdup (secret);
  g_clear_object (&self->candidate);
  self->manual = FALSE;
  g_set_object (&self->account, account);
  gtk_stack_set_visible_child_name (self->stack, "test");
  run_test (self);
}

static void
service_cancelled_cb (ObAccountWizard *self)
{
  gtk_stack_set_visible_child_name (self->stack, "address");
  gtk_widget_grab_focus (self->service_row);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (widget);
  const char *page = visible_page (self);

  if (g_str_equal (page, "address"))
    {
      if (show_address_problem (self))
        return;
      if (self->state == STATE_IDLE)
        start_detection (self);
      gtk_stack_set_visible_child_name (self->stack, self->state == STATE_DETECTING ? "detecting"
                                                                                  : "server");
    }
  else if (g_str_equal (page, "server"))
    {
      update_account (self);
      gtk_stack_set_visible_child_name (self->stack, "test");
      run_test (self);
    }
  else if (g_str_equal (page, "test"))
    {
      if (self->test_passed)
        save (self);
      else
        run_test (self);
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (widget);

  if (g_str_equal (visible_page (self), "test") && self->service_secret != NULL)
    {
      ob_connection_test_view_cancel (self->test_view);
      forget_service (self);
      self->state = STATE_IDLE;
      gtk_stack_set_visible_child_name (self->stack, "service");
    }
  else if (g_str_equal (visible_page (self), "test"))
    {
      ob_connection_test_view_cancel (self->test_view);
      self->state = STATE_RESULT;
      gtk_stack_set_visible_child_name (self->stack, "server");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "address");
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (widget);

  cancel_detection (self);
  gtk_stack_set_visible_child_name (self->stack, "address");
  update_actions (self);
}

/* Escape stops a detection being watched; anywhere else it closes. */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (widget);

  if (g_str_equal (visible_page (self), "detecting"))
    stop_action (widget, NULL, NULL);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
edit_manually_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (widget);

  update_account (self);
  open_editor (self, OB_DIAGNOSIS_FIELD_HOST);
}

static gboolean
can_continue (ObAccountWizard *self,
              const char      *page)
{
  if (g_str_equal (page, "address"))
    return ob_address_is_valid (typed_address (self));
  if (g_str_equal (page, "server"))
    return self->state == STATE_RESULT &&
           (self->manual ? ob_server_editor_is_complete (self->editor)
                         : self->candidate != NULL && ob_server_card_get_confirmed (self->card));
  if (g_str_equal (page, "test"))
    return self->state == STATE_TESTING && !ob_connection_test_view_get_running (self->test_view);
  return FALSE;
}

static void
update_actions (ObAccountWizard *self)
{
  const char *page = visible_page (self);
  const char *label = _("_Continue");

  if (page == NULL)
    return;
  /* The service page has buttons of its own. */
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), !g_str_equal (page, "service"));
  if (g_str_equal (page, "test") && self->test_passed)
    label = self->editing ? _("_Save") : _("_Add Account");
  else if (g_str_equal (page, "test"))
    label = _("_Test Again");
  gtk_button_set_label (self->continue_button, label);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.continue",
                                 can_continue (self, page));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 !g_str_equal (page, "address") && self->state != STATE_DONE);
}

static void
page_changed_cb (ObAccountWizard *self)
{
  update_actions (self);
}

static void
test_running_cb (ObAccountWizard *self)
{
  update_actions (self);
}

static void
ob_account_wizard_dispose (GObject *object)
{
  ObAccountWizard *self = OB_ACCOUNT_WIZARD (object);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->detect_cancellable != NULL)
    g_cancellable_cancel (self->detect_cancellable);
  g_clear_object (&self->detect_cancellable);
  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
  g_clear_object (&self->save_cancellable);
  if (self->test_view != NULL)
    ob_connection_test_view_cancel (self->test_view);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_ACCOUNT_WIZARD);
  g_clear_object (&self->editing);
  g_clear_object (&self->account);
  g_clear_object (&self->detection);
  g_clear_object (&self->candidate);
  forget_service (self);

  G_OBJECT_CLASS (ob_account_wizard_parent_class)->dispose (object);
}

static void
ob_account_wizard_class_init (ObAccountWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_account_wizard_dispose;

  /**
   * ObAccountWizard::account-saved:
   * @account: the account, as it is in the store
   *
   * The account is in the store and its password in the keyring. The
   * wizard closes right after.
   */
  signals[ACCOUNT_SAVED] = g_signal_new ("account-saved",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, OB_TYPE_ACCOUNT);

  g_type_ensure (OB_TYPE_CONNECTION_TEST_VIEW);
  g_type_ensure (OB_TYPE_DETECTION_PROGRESS);
  g_type_ensure (OB_TYPE_DIAGNOSIS_VIEW);
  g_type_ensure (OB_TYPE_SERVER_CARD);
  g_type_ensure (OB_TYPE_SERVER_EDITOR);
  g_type_ensure (OB_TYPE_SENDING_SERVICE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-account-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, continue_button);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, stack);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, name_row);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, address_row);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, password_row);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, address_error_label);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, detecting_hint);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, detecting_hint_label);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, detecting_label);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, progress);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, server_title);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, server_description);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, detection_error_view);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, found_group);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, card);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, alternatives_group);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, alternatives_list);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, editor);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, test_message_switch);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, save_error_view);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, test_view);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, service_group);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, service_row);
  gtk_widget_class_bind_template_child (widget_class, ObAccountWizard, service_page);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_actions);
  gtk_widget_class_bind_template_callback (widget_class, test_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, fix_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_configured_cb);
  gtk_widget_class_bind_template_callback (widget_class, service_cancelled_cb);

  gtk_widget_class_install_action (widget_class, "wizard.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "wizard.edit-manually", NULL,
                                   edit_manually_action);
  gtk_widget_class_install_action (widget_class, "wizard.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "wizard.use-service", NULL, use_service_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.escape", NULL);
}

static void
ob_account_wizard_init (ObAccountWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->account = ob_account_new (NULL);
  g_signal_connect_object (self->test_view, "notify::running", G_CALLBACK (test_running_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->continue_button));
  update_actions (self);
}
