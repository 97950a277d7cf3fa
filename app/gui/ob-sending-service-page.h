/* ob-sending-service-page.h — setting up an account that sends through a sending service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OB_TYPE_SENDING_SERVICE_PAGE (ob_sending_service_page_get_type ())

G_DECLARE_FINAL_TYPE (ObSendingServicePage, ob_sending_service_page,
                      OB, SENDING_SERVICE_PAGE, AdwBin)

GtkWidget  *ob_sending_service_page_new           (void);
void        ob_sending_service_page_set_address   (ObSendingServicePage *self,
                                                   const char           *name,
                                                   const char           *address);
void        ob_sending_service_page_select        (ObSendingServicePage *self,
                                                   const char           *provider_id);
const char *ob_sending_service_page_get_selected  (ObSendingServicePage *self);

G_END_DECLS
