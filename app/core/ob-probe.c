/* ob-probe.c — checking that a server is a working submission server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A probe is the SMTP client's own connection (TCP, implicit TLS or
 * STARTTLS with full certificate and host-name checks, greeting, EHLO, and
 * EHLO again after STARTTLS) without credentials, so nothing secret can
 * leave. The client bounds each step; a deadline bounds the whole, so a
 * server that accepts the connection and then says nothing, or trickles,
 * costs no more than the timeout.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-deadline.h"
#include "ob-probe.h"
#include "ob-smtp-capabilities.h"
#include "ob-smtp-client.h"

/* An address literal that says nothing about the machine or its network. */
#define PROBE_EHLO_NAME "[127.0.0.1]"

typedef struct
{
  ObSmtpClient *client;
  ObDeadline   *deadline;
} ProbeData;

static void
probe_data_free (ProbeData *data)
{
  g_clear_pointer (&data->deadline, ob_deadline_free);
  g_clear_object (&data->client);
  g_free (data);
}

static void
quit_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ob_smtp_client_quit_finish (OB_SMTP_CLIENT (source), result, NULL);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProbeData *data = g_task_get_task_data (task);
  ObSmtpClient *client = OB_SMTP_CLIENT (source);
  GError *error = NULL;
  g_autofree char *what = NULL;

  if (ob_smtp_client_connect_finish (client, result, &error))
    {
      g_task_return_pointer (task,
                             ob_smtp_capabilities_ref (ob_smtp_client_get_capabilities (client)),
                             (GDestroyNotify) ob_smtp_capabilities_unref);
      /* Say goodbye properly, without making anyone wait for it. */
      ob_smtp_client_quit_async (client, NULL, quit_cb, NULL);
      return;
    }

  what = g_strdup_printf (_("Checking %s port %u"), ob_smtp_client_get_host (client),
                          ob_smtp_client_get_port (client));
  ob_deadline_check_error (data->deadline, &error, what);
  g_task_return_error (task, error);
}

/**
 * ob_probe_async:
 *
 * Connects to @host:@port as @security says and reads what the server
 * offers after encryption. Sends no credentials, and a neutral EHLO name.
 */
void
ob_probe_async (const char           *host,
                guint16               port,
                ObSecurity            security,
                const ObProbeOptions *options,
                GCancellable         *cancellable,
                GAsyncReadyCallback   callback,
                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ProbeData *data;

  g_return_if_fail (host != NULL);
  g_return_if_fail (options != NULL && options->timeout > 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_probe_async);
  data = g_new0 (ProbeData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_data_free);

  data->client = ob_smtp_client_new (host, port, security);
  ob_smtp_client_set_timeout (data->client, options->timeout);
  ob_smtp_client_set_ca_file (data->client, options->ca_file);
  ob_smtp_client_set_ehlo_name (data->client, PROBE_EHLO_NAME);
  ob_smtp_client_set_socket_client (data->client, options->socket_client);
  ob_smtp_client_set_transcript (data->client, options->transcript);
  data->deadline = ob_deadline_new (cancellable, options->timeout * 1000);

  ob_smtp_client_connect_async (data->client, ob_deadline_get_cancellable (data->deadline),
                                connected_cb, g_steal_pointer (&task));
}

/**
 * ob_probe_finish:
 *
 * Returns: (transfer full) (nullable): what the server offers after
 *   encryption, or %NULL with the SMTP client's error,
 *   %G_IO_ERROR_TIMED_OUT when the whole took too long, or
 *   %G_IO_ERROR_CANCELLED
 */
ObSmtpCapabilities *
ob_probe_finish (GAsyncResult  *result,
                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
