/* ob-domain-check.c — the health of a sending domain: MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run starts every independent lookup at once: the domain's MX, address
 * and TXT records, the DKIM selectors, DMARC, MTA-STS (record and policy)
 * and TLS-RPT. What depends on an answer follows it: the MX hosts'
 * addresses after the MX records, the SPF tree after the TXT records. When
 * the last lookup is answered, the items are put in the list in a fixed
 * order, so a view never sees a half-finished check.
 *
 * Every lookup has a time limit and the run's cancellable. DNS goes through
 * g_resolver_get_default(), HTTPS through the session given at construction
 * (or a default one), so the trusted certificates are the session's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-dkim.h"
#include "ob-dmarc.h"
#include "ob-dns.h"
#include "ob-domain-check.h"
#include "ob-mta-sts-check.h"
#include "ob-mx-check.h"
#include "ob-spf-check.h"
#include "ob-tls-rpt.h"

#define DEFAULT_TIMEOUT 10
#define MAX_TIMEOUT     300

struct _ObDomainCheck
{
  GObject             parent_instance;

  char               *domain;
  char               *server;
  GStrv               selectors;
  guint               timeout;
  char               *policy_url_template;
  SoupSession        *session;
  GListStore         *items;
  ObDomainCheckGrade  grade;
  gboolean            running;
};

G_DEFINE_FINAL_TYPE (ObDomainCheck, ob_domain_check, G_TYPE_OBJECT)

G_DEFINE_QUARK (ob-domain-check-error-quark, ob_domain_check_error)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_SERVER,
  PROP_SELECTORS,
  PROP_TIMEOUT,
  PROP_POLICY_URL_TEMPLATE,
  PROP_SESSION,
  PROP_ITEMS,
  PROP_GRADE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ob_domain_check_constructed (GObject *object)
{
  ObDomainCheck *self = OB_DOMAIN_CHECK (object);

  G_OBJECT_CLASS (ob_domain_check_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent", "Outbound/" PACKAGE_VERSION,
                                                   NULL);
}

static void
ob_domain_check_finalize (GObject *object)
{
  ObDomainCheck *self = OB_DOMAIN_CHECK (object);

  g_free (self->domain);
  g_free (self->server);
  g_strfreev (self->selectors);
  g_free (self->policy_url_template);
  g_clear_object (&self->session);
  g_object_unref (self->items);

  G_OBJECT_CLASS (ob_domain_check_parent_class)->finalize (object);
}

static void
ob_domain_check_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ObDomainCheck *self = OB_DOMAIN_CHECK (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;
    case PROP_SELECTORS:
      g_value_set_boxed (value, self->selectors);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_POLICY_URL_TEMPLATE:
      g_value_set_string (value, self->policy_url_template);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;
    case PROP_GRADE:
      g_value_set_enum (value, self->grade);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_domain_check_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ObDomainCheck *self = OB_DOMAIN_CHECK (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      self->domain = g_value_dup_string (value);
      break;
    case PROP_SERVER:
      ob_domain_check_set_server (self, g_value_get_string (value));
      break;
    case PROP_SELECTORS:
      ob_domain_check_set_selectors (self, g_value_get_boxed (value));
      break;
    case PROP_TIMEOUT:
      ob_domain_check_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_POLICY_URL_TEMPLATE:
      ob_domain_check_set_policy_url_template (self, g_value_get_string (value));
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_domain_check_class_init (ObDomainCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ob_domain_check_constructed;
  object_class->finalize = ob_domain_check_finalize;
  object_class->get_property = ob_domain_check_get_property;
  object_class->set_property = ob_domain_check_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTORS] =
    g_param_spec_boxed ("selectors", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, MAX_TIMEOUT, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ObDomainCheck:policy-url-template:
   *
   * Where MTA-STS policies are fetched from, with “%s” standing for the
   * domain. RFC 8461 fixes it; it is configurable for networks that reach
   * policy hosts through a local mirror.
   */
  properties[PROP_POLICY_URL_TEMPLATE] =
    g_param_spec_string ("policy-url-template", NULL, NULL, OB_DOMAIN_CHECK_DEFAULT_POLICY_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /**
   * ObDomainCheck:session:
   *
   * The HTTP session MTA-STS policies are fetched with. Its TLS database
   * decides which certificates are trusted; by default, the system's.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEMS] =
    g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRADE] =
    g_param_spec_enum ("grade", NULL, NULL,
                       OB_TYPE_DOMAIN_CHECK_GRADE, OB_DOMAIN_CHECK_GRADE_GOOD,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_domain_check_init (ObDomainCheck *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->items = g_list_store_new (OB_TYPE_DOMAIN_CHECK_ITEM);
}

/**
 * ob_domain_check_new:
 * @domain: the domain mail is sent from, as typed
 *
 * Returns: (transfer full): a check with the system's trusted certificates
 */
ObDomainCheck *
ob_domain_check_new (const char *domain)
{
  g_return_val_if_fail (domain != NULL, NULL);

  return g_object_new (OB_TYPE_DOMAIN_CHECK, "domain", domain, NULL);
}

const char *
ob_domain_check_get_domain (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), NULL);

  return self->domain;
}

const char *
ob_domain_check_get_server (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), NULL);

  return self->server;
}

/**
 * ob_domain_check_set_server:
 * @server: (nullable): the account's SMTP server, whose addresses are
 *   checked against SPF
 */
void
ob_domain_check_set_server (ObDomainCheck *self,
                            const char    *server)
{
  g_return_if_fail (OB_IS_DOMAIN_CHECK (self));

  if (g_strcmp0 (self->server, server) == 0)
    return;
  g_free (self->server);
  self->server = g_strdup (server);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER]);
}

/**
 * ob_domain_check_get_selectors:
 *
 * Returns: (transfer none) (nullable): the DKIM selectors to check, or
 *   %NULL for the common ones
 */
const char * const *
ob_domain_check_get_selectors (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), NULL);

  return (const char * const *) self->selectors;
}

/**
 * ob_domain_check_set_selectors:
 * @selectors: (nullable) (array zero-terminated=1): the DKIM selectors to
 *   check; %NULL or empty for the common ones
 */
void
ob_domain_check_set_selectors (ObDomainCheck      *self,
                               const char * const *selectors)
{
  g_return_if_fail (OB_IS_DOMAIN_CHECK (self));

  if (selectors != NULL && selectors[0] == NULL)
    selectors = NULL;
  if (self->selectors == NULL && selectors == NULL)
    return;
  if (self->selectors != NULL && selectors != NULL &&
      g_strv_equal ((const char * const *) self->selectors, selectors))
    return;

  g_strfreev (self->selectors);
  self->selectors = g_strdupv ((char **) selectors);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTORS]);
}

guint
ob_domain_check_get_timeout (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), 0);

  return self->timeout;
}

/**
 * ob_domain_check_set_timeout:
 * @seconds: how long each single lookup or fetch may take
 */
void
ob_domain_check_set_timeout (ObDomainCheck *self,
                             guint          seconds)
{
  g_return_if_fail (OB_IS_DOMAIN_CHECK (self));
  g_return_if_fail (seconds > 0 && seconds <= MAX_TIMEOUT);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

const char *
ob_domain_check_get_policy_url_template (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), NULL);

  return self->policy_url_template;
}

/**
 * ob_domain_check_set_policy_url_template:
 * @url_template: an https: address with “%s” for the domain
 */
void
ob_domain_check_set_policy_url_template (ObDomainCheck *self,
                                         const char    *url_template)
{
  g_return_if_fail (OB_IS_DOMAIN_CHECK (self));
  g_return_if_fail (url_template != NULL);

  if (g_strcmp0 (self->policy_url_template, url_template) == 0)
    return;
  g_free (self->policy_url_template);
  self->policy_url_template = g_strdup (url_template);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLICY_URL_TEMPLATE]);
}

/**
 * ob_domain_check_get_session:
 *
 * Returns: (transfer none): the session MTA-STS policies are fetched with
 */
SoupSession *
ob_domain_check_get_session (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), NULL);

  return self->session;
}

/**
 * ob_domain_check_get_items:
 *
 * Returns: (transfer none): the #ObDomainCheckItem of the last run, in the
 *   order MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT; empty before a run ends
 */
GListModel *
ob_domain_check_get_items (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * ob_domain_check_get_grade:
 *
 * Returns: the worst grade among the items of the last run
 */
ObDomainCheckGrade
ob_domain_check_get_grade (ObDomainCheck *self)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), OB_DOMAIN_CHECK_GRADE_GOOD);

  return self->grade;
}

typedef struct
{
  GResolver         *resolver;
  char              *domain;
  guint              timeout_ms;
  guint              pending;
  ObMxResult        *mx;
  GPtrArray         *texts;
  GError            *txt_error;
  ObDomainCheckItem *spf;
  ObDomainCheckItem *dkim;
  ObDomainCheckItem *dmarc;
  ObMtaStsResult    *mta_sts;
  ObDomainCheckItem *tls_rpt;
} RunData;

static void
run_data_free (RunData *data)
{
  g_object_unref (data->resolver);
  g_free (data->domain);
  g_clear_pointer (&data->mx, ob_mx_result_free);
  g_clear_pointer (&data->texts, g_ptr_array_unref);
  g_clear_error (&data->txt_error);
  g_clear_object (&data->spf);
  g_clear_object (&data->dkim);
  g_clear_object (&data->dmarc);
  g_clear_pointer (&data->mta_sts, ob_mta_sts_result_free);
  g_clear_object (&data->tls_rpt);
  g_free (data);
}

static gboolean
check_input (ObDomainCheck  *self,
             char          **ascii_domain,
             GError        **error)
{
  g_autofree char *domain = g_hostname_to_ascii (self->domain);

  if (domain == NULL || g_hostname_is_ip_address (domain) || !ob_hostname_is_valid (domain))
    {
      g_set_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT,
                   _("“%s” is not a domain name. Enter the part of your address after the "
                     "“@”, like example.com."), self->domain);
      return FALSE;
    }
  if (self->server != NULL && !g_hostname_is_ip_address (self->server) &&
      !ob_hostname_is_valid (self->server))
    {
      g_set_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT,
                   _("“%s” is not a server name or address."), self->server);
      return FALSE;
    }
  for (char **s = self->selectors; s != NULL && *s != NULL; s++)
    {
      if (!ob_hostname_is_valid (*s))
        {
          g_set_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_INVALID_INPUT,
                       _("“%s” is not a DKIM selector: a selector is a name like "
                         "“selector1” or “google”."), *s);
          return FALSE;
        }
    }
  *ascii_domain = g_ascii_strdown (domain, -1);
  return TRUE;
}

static void
set_grade (ObDomainCheck      *self,
           ObDomainCheckGrade  grade)
{
  if (self->grade == grade)
    return;
  self->grade = grade;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRADE]);
}

/* Whether the domain's own records could be looked up and show that it
 * exists. GResolver does not tell “no such domain” from “no such record”,
 * so a domain without MX, address and TXT records counts as not existing. */
static gboolean
check_domain_exists (RunData  *data,
                     GError  **error)
{
  const GError *mx_error = ob_mx_result_get_error (data->mx);

  if (data->txt_error != NULL || mx_error != NULL)
    {
      g_set_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_DNS,
                   _("The records of “%s” could not be looked up: %s"), data->domain,
                   (data->txt_error != NULL ? data->txt_error : mx_error)->message);
      return FALSE;
    }
  if (data->texts->len == 0 && !ob_mx_result_domain_exists (data->mx))
    {
      g_set_error (error, OB_DOMAIN_CHECK_ERROR, OB_DOMAIN_CHECK_ERROR_NO_SUCH_DOMAIN,
                   _("“%s” has no mail servers, addresses or other records; check the "
                     "spelling."), data->domain);
      return FALSE;
    }
  return TRUE;
}

static void
finish_run (GTask *task)
{
  ObDomainCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(ObDomainCheckItem) mx = NULL;
  g_autoptr(ObDomainCheckItem) mta_sts = NULL;
  ObDomainCheckGrade grade = OB_DOMAIN_CHECK_GRADE_GOOD;
  gpointer items[6];
  GError *error = NULL;

  self->running = FALSE;
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!check_domain_exists (data, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  mx = ob_mx_result_report (data->mx);
  mta_sts = ob_mta_sts_result_report (data->mta_sts, ob_mx_result_get_hosts (data->mx));
  items[OB_DOMAIN_CHECK_KIND_MX] = mx;
  items[OB_DOMAIN_CHECK_KIND_SPF] = data->spf;
  items[OB_DOMAIN_CHECK_KIND_DKIM] = data->dkim;
  items[OB_DOMAIN_CHECK_KIND_DMARC] = data->dmarc;
  items[OB_DOMAIN_CHECK_KIND_MTA_STS] = mta_sts;
  items[OB_DOMAIN_CHECK_KIND_TLS_RPT] = data->tls_rpt;
  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    grade = MAX (grade, ob_domain_check_item_get_grade (items[i]));
  g_list_store_splice (self->items, 0, 0, items, G_N_ELEMENTS (items));
  set_grade (self, grade);
  g_task_return_boolean (task, TRUE);
}

/* Each lookup chain ends here; the last one finishes the run. */
static void
step_done (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  if (--data->pending == 0)
    finish_run (task);
  g_object_unref (task);
}

static GTask *
step_start (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  data->pending++;
  return g_object_ref (task);
}

/* How a step's result is collected: its _finish function, and where in
 * RunData the result goes. Every check returns its result as a pointer and
 * fails only when cancelled, which finish_run() looks at. */
typedef gpointer (*StepFinishFunc) (GAsyncResult  *result,
                                    GError       **error);

typedef struct
{
  GTask          *task;
  StepFinishFunc  finish;
  gpointer       *slot;
} Step;

static void
step_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Step *step = user_data;

  *step->slot = step->finish (result, NULL);
  step_done (step->task);
  g_free (step);
}

static Step *
step_new (GTask          *task,
          StepFinishFunc  finish,
          gpointer       *slot)
{
  Step *step = g_new0 (Step, 1);

  step->task = step_start (task);
  step->finish = finish;
  step->slot = slot;
  return step;
}

/* The domain's TXT records tell whether it exists, and hold its SPF
 * record, whose evaluation starts from them. */
static void
txt_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  ObDomainCheck *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->texts = ob_dns_lookup_txt_finish (result, &data->txt_error);
  if (data->texts != NULL)
    ob_spf_check_async (data->resolver, data->domain, data->texts, self->server,
                        data->timeout_ms, g_task_get_cancellable (task), step_cb,
                        step_new (task, (StepFinishFunc) ob_spf_check_finish,
                                  (gpointer *) &data->spf));
  step_done (task);
}

/**
 * ob_domain_check_run_async:
 *
 * Checks the domain, replacing the items of an earlier run when it ends.
 * Only one run at a time.
 */
void
ob_domain_check_run_async (ObDomainCheck       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  RunData *data;

  g_return_if_fail (OB_IS_DOMAIN_CHECK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_domain_check_run_async);
  g_list_store_remove_all (self->items);
  set_grade (self, OB_DOMAIN_CHECK_GRADE_GOOD);

  data = g_new0 (RunData, 1);
  data->resolver = g_resolver_get_default ();
  data->timeout_ms = self->timeout * 1000;
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  if (!check_input (self, &data->domain, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A step of its own while the lookups start, so that none of them can
   * finish the run early; step_done() below ends it. */
  self->running = TRUE;
  step_start (task);
  ob_mx_check_async (data->resolver, data->domain, data->timeout_ms, cancellable, step_cb,
                     step_new (task, (StepFinishFunc) ob_mx_check_finish,
                               (gpointer *) &data->mx));
  ob_dns_lookup_txt_async (data->resolver, data->domain, data->timeout_ms, cancellable, txt_cb,
                           step_start (task));
  ob_dkim_check_async (data->resolver, data->domain, (const char * const *) self->selectors,
                       data->timeout_ms, cancellable, step_cb,
                       step_new (task, (StepFinishFunc) ob_dkim_check_finish,
                                 (gpointer *) &data->dkim));
  ob_dmarc_check_async (data->resolver, data->domain, data->timeout_ms, cancellable, step_cb,
                        step_new (task, (StepFinishFunc) ob_dmarc_check_finish,
                                  (gpointer *) &data->dmarc));
  ob_mta_sts_check_async (data->resolver, self->session, self->policy_url_template,
                          data->domain, data->timeout_ms, cancellable, step_cb,
                          step_new (task, (StepFinishFunc) ob_mta_sts_check_finish,
                                    (gpointer *) &data->mta_sts));
  ob_tls_rpt_check_async (data->resolver, data->domain, data->timeout_ms, cancellable, step_cb,
                          step_new (task, (StepFinishFunc) ob_tls_rpt_check_finish,
                                    (gpointer *) &data->tls_rpt));
  step_done (task);
}

/**
 * ob_domain_check_run_finish:
 *
 * Returns: whether the check ran; the items are then in
 *   ob_domain_check_get_items(). Errors are in %OB_DOMAIN_CHECK_ERROR, or
 *   %G_IO_ERROR_CANCELLED.
 */
gboolean
ob_domain_check_run_finish (ObDomainCheck  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (OB_IS_DOMAIN_CHECK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
