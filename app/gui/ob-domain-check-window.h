/* ob-domain-check-window.h — a sending domain's health, explained
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ob-account.h"
#include "ob-domain-check.h"

G_BEGIN_DECLS

#define OB_TYPE_DOMAIN_CHECK_WINDOW (ob_domain_check_window_get_type ())

G_DECLARE_FINAL_TYPE (ObDomainCheckWindow, ob_domain_check_window, OB, DOMAIN_CHECK_WINDOW,
                      AdwWindow)

ObDomainCheckWindow *ob_domain_check_window_new             (GtkWindow           *parent,
                                                             ObDomainCheck       *check);
ObDomainCheckWindow *ob_domain_check_window_new_for_account (GtkWindow           *parent,
                                                             ObAccount           *account);
ObDomainCheck       *ob_domain_check_window_get_check       (ObDomainCheckWindow *self);
gboolean             ob_domain_check_window_get_running     (ObDomainCheckWindow *self);

G_END_DECLS
