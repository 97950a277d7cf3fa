/* ob-enums.h — enumerations shared across the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ObSecretKind:
 * @OB_SECRET_KIND_PASSWORD: a password or app password
 * @OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN: an OAuth2 refresh token
 *
 * What a secret in the keyring is, so one account can hold both.
 */
typedef enum {
  OB_SECRET_KIND_PASSWORD,
  OB_SECRET_KIND_OAUTH2_REFRESH_TOKEN,
} ObSecretKind;

/**
 * ObSecurity:
 * @OB_SECURITY_TLS: implicit TLS from the first byte (port 465, RFC 8314)
 * @OB_SECURITY_STARTTLS: plain connection upgraded with STARTTLS, which is
 *   required: without it the client stops before AUTH
 * @OB_SECURITY_NONE: no encryption; only when a person chose it
 */
typedef enum {
  OB_SECURITY_TLS,
  OB_SECURITY_STARTTLS,
  OB_SECURITY_NONE,
} ObSecurity;

/**
 * ObDetectorSource:
 * @OB_DETECTOR_SOURCE_BUILTIN: Outbound's own provider database
 * @OB_DETECTOR_SOURCE_AUTOCONFIG: the domain's own autoconfig document
 * @OB_DETECTOR_SOURCE_ISPDB: Thunderbird's ISP database (or a mirror)
 * @OB_DETECTOR_SOURCE_SRV: a DNS SRV record (RFC 6186, RFC 8314)
 * @OB_DETECTOR_SOURCE_MX: the provider that the domain's MX host belongs to
 * @OB_DETECTOR_SOURCE_GUESS: a usual name and port, tried by probing
 *
 * Where a candidate server came from, in the order sources are trusted.
 */
typedef enum {
  OB_DETECTOR_SOURCE_BUILTIN,
  OB_DETECTOR_SOURCE_AUTOCONFIG,
  OB_DETECTOR_SOURCE_ISPDB,
  OB_DETECTOR_SOURCE_SRV,
  OB_DETECTOR_SOURCE_MX,
  OB_DETECTOR_SOURCE_GUESS,
} ObDetectorSource;

/**
 * ObDetectorTrust:
 * @OB_DETECTOR_TRUST_TRUSTED: from a source that cannot be tampered with on
 *   the way: the built-in database, autoconfig over HTTPS, the ISPDB
 * @OB_DETECTOR_TRUST_UNAUTHENTICATED: from DNS without DNSSEC, or a guess
 * @OB_DETECTOR_TRUST_INSECURE: from a document fetched over plain HTTP
 */
typedef enum {
  OB_DETECTOR_TRUST_TRUSTED,
  OB_DETECTOR_TRUST_UNAUTHENTICATED,
  OB_DETECTOR_TRUST_INSECURE,
} ObDetectorTrust;

/**
 * ObDetectorVerification:
 * @OB_DETECTOR_VERIFICATION_NOT_CHECKED: no probe finished (probing off,
 *   offline, or detection ended before it)
 * @OB_DETECTOR_VERIFICATION_VERIFIED: a probe reached the server, set up
 *   encryption with a valid certificate for its name and saw a login offered
 * @OB_DETECTOR_VERIFICATION_FAILED: the probe failed; the candidate says why
 */
typedef enum {
  OB_DETECTOR_VERIFICATION_NOT_CHECKED,
  OB_DETECTOR_VERIFICATION_VERIFIED,
  OB_DETECTOR_VERIFICATION_FAILED,
} ObDetectorVerification;

/**
 * ObDetectorEventKind:
 * @OB_DETECTOR_EVENT_STEP_STARTED: a source started one lookup or fetch
 * @OB_DETECTOR_EVENT_STEP_FINISHED: it finished, with an outcome
 * @OB_DETECTOR_EVENT_PROBE_STARTED: a probe connection started
 * @OB_DETECTOR_EVENT_PROBE_FINISHED: it finished, with an outcome
 */
typedef enum {
  OB_DETECTOR_EVENT_STEP_STARTED,
  OB_DETECTOR_EVENT_STEP_FINISHED,
  OB_DETECTOR_EVENT_PROBE_STARTED,
  OB_DETECTOR_EVENT_PROBE_FINISHED,
} ObDetectorEventKind;

/**
 * ObDetectorOutcome:
 * @OB_DETECTOR_OUTCOME_PENDING: not finished (started events)
 * @OB_DETECTOR_OUTCOME_FOUND: the step named servers, or the probe verified
 * @OB_DETECTOR_OUTCOME_NOT_FOUND: nothing there, which is normal
 * @OB_DETECTOR_OUTCOME_FAILED: something answered wrongly or broke
 * @OB_DETECTOR_OUTCOME_TIMED_OUT: no answer within the time limit
 * @OB_DETECTOR_OUTCOME_STOPPED: no longer needed: detection had its answer
 */
typedef enum {
  OB_DETECTOR_OUTCOME_PENDING,
  OB_DETECTOR_OUTCOME_FOUND,
  OB_DETECTOR_OUTCOME_NOT_FOUND,
  OB_DETECTOR_OUTCOME_FAILED,
  OB_DETECTOR_OUTCOME_TIMED_OUT,
  OB_DETECTOR_OUTCOME_STOPPED,
} ObDetectorOutcome;

/**
 * ObAppPasswordPolicy:
 * @OB_APP_PASSWORD_NOT_NEEDED: the account password works, as far as known
 * @OB_APP_PASSWORD_ALWAYS: SMTP refuses the account password
 * @OB_APP_PASSWORD_WITH_TWO_STEP: it refuses it once two-step verification
 *   is on
 */
typedef enum {
  OB_APP_PASSWORD_NOT_NEEDED,
  OB_APP_PASSWORD_ALWAYS,
  OB_APP_PASSWORD_WITH_TWO_STEP,
} ObAppPasswordPolicy;

/**
 * ObSmtpStage:
 *
 * Where in a connection something happened, so a failure can name the step.
 */
typedef enum {
  OB_SMTP_STAGE_NONE,
  OB_SMTP_STAGE_RESOLVE,
  OB_SMTP_STAGE_CONNECT,
  OB_SMTP_STAGE_TLS,
  OB_SMTP_STAGE_GREETING,
  OB_SMTP_STAGE_EHLO,
  OB_SMTP_STAGE_STARTTLS,
  OB_SMTP_STAGE_AUTH,
  OB_SMTP_STAGE_MAIL,
  OB_SMTP_STAGE_RCPT,
  OB_SMTP_STAGE_DATA,
  OB_SMTP_STAGE_BODY,
  OB_SMTP_STAGE_END_OF_DATA,
  OB_SMTP_STAGE_RSET,
  OB_SMTP_STAGE_QUIT,
} ObSmtpStage;

/**
 * ObSmtpCapabilityFlags:
 *
 * The EHLO keywords the client acts on.
 */
typedef enum /*< flags >*/ {
  OB_SMTP_CAP_NONE                = 0,
  OB_SMTP_CAP_PIPELINING          = 1 << 0,
  OB_SMTP_CAP_SIZE                = 1 << 1,
  OB_SMTP_CAP_8BITMIME            = 1 << 2,
  OB_SMTP_CAP_SMTPUTF8            = 1 << 3,
  OB_SMTP_CAP_CHUNKING            = 1 << 4,
  OB_SMTP_CAP_BINARYMIME          = 1 << 5,
  OB_SMTP_CAP_DSN                 = 1 << 6,
  OB_SMTP_CAP_ENHANCEDSTATUSCODES = 1 << 7,
  OB_SMTP_CAP_STARTTLS            = 1 << 8,
  OB_SMTP_CAP_AUTH                = 1 << 9,
} ObSmtpCapabilityFlags;

/**
 * ObSaslMechanism:
 */
typedef enum {
  OB_SASL_MECHANISM_PLAIN,
  OB_SASL_MECHANISM_LOGIN,
  OB_SASL_MECHANISM_CRAM_MD5,
  OB_SASL_MECHANISM_XOAUTH2,
  OB_SASL_MECHANISM_OAUTHBEARER,
} ObSaslMechanism;

/**
 * ObTranscriptKind:
 * @OB_TRANSCRIPT_CLIENT: a line the client sent
 * @OB_TRANSCRIPT_SERVER: a line the server sent (escaped)
 * @OB_TRANSCRIPT_TLS: TLS handshake and certificate details
 * @OB_TRANSCRIPT_INFO: what the client is doing
 * @OB_TRANSCRIPT_ERROR: a failure
 */
typedef enum {
  OB_TRANSCRIPT_CLIENT,
  OB_TRANSCRIPT_SERVER,
  OB_TRANSCRIPT_TLS,
  OB_TRANSCRIPT_INFO,
  OB_TRANSCRIPT_ERROR,
} ObTranscriptKind;

/**
 * ObDsnRet:
 *
 * What a delivery status notification returns of the message (RFC 3461).
 */
typedef enum {
  OB_DSN_RET_DEFAULT,
  OB_DSN_RET_FULL,
  OB_DSN_RET_HDRS,
} ObDsnRet;

/**
 * ObDsnNotify:
 *
 * When the server should send a delivery status notification (RFC 3461).
 */
typedef enum /*< flags >*/ {
  OB_DSN_NOTIFY_DEFAULT = 0,
  OB_DSN_NOTIFY_NEVER   = 1 << 0,
  OB_DSN_NOTIFY_SUCCESS = 1 << 1,
  OB_DSN_NOTIFY_FAILURE = 1 << 2,
  OB_DSN_NOTIFY_DELAY   = 1 << 3,
} ObDsnNotify;

/**
 * ObDiagnosisCategory:
 * @OB_DIAGNOSIS_CATEGORY_CANCELLED: the person stopped it; nothing failed
 * @OB_DIAGNOSIS_CATEGORY_NETWORK: this computer is offline or cannot reach
 *   the server's network
 * @OB_DIAGNOSIS_CATEGORY_DNS: the server's name does not exist
 * @OB_DIAGNOSIS_CATEGORY_CONNECTION: the server refused, did not answer, or
 *   dropped the connection, or something other than a mail server answered
 * @OB_DIAGNOSIS_CATEGORY_SECURITY_SETTING: the Security setting does not fit
 *   the port (TLS spoken to a STARTTLS port or the other way round)
 * @OB_DIAGNOSIS_CATEGORY_ENCRYPTION: encryption could not be set up (outdated
 *   protocol or ciphers, STARTTLS missing)
 * @OB_DIAGNOSIS_CATEGORY_CERTIFICATE: the server's certificate was refused
 * @OB_DIAGNOSIS_CATEGORY_AUTHENTICATION: logging in failed or is needed
 * @OB_DIAGNOSIS_CATEGORY_RELAY: the server will not pass mail on for this
 *   account (not logged in, or not the right server for the address)
 * @OB_DIAGNOSIS_CATEGORY_SENDER: the sender's address was refused
 * @OB_DIAGNOSIS_CATEGORY_RECIPIENT: a recipient's address was refused
 * @OB_DIAGNOSIS_CATEGORY_MESSAGE: the message itself was refused (size,
 *   encoding, content, an unusable header)
 * @OB_DIAGNOSIS_CATEGORY_RATE_LIMIT: a sending limit was reached
 * @OB_DIAGNOSIS_CATEGORY_GREYLISTING: the recipient's server asked to come
 *   back later; retrying will work
 * @OB_DIAGNOSIS_CATEGORY_POLICY: refused as spam or because the sending
 *   domain's SPF, DKIM or DMARC checks failed; the UI offers the domain check
 * @OB_DIAGNOSIS_CATEGORY_SERVER: the server has a problem of its own
 * @OB_DIAGNOSIS_CATEGORY_UNKNOWN_OUTCOME: the connection ended after the
 *   message was sent and before the server confirmed it: it may have been
 *   delivered, so it must not be re-sent blindly
 * @OB_DIAGNOSIS_CATEGORY_OTHER: none of the above; the diagnosis repeats what
 *   the server or the system said
 *
 * What kind of failure a diagnosis describes, for the UI to branch on.
 */
typedef enum {
  OB_DIAGNOSIS_CATEGORY_CANCELLED,
  OB_DIAGNOSIS_CATEGORY_NETWORK,
  OB_DIAGNOSIS_CATEGORY_DNS,
  OB_DIAGNOSIS_CATEGORY_CONNECTION,
  OB_DIAGNOSIS_CATEGORY_SECURITY_SETTING,
  OB_DIAGNOSIS_CATEGORY_ENCRYPTION,
  OB_DIAGNOSIS_CATEGORY_CERTIFICATE,
  OB_DIAGNOSIS_CATEGORY_AUTHENTICATION,
  OB_DIAGNOSIS_CATEGORY_RELAY,
  OB_DIAGNOSIS_CATEGORY_SENDER,
  OB_DIAGNOSIS_CATEGORY_RECIPIENT,
  OB_DIAGNOSIS_CATEGORY_MESSAGE,
  OB_DIAGNOSIS_CATEGORY_RATE_LIMIT,
  OB_DIAGNOSIS_CATEGORY_GREYLISTING,
  OB_DIAGNOSIS_CATEGORY_POLICY,
  OB_DIAGNOSIS_CATEGORY_SERVER,
  OB_DIAGNOSIS_CATEGORY_UNKNOWN_OUTCOME,
  OB_DIAGNOSIS_CATEGORY_OTHER,
} ObDiagnosisCategory;

/**
 * ObDiagnosisField:
 * @OB_DIAGNOSIS_FIELD_NONE: no setting to change
 * @OB_DIAGNOSIS_FIELD_HOST: the account's Server
 * @OB_DIAGNOSIS_FIELD_PORT: the account's Port
 * @OB_DIAGNOSIS_FIELD_SECURITY: the account's Security (TLS, STARTTLS, none)
 * @OB_DIAGNOSIS_FIELD_USERNAME: the account's Username
 * @OB_DIAGNOSIS_FIELD_PASSWORD: the account's Password
 * @OB_DIAGNOSIS_FIELD_AUTH_MECHANISM: the account's Login method
 * @OB_DIAGNOSIS_FIELD_SENDER: the message's From address
 * @OB_DIAGNOSIS_FIELD_RECIPIENTS: the message's recipients
 * @OB_DIAGNOSIS_FIELD_MESSAGE: the message itself (size, content)
 *
 * The setting a diagnosis asks the person to change, so the UI can take
 * them straight to it.
 */
typedef enum {
  OB_DIAGNOSIS_FIELD_NONE,
  OB_DIAGNOSIS_FIELD_HOST,
  OB_DIAGNOSIS_FIELD_PORT,
  OB_DIAGNOSIS_FIELD_SECURITY,
  OB_DIAGNOSIS_FIELD_USERNAME,
  OB_DIAGNOSIS_FIELD_PASSWORD,
  OB_DIAGNOSIS_FIELD_AUTH_MECHANISM,
  OB_DIAGNOSIS_FIELD_SENDER,
  OB_DIAGNOSIS_FIELD_RECIPIENTS,
  OB_DIAGNOSIS_FIELD_MESSAGE,
} ObDiagnosisField;

/**
 * ObAccountOrigin:
 * @OB_ACCOUNT_ORIGIN_MANUAL: typed in by the person
 * @OB_ACCOUNT_ORIGIN_DETECTED: found by autodetection
 * @OB_ACCOUNT_ORIGIN_EDITED: detected, then changed by the person
 */
typedef enum {
  OB_ACCOUNT_ORIGIN_MANUAL,
  OB_ACCOUNT_ORIGIN_DETECTED,
  OB_ACCOUNT_ORIGIN_EDITED,
} ObAccountOrigin;

/**
 * ObOutboxState:
 * @OB_OUTBOX_STATE_QUEUED: waiting to be sent, now or at its next attempt
 * @OB_OUTBOX_STATE_SENDING: being sent
 * @OB_OUTBOX_STATE_SENT: the server accepted it; it is in the sent folder
 * @OB_OUTBOX_STATE_FAILED: refused for good, or unusable; the error and its
 *   diagnosis say why
 * @OB_OUTBOX_STATE_UNCERTAIN: the connection was lost after the message was
 *   sent and before the server confirmed it: the server may have it, so it
 *   is only sent again when the person says so
 * @OB_OUTBOX_STATE_HELD: waiting for the person: the account is gone, or its
 *   settings or password need attention
 *
 * Where a message in the outbox stands. Every message is in exactly one.
 */
typedef enum {
  OB_OUTBOX_STATE_QUEUED,
  OB_OUTBOX_STATE_SENDING,
  OB_OUTBOX_STATE_SENT,
  OB_OUTBOX_STATE_FAILED,
  OB_OUTBOX_STATE_UNCERTAIN,
  OB_OUTBOX_STATE_HELD,
} ObOutboxState;

/**
 * ObOutboxWait:
 * @OB_OUTBOX_WAIT_NONE: a queued message that goes out at the next chance
 * @OB_OUTBOX_WAIT_RETRY: a temporary failure; the next attempt is later
 * @OB_OUTBOX_WAIT_RATE_LIMIT: the account's sending limit is reached; the
 *   next attempt is when the limit allows one more
 * @OB_OUTBOX_WAIT_NETWORK: this computer is offline
 *
 * Why a queued message is not being sent right now.
 */
typedef enum {
  OB_OUTBOX_WAIT_NONE,
  OB_OUTBOX_WAIT_RETRY,
  OB_OUTBOX_WAIT_RATE_LIMIT,
  OB_OUTBOX_WAIT_NETWORK,
} ObOutboxWait;

/**
 * ObConnectionTestStepKind:
 * @OB_CONNECTION_TEST_STEP_RESOLVE: look the server's name up (DNS)
 * @OB_CONNECTION_TEST_STEP_CONNECT: open a connection to the port; with
 *   STARTTLS this includes the plain greeting before encryption
 * @OB_CONNECTION_TEST_STEP_TLS: set up encryption and check the certificate
 * @OB_CONNECTION_TEST_STEP_GREETING: the server's greeting and what it
 *   offers (EHLO), read again after STARTTLS
 * @OB_CONNECTION_TEST_STEP_LOGIN: log in with the account's password
 * @OB_CONNECTION_TEST_STEP_SEND: send a test message to the account's own
 *   address
 *
 * The steps of a connection test, in the order they run.
 */
typedef enum {
  OB_CONNECTION_TEST_STEP_RESOLVE,
  OB_CONNECTION_TEST_STEP_CONNECT,
  OB_CONNECTION_TEST_STEP_TLS,
  OB_CONNECTION_TEST_STEP_GREETING,
  OB_CONNECTION_TEST_STEP_LOGIN,
  OB_CONNECTION_TEST_STEP_SEND,
} ObConnectionTestStepKind;

#define OB_CONNECTION_TEST_N_STEPS (OB_CONNECTION_TEST_STEP_SEND + 1)

/**
 * ObConnectionTestStepState:
 * @OB_CONNECTION_TEST_STEP_PENDING: not reached (yet), or cancelled while
 *   running
 * @OB_CONNECTION_TEST_STEP_RUNNING: under way
 * @OB_CONNECTION_TEST_STEP_PASSED: worked
 * @OB_CONNECTION_TEST_STEP_FAILED: failed; the test stopped here
 * @OB_CONNECTION_TEST_STEP_SKIPPED: does not apply to this account (no
 *   encryption chosen, no login, no test message asked for)
 */
typedef enum {
  OB_CONNECTION_TEST_STEP_PENDING,
  OB_CONNECTION_TEST_STEP_RUNNING,
  OB_CONNECTION_TEST_STEP_PASSED,
  OB_CONNECTION_TEST_STEP_FAILED,
  OB_CONNECTION_TEST_STEP_SKIPPED,
} ObConnectionTestStepState;

/**
 * ObDomainCheckKind:
 * @OB_DOMAIN_CHECK_KIND_MX: the domain's mail exchangers (RFC 5321, RFC 7505)
 * @OB_DOMAIN_CHECK_KIND_SPF: which servers may send for it (RFC 7208)
 * @OB_DOMAIN_CHECK_KIND_DKIM: the keys its mail is signed with (RFC 6376)
 * @OB_DOMAIN_CHECK_KIND_DMARC: what receivers do with unauthenticated mail (RFC 7489)
 * @OB_DOMAIN_CHECK_KIND_MTA_STS: whether mail to it must use TLS (RFC 8461)
 * @OB_DOMAIN_CHECK_KIND_TLS_RPT: where TLS failures are reported (RFC 8460)
 *
 * What one item of a sending domain's health check is about.
 */
typedef enum {
  OB_DOMAIN_CHECK_KIND_MX,
  OB_DOMAIN_CHECK_KIND_SPF,
  OB_DOMAIN_CHECK_KIND_DKIM,
  OB_DOMAIN_CHECK_KIND_DMARC,
  OB_DOMAIN_CHECK_KIND_MTA_STS,
  OB_DOMAIN_CHECK_KIND_TLS_RPT,
} ObDomainCheckKind;

/**
 * ObDomainCheckGrade:
 * @OB_DOMAIN_CHECK_GRADE_GOOD: nothing to do
 * @OB_DOMAIN_CHECK_GRADE_WARNING: works, but mail may be filtered or a
 *   protection is missing
 * @OB_DOMAIN_CHECK_GRADE_PROBLEM: mail from the domain is likely to be
 *   rejected or sent to spam until this is fixed
 *
 * How healthy one item is. The values are ordered: a larger one is worse.
 */
typedef enum {
  OB_DOMAIN_CHECK_GRADE_GOOD,
  OB_DOMAIN_CHECK_GRADE_WARNING,
  OB_DOMAIN_CHECK_GRADE_PROBLEM,
} ObDomainCheckGrade;

G_END_DECLS
