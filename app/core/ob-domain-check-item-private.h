/* ob-domain-check-item-private.h — how the checks build their items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ob-domain-check-item.h"

G_BEGIN_DECLS

ObDomainCheckItem *ob_domain_check_item_new         (ObDomainCheckKind   kind);
void               ob_domain_check_item_add_record  (ObDomainCheckItem  *self,
                                                     const char         *record);
void               ob_domain_check_item_add_finding (ObDomainCheckItem  *self,
                                                     ObDomainCheckGrade  grade,
                                                     const char         *summary,
                                                     const char         *explanation,
                                                     const char         *fix);
void               ob_domain_check_item_add_note    (ObDomainCheckItem  *self,
                                                     const char         *explanation);

G_END_DECLS
