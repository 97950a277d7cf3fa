/* ob-send-log.c — when each account last sent, for its sending limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Providers cap how many messages an account may send per minute and per
 * day, and `outbound sendmail` sends from a new process each time, so the
 * count has to live on disk: one line per message sent, "TIME ACCOUNT",
 * appended under an flock(2) so that processes sharing the spool do not
 * interleave. Lines older than a day no longer count and are dropped when
 * the log is reloaded. Losing the log in a crash loses only the count, never
 * mail, so it is not synced.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "ob-send-log.h"
#include "ob-spool.h"

#define MINUTE 60
#define DAY    (24 * 60 * 60)

typedef struct
{
  gint64  time;
  char   *account_id;
} Send;

struct _ObSendLog
{
  char   *path;
  GMutex  lock;     /* protects sends */
  GArray *sends;    /* of Send, oldest first */
};

static void
send_clear (Send *send)
{
  g_free (send->account_id);
}

ObSendLog *
ob_send_log_new (const char *path)
{
  ObSendLog *self = g_new0 (ObSendLog, 1);

  self->path = g_strdup (path);
  g_mutex_init (&self->lock);
  self->sends = g_array_new (FALSE, TRUE, sizeof (Send));
  g_array_set_clear_func (self->sends, (GDestroyNotify) send_clear);
  return self;
}

void
ob_send_log_free (ObSendLog *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->sends);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self);
}

static int
open_locked (const char  *path,
             int          flags,
             GError     **error)
{
  int fd = open (path, flags | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_propagate_error (error, ob_spool_error_from_errno (errno, path));
      return -1;
    }
  while (flock (fd, LOCK_EX) != 0)
    {
      if (errno != EINTR)
        {
          g_propagate_error (error, ob_spool_error_from_errno (errno, path));
          close (fd);
          return -1;
        }
    }
  return fd;
}

static char *
read_fd (int fd)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return NULL;
      g_string_append_len (text, buffer, n);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
write_fd (int         fd,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Keeps the lines of the last day from @text in @sends and in @kept. */
static void
parse (const char *text,
       gint64      since,
       GArray     *sends,
       GString    *kept)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* The last piece follows the last line end: empty, or a line cut short. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      char *end;
      gint64 time = g_ascii_strtoll (lines[i], &end, 10);
      Send send;

      if (end == lines[i] || *end != ' ' || time <= since)
        continue;
      send.time = time;
      send.account_id = g_strcompress (end + 1);
      g_array_append_val (sends, send);
      g_string_append_printf (kept, "%s\n", lines[i]);
    }
}

static int
compare_sends (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = ((const Send *) a)->time, tb = ((const Send *) b)->time;

  return ta < tb ? -1 : ta > tb;
}

/**
 * ob_send_log_reload:
 *
 * Reads what every process sharing the log has sent in the last day, and
 * drops older lines from the file.
 */
gboolean
ob_send_log_reload (ObSendLog  *self,
                    gint64      now,
                    GError    **error)
{
  g_autoptr(GArray) sends = g_array_new (FALSE, TRUE, sizeof (Send));
  g_autoptr(GString) kept = g_string_new (NULL);
  g_autofree char *text = NULL;
  int fd;

  g_array_set_clear_func (sends, (GDestroyNotify) send_clear);
  fd = open_locked (self->path, O_RDWR, error);
  if (fd < 0)
    return FALSE;
  text = read_fd (fd);
  if (text == NULL)
    {
      g_propagate_error (error, ob_spool_error_from_errno (errno, self->path));
      close (fd);
      return FALSE;
    }
  parse (text, now - DAY, sends, kept);
  /* Rewritten in place, under the lock, so that an appender waiting for it
   * writes after the kept lines, into the same file. */
  if (kept->len < strlen (text) &&
      (ftruncate (fd, 0) != 0 || lseek (fd, 0, SEEK_SET) != 0 ||
       !write_fd (fd, kept->str, kept->len)))
    {
      g_propagate_error (error, ob_spool_error_from_errno (errno, self->path));
      close (fd);
      return FALSE;
    }
  close (fd);

  g_array_sort (sends, compare_sends);
  g_mutex_lock (&self->lock);
  g_array_unref (self->sends);
  self->sends = g_steal_pointer (&sends);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * ob_send_log_record:
 *
 * Counts one message sent by @account_id at @time.
 */
gboolean
ob_send_log_record (ObSendLog   *self,
                    const char  *account_id,
                    gint64       time,
                    GError     **error)
{
  g_autofree char *escaped = g_strescape (account_id, NULL);
  g_autofree char *line = g_strdup_printf ("%" G_GINT64_FORMAT " %s\n", time, escaped);
  Send send = { time, g_strdup (account_id) };
  int fd;

  g_mutex_lock (&self->lock);
  g_array_append_val (self->sends, send);
  g_array_sort (self->sends, compare_sends);
  g_mutex_unlock (&self->lock);

  fd = open_locked (self->path, O_WRONLY | O_APPEND, error);
  if (fd < 0)
    return FALSE;
  if (!write_fd (fd, line, strlen (line)))
    {
      g_propagate_error (error, ob_spool_error_from_errno (errno, self->path));
      close (fd);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* How many more may go in the window of @length seconds ending at @now,
 * and, when none, when the oldest send that blocks it leaves the window. */
static guint
window_allowance (GArray     *sends,
                  const char *account_id,
                  guint       limit,
                  gint64      length,
                  gint64      now,
                  gint64     *next)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (limit == 0)
    return G_MAXUINT;
  for (guint i = 0; i < sends->len; i++)
    {
      const Send *send = &g_array_index (sends, Send, i);

      if (send->time > now - length && g_str_equal (send->account_id, account_id))
        g_array_append_val (times, send->time);
    }
  if (times->len < limit)
    return limit - times->len;
  *next = g_array_index (times, gint64, times->len - limit) + length;
  return 0;
}

/**
 * ob_send_log_allowance:
 * @per_minute: the account's limit per minute, 0 for none
 * @per_day: its limit per day, 0 for none
 * @next: (out): when the allowance is 0, the time one more message may go
 *
 * Returns: how many messages @account_id may send now, %G_MAXUINT when
 *   it has no limit
 */
guint
ob_send_log_allowance (ObSendLog  *self,
                       const char *account_id,
                       guint       per_minute,
                       guint       per_day,
                       gint64      now,
                       gint64     *next)
{
  gint64 next_minute = now, next_day = now;
  guint minute, day;

  g_mutex_lock (&self->lock);
  minute = window_allowance (self->sends, account_id, per_minute, MINUTE, now, &next_minute);
  day = window_allowance (self->sends, account_id, per_day, DAY, now, &next_day);
  g_mutex_unlock (&self->lock);

  *next = MAX (minute == 0 ? next_minute : now, day == 0 ? next_day : now);
  return MIN (minute, day);
}
