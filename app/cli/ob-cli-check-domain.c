/* ob-cli-check-domain.c — `outbound check-domain`: a sending domain's health
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs ObDomainCheck and prints its items, as text a person reads without
 * colour (a sign and a word per grade) or as JSON for scripts. The exit
 * status says whether anything is a problem, so the command can guard a
 * deployment.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ob-cli.h"
#include "ob-cli-check-domain.h"
#include "ob-cli-json.h"
#include "ob-domain-check.h"

/* Nothing is a problem / something is. */
#define EXIT_HEALTHY  EX_OK
#define EXIT_PROBLEMS 1

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static const char *
grade_sign (ObDomainCheckGrade grade)
{
  switch (grade)
    {
    case OB_DOMAIN_CHECK_GRADE_GOOD:
      return "✓";
    case OB_DOMAIN_CHECK_GRADE_WARNING:
      return "⚠";
    case OB_DOMAIN_CHECK_GRADE_PROBLEM:
    default:
      return "✗";
    }
}

/* Prints each line of @text indented, after @label on the first one. */
static void
print_lines (const char *label,
             const char *text)
{
  g_auto(GStrv) lines = NULL;

  if (text == NULL || *text == '\0')
    return;
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      if (label != NULL && l == lines)
        g_print ("    %s %s\n", label, *l);
      else
        g_print ("    %s\n", *l);
    }
}

static void
print_text (ObDomainCheck *check)
{
  GListModel *items = ob_domain_check_get_items (check);
  ObDomainCheckGrade grade = ob_domain_check_get_grade (check);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ObDomainCheckItem) item = g_list_model_get_item (items, i);
      ObDomainCheckGrade item_grade = ob_domain_check_item_get_grade (item);

      /* TRANSLATORS: “✓ Good  Allowed senders (SPF): SPF record found” */
      g_print (_("%s %-8s %s: %s\n"), grade_sign (item_grade),
               ob_domain_check_grade_to_string (item_grade),
               ob_domain_check_item_get_title (item), ob_domain_check_item_get_summary (item));
      print_lines (NULL, ob_domain_check_item_get_explanation (item));
      for (const char * const *r = ob_domain_check_item_get_records (item); *r != NULL; r++)
        print_lines (_("Record:"), *r);
      print_lines (_("Fix:"), ob_domain_check_item_get_fix (item));
      g_print ("\n");
    }
  /* TRANSLATORS: the overall result, like “Overall: ⚠ Warning” */
  g_print (_("Overall: %s %s\n"), grade_sign (grade), ob_domain_check_grade_to_string (grade));
}

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);

  /* The nick is static data of the type, valid after the reference goes. */
  return g_enum_get_value (klass, value)->value_nick;
}

static void
print_json (ObDomainCheck *check)
{
  GListModel *items = ob_domain_check_get_items (check);
  g_autoptr(GString) json = g_string_new ("{");
  gboolean first = TRUE;

  ob_json_append_member (json, &first, "domain");
  ob_json_append_string (json, ob_domain_check_get_domain (check));
  ob_json_append_member (json, &first, "grade");
  ob_json_append_string (json, enum_nick (OB_TYPE_DOMAIN_CHECK_GRADE,
                                       ob_domain_check_get_grade (check)));
  ob_json_append_member (json, &first, "items");
  g_string_append_c (json, '[');
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(ObDomainCheckItem) item = g_list_model_get_item (items, i);
      gboolean first_member = TRUE;

      g_string_append (json, i > 0 ? ",{" : "{");
      ob_json_append_member (json, &first_member, "kind");
      ob_json_append_string (json, enum_nick (OB_TYPE_DOMAIN_CHECK_KIND,
                                           ob_domain_check_item_get_kind (item)));
      ob_json_append_member (json, &first_member, "title");
      ob_json_append_string (json, ob_domain_check_item_get_title (item));
      ob_json_append_member (json, &first_member, "grade");
      ob_json_append_string (json, enum_nick (OB_TYPE_DOMAIN_CHECK_GRADE,
                                           ob_domain_check_item_get_grade (item)));
      ob_json_append_member (json, &first_member, "summary");
      ob_json_append_string (json, ob_domain_check_item_get_summary (item));
      ob_json_append_member (json, &first_member, "explanation");
      ob_json_append_string (json, ob_domain_check_item_get_explanation (item));
      ob_json_append_member (json, &first_member, "fix");
      ob_json_append_string (json, ob_domain_check_item_get_fix (item));
      ob_json_append_member (json, &first_member, "records");
      g_string_append_c (json, '[');
      for (const char * const *r = ob_domain_check_item_get_records (item); *r != NULL; r++)
        {
          if (r != ob_domain_check_item_get_records (item))
            g_string_append_c (json, ',');
          ob_json_append_string (json, *r);
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}\n");
  fputs (json->str, stdout);
}

static int
exit_status_for_error (const GError *error)
{
  if (g_error_matches (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT))
    return EX_USAGE;
  if (g_error_matches (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_NO_SUCH_DOMAIN))
    return EX_NOHOST;
  return EX_TEMPFAIL;
}

static GOptionContext *
make_context (char     **server,
              GStrv     *selectors,
              gboolean  *json)
{
  GOptionEntry entries[] = {
    { "selector", 's', 0, G_OPTION_ARG_STRING_ARRAY, selectors,
      N_("Check the DKIM key of this selector (may be given more than once) instead of the "
         "common ones"), N_("SELECTOR") },
    { "server", 0, 0, G_OPTION_ARG_STRING, server,
      N_("Check whether SPF allows this SMTP server to send for the domain"), N_("HOST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autofree char *parameters = g_strdup_printf ("check-domain %s", _("DOMAIN"));
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context,
                                _("Check a sending domain’s MX, SPF, DKIM, DMARC, MTA-STS "
                                  "and TLS-RPT records, and explain what they mean for "
                                  "mail sent from it."));
  g_option_context_set_description (context,
                                    _("Exit status: 0 when nothing is a problem (warnings "
                                      "allowed), 1 when something is, 64 for wrong usage, 68 "
                                      "when the domain does not exist, 75 when DNS could not "
                                      "be reached."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/**
 * ob_cli_check_domain:
 *
 * `outbound check-domain DOMAIN [--selector S…] [--server HOST] [--json]`
 *
 * Returns: 0 when no item is a problem, 1 when one is, %EX_USAGE for bad
 *   arguments, %EX_NOHOST when the domain does not exist, %EX_TEMPFAIL when
 *   its records could not be looked up
 */
int
ob_cli_check_domain (int    argc,
                     char **argv)
{
  g_autofree char *server = NULL;
  g_auto(GStrv) selectors = NULL;
  gboolean json = FALSE;
  g_autoptr(GOptionContext) context = make_context (&server, &selectors, &json);
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDomainCheck) check = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Wait wait = { 0 };

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("outbound check-domain: %s\n", error->message);
      return EX_USAGE;
    }
  if (argc != 2)
    {
      g_printerr (_("outbound check-domain: give one domain, like “outbound check-domain "
                    "example.com”.\n"));
      return EX_USAGE;
    }

  check = ob_domain_check_new (argv[1]);
  ob_domain_check_set_server (check, server);
  ob_domain_check_set_selectors (check, (const char * const *) selectors);

  loop = g_main_loop_new (NULL, FALSE);
  wait.loop = loop;
  ob_domain_check_run_async (check, NULL, run_cb, &wait);
  g_main_loop_run (loop);
  if (!ob_domain_check_run_finish (check, wait.result, &error))
    {
      g_object_unref (wait.result);
      g_printerr ("outbound check-domain: %s\n", error->message);
      return exit_status_for_error (error);
    }
  g_object_unref (wait.result);

  if (json)
    print_json (check);
  else
    print_text (check);
  return ob_domain_check_get_grade (check) == OB_DOMAIN_CHECK_GRADE_PROBLEM ? EXIT_PROBLEMS
                                                                            : EXIT_HEALTHY;
}
