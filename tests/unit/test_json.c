/* test_json.c: the strict JSON parser. */
#include "testutil.h"
#include "json.h"

static json_parser *parser;

static int setup(void **state)
{
    (void)state;
    parser = json_parser_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_parser_free(parser);
    return 0;
}

static const json_value *parse(const char *s, json_error *err)
{
    return json_parse(parser, s, strlen(s), err);
}

static void test_all_types(void **state)
{
    (void)state;
    json_error err;
    const json_value *v = parse(" {\"s\": \"hi\", \"n\": -12.5e3, \"t\": true, "
                                "\"f\": false, \"z\": null, \"a\": [1, [], {}],"
                                " \"o\": {\"k\": \"v\"}} ", &err);
    assert_non_null(v);
    assert_int_equal(err.status, JSON_OK);
    assert_int_equal(v->type, JSON_OBJECT);
    assert_int_equal(v->len, 7);
    assert_string_equal(v->u.members[0].key, "s");
    assert_string_equal(json_object_get(v, "s")->u.str, "hi");
    const json_value *n = json_object_get(v, "n");
    assert_int_equal(n->type, JSON_NUMBER);
    assert_string_equal(n->u.str, "-12.5e3");
    assert_int_equal(json_object_get(v, "t")->type, JSON_TRUE);
    assert_int_equal(json_object_get(v, "f")->type, JSON_FALSE);
    assert_int_equal(json_object_get(v, "z")->type, JSON_NULL);
    const json_value *a = json_object_get(v, "a");
    assert_int_equal(a->type, JSON_ARRAY);
    assert_int_equal(a->len, 3);
    assert_string_equal(a->u.items[0].u.str, "1");
    assert_int_equal(a->u.items[1].type, JSON_ARRAY);
    assert_int_equal(a->u.items[1].len, 0);
    assert_int_equal(a->u.items[2].type, JSON_OBJECT);
    assert_string_equal(json_object_get(json_object_get(v, "o"), "k")->u.str, "v");
    assert_null(json_object_get(v, "missing"));
    assert_null(json_object_get(a, "s"));
}

static void test_scalars_at_top_level(void **state)
{
    (void)state;
    json_error err;
    assert_int_equal(parse("0", &err)->type, JSON_NUMBER);
    assert_int_equal(parse("\"x\"", &err)->type, JSON_STRING);
    assert_int_equal(parse(" null\r\n", &err)->type, JSON_NULL);
    assert_int_equal(parse("[]", &err)->type, JSON_ARRAY);
}

static void test_numbers(void **state)
{
    (void)state;
    static const char *const good[] = { "0", "-0", "10", "0.5", "-1.25",
                                        "1e9", "1E+9", "2e-3", "123456789012345678901234567890" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        const json_value *v = parse(good[i], NULL);
        assert_non_null(v);
        assert_string_equal(v->u.str, good[i]);
    }
}

static void test_string_escapes(void **state)
{
    (void)state;
    json_error err;
    const json_value *v = parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", &err);
    assert_non_null(v);
    assert_string_equal(v->u.str, "a\"b\\c/d\b\f\n\r\t");
    v = parse("\"caf\\u00e9 \\u20AC\"", &err);
    assert_string_equal(v->u.str, "caf\xC3\xA9 \xE2\x82\xAC");
    /* a surrogate pair becomes one four-byte character */
    v = parse("\"\\ud83d\\ude00!\"", &err);
    assert_string_equal(v->u.str, "\xF0\x9F\x98\x80!");
    /* \u0000 is kept; the length says where the string ends */
    v = parse("\"a\\u0000b\"", &err);
    assert_int_equal(v->len, 3);
    assert_memory_equal(v->u.str, "a\0b", 3);
    /* raw UTF-8 passes through */
    v = parse("\"Erdo\xC4\x9F" "an\"", &err);
    assert_string_equal(v->u.str, "Erdo\xC4\x9F" "an");
}

static void test_duplicate_key_last_wins(void **state)
{
    (void)state;
    const json_value *v = parse("{\"k\": 1, \"k\": 2}", NULL);
    assert_string_equal(json_object_get(v, "k")->u.str, "2");
}

typedef struct error_case {
    const char *text;
    json_status status;
    size_t      column;
    const char *message;  /* a part of the expected message */
} error_case;

static const error_case error_cases[] = {
    { "{\"a\":1 \"b\":2}", JSON_ERROR_SYNTAX, 8, "expected ',' or '}' after object member, found '\"' at column 8" },
    { "[1,2", JSON_ERROR_SYNTAX, 5, "expected ',' or ']' after array element, found the end of the input" },
    { "[1 2]", JSON_ERROR_SYNTAX, 4, "expected ',' or ']'" },
    { "{\"a\" 1}", JSON_ERROR_SYNTAX, 6, "expected ':' after member name \"a\"" },
    { "{a:1}", JSON_ERROR_SYNTAX, 2, "expected a member name in double quotes, found 'a'" },
    { "{\"a\":1,}", JSON_ERROR_SYNTAX, 8, "member name" },
    { "[1,]", JSON_ERROR_SYNTAX, 4, "expected a value, found ']'" },
    { "\"abc", JSON_ERROR_SYNTAX, 1, "string not closed" },
    { "01", JSON_ERROR_SYNTAX, 1, "leading zeros" },
    { "-", JSON_ERROR_SYNTAX, 2, "digit after '-'" },
    { "-x", JSON_ERROR_SYNTAX, 2, "digit after '-'" },
    { "1.", JSON_ERROR_SYNTAX, 3, "decimal point" },
    { "1.e5", JSON_ERROR_SYNTAX, 3, "decimal point" },
    { "1e", JSON_ERROR_SYNTAX, 3, "exponent" },
    { "1e+", JSON_ERROR_SYNTAX, 4, "exponent" },
    { ".5", JSON_ERROR_SYNTAX, 1, "expected a value" },
    { "+1", JSON_ERROR_SYNTAX, 1, "expected a value" },
    { "tru", JSON_ERROR_SYNTAX, 1, "did you mean true" },
    { "nulL", JSON_ERROR_SYNTAX, 1, "did you mean null" },
    { "NaN", JSON_ERROR_SYNTAX, 1, "expected a value, found 'N'" },
    { "'single'", JSON_ERROR_SYNTAX, 1, "found '''" },
    { "{} x", JSON_ERROR_SYNTAX, 4, "unexpected 'x' after the end" },
    { "{}{}", JSON_ERROR_SYNTAX, 3, "after the end" },
    { "", JSON_ERROR_SYNTAX, 1, "found the end of the input" },
    { "   ", JSON_ERROR_SYNTAX, 4, "found the end of the input" },
    { "\"a\nb\"", JSON_ERROR_SYNTAX, 3, "control character 0x0A" },
    { "\"a\tb\"", JSON_ERROR_SYNTAX, 3, "control character 0x09" },
    { "\"\\q\"", JSON_ERROR_SYNTAX, 2, "invalid escape '\\q'" },
    { "\"\\", JSON_ERROR_SYNTAX, 2, "unfinished escape" },
    { "\"\\u12\"", JSON_ERROR_SYNTAX, 2, "four hex digits" },
    { "\"\\u12G4\"", JSON_ERROR_SYNTAX, 2, "four hex digits" },
    { "\"\\udc00\"", JSON_ERROR_SYNTAX, 2, "unpaired low surrogate" },
    { "\"\\ud800x\"", JSON_ERROR_SYNTAX, 2, "not followed by a low surrogate" },
    { "\"\\ud800\\u0041\"", JSON_ERROR_SYNTAX, 2, "not followed by a low surrogate" },
    { "\"ab\xFF\"", JSON_ERROR_UTF8, 4, "invalid UTF-8 byte 0xFF in a string" },
    { "{\"k\xC0\xAF\": 1}", JSON_ERROR_UTF8, 4, "0xC0" },
    { "[\"\xED\xA0\x80\"]", JSON_ERROR_UTF8, 3, "0xED" },
    { "\"\xE2\x82\"", JSON_ERROR_UTF8, 2, "0xE2" },
    { "\xC3\xA9", JSON_ERROR_SYNTAX, 1, "byte 0xC3" },
    { "\xEF\xBB\xBF{}", JSON_ERROR_SYNTAX, 1, "byte 0xEF" },
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof error_cases / sizeof *error_cases; i++) {
        const error_case *c = &error_cases[i];
        json_error err;
        const json_value *v = parse(c->text, &err);
        if (v || err.status != c->status || err.column != c->column ||
            !strstr(err.message, c->message))
            fail_msg("case %zu \"%s\": status %d column %zu \"%s\"", i,
                     c->text, err.status, err.column, err.message);
        char at[32];
        snprintf(at, sizeof at, "at column %zu", c->column);
        assert_non_null(strstr(err.message, at));
    }
}

static void test_error_without_error_struct(void **state)
{
    (void)state;
    assert_null(parse("[", NULL));
    assert_non_null(parse("[]", NULL));
}

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 1);
    for (int i = 0; i < depth; i++) {
        s[i] = '[';
        s[depth * 2 - 1 - i] = ']';
    }
    s[depth * 2] = '\0';
    return s;
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char *ok = nested(JSON_MAX_DEPTH);
    assert_non_null(parse(ok, NULL));
    free(ok);
    char *deep = nested(JSON_MAX_DEPTH + 1);
    json_error err;
    assert_null(parse(deep, &err));
    assert_int_equal(err.status, JSON_ERROR_DEPTH);
    assert_int_equal(err.column, JSON_MAX_DEPTH + 1);
    free(deep);
    /* far too deep must not blow the stack either */
    char *abyss = nested(100000);
    assert_null(parse(abyss, &err));
    assert_int_equal(err.status, JSON_ERROR_DEPTH);
    free(abyss);
}

/* A document too big for one arena block, then a small one: both right. */
static void test_parser_reuse_and_growth(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    deeds_buf_puts(&b, "[");
    for (int i = 0; i < 20000; i++)
        deeds_buf_printf(&b, "%s{\"id\": \"item-%d\", \"n\": %d}", i ? "," : "", i, i);
    deeds_buf_puts(&b, "]");
    for (int round = 0; round < 3; round++) {
        const json_value *v = json_parse(parser, b.data, b.len, NULL);
        assert_non_null(v);
        assert_int_equal(v->len, 20000);
        assert_string_equal(json_object_get(&v->u.items[12345], "id")->u.str, "item-12345");
        assert_string_equal(json_object_get(&v->u.items[19999], "n")->u.str, "19999");
        const json_value *small = parse("{\"a\": \"b\"}", NULL);
        assert_string_equal(json_object_get(small, "a")->u.str, "b");
    }
    deeds_buf_free(&b);
}

/* Parsing stops at n: bytes after it are never read. */
static void test_respects_length(void **state)
{
    (void)state;
    const char text[] = "{\"a\": 1}garbage";
    assert_non_null(json_parse(parser, text, 8, NULL));
    assert_null(json_parse(parser, text, 7, NULL));
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(json_type_name(JSON_OBJECT), "object");
    assert_string_equal(json_type_name(JSON_TRUE), "boolean");
    assert_string_equal(json_type_name(JSON_NUMBER), "number");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_types),
        cmocka_unit_test(test_scalars_at_top_level),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_duplicate_key_last_wins),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_error_without_error_struct),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_parser_reuse_and_growth),
        cmocka_unit_test(test_respects_length),
        cmocka_unit_test(test_type_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
