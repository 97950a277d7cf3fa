/* ob-smtp-reply-parser.h — reading SMTP replies incrementally, strictly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-smtp-reply.h"

G_BEGIN_DECLS

/* Limits on what a server may send as one reply; past them the reply is a
 * protocol error rather than unbounded memory. */
#define OB_SMTP_REPLY_MAX_LINE   4096   /* octets in one line, without CRLF */
#define OB_SMTP_REPLY_MAX_BYTES  65536  /* octets in one whole reply */
#define OB_SMTP_REPLY_MAX_LINES  512

typedef enum {
  OB_SMTP_PARSE_NEED_MORE,
  OB_SMTP_PARSE_REPLY,
  OB_SMTP_PARSE_ERROR,
} ObSmtpParseResult;

ObSmtpReplyParser  *ob_smtp_reply_parser_new        (void);
void                ob_smtp_reply_parser_free       (ObSmtpReplyParser  *parser);
void                ob_smtp_reply_parser_reset      (ObSmtpReplyParser  *parser);
ObSmtpParseResult   ob_smtp_reply_parser_feed       (ObSmtpReplyParser  *parser,
                                                     const char         *data,
                                                     gsize               len,
                                                     gsize              *consumed,
                                                     ObSmtpReply       **reply,
                                                     GError            **error);
gboolean            ob_smtp_reply_parser_is_idle    (ObSmtpReplyParser  *parser);
gboolean            ob_smtp_reply_parser_end        (ObSmtpReplyParser  *parser,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSmtpReplyParser, ob_smtp_reply_parser_free)

G_END_DECLS
