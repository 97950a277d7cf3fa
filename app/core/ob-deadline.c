/* ob-deadline.c — a cancellable that also fires after a time limit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GResolver in GLib 2.74 has no timeout of its own, and a SoupSession we are
 * given may have none: a deadline gives any single network step one. Its
 * cancellable is cancelled when the caller's is, or when the time is up; the
 * step then fails with G_IO_ERROR_CANCELLED, which ob_deadline_check_error()
 * turns into G_IO_ERROR_TIMED_OUT when the clock, not the caller, stopped it.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-deadline.h"

struct _ObDeadline
{
  GCancellable *cancellable;
  GCancellable *parent;
  gulong        parent_handler;
  GSource      *timer;
  guint         timeout_ms;
  gboolean      expired;
};

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

static gboolean
expired_cb (gpointer user_data)
{
  ObDeadline *self = user_data;

  self->expired = TRUE;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

/**
 * ob_deadline_new:
 * @parent: (nullable): the caller's cancellable
 * @timeout_ms: how long the step may take
 *
 * Starts the clock on the thread-default main context.
 */
ObDeadline *
ob_deadline_new (GCancellable *parent,
                 guint         timeout_ms)
{
  ObDeadline *self = g_new0 (ObDeadline, 1);

  self->cancellable = g_cancellable_new ();
  self->timeout_ms = timeout_ms;
  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (parent_cancelled_cb),
                                                    self->cancellable, NULL);
    }
  self->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (self->timer, expired_cb, self, NULL);
  g_source_set_static_name (self->timer, "[outbound] deadline");
  g_source_attach (self->timer, g_main_context_get_thread_default ());
  return self;
}

GCancellable *
ob_deadline_get_cancellable (ObDeadline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cancellable;
}

/**
 * ob_deadline_check_error:
 * @error: (inout) (nullable): the error the step failed with, if any
 * @what: what the step was doing, for the message, like “Looking up
 *   “example.com””
 *
 * Replaces a cancellation caused by the time limit with a
 * %G_IO_ERROR_TIMED_OUT error naming the step.
 *
 * Returns: whether @error now holds a time-out
 */
gboolean
ob_deadline_check_error (ObDeadline  *self,
                         GError     **error,
                         const char  *what)
{
  guint seconds;

  g_return_val_if_fail (self != NULL, FALSE);

  if (error == NULL || *error == NULL || !self->expired ||
      (self->parent != NULL && g_cancellable_is_cancelled (self->parent)) ||
      !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  seconds = MAX (1, (self->timeout_ms + 999) / 1000);
  g_clear_error (error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
               /* TRANSLATORS: %s is a step like “Looking up “example.com”” */
               g_dngettext (GETTEXT_PACKAGE, "%s took longer than %u second.",
                            "%s took longer than %u seconds.", seconds),
               what, seconds);
  return TRUE;
}

void
ob_deadline_free (ObDeadline *self)
{
  if (self == NULL)
    return;

  g_source_destroy (self->timer);
  g_source_unref (self->timer);
  if (self->parent != NULL)
    g_cancellable_disconnect (self->parent, self->parent_handler);
  g_clear_object (&self->parent);
  g_object_unref (self->cancellable);
  g_free (self);
}
