/* ob-probe.h — checking that a server is a working submission server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-transcript.h"
#include "ob-types.h"

G_BEGIN_DECLS

/**
 * ObProbeOptions:
 * @socket_client: (nullable): connect through this, for a proxy; %NULL for
 *   a plain connection
 * @ca_file: (nullable): trust the certificate authorities in this PEM file
 *   instead of the system's
 * @timeout: the most the whole probe may take, in seconds
 * @transcript: (nullable): where the conversation goes
 */
typedef struct
{
  GSocketClient *socket_client;
  const char    *ca_file;
  guint          timeout;
  ObTranscript  *transcript;
} ObProbeOptions;

void                ob_probe_async  (const char            *host,
                                     guint16                port,
                                     ObSecurity             security,
                                     const ObProbeOptions  *options,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               user_data);
ObSmtpCapabilities *ob_probe_finish (GAsyncResult          *result,
                                     GError               **error);

G_END_DECLS
