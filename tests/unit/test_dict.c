/* test_dict.c: the dictionary loader, one syntax feature a test. */
#include "testutil.h"
#include "dict.h"
#include "token.h"

/* Parses one in-memory file called name; diagnostics go to msgs. */
static deeds_dict *parse_one(const char *name, const char *text, deeds_buf *msgs,
                             deeds_diag *diag)
{
    diag->emit = testutil_diag_emit;
    diag->ud = msgs;
    deeds_dict *d = dict_new();
    dict_parse_buffer(d, name, text, strlen(text), diag);
    dict_finish(d);
    return d;
}

/* The entry whose phrase starts with word w (first match). */
static const dict_entry *find(const deeds_dict *d, const char *w)
{
    for (size_t i = 0; i < d->nentries; i++)
        if (!strcmp(dict_str(d, d->elems[d->entries[i].elem].text), w))
            return &d->entries[i];
    return NULL;
}

static void test_actor_synonyms_and_dates(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("t.actors",
        "GOLLUM ; comment\n+SMEAGOL\n\t[HOB <950601]\n\t[HOBGOV 950601-990815]\n"
        "\t[HOBREB >990816]\nBOUTROS [EGY <911231] [UNO]\nEAST_GERMANY [GME <901103]\n", &m, &g);
    const dict_entry *e = find(d, "SMEAGOL");
    assert_non_null(e);
    assert_int_equal(e->kind, DK_ACTOR);
    assert_string_equal(dict_actor_code(d, e, 19940101), "HOB");
    assert_string_equal(dict_actor_code(d, e, 19970101), "HOBGOV");
    assert_string_equal(dict_actor_code(d, e, 20050101), "HOBREB");
    /* unrestricted default is tried last, wherever it was written */
    e = find(d, "BOUTROS");
    assert_string_equal(dict_actor_code(d, e, 19900101), "EGY");
    assert_string_equal(dict_actor_code(d, e, 19950101), "UNO");
    /* a lone restriction gets a null default */
    e = find(d, "EAST");
    assert_non_null(dict_actor_code(d, e, 19900101));
    assert_null(dict_actor_code(d, e, 19950101));
    assert_int_equal(deeds_diag_skipped_total(&g), 0);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_bad_lines_name_file_and_line(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("bad.actors",
        "ARNOR [ARN]\nALBRIGHZ [991201-010114] [---]\nGONDOR [GON <95]\nROHAN [ROH\n", &m, &g);
    assert_int_equal(g.skipped[DEEDS_SKIP_BAD_DICT_LINE], 3);
    assert_non_null(strstr(m.data, "bad.actors:2:"));
    assert_non_null(strstr(m.data, "bad.actors:3:"));
    assert_non_null(strstr(m.data, "bad.actors:4:"));
    assert_non_null(find(d, "ARNOR"));
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_crlf_and_latin1(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    /* "S\xc3O_PAULO" in Latin-1 folds like the UTF-8 input "São" */
    deeds_dict *d = parse_one("l.actors", "ARNOR [ARN]\r\nS\xe3O_PAULO [BRA]\r\n", &m, &g);
    const dict_entry *e = find(d, "ARNOR");
    assert_non_null(e);
    assert_string_equal(dict_actor_code(d, e, 20000101), "ARN");
    assert_non_null(find(d, "SAO"));
    assert_int_equal(deeds_diag_skipped_total(&g), 0);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_connectors(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("c.actors", "AL_GORE [AGR]\nSYRI [SYR]\nMOUSE= [MUS]\nBARAD-DUR [MOR]\n", &m, &g);
    const dict_entry *e = find(d, "AL");
    const dict_elem *el = &d->elems[e->elem];
    assert_int_equal(e->nelem, 2);
    assert_true(el[0].flags & EL_EXACT);
    assert_true(el[0].flags & EL_ADJ);
    e = find(d, "SYRI");
    assert_false(d->elems[e->elem].flags & EL_EXACT);
    e = find(d, "MOUSE");
    assert_true(d->elems[e->elem].flags & EL_NOEND);
    e = find(d, "BARAD");
    assert_int_equal(e->nelem, 2);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_agents(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("x.agents",
        "!PERSON! = MAN, WOMAN\nFOREIGN_MINISTER [~GOVFRM]\nHUMAN_RIGHTS_BODY [NGO~]\n"
        "CATTLE!PERSON! [~AGR]\nAMBASSADOR {AMBASSADORS} [~GOV]\nPOLICE [COP]\n", &m, &g);
    const dict_entry *e = find(d, "FOREIGN");
    assert_int_equal(e->kind, DK_AGENT);
    assert_string_equal(dict_str(d, e->value), "~GOVFRM");
    e = find(d, "HUMAN");
    assert_string_equal(dict_str(d, e->value), "NGO~");
    assert_non_null(find(d, "CATTLEMAN"));
    assert_non_null(find(d, "CATTLEWOMAN"));
    assert_non_null(find(d, "AMBASSADORS"));
    assert_int_equal(g.skipped[DEEDS_SKIP_BAD_DICT_LINE], 1);   /* no '~' */
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_verbs_patterns(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("v.verbs",
        "<SYNSETS>\n&CURRENCY\n+DOLLAR\n+EURO\n</SYNSETS>\n"
        "BREAK_ [1717]\n{BROKE_ BROKEN_}\n- * TREATY [161]\n- * { OFF_ | DOWN }_TALKS [195]\n"
        "- * MILLIONS_OF_&CURRENCY [071]\n- % * [042:043]\n- SAID * [023?]\n- * NOW [111!]\n"
        "- * * TWICE [010]\nMEET [---]\n", &m, &g);
    assert_int_equal(d->nverbs, 2);
    const dict_verb *v = &d->verbs[0];
    /* 1 + 2 (alternatives) + 2 (synset) + 1 + 1 + 1 patterns; the double '*' is refused */
    assert_int_equal(v->npat, 8);
    assert_int_equal(g.skipped[DEEDS_SKIP_BAD_DICT_LINE], 1);
    assert_non_null(find(d, "BROKE"));
    /* longest first */
    for (uint32_t i = 1; i < v->npat; i++)
        assert_true(d->pats[v->pat + i - 1].chars >= d->pats[v->pat + i].chars);
    int paired = 0, subord = 0, dominant = 0;
    for (uint32_t i = 0; i < v->npat; i++) {
        const dict_code *c = &d->pats[v->pat + i].code;
        paired += (c->flags & CODE_PAIRED) && !strcmp(c->a, "042") && !strcmp(c->b, "043");
        subord += (c->flags & CODE_SUBORD) != 0;
        dominant += (c->flags & CODE_DOMINANT) != 0;
    }
    assert_int_equal(paired, 1);
    assert_int_equal(subord, 1);
    assert_int_equal(dominant, 1);
    assert_true(d->verbs[1].code.flags & CODE_NULL);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_petrarch_verbs(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("CAMEO.2.0.txt",
        "&AUXVERB2_\n+WILL\n+WOULD\n---  MEET_PEOPLE   [040]  ---\n+MEET_WITH {+MET_WITH}\n"
        "MEET {MEETS MET MEETING}\n- * (WITH LEADERS) [036:036] # MEET\n- * CALLS [:020]\n", &m, &g);
    assert_int_equal(d->nverbs, 1);
    assert_int_equal(d->verbs[0].npat, 2);
    assert_non_null(find(d, "MET"));
    for (uint32_t i = 0; i < 2; i++) {   /* PETRARCH-2 [a:b] is not a pair */
        const dict_code *c = &d->pats[i].code;
        assert_false(c->flags & CODE_PAIRED);
        assert_true(!strcmp(c->a, "036") || !strcmp(c->a, "020"));
    }
    assert_int_equal(deeds_diag_skipped_total(&g), 0);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_options(void **state)
{
    (void)state;
    dict_options o;
    dict_options_default(&o);
    deeds_diag g = { 0 };
    dict_options_line(&o, "SET: CODE BY SENTENCE", "x", 1, &g);
    assert_int_equal(o.code_by, CODE_BY_SENTENCE);
    dict_options_line(&o, "COMPLEX: VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN", "x", 2, &g);
    assert_int_equal(o.complex_verbs, 5);
    assert_int_equal(o.complex_conj, 4);
    assert_true(o.noactprior);
    dict_options_line(&o, "DEFAULT: SOURCE [DEFSRC] PRIOR TARGET [DEFTAR] AFTER", "x", 3, &g);
    assert_string_equal(o.default_source, "DEFSRC");
    assert_true(o.default_source_prior);
    assert_true(o.default_target_after);
    dict_options_line(&o, "COMMA: MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8", "x", 4, &g);
    assert_int_equal(o.comma_min, 4);
    assert_int_equal(o.comma_bmax, 8);
    dict_options_line(&o, "SET: MINIMUM WORDS = 20", "x", 5, &g);
    assert_int_equal(o.min_words, 20);
    assert_int_equal(g.warnings, 0);
}

static void test_load_spec_errors(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { .emit = testutil_diag_emit, .ud = &m };
    assert_null(deeds_dict_load("tests/dicts/no-such-file.actors", &g));
    assert_int_equal(g.skipped[DEEDS_SKIP_UNREADABLE], 1);
    deeds_dict *d = deeds_dict_load("tests/dicts/engine", &g);
    assert_non_null(d);
    assert_true(d->nverbs > 0);
    deeds_dict_free(d);
    d = deeds_dict_load("tests/dicts/engine/engine.actors,tests/dicts/engine/engine.verbs", &g);
    assert_non_null(d);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

/* Roots under a block header that was skipped belong to no verb: they are
 * reported, not indexed (the fuzzer found them pointing past the verbs). */
static void test_petrarch_roots_after_bad_header(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("CAMEO.2.0.txt",
        "---  MEET_PEOPLE   [040]  ---\nMEET {MET}\n"
        "---  ASSAULT   [19$]  ---\nASSAULT {ASSAULTED}\nSTORM\n", &m, &g);
    assert_int_equal(d->nverbs, 1);
    for (size_t i = 0; i < d->nentries; i++)
        if (d->entries[i].kind == DK_VERB)
            assert_true(d->entries[i].value < d->nverbs);
    assert_non_null(find(d, "MET"));
    assert_null(find(d, "STORM"));
    assert_non_null(strstr(m.data, "CAMEO.2.0.txt:5:"));
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

/* The pattern of verb 0 whose code is code. */
static uint32_t pattern_with(const deeds_dict *d, const char *code)
{
    const dict_verb *v = &d->verbs[0];
    for (uint32_t i = 0; i < v->npat; i++)
        if (!strcmp(d->pats[v->pat + i].code.a, code))
            return v->pat + i;
    fail();
    return 0;
}

/* A pattern or phrase is only tried when each of its (longest) words is a
 * prefix of some word of the sentence. */
static void test_word_filters(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g = { 0 };
    deeds_dict *d = parse_one("f.verbs",
        "BREAK_ [1717]\n- * TREATY [161]\n- * OFF_TALKS [195]\n- $ * + [172]\n", &m, &g);
    uint32_t treaty = pattern_with(d, "161"), talks = pattern_with(d, "195"),
             bare = pattern_with(d, "172");
    /* longest word first: TALKS before OFF */
    assert_true(d->pat_need[talks].bit[0] != 0 && d->pat_need[talks].bit[1] != 0);
    assert_int_equal(d->pat_need[talks].bit[2], 0);
    tokens t = { 0 };
    const char *s1 = "Arnor broke off the talks with Gondor";
    tokenize(&t, s1, strlen(s1), 100);
    assert_false(dict_pattern_possible(d, treaty, t.seen));
    assert_true(dict_pattern_possible(d, talks, t.seen));
    assert_true(dict_pattern_possible(d, bare, t.seen));
    const char *s2 = "Arnor broke the treaty";
    tokenize(&t, s2, strlen(s2), 100);
    assert_true(dict_pattern_possible(d, treaty, t.seen));
    assert_false(dict_pattern_possible(d, talks, t.seen));
    const char *s3 = "Arnor broke the treaty-bound talks";
    tokenize(&t, s3, strlen(s3), 100);
    assert_true(dict_pattern_possible(d, treaty, t.seen));
    assert_false(dict_pattern_possible(d, talks, t.seen));   /* no OFF */
    tokens_free(&t);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actor_synonyms_and_dates),
        cmocka_unit_test(test_bad_lines_name_file_and_line),
        cmocka_unit_test(test_crlf_and_latin1),
        cmocka_unit_test(test_connectors),
        cmocka_unit_test(test_agents),
        cmocka_unit_test(test_verbs_patterns),
        cmocka_unit_test(test_petrarch_verbs),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_load_spec_errors),
        cmocka_unit_test(test_word_filters),
        cmocka_unit_test(test_petrarch_roots_after_bad_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
