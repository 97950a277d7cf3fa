/* ob-test-scan.h — proving a secret was never written anywhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ob_test_assert_not_in_file (const char *path,
                                 const char *needle);
void ob_test_assert_not_in_tree (const char *path,
                                 const char *needle);

G_END_DECLS
