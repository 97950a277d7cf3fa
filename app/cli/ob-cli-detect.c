/* ob-cli-detect.c — `outbound detect`: the outgoing server for an address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs ObDetector and prints what it found: the candidates, best first,
 * each with its encryption, login, source, trust and what a probe found;
 * what the person should know about the provider; and every step each
 * source took, with its outcome and time. As text, or the same as JSON.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ob-address.h"
#include "ob-cli.h"
#include "ob-cli-detect.h"
#include "ob-cli-json.h"
#include "ob-detector-error.h"
#include "ob-detector.h"
#include "ob-enum-types.h"
#include "ob-smtp-error.h"

#define SECONDS(us) ((us) / (double) G_USEC_PER_SEC)

/* What a user-name template means, for people. */
static const char *
describe_username_form (const char *template)
{
  if (template == NULL)
    return _("not given; usually your full address");
  if (g_str_equal (template, "%EMAILADDRESS%"))
    return _("your full address");
  if (g_str_equal (template, "%EMAILLOCALPART%"))
    return _("the part of your address before the “@”");
  return _("exactly as shown");
}

static void
append_list (GString            *out,
             const char         *label,
             const char * const *items)
{
  g_autofree char *joined = NULL;

  if (items == NULL || items[0] == NULL)
    return;
  joined = g_strjoinv (", ", (char **) items);
  g_string_append_printf (out, "    %s %s\n", label, joined);
}

/* ISPDB's authentication tokens, in words; tokens it may add later are
 * shown as they are. */
static const char *
describe_login_method (const char *token)
{
  static const struct { const char *token; const char *words; } methods[] = {
    { "password-cleartext", N_("password") },
    { "password-encrypted", N_("password, never sent itself (CRAM-MD5)") },
    { "OAuth2", N_("sign-in with the provider (OAuth2)") },
    { "none", N_("no login") },
    { "client-IP-address", N_("no login, by network address") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_ascii_strcasecmp (token, methods[i].token) == 0)
      return _(methods[i].words);
  return token;
}

static void
append_login_methods (GString            *out,
                      const char * const *tokens)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  for (guint i = 0; tokens != NULL && tokens[i] != NULL; i++)
    g_ptr_array_add (words, (gpointer) describe_login_method (tokens[i]));
  g_ptr_array_add (words, NULL);
  append_list (out, _("Login methods:"), (const char * const *) words->pdata);
}

static void
append_candidate (GString             *out,
                  guint                number,
                  ObDetectorCandidate *candidate)
{
  g_autofree char *verification = ob_detector_candidate_describe_verification (candidate);
  g_autofree char *confirmation = ob_detector_candidate_describe_confirmation (candidate);
  const char *username = ob_detector_candidate_get_username (candidate);
  const char *template = ob_detector_candidate_get_username_template (candidate);
  const char *region = ob_detector_candidate_get_region (candidate);
  const char *unverified = ob_detector_candidate_get_unverified (candidate);
  const char *port_warning = ob_detector_candidate_describe_port_warning (candidate);
  ObDetectorSource source = ob_detector_candidate_get_source (candidate);

  /* TRANSLATORS: “1. smtp.example.com, port 465, encrypted from the start (TLS)” */
  g_string_append_printf (out, _("%2u. %s, port %u, %s\n"), number,
                          ob_detector_candidate_get_host (candidate),
                          ob_detector_candidate_get_port (candidate),
                          ob_security_describe (ob_detector_candidate_get_security (candidate)));
  g_string_append_printf (out, "    %s\n", verification);
  if (username != NULL && g_strcmp0 (template, username) != 0)
    g_string_append_printf (out, _("    User name: %s (%s)\n"), username,
                            describe_username_form (template));
  else
    g_string_append_printf (out, _("    User name: %s\n"),
                            username ? username : describe_username_form (template));
  append_login_methods (out, ob_detector_candidate_get_auth_methods (candidate));
  /* TRANSLATORS: “Found by: built-in database (trusted)” */
  g_string_append_printf (out, _("    Found by: %s (%s)\n"), ob_detector_source_describe (source),
                          ob_detector_trust_describe (ob_detector_candidate_get_trust (candidate)));
  if (ob_detector_candidate_get_origin (candidate) != NULL)
    g_string_append_printf (out, _("    From: %s\n"), ob_detector_candidate_get_origin (candidate));
  if (region != NULL)
    g_string_append_printf (out, _("    Region: %s\n"), region);
  if (confirmation != NULL)
    g_string_append_printf (out, _("    Needs your confirmation: %s\n"), confirmation);
  if (port_warning != NULL)
    g_string_append_printf (out, "    %s\n", port_warning);
  if (unverified != NULL)
    g_string_append_printf (out, _("    Not confirmed by the provider: %s\n"), unverified);
  if (ob_detector_candidate_get_password_hint (candidate) != NULL)
    g_string_append_printf (out, _("    Password: %s\n"),
                            ob_detector_candidate_get_password_hint (candidate));
  for (const char * const *n = ob_detector_candidate_get_notes (candidate); *n != NULL; n++)
    g_string_append_printf (out, _("    Note: %s\n"), *n);
}

static void
append_provider (GString    *out,
                 ObProvider *provider)
{
  const char *app_password_url = NULL;
  ObAppPasswordPolicy app_password = ob_provider_get_app_password (provider, &app_password_url);
  const ObSendingLimit *limit = ob_provider_get_sending_limit (provider);

  g_string_append_printf (out, _("About %s:\n"), ob_provider_get_display_name (provider));
  if (!ob_provider_has_smtp (provider))
    g_string_append_printf (out, "  %s\n", _("It offers no SMTP access to mail apps."));
  if (ob_provider_describe_oauth2_only (provider) != NULL)
    g_string_append_printf (out, "  %s\n", ob_provider_describe_oauth2_only (provider));
  if (ob_app_password_policy_describe (app_password) != NULL)
    g_string_append_printf (out, "  %s\n", ob_app_password_policy_describe (app_password));
  if (app_password_url != NULL)
    g_string_append_printf (out, _("  How to make one: %s\n"), app_password_url);
  if (ob_provider_get_enable_access_url (provider) != NULL)
    g_string_append_printf (out, _("  Switch on access for mail apps first: %s\n"),
                            ob_provider_get_enable_access_url (provider));
  if (ob_provider_get_username_hint (provider) != NULL)
    g_string_append_printf (out, _("  User name: %s\n"), ob_provider_get_username_hint (provider));
  if (limit != NULL && limit->messages_per_day > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                              "  Sending limit: %u message a day.\n",
                                              "  Sending limit: %u messages a day.\n",
                                              limit->messages_per_day),
                            limit->messages_per_day);
  for (const char * const *n = ob_provider_get_notes (provider); *n != NULL; n++)
    g_string_append_printf (out, _("  Note: %s\n"), *n);
  if (ob_provider_get_help_url (provider) != NULL)
    g_string_append_printf (out, _("  Help: %s\n"), ob_provider_get_help_url (provider));
}

static void
append_steps (GString     *out,
              ObDetection *detection)
{
  GListModel *events = ob_detection_get_events (detection);

  g_string_append_printf (out, _("What was tried (%.2f s in all):\n"),
                          SECONDS (ob_detection_get_duration (detection)));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(ObDetectorEvent) event = g_list_model_get_item (events, i);
      ObDetectorEventKind kind = ob_detector_event_get_kind (event);
      ObDetectorOutcome outcome = ob_detector_event_get_outcome (event);
      const char *detail = ob_detector_event_get_detail (event);
      const char *what;

      if (kind == OB_DETECTOR_EVENT_STEP_STARTED || kind == OB_DETECTOR_EVENT_PROBE_STARTED)
        continue;
      what = kind == OB_DETECTOR_EVENT_PROBE_FINISHED
               ? _("check")
               : ob_detector_source_describe (ob_detector_event_get_source (event));
      /* TRANSLATORS: “0.120 s  built-in database: example.com” */
      g_string_append_printf (out, _("  %6.3f s  %s: %s\n"),
                              SECONDS (ob_detector_event_get_duration (event)), what,
                              ob_detector_event_get_target (event));
      g_string_append_printf (out, "            %s%s%s\n",
                              kind == OB_DETECTOR_EVENT_PROBE_FINISHED &&
                              outcome == OB_DETECTOR_OUTCOME_FOUND
                                ? _("verified") : ob_detector_outcome_describe (outcome),
                              detail ? " — " : "", detail ? detail : "");
    }
}

/**
 * ob_cli_detect_format_text:
 *
 * Returns: (transfer full): the detection as text for people
 */
char *
ob_cli_detect_format_text (ObDetection *detection)
{
  GListModel *candidates = ob_detection_get_candidates (detection);
  guint n = g_list_model_get_n_items (candidates);
  ObProvider *provider = ob_detection_get_provider (detection);
  GString *out = g_string_new (NULL);

  if (provider != NULL)
    g_string_append_printf (out, _("Outgoing mail for %s: %s\n\n"),
                            ob_detection_get_address (detection),
                            ob_provider_get_display_name (provider));
  else
    g_string_append_printf (out, _("Outgoing mail for %s\n\n"),
                            ob_detection_get_address (detection));

  if (n == 0)
    g_string_append (out, _("No outgoing server found.\n"));
  else if (ob_detection_has_verified (detection))
    g_string_append (out, _("Servers, best first (the first one was verified):\n"));
  else if (!ob_detection_is_online (detection))
    g_string_append (out, _("Servers, best first, from the built-in database (not checked: "
                            "offline):\n"));
  else
    g_string_append (out, _("Servers, best first (none could be verified):\n"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ObDetectorCandidate) candidate = g_list_model_get_item (candidates, i);

      append_candidate (out, i + 1, candidate);
    }

  if (provider != NULL)
    {
      g_string_append_c (out, '\n');
      append_provider (out, provider);
    }
  g_string_append_c (out, '\n');
  append_steps (out, detection);
  return g_string_free (out, FALSE);
}

static void
append_strv (GString            *out,
             const char * const *items)
{
  g_string_append_c (out, '[');
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      ob_json_append_string (out, items[i]);
    }
  g_string_append_c (out, ']');
}

/* The error's enumeration, for its nick, where it has a registered one. */
static GType
error_code_type (const GError *error)
{
  if (error->domain == OB_SMTP_ERROR)
    return OB_TYPE_SMTP_ERROR;
  if (error->domain == OB_DETECTOR_ERROR)
    return OB_TYPE_DETECTOR_ERROR;
  if (error->domain == G_IO_ERROR)
    return G_TYPE_IO_ERROR_ENUM;
  if (error->domain == G_RESOLVER_ERROR)
    return G_TYPE_RESOLVER_ERROR;
  if (error->domain == G_TLS_ERROR)
    return G_TYPE_TLS_ERROR;
  return G_TYPE_INVALID;
}

static void
append_error_json (GString      *out,
                   const GError *error)
{
  gboolean first = TRUE;
  GType type;

  if (error == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  type = error_code_type (error);
  g_string_append_c (out, '{');
  ob_json_append_member (out, &first, "domain");
  ob_json_append_string (out, g_quark_to_string (error->domain));
  ob_json_append_member (out, &first, "kind");
  if (type != G_TYPE_INVALID)
    ob_json_append_enum (out, type, error->code);
  else
    g_string_append (out, "null");
  ob_json_append_member (out, &first, "message");
  ob_json_append_string (out, error->message);
  g_string_append_c (out, '}');
}

static void
append_candidate_json (GString             *out,
                       ObDetectorCandidate *candidate)
{
  gboolean first = TRUE;
  g_autofree char *confirmation = ob_detector_candidate_describe_confirmation (candidate);

  g_string_append_c (out, '{');
  ob_json_append_member (out, &first, "host");
  ob_json_append_string (out, ob_detector_candidate_get_host (candidate));
  ob_json_append_member (out, &first, "port");
  g_string_append_printf (out, "%u", ob_detector_candidate_get_port (candidate));
  ob_json_append_member (out, &first, "security");
  ob_json_append_enum (out, OB_TYPE_SECURITY, ob_detector_candidate_get_security (candidate));
  ob_json_append_member (out, &first, "username");
  ob_json_append_string (out, ob_detector_candidate_get_username (candidate));
  ob_json_append_member (out, &first, "username_form");
  ob_json_append_string (out, ob_detector_candidate_get_username_template (candidate));
  ob_json_append_member (out, &first, "auth_methods");
  append_strv (out, ob_detector_candidate_get_auth_methods (candidate));
  ob_json_append_member (out, &first, "source");
  ob_json_append_enum (out, OB_TYPE_DETECTOR_SOURCE, ob_detector_candidate_get_source (candidate));
  ob_json_append_member (out, &first, "origin");
  ob_json_append_string (out, ob_detector_candidate_get_origin (candidate));
  ob_json_append_member (out, &first, "trust");
  ob_json_append_enum (out, OB_TYPE_DETECTOR_TRUST, ob_detector_candidate_get_trust (candidate));
  ob_json_append_member (out, &first, "verification");
  ob_json_append_enum (out, OB_TYPE_DETECTOR_VERIFICATION,
                       ob_detector_candidate_get_verification (candidate));
  ob_json_append_member (out, &first, "offered_mechanisms");
  append_strv (out, ob_detector_candidate_get_offered_mechanisms (candidate));
  ob_json_append_member (out, &first, "probe_seconds");
  g_string_append_printf (out, "%.3f", SECONDS (ob_detector_candidate_get_probe_time (candidate)));
  ob_json_append_member (out, &first, "error");
  append_error_json (out, ob_detector_candidate_get_error (candidate));
  ob_json_append_member (out, &first, "needs_confirmation");
  g_string_append (out, ob_detector_candidate_needs_confirmation (candidate) ? "true" : "false");
  ob_json_append_member (out, &first, "password_domain");
  ob_json_append_string (out, ob_detector_candidate_get_password_domain (candidate));
  ob_json_append_member (out, &first, "confirmation");
  ob_json_append_string (out, confirmation);
  ob_json_append_member (out, &first, "port_often_blocked");
  g_string_append (out, ob_detector_candidate_is_port_often_blocked (candidate) ? "true"
                                                                                : "false");
  ob_json_append_member (out, &first, "region");
  ob_json_append_string (out, ob_detector_candidate_get_region (candidate));
  ob_json_append_member (out, &first, "notes");
  append_strv (out, ob_detector_candidate_get_notes (candidate));
  g_string_append_c (out, '}');
}

static void
append_provider_json (GString    *out,
                      ObProvider *provider)
{
  gboolean first = TRUE;
  const char *app_password_url = NULL;
  ObAppPasswordPolicy app_password;

  if (provider == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  app_password = ob_provider_get_app_password (provider, &app_password_url);
  g_string_append_c (out, '{');
  ob_json_append_member (out, &first, "id");
  ob_json_append_string (out, ob_provider_get_id (provider));
  ob_json_append_member (out, &first, "name");
  ob_json_append_string (out, ob_provider_get_display_name (provider));
  ob_json_append_member (out, &first, "has_smtp");
  g_string_append (out, ob_provider_has_smtp (provider) ? "true" : "false");
  ob_json_append_member (out, &first, "oauth2_only");
  g_string_append (out, ob_provider_is_oauth2_only (provider) ? "true" : "false");
  ob_json_append_member (out, &first, "app_password");
  ob_json_append_enum (out, OB_TYPE_APP_PASSWORD_POLICY, app_password);
  ob_json_append_member (out, &first, "app_password_url");
  ob_json_append_string (out, app_password_url);
  ob_json_append_member (out, &first, "help_url");
  ob_json_append_string (out, ob_provider_get_help_url (provider));
  ob_json_append_member (out, &first, "notes");
  append_strv (out, ob_provider_get_notes (provider));
  g_string_append_c (out, '}');
}

static void
append_events_json (GString     *out,
                    ObDetection *detection)
{
  GListModel *events = ob_detection_get_events (detection);
  gboolean any = FALSE;

  g_string_append_c (out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(ObDetectorEvent) event = g_list_model_get_item (events, i);
      ObDetectorEventKind kind = ob_detector_event_get_kind (event);
      gboolean first = TRUE;

      if (kind == OB_DETECTOR_EVENT_STEP_STARTED || kind == OB_DETECTOR_EVENT_PROBE_STARTED)
        continue;
      g_string_append (out, any ? ",{" : "{");
      any = TRUE;
      ob_json_append_member (out, &first, "kind");
      ob_json_append_string (out, kind == OB_DETECTOR_EVENT_PROBE_FINISHED ? "probe" : "step");
      ob_json_append_member (out, &first, "source");
      ob_json_append_enum (out, OB_TYPE_DETECTOR_SOURCE, ob_detector_event_get_source (event));
      ob_json_append_member (out, &first, "target");
      ob_json_append_string (out, ob_detector_event_get_target (event));
      ob_json_append_member (out, &first, "outcome");
      ob_json_append_enum (out, OB_TYPE_DETECTOR_OUTCOME, ob_detector_event_get_outcome (event));
      ob_json_append_member (out, &first, "detail");
      ob_json_append_string (out, ob_detector_event_get_detail (event));
      ob_json_append_member (out, &first, "n_found");
      g_string_append_printf (out, "%u", ob_detector_event_get_n_found (event));
      ob_json_append_member (out, &first, "started_seconds");
      g_string_append_printf (out, "%.3f", SECONDS (ob_detector_event_get_time (event) -
                                                    ob_detector_event_get_duration (event)));
      ob_json_append_member (out, &first, "seconds");
      g_string_append_printf (out, "%.3f", SECONDS (ob_detector_event_get_duration (event)));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/**
 * ob_cli_detect_format_json:
 *
 * Returns: (transfer full): the detection as one JSON object and a newline
 */
char *
ob_cli_detect_format_json (ObDetection *detection)
{
  GListModel *candidates = ob_detection_get_candidates (detection);
  GString *out = g_string_new ("{");
  gboolean first = TRUE;

  ob_json_append_member (out, &first, "address");
  ob_json_append_string (out, ob_detection_get_address (detection));
  ob_json_append_member (out, &first, "domain");
  ob_json_append_string (out, ob_detection_get_domain (detection));
  ob_json_append_member (out, &first, "online");
  g_string_append (out, ob_detection_is_online (detection) ? "true" : "false");
  ob_json_append_member (out, &first, "verified");
  g_string_append (out, ob_detection_has_verified (detection) ? "true" : "false");
  ob_json_append_member (out, &first, "seconds");
  g_string_append_printf (out, "%.3f", SECONDS (ob_detection_get_duration (detection)));
  ob_json_append_member (out, &first, "provider");
  append_provider_json (out, ob_detection_get_provider (detection));
  ob_json_append_member (out, &first, "candidates");
  g_string_append_c (out, '[');
  for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
    {
      g_autoptr(ObDetectorCandidate) candidate = g_list_model_get_item (candidates, i);

      if (i > 0)
        g_string_append_c (out, ',');
      append_candidate_json (out, candidate);
    }
  g_string_append_c (out, ']');
  ob_json_append_member (out, &first, "steps");
  append_events_json (out, detection);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

/**
 * ob_cli_detect_exit_status:
 *
 * Returns: 0 when a server was verified, or, offline, when the built-in
 *   database knows the provider's servers; %EX_UNAVAILABLE otherwise
 */
int
ob_cli_detect_exit_status (ObDetection *detection)
{
  if (ob_detection_has_verified (detection))
    return EX_OK;
  if (!ob_detection_is_online (detection) && ob_detection_get_best (detection) != NULL)
    return EX_OK;
  return EX_UNAVAILABLE;
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
detect_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
interrupted_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

/* The person's settings, when the app's schema is installed. */
static void
load_settings (ObDetector *detector)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* A schema installed before detection had settings has none of them. */
  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "detect-online"))
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  ob_detector_load_settings (detector, settings);
}

/**
 * ob_cli_detect_run:
 * @timeout: seconds for each server, page or answer; 0 for the setting
 * @offline: use only the built-in list of providers
 *
 * Finds the server for @address with the person's settings, running the
 * main loop until done; Ctrl+C cancels.
 *
 * Returns: (transfer full) (nullable): the detection
 */
ObDetection *
ob_cli_detect_run (const char  *address,
                   int          timeout,
                   gboolean     offline,
                   GError     **error)
{
  g_autoptr(ObDetector) detector = ob_detector_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ObDetection *detection;
  Wait wait = { loop, NULL };
  guint sigint;

  load_settings (detector);
  if (timeout != 0)
    ob_detector_set_probe_timeout (detector, timeout);
  if (offline)
    ob_detector_set_online (detector, FALSE);

  sigint = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  ob_detector_detect_async (detector, address, cancellable, detect_cb, &wait);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  detection = ob_detector_detect_finish (detector, wait.result, error);
  g_object_unref (wait.result);
  return detection;
}

static GOptionContext *
make_context (gboolean *json,
              int      *timeout,
              gboolean *offline)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print the result as JSON"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, timeout,
      N_("Wait at most SECONDS for each server, web page or DNS answer (default 4)"),
      N_("SECONDS") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, offline,
      N_("Use only the built-in list of providers and send nothing over the network"), NULL },
    { NULL }
  };
  g_autofree char *parameters = g_strdup_printf ("detect %s", _("ADDRESS"));
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context,
                                _("Find the outgoing (SMTP) server for an email address: from "
                                  "the built-in list of providers, the provider’s own "
                                  "configuration, Thunderbird’s ISP database and DNS, each "
                                  "server checked by connecting to it, without a password."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when a server was verified (with "
                                      "--offline: when the built-in list knows the provider), "
                                      "64 for wrong usage, 65 for an invalid address, 69 when "
                                      "no server could be verified, 75 when interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/**
 * ob_cli_detect:
 *
 * `outbound detect ADDRESS [--json] [--timeout SECONDS] [--offline]`
 */
int
ob_cli_detect (int    argc,
               char **argv)
{
  gboolean json = FALSE, offline = FALSE;
  int timeout = 0;
  g_autoptr(GOptionContext) context = make_context (&json, &timeout, &offline);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDetection) detection = NULL;
  g_autofree char *text = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("outbound detect: %s\n", error->message);
      return EX_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (_("outbound detect: give one address, like “outbound detect "
                    "ada@example.com”.\n"));
      return EX_USAGE;
    }
  if (timeout != 0 && (timeout < 1 || timeout > 60))
    {
      g_printerr (_("outbound detect: --timeout takes 1 to 60 seconds.\n"));
      return EX_USAGE;
    }

  detection = ob_cli_detect_run (argv[1], timeout, offline, &error);
  if (detection == NULL)
    {
      g_printerr ("outbound detect: %s\n", error->message);
      if (error->domain == OB_ADDRESS_ERROR)
        return EX_DATAERR;
      return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? EX_TEMPFAIL
                                                                       : EX_SOFTWARE;
    }

  text = json ? ob_cli_detect_format_json (detection) : ob_cli_detect_format_text (detection);
  fputs (text, stdout);
  return ob_cli_detect_exit_status (detection);
}
