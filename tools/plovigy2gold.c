/*
 * plovigy2gold: turns plovigy's test file (Reuters sentences, upper-cased
 * and tokenised, each coded by PETRARCH-2 in meta.coding as
 * "[u'SRC', u'TGT', u'CODE']") into deeds' gold format whose expect entry
 * is PETRARCH-2's coding, so that `deeds validate` measures how often deeds
 * agrees with PETRARCH-2.  Validation tool only: `make validate` runs it on
 * ../shared and writes into build/.
 *   plovigy2gold MODE plovigy_testfile.jsonl > gold.jsonl
 * MODE says what a record must match to pass:
 *   root  an asserted event with PETRARCH-2's root;
 *   dyad  the same root, and source and target with PETRARCH-2's country
 *         prefixes (the first three letters; a code starting with "---"
 *         names no country and puts no condition);
 *   any   any asserted event (the records that fail are those deeds codes
 *         nothing on).
 * The date comes from the Reuters story id in meta.textid (REUT-YYMMDD-...).
 * Parser tokens are turned back into text: -LRB- and -RRB- into brackets,
 * a split-off 'S rejoined to its word.  Section-divider lines, and lines
 * without a date or a coding, are reported, counted and left out; the
 * counts end up on standard error as "plovigy2gold: N written, ...".
 */
#include "deeds.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

typedef enum gold_mode { MODE_ROOT, MODE_DYAD, MODE_ANY } gold_mode;

typedef struct tally {
    unsigned long written, dividers, no_date, no_coding, bad_json;
} tally;

/* ------------------------------------------------------------- fields */

/* The date of a Reuters story id "...REUT-YYMMDD-NNNN..." (years 79-99 are
 * the 1900s), or 0. */
static int32_t story_date(const char *textid)
{
    const char *p = textid ? strstr(textid, "REUT-") : NULL;
    if (!p)
        return 0;
    p += 5;
    for (int i = 0; i < 6; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    int yy = (p[0] - '0') * 10 + (p[1] - '0');
    char ymd[9];
    snprintf(ymd, sizeof ymd, "%d%.4s", yy < 50 ? 2000 + yy : 1900 + yy,
             p + 2);
    return deeds_date_parse(ymd, 8);
}

/* Reads the three quoted codes of "[u'SRC', u'TGT', u'CODE']"; returns 0
 * when the string is not of that form. */
static int read_coding(const char *s, char codes[3][32])
{
    for (int i = 0; i < 3; i++) {
        const char *open = strchr(s, '\'');
        const char *close = open ? strchr(open + 1, '\'') : NULL;
        if (!close || close - open - 1 >= 32)
            return 0;
        memcpy(codes[i], open + 1, (size_t)(close - open - 1));
        codes[i][close - open - 1] = '\0';
        s = close + 1;
    }
    return codes[2][0] >= '0' && codes[2][0] <= '9' &&
           codes[2][1] >= '0' && codes[2][1] <= '9';
}

/* Appends the text with the parser's bracket tokens turned back into
 * brackets and " 'S" rejoined to its word. */
static void append_text(deeds_buf *b, const char *text)
{
    static const struct { const char *token, *text; } tokens[] = {
        { "-LRB-", "(" }, { "-RRB-", ")" }, { "-LSB-", "[" },
        { "-RSB-", "]" }, { " 'S ", "'S " },
    };
    deeds_buf plain = { 0 };
    for (const char *p = text; *p;) {
        size_t k = 0, n_tokens = sizeof tokens / sizeof tokens[0];
        while (k < n_tokens &&
               strncmp(p, tokens[k].token, strlen(tokens[k].token)))
            k++;
        if (k < n_tokens) {
            deeds_buf_puts(&plain, tokens[k].text);
            p += strlen(tokens[k].token);
        } else {
            deeds_buf_append(&plain, p++, 1);
        }
    }
    deeds_buf_json_string(b, plain.data ? plain.data : "", plain.len);
    deeds_buf_free(&plain);
}

/* Appends , "key": ["XXX"] with the country prefix of code, unless the
 * code names no country. */
static void append_country(deeds_buf *b, const char *key, const char *code)
{
    if (strlen(code) < 3 || !strncmp(code, "---", 3))
        return;
    deeds_buf_printf(b, ", \"%s\": [\"%.3s\"]", key, code);
}

/* ------------------------------------------------------------ a record */

static const char *string_member(const json_value *obj, const char *key)
{
    const json_value *v = json_object_get(obj, key);
    return v && v->type == JSON_STRING ? v->u.str : NULL;
}

static void convert_line(json_parser *parser, const char *line, size_t len,
                         gold_mode mode, const char *file, long lineno,
                         FILE *out, tally *t, deeds_diag *diag)
{
    json_error err;
    const json_value *rec = json_parse(parser, line, len, &err);
    if (!rec || rec->type != JSON_OBJECT) {
        t->bad_json++;
        deeds_diag_skip(diag, file, lineno, DEEDS_SKIP_BAD_JSON, "%s",
                        rec ? "not a JSON object" : err.message);
        return;
    }
    const json_value *meta = json_object_get(rec, "meta");
    const char *klass = string_member(meta, "class");
    if (klass && !strcmp(klass, "section divider")) {
        t->dividers++;
        deeds_diag_skip(diag, file, lineno, DEEDS_SKIP_NO_TEXT, "a section "
                        "divider, not a coded sentence");
        return;
    }
    const char *text = string_member(rec, "text");
    const char *coding = string_member(meta, "coding");
    int32_t date = story_date(string_member(meta, "textid"));
    char codes[3][32];
    if (!text || !coding || !read_coding(coding, codes)) {
        t->no_coding++;
        deeds_diag_skip(diag, file, lineno, DEEDS_SKIP_NO_TEXT, "no text or "
                        "no meta.coding of the form \"[u'SRC', u'TGT', "
                        "u'CODE']\"");
        return;
    }
    if (!date) {
        t->no_date++;
        deeds_diag_skip(diag, file, lineno, DEEDS_SKIP_NO_DATE, "meta.textid "
                        "holds no Reuters story id REUT-YYMMDD-...");
        return;
    }
    char iso[11];
    deeds_date_format(date, iso);
    deeds_buf b = { 0 };
    deeds_buf_printf(&b, "{\"id\": \"plovigy-%ld\", \"date\": \"%s\", "
                     "\"text\": ", lineno, iso);
    append_text(&b, text);
    deeds_buf_puts(&b, ", \"expect\": [{");
    if (mode != MODE_ANY) {
        deeds_buf_printf(&b, "\"root\": [\"%.2s\"]", codes[2]);
        if (mode == MODE_DYAD) {
            append_country(&b, "src", codes[0]);
            append_country(&b, "tgt", codes[1]);
        }
    }
    deeds_buf_puts(&b, "}]}\n");
    fwrite(b.data, 1, b.len, out);
    deeds_buf_free(&b);
    t->written++;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    gold_mode mode = MODE_ROOT;
    if (argc == 3 && !strcmp(argv[1], "dyad"))
        mode = MODE_DYAD;
    else if (argc == 3 && !strcmp(argv[1], "any"))
        mode = MODE_ANY;
    else if (argc != 3 || strcmp(argv[1], "root")) {
        fputs("usage: plovigy2gold root|dyad|any plovigy_testfile.jsonl "
              "> gold.jsonl\n", stderr);
        return 1;
    }
    deeds_diag diag = { 0 };
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        deeds_diag_error(&diag, argv[2], 0, "cannot read the file");
        return 1;
    }
    json_parser *parser = json_parser_new();
    tally t = { 0 };
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (long lineno = 1; (len = getline(&line, &cap, f)) >= 0; lineno++)
        if (len > 1)
            convert_line(parser, line, (size_t)len, mode, argv[2], lineno,
                         stdout, &t, &diag);
    fclose(f);
    free(line);
    json_parser_free(parser);
    fprintf(stderr, "plovigy2gold: %lu written, %lu skipped (%lu section "
            "dividers, %lu without a coding, %lu without a date, %lu not "
            "JSON)\n", t.written,
            t.dividers + t.no_coding + t.no_date + t.bad_json, t.dividers,
            t.no_coding, t.no_date, t.bad_json);
    return fflush(stdout) == 0 ? 0 : 1;
}
