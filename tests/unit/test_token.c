/* test_token.c: the tokenizer: folding whole words, spans, the prefix set. */
#include "testutil.h"
#include "dict.h"
#include "token.h"

/* The fold deeds_fold gives the whole of s, for comparison. */
static char *fold_whole(const char *s)
{
    size_t n = deeds_fold(s, strlen(s), NULL, 0);
    char *out = malloc(n + 1);
    assert_non_null(out);
    assert_int_equal(deeds_fold(s, strlen(s), out, n + 1), n);
    return out;
}

static void test_combining_mark_folds_with_its_letter(void **state)
{
    (void)state;
    tokens t = { 0 };
    /* CYRILLIC I + COMBINING BREVE is SHORT I (U+0419), not I */
    const char *s = "\xD0\xB8\xCC\x86";
    tokenize(&t, s, strlen(s), 100);
    assert_int_equal(t.n, 1);
    assert_string_equal(tok_text(&t, 0), "\xD0\x99");
    char *want = fold_whole(s);
    assert_string_equal(tok_text(&t, 0), want);
    free(want);
    tokens_free(&t);
}

static void test_folding_that_lengthens_is_not_cut(void **state)
{
    (void)state;
    tokens t = { 0 };
    /* U+FDFA is 3 bytes and folds (NFKC) to 33: more than four times */
    const char *s = "a\xEF\xB7\xBA\xEF\xB7\xBA\xEF\xB7\xBA" "b c";
    char *want = fold_whole("a\xEF\xB7\xBA\xEF\xB7\xBA\xEF\xB7\xBA" "b");
    assert_true(strlen(want) > 4 * 11);
    tokenize(&t, s, strlen(s), 100);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.v[0].len, strlen(want));
    assert_string_equal(tok_text(&t, 0), want);
    assert_string_equal(tok_text(&t, 1), "C");
    assert_int_equal(t.v[1].start, strlen(s) - 1);
    free(want);
    tokens_free(&t);
}

/* A number after a lengthening fold, in words of every length: the digits
 * after the comma still have room (ASan checks the writes). */
static void test_number_after_long_fold(void **state)
{
    (void)state;
    tokens t = { 0 };
    deeds_buf s = { 0 }, want = { 0 };
    for (int k = 1; k <= 40; k++) {
        for (int r = 0; r < k; r++)
            deeds_buf_puts(&s, "\xEF\xB7\xBA");
        deeds_buf_puts(&s, "1,500 ");
    }
    tokenize(&t, s.data, s.len, 100);
    assert_int_equal(t.n, 40);
    for (int k = 1; k <= 40; k++) {
        deeds_buf_reset(&want);
        for (int r = 0; r < k; r++)
            deeds_buf_puts(&want, "\xEF\xB7\xBA");
        deeds_buf_puts(&want, "1");
        char *folded = fold_whole(want.data);
        deeds_buf_reset(&want);
        deeds_buf_puts(&want, folded);
        deeds_buf_puts(&want, "500");
        free(folded);
        assert_string_equal(tok_text(&t, (size_t)k - 1), want.data);
    }
    tokens_free(&t);
    deeds_buf_free(&s);
    deeds_buf_free(&want);
}

static void test_words_spans_and_numbers(void **state)
{
    (void)state;
    tokens t = { 0 };
    const char *s = "Gondor paid 1,500 talents; the U.N. said (nothing).";
    tokenize(&t, s, strlen(s), 100);
    const char *words[] = { "GONDOR", "PAID", "1500", "TALENTS", ";", "THE", "U.N.",
                            "SAID", "NOTHING" };
    assert_int_equal(t.n, 9);
    for (size_t i = 0; i < 9; i++)
        if (i != 4)
            assert_string_equal(tok_text(&t, i), words[i]);
    assert_true(t.v[4].flags & TOK_COMMA);
    assert_true(t.v[0].flags & TOK_CAP);
    assert_true(t.v[2].flags & TOK_NUMBER);
    assert_int_equal(t.v[2].end - t.v[2].start, 5);
    assert_memory_equal(s + t.v[6].start, "U.N.", 4);
    tokens_free(&t);
}

static int seen_word(const tokens *t, const char *w)
{
    uint32_t h = DICT_HASH_INIT;
    for (const char *c = w; *c; c++)
        h = dict_hash_step(h, (unsigned char)*c);
    return dict_seen(t->seen, dict_seen_bit(h));
}

static void test_prefix_set_follows_the_sentence(void **state)
{
    (void)state;
    tokens t = { 0 };
    tokenize(&t, "Arnor attacked Gondor", 21, 100);
    assert_true(seen_word(&t, "ATTACK"));
    assert_true(seen_word(&t, "ATTACKED"));
    assert_true(seen_word(&t, "G"));
    tokenize(&t, "Rohan sent envoys", 17, 100);
    assert_true(seen_word(&t, "ENVOY"));
    /* the previous sentence's bits are cleared: at most a chance
     * collision with one of this sentence's prefixes remains */
    int stale = 0;
    const char *old[] = { "ATTACK", "ATTACKED", "GONDOR", "ARNOR", "ARN" };
    for (size_t i = 0; i < 5; i++)
        stale += seen_word(&t, old[i]);
    assert_true(stale <= 1);
    tokens_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_combining_mark_folds_with_its_letter),
        cmocka_unit_test(test_folding_that_lengthens_is_not_cut),
        cmocka_unit_test(test_number_after_long_fold),
        cmocka_unit_test(test_words_spans_and_numbers),
        cmocka_unit_test(test_prefix_set_follows_the_sentence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
