/* ob-envelope.c — who a message is from and to, for MAIL FROM and RCPT TO
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything in an envelope ends up on an SMTP command line, so nothing gets
 * in without passing ob_address_parse(): a line break or control character
 * here would let one command smuggle in another.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-envelope.h"
#include "ob-escape.h"
#include "ob-smtp-error.h"

/* RFC 3461, section 4.4. */
#define MAX_ENVID 100

struct _ObEnvelope
{
  gatomicrefcount  ref_count;
  char            *sender;       /* "" is the null reverse-path */
  GPtrArray       *recipients;   /* NULL-terminated */
  GHashTable      *seen;         /* recipient keys, see recipient_key() */
  ObDsnRet         dsn_ret;
  ObDsnNotify      dsn_notify;
  char            *dsn_envid;
};

G_DEFINE_BOXED_TYPE (ObEnvelope, ob_envelope, ob_envelope_ref, ob_envelope_unref)

/**
 * ob_envelope_new:
 * @sender: the MAIL FROM address, or "" for the null reverse-path (bounces
 *   and other messages that must never be answered)
 *
 * The sender is checked by ob_envelope_validate(), so a person can be told
 * about a bad sender and bad recipients at the same time.
 *
 * Returns: (transfer full): a new envelope without recipients
 */
ObEnvelope *
ob_envelope_new (const char *sender)
{
  ObEnvelope *envelope;

  g_return_val_if_fail (sender != NULL, NULL);

  envelope = g_new0 (ObEnvelope, 1);
  g_atomic_ref_count_init (&envelope->ref_count);
  envelope->sender = g_strdup (sender);
  envelope->recipients = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  envelope->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return envelope;
}

ObEnvelope *
ob_envelope_ref (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  g_atomic_ref_count_inc (&envelope->ref_count);
  return envelope;
}

void
ob_envelope_unref (ObEnvelope *envelope)
{
  g_return_if_fail (envelope != NULL);

  if (g_atomic_ref_count_dec (&envelope->ref_count))
    {
      g_free (envelope->sender);
      g_ptr_array_unref (envelope->recipients);
      g_hash_table_unref (envelope->seen);
      g_free (envelope->dsn_envid);
      g_free (envelope);
    }
}

/* The local part is case-sensitive (RFC 5321, 2.4), the domain is not: two
 * spellings of one domain are one mailbox and must get one copy. */
static char *
recipient_key (const char *local_part,
               const char *domain)
{
  g_autofree char *folded = g_utf8_casefold (domain, -1);

  return g_strconcat (local_part, "@", folded, NULL);
}

/**
 * ob_envelope_add_recipient:
 * @address: an addr-spec, such as "ada@example.com"
 *
 * Adds a RCPT TO address. An address that is already in the envelope
 * (the domain compared without case) is not added twice, and that is not
 * an error.
 *
 * Returns: %FALSE with %OB_SMTP_ERROR_INVALID_INPUT when @address is not
 *   a usable address
 */
gboolean
ob_envelope_add_recipient (ObEnvelope  *envelope,
                           const char  *address,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (envelope != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ob_address_parse (address, &local_part, &domain, &local_error))
    {
      g_autofree char *shown = ob_escape_untrusted (address, -1);

      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The recipient “%s” cannot be used: %s"),
                                            shown, local_error->message));
      return FALSE;
    }

  key = recipient_key (local_part, domain);
  if (g_hash_table_contains (envelope->seen, key))
    return TRUE;

  g_hash_table_add (envelope->seen, g_steal_pointer (&key));
  g_ptr_array_add (envelope->recipients, g_strdup (address));
  return TRUE;
}

const char *
ob_envelope_get_sender (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  return envelope->sender;
}

/**
 * ob_envelope_get_recipients:
 *
 * Returns: (transfer none): the recipients in the order they were added,
 *   %NULL-terminated
 */
const char * const *
ob_envelope_get_recipients (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  return (const char * const *) envelope->recipients->pdata;
}

static gboolean
envid_is_valid (const char *envid)
{
  gsize len = strlen (envid);

  if (len == 0 || len > MAX_ENVID)
    return FALSE;
  /* Printable US-ASCII and space: what xtext can carry (RFC 3461, 4.4). */
  for (gsize i = 0; i < len; i++)
    if (envid[i] < 0x20 || envid[i] > 0x7e)
      return FALSE;
  return TRUE;
}

/**
 * ob_envelope_validate:
 *
 * Checks that the envelope can be sent: a usable sender (or the null
 * reverse-path), at least one recipient and usable DSN settings.
 *
 * Returns: %FALSE with %OB_SMTP_ERROR_INVALID_INPUT otherwise
 */
gboolean
ob_envelope_validate (ObEnvelope  *envelope,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (envelope != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*envelope->sender != '\0' && !ob_address_parse (envelope->sender, NULL, NULL, &local_error))
    {
      g_autofree char *shown = ob_escape_untrusted (envelope->sender, -1);

      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The sender “%s” cannot be used: %s"),
                                            shown, local_error->message));
      return FALSE;
    }
  if (envelope->recipients->len == 0)
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The message has no recipients. "
                                              "Add at least one address.")));
      return FALSE;
    }
  if ((envelope->dsn_notify & OB_DSN_NOTIFY_NEVER) &&
      (envelope->dsn_notify & ~OB_DSN_NOTIFY_NEVER))
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("Delivery notifications cannot be both “never” "
                                              "and sent on success, failure or delay.")));
      return FALSE;
    }
  if (envelope->dsn_envid != NULL && !envid_is_valid (envelope->dsn_envid))
    {
      g_autofree char *shown = ob_escape_untrusted (envelope->dsn_envid, -1);

      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The envelope identifier “%s” cannot be used: it "
                                              "must be 1 to %d characters of plain ASCII text."),
                                            shown, MAX_ENVID));
      return FALSE;
    }
  return TRUE;
}

/**
 * ob_envelope_needs_smtputf8:
 *
 * Returns: whether the sender or a recipient has non-ASCII characters, so
 *   the server must offer SMTPUTF8 (RFC 6531)
 */
gboolean
ob_envelope_needs_smtputf8 (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, FALSE);

  if (ob_address_needs_smtputf8 (envelope->sender))
    return TRUE;
  for (guint i = 0; i < envelope->recipients->len; i++)
    if (ob_address_needs_smtputf8 (g_ptr_array_index (envelope->recipients, i)))
      return TRUE;
  return FALSE;
}

/**
 * ob_envelope_set_dsn:
 * @ret: how much of the message a notification returns
 * @notify: when notifications are wanted, for every recipient
 * @envid: (nullable): an identifier the notifications will quote, in plain
 *   ASCII; checked by ob_envelope_validate()
 *
 * Asks for delivery status notifications (RFC 3461). They are only sent
 * when the server offers DSN.
 */
void
ob_envelope_set_dsn (ObEnvelope  *envelope,
                     ObDsnRet     ret,
                     ObDsnNotify  notify,
                     const char  *envid)
{
  g_return_if_fail (envelope != NULL);

  envelope->dsn_ret = ret;
  envelope->dsn_notify = notify;
  g_free (envelope->dsn_envid);
  envelope->dsn_envid = g_strdup (envid);
}

ObDsnRet
ob_envelope_get_dsn_ret (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, OB_DSN_RET_DEFAULT);

  return envelope->dsn_ret;
}

ObDsnNotify
ob_envelope_get_dsn_notify (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, OB_DSN_NOTIFY_DEFAULT);

  return envelope->dsn_notify;
}

/**
 * ob_envelope_get_dsn_envid:
 *
 * Returns: (nullable): the envelope identifier, not yet xtext-encoded
 */
const char *
ob_envelope_get_dsn_envid (ObEnvelope *envelope)
{
  g_return_val_if_fail (envelope != NULL, NULL);

  return envelope->dsn_envid;
}
