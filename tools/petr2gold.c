/*
 * petr2gold: turns PETRARCH-1's validation suite (PETR.Validate.records,
 * an XML-like file that is not well-formed XML) into deeds' gold format, so
 * that `deeds validate` scores the coder on it with the built-in
 * dictionaries or, through --dict, with the suite's own dictionaries.
 * Validation tool only: `make validate` runs it on ../shared and writes
 * into build/.
 *   petr2gold PETR.Validate.records.txt > petr-gold.jsonl
 *
 * A record is the text from one "<Sentence" to the next (comments removed
 * first: they hold pattern notes, old codings and a stray "<Sentence>").
 * Its date and id come from the Sentence tag; each
 * <EventCoding sourcecode targetcode eventcode> becomes one expect entry
 * with those codes as written (src and tgt are prefixes, so ARN also
 * accepts ARNGOV; eventcode must match from its start); the text is what
 * <Text> holds or, in records not yet converted to PETRARCH's form, the
 * lines between the tags and the parse tree.  A record with no EventCoding
 * (the suite's "should not code" cases) or with noevents expects nothing:
 * it gets "forbid": [{}], so any asserted event fails it.  Records marked
 * <Skip>, without a date or without text are reported, counted and left
 * out; the counts end up on standard error as "petr2gold: N written, ...".
 */
#include "deeds.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- reading */

/* Blanks every <!-- ... --> in place, keeping its line breaks so that line
 * numbers still point into the file. */
static void blank_comments(char *s)
{
    char *open;
    while ((open = strstr(s, "<!--")) != NULL) {
        char *close = strstr(open + 4, "-->");
        char *end = close ? close + 3 : open + strlen(open);
        for (char *p = open; p < end; p++)
            if (*p != '\n')
                *p = ' ';
        s = end;
    }
}

/* Copies the value of attribute name in the tag starting at tag (up to its
 * '>') into out; returns 0 when the tag lacks it. */
static int tag_attribute(const char *tag, const char *name, char *out,
                         size_t size)
{
    const char *end = strchr(tag, '>');
    size_t n = strlen(name);
    for (const char *p = tag; end && p < end; p++) {
        if (strncmp(p, name, n) || p[n] != '=' || p[n + 1] != '"' ||
            (p > tag && p[-1] != ' ' && p[-1] != '\t'))
            continue;
        const char *v = p + n + 2, *q = strchr(v, '"');
        if (!q || q > end)
            return 0;
        size_t len = (size_t)(q - v) < size - 1 ? (size_t)(q - v) : size - 1;
        memcpy(out, v, len);
        out[len] = '\0';
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------- a record */

typedef struct petr_record {
    char      id[64], date[16];
    long      line;
    int       skip, noevents;
    deeds_buf text;      /* words joined by single blanks */
    deeds_buf expect;    /* the JSON of the expect entries, comma-separated */
    int       n_expect;
} petr_record;

static void add_code(deeds_buf *b, const char *key, const char *code,
                     int *first)
{
    if (!*code)
        return;
    deeds_buf_printf(b, "%s\"%s\": ", *first ? "" : ", ", key);
    deeds_buf_json_string(b, code, strlen(code));
    *first = 0;
}

/* Adds the expect entry of one EventCoding tag. */
static void read_event_coding(petr_record *r, const char *tag)
{
    char src[64] = "", tgt[64] = "", code[64] = "", no[16] = "";
    if (tag_attribute(tag, "noevents", no, sizeof no)) {
        r->noevents = 1;
        return;
    }
    tag_attribute(tag, "sourcecode", src, sizeof src);
    tag_attribute(tag, "targetcode", tgt, sizeof tgt);
    tag_attribute(tag, "eventcode", code, sizeof code);
    int first = 1;
    deeds_buf_puts(&r->expect, r->n_expect++ ? ", {" : "{");
    add_code(&r->expect, "src", src, &first);
    add_code(&r->expect, "tgt", tgt, &first);
    add_code(&r->expect, "root", code, &first);
    deeds_buf_puts(&r->expect, "}");
}

static void append_words(deeds_buf *b, const char *line, size_t n)
{
    while (n && (*line == ' ' || *line == '\t' || *line == '\r')) {
        line++;
        n--;
    }
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
                 line[n - 1] == '\r'))
        n--;
    if (!n)
        return;
    if (b->len)
        deeds_buf_puts(b, " ");
    deeds_buf_append(b, line, n);
}

/* Reads the record in s[0..n): tags, codings and text.  Text is every line
 * that is not a tag, up to </Text>, <Parse> or the first parse-tree line. */
static void read_record(petr_record *r, const char *s, size_t n)
{
    int text_done = 0;
    for (const char *p = s, *end = s + n; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t'))
            q++;
        if (!strncmp(q, "<Sentence", 9)) {
            tag_attribute(q, "id", r->id, sizeof r->id);
            tag_attribute(q, "date", r->date, sizeof r->date);
        } else if (!strncmp(q, "<EventCoding", 12)) {
            read_event_coding(r, q);
        } else if (!strncmp(q, "<Skip", 5)) {
            r->skip = 1;
        } else if (!strncmp(q, "</Text", 6) || !strncmp(q, "<Parse", 6) ||
                   *q == '(' || !strncmp(q, "</Sentence", 10)) {
            text_done = 1;
        } else if (*q != '<' && !text_done) {
            append_words(&r->text, q, (size_t)(eol - q));
        }
        p = eol + 1;
    }
}

/* ---------------------------------------------------------------- output */

typedef struct tally {
    unsigned long written, expect_none, skip_marked, no_date, no_text;
} tally;

static void write_record(petr_record *r, const char *file, FILE *out,
                         tally *t, deeds_diag *diag)
{
    const char *id = *r->id ? r->id : "(no id)";
    int32_t date = deeds_date_parse(r->date, strlen(r->date));
    if (r->skip) {
        t->skip_marked++;
        deeds_diag_skip(diag, file, r->line, DEEDS_SKIP_EMPTY, "record %s is "
                        "marked <Skip> in the suite", id);
        return;
    }
    if (!date) {
        t->no_date++;
        deeds_diag_skip(diag, file, r->line, DEEDS_SKIP_BAD_DATE, "record %s: "
                        "date \"%s\" is not YYYYMMDD", id, r->date);
        return;
    }
    if (!r->text.len) {
        t->no_text++;
        deeds_diag_skip(diag, file, r->line, DEEDS_SKIP_NO_TEXT, "record %s "
                        "has no text", id);
        return;
    }
    char iso[11];
    deeds_date_format(date, iso);
    deeds_buf b = { 0 };
    deeds_buf_puts(&b, "{\"id\": ");
    deeds_buf_json_string(&b, id, strlen(id));
    deeds_buf_printf(&b, ", \"date\": \"%s\", \"text\": ", iso);
    deeds_buf_json_string(&b, r->text.data, r->text.len);
    if (r->n_expect && !r->noevents) {
        deeds_buf_printf(&b, ", \"expect\": [%s]}\n", r->expect.data);
    } else {
        deeds_buf_puts(&b, ", \"forbid\": [{}]}\n");
        t->expect_none++;
    }
    fwrite(b.data, 1, b.len, out);
    deeds_buf_free(&b);
    t->written++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: petr2gold PETR.Validate.records.txt > gold.jsonl\n",
              stderr);
        return 1;
    }
    deeds_diag diag = { 0 };
    size_t len;
    char *input = deeds_read_file(argv[1], &len);
    if (!input) {
        deeds_diag_error(&diag, argv[1], 0, "cannot read the file");
        return 1;
    }
    blank_comments(input);
    tally t = { 0 };
    long line = 1;
    const char *scanned = input;
    for (char *s = strstr(input, "<Sentence"); s;) {
        char *next = strstr(s + 9, "<Sentence");
        size_t n = next ? (size_t)(next - s) : strlen(s);
        for (; scanned < s; scanned++)
            line += *scanned == '\n';
        petr_record r = { .line = line };
        read_record(&r, s, n);
        write_record(&r, argv[1], stdout, &t, &diag);
        deeds_buf_free(&r.text);
        deeds_buf_free(&r.expect);
        s = next;
    }
    fprintf(stderr, "petr2gold: %lu written (%lu expecting no event), %lu "
            "skipped (%lu marked <Skip>, %lu without a date, %lu without "
            "text)\n", t.written, t.expect_none,
            t.skip_marked + t.no_date + t.no_text, t.skip_marked, t.no_date,
            t.no_text);
    free(input);
    return fflush(stdout) == 0 ? 0 : 1;
}
