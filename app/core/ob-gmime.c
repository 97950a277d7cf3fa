/* ob-gmime.c — GMime set-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-gmime.h"

/**
 * ob_gmime_init:
 *
 * Initialises GMime once for the process. Every class that uses GMime calls
 * this first, so callers of the core never need to know GMime is there.
 */
void
ob_gmime_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      g_once_init_leave (&initialized, 1);
    }
}
