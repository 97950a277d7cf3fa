/* ob-cli-connection.h — the connection options the sending commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-types.h"

G_BEGIN_DECLS

typedef struct
{
  char     *server;
  char     *security;
  char     *user;
  char     *password_file;
  char     *auth_mech;
  char     *ca_file;
  char     *pin_sha256;
  int       timeout;
  gboolean  transcript;
  gboolean  json;
} ObCliConnection;

void          ob_cli_connection_add_options  (ObCliConnection  *options,
                                              GOptionContext   *context);
gboolean      ob_cli_connection_parse        (ObCliConnection    *options,
                                              const char         *command,
                                              const char         *parameters,
                                              const char         *summary,
                                              const GOptionEntry *entries,
                                              int                *argc,
                                              char             ***argv);
void          ob_cli_connection_clear        (ObCliConnection  *options);
const char   *ob_cli_exit_status_help        (void);
int           ob_cli_exit_status_for_error   (const GError     *error);
int           ob_cli_connection_send         (ObCliConnection  *options,
                                              GPtrArray        *envelopes,
                                              GPtrArray        *messages);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ObCliConnection, ob_cli_connection_clear)

G_END_DECLS
