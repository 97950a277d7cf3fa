/* ob-diagnosis-private.h — the diagnosis's rules and advice, shared by the
 * matcher, the tables and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-diagnosis.h"
#include "ob-smtp-error.h"

G_BEGIN_DECLS

/* Failures that are not an ObSmtpError get codes after its last one, so one
 * bit mask in a rule covers every kind of failure. */
enum {
  OB_DIAGNOSIS_FAILURE_CANCELLED = OB_SMTP_ERROR_INVALID_INPUT + 1,
  OB_DIAGNOSIS_FAILURE_FOREIGN,
  OB_DIAGNOSIS_FAILURE_CA_FILE,
};

#define OB_RULE_CODE(name)      (1u << OB_SMTP_ERROR_##name)
#define OB_RULE_CANCELLED       (1u << OB_DIAGNOSIS_FAILURE_CANCELLED)
#define OB_RULE_CA_FILE         (1u << OB_DIAGNOSIS_FAILURE_CA_FILE)
#define OB_RULE_STAGE(name)     (1u << OB_SMTP_STAGE_##name)
#define OB_RULE_SECURITY(name)  (1u << OB_SECURITY_##name)

typedef enum {
  OB_RETRY_NO,
  OB_RETRY_YES,
  OB_RETRY_IF_TRANSIENT,  /* yes for a 4xx reply, no for a 5xx one */
} ObRetry;

/* Which values an explanation's conversions stand for, in order. All are
 * strings ("%s"); a rule whose advice needs a value the failure does not
 * have is skipped, so the next, more general rule speaks instead. */
typedef enum {
  OB_ARGS_NONE,
  OB_ARGS_HOST,            /* the server name */
  OB_ARGS_HOST_AND_NAMES,  /* the server name, then the certificate's names */
  OB_ARGS_SIZE_LIMIT,      /* the server's size limit, formatted */
} ObAdviceArgs;

typedef enum {
  OB_ADVICE_CANCELLED,
  OB_ADVICE_OFFLINE,
  OB_ADVICE_DNS_UNREACHABLE,
  OB_ADVICE_NETWORK_DOWN,
  OB_ADVICE_HOST_NOT_FOUND_NAMED,
  OB_ADVICE_HOST_NOT_FOUND,
  OB_ADVICE_CONNECTION_REFUSED,
  OB_ADVICE_PORT_25_BLOCKED,
  OB_ADVICE_CONNECT_TIMEOUT,
  OB_ADVICE_USE_TLS_FOR_465,
  OB_ADVICE_USE_STARTTLS,
  OB_ADVICE_NO_GREETING,
  OB_ADVICE_NOT_SMTP,
  OB_ADVICE_HANDSHAKE,
  OB_ADVICE_CERT_OTHER_HOST_NAMED,
  OB_ADVICE_CERT_OTHER_HOST,
  OB_ADVICE_CERT_EXPIRED,
  OB_ADVICE_CERT_NOT_YET_VALID,
  OB_ADVICE_CERT_SELF_SIGNED,
  OB_ADVICE_CERT_UNKNOWN_ISSUER,
  OB_ADVICE_CERT_OTHER,
  OB_ADVICE_CA_FILE,
  OB_ADVICE_STARTTLS_TEMPORARY,
  OB_ADVICE_STARTTLS_STRIPPED,
  OB_ADVICE_STARTTLS_MISSING,
  OB_ADVICE_NEEDS_ENCRYPTION,
  OB_ADVICE_AUTH_ON_PORT_25,
  OB_ADVICE_AUTH_NO_MECHANISM,
  OB_ADVICE_AUTH_MECHANISM_REFUSED,
  OB_ADVICE_GMAIL_APP_PASSWORD,
  OB_ADVICE_GMAIL_WEB_LOGIN,
  OB_ADVICE_GMAIL_PASSWORD,
  OB_ADVICE_MICROSOFT_SMTP_AUTH_OFF,
  OB_ADVICE_MICROSOFT_BASIC_AUTH_OFF,
  OB_ADVICE_MICROSOFT_LOGIN,
  OB_ADVICE_TOO_MANY_ATTEMPTS,
  OB_ADVICE_ACCOUNT_LOCKED,
  OB_ADVICE_YAHOO_APP_PASSWORD,
  OB_ADVICE_ICLOUD_APP_PASSWORD,
  OB_ADVICE_AUTH_TEMPORARY,
  OB_ADVICE_WRONG_PASSWORD,
  OB_ADVICE_LOGIN_REQUIRED,
  OB_ADVICE_RELAY_DENIED,
  OB_ADVICE_SENDER_NOT_OWNED,
  OB_ADVICE_MICROSOFT_SENDER_BLOCKED,
  OB_ADVICE_SENDER_INVALID,
  OB_ADVICE_SENDER_REFUSED,
  OB_ADVICE_RECIPIENT_UNKNOWN,
  OB_ADVICE_RECIPIENT_DOMAIN,
  OB_ADVICE_MAILBOX_FULL,
  OB_ADVICE_MAILBOX_DISABLED,
  OB_ADVICE_RECIPIENT_BUSY,
  OB_ADVICE_TOO_MANY_RECIPIENTS,
  OB_ADVICE_RECIPIENT_REFUSED,
  OB_ADVICE_TOO_LARGE_LIMIT,
  OB_ADVICE_TOO_LARGE,
  OB_ADVICE_NEEDS_SMTPUTF8,
  OB_ADVICE_CONTENT_BLOCKED,
  OB_ADVICE_SPF,
  OB_ADVICE_DKIM,
  OB_ADVICE_DMARC,
  OB_ADVICE_GMAIL_UNAUTHENTICATED,
  OB_ADVICE_SPAM,
  OB_ADVICE_GMAIL_DAILY_LIMIT,
  OB_ADVICE_GMAIL_UNUSUAL_RATE,
  OB_ADVICE_MICROSOFT_LIMIT,
  OB_ADVICE_YAHOO_LIMIT,
  OB_ADVICE_RATE_LIMITED,
  OB_ADVICE_GREYLISTED,
  OB_ADVICE_SERVER_CLOSING,
  OB_ADVICE_OUTCOME_UNKNOWN,
  OB_ADVICE_CONNECTION_LOST,
  OB_ADVICE_PROTOCOL,
  OB_ADVICE_INVALID_INPUT,
  OB_ADVICE_MESSAGE_REFUSED,
  OB_ADVICE_SERVER_TEMPORARY,
  OB_ADVICE_OTHER,
  OB_N_ADVICE
} ObAdviceId;

/* What a diagnosis says. The texts are marked for translation and
 * translated when a diagnosis is made; only the explanation may hold conversions (see
 * ObAdviceArgs). */
typedef struct
{
  ObDiagnosisCategory  category;
  ObDiagnosisField     field;
  ObRetry              retry;
  ObAdviceArgs         args;
  const char          *title;
  const char          *explanation;
  const char          *remedy;
  const char          *help_url;
} ObDiagnosisAdvice;

typedef enum {
  OB_RULE_WHEN_OFFLINE     = 1 << 0,  /* the context says there is no network */
  OB_RULE_WHEN_SELF_SIGNED = 1 << 1,  /* the certificate signed itself */
} ObRuleWhen;

/* When a failure matches. Every member is optional (zero or NULL matches
 * anything) and all given members must hold. The string members list
 * alternatives separated by "|":
 *
 * - status: "550" (reply code; "x" matches any digit: "4xx"), "5.7.8"
 *   (enhanced code; a trailing dot makes a prefix: "5.7."), or both
 *   separated by a space: "421 4.7.0";
 * - text: lower-case substrings of the server's reply text, matched without
 *   regard to case (never of the error message, which may be translated);
 * - provider: provider ids (see ObDiagnosisContext);
 * - ports: port numbers.
 *
 * A rule with @codes 0 matches every failure except a cancellation. */
typedef struct
{
  guint32               codes;
  guint32               stages;
  const char           *status;
  const char           *text;
  const char           *provider;
  const char           *ports;
  guint32               security;
  GTlsCertificateFlags  cert_flags;
  ObRuleWhen            when;
  ObAdviceId            advice;
} ObDiagnosisRule;

/* An error that reached the diagnosis without the SMTP client's wrapping,
 * and the failure and stage it stands for. */
typedef struct
{
  GQuark      (*domain) (void);
  int           code;
  int           failure;
  ObSmtpStage   stage;
} ObDiagnosisForeignError;

/* A provider recognised from the server name when the caller named none:
 * its id and its "|"-separated domains. */
typedef struct
{
  const char *id;
  const char *domains;
} ObDiagnosisProviderDomains;

extern const ObDiagnosisAdvice          ob_diagnosis_advice[OB_N_ADVICE];
extern const ObDiagnosisRule            ob_diagnosis_rules[];
extern const guint                      ob_diagnosis_n_rules;
extern const ObDiagnosisForeignError    ob_diagnosis_foreign_errors[];
extern const guint                      ob_diagnosis_n_foreign_errors;
extern const ObDiagnosisProviderDomains ob_diagnosis_provider_domains[];
extern const guint                      ob_diagnosis_n_provider_domains;

guint ob_diagnosis_get_rule_index (ObDiagnosis *self);

G_END_DECLS
