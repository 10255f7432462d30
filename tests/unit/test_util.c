/* Unit tests for src/util.c: buffers, the JSON string writer, diagnostics, dates. */
#include "testutil.h"

static void test_buf_grows_and_terminates(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    for (int i = 0; i < 1000; i++)
        deeds_buf_puts(&b, "abc");
    assert_int_equal(b.len, 3000);
    assert_int_equal(b.data[3000], '\0');
    deeds_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    deeds_buf_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(b.data, "42-x");
    deeds_buf_free(&b);
    assert_null(b.data);
}

static void test_buf_printf_long(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    char big[1000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    deeds_buf_printf(&b, "<%s>", big);
    assert_int_equal(b.len, 1001);
    assert_int_equal(b.data[0], '<');
    assert_int_equal(b.data[1000], '>');
    deeds_buf_free(&b);
}

static void test_json_string_escapes(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    const char s[] = "say \"no\"\\\n\t\x01 Erdo\xc4\x9f" "an";
    deeds_buf_json_string(&b, s, sizeof s - 1);
    assert_string_equal(b.data, "\"say \\\"no\\\"\\\\\\n\\t\\u0001 Erdo\xc4\x9f" "an\"");
    deeds_buf_reset(&b);
    deeds_buf_json_string(&b, "", 0);
    assert_string_equal(b.data, "\"\"");
    deeds_buf_free(&b);
}

static void test_diag_counts_and_names(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(d, log);
    deeds_diag_skip(&d, "in.jsonl", 7, DEEDS_SKIP_BAD_JSON, "broken %s", "thing");
    deeds_diag_skip(&d, "in.jsonl", 9, DEEDS_SKIP_NO_TEXT, "no text");
    deeds_diag_warn(&d, "in.jsonl", 0, "just so");
    assert_int_equal(d.skipped[DEEDS_SKIP_BAD_JSON], 1);
    assert_int_equal(deeds_diag_skipped_total(&d), 2);
    assert_int_equal(d.warnings, 1);
    assert_non_null(strstr(log.data, "in.jsonl:7: skipped: broken thing"));
    assert_non_null(strstr(log.data, "in.jsonl:0: warning: just so"));
    assert_string_equal(deeds_skip_name(DEEDS_SKIP_TOO_LONG), "too_long");
    deeds_buf_free(&log);
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(deeds_date_parse("2019-06-29", 10), 20190629);
    assert_int_equal(deeds_date_parse("20190629", 8), 20190629);
    assert_int_equal(deeds_date_parse("2020-02-29", 10), 20200229);
    assert_int_equal(deeds_date_parse("2019-02-29", 10), 0);
    assert_int_equal(deeds_date_parse("1900-02-29", 10), 0);
    assert_int_equal(deeds_date_parse("2000-02-29", 10), 20000229);
    assert_int_equal(deeds_date_parse("2019-13-01", 10), 0);
    assert_int_equal(deeds_date_parse("2019-6-29", 9), 0);
    assert_int_equal(deeds_date_parse("2019/06/29", 10), 0);
    assert_int_equal(deeds_date_parse("", 0), 0);
    char out[11];
    deeds_date_format(20250124, out);
    assert_string_equal(out, "2025-01-24");
}

/* Day counts agree with known epochs, and the round trip holds for every
 * day from 1899 to 2101 (leap years 1900, 2000 and 2100 included). */
static void test_date_days(void **state)
{
    (void)state;
    assert_int_equal(deeds_date_days(19700101), 0);
    assert_int_equal(deeds_date_days(19691231), -1);
    assert_int_equal(deeds_date_days(20000301), 11017);
    assert_int_equal(deeds_date_days(20190227), 17954);
    assert_int_equal(deeds_date_days(20190301) - deeds_date_days(20190228), 1);
    assert_int_equal(deeds_date_days(20000301) - deeds_date_days(20000228), 2);
    assert_int_equal(deeds_date_days(19000301) - deeds_date_days(19000228), 1);
    long first = deeds_date_days(18990101), last = deeds_date_days(21011231);
    int32_t prev = 0;
    for (long d = first; d <= last; d++) {
        int32_t ymd = deeds_date_from_days(d);
        char s[11];
        deeds_date_format(ymd, s);
        assert_int_equal(deeds_date_parse(s, 10), ymd);   /* a real calendar date */
        assert_int_equal(deeds_date_days(ymd), d);
        assert_true(ymd > prev);
        prev = ymd;
    }
}

static void test_mode_names(void **state)
{
    (void)state;
    assert_string_equal(deeds_mode_name(DEEDS_MODE_ASSERTED), "asserted");
    assert_string_equal(deeds_mode_name(DEEDS_MODE_NEGATED), "negated");
    assert_string_equal(deeds_mode_name(DEEDS_MODE_HYPOTHETICAL), "hypothetical");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_grows_and_terminates),
        cmocka_unit_test(test_buf_printf_long),
        cmocka_unit_test(test_json_string_escapes),
        cmocka_unit_test(test_diag_counts_and_names),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_date_days),
        cmocka_unit_test(test_mode_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
