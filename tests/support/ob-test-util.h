/* ob-test-util.h — bounded waits on child processes and streams for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* Asserts that a GBytes holds exactly the string @expected (without its
 * NUL); a macro so a failure points at the test's line. */
#define ob_test_assert_bytes_equal(bytes, expected) \
  G_STMT_START { \
    gsize ob_size_; \
    gconstpointer ob_data_ = g_bytes_get_data ((bytes), &ob_size_); \
    const char *ob_expected_ = (expected); \
    g_assert_cmpmem (ob_data_, ob_size_, ob_expected_, strlen (ob_expected_)); \
  } G_STMT_END

gboolean  ob_test_run                 (const char * const *argv,
                                       guint               timeout_ms,
                                       GError            **error);
gboolean  ob_test_subprocess_wait     (GSubprocess        *process,
                                       guint               timeout_ms,
                                       GError            **error);
char     *ob_test_read_line           (GDataInputStream   *input,
                                       guint               timeout_ms,
                                       GError            **error);
void      ob_test_remove_tree         (const char         *path);

G_END_DECLS
