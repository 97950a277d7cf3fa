/* ob-connection-test-dialogue.c — the connection test's SMTP dialogue, in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linear blocking code: connect, log in, send, each step posted as it
 * starts and ends. ob_smtp_client_connect_sync() runs connecting,
 * encryption and the greeting in one call; the client's progress reports
 * split it into those steps as it goes.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-certificate.h"
#include "ob-connection-test-private.h"
#include "ob-diagnosis.h"
#include "ob-envelope.h"
#include "ob-escape.h"
#include "ob-secrets.h"
#include "ob-send-result.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-error.h"

void
ob_connection_run_begin (ObConnectionRun          *run,
                         ObConnectionTestStepKind  kind)
{
  run->current = kind;
  run->started_at = g_get_monotonic_time ();
  ob_connection_run_post (run, kind, OB_CONNECTION_TEST_STEP_RUNNING, NULL, NULL, NULL);
}

void
ob_connection_run_pass (ObConnectionRun *run,
                        char            *detail)
{
  ob_connection_run_post (run, run->current, OB_CONNECTION_TEST_STEP_PASSED, detail, NULL, NULL);
}

static void
skip_step (ObConnectionRun          *run,
           ObConnectionTestStepKind  kind,
           const char               *reason)
{
  run->current = kind;
  ob_connection_run_post (run, kind, OB_CONNECTION_TEST_STEP_SKIPPED, g_strdup (reason), NULL,
                          NULL);
}

static char *
describe_certificate (GTlsCertificate *certificate)
{
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);
  g_autofree char *subject_safe = ob_escape_untrusted (subject ? subject : "?", -1);
  g_autofree char *issuer_safe = ob_escape_untrusted (issuer ? issuer : "?", -1);
  g_autoptr(GDateTime) expiry = g_tls_certificate_get_not_valid_after (certificate);
  g_autofree char *until = expiry ? g_date_time_format (expiry, "%Y-%m-%d") : g_strdup ("?");
  g_autofree char *sha256 = ob_certificate_get_sha256 (certificate);
  g_autofree char *fingerprint = sha256 ? ob_certificate_format_fingerprint (sha256) : NULL;

  /* TRANSLATORS: the certificate's subject, its issuer, the last day it
   * is valid (YYYY-MM-DD) and its fingerprint */
  return g_strdup_printf (_("Certificate for %s, issued by %s, valid until %s. SHA-256 "
                            "fingerprint: %s."),
                          subject_safe, issuer_safe, until, fingerprint ? fingerprint : "?");
}

static char *
describe_capabilities (ObSmtpCapabilities *caps)
{
  g_autofree char *offers = ob_smtp_capabilities_describe (caps);
  const char *name = ob_smtp_capabilities_get_server_name (caps);
  g_autofree char *safe = ob_escape_untrusted (name ? name : "?", -1);

  /* TRANSLATORS: the name the server gives itself, then its extensions */
  return g_strdup_printf (_("The server calls itself %s and offers: %s."), safe,
                          *offers ? offers : _("no extensions"));
}

/* What a step that just passed found. */
static char *
describe_passed (ObConnectionRun *run)
{
  GTlsCertificate *certificate = ob_smtp_client_get_peer_certificate (run->client);
  ObSmtpCapabilities *caps = ob_smtp_client_get_capabilities (run->client);

  switch (run->current)
    {
    case OB_CONNECTION_TEST_STEP_CONNECT:
      return g_strdup_printf (_("%s answered on port %u."), run->host, run->port);
    case OB_CONNECTION_TEST_STEP_TLS:
      return certificate ? describe_certificate (certificate) : NULL;
    case OB_CONNECTION_TEST_STEP_GREETING:
      return caps ? describe_capabilities (caps) : NULL;
    default:
      return NULL;
    }
}

static ObConnectionTestStepKind
step_for_stage (ObConnectionRun *run,
                ObSmtpStage      stage)
{
  switch (stage)
    {
    case OB_SMTP_STAGE_TLS:
    case OB_SMTP_STAGE_STARTTLS:
      return OB_CONNECTION_TEST_STEP_TLS;
    case OB_SMTP_STAGE_GREETING:
    case OB_SMTP_STAGE_EHLO:
      /* Before STARTTLS, the plain greeting is part of connecting. */
      if (run->security == OB_SECURITY_STARTTLS && run->current < OB_CONNECTION_TEST_STEP_TLS)
        return OB_CONNECTION_TEST_STEP_CONNECT;
      return OB_CONNECTION_TEST_STEP_GREETING;
    case OB_SMTP_STAGE_AUTH:
      return OB_CONNECTION_TEST_STEP_LOGIN;
    default:
      return run->current;
    }
}

/* Called by the client, on the worker thread, as the dialogue moves on. */
void
ob_connection_run_progress_cb (ObSmtpClient *client,
                               ObSmtpStage   stage,
                               gpointer      data)
{
  ObConnectionRun *run = data;
  ObConnectionTestStepKind next = step_for_stage (run, stage);

  if (next <= run->current)
    return;
  ob_connection_run_pass (run, describe_passed (run));
  if (run->current < OB_CONNECTION_TEST_STEP_TLS && next > OB_CONNECTION_TEST_STEP_TLS)
    skip_step (run, OB_CONNECTION_TEST_STEP_TLS,
               _("Not encrypted, as chosen in the account’s settings: anyone on the network "
                 "path can read the connection."));
  ob_connection_run_begin (run, next);
}

static ObDiagnosis *
diagnose (ObConnectionRun *run,
          const GError    *error)
{
  ObDiagnosisContext context = {
    .provider_id = run->provider_id,
    .host = run->host,
    .port = run->port,
    .has_security = TRUE,
    .security = run->security,
  };

  if (run->capabilities != NULL)
    context.size_limit = ob_smtp_capabilities_get_size_limit (run->capabilities);
  return ob_diagnosis_new_for_error (error, &context);
}

/* Ends the running step with @error: failed, with its diagnosis, or back
 * to pending when the person cancelled. */
gboolean
ob_connection_run_fail (ObConnectionRun  *run,
                        GError           *error,
                        GError          **out)
{
  GTlsCertificate *certificate = NULL;
  char *detail;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ob_connection_run_post (run, run->current, OB_CONNECTION_TEST_STEP_PENDING, NULL, NULL, NULL);
      g_propagate_error (out, error);
      return FALSE;
    }

  if (error->domain == OB_SMTP_ERROR)
    certificate = ob_smtp_error_get_peer_certificate (error);
  if (certificate != NULL)
    {
      g_autofree char *facts = describe_certificate (certificate);

      detail = g_strdup_printf ("%s %s", error->message, facts);
    }
  else
    detail = g_strdup (error->message);

  /* A diagnosis explains what went wrong with the connection; a keyring
   * that has no password or does not answer is not that, and its error
   * already says what to do. */
  ob_connection_run_post (run, run->current, OB_CONNECTION_TEST_STEP_FAILED, detail,
                          g_error_copy (error),
                          error->domain == OB_SECRETS_ERROR ? NULL : diagnose (run, error));
  g_propagate_error (out, error);
  return FALSE;
}

static gboolean
log_in (ObConnectionRun  *run,
        GCancellable     *cancellable,
        GError          **error)
{
  GError *failure = NULL;
  char *secret = run->secret;

  if (run->username == NULL && !run->username_is_secret)
    {
      skip_step (run, OB_CONNECTION_TEST_STEP_LOGIN,
                 _("No user name is set: the server is used without logging in."));
      return TRUE;
    }

  ob_connection_run_begin (run, OB_CONNECTION_TEST_STEP_LOGIN);
  if (secret == NULL)
    {
      secret = ob_secrets_lookup_sync (run->account_id, OB_SECRET_KIND_PASSWORD, cancellable,
                                       &failure);
      if (failure != NULL)
        return ob_connection_run_fail (run, failure, error);
      if (secret == NULL)
        {
          failure = g_error_new (OB_SECRETS_ERROR, OB_SECRETS_ERROR_NOT_FOUND,
                                 _("The keyring has no password for %s. Enter the password "
                                   "again to store it."), run->address);
          return ob_connection_run_fail (run, failure, error);
        }
    }

  ob_smtp_client_set_credentials (run->client, run->username_is_secret ? secret : run->username,
                                  secret, run->secret_is_token);
  if (secret != run->secret)
    ob_secrets_free (secret);
  if (!ob_smtp_client_login_sync (run->client, cancellable, &failure))
    return ob_connection_run_fail (run, failure, error);

  /* The user name is never shown when it is the secret. */
  if (run->username_is_secret)
    ob_connection_run_pass (run, g_strdup (_("Logged in with the API token.")));
  else
    ob_connection_run_pass (run, g_strdup_printf (_("Logged in as %s."), run->username));
  return TRUE;
}

static gboolean
send_test_message (ObConnectionRun  *run,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(ObEnvelope) envelope = NULL;
  g_autoptr(ObSendResult) result = NULL;
  GError *failure = NULL;
  const char *queue_id;

  if (run->message == NULL)
    {
      skip_step (run, OB_CONNECTION_TEST_STEP_SEND, _("No test message was asked for."));
      return TRUE;
    }

  ob_connection_run_begin (run, OB_CONNECTION_TEST_STEP_SEND);
  envelope = ob_message_make_envelope (run->message);
  result = ob_smtp_client_send_sync (run->client, envelope, OB_MESSAGE_SOURCE (run->message),
                                     cancellable, &failure);
  if (result == NULL)
    return ob_connection_run_fail (run, failure, error);

  queue_id = ob_send_result_get_queue_id (result);
  if (queue_id != NULL)
    ob_connection_run_pass (run, g_strdup_printf (_("Sent to %s; the server’s queue ID is %s."),
                                                  run->address, queue_id));
  else
    ob_connection_run_pass (run, g_strdup_printf (_("Sent to %s."), run->address));
  return TRUE;
}

static gboolean
run_dialogue (ObConnectionRun  *run,
              GCancellable     *cancellable,
              GError          **error)
{
  GError *failure = NULL;

  ob_connection_run_begin (run, OB_CONNECTION_TEST_STEP_CONNECT);
  if (!ob_smtp_client_connect_sync (run->client, cancellable, &failure))
    return ob_connection_run_fail (run, failure, error);
  /* Kept now: a failed login closes the connection, and its capabilities. */
  run->capabilities = ob_smtp_capabilities_ref (ob_smtp_client_get_capabilities (run->client));
  ob_connection_run_pass (run, describe_passed (run));

  return log_in (run, cancellable, error) && send_test_message (run, cancellable, error);
}

void
ob_connection_run_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  ObConnectionRun *run = task_data;
  GError *error = NULL;
  gboolean ok = run_dialogue (run, cancellable, &error);

  if (ob_smtp_client_get_peer_certificate (run->client) != NULL)
    run->peer_certificate = g_object_ref (ob_smtp_client_get_peer_certificate (run->client));

  /* A polite goodbye, bounded by the client's own timeouts. */
  if (ob_smtp_client_is_connected (run->client) && !g_cancellable_is_cancelled (cancellable))
    ob_smtp_client_quit_sync (run->client, NULL, NULL);
  ob_smtp_client_close (run->client);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}
