/* detector-fixture.h — what the detector's test suites share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything detection touches is local: a fake resolver as the default
 * GResolver, a router that sends probes for made-up hosts to scripted SMTP
 * servers on 127.0.0.1, an HTTP(S) server for autoconfig documents and the
 * ISPDB, and the test CA as the only one trusted.
 */
#pragma once

#include "ob-detector.h"
#include "ob-detector-error.h"
#include "ob-fake-resolver.h"
#include "ob-fake-smtp-server.h"
#include "ob-test-certs.h"
#include "ob-test-http-server.h"
#include "ob-test-router.h"

/* Every wait in these tests ends after this, even when something hangs. */
#define WAIT_LIMIT_MS 180000

typedef enum {
  SERVER_TLS,             /* implicit TLS, offers AUTH PLAIN LOGIN */
  SERVER_STARTTLS,        /* STARTTLS, offers AUTH PLAIN LOGIN after it */
  SERVER_BLACKHOLE,       /* accepts the connection and never says a word */
  SERVER_WRONG_CERT,      /* implicit TLS with a certificate for wrong.example */
  SERVER_NO_AUTH,         /* STARTTLS, but no AUTH after it */
} ServerKind;

typedef struct
{
  ObFakeResolver   *resolver;
  GResolver        *previous_resolver;
  ObTestRouter     *router;
  ObTestHttpServer *http;
  ObDetector       *detector;
  GPtrArray        *servers;     /* ObFakeSmtpServer */
  GPtrArray        *events;      /* ObDetectorEvent, from the signal */
} Fixture;

void                 detector_fixture_setup    (Fixture       *f,
                                                gconstpointer  data);
void                 detector_fixture_teardown (Fixture       *f,
                                                gconstpointer  data);

void                 add_smtp_server           (Fixture       *f,
                                                const char    *host,
                                                guint16        port,
                                                ServerKind     kind,
                                                guint          n_connections);
ObTestHttpServer    *http_server               (Fixture       *f);
void                 start_http_server         (Fixture       *f,
                                                const char    *domain);
void                 use_ispdb_mirror          (Fixture       *f);
char                *config_document           (const char    *id,
                                                ...) G_GNUC_NULL_TERMINATED;

ObDetection         *detect                    (Fixture       *f,
                                                const char    *address,
                                                GError       **error);
ObDetectorCandidate *candidate_at              (ObDetection   *detection,
                                                guint          position);
ObDetectorCandidate *find_candidate            (ObDetection   *detection,
                                                const char    *host,
                                                guint16        port);
ObDetectorEvent     *find_step                 (ObDetection   *detection,
                                                ObDetectorSource source,
                                                const char    *target_prefix);
void                 assert_events_complete    (Fixture       *f,
                                                ObDetection   *detection);
