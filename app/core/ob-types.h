/* ob-types.h — forward declarations of the core's types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ob-enums.h"
#include "ob-enum-types.h"

G_BEGIN_DECLS

typedef struct _ObSmtpReply           ObSmtpReply;
typedef struct _ObSmtpReplyParser     ObSmtpReplyParser;
typedef struct _ObSmtpCapabilities    ObSmtpCapabilities;
typedef struct _ObSaslSession         ObSaslSession;
typedef struct _ObEnvelope            ObEnvelope;
typedef struct _ObSendResult          ObSendResult;
typedef struct _ObTranscript          ObTranscript;
typedef struct _ObTranscriptEntry     ObTranscriptEntry;
typedef struct _ObMessageSource       ObMessageSource;
typedef struct _ObMessage             ObMessage;
typedef struct _ObRawMessage          ObRawMessage;
typedef struct _ObSmtpDataStream      ObSmtpDataStream;
typedef struct _ObSmtpClient          ObSmtpClient;
typedef struct _ObAccount             ObAccount;
typedef struct _ObAccountStore        ObAccountStore;
typedef struct _ObOutbox              ObOutbox;
typedef struct _ObConnectionTest      ObConnectionTest;
typedef struct _ObConnectionTestStep  ObConnectionTestStep;

G_END_DECLS
