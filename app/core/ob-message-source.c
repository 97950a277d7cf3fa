/* ob-message-source.c — anything the SMTP client can send as message data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client never holds a message in memory: it asks the source to write
 * itself into the connection's data stream (which adds CRLF and dot-stuffing),
 * so a message built from a draft and a message file given on the command
 * line travel the same way.
 */
#include "config.h"

#include "ob-message-source.h"

G_DEFINE_INTERFACE (ObMessageSource, ob_message_source, G_TYPE_OBJECT)

static void
ob_message_source_default_init (ObMessageSourceInterface *iface)
{
}

/**
 * ob_message_source_get_size_estimate:
 *
 * Returns: the size in octets the message will have on the wire, or an upper
 *   estimate; used for the SIZE parameter (RFC 1870) and the check against
 *   the server's limit.
 */
guint64
ob_message_source_get_size_estimate (ObMessageSource *self)
{
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (self), 0);

  return OB_MESSAGE_SOURCE_GET_IFACE (self)->get_size_estimate (self);
}

/**
 * ob_message_source_has_8bit_content:
 *
 * Returns: whether the message as it stands has octets above 127, so it
 *   needs 8BITMIME unless written with @allow_8bit %FALSE.
 */
gboolean
ob_message_source_has_8bit_content (ObMessageSource *self)
{
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (self), FALSE);

  return OB_MESSAGE_SOURCE_GET_IFACE (self)->has_8bit_content (self);
}

/**
 * ob_message_source_needs_smtputf8:
 *
 * Returns: whether the message has UTF-8 in places no re-encoding can fix
 *   (addresses in the envelope or headers), so it needs SMTPUTF8.
 */
gboolean
ob_message_source_needs_smtputf8 (ObMessageSource *self)
{
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (self), FALSE);

  return OB_MESSAGE_SOURCE_GET_IFACE (self)->needs_smtputf8 (self);
}

/**
 * ob_message_source_write:
 * @out: where the message goes; line ends may be LF or CRLF, the caller's
 *   stream normalises them
 * @allow_8bit: whether 8-bit content may be written as is; when %FALSE the
 *   source re-encodes it to 7-bit (quoted-printable or base64) or fails with
 *   %OB_SMTP_ERROR_ENCODING
 *
 * Writes the complete RFC 5322 message, streaming: memory use does not grow
 * with the size of the message.
 */
gboolean
ob_message_source_write (ObMessageSource *self,
                         GOutputStream   *out,
                         gboolean         allow_8bit,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return OB_MESSAGE_SOURCE_GET_IFACE (self)->write (self, out, allow_8bit, cancellable, error);
}

/**
 * ob_message_source_dup_subject:
 *
 * Read from the header alone, so it costs nothing for a large message.
 *
 * Returns: (transfer full) (nullable): the Subject decoded to UTF-8 (RFC 2047
 *   undone), as it is, or %NULL when the message has none or the source
 *   cannot say
 */
char *
ob_message_source_dup_subject (ObMessageSource *self)
{
  ObMessageSourceInterface *iface;

  g_return_val_if_fail (OB_IS_MESSAGE_SOURCE (self), NULL);

  iface = OB_MESSAGE_SOURCE_GET_IFACE (self);
  return iface->dup_subject != NULL ? iface->dup_subject (self) : NULL;
}
