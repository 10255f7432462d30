/* test_validate.c: scoring events against gold entries (with hand-made
 * events), and deeds_validate_gold end to end on a small gold file. */
#include "testutil.h"
#include "validate.h"

#include <unistd.h>

static deeds_event event(const char *src, const char *tgt, const char *code,
                         deeds_mode mode)
{
    deeds_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.source, sizeof ev.source, "%s", src);
    snprintf(ev.target, sizeof ev.target, "%s", tgt);
    snprintf(ev.code, sizeof ev.code, "%s", code);
    ev.mode = mode;
    ev.doc = "doc";
    return ev;
}

static const char *usa[] = { "USA" };
static const char *prk[] = { "PRK" };
static const char *usa_or_kor[] = { "USA", "KOR" };
static const char *r03[] = { "03" };
static const char *r08[] = { "08" };
static const char *r03_04[] = { "03", "04" };
static const char *c036[] = { "036" };

static void test_filter_prefixes(void **state)
{
    (void)state;
    gold_filter f = { .src = usa, .n_src = 1, .tgt = prk, .n_tgt = 1,
                      .root = r03, .n_root = 1 };
    deeds_event ev = event("USAGOV", "PRKMIL", "036", DEEDS_MODE_ASSERTED);
    assert_true(gold_filter_matches(&f, &ev));
    ev = event("US", "PRK", "036", DEEDS_MODE_ASSERTED);   /* shorter than the prefix */
    assert_false(gold_filter_matches(&f, &ev));
    ev = event("USA", "PRK", "040", DEEDS_MODE_ASSERTED);
    assert_false(gold_filter_matches(&f, &ev));
    ev = event("USA", "", "036", DEEDS_MODE_ASSERTED);      /* unknown target */
    assert_false(gold_filter_matches(&f, &ev));
    ev = event("KORGOV", "PRK", "03", DEEDS_MODE_ASSERTED);
    assert_false(gold_filter_matches(&f, &ev));
    f.src = usa_or_kor;
    f.n_src = 2;
    assert_true(gold_filter_matches(&f, &ev));
}

static void test_filter_missing_keys_match_anything(void **state)
{
    (void)state;
    gold_filter any = { 0 };
    deeds_event ev = event("", "", "190", DEEDS_MODE_ASSERTED);
    assert_true(gold_filter_matches(&any, &ev));
    gold_filter code = { .root = c036, .n_root = 1 };
    ev = event("X", "Y", "0361", DEEDS_MODE_ASSERTED);
    assert_true(gold_filter_matches(&code, &ev));
    ev = event("X", "Y", "037", DEEDS_MODE_ASSERTED);
    assert_false(gold_filter_matches(&code, &ev));
}

static void test_score_pass_and_fail(void **state)
{
    (void)state;
    gold_filter expect = { .src = usa, .n_src = 1, .tgt = prk, .n_tgt = 1,
                           .root = r03, .n_root = 1 };
    gold_filter forbid = { .src = usa, .n_src = 1, .root = r08, .n_root = 1 };
    gold_record g = { &expect, 1, &forbid, 1 };
    gold_tally t = { 0 };
    int eh[1], fh[1];

    /* the expected event, after an unrelated one */
    deeds_event evs[3] = {
        event("CHN", "RUS", "042", DEEDS_MODE_ASSERTED),
        event("USAGOV", "PRK", "036", DEEDS_MODE_ASSERTED),
    };
    assert_true(gold_score(&g, evs, 2, eh, fh, &t));
    assert_int_equal(eh[0], 1);
    assert_int_equal(fh[0], -1);

    /* a forbidden event fails the record even with the expectation met */
    evs[2] = event("USA", "PRK", "081", DEEDS_MODE_ASSERTED);
    assert_false(gold_score(&g, evs, 3, eh, fh, &t));
    assert_int_equal(fh[0], 2);

    /* negated and hypothetical events neither satisfy nor violate */
    deeds_event talk[2] = {
        event("USA", "PRK", "036", DEEDS_MODE_NEGATED),
        event("USA", "PRK", "081", DEEDS_MODE_HYPOTHETICAL),
    };
    assert_false(gold_score(&g, talk, 2, eh, fh, &t));
    assert_int_equal(eh[0], -1);
    assert_int_equal(fh[0], -1);

    /* no events at all */
    assert_false(gold_score(&g, NULL, 0, eh, fh, &t));

    assert_int_equal(t.records, 4);
    assert_int_equal(t.passed, 1);
    assert_int_equal(t.forbidden, 1);
}

static void test_score_record_without_entries_passes(void **state)
{
    (void)state;
    gold_record g = { 0 };
    gold_tally t = { 0 };
    deeds_event ev = event("USA", "PRK", "036", DEEDS_MODE_ASSERTED);
    assert_true(gold_score(&g, &ev, 1, NULL, NULL, &t));
    assert_int_equal(t.extra, 1);  /* but its event is extra */
}

/* Per-root counts: docs/validate.md defines them. */
static void test_tally_precision_recall(void **state)
{
    (void)state;
    gold_tally t = { 0 };
    int eh[2], fh[1];

    /* record 1: expects USA->PRK 03 and KOR 03|04; produces one right 03,
     * one 04 from KOR (matches entry 2), one extra 19, one negated 03 */
    gold_filter e1[2] = {
        { .src = usa, .n_src = 1, .tgt = prk, .n_tgt = 1, .root = r03, .n_root = 1 },
        { .src = usa_or_kor + 1, .n_src = 1, .root = r03_04, .n_root = 2 },
    };
    gold_record g1 = { e1, 2, NULL, 0 };
    deeds_event ev1[4] = {
        event("USA", "PRK", "036", DEEDS_MODE_ASSERTED),
        event("KORGOV", "JPN", "040", DEEDS_MODE_ASSERTED),
        event("USA", "PRK", "190", DEEDS_MODE_ASSERTED),
        event("USA", "PRK", "030", DEEDS_MODE_NEGATED),
    };
    assert_true(gold_score(&g1, ev1, 4, eh, fh, &t));

    /* record 2: expects USA 03, produces a USA 03 aimed at the wrong target
     * (still matches: no tgt key) and nothing else */
    gold_filter e2 = { .src = usa, .n_src = 1, .root = r03, .n_root = 1 };
    gold_record g2 = { &e2, 1, NULL, 0 };
    deeds_event ev2 = event("USA", "CHN", "031", DEEDS_MODE_ASSERTED);
    assert_true(gold_score(&g2, &ev2, 1, eh, fh, &t));

    /* record 3: expects USA->PRK 03, gets nothing */
    gold_record g3 = { e1, 1, NULL, 0 };
    assert_false(gold_score(&g3, NULL, 0, eh, fh, &t));

    /* root 03: named by 4 entries (e1[0] twice, e1[1], e2), 3 matched */
    assert_int_equal(t.expected[3], 4);
    assert_int_equal(t.recalled[3], 3);
    /* root 04: named by e1[1] once, matched */
    assert_int_equal(t.expected[4], 1);
    assert_int_equal(t.recalled[4], 1);
    /* asserted events: 03 x2 (both correct), 04 x1 (correct), 19 x1 (extra) */
    assert_int_equal(t.events[3], 2);
    assert_int_equal(t.correct[3], 2);
    assert_int_equal(t.events[4], 1);
    assert_int_equal(t.correct[4], 1);
    assert_int_equal(t.events[19], 1);
    assert_int_equal(t.correct[19], 0);
    assert_int_equal(t.events_total, 4);
    assert_int_equal(t.extra, 1);
    assert_int_equal(t.expect_total, 4);
    assert_int_equal(t.expect_matched, 3);
    assert_int_equal(t.records, 3);
    assert_int_equal(t.passed, 2);

    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    gold_tally_print(&t, out);
    fclose(out);
    if (!strstr(text, "pass 2/3 (66.7%)\n") ||
        !strstr(text, "\n03           4        3    75.0%        2        2     100.0%\n") ||
        !strstr(text, "\n19           0        0        -        1        0       0.0%\n") ||
        !strstr(text, "\nall          4        3    75.0%        4        3      75.0%\n") ||
        !strstr(text, "extra events (asserted, matching no expect entry): 1\n"))
        fail_msg("unexpected report:\n%s", text);
    free(text);
}

/* ------------------------------------------------------------ end to end */

/* Codes with the built-in dictionaries.  The assertions hold whatever the
 * coder finds: a record with no entries always passes, one expecting an
 * actor code no dictionary has ("ZZZ") always fails, broken ones are
 * skipped. */
static void test_validate_gold_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/deeds-gold-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/gold.jsonl", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"id\": \"free\", \"date\": \"2024-01-05\", \"text\": \"The weather was mild.\"}\n"
          "{\"id\": \"zzz\", \"date\": \"2024-01-05\", \"text\": \"The weather was mild.\", "
          "\"expect\": [{\"src\": [\"ZZZ\"], \"root\": [\"20\"]}]}\n"
          "{\"id\": \"badkey\", \"date\": \"2024-01-05\", \"text\": \"x\", "
          "\"expect\": [{\"source\": [\"USA\"]}]}\n"
          "{\"id\": \"badroot\", \"date\": \"2024-01-05\", \"text\": \"x\", "
          "\"forbid\": [{\"root\": [\"verbal\"]}]}\n"
          "{\"id\": \"emptylist\", \"date\": \"2024-01-05\", \"text\": \"x\", "
          "\"expect\": [{\"src\": []}]}\n"
          "{\"id\": \"notarray\", \"date\": \"2024-01-05\", \"text\": \"x\", \"expect\": {}}\n"
          "not json at all\n", f);
    fclose(f);

    TESTUTIL_QUIET_DIAG(diag, messages);
    deeds_dict *dict = deeds_dict_load(NULL, &diag);
    assert_non_null(dict);
    deeds_coder_options opt = { 0 };
    deeds_coder *coder = deeds_coder_new(dict, &opt);
    assert_non_null(coder);
    unsigned long skipped_before = diag.skipped[DEEDS_SKIP_BAD_JSON];

    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    int passed = -1, total = -1;
    assert_int_equal(deeds_validate_gold(coder, path, 1, out, &diag, &passed, &total), 0);
    fclose(out);
    assert_int_equal(passed, 1);
    assert_int_equal(total, 2);
    assert_int_equal(diag.skipped[DEEDS_SKIP_BAD_JSON] - skipped_before, 5);
    assert_non_null(strstr(text, "pass 1/2 (50.0%)"));
    assert_non_null(strstr(text, "FAIL zzz (" ));
    assert_non_null(strstr(text, "  expect src=ZZZ tgt=* root=20: MISSING\n"));
    assert_null(strstr(text, "FAIL free"));
    assert_non_null(strstr(messages.data, "gold.jsonl:3: skipped: gold record \"badkey\": expect entry 1: "
                                          "unknown key \"source\" (use src, tgt, root)"));
    assert_non_null(strstr(messages.data, "gold.jsonl:4: skipped: gold record \"badroot\": forbid entry 1: "
                                          "\"root\" must hold CAMEO codes"));
    assert_non_null(strstr(messages.data, "gold.jsonl:5: skipped: gold record \"emptylist\": expect entry 1: "
                                          "\"src\" must be a non-empty array"));
    assert_non_null(strstr(messages.data, "gold.jsonl:6: skipped: gold record \"notarray\": \"expect\" must be an array"));
    free(text);

    /* a gold file that is not there */
    out = open_memstream(&text, &size);
    assert_int_equal(deeds_validate_gold(coder, "/nonexistent/gold.jsonl", 0, out, &diag,
                                         &passed, &total), -1);
    fclose(out);
    free(text);

    deeds_coder_free(coder);
    deeds_dict_free(dict);
    deeds_buf_free(&messages);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter_prefixes),
        cmocka_unit_test(test_filter_missing_keys_match_anything),
        cmocka_unit_test(test_score_pass_and_fail),
        cmocka_unit_test(test_score_record_without_entries_passes),
        cmocka_unit_test(test_tally_precision_recall),
        cmocka_unit_test(test_validate_gold_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
