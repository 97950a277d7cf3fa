/* test-diagnosis-cases.h — the failures test-diagnosis checks, and what
 * a person must be told about each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-diagnosis.h"
#include "ob-smtp-error.h"

G_BEGIN_DECLS

#define UNKNOWN_SECURITY (-1)

typedef struct
{
  const char          *name;
  /* The failure: an OB_SMTP_ERROR unless @domain is given. */
  GQuark             (*domain) (void);
  int                  code;
  ObSmtpStage          stage;
  guint                reply_code;     /* 0: no reply */
  const char          *lines[5];
  /* What was being attempted */
  const char          *provider;
  const char          *host;
  guint16              port;
  int                  security;       /* an ObSecurity, or UNKNOWN_SECURITY */
  guint64              size_limit;
  gboolean             offline;
  /* What the person must be told */
  ObDiagnosisCategory  category;
  ObDiagnosisField     field;
  gboolean             retry;
  const char          *remedy_says;
  const char          *help_url;
} Case;

extern const Case  reply_cases[];
extern const gsize n_reply_cases;
extern const Case  other_cases[];
extern const gsize n_other_cases;

G_END_DECLS
