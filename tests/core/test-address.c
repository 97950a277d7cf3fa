/* test-address.c — address checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ob-address.h"

typedef struct
{
  const char *address;
  int         error_code;   /* -1: valid */
  const char *local;
  const char *domain;
} AddressCase;

static const AddressCase cases[] = {
  { "ada@example.com", -1, "ada", "example.com" },
  { "first.last+tag@mail.example.co.uk", -1, "first.last+tag", "mail.example.co.uk" },
  { "user@localhost", -1, "user", "localhost" },
  { "jörg@bücher.de", -1, "jörg", "bücher.de" },
  { "o'brien@example.ie", -1, "o'brien", "example.ie" },
  { "", OB_ADDRESS_ERROR_EMPTY, NULL, NULL },
  { "example.com", OB_ADDRESS_ERROR_NO_AT, NULL, NULL },
  { "@example.com", OB_ADDRESS_ERROR_LOCAL_PART, NULL, NULL },
  { "ada@", OB_ADDRESS_ERROR_DOMAIN, NULL, NULL },
  { "ada@-example.com", OB_ADDRESS_ERROR_DOMAIN, NULL, NULL },
  { "ada@example..com", OB_ADDRESS_ERROR_DOMAIN, NULL, NULL },
  { "ada@exa_mple.com", OB_ADDRESS_ERROR_DOMAIN, NULL, NULL },
  { ".ada@example.com", OB_ADDRESS_ERROR_LOCAL_PART, NULL, NULL },
  { "a..da@example.com", OB_ADDRESS_ERROR_LOCAL_PART, NULL, NULL },
  { "a(da)@example.com", OB_ADDRESS_ERROR_LOCAL_PART, NULL, NULL },
  { "ada@example.com\r\nRCPT TO:<x@evil.test>", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER, NULL, NULL },
  { "ada lovelace@example.com", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER, NULL, NULL },
  { "ada@example.com\n", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER, NULL, NULL },
  { "ada\x7f@example.com", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER, NULL, NULL },
  { "\xff\xfe@example.com", OB_ADDRESS_ERROR_FORBIDDEN_CHARACTER, NULL, NULL },
  { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com",
    OB_ADDRESS_ERROR_LOCAL_PART, NULL, NULL },
};

static void
test_address_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const AddressCase *c = &cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *local = NULL;
      g_autofree char *domain = NULL;
      gboolean ok;

      g_test_message ("case %zu: %s", i, c->address);
      ok = ob_address_parse (c->address, &local, &domain, &error);
      if (c->error_code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (local, ==, c->local);
          g_assert_cmpstr (domain, ==, c->domain);
          g_assert_true (ob_address_is_valid (c->address));
        }
      else
        {
          g_assert_error (error, OB_ADDRESS_ERROR, c->error_code);
          g_assert_false (ok);
          g_assert_null (local);
          g_assert_null (domain);
          /* Every refusal says something a person can act on. */
          g_assert_cmpuint (strlen (error->message), >, 10);
          g_assert_false (ob_address_is_valid (c->address));
        }
    }
}

static void
test_address_smtputf8 (void)
{
  g_assert_false (ob_address_needs_smtputf8 ("ada@example.com"));
  g_assert_true (ob_address_needs_smtputf8 ("jörg@example.com"));
  g_assert_true (ob_address_needs_smtputf8 ("ada@bücher.de"));
}

static void
test_hostname (void)
{
  g_assert_true (ob_hostname_is_valid ("smtp.gmail.com"));
  g_assert_true (ob_hostname_is_valid ("a-b.c"));
  g_assert_false (ob_hostname_is_valid (""));
  g_assert_false (ob_hostname_is_valid ("smtp.gmail.com."));
  g_assert_false (ob_hostname_is_valid ("smtp gmail.com"));
  g_assert_false (ob_hostname_is_valid ("smtp.gmail.com\r\n"));
  g_assert_false (ob_hostname_is_valid (NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/address/table", test_address_table);
  g_test_add_func ("/ob/address/smtputf8", test_address_smtputf8);
  g_test_add_func ("/ob/address/hostname", test_hostname);

  return g_test_run ();
}
