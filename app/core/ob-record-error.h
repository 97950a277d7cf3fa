/* ob-record-error.h — what can be wrong with a DNS record or policy text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OB_RECORD_ERROR (ob_record_error_quark ())

/**
 * ObRecordError:
 * @OB_RECORD_ERROR_SYNTAX: the text cannot be read at all, or a part of it
 *   is not of the form the standard requires
 * @OB_RECORD_ERROR_VERSION: the version tag is missing, misplaced or names
 *   a version that does not exist
 * @OB_RECORD_ERROR_DUPLICATE: a tag or modifier appears twice
 * @OB_RECORD_ERROR_MISSING: a required tag is absent
 * @OB_RECORD_ERROR_VALUE: a tag's value is out of range or of the wrong form
 * @OB_RECORD_ERROR_UNKNOWN_TERM: an SPF mechanism that does not exist
 *
 * Errors from parsing the SPF, DKIM, DMARC, MTA-STS and TLS-RPT records of
 * a domain. The message says, in words, which part is wrong and why; it
 * quotes the record only escaped.
 */
typedef enum {
  OB_RECORD_ERROR_SYNTAX,
  OB_RECORD_ERROR_VERSION,
  OB_RECORD_ERROR_DUPLICATE,
  OB_RECORD_ERROR_MISSING,
  OB_RECORD_ERROR_VALUE,
  OB_RECORD_ERROR_UNKNOWN_TERM,
} ObRecordError;

GQuark ob_record_error_quark (void);

G_END_DECLS
