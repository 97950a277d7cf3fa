/* ob-spf.h — reading Sender Policy Framework records (RFC 7208)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-record-error.h"

G_BEGIN_DECLS

/**
 * ObSpfQualifier:
 *
 * What a matching mechanism says about the sender (RFC 7208 §4.6.2).
 */
typedef enum {
  OB_SPF_QUALIFIER_PASS,      /* + */
  OB_SPF_QUALIFIER_FAIL,      /* - */
  OB_SPF_QUALIFIER_SOFTFAIL,  /* ~ */
  OB_SPF_QUALIFIER_NEUTRAL,   /* ? */
} ObSpfQualifier;

typedef enum {
  OB_SPF_TERM_ALL,
  OB_SPF_TERM_INCLUDE,
  OB_SPF_TERM_A,
  OB_SPF_TERM_MX,
  OB_SPF_TERM_PTR,
  OB_SPF_TERM_IP4,
  OB_SPF_TERM_IP6,
  OB_SPF_TERM_EXISTS,
  OB_SPF_TERM_REDIRECT,
  OB_SPF_TERM_EXP,
  OB_SPF_TERM_UNKNOWN_MODIFIER,
} ObSpfTermType;

/**
 * ObSpfTerm:
 * @type: the mechanism or modifier
 * @qualifier: for mechanisms, what a match means
 * @text: the term as written in the record
 * @domain: the domain-spec, or %NULL for a and mx without one (the
 *   current domain); may contain macros, see ob_spf_term_has_macros()
 * @address: for ip4 and ip6, the network
 * @prefix4: for ip4, a and mx, the IPv4 prefix length (32 when not given)
 * @prefix6: for ip6, a and mx, the IPv6 prefix length (128 when not given)
 */
typedef struct
{
  ObSpfTermType   type;
  ObSpfQualifier  qualifier;
  char           *text;
  char           *domain;
  GInetAddress   *address;
  guint           prefix4;
  guint           prefix6;
} ObSpfTerm;

/**
 * ObSpfRecord:
 * @terms: (element-type ObSpfTerm): every term, in order
 * @redirect: (nullable): the redirect modifier, if any
 * @all: (nullable): the first “all” mechanism, if any
 */
typedef struct
{
  GPtrArray       *terms;
  const ObSpfTerm *redirect;
  const ObSpfTerm *all;
} ObSpfRecord;

gboolean     ob_spf_is_record            (const char      *text);
ObSpfRecord *ob_spf_record_parse         (const char      *text,
                                          GError         **error);
void         ob_spf_record_free          (ObSpfRecord     *record);
guint        ob_spf_record_count_lookups (const ObSpfRecord *record);

gboolean     ob_spf_term_is_mechanism    (const ObSpfTerm *term);
gboolean     ob_spf_term_queries_dns     (const ObSpfTerm *term);
gboolean     ob_spf_term_has_macros      (const ObSpfTerm *term);

gboolean     ob_spf_address_in_network   (GInetAddress    *address,
                                          GInetAddress    *network,
                                          guint            prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObSpfRecord, ob_spf_record_free)

G_END_DECLS
