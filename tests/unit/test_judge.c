/* test_judge.c: the judgement of a dyad on a hand-made store whose every
 * number is worked out below by hand, under each way of counting. */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

/* One event line as `deeds code` writes it. */
static void line(deeds_ingest *g, const char *doc, int sent, const char *date,
                 const char *src, const char *tgt, const char *code, const char *mode,
                 const char *publication, const char *sentence)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf,
        "{\"doc\": \"%s\", \"sent\": %d, \"date\": \"%s\", \"source\": \"%s\", "
        "\"target\": \"%s\", \"code\": \"%s\", \"mode\": \"%s\", \"source_text\": \"x\", "
        "\"target_text\": \"y\", \"verb_text\": \"z\", \"sentence\": \"%s\", "
        "\"publication\": \"%s\"}",
        doc, sent, date, src, tgt, code, mode, sentence, publication);
    static long lineno;
    assert_int_equal(deeds_ingest_line(g, buf, (size_t)n, "judge.jsonl", ++lineno), 0);
}

/*
 * USA -> PRK in 2018 (GDELT quad classes; Goldstein from the CAMEO table):
 *   02-01 138 threaten force          verbal conflict   (never carried out)
 *   04-01 036 promise to meet         verbal coop       (kept 06-12, 72 days)
 *   06-12 043 summit, in two articles of two outlets: 1 event, 2 reports
 *   07-01 051 praise                  verbal coop
 *   08-01 1312 threaten sanctions     verbal conflict   (carried out 09-15, 45 days)
 *   09-15 163 sanctions               material conflict
 *   10-01 073 humanitarian aid        material coop
 *   11-01 190 attack, hypothetical    not counted
 *   12-20 036 promise to meet         verbal coop       (kept 2019-02-27, 69 days)
 * and outside the dyad or the period: PRK -> USA 043 on 06-12, USA -> PRK 043
 * on 2019-02-27.
 */
static deeds_store *korea_store(char *path)
{
    strcpy(path, "/tmp/deeds-judge-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    TESTUTIL_QUIET_DIAG(diag, log);
    deeds_store *s = deeds_store_open(path, 1, &diag);
    assert_non_null(s);
    deeds_ingest *g = deeds_ingest_begin(s, 0, &diag);
    assert_non_null(g);
    line(g, "a1", 0, "2018-02-01", "USAGOV", "PRKGOV", "138", "asserted", "Wire", "Fire and fury.");
    line(g, "a2", 0, "2018-04-01", "USAGOV", "PRKGOV", "036", "asserted", "Wire", "He will meet Kim.");
    line(g, "a3", 0, "2018-06-12", "USAGOV", "PRKGOV", "043", "asserted", "Wire", "Trump met Kim.");
    line(g, "a3", 0, "2018-06-12", "PRKGOV", "USAGOV", "043", "asserted", "Wire", "Trump met Kim.");
    line(g, "a4", 2, "2018-06-12", "USAGOV", "PRKGOV", "043", "asserted", "Daily", "The leaders met.");
    line(g, "a5", 0, "2018-07-01", "USAGOV", "PRKGOV", "051", "asserted", "Wire", "Praise.");
    line(g, "a6", 0, "2018-08-01", "USAGOV", "PRK", "1312", "asserted", "Wire", "Sanctions loom.");
    line(g, "a7", 1, "2018-09-15", "USAGOV", "PRK", "163", "asserted", "Wire", "Sanctions imposed.");
    line(g, "a8", 0, "2018-10-01", "USA", "PRK", "073", "asserted", "Wire", "Food aid sent.");
    line(g, "a9", 0, "2018-11-01", "USAMIL", "PRKMIL", "190", "hypothetical", "Wire", "Strikes could follow.");
    line(g, "b1", 0, "2018-12-20", "USAGOV", "PRKGOV", "036", "asserted", "Wire", "A second summit, he said.");
    line(g, "b2", 0, "2019-02-27", "USAGOV", "PRKGOV", "043", "asserted", "Wire", "Hanoi summit opens.");
    deeds_ingest_stats st;
    assert_int_equal(deeds_ingest_end(g, &st), 0);
    assert_int_equal(st.reports_new, 12);
    assert_int_equal(deeds_diag_skipped_total(&diag), 0);
    deeds_buf_free(&log);
    return s;
}

static deeds_judgement judge_2018(deeds_store *s, deeds_count count, int window)
{
    deeds_judge_query q = {
        .source = "USA", .target = "PRK", .from = 20180101, .to = 20181231,
        .by = DEEDS_BY_QUARTER, .count = count, .window = window,
    };
    deeds_judgement j;
    TESTUTIL_QUIET_DIAG(diag, log);
    assert_int_equal(deeds_judge(s, &q, &j, &diag), 0);
    deeds_buf_free(&log);
    return j;
}

static void test_balance_counting_events(void **state)
{
    (void)state;
    char path[64];
    deeds_store *s = korea_store(path);
    deeds_judgement j = judge_2018(s, DEEDS_COUNT_EVENTS, 0);
    /* verbal coop: 036, 043 (one event), 051, 036; conflict: 138, 1312 */
    assert_true(j.verbal_coop == 4 && j.verbal_conflict == 2);
    assert_true(j.material_coop == 1 && j.material_conflict == 1);
    assert_true(fabs(j.rhetoric - 2.0 / 6) < 1e-9);
    assert_true(fabs(j.results - 0.0) < 1e-9);
    assert_true(fabs(j.gap - 2.0 / 6) < 1e-9);
    assert_int_equal(j.nseries, 4);   /* four quarters, none missing */
    assert_int_equal(j.series[0].period, 20180101);
    assert_int_equal(j.series[3].period, 20181001);
    /* Q3 has verbal (051 coop, 1312 conflict) and material (163 conflict):
     * rhetoric 0, results -1, gap +1; Q4 verbal 036, material 073: gap 0.
     * Q1 and Q2 have no material events, so the trend joins Q3 and Q4:
     * slope -1 a period. */
    assert_true(fabs(j.gap_trend - -1.0) < 1e-9);
    assert_non_null(strstr(j.verdict, "counting events"));
    assert_non_null(strstr(j.verdict, "Words were warmer than deeds"));
    deeds_judgement_free(&j);
    deeds_store_close(s);
    unlink(path);
}

static void test_balance_counting_reports(void **state)
{
    (void)state;
    char path[64];
    deeds_store *s = korea_store(path);
    deeds_judgement j = judge_2018(s, DEEDS_COUNT_REPORTS, 0);
    /* the summit's two reports count twice */
    assert_true(j.verbal_coop == 5 && j.verbal_conflict == 2);
    assert_true(fabs(j.rhetoric - 3.0 / 7) < 1e-9);
    assert_non_null(strstr(j.verdict, "counting reports"));
    deeds_judgement_free(&j);
    deeds_store_close(s);
    unlink(path);
}

static void test_follow_through(void **state)
{
    (void)state;
    char path[64];
    deeds_store *s = korea_store(path);
    deeds_judgement j = judge_2018(s, DEEDS_COUNT_EVENTS, 0);
    assert_int_equal(j.npromises, 2);
    assert_int_equal(j.promises_kept, 2);
    assert_int_equal(j.promises[0].said.date, 20180401);
    assert_int_equal(j.promises[0].days, 72);
    assert_string_equal(j.promises[0].did.code, "043");
    assert_string_equal(j.promises[0].did.sentence, "Trump met Kim.");
    /* kept after the period ends: acts are looked for a window past --to */
    assert_int_equal(j.promises[1].did.date, 20190227);
    assert_int_equal(j.promises[1].days, 69);
    assert_int_equal(j.nthreats, 2);
    assert_int_equal(j.threats_carried, 1);
    assert_string_equal(j.threats[0].said.code, "138");
    assert_int_equal(j.threats[0].done, 0);
    assert_string_equal(j.threats[1].did.code, "163");
    assert_int_equal(j.threats[1].days, 45);
    assert_non_null(strstr(j.verdict, "Of 2 promises and offers, 2 (100%)"));
    assert_non_null(strstr(j.verdict, "Of 2 threats, 1 (50%)"));
    deeds_judgement_free(&j);
    /* a 60-day window keeps neither promise (72 and 69 days) but still the
     * sanctions threat (45 days) */
    j = judge_2018(s, DEEDS_COUNT_EVENTS, 60);
    assert_int_equal(j.promises_kept, 0);
    assert_int_equal(j.threats_carried, 1);
    deeds_judgement_free(&j);
    deeds_store_close(s);
    unlink(path);
}

static void test_key_events(void **state)
{
    (void)state;
    char path[64];
    deeds_store *s = korea_store(path);
    deeds_judgement j = judge_2018(s, DEEDS_COUNT_EVENTS, 0);
    /* |Goldstein| x reports: 163 8.0, 073 7.4, 138 7.0, 1312 5.8,
     * 043 2.8 x 2 = 5.6, 036 4.0 (twice), 051 3.4; the hypothetical 190 and
     * the 2019 summit are not in the period's balance */
    assert_int_equal(j.nkey, 8);
    const char *order[] = { "163", "073", "138", "1312", "043", "036", "036", "051" };
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(j.key[i].code, order[i]);
    assert_int_equal(j.key[4].num_mentions, 2);
    assert_int_equal(j.key[5].date, 20180401);   /* ties: the earlier first */
    deeds_judgement_free(&j);
    deeds_judge_query q = { .source = "USA", .target = "PRK", .from = 20180101,
                            .to = 20181231, .top = 3 };
    TESTUTIL_QUIET_DIAG(diag, log);
    assert_int_equal(deeds_judge(s, &q, &j, &diag), 0);
    assert_int_equal(j.nkey, 3);
    deeds_judgement_free(&j);
    deeds_buf_free(&log);
    deeds_store_close(s);
    unlink(path);
}

static void test_empty_and_one_sided(void **state)
{
    (void)state;
    char path[64];
    deeds_store *s = korea_store(path);
    TESTUTIL_QUIET_DIAG(diag, log);
    deeds_judgement j;
    /* nobody in the store acts towards Japan */
    deeds_judge_query q = { .source = "USA", .target = "JPN", .from = 20180101,
                            .to = 20181231, .by = DEEDS_BY_MONTH };
    assert_int_equal(deeds_judge(s, &q, &j, &diag), 0);
    assert_int_equal(j.nseries, 12);
    assert_true(j.verbal_coop + j.verbal_conflict + j.material_coop + j.material_conflict == 0);
    assert_int_equal(j.npromises + j.nthreats + j.nkey, 0);
    assert_non_null(strstr(j.verdict, "Nothing to judge"));
    deeds_judgement_free(&j);
    /* PRK -> USA: the summit only, words without deeds */
    q.source = "PRK";
    q.target = "USA";
    assert_int_equal(deeds_judge(s, &q, &j, &diag), 0);
    assert_true(j.verbal_coop == 1 && j.material_coop + j.material_conflict == 0);
    assert_non_null(strstr(j.verdict, "Words only"));
    deeds_judgement_free(&j);
    deeds_buf_free(&log);
    deeds_store_close(s);
    unlink(path);
}

static void test_alignment(void **state)
{
    (void)state;
    char path[64];
    deeds_store *s = korea_store(path);
    TESTUTIL_QUIET_DIAG(diag, log);
    const char *actors[] = { "USA", "PRK", "JPN" };
    double m[9];
    assert_int_equal(deeds_alignment(s, actors, 3, 20180101, 20181231,
                                     DEEDS_COUNT_EVENTS, m, &diag), 0);
    /* USA -> PRK: -7.0 + 4.0 + 2.8 + 3.4 - 5.8 - 8.0 + 7.4 + 4.0 = 0.8 */
    assert_true(fabs(m[0 * 3 + 1] - 0.8) < 1e-9);
    assert_true(fabs(m[1 * 3 + 0] - 2.8) < 1e-9);   /* PRK -> USA: the summit */
    assert_true(m[0] == 0 && m[4] == 0 && m[8] == 0);
    assert_true(m[0 * 3 + 2] == 0 && m[2 * 3 + 0] == 0);
    /* counting reports, the summit weighs twice */
    assert_int_equal(deeds_alignment(s, actors, 3, 20180101, 20181231,
                                     DEEDS_COUNT_REPORTS, m, &diag), 0);
    assert_true(fabs(m[0 * 3 + 1] - 3.6) < 1e-9);
    deeds_buf_free(&log);
    deeds_store_close(s);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_balance_counting_events),
        cmocka_unit_test(test_balance_counting_reports),
        cmocka_unit_test(test_follow_through),
        cmocka_unit_test(test_key_events),
        cmocka_unit_test(test_empty_and_one_sided),
        cmocka_unit_test(test_alignment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
