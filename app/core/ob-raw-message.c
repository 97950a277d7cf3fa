/* ob-raw-message.c — a complete RFC 5322 message given as a file or bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message handed over by a mail program (sendmail, a .eml file) is sent
 * as it is: only the header block is read into memory, and only so far as
 * to find the sender and recipients and to leave out Bcc. The rest travels
 * byte for byte, streamed from the file. Only when the message has 8-bit
 * data and the server cannot take it is the message parsed and re-encoded
 * with GMime.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-address.h"
#include "ob-escape.h"
#include "ob-gmime.h"
#include "ob-mime-output-stream.h"
#include "ob-raw-message.h"
#include "ob-smtp-error.h"

/* A header block is a few kilobytes; a megabyte means it is not one. */
#define MAX_HEADER_BLOCK (1024 * 1024)
#define CHUNK_SIZE (64 * 1024)
/* How much of a bad header line an error message quotes. */
#define QUOTE_LENGTH 60

typedef struct
{
  gsize  offset;   /* in the header block */
  gsize  length;   /* with continuation lines and line ends */
  char  *name;
} Field;

struct _ObRawMessage
{
  GObject     parent_instance;

  GFile      *file;        /* the message is in this file, or */
  GBytes     *bytes;       /* in these bytes */
  GBytes     *header;      /* the header fields, up to the blank line */
  gsize       start;       /* where the first field starts */
  gsize       header_end;  /* where the blank line (or the end) starts */
  guint64     size;
  guint64     crlf_extra;  /* octets added by turning line ends into CRLF */
  gboolean    has_8bit;
  gboolean    needs_smtputf8;
  gboolean    strip_bcc;
  GArray     *fields;      /* of Field */
  char       *sender;
  GPtrArray  *recipients;
};

static void ob_message_source_iface_init (ObMessageSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ObRawMessage, ob_raw_message, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (OB_TYPE_MESSAGE_SOURCE,
                                                      ob_message_source_iface_init))

static void
field_clear (Field *field)
{
  g_free (field->name);
}

static void
ob_raw_message_finalize (GObject *object)
{
  ObRawMessage *self = OB_RAW_MESSAGE (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->header, g_bytes_unref);
  g_array_unref (self->fields);
  g_free (self->sender);
  g_ptr_array_unref (self->recipients);

  G_OBJECT_CLASS (ob_raw_message_parent_class)->finalize (object);
}

static void
ob_raw_message_class_init (ObRawMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ob_raw_message_finalize;

  ob_gmime_init ();
}

static void
ob_raw_message_init (ObRawMessage *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, (GDestroyNotify) field_clear);
  self->recipients = g_ptr_array_new_with_free_func (g_free);
}

/* What a pass over the whole message learns, one chunk at a time. */
typedef struct
{
  guint64  size;
  guint64  crlf_extra;
  gboolean prev_cr;
  guchar   any;          /* every octet OR-ed together */
} Scan;

static void
scan_chunk (Scan         *scan,
            const guchar *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      scan->any |= c;
      if (c == '\n')
        {
          if (!scan->prev_cr)
            scan->crlf_extra++;
          scan->prev_cr = FALSE;
        }
      else
        {
          if (scan->prev_cr)
            scan->crlf_extra++;
          scan->prev_cr = (c == '\r');
        }
    }
  scan->size += len;
}

static void
scan_finish (Scan   *scan,
             guchar  last)
{
  if (scan->prev_cr)
    scan->crlf_extra++;
  /* The data stream ends an unfinished last line. */
  if (last != '\n' && last != '\r')
    scan->crlf_extra += 2;
}

/* Looks for the blank line that ends the header block, from *@cursor on,
 * and leaves *@cursor at the first line not yet complete. */
static gboolean
find_header_end (const guchar *data,
                 gsize         len,
                 gsize        *cursor)
{
  while (*cursor < len)
    {
      const guchar *line = data + *cursor;
      const guchar *lf = memchr (line, '\n', len - *cursor);

      if (lf == NULL)
        return FALSE;
      if (lf == line || (lf == line + 1 && line[0] == '\r'))
        return TRUE;
      *cursor = lf - data + 1;
    }
  return FALSE;
}

static GError *
malformed_error (guint         line_number,
                 const guchar *line,
                 gsize         len)
{
  g_autofree char *shown = ob_escape_untrusted ((const char *) line, MIN (len, QUOTE_LENGTH));

  return ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                            _("Line %u of the message’s header is not a valid header field: "
                              "“%s”. The message must start with header lines such as "
                              "“From: …”, then a blank line, then the text."),
                            line_number, shown);
}

/* The field name, or %NULL when @line is not "name:" followed by anything.
 * Space before the colon is allowed, as RFC 5322's obsolete syntax does. */
static char *
field_name (const guchar *line,
            gsize         len)
{
  gsize name_len = 0;
  gsize i;

  while (name_len < len && line[name_len] > 0x20 && line[name_len] < 0x7f &&
         line[name_len] != ':')
    name_len++;
  for (i = name_len; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
    ;
  if (name_len == 0 || i == len || line[i] != ':')
    return NULL;
  return g_strndup ((const char *) line, name_len);
}

/* Whether the first line is an mbox "From " line, as left by some mail
 * programs and by git format-patch: not a header, and not sent. */
static gsize
mbox_line_length (const guchar *data,
                  gsize         len)
{
  const guchar *lf = memchr (data, '\n', len);
  gsize line_len = lf != NULL ? (gsize) (lf - data + 1) : len;
  g_autofree char *name = field_name (data, line_len);

  if (name != NULL || len < 5 || memcmp (data, "From ", 5) != 0)
    return 0;
  return line_len;
}

/* Splits the header block into fields. */
static gboolean
parse_fields (ObRawMessage  *self,
              const guchar  *data,
              gsize          len,
              GError       **error)
{
  gsize pos = mbox_line_length (data, len);
  guint line_number = pos > 0 ? 1 : 0;

  self->start = pos;

  while (pos < len)
    {
      const guchar *line = data + pos;
      const guchar *lf = memchr (line, '\n', len - pos);
      gsize line_len = lf != NULL ? (gsize) (lf - line + 1) : len - pos;
      gsize text_len = line_len;

      line_number++;
      if (text_len > 0 && line[text_len - 1] == '\n')
        text_len--;
      if (text_len > 0 && line[text_len - 1] == '\r')
        text_len--;
      /* A CR or NUL inside a header line would end it early on one server
       * and not on another. */
      if (memchr (line, '\r', text_len) != NULL || memchr (line, '\0', text_len) != NULL)
        {
          g_propagate_error (error, malformed_error (line_number, line, text_len));
          return FALSE;
        }

      if (line[0] == ' ' || line[0] == '\t')
        {
          if (self->fields->len == 0)
            {
              g_propagate_error (error, malformed_error (line_number, line, text_len));
              return FALSE;
            }
          g_array_index (self->fields, Field, self->fields->len - 1).length += line_len;
        }
      else
        {
          Field field = { pos, line_len, field_name (line, text_len) };

          if (field.name == NULL)
            {
              g_propagate_error (error, malformed_error (line_number, line, text_len));
              return FALSE;
            }
          g_array_append_val (self->fields, field);
        }
      pos += line_len;
    }

  if (self->fields->len == 0)
    {
      g_propagate_error (error,
                         ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                                            _("The message has no header. It must start with "
                                              "header lines such as “From: …”, then a blank "
                                              "line, then the text.")));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_address_field (const char *name)
{
  static const char * const names[] = { "From", "Sender", "Reply-To", "To", "Cc", "Bcc" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The field's value without its name and with folding undone. */
static char *
field_value (const guchar *header,
             const Field  *field)
{
  const guchar *p = header + field->offset;
  const guchar *end = p + field->length;
  GString *value = g_string_sized_new (field->length);

  p = (const guchar *) memchr (p, ':', field->length) + 1;
  for (; p < end; p++)
    if (*p != '\r' && *p != '\n')
      g_string_append_c (value, *p);
  return g_string_free (value, FALSE);
}

static void
collect_addresses (InternetAddressList *list,
                   GPtrArray           *addresses)
{
  for (int i = 0; i < internet_address_list_length (list); i++)
    {
      InternetAddress *address = internet_address_list_get_address (list, i);

      if (INTERNET_ADDRESS_IS_GROUP (address))
        collect_addresses (internet_address_group_get_members (INTERNET_ADDRESS_GROUP (address)),
                           addresses);
      else if (*internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)) != '\0')
        g_ptr_array_add (addresses,
                         g_strdup (internet_address_mailbox_get_addr (
                           INTERNET_ADDRESS_MAILBOX (address))));
    }
}

static void
read_addresses (ObRawMessage *self)
{
  const guchar *header = g_bytes_get_data (self->header, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = &g_array_index (self->fields, Field, i);
      g_autoptr(ObInternetAddressList) list = NULL;
      g_autoptr(GPtrArray) addresses = NULL;
      g_autofree char *value = NULL;

      if (!is_address_field (field->name))
        continue;
      value = field_value (header, field);
      list = internet_address_list_parse (NULL, value);
      if (list == NULL)
        continue;
      addresses = g_ptr_array_new_with_free_func (g_free);
      collect_addresses (list, addresses);

      /* A name in UTF-8 can be re-encoded; an address cannot. */
      for (guint j = 0; j < addresses->len; j++)
        if (ob_address_needs_smtputf8 (g_ptr_array_index (addresses, j)))
          self->needs_smtputf8 = TRUE;

      if (g_ascii_strcasecmp (field->name, "From") == 0)
        {
          if (self->sender == NULL && addresses->len > 0)
            self->sender = g_strdup (g_ptr_array_index (addresses, 0));
        }
      else if (g_ascii_strcasecmp (field->name, "To") == 0 ||
               g_ascii_strcasecmp (field->name, "Cc") == 0 ||
               g_ascii_strcasecmp (field->name, "Bcc") == 0)
        g_ptr_array_extend_and_steal (self->recipients, g_steal_pointer (&addresses));
    }
}

/* Takes in the header block, data[0..header_end), and what the scan found. */
static gboolean
load_header (ObRawMessage  *self,
             GBytes        *header,
             const Scan    *scan,
             GError       **error)
{
  gsize len;
  const guchar *data = g_bytes_get_data (header, &len);

  self->header = g_bytes_ref (header);
  self->header_end = len;
  self->size = scan->size;
  self->crlf_extra = scan->crlf_extra;
  self->has_8bit = (scan->any & 0x80) != 0;

  if (!parse_fields (self, data, len, error))
    return FALSE;
  read_addresses (self);
  return TRUE;
}

static GError *
header_too_large_error (void)
{
  return ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                            _("The message’s header is larger than 1 MiB, or the blank line "
                              "that ends it is missing. This does not look like an email "
                              "message."));
}

static GError *
empty_error (void)
{
  return ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                            _("The message is empty."));
}

/**
 * ob_raw_message_new_from_file:
 * @file: a file holding one RFC 5322 message
 *
 * Reads the file once, to check its header and find out whether it has
 * 8-bit data, without keeping more than the header in memory. The content
 * is read again when the message is written.
 *
 * Returns: (transfer full): the message, or %NULL with a %G_IO_ERROR when
 *   the file cannot be read, or %OB_SMTP_ERROR_INVALID_INPUT when it does
 *   not start with a valid header block
 */
ObRawMessage *
ob_raw_message_new_from_file (GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(ObRawMessage) self = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GByteArray) header = g_byte_array_new ();
  g_autoptr(GBytes) header_bytes = NULL;
  g_autofree guchar *chunk = g_malloc (CHUNK_SIZE);
  g_autofree char *name = g_file_get_parse_name (file);
  gboolean header_done = FALSE;
  gsize cursor = 0;
  guchar last = '\n';
  Scan scan = { 0, };

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    {
      g_prefix_error (error, _("Could not read the message file “%s”: "), name);
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), chunk, CHUNK_SIZE, cancellable, error);

      if (n < 0)
        {
          g_prefix_error (error, _("Could not read the message file “%s”: "), name);
          return NULL;
        }
      if (n == 0)
        break;
      scan_chunk (&scan, chunk, n);
      last = chunk[n - 1];

      if (!header_done)
        {
          g_byte_array_append (header, chunk, n);
          header_done = find_header_end (header->data, header->len, &cursor);
          if (header_done)
            g_byte_array_set_size (header, cursor);
          if (header->len > MAX_HEADER_BLOCK)
            {
              g_propagate_error (error, header_too_large_error ());
              return NULL;
            }
        }
    }
  if (scan.size == 0)
    {
      g_propagate_error (error, empty_error ());
      return NULL;
    }
  scan_finish (&scan, last);

  self = g_object_new (OB_TYPE_RAW_MESSAGE, NULL);
  self->file = g_object_ref (file);
  header_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&header));
  if (!load_header (self, header_bytes, &scan, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * ob_raw_message_new_from_bytes:
 * @bytes: one RFC 5322 message, as read from standard input for instance
 *
 * Returns: (transfer full): the message, or %NULL with
 *   %OB_SMTP_ERROR_INVALID_INPUT when it does not start with a valid header
 *   block
 */
ObRawMessage *
ob_raw_message_new_from_bytes (GBytes  *bytes,
                               GError **error)
{
  g_autoptr(ObRawMessage) self = NULL;
  g_autoptr(GBytes) header = NULL;
  const guchar *data;
  gsize len;
  gsize cursor = 0;
  Scan scan = { 0, };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_propagate_error (error, empty_error ());
      return NULL;
    }
  if (!find_header_end (data, MIN (len, MAX_HEADER_BLOCK + 1), &cursor))
    {
      if (len > MAX_HEADER_BLOCK)
        {
          g_propagate_error (error, header_too_large_error ());
          return NULL;
        }
      /* A message without a body is all header. */
      cursor = len;
    }
  scan_chunk (&scan, data, len);
  scan_finish (&scan, data[len - 1]);

  self = g_object_new (OB_TYPE_RAW_MESSAGE, NULL);
  self->bytes = g_bytes_ref (bytes);
  header = g_bytes_new_from_bytes (bytes, 0, cursor);
  if (!load_header (self, header, &scan, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * ob_raw_message_get_sender:
 *
 * Returns: (transfer full) (nullable): the first address in From
 */
char *
ob_raw_message_get_sender (ObRawMessage *self)
{
  g_return_val_if_fail (OB_IS_RAW_MESSAGE (self), NULL);

  return g_strdup (self->sender);
}

/**
 * ob_raw_message_get_recipients:
 *
 * Returns: (transfer full): the addresses in To, Cc and Bcc, in order, as
 *   `sendmail -t` takes them; ob_envelope_add_recipient() drops repeats
 */
GStrv
ob_raw_message_get_recipients (ObRawMessage *self)
{
  GStrvBuilder *builder;
  GStrv result;

  g_return_val_if_fail (OB_IS_RAW_MESSAGE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->recipients->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->recipients, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/**
 * ob_raw_message_set_strip_bcc:
 * @strip_bcc: whether to leave out Bcc header fields when writing
 *
 * Bcc recipients get the message through the envelope; the field itself
 * must not reach anyone, as `sendmail -t` does.
 */
void
ob_raw_message_set_strip_bcc (ObRawMessage *self,
                              gboolean      strip_bcc)
{
  g_return_if_fail (OB_IS_RAW_MESSAGE (self));

  self->strip_bcc = !!strip_bcc;
}

static guint64
ob_raw_message_get_size_estimate (ObMessageSource *source)
{
  ObRawMessage *self = OB_RAW_MESSAGE (source);

  return self->size - self->start + self->crlf_extra;
}

static gboolean
ob_raw_message_has_8bit_content (ObMessageSource *source)
{
  return OB_RAW_MESSAGE (source)->has_8bit;
}

static gboolean
ob_raw_message_needs_smtputf8 (ObMessageSource *source)
{
  return OB_RAW_MESSAGE (source)->needs_smtputf8;
}

static gboolean
is_bcc (const Field *field)
{
  return g_ascii_strcasecmp (field->name, "Bcc") == 0;
}

/* Writes the header fields as they are, leaving out Bcc when asked to,
 * in as few writes as the gaps allow. */
static gboolean
write_header (ObRawMessage  *self,
              GOutputStream *out,
              GCancellable  *cancellable,
              GError       **error)
{
  const guchar *header = g_bytes_get_data (self->header, NULL);
  gsize run_start = self->start;

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = &g_array_index (self->fields, Field, i);

      if (!self->strip_bcc || !is_bcc (field))
        continue;
      if (!g_output_stream_write_all (out, header + run_start, field->offset - run_start,
                                      NULL, cancellable, error))
        return FALSE;
      run_start = field->offset + field->length;
    }
  return g_output_stream_write_all (out, header + run_start, self->header_end - run_start,
                                    NULL, cancellable, error);
}

static gboolean
write_body_from_file (ObRawMessage  *self,
                      GOutputStream *out,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  in = g_file_read (self->file, cancellable, &local_error);
  if (in != NULL &&
      g_seekable_seek (G_SEEKABLE (in), self->header_end, G_SEEK_SET, cancellable, &local_error) &&
      g_output_stream_splice (out, G_INPUT_STREAM (in), G_OUTPUT_STREAM_SPLICE_NONE,
                              cancellable, &local_error) >= 0)
    return TRUE;

  name = g_file_get_parse_name (self->file);
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&local_error, _("Could not send the message file “%s”: "), name);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
write_as_is (ObRawMessage  *self,
             GOutputStream *out,
             GCancellable  *cancellable,
             GError       **error)
{
  gsize len;
  const guchar *data;

  if (!write_header (self, out, cancellable, error))
    return FALSE;
  if (self->file != NULL)
    return write_body_from_file (self, out, cancellable, error);

  data = g_bytes_get_data (self->bytes, &len);
  return g_output_stream_write_all (out, data + self->header_end, len - self->header_end,
                                    NULL, cancellable, error);
}

static gboolean
has_8bit (const char *text)
{
  for (const guchar *p = (const guchar *) text; p != NULL && *p != '\0'; p++)
    if (*p >= 0x80)
      return TRUE;
  return FALSE;
}

/* Re-encodes every header with 8-bit text as RFC 2047 (or RFC 2231 for
 * parameters). An address whose local part is not ASCII cannot be
 * re-encoded: only SMTPUTF8 can carry it. */
static gboolean
encode_headers (GMimeObject  *object,
                GError      **error)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);

  for (int i = 0; i < g_mime_header_list_get_count (headers); i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      g_autofree char *value = NULL;

      if (!has_8bit (g_mime_header_get_raw_value (header)))
        continue;
      value = g_strdup (g_mime_header_get_value (header));
      g_mime_header_set_value (header, NULL, value, "utf-8");
      if (has_8bit (g_mime_header_get_raw_value (header)))
        {
          g_autofree char *shown = ob_escape_untrusted (g_mime_header_get_name (header), -1);

          g_propagate_error (error,
                             ob_smtp_error_new (OB_SMTP_ERROR_ENCODING, OB_SMTP_STAGE_BODY, NULL,
                                                _("The “%s” header has non-ASCII characters "
                                                  "that cannot be converted, such as an "
                                                  "address with accented letters before the "
                                                  "“@”, and the server does not accept "
                                                  "them."),
                                                shown));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
encode_object (GMimeObject  *object,
               GError      **error)
{
  if (!encode_headers (object, error))
    return FALSE;

  if (GMIME_IS_MESSAGE (object))
    {
      GMimeObject *body = g_mime_message_get_mime_part (GMIME_MESSAGE (object));

      return body == NULL || encode_object (body, error);
    }
  if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *message = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      return message == NULL || encode_object (GMIME_OBJECT (message), error);
    }
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);

      /* Text around the parts is for programs that do not know MIME
       * (RFC 2046, 5.1.1) and is not shown by those that do. */
      if (has_8bit (g_mime_multipart_get_prologue (multipart)))
        g_mime_multipart_set_prologue (multipart, NULL);
      if (has_8bit (g_mime_multipart_get_epilogue (multipart)))
        g_mime_multipart_set_epilogue (multipart, NULL);
      for (int i = 0; i < g_mime_multipart_get_count (multipart); i++)
        if (!encode_object (g_mime_multipart_get_part (multipart, i), error))
          return FALSE;
    }
  return TRUE;
}

static GMimeStream *
open_for_parsing (ObRawMessage *self)
{
  gsize len;
  const guchar *data;

  /* The GIO stream takes over the reference it is given. */
  if (self->file != NULL)
    return g_mime_stream_gio_new_with_bounds (g_object_ref (self->file), self->start, -1);

  /* Only messages from standard input are in memory, and they already
   * are whole there. */
  data = g_bytes_get_data (self->bytes, &len);
  return g_mime_stream_mem_new_with_buffer ((const char *) data + self->start, len - self->start);
}

/* GMime's parser takes nearly anything, so when it fails, or writing fails
 * without the output failing, the message could not be read. */
static GError *
conversion_read_error (ObRawMessage *self)
{
  g_autofree char *name = NULL;

  if (self->file == NULL)
    return ob_smtp_error_new (OB_SMTP_ERROR_INVALID_INPUT, OB_SMTP_STAGE_NONE, NULL,
                              _("The message could not be read as MIME, so its 8-bit text "
                                "cannot be converted for this server."));
  name = g_file_get_parse_name (self->file);
  return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                      _("Could not read the message file “%s” to convert its 8-bit text for "
                        "this server."), name);
}

/* For a server without 8BITMIME: the message is parsed, its 8-bit parts
 * re-encoded as quoted-printable or base64 and its 8-bit headers as
 * RFC 2047, and written anew. Only this path parses the whole message; the
 * parts stay in the file and are read while they are written. */
static gboolean
write_7bit (ObRawMessage  *self,
            GOutputStream *out,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(ObGMimeStream) in = open_for_parsing (self);
  g_autoptr(ObGMimeParser) parser = g_mime_parser_new_with_stream (in);
  g_autoptr(ObGMimeMessage) message = NULL;
  g_autoptr(ObGMimeFormatOptions) options = g_mime_format_options_new ();
  g_autoptr(ObGMimeStream) mime_out = NULL;
  const GError *write_error;

  message = g_mime_parser_construct_message (parser, NULL);
  if (message == NULL)
    {
      g_propagate_error (error, conversion_read_error (self));
      return FALSE;
    }

  if (self->strip_bcc)
    while (g_mime_object_remove_header (GMIME_OBJECT (message), "Bcc"))
      ;
  if (!encode_object (GMIME_OBJECT (message), error))
    return FALSE;
  g_mime_object_encode (GMIME_OBJECT (message), GMIME_ENCODING_CONSTRAINT_7BIT);

  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  mime_out = ob_mime_output_stream_new (out, cancellable);
  if (g_mime_object_write_to_stream (GMIME_OBJECT (message), options, mime_out) >= 0)
    return TRUE;

  write_error = ob_mime_output_stream_get_error (OB_MIME_OUTPUT_STREAM (mime_out));
  g_propagate_error (error, write_error != NULL ? g_error_copy (write_error)
                                                : conversion_read_error (self));
  return FALSE;
}

static gboolean
ob_raw_message_write (ObMessageSource  *source,
                      GOutputStream    *out,
                      gboolean          allow_8bit,
                      GCancellable     *cancellable,
                      GError          **error)
{
  ObRawMessage *self = OB_RAW_MESSAGE (source);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (self->has_8bit && !allow_8bit)
    return write_7bit (self, out, cancellable, error);
  return write_as_is (self, out, cancellable, error);
}

/* A message has one Subject at most (RFC 5322, 3.6); of several, the first
 * is taken. */
static char *
ob_raw_message_dup_subject (ObMessageSource *source)
{
  ObRawMessage *self = OB_RAW_MESSAGE (source);
  const guchar *header = g_bytes_get_data (self->header, NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = &g_array_index (self->fields, Field, i);
      g_autofree char *value = NULL;

      if (g_ascii_strcasecmp (field->name, "Subject") != 0)
        continue;
      value = field_value (header, field);
      return g_strstrip (g_mime_utils_header_decode_text (NULL, value));
    }
  return NULL;
}

static void
ob_message_source_iface_init (ObMessageSourceInterface *iface)
{
  iface->get_size_estimate = ob_raw_message_get_size_estimate;
  iface->has_8bit_content = ob_raw_message_has_8bit_content;
  iface->needs_smtputf8 = ob_raw_message_needs_smtputf8;
  iface->write = ob_raw_message_write;
  iface->dup_subject = ob_raw_message_dup_subject;
}
