/* ob-diagnosis-advice.c — what the diagnosis says about each kind of failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entry: what kind of failure it is, the setting to change, whether
 * trying again later can help, the values the explanation names, then the
 * title, the explanation, the remedy and a help page. Remedies name the
 * setting as the account's settings label it (“Server”, “Port”,
 * “Security”, “Username”, “Password”, “Login method”).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-diagnosis-private.h"

#define KIND(category, field, retry, args) \
  OB_DIAGNOSIS_CATEGORY_##category, OB_DIAGNOSIS_FIELD_##field, OB_RETRY_##retry, OB_ARGS_##args

#define GOOGLE_APP_PASSWORDS      "https://support.google.com/accounts/answer/185833"
#define GOOGLE_SIGN_IN_BLOCKED    "https://support.google.com/mail/answer/78754"
#define GOOGLE_SENDING_LIMITS     "https://support.google.com/mail/answer/22839"
#define GOOGLE_SENDER_GUIDELINES  "https://support.google.com/mail/answer/81126"
#define MICROSOFT_SMTP_AUTH       "https://learn.microsoft.com/exchange/clients-and-mobile-in-" \
                                  "exchange-online/authenticated-client-smtp-submission"
#define MICROSOFT_LIMITS          "https://learn.microsoft.com/office365/servicedescriptions/" \
                                  "exchange-online-service-description/exchange-online-limits"
#define YAHOO_APP_PASSWORDS       "https://help.yahoo.com/kb/SLN15241.html"
#define YAHOO_ERROR_CODES         "https://senders.yahooinc.com/smtp-error-codes/"
#define APPLE_APP_PASSWORDS       "https://support.apple.com/102654"

const ObDiagnosisAdvice ob_diagnosis_advice[OB_N_ADVICE] = {
  [OB_ADVICE_CANCELLED] = {
    KIND (CANCELLED, NONE, NO, NONE),
    N_("Stopped"),
    N_("This was stopped before it finished. Nothing went wrong."),
    N_("Start it again whenever you like; nothing needs changing."),
    NULL,
  },

  /* Reaching the server */
  [OB_ADVICE_OFFLINE] = {
    KIND (NETWORK, NONE, YES, NONE),
    N_("No network connection"),
    N_("This computer is not connected to a network, so the mail server cannot be reached."),
    N_("Connect to the internet, then try again."),
    NULL,
  },
  [OB_ADVICE_DNS_UNREACHABLE] = {
    KIND (NETWORK, NONE, YES, NONE),
    N_("Cannot look up the server"),
    N_("The name service that turns server names into addresses did not answer. Usually this "
       "means the internet connection is not working."),
    N_("Check that you are connected to the internet, then try again."),
    NULL,
  },
  [OB_ADVICE_NETWORK_DOWN] = {
    KIND (NETWORK, NONE, YES, NONE),
    N_("Cannot reach the server"),
    N_("There is no route from this computer to the server: the network may be down, or a "
       "firewall or VPN may be in the way."),
    N_("Check your internet connection, and your VPN if you use one, then try again."),
    NULL,
  },
  [OB_ADVICE_HOST_NOT_FOUND_NAMED] = {
    KIND (DNS, HOST, NO, HOST),
    N_("Server not found"),
    /* TRANSLATORS: %s is a server name such as “smtp.example.com”. */
    N_("There is no server called “%s”. The name is probably misspelled."),
    N_("Open the account’s settings and check Server: it must be your provider’s outgoing mail "
       "server, such as “smtp.example.com”."),
    NULL,
  },
  [OB_ADVICE_HOST_NOT_FOUND] = {
    KIND (DNS, HOST, NO, NONE),
    N_("Server not found"),
    N_("The server name in the account’s settings does not exist. It is probably misspelled."),
    N_("Open the account’s settings and check Server: it must be your provider’s outgoing mail "
       "server, such as “smtp.example.com”."),
    NULL,
  },
  [OB_ADVICE_CONNECTION_REFUSED] = {
    KIND (CONNECTION, PORT, NO, NONE),
    N_("Connection refused"),
    N_("The server exists, but nothing on it accepts connections on this port. The port is "
       "probably wrong, or the mail service is down."),
    N_("Open the account’s settings and check Port: outgoing mail normally uses port 587 with "
       "Security “STARTTLS”, or port 465 with Security “TLS”."),
    NULL,
  },
  [OB_ADVICE_PORT_25_BLOCKED] = {
    KIND (CONNECTION, PORT, NO, NONE),
    N_("Port 25 is blocked"),
    N_("Port 25 is meant for mail servers passing mail between themselves, and many internet "
       "providers block it for everyone else to stop spam, so the connection goes unanswered."),
    N_("Open the account’s settings and set Port to 587 with Security “STARTTLS”, or to 465 "
       "with Security “TLS”."),
    NULL,
  },
  [OB_ADVICE_CONNECT_TIMEOUT] = {
    KIND (CONNECTION, PORT, YES, NONE),
    N_("The server does not answer"),
    N_("Connecting to the server took too long. A firewall on this network may block the port, "
       "or the server may be down."),
    N_("Check Server and Port in the account’s settings. If they are right, try port 587 "
       "(“STARTTLS”) or 465 (“TLS”), or try again later or from another network."),
    NULL,
  },

  /* Security that does not fit the port */
  [OB_ADVICE_USE_TLS_FOR_465] = {
    KIND (SECURITY_SETTING, SECURITY, NO, NONE),
    N_("Port 465 needs TLS"),
    N_("Port 465 expects encryption from the very first byte, but the account is set to start "
       "without it, so the server and Outbound did not understand each other."),
    N_("Open the account’s settings and set Security to “TLS” for port 465."),
    NULL,
  },
  [OB_ADVICE_USE_STARTTLS] = {
    KIND (SECURITY_SETTING, SECURITY, NO, NONE),
    N_("This port needs STARTTLS"),
    N_("This port starts in plain text and switches to encryption on request (STARTTLS), but "
       "the account is set to encrypt from the first byte, so the server did not understand "
       "Outbound."),
    N_("Open the account’s settings and set Security to “STARTTLS” for this port (or use "
       "port 465 with “TLS”)."),
    NULL,
  },
  [OB_ADVICE_NO_GREETING] = {
    KIND (CONNECTION, SECURITY, YES, NONE),
    N_("The server did not say hello"),
    N_("The connection opened, but the server never sent its greeting. Servers that expect "
       "encryption from the first byte behave like this, and so do overloaded ones."),
    N_("If your provider says this port uses TLS from the start (as port 465 does), open the "
       "account’s settings and set Security to “TLS”. Otherwise try again later."),
    NULL,
  },
  [OB_ADVICE_NOT_SMTP] = {
    KIND (CONNECTION, PORT, NO, NONE),
    N_("Not an outgoing mail server"),
    N_("Something answered on this port, but not as an outgoing mail (SMTP) server does. It may "
       "be a server for reading mail (IMAP or POP) or a web server."),
    N_("Open the account’s settings and check Server and Port: outgoing mail normally uses "
       "port 587 or 465."),
    NULL,
  },
  [OB_ADVICE_HANDSHAKE] = {
    KIND (ENCRYPTION, SECURITY, NO, NONE),
    N_("Encryption could not be set up"),
    N_("The server and Outbound could not agree on how to encrypt the connection. Either "
       "Security does not match what this port expects, or the server offers only outdated "
       "encryption (older than TLS 1.2, or weak ciphers), which no longer protects your "
       "password."),
    N_("Check Security in the account’s settings: “TLS” for port 465, “STARTTLS” for port 587. "
       "If it is right, ask the server’s administrator to enable TLS 1.2 or newer."),
    NULL,
  },

  /* Certificates. Outbound never skips the check; the remedies say how to
   * make it pass. */
  [OB_ADVICE_CERT_OTHER_HOST_NAMED] = {
    KIND (CERTIFICATE, HOST, NO, HOST_AND_NAMES),
    N_("Certificate is for another server"),
    /* TRANSLATORS: the first %s is the server name in the account’s settings,
     * the second a list of the names the certificate is valid for, such as
     * “mail.example.com, smtp.example.com”. To swap them, write %2$s and
     * %1$s. */
    N_("Outbound connected to “%s”, but the server’s certificate is for %s. Either the server "
       "name is not quite right, or someone is intercepting the connection."),
    N_("If one of the certificate’s names is your provider’s mail server, open the account’s "
       "settings and set Server to that name. Otherwise do not send from this network."),
    NULL,
  },
  [OB_ADVICE_CERT_OTHER_HOST] = {
    KIND (CERTIFICATE, HOST, NO, NONE),
    N_("Certificate is for another server"),
    N_("The server’s certificate is for a different name than the one in the account’s "
       "settings. Either the server name is not quite right, or someone is intercepting the "
       "connection."),
    N_("Open the account’s settings and set Server to the exact name your provider gives. If it "
       "already is, do not send from this network."),
    NULL,
  },
  [OB_ADVICE_CERT_EXPIRED] = {
    KIND (CERTIFICATE, NONE, NO, NONE),
    N_("Server certificate expired"),
    N_("The server’s certificate has expired, so Outbound cannot confirm it is talking to the "
       "real server, and your password would not be safe."),
    N_("Check that this computer’s date and time are right. If they are, the server’s "
       "administrator must renew the certificate; tell your provider."),
    NULL,
  },
  [OB_ADVICE_CERT_NOT_YET_VALID] = {
    KIND (CERTIFICATE, NONE, NO, NONE),
    N_("Server certificate not valid yet"),
    N_("The server’s certificate only becomes valid in the future. Most often this computer’s "
       "clock is wrong."),
    N_("Check that this computer’s date and time are right, then try again."),
    NULL,
  },
  [OB_ADVICE_CERT_SELF_SIGNED] = {
    KIND (CERTIFICATE, NONE, NO, NONE),
    N_("Self-signed certificate"),
    N_("The server vouches for its own certificate instead of having an authority this "
       "computer trusts sign it, so anyone could have made it."),
    N_("If you run the server, give it a certificate from a public authority such as Let’s "
       "Encrypt. Trust this certificate for the account only if its administrator confirms its "
       "fingerprint to you."),
    NULL,
  },
  [OB_ADVICE_CERT_UNKNOWN_ISSUER] = {
    KIND (CERTIFICATE, NONE, NO, NONE),
    N_("Certificate from an unknown authority"),
    N_("The server’s certificate was issued by an authority this computer does not trust. "
       "Some organisations run their own authority; someone intercepting the connection would "
       "look the same."),
    N_("If your organisation has its own certificate authority, ask your administrator to "
       "install it on this computer. Otherwise do not send from this network."),
    NULL,
  },
  [OB_ADVICE_CERT_OTHER] = {
    KIND (CERTIFICATE, NONE, NO, NONE),
    N_("Server certificate refused"),
    N_("The server’s certificate is not valid (for instance it was revoked or uses insecure "
       "algorithms), so Outbound cannot confirm it is talking to the real server."),
    N_("Tell your provider, and do not send through this server until its certificate is "
       "fixed."),
    NULL,
  },
  [OB_ADVICE_CA_FILE] = {
    KIND (CERTIFICATE, NONE, NO, NONE),
    N_("Certificate authority file unusable"),
    N_("The file chosen to check this server’s certificate cannot be read or holds no "
       "certificates, so Outbound cannot tell the real server from an impostor."),
    N_("Choose the file your administrator gave you again, or clear it to use the "
       "certificates this computer trusts."),
    NULL,
  },
  [OB_ADVICE_STARTTLS_TEMPORARY] = {
    KIND (ENCRYPTION, NONE, YES, NONE),
    N_("Encryption unavailable for now"),
    N_("The server offers encryption (STARTTLS) but could not start it just now."),
    N_("Try again later. Outbound does not fall back to sending without encryption."),
    NULL,
  },
  [OB_ADVICE_STARTTLS_STRIPPED] = {
    KIND (ENCRYPTION, PORT, NO, NONE),
    N_("Encryption missing on port 25"),
    N_("The server did not offer encryption (STARTTLS) on port 25. Some internet providers "
       "intercept port 25 and remove that offer; without it your password and message would "
       "travel readable by anyone on the way."),
    N_("Open the account’s settings and set Port to 587 with Security “STARTTLS”, or to 465 "
       "with Security “TLS”."),
    NULL,
  },
  [OB_ADVICE_STARTTLS_MISSING] = {
    KIND (ENCRYPTION, SECURITY, NO, NONE),
    N_("The server does not offer encryption"),
    N_("The server did not offer STARTTLS, so your password and message would travel "
       "unencrypted, readable by anyone on the way. Outbound stops here on purpose: an attacker "
       "between you and the server can remove the offer to make mail apps give up on "
       "encryption."),
    N_("If your provider offers port 465, open the account’s settings and set Port to 465 and "
       "Security to “TLS”. Otherwise ask your provider to enable STARTTLS."),
    NULL,
  },

  /* Logging in */
  [OB_ADVICE_NEEDS_ENCRYPTION] = {
    KIND (SECURITY_SETTING, SECURITY, NO, NONE),
    N_("The server requires encryption"),
    N_("The server lets you log in and send only over an encrypted connection, and this "
       "account is set to send without encryption."),
    N_("Open the account’s settings and set Security to “STARTTLS” for port 587, or to “TLS” "
       "for port 465."),
    NULL,
  },
  [OB_ADVICE_AUTH_ON_PORT_25] = {
    KIND (AUTHENTICATION, PORT, NO, NONE),
    N_("No login on port 25"),
    N_("Port 25 is meant for mail servers passing mail between themselves and usually offers "
       "no way to log in."),
    N_("Open the account’s settings and set Port to 587 with Security “STARTTLS”, or to 465 "
       "with Security “TLS”."),
    NULL,
  },
  [OB_ADVICE_AUTH_NO_MECHANISM] = {
    KIND (AUTHENTICATION, AUTH_MECHANISM, NO, NONE),
    N_("No usable login method"),
    N_("The server offers no login method that Outbound can use with this account: it may, for "
       "instance, accept only signing in with your account (OAuth), or only methods that would "
       "expose the password."),
    N_("Open the account’s settings and change Login method. If your provider offers signing "
       "in with your account, choose “OAuth”."),
    NULL,
  },
  [OB_ADVICE_AUTH_MECHANISM_REFUSED] = {
    KIND (AUTHENTICATION, AUTH_MECHANISM, NO, NONE),
    N_("Login method refused"),
    N_("The server does not accept the login method the account uses, or considers it too "
       "weak."),
    N_("Open the account’s settings and choose another Login method."),
    NULL,
  },
  [OB_ADVICE_GMAIL_APP_PASSWORD] = {
    KIND (AUTHENTICATION, PASSWORD, NO, NONE),
    N_("Gmail needs an app password"),
    N_("Your Google Account uses 2-Step Verification, so Gmail does not accept your normal "
       "password from mail apps."),
    N_("Create an app password in your Google Account (see the help page) and enter it as "
       "Password in the account’s settings, or set Login method to “OAuth” to sign in with "
       "Google."),
    GOOGLE_APP_PASSWORDS,
  },
  [OB_ADVICE_GMAIL_WEB_LOGIN] = {
    KIND (AUTHENTICATION, NONE, NO, NONE),
    N_("Google blocked the sign-in"),
    N_("Google stopped this sign-in because it looked unusual to them, for instance from a new "
       "place or device."),
    N_("Sign in to Gmail in a web browser on this computer and confirm that it was you, then "
       "try again. Signing in with “OAuth” as Login method avoids this."),
    GOOGLE_SIGN_IN_BLOCKED,
  },
  [OB_ADVICE_GMAIL_PASSWORD] = {
    KIND (AUTHENTICATION, PASSWORD, NO, NONE),
    N_("Gmail did not accept the password"),
    N_("Gmail does not accept a Google Account’s normal password from mail apps. It accepts an "
       "app password, or signing in with Google (OAuth)."),
    N_("Create an app password (see the help page) and enter it as Password in the account’s "
       "settings, or set Login method to “OAuth”. If you already use an app password, check "
       "that Username is your full Gmail address."),
    GOOGLE_APP_PASSWORDS,
  },
  [OB_ADVICE_MICROSOFT_SMTP_AUTH_OFF] = {
    KIND (AUTHENTICATION, AUTH_MECHANISM, NO, NONE),
    N_("Password login is turned off"),
    N_("Your organisation has turned off logging in to send mail with a password (SMTP AUTH) "
       "for this Microsoft 365 mailbox."),
    N_("Set Login method to “OAuth” in the account’s settings to sign in with Microsoft, or ask "
       "your administrator to turn on Authenticated SMTP for your mailbox."),
    MICROSOFT_SMTP_AUTH,
  },
  [OB_ADVICE_MICROSOFT_BASIC_AUTH_OFF] = {
    KIND (AUTHENTICATION, AUTH_MECHANISM, NO, NONE),
    N_("Microsoft no longer accepts the password"),
    N_("Microsoft has turned off basic authentication, where the app sends your password, for "
       "this account."),
    N_("Open the account’s settings and set Login method to “OAuth” to sign in with "
       "Microsoft."),
    MICROSOFT_SMTP_AUTH,
  },
  [OB_ADVICE_MICROSOFT_LOGIN] = {
    KIND (AUTHENTICATION, PASSWORD, NO, NONE),
    N_("Microsoft refused the login"),
    N_("Either the password is wrong, or logging in to send mail with a password (SMTP AUTH) "
       "is turned off for this mailbox."),
    N_("Check Password in the account’s settings. If it is right, set Login method to “OAuth”, "
       "or ask your administrator to turn on Authenticated SMTP for your mailbox."),
    MICROSOFT_SMTP_AUTH,
  },
  [OB_ADVICE_TOO_MANY_ATTEMPTS] = {
    KIND (AUTHENTICATION, PASSWORD, YES, NONE),
    N_("Too many login attempts"),
    N_("After several failed logins the server stopped accepting them for a while."),
    N_("Check Password in the account’s settings, then wait an hour or so before trying "
       "again."),
    NULL,
  },
  [OB_ADVICE_ACCOUNT_LOCKED] = {
    KIND (AUTHENTICATION, NONE, NO, NONE),
    N_("Account locked"),
    N_("Your provider has locked, suspended or disabled this account, so it cannot log in."),
    N_("Sign in on your provider’s website to unlock the account, or contact its support."),
    NULL,
  },
  [OB_ADVICE_YAHOO_APP_PASSWORD] = {
    KIND (AUTHENTICATION, PASSWORD, NO, NONE),
    N_("Yahoo needs an app password"),
    N_("Yahoo Mail does not accept your normal password from mail apps; it needs an app "
       "password."),
    N_("Create an app password in your Yahoo account’s security settings (see the help page) "
       "and enter it as Password in the account’s settings."),
    YAHOO_APP_PASSWORDS,
  },
  [OB_ADVICE_ICLOUD_APP_PASSWORD] = {
    KIND (AUTHENTICATION, PASSWORD, NO, NONE),
    N_("iCloud needs an app-specific password"),
    N_("iCloud Mail does not accept your Apple Account password from mail apps; it needs an "
       "app-specific password."),
    N_("Create an app-specific password at account.apple.com (see the help page) and enter it "
       "as Password in the account’s settings. Username is your full iCloud Mail address."),
    APPLE_APP_PASSWORDS,
  },
  [OB_ADVICE_AUTH_TEMPORARY] = {
    KIND (AUTHENTICATION, NONE, YES, NONE),
    N_("Login not possible right now"),
    N_("The server could not check the login just now."),
    N_("Try again in a few minutes."),
    NULL,
  },
  [OB_ADVICE_WRONG_PASSWORD] = {
    KIND (AUTHENTICATION, PASSWORD, NO, NONE),
    N_("Wrong username or password"),
    N_("The server refused the username or the password."),
    N_("Open the account’s settings and check Username (usually your full email address) and "
       "Password. If your provider uses two-step verification, you may need an app password "
       "instead of your normal one."),
    NULL,
  },
  [OB_ADVICE_LOGIN_REQUIRED] = {
    KIND (AUTHENTICATION, USERNAME, NO, NONE),
    N_("Login required"),
    N_("The server accepts mail only from people who have logged in, and this account did not "
       "log in."),
    N_("Open the account’s settings and enter Username and Password."),
    NULL,
  },

  /* Who may send, and as whom */
  [OB_ADVICE_RELAY_DENIED] = {
    KIND (RELAY, USERNAME, NO, NONE),
    N_("The server will not pass the mail on"),
    N_("The server passes mail on to other domains only for its own users once they have "
       "logged in. Either this account did not log in, or this is not the right server for your "
       "address."),
    N_("Open the account’s settings: enter Username and Password if they are empty, and check "
       "that Server is your email provider’s outgoing server for this address."),
    NULL,
  },
  [OB_ADVICE_SENDER_NOT_OWNED] = {
    KIND (SENDER, SENDER, NO, NONE),
    N_("Not allowed to send from this address"),
    N_("The server lets this account send only from its own addresses, and the message’s From "
       "address is not one of them."),
    N_("Send from the account’s own address, or ask your provider to let the account send from "
       "this one (for instance as an alias or with “Send As” permission)."),
    NULL,
  },
  [OB_ADVICE_MICROSOFT_SENDER_BLOCKED] = {
    KIND (SENDER, PASSWORD, NO, NONE),
    N_("Account blocked from sending"),
    N_("Microsoft has blocked this account from sending, usually because it sent spam, perhaps "
       "after someone else got hold of its password."),
    N_("Change the account’s password and enter the new one as Password, then ask your "
       "administrator to release the account from Microsoft’s list of restricted senders."),
    NULL,
  },
  [OB_ADVICE_SENDER_INVALID] = {
    KIND (SENDER, SENDER, IF_TRANSIENT, NONE),
    N_("Sender address not valid"),
    N_("The server could not accept the From address: it is malformed, or its domain does not "
       "exist."),
    N_("Check the From address of the message and of the account for typing mistakes."),
    NULL,
  },
  [OB_ADVICE_SENDER_REFUSED] = {
    KIND (SENDER, SENDER, IF_TRANSIENT, NONE),
    N_("Sender address refused"),
    N_("The server refused the message’s From address. Its reason is below."),
    N_("Check the From address. If it is right, show the server’s reason to your provider’s "
       "support."),
    NULL,
  },

  /* Recipients */
  [OB_ADVICE_RECIPIENT_UNKNOWN] = {
    KIND (RECIPIENT, RECIPIENTS, NO, NONE),
    N_("Recipient does not exist"),
    N_("The recipient’s server says there is no mailbox at this address."),
    N_("Check the recipient’s address for typing mistakes, or ask them for their current "
       "address."),
    NULL,
  },
  [OB_ADVICE_RECIPIENT_DOMAIN] = {
    KIND (RECIPIENT, RECIPIENTS, IF_TRANSIENT, NONE),
    N_("Recipient’s domain not found"),
    N_("The part of the recipient’s address after the “@” does not lead to any mail server."),
    N_("Check the recipient’s address for typing mistakes after the “@”."),
    NULL,
  },
  [OB_ADVICE_MAILBOX_FULL] = {
    KIND (RECIPIENT, NONE, IF_TRANSIENT, NONE),
    N_("Recipient’s mailbox is full"),
    N_("The recipient’s mailbox has no space left for new mail."),
    N_("Let the recipient know another way, and send again once they have made room."),
    NULL,
  },
  [OB_ADVICE_MAILBOX_DISABLED] = {
    KIND (RECIPIENT, RECIPIENTS, NO, NONE),
    N_("Recipient’s mailbox is disabled"),
    N_("The recipient’s mailbox exists but has been disabled and takes no mail."),
    N_("Ask the recipient for another address, and remove this one from the message."),
    NULL,
  },
  [OB_ADVICE_RECIPIENT_BUSY] = {
    KIND (RATE_LIMIT, NONE, YES, NONE),
    N_("Recipient is receiving too much mail"),
    N_("The recipient’s mailbox is receiving mail faster than its provider allows, so it takes "
       "no more for now."),
    N_("Nothing to change: send again later, and the message will be delivered."),
    NULL,
  },
  [OB_ADVICE_TOO_MANY_RECIPIENTS] = {
    KIND (RECIPIENT, RECIPIENTS, NO, NONE),
    N_("Too many recipients"),
    N_("The server accepts only a limited number of recipients for one message."),
    N_("Split the recipients over several messages, or send to a mailing list instead."),
    NULL,
  },
  [OB_ADVICE_RECIPIENT_REFUSED] = {
    KIND (RECIPIENT, RECIPIENTS, IF_TRANSIENT, NONE),
    N_("Recipient refused"),
    N_("The server refused the recipient’s address. Its reason is below."),
    N_("Check the recipient’s address. If it is right, show the server’s reason to your "
       "provider’s support."),
    NULL,
  },

  /* The message */
  [OB_ADVICE_TOO_LARGE_LIMIT] = {
    KIND (MESSAGE, MESSAGE, NO, SIZE_LIMIT),
    N_("Message too large"),
    /* TRANSLATORS: %s is a size such as “25.0 MB”. */
    N_("The server accepts messages of up to %s, and this one, with its attachments, is "
       "larger."),
    N_("Make the message smaller: remove or shrink attachments, or share large files through a "
       "link instead."),
    NULL,
  },
  [OB_ADVICE_TOO_LARGE] = {
    KIND (MESSAGE, MESSAGE, NO, NONE),
    N_("Message too large"),
    N_("The message, with its attachments, is larger than the server accepts."),
    N_("Make the message smaller: remove or shrink attachments, or share large files through a "
       "link instead."),
    NULL,
  },
  [OB_ADVICE_NEEDS_SMTPUTF8] = {
    KIND (MESSAGE, RECIPIENTS, NO, NONE),
    N_("Address with international characters"),
    N_("An address in the message contains characters outside plain ASCII before the “@”, and "
       "the server cannot carry such addresses (it lacks SMTPUTF8)."),
    N_("Use an address written in plain ASCII if the person has one, or send through a server "
       "that supports international addresses."),
    NULL,
  },
  [OB_ADVICE_CONTENT_BLOCKED] = {
    KIND (MESSAGE, MESSAGE, NO, NONE),
    N_("Message content blocked"),
    N_("The server refused the message because of what it contains, usually an attachment "
       "that could be dangerous (a program, a script, or a file it takes for a virus)."),
    N_("Remove the attachment, or share it through a link or in an archive the server "
       "accepts."),
    NULL,
  },

  /* Spam and sender authentication */
  [OB_ADVICE_SPF] = {
    KIND (POLICY, NONE, IF_TRANSIENT, NONE),
    N_("Refused by the sender domain’s SPF"),
    N_("The domain of your address publishes a list of servers allowed to send its mail (SPF), "
       "and the server that sent this message is not on it."),
    N_("Run Outbound’s domain check on your address’s domain and fix its SPF record, or send "
       "through the server your domain lists."),
    NULL,
  },
  [OB_ADVICE_DKIM] = {
    KIND (POLICY, NONE, IF_TRANSIENT, NONE),
    N_("Missing or broken DKIM signature"),
    N_("The recipient’s server wants messages signed for the sender’s domain (DKIM), and this "
       "message’s signature was missing or did not check out."),
    N_("Run Outbound’s domain check on your address’s domain and ask your provider to sign "
       "mail for it with DKIM."),
    NULL,
  },
  [OB_ADVICE_DMARC] = {
    KIND (POLICY, NONE, IF_TRANSIENT, NONE),
    N_("Refused by the sender domain’s DMARC"),
    N_("The domain of your address asks recipients to refuse mail that does not pass its SPF "
       "or DKIM checks (DMARC), and this message did not pass."),
    N_("Run Outbound’s domain check on your address’s domain, and send through the server that "
       "domain authorises."),
    NULL,
  },
  [OB_ADVICE_GMAIL_UNAUTHENTICATED] = {
    KIND (POLICY, NONE, IF_TRANSIENT, NONE),
    N_("Gmail refused unauthenticated mail"),
    N_("Gmail accepts mail only when the sender’s domain vouches for it, with SPF or DKIM, and "
       "neither check passed for this message."),
    N_("Run Outbound’s domain check on your address’s domain and set up SPF and DKIM as it "
       "suggests."),
    GOOGLE_SENDER_GUIDELINES,
  },
  [OB_ADVICE_SPAM] = {
    KIND (POLICY, NONE, IF_TRANSIENT, NONE),
    N_("Refused as spam"),
    N_("The recipient’s server took the message, or the server that sent it, for a source of "
       "spam."),
    N_("Run Outbound’s domain check on your address’s domain to find missing SPF, DKIM or DMARC "
       "records. If the server’s reason names a block list, tell your provider."),
    NULL,
  },

  /* Sending limits */
  [OB_ADVICE_GMAIL_DAILY_LIMIT] = {
    KIND (RATE_LIMIT, NONE, YES, NONE),
    N_("Gmail’s daily sending limit reached"),
    N_("Gmail limits how many messages and recipients an account may send in a day, and this "
       "account has reached that limit."),
    N_("Wait before sending more. The limit counts the last 24 hours, a rolling window, so "
       "sending works again as earlier messages leave it."),
    GOOGLE_SENDING_LIMITS,
  },
  [OB_ADVICE_GMAIL_UNUSUAL_RATE] = {
    KIND (RATE_LIMIT, NONE, YES, NONE),
    N_("Gmail is holding back your mail"),
    N_("Gmail saw an unusual amount of mail, or mail that looked like spam, from your address "
       "or network, and is accepting less of it for a while."),
    N_("Wait a few hours before sending again, and run Outbound’s domain check on your "
       "address’s domain to make sure its mail can be authenticated."),
    GOOGLE_SENDER_GUIDELINES,
  },
  [OB_ADVICE_MICROSOFT_LIMIT] = {
    KIND (RATE_LIMIT, NONE, YES, NONE),
    N_("Microsoft’s sending limit reached"),
    N_("Microsoft 365 accepts no more mail from this account for now: it sent more than "
       "Microsoft allows (for instance to over 10,000 recipients within 24 hours), or sending "
       "looked unusual."),
    N_("Wait before sending more: the limit counts the last 24 hours, so sending works again "
       "as earlier messages leave that window. If it lasts, ask your administrator."),
    MICROSOFT_LIMITS,
  },
  [OB_ADVICE_YAHOO_LIMIT] = {
    KIND (RATE_LIMIT, NONE, YES, NONE),
    N_("Yahoo is holding back your mail"),
    N_("Yahoo is accepting no more mail from this account or network for a while, because of "
       "how much was sent or because recipients reported it."),
    N_("Wait a few hours before sending again."),
    YAHOO_ERROR_CODES,
  },
  [OB_ADVICE_RATE_LIMITED] = {
    KIND (RATE_LIMIT, NONE, YES, NONE),
    N_("Sending held back for now"),
    N_("The server is refusing mail from you for a while, usually because of how much or how "
       "fast mail was sent."),
    N_("Wait a while before sending again; the message stays in the outbox until then."),
    NULL,
  },
  [OB_ADVICE_GREYLISTED] = {
    KIND (GREYLISTING, NONE, YES, NONE),
    N_("Delayed by the recipient’s server"),
    N_("The recipient’s server asks senders it does not know yet to come back a little later, "
       "a common defence against spam (greylisting)."),
    N_("Nothing to do: trying again in a few minutes will work, and the outbox does that "
       "by itself."),
    NULL,
  },

  /* The server and the connection */
  [OB_ADVICE_SERVER_CLOSING] = {
    KIND (SERVER, NONE, YES, NONE),
    N_("The server closed the connection"),
    N_("The server is shutting down or too busy, and ended the conversation."),
    N_("Try again in a few minutes."),
    NULL,
  },
  [OB_ADVICE_OUTCOME_UNKNOWN] = {
    KIND (UNKNOWN_OUTCOME, NONE, NO, NONE),
    N_("The message may have been sent"),
    N_("The connection broke after the whole message had been sent and before the server "
       "confirmed it, so the server may or may not have it."),
    N_("Ask a recipient whether it arrived before sending it again, or it may arrive twice."),
    NULL,
  },
  [OB_ADVICE_CONNECTION_LOST] = {
    KIND (CONNECTION, NONE, YES, NONE),
    N_("Connection lost"),
    N_("The connection to the server broke off, or the server stopped answering, before "
       "sending finished. Nothing was sent."),
    N_("Try again. If it keeps happening, check your network connection."),
    NULL,
  },
  [OB_ADVICE_PROTOCOL] = {
    KIND (SERVER, NONE, NO, NONE),
    N_("The server’s answer makes no sense"),
    N_("The server answered in a way that does not follow the mail protocol (SMTP)."),
    N_("Try again later. If it keeps happening, show the details below to your provider’s "
       "support."),
    NULL,
  },
  [OB_ADVICE_INVALID_INPUT] = {
    KIND (MESSAGE, MESSAGE, NO, NONE),
    N_("Something in the message cannot be sent"),
    N_("An address, header or option contains something that cannot be sent safely, such as a "
       "line break."),
    N_("Correct what the details below name, then send again."),
    NULL,
  },
  [OB_ADVICE_MESSAGE_REFUSED] = {
    KIND (MESSAGE, NONE, IF_TRANSIENT, NONE),
    N_("Message refused"),
    N_("The server refused the message after receiving it. Its reason is below."),
    N_("If the reason is not clear, show it to your provider’s support."),
    NULL,
  },
  [OB_ADVICE_SERVER_TEMPORARY] = {
    KIND (SERVER, NONE, YES, NONE),
    N_("Temporary problem at the server"),
    N_("The server could not handle the request just now."),
    N_("Try again in a few minutes."),
    NULL,
  },
  [OB_ADVICE_OTHER] = {
    KIND (OTHER, NONE, IF_TRANSIENT, NONE),
    N_("Sending failed"),
    N_("Something went wrong that Outbound does not recognise. The details below are what the "
       "server or the system reported."),
    N_("Try again later. If it keeps failing, show the details below to your provider’s "
       "support."),
    NULL,
  },
};
