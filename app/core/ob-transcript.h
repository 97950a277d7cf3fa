/* ob-transcript.h — the live, redacted log of a conversation with a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-transcript-entry.h"

G_BEGIN_DECLS

#define OB_TYPE_TRANSCRIPT (ob_transcript_get_type ())

/**
 * OB_TRANSCRIPT_MAX_ENTRIES:
 *
 * The most entries a transcript holds. Past it, the oldest entries are
 * dropped (a tenth of this at a time) and one information entry at the top
 * says how many. Full, a transcript of EHLO-sized lines takes about 17 MB
 * (see tests/core/bench-transcript.c); a list view only makes rows for what
 * is visible, so the size costs memory, not smoothness.
 */
#define OB_TRANSCRIPT_MAX_ENTRIES 100000

G_DECLARE_FINAL_TYPE (ObTranscript, ob_transcript, OB, TRANSCRIPT, GObject)

ObTranscript *ob_transcript_new                   (void);

void          ob_transcript_add_client_line       (ObTranscript *self,
                                                   const char   *line);
void          ob_transcript_add_client_redacted   (ObTranscript *self,
                                                   const char   *what);
void          ob_transcript_add_server_line       (ObTranscript *self,
                                                   const char   *data,
                                                   gssize        len);
void          ob_transcript_add                   (ObTranscript    *self,
                                                   ObTranscriptKind kind,
                                                   const char      *format,
                                                   ...) G_GNUC_PRINTF (3, 4);
void          ob_transcript_flush                 (ObTranscript *self);
char         *ob_transcript_to_text               (ObTranscript *self);

G_END_DECLS
