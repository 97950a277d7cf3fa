/* ob-domain-check-item.h — one finding of a sending domain's health check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ob-types.h"

G_BEGIN_DECLS

#define OB_TYPE_DOMAIN_CHECK_ITEM (ob_domain_check_item_get_type ())

G_DECLARE_FINAL_TYPE (ObDomainCheckItem, ob_domain_check_item, OB, DOMAIN_CHECK_ITEM, GObject)

ObDomainCheckKind   ob_domain_check_item_get_kind        (ObDomainCheckItem *self);
ObDomainCheckGrade  ob_domain_check_item_get_grade       (ObDomainCheckItem *self);
const char         *ob_domain_check_item_get_title       (ObDomainCheckItem *self);
const char         *ob_domain_check_item_get_summary     (ObDomainCheckItem *self);
const char         *ob_domain_check_item_get_explanation (ObDomainCheckItem *self);
const char         *ob_domain_check_item_get_fix         (ObDomainCheckItem *self);
const char * const *ob_domain_check_item_get_records     (ObDomainCheckItem *self);

const char         *ob_domain_check_kind_to_string       (ObDomainCheckKind  kind);
const char         *ob_domain_check_grade_to_string      (ObDomainCheckGrade grade);

G_END_DECLS
