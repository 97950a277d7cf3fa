/* ob-draft.c — a message being written, as the composer keeps it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A draft holds the fields as the person typed them, unchecked: it is what
 * is kept safe while they write, and a half-typed address must survive a
 * crash as well as a good one. Checking happens when the message is built.
 */
#include "config.h"

#include "ob-draft.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_TO,
  PROP_CC,
  PROP_BCC,
  PROP_SUBJECT,
  PROP_BODY,
  PROP_ATTACHMENTS,
  PROP_MODIFIED,
  N_PROPS
};

/* The text fields, in property order from PROP_ACCOUNT_ID. */
#define FIRST_TEXT PROP_ACCOUNT_ID
#define N_TEXTS    (PROP_BODY - PROP_ACCOUNT_ID + 1)

struct _ObDraft
{
  GObject  parent_instance;

  char    *id;
  char    *texts[N_TEXTS];
  GStrv    attachments;
  gint64   modified;
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ObDraft, ob_draft, G_TYPE_OBJECT)

static void
touch (ObDraft *self)
{
  ob_draft_set_modified (self, g_get_real_time () / G_USEC_PER_SEC);
}

static void
set_text (ObDraft    *self,
          guint       prop_id,
          const char *value)
{
  char **field = &self->texts[prop_id - FIRST_TEXT];

  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  touch (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static const char *
get_text (ObDraft *self,
          guint    prop_id)
{
  return self->texts[prop_id - FIRST_TEXT];
}

static void
ob_draft_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  ObDraft *self = OB_DRAFT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_ACCOUNT_ID ... PROP_BODY:
      g_value_set_string (value, get_text (self, prop_id));
      break;
    case PROP_ATTACHMENTS:
      g_value_set_boxed (value, self->attachments);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_draft_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  ObDraft *self = OB_DRAFT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      if (self->id == NULL || *self->id == '\0')
        {
          g_free (self->id);
          self->id = g_uuid_string_random ();
        }
      break;
    case PROP_ACCOUNT_ID ... PROP_BODY:
      set_text (self, prop_id, g_value_get_string (value));
      break;
    case PROP_ATTACHMENTS:
      ob_draft_set_attachments (self, g_value_get_boxed (value));
      break;
    case PROP_MODIFIED:
      ob_draft_set_modified (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_draft_finalize (GObject *object)
{
  ObDraft *self = OB_DRAFT (object);

  g_free (self->id);
  for (guint i = 0; i < N_TEXTS; i++)
    g_free (self->texts[i]);
  g_strfreev (self->attachments);

  G_OBJECT_CLASS (ob_draft_parent_class)->finalize (object);
}

static void
ob_draft_class_init (ObDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  static const char *const text_names[N_TEXTS] = {
    "account-id", "to", "cc", "bcc", "subject", "body",
  };

  object_class->get_property = ob_draft_get_property;
  object_class->set_property = ob_draft_set_property;
  object_class->finalize = ob_draft_finalize;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < N_TEXTS; i++)
    properties[FIRST_TEXT + i] = g_param_spec_string (text_names[i], NULL, NULL, "", rw);
  properties[PROP_ATTACHMENTS] =
    g_param_spec_boxed ("attachments", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_MODIFIED] = g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_draft_init (ObDraft *self)
{
  for (guint i = 0; i < N_TEXTS; i++)
    self->texts[i] = g_strdup ("");
  self->attachments = g_new0 (char *, 1);
}

/**
 * ob_draft_new:
 * @id: (nullable): the id of a draft being restored; %NULL for a new one
 */
ObDraft *
ob_draft_new (const char *id)
{
  ObDraft *self = g_object_new (OB_TYPE_DRAFT, "id", id, NULL);

  self->modified = g_get_real_time () / G_USEC_PER_SEC;
  return self;
}

const char *
ob_draft_get_id (ObDraft *self)
{
  g_return_val_if_fail (OB_IS_DRAFT (self), NULL);

  return self->id;
}

#define TEXT_ACCESSORS(name, PROP)                          \
  const char *                                              \
  ob_draft_get_##name (ObDraft *self)                       \
  {                                                         \
    g_return_val_if_fail (OB_IS_DRAFT (self), NULL);        \
    return get_text (self, PROP);                           \
  }                                                         \
                                                            \
  void                                                      \
  ob_draft_set_##name (ObDraft    *self,                    \
                       const char *value)                   \
  {                                                         \
    g_return_if_fail (OB_IS_DRAFT (self));                  \
    set_text (self, PROP, value);                           \
  }

TEXT_ACCESSORS (account_id, PROP_ACCOUNT_ID)
TEXT_ACCESSORS (to, PROP_TO)
TEXT_ACCESSORS (cc, PROP_CC)
TEXT_ACCESSORS (bcc, PROP_BCC)
TEXT_ACCESSORS (subject, PROP_SUBJECT)
TEXT_ACCESSORS (body, PROP_BODY)

const char * const *
ob_draft_get_attachments (ObDraft *self)
{
  g_return_val_if_fail (OB_IS_DRAFT (self), NULL);

  return (const char * const *) self->attachments;
}

/**
 * ob_draft_set_attachments:
 * @paths: (nullable): absolute paths of the files to attach, in order
 */
void
ob_draft_set_attachments (ObDraft            *self,
                          const char * const *paths)
{
  static const char *const none[] = { NULL };

  g_return_if_fail (OB_IS_DRAFT (self));

  if (paths == NULL)
    paths = none;
  if (g_strv_equal (paths, (const char * const *) self->attachments))
    return;
  g_strfreev (self->attachments);
  self->attachments = g_strdupv ((char **) paths);
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTACHMENTS]);
  touch (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
ob_draft_get_modified (ObDraft *self)
{
  g_return_val_if_fail (OB_IS_DRAFT (self), 0);

  return self->modified;
}

/* Restoring a saved draft sets its time back to when it was saved. */
void
ob_draft_set_modified (ObDraft *self,
                       gint64   modified)
{
  g_return_if_fail (OB_IS_DRAFT (self));

  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/**
 * ob_draft_is_empty:
 *
 * Returns: whether nothing was written: no recipient, subject, text or
 *   attachment (the sending account alone does not count)
 */
gboolean
ob_draft_is_empty (ObDraft *self)
{
  g_return_val_if_fail (OB_IS_DRAFT (self), TRUE);

  for (guint prop_id = PROP_TO; prop_id <= PROP_BODY; prop_id++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (get_text (self, prop_id)));

      if (*stripped != '\0')
        return FALSE;
    }
  return self->attachments[0] == NULL;
}
