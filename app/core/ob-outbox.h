/* ob-outbox.h — messages waiting to be sent, kept safe on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-outbox-entry.h"
#include "ob-types.h"

G_BEGIN_DECLS

#define OB_OUTBOX_ERROR (ob_outbox_error_quark ())

/**
 * ObOutboxError:
 * @OB_OUTBOX_ERROR_NO_SPACE: the disk (or the person's quota) is full; a
 *   message that could not be queued left nothing behind
 * @OB_OUTBOX_ERROR_DISK: the outbox folder could not be written or read
 * @OB_OUTBOX_ERROR_DAMAGED: a queued message's details cannot be read
 * @OB_OUTBOX_ERROR_UNREADABLE: a queued message's file is missing or cannot
 *   be read
 * @OB_OUTBOX_ERROR_NO_ACCOUNT: the message's account no longer exists
 * @OB_OUTBOX_ERROR_NO_PASSWORD: no password could be had for the account
 * @OB_OUTBOX_ERROR_GAVE_UP: temporary failures went on for too long
 * @OB_OUTBOX_ERROR_NOT_FOUND: there is no message with that id
 * @OB_OUTBOX_ERROR_BUSY: the message is being sent, by this process or
 *   another one
 * @OB_OUTBOX_ERROR_WRONG_STATE: the action does not apply to a message in
 *   its state (retrying a sent message, for instance)
 *
 * Failures of the outbox itself; a message's own failures keep the domain
 * they came with (#OB_SMTP_ERROR mostly).
 */
typedef enum {
  OB_OUTBOX_ERROR_NO_SPACE,
  OB_OUTBOX_ERROR_DISK,
  OB_OUTBOX_ERROR_DAMAGED,
  OB_OUTBOX_ERROR_UNREADABLE,
  OB_OUTBOX_ERROR_NO_ACCOUNT,
  OB_OUTBOX_ERROR_NO_PASSWORD,
  OB_OUTBOX_ERROR_GAVE_UP,
  OB_OUTBOX_ERROR_NOT_FOUND,
  OB_OUTBOX_ERROR_BUSY,
  OB_OUTBOX_ERROR_WRONG_STATE,
} ObOutboxError;

/**
 * ObOutboxResolution:
 * @OB_OUTBOX_RESOLUTION_SEND_AGAIN: the person checked: the message did not
 *   arrive, so queue it again
 * @OB_OUTBOX_RESOLUTION_MARK_SENT: the person checked: it arrived
 *
 * What to do with a message whose outcome is uncertain.
 */
typedef enum {
  OB_OUTBOX_RESOLUTION_SEND_AGAIN,
  OB_OUTBOX_RESOLUTION_MARK_SENT,
} ObOutboxResolution;

/* Backoff for temporary failures: the first retry after this many seconds,
 * doubling each time, never more than the cap; after OB_OUTBOX_GIVE_UP
 * seconds of trying, the message fails. */
#define OB_OUTBOX_RETRY_FIRST     60
#define OB_OUTBOX_RETRY_CAP       (60 * 60)
#define OB_OUTBOX_GIVE_UP         (24 * 60 * 60)
#define OB_OUTBOX_IDLE_TIMEOUT    60
#define OB_OUTBOX_KEEP_SENT_DAYS  30

#define OB_TYPE_OUTBOX (ob_outbox_get_type ())

G_DECLARE_FINAL_TYPE (ObOutbox, ob_outbox, OB, OUTBOX, GObject)

/**
 * ObOutboxSecretFunc:
 * @outbox: the outbox
 * @account: the account that needs its password or token
 * @task: (transfer none): to complete with g_task_return_pointer() and a
 *   string freed with ob_secrets_free(), or with an error; keep a reference
 *   to complete it later. g_task_get_cancellable() says when to give up
 * @user_data: the data given with the function
 *
 * Gets the secret for an account, on the main thread; the GUI can ask the
 * person. Called only for accounts with a user name, and only when a new
 * connection is needed.
 */
typedef void (*ObOutboxSecretFunc) (ObOutbox  *outbox,
                                    ObAccount *account,
                                    GTask     *task,
                                    gpointer   user_data);

GQuark           ob_outbox_error_quark          (void);

ObOutbox        *ob_outbox_new                  (const char          *root,
                                                 ObAccountStore      *accounts);
const char      *ob_outbox_get_root             (ObOutbox            *self);
ObAccountStore  *ob_outbox_get_accounts         (ObOutbox            *self);

void             ob_outbox_set_secret_func      (ObOutbox            *self,
                                                 ObOutboxSecretFunc   func,
                                                 gpointer             user_data,
                                                 GDestroyNotify       destroy);
GNetworkMonitor *ob_outbox_get_network_monitor  (ObOutbox            *self);
void             ob_outbox_set_network_monitor  (ObOutbox            *self,
                                                 GNetworkMonitor     *monitor);
gboolean         ob_outbox_get_online           (ObOutbox            *self);
guint            ob_outbox_get_keep_sent_days   (ObOutbox            *self);
void             ob_outbox_set_keep_sent_days   (ObOutbox            *self,
                                                 guint                days);
guint            ob_outbox_get_idle_timeout     (ObOutbox            *self);
void             ob_outbox_set_idle_timeout     (ObOutbox            *self,
                                                 guint                seconds);
ObTranscript    *ob_outbox_get_transcript       (ObOutbox            *self);
void             ob_outbox_set_transcript       (ObOutbox            *self,
                                                 ObTranscript        *transcript);

gboolean         ob_outbox_load_sync            (ObOutbox            *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void             ob_outbox_load_async           (ObOutbox            *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         ob_outbox_load_finish          (ObOutbox            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

char            *ob_outbox_enqueue              (ObOutbox            *self,
                                                 ObAccount           *account,
                                                 ObEnvelope          *envelope,
                                                 ObMessageSource     *source,
                                                 GError             **error);
ObOutboxEntry   *ob_outbox_lookup               (ObOutbox            *self,
                                                 const char          *id);

void             ob_outbox_flush_async          (ObOutbox            *self,
                                                 const char          *account_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         ob_outbox_flush_finish         (ObOutbox            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

gboolean         ob_outbox_retry                (ObOutbox            *self,
                                                 const char          *id,
                                                 GError             **error);
gboolean         ob_outbox_drop                 (ObOutbox            *self,
                                                 const char          *id,
                                                 GError             **error);
gboolean         ob_outbox_resolve_uncertain    (ObOutbox            *self,
                                                 const char          *id,
                                                 ObOutboxResolution   resolution,
                                                 GError             **error);

G_END_DECLS
