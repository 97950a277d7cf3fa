/* ob-mime-file-stream.c — a file opened for GMime to read, with real errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attachments are read by GMime while it writes the message, straight from
 * the file descriptor in small blocks, so a file of any size costs the same
 * memory. GMime only learns that a read failed (-1); this stream keeps why,
 * and which file, so the person is told what to fix.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ob-mime-file-stream.h"

struct _ObMimeFileStream
{
  GMimeStreamFs  parent_instance;

  char          *name;
  guint64        size;
  GError        *error;
};

G_DEFINE_FINAL_TYPE (ObMimeFileStream, ob_mime_file_stream, GMIME_TYPE_STREAM_FS)

static void
set_read_error (GError     **error,
                int          saved_errno,
                const char  *name)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not read the attachment “%s”: %s"), name, g_strerror (saved_errno));
}

static ssize_t
ob_mime_file_stream_read (GMimeStream *stream,
                          char        *buf,
                          size_t       len)
{
  ObMimeFileStream *self = OB_MIME_FILE_STREAM (stream);
  ssize_t n;

  n = GMIME_STREAM_CLASS (ob_mime_file_stream_parent_class)->read (stream, buf, len);
  if (n < 0 && self->error == NULL)
    set_read_error (&self->error, errno, self->name);
  return n;
}

static void
ob_mime_file_stream_finalize (GObject *object)
{
  ObMimeFileStream *self = OB_MIME_FILE_STREAM (object);

  g_free (self->name);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ob_mime_file_stream_parent_class)->finalize (object);
}

static void
ob_mime_file_stream_class_init (ObMimeFileStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GMimeStreamClass *stream_class = GMIME_STREAM_CLASS (klass);

  object_class->finalize = ob_mime_file_stream_finalize;
  stream_class->read = ob_mime_file_stream_read;
}

static void
ob_mime_file_stream_init (ObMimeFileStream *self)
{
}

/**
 * ob_mime_file_stream_open:
 * @file: a local file
 * @name: what to call it in error messages, in UTF-8
 *
 * Opens @file for reading. Only regular files are accepted: a directory
 * cannot be sent, and a device or pipe could block or never end.
 *
 * Returns: (transfer full): a stream positioned at the start of the file,
 *   or %NULL with a %G_IO_ERROR that names the file
 */
GMimeStream *
ob_mime_file_stream_open (GFile       *file,
                          const char  *name,
                          GError     **error)
{
  g_autofree char *path = NULL;
  ObMimeFileStream *self;
  GMimeStreamFs *fs;
  struct stat st;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Could not read the attachment “%s”: only files on this computer "
                     "can be attached."), name);
      return NULL;
    }

  /* O_NONBLOCK keeps a FIFO put in the file's place from blocking the
   * open; it is refused just below. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_read_error (error, errno, name);
      return NULL;
    }
  if (fstat (fd, &st) < 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      set_read_error (error, saved_errno, name);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   S_ISDIR (st.st_mode)
                   ? _("Could not attach “%s”: it is a folder. Attach the files in it, "
                       "or compress the folder first.")
                   : _("Could not attach “%s”: it is not a regular file."),
                   name);
      return NULL;
    }

  /* Reads from a regular file should wait for the disk, as usual. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  self = g_object_new (OB_TYPE_MIME_FILE_STREAM, NULL);
  g_mime_stream_construct (GMIME_STREAM (self), 0, -1);
  fs = GMIME_STREAM_FS (self);
  fs->fd = fd;
  fs->owner = TRUE;
  fs->eos = FALSE;
  self->name = g_strdup (name);
  self->size = st.st_size;
  return GMIME_STREAM (self);
}

/**
 * ob_mime_file_stream_get_size:
 *
 * Returns: the file's size when it was opened
 */
guint64
ob_mime_file_stream_get_size (ObMimeFileStream *self)
{
  g_return_val_if_fail (OB_IS_MIME_FILE_STREAM (self), 0);

  return self->size;
}

/**
 * ob_mime_file_stream_get_error:
 *
 * Returns: (nullable) (transfer none): why the first failed read failed
 */
const GError *
ob_mime_file_stream_get_error (ObMimeFileStream *self)
{
  g_return_val_if_fail (OB_IS_MIME_FILE_STREAM (self), NULL);

  return self->error;
}
