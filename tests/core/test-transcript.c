/* test-transcript.c — the live, redacted log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "ob-sasl.h"
#include "ob-transcript.h"

#define WAIT_SECONDS 30

/* Checks every items-changed emission against the model: on the main
 * thread, within bounds, and adding up to what the model reports. */
typedef struct
{
  GThread *thread;
  guint    n_items;
  guint    emissions;
  guint    position;
  guint    removed;
  guint    added;
} ChangeLog;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  g_assert_true (g_thread_self () == log->thread);
  g_assert_cmpuint (position + removed, <=, log->n_items);
  log->n_items = log->n_items - removed + added;
  g_assert_cmpuint (log->n_items, ==, g_list_model_get_n_items (model));
  log->emissions++;
  log->position = position;
  log->removed = removed;
  log->added = added;
}

static ObTranscript *
new_logged_transcript (ChangeLog *log)
{
  ObTranscript *transcript = ob_transcript_new ();

  *log = (ChangeLog) { .thread = g_thread_self () };
  g_signal_connect (transcript, "items-changed", G_CALLBACK (items_changed_cb), log);
  return transcript;
}

static ObTranscriptEntry *
get_entry (ObTranscript *transcript,
           guint         position)
{
  gpointer item = g_list_model_get_item (G_LIST_MODEL (transcript), position);

  g_assert_true (OB_IS_TRANSCRIPT_ENTRY (item));
  return item;
}

static void
assert_entry (ObTranscript     *transcript,
              guint             position,
              ObTranscriptKind  kind,
              const char       *text)
{
  g_autoptr(ObTranscriptEntry) entry = get_entry (transcript, position);

  g_assert_cmpint (ob_transcript_entry_get_kind (entry), ==, kind);
  g_assert_cmpstr (ob_transcript_entry_get_text (entry), ==, text);
}

static guint
n_items (ObTranscript *transcript)
{
  return g_list_model_get_n_items (G_LIST_MODEL (transcript));
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until the transcript holds @n entries, at most
 * WAIT_SECONDS. */
static void
wait_for_items (ObTranscript *transcript,
                guint         n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  while (n_items (transcript) < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

/* Runs whatever the main context has ready, without blocking. */
static void
drain_main_context (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
test_entry (void)
{
  static const struct
  {
    ObTranscriptKind  kind;
    const char       *expected;
  } cases[] = {
    { OB_TRANSCRIPT_CLIENT, "14:03:07.123 C: EHLO host" },
    { OB_TRANSCRIPT_SERVER, "14:03:07.123 S: EHLO host" },
    { OB_TRANSCRIPT_TLS, "14:03:07.123 TLS: EHLO host" },
    { OB_TRANSCRIPT_INFO, "14:03:07.123 *: EHLO host" },
    { OB_TRANSCRIPT_ERROR, "14:03:07.123 !: EHLO host" },
  };
  g_autoptr(GDateTime) when = g_date_time_new_local (2024, 5, 1, 14, 3, 7.123456);
  g_autoptr(ObTranscriptEntry) now = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ObTranscriptEntry) entry = NULL;
      g_autoptr(GDateTime) timestamp = NULL;
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;
      ObTranscriptKind kind;

      entry = g_object_new (OB_TYPE_TRANSCRIPT_ENTRY,
                            "kind", cases[i].kind,
                            "timestamp", when,
                            "text", "EHLO host",
                            NULL);
      g_object_get (entry, "kind", &kind, "timestamp", &timestamp, "text", &text, NULL);
      g_assert_cmpint (kind, ==, cases[i].kind);
      g_assert_true (g_date_time_equal (timestamp, when));
      g_assert_cmpint (g_date_time_get_microsecond (ob_transcript_entry_get_timestamp (entry)),
                       ==, 123456);
      g_assert_cmpstr (text, ==, "EHLO host");

      line = ob_transcript_entry_to_string (entry);
      g_assert_cmpstr (line, ==, cases[i].expected);
    }

  /* Without a timestamp, an entry is stamped when made. */
  now = g_object_new (OB_TYPE_TRANSCRIPT_ENTRY, "text", "x", NULL);
  g_assert_nonnull (ob_transcript_entry_get_timestamp (now));
  g_assert_cmpint (ob_transcript_entry_get_kind (now), ==, OB_TRANSCRIPT_INFO);
}

static void
test_model (void)
{
  ChangeLog log;
  g_autoptr(ObTranscript) transcript = new_logged_transcript (&log);
  GListModel *model = G_LIST_MODEL (transcript);

  g_assert_true (g_list_model_get_item_type (model) == OB_TYPE_TRANSCRIPT_ENTRY);
  g_assert_cmpuint (n_items (transcript), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));

  /* On the creating thread, each entry is there and signalled at once. */
  ob_transcript_add_server_line (transcript, "220 smtp.example.com ESMTP\r\n", -1);
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.added, ==, 1);
  ob_transcript_add_client_line (transcript, "EHLO client.example.com");
  ob_transcript_add (transcript, OB_TRANSCRIPT_TLS, "TLS %s", "1.3");
  ob_transcript_add (transcript, OB_TRANSCRIPT_INFO, "Connecting to %s port %u",
                     "smtp.example.com", 587);
  ob_transcript_add (transcript, OB_TRANSCRIPT_ERROR, "%s", "The connection was lost.");
  g_assert_cmpuint (log.emissions, ==, 5);
  g_assert_cmpuint (log.position, ==, 4);
  g_assert_cmpuint (log.removed, ==, 0);
  g_assert_cmpuint (log.added, ==, 1);

  g_assert_cmpuint (n_items (transcript), ==, 5);
  assert_entry (transcript, 0, OB_TRANSCRIPT_SERVER, "220 smtp.example.com ESMTP");
  assert_entry (transcript, 1, OB_TRANSCRIPT_CLIENT, "EHLO client.example.com");
  assert_entry (transcript, 2, OB_TRANSCRIPT_TLS, "TLS 1.3");
  assert_entry (transcript, 3, OB_TRANSCRIPT_INFO, "Connecting to smtp.example.com port 587");
  assert_entry (transcript, 4, OB_TRANSCRIPT_ERROR, "The connection was lost.");
  g_assert_null (g_list_model_get_item (model, 5));
}

typedef struct
{
  const char *line;
  const char *expected;
  const char *secret;   /* must not survive, or NULL */
} ClientCase;

static const ClientCase client_cases[] = {
  { "AUTH PLAIN AGFkYQBzM2NyZXQtUGE1NQ==", "AUTH PLAIN ********", "AGFkYQBzM2NyZXQtUGE1NQ==" },
  { "auth plain AGFkYQBzM2NyZXQtUGE1NQ==\r\n", "auth plain ********", "AGFkYQBzM2NyZXQtUGE1NQ" },
  { "AUTH LOGIN YWRhQGV4YW1wbGUuY29t", "AUTH LOGIN ********", "YWRhQGV4YW1wbGUuY29t" },
  { "Auth Login YWRh", "Auth Login ********", "YWRh" },
  { "AUTH XOAUTH2 dXNlcj1hZGEBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB", "AUTH XOAUTH2 ********",
    "dXNlcj1hZGEBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB" },
  { "auth xoauth2 dXNlcj1hZGEBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB", "auth xoauth2 ********",
    "dXNlcj1hZGEBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB" },
  { "AUTH OAUTHBEARER bixhPWFkYSwBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB", "AUTH OAUTHBEARER ********",
    "bixhPWFkYSwBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB" },
  { "AuTh OAuthBearer bixhPWFkYSwBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB", "AuTh OAuthBearer ********",
    "bixhPWFkYSwBYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB" },
  { "AUTH X-NEW-MECH c2VjcmV0 more", "AUTH X-NEW-MECH ********", "c2VjcmV0" },
  { "AUTH  PLAIN\tAGFkYQBzM2NyZXQ=", "AUTH  PLAIN\\t********", "AGFkYQBzM2NyZXQ=" },
  { "AUTH PLAIN =", "AUTH PLAIN ********", NULL },
  { "AUTH PLAIN", "AUTH PLAIN", NULL },
  { "AUTH CRAM-MD5", "AUTH CRAM-MD5", NULL },
  { "BURL imap://ada@imap.example.com/Sent;UID=1;urlauth=submit+ada:internal:"
    "91354a473744909de610943775f92038 LAST",
    "BURL ********", "91354a473744909de610943775f92038" },
  { "AUTHORIZE AGFkYQ==", "AUTHORIZE AGFkYQ==", NULL },
  { "EHLO client.example.com", "EHLO client.example.com", NULL },
  { "MAIL FROM:<ada@example.com> AUTH=<>", "MAIL FROM:<ada@example.com> AUTH=<>", NULL },
  { "RCPT TO:<b@example.com>\r\nRSET", "RCPT TO:<b@example.com>\\r\\nRSET", NULL },
};

static void
test_client_redaction (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (client_cases); i++)
    {
      const ClientCase *c = &client_cases[i];
      g_autoptr(ObTranscript) transcript = ob_transcript_new ();
      g_autofree char *text = NULL;

      g_test_message ("case %zu: %s", i, c->expected);
      ob_transcript_add_client_line (transcript, c->line);
      g_assert_cmpuint (n_items (transcript), ==, 1);
      assert_entry (transcript, 0, OB_TRANSCRIPT_CLIENT, c->expected);

      text = ob_transcript_to_text (transcript);
      if (c->secret != NULL)
        g_assert_null (strstr (text, c->secret));
    }
}

/* The answers to 334 challenges are secret whichever way the client
 * records them. */
static void
test_sasl_exchange_guard (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();

  ob_transcript_add_client_line (transcript, "AUTH LOGIN");
  ob_transcript_add_server_line (transcript, "334 VXNlcm5hbWU6", -1);
  ob_transcript_add_client_line (transcript, "YWRhQGV4YW1wbGUuY29t");
  ob_transcript_add_server_line (transcript, "334 UGFzc3dvcmQ6", -1);
  ob_transcript_add_client_redacted (transcript, "password");
  ob_transcript_add_server_line (transcript, "235 2.7.0 Authentication successful", -1);
  ob_transcript_add_client_line (transcript, "MAIL FROM:<ada@example.com>");
  ob_transcript_add_client_line (transcript, "AUTH PLAIN");
  ob_transcript_add_server_line (transcript, "334 ", -1);
  ob_transcript_add_client_line (transcript, "*");
  ob_transcript_add_server_line (transcript, "501 5.7.0 Authentication cancelled", -1);
  ob_transcript_add_client_line (transcript, "QUIT");

  g_assert_cmpuint (n_items (transcript), ==, 12);
  assert_entry (transcript, 0, OB_TRANSCRIPT_CLIENT, "AUTH LOGIN");
  assert_entry (transcript, 2, OB_TRANSCRIPT_CLIENT, "******** (login data)");
  assert_entry (transcript, 4, OB_TRANSCRIPT_CLIENT, "******** (password)");
  assert_entry (transcript, 6, OB_TRANSCRIPT_CLIENT, "MAIL FROM:<ada@example.com>");
  assert_entry (transcript, 9, OB_TRANSCRIPT_CLIENT, "*");
  assert_entry (transcript, 11, OB_TRANSCRIPT_CLIENT, "QUIT");
}

static void
test_client_redacted (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();

  ob_transcript_add_client_redacted (transcript, "user name");
  ob_transcript_add_client_redacted (transcript, "pass\nword");
  assert_entry (transcript, 0, OB_TRANSCRIPT_CLIENT, "******** (user name)");
  assert_entry (transcript, 1, OB_TRANSCRIPT_CLIENT, "******** (pass\\nword)");
}

typedef struct
{
  const char *data;
  gssize      len;
  const char *expected;
} ServerCase;

static const ServerCase server_cases[] = {
  { "250 OK\r\n", -1, "250 OK" },
  { "250 OK\n", -1, "250 OK" },
  { "250 OK", -1, "250 OK" },
  { "250 OK\r\n\r\n", -1, "250 OK\\r\\n" },
  { "250 OK\r", -1, "250 OK\\r" },
  { "250 a\r\nC: AUTH PLAIN AGFkYQBzM2NyZXQ=", -1, "250 a\\r\\nC: AUTH PLAIN AGFkYQBzM2NyZXQ=" },
  { "250 a\n14:03:07.123 C: QUIT", -1, "250 a\\n14:03:07.123 C: QUIT" },
  { "250 \x1b[31mred\x1b[0m", -1, "250 \\u001B[31mred\\u001B[0m" },
  { "250 nul\0after", 13, "250 nul\\x00after" },
  { "250 \xe2\x80\xae" "dlrow", -1, "250 \\u202Edlrow" },
  { "250 \xe2\x81\xa6isolate\xe2\x81\xa9", -1, "250 \\u2066isolate\\u2069" },
  { "250 bad \xff\xfe utf-8 \xc3", -1, "250 bad \\xFF\\xFE utf-8 \\xC3" },
  { "250 tab\tand \\ backslash", -1, "250 tab\\tand \\\\ backslash" },
  { "250 Grüße", -1, "250 Grüße" },
  { "", 0, "" },
};

static void
test_server_escaping (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (server_cases); i++)
    {
      g_autoptr(ObTranscriptEntry) entry = NULL;
      g_autofree char *line = NULL;

      g_test_message ("case %zu: %s", i, server_cases[i].expected);
      ob_transcript_add_server_line (transcript, server_cases[i].data, server_cases[i].len);
      g_assert_cmpuint (n_items (transcript), ==, i + 1);
      assert_entry (transcript, i, OB_TRANSCRIPT_SERVER, server_cases[i].expected);

      entry = get_entry (transcript, i);
      line = ob_transcript_entry_to_string (entry);
      g_assert_true (g_utf8_validate (line, -1, NULL));
      for (const char *p = line; *p != '\0'; p++)
        g_assert_cmpint ((guchar) *p, >=, 0x20);
    }
}

/* Text given to ob_transcript_add() often quotes the server. */
static void
test_add_escapes (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();

  ob_transcript_add (transcript, OB_TRANSCRIPT_TLS, "Certificate for “%s”",
                     "evil\r\nS: 235 OK");
  assert_entry (transcript, 0, OB_TRANSCRIPT_TLS, "Certificate for “evil\\r\\nS: 235 OK”");
}

typedef struct
{
  ObTranscript *transcript;
  guint         id;
  guint         count;
} Writer;

static gpointer
writer_thread (gpointer user_data)
{
  Writer *writer = user_data;

  for (guint i = 0; i < writer->count; i++)
    ob_transcript_add (writer->transcript, OB_TRANSCRIPT_INFO, "thread %u line %u",
                       writer->id, i);
  return NULL;
}

#define N_WRITERS 4
#define LINES_PER_WRITER 500

static void
test_threads (void)
{
  ChangeLog log;
  g_autoptr(ObTranscript) transcript = new_logged_transcript (&log);
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  guint next_line[N_WRITERS + 1] = { 0 };

  for (guint t = 0; t < N_WRITERS; t++)
    {
      writers[t] = (Writer) { transcript, t, LINES_PER_WRITER };
      threads[t] = g_thread_new ("writer", writer_thread, &writers[t]);
    }
  /* The main thread writes too, while the others do. */
  for (guint i = 0; i < LINES_PER_WRITER; i++)
    {
      ob_transcript_add (transcript, OB_TRANSCRIPT_INFO, "thread %u line %u", N_WRITERS, i);
      g_main_context_iteration (NULL, FALSE);
    }
  for (guint t = 0; t < N_WRITERS; t++)
    g_thread_join (threads[t]);

  wait_for_items (transcript, (N_WRITERS + 1) * LINES_PER_WRITER);
  drain_main_context ();
  g_assert_cmpuint (n_items (transcript), ==, (N_WRITERS + 1) * LINES_PER_WRITER);

  /* Each thread's lines arrive complete and in the order it wrote them. */
  for (guint i = 0; i < n_items (transcript); i++)
    {
      g_autoptr(ObTranscriptEntry) entry = get_entry (transcript, i);
      guint thread, line;

      g_assert_cmpint (sscanf (ob_transcript_entry_get_text (entry), "thread %u line %u",
                               &thread, &line), ==, 2);
      g_assert_cmpuint (thread, <=, N_WRITERS);
      g_assert_cmpuint (line, ==, next_line[thread]);
      next_line[thread]++;
    }
}

typedef struct
{
  ObTranscript *transcript;
  const char   *line;
} AddOne;

static gpointer
add_one_thread (gpointer user_data)
{
  AddOne *add = user_data;

  ob_transcript_add_server_line (add->transcript, add->line, -1);
  return NULL;
}

static void
add_from_thread (ObTranscript *transcript,
                 const char   *line)
{
  AddOne add = { transcript, line };

  g_thread_join (g_thread_new ("writer", add_one_thread, &add));
}

static void
test_flush (void)
{
  ChangeLog log;
  g_autoptr(ObTranscript) transcript = new_logged_transcript (&log);
  g_autofree char *text = NULL;

  add_from_thread (transcript, "250-first");
  add_from_thread (transcript, "250-second");
  add_from_thread (transcript, "250 third");

  /* Queued until the main context runs... */
  g_assert_cmpuint (n_items (transcript), ==, 0);
  g_assert_cmpuint (log.emissions, ==, 0);
  /* ...but already part of the text to copy. */
  text = ob_transcript_to_text (transcript);
  g_assert_nonnull (strstr (text, "S: 250-first\n"));
  g_assert_nonnull (strstr (text, "S: 250 third\n"));

  ob_transcript_flush (transcript);
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.added, ==, 3);
  assert_entry (transcript, 0, OB_TRANSCRIPT_SERVER, "250-first");
  assert_entry (transcript, 2, OB_TRANSCRIPT_SERVER, "250 third");

  /* Nothing is delivered twice. */
  drain_main_context ();
  ob_transcript_flush (transcript);
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (n_items (transcript), ==, 3);
}

/* An entry added on the main thread comes after those queued before it. */
static void
test_order_across_threads (void)
{
  ChangeLog log;
  g_autoptr(ObTranscript) transcript = new_logged_transcript (&log);

  add_from_thread (transcript, "220 queued first");
  ob_transcript_add_client_line (transcript, "EHLO second");
  g_assert_cmpuint (n_items (transcript), ==, 2);
  assert_entry (transcript, 0, OB_TRANSCRIPT_SERVER, "220 queued first");
  assert_entry (transcript, 1, OB_TRANSCRIPT_CLIENT, "EHLO second");

  drain_main_context ();
  g_assert_cmpuint (n_items (transcript), ==, 2);
}

static gpointer
context_owner_thread (gpointer user_data)
{
  ObTranscript *transcript = user_data;
  gboolean acquired = g_main_context_acquire (g_main_context_default ());

  g_assert_true (acquired);
  ob_transcript_add_server_line (transcript, "250 delivered at once", -1);
  g_assert_cmpuint (n_items (transcript), ==, 1);
  g_main_context_release (g_main_context_default ());
  return NULL;
}

/* A thread that holds the transcript's context delivers, wherever the
 * transcript was made. */
static void
test_context_owner (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();

  g_thread_join (g_thread_new ("owner", context_owner_thread, transcript));
  g_assert_cmpuint (n_items (transcript), ==, 1);
}

static void
add_lines (ObTranscript *transcript,
           guint         first,
           guint         count)
{
  for (guint i = first; i < first + count; i++)
    ob_transcript_add (transcript, OB_TRANSCRIPT_INFO, "line %u", i);
}

/* The oldest entries give way, one notice says how many, and the newest
 * are all there. */
static void
assert_capped (ObTranscript *transcript,
               guint         total)
{
  guint n = n_items (transcript);
  guint dropped = total - (n - 1);
  g_autofree char *notice = g_strdup_printf ("%u earlier entries were removed to save memory.",
                                             dropped);
  g_autofree char *oldest = g_strdup_printf ("line %u", dropped);
  g_autofree char *newest = g_strdup_printf ("line %u", total - 1);

  g_assert_cmpuint (n, <=, OB_TRANSCRIPT_MAX_ENTRIES);
  g_assert_cmpuint (n, >=, OB_TRANSCRIPT_MAX_ENTRIES / 2);
  assert_entry (transcript, 0, OB_TRANSCRIPT_INFO, notice);
  assert_entry (transcript, 1, OB_TRANSCRIPT_INFO, oldest);
  assert_entry (transcript, n - 1, OB_TRANSCRIPT_INFO, newest);
}

static void
test_cap (void)
{
  ChangeLog log;
  g_autoptr(ObTranscript) transcript = new_logged_transcript (&log);
  guint total = OB_TRANSCRIPT_MAX_ENTRIES;

  add_lines (transcript, 0, total);
  g_assert_cmpuint (n_items (transcript), ==, OB_TRANSCRIPT_MAX_ENTRIES);
  assert_entry (transcript, 0, OB_TRANSCRIPT_INFO, "line 0");

  add_lines (transcript, total, 1);
  total++;
  assert_capped (transcript, total);

  /* Enough to pass the cap again: the notice is replaced, not repeated. */
  add_lines (transcript, total, OB_TRANSCRIPT_MAX_ENTRIES / 5);
  total += OB_TRANSCRIPT_MAX_ENTRIES / 5;
  assert_capped (transcript, total);
}

static gpointer
flood_thread (gpointer user_data)
{
  add_lines (user_data, 0, OB_TRANSCRIPT_MAX_ENTRIES + 5);
  return NULL;
}

/* A batch larger than the cap, delivered at once, keeps only its newest. */
static void
test_cap_batch (void)
{
  ChangeLog log;
  g_autoptr(ObTranscript) transcript = new_logged_transcript (&log);

  g_thread_join (g_thread_new ("flood", flood_thread, transcript));
  ob_transcript_flush (transcript);
  assert_capped (transcript, OB_TRANSCRIPT_MAX_ENTRIES + 5);
}

static void
test_to_text (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  text = ob_transcript_to_text (transcript);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  ob_transcript_add_server_line (transcript, "220 ready\r\n", -1);
  ob_transcript_add_client_line (transcript, "EHLO host");
  ob_transcript_add_server_line (transcript, "250 two\r\nlines", -1);
  ob_transcript_add (transcript, OB_TRANSCRIPT_TLS, "TLS 1.3");
  ob_transcript_add (transcript, OB_TRANSCRIPT_INFO, "Sending");
  ob_transcript_add (transcript, OB_TRANSCRIPT_ERROR, "Failed");

  text = ob_transcript_to_text (transcript);
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_items (transcript) + 1);
  regex = g_regex_new ("^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\\.[0-9]{3} (C|S|TLS|\\*|!): ", 0, 0,
                       NULL);
  for (guint i = 0; i < n_items (transcript); i++)
    {
      g_autoptr(ObTranscriptEntry) entry = get_entry (transcript, i);
      g_autofree char *line = ob_transcript_entry_to_string (entry);

      g_assert_true (g_regex_match (regex, lines[i], 0, NULL));
      g_assert_cmpstr (lines[i], ==, line);
    }
  g_assert_true (g_str_has_suffix (lines[2], " S: 250 two\\r\\nlines"));
  g_assert_cmpstr (lines[6], ==, "");
}

#define USER "ada@example.com"
#define PASSWORD "Tr0ub4dor&3-secret"
#define TOKEN "ya29.A0ARrdaM-secret-token"

/* Plays one AUTH exchange the way the SMTP client does, recording every
 * response the server would see in @sent. */
static void
simulate_auth (ObTranscript    *transcript,
               ObSaslMechanism  mechanism,
               const char      *secret,
               gboolean         redact_by_hand,
               GPtrArray       *sent)
{
  static const char * const challenges[] = {
    "VXNlcm5hbWU6",                                                   /* Username: */
    "UGFzc3dvcmQ6",                                                   /* Password: */
  };
  g_autoptr(ObSaslSession) session = ob_sasl_session_new (mechanism, USER, secret,
                                                          "smtp.example.com", 587);
  const char *name = ob_sasl_mechanism_to_string (mechanism);
  char *initial = ob_sasl_session_initial_response (session);
  g_autofree char *auth_line = NULL;
  guint max_steps;

  auth_line = initial != NULL ? g_strdup_printf ("AUTH %s %s", name, initial)
                              : g_strdup_printf ("AUTH %s", name);
  ob_transcript_add_client_line (transcript, auth_line);
  if (initial != NULL)
    g_ptr_array_add (sent, initial);

  /* PLAIN has nothing to add to its initial response. */
  max_steps = initial != NULL && mechanism == OB_SASL_MECHANISM_PLAIN ? 0 : OB_SASL_MAX_STEPS;

  for (guint i = 0; i < max_steps; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reply = NULL;
      const char *challenge;
      char *response;

      if (mechanism == OB_SASL_MECHANISM_CRAM_MD5)
        challenge = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
      else if (ob_sasl_mechanism_uses_token (mechanism))
        challenge = "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=";
      else
        challenge = challenges[MIN (i, 1)];

      reply = g_strconcat ("334 ", challenge, "\r\n", NULL);
      ob_transcript_add_server_line (transcript, reply, -1);
      response = ob_sasl_session_step (session, challenge, &error);
      if (response == NULL)
        {
          ob_transcript_add (transcript, OB_TRANSCRIPT_ERROR, "%s", error->message);
          break;
        }
      if (redact_by_hand)
        ob_transcript_add_client_redacted (transcript, ob_sasl_session_describe_step (session));
      else
        ob_transcript_add_client_line (transcript, response);
      g_ptr_array_add (sent, response);
    }
  ob_transcript_add_server_line (transcript, "535 5.7.8 Authentication credentials invalid",
                                 -1);
}

static void
assert_no_secret (const char *haystack,
                  GPtrArray  *sent)
{
  g_autofree char *password_b64 = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));
  g_autofree char *token_b64 = g_base64_encode ((const guchar *) TOKEN, strlen (TOKEN));

  g_assert_null (strstr (haystack, PASSWORD));
  g_assert_null (strstr (haystack, TOKEN));
  g_assert_null (strstr (haystack, password_b64));
  g_assert_null (strstr (haystack, token_b64));
  g_assert_null (strstr (haystack, "Tr0ub4dor"));
  for (guint i = 0; i < sent->len; i++)
    {
      const char *response = g_ptr_array_index (sent, i);

      /* The empty acknowledgements of OAuth errors hold nothing. */
      if (strlen (response) > 4)
        g_assert_null (strstr (haystack, response));
    }
}

/* After full AUTH exchanges with every mechanism, recorded both ways the
 * client might, neither the text nor any entry holds a secret. */
static void
test_no_secret_leaks (void)
{
  g_autoptr(ObTranscript) transcript = ob_transcript_new ();
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *text = NULL;

  sent = g_ptr_array_new_with_free_func ((GDestroyNotify) ob_sasl_response_free);
  for (ObSaslMechanism m = OB_SASL_MECHANISM_PLAIN; m <= OB_SASL_MECHANISM_OAUTHBEARER; m++)
    {
      const char *secret = ob_sasl_mechanism_uses_token (m) ? TOKEN : PASSWORD;

      simulate_auth (transcript, m, secret, TRUE, sent);
      simulate_auth (transcript, m, secret, FALSE, sent);
    }
  g_assert_cmpuint (sent->len, >=, 10);

  text = ob_transcript_to_text (transcript);
  g_assert_nonnull (strstr (text, "C: AUTH PLAIN ********\n"));
  g_assert_nonnull (strstr (text, "C: AUTH XOAUTH2 ********\n"));
  g_assert_nonnull (strstr (text, "C: ******** (password)\n"));
  assert_no_secret (text, sent);

  for (guint i = 0; i < n_items (transcript); i++)
    {
      g_autoptr(ObTranscriptEntry) entry = get_entry (transcript, i);
      g_autofree char *line = ob_transcript_entry_to_string (entry);

      assert_no_secret (ob_transcript_entry_get_text (entry), sent);
      assert_no_secret (line, sent);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ob/transcript/entry", test_entry);
  g_test_add_func ("/ob/transcript/model", test_model);
  g_test_add_func ("/ob/transcript/client-redaction", test_client_redaction);
  g_test_add_func ("/ob/transcript/sasl-exchange-guard", test_sasl_exchange_guard);
  g_test_add_func ("/ob/transcript/client-redacted", test_client_redacted);
  g_test_add_func ("/ob/transcript/server-escaping", test_server_escaping);
  g_test_add_func ("/ob/transcript/add-escapes", test_add_escapes);
  g_test_add_func ("/ob/transcript/threads", test_threads);
  g_test_add_func ("/ob/transcript/flush", test_flush);
  g_test_add_func ("/ob/transcript/order-across-threads", test_order_across_threads);
  g_test_add_func ("/ob/transcript/context-owner", test_context_owner);
  g_test_add_func ("/ob/transcript/cap", test_cap);
  g_test_add_func ("/ob/transcript/cap-batch", test_cap_batch);
  g_test_add_func ("/ob/transcript/to-text", test_to_text);
  g_test_add_func ("/ob/transcript/no-secret-leaks", test_no_secret_leaks);

  return g_test_run ();
}
