/* main.c — starts the Outbound app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ob-application.h"
#include "ob-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ObApplication) app = NULL;

  ob_i18n_init ();

  app = ob_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
