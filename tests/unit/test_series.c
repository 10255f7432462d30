/* test_series.c: periods (ISO weeks from Monday, quarters, year ends) and
 * per-dyad series on a hand-made store whose sums are worked out by hand in
 * the comments. */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

static char dir[64];
static char path[128];

static void test_period_starts(void **state)
{
    (void)state;
    /* 2018-01-01 was a Monday; 2018-01-07 a Sunday. */
    assert_int_equal(deeds_period_start(DEEDS_BY_WEEK, 20180107), 20180101);
    assert_int_equal(deeds_period_start(DEEDS_BY_WEEK, 20180108), 20180108);
    assert_int_equal(deeds_period_start(DEEDS_BY_WEEK, 20180101), 20180101);
    /* The ISO week across a year end: Thursday 2020-12-31 and Sunday
     * 2021-01-03 share the week from Monday 2020-12-28. */
    assert_int_equal(deeds_period_start(DEEDS_BY_WEEK, 20201231), 20201228);
    assert_int_equal(deeds_period_start(DEEDS_BY_WEEK, 20210103), 20201228);
    /* Before 1970 too (1969-12-31 was a Wednesday). */
    assert_int_equal(deeds_period_start(DEEDS_BY_WEEK, 19691231), 19691229);
    assert_int_equal(deeds_period_start(DEEDS_BY_MONTH, 20180531), 20180501);
    assert_int_equal(deeds_period_start(DEEDS_BY_QUARTER, 20180515), 20180401);
    assert_int_equal(deeds_period_start(DEEDS_BY_QUARTER, 20181231), 20181001);
    assert_int_equal(deeds_period_start(DEEDS_BY_YEAR, 20180515), 20180101);
    assert_int_equal(deeds_period_start(DEEDS_BY_DAY, 20180515), 20180515);
    assert_int_equal(deeds_period_next(DEEDS_BY_DAY, 20181231), 20190101);
    assert_int_equal(deeds_period_next(DEEDS_BY_DAY, 20200228), 20200229);
    assert_int_equal(deeds_period_next(DEEDS_BY_WEEK, 20201228), 20210104);
    assert_int_equal(deeds_period_next(DEEDS_BY_MONTH, 20181201), 20190101);
    assert_int_equal(deeds_period_next(DEEDS_BY_QUARTER, 20181001), 20190101);
    assert_int_equal(deeds_period_next(DEEDS_BY_QUARTER, 20180401), 20180701);
    assert_int_equal(deeds_period_next(DEEDS_BY_YEAR, 20180101), 20190101);
    assert_int_equal(deeds_period_parse("quarter"), DEEDS_BY_QUARTER);
    assert_int_equal(deeds_period_parse("fortnight"), -1);
}

static void line(deeds_buf *b, const char *doc, int sent, const char *date,
                 const char *src, const char *tgt, const char *code, const char *mode)
{
    deeds_buf_printf(b, "{\"doc\": \"%s\", \"sent\": %d, \"date\": \"%s\", "
                     "\"source\": \"%s\", \"target\": \"%s\", \"code\": \"%s\", "
                     "\"mode\": \"%s\", \"sentence\": \"S %s %d.\", \"publication\": \"P\"}\n",
                     doc, sent, date, src, tgt, code, mode, doc, sent);
}

/* The set, USA towards PRK unless said:
 *   2018-01-31 a1: 036 (+4.0, verbal coop), twice in two sentences
 *   2018-01-31 a2: 036 again (same day: one-a-day and events merge)
 *   2018-02-01 a3: 090 (-2.0; GDELT material coop, ICEWS verbal conflict)
 *   2018-02-05 a4: 190 (-10.0, material conflict) negated: never counted
 *   2018-04-02 a5: 138 (-7.0, verbal conflict)
 *   2018-04-02 a6: PRK towards USA 057 (+8.0): only in the other dyad
 *   March: nothing. */
static deeds_store *sample_store(deeds_diag *diag)
{
    strcpy(dir, "/tmp/deeds-series-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/s.db", dir);
    deeds_store *s = deeds_store_open(path, 1, diag);
    assert_non_null(s);
    deeds_buf b = { 0 };
    line(&b, "a1", 0, "2018-01-31", "USAGOV", "PRKGOV", "036", "asserted");
    line(&b, "a1", 1, "2018-01-31", "USAGOV", "PRKGOV", "036", "asserted");
    line(&b, "a2", 0, "2018-01-31", "USAGOV", "PRKGOV", "036", "asserted");
    line(&b, "a3", 0, "2018-02-01", "USAGOV", "PRKGOV", "090", "asserted");
    line(&b, "a4", 0, "2018-02-05", "USAGOV", "PRKGOV", "190", "negated");
    line(&b, "a5", 0, "2018-04-02", "USA", "PRK", "138", "asserted");
    line(&b, "a6", 0, "2018-04-02", "PRK", "USA", "057", "asserted");
    deeds_ingest *g = deeds_ingest_begin(s, 0, diag);
    long n = 0;
    for (char *p = b.data; *p;) {
        char *end = strchr(p, '\n');
        assert_int_equal(deeds_ingest_line(g, p, (size_t)(end - p), "s.jsonl", ++n), 0);
        p = end + 1;
    }
    assert_int_equal(deeds_ingest_end(g, NULL), 0);
    deeds_buf_free(&b);
    return s;
}

static void remove_store(deeds_store *s)
{
    deeds_store_close(s);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static deeds_series_row *run(deeds_store *s, deeds_series_query q, size_t *n, deeds_diag *diag)
{
    deeds_series_row *rows = NULL;
    assert_int_equal(deeds_series(s, &q, &rows, n, diag), 0);
    return rows;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static void test_month_series_each_count(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = sample_store(&diag);
    size_t n;
    deeds_series_query q = { .source = "USA", .target = "PRK", .by = DEEDS_BY_MONTH,
                             .count = DEEDS_COUNT_REPORTS };
    deeds_series_row *r = run(s, q, &n, &diag);
    /* From the store's first date (Jan 31) to its last (Apr 2). */
    assert_int_equal(n, 4);
    assert_int_equal(r[0].period, 20180101);
    assert_int_equal(r[2].period, 20180301);
    NEAR(r[0].events, 3);
    NEAR(r[0].quad[1], 3);
    NEAR(r[0].root[3], 3);
    NEAR(r[0].goldstein_sum, 12.0);
    NEAR(r[0].goldstein_coop, 12.0);
    NEAR(r[0].goldstein_mean, 4.0);
    NEAR(r[1].events, 1);             /* the negated 190 is left out */
    NEAR(r[1].quad[2], 1);            /* 090 is material coop under GDELT */
    NEAR(r[1].goldstein_conflict, -2.0);
    NEAR(r[2].events, 0);             /* empty March, with zeros */
    NEAR(r[2].goldstein_mean, 0);
    NEAR(r[2].volume, 0);
    NEAR(r[3].events, 1);
    NEAR(r[3].quad[3], 1);
    NEAR(r[3].goldstein_sum, -7.0);
    NEAR(r[3].volume, 2);             /* both April reports, either dyad */
    free(r);

    q.count = DEEDS_COUNT_ONE_A_DAY;
    r = run(s, q, &n, &diag);
    NEAR(r[0].events, 1);
    NEAR(r[0].goldstein_sum, 4.0);
    free(r);
    q.count = DEEDS_COUNT_EVENTS;
    r = run(s, q, &n, &diag);
    NEAR(r[0].events, 1);
    NEAR(r[1].events, 1);
    NEAR(r[0].volume, 1);
    free(r);

    /* ICEWS puts 09 with verbal conflict. */
    q.quad = DEEDS_QUAD_ICEWS;
    r = run(s, q, &n, &diag);
    NEAR(r[1].quad[2], 0);
    NEAR(r[1].quad[3], 1);
    free(r);
    remove_store(s);
    deeds_buf_free(&msgs);
}

static void test_one_sided_and_boundaries(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_store *s = sample_store(&diag);
    size_t n;
    /* The other direction holds only the April 057. */
    deeds_series_query q = { .source = "PRK", .target = "USA", .by = DEEDS_BY_QUARTER,
                             .count = DEEDS_COUNT_REPORTS, .from = 20180101, .to = 20181231 };
    deeds_series_row *r = run(s, q, &n, &diag);
    assert_int_equal(n, 4);
    NEAR(r[0].events, 0);
    NEAR(r[1].events, 1);
    NEAR(r[1].goldstein_sum, 8.0);
    NEAR(r[3].events, 0);
    free(r);
    /* Jan 31 (Wednesday) and Feb 1 (Thursday) share an ISO week. */
    q = (deeds_series_query){ .source = "USA", .target = "PRK", .by = DEEDS_BY_WEEK,
                              .count = DEEDS_COUNT_REPORTS, .from = 20180131, .to = 20180204 };
    r = run(s, q, &n, &diag);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].period, 20180129);
    NEAR(r[0].events, 4);
    free(r);
    /* USA against everyone. */
    q = (deeds_series_query){ .source = "USA", .by = DEEDS_BY_YEAR, .count = DEEDS_COUNT_REPORTS };
    r = run(s, q, &n, &diag);
    assert_int_equal(n, 1);
    NEAR(r[0].events, 5);
    NEAR(r[0].volume, 6);
    free(r);
    /* Normalised: shares of the period's volume; means unchanged. */
    q = (deeds_series_query){ .source = "USA", .target = "PRK", .by = DEEDS_BY_YEAR,
                              .count = DEEDS_COUNT_REPORTS, .normalise = 1 };
    r = run(s, q, &n, &diag);
    NEAR(r[0].events, 5.0 / 6.0);
    NEAR(r[0].goldstein_sum, (12.0 - 2.0 - 7.0) / 6.0);
    NEAR(r[0].goldstein_mean, 3.0 / 5.0);
    free(r);
    /* A period with no data at all. */
    q = (deeds_series_query){ .source = "USA", .target = "PRK", .by = DEEDS_BY_MONTH,
                              .count = DEEDS_COUNT_EVENTS, .from = 20190101, .to = 20190331 };
    r = run(s, q, &n, &diag);
    assert_int_equal(n, 3);
    NEAR(r[0].events + r[1].events + r[2].events, 0);
    free(r);
    remove_store(s);
    deeds_buf_free(&msgs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_starts),
        cmocka_unit_test(test_month_series_each_count),
        cmocka_unit_test(test_one_sided_and_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
