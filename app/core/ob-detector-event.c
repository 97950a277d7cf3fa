/* ob-detector-event.c — one step of detection, for the live log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Events are immutable. A step's start and end are two events with the
 * same source and target; the end says how it went and how long it took.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-detector-private.h"

struct _ObDetectorEvent
{
  GObject              parent_instance;

  ObDetectorEventKind  kind;
  ObDetectorSource     source;
  char                *target;
  ObDetectorOutcome    outcome;
  char                *detail;
  GError              *error;
  guint                n_found;
  gint64               time;
  gint64               duration;
  ObDetectorCandidate *candidate;
};

G_DEFINE_FINAL_TYPE (ObDetectorEvent, ob_detector_event, G_TYPE_OBJECT)

static void
ob_detector_event_finalize (GObject *object)
{
  ObDetectorEvent *self = OB_DETECTOR_EVENT (object);

  g_free (self->target);
  g_free (self->detail);
  g_clear_error (&self->error);
  g_clear_object (&self->candidate);

  G_OBJECT_CLASS (ob_detector_event_parent_class)->finalize (object);
}

static void
ob_detector_event_class_init (ObDetectorEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_detector_event_finalize;
}

static void
ob_detector_event_init (ObDetectorEvent *self)
{
}

/**
 * ob_detector_event_new:
 * @time: when, in microseconds since detection started
 * @duration: for a finished step, how long it took in microseconds
 * @detail: (nullable): what happened, in a sentence
 * @error: (nullable): the failure, for a failed step
 * @candidate: (nullable): the candidate a probe is about
 */
ObDetectorEvent *
ob_detector_event_new (ObDetectorEventKind  kind,
                       ObDetectorSource     source,
                       const char          *target,
                       ObDetectorOutcome    outcome,
                       const char          *detail,
                       const GError        *error,
                       guint                n_found,
                       gint64               time,
                       gint64               duration,
                       ObDetectorCandidate *candidate)
{
  ObDetectorEvent *self = g_object_new (OB_TYPE_DETECTOR_EVENT, NULL);

  self->kind = kind;
  self->source = source;
  self->target = g_strdup (target);
  self->outcome = outcome;
  self->detail = g_strdup (detail);
  self->error = error ? g_error_copy (error) : NULL;
  self->n_found = n_found;
  self->time = time;
  self->duration = duration;
  self->candidate = candidate ? g_object_ref (candidate) : NULL;
  return self;
}

ObDetectorEventKind
ob_detector_event_get_kind (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), OB_DETECTOR_EVENT_STEP_STARTED);

  return self->kind;
}

/**
 * ob_detector_event_get_source:
 *
 * Returns: the source a step belongs to; for a probe, the source of its
 *   candidate
 */
ObDetectorSource
ob_detector_event_get_source (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), OB_DETECTOR_SOURCE_GUESS);

  return self->source;
}

/**
 * ob_detector_event_get_target:
 *
 * Returns: what the step asked: a URL, a DNS name, or “host:port” for a
 *   probe
 */
const char *
ob_detector_event_get_target (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), NULL);

  return self->target;
}

/**
 * ob_detector_event_get_outcome:
 *
 * Returns: how the step went; %OB_DETECTOR_OUTCOME_PENDING for a start
 */
ObDetectorOutcome
ob_detector_event_get_outcome (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), OB_DETECTOR_OUTCOME_PENDING);

  return self->outcome;
}

/**
 * ob_detector_event_get_detail:
 *
 * Returns: (nullable): what happened, in a translated sentence
 */
const char *
ob_detector_event_get_detail (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), NULL);

  return self->detail;
}

/**
 * ob_detector_event_get_error:
 *
 * Returns: (nullable): the failure behind a failed or timed-out step
 */
const GError *
ob_detector_event_get_error (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), NULL);

  return self->error;
}

/**
 * ob_detector_event_get_n_found:
 *
 * Returns: how many servers a finished step named
 */
guint
ob_detector_event_get_n_found (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), 0);

  return self->n_found;
}

/**
 * ob_detector_event_get_time:
 *
 * Returns: when it happened, in microseconds since detection started
 */
gint64
ob_detector_event_get_time (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), 0);

  return self->time;
}

/**
 * ob_detector_event_get_duration:
 *
 * Returns: for a finished step or probe, how long it took in microseconds
 */
gint64
ob_detector_event_get_duration (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), 0);

  return self->duration;
}

/**
 * ob_detector_event_get_candidate:
 *
 * Returns: (transfer none) (nullable): the candidate a probe event is about
 */
ObDetectorCandidate *
ob_detector_event_get_candidate (ObDetectorEvent *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_EVENT (self), NULL);

  return self->candidate;
}

/**
 * ob_detector_source_describe:
 *
 * Returns: the source in words, translated
 */
const char *
ob_detector_source_describe (ObDetectorSource source)
{
  switch (source)
    {
    case OB_DETECTOR_SOURCE_BUILTIN:
      return _("built-in database");
    case OB_DETECTOR_SOURCE_AUTOCONFIG:
      return _("the domain’s autoconfig");
    case OB_DETECTOR_SOURCE_ISPDB:
      return _("Thunderbird’s ISP database");
    case OB_DETECTOR_SOURCE_SRV:
      return _("DNS SRV record");
    case OB_DETECTOR_SOURCE_MX:
      return _("the domain’s mail host (MX)");
    case OB_DETECTOR_SOURCE_GUESS:
    default:
      return _("usual names and ports");
    }
}

/**
 * ob_detector_outcome_describe:
 *
 * Returns: the outcome in a word or two, translated
 */
const char *
ob_detector_outcome_describe (ObDetectorOutcome outcome)
{
  switch (outcome)
    {
    case OB_DETECTOR_OUTCOME_FOUND:
      return _("found");
    case OB_DETECTOR_OUTCOME_NOT_FOUND:
      return _("nothing there");
    case OB_DETECTOR_OUTCOME_FAILED:
      return _("failed");
    case OB_DETECTOR_OUTCOME_TIMED_OUT:
      return _("no answer in time");
    case OB_DETECTOR_OUTCOME_STOPPED:
      return _("stopped, not needed");
    case OB_DETECTOR_OUTCOME_PENDING:
    default:
      return _("running");
    }
}
