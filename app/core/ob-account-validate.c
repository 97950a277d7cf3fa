/* ob-account-validate.c — whether an account's settings can be used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from the account's properties because it is a concern of its own:
 * the rules every setting must follow before a connection is made from it,
 * each with an error a person can act on.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ob-account.h"
#include "ob-address.h"
#include "ob-certificate.h"
#include "ob-sasl.h"

static gboolean
check_single_line (const char  *value,
                   const char  *setting,
                   GError     **error)
{
  if (value == NULL || strpbrk (value, "\r\n") == NULL)
    return TRUE;
  g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_LINE_BREAK,
               /* TRANSLATORS: %s is the name of a setting, such as “Server” */
               _("%s: a line break is not allowed here."), setting);
  return FALSE;
}

/**
 * ob_account_validate:
 *
 * Checks every setting a connection depends on. The first problem found is
 * reported, with a code naming the setting. The signature is free text and
 * may have several lines; every other setting must be a single line, so
 * nothing in it can inject an SMTP command or a header.
 */
gboolean
ob_account_validate (ObAccount  *self,
                     GError    **error)
{
  g_autoptr(GError) address_error = NULL;
  const char *address, *reply_to, *host, *auth_mechanism, *ca_file, *pin;
  ObSaslMechanism mechanism;

  g_return_val_if_fail (OB_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  address = ob_account_get_address (self);
  reply_to = ob_account_get_reply_to (self);
  host = ob_account_get_host (self);
  auth_mechanism = ob_account_get_auth_mechanism (self);
  ca_file = ob_account_get_ca_file (self);
  pin = ob_account_get_pinned_sha256 (self);

  const struct {
    const char *value;
    const char *setting;
  } single_line[] = {
    { ob_account_get_display_name (self), N_("Account name") },
    { address, N_("Address") },
    { ob_account_get_sender_name (self), N_("Sender name") },
    { reply_to, N_("Reply-to address") },
    { host, N_("Server") },
    { auth_mechanism, N_("Login method") },
    { ob_account_get_username (self), N_("User name") },
    { ca_file, N_("Certificate authority file") },
    { pin, N_("Trusted certificate") },
    { ob_account_get_provider_id (self), N_("Provider") },
    { ob_account_get_detected_source (self), N_("Detected by") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (single_line); i++)
    if (!check_single_line (single_line[i].value, _(single_line[i].setting), error))
      return FALSE;

  if (!ob_address_parse (address, NULL, NULL, &address_error))
    {
      g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_ADDRESS,
                   _("The address “%s” is not usable: %s"), address ? address : "",
                   address_error->message);
      return FALSE;
    }
  if (reply_to != NULL && !ob_address_parse (reply_to, NULL, NULL, &address_error))
    {
      g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_REPLY_TO,
                   _("The reply-to address “%s” is not usable: %s"), reply_to,
                   address_error->message);
      return FALSE;
    }

  if (host == NULL)
    {
      g_set_error_literal (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_NO_HOST,
                           _("No server is set. Enter the server that sends your mail, "
                             "such as smtp.example.com."));
      return FALSE;
    }
  if (!ob_hostname_is_valid (host) && !g_hostname_is_ip_address (host))
    {
      g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_HOST,
                   _("“%s” is not a server name or IP address, such as smtp.example.com."),
                   host);
      return FALSE;
    }
  if (ob_account_get_port (self) == 0)
    {
      g_set_error_literal (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_PORT,
                           _("The port must be a number from 1 to 65535; mail servers "
                             "usually use 465 or 587."));
      return FALSE;
    }

  if (auth_mechanism != NULL &&
      !ob_sasl_mechanism_from_string (auth_mechanism, &mechanism))
    {
      g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_AUTH_MECHANISM,
                   _("“%s” is not a login method Outbound knows. Use PLAIN, LOGIN, CRAM-MD5, "
                     "XOAUTH2 or OAUTHBEARER, or leave it empty to choose automatically."),
                   auth_mechanism);
      return FALSE;
    }

  if (ca_file != NULL && !g_path_is_absolute (ca_file))
    {
      g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_CA_FILE,
                   _("The certificate authority file must be given with its full path, "
                     "not “%s”."), ca_file);
      return FALSE;
    }

  if (pin != NULL)
    {
      g_autofree char *normalized = ob_certificate_normalize_fingerprint (pin);

      if (normalized == NULL)
        {
          g_set_error (error, OB_ACCOUNT_ERROR, OB_ACCOUNT_ERROR_INVALID_FINGERPRINT,
                       _("“%s” is not a SHA-256 certificate fingerprint (64 hexadecimal "
                         "digits)."), pin);
          return FALSE;
        }
    }
  return TRUE;
}
