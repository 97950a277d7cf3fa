/* ob-transcript-entry.h — one line of the live log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_TRANSCRIPT_ENTRY (ob_transcript_entry_get_type ())

G_DECLARE_FINAL_TYPE (ObTranscriptEntry, ob_transcript_entry, OB, TRANSCRIPT_ENTRY, GObject)

ObTranscriptKind  ob_transcript_entry_get_kind      (ObTranscriptEntry *self);
GDateTime        *ob_transcript_entry_get_timestamp (ObTranscriptEntry *self);
const char       *ob_transcript_entry_get_text      (ObTranscriptEntry *self);
char             *ob_transcript_entry_to_string     (ObTranscriptEntry *self);

G_END_DECLS
