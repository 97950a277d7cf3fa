/* ob-i18n.c — where Outbound's translations come from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "ob-i18n.h"

/**
 * ob_i18n_init:
 *
 * Sets the locale from the environment and binds Outbound's message catalog.
 * OUTBOUND_LOCALEDIR points at the build tree's catalogs, so the app and the
 * tests run translated without being installed.
 */
void
ob_i18n_init (void)
{
  const char *dir = g_getenv ("OUTBOUND_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
