/* ob-fake-smtp-server-private.h — shared by the script and connection halves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-fake-smtp-server.h"
#include "ob-test-server-thread.h"

G_BEGIN_DECLS

typedef enum {
  OB_FAKE_SMTP_STEP_SEND,
  OB_FAKE_SMTP_STEP_EXPECT,
  OB_FAKE_SMTP_STEP_EXPECT_DATA,
  OB_FAKE_SMTP_STEP_EXPECT_BDAT,
  OB_FAKE_SMTP_STEP_START_TLS,
  OB_FAKE_SMTP_STEP_START_TLS_REFUSED,
  OB_FAKE_SMTP_STEP_STALL,
  OB_FAKE_SMTP_STEP_CLOSE,
  OB_FAKE_SMTP_STEP_DROP,
  OB_FAKE_SMTP_STEP_DROP_DURING_DATA,
} ObFakeSmtpStepKind;

typedef struct
{
  ObFakeSmtpStepKind  kind;
  GBytes             *bytes;        /* SEND */
  char               *pattern;      /* EXPECT */
  GTlsCertificate    *certificate;  /* START_TLS* */
  guint               ms;           /* STALL */
  gsize               n_bytes;      /* DROP_DURING_DATA */
} ObFakeSmtpStep;

/* What the test may read about one connection; under the lock. */
typedef struct
{
  GByteArray *received;
  guint       n_steps_done;
  gboolean    script_done;
  gboolean    ended;
} ObFakeSmtpRecord;

struct _ObFakeSmtpServer
{
  GObject             parent_instance;

  GPtrArray          *scripts;        /* of GPtrArray of ObFakeSmtpStep */
  guint               reply_delay_ms;
  guint               timeout_ms;
  ObTestServerThread *thread;
  gboolean            stopped;

  /* Server thread only. */
  GList              *connections;

  GMutex              lock;
  GCond               cond;
  guint               n_accepted;
  GPtrArray          *records;        /* of ObFakeSmtpRecord, one per scripted connection */
  GPtrArray          *messages;       /* of GBytes */
  GPtrArray          *errors;         /* of char */
};

void  ob_fake_smtp_server_add_error        (ObFakeSmtpServer   *self,
                                            char               *message);

void  ob_fake_smtp_connection_accept       (ObTestServerThread *thread,
                                            GSocketConnection  *socket_connection,
                                            gpointer            server);
void  ob_fake_smtp_connection_shutdown_all (gpointer            server);

G_END_DECLS
