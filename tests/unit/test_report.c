/* test_report.c: the HTML report and single charts over a small store built
 * through the ingest API from hand-made events: a section per dyad with
 * events, escaped sentences, nothing fetched from the network, tags
 * balanced, charts with the store's numbers. */
#include "testutil.h"

#include <ctype.h>
#include <unistd.h>

static char dir[64], db[96];

#define EV(doc, date, src, tgt, code, verb, sentence)                         \
    "{\"doc\": \"" doc "\", \"sent\": 0, \"date\": \"" date "\", \"source\": \"" \
    src "\", \"target\": \"" tgt "\", \"code\": \"" code "\", \"mode\": \"asserted\", " \
    "\"verb_text\": \"" verb "\", \"sentence\": \"" sentence "\", \"publication\": " \
    "\"Wire\", \"url\": \"https://news.example/" doc "\", \"title\": \"Story " doc "\"}"

/* USA -> PRK: words warm all year; deeds warm in June, hostile in August. */
static const char *const events[] = {
    EV("a1", "2018-05-01", "USAGOV", "PRKGOV", "036", "would meet",
       "Trump said he would meet Kim <soon> & gladly."),
    EV("a2", "2018-06-12", "USAGOV", "PRKGOV", "057", "signed",
       "Trump and Kim signed a statement in Singapore."),
    EV("a3", "2018-06-20", "USAGOV", "PRKGOV", "081", "eased",
       "Washington eased some sanctions on Pyongyang."),
    EV("a4", "2018-08-01", "USAGOV", "PRKGOV", "051", "praised",
       "Pompeo praised Pyongyang."),
    EV("a5", "2018-08-02", "USAGOV", "PRKGOV", "163", "imposed",
       "Washington imposed new sanctions on Pyongyang."),
    EV("a6", "2018-05-24", "PRKGOV", "USAGOV", "111", "criticized",
       "Pyongyang criticized the US drills."),
    EV("a7", "2018-04-27", "KORGOV", "PRKGOV", "057", "signed",
       "Moon and Kim signed the Panmunjom declaration."),
    EV("a8", "2018-09-10", "CHNGOV", "PRKGOV", "042", "visited",
       "A Chinese envoy visited Pyongyang."),
};

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/deeds-report-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/k.db", dir);
    deeds_store *s = deeds_store_open(db, 1, NULL);
    assert_non_null(s);
    deeds_ingest *g = deeds_ingest_begin(s, 0, NULL);
    assert_non_null(g);
    for (size_t i = 0; i < sizeof events / sizeof *events; i++)
        assert_int_equal(deeds_ingest_line(g, events[i], strlen(events[i]), "events", (long)i + 1), 0);
    deeds_ingest_stats st;
    assert_int_equal(deeds_ingest_end(g, &st), 0);
    assert_int_equal(st.reports_new, sizeof events / sizeof *events);
    deeds_store_close(s);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char path[128];
    const char *const files[] = { "k.db", "k.db-wal", "k.db-shm" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}

static const char *const actors[] = { "USA", "PRK", "KOR", "CHN" };

static deeds_report_query year_2018(void)
{
    deeds_report_query q = { .actors = actors, .nactors = 4, .from = 20180101,
                             .to = 20181231, .by = DEEDS_BY_MONTH,
                             .count = DEEDS_COUNT_EVENTS };
    return q;
}

static char *report(const deeds_report_query *q, int expect_rc)
{
    deeds_store *s = deeds_store_open(db, 0, NULL);
    assert_non_null(s);
    deeds_buf b = { 0 };
    TESTUTIL_QUIET_DIAG(diag, log);
    assert_int_equal(deeds_report_html(s, q, &b, &diag), expect_rc);
    deeds_store_close(s);
    deeds_buf_free(&log);
    return b.data;
}

static char *chart(const deeds_report_query *q, deeds_report_chart which, int png,
                   size_t *len)
{
    deeds_store *s = deeds_store_open(db, 0, NULL);
    assert_non_null(s);
    deeds_buf b = { 0 };
    assert_int_equal(deeds_report_chart_render(s, q, which, png, &b, NULL), 0);
    deeds_store_close(s);
    if (len)
        *len = b.len;
    return b.data;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Tags balanced and nested (HTML's void elements and SVG's self-closed
 * ones aside), and no raw '<' in text. */
static int tags_balanced(const char *html)
{
    static const char *const void_tags[] = { "meta", "br", "!DOCTYPE" };
    char stack[64][16];
    int depth = 0;
    for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
        int closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strcspn(name, " >/\n");
        const char *gt = strchr(p, '>');
        if (!gt || n == 0 || n >= 16)
            return 0;
        int self = gt[-1] == '/';
        int is_void = 0;
        for (size_t i = 0; i < sizeof void_tags / sizeof *void_tags; i++)
            is_void |= strlen(void_tags[i]) == n && !strncmp(name, void_tags[i], n);
        if (closing) {
            if (!depth || strlen(stack[depth - 1]) != n || strncmp(stack[depth - 1], name, n))
                return 0;
            depth--;
        } else if (!self && !is_void) {
            if (depth == 64)
                return 0;
            memcpy(stack[depth], name, n);
            stack[depth++][n] = '\0';
        }
        p = gt + 1;
        if (*p && strchr(p, '<') && memchr(p, '>', (size_t)(strchr(p, '<') - p)))
            return 0;  /* a raw '>' in text means something was not escaped */
    }
    return depth == 0;
}

static void test_sections_per_dyad(void **state)
{
    (void)state;
    deeds_report_query q = year_2018();
    char *html = report(&q, 0);
    assert_true(tags_balanced(html));
    assert_non_null(strstr(html, "<section id=\"alignment\">"));
    /* without --dyad: every dyad among the actors that had events, no other */
    assert_int_equal(count(html, "<section class=\"dyad\""), 4);
    assert_non_null(strstr(html, "id=\"dyad-USA-PRK\""));
    assert_non_null(strstr(html, "id=\"dyad-PRK-USA\""));
    assert_non_null(strstr(html, "id=\"dyad-KOR-PRK\""));
    assert_non_null(strstr(html, "id=\"dyad-CHN-PRK\""));
    /* the busiest first */
    assert_true(strstr(html, "id=\"dyad-USA-PRK\"") < strstr(html, "id=\"dyad-KOR-PRK\""));
    assert_int_equal(count(html, "class=\"cell\""), 16);
    assert_non_null(strstr(html, "counting: events"));
    free(html);
}

static void test_sentences_escaped(void **state)
{
    (void)state;
    deeds_report_query q = year_2018();
    char *html = report(&q, 0);
    assert_non_null(strstr(html, "Trump said he <mark>would meet</mark> Kim &lt;soon&gt; &amp; gladly."));
    assert_null(strstr(html, "Kim <soon>"));
    assert_non_null(strstr(html, "Washington <mark>imposed</mark> new sanctions on Pyongyang."));
    assert_non_null(strstr(html, "Follow-through of promises and offers"));
    free(html);
}

static void test_nothing_fetched(void **state)
{
    (void)state;
    deeds_report_query q = year_2018();
    char *html = report(&q, 0);
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "url("));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "@import"));
    /* the only addresses are links to the articles */
    size_t links = 0;
    for (const char *p = strstr(html, "http"); p; p = strstr(p + 1, "http")) {
        assert_true(p - html >= 6 && !strncmp(p - 6, "href=\"", 6));
        links++;
    }
    assert_true(links > 0);
    free(html);
}

static void test_dyads_asked_and_empty_period(void **state)
{
    (void)state;
    const char *const dyads[] = { "KOR:PRK", "PRK:KOR" };
    deeds_report_query q = year_2018();
    q.dyads = dyads;
    q.ndyads = 2;
    q.nactors = 0;
    char *html = report(&q, 0);
    assert_true(tags_balanced(html));
    assert_null(strstr(html, "id=\"alignment\""));
    assert_int_equal(count(html, "<section class=\"dyad\""), 2);
    assert_true(strstr(html, "id=\"dyad-KOR-PRK\"") < strstr(html, "id=\"dyad-PRK-KOR\""));
    assert_non_null(strstr(html, "No threats in this period."));
    free(html);

    q = year_2018();
    q.from = 20100101;
    q.to = 20101231;
    html = report(&q, 0);
    assert_true(tags_balanced(html));
    assert_int_equal(count(html, "<section class=\"dyad\""), 0);
    assert_non_null(strstr(html, "No dyad among these actors has events"));
    free(html);
}

static void test_bad_dyad(void **state)
{
    (void)state;
    const char *const dyads[] = { "USAPRK" };
    deeds_report_query q = year_2018();
    q.dyads = dyads;
    q.ndyads = 1;
    deeds_store *s = deeds_store_open(db, 0, NULL);
    deeds_buf b = { 0 };
    TESTUTIL_QUIET_DIAG(diag, log);
    assert_int_equal(deeds_report_html(s, &q, &b, &diag), -1);
    assert_non_null(strstr(log.data, "SOURCE:TARGET"));
    assert_int_equal(deeds_report_chart_render(s, &q, DEEDS_REPORT_TIMELINE, 0, &b, &diag), -1);
    deeds_store_close(s);
    deeds_buf_free(&b);
    deeds_buf_free(&log);
}

static void test_timeline_chart(void **state)
{
    (void)state;
    const char *const dyads[] = { "USA:PRK" };
    deeds_report_query q = year_2018();
    q.dyads = dyads;
    q.ndyads = 1;
    char *svg = chart(&q, DEEDS_REPORT_TIMELINE, 0, NULL);
    assert_int_equal(count(svg, "class=\"point\""), 4 * 12);
    assert_non_null(strstr(svg, "<title>2018-06  material cooperation: 1</title>"));
    assert_non_null(strstr(svg, "<title>2018-08  material conflict: -1</title>"));
    assert_non_null(strstr(svg, "<title>2018-08  verbal cooperation: 1</title>"));
    assert_non_null(strstr(svg, "counting: events"));
    free(svg);
}

static void test_gap_chart(void **state)
{
    (void)state;
    const char *const dyads[] = { "USA:PRK" };
    deeds_report_query q = year_2018();
    q.dyads = dyads;
    q.ndyads = 1;
    char *svg = chart(&q, DEEDS_REPORT_GAP, 0, NULL);
    /* only June and August had words and deeds: June's are both warm (0),
     * August's words warm and deeds hostile (1 - -1 = 2) */
    assert_int_equal(count(svg, "class=\"bar\""), 2);
    assert_non_null(strstr(svg, "<title>2018-06  say\xe2\x80\x93" "do gap: 0</title>"));
    assert_non_null(strstr(svg, "<title>2018-08  say\xe2\x80\x93" "do gap: 2</title>"));
    free(svg);
}

static void test_alignment_chart(void **state)
{
    (void)state;
    deeds_report_query q = year_2018();
    q.nactors = 3;
    char *svg = chart(&q, DEEDS_REPORT_ALIGNMENT, 0, NULL);
    assert_int_equal(count(svg, "class=\"cell\""), 9);
    char tip[64];
    snprintf(tip, sizeof tip, "<title>KOR -&gt; PRK: %g</title>",
             deeds_cameo_lookup("057")->goldstein);
    assert_non_null(strstr(svg, tip));
    assert_non_null(strstr(svg, "<title>PRK -&gt; KOR: 0</title>"));
    free(svg);
}

/* The alignment rows, top to bottom, as "A B C ". */
static void row_labels(const char *svg, char *out, size_t cap)
{
    const char *mark = "text-anchor=\"end\" font-weight=\"bold\">";
    out[0] = '\0';
    for (const char *p = strstr(svg, mark); p; p = strstr(p + 1, mark)) {
        const char *v = p + strlen(mark);
        size_t n = strcspn(v, "<");
        if (strlen(out) + n + 2 < cap) {
            strncat(out, v, n);
            strcat(out, " ");
        }
    }
}

static double goldstein(const char *code) { return deeds_cameo_lookup(code)->goldstein; }

static void test_alignment_blocs(void **state)
{
    (void)state;
    /* USA and PRK exchange more warmth than hostility in the data, KOR and
     * CHN never deal with USA: PRK comes next to USA, then the others in
     * the order given. */
    double usa_prk = goldstein("036") + goldstein("057") + goldstein("081")
                   + goldstein("051") + goldstein("163") + goldstein("111");
    assert_true(usa_prk > 0);
    const char *const order[] = { "USA", "KOR", "CHN", "PRK" };
    deeds_report_query q = year_2018();
    q.actors = order;
    char *svg = chart(&q, DEEDS_REPORT_ALIGNMENT, 0, NULL);
    char rows[64];
    row_labels(svg, rows, sizeof rows);
    assert_string_equal(rows, "USA PRK KOR CHN ");
    free(svg);
}

static void test_png_chart_size(void **state)
{
    (void)state;
    const char *const dyads[] = { "USA:PRK" };
    deeds_report_query q = year_2018();
    q.dyads = dyads;
    q.ndyads = 1;
    q.width = 500;
    q.height = 250;
    size_t len;
    char *png = chart(&q, DEEDS_REPORT_TIMELINE, 1, &len);
    assert_true(len > 24);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    const unsigned char *ihdr = (const unsigned char *)png + 16;
    assert_int_equal((ihdr[0] << 24) | (ihdr[1] << 16) | (ihdr[2] << 8) | ihdr[3], 500);
    assert_int_equal((ihdr[4] << 24) | (ihdr[5] << 16) | (ihdr[6] << 8) | ihdr[7], 250);
    free(png);
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";   /* kept by fontconfig until exit */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sections_per_dyad),
        cmocka_unit_test(test_sentences_escaped),
        cmocka_unit_test(test_nothing_fetched),
        cmocka_unit_test(test_dyads_asked_and_empty_period),
        cmocka_unit_test(test_bad_dyad),
        cmocka_unit_test(test_timeline_chart),
        cmocka_unit_test(test_gap_chart),
        cmocka_unit_test(test_alignment_chart),
        cmocka_unit_test(test_alignment_blocs),
        cmocka_unit_test(test_png_chart_size),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
