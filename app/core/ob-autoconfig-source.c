/* ob-autoconfig-source.c — fetching configuration documents over HTTP(S)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One fetch is one GET, read in chunks so that no more than
 * %OB_ISPDB_MAX_SIZE (plus one chunk's worth of proof that it is too large)
 * is ever held, whatever the server announces or compresses. Redirects are
 * followed, and the caller is told where the document finally came from,
 * since an HTTPS URL that redirects to plain HTTP yields an insecure
 * document.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-autoconfig-source.h"
#include "ob-detector-error.h"
#include "ob-escape.h"
#include "ob-ispdb-parser.h"

#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
  char         *url;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data->url);
  g_free (data);
}

/**
 * ob_autoconfig_template_is_private:
 * @template: a URL template
 *
 * Returns: whether @template puts the address, or its part before the “@”,
 *   into the URL, which must then never go over plain HTTP
 */
gboolean
ob_autoconfig_template_is_private (const char *template)
{
  g_return_val_if_fail (template != NULL, FALSE);

  return strstr (template, "%EMAILADDRESS%") != NULL ||
         strstr (template, "%EMAILLOCALPART%") != NULL;
}

/**
 * ob_autoconfig_ispdb_url:
 * @base: the ISPDB's URL, such as %OB_ISPDB_DEFAULT_URL
 * @domain: the domain to look up, in ASCII
 *
 * Returns: (transfer full): the URL of @domain's document
 */
char *
ob_autoconfig_ispdb_url (const char *base,
                         const char *domain)
{
  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  return g_str_has_suffix (base, "/") ? g_strconcat (base, domain, NULL)
                                      : g_strconcat (base, "/", domain, NULL);
}

static void read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
read_more (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  ObProvider *provider;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    g_byte_array_append (data->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* Past the limit the parser refuses it; no need to read the rest. */
  if (g_bytes_get_size (bytes) > 0 && data->body->len <= OB_ISPDB_MAX_SIZE)
    {
      read_more (g_steal_pointer (&task));
      return;
    }

  provider = ob_ispdb_parse ((const char *) data->body->data, data->body->len, &error);
  if (provider == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, provider, g_object_unref);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;
  goffset length;

  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (data->stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (data->message);
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      g_task_return_new_error (task, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_NOT_FOUND,
                               _("There is no configuration at %s (%u)."), data->url, status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *reason = ob_escape_untrusted (soup_message_get_reason_phrase (data->message),
                                                     -1);

      g_task_return_new_error (task, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_HTTP,
                               /* TRANSLATORS: %s is a URL, %u an HTTP status code and the
                                * last %s the server's words for it */
                               _("The web server at %s answered %u %s."), data->url, status,
                               reason);
      return;
    }

  length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (data->message));
  if (length > OB_ISPDB_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (length);

      g_task_return_new_error (task, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_TOO_LARGE,
                               /* TRANSLATORS: %s is a URL, then a size such as “2.1 MB” */
                               _("The web server at %s announced a document of %s, far more "
                                 "than a configuration needs, so it was not fetched."),
                               data->url, size);
      return;
    }

  read_more (g_steal_pointer (&task));
}

/**
 * ob_autoconfig_fetch_async:
 * @session: the session to fetch with (its TLS database decides which
 *   certificates are trusted)
 * @url: an http:// or https:// URL
 *
 * Fetches @url and parses it as an autoconfig document, reading at most
 * %OB_ISPDB_MAX_SIZE.
 */
void
ob_autoconfig_fetch_async (SoupSession         *session,
                           const char          *url,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_autoconfig_fetch_async);
  data = g_new0 (FetchData, 1);
  data->url = g_strdup (url);
  data->body = g_byte_array_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  data->message = soup_message_new (SOUP_METHOD_GET, url);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, OB_DETECTOR_ERROR, OB_DETECTOR_ERROR_HTTP,
                               _("“%s” is not a web address."), url);
      return;
    }
  soup_message_headers_append (soup_message_get_request_headers (data->message), "Accept",
                               "application/xml, text/xml");
  soup_session_send_async (session, data->message, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                           g_steal_pointer (&task));
}

/**
 * ob_autoconfig_fetch_finish:
 * @final_url: (out) (optional): where the document came from after any
 *   redirects; set on failure too, when the request was made
 *
 * Returns: (transfer full) (nullable): the provider the document describes,
 *   or %NULL with %OB_DETECTOR_ERROR_NOT_FOUND (404 or 410),
 *   %OB_DETECTOR_ERROR_HTTP, %OB_DETECTOR_ERROR_TOO_LARGE,
 *   %OB_DETECTOR_ERROR_MALFORMED, or the network's own error
 */
ObProvider *
ob_autoconfig_fetch_finish (GAsyncResult  *result,
                            char         **final_url,
                            GError       **error)
{
  FetchData *data;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_autoconfig_fetch_async,
                        NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (final_url != NULL)
    *final_url = data->message ? g_uri_to_string (soup_message_get_uri (data->message)) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
