/* test_emit.c: the four output formats, field by field.  JSON lines are read
 * back with a small parser below, TSV and GDELT lines are split on tabs. */
#include "testutil.h"

/* ------------------------------------------------------------- helpers */

#define MAX_FIELDS 64

typedef struct fields {
    int  n;
    char key[MAX_FIELDS][32];
    char val[MAX_FIELDS][1024]; /* strings decoded; other values raw */
    int  is_string[MAX_FIELDS];
} fields;

static const char *skip_ws(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* Reads a JSON string at p (after its opening quote) into out, decoding the
 * escapes deeds writes; returns the position after the closing quote. */
static const char *read_string(const char *p, char *out, size_t cap)
{
    size_t n = 0;
    while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            char e = *p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'u': c = (char)strtol((char[]){ p[0], p[1], p[2], p[3], 0 }, NULL, 16);
                      p += 4; break;
            default:  c = e;
            }
        }
        assert_true(n + 1 < cap);
        out[n++] = c;
    }
    assert_int_equal(*p, '"');
    out[n] = '\0';
    return p + 1;
}

/* Splits one JSON object line into its top-level keys and values. */
static void parse_object(const char *line, fields *f)
{
    memset(f, 0, sizeof *f);
    size_t len = strlen(line);
    assert_true(len >= 3);
    assert_int_equal(line[len - 1], '\n');
    assert_null(memchr(line, '\n', len - 1)); /* one record, one line */
    const char *p = skip_ws(line);
    assert_int_equal(*p++, '{');
    for (;;) {
        p = skip_ws(p);
        assert_int_equal(*p++, '"');
        assert_true(f->n < MAX_FIELDS);
        p = read_string(p, f->key[f->n], sizeof f->key[0]);
        p = skip_ws(p);
        assert_int_equal(*p++, ':');
        p = skip_ws(p);
        if (*p == '"') {
            f->is_string[f->n] = 1;
            p = read_string(p + 1, f->val[f->n], sizeof f->val[0]);
        } else {
            const char *start = p;
            int depth = 0, in_str = 0;
            for (; *p; p++) {
                if (in_str) {
                    if (*p == '\\')
                        p++;
                    else if (*p == '"')
                        in_str = 0;
                } else if (*p == '"') {
                    in_str = 1;
                } else if (*p == '[' || *p == '{') {
                    depth++;
                } else if (*p == ']' || *p == '}') {
                    if (depth-- == 0)
                        break;
                } else if (*p == ',' && depth == 0) {
                    break;
                }
            }
            size_t n = (size_t)(p - start);
            assert_true(n < sizeof f->val[0]);
            memcpy(f->val[f->n], start, n);
        }
        f->n++;
        p = skip_ws(p);
        if (*p == '}')
            break;
        assert_int_equal(*p++, ',');
    }
    assert_string_equal(p, "}\n");
}

static const char *field(const fields *f, const char *key)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->key[i], key))
            return f->val[i];
    fail_msg("no field %s", key);
    return NULL;
}

/* Splits a tab-separated line (without its newline) in place. */
static int split_tabs(char *line, char **cols, int max)
{
    int n = 0;
    cols[n++] = line;
    for (char *p = line; *p; p++) {
        if (*p == '\t') {
            *p = '\0';
            assert_true(n < max);
            cols[n++] = p + 1;
        }
    }
    return n;
}

static const char sentence[] =
    "President Trump said he would meet Kim Jong Un in Singapore.";

static deeds_event sample_event(void)
{
    deeds_event ev;
    memset(&ev, 0, sizeof ev);
    ev.doc = "kcna-0612";
    ev.sent = 0;
    ev.date = 20180612;
    strcpy(ev.source, "USAGOV");
    strcpy(ev.target, "PRKGOV");
    strcpy(ev.code, "036");
    ev.mode = DEEDS_MODE_ASSERTED;
    ev.sentence = sentence;
    ev.sentence_len = strlen(sentence);
    ev.source_text = (deeds_span){ 0, 15 };   /* President Trump */
    ev.target_text = (deeds_span){ 35, 46 };  /* Kim Jong Un */
    ev.verb_text = (deeds_span){ 24, 34 };    /* would meet */
    return ev;
}

static const deeds_article sample_article = {
    .id = "kcna-0612", .date = 20180612, .title = "Summit",
    .source = "KCNA", .url = "https://example.org/a", .text = sentence,
};

static void emit(deeds_format fmt, deeds_quad_convention conv,
                 const deeds_event *ev, const deeds_article *art, deeds_buf *b)
{
    deeds_buf_reset(b);
    deeds_format_event(fmt, conv, ev, art, b);
    assert_non_null(b->data);
}

/* ------------------------------------------------------------- parsing */

static void test_format_parse(void **state)
{
    (void)state;
    assert_int_equal(deeds_format_parse("jsonl"), DEEDS_FORMAT_JSONL);
    assert_int_equal(deeds_format_parse("tsv"), DEEDS_FORMAT_TSV);
    assert_int_equal(deeds_format_parse("gdelt"), DEEDS_FORMAT_GDELT);
    assert_int_equal(deeds_format_parse("plover"), DEEDS_FORMAT_PLOVER);
    assert_int_equal(deeds_format_parse("json"), -1);
    assert_int_equal(deeds_format_parse("csv"), -1);
    assert_int_equal(deeds_format_parse(""), -1);
    assert_int_equal(deeds_format_parse(NULL), -1);
}

/* --------------------------------------------------------------- jsonl */

static void test_jsonl_fields_in_order(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "doc", "sent", "date", "source", "target", "code", "root", "quad",
        "goldstein", "plover", "mode", "source_text", "target_text",
        "verb_text", "sentence",
    };
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    fields f;
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_int_equal(f.n, 15);
    for (int i = 0; i < 15; i++)
        assert_string_equal(f.key[i], keys[i]);
    assert_string_equal(field(&f, "doc"), "kcna-0612");
    assert_string_equal(field(&f, "sent"), "0");
    assert_string_equal(field(&f, "date"), "2018-06-12");
    assert_string_equal(field(&f, "source"), "USAGOV");
    assert_string_equal(field(&f, "target"), "PRKGOV");
    assert_string_equal(field(&f, "code"), "036");
    assert_string_equal(field(&f, "root"), "03");
    assert_string_equal(field(&f, "quad"), "1");
    assert_string_equal(field(&f, "goldstein"), "4.0");
    assert_string_equal(field(&f, "plover"), "AGREE");
    assert_string_equal(field(&f, "mode"), "asserted");
    assert_string_equal(field(&f, "source_text"), "President Trump");
    assert_string_equal(field(&f, "target_text"), "Kim Jong Un");
    assert_string_equal(field(&f, "verb_text"), "would meet");
    assert_string_equal(field(&f, "sentence"), sentence);
    /* codes stay strings, numbers stay numbers */
    assert_true(f.is_string[5] && f.is_string[6]);
    assert_false(f.is_string[1] || f.is_string[7] || f.is_string[8]);
    /* the spacing README shows */
    assert_memory_equal(b.data, "{\"doc\": \"kcna-0612\", \"sent\": 0, ", 32);
    deeds_buf_free(&b);
}

static void test_jsonl_numbers_and_convention(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    fields f;

    strcpy(ev.code, "190");
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "goldstein"), "-10.0");
    assert_string_equal(field(&f, "root"), "19");
    assert_string_equal(field(&f, "quad"), "4");

    strcpy(ev.code, "010");   /* 01: no PLOVER category, Phoenix neutral */
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_PHOENIX, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "goldstein"), "0.0");
    assert_string_equal(field(&f, "quad"), "0");
    assert_string_equal(field(&f, "plover"), "null");

    strcpy(ev.code, "145");   /* 14 under each convention */
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "quad"), "3");
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_ICEWS, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "quad"), "4");
    deeds_buf_free(&b);
}

/* A code outside the table: nothing about it is made up. */
static void test_jsonl_unknown_code(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    fields f;
    strcpy(ev.code, "1213");
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "code"), "1213");
    assert_string_equal(field(&f, "root"), "12");
    assert_string_equal(field(&f, "quad"), "null");
    assert_string_equal(field(&f, "goldstein"), "null");
    assert_string_equal(field(&f, "plover"), "null");

    strcpy(ev.code, "x");
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "root"), "null");
    assert_string_equal(field(&f, "quad"), "null");
    deeds_buf_free(&b);
}

static void test_jsonl_empty_and_bad_spans(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    fields f;
    ev.source_text = (deeds_span){ 5, 5 };
    ev.target_text = (deeds_span){ 40, 500 };  /* past the sentence */
    ev.verb_text = (deeds_span){ 9, 3 };
    ev.target[0] = '\0';
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "source_text"), "");
    assert_string_equal(field(&f, "target_text"), "");
    assert_string_equal(field(&f, "verb_text"), "");
    assert_string_equal(field(&f, "target"), "");

    ev.sentence = NULL;
    ev.sentence_len = 0;
    ev.doc = NULL;
    ev.date = 0;
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "sentence"), "");
    assert_string_equal(field(&f, "doc"), "");
    assert_string_equal(field(&f, "date"), "null");
    deeds_buf_free(&b);
}

/* Quotes, backslashes and control characters are escaped; UTF-8 passes
 * through byte for byte. */
static void test_jsonl_escaping(void **state)
{
    (void)state;
    static const char odd[] =
        "\"Nein\", said Merkel\\Scholz\ttoday\nin K\xc3\xb6ln \xe2\x80\x94 \x01ok";
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    fields f;
    ev.sentence = odd;
    ev.sentence_len = strlen(odd);
    ev.source_text = (deeds_span){ 0, 6 };
    ev.verb_text = (deeds_span){ 42, 45 };  /* the em dash */
    ev.target_text = (deeds_span){ 0, 0 };
    emit(DEEDS_FORMAT_JSONL, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    assert_non_null(strstr(b.data, "\"sentence\": \"\\\"Nein\\\", said Merkel\\\\Scholz"
                                   "\\ttoday\\nin K\xc3\xb6ln \xe2\x80\x94 \\u0001ok\"}"));
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "sentence"), odd);
    assert_string_equal(field(&f, "source_text"), "\"Nein\"");
    assert_string_equal(field(&f, "verb_text"), "\xe2\x80\x94");
    deeds_buf_free(&b);
}

/* ----------------------------------------------------------------- tsv */

static void test_tsv_header_and_columns(void **state)
{
    (void)state;
    deeds_buf h = { 0 }, b = { 0 };
    char *hcols[32], *cols[32];
    deeds_format_header(DEEDS_FORMAT_TSV, &h);
    assert_int_equal(h.data[h.len - 1], '\n');
    h.data[--h.len] = '\0';
    int nh = split_tabs(h.data, hcols, 32);
    assert_int_equal(nh, 15);
    assert_string_equal(hcols[0], "doc");
    assert_string_equal(hcols[14], "sentence");

    deeds_event ev = sample_event();
    emit(DEEDS_FORMAT_TSV, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    assert_int_equal(b.data[b.len - 1], '\n');
    b.data[--b.len] = '\0';
    int n = split_tabs(b.data, cols, 32);
    assert_int_equal(n, nh);
    static const char *const want[] = {
        "kcna-0612", "0", "2018-06-12", "USAGOV", "PRKGOV", "036", "03", "1",
        "4.0", "AGREE", "asserted", "President Trump", "Kim Jong Un",
        "would meet", sentence,
    };
    for (int i = 0; i < n; i++)
        assert_string_equal(cols[i], want[i]);
    deeds_buf_free(&h);
    deeds_buf_free(&b);
}

static void test_tsv_one_line_per_record(void **state)
{
    (void)state;
    static const char odd[] = "Line one\tcol\r\nline two \"quoted\"";
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    char *cols[32];
    ev.sentence = odd;
    ev.sentence_len = strlen(odd);
    ev.source_text = ev.target_text = ev.verb_text = (deeds_span){ 0, 0 };
    strcpy(ev.code, "999");  /* unknown: quad, goldstein, plover empty */
    emit(DEEDS_FORMAT_TSV, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    assert_ptr_equal(strchr(b.data, '\n'), b.data + b.len - 1);
    assert_null(strchr(b.data, '\r'));
    b.data[--b.len] = '\0';
    assert_int_equal(split_tabs(b.data, cols, 32), 15);
    assert_string_equal(cols[14], "Line one col  line two \"quoted\"");
    assert_string_equal(cols[7], "");
    assert_string_equal(cols[8], "");
    assert_string_equal(cols[9], "");
    assert_string_equal(cols[11], "");
    deeds_buf_free(&b);
}

static void test_header_only_for_tsv(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    deeds_format_header(DEEDS_FORMAT_JSONL, &b);
    deeds_format_header(DEEDS_FORMAT_GDELT, &b);
    deeds_format_header(DEEDS_FORMAT_PLOVER, &b);
    assert_int_equal(b.len, 0);
    deeds_buf_free(&b);
}

/* --------------------------------------------------------------- gdelt */

static int gdelt_columns(deeds_buf *b, char **cols)
{
    assert_int_equal(b->data[b->len - 1], '\n');
    assert_ptr_equal(strchr(b->data, '\n'), b->data + b->len - 1);
    b->data[--b->len] = '\0';
    return split_tabs(b->data, cols, MAX_FIELDS);
}

static void test_gdelt_columns(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    char *c[MAX_FIELDS];
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, &sample_article, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_true(strlen(c[0]) > 0 && strspn(c[0], "0123456789") == strlen(c[0]));
    assert_true(strtoull(c[0], NULL, 10) < (1ULL << 53));
    assert_string_equal(c[1], "20180612");
    assert_string_equal(c[2], "201806");
    assert_string_equal(c[3], "2018");
    assert_string_equal(c[4], "2018.4438");   /* 2018 + (5*30+12)/365 */
    assert_string_equal(c[5], "USAGOV");
    assert_string_equal(c[6], "President Trump");
    assert_string_equal(c[7], "USA");
    for (int i = 8; i <= 11; i++)
        assert_string_equal(c[i], "");
    assert_string_equal(c[12], "GOV");
    assert_string_equal(c[13], "");
    assert_string_equal(c[15], "PRKGOV");
    assert_string_equal(c[16], "Kim Jong Un");
    assert_string_equal(c[17], "PRK");
    assert_string_equal(c[22], "GOV");
    assert_string_equal(c[25], "1");
    assert_string_equal(c[26], "036");
    assert_string_equal(c[27], "036");
    assert_string_equal(c[28], "03");
    assert_string_equal(c[29], "1");
    assert_string_equal(c[30], "4.0");
    assert_string_equal(c[31], "1");
    assert_string_equal(c[32], "1");
    assert_string_equal(c[33], "1");
    for (int i = 34; i <= 59; i++)
        assert_string_equal(c[i], "");
    assert_string_equal(c[60], "https://example.org/a");
    deeds_buf_free(&b);
}

static void test_gdelt_actor_segments_and_codes(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    char *c[MAX_FIELDS];
    strcpy(ev.source, "IGOUNOKID");  /* no country: types IGO, UNO */
    strcpy(ev.target, "RUSMILGOVREB");
    strcpy(ev.code, "0311");
    ev.sent = 3;
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_ICEWS, &ev, NULL, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_string_equal(c[7], "");
    assert_string_equal(c[12], "IGO");
    assert_string_equal(c[13], "UNO");
    assert_string_equal(c[14], "");
    assert_string_equal(c[17], "RUS");
    assert_string_equal(c[22], "MIL");
    assert_string_equal(c[23], "GOV");
    assert_string_equal(c[24], "REB");
    assert_string_equal(c[25], "0");        /* not the lead sentence */
    assert_string_equal(c[26], "0311");
    assert_string_equal(c[27], "031");
    assert_string_equal(c[28], "03");
    assert_string_equal(c[30], "5.2");
    assert_string_equal(c[60], "kcna-0612"); /* no article: the doc id */

    ev.date = 20181231;                      /* the fraction stays below 1 */
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_ICEWS, &ev, NULL, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_string_equal(c[4], "2018.9890");
    ev.date = 20180101;
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_ICEWS, &ev, NULL, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_string_equal(c[4], "2018.0027");

    strcpy(ev.code, "091");                  /* ICEWS: 09 verbal conflict */
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_ICEWS, &ev, NULL, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_string_equal(c[29], "3");
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_string_equal(c[29], "2");
    deeds_buf_free(&b);
}

/* Unknown code, no actors, no date, no sentence, no article: still 61
 * columns and nothing invented. */
static void test_gdelt_sparse_event(void **state)
{
    (void)state;
    deeds_event ev;
    deeds_buf b = { 0 };
    char *c[MAX_FIELDS];
    memset(&ev, 0, sizeof ev);
    strcpy(ev.code, "13y");
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    assert_int_equal(gdelt_columns(&b, c), 61);
    assert_string_equal(c[1], "");
    assert_string_equal(c[5], "");
    assert_string_equal(c[26], "13y");
    assert_string_equal(c[27], "13");
    assert_string_equal(c[28], "13");
    assert_string_equal(c[29], "");
    assert_string_equal(c[30], "");
    assert_string_equal(c[60], "");
    deeds_buf_free(&b);
}

/* The id depends on what the event is, not on when it was written. */
static void test_event_id_stable(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    char *c[MAX_FIELDS], first[32], second[32];
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    gdelt_columns(&b, c);
    snprintf(first, sizeof first, "%s", c[0]);
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_ICEWS, &ev, &sample_article, &b);
    gdelt_columns(&b, c);
    assert_string_equal(c[0], first);
    ev.sent = 1;
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    gdelt_columns(&b, c);
    snprintf(second, sizeof second, "%s", c[0]);
    assert_string_not_equal(first, second);
    ev.sent = 0;
    strcpy(ev.code, "037");
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    gdelt_columns(&b, c);
    assert_string_not_equal(c[0], first);
    deeds_buf_free(&b);
}

/* -------------------------------------------------------------- plover */

static void test_plover_record(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "id", "date", "actor", "recipient", "event", "mode", "context",
        "quad_code", "event_text", "text", "text_info", "cite_info", "coder",
        "cameo_code", "goldstein",
    };
    deeds_event ev = sample_event();
    deeds_buf b = { 0 }, g = { 0 };
    char *c[MAX_FIELDS];
    fields f;
    strcpy(ev.code, "042");
    emit(DEEDS_FORMAT_PLOVER, DEEDS_QUAD_GDELT, &ev, &sample_article, &b);
    parse_object(b.data, &f);
    assert_int_equal(f.n, 15);
    for (int i = 0; i < 15; i++)
        assert_string_equal(f.key[i], keys[i]);
    emit(DEEDS_FORMAT_GDELT, DEEDS_QUAD_GDELT, &ev, NULL, &g);
    gdelt_columns(&g, c);
    assert_string_equal(field(&f, "id"), c[0]);
    assert_string_equal(field(&f, "date"), "2018-06-12");
    assert_string_equal(field(&f, "actor"),
        "[{\"code\": \"USA\", \"sector\": \"GOV\", \"entity_text\": \"President Trump\"}]");
    assert_string_equal(field(&f, "recipient"),
        "[{\"code\": \"PRK\", \"sector\": \"GOV\", \"entity_text\": \"Kim Jong Un\"}]");
    assert_string_equal(field(&f, "event"), "[\"CONSULT\"]");
    assert_string_equal(field(&f, "mode"), "[\"visit\"]");
    assert_string_equal(field(&f, "context"), "[]");
    assert_string_equal(field(&f, "quad_code"), "1");
    assert_string_equal(field(&f, "event_text"), "[\"would meet\"]");
    assert_string_equal(field(&f, "text"), sentence);
    assert_string_equal(field(&f, "text_info"), "{\"sequence\": 0}");
    assert_string_equal(field(&f, "cite_info"),
        "{\"citation\": \"kcna-0612\", \"url\": \"https://example.org/a\", "
        "\"title\": \"Summit\", \"publication\": \"KCNA\"}");
    assert_string_equal(field(&f, "cameo_code"), "042");
    assert_string_equal(field(&f, "goldstein"), "1.9");
    deeds_buf_free(&b);
    deeds_buf_free(&g);
}

static void test_plover_modes_and_gaps(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    fields f;

    ev.mode = DEEDS_MODE_NEGATED;
    strcpy(ev.code, "042");
    emit(DEEDS_FORMAT_PLOVER, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "mode"), "[\"visit\", \"negation\"]");
    assert_string_equal(field(&f, "cite_info"), "{\"citation\": \"kcna-0612\"}");

    ev.mode = DEEDS_MODE_HYPOTHETICAL;
    strcpy(ev.code, "163");                 /* PLOVER: COERCE, restrict */
    emit(DEEDS_FORMAT_PLOVER, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "event"), "[\"COERCE\"]");
    assert_string_equal(field(&f, "mode"), "[\"restrict\", \"hypothetical\"]");
    assert_string_equal(field(&f, "quad_code"), "4");

    ev.mode = DEEDS_MODE_ASSERTED;
    strcpy(ev.code, "010");                 /* PLOVER drops 01 */
    ev.target[0] = '\0';
    ev.verb_text = (deeds_span){ 0, 0 };
    emit(DEEDS_FORMAT_PLOVER, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "event"), "[]");
    assert_string_equal(field(&f, "mode"), "[]");
    assert_string_equal(field(&f, "quad_code"), "null");
    assert_string_equal(field(&f, "recipient"), "[]");
    assert_string_equal(field(&f, "event_text"), "[]");

    strcpy(ev.code, "1213");                /* not in the table */
    strcpy(ev.source, "US");                /* shorter than a segment */
    emit(DEEDS_FORMAT_PLOVER, DEEDS_QUAD_GDELT, &ev, NULL, &b);
    parse_object(b.data, &f);
    assert_string_equal(field(&f, "event"), "[]");
    assert_string_equal(field(&f, "goldstein"), "null");
    assert_string_equal(field(&f, "cameo_code"), "1213");
    assert_string_equal(field(&f, "actor"),
        "[{\"code\": \"US\", \"entity_text\": \"President Trump\"}]");
    deeds_buf_free(&b);
}

/* Appending: each call adds exactly one line after what is there. */
static void test_lines_append(void **state)
{
    (void)state;
    deeds_event ev = sample_event();
    deeds_buf b = { 0 };
    for (int fmt = DEEDS_FORMAT_JSONL; fmt <= DEEDS_FORMAT_PLOVER; fmt++) {
        deeds_buf_reset(&b);
        deeds_format_event((deeds_format)fmt, DEEDS_QUAD_GDELT, &ev, NULL, &b);
        size_t one = b.len;
        deeds_format_event((deeds_format)fmt, DEEDS_QUAD_GDELT, &ev, NULL, &b);
        assert_int_equal(b.len, 2 * one);
        assert_memory_equal(b.data, b.data + one, one);
    }
    deeds_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_jsonl_fields_in_order),
        cmocka_unit_test(test_jsonl_numbers_and_convention),
        cmocka_unit_test(test_jsonl_unknown_code),
        cmocka_unit_test(test_jsonl_empty_and_bad_spans),
        cmocka_unit_test(test_jsonl_escaping),
        cmocka_unit_test(test_tsv_header_and_columns),
        cmocka_unit_test(test_tsv_one_line_per_record),
        cmocka_unit_test(test_header_only_for_tsv),
        cmocka_unit_test(test_gdelt_columns),
        cmocka_unit_test(test_gdelt_actor_segments_and_codes),
        cmocka_unit_test(test_gdelt_sparse_event),
        cmocka_unit_test(test_event_id_stable),
        cmocka_unit_test(test_plover_record),
        cmocka_unit_test(test_plover_modes_and_gaps),
        cmocka_unit_test(test_lines_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
