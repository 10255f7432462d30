/*
 * tabari.c: runs TABARI's own validation suite (Validate.text and the
 * dictionaries named by its .project) in TABARI compatibility mode.  Each
 * record is "YYMMDD ID", its text, and a comment block whose braces hold
 * the expected events ({ SRC / TGT / CODE }), {---} (no event), {###}
 * (discarded), {+++} (complex), -{ ...} (not checked) or { OPTION: line }
 * (changes the options for the rest of the run, from the next record on).
 * FORWARD options are kept here: the runner hands each sentence the first
 * actor of the one before it in the same story.  Events are compared as
 * TABARI does: in output order, field by field.
 */
#include "coder.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct expect {
    char src[48], tgt[48], code[8];
} expect;

typedef struct record {
    char    id[64];
    char    idinfo[64];   /* the header after the date, as written */
    int32_t date;
    deeds_buf text;
    expect *ev;  size_t nev, cap;
    int     none, discard, complex, skip, checks;
} record;

static void add_expect(record *r, const char *s, size_t n)
{
    char buf[160];
    if (n >= sizeof buf)
        return;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *save = NULL;
    char *a = strtok_r(buf, "/", &save), *b = a ? strtok_r(NULL, "/", &save) : NULL,
         *c = b ? strtok_r(NULL, "/", &save) : NULL;
    if (!c)
        return;
    if (r->nev == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        r->ev = realloc(r->ev, r->cap * sizeof *r->ev);
    }
    expect *e = &r->ev[r->nev++];
    sscanf(a, " %47s", e->src);
    sscanf(b, " %47s", e->tgt);
    sscanf(c, " %7s", e->code);
    r->checks = 1;
}

/* FORWARD (manual 8.4): a pronoun that opens a sentence before any actor
 * takes the first actor of the previous sentence of the same story.  The
 * sequence format says where the story and sentence numbers are in the
 * header: '^' a leading blank, '*' any character, 'N' a digit of the story
 * number, 'S' a digit of the sentence number. */
typedef struct forward {
    char format[32];
    int  on;
    long story, sentence;        /* of the previous record */
    char actor[48];              /* its first actor */
} forward;

static void forward_option(forward *f, const char *s)
{
    s += strspn(s, " \t");
    s += 8;   /* "FORWARD:" */
    s += strspn(s, " \t");
    size_t n = strcspn(s, " \t}");
    snprintf(f->format, sizeof f->format, "%.*s", (int)n, s);
    f->on = n > 0 && !strstr(s + n, "OFF");
    f->actor[0] = '\0';
}

/* The story and sentence numbers of a header by the FORWARD format; a
 * number with a non-digit in it is 0. */
static void forward_numbers(const forward *f, const char *info, long *story, long *sentence)
{
    long v[2] = { 0, 0 };
    int bad[2] = { 0, 0 };
    size_t k = 0;
    for (const char *c = f->format; *c && info[k]; c++, k++) {
        int which = *c == 'N' ? 0 : *c == 'S' ? 1 : -1;
        if (which < 0)
            continue;
        if (isdigit((unsigned char)info[k]))
            v[which] = v[which] * 10 + (info[k] - '0');
        else
            bad[which] = 1;
    }
    *story = bad[0] ? 0 : v[0];
    *sentence = bad[1] ? 0 : v[1];
}

/* Reads the braces of a comment block: the checks into r, or (options set)
 * the OPTION lines into opt and fw.  TABARI codes a record before it acts
 * on the options in its comment block. */
static void read_comment(record *r, const char *s, size_t n, int options, dict_options *opt,
                         forward *fw, const char *file, long line, deeds_diag *diag)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '{')
            continue;
        size_t j = i + 1;
        while (j < n && s[j] != '}' && !(s[j] == '*' && j + 1 < n && s[j + 1] == '/'))
            j++;
        const char *b = s + i + 1;
        size_t bn = j - i - 1;
        while (bn && isspace((unsigned char)*b)) { b++; bn--; }
        while (bn && isspace((unsigned char)b[bn - 1])) bn--;
        int skipped = i > 0 && s[i - 1] == '-';
        if (bn >= 7 && !strncmp(b, "OPTION:", 7)) {
            if (!options) {
                i = j;
                continue;
            }
            char buf[256];
            snprintf(buf, sizeof buf, "%.*s", (int)(bn - 7), b + 7);
            const char *o = buf + strspn(buf, " \t");
            if (!strncmp(o, "FORWARD:", 8))
                forward_option(fw, o);
            else
                dict_options_line(opt, buf, file, line, diag);
        } else if (options) {
            ;
        } else if (skipped) {
            r->skip = 1;
        } else if (bn == 3 && !strncmp(b, "---", 3)) {
            r->none = r->checks = 1;
        } else if (bn == 3 && !strncmp(b, "###", 3)) {
            r->discard = r->checks = 1;
        } else if (bn == 3 && !strncmp(b, "+++", 3)) {
            r->complex = r->checks = 1;
        } else if (memchr(b, '/', bn)) {
            add_expect(r, b, bn);
        }
        i = j;
    }
}

static int header_line(const char *l, record *r)
{
    int k = 0;
    while (isdigit((unsigned char)l[k]))
        k++;
    if (k != 6 && k != 8)
        return 0;
    if (l[k] != ' ' && l[k] != '\t')
        return 0;
    const char *id = l + k;
    snprintf(r->idinfo, sizeof r->idinfo, "%.63s", id);
    while (*id == ' ' || *id == '\t')
        id++;
    if (!*id)
        return 0;
    memset(r->id, 0, sizeof r->id);
    sscanf(id, "%63s", r->id);
    char buf[12];
    if (k == 6) {
        int yy = (l[0] - '0') * 10 + (l[1] - '0');
        snprintf(buf, sizeof buf, "%s%.6s", yy <= 30 ? "20" : "19", l);
    } else {
        snprintf(buf, sizeof buf, "%.8s", l);
    }
    r->date = deeds_date_parse(buf, 8);
    return 1;
}

/* Compares the coder's events with the record; 1: pass.  why: a reason. */
static int check(const deeds_coder *c, const record *r, char *why, size_t cap)
{
    const parse *p = &c->p;
    if (r->discard)
        return p->discard ? 1 : (snprintf(why, cap, "expected a discard"), 0);
    if (r->complex)
        return p->complex ? 1 : (snprintf(why, cap, "expected a complex record"), 0);
    if (p->discard) {
        snprintf(why, cap, "discarded");
        return 0;
    }
    if (p->complex) {
        snprintf(why, cap, "complex: %s", p->complex_why ? p->complex_why : "");
        return 0;
    }
    if (p->nevents != r->nev) {
        snprintf(why, cap, "%zu events, expected %zu", p->nevents, r->nev);
        return 0;
    }
    for (size_t i = 0; i < r->nev; i++) {
        const found_event *e = &p->events[i];
        if (strcmp(e->source, r->ev[i].src) || strcmp(e->target, r->ev[i].tgt) ||
            strcmp(e->code, r->ev[i].code)) {
            snprintf(why, cap, "event %zu differs", i + 1);
            return 0;
        }
    }
    return 1;
}

static void print_record(FILE *out, const deeds_coder *c, const record *r, int pass,
                         const char *why)
{
    fprintf(out, "%s %s", pass ? "pass" : "FAIL", r->id);
    if (pass) {
        fputc('\n', out);
        return;
    }
    fprintf(out, ": %s\n  expected:", why);
    if (r->discard) fputs(" {###}", out);
    if (r->complex) fputs(" {+++}", out);
    if (r->none) fputs(" {---}", out);
    for (size_t i = 0; i < r->nev; i++)
        fprintf(out, " {%s %s %s}", r->ev[i].src, r->ev[i].tgt, r->ev[i].code);
    fputs("\n  got:     ", out);
    for (size_t i = 0; i < c->p.nevents; i++)
        fprintf(out, " {%s %s %s}", c->p.events[i].source, c->p.events[i].target,
                c->p.events[i].code);
    fputc('\n', out);
}

static void run_record(deeds_coder *c, record *r, forward *fw, int verbose, FILE *out,
                       int *passed, int *total)
{
    if (!r->id[0])
        return;
    long story = 0, sentence = 0;
    if (fw->on)
        forward_numbers(fw, r->idinfo, &story, &sentence);
    int follows = fw->on && story == fw->story && sentence == fw->sentence + 1;
    snprintf(c->p.forward_in, sizeof c->p.forward_in, "%s", follows ? fw->actor : "");
    coder_parse(c, r->text.data ? r->text.data : "", r->text.len, r->date);
    fw->story = story;
    fw->sentence = sentence;
    memcpy(fw->actor, c->p.forward_out, sizeof fw->actor);
    if (r->skip || !r->checks)
        return;
    char why[160] = "";
    int ok = check(c, r, why, sizeof why);
    (*total)++;
    *passed += ok;
    if (!ok || verbose)
        print_record(out, c, r, ok, why);
}

/* A record's comment block is complete: code and check the record, then
 * take its options.  Returns 1 after FINAL-01, the end of the suite. */
static int end_record(deeds_coder *c, record *r, forward *fw, const deeds_buf *comment,
                      const char *path, long line, int verbose, FILE *out, int *passed,
                      int *total, deeds_diag *diag)
{
    read_comment(r, comment->data, comment->len, 0, &c->popt.opt, fw, path, line, diag);
    run_record(c, r, fw, verbose, out, passed, total);
    read_comment(r, comment->data, comment->len, 1, &c->popt.opt, fw, path, line, diag);
    int last = !strcmp(r->id, "FINAL-01");
    r->id[0] = '\0';
    return last;
}

int deeds_validate_tabari(const char *project, int verbose, FILE *out,
                          deeds_diag *diag, int *passed, int *total)
{
    *passed = *total = 0;
    deeds_dict *d = dict_load_project(project, diag);
    if (!d)
        return -1;
    if (!d->text_files) {
        deeds_diag_error(diag, project, 0, "the project names no <textfile>");
        deeds_dict_free(d);
        return -1;
    }
    deeds_coder_options co = { .compat_tabari = 1 };
    deeds_coder *c = deeds_coder_new(d, &co);
    char *path = d->text_files;
    char *nl = strchr(path, '\n');
    if (nl)
        *nl = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) {
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_UNREADABLE, "cannot read the validation text");
        deeds_coder_free(c);
        deeds_dict_free(d);
        return -1;
    }
    record r;
    memset(&r, 0, sizeof r);
    forward fw;
    memset(&fw, 0, sizeof fw);
    char line[4096];
    long lineno = 0;
    int in_comment = 0, done = 0;
    deeds_buf comment = { 0 };
    long comment_line = 0;
    while (!done && fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (in_comment) {
            char *close = strstr(line, "*/");
            deeds_buf_append(&comment, line, close ? (size_t)(close - line) : n);
            deeds_buf_append(&comment, "\n", 1);
            if (close) {
                in_comment = 0;
                done = end_record(c, &r, &fw, &comment, path, comment_line, verbose, out,
                                  passed, total, diag);
            }
            continue;
        }
        record next;
        if (header_line(line, &next)) {
            deeds_buf_free(&r.text);
            free(r.ev);
            memset(&r, 0, sizeof r);
            memcpy(r.id, next.id, sizeof r.id);
            memcpy(r.idinfo, next.idinfo, sizeof r.idinfo);
            r.date = next.date;
            continue;
        }
        if (!r.id[0] || line[0] == '#')
            continue;
        char *open = strstr(line, "/*");
        deeds_buf_append(&r.text, line, open ? (size_t)(open - line) : n);
        deeds_buf_append(&r.text, " ", 1);
        if (open) {
            deeds_buf_reset(&comment);
            comment_line = lineno;
            char *rest = open + 2;
            char *close = strstr(rest, "*/");
            deeds_buf_append(&comment, rest, close ? (size_t)(close - rest) : strlen(rest));
            in_comment = 1;
            if (close) {
                in_comment = 0;
                done = end_record(c, &r, &fw, &comment, path, comment_line, verbose, out,
                                  passed, total, diag);
            }
        }
    }
    fclose(f);
    deeds_buf_free(&comment);
    deeds_buf_free(&r.text);
    free(r.ev);
    fprintf(out, "pass %d/%d\n", *passed, *total);
    deeds_coder_free(c);
    deeds_dict_free(d);
    return 0;
}
