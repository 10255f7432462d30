/* test_sentence.c: sentence splitting, folding and UTF-8 checks. */
#include "testutil.h"
#include "json.h"

/* Splits text and joins the sentences with " | ". */
static char *split_joined(const char *text)
{
    deeds_span *spans = NULL;
    size_t n = deeds_sentence_split(text, strlen(text), &spans);
    deeds_buf b = { 0 };
    deeds_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        assert_true(spans[i].start < spans[i].end);
        assert_true(spans[i].end <= strlen(text));
        if (i)
            assert_true(spans[i - 1].end <= spans[i].start);
        if (i)
            deeds_buf_puts(&b, " | ");
        deeds_buf_append(&b, text + spans[i].start, spans[i].end - spans[i].start);
    }
    free(spans);
    return b.data;
}

typedef struct split_case {
    const char *text, *want;
} split_case;

static const split_case split_cases[] = {
    /* plain ends */
    { "The talks began. They ended.", "The talks began. | They ended." },
    { "Why did it fail? Nobody knows! Talks resume.",
      "Why did it fail? | Nobody knows! | Talks resume." },
    { "It rose in 2019. 2020 was worse.", "It rose in 2019. | 2020 was worse." },
    /* titles never end a sentence */
    { "Gen. Smith met Lt. Jones.", "Gen. Smith met Lt. Jones." },
    { "Mr. and Mrs. Brown met Dr. Who.", "Mr. and Mrs. Brown met Dr. Who." },
    { "Sen. Warren and Rep. Cruz spoke.", "Sen. Warren and Rep. Cruz spoke." },
    { "Texas vs. Ohio ended 3-2.", "Texas vs. Ohio ended 3-2." },
    /* dotted abbreviations */
    { "U.S. officials met U.N. envoys.", "U.S. officials met U.N. envoys." },
    { "He flew to the U.S. The talks began.", "He flew to the U.S. | The talks began." },
    { "U.S. President Biden spoke.", "U.S. President Biden spoke." },
    { "They met at 5 p.m. Friday in Geneva.", "They met at 5 p.m. Friday in Geneva." },
    { "They met at 5 p.m. The talks failed.", "They met at 5 p.m. | The talks failed." },
    { "Aid to the U.S.-backed forces rose.", "Aid to the U.S.-backed forces rose." },
    /* initials */
    { "John F. Kennedy visited Berlin.", "John F. Kennedy visited Berlin." },
    { "J.R.R. Tolkien wrote it.", "J.R.R. Tolkien wrote it." },
    { "He took vitamin C. He felt better.", "He took vitamin C. | He felt better." },
    /* months and numbers */
    { "On Jan. 5 the army moved.", "On Jan. 5 the army moved." },
    { "It ended in Sept. The army left.", "It ended in Sept. | The army left." },
    { "He lives at No. 10 Downing St. in London.", "He lives at No. 10 Downing St. in London." },
    { "He went to Downing St. The PM waited.", "He went to Downing St. | The PM waited." },
    { "Inflation hit 3.5% and 1,500 jobs went.", "Inflation hit 3.5% and 1,500 jobs went." },
    { "Acme Inc. said profits rose.", "Acme Inc. said profits rose." },
    { "He joined Acme Inc. He quit later.", "He joined Acme Inc. | He quit later." },
    { "The budget is $2.5 billion. It grew.", "The budget is $2.5 billion. | It grew." },
    /* ellipses */
    { "The talks... were long.", "The talks... were long." },
    { "We waited... Nothing came.", "We waited... | Nothing came." },
    { "We waited\xE2\x80\xA6 Nothing came.", "We waited\xE2\x80\xA6 | Nothing came." },
    /* quotes and brackets */
    { "He said \"we are ready now.\" Then he left.",
      "He said \"we are ready now.\" | Then he left." },
    { "\"Is this war?\" he asked. She laughed.",
      "\"Is this war?\" he asked. | She laughed." },
    { "\xE2\x80\x9CWe will fight.\xE2\x80\x9D The crowd cheered.",
      "\xE2\x80\x9CWe will fight.\xE2\x80\x9D | The crowd cheered." },
    { "Troops left (all of them.) Peace followed.",
      "Troops left (all of them.) | Peace followed." },
    { "It ended. \"We won,\" he said.", "It ended. | \"We won,\" he said." },
    { "Talks failed. (Details below.)", "Talks failed. | (Details below.)" },
    { "He said \"yes\". Then he left.", "He said \"yes\". | Then he left." },
    { "It was the players'. They won.", "It was the players'. | They won." },
    { "Aid reached (the U.S.) The end.", "Aid reached (the U.S.) | The end." },
    { "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. \xE2\x80\x9CNow!\xE2\x80\x9D",
      "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. | \xE2\x80\x9CNow!\xE2\x80\x9D" },
    /* lower case after a period continues the sentence */
    { "See e.g. the report. It is long.", "See e.g. the report. | It is long." },
    { "The ship sank in the harbor. officials said.",
      "The ship sank in the harbor. officials said." },
    /* line breaks */
    { "A line that\nwraps here. Next one.", "A line that\nwraps here. | Next one." },
    { "Headline without stop\n\nBody text here.", "Headline without stop | Body text here." },
    { "First para.\r\n\r\nSecond para", "First para. | Second para" },
    { "Title\n  \t\nBody", "Title | Body" },
    /* white space is trimmed, nothing empty is returned */
    { "   Leading and trailing.   ", "Leading and trailing." },
    { "\xC2\xA0No-break spaces.\xC2\xA0", "No-break spaces." },
    { "", "" },
    { " \n\n \t ", "" },
    { "...", "..." },
    /* other scripts */
    { "Erdo\xC4\x9F" "an spoke. \xC3\x89lys\xC3\xA9" "e replied.",
      "Erdo\xC4\x9F" "an spoke. | \xC3\x89lys\xC3\xA9" "e replied." },
    { "\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82\xE7\xBE\x8E\xE5\x9B\xBD",
      "\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82 | \xE7\xBE\x8E\xE5\x9B\xBD" },
    { "Bad byte \xFF. Next.", "Bad byte \xFF. | Next." },
};

static void test_split_cases(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof split_cases / sizeof *split_cases; i++) {
        char *got = split_joined(split_cases[i].text);
        if (strcmp(got, split_cases[i].want) != 0) {
            print_error("case %zu: \"%s\"\n  want: %s\n  got:  %s\n", i,
                        split_cases[i].text, split_cases[i].want, got);
            failures++;
        }
        free(got);
    }
    assert_int_equal(failures, 0);
}

static void test_split_offsets_point_into_text(void **state)
{
    (void)state;
    const char *text = "  One.  Two?\n\nThree  ";
    deeds_span *s;
    assert_int_equal(deeds_sentence_split(text, strlen(text), &s), 3);
    assert_int_equal(s[0].start, 2);
    assert_int_equal(s[0].end, 6);
    assert_int_equal(s[1].start, 8);
    assert_int_equal(s[1].end, 12);
    assert_int_equal(s[2].start, 14);
    assert_int_equal(s[2].end, 19);
    free(s);
}

static void test_split_respects_len(void **state)
{
    (void)state;
    /* only the first 10 bytes are text; the rest must not be looked at */
    const char text[] = "One. Two. Three.";
    deeds_span *s;
    assert_int_equal(deeds_sentence_split(text, 9, &s), 2);
    assert_int_equal(s[1].end, 9);
    free(s);
}

/* ---------------------------------------------------------------- folding */

static char *fold(const char *s)
{
    static char out[256];
    size_t n = deeds_fold(s, strlen(s), out, sizeof out);
    assert_int_equal(n, strlen(out));
    return out;
}

static void test_fold_ascii(void **state)
{
    (void)state;
    assert_string_equal(fold("Kim Jong-un met Moon."), "KIM JONG-UN MET MOON.");
    assert_string_equal(fold(""), "");
    assert_string_equal(fold("already UPPER 123"), "ALREADY UPPER 123");
}

static void test_fold_diacritics(void **state)
{
    (void)state;
    assert_string_equal(fold("Erdo\xC4\x9F" "an"), "ERDOGAN");
    assert_string_equal(fold("Fran\xC3\xA7ois H\xC3\xB6" "cker"), "FRANCOIS HOCKER");
    assert_string_equal(fold("S\xC3\xA3o Paulo"), "SAO PAULO");
    assert_string_equal(fold("Nguy\xE1\xBB\x85n"), "NGUYEN");
    /* combining marks after an ASCII letter */
    assert_string_equal(fold("Jose\xCC\x81"), "JOSE");
    /* letters without a decomposition but with an ASCII spelling */
    assert_string_equal(fold("\xC5\x81ukaszenka"), "LUKASZENKA");
    assert_string_equal(fold("Stra\xC3\x9F" "e"), "STRASSE");
    assert_string_equal(fold("S\xC3\xB8ren"), "SOREN");
    assert_string_equal(fold("\xC4\x90ukanovi\xC4\x87"), "DUKANOVIC");
    assert_string_equal(fold("K\xC4\xB1l\xC4\xB1\xC3\xA7" "daro\xC4\x9F" "lu"),
                        "KILICDAROGLU");
}

static void test_fold_compatibility_forms(void **state)
{
    (void)state;
    /* fullwidth letters and digits, ligatures, no-break space */
    assert_string_equal(fold("\xEF\xBC\xB5\xEF\xBC\xB3\xEF\xBC\xA1 \xEF\xBC\x91"), "USA 1");
    assert_string_equal(fold("\xEF\xAC\x81nance"), "FINANCE");
    assert_string_equal(fold("a\xC2\xA0" "b"), "A B");
}

static void test_fold_quotes_and_dashes(void **state)
{
    (void)state;
    assert_string_equal(fold("\xE2\x80\x9CYes,\xE2\x80\x9D he said"), "\"YES,\" HE SAID");
    assert_string_equal(fold("Kim\xE2\x80\x99s \xE2\x80\x98plan\xE2\x80\x99"), "KIM'S 'PLAN'");
    assert_string_equal(fold("\xC2\xABNon\xC2\xBB"), "\"NON\"");
    /* en dash, em dash, hyphen, minus sign, non-breaking hyphen */
    assert_string_equal(fold("a\xE2\x80\x93" "b\xE2\x80\x94" "c\xE2\x80\x90" "d\xE2\x88\x92" "e\xE2\x80\x91" "f"),
                        "A-B-C-D-E-F");
    /* a soft hyphen inside a word disappears */
    assert_string_equal(fold("Pyong\xC2\xADyang"), "PYONGYANG");
}

static void test_fold_other_scripts(void **state)
{
    (void)state;
    /* Cyrillic keeps its letters (upper-cased), й keeps its breve */
    assert_string_equal(fold("\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD0\xB9"),
                        "\xD0\x9F\xD0\xA3\xD0\xA2\xD0\x98\xD0\x9D \xD0\x99");
    /* и + combining breve is composed (NFKC) before upper-casing */
    assert_string_equal(fold("\xD0\xB8\xCC\x86"), "\xD0\x99");
    /* Greek: upper-cased; the accent stays, as stripping it would not
     * give ASCII */
    assert_string_equal(fold("\xCE\xB1\xCE\xB8\xCE\xae\xCE\xbd\xCE\xb1"),
                        "\xCE\x91\xCE\x98\xCE\x89\xCE\x9D\xCE\x91");
    /* CJK has no case and stays as it is */
    assert_string_equal(fold("\xE4\xB8\xAD\xE5\x9B\xBD"), "\xE4\xB8\xAD\xE5\x9B\xBD");
}

static void test_fold_invalid_bytes(void **state)
{
    (void)state;
    assert_string_equal(fold("ab\xFF" "c"), "AB?C");
    assert_string_equal(fold("\xC0\xAF"), "??");             /* overlong '/' */
    assert_string_equal(fold("\xED\xA0\x80" "x"), "???X");   /* a surrogate */
    assert_string_equal(fold("x\xE2\x82"), "X??");           /* truncated */
    char out[8];
    assert_int_equal(deeds_fold("\x80", 1, out, sizeof out), 1);
    assert_true(deeds_utf8_valid(out, strlen(out)));
}

static void test_fold_truncates_like_snprintf(void **state)
{
    (void)state;
    char out[6];
    memset(out, 'x', sizeof out);
    assert_int_equal(deeds_fold("abcdefgh", 8, out, sizeof out), 8);
    assert_string_equal(out, "ABCDE");
    /* a multi-byte character is never cut in half */
    const char *s = "abcd\xC3\xA9\xD0\xB9";  /* abcdé + й -> ABCDEЙ */
    assert_int_equal(deeds_fold(s, strlen(s), out, sizeof out), 7);
    assert_string_equal(out, "ABCDE");
    char four[4];
    assert_int_equal(deeds_fold("ab\xD0\xB9z", 5, four, sizeof four), 5);
    assert_string_equal(four, "AB");
    /* cap 0 writes nothing at all */
    assert_int_equal(deeds_fold("abc", 3, NULL, 0), 3);
    char one[1] = { 'x' };
    assert_int_equal(deeds_fold("abc", 3, one, 1), 3);
    assert_int_equal(one[0], '\0');
}

static void test_fold_embedded_nul(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(deeds_fold("a\0b", 3, out, sizeof out), 3);
    assert_int_equal(out[0], 'A');
    assert_int_equal(out[1], '\0');
    assert_int_equal(out[2], 'B');
}

/* ------------------------------------------------------------------ UTF-8 */

static void test_utf8_valid(void **state)
{
    (void)state;
    static const struct { const char *s; size_t prefix; } cases[] = {
        { "plain ASCII text that is longer than eight bytes", 48 },
        { "caf\xC3\xA9", 5 },
        { "\xE2\x82\xAC", 3 },              /* € */
        { "\xF0\x9F\x98\x80", 4 },          /* emoji */
        { "\xF4\x8F\xBF\xBF", 4 },          /* U+10FFFF */
        { "ab\xC3", 2 },                    /* truncated */
        { "\xC0\x80", 0 },                  /* overlong NUL */
        { "\xE0\x80\xAF", 0 },              /* overlong */
        { "abcdefgh\xED\xA0\x80", 8 },      /* surrogate after a fast block */
        { "\xF4\x90\x80\x80", 0 },          /* past U+10FFFF */
        { "\xF5\x80\x80\x80", 0 },
        { "abc\x80", 3 },                   /* stray continuation byte */
        { "\xE2\x28\xA1", 0 },
        { "", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = strlen(cases[i].s);
        assert_int_equal(deeds_utf8_valid_prefix(cases[i].s, n), cases[i].prefix);
        assert_int_equal(!!deeds_utf8_valid(cases[i].s, n), cases[i].prefix == n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_cases),
        cmocka_unit_test(test_split_offsets_point_into_text),
        cmocka_unit_test(test_split_respects_len),
        cmocka_unit_test(test_fold_ascii),
        cmocka_unit_test(test_fold_diacritics),
        cmocka_unit_test(test_fold_compatibility_forms),
        cmocka_unit_test(test_fold_quotes_and_dashes),
        cmocka_unit_test(test_fold_other_scripts),
        cmocka_unit_test(test_fold_invalid_bytes),
        cmocka_unit_test(test_fold_truncates_like_snprintf),
        cmocka_unit_test(test_fold_embedded_nul),
        cmocka_unit_test(test_utf8_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
