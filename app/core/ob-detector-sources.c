/* ob-detector-sources.c — starting every source and reading what it found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in database answers at once. With the network allowed, the
 * domain's own autoconfig (HTTPS first, plain HTTP only once every HTTPS
 * attempt failed, and then never with the address in the URL), the ISPDB,
 * SRV records, the MX host's provider and the usual guesses all start
 * together, each as steps of the run (ob-detector-run.c).
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-autoconfig-source.h"
#include "ob-detector-private.h"
#include "ob-dns-source.h"
#include "ob-provider-db.h"

/* Each source numbers its candidates from here; see ObCandidateRank. */
#define SECURITY_SHIFT 32

static const char * const guess_prefixes[] = { "smtp.", "mail.", "" };

static const struct
{
  guint16    port;
  ObSecurity security;
} guess_ports[] = {
  { 465, OB_SECURITY_TLS },
  { 587, OB_SECURITY_STARTTLS },
  { 25, OB_SECURITY_STARTTLS },
};

/* Adds @provider's servers as candidates; with @region, only those of that
 * region (and those without one). */
static guint
add_provider (ObDetectorRun    *run,
              ObProvider       *provider,
              ObDetectorSource  source,
              ObDetectorTrust   trust,
              const char       *origin,
              const char       *region)
{
  guint added = 0;

  ob_detector_run_set_provider (run, provider, source, trust);
  for (guint i = 0; i < ob_provider_get_n_servers (provider); i++)
    {
      const ObProviderServer *server = ob_provider_get_server (provider, i);
      g_autofree char *host = NULL;
      g_autoptr(ObDetectorCandidate) candidate = NULL;

      if (!ob_provider_server_serves_region (server, region))
        continue;
      host = ob_provider_expand (server->hostname, run->address);
      /* A domain placeholder can still make a bad name from a strange
       * domain; such a server is left out, like one the parser refused. */
      if (!ob_hostname_is_valid (host) && !g_hostname_is_ip_address (host))
        continue;
      candidate = ob_detector_candidate_new (host, server->port, server->security, source, trust,
                                             origin, run->address);
      ob_detector_candidate_set_server (candidate, provider, server);
      ob_detector_run_add (run, candidate, i);
      added++;
    }
  return added;
}

/* Ends a step that read a configuration document, after add_provider():
 * it named servers, none usable, or the provider has no SMTP at all. */
static void
finish_provider_step (ObDetectorStep *step,
                      ObProvider     *provider,
                      guint           n_found)
{
  g_autofree char *detail = NULL;

  if (n_found > 0)
    {
      /* TRANSLATORS: a provider’s name and how many servers it names */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u server.", "%s: %u servers.",
                                             n_found),
                                ob_provider_get_display_name (provider), n_found);
      ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_FOUND, n_found, detail);
    }
  else if (!ob_provider_has_smtp (provider))
    {
      detail = g_strdup_printf (_("%s offers no SMTP access."),
                                ob_provider_get_display_name (provider));
      ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_NOT_FOUND, 0, detail);
    }
  else
    {
      detail = g_strdup_printf (_("%s names no usable outgoing server."),
                                ob_provider_get_display_name (provider));
      ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_FAILED, 0, detail);
    }
}

/* Built-in: synchronous. Returns whether the provider is known. */
static gboolean
start_builtin (ObDetectorRun *run,
               gboolean      *has_smtp)
{
  ObDetectorStep *step = ob_detector_step_start (run, OB_DETECTOR_SOURCE_BUILTIN,
                                                 OB_DETECTOR_TRUST_TRUSTED, run->domain);
  ObProvider *provider = ob_provider_db_lookup_domain (ob_provider_db_get_default (),
                                                       run->domain);
  g_autofree char *detail = NULL;

  *has_smtp = TRUE;
  if (provider == NULL)
    {
      detail = g_strdup_printf (_("%s is not in the built-in database."), run->domain);
      ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_NOT_FOUND, 0, detail);
      return FALSE;
    }
  *has_smtp = ob_provider_has_smtp (provider);
  finish_provider_step (step, provider,
                        add_provider (run, provider, OB_DETECTOR_SOURCE_BUILTIN,
                                      OB_DETECTOR_TRUST_TRUSTED, NULL, NULL));
  return TRUE;
}

static void start_autoconfig (ObDetectorRun *run,
                              GStrv          templates,
                              gboolean       secure);

static void
autoconfig_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ObDetectorStep *step = user_data;
  ObDetectorRun *run = ob_detector_step_get_run (step);
  g_autoptr(GError) error = NULL;
  g_autofree char *final_url = NULL;
  g_autoptr(ObProvider) provider = ob_autoconfig_fetch_finish (result, &final_url, &error);
  g_autofree char *scheme = final_url ? g_uri_parse_scheme (final_url) : NULL;
  gboolean secure_step = g_str_has_prefix (ob_detector_step_get_target (step), "https:");
  guint n_found = 0;

  if (ob_detector_step_is_over (step))
    {
      ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_STOPPED, 0, NULL);
      return;
    }

  if (provider != NULL)
    /* Trust follows where the document really came from: an HTTPS URL
     * that redirected to plain HTTP gave an insecure document. */
    n_found = add_provider (run, provider, OB_DETECTOR_SOURCE_AUTOCONFIG,
                            g_strcmp0 (scheme, "https") == 0 ? OB_DETECTOR_TRUST_TRUSTED
                                                             : OB_DETECTOR_TRUST_INSECURE,
                            final_url, NULL);
  run->autoconfig_found |= n_found > 0;

  /* The plain-HTTP attempts start before the last HTTPS step ends, so the
   * run never sees a moment with nothing left that could find them. */
  if (secure_step && --run->autoconfig_pending == 0 && !run->autoconfig_found &&
      !g_cancellable_is_cancelled (run->cancellable))
    start_autoconfig (run, run->config->insecure_urls, FALSE);

  if (provider != NULL)
    finish_provider_step (step, provider, n_found);
  else
    ob_detector_step_fail (step, error);
}

/* Placeholders in a URL: the address and its local part are escaped for
 * the query; the domain is ASCII already. */
static char *
expand_url (const char *template,
            const char *address)
{
  const char *at = strrchr (address, '@');
  g_autofree char *local = g_strndup (address, at - address);
  g_autofree char *escaped_address = g_uri_escape_string (address, NULL, FALSE);
  g_autofree char *escaped_local = g_uri_escape_string (local, NULL, FALSE);
  GString *url = g_string_new (template);

  g_string_replace (url, "%EMAILADDRESS%", escaped_address, 0);
  g_string_replace (url, "%EMAILLOCALPART%", escaped_local, 0);
  g_string_replace (url, "%EMAILDOMAIN%", at + 1, 0);
  return g_string_free (url, FALSE);
}

static void
start_autoconfig (ObDetectorRun *run,
                  GStrv          templates,
                  gboolean       secure)
{
  for (guint i = 0; templates != NULL && templates[i] != NULL; i++)
    {
      g_autofree char *url = NULL;
      ObDetectorStep *step;

      /* Never the address over plain HTTP, whatever the settings say. */
      if (!secure && ob_autoconfig_template_is_private (templates[i]))
        continue;
      url = expand_url (templates[i], run->address);
      step = ob_detector_step_start (run, OB_DETECTOR_SOURCE_AUTOCONFIG,
                                     secure ? OB_DETECTOR_TRUST_TRUSTED
                                            : OB_DETECTOR_TRUST_INSECURE, url);
      if (secure)
        run->autoconfig_pending++;
      ob_autoconfig_fetch_async (run->config->session, url, ob_detector_step_get_cancellable (step),
                                 autoconfig_cb, step);
    }
}

typedef struct
{
  ObDetectorStep   *step;
  ObDetectorSource  source;
} IspdbOp;

static void
ispdb_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  IspdbOp *op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *final_url = NULL;
  g_autoptr(ObProvider) provider = ob_autoconfig_fetch_finish (result, &final_url, &error);

  if (ob_detector_step_is_over (op->step))
    ob_detector_step_finish (op->step, OB_DETECTOR_OUTCOME_STOPPED, 0, NULL);
  else if (provider == NULL)
    ob_detector_step_fail (op->step, error);
  else
    /* The ISPDB is trusted as configured, even as a local mirror over
     * plain HTTP; what the MX led to is only as good as the MX record. */
    finish_provider_step (op->step, provider,
                          add_provider (ob_detector_step_get_run (op->step), provider, op->source,
                                        op->source == OB_DETECTOR_SOURCE_ISPDB
                                          ? OB_DETECTOR_TRUST_TRUSTED
                                          : OB_DETECTOR_TRUST_UNAUTHENTICATED,
                                        final_url, NULL));
  g_free (op);
}

static void
start_ispdb (ObDetectorRun    *run,
             const char       *domain,
             ObDetectorSource  source)
{
  g_autofree char *url = ob_autoconfig_ispdb_url (run->config->ispdb_url, domain);
  IspdbOp *op = g_new0 (IspdbOp, 1);

  op->source = source;
  op->step = ob_detector_step_start (run, source,
                                     source == OB_DETECTOR_SOURCE_ISPDB
                                       ? OB_DETECTOR_TRUST_TRUSTED
                                       : OB_DETECTOR_TRUST_UNAUTHENTICATED,
                                     url);
  ob_autoconfig_fetch_async (run->config->session, url,
                             ob_detector_step_get_cancellable (op->step), ispdb_cb, op);
}

static void
srv_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  ObDetectorStep *step = user_data;
  ObDetectorRun *run = ob_detector_step_get_run (step);
  g_autoptr(GError) error = NULL;
  GList *targets = ob_dns_source_lookup_srv_finish (result, &error);
  gboolean implicit = g_str_has_prefix (ob_detector_step_get_target (step), "_submissions.");
  ObSecurity security = implicit ? OB_SECURITY_TLS : OB_SECURITY_STARTTLS;
  g_autofree char *detail = NULL;
  guint n_found = 0;

  if (ob_detector_step_is_over (step))
    ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_STOPPED, 0, NULL);
  else if (error != NULL)
    ob_detector_step_fail (step, error);
  else
    {
      for (GList *l = targets; l != NULL; l = l->next, n_found++)
        {
          g_autoptr(ObDetectorCandidate) candidate =
            ob_detector_candidate_new (g_srv_target_get_hostname (l->data),
                                       g_srv_target_get_port (l->data), security,
                                       OB_DETECTOR_SOURCE_SRV, OB_DETECTOR_TRUST_UNAUTHENTICATED,
                                       ob_detector_step_get_target (step), run->address);

          ob_detector_run_add (run, candidate, ((guint64) security << SECURITY_SHIFT) | n_found);
        }
      if (n_found > 0)
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u server published.",
                                               "%u servers published.", n_found), n_found);
      else
        detail = g_strdup (_("The record says the service is not offered."));
      ob_detector_step_finish (step, n_found > 0 ? OB_DETECTOR_OUTCOME_FOUND
                                                 : OB_DETECTOR_OUTCOME_NOT_FOUND,
                               n_found, detail);
    }
  g_list_free_full (targets, (GDestroyNotify) g_srv_target_free);
}

static void
start_srv (ObDetectorRun *run,
           const char    *service)
{
  g_autofree char *name = g_strdup_printf ("_%s._tcp.%s", service, run->domain);
  ObDetectorStep *step = ob_detector_step_start (run, OB_DETECTOR_SOURCE_SRV,
                                                 OB_DETECTOR_TRUST_UNAUTHENTICATED, name);

  ob_dns_source_lookup_srv_async (run->resolver, name, run->config->probe_timeout * 1000,
                                  ob_detector_step_get_cancellable (step), srv_cb, step);
}

static void
mx_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  ObDetectorStep *step = user_data;
  ObDetectorRun *run = ob_detector_step_get_run (step);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = ob_dns_source_lookup_mx_finish (result, &error);
  g_autofree char *host_base = NULL;
  g_autofree char *own_base = NULL;
  g_autofree char *detail = NULL;
  g_auto(GStrv) names = NULL;
  const char *region = NULL;
  ObProvider *provider;
  guint n_found = 0;

  if (ob_detector_step_is_over (step))
    {
      ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_STOPPED, 0, NULL);
      return;
    }
  if (host == NULL)
    {
      ob_detector_step_fail (step, error);
      return;
    }

  /* The provider whose MX names cover the host, or, failing that, the one
   * serving the host's own domain (mx.mail.ru → mail.ru). */
  names = ob_dns_source_mx_names (host);
  provider = ob_provider_db_lookup_mx (ob_provider_db_get_default (), host, &region);
  for (guint i = 0; provider == NULL && names[i] != NULL; i++)
    provider = ob_provider_db_lookup_domain (ob_provider_db_get_default (), names[i]);
  if (provider != NULL)
    {
      n_found = add_provider (run, provider, OB_DETECTOR_SOURCE_MX,
                              OB_DETECTOR_TRUST_UNAUTHENTICATED, host, region);
      /* TRANSLATORS: the domain, its MX host and a provider, as in “Mail for
       * example.com goes to aspmx.l.google.com, which is Google Workspace.” */
      detail = g_strdup_printf (_("Mail for %s goes to %s, which is %s."), run->domain, host,
                                ob_provider_get_display_name (provider));
      ob_detector_step_finish (step, n_found > 0 ? OB_DETECTOR_OUTCOME_FOUND
                                                 : OB_DETECTOR_OUTCOME_NOT_FOUND,
                               n_found, detail);
      return;
    }

  /* A domain that receives its own mail says nothing new here. */
  host_base = ob_detector_registrable_domain (host);
  own_base = ob_detector_registrable_domain (run->domain);
  if (!g_str_equal (host_base, own_base) && run->config->ispdb_url[0] != '\0')
    {
      for (guint i = 0; names[i] != NULL; i++)
        if (!g_str_equal (names[i], run->domain))
          start_ispdb (run, names[i], OB_DETECTOR_SOURCE_MX);
      /* TRANSLATORS: the address’s domain and its MX host */
      detail = g_strdup_printf (_("Mail for %s goes to %s; asking the ISP database who that "
                                  "is."), run->domain, host);
    }
  else
    /* TRANSLATORS: the address’s domain and its MX host */
    detail = g_strdup_printf (_("Mail for %s goes to %s, which the built-in database does not "
                                "know."), run->domain, host);
  ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_NOT_FOUND, 0, detail);
}

static void
start_mx (ObDetectorRun *run)
{
  ObDetectorStep *step = ob_detector_step_start (run, OB_DETECTOR_SOURCE_MX,
                                                 OB_DETECTOR_TRUST_UNAUTHENTICATED, run->domain);

  ob_dns_source_lookup_mx_async (run->resolver, run->domain, run->config->probe_timeout * 1000,
                                 ob_detector_step_get_cancellable (step), mx_cb, step);
}

static void
add_guesses (ObDetectorRun *run)
{
  g_autofree char *target = g_strdup_printf ("smtp.%s, mail.%s, %s", run->domain, run->domain,
                                             run->domain);
  ObDetectorStep *step = ob_detector_step_start (run, OB_DETECTOR_SOURCE_GUESS,
                                                 OB_DETECTOR_TRUST_UNAUTHENTICATED, target);
  guint n_found = 0;

  for (guint p = 0; p < G_N_ELEMENTS (guess_ports); p++)
    for (guint h = 0; h < G_N_ELEMENTS (guess_prefixes); h++)
      {
        g_autofree char *host = g_strconcat (guess_prefixes[h], run->domain, NULL);
        g_autoptr(ObDetectorCandidate) candidate = NULL;

        if (!ob_hostname_is_valid (host))
          continue;
        candidate = ob_detector_candidate_new (host, guess_ports[p].port, guess_ports[p].security,
                                               OB_DETECTOR_SOURCE_GUESS,
                                               OB_DETECTOR_TRUST_UNAUTHENTICATED, NULL,
                                               run->address);
        ob_detector_run_add (run, candidate,
                             ((guint64) guess_ports[p].security << SECURITY_SHIFT) | (p << 8) | h);
        n_found++;
      }
  ob_detector_step_finish (step, OB_DETECTOR_OUTCOME_FOUND, n_found,
                           _("Will try these names on ports 465, 587 and 25."));
}

/**
 * ob_detector_sources_start:
 *
 * Asks the built-in database, then, when the network may be used and more
 * is needed, starts every other source.
 */
void
ob_detector_sources_start (ObDetectorRun *run)
{
  ObDetectorConfig *config = run->config;
  gboolean has_smtp;
  gboolean known = start_builtin (run, &has_smtp);

  /* The built-in answer is final when nothing will be probed, or when the
   * provider has no SMTP at all to find. */
  if (!config->online || !has_smtp || (known && !config->probe))
    return;

  start_autoconfig (run, config->autoconfig_urls, TRUE);
  if (config->ispdb_url[0] != '\0')
    start_ispdb (run, run->domain, OB_DETECTOR_SOURCE_ISPDB);
  start_srv (run, "submissions");
  start_srv (run, "submission");
  start_mx (run);
  if (config->probe)
    add_guesses (run);
}
