/* ob-send-result.c — what happened to one message
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message can be half sent: some recipients accepted, others refused. The
 * result keeps both, with each refusal's reply, so nobody has to guess who
 * got the message.
 */
#include "config.h"

#include <string.h>

#include "ob-send-result.h"
#include "ob-smtp-reply.h"

typedef struct
{
  char        *recipient;
  ObSmtpReply *reply;
} Rejection;

struct _ObSendResult
{
  gatomicrefcount  ref_count;
  GPtrArray       *accepted;     /* char*, NULL-terminated */
  GArray          *rejected;     /* Rejection */
  ObSmtpReply     *final_reply;
  char            *queue_id;
  GError          *error;
  guint64          size;
};

G_DEFINE_BOXED_TYPE (ObSendResult, ob_send_result, ob_send_result_ref, ob_send_result_unref)

static void
rejection_clear (gpointer data)
{
  Rejection *r = data;

  g_free (r->recipient);
  g_clear_pointer (&r->reply, ob_smtp_reply_unref);
}

ObSendResult *
ob_send_result_new (void)
{
  ObSendResult *result = g_new0 (ObSendResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  result->accepted = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (result->accepted, NULL);
  result->rejected = g_array_new (FALSE, TRUE, sizeof (Rejection));
  g_array_set_clear_func (result->rejected, rejection_clear);
  return result;
}

ObSendResult *
ob_send_result_ref (ObSendResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  g_atomic_ref_count_inc (&result->ref_count);
  return result;
}

void
ob_send_result_unref (ObSendResult *result)
{
  g_return_if_fail (result != NULL);

  if (!g_atomic_ref_count_dec (&result->ref_count))
    return;

  g_ptr_array_unref (result->accepted);
  g_array_unref (result->rejected);
  g_clear_pointer (&result->final_reply, ob_smtp_reply_unref);
  g_free (result->queue_id);
  g_clear_error (&result->error);
  g_free (result);
}

void
ob_send_result_add_accepted (ObSendResult *result,
                             const char   *recipient)
{
  /* Keep the array NULL-terminated for get_accepted(). */
  g_ptr_array_insert (result->accepted, result->accepted->len - 1, g_strdup (recipient));
}

void
ob_send_result_add_rejected (ObSendResult *result,
                             const char   *recipient,
                             ObSmtpReply  *reply)
{
  Rejection r = { g_strdup (recipient), reply ? ob_smtp_reply_ref (reply) : NULL };

  g_array_append_val (result->rejected, r);
}

void
ob_send_result_set_final_reply (ObSendResult *result,
                                ObSmtpReply  *reply)
{
  g_clear_pointer (&result->final_reply, ob_smtp_reply_unref);
  g_clear_pointer (&result->queue_id, g_free);
  if (reply != NULL)
    {
      result->final_reply = ob_smtp_reply_ref (reply);
      result->queue_id = ob_smtp_reply_find_queue_id (reply);
    }
}

void
ob_send_result_set_error (ObSendResult *result,
                          const GError *error)
{
  g_clear_error (&result->error);
  result->error = error ? g_error_copy (error) : NULL;
}

void
ob_send_result_set_size (ObSendResult *result,
                         guint64       size)
{
  result->size = size;
}

/**
 * ob_send_result_is_sent:
 *
 * Returns: whether the server took responsibility for the message (for
 *   the accepted recipients)
 */
gboolean
ob_send_result_is_sent (ObSendResult *result)
{
  return result->error == NULL && result->final_reply != NULL &&
         ob_smtp_reply_is_success (result->final_reply);
}

/**
 * ob_send_result_get_error:
 *
 * Returns: (nullable): why the message was not sent, or what is unknown
 *   about it (%OB_SMTP_ERROR_OUTCOME_UNKNOWN)
 */
const GError *
ob_send_result_get_error (ObSendResult *result)
{
  return result->error;
}

const char * const *
ob_send_result_get_accepted (ObSendResult *result)
{
  return (const char * const *) result->accepted->pdata;
}

guint
ob_send_result_get_n_rejected (ObSendResult *result)
{
  return result->rejected->len;
}

/**
 * ob_send_result_get_rejected:
 * @reply: (out) (optional) (transfer none): the server's refusal
 *
 * Returns: the @index-th refused recipient
 */
const char *
ob_send_result_get_rejected (ObSendResult  *result,
                             guint          index,
                             ObSmtpReply  **reply)
{
  Rejection *r;

  g_return_val_if_fail (index < result->rejected->len, NULL);

  r = &g_array_index (result->rejected, Rejection, index);
  if (reply != NULL)
    *reply = r->reply;
  return r->recipient;
}

ObSmtpReply *
ob_send_result_get_final_reply (ObSendResult *result)
{
  return result->final_reply;
}

/**
 * ob_send_result_get_queue_id:
 *
 * Returns: (nullable): the server's identifier for the message, when its
 *   final reply names one
 */
const char *
ob_send_result_get_queue_id (ObSendResult *result)
{
  return result->queue_id;
}

guint64
ob_send_result_get_size (ObSendResult *result)
{
  return result->size;
}

static char *
word_after (const char *text,
            const char *marker)
{
  const char *start = strstr (text, marker);
  const char *end;

  if (start == NULL)
    return NULL;
  start += strlen (marker);
  while (*start == ' ')
    start++;
  for (end = start; *end && !g_ascii_isspace (*end) && *end != ']' && *end != ')'; end++)
    ;
  return end > start ? g_strndup (start, end - start) : NULL;
}

/**
 * ob_smtp_reply_find_queue_id:
 *
 * Finds the queue identifier in a final reply, in the shapes common servers
 * use: Postfix “queued as 4Xyz”, Exim “id=1abc-…”, Exchange
 * “InternalId=…”, Sendmail/Gmail-style “… OK <id> …”.
 *
 * Returns: (nullable): the identifier
 */
char *
ob_smtp_reply_find_queue_id (ObSmtpReply *reply)
{
  const char *text = ob_smtp_reply_get_text (reply);
  const char *markers[] = { "queued as", "id=", "InternalId=", "Queued as" };
  g_auto(GStrv) words = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      char *id = word_after (text, markers[i]);

      if (id != NULL)
        return id;
    }

  /* "OK 1700000000 a1-20020a05.123 - gsmtp": Gmail's id is the word after
   * the timestamp. */
  words = g_strsplit (text, " ", 6);
  if (g_strv_length (words) >= 4 && g_str_equal (words[0], "OK") &&
      g_str_equal (words[g_strv_length (words) - 1], "gsmtp"))
    return g_strdup (words[2]);
  return NULL;
}
