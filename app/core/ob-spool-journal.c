/* ob-spool-journal.c — the per-message journal of the outbox's spool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line per moment that decides whether the server may hold a message,
 * each appended and synced before the sending goes on:
 *
 *   3 end-of-data                        the final dot is about to leave
 *   3 final-reply 1714567890 250 2.0.0…  the reply to it, and when
 *
 * (3 being the attempt). A line a crash cut short is ignored, and the next
 * line starts on a line of its own.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ob-smtp-reply.h"
#include "ob-spool-private.h"

#define JOURNAL_FILE "journal"

static gboolean
ends_with_newline (int fd)
{
  off_t size = lseek (fd, 0, SEEK_END);
  char last = '\n';

  if (size > 0 && pread (fd, &last, 1, size - 1) != 1)
    return FALSE;
  return last == '\n';
}

static gboolean
journal_append (ObSpool     *self,
                const char  *id,
                const char  *line,
                GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *with_newline = NULL;
  gboolean created = FALSE;
  int fd;

  g_return_val_if_fail (OB_IS_SPOOL (self), FALSE);
  g_return_val_if_fail (ob_spool_id_is_valid (id), FALSE);

  path = g_build_filename (self->folders[OB_SPOOL_OUTBOX], id, JOURNAL_FILE, NULL);
  fd = open (path, O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      fd = open (path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
      created = TRUE;
    }
  if (fd < 0)
    return ob_spool_fail_errno (error, errno, path);
  /* After a line a crash cut short, a new line must not be glued to it. */
  if (!created && !ends_with_newline (fd))
    line = with_newline = g_strconcat ("\n", line, NULL);
  if (!ob_spool_write_all_fd (fd, line, strlen (line), path, error))
    {
      close (fd);
      return FALSE;
    }
  if (fdatasync (fd) != 0)
    {
      int errsv = errno;

      close (fd);
      return ob_spool_fail_errno (error, errsv, path);
    }
  close (fd);
  if (created)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      return ob_spool_sync_directory (dir, error);
    }
  return TRUE;
}

/**
 * ob_spool_journal_end_of_data:
 * @attempt: the attempt this is part of
 *
 * Records, durably, that the final dot of @attempt is about to be sent:
 * from now on the server may hold the message.
 */
gboolean
ob_spool_journal_end_of_data (ObSpool     *self,
                              const char  *id,
                              guint        attempt,
                              GError     **error)
{
  g_autofree char *line = g_strdup_printf ("%u end-of-data\n", attempt);

  return journal_append (self, id, line, error);
}

/**
 * ob_spool_journal_reply:
 *
 * Records, durably, the server's reply to the final dot of @attempt.
 */
gboolean
ob_spool_journal_reply (ObSpool      *self,
                        const char   *id,
                        guint         attempt,
                        ObSmtpReply  *reply,
                        GError      **error)
{
  g_autofree char *text = ob_smtp_reply_to_string (reply);
  g_autofree char *line = NULL;

  g_strdelimit (text, "\r\n", ' ');
  line = g_strdup_printf ("%u final-reply %" G_GINT64_FORMAT " %s\n", attempt,
                          g_get_real_time () / G_USEC_PER_SEC, text);
  return journal_append (self, id, line, error);
}

/**
 * ob_spool_journal_read:
 * @journal: (out caller-allocates): what the journal says of @attempt;
 *   all zero when nothing (or no journal) is found
 *
 * A line a crash cut short has no line end and is ignored.
 */
void
ob_spool_journal_read (ObSpool        *self,
                       const char     *id,
                       guint           attempt,
                       ObSpoolJournal *journal)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *prefix = g_strdup_printf ("%u ", attempt);
  char *line, *next;

  g_return_if_fail (OB_IS_SPOOL (self));

  memset (journal, 0, sizeof *journal);
  if (!ob_spool_id_is_valid (id))
    return;
  path = g_build_filename (self->folders[OB_SPOOL_OUTBOX], id, JOURNAL_FILE, NULL);
  if (!g_file_get_contents (path, &data, NULL, NULL))
    return;

  for (line = data; (next = strchr (line, '\n')) != NULL; line = next + 1)
    {
      const char *event;
      char *end;
      gint64 time;
      guint64 code;

      *next = '\0';
      if (!g_str_has_prefix (line, prefix))
        continue;
      event = line + strlen (prefix);
      if (g_str_equal (event, "end-of-data"))
        {
          journal->end_of_data = TRUE;
          continue;
        }
      if (!g_str_has_prefix (event, "final-reply "))
        continue;
      time = g_ascii_strtoll (event + 12, &end, 10);
      if (*end != ' ' || strlen (end + 1) < 3 ||
          !g_ascii_string_to_unsigned ((char[]) { end[1], end[2], end[3], '\0' }, 10, 100, 599,
                                       &code, NULL))
        continue;
      journal->reply_code = code;
      journal->reply_time = time;
      g_free (journal->reply);
      journal->reply = g_strdup (end + 1);
    }
}

void
ob_spool_journal_clear (ObSpoolJournal *journal)
{
  g_clear_pointer (&journal->reply, g_free);
}
