/* test-envelope.c — who a message is from and to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-envelope.h"
#include "ob-smtp-error.h"

typedef struct
{
  const char  *address;
  gboolean     valid;
  const char  *shown;   /* what the error message must quote, escaped */
} RecipientCase;

static const RecipientCase recipient_cases[] = {
  { "ada@example.com", TRUE, NULL },
  { "jörg@bücher.de", TRUE, NULL },
  { "ada@example.com\r\nRCPT TO:<eve@evil.test>", FALSE, "ada@example.com\\r\\nRCPT" },
  { "ada@example.com\n", FALSE, "ada@example.com\\n" },
  { "ada@example.com\r", FALSE, "ada@example.com\\r" },
  { "ada\x01@example.com", FALSE, "ada\\u0001@example.com" },
  { "ada@example.com\xc2\x85", FALSE, "ada@example.com\\u0085" },
  { "ada@exa\xe2\x80\xa8mple.com", FALSE, "ada@exa" },
  { "ada lovelace@example.com", FALSE, "ada lovelace@example.com" },
  { "<ada@example.com>", FALSE, "<ada@example.com>" },
  { "ada@", FALSE, "ada@" },
  { "example.com", FALSE, "example.com" },
  { "", FALSE, "“”" },
};

static void
test_add_recipient (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (recipient_cases); i++)
    {
      const RecipientCase *c = &recipient_cases[i];
      g_autoptr(ObEnvelope) envelope = ob_envelope_new ("me@example.com");
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("case %zu", i);
      ok = ob_envelope_add_recipient (envelope, c->address, &error);
      if (c->valid)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (ob_envelope_get_recipients (envelope)[0], ==, c->address);
        }
      else
        {
          g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
          g_assert_false (ok);
          g_assert_nonnull (strstr (error->message, c->shown));
          g_assert_null (strchr (error->message, '\r'));
          g_assert_null (strchr (error->message, '\n'));
          g_assert_null (ob_envelope_get_recipients (envelope)[0]);
        }
    }
}

typedef struct
{
  const char  *sender;
  const char  *recipients[3];
  ObDsnNotify  notify;
  const char  *envid;
  gboolean     valid;
} ValidateCase;

static const ValidateCase validate_cases[] = {
  { "me@example.com", { "you@example.com" }, OB_DSN_NOTIFY_DEFAULT, NULL, TRUE },
  { "", { "you@example.com" }, OB_DSN_NOTIFY_DEFAULT, NULL, TRUE },
  { "me@example.com", { NULL }, OB_DSN_NOTIFY_DEFAULT, NULL, FALSE },
  { "", { NULL }, OB_DSN_NOTIFY_DEFAULT, NULL, FALSE },
  { "me", { "you@example.com" }, OB_DSN_NOTIFY_DEFAULT, NULL, FALSE },
  { "me@example.com\r\nRSET", { "you@example.com" }, OB_DSN_NOTIFY_DEFAULT, NULL, FALSE },
  { "me@example.com", { "a@example.com", "b@example.com" },
    OB_DSN_NOTIFY_SUCCESS | OB_DSN_NOTIFY_FAILURE, "id-1 of 2", TRUE },
  { "me@example.com", { "a@example.com" }, OB_DSN_NOTIFY_NEVER, "QQ+=", TRUE },
  { "me@example.com", { "a@example.com" }, OB_DSN_NOTIFY_NEVER | OB_DSN_NOTIFY_DELAY, NULL,
    FALSE },
  { "me@example.com", { "a@example.com" }, OB_DSN_NOTIFY_DEFAULT, "", FALSE },
  { "me@example.com", { "a@example.com" }, OB_DSN_NOTIFY_DEFAULT, "id\r\nRSET", FALSE },
  { "me@example.com", { "a@example.com" }, OB_DSN_NOTIFY_DEFAULT, "caf\xc3\xa9", FALSE },
  { "me@example.com", { "a@example.com" }, OB_DSN_NOTIFY_DEFAULT, "del\x7f", FALSE },
};

static void
test_validate (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (validate_cases); i++)
    {
      const ValidateCase *c = &validate_cases[i];
      g_autoptr(ObEnvelope) envelope = ob_envelope_new (c->sender);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %zu", i);
      for (gsize j = 0; c->recipients[j] != NULL; j++)
        {
          g_assert_true (ob_envelope_add_recipient (envelope, c->recipients[j], &error));
          g_assert_no_error (error);
        }
      ob_envelope_set_dsn (envelope, OB_DSN_RET_HDRS, c->notify, c->envid);
      g_assert_cmpint (ob_envelope_get_dsn_ret (envelope), ==, OB_DSN_RET_HDRS);
      g_assert_cmpint (ob_envelope_get_dsn_notify (envelope), ==, c->notify);
      g_assert_cmpstr (ob_envelope_get_dsn_envid (envelope), ==, c->envid);

      if (c->valid)
        {
          g_assert_true (ob_envelope_validate (envelope, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (ob_envelope_validate (envelope, &error));
          g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
          g_assert_null (strchr (error->message, '\r'));
          g_assert_cmpuint (strlen (error->message), >, 20);
        }
    }
}

static void
test_envid_length (void)
{
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("me@example.com");
  g_autoptr(GError) error = NULL;
  char envid[102];

  g_assert_true (ob_envelope_add_recipient (envelope, "you@example.com", NULL));
  memset (envid, 'x', sizeof envid);
  envid[100] = '\0';
  ob_envelope_set_dsn (envelope, OB_DSN_RET_DEFAULT, OB_DSN_NOTIFY_DEFAULT, envid);
  g_assert_true (ob_envelope_validate (envelope, &error));
  g_assert_no_error (error);

  envid[100] = 'x';
  envid[101] = '\0';
  ob_envelope_set_dsn (envelope, OB_DSN_RET_DEFAULT, OB_DSN_NOTIFY_DEFAULT, envid);
  g_assert_false (ob_envelope_validate (envelope, &error));
  g_assert_error (error, OB_SMTP_ERROR, OB_SMTP_ERROR_INVALID_INPUT);
}

static void
test_duplicates (void)
{
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("me@example.com");
  const char * const *recipients;

  g_assert_true (ob_envelope_add_recipient (envelope, "ada@example.com", NULL));
  g_assert_true (ob_envelope_add_recipient (envelope, "ada@EXAMPLE.com", NULL));
  g_assert_true (ob_envelope_add_recipient (envelope, "Ada@example.com", NULL));
  g_assert_true (ob_envelope_add_recipient (envelope, "ada@Example.Com", NULL));
  g_assert_true (ob_envelope_add_recipient (envelope, "bob@example.com", NULL));

  /* The domain is compared without case, the local part is not. */
  recipients = ob_envelope_get_recipients (envelope);
  g_assert_cmpstr (recipients[0], ==, "ada@example.com");
  g_assert_cmpstr (recipients[1], ==, "Ada@example.com");
  g_assert_cmpstr (recipients[2], ==, "bob@example.com");
  g_assert_null (recipients[3]);
}

static void
test_smtputf8 (void)
{
  g_autoptr(ObEnvelope) ascii = ob_envelope_new ("me@example.com");
  g_autoptr(ObEnvelope) utf8_sender = ob_envelope_new ("jörg@example.com");
  g_autoptr(ObEnvelope) utf8_recipient = ob_envelope_new ("");

  g_assert_true (ob_envelope_add_recipient (ascii, "you@example.com", NULL));
  g_assert_false (ob_envelope_needs_smtputf8 (ascii));

  g_assert_true (ob_envelope_add_recipient (utf8_sender, "you@example.com", NULL));
  g_assert_true (ob_envelope_needs_smtputf8 (utf8_sender));

  g_assert_true (ob_envelope_add_recipient (utf8_recipient, "you@example.com", NULL));
  g_assert_false (ob_envelope_needs_smtputf8 (utf8_recipient));
  g_assert_true (ob_envelope_add_recipient (utf8_recipient, "ada@bücher.de", NULL));
  g_assert_true (ob_envelope_needs_smtputf8 (utf8_recipient));
}

static void
test_boxed (void)
{
  g_autoptr(ObEnvelope) envelope = ob_envelope_new ("");
  ObEnvelope *copy;

  g_assert_true (G_TYPE_IS_BOXED (OB_TYPE_ENVELOPE));
  copy = g_boxed_copy (OB_TYPE_ENVELOPE, envelope);
  g_assert_true (copy == envelope);
  g_assert_cmpstr (ob_envelope_get_sender (copy), ==, "");
  g_boxed_free (OB_TYPE_ENVELOPE, copy);
  g_assert_cmpint (ob_envelope_get_dsn_ret (envelope), ==, OB_DSN_RET_DEFAULT);
  g_assert_cmpint (ob_envelope_get_dsn_notify (envelope), ==, OB_DSN_NOTIFY_DEFAULT);
  g_assert_null (ob_envelope_get_dsn_envid (envelope));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/envelope/add-recipient", test_add_recipient);
  g_test_add_func ("/ob/envelope/validate", test_validate);
  g_test_add_func ("/ob/envelope/envid-length", test_envid_length);
  g_test_add_func ("/ob/envelope/duplicates", test_duplicates);
  g_test_add_func ("/ob/envelope/smtputf8", test_smtputf8);
  g_test_add_func ("/ob/envelope/boxed", test_boxed);

  return g_test_run ();
}
