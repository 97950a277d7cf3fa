/* ob-detector-run.c — one detection: steps, probes, and when to answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every source starts at once (ob-detector-sources.c) as steps, each with
 * its own deadline. Each candidate they name is probed, best-ranked first,
 * a bounded number at a time. After every step and probe the run asks
 * whether it can answer:
 *
 * - a verified candidate that nothing still running could beat (no better
 *   candidate still to be probed, no step that could still name a better
 *   one) is the answer at once;
 * - a verified candidate that something might still beat is accepted after
 *   a short grace period, instead of waiting out timeouts;
 * - with nothing verified, the run ends when every step and probe has.
 *
 * So a server that swallows packets costs at most one probe timeout, and
 * never a sum of them. Whatever still runs at the end is cancelled and
 * logged as stopped. Everything happens on the thread-default main context
 * of the caller; probes block in worker threads of their own.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-deadline.h"
#include "ob-detector-error.h"
#include "ob-detector-private.h"
#include "ob-dns.h"
#include "ob-probe.h"
#include "ob-smtp-error.h"

struct _ObDetectorStep
{
  ObDetectorRun    *run;
  ObDetectorSource  source;
  ObDetectorTrust   trust;
  char             *target;
  gint64            started;
  ObDeadline       *deadline;
};

typedef struct
{
  ObDetectorRun       *run;
  ObDetectorCandidate *candidate;
} ProbeOp;

static ObDetectorRun *
run_ref (ObDetectorRun *run)
{
  run->ref_count++;
  return run;
}

static void
run_unref (ObDetectorRun *run)
{
  if (--run->ref_count > 0)
    return;
  g_clear_object (&run->detector);
  g_clear_pointer (&run->config, ob_detector_config_free);
  g_main_context_unref (run->context);
  g_clear_object (&run->task);
  g_clear_object (&run->detection);
  g_clear_object (&run->resolver);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->caller);
  g_ptr_array_unref (run->steps);
  g_ptr_array_unref (run->candidates);
  g_hash_table_unref (run->probing);
  g_hash_table_unref (run->probed);
  g_clear_object (&run->provider);
  g_free (run);
}

static gint64
run_elapsed (ObDetectorRun *run)
{
  return g_get_monotonic_time () - run->started;
}

static void
run_emit (ObDetectorRun       *run,
          ObDetectorEventKind  kind,
          ObDetectorSource     source,
          const char          *target,
          ObDetectorOutcome    outcome,
          const char          *detail,
          const GError        *error,
          guint                n_found,
          gint64               duration,
          ObDetectorCandidate *candidate)
{
  g_autoptr(ObDetectorEvent) event = ob_detector_event_new (kind, source, target, outcome, detail,
                                                            error, n_found, run_elapsed (run),
                                                            duration, candidate);

  ob_detection_add_event (run->detection, event);
  ob_detector_emit_event (run->detector, event);
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static char *
probe_target (ObDetectorCandidate *candidate)
{
  return g_strdup_printf ("%s:%u", ob_detector_candidate_get_host (candidate),
                          ob_detector_candidate_get_port (candidate));
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  return ob_detector_candidate_compare (*(ObDetectorCandidate **) a,
                                        *(ObDetectorCandidate **) b);
}

/* Sorted best first, without unencrypted servers when there is any other:
 * those are only ever a last resort. */
static GPtrArray *
ranked_candidates (ObDetectorRun *run)
{
  GPtrArray *ranked = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean any_encrypted = FALSE;

  for (guint i = 0; i < run->candidates->len; i++)
    any_encrypted |= ob_detector_candidate_get_security (g_ptr_array_index (run->candidates, i))
                     != OB_SECURITY_NONE;
  for (guint i = 0; i < run->candidates->len; i++)
    {
      ObDetectorCandidate *candidate = g_ptr_array_index (run->candidates, i);

      if (!any_encrypted || ob_detector_candidate_get_security (candidate) != OB_SECURITY_NONE)
        g_ptr_array_add (ranked, g_object_ref (candidate));
    }
  g_ptr_array_sort (ranked, compare_candidates);
  return ranked;
}

static void
run_finish (ObDetectorRun *run)
{
  g_autoptr(GPtrArray) ranked = NULL;
  GHashTableIter iter;
  gpointer key, value;

  run->finished = TRUE;
  g_cancellable_cancel (run->cancellable);
  clear_source (&run->grace);

  /* Their callbacks still come, and free them; the log ends here. */
  for (guint i = 0; i < run->steps->len; i++)
    {
      ObDetectorStep *step = g_ptr_array_index (run->steps, i);

      run_emit (run, OB_DETECTOR_EVENT_STEP_FINISHED, step->source, step->target,
                OB_DETECTOR_OUTCOME_STOPPED, _("Stopped: the answer was already found."), NULL, 0,
                g_get_monotonic_time () - step->started, NULL);
    }
  g_ptr_array_set_size (run->steps, 0);

  g_hash_table_iter_init (&iter, run->probing);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *target = probe_target (key);

      run_emit (run, OB_DETECTOR_EVENT_PROBE_FINISHED, ob_detector_candidate_get_source (key),
                target, OB_DETECTOR_OUTCOME_STOPPED, _("Stopped: the answer was already found."),
                NULL, 0, g_get_monotonic_time () - *(gint64 *) value, key);
    }
  g_hash_table_remove_all (run->probing);

  ranked = ranked_candidates (run);
  ob_detection_set_candidates (run->detection, ranked);
  ob_detection_set_provider (run->detection, run->provider);
  ob_detection_set_duration (run->detection, run_elapsed (run));
  if (ob_detection_has_verified (run->detection))
    ob_detector_remember (run->detector, run->detection);

  if (run->caller != NULL)
    g_cancellable_disconnect (run->caller, run->caller_id);
  run->caller_id = 0;
  g_task_return_pointer (run->task, g_object_ref (run->detection), g_object_unref);
  g_clear_object (&run->task);
}

/* The caller cancelled: no answer at all, only the cancellation. */
static void
run_abort (ObDetectorRun *run)
{
  run->finished = TRUE;
  g_cancellable_cancel (run->cancellable);
  clear_source (&run->grace);
  g_ptr_array_set_size (run->steps, 0);
  g_hash_table_remove_all (run->probing);
  if (run->caller != NULL)
    g_cancellable_disconnect (run->caller, run->caller_id);
  run->caller_id = 0;
  g_task_return_error_if_cancelled (run->task);
  g_clear_object (&run->task);
}

static ObDetectorCandidate *
next_to_probe (ObDetectorRun *run)
{
  ObDetectorCandidate *best = NULL;
  ObCandidateRank best_rank;

  for (guint i = 0; i < run->candidates->len; i++)
    {
      ObDetectorCandidate *candidate = g_ptr_array_index (run->candidates, i);
      ObCandidateRank rank;

      if (g_hash_table_contains (run->probed, candidate))
        continue;
      ob_detector_candidate_get_rank (candidate, TRUE, &rank);
      if (best == NULL || ob_candidate_rank_compare (&rank, &best_rank) < 0)
        {
          best = candidate;
          best_rank = rank;
        }
    }
  return best;
}

static gboolean
is_timeout (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, OB_SMTP_ERROR, OB_SMTP_ERROR_TIMEOUT);
}

static void run_evaluate (ObDetectorRun *run);

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProbeOp *op = user_data;
  ObDetectorRun *run = op->run;
  ObDetectorCandidate *candidate = op->candidate;
  g_autoptr(ObSmtpCapabilities) capabilities = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *detail = NULL;
  ObDetectorOutcome outcome;
  gint64 duration;

  capabilities = ob_probe_finish (result, &error);
  if (run->finished || !g_hash_table_contains (run->probing, candidate))
    goto out;
  if (g_cancellable_is_cancelled (run->caller))
    {
      run_abort (run);
      goto out;
    }

  duration = g_get_monotonic_time () - *(gint64 *) g_hash_table_lookup (run->probing, candidate);
  g_hash_table_remove (run->probing, candidate);
  if (capabilities != NULL && !ob_smtp_capabilities_has (capabilities, OB_SMTP_CAP_AUTH) &&
      !ob_detector_candidate_accepts_no_login (candidate))
    g_set_error_literal (&error, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_NO_LOGIN,
                         _("The server answers, but offers no way to log in, so it is not one "
                           "for sending your mail."));

  if (error == NULL)
    {
      ob_detector_candidate_set_verified (candidate, capabilities, duration);
      outcome = OB_DETECTOR_OUTCOME_FOUND;
    }
  else
    {
      ob_detector_candidate_set_failed (candidate, error, duration);
      outcome = is_timeout (error) ? OB_DETECTOR_OUTCOME_TIMED_OUT : OB_DETECTOR_OUTCOME_FAILED;
    }
  target = probe_target (candidate);
  detail = ob_detector_candidate_describe_verification (candidate);
  run_emit (run, OB_DETECTOR_EVENT_PROBE_FINISHED, ob_detector_candidate_get_source (candidate),
            target, outcome, detail, error, 0, duration, candidate);
  run_evaluate (run);

out:
  g_object_unref (op->candidate);
  run_unref (op->run);
  g_free (op);
}

static void
start_probe (ObDetectorRun       *run,
             ObDetectorCandidate *candidate)
{
  ObDetectorConfig *config = run->config;
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();
  g_autoptr(GSocketClient) socket_client = NULL;
  g_autofree char *target = probe_target (candidate);
  gint64 *started = g_new (gint64, 1);
  ProbeOp *op = g_new0 (ProbeOp, 1);
  ObProbeOptions options = { 0 };

  if (config->socket_client_func != NULL)
    socket_client = config->socket_client_func (config->socket_client_data);
  options.socket_client = socket_client;
  options.ca_file = config->ca_file;
  options.timeout = config->probe_timeout;
  options.transcript = transcript;

  *started = g_get_monotonic_time ();
  g_hash_table_add (run->probed, candidate);
  g_hash_table_insert (run->probing, candidate, started);
  ob_detector_candidate_set_transcript (candidate, transcript);
  run_emit (run, OB_DETECTOR_EVENT_PROBE_STARTED, ob_detector_candidate_get_source (candidate),
            target, OB_DETECTOR_OUTCOME_PENDING, NULL, NULL, 0, 0, candidate);

  op->run = run_ref (run);
  op->candidate = g_object_ref (candidate);
  ob_probe_async (ob_detector_candidate_get_host (candidate),
                  ob_detector_candidate_get_port (candidate),
                  ob_detector_candidate_get_security (candidate),
                  &options, run->cancellable, probe_cb, op);
}

static void
pump_probes (ObDetectorRun *run)
{
  while (g_hash_table_size (run->probing) < run->config->max_probes)
    {
      ObDetectorCandidate *candidate = next_to_probe (run);

      if (candidate == NULL)
        break;
      start_probe (run, candidate);
    }
}

/* Whether anything still running could give a candidate better than
 * @candidate, were it verified. */
static gboolean
could_be_beaten (ObDetectorRun       *run,
                 ObDetectorCandidate *candidate)
{
  ObCandidateRank rank;

  ob_detector_candidate_get_rank (candidate, TRUE, &rank);
  for (guint i = 0; i < run->candidates->len; i++)
    {
      ObDetectorCandidate *other = g_ptr_array_index (run->candidates, i);
      ObCandidateRank other_rank;

      if (other == candidate ||
          ob_detector_candidate_get_verification (other) != OB_DETECTOR_VERIFICATION_NOT_CHECKED)
        continue;
      ob_detector_candidate_get_rank (other, TRUE, &other_rank);
      if (ob_candidate_rank_compare (&other_rank, &rank) < 0)
        return TRUE;
    }

  for (guint i = 0; i < run->steps->len; i++)
    {
      ObDetectorStep *step = g_ptr_array_index (run->steps, i);
      ObCandidateRank best_possible = {
        .distrust = step->trust != OB_DETECTOR_TRUST_TRUSTED,
        .tier = ob_detector_source_tier (step->source, step->trust),
      };

      if (ob_candidate_rank_compare (&best_possible, &rank) < 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
grace_cb (gpointer user_data)
{
  ObDetectorRun *run = user_data;

  g_clear_pointer (&run->grace, g_source_unref);
  run_finish (run);
  return G_SOURCE_REMOVE;
}

static void
run_evaluate (ObDetectorRun *run)
{
  ObDetectorCandidate *best = NULL;

  /* Until every source has started, no answer could be final. */
  if (run->finished || run->starting)
    return;
  if (run->config->probe)
    pump_probes (run);

  for (guint i = 0; i < run->candidates->len; i++)
    {
      ObDetectorCandidate *candidate = g_ptr_array_index (run->candidates, i);

      if (run->config->probe &&
          ob_detector_candidate_get_verification (candidate) != OB_DETECTOR_VERIFICATION_VERIFIED)
        continue;
      if (best == NULL || ob_detector_candidate_compare (candidate, best) < 0)
        best = candidate;
    }

  if (best == NULL)
    {
      if (run->steps->len == 0 && g_hash_table_size (run->probing) == 0)
        run_finish (run);
      return;
    }
  if (!could_be_beaten (run, best))
    run_finish (run);
  else if (run->grace == NULL)
    {
      run->grace = g_timeout_source_new (run->config->grace_ms);
      g_source_set_callback (run->grace, grace_cb, run_ref (run), (GDestroyNotify) run_unref);
      g_source_attach (run->grace, run->context);
    }
}

/**
 * ob_detector_run_add:
 * @candidate: (transfer none): a server a source named
 * @position: its place within the source
 *
 * Adds @candidate, or, when the same server is already known, lets the
 * better-ranked of the two sources speak for it. New candidates are probed
 * at the next evaluation.
 */
void
ob_detector_run_add (ObDetectorRun       *run,
                     ObDetectorCandidate *candidate,
                     guint64              position)
{
  ob_detector_candidate_set_position (candidate, position, run->sequence++);
  for (guint i = 0; i < run->candidates->len; i++)
    {
      ObDetectorCandidate *known = g_ptr_array_index (run->candidates, i);
      ObCandidateRank known_rank, rank;

      if (!ob_detector_candidate_is_same_server (known, candidate))
        continue;
      ob_detector_candidate_get_rank (known, TRUE, &known_rank);
      ob_detector_candidate_get_rank (candidate, TRUE, &rank);
      if (ob_candidate_rank_compare (&rank, &known_rank) < 0)
        ob_detector_candidate_adopt (known, candidate);
      return;
    }
  g_ptr_array_add (run->candidates, g_object_ref (candidate));
}

/**
 * ob_detector_run_set_provider:
 *
 * Records who provides the address's mail, as the most trusted source
 * that knew it says.
 */
void
ob_detector_run_set_provider (ObDetectorRun    *run,
                              ObProvider       *provider,
                              ObDetectorSource  source,
                              ObDetectorTrust   trust)
{
  guint tier = ob_detector_source_tier (source, trust);

  if (run->provider == NULL || tier < run->provider_tier)
    {
      g_set_object (&run->provider, provider);
      run->provider_tier = tier;
    }
}

/**
 * ob_detector_step_start:
 * @trust: the best trust what the step finds can have
 * @target: what the step asks: a URL or DNS name
 *
 * Starts one step of a source: logs it and gives it a deadline (the probe
 * timeout). The caller does the work with ob_detector_step_get_cancellable()
 * and ends with ob_detector_step_finish() or ob_detector_step_fail(), which
 * free the step.
 */
ObDetectorStep *
ob_detector_step_start (ObDetectorRun    *run,
                        ObDetectorSource  source,
                        ObDetectorTrust   trust,
                        const char       *target)
{
  ObDetectorStep *step = g_new0 (ObDetectorStep, 1);

  step->run = run_ref (run);
  step->source = source;
  step->trust = trust;
  step->target = g_strdup (target);
  step->started = g_get_monotonic_time ();
  step->deadline = ob_deadline_new (run->cancellable, run->config->probe_timeout * 1000);
  g_ptr_array_add (run->steps, step);
  run_emit (run, OB_DETECTOR_EVENT_STEP_STARTED, source, target, OB_DETECTOR_OUTCOME_PENDING,
            NULL, NULL, 0, 0, NULL);
  return step;
}

ObDetectorRun *
ob_detector_step_get_run (ObDetectorStep *step)
{
  return step->run;
}

GCancellable *
ob_detector_step_get_cancellable (ObDetectorStep *step)
{
  return ob_deadline_get_cancellable (step->deadline);
}

const char *
ob_detector_step_get_target (ObDetectorStep *step)
{
  return step->target;
}

/**
 * ob_detector_step_is_over:
 *
 * Returns: whether the run no longer needs what the step found (it ended);
 *   the step must still be finished, which then only frees it
 */
gboolean
ob_detector_step_is_over (ObDetectorStep *step)
{
  return step->run->finished;
}

static void
step_free (ObDetectorStep *step)
{
  g_ptr_array_remove (step->run->steps, step);
  ob_deadline_free (step->deadline);
  g_free (step->target);
  run_unref (step->run);
  g_free (step);
}

/**
 * ob_detector_step_finish:
 * @n_found: how many candidates the step added
 * @detail: (nullable): what it found, in a sentence
 */
void
ob_detector_step_finish (ObDetectorStep    *step,
                         ObDetectorOutcome  outcome,
                         guint              n_found,
                         const char        *detail)
{
  ObDetectorRun *run = step->run;

  if (!run->finished)
    {
      g_ptr_array_remove (run->steps, step);
      run_emit (run, OB_DETECTOR_EVENT_STEP_FINISHED, step->source, step->target, outcome, detail,
                NULL, n_found, g_get_monotonic_time () - step->started, NULL);
      run_ref (run);
      step_free (step);
      run_evaluate (run);
      run_unref (run);
      return;
    }
  step_free (step);
}

/**
 * ob_detector_step_fail:
 *
 * Ends the step with @error: nothing there, a failure, no answer before
 * the deadline, or the caller's cancellation, which ends the whole run.
 */
void
ob_detector_step_fail (ObDetectorStep *step,
                       const GError   *error)
{
  ObDetectorRun *run = step->run;
  g_autoptr(GError) failure = g_error_copy (error);
  g_autofree char *what = NULL;
  ObDetectorOutcome outcome;

  if (run->finished)
    {
      step_free (step);
      return;
    }
  if (g_cancellable_is_cancelled (run->caller))
    {
      run_ref (run);
      step_free (step);
      run_abort (run);
      run_unref (run);
      return;
    }

  what = g_strdup_printf (_("Asking “%s”"), step->target);
  ob_deadline_check_error (step->deadline, &failure, what);
  if (is_timeout (failure))
    outcome = OB_DETECTOR_OUTCOME_TIMED_OUT;
  else if (ob_dns_error_is_not_found (failure) ||
           g_error_matches (failure, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_NOT_FOUND) ||
           g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    outcome = OB_DETECTOR_OUTCOME_NOT_FOUND;
  else
    outcome = OB_DETECTOR_OUTCOME_FAILED;

  g_ptr_array_remove (run->steps, step);
  run_emit (run, OB_DETECTOR_EVENT_STEP_FINISHED, step->source, step->target, outcome,
            failure->message, failure, 0, g_get_monotonic_time () - step->started, NULL);
  run_ref (run);
  step_free (step);
  run_evaluate (run);
  run_unref (run);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/**
 * ob_detector_run_start:
 * @config: (transfer full): the settings to run with
 * @task: returns the detection, or the caller's cancellation
 *
 * Starts every source and returns; @task completes on the caller's main
 * context.
 */
void
ob_detector_run_start (ObDetector       *detector,
                       ObDetectorConfig *config,
                       ObDetection      *detection,
                       GTask            *task)
{
  ObDetectorRun *run = g_new0 (ObDetectorRun, 1);

  run->ref_count = 1;
  run->detector = g_object_ref (detector);
  run->config = config;
  run->context = g_main_context_ref_thread_default ();
  run->task = g_object_ref (task);
  run->detection = g_object_ref (detection);
  run->address = ob_detection_get_address (detection);
  run->domain = ob_detection_get_domain (detection);
  run->resolver = g_resolver_get_default ();
  run->cancellable = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  run->steps = g_ptr_array_new ();
  run->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  run->probing = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  run->probed = g_hash_table_new (NULL, NULL);

  if (g_task_get_cancellable (task) != NULL)
    {
      run->caller = g_object_ref (g_task_get_cancellable (task));
      run->caller_id = g_cancellable_connect (run->caller, G_CALLBACK (caller_cancelled_cb),
                                              g_object_ref (run->cancellable), g_object_unref);
    }

  run->starting = TRUE;
  ob_detector_sources_start (run);
  run->starting = FALSE;
  if (g_cancellable_is_cancelled (run->caller))
    run_abort (run);
  else
    run_evaluate (run);
  run_unref (run);
}
