/* ob-txt-check.c — the checks that judge one kind of TXT record at a name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DMARC and TLS-RPT share a shape: look up the TXT records at a name, keep
 * those that start with the kind's version tag (the others belong to other
 * kinds that share the name, and receivers skip them the same way), and
 * judge what is left. DMARC may look further, at its organizational domain,
 * when the first name has none; so a check takes a list of names and judges
 * the records of the first one that has any. MTA-STS picks its record the
 * same way, but goes on to fetch a policy, so it shares only the picking.
 *
 * A lookup that fails becomes a finding, not an error: the only error is
 * G_IO_ERROR_CANCELLED.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-dns.h"
#include "ob-domain-check-item-private.h"
#include "ob-tag-list.h"
#include "ob-txt-check.h"

typedef struct
{
  const ObTxtCheck *check;
  GResolver        *resolver;
  GStrv             names;
  guint             index;        /* of the name being looked up */
  guint             timeout_ms;
  gpointer          report_data;
  GDestroyNotify    report_data_free;
} TxtCheckData;

static void
txt_check_data_free (TxtCheckData *data)
{
  g_object_unref (data->resolver);
  g_strfreev (data->names);
  if (data->report_data_free != NULL)
    data->report_data_free (data->report_data);
  g_free (data);
}

static void look_up (GTask *task);

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TxtCheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = ob_dns_lookup_txt_finish (result, &error);
  g_autoptr(GPtrArray) records = NULL;
  ObDomainCheckItem *item;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (error != NULL)
    {
      item = ob_domain_check_item_new (data->check->kind);
      ob_domain_check_item_add_lookup_failure (item, _(data->check->lookup_failed),
                                               error->message);
      g_task_return_pointer (task, item, g_object_unref);
      return;
    }

  records = ob_txt_check_pick_records (texts, data->check->version);
  if (records->len == 0 && data->names[data->index + 1] != NULL)
    {
      data->index++;
      look_up (task);
      return;
    }

  item = ob_domain_check_item_new (data->check->kind);
  for (guint i = 0; i < records->len; i++)
    ob_domain_check_item_add_record (item, records->pdata[i]);
  data->check->report (item, records, data->index, data->report_data);
  g_task_return_pointer (task, item, g_object_unref);
}

static void
look_up (GTask *task)
{
  TxtCheckData *data = g_task_get_task_data (task);

  ob_dns_lookup_txt_async (data->resolver, data->names[data->index], data->timeout_ms,
                           g_task_get_cancellable (task), lookup_cb, g_object_ref (task));
}

/**
 * ob_txt_check_pick_records:
 * @texts: (element-type utf8): the TXT records at a name
 * @version: what records of the wanted kind start with, after “v=”
 *
 * Returns: (transfer full) (element-type utf8): copies of the records of
 *   the wanted kind among @texts, in order
 */
GPtrArray *
ob_txt_check_pick_records (GPtrArray  *texts,
                           const char *version)
{
  GPtrArray *records = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (texts != NULL, records);
  g_return_val_if_fail (version != NULL, records);

  for (guint i = 0; i < texts->len; i++)
    if (ob_tag_list_has_version (texts->pdata[i], version))
      g_ptr_array_add (records, g_strdup (texts->pdata[i]));
  return records;
}

/**
 * ob_txt_check_async:
 * @check: what the records are and how they are judged
 * @names: (array zero-terminated=1): the names to look at, in order; the
 *   records of the first that has any are judged
 * @report_data: (transfer full): for @check's report function
 *
 * Reports an item of @check's kind.
 */
void
ob_txt_check_async (const ObTxtCheck    *check,
                    GResolver           *resolver,
                    const char * const  *names,
                    guint                timeout_ms,
                    gpointer             report_data,
                    GDestroyNotify       report_data_free,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TxtCheckData *data;

  g_return_if_fail (check != NULL);
  g_return_if_fail (G_IS_RESOLVER (resolver));
  g_return_if_fail (names != NULL && names[0] != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ob_txt_check_async);
  data = g_new0 (TxtCheckData, 1);
  data->check = check;
  data->resolver = g_object_ref (resolver);
  data->names = g_strdupv ((char **) names);
  data->timeout_ms = timeout_ms;
  data->report_data = report_data;
  data->report_data_free = report_data_free;
  g_task_set_task_data (task, data, (GDestroyNotify) txt_check_data_free);

  look_up (task);
}

/**
 * ob_txt_check_finish:
 *
 * Returns: (transfer full): the item, or %NULL when cancelled
 */
ObDomainCheckItem *
ob_txt_check_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ob_txt_check_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
