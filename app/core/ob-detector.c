/* ob-detector.c — from an address to a verified SMTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detector holds the settings (from properties, or GSettings through
 * ob_detector_load_settings()), one HTTP session, and the session's cache
 * of answers by domain. Each ob_detector_detect_async() runs on its own
 * (ob-detector-run.c), with the settings as they were when it started.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-autoconfig-source.h"
#include "ob-detector-private.h"

#define ISPDB_URL_VARIABLE "OUTBOUND_ISPDB_URL"
#define MAX_PROBE_TIMEOUT  60
#define MAX_MAX_PROBES     32

struct _ObDetector
{
  GObject                     parent_instance;

  gboolean                    online;
  gboolean                    probe;
  guint                       probe_timeout;
  guint                       max_probes;
  guint                       grace_ms;
  char                       *ispdb_url;
  GStrv                       autoconfig_urls;
  GStrv                       insecure_urls;
  char                       *ca_file;
  ObDetectorSocketClientFunc  socket_client_func;
  gpointer                    socket_client_data;
  GDestroyNotify              socket_client_destroy;

  SoupSession                *session;
  GHashTable                 *cache;       /* domain → ObDetection */
};

G_DEFINE_FINAL_TYPE (ObDetector, ob_detector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ONLINE,
  PROP_PROBE,
  PROP_PROBE_TIMEOUT,
  PROP_MAX_PROBES,
  PROP_GRACE_PERIOD,
  PROP_ISPDB_URL,
  PROP_AUTOCONFIG_URLS,
  PROP_AUTOCONFIG_INSECURE_URLS,
  PROP_CA_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
ob_detector_finalize (GObject *object)
{
  ObDetector *self = OB_DETECTOR (object);

  if (self->socket_client_destroy != NULL)
    self->socket_client_destroy (self->socket_client_data);
  g_free (self->ispdb_url);
  g_strfreev (self->autoconfig_urls);
  g_strfreev (self->insecure_urls);
  g_free (self->ca_file);
  g_clear_object (&self->session);
  g_hash_table_unref (self->cache);

  G_OBJECT_CLASS (ob_detector_parent_class)->finalize (object);
}

static void
ob_detector_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ObDetector *self = OB_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_PROBE:
      g_value_set_boolean (value, self->probe);
      break;
    case PROP_PROBE_TIMEOUT:
      g_value_set_uint (value, self->probe_timeout);
      break;
    case PROP_MAX_PROBES:
      g_value_set_uint (value, self->max_probes);
      break;
    case PROP_GRACE_PERIOD:
      g_value_set_uint (value, self->grace_ms);
      break;
    case PROP_ISPDB_URL:
      g_value_set_string (value, self->ispdb_url);
      break;
    case PROP_AUTOCONFIG_URLS:
      g_value_set_boxed (value, self->autoconfig_urls);
      break;
    case PROP_AUTOCONFIG_INSECURE_URLS:
      g_value_set_boxed (value, self->insecure_urls);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_detector_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ObDetector *self = OB_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      ob_detector_set_online (self, g_value_get_boolean (value));
      break;
    case PROP_PROBE:
      ob_detector_set_probe (self, g_value_get_boolean (value));
      break;
    case PROP_PROBE_TIMEOUT:
      ob_detector_set_probe_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_PROBES:
      ob_detector_set_max_probes (self, g_value_get_uint (value));
      break;
    case PROP_GRACE_PERIOD:
      ob_detector_set_grace_period (self, g_value_get_uint (value));
      break;
    case PROP_ISPDB_URL:
      ob_detector_set_ispdb_url (self, g_value_get_string (value));
      break;
    case PROP_AUTOCONFIG_URLS:
      ob_detector_set_autoconfig_urls (self, g_value_get_boxed (value));
      break;
    case PROP_AUTOCONFIG_INSECURE_URLS:
      ob_detector_set_autoconfig_insecure_urls (self, g_value_get_boxed (value));
      break;
    case PROP_CA_FILE:
      ob_detector_set_ca_file (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_detector_class_init (ObDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ob_detector_finalize;
  object_class->get_property = ob_detector_get_property;
  object_class->set_property = ob_detector_set_property;

  /**
   * ObDetector:online:
   *
   * Whether detection may use the network. Without it, only the built-in
   * database is asked, nothing is sent, and nothing is verified.
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE, flags);

  /**
   * ObDetector:probe:
   *
   * Whether candidates are verified by connecting to them. Without it, the
   * answer is the best candidate the sources name.
   */
  properties[PROP_PROBE] =
    g_param_spec_boolean ("probe", NULL, NULL, TRUE, flags);

  /**
   * ObDetector:probe-timeout:
   *
   * The most one probe, fetch or lookup may take, in seconds.
   */
  properties[PROP_PROBE_TIMEOUT] =
    g_param_spec_uint ("probe-timeout", NULL, NULL, 1, MAX_PROBE_TIMEOUT,
                       OB_DETECTOR_DEFAULT_PROBE_TIMEOUT, flags);

  /**
   * ObDetector:max-probes:
   *
   * How many probes may run at once.
   */
  properties[PROP_MAX_PROBES] =
    g_param_spec_uint ("max-probes", NULL, NULL, 1, MAX_MAX_PROBES,
                       OB_DETECTOR_DEFAULT_MAX_PROBES, flags);

  /**
   * ObDetector:grace-period:
   *
   * How long, in milliseconds, a verified candidate waits for better ones
   * that have not answered yet.
   */
  properties[PROP_GRACE_PERIOD] =
    g_param_spec_uint ("grace-period", NULL, NULL, 0, 60000, OB_DETECTOR_DEFAULT_GRACE_MS, flags);

  /**
   * ObDetector:ispdb-url:
   *
   * The ISPDB to ask: %OB_ISPDB_DEFAULT_URL unless the `OUTBOUND_ISPDB_URL`
   * environment variable names another (a mirror, possibly plain HTTP on
   * loopback), which it trusts the same way. Empty turns the ISPDB off.
   */
  properties[PROP_ISPDB_URL] =
    g_param_spec_string ("ispdb-url", NULL, NULL, OB_ISPDB_DEFAULT_URL, flags);

  /**
   * ObDetector:autoconfig-urls:
   *
   * Where domains publish their configuration, as URL templates with
   * `%EMAILADDRESS%`, `%EMAILLOCALPART%` and `%EMAILDOMAIN%`.
   */
  properties[PROP_AUTOCONFIG_URLS] =
    g_param_spec_boxed ("autoconfig-urls", NULL, NULL, G_TYPE_STRV, flags);

  /**
   * ObDetector:autoconfig-insecure-urls:
   *
   * Templates to try when every one of #ObDetector:autoconfig-urls failed;
   * what they give is marked insecure. Templates that would put the address
   * or its local part in the URL are never used.
   */
  properties[PROP_AUTOCONFIG_INSECURE_URLS] =
    g_param_spec_boxed ("autoconfig-insecure-urls", NULL, NULL, G_TYPE_STRV, flags);

  /**
   * ObDetector:ca-file:
   *
   * A PEM file of certificate authorities to trust instead of the system's,
   * for probes and HTTPS alike; %NULL for the system's.
   */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ObDetector::event:
   * @event: what happened
   *
   * Emitted for every step of every running detection, on the main context
   * the detection was started from.
   */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OB_TYPE_DETECTOR_EVENT);
}

static void
ob_detector_init (ObDetector *self)
{
  static const char * const secure[] = { OB_AUTOCONFIG_URLS, NULL };
  static const char * const insecure[] = { OB_AUTOCONFIG_INSECURE_URLS, NULL };
  const char *ispdb_url = g_getenv (ISPDB_URL_VARIABLE);

  self->online = TRUE;
  self->probe = TRUE;
  self->probe_timeout = OB_DETECTOR_DEFAULT_PROBE_TIMEOUT;
  self->max_probes = OB_DETECTOR_DEFAULT_MAX_PROBES;
  self->grace_ms = OB_DETECTOR_DEFAULT_GRACE_MS;
  self->ispdb_url = g_strdup (ispdb_url != NULL && *ispdb_url != '\0' ? ispdb_url
                                                                       : OB_ISPDB_DEFAULT_URL);
  self->autoconfig_urls = g_strdupv ((char **) secure);
  self->insecure_urls = g_strdupv ((char **) insecure);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

ObDetector *
ob_detector_new (void)
{
  return g_object_new (OB_TYPE_DETECTOR, NULL);
}

/**
 * ob_detector_load_settings:
 * @settings: the app's settings (io.github.outbound.Outbound)
 *
 * Takes `detect-online`, `probe-timeout` and `ispdb-url` (when not empty,
 * and unless `OUTBOUND_ISPDB_URL` is set, which wins).
 */
void
ob_detector_load_settings (ObDetector *self,
                           GSettings  *settings)
{
  g_autofree char *ispdb_url = NULL;
  const char *variable = g_getenv (ISPDB_URL_VARIABLE);

  g_return_if_fail (OB_IS_DETECTOR (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  ob_detector_set_online (self, g_settings_get_boolean (settings, "detect-online"));
  ob_detector_set_probe_timeout (self, CLAMP (g_settings_get_int (settings, "probe-timeout"), 1,
                                              MAX_PROBE_TIMEOUT));
  ispdb_url = g_settings_get_string (settings, "ispdb-url");
  if (*ispdb_url != '\0' && (variable == NULL || *variable == '\0'))
    ob_detector_set_ispdb_url (self, ispdb_url);
}

/**
 * ob_detector_set_socket_client_func:
 * @func: (nullable): makes the socket client of each probe; %NULL for
 *   plain connections
 * @destroy: (nullable): frees @user_data
 *
 * Probes connect through what @func makes: a proxy, or a test's routing to
 * local servers. The TLS checks stay the same whatever it is.
 */
void
ob_detector_set_socket_client_func (ObDetector                 *self,
                                    ObDetectorSocketClientFunc  func,
                                    gpointer                    user_data,
                                    GDestroyNotify              destroy)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  if (self->socket_client_destroy != NULL)
    self->socket_client_destroy (self->socket_client_data);
  self->socket_client_func = func;
  self->socket_client_data = user_data;
  self->socket_client_destroy = destroy;
}

gboolean
ob_detector_get_online (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), FALSE);

  return self->online;
}

void
ob_detector_set_online (ObDetector *self,
                        gboolean    online)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  online = !!online;
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

gboolean
ob_detector_get_probe (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), FALSE);

  return self->probe;
}

void
ob_detector_set_probe (ObDetector *self,
                       gboolean    probe)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  probe = !!probe;
  if (self->probe == probe)
    return;
  self->probe = probe;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE]);
}

guint
ob_detector_get_probe_timeout (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), 0);

  return self->probe_timeout;
}

void
ob_detector_set_probe_timeout (ObDetector *self,
                               guint       seconds)
{
  g_return_if_fail (OB_IS_DETECTOR (self));
  g_return_if_fail (seconds >= 1 && seconds <= MAX_PROBE_TIMEOUT);

  if (self->probe_timeout == seconds)
    return;
  self->probe_timeout = seconds;
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_TIMEOUT]);
}

guint
ob_detector_get_max_probes (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), 0);

  return self->max_probes;
}

void
ob_detector_set_max_probes (ObDetector *self,
                            guint       max_probes)
{
  g_return_if_fail (OB_IS_DETECTOR (self));
  g_return_if_fail (max_probes >= 1 && max_probes <= MAX_MAX_PROBES);

  if (self->max_probes == max_probes)
    return;
  self->max_probes = max_probes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PROBES]);
}

guint
ob_detector_get_grace_period (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), 0);

  return self->grace_ms;
}

void
ob_detector_set_grace_period (ObDetector *self,
                              guint       milliseconds)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  if (self->grace_ms == milliseconds)
    return;
  self->grace_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRACE_PERIOD]);
}

const char *
ob_detector_get_ispdb_url (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), NULL);

  return self->ispdb_url;
}

/**
 * ob_detector_set_ispdb_url:
 * @url: (nullable): the ISPDB's base URL; %NULL for the default, empty to
 *   not ask any
 */
void
ob_detector_set_ispdb_url (ObDetector *self,
                           const char *url)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  if (url == NULL)
    url = OB_ISPDB_DEFAULT_URL;
  if (g_strcmp0 (self->ispdb_url, url) == 0)
    return;
  g_free (self->ispdb_url);
  self->ispdb_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ISPDB_URL]);
}

const char * const *
ob_detector_get_autoconfig_urls (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), NULL);

  return (const char * const *) self->autoconfig_urls;
}

/**
 * ob_detector_set_autoconfig_urls:
 * @templates: (array zero-terminated=1): URL templates, HTTPS in practice:
 *   what comes over plain HTTP is marked insecure however it was asked for
 */
void
ob_detector_set_autoconfig_urls (ObDetector         *self,
                                 const char * const *templates)
{
  g_return_if_fail (OB_IS_DETECTOR (self));
  g_return_if_fail (templates != NULL);

  if (g_strv_equal (templates, (const char * const *) self->autoconfig_urls))
    return;
  g_strfreev (self->autoconfig_urls);
  self->autoconfig_urls = g_strdupv ((char **) templates);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONFIG_URLS]);
}

const char * const *
ob_detector_get_autoconfig_insecure_urls (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), NULL);

  return (const char * const *) self->insecure_urls;
}

/**
 * ob_detector_set_autoconfig_insecure_urls:
 * @templates: (array zero-terminated=1): URL templates for plain HTTP,
 *   which must not carry the address (see
 *   ob_autoconfig_template_is_private())
 */
void
ob_detector_set_autoconfig_insecure_urls (ObDetector         *self,
                                          const char * const *templates)
{
  g_return_if_fail (OB_IS_DETECTOR (self));
  g_return_if_fail (templates != NULL);

  for (guint i = 0; templates[i] != NULL; i++)
    g_return_if_fail (!ob_autoconfig_template_is_private (templates[i]));
  if (g_strv_equal (templates, (const char * const *) self->insecure_urls))
    return;
  g_strfreev (self->insecure_urls);
  self->insecure_urls = g_strdupv ((char **) templates);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONFIG_INSECURE_URLS]);
}

const char *
ob_detector_get_ca_file (ObDetector *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), NULL);

  return self->ca_file;
}

void
ob_detector_set_ca_file (ObDetector *self,
                         const char *path)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  if (g_strcmp0 (self->ca_file, path) == 0)
    return;
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE]);
}

void
ob_detector_config_free (ObDetectorConfig *config)
{
  g_free (config->ispdb_url);
  g_strfreev (config->autoconfig_urls);
  g_strfreev (config->insecure_urls);
  g_free (config->ca_file);
  g_clear_object (&config->session);
  g_free (config);
}

static SoupSession *
get_session (ObDetector  *self,
             GError     **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  if (self->session != NULL)
    return self->session;

  if (self->ca_file != NULL)
    {
      database = g_tls_file_database_new (self->ca_file, error);
      if (database == NULL)
        return NULL;
    }
  self->session = soup_session_new_with_options ("timeout", self->probe_timeout,
                                                 "user-agent", "Outbound/" PACKAGE_VERSION,
                                                 NULL);
  if (database != NULL)
    soup_session_set_tls_database (self->session, database);
  return self->session;
}

static ObDetectorConfig *
make_config (ObDetector  *self,
             GError     **error)
{
  g_autoptr(ObDetectorConfig) config = g_new0 (ObDetectorConfig, 1);
  SoupSession *session = get_session (self, error);

  if (session == NULL)
    return NULL;
  config->online = self->online;
  config->probe = self->probe && self->online;
  config->probe_timeout = self->probe_timeout;
  config->max_probes = self->max_probes;
  config->grace_ms = self->grace_ms;
  config->ispdb_url = g_strdup (self->ispdb_url);
  config->autoconfig_urls = g_strdupv (self->autoconfig_urls);
  config->insecure_urls = g_strdupv (self->insecure_urls);
  config->ca_file = g_strdup (self->ca_file);
  config->session = g_object_ref (session);
  config->socket_client_func = self->socket_client_func;
  config->socket_client_data = self->socket_client_data;
  return g_steal_pointer (&config);
}

void
ob_detector_emit_event (ObDetector      *self,
                        ObDetectorEvent *event)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
}

/* Keeps a verified answer for the rest of the session. */
void
ob_detector_remember (ObDetector  *self,
                      ObDetection *detection)
{
  g_hash_table_replace (self->cache, g_strdup (ob_detection_get_domain (detection)),
                        g_object_ref (detection));
}

/**
 * ob_detector_clear_cache:
 *
 * Forgets every answer, so the next detection asks the network again.
 */
void
ob_detector_clear_cache (ObDetector *self)
{
  g_return_if_fail (OB_IS_DETECTOR (self));

  g_hash_table_remove_all (self->cache);
}

/**
 * ob_detector_detect_async:
 * @address: what the person typed
 * @cancellable: (nullable): cancel it to stop at once, as when the address
 *   is edited
 *
 * Finds the outgoing server for @address. An invalid address fails at once,
 * before any network traffic. A domain already answered in this session
 * with a verified server is answered from the cache.
 */
void
ob_detector_detect_async (ObDetector          *self,
                          const char          *address,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *lower = NULL;
  GError *error = NULL;
  ObDetection *cached;
  ObDetectorConfig *config;

  g_return_if_fail (OB_IS_DETECTOR (self));
  g_return_if_fail (address != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_detector_detect_async);

  if (!ob_address_parse (address, NULL, &domain, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ascii = g_hostname_to_ascii (domain);
  if (ascii == NULL)
    {
      g_task_return_new_error (task, OB_ADDRESS_ERROR, OB_ADDRESS_ERROR_DOMAIN,
                               _("“%s” is not a valid domain name."), domain);
      return;
    }
  lower = g_ascii_strdown (ascii, -1);

  cached = self->online ? g_hash_table_lookup (self->cache, lower) : NULL;
  if (cached != NULL)
    {
      g_task_return_pointer (task, ob_detection_copy_for_address (cached, address),
                             g_object_unref);
      return;
    }

  config = make_config (self, &error);
  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  detection = ob_detection_new (address, lower, config->online);
  ob_detector_run_start (self, config, detection, task);
}

/**
 * ob_detector_detect_finish:
 *
 * Returns: (transfer full) (nullable): what detection found, even if no
 *   candidate was verified; %NULL with %OB_ADDRESS_ERROR for an invalid
 *   address, %G_IO_ERROR_CANCELLED, or an error reading #ObDetector:ca-file
 */
ObDetection *
ob_detector_detect_finish (ObDetector    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (OB_IS_DETECTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
