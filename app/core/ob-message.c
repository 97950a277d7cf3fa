/* ob-message.c — a message built from a draft, as RFC 5322 + MIME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a person typed is checked when it is set, so a draft never
 * holds a header that could inject another. The MIME structure is built
 * with GMime each time the message is written: the Date is the moment of
 * sending, and the body's transfer encoding depends on whether the server
 * takes 8-bit data. Attachments are read from disk only while they are
 * written, in small blocks, so their size never shows in memory use.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-envelope.h"
#include "ob-escape.h"
#include "ob-gmime.h"
#include "ob-message.h"
#include "ob-mime-file-stream.h"
#include "ob-mime-output-stream.h"
#include "ob-smtp-error.h"

/* RFC 5322, 2.1.1: a line is at most 998 octets without its CRLF. */
#define MAX_LINE_LENGTH 998
/* Enough of a file for g_content_type_guess() to recognise it. */
#define SNIFF_SIZE 4096
/* Base64 lines GMime writes: 76 characters and CRLF. */
#define BASE64_LINE 76
/* Room in the size estimate for the parts of the header block that change
 * between builds, such as the width of the day in the Date. */
#define ESTIMATE_MARGIN 64

typedef enum {
  FIELD_FROM,
  FIELD_TO,
  FIELD_CC,
  FIELD_BCC,
  FIELD_REPLY_TO,
} Field;

typedef struct
{
  char *name;      /* NULL when none was given */
  char *address;
} Mailbox;

typedef struct
{
  GFile   *file;
  char    *name;   /* for the filename parameter and error messages */
  char    *mime_type;
  guint64  size;   /* when it was added */
} Attachment;

struct _ObMessage
{
  GObject     parent_instance;

  Mailbox    *from;
  GPtrArray  *to;           /* of Mailbox */
  GPtrArray  *cc;
  GPtrArray  *bcc;
  char       *reply_to;
  char       *subject;
  char       *body;
  GPtrArray  *attachments;  /* of Attachment */
  char       *message_id;
};

static void ob_message_source_iface_init (ObMessageSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ObMessage, ob_message, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OB_TYPE_MESSAGE_SOURCE,
                                                      ob_message_source_iface_init))

static void
mailbox_free (Mailbox *mailbox)
{
  g_free (mailbox->name);
  g_free (mailbox->address);
  g_free (mailbox);
}

static void
attachment_free (Attachment *attachment)
{
  g_object_unref (attachment->file);
  g_free (attachment->name);
  g_free (attachment->mime_type);
  g_free (attachment);
}

static const char *
field_label (Field field)
{
  switch (field)
    {
    case FIELD_FROM:
      return C_("header field", "From");
    case FIELD_TO:
      return C_("header field", "To");
    case FIELD_CC:
      return C_("header field", "Cc");
    case FIELD_BCC:
      return C_("header field", "Bcc");
    case FIELD_REPLY_TO:
      return C_("header field", "Reply-To");
    default:
      g_return_val_if_reached ("");
    }
}

/* Control characters, C1 controls included, have no place in a header: CR
 * and LF would start a new one, the others confuse the programs that show
 * it. */
static gboolean
is_header_text (const char *text)
{
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_mailbox (Field        field,
               const char  *display_name,
               const char  *address,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (display_name != NULL && !is_header_text (display_name))
    {
      g_autofree char *shown = ob_escape_untrusted (display_name, -1);

      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            /* Translators: the second %s is a header
                                             * field name, such as “To” */
                                            _("The name “%s” in “%s” cannot contain line "
                                              "breaks or control characters."),
                                            shown, field_label (field)));
      return FALSE;
    }
  if (!ob_address_parse (address, NULL, NULL, &local_error))
    {
      g_autofree char *shown = ob_escape_untrusted (address, -1);

      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            /* Translators: the second %s is a header
                                             * field name, such as “To”; the third says
                                             * what is wrong */
                                            _("The address “%s” in “%s” cannot be used: %s"),
                                            shown, field_label (field), local_error->message));
      return FALSE;
    }
  return TRUE;
}

static Mailbox *
mailbox_new (const char *display_name,
             const char *address)
{
  Mailbox *mailbox = g_new0 (Mailbox, 1);

  if (display_name != NULL && *display_name != '\0')
    mailbox->name = g_strdup (display_name);
  mailbox->address = g_strdup (address);
  return mailbox;
}

static gboolean
add_recipient (ObMessage   *self,
               Field        field,
               const char  *display_name,
               const char  *address,
               GError     **error)
{
  GPtrArray *list;

  g_return_val_if_fail (OB_IS_MESSAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mailbox (field, display_name, address, error))
    return FALSE;
  list = field == FIELD_TO ? self->to : field == FIELD_CC ? self->cc : self->bcc;
  g_ptr_array_add (list, mailbox_new (display_name, address));
  return TRUE;
}

static void
ob_message_finalize (GObject *object)
{
  ObMessage *self = OB_MESSAGE (object);

  g_clear_pointer (&self->from, mailbox_free);
  g_ptr_array_unref (self->to);
  g_ptr_array_unref (self->cc);
  g_ptr_array_unref (self->bcc);
  g_free (self->reply_to);
  g_free (self->subject);
  g_free (self->body);
  g_ptr_array_unref (self->attachments);
  g_free (self->message_id);

  G_OBJECT_CLASS (ob_message_parent_class)->finalize (object);
}

static void
ob_message_class_init (ObMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ob_message_finalize;

  ob_gmime_init ();
}

static void
ob_message_init (ObMessage *self)
{
  self->to = g_ptr_array_new_with_free_func ((GDestroyNotify) mailbox_free);
  self->cc = g_ptr_array_new_with_free_func ((GDestroyNotify) mailbox_free);
  self->bcc = g_ptr_array_new_with_free_func ((GDestroyNotify) mailbox_free);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  self->body = g_strdup ("");
}

ObMessage *
ob_message_new (void)
{
  return g_object_new (OB_TYPE_MESSAGE, NULL);
}

/**
 * ob_message_set_from:
 * @display_name: (nullable): the sender's name, in UTF-8
 * @address: the sender's address, also used as the envelope sender
 *
 * Returns: %FALSE with %OB_SMTP_ERROR_INVALID_INPUT when the name has a line
 *   break or control character or the address is not usable; the message
 *   is then unchanged
 */
gboolean
ob_message_set_from (ObMessage   *self,
                     const char  *display_name,
                     const char  *address,
                     GError     **error)
{
  g_return_val_if_fail (OB_IS_MESSAGE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_mailbox (FIELD_FROM, display_name, address, error))
    return FALSE;
  g_clear_pointer (&self->from, mailbox_free);
  self->from = mailbox_new (display_name, address);
  return TRUE;
}

/**
 * ob_message_add_to:
 *
 * Adds a recipient shown in the To header. Checked as
 * ob_message_set_from() checks the sender.
 */
gboolean
ob_message_add_to (ObMessage   *self,
                   const char  *display_name,
                   const char  *address,
                   GError     **error)
{
  return add_recipient (self, FIELD_TO, display_name, address, error);
}

gboolean
ob_message_add_cc (ObMessage   *self,
                   const char  *display_name,
                   const char  *address,
                   GError     **error)
{
  return add_recipient (self, FIELD_CC, display_name, address, error);
}

/**
 * ob_message_add_bcc:
 *
 * Adds a recipient who gets the message without appearing in it: Bcc
 * recipients are only in the envelope, never in the headers.
 */
gboolean
ob_message_add_bcc (ObMessage   *self,
                    const char  *display_name,
                    const char  *address,
                    GError     **error)
{
  return add_recipient (self, FIELD_BCC, display_name, address, error);
}

/**
 * ob_message_set_reply_to:
 * @address: (nullable): where replies should go, or %NULL for the sender
 */
gboolean
ob_message_set_reply_to (ObMessage   *self,
                         const char  *address,
                         GError     **error)
{
  g_return_val_if_fail (OB_IS_MESSAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (address != NULL && !check_mailbox (FIELD_REPLY_TO, NULL, address, error))
    return FALSE;
  g_free (self->reply_to);
  self->reply_to = g_strdup (address);
  return TRUE;
}

/**
 * ob_message_set_subject:
 * @subject: (nullable): the subject in UTF-8, or %NULL for none
 *
 * Returns: %FALSE with %OB_SMTP_ERROR_INVALID_INPUT when @subject has a
 *   line break or another control character
 */
gboolean
ob_message_set_subject (ObMessage   *self,
                        const char  *subject,
                        GError     **error)
{
  g_return_val_if_fail (OB_IS_MESSAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (subject != NULL && !is_header_text (subject))
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The subject cannot contain line breaks, tabs or "
                                              "other control characters. Write it on one "
                                              "line.")));
      return FALSE;
    }
  g_free (self->subject);
  self->subject = g_strdup (subject);
  return TRUE;
}

/**
 * ob_message_set_body:
 * @text: (nullable): the plain-text body in UTF-8, with LF or CRLF line ends
 */
void
ob_message_set_body (ObMessage  *self,
                     const char *text)
{
  g_return_if_fail (OB_IS_MESSAGE (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  g_free (self->body);
  self->body = g_strdup (text != NULL ? text : "");
}

static char *
display_name_of (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return g_filename_display_name (basename);
}

static char *
guess_mime_type (const char   *name,
                 const guchar *head,
                 gsize         head_len)
{
  g_autofree char *content_type = NULL;
  char *mime_type;

  /* Without data, GLib guesses from the name alone instead of calling
   * every empty file "application/x-zerosize". */
  content_type = g_content_type_guess (name, head_len > 0 ? head : NULL, head_len, NULL);
  mime_type = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
  return mime_type != NULL ? mime_type : g_strdup ("application/octet-stream");
}

/**
 * ob_message_add_attachment:
 * @file: a readable regular file on this computer
 *
 * Checks that @file can be read and guesses its type from its name and
 * first bytes. The content is read again, from the start, each time the
 * message is written.
 *
 * Returns: %FALSE with a %G_IO_ERROR naming the file when it is missing,
 *   unreadable or not a regular file
 */
gboolean
ob_message_add_attachment (ObMessage  *self,
                           GFile      *file,
                           GError    **error)
{
  g_autoptr(ObGMimeStream) stream = NULL;
  g_autofree char *name = NULL;
  guchar head[SNIFF_SIZE];
  Attachment *attachment;
  ssize_t head_len;

  g_return_val_if_fail (OB_IS_MESSAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = display_name_of (file);
  stream = ob_mime_file_stream_open (file, name, error);
  if (stream == NULL)
    return FALSE;
  head_len = g_mime_stream_read (stream, (char *) head, sizeof head);
  if (head_len < 0)
    {
      const GError *read_error = ob_mime_file_stream_get_error (OB_MIME_FILE_STREAM (stream));

      g_propagate_error (error, g_error_copy (read_error));
      return FALSE;
    }

  attachment = g_new0 (Attachment, 1);
  attachment->file = g_object_ref (file);
  attachment->mime_type = guess_mime_type (name, head, head_len);
  attachment->name = g_steal_pointer (&name);
  attachment->size = ob_mime_file_stream_get_size (OB_MIME_FILE_STREAM (stream));
  g_ptr_array_add (self->attachments, attachment);
  return TRUE;
}

/**
 * ob_message_get_message_id:
 *
 * The Message-ID is made the first time it is needed, from a random UUID
 * and the sender's domain, and stays the same for the life of the message,
 * so every attempt to send it is recognisably the same message.
 *
 * Returns: the Message-ID without angle brackets
 */
const char *
ob_message_get_message_id (ObMessage *self)
{
  g_return_val_if_fail (OB_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (self->from != NULL, NULL);

  if (self->message_id == NULL)
    {
      const char *domain = strrchr (self->from->address, '@') + 1;
      g_autofree char *ascii_domain = g_hostname_to_ascii (domain);
      g_autofree char *uuid = g_uuid_string_random ();

      /* The header must stay ASCII even for an internationalized domain. */
      self->message_id = g_strdup_printf ("%s@%s", uuid,
                                          ascii_domain != NULL ? ascii_domain : "localhost");
    }
  return self->message_id;
}

static void
add_recipient_list (ObEnvelope *envelope,
                    GPtrArray  *list)
{
  /* Every address passed the same parser when it was added, so adding it
   * to the envelope cannot fail. */
  for (guint i = 0; i < list->len; i++)
    ob_envelope_add_recipient (envelope, ((Mailbox *) g_ptr_array_index (list, i))->address, NULL);
}

/**
 * ob_message_make_envelope:
 *
 * Returns: (transfer full): an envelope from the From address to every To,
 *   Cc and Bcc recipient, each once
 */
ObEnvelope *
ob_message_make_envelope (ObMessage *self)
{
  ObEnvelope *envelope;

  g_return_val_if_fail (OB_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (self->from != NULL, NULL);

  envelope = ob_envelope_new (self->from->address);
  add_recipient_list (envelope, self->to);
  add_recipient_list (envelope, self->cc);
  add_recipient_list (envelope, self->bcc);
  return envelope;
}

/* 7bit when the body is ASCII, 8bit when it is not and the server takes
 * it, quoted-printable otherwise. A line longer than SMTP allows must be
 * broken, which only quoted-printable can do without changing the text. */
static GMimeContentEncoding
body_encoding (const char *body,
               gboolean    allow_8bit)
{
  gboolean eight_bit = FALSE;
  gsize line_length = 0;

  for (const guchar *p = (const guchar *) body; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          line_length = 0;
          continue;
        }
      if (++line_length > MAX_LINE_LENGTH)
        return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
      if (*p >= 0x80)
        eight_bit = TRUE;
    }

  if (!eight_bit)
    return GMIME_CONTENT_ENCODING_7BIT;
  return allow_8bit ? GMIME_CONTENT_ENCODING_8BIT : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
}

static void
set_content (GMimePart   *part,
             GMimeStream *stream)
{
  g_autoptr(ObGMimeDataWrapper) wrapper = NULL;

  wrapper = g_mime_data_wrapper_new_with_stream (stream, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content (part, wrapper);
}

static GMimeObject *
build_body (ObMessage *self,
            gboolean   allow_8bit)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype ("plain");
  g_autoptr(ObGMimeStream) stream = NULL;

  /* Not g_mime_text_part_set_text(): it converts the text to the smallest
   * charset that holds it, ISO-8859-1 for German, say. */
  stream = g_mime_stream_mem_new_with_buffer (self->body, strlen (self->body));
  set_content (GMIME_PART (part), stream);
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part), body_encoding (self->body, allow_8bit));
  return GMIME_OBJECT (part);
}

/* @content is the attachment's opened file, or %NULL to leave the content
 * out, for measuring the rest of the message. */
static GMimeObject *
build_attachment (Attachment  *attachment,
                  GMimeStream *content)
{
  g_autoptr(ObGMimeContentType) content_type = NULL;
  g_autoptr(ObGMimeStream) empty = NULL;
  GMimePart *part = g_mime_part_new ();

  content_type = g_mime_content_type_parse (NULL, attachment->mime_type);
  g_mime_object_set_content_type (GMIME_OBJECT (part), content_type);
  g_mime_object_set_disposition (GMIME_OBJECT (part), GMIME_DISPOSITION_ATTACHMENT);
  /* GMime encodes a non-ASCII name as RFC 2231 asks. */
  g_mime_part_set_filename (part, attachment->name);
  /* Base64 for every attachment, text included: it is the one encoding
   * that gives the recipient the file's bytes exactly, line ends and all,
   * and whose size is known from the file's size alone. */
  g_mime_part_set_content_encoding (part, GMIME_CONTENT_ENCODING_BASE64);

  if (content == NULL)
    content = empty = g_mime_stream_mem_new ();
  set_content (part, content);
  return GMIME_OBJECT (part);
}

static void
add_mailboxes (GMimeMessage     *message,
               GMimeAddressType  type,
               GPtrArray        *list)
{
  for (guint i = 0; i < list->len; i++)
    {
      Mailbox *mailbox = g_ptr_array_index (list, i);

      g_mime_message_add_mailbox (message, type, mailbox->name, mailbox->address);
    }
}

/* @streams receives the attachments' opened files; when %NULL, their
 * content is left out. */
static GMimeMessage *
build_message (ObMessage  *self,
               gboolean    allow_8bit,
               GPtrArray  *streams,
               GError    **error)
{
  g_autoptr(ObGMimeMessage) message = g_mime_message_new (TRUE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GObject) body = NULL;

  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, self->from->name,
                              self->from->address);
  add_mailboxes (message, GMIME_ADDRESS_TYPE_TO, self->to);
  add_mailboxes (message, GMIME_ADDRESS_TYPE_CC, self->cc);
  if (self->reply_to != NULL)
    g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_REPLY_TO, NULL, self->reply_to);
  if (self->subject != NULL)
    g_mime_message_set_subject (message, self->subject, "utf-8");
  g_mime_message_set_date (message, now);
  g_mime_message_set_message_id (message, ob_message_get_message_id (self));

  body = G_OBJECT (build_body (self, allow_8bit));
  if (self->attachments->len > 0)
    {
      g_autoptr(ObGMimeMultipart) mixed = g_mime_multipart_new_with_subtype ("mixed");

      g_mime_multipart_add (mixed, GMIME_OBJECT (body));
      for (guint i = 0; i < self->attachments->len; i++)
        {
          Attachment *attachment = g_ptr_array_index (self->attachments, i);
          g_autoptr(GObject) part = NULL;
          GMimeStream *content = NULL;

          if (streams != NULL)
            {
              content = ob_mime_file_stream_open (attachment->file, attachment->name, error);
              if (content == NULL)
                return NULL;
              g_ptr_array_add (streams, content);
            }
          part = G_OBJECT (build_attachment (attachment, content));
          g_mime_multipart_add (mixed, GMIME_OBJECT (part));
        }
      g_set_object (&body, G_OBJECT (mixed));
    }
  g_mime_message_set_mime_part (message, GMIME_OBJECT (body));

  return g_steal_pointer (&message);
}

static GMimeFormatOptions *
format_options (void)
{
  GMimeFormatOptions *options = g_mime_format_options_new ();

  /* CRLF from the start: what GMime writes for the size estimate is then
   * what goes on the wire, and the data stream passes it through as is. */
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  return options;
}

static gboolean
has_non_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return TRUE;
  return FALSE;
}

static gboolean
list_needs_smtputf8 (GPtrArray *list)
{
  for (guint i = 0; i < list->len; i++)
    if (ob_address_needs_smtputf8 (((Mailbox *) g_ptr_array_index (list, i))->address))
      return TRUE;
  return FALSE;
}

static gboolean
ob_message_needs_smtputf8 (ObMessageSource *source)
{
  ObMessage *self = OB_MESSAGE (source);

  return (self->from != NULL && ob_address_needs_smtputf8 (self->from->address)) ||
         (self->reply_to != NULL && ob_address_needs_smtputf8 (self->reply_to)) ||
         list_needs_smtputf8 (self->to) ||
         list_needs_smtputf8 (self->cc) ||
         list_needs_smtputf8 (self->bcc);
}

static gboolean
ob_message_has_8bit_content (ObMessageSource *source)
{
  return has_non_ascii (OB_MESSAGE (source)->body);
}

static guint64
base64_size (guint64 size)
{
  guint64 encoded = (size + 2) / 3 * 4;
  guint64 lines = (encoded + BASE64_LINE - 1) / BASE64_LINE;

  return encoded + 2 * lines;
}

static guint64
attachment_size (Attachment *attachment)
{
  g_autoptr(GFileInfo) info = NULL;

  /* The file may have changed since it was added; if it cannot be looked
   * at now, writing will say so. */
  info = g_file_query_info (attachment->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  return info != NULL ? (guint64) g_file_info_get_size (info) : attachment->size;
}

/* The message without attachment content, measured by writing it, plus
 * the base64 size of each attachment. The body is measured in the encoding
 * it gets without 8BITMIME, which is never the smaller one. */
static guint64
ob_message_get_size_estimate (ObMessageSource *source)
{
  ObMessage *self = OB_MESSAGE (source);
  g_autoptr(ObGMimeFormatOptions) options = format_options ();
  g_autoptr(ObGMimeMessage) message = NULL;
  g_autoptr(ObGMimeStream) null = NULL;
  guint64 size;

  g_return_val_if_fail (self->from != NULL, 0);

  message = build_message (self, FALSE, NULL, NULL);
  null = g_mime_stream_null_new ();
  g_mime_object_write_to_stream (GMIME_OBJECT (message), options, null);
  size = GMIME_STREAM_NULL (null)->written + ESTIMATE_MARGIN;
  for (guint i = 0; i < self->attachments->len; i++)
    size += base64_size (attachment_size (g_ptr_array_index (self->attachments, i)));
  return size;
}

static gboolean
ob_message_write (ObMessageSource  *source,
                  GOutputStream    *out,
                  gboolean          allow_8bit,
                  GCancellable     *cancellable,
                  GError          **error)
{
  ObMessage *self = OB_MESSAGE (source);
  g_autoptr(ObGMimeFormatOptions) options = format_options ();
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ObGMimeMessage) message = NULL;
  g_autoptr(ObGMimeStream) mime_out = NULL;
  const GError *write_error;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (self->from == NULL)
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The message has no sender. Fill in the “From” "
                                              "address.")));
      return FALSE;
    }
  if (!allow_8bit && ob_message_needs_smtputf8 (source))
    {
      /* RFC 6531 servers always take 8-bit data, so this one does not
       * take SMTPUTF8 either. */
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_ENCODING, OB_SMTP_STAGE_BODY, NULL,
                                            _("An address in this message has non-ASCII "
                                              "characters, and the server does not accept "
                                              "those.")));
      return FALSE;
    }

  message = build_message (self, allow_8bit, streams, error);
  if (message == NULL)
    return FALSE;

  mime_out = ob_mime_output_stream_new (out, cancellable);
  if (g_mime_object_write_to_stream (GMIME_OBJECT (message), options, mime_out) >= 0)
    return TRUE;

  write_error = ob_mime_output_stream_get_error (OB_MIME_OUTPUT_STREAM (mime_out));
  for (guint i = 0; write_error == NULL && i < streams->len; i++)
    write_error = ob_mime_file_stream_get_error (g_ptr_array_index (streams, i));
  if (write_error != NULL)
    g_propagate_error (error, g_error_copy (write_error));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         _("The message could not be put together for sending."));
  return FALSE;
}

static char *
ob_message_dup_subject (ObMessageSource *source)
{
  return g_strdup (OB_MESSAGE (source)->subject);
}

static void
ob_message_source_iface_init (ObMessageSourceInterface *iface)
{
  iface->get_size_estimate = ob_message_get_size_estimate;
  iface->has_8bit_content = ob_message_has_8bit_content;
  iface->needs_smtputf8 = ob_message_needs_smtputf8;
  iface->write = ob_message_write;
  iface->dup_subject = ob_message_dup_subject;
}
