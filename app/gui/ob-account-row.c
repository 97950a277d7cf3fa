/* ob-account-row.c — an account in the main window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The status icon answers “does this account need me?”: messages that
 * failed or wait for a decision come first, then messages on their way.
 * The icon's meaning is also its accessible description, so it is not
 * told by colour alone.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ob-account-row.h"

struct _ObAccountRow
{
  GtkListBoxRow    parent_instance;

  ObAccount       *account;
  ObAccountOutbox *outbox;

  /* template children */
  GtkLabel        *title_label;
  GtkLabel        *subtitle_label;
  GtkImage        *status_icon;
};

G_DEFINE_FINAL_TYPE (ObAccountRow, ob_account_row, GTK_TYPE_LIST_BOX_ROW)

/**
 * ob_account_row_describe:
 * @title: (out): the account's name, or its address when it has none
 * @subtitle: (out) (nullable): its address when @title is the name
 *
 * How an account is named wherever the window shows it.
 */
void
ob_account_row_describe (ObAccount   *account,
                         const char **title,
                         const char **subtitle)
{
  const char *name = ob_account_get_display_name (account);
  const char *address = ob_account_get_address (account);
  gboolean named = name != NULL && *name != '\0';

  *title = named ? name : address;
  *subtitle = named ? address : NULL;
}

static void
show_names (ObAccountRow *self)
{
  const char *title, *subtitle;

  ob_account_row_describe (self->account, &title, &subtitle);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL);
}

static void
show_status (ObAccountRow *self)
{
  guint n_attention = ob_account_outbox_get_n_attention (self->outbox);
  guint n_waiting = ob_account_outbox_get_n_waiting (self->outbox);
  GtkWidget *icon = GTK_WIDGET (self->status_icon);
  g_autofree char *description = NULL;

  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "dim-label");
  if (n_attention > 0)
    {
      gtk_image_set_from_icon_name (self->status_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      description = g_strdup_printf (ngettext ("%u message needs your attention",
                                               "%u messages need your attention",
                                               n_attention), n_attention);
    }
  else if (n_waiting > 0)
    {
      gtk_image_set_from_icon_name (self->status_icon, "mail-send-symbolic");
      gtk_widget_add_css_class (icon, "dim-label");
      description = g_strdup_printf (ngettext ("%u message waiting to be sent",
                                               "%u messages waiting to be sent",
                                               n_waiting), n_waiting);
    }
  gtk_widget_set_visible (icon, description != NULL);
  gtk_widget_set_tooltip_text (icon, description);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    description, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * ob_account_row_new:
 * @account: the account to show
 * @outbox: the account's part of the outbox, for the status icon
 */
GtkWidget *
ob_account_row_new (ObAccount       *account,
                    ObAccountOutbox *outbox)
{
  ObAccountRow *self;

  g_return_val_if_fail (OB_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (OB_IS_ACCOUNT_OUTBOX (outbox), NULL);

  self = g_object_new (OB_TYPE_ACCOUNT_ROW, NULL);
  self->account = g_object_ref (account);
  self->outbox = g_object_ref (outbox);

  g_signal_connect_object (account, "notify::display-name", G_CALLBACK (show_names), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (account, "notify::address", G_CALLBACK (show_names), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "notify::n-waiting", G_CALLBACK (show_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (outbox, "notify::n-attention", G_CALLBACK (show_status), self,
                           G_CONNECT_SWAPPED);
  show_names (self);
  show_status (self);
  return GTK_WIDGET (self);
}

ObAccount *
ob_account_row_get_account (ObAccountRow *self)
{
  g_return_val_if_fail (OB_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

static void
ob_account_row_dispose (GObject *object)
{
  ObAccountRow *self = OB_ACCOUNT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_ACCOUNT_ROW);
  g_clear_object (&self->account);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (ob_account_row_parent_class)->dispose (object);
}

static void
ob_account_row_class_init (ObAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ob_account_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/ob-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ObAccountRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ObAccountRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, ObAccountRow, status_icon);
}

static void
ob_account_row_init (ObAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
