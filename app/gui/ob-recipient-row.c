/* ob-recipient-row.c — a To, Cc or Bcc field, checked as it is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The field takes addresses separated by commas, each either bare
 * (bob@example.org) or with a name (Bob Smith <bob@example.org>, or
 * "Smith, Bob" <bob@example.org>). Every change checks them all, so a
 * mistake shows while the person is still looking at it; the message names
 * the address, since the field may hold many.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ob-address.h"
#include "ob-escape.h"
#include "ob-recipient-row.h"

struct _ObRecipientRow
{
  AdwEntryRow  parent_instance;

  char        *problem;
};

enum {
  PROP_0,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ObRecipientRow, ob_recipient_row, ADW_TYPE_ENTRY_ROW)

typedef struct
{
  char *name;     /* NULL when none was given */
  char *address;
} Recipient;

static void
recipient_clear (Recipient *recipient)
{
  g_free (recipient->name);
  g_free (recipient->address);
}

/* Splits at commas outside quotes and angle brackets. */
static GPtrArray *
split_items (const char *text)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  gboolean quoted = FALSE, bracketed = FALSE;
  const char *start = text;

  for (const char *p = text;; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '<')
        bracketed = TRUE;
      else if (!quoted && *p == '>')
        bracketed = FALSE;
      else if (*p == '\0' || (*p == ',' && !quoted && !bracketed))
        {
          char *item = g_strstrip (g_strndup (start, p - start));

          if (*item != '\0')
            g_ptr_array_add (items, item);
          else
            g_free (item);
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  return items;
}

static void
parse_item (const char *item,
            Recipient  *recipient)
{
  const char *open = strrchr (item, '<');
  g_autofree char *name = NULL;

  if (open == NULL || !g_str_has_suffix (item, ">"))
    {
      recipient->address = g_strdup (item);
      return;
    }
  recipient->address = g_strstrip (g_strndup (open + 1, strlen (open + 1) - 1));
  name = g_strstrip (g_strndup (item, open - item));
  if (name[0] == '"' && strlen (name) >= 2 && g_str_has_suffix (name, "\""))
    recipient->name = g_strndup (name + 1, strlen (name) - 2);
  else if (*name != '\0')
    recipient->name = g_steal_pointer (&name);
}

/* The recipients in @text, or NULL with an error naming the first bad one. */
static GArray *
parse_recipients (const char  *text,
                  GError     **problem)
{
  g_autoptr(GPtrArray) items = split_items (text);
  g_autoptr(GArray) recipients = g_array_new (FALSE, TRUE, sizeof (Recipient));

  g_array_set_clear_func (recipients, (GDestroyNotify) recipient_clear);
  for (guint i = 0; i < items->len; i++)
    {
      Recipient recipient = { NULL, NULL };
      g_autoptr(GError) error = NULL;

      parse_item (g_ptr_array_index (items, i), &recipient);
      if (!ob_address_parse (recipient.address, NULL, NULL, &error))
        {
          g_autofree char *shown = ob_escape_untrusted (recipient.address, -1);

          /* TRANSLATORS: %s is the address as typed, then why it is wrong */
          g_set_error (problem, OB_ADDRESS_ERROR, error->code,
                       _("“%s” is not a valid address: %s"), shown, error->message);
          recipient_clear (&recipient);
          return NULL;
        }
      g_array_append_val (recipients, recipient);
    }
  return g_steal_pointer (&recipients);
}

static void
set_problem (ObRecipientRow *self,
             char           *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    {
      g_free (problem);
      return;
    }
  g_free (self->problem);
  self->problem = problem;
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
changed_cb (ObRecipientRow *self)
{
  g_autoptr(GArray) recipients = NULL;
  g_autoptr(GError) problem = NULL;

  recipients = parse_recipients (gtk_editable_get_text (GTK_EDITABLE (self)), &problem);
  set_problem (self, problem != NULL ? g_strdup (problem->message) : NULL);
}

static void
ob_recipient_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ObRecipientRow *self = OB_RECIPIENT_ROW (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_recipient_row_finalize (GObject *object)
{
  ObRecipientRow *self = OB_RECIPIENT_ROW (object);

  g_free (self->problem);

  G_OBJECT_CLASS (ob_recipient_row_parent_class)->finalize (object);
}

static void
ob_recipient_row_class_init (ObRecipientRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ob_recipient_row_get_property;
  object_class->finalize = ob_recipient_row_finalize;

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_recipient_row_init (ObRecipientRow *self)
{
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
}

const char *
ob_recipient_row_get_problem (ObRecipientRow *self)
{
  g_return_val_if_fail (OB_IS_RECIPIENT_ROW (self), NULL);

  return self->problem;
}

gboolean
ob_recipient_row_is_empty (ObRecipientRow *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (OB_IS_RECIPIENT_ROW (self), TRUE);

  items = split_items (gtk_editable_get_text (GTK_EDITABLE (self)));
  return items->len == 0;
}

/**
 * ob_recipient_row_add_to_message:
 * @add: ob_message_add_to(), ob_message_add_cc() or ob_message_add_bcc()
 *
 * Adds every address of the field to @message with @add.
 */
gboolean
ob_recipient_row_add_to_message (ObRecipientRow *self,
                                 gboolean (*add) (ObMessage  *message,
                                                  const char *name,
                                                  const char *address,
                                                  GError    **error),
                                 ObMessage      *message,
                                 GError        **error)
{
  g_autoptr(GArray) recipients = NULL;

  g_return_val_if_fail (OB_IS_RECIPIENT_ROW (self), FALSE);

  recipients = parse_recipients (gtk_editable_get_text (GTK_EDITABLE (self)), error);
  if (recipients == NULL)
    return FALSE;
  for (guint i = 0; i < recipients->len; i++)
    {
      Recipient *r = &g_array_index (recipients, Recipient, i);

      if (!add (message, r->name, r->address, error))
        return FALSE;
    }
  return TRUE;
}
