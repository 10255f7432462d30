/* test_store.c: ingest and event queries on small hand-made event sets
 * whose counts are known, through the public API, in a temporary SQLite
 * store. */
#include "testutil.h"

#include <unistd.h>

static char dir[64];
static char path[128];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/deeds-store-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/t.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* A fresh store (the previous one removed). */
static deeds_store *fresh_store(deeds_diag *diag, int window)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
    assert_int_equal(system(cmd), 0);
    deeds_store *s = deeds_store_open(path, 1, diag);
    assert_non_null(s);
    if (window != 1)
        assert_int_equal(deeds_store_set_window(s, window, diag), 0);
    return s;
}

/* One event line as deeds code writes it. */
static void line(deeds_buf *b, const char *doc, int sent, const char *date,
                 const char *src, const char *tgt, const char *code,
                 const char *mode, const char *pub, const char *verb,
                 const char *sentence)
{
    deeds_buf_printf(b, "{\"doc\": \"%s\", \"sent\": %d, \"date\": \"%s\", "
                     "\"source\": \"%s\", \"target\": \"%s\", \"code\": \"%s\", "
                     "\"mode\": \"%s\", \"source_text\": \"s\", \"target_text\": \"t\", "
                     "\"verb_text\": \"%s\", \"sentence\": \"%s\", "
                     "\"publication\": \"%s\", \"url\": \"https://x/%s\"}\n",
                     doc, sent, date, src, tgt, code, mode, verb, sentence, pub, doc);
}

/* Ingests every line of text; returns the stats. */
static deeds_ingest_stats ingest_text(deeds_store *s, const char *text,
                                      size_t batch, deeds_diag *diag)
{
    deeds_ingest *g = deeds_ingest_begin(s, batch, diag);
    assert_non_null(g);
    long n = 0;
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        assert_int_equal(deeds_ingest_line(g, p, len, "t.jsonl", ++n), 0);
        p += len + (end ? 1 : 0);
    }
    deeds_ingest_stats st;
    assert_int_equal(deeds_ingest_end(g, &st), 0);
    return st;
}

typedef struct collected {
    size_t n;
    unsigned mentions, articles, sources;
    int32_t first_date;
    char codes[256];
    char sentences[512];
} collected;

static int collect(void *ud, const deeds_stored_event *ev)
{
    collected *c = ud;
    if (!c->n)
        c->first_date = ev->date;
    c->n++;
    c->mentions += ev->num_mentions;
    c->articles += ev->num_articles;
    c->sources += ev->num_sources;
    size_t len = strlen(c->codes);
    snprintf(c->codes + len, sizeof c->codes - len, "%s%s>%s:%s", len ? " " : "",
             ev->source, ev->target, ev->code);
    len = strlen(c->sentences);
    snprintf(c->sentences + len, sizeof c->sentences - len, "%s|", ev->sentence);
    return 0;
}

static collected query(deeds_store *s, deeds_event_query q, deeds_diag *diag)
{
    collected c = { 0 };
    assert_int_equal(deeds_store_events(s, &q, collect, &c, diag), 0);
    return c;
}

/* Four reports of USA meeting PRK: two articles of one outlet on Jan 5,
 * one article of another outlet on Jan 6 with two sentences about it. */
static void meeting_reports(deeds_buf *b)
{
    line(b, "a1", 0, "2018-01-05", "USAGOV", "PRKGOV", "036", "asserted", "Wire", "will meet", "US will meet North Korea.");
    line(b, "a2", 0, "2018-01-05", "USAGOV", "PRKGOV", "036", "asserted", "Wire", "ready to meet", "US ready to meet North Korea.");
    line(b, "a3", 0, "2018-01-06", "USAGOV", "PRKGOV", "036", "asserted", "Times", "plans to meet", "US plans to meet Pyongyang.");
    line(b, "a3", 2, "2018-01-06", "USAGOV", "PRKGOV", "036", "asserted", "Times", "would meet", "Trump would meet Kim.");
}

static void test_counts_under_each_mode(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 1);
    deeds_buf b = { 0 };
    meeting_reports(&b);
    deeds_ingest_stats st = ingest_text(s, b.data, 0, &diag);
    assert_int_equal(st.articles_new, 3);
    assert_int_equal(st.reports_new, 4);
    assert_int_equal(st.events_new, 2);      /* Jan 5 and Jan 6 */
    assert_int_equal(st.events_merged, 2);

    deeds_event_query q = { .source = "USA", .target = "PRK" };
    q.count = DEEDS_COUNT_REPORTS;
    assert_int_equal(query(s, q, &diag).n, 4);
    q.count = DEEDS_COUNT_ONE_A_DAY;
    collected one = query(s, q, &diag);
    assert_int_equal(one.n, 2);
    assert_int_equal(one.mentions, 4);     /* 2 reports a day */
    assert_int_equal(one.articles, 3);     /* a1+a2, a3 */
    q.count = DEEDS_COUNT_EVENTS;
    collected ev = query(s, q, &diag);
    assert_int_equal(ev.n, 2);
    assert_int_equal(ev.mentions, 4);
    assert_int_equal(ev.articles, 3);
    assert_int_equal(ev.sources, 2);       /* Wire on Jan 5, Times on Jan 6 */
    assert_int_equal(ev.first_date, 20180105);
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&msgs);
}

static void test_window_merges_days(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 3);
    assert_int_equal(deeds_store_window(s), 3);
    deeds_buf b = { 0 };
    meeting_reports(&b);
    deeds_ingest_stats st = ingest_text(s, b.data, 0, &diag);
    assert_int_equal(st.events_new, 1);
    deeds_event_query q = { .count = DEEDS_COUNT_EVENTS };
    collected ev = query(s, q, &diag);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.mentions, 4);
    assert_int_equal(ev.articles, 3);
    assert_int_equal(ev.sources, 2);
    /* A store with reports keeps its window. */
    assert_int_equal(deeds_store_set_window(s, 5, &diag), -1);
    assert_int_equal(diag.errors, 1);
    deeds_store_close(s);
    /* The window is kept with the store. */
    s = deeds_store_open(path, 0, &diag);
    assert_non_null(s);
    assert_int_equal(deeds_store_window(s), 3);
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&msgs);
}

/* A report earlier than its event's first one moves the event back. */
static void test_late_earlier_report_moves_event(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 3);
    deeds_buf b = { 0 };
    line(&b, "late", 0, "2018-03-10", "CHN", "PRK", "042", "asserted", "Wire", "visited", "China visited.");
    line(&b, "early", 0, "2018-03-08", "CHN", "PRK", "042", "asserted", "Post", "visits", "China visits.");
    ingest_text(s, b.data, 0, &diag);
    deeds_event_query q = { .count = DEEDS_COUNT_EVENTS };
    collected ev = query(s, q, &diag);
    assert_int_equal(ev.n, 1);
    assert_int_equal(ev.first_date, 20180308);
    assert_string_equal(ev.sentences, "China visits.|");
    deeds_series_query sq = { .source = "CHN", .target = "PRK", .by = DEEDS_BY_DAY,
                              .count = DEEDS_COUNT_EVENTS };
    deeds_series_row *rows;
    size_t n;
    assert_int_equal(deeds_series(s, &sq, &rows, &n, &diag), 0);
    assert_int_equal(n, 3);
    assert_true(rows[0].events == 1 && rows[1].events == 0 && rows[2].events == 0);
    assert_true(rows[0].volume == 1 && rows[2].volume == 0);
    free(rows);
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&msgs);
}

static void test_reingest_adds_nothing(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 1);
    deeds_buf b = { 0 };
    meeting_reports(&b);
    ingest_text(s, b.data, 1, &diag);
    deeds_ingest_stats st = ingest_text(s, b.data, 1, &diag);
    assert_int_equal(st.articles_new, 0);
    assert_int_equal(st.articles_stored, 3);
    assert_int_equal(st.reports_new, 0);
    assert_int_equal(st.reports_stored, 4);
    assert_int_equal(st.events_new, 0);
    deeds_event_query q = { .count = DEEDS_COUNT_EVENTS };
    collected ev = query(s, q, &diag);
    assert_int_equal(ev.n, 2);
    assert_int_equal(ev.mentions, 4);
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&msgs);
}

static void test_bad_lines_counted(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 1);
    deeds_buf b = { 0 };
    line(&b, "ok1", 0, "2018-01-05", "USA", "PRK", "036", "asserted", "W", "v", "Fine.");
    deeds_buf_puts(&b, "{\"doc\": \"broken\", \n");
    line(&b, "bad-code", 0, "2018-01-05", "USA", "PRK", "999", "asserted", "W", "v", "Unknown.");
    line(&b, "old", 0, "1700-01-05", "USA", "PRK", "036", "asserted", "W", "v", "Too old.");
    line(&b, "bad-mode", 0, "2018-01-05", "USA", "PRK", "036", "maybe", "W", "v", "Mode.");
    deeds_buf_puts(&b, "{\"doc\": \"nocode\", \"sent\": 0, \"date\": \"2018-01-05\", "
                       "\"source\": \"USA\", \"target\": \"PRK\", \"sentence\": \"x\"}\n");
    line(&b, "ok2", 0, "2018-01-06", "USA", "PRK", "036", "asserted", "W", "v", "Fine too.");
    deeds_ingest_stats st = ingest_text(s, b.data, 0, &diag);
    assert_int_equal(st.reports_new, 2);
    assert_int_equal(diag.skipped[DEEDS_SKIP_BAD_JSON], 1);
    assert_int_equal(diag.skipped[DEEDS_SKIP_BAD_EVENT], 3);
    assert_int_equal(diag.skipped[DEEDS_SKIP_BAD_DATE], 1);
    assert_non_null(strstr(msgs.data, "t.jsonl:2: "));
    assert_non_null(strstr(msgs.data, "t.jsonl:3: "));
    assert_non_null(strstr(msgs.data, "999"));
    assert_non_null(strstr(msgs.data, "t.jsonl:6: "));
    assert_non_null(strstr(msgs.data, "\"code\""));
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&msgs);
}

static void test_query_filters(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 1);
    deeds_buf b = { 0 };
    line(&b, "f1", 0, "2018-02-01", "USAGOV", "PRKGOV", "036", "asserted", "W", "v", "Talks about summit planned.");
    line(&b, "f2", 0, "2018-02-02", "PRKGOV", "USAGOV", "138", "asserted", "W", "v", "A nuclear threat.");
    line(&b, "f3", 0, "2018-02-03", "USAMIL", "PRK", "190", "negated", "W", "v", "No strike happened.");
    line(&b, "f4", 0, "2018-02-04", "USA", "CHN", "0311", "asserted", "W", "v", "Trade talks with China.");
    line(&b, "f5", 0, "2018-02-05", "USAGOVX", "", "036", "asserted", "W", "v", "Summit with nobody.");
    ingest_text(s, b.data, 0, &diag);
    deeds_event_query q = { .count = DEEDS_COUNT_REPORTS };
    assert_string_equal(query(s, q, &diag).codes,
                        "USAGOV>PRKGOV:036 PRKGOV>USAGOV:138 USA>CHN:0311 USAGOVX>:036");
    q.all_modes = 1;
    assert_int_equal(query(s, q, &diag).n, 5);
    q.all_modes = 0;
    q.source = "USA";
    q.target = "PRK";
    assert_string_equal(query(s, q, &diag).codes, "USAGOV>PRKGOV:036");
    q.target = "*";
    q.code = "03";
    assert_string_equal(query(s, q, &diag).codes, "USAGOV>PRKGOV:036 USA>CHN:0311 USAGOVX>:036");
    q.code = NULL;
    q.source = NULL;
    q.from = 20180202;
    q.to = 20180204;
    assert_string_equal(query(s, q, &diag).codes, "PRKGOV>USAGOV:138 USA>CHN:0311");
    q.from = q.to = 0;
    q.search = "talks";
    assert_string_equal(query(s, q, &diag).codes, "USAGOV>PRKGOV:036 USA>CHN:0311");
    q.count = DEEDS_COUNT_EVENTS;
    assert_string_equal(query(s, q, &diag).codes, "USAGOV>PRKGOV:036 USA>CHN:0311");
    q.search = NULL;
    q.limit = 2;
    assert_int_equal(query(s, q, &diag).n, 2);
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&msgs);
}

static void test_open_errors(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/none.db", dir);
    assert_null(deeds_store_open(missing, 0, &diag));
    assert_non_null(strstr(msgs.data, "none.db"));
    /* A store from a newer deeds is refused. */
    deeds_store *s = fresh_store(&diag, 1);
    deeds_store_close(s);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"UPDATE meta SET value='99' WHERE key='schema_version'\"", path);
    if (system(cmd) == 0) {
        assert_null(deeds_store_open(path, 0, &diag));
        assert_non_null(strstr(msgs.data, "version 99"));
    }
    assert_int_equal(deeds_count_parse("one-a-day"), DEEDS_COUNT_ONE_A_DAY);
    assert_int_equal(deeds_count_parse("events"), DEEDS_COUNT_EVENTS);
    assert_int_equal(deeds_count_parse("mentions"), -1);
    assert_string_equal(deeds_count_name(DEEDS_COUNT_REPORTS), "reports");
    deeds_buf_free(&msgs);
}

/* Events straight from the coder's structures. */
static void test_ingest_event_struct(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = fresh_store(&diag, 1);
    deeds_ingest *g = deeds_ingest_begin(s, 0, &diag);
    const char *sentence = "Seoul sent aid to Pyongyang.";
    deeds_article art = { .id = "k1", .date = 20180301, .source = "Yonhap",
                          .text = sentence, .text_len = strlen(sentence),
                          .file = "k.jsonl", .line = 1 };
    deeds_event ev = { .doc = "k1", .sent = 0, .date = 20180301, .source = "KORGOV",
                       .target = "PRKGOV", .code = "070", .sentence = sentence,
                       .sentence_len = strlen(sentence), .source_text = { 0, 5 },
                       .target_text = { 18, 27 }, .verb_text = { 6, 14 } };
    assert_int_equal(deeds_ingest_event(g, &art, &ev), 0);
    deeds_ingest_stats st;
    assert_int_equal(deeds_ingest_end(g, &st), 0);
    assert_int_equal(st.reports_new, 1);
    deeds_event_query q = { .count = DEEDS_COUNT_REPORTS };
    collected c = query(s, q, &diag);
    assert_string_equal(c.codes, "KORGOV>PRKGOV:070");
    assert_string_equal(c.sentences, "Seoul sent aid to Pyongyang.|");
    deeds_store_close(s);
    deeds_buf_free(&msgs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_under_each_mode),
        cmocka_unit_test(test_window_merges_days),
        cmocka_unit_test(test_late_earlier_report_moves_event),
        cmocka_unit_test(test_reingest_adds_nothing),
        cmocka_unit_test(test_bad_lines_counted),
        cmocka_unit_test(test_query_filters),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_ingest_event_struct),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
