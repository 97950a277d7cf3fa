/* ob-gmime.h — GMime set-up and automatic cleanup for its types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gmime/gmime.h>

G_BEGIN_DECLS

/* GMime 3.2 declares no g_autoptr() cleanups. Defining them for GMime's own
 * type names would clash the day GMime adds them, so they are declared for
 * aliases in our namespace instead. */
typedef GMimeContentType    ObGMimeContentType;
typedef GMimeDataWrapper    ObGMimeDataWrapper;
typedef GMimeFormatOptions  ObGMimeFormatOptions;
typedef GMimeMessage        ObGMimeMessage;
typedef GMimeMultipart      ObGMimeMultipart;
typedef GMimeParser         ObGMimeParser;
typedef GMimeStream         ObGMimeStream;
typedef InternetAddressList ObInternetAddressList;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeContentType, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeFormatOptions, g_mime_format_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObGMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ObInternetAddressList, g_object_unref)

void ob_gmime_init (void);

G_END_DECLS
