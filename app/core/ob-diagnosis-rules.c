/* ob-diagnosis-rules.c — which advice fits which failure, and the other
 * data the matcher needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first rule that matches wins, so the table runs from the particular to
 * the general: a provider's own wording before the enhanced status code,
 * the status code before the error code, the error code before the
 * catch-all at the end. Teaching the diagnosis a new case is one line here
 * (and, if nothing already says the right thing, one entry in
 * ob-diagnosis-advice.c).
 */
#include "config.h"

#include "ob-account.h"
#include "ob-diagnosis-private.h"

#define CODE(name)      OB_RULE_CODE (name)
#define STAGE(name)     OB_RULE_STAGE (name)
#define SECURITY(name)  OB_RULE_SECURITY (name)
#define ADVICE(name)    .advice = OB_ADVICE_##name

/* The stages in which the server answers for the message's delivery. */
#define DELIVERY_STAGES (STAGE (MAIL) | STAGE (RCPT) | STAGE (DATA) | STAGE (BODY) | \
                         STAGE (END_OF_DATA))

#define MICROSOFT "outlook|office365"

const ObDiagnosisRule ob_diagnosis_rules[] = {
  /* Cancelling is not a failure: nothing else may claim it. */
  { .codes = OB_RULE_CANCELLED, ADVICE (CANCELLED) },

  /* Reaching the server */
  { .codes = CODE (NAME_RESOLUTION) | CODE (NETWORK) | CODE (TIMEOUT),
    .when = OB_RULE_WHEN_OFFLINE, ADVICE (OFFLINE) },
  { .codes = CODE (NETWORK), .stages = STAGE (RESOLVE), ADVICE (DNS_UNREACHABLE) },
  { .codes = CODE (NETWORK), ADVICE (NETWORK_DOWN) },
  { .codes = CODE (NAME_RESOLUTION), ADVICE (HOST_NOT_FOUND_NAMED) },
  { .codes = CODE (NAME_RESOLUTION), ADVICE (HOST_NOT_FOUND) },
  { .codes = CODE (CONNECTION_REFUSED), ADVICE (CONNECTION_REFUSED) },
  { .codes = CODE (TIMEOUT), .stages = STAGE (CONNECT), .ports = "25", ADVICE (PORT_25_BLOCKED) },
  { .codes = CODE (TIMEOUT), .stages = STAGE (CONNECT), ADVICE (CONNECT_TIMEOUT) },

  /* Security that does not fit the port: each side waits for the other, or
   * one reads the other's first bytes as nonsense. */
  { .codes = CODE (TIMEOUT) | CODE (PROTOCOL) | CODE (CONNECTION_LOST),
    .stages = STAGE (GREETING), .ports = "465",
    .security = SECURITY (STARTTLS) | SECURITY (NONE), ADVICE (USE_TLS_FOR_465) },
  { .codes = CODE (TLS_HANDSHAKE) | CODE (PROTOCOL) | CODE (CONNECTION_LOST) | CODE (TIMEOUT),
    .stages = STAGE (TLS), .ports = "587|25|2525", .security = SECURITY (TLS),
    ADVICE (USE_STARTTLS) },
  { .codes = CODE (TIMEOUT), .stages = STAGE (GREETING),
    .security = SECURITY (STARTTLS) | SECURITY (NONE), ADVICE (NO_GREETING) },
  { .codes = CODE (PROTOCOL), .stages = STAGE (GREETING), ADVICE (NOT_SMTP) },

  /* Encryption and certificates, the most actionable flag first */
  { .codes = CODE (TLS_HANDSHAKE), ADVICE (HANDSHAKE) },
  { .codes = CODE (CERTIFICATE), .cert_flags = G_TLS_CERTIFICATE_BAD_IDENTITY,
    ADVICE (CERT_OTHER_HOST_NAMED) },
  { .codes = CODE (CERTIFICATE), .cert_flags = G_TLS_CERTIFICATE_BAD_IDENTITY,
    ADVICE (CERT_OTHER_HOST) },
  { .codes = CODE (CERTIFICATE), .cert_flags = G_TLS_CERTIFICATE_EXPIRED, ADVICE (CERT_EXPIRED) },
  { .codes = CODE (CERTIFICATE), .cert_flags = G_TLS_CERTIFICATE_NOT_ACTIVATED,
    ADVICE (CERT_NOT_YET_VALID) },
  { .codes = CODE (CERTIFICATE), .cert_flags = G_TLS_CERTIFICATE_UNKNOWN_CA,
    .when = OB_RULE_WHEN_SELF_SIGNED, ADVICE (CERT_SELF_SIGNED) },
  { .codes = CODE (CERTIFICATE), .cert_flags = G_TLS_CERTIFICATE_UNKNOWN_CA,
    ADVICE (CERT_UNKNOWN_ISSUER) },
  { .codes = CODE (CERTIFICATE), ADVICE (CERT_OTHER) },
  { .codes = OB_RULE_CA_FILE, ADVICE (CA_FILE) },
  { .codes = CODE (STARTTLS_UNAVAILABLE), .status = "4xx", ADVICE (STARTTLS_TEMPORARY) },
  { .codes = CODE (STARTTLS_UNAVAILABLE), .ports = "25", ADVICE (STARTTLS_STRIPPED) },
  { .codes = CODE (STARTTLS_UNAVAILABLE), ADVICE (STARTTLS_MISSING) },

  /* Logging in: providers' own cases first */
  { .codes = CODE (AUTH_UNSUPPORTED), .security = SECURITY (NONE), ADVICE (NEEDS_ENCRYPTION) },
  { .status = "538|5.7.11", ADVICE (NEEDS_ENCRYPTION) },
  { .status = "530", .text = "starttls|tls required|must use tls|encryption required",
    ADVICE (NEEDS_ENCRYPTION) },
  { .codes = CODE (AUTH_UNSUPPORTED), .ports = "25", ADVICE (AUTH_ON_PORT_25) },
  { .codes = CODE (AUTH_UNSUPPORTED), ADVICE (AUTH_NO_MECHANISM) },
  { .stages = STAGE (AUTH), .provider = "gmail", .status = "5.7.9", ADVICE (GMAIL_APP_PASSWORD) },
  { .stages = STAGE (AUTH), .text = "application-specific password", ADVICE (GMAIL_APP_PASSWORD) },
  { .stages = STAGE (AUTH), .provider = "gmail", .status = "5.7.14", ADVICE (GMAIL_WEB_LOGIN) },
  { .stages = STAGE (AUTH), .provider = "gmail", .status = "535|5.7.8", ADVICE (GMAIL_PASSWORD) },
  { .stages = STAGE (AUTH), .text = "smtpclientauthentication is disabled|security defaults",
    ADVICE (MICROSOFT_SMTP_AUTH_OFF) },
  { .stages = STAGE (AUTH), .status = "5.7.139", ADVICE (MICROSOFT_BASIC_AUTH_OFF) },
  { .stages = STAGE (AUTH), .provider = MICROSOFT, .status = "535|5.7.3",
    ADVICE (MICROSOFT_LOGIN) },
  { .stages = STAGE (AUTH), .text = "too many", ADVICE (TOO_MANY_ATTEMPTS) },
  { .stages = STAGE (AUTH), .text = "locked|suspended|disabled|blocked|deactivated",
    ADVICE (ACCOUNT_LOCKED) },
  { .stages = STAGE (AUTH), .provider = "yahoo", .status = "5xx", ADVICE (YAHOO_APP_PASSWORD) },
  { .stages = STAGE (AUTH), .provider = "icloud", .status = "5xx", ADVICE (ICLOUD_APP_PASSWORD) },
  { .stages = STAGE (AUTH), .status = "504|534", ADVICE (AUTH_MECHANISM_REFUSED) },
  /* A 421 here is the server closing, handled below. */
  { .stages = STAGE (AUTH), .status = "432|450|451|452|454", ADVICE (AUTH_TEMPORARY) },
  { .codes = CODE (AUTH_FAILED), ADVICE (WRONG_PASSWORD) },

  /* Greylisting reads like many other refusals; its own word settles it. */
  { .text = "greylist|graylist|grey-list|gray-list", ADVICE (GREYLISTED) },

  /* Who may send, and as whom */
  { .status = "5xx", .text = "relay", ADVICE (RELAY_DENIED) },
  { .status = "530|5.7.57", ADVICE (LOGIN_REQUIRED) },
  { .stages = DELIVERY_STAGES, .text = "not logged in|authentication required|not authenticated",
    ADVICE (LOGIN_REQUIRED) },
  { .status = "5.7.60", ADVICE (SENDER_NOT_OWNED) },
  { .stages = DELIVERY_STAGES,
    .text = "not owned|sendasdenied|send as this sender|not allowed to send as",
    ADVICE (SENDER_NOT_OWNED) },
  { .text = "bad outbound sender", ADVICE (MICROSOFT_SENDER_BLOCKED) },
  { .status = "5.1.7|5.1.8|4.1.8", ADVICE (SENDER_INVALID) },

  /* Sending limits, before the recipients: their wording overlaps
   * ("quota exceeded"). */
  { .provider = "gmail", .status = "5.4.5", ADVICE (GMAIL_DAILY_LIMIT) },
  { .text = "daily user sending", ADVICE (GMAIL_DAILY_LIMIT) },
  { .status = "4.7.28|5.7.28", ADVICE (GMAIL_UNUSUAL_RATE) },
  { .text = "unusual rate", ADVICE (GMAIL_UNUSUAL_RATE) },
  { .text = "submissionquotaexceeded|sender thread limit", ADVICE (MICROSOFT_LIMIT) },
  { .status = "5.7.705|5.7.708", ADVICE (MICROSOFT_LIMIT) },
  { .provider = "yahoo", .status = "5.7.9", ADVICE (YAHOO_LIMIT) },
  { .text = "[tss0|[ts0", ADVICE (YAHOO_LIMIT) },

  /* Recipients */
  { .status = "5.1.2|4.1.2", ADVICE (RECIPIENT_DOMAIN) },
  { .status = "5.1.1|5.1.10|5.1.3", ADVICE (RECIPIENT_UNKNOWN) },
  { .stages = STAGE (RCPT), .status = "5xx",
    .text = "user unknown|unknown user|no such user|does not exist|unrouteable|not found",
    ADVICE (RECIPIENT_UNKNOWN) },
  { .status = "5.2.2|4.2.2", ADVICE (MAILBOX_FULL) },
  { .stages = DELIVERY_STAGES, .text = "over quota|mailbox full|mailbox is full|out of storage",
    ADVICE (MAILBOX_FULL) },
  { .status = "5.2.1", ADVICE (MAILBOX_DISABLED) },
  { .status = "4.2.1", ADVICE (RECIPIENT_BUSY) },
  { .status = "4.5.3|5.5.3", ADVICE (TOO_MANY_RECIPIENTS) },
  { .text = "too many recipients", ADVICE (TOO_MANY_RECIPIENTS) },

  /* The message: content before size, since Gmail refuses dangerous
   * attachments with 552 */
  { .status = "5xx", .text = "virus|malware|security issue|attachment", ADVICE (CONTENT_BLOCKED) },
  { .codes = CODE (MESSAGE_TOO_LARGE), ADVICE (TOO_LARGE_LIMIT) },
  { .status = "552|5.3.4|5.2.3|4.3.4", ADVICE (TOO_LARGE_LIMIT) },
  { .codes = CODE (MESSAGE_TOO_LARGE), ADVICE (TOO_LARGE) },
  { .status = "552|5.3.4|5.2.3|4.3.4", ADVICE (TOO_LARGE) },
  { .codes = CODE (ENCODING), ADVICE (NEEDS_SMTPUTF8) },
  { .status = "5.6.7|5.6.8|5.6.9", ADVICE (NEEDS_SMTPUTF8) },

  /* Spam and sender authentication. Gmail says “unauthenticated” both when
   * DMARC failed and when neither SPF nor DKIM passed. */
  { .text = "dmarc", ADVICE (DMARC) },
  { .text = "sender is unauthenticated|unauthenticated email", ADVICE (GMAIL_UNAUTHENTICATED) },
  { .status = "5.7.26|4.7.26|5.7.32|4.7.32|5.7.509", ADVICE (DMARC) },
  { .status = "5.7.20|5.7.21|5.7.22|5.7.30|4.7.30", ADVICE (DKIM) },
  { .text = "dkim", ADVICE (DKIM) },
  { .status = "5.7.23|4.7.23|5.7.27|4.7.27", ADVICE (SPF) },
  { .text = "spf", ADVICE (SPF) },
  { .text = "spam|unsolicited|blocked|blacklist|blocklist|block list|reputation",
    ADVICE (SPAM) },

  /* Come back later */
  { .status = "421|450|451|452|454", .text = "rate|limit|quota|too many|too much|exceeded",
    ADVICE (RATE_LIMITED) },
  { .stages = DELIVERY_STAGES, .status = "450|451",
    .text = "try again later|try later|retry later|please retry|come back later",
    ADVICE (GREYLISTED) },
  { .status = "421 4.7.|450 4.7.|451 4.7.|454 4.7.", ADVICE (RATE_LIMITED) },
  { .codes = CODE (SHUTTING_DOWN), ADVICE (SERVER_CLOSING) },
  { .status = "421", ADVICE (SERVER_CLOSING) },
  { .status = "4.3.", ADVICE (SERVER_TEMPORARY) },

  /* The connection ended early: after the final dot nobody knows whether
   * the server kept the message. */
  { .codes = CODE (OUTCOME_UNKNOWN), ADVICE (OUTCOME_UNKNOWN) },
  { .codes = CODE (CONNECTION_LOST) | CODE (TIMEOUT), .stages = STAGE (END_OF_DATA),
    ADVICE (OUTCOME_UNKNOWN) },
  { .codes = CODE (CONNECTION_LOST) | CODE (TIMEOUT), ADVICE (CONNECTION_LOST) },
  { .codes = CODE (PROTOCOL), ADVICE (PROTOCOL) },
  { .codes = CODE (INVALID_INPUT), ADVICE (INVALID_INPUT) },
  { .codes = CODE (TEMPORARY), ADVICE (SERVER_TEMPORARY) },
  { .status = "4xx", ADVICE (SERVER_TEMPORARY) },
  /* Refusals nothing above recognised: at least say what was refused. */
  { .codes = CODE (SENDER_REJECTED), ADVICE (SENDER_REFUSED) },
  { .codes = CODE (RECIPIENT_REJECTED), ADVICE (RECIPIENT_REFUSED) },
  { .codes = CODE (MESSAGE_REJECTED), ADVICE (MESSAGE_REFUSED) },

  /* Whatever is left is told as it is, in the server's own words. */
  { ADVICE (OTHER) },
};

const guint ob_diagnosis_n_rules = G_N_ELEMENTS (ob_diagnosis_rules);

/* Resolver and socket errors come from connecting, TLS errors from the
 * handshake; an unusable certificate authority file stops before either. */
const ObDiagnosisForeignError ob_diagnosis_foreign_errors[] = {
  { g_io_error_quark, G_IO_ERROR_CANCELLED, OB_DIAGNOSIS_FAILURE_CANCELLED, OB_SMTP_STAGE_NONE },
  { g_resolver_error_quark, G_RESOLVER_ERROR_NOT_FOUND,
    OB_SMTP_ERROR_NAME_RESOLUTION, OB_SMTP_STAGE_RESOLVE },
  /* The name servers did not answer, which mostly means no network. */
  { g_resolver_error_quark, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
    OB_SMTP_ERROR_NETWORK, OB_SMTP_STAGE_RESOLVE },
  { g_io_error_quark, G_IO_ERROR_CONNECTION_REFUSED,
    OB_SMTP_ERROR_CONNECTION_REFUSED, OB_SMTP_STAGE_CONNECT },
  { g_io_error_quark, G_IO_ERROR_TIMED_OUT, OB_SMTP_ERROR_TIMEOUT, OB_SMTP_STAGE_CONNECT },
  { g_io_error_quark, G_IO_ERROR_NETWORK_UNREACHABLE,
    OB_SMTP_ERROR_NETWORK, OB_SMTP_STAGE_CONNECT },
  { g_io_error_quark, G_IO_ERROR_HOST_UNREACHABLE, OB_SMTP_ERROR_NETWORK, OB_SMTP_STAGE_CONNECT },
  { g_io_error_quark, G_IO_ERROR_CONNECTION_CLOSED,
    OB_SMTP_ERROR_CONNECTION_LOST, OB_SMTP_STAGE_NONE },
  { g_tls_error_quark, G_TLS_ERROR_BAD_CERTIFICATE, OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS },
  { g_tls_error_quark, G_TLS_ERROR_NOT_TLS, OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS },
  { g_tls_error_quark, G_TLS_ERROR_HANDSHAKE, OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS },
  { g_tls_error_quark, G_TLS_ERROR_INAPPROPRIATE_FALLBACK,
    OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS },
  { g_tls_error_quark, G_TLS_ERROR_MISC, OB_SMTP_ERROR_TLS_HANDSHAKE, OB_SMTP_STAGE_TLS },
  { g_tls_error_quark, G_TLS_ERROR_EOF, OB_SMTP_ERROR_CONNECTION_LOST, OB_SMTP_STAGE_TLS },
  { ob_account_error_quark, OB_ACCOUNT_ERROR_INVALID_CA_FILE,
    OB_DIAGNOSIS_FAILURE_CA_FILE, OB_SMTP_STAGE_NONE },
};

const guint ob_diagnosis_n_foreign_errors = G_N_ELEMENTS (ob_diagnosis_foreign_errors);

/* Providers recognised from the server name when the caller named none. */
const ObDiagnosisProviderDomains ob_diagnosis_provider_domains[] = {
  { "gmail", "gmail.com|googlemail.com|google.com" },
  { "office365", "office365.com" },
  { "outlook", "outlook.com|hotmail.com|live.com" },
  { "yahoo", "yahoo.com" },
  { "icloud", "icloud.com|me.com|mac.com" },
};

const guint ob_diagnosis_n_provider_domains = G_N_ELEMENTS (ob_diagnosis_provider_domains);
