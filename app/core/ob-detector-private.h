/* ob-detector-private.h — what the detector's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ob-detector.c holds the settings and the cache; ob-detector-run.c runs
 * one detection: its steps, its probes and the decision when it is done;
 * ob-detector-sources.c starts the sources and turns what they find into
 * candidates.
 */
#pragma once

#include <libsoup/soup.h>

#include "ob-detection.h"
#include "ob-detector.h"
#include "ob-detector-candidate-private.h"
#include "ob-detector-event.h"

G_BEGIN_DECLS

/* ob-detection.c */
ObDetection     *ob_detection_new              (const char          *address,
                                                const char          *domain,
                                                gboolean             online);
void             ob_detection_add_event        (ObDetection         *self,
                                                ObDetectorEvent     *event);
void             ob_detection_set_candidates   (ObDetection         *self,
                                                GPtrArray           *candidates);
void             ob_detection_set_provider     (ObDetection         *self,
                                                ObProvider          *provider);
void             ob_detection_set_duration     (ObDetection         *self,
                                                gint64               duration);
ObDetection     *ob_detection_copy_for_address (ObDetection         *self,
                                                const char          *address);

/* ob-detector-event.c */
ObDetectorEvent *ob_detector_event_new         (ObDetectorEventKind  kind,
                                                ObDetectorSource     source,
                                                const char          *target,
                                                ObDetectorOutcome    outcome,
                                                const char          *detail,
                                                const GError        *error,
                                                guint                n_found,
                                                gint64               time,
                                                gint64               duration,
                                                ObDetectorCandidate *candidate);

/* ob-detector.c */

/* The settings one run works with, fixed when it starts. */
typedef struct
{
  gboolean                    online;
  gboolean                    probe;
  guint                       probe_timeout;
  guint                       max_probes;
  guint                       grace_ms;
  char                       *ispdb_url;
  GStrv                       autoconfig_urls;
  GStrv                       insecure_urls;
  char                       *ca_file;
  SoupSession                *session;
  ObDetectorSocketClientFunc  socket_client_func;
  gpointer                    socket_client_data;
} ObDetectorConfig;

void             ob_detector_config_free       (ObDetectorConfig    *config);
void             ob_detector_emit_event        (ObDetector          *self,
                                                ObDetectorEvent     *event);
void             ob_detector_remember          (ObDetector          *self,
                                                ObDetection         *detection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObDetectorConfig, ob_detector_config_free)

/* ob-detector-run.c */
typedef struct _ObDetectorStep ObDetectorStep;

typedef struct
{
  int               ref_count;
  ObDetector       *detector;
  ObDetectorConfig *config;
  GMainContext     *context;
  GTask            *task;
  ObDetection      *detection;
  const char       *address;      /* the detection's */
  const char       *domain;       /* the detection's: ASCII, lower case */
  GResolver        *resolver;
  GCancellable     *cancellable;  /* everything stops when this is cancelled */
  GCancellable     *caller;
  gulong            caller_id;
  gint64            started;
  GPtrArray        *steps;        /* ObDetectorStep still running */
  GPtrArray        *candidates;   /* ObDetectorCandidate */
  GHashTable       *probing;      /* ObDetectorCandidate → its probe's start time */
  GHashTable       *probed;       /* ObDetectorCandidate set */
  ObProvider       *provider;
  guint             provider_tier;
  GSource          *grace;
  guint             sequence;
  gboolean          starting;     /* sources are still being started */
  gboolean          finished;

  /* For ob-detector-sources.c. */
  guint             autoconfig_pending;
  gboolean          autoconfig_found;
} ObDetectorRun;

void             ob_detector_run_start         (ObDetector          *detector,
                                                ObDetectorConfig    *config,
                                                ObDetection         *detection,
                                                GTask               *task);
void             ob_detector_run_add           (ObDetectorRun       *run,
                                                ObDetectorCandidate *candidate,
                                                guint64              position);
void             ob_detector_run_set_provider  (ObDetectorRun       *run,
                                                ObProvider          *provider,
                                                ObDetectorSource     source,
                                                ObDetectorTrust      trust);

ObDetectorStep  *ob_detector_step_start           (ObDetectorRun     *run,
                                                   ObDetectorSource   source,
                                                   ObDetectorTrust    trust,
                                                   const char        *target);
ObDetectorRun   *ob_detector_step_get_run         (ObDetectorStep    *step);
GCancellable    *ob_detector_step_get_cancellable (ObDetectorStep    *step);
const char      *ob_detector_step_get_target      (ObDetectorStep    *step);
gboolean         ob_detector_step_is_over         (ObDetectorStep    *step);
void             ob_detector_step_finish          (ObDetectorStep    *step,
                                                   ObDetectorOutcome  outcome,
                                                   guint              n_found,
                                                   const char        *detail);
void             ob_detector_step_fail            (ObDetectorStep    *step,
                                                   const GError      *error);

/* ob-detector-sources.c */
void             ob_detector_sources_start     (ObDetectorRun       *run);

G_END_DECLS
