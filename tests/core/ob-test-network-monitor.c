/* ob-test-network-monitor.c — a GNetworkMonitor a test switches on and off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The system's monitor follows the machine's routes; a test needs to say
 * "offline now" and "back online" itself, and see what the code under test
 * does about it.
 */
#include "ob-test-network-monitor.h"

struct _ObTestNetworkMonitor
{
  GObject  parent_instance;

  gboolean available;
};

enum {
  PROP_0,
  PROP_NETWORK_AVAILABLE,
  PROP_NETWORK_METERED,
  PROP_CONNECTIVITY,
};

static void ob_test_network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void ob_test_network_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ObTestNetworkMonitor, ob_test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      ob_test_network_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      ob_test_network_monitor_iface_init))

static void
ob_test_network_monitor_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ObTestNetworkMonitor *self = OB_TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_test_network_monitor_class_init (ObTestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ob_test_network_monitor_get_property;
  g_object_class_override_property (object_class, PROP_NETWORK_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, PROP_CONNECTIVITY, "connectivity");
}

static void
ob_test_network_monitor_init (ObTestNetworkMonitor *self)
{
}

static gboolean
ob_test_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                   GSocketConnectable  *connectable,
                                   GCancellable        *cancellable,
                                   GError             **error)
{
  if (OB_TEST_NETWORK_MONITOR (monitor)->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "Offline (test)");
  return FALSE;
}

static void
ob_test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = ob_test_network_monitor_can_reach;
}

static gboolean
ob_test_network_monitor_initable_init_fn (GInitable     *initable,
                                          GCancellable  *cancellable,
                                          GError       **error)
{
  return TRUE;
}

static void
ob_test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = ob_test_network_monitor_initable_init_fn;
}

ObTestNetworkMonitor *
ob_test_network_monitor_new (gboolean available)
{
  ObTestNetworkMonitor *self = g_object_new (OB_TYPE_TEST_NETWORK_MONITOR, NULL);

  self->available = available;
  return self;
}

/**
 * ob_test_network_monitor_set_available:
 *
 * Changes the state and emits #GNetworkMonitor::network-changed, as the
 * system's monitor does.
 */
void
ob_test_network_monitor_set_available (ObTestNetworkMonitor *self,
                                       gboolean              available)
{
  g_return_if_fail (OB_IS_TEST_NETWORK_MONITOR (self));

  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "connectivity");
  g_signal_emit_by_name (self, "network-changed", available);
}
