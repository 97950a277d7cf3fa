/* ob-detector-candidate-private.h — how detection builds and ranks candidates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-detector-candidate.h"
#include "ob-smtp-capabilities.h"

G_BEGIN_DECLS

/* A candidate's place in the ranking, most significant first; lower is
 * better. See ob_detector_candidate_get_rank(). */
typedef struct
{
  guint   verification;  /* 0 verified, 1 not checked, 2 failed */
  guint   plain;         /* 1 without encryption */
  guint   port25;        /* 1 on port 25 */
  guint   distrust;      /* 0 from a trusted source */
  guint   tier;          /* the source, see ob_detector_source_tier() */
  guint64 position;      /* order within the source */
  guint   sequence;      /* order found */
} ObCandidateRank;

ObDetectorCandidate *ob_detector_candidate_new              (const char             *host,
                                                             guint16                 port,
                                                             ObSecurity              security,
                                                             ObDetectorSource        source,
                                                             ObDetectorTrust         trust,
                                                             const char             *origin,
                                                             const char             *address);
void                 ob_detector_candidate_set_server       (ObDetectorCandidate    *self,
                                                             ObProvider             *provider,
                                                             const ObProviderServer *server);
void                 ob_detector_candidate_set_position     (ObDetectorCandidate    *self,
                                                             guint64                 position,
                                                             guint                   sequence);
gboolean             ob_detector_candidate_is_same_server   (ObDetectorCandidate    *self,
                                                             ObDetectorCandidate    *other);
void                 ob_detector_candidate_adopt            (ObDetectorCandidate    *self,
                                                             ObDetectorCandidate    *better);
ObDetectorCandidate *ob_detector_candidate_copy_for_address (ObDetectorCandidate    *self,
                                                             const char             *address);
gboolean             ob_detector_candidate_accepts_no_login (ObDetectorCandidate    *self);
void                 ob_detector_candidate_set_transcript   (ObDetectorCandidate    *self,
                                                             ObTranscript           *transcript);
void                 ob_detector_candidate_set_verified     (ObDetectorCandidate    *self,
                                                             ObSmtpCapabilities     *capabilities,
                                                             gint64                  probe_time);
void                 ob_detector_candidate_set_failed       (ObDetectorCandidate    *self,
                                                             const GError           *error,
                                                             gint64                  probe_time);

guint                ob_detector_source_tier                (ObDetectorSource        source,
                                                             ObDetectorTrust         trust);
void                 ob_detector_candidate_get_rank         (ObDetectorCandidate    *self,
                                                             gboolean                as_if_verified,
                                                             ObCandidateRank        *rank);
int                  ob_candidate_rank_compare              (const ObCandidateRank  *a,
                                                             const ObCandidateRank  *b);

char                *ob_detector_registrable_domain         (const char             *host);

G_END_DECLS
