/* ob-detector-candidate.h — one server detection found, and what is known of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-provider.h"
#include "ob-transcript.h"
#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_DETECTOR_CANDIDATE (ob_detector_candidate_get_type ())

G_DECLARE_FINAL_TYPE (ObDetectorCandidate, ob_detector_candidate, OB, DETECTOR_CANDIDATE, GObject)

const char            *ob_detector_candidate_get_host               (ObDetectorCandidate *self);
guint16                ob_detector_candidate_get_port               (ObDetectorCandidate *self);
ObSecurity             ob_detector_candidate_get_security           (ObDetectorCandidate *self);
ObDetectorSource       ob_detector_candidate_get_source             (ObDetectorCandidate *self);
ObDetectorTrust        ob_detector_candidate_get_trust              (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_origin             (ObDetectorCandidate *self);
ObProvider            *ob_detector_candidate_get_provider           (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_region             (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_username           (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_username_template  (ObDetectorCandidate *self);
const char * const    *ob_detector_candidate_get_auth_methods       (ObDetectorCandidate *self);
const char * const    *ob_detector_candidate_get_offered_mechanisms (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_username_hint      (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_password_hint      (ObDetectorCandidate *self);
const char * const    *ob_detector_candidate_get_notes              (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_unverified         (ObDetectorCandidate *self);
ObDetectorVerification ob_detector_candidate_get_verification       (ObDetectorCandidate *self);
const GError          *ob_detector_candidate_get_error              (ObDetectorCandidate *self);
gint64                 ob_detector_candidate_get_probe_time         (ObDetectorCandidate *self);
ObTranscript          *ob_detector_candidate_get_transcript         (ObDetectorCandidate *self);
gboolean               ob_detector_candidate_needs_confirmation     (ObDetectorCandidate *self);
const char            *ob_detector_candidate_get_password_domain    (ObDetectorCandidate *self);
gboolean               ob_detector_candidate_is_port_often_blocked  (ObDetectorCandidate *self);

int                    ob_detector_candidate_compare                (ObDetectorCandidate *a,
                                                                     ObDetectorCandidate *b);

const char            *ob_security_describe                         (ObSecurity           security);
const char            *ob_detector_trust_describe                   (ObDetectorTrust      trust);
char                  *ob_detector_candidate_describe_verification  (ObDetectorCandidate *self);
char                  *ob_detector_candidate_describe_confirmation  (ObDetectorCandidate *self);
const char            *ob_detector_candidate_describe_port_warning  (ObDetectorCandidate *self);
const char            *ob_provider_describe_oauth2_only             (ObProvider          *provider);
const char            *ob_app_password_policy_describe              (ObAppPasswordPolicy  policy);
void                   ob_detector_candidate_apply                  (ObDetectorCandidate *self,
                                                                     ObAccount           *account);

G_END_DECLS
