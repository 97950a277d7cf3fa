/* ob-detector.h — from an address to a verified SMTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-detection.h"
#include "ob-detector-candidate.h"
#include "ob-detector-event.h"
#include "ob-types.h"

G_BEGIN_DECLS

#define OB_DETECTOR_DEFAULT_PROBE_TIMEOUT 4
#define OB_DETECTOR_DEFAULT_MAX_PROBES    8
#define OB_DETECTOR_DEFAULT_GRACE_MS      1000

/**
 * ObDetectorSocketClientFunc:
 * @user_data: what was given with the function
 *
 * Makes the socket client one probe connects with, for a proxy or a test's
 * own routing. Called once per probe, on the thread detection runs on.
 *
 * Returns: (transfer full): a new socket client
 */
typedef GSocketClient *(*ObDetectorSocketClientFunc) (gpointer user_data);

#define OB_TYPE_DETECTOR (ob_detector_get_type ())

G_DECLARE_FINAL_TYPE (ObDetector, ob_detector, OB, DETECTOR, GObject)

ObDetector         *ob_detector_new (void);

void                ob_detector_load_settings          (ObDetector                 *self,
                                                        GSettings                  *settings);
void                ob_detector_set_socket_client_func (ObDetector                 *self,
                                                        ObDetectorSocketClientFunc  func,
                                                        gpointer                    user_data,
                                                        GDestroyNotify              destroy);

gboolean            ob_detector_get_online                   (ObDetector         *self);
void                ob_detector_set_online                   (ObDetector         *self,
                                                              gboolean            online);
gboolean            ob_detector_get_probe                    (ObDetector         *self);
void                ob_detector_set_probe                    (ObDetector         *self,
                                                              gboolean            probe);
guint               ob_detector_get_probe_timeout            (ObDetector         *self);
void                ob_detector_set_probe_timeout            (ObDetector         *self,
                                                              guint               seconds);
guint               ob_detector_get_max_probes               (ObDetector         *self);
void                ob_detector_set_max_probes               (ObDetector         *self,
                                                              guint               max_probes);
guint               ob_detector_get_grace_period             (ObDetector         *self);
void                ob_detector_set_grace_period             (ObDetector         *self,
                                                              guint               milliseconds);
const char         *ob_detector_get_ispdb_url                (ObDetector         *self);
void                ob_detector_set_ispdb_url                (ObDetector         *self,
                                                              const char         *url);
const char * const *ob_detector_get_autoconfig_urls          (ObDetector         *self);
void                ob_detector_set_autoconfig_urls          (ObDetector         *self,
                                                              const char * const *templates);
const char * const *ob_detector_get_autoconfig_insecure_urls (ObDetector         *self);
void                ob_detector_set_autoconfig_insecure_urls (ObDetector         *self,
                                                              const char * const *templates);
const char         *ob_detector_get_ca_file                  (ObDetector         *self);
void                ob_detector_set_ca_file                  (ObDetector         *self,
                                                              const char         *path);

void                ob_detector_detect_async  (ObDetector           *self,
                                               const char           *address,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
ObDetection        *ob_detector_detect_finish (ObDetector           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void                ob_detector_clear_cache   (ObDetector           *self);

G_END_DECLS
