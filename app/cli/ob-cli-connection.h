/* ob-cli-connection.h — the connection options the sending commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ob-diagnosis.h"
#include "ob-types.h"

G_BEGIN_DECLS

typedef struct
{
  char     *account;
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

  /* Set by ob_cli_connection_use_account(). */
  ObAccount *use_account;
  char      *secret;
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
gboolean      ob_cli_connection_use_account  (ObCliConnection  *options,
                                              ObAccount        *account,
                                              GError          **error);
gboolean      ob_cli_connection_resolve_account (ObCliConnection *options,
                                                 GError         **error);

gboolean      ob_cli_parse_server            (const char       *server,
                                              const char       *mode,
                                              char            **host,
                                              guint16          *port,
                                              ObSecurity       *security,
                                              GError          **error);
char         *ob_cli_read_password_file      (const char       *path,
                                              GError          **error);
void          ob_cli_append_error_json       (GString          *out,
                                              const GError     *error);
void          ob_cli_print_diagnosis         (ObDiagnosis      *diagnosis);
void          ob_cli_show_transcript         (ObTranscript     *transcript);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ObCliConnection, ob_cli_connection_clear)

G_END_DECLS
