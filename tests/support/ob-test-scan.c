/* ob-test-scan.c — proving a secret was never written anywhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets belong in the keyring only. These helpers read every byte a test
 * left on disk and fail if a secret is among them, whatever the file.
 */
#define _GNU_SOURCE  /* memmem() */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ob-test-scan.h"

/* How deep a tree may go: far more than any test makes, and a bound on a
 * symlink loop's harm should one ever appear. */
#define MAX_DEPTH 32

void
ob_test_assert_not_in_file (const char *path,
                            const char *needle)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  if (memmem (contents, length, needle, strlen (needle)) != NULL)
    g_error ("a secret was found in %s", path);
}

static void
scan_tree (const char *path,
           const char *needle,
           guint       depth)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpuint (depth, <, MAX_DEPTH);
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        ob_test_assert_not_in_file (path, needle);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        scan_tree (child, needle, depth + 1);
    }
}

/**
 * ob_test_assert_not_in_tree:
 * @path: a file or a directory
 *
 * Fails the test if @needle appears in @path or in any regular file below
 * it. Symbolic links are not followed.
 */
void
ob_test_assert_not_in_tree (const char *path,
                            const char *needle)
{
  g_return_if_fail (needle != NULL && *needle != '\0');

  scan_tree (path, needle, 0);
}
