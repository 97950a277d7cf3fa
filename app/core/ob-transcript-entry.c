/* ob-transcript-entry.c — one line of the live log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entry is immutable once made, so a worker thread can create it and the
 * main thread can show it without any locking. Its text is final: redacted
 * and escaped by #ObTranscript before the entry exists.
 */
#include "config.h"

#include "ob-transcript-entry.h"

struct _ObTranscriptEntry
{
  GObject           parent_instance;

  ObTranscriptKind  kind;
  GDateTime        *timestamp;
  char             *text;
};

G_DEFINE_FINAL_TYPE (ObTranscriptEntry, ob_transcript_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TIMESTAMP,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ob_transcript_entry_constructed (GObject *object)
{
  ObTranscriptEntry *self = OB_TRANSCRIPT_ENTRY (object);

  G_OBJECT_CLASS (ob_transcript_entry_parent_class)->constructed (object);

  if (self->timestamp == NULL)
    self->timestamp = g_date_time_new_now_local ();
  if (self->text == NULL)
    self->text = g_strdup ("");
}

static void
ob_transcript_entry_finalize (GObject *object)
{
  ObTranscriptEntry *self = OB_TRANSCRIPT_ENTRY (object);

  g_clear_pointer (&self->timestamp, g_date_time_unref);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ob_transcript_entry_parent_class)->finalize (object);
}

static void
ob_transcript_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ObTranscriptEntry *self = OB_TRANSCRIPT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TIMESTAMP:
      g_value_set_boxed (value, self->timestamp);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_transcript_entry_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ObTranscriptEntry *self = OB_TRANSCRIPT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TIMESTAMP:
      self->timestamp = g_value_dup_boxed (value);
      break;
    case PROP_TEXT:
      self->text = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_transcript_entry_class_init (ObTranscriptEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ob_transcript_entry_constructed;
  object_class->finalize = ob_transcript_entry_finalize;
  object_class->get_property = ob_transcript_entry_get_property;
  object_class->set_property = ob_transcript_entry_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       OB_TYPE_TRANSCRIPT_KIND, OB_TRANSCRIPT_INFO,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Local time, to the microsecond; the current time when not given. */
  properties[PROP_TIMESTAMP] =
    g_param_spec_boxed ("timestamp", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Already redacted and escaped: one line, safe to show as it is. */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_transcript_entry_init (ObTranscriptEntry *self)
{
}

ObTranscriptKind
ob_transcript_entry_get_kind (ObTranscriptEntry *self)
{
  g_return_val_if_fail (OB_IS_TRANSCRIPT_ENTRY (self), OB_TRANSCRIPT_INFO);

  return self->kind;
}

/**
 * ob_transcript_entry_get_timestamp:
 *
 * Returns: (transfer none): when the entry was made, in local time
 */
GDateTime *
ob_transcript_entry_get_timestamp (ObTranscriptEntry *self)
{
  g_return_val_if_fail (OB_IS_TRANSCRIPT_ENTRY (self), NULL);

  return self->timestamp;
}

const char *
ob_transcript_entry_get_text (ObTranscriptEntry *self)
{
  g_return_val_if_fail (OB_IS_TRANSCRIPT_ENTRY (self), NULL);

  return self->text;
}

/* These prefixes are part of the export format people paste into bug
 * reports and forums, so they are short, never translated and never change:
 * "C:" and "S:" as in the SMTP RFCs' examples, "TLS:" for the handshake,
 * "*:" for what the client is doing and "!:" for a failure. */
static const char *
kind_prefix (ObTranscriptKind kind)
{
  switch (kind)
    {
    case OB_TRANSCRIPT_CLIENT:
      return "C:";
    case OB_TRANSCRIPT_SERVER:
      return "S:";
    case OB_TRANSCRIPT_TLS:
      return "TLS:";
    case OB_TRANSCRIPT_INFO:
      return "*:";
    case OB_TRANSCRIPT_ERROR:
      return "!:";
    default:
      g_return_val_if_reached ("?:");
    }
}

/**
 * ob_transcript_entry_to_string:
 *
 * Renders the entry as one line without a line break, for example
 * `14:03:07.123 C: EHLO host`: the local time to the millisecond, the kind's
 * prefix (`C:` client, `S:` server, `TLS:` TLS details, `*:` information,
 * `!:` error) and the text.
 *
 * Returns: (transfer full): the line
 */
char *
ob_transcript_entry_to_string (ObTranscriptEntry *self)
{
  g_autofree char *time = NULL;

  g_return_val_if_fail (OB_IS_TRANSCRIPT_ENTRY (self), NULL);

  time = g_date_time_format (self->timestamp, "%H:%M:%S");
  return g_strdup_printf ("%s.%03d %s %s", time,
                          g_date_time_get_microsecond (self->timestamp) / 1000,
                          kind_prefix (self->kind), self->text);
}
