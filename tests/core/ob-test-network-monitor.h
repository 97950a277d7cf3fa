/* ob-test-network-monitor.h — a GNetworkMonitor a test switches on and off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OB_TYPE_TEST_NETWORK_MONITOR (ob_test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (ObTestNetworkMonitor, ob_test_network_monitor, OB, TEST_NETWORK_MONITOR,
                      GObject)

ObTestNetworkMonitor *ob_test_network_monitor_new           (gboolean              available);
void                  ob_test_network_monitor_set_available (ObTestNetworkMonitor *self,
                                                             gboolean              available);

G_END_DECLS
