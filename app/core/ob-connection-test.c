/* ob-connection-test.c — an account's connection, checked step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test a person runs when mail does not go out: find the server,
 * connect, encrypt and check the certificate, read the greeting and what
 * the server offers, log in, and optionally send a message to the account
 * itself. Each step reports as it starts and ends, so a checklist fills in
 * live, and the first failure stops the test with its diagnosis.
 *
 * The name lookup is a native async call on the caller's context; the SMTP
 * dialogue runs as linear blocking code in a worker thread, whose progress
 * (from ob_smtp_client_set_progress_func()) is queued and delivered on the
 * caller's context. The worker never touches the steps or the account:
 * everything it needs is copied before it starts.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-connection-test-private.h"
#include "ob-connection-test-step-private.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-channel.h"
#include "ob-smtp-error.h"
#include "ob-transcript.h"

/* A name with more addresses than this lists the first ones and says how
 * many more. */
#define MAX_LISTED_ADDRESSES 4

struct _ObConnectionTest
{
  GObject               parent_instance;

  ObAccount            *account;
  char                 *secret;
  gboolean              secret_is_token;
  gboolean              send_test_message;
  guint                 timeout;
  GListStore           *steps;
  ObConnectionTestStep *step_by_kind[OB_CONNECTION_TEST_N_STEPS];  /* owned by @steps */
  ObTranscript         *transcript;
  GMainContext         *context;
  gboolean              started;

  /* What the test found, set on the caller's context when it ends. */
  ObConnectionTestStep *failed_step;
  ObDiagnosis          *diagnosis;
  GTlsCertificate      *peer_certificate;
  ObSmtpCapabilities   *capabilities;

  /* Step changes waiting for the caller's context. */
  GMutex                lock;
  GQueue                events;
  gboolean              dispatch_pending;
};

G_DEFINE_FINAL_TYPE (ObConnectionTest, ob_connection_test, G_TYPE_OBJECT)

enum {
  STEP_STARTED,
  STEP_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  ObConnectionTestStepKind   kind;
  ObConnectionTestStepState  state;
  char                      *detail;
  gint64                     duration;
  GError                    *error;
  ObDiagnosis               *diagnosis;
} Event;

static void
event_free (Event *event)
{
  g_free (event->detail);
  g_clear_error (&event->error);
  g_clear_object (&event->diagnosis);
  g_free (event);
}


static void
wipe (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
run_free (ObConnectionRun *run)
{
  g_clear_object (&run->test);
  g_clear_object (&run->client);
  g_clear_object (&run->message);
  g_free (run->account_id);
  g_free (run->address);
  g_free (run->host);
  g_free (run->username);
  g_free (run->provider_id);
  wipe (run->secret);
  g_clear_object (&run->lookup_cancellable);
  g_clear_object (&run->peer_certificate);
  g_clear_pointer (&run->capabilities, ob_smtp_capabilities_unref);
  g_free (run);
}

static void
apply_event (ObConnectionTest *self,
             Event            *event)
{
  ObConnectionTestStep *step = ob_connection_test_get_step (self, event->kind);

  ob_connection_test_step_update (step, event->state, event->detail, event->duration,
                                  event->error, event->diagnosis);
  if (event->state == OB_CONNECTION_TEST_STEP_FAILED)
    {
      g_set_object (&self->failed_step, step);
      g_set_object (&self->diagnosis, event->diagnosis);
    }

  if (event->state == OB_CONNECTION_TEST_STEP_RUNNING)
    g_signal_emit (self, signals[STEP_STARTED], 0, step);
  else if (event->state != OB_CONNECTION_TEST_STEP_PENDING)
    g_signal_emit (self, signals[STEP_FINISHED], 0, step);
}

/* Delivers every queued change, in order, on the caller's context. */
static void
drain_events (ObConnectionTest *self)
{
  GQueue events = G_QUEUE_INIT;
  Event *event;

  g_mutex_lock (&self->lock);
  events = self->events;
  g_queue_init (&self->events);
  self->dispatch_pending = FALSE;
  g_mutex_unlock (&self->lock);

  while ((event = g_queue_pop_head (&events)) != NULL)
    {
      apply_event (self, event);
      event_free (event);
    }
}

static gboolean
dispatch_cb (gpointer data)
{
  drain_events (data);
  return G_SOURCE_REMOVE;
}

/* Queues a step change from either thread. The source runs at default
 * priority, like GTask's completion, so a change posted before the test
 * ends is always delivered before it. */
void
ob_connection_run_post (ObConnectionRun           *run,
                        ObConnectionTestStepKind   kind,
                        ObConnectionTestStepState  state,
                        char                      *detail,
                        GError                    *error,
                        ObDiagnosis               *diagnosis)
{
  ObConnectionTest *self = run->test;
  Event *event = g_new0 (Event, 1);

  event->kind = kind;
  event->state = state;
  event->detail = detail;
  event->error = error;
  event->diagnosis = diagnosis;
  if (state == OB_CONNECTION_TEST_STEP_PASSED || state == OB_CONNECTION_TEST_STEP_FAILED)
    event->duration = g_get_monotonic_time () - run->started_at;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->events, event);
  if (!self->dispatch_pending)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      self->dispatch_pending = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, dispatch_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[outbound] connection test steps");
      g_source_attach (source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

/* Back on the caller's context: deliver what is left, then finish. */
static void
dialogue_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  ObConnectionTest *self = g_task_get_source_object (task);
  ObConnectionRun *run = g_task_get_task_data (task);
  GError *error = NULL;

  drain_events (self);
  g_set_object (&self->peer_certificate, run->peer_certificate);
  if (run->capabilities != NULL)
    self->capabilities = ob_smtp_capabilities_ref (run->capabilities);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
describe_addresses (const char *host,
                    GList      *addresses)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = g_list_length (addresses);
  guint listed = 0;

  for (GList *l = addresses; l != NULL && listed < MAX_LISTED_ADDRESSES; l = l->next, listed++)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);

      if (listed > 0)
        g_string_append (list, ", ");
      g_string_append (list, text);
    }
  if (n > listed)
    /* TRANSLATORS: after a list of addresses; %u is how many more there are */
    g_string_append_printf (list, _(" and %u more"), n - listed);

  /* TRANSLATORS: the first %s is a server name, the second its addresses */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s has the address %s.",
                                       "%s has the addresses %s.", n),
                          host, list->str);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  ObConnectionRun *run = g_task_get_task_data (task);
  g_autoptr(GTask) dialogue = NULL;
  GError *error = NULL;
  GList *addresses;

  g_cancellable_disconnect (g_task_get_cancellable (task), run->cancel_id);
  g_source_destroy (run->lookup_timeout);
  g_clear_pointer (&run->lookup_timeout, g_source_unref);

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (addresses == NULL)
    {
      GError *failure = NULL;

      if (run->lookup_timed_out)
        {
          g_clear_error (&error);
          error = ob_smtp_error_new (OB_SMTP_ERROR_TIMEOUT, OB_SMTP_STAGE_RESOLVE, NULL,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "The name %s could not be looked up within "
                                                  "%u second.",
                                                  "The name %s could not be looked up within "
                                                  "%u seconds.", run->test->timeout),
                                     run->host, run->test->timeout);
        }
      else
        error = ob_smtp_error_from_io (error, OB_SMTP_STAGE_RESOLVE);
      ob_connection_run_fail (run, error, &failure);
      drain_events (run->test);
      g_task_return_error (task, failure);
      return;
    }

  ob_connection_run_pass (run, describe_addresses (run->host, addresses));
  g_resolver_free_addresses (addresses);

  dialogue = g_task_new (run->test, g_task_get_cancellable (task), dialogue_done_cb,
                         g_object_ref (task));
  g_task_set_source_tag (dialogue, looked_up_cb);
  g_task_set_task_data (dialogue, run, NULL);
  g_task_run_in_thread (dialogue, ob_connection_run_thread);
}

static gboolean
lookup_timeout_cb (gpointer data)
{
  ObConnectionRun *run = data;

  run->lookup_timed_out = TRUE;
  g_cancellable_cancel (run->lookup_cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              GCancellable *lookup)
{
  g_cancellable_cancel (lookup);
}

static ObConnectionRun *
run_new (ObConnectionTest *self)
{
  ObAccount *account = self->account;
  ObConnectionRun *run = g_new0 (ObConnectionRun, 1);

  run->test = g_object_ref (self);
  run->account_id = g_strdup (ob_account_get_id (account));
  run->address = g_strdup (ob_account_get_address (account));
  run->host = g_strdup (ob_account_get_host (account));
  run->port = ob_account_get_port (account);
  run->security = ob_account_get_security (account);
  run->username = g_strdup (ob_account_get_username (account));
  run->username_is_secret = ob_account_get_username_is_secret (account);
  run->provider_id = g_strdup (ob_account_get_provider_id (account));
  run->secret = g_strdup (self->secret);
  run->secret_is_token = self->secret_is_token;

  run->client = ob_account_create_client (account, NULL, FALSE);
  ob_smtp_client_set_transcript (run->client, self->transcript);
  ob_smtp_client_set_timeout (run->client, self->timeout);
  ob_smtp_client_set_progress_func (run->client, ob_connection_run_progress_cb, run, NULL);
  return run;
}

/* Made here, on the caller's thread, so the worker only sends it. */
static ObMessage *
make_test_message (ObAccount  *account,
                   GError    **error)
{
  g_autoptr(ObMessage) message = ob_message_new ();
  const char *address = ob_account_get_address (account);
  g_autofree char *body = NULL;

  /* TRANSLATORS: the body of the connection test's message; %s is the
   * account's address */
  body = g_strdup_printf (_("Outbound sent this message to test the connection of %s.\n\n"
                            "It arrived, so the account can send mail. There is nothing "
                            "else to do; you can delete it.\n"), address);
  if (!ob_message_set_from (message, ob_account_get_sender_name (account), address, error) ||
      !ob_message_add_to (message, NULL, address, error) ||
      !ob_message_set_subject (message, _("Outbound test message"), error))
    return NULL;
  ob_message_set_body (message, body);
  return g_steal_pointer (&message);
}

/**
 * ob_connection_test_run_async:
 *
 * Runs the test once. Each step's changes, and the "step-started" and
 * "step-finished" signals, arrive on the thread-default main context of
 * the caller. The network is only ever waited on outside that context.
 * Cancelling puts the running step back to pending and ends the test with
 * %G_IO_ERROR_CANCELLED.
 */
void
ob_connection_test_run_async (ObConnectionTest    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GResolver) resolver = NULL;
  GError *error = NULL;
  ObConnectionRun *run;

  g_return_if_fail (OB_IS_CONNECTION_TEST (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_connection_test_run_async);

  if (!ob_account_validate (self->account, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  run = run_new (self);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  if (self->send_test_message)
    {
      run->message = make_test_message (self->account, &error);
      if (run->message == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  ob_connection_run_begin (run, OB_CONNECTION_TEST_STEP_RESOLVE);
  run->lookup_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    run->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                            run->lookup_cancellable, NULL);
  run->lookup_timeout = g_timeout_source_new_seconds (self->timeout);
  g_source_set_callback (run->lookup_timeout, lookup_timeout_cb, run, NULL);
  g_source_attach (run->lookup_timeout, self->context);

  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, run->host, run->lookup_cancellable, looked_up_cb,
                                   g_steal_pointer (&task));
}

/**
 * ob_connection_test_run_finish:
 *
 * Returns: %TRUE when every step that applies passed; otherwise the error
 *   of the step that failed (see ob_connection_test_get_failed_step()), or
 *   why the test could not start (an account that does not validate)
 */
gboolean
ob_connection_test_run_finish (ObConnectionTest  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ob_connection_test_finalize (GObject *object)
{
  ObConnectionTest *self = OB_CONNECTION_TEST (object);

  g_clear_object (&self->account);
  wipe (self->secret);
  g_clear_object (&self->steps);
  g_clear_object (&self->transcript);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->failed_step);
  g_clear_object (&self->diagnosis);
  g_clear_object (&self->peer_certificate);
  g_clear_pointer (&self->capabilities, ob_smtp_capabilities_unref);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ob_connection_test_parent_class)->finalize (object);
}

static void
ob_connection_test_class_init (ObConnectionTestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_connection_test_finalize;

  /**
   * ObConnectionTest::step-started:
   * @step: the step now running
   */
  signals[STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, OB_TYPE_CONNECTION_TEST_STEP);

  /**
   * ObConnectionTest::step-finished:
   * @step: the step that passed, failed or was skipped
   */
  signals[STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, OB_TYPE_CONNECTION_TEST_STEP);
}

static void
ob_connection_test_init (ObConnectionTest *self)
{
  self->timeout = OB_SMTP_DEFAULT_TIMEOUT;
  self->steps = g_list_store_new (OB_TYPE_CONNECTION_TEST_STEP);
  self->transcript = ob_transcript_new ();
  g_mutex_init (&self->lock);
  g_queue_init (&self->events);

  for (guint kind = 0; kind < OB_CONNECTION_TEST_N_STEPS; kind++)
    {
      g_autoptr(ObConnectionTestStep) step = ob_connection_test_step_new (kind);

      g_list_store_append (self->steps, step);
      self->step_by_kind[kind] = step;
    }
}

/**
 * ob_connection_test_new:
 * @account: the account to test; its settings are read when the test starts
 *
 * Returns: (transfer full): a test, not yet started. Its transcript is made
 *   now, on the caller's thread, and fills in on this thread's context.
 */
ObConnectionTest *
ob_connection_test_new (ObAccount *account)
{
  ObConnectionTest *self;

  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);

  self = g_object_new (OB_TYPE_CONNECTION_TEST, NULL);
  self->account = g_object_ref (account);
  return self;
}

/**
 * ob_connection_test_set_secret:
 * @secret: (nullable): the password (or an OAuth2 access token) to log in
 *   with, such as one typed but not stored yet; by default the account's
 *   password is taken from the keyring when the login step runs
 */
void
ob_connection_test_set_secret (ObConnectionTest *self,
                               const char       *secret,
                               gboolean          secret_is_token)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST (self));
  g_return_if_fail (!self->started);

  wipe (self->secret);
  self->secret = g_strdup (secret);
  self->secret_is_token = secret_is_token;
}

/**
 * ob_connection_test_set_send_test_message:
 * @send: whether to end by sending a message to the account's own address
 */
void
ob_connection_test_set_send_test_message (ObConnectionTest *self,
                                          gboolean          send)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST (self));
  g_return_if_fail (!self->started);

  self->send_test_message = send;
}

/**
 * ob_connection_test_set_timeout:
 * @seconds: how long any one step may wait for the network; by default
 *   %OB_SMTP_DEFAULT_TIMEOUT
 */
void
ob_connection_test_set_timeout (ObConnectionTest *self,
                                guint             seconds)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

/**
 * ob_connection_test_get_steps:
 *
 * Returns: (transfer none): a #GListModel of every #ObConnectionTestStep,
 *   in order, pending until the test reaches them
 */
GListModel *
ob_connection_test_get_steps (ObConnectionTest *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);

  return G_LIST_MODEL (self->steps);
}

/**
 * ob_connection_test_get_step:
 *
 * Returns: (transfer none): the step of @kind
 */
ObConnectionTestStep *
ob_connection_test_get_step (ObConnectionTest         *self,
                             ObConnectionTestStepKind  kind)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);
  g_return_val_if_fail (kind < OB_CONNECTION_TEST_N_STEPS, NULL);

  return self->step_by_kind[kind];
}

/**
 * ob_connection_test_set_transcript:
 * @transcript: where to log the conversation, such as the app's session log
 *
 * By default a test logs to a transcript of its own.
 */
void
ob_connection_test_set_transcript (ObConnectionTest *self,
                                   ObTranscript     *transcript)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST (self));
  g_return_if_fail (OB_IS_TRANSCRIPT (transcript));
  g_return_if_fail (!self->started);

  g_set_object (&self->transcript, transcript);
}

/**
 * ob_connection_test_get_transcript:
 *
 * Returns: (transfer none): the live log of the conversation with the
 *   server, secrets hidden
 */
ObTranscript *
ob_connection_test_get_transcript (ObConnectionTest *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);

  return self->transcript;
}

/**
 * ob_connection_test_get_failed_step:
 *
 * Returns: (transfer none) (nullable): the step the test stopped at
 */
ObConnectionTestStep *
ob_connection_test_get_failed_step (ObConnectionTest *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);

  return self->failed_step;
}

/**
 * ob_connection_test_get_diagnosis:
 *
 * Returns: (transfer none) (nullable): the failure explained, with what to
 *   change; %NULL when the test passed, was cancelled, or stopped because
 *   the keyring had no password or did not answer (the failed step's error
 *   then says what to do)
 */
ObDiagnosis *
ob_connection_test_get_diagnosis (ObConnectionTest *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);

  return self->diagnosis;
}

/**
 * ob_connection_test_get_peer_certificate:
 *
 * Returns: (transfer none) (nullable): the certificate the server
 *   presented, accepted or not: what a person would pin after checking it
 */
GTlsCertificate *
ob_connection_test_get_peer_certificate (ObConnectionTest *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);

  return self->peer_certificate;
}

/**
 * ob_connection_test_get_capabilities:
 *
 * Returns: (transfer none) (nullable): what the server offered, after
 *   encryption where there was one
 */
ObSmtpCapabilities *
ob_connection_test_get_capabilities (ObConnectionTest *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST (self), NULL);

  return self->capabilities;
}
