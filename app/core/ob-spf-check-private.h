/* ob-spf-check-private.h — the fetched SPF tree, shared by the check and its report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-domain-check-item-private.h"
#include "ob-spf-check.h"
#include "ob-spf.h"

G_BEGIN_DECLS

/* RFC 7208 §4.6.4 */
#define MAX_LOOKUPS      10
#define MAX_VOID_LOOKUPS 2
#define MAX_MX_NAMES     10

typedef enum {
  SPF_RESULT_PASS,
  SPF_RESULT_FAIL,
  SPF_RESULT_SOFTFAIL,
  SPF_RESULT_NEUTRAL,
  SPF_RESULT_NONE,
  SPF_RESULT_PERMERROR,
  /* Depends on the message (macros, ptr) or on a lookup that failed. */
  SPF_RESULT_UNKNOWN,
} SpfResult;

typedef enum {
  NODE_FETCHED,
  NODE_LOOP,
  NODE_NOT_FETCHED,
} NodeState;

typedef struct _Node Node;

/* What the lookups of one term found. */
typedef struct
{
  Node      *child;      /* include, redirect */
  GPtrArray *addresses;  /* a, mx, exists: GInetAddress */
  guint      n_mx;       /* mx: the number of MX names */
  gboolean   is_void;    /* the lookup found no record */
  GError    *error;      /* the lookup failed */
} TermData;

/* One domain's SPF record in the tree. */
struct _Node
{
  char            *domain;
  Node            *parent;
  const ObSpfTerm *via;        /* the include or redirect in the parent */
  NodeState        state;
  guint            n_records;  /* SPF records at the domain */
  char            *text;       /* the first of them */
  ObSpfRecord     *record;     /* when there is exactly one and it parses */
  GError          *error;      /* the TXT lookup failed, or the record is malformed */
  TermData        *terms;      /* one per term of the record */
};

typedef struct
{
  GResolver *resolver;
  char      *domain;
  guint      timeout_ms;
  char      *server;
  GList     *server_addresses;
  GError    *server_error;
  GPtrArray *nodes;       /* Node, the domain's own first */
  GPtrArray *root_texts;  /* the TXT records at the domain */
  guint      pending;
} SpfCheckData;

SpfResult          ob_spf_evaluate      (SpfCheckData *data,
                                         GInetAddress *ip);
guint              ob_spf_count_lookups (Node         *node);
ObDomainCheckItem *ob_spf_report        (SpfCheckData *data);

G_END_DECLS
