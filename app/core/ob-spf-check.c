/* ob-spf-check.c — evaluating a domain's SPF record and everything it includes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Receivers evaluate SPF for one sending address at a time and stop at the
 * first match; a health check has no message, so it fetches the whole tree
 * at once: the domain's record, every include and redirect target (in
 * parallel, with loop detection and a cap on the number of records), and the
 * addresses behind every a and mx mechanism. From the tree it counts the DNS
 * lookups receivers may need (at most 10, RFC 7208 §4.6.4) and lookups that
 * find nothing (at most 2), and evaluates the account's SMTP server addresses
 * the way check_host() (§4) would. The findings are worded in
 * ob-spf-report.c.
 */
#include "config.h"

#include <string.h>

#include "ob-dns.h"
#include "ob-spf-check-private.h"

/* A bound on the records one check fetches, so that an include tree which
 * fans out (legal, if silly) cannot make a check take forever. Evaluation
 * stops at 10 lookups anyway; 40 records show how far past it a tree goes. */
#define MAX_RECORDS 40

typedef struct
{
  GTask *task;
  Node  *node;
  guint  index;
  /* For address lookups of an mx mechanism's hosts. */
  gboolean for_mx_host;
} Op;

static void
term_data_clear (TermData *td)
{
  g_clear_pointer (&td->addresses, g_ptr_array_unref);
  g_clear_error (&td->error);
}

static void
node_free (Node *node)
{
  if (node->record != NULL)
    for (guint i = 0; i < node->record->terms->len; i++)
      term_data_clear (&node->terms[i]);
  g_free (node->terms);
  g_free (node->domain);
  g_free (node->text);
  g_clear_pointer (&node->record, ob_spf_record_free);
  g_clear_error (&node->error);
  g_free (node);
}

static void
check_data_free (SpfCheckData *data)
{
  g_clear_object (&data->resolver);
  g_free (data->domain);
  g_free (data->server);
  g_list_free_full (data->server_addresses, g_object_unref);
  g_clear_error (&data->server_error);
  g_ptr_array_unref (data->nodes);
  g_clear_pointer (&data->root_texts, g_ptr_array_unref);
  g_free (data);
}

static char *
normalize_domain (const char *domain)
{
  gsize len = strlen (domain);

  if (len > 0 && domain[len - 1] == '.')
    len--;
  return g_ascii_strdown (domain, len);
}

static Op *
op_new (GTask *task,
        Node  *node,
        guint  index)
{
  SpfCheckData *data = g_task_get_task_data (task);
  Op *op = g_new0 (Op, 1);

  data->pending++;
  op->task = g_object_ref (task);
  op->node = node;
  op->index = index;
  return op;
}

/* Every lookup ends here; the last one reports. */
static void
op_done (Op *op)
{
  g_autoptr(GTask) task = op->task;
  SpfCheckData *data = g_task_get_task_data (task);

  g_free (op);
  if (--data->pending > 0)
    return;

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, ob_spf_report (data), g_object_unref);
}

/* Keeps the first error of a term's lookups in @slot, dropping later
 * ones (several MX hosts may fail); says whether there was an error. */
static gboolean
keep_error (GError **slot,
            GError  *error)
{
  if (error == NULL)
    return FALSE;
  if (*slot == NULL)
    *slot = error;
  else
    g_error_free (error);
  return TRUE;
}

static void start_term_lookups (GTask *task,
                                Node  *node,
                                guint  index);

static void
node_set_texts (GTask     *task,
                Node      *node,
                GPtrArray *texts)
{
  for (guint i = 0; i < texts->len; i++)
    {
      if (!ob_spf_is_record (texts->pdata[i]))
        continue;
      if (node->n_records++ == 0)
        node->text = g_strdup (texts->pdata[i]);
    }
  if (node->n_records != 1)
    return;

  node->record = ob_spf_record_parse (node->text, &node->error);
  if (node->record == NULL)
    return;
  node->terms = g_new0 (TermData, node->record->terms->len);
  for (guint i = 0; i < node->record->terms->len; i++)
    start_term_lookups (task, node, i);
}

static void
txt_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Op *op = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) texts = ob_dns_lookup_txt_finish (result, &error);

  if (!keep_error (&op->node->error, error))
    node_set_texts (op->task, op->node, texts);
  op_done (op);
}

static void
fetch_node (GTask *task,
            Node  *node)
{
  SpfCheckData *data = g_task_get_task_data (task);

  ob_dns_lookup_txt_async (data->resolver, node->domain, data->timeout_ms,
                           g_task_get_cancellable (task), txt_cb, op_new (task, node, 0));
}

static void
add_child (GTask      *task,
           Node       *parent,
           guint       index,
           const char *domain)
{
  SpfCheckData *data = g_task_get_task_data (task);
  Node *child = g_new0 (Node, 1);

  child->domain = normalize_domain (domain);
  child->parent = parent;
  child->via = parent->record->terms->pdata[index];
  parent->terms[index].child = child;
  g_ptr_array_add (data->nodes, child);

  for (Node *n = parent; n != NULL; n = n->parent)
    {
      if (g_str_equal (n->domain, child->domain))
        {
          child->state = NODE_LOOP;
          return;
        }
    }
  if (data->nodes->len > MAX_RECORDS)
    {
      child->state = NODE_NOT_FETCHED;
      return;
    }
  fetch_node (task, child);
}

static void
addresses_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Op *op = user_data;
  TermData *td = &op->node->terms[op->index];
  GError *error = NULL;
  GList *addresses = ob_dns_lookup_addresses_finish (result, &error);

  if (ob_dns_error_is_not_found (error))
    {
      /* Only the mechanism's own lookup is a void lookup (§4.6.4); an MX
       * host without an address is just not a match. */
      td->is_void |= !op->for_mx_host;
      g_clear_error (&error);
    }
  keep_error (&td->error, error);
  for (GList *l = addresses; l != NULL; l = l->next)
    g_ptr_array_add (td->addresses, l->data);
  g_list_free (addresses);
  op_done (op);
}

static void
lookup_addresses (GTask      *task,
                  Node       *node,
                  guint       index,
                  const char *host,
                  gboolean    for_mx_host)
{
  SpfCheckData *data = g_task_get_task_data (task);
  Op *op = op_new (task, node, index);

  op->for_mx_host = for_mx_host;
  ob_dns_lookup_addresses_async (data->resolver, host, data->timeout_ms,
                                 g_task_get_cancellable (task), addresses_cb, op);
}

static void
mx_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  Op *op = user_data;
  TermData *td = &op->node->terms[op->index];
  GError *error = NULL;
  GList *records = ob_dns_lookup_records_finish (result, &error);

  if (ob_dns_error_is_not_found (error))
    {
      td->is_void = TRUE;
      g_clear_error (&error);
    }
  keep_error (&td->error, error);
  for (GList *l = records; l != NULL; l = l->next)
    {
      const char *host;

      g_variant_get (l->data, "(q&s)", NULL, &host);
      /* A null MX (RFC 7505) names no host. Past ten names the mechanism
       * is a permerror (§4.6.4), so the rest are not looked up. */
      if (*host == '\0' || g_str_equal (host, ".") || ++td->n_mx > MAX_MX_NAMES)
        continue;
      lookup_addresses (op->task, op->node, op->index, host, TRUE);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  op_done (op);
}

static void
start_term_lookups (GTask *task,
                    Node  *node,
                    guint  index)
{
  SpfCheckData *data = g_task_get_task_data (task);
  const ObSpfTerm *term = node->record->terms->pdata[index];
  const char *target = term->domain != NULL ? term->domain : node->domain;
  TermData *td = &node->terms[index];

  /* A domain with macros depends on the message; ptr on the sender's
   * reverse DNS. Neither can be looked up here. */
  if (!ob_spf_term_queries_dns (term) || ob_spf_term_has_macros (term) ||
      term->type == OB_SPF_TERM_PTR)
    return;

  switch (term->type)
    {
    case OB_SPF_TERM_REDIRECT:
      if (node->record->all != NULL)
        return;
      G_GNUC_FALLTHROUGH;
    case OB_SPF_TERM_INCLUDE:
      add_child (task, node, index, target);
      return;
    case OB_SPF_TERM_A:
    case OB_SPF_TERM_EXISTS:
      td->addresses = g_ptr_array_new_with_free_func (g_object_unref);
      lookup_addresses (task, node, index, target, FALSE);
      return;
    case OB_SPF_TERM_MX:
      td->addresses = g_ptr_array_new_with_free_func (g_object_unref);
      ob_dns_lookup_records_async (data->resolver, target, G_RESOLVER_RECORD_MX,
                                   data->timeout_ms, g_task_get_cancellable (task), mx_cb,
                                   op_new (task, node, index));
      return;
    case OB_SPF_TERM_ALL:
    case OB_SPF_TERM_PTR:
    case OB_SPF_TERM_IP4:
    case OB_SPF_TERM_IP6:
    case OB_SPF_TERM_EXP:
    case OB_SPF_TERM_UNKNOWN_MODIFIER:
    default:
      g_return_if_reached ();
    }
}

static void
server_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Op *op = user_data;
  SpfCheckData *data = g_task_get_task_data (op->task);

  data->server_addresses = ob_dns_lookup_addresses_finish (result, &data->server_error);
  op_done (op);
}

/**
 * ob_spf_check_async:
 * @resolver: the resolver to use throughout
 * @domain: the sending domain, in ASCII
 * @texts: (element-type utf8): the TXT records at @domain, which the caller
 *   has looked up already
 * @server: (nullable): the account's SMTP server, whose addresses are
 *   checked against the record
 * @timeout_ms: the time limit of each lookup
 *
 * Evaluates the SPF record among @texts and reports an item of kind
 * %OB_DOMAIN_CHECK_KIND_SPF. Lookups that fail become findings, not errors:
 * the only error is %G_IO_ERROR_CANCELLED.
 */
void
ob_spf_check_async (GResolver           *resolver,
                    const char          *domain,
                    GPtrArray           *texts,
                    const char          *server,
                    guint                timeout_ms,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SpfCheckData *data;
  Node *root;
  Op *guard;

  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (domain != NULL);
  g_return_if_fail (texts != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_spf_check_async);
  data = g_new0 (SpfCheckData, 1);
  data->resolver = g_object_ref (resolver);
  data->domain = normalize_domain (domain);
  data->server = g_strdup (server);
  data->timeout_ms = timeout_ms;
  data->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  data->root_texts = g_ptr_array_ref (texts);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  /* Held until everything has started, so that a lookup answered at once
   * cannot end the check early. */
  guard = op_new (task, NULL, 0);

  root = g_new0 (Node, 1);
  root->domain = g_strdup (data->domain);
  g_ptr_array_add (data->nodes, root);
  node_set_texts (task, root, texts);

  if (server != NULL)
    ob_dns_lookup_addresses_async (resolver, server, timeout_ms, cancellable, server_cb,
                                   op_new (task, NULL, 0));
  op_done (guard);
}

/**
 * ob_spf_check_finish:
 *
 * Returns: (transfer full): the SPF item, or %NULL when cancelled
 */
ObDomainCheckItem *
ob_spf_check_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static SpfResult evaluate_node (Node *node, GInetAddress *ip, guint *lookups);

static SpfResult
result_for_qualifier (ObSpfQualifier qualifier)
{
  switch (qualifier)
    {
    case OB_SPF_QUALIFIER_PASS:
      return SPF_RESULT_PASS;
    case OB_SPF_QUALIFIER_FAIL:
      return SPF_RESULT_FAIL;
    case OB_SPF_QUALIFIER_SOFTFAIL:
      return SPF_RESULT_SOFTFAIL;
    case OB_SPF_QUALIFIER_NEUTRAL:
    default:
      return SPF_RESULT_NEUTRAL;
    }
}

static gboolean
addresses_match (GPtrArray       *addresses,
                 const ObSpfTerm *term,
                 GInetAddress    *ip)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      GInetAddress *network = addresses->pdata[i];
      guint prefix = g_inet_address_get_family (network) == G_SOCKET_FAMILY_IPV4
                     ? term->prefix4 : term->prefix6;

      if (ob_spf_address_in_network (ip, network, prefix))
        return TRUE;
    }
  return FALSE;
}

/* Whether mechanism @index of @node matches @ip: PASS for a match, NEUTRAL
 * for none, or PERMERROR / UNKNOWN as evaluation would end there. */
static SpfResult
term_matches (Node         *node,
              guint         index,
              GInetAddress *ip,
              guint        *lookups)
{
  const ObSpfTerm *term = node->record->terms->pdata[index];
  TermData *td = &node->terms[index];
  SpfResult child;

  if (ob_spf_term_has_macros (term) || term->type == OB_SPF_TERM_PTR)
    return SPF_RESULT_UNKNOWN;
  if (td->error != NULL)
    return SPF_RESULT_UNKNOWN;

  switch (term->type)
    {
    case OB_SPF_TERM_ALL:
      return SPF_RESULT_PASS;
    case OB_SPF_TERM_IP4:
      return ob_spf_address_in_network (ip, term->address, term->prefix4)
             ? SPF_RESULT_PASS : SPF_RESULT_NEUTRAL;
    case OB_SPF_TERM_IP6:
      return ob_spf_address_in_network (ip, term->address, term->prefix6)
             ? SPF_RESULT_PASS : SPF_RESULT_NEUTRAL;
    case OB_SPF_TERM_A:
      return addresses_match (td->addresses, term, ip) ? SPF_RESULT_PASS : SPF_RESULT_NEUTRAL;
    case OB_SPF_TERM_MX:
      if (td->n_mx > MAX_MX_NAMES)
        return SPF_RESULT_PERMERROR;
      return addresses_match (td->addresses, term, ip) ? SPF_RESULT_PASS : SPF_RESULT_NEUTRAL;
    case OB_SPF_TERM_EXISTS:
      return td->addresses->len > 0 ? SPF_RESULT_PASS : SPF_RESULT_NEUTRAL;
    case OB_SPF_TERM_INCLUDE:
      /* §5.2: only a pass of the included record is a match; no record or
       * a broken one makes the whole evaluation a permerror. */
      child = evaluate_node (td->child, ip, lookups);
      if (child == SPF_RESULT_NONE)
        return SPF_RESULT_PERMERROR;
      if (child == SPF_RESULT_PERMERROR || child == SPF_RESULT_UNKNOWN)
        return child;
      return child == SPF_RESULT_PASS ? SPF_RESULT_PASS : SPF_RESULT_NEUTRAL;
    case OB_SPF_TERM_PTR:
    case OB_SPF_TERM_REDIRECT:
    case OB_SPF_TERM_EXP:
    case OB_SPF_TERM_UNKNOWN_MODIFIER:
    default:
      g_return_val_if_reached (SPF_RESULT_UNKNOWN);
    }
}

/* check_host() of RFC 7208 §4, for @ip, over the fetched tree. */
static SpfResult
evaluate_node (Node         *node,
               GInetAddress *ip,
               guint        *lookups)
{
  const ObSpfTerm *redirect;
  SpfResult result;

  if (node->state == NODE_LOOP)
    return SPF_RESULT_PERMERROR;
  if (node->state == NODE_NOT_FETCHED)
    return SPF_RESULT_UNKNOWN;
  if (node->n_records == 0)
    return node->error != NULL ? SPF_RESULT_UNKNOWN : SPF_RESULT_NONE;
  if (node->record == NULL)
    return SPF_RESULT_PERMERROR;

  for (guint i = 0; i < node->record->terms->len; i++)
    {
      const ObSpfTerm *term = node->record->terms->pdata[i];

      if (!ob_spf_term_is_mechanism (term))
        continue;
      if (ob_spf_term_queries_dns (term) && ++*lookups > MAX_LOOKUPS)
        return SPF_RESULT_PERMERROR;
      result = term_matches (node, i, ip, lookups);
      if (result == SPF_RESULT_PASS)
        return result_for_qualifier (term->qualifier);
      if (result != SPF_RESULT_NEUTRAL)
        return result;
    }

  redirect = node->record->redirect;
  if (redirect == NULL || node->record->all != NULL)
    return SPF_RESULT_NEUTRAL;
  if (++*lookups > MAX_LOOKUPS)
    return SPF_RESULT_PERMERROR;
  for (guint i = 0; i < node->record->terms->len; i++)
    {
      if (node->record->terms->pdata[i] != redirect)
        continue;
      if (ob_spf_term_has_macros (redirect))
        return SPF_RESULT_UNKNOWN;
      /* §6.1: a redirect to a domain without a record is a permerror. */
      result = evaluate_node (node->terms[i].child, ip, lookups);
      return result == SPF_RESULT_NONE ? SPF_RESULT_PERMERROR : result;
    }
  g_return_val_if_reached (SPF_RESULT_UNKNOWN);
}

/**
 * ob_spf_evaluate:
 * @data: a finished check
 * @ip: a sending address
 *
 * Returns: what receivers would conclude about mail from @ip
 */
SpfResult
ob_spf_evaluate (SpfCheckData *data,
                 GInetAddress *ip)
{
  guint lookups = 0;

  return evaluate_node (data->nodes->pdata[0], ip, &lookups);
}

/**
 * ob_spf_count_lookups:
 * @node: a fetched record
 *
 * Counts the DNS lookups evaluating @node may take, with every included
 * and redirected record, as if nothing matched before the end.
 */
guint
ob_spf_count_lookups (Node *node)
{
  guint count;

  if (node->record == NULL)
    return 0;
  count = ob_spf_record_count_lookups (node->record);
  for (guint i = 0; i < node->record->terms->len; i++)
    if (node->terms[i].child != NULL)
      count += ob_spf_count_lookups (node->terms[i].child);
  return count;
}
