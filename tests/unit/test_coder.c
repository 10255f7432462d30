/* test_coder.c: the coder's public behaviour on tests/dicts/engine. */
#include "testutil.h"

static deeds_dict *dict;

static int setup(void **state)
{
    (void)state;
    deeds_diag g = { 0 };
    dict = deeds_dict_load("tests/dicts/engine", &g);
    return dict ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    deeds_dict_free(dict);
    return 0;
}

typedef struct got { deeds_event ev[16]; int n; } got;

static void keep(void *ud, const deeds_event *ev)
{
    got *g = ud;
    if (g->n < 16)
        g->ev[g->n++] = *ev;
}

static got code(const char *text, int32_t date, int all_modes, int tabari)
{
    deeds_coder_options o = { .all_modes = all_modes, .compat_tabari = tabari };
    deeds_coder *c = deeds_coder_new(dict, &o);
    got g = { .n = 0 };
    deeds_code_stats st = { 0 };
    deeds_code_sentence(c, "doc1", 3, text, strlen(text), date, keep, &g, &st);
    assert_int_equal(st.sentences, 1);
    assert_int_equal(st.events, (unsigned long)g.n);
    deeds_coder_free(c);
    return g;
}

static void assert_span(const deeds_event *e, deeds_span s, const char *want)
{
    assert_true(s.end > s.start);
    assert_int_equal(s.end - s.start, strlen(want));
    assert_memory_equal(e->sentence + s.start, want, strlen(want));
}

static void test_event_fields_and_spans(void **state)
{
    (void)state;
    got g = code("Yesterday North Korean leader Kim Jong Un criticized Seoul.", 20190629, 0, 0);
    assert_int_equal(g.n, 1);
    deeds_event *e = &g.ev[0];
    assert_string_equal(e->source, "PRKGOV");
    assert_string_equal(e->target, "KOR");
    assert_string_equal(e->code, "111");
    assert_string_equal(e->doc, "doc1");
    assert_int_equal(e->sent, 3);
    assert_int_equal(e->date, 20190629);
    assert_int_equal(e->mode, DEEDS_MODE_ASSERTED);
    assert_span(e, e->source_text, "North Korean leader Kim Jong Un");
    assert_span(e, e->target_text, "Seoul");
    assert_span(e, e->verb_text, "criticized");
    assert_non_null(strstr(e->pattern_file, "engine.verbs"));
    assert_true(e->pattern_line > 0);
}

static void test_tabari_mode_keeps_actors_apart(void **state)
{
    (void)state;
    /* TABARI: the agent joins the first actor; the person is a second actor */
    got g = code("North Korean leader Kim Jong Un criticized Seoul on Tuesday.", 20190629, 0, 1);
    assert_true(g.n >= 1);
    assert_string_equal(g.ev[0].source, "PRKGOV");
    got d = code("Arnor attacked Gondor and Rohan on Tuesday with troops.", 20190629, 0, 1);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.ev[0].target, "GON");
    assert_string_equal(d.ev[1].target, "ROH");
}

static void test_tabari_running_source(void **state)
{
    (void)state;
    /* TABARI keeps the source from clause to clause until one opens with an
     * actor; the default rules take the actor before the verb */
    const char *later = "Arnor attacked Gondor but later Mordor attacked Rohan on Tuesday.";
    got t = code(later, 20190629, 0, 1);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.ev[1].source, "ARN");
    assert_string_equal(t.ev[1].target, "ROH");
    got o = code("Arnor attacked Gondor but Mordor attacked Rohan on Tuesday.", 20190629, 0, 1);
    assert_int_equal(o.n, 2);
    assert_string_equal(o.ev[1].source, "MOR");
    got d = code(later, 20190629, 0, 0);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.ev[1].source, "MOR");
}

static void test_tabari_pronoun_without_agent(void **state)
{
    (void)state;
    /* THEM points back to ARNCOP but carries the actor's code only */
    got g = code("Arnor police attacked Gondor on Tuesday but Rohan later attacked them.",
                 20190629, 0, 1);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.ev[0].source, "ARNCOP");
    assert_string_equal(g.ev[1].source, "ROH");
    assert_string_equal(g.ev[1].target, "ARN");
    assert_span(&g.ev[1], g.ev[1].target_text, "them");
}

static void test_modes_filtered(void **state)
{
    (void)state;
    assert_int_equal(code("Arnor never attacked Gondor.", 20190629, 0, 0).n, 0);
    got g = code("Arnor never attacked Gondor.", 20190629, 1, 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.ev[0].mode, DEEDS_MODE_NEGATED);
    g = code("Arnor might attack Gondor.", 20190629, 1, 0);
    assert_int_equal(g.ev[0].mode, DEEDS_MODE_HYPOTHETICAL);
    /* the cue must be in the verb's own clause */
    g = code("Arnor might complain, but Mordor attacked Gondor.", 20190629, 1, 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.ev[0].mode, DEEDS_MODE_ASSERTED);
}

static void test_article(void **state)
{
    (void)state;
    deeds_coder *c = deeds_coder_new(dict, NULL);
    const char *text = "Arnor attacked Gondor. Rohan visited Mordor on Monday.";
    deeds_article a = { .id = "a1", .date = 20190629, .text = text, .text_len = strlen(text) };
    got g = { .n = 0 };
    deeds_code_stats st = { 0 };
    deeds_code_article(c, &a, keep, &g, &st);
    assert_int_equal(st.sentences, 2);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.ev[0].sent, 0);
    assert_int_equal(g.ev[1].sent, 1);
    assert_string_equal(g.ev[1].code, "042");
    assert_string_equal(g.ev[2].code, "043");
    deeds_coder_free(c);
}

static void test_explain(void **state)
{
    (void)state;
    deeds_coder *c = deeds_coder_new(dict, NULL);
    deeds_buf b = { 0 };
    const char *s = "Gondor was attacked by Mordor on Tuesday.";
    deeds_explain(c, s, strlen(s), 20190629, &b);
    assert_non_null(strstr(b.data, "engine.actors:"));
    assert_non_null(strstr(b.data, "engine.verbs:"));
    assert_non_null(strstr(b.data, "MOR GON 190 asserted"));
    assert_non_null(strstr(b.data, "auxiliary"));
    deeds_buf_free(&b);
    deeds_coder_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_fields_and_spans),
        cmocka_unit_test(test_tabari_mode_keeps_actors_apart),
        cmocka_unit_test(test_tabari_running_source),
        cmocka_unit_test(test_tabari_pronoun_without_agent),
        cmocka_unit_test(test_modes_filtered),
        cmocka_unit_test(test_article),
        cmocka_unit_test(test_explain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
