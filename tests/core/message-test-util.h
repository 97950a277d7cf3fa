/* message-test-util.h — what the tests of drafts and raw messages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-gmime.h"
#include "ob-message-source.h"

G_BEGIN_DECLS

/* A private directory for the files a test reads a message from. */
typedef struct
{
  char *dir;
} MessageFixture;

void          message_fixture_set_up              (MessageFixture  *fixture,
                                                   gconstpointer    data);
void          message_fixture_tear_down           (MessageFixture  *fixture,
                                                   gconstpointer    data);
GFile        *message_fixture_make_file           (MessageFixture  *fixture,
                                                   const char      *name,
                                                   const void      *contents,
                                                   gssize           len);

GBytes       *message_test_write_wire             (ObMessageSource *source,
                                                   gboolean         allow_8bit);
GMimeMessage *message_test_parse                  (GBytes          *bytes);
GBytes       *message_test_decoded_content        (GMimeObject     *part);
gboolean      message_test_bytes_have_8bit        (GBytes          *bytes);
void          message_test_assert_write_cancelled (ObMessageSource *source);

G_END_DECLS
