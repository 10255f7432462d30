/*
 * validate.c: scores the coder against a gold file (docs/validate.md).
 *
 * Each gold record is read with the article reader (so it gets the same
 * checks and messages as any input), its "expect" and "forbid" entries are
 * turned into filters, its text is coded, and the asserted events are
 * scored against the filters.  What comes out is a report for people: the
 * pass rate, per-root precision and recall, and, when asked, every failing
 * record with the events it produced.
 */
#include "validate.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- scoring */

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int any_prefix(const char *s, const char **prefixes, size_t n)
{
    if (!n)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (has_prefix(s, prefixes[i]))
            return 1;
    return 0;
}

int gold_filter_matches(const gold_filter *f, const deeds_event *ev)
{
    return any_prefix(ev->source, f->src, f->n_src) &&
           any_prefix(ev->target, f->tgt, f->n_tgt) &&
           any_prefix(ev->code, f->root, f->n_root);
}

/* The root (0..99) a code starts with, -1 when it does not start with two
 * digits. */
static int root_of(const char *code)
{
    if (code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return -1;
    return (code[0] - '0') * 10 + (code[1] - '0');
}

static int first_match(const gold_filter *f, const deeds_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ev[i].mode == DEEDS_MODE_ASSERTED && gold_filter_matches(f, &ev[i]))
            return (int)i;
    return -1;
}

/* Counts an expect entry under each distinct root it names. */
static void tally_expect(const gold_filter *f, int matched, gold_tally *t)
{
    int seen[GOLD_ROOTS] = { 0 };
    for (size_t k = 0; k < f->n_root; k++) {
        int root = root_of(f->root[k]);
        if (root < 0 || seen[root])
            continue;
        seen[root] = 1;
        t->expected[root]++;
        t->recalled[root] += matched;
    }
    t->expect_total++;
    t->expect_matched += matched;
}

/* Counts an asserted event: correct when some expect entry accepts it. */
static void tally_event(const gold_record *g, const deeds_event *ev,
                        gold_tally *t)
{
    int correct = 0;
    for (size_t k = 0; k < g->n_expect && !correct; k++)
        correct = gold_filter_matches(&g->expect[k], ev);
    int root = root_of(ev->code);
    if (root >= 0) {
        t->events[root]++;
        t->correct[root] += correct;
    }
    t->events_total++;
    t->extra += !correct;
}

int gold_score(const gold_record *g, const deeds_event *ev, size_t n,
               int *expect_hit, int *forbid_hit, gold_tally *t)
{
    int pass = 1;
    for (size_t k = 0; k < g->n_expect; k++) {
        expect_hit[k] = first_match(&g->expect[k], ev, n);
        pass &= expect_hit[k] >= 0;
        tally_expect(&g->expect[k], expect_hit[k] >= 0, t);
    }
    for (size_t k = 0; k < g->n_forbid; k++) {
        forbid_hit[k] = first_match(&g->forbid[k], ev, n);
        pass &= forbid_hit[k] < 0;
        t->forbidden += forbid_hit[k] >= 0;
    }
    for (size_t i = 0; i < n; i++)
        if (ev[i].mode == DEEDS_MODE_ASSERTED)
            tally_event(g, &ev[i], t);
    t->records++;
    t->passed += pass;
    return pass;
}

/* "75.0%", or "-" when there is nothing to divide by. */
static const char *ratio(char out[16], unsigned long part, unsigned long whole)
{
    if (!whole)
        return "-";
    snprintf(out, 16, "%.1f%%", 100.0 * (double)part / (double)whole);
    return out;
}

static void print_row(FILE *out, const char *label, unsigned long expected,
                      unsigned long matched, unsigned long events,
                      unsigned long correct)
{
    char recall[16], precision[16];
    fprintf(out, "%-4s  %8lu  %7lu  %7s  %7lu  %7lu  %9s\n", label, expected,
            matched, ratio(recall, matched, expected), events, correct,
            ratio(precision, correct, events));
}

void gold_tally_print(const gold_tally *t, FILE *out)
{
    fprintf(out, "pass %d/%d (%.1f%%)\n", t->passed, t->records,
            t->records ? 100.0 * t->passed / t->records : 0.0);
    fputs("root  expected  matched   recall   events  correct  precision\n",
          out);
    for (int r = 0; r < GOLD_ROOTS; r++) {
        if (!t->expected[r] && !t->events[r])
            continue;
        char label[12];
        snprintf(label, sizeof label, "%02d", r);
        print_row(out, label, t->expected[r], t->recalled[r], t->events[r],
                  t->correct[r]);
    }
    print_row(out, "all", t->expect_total, t->expect_matched, t->events_total,
              t->events_total - t->extra);
    fprintf(out, "extra events (asserted, matching no expect entry): %lu\n",
            t->extra);
    fprintf(out, "forbidden events: %lu\n", t->forbidden);
}

/* ------------------------------------------------------------ gold records */

/* Reads one list of a filter: an array of non-empty strings or a single
 * string.  Returns a message on error. */
static const char *read_list(const json_value *v, const char *key,
                             const char ***list, size_t *n)
{
    *list = NULL;
    *n = 0;
    if (!v)
        return NULL;
    size_t count = v->type == JSON_STRING ? 1
                 : v->type == JSON_ARRAY  ? v->len : 0;
    if (!count)
        return "must be a non-empty array of strings (leave the key out "
               "to accept anything)";
    const char **out = calloc(count, sizeof *out);
    if (!out)
        abort();
    for (size_t i = 0; i < count; i++) {
        const json_value *item = v->type == JSON_STRING ? v : &v->u.items[i];
        if (item->type != JSON_STRING || !item->len) {
            free(out);
            return "must hold only non-empty strings";
        }
        if (strcmp(key, "root") == 0 && root_of(item->u.str) < 0) {
            free(out);
            return "must hold CAMEO codes such as \"03\"";
        }
        out[i] = item->u.str;
    }
    *list = out;
    *n = count;
    return NULL;
}

static void filter_free(gold_filter *f)
{
    free(f->src);
    free(f->tgt);
    free(f->root);
}

/* Reads one entry {"src": [...], "tgt": [...], "root": [...]}; returns a
 * message on error. */
static const char *read_filter(const json_value *v, gold_filter *f,
                               char *why, size_t why_size)
{
    memset(f, 0, sizeof *f);
    if (v->type != JSON_OBJECT)
        return "entries must be objects such as {\"src\": [\"USA\"], "
               "\"root\": [\"03\"]}";
    for (size_t i = 0; i < v->len; i++) {
        const char *key = v->u.members[i].key;
        if (strcmp(key, "src") && strcmp(key, "tgt") && strcmp(key, "root")) {
            snprintf(why, why_size, "unknown key \"%.40s\" (use src, tgt, "
                     "root)", key);
            return why;
        }
    }
    static const char *const keys[] = { "src", "tgt", "root" };
    const char ***lists[] = { &f->src, &f->tgt, &f->root };
    size_t *counts[] = { &f->n_src, &f->n_tgt, &f->n_root };
    for (int k = 0; k < 3; k++) {
        const char *msg = read_list(json_object_get(v, keys[k]), keys[k],
                                    lists[k], counts[k]);
        if (msg) {
            snprintf(why, why_size, "\"%s\" %s", keys[k], msg);
            filter_free(f);
            return why;
        }
    }
    return NULL;
}

static void gold_record_free(gold_record *g)
{
    for (size_t i = 0; i < g->n_expect; i++)
        filter_free(&g->expect[i]);
    for (size_t i = 0; i < g->n_forbid; i++)
        filter_free(&g->forbid[i]);
    free(g->expect);
    free(g->forbid);
    memset(g, 0, sizeof *g);
}

/* Reads "expect" or "forbid" into *list; 0 after reporting a problem. */
static int read_entries(const json_value *rec, const char *key,
                        gold_filter **list, size_t *n,
                        const deeds_article *a, deeds_diag *diag)
{
    const json_value *v = json_object_get(rec, key);
    if (!v)
        return 1;
    if (v->type != JSON_ARRAY) {
        deeds_diag_skip(diag, a->file, a->line, DEEDS_SKIP_BAD_JSON,
                        "gold record \"%s\": \"%s\" must be an array of "
                        "entries", a->id, key);
        return 0;
    }
    *list = calloc(v->len + 1, sizeof **list);
    if (!*list)
        abort();
    for (size_t i = 0; i < v->len; i++) {
        char why[160];
        const char *msg = read_filter(&v->u.items[i], &(*list)[i], why,
                                      sizeof why);
        if (msg) {
            deeds_diag_skip(diag, a->file, a->line, DEEDS_SKIP_BAD_JSON,
                            "gold record \"%s\": %s entry %zu: %s", a->id,
                            key, i + 1, msg);
            return 0;
        }
        (*n)++;
    }
    return 1;
}

static int read_gold(const json_value *rec, const deeds_article *a,
                     gold_record *g, deeds_diag *diag)
{
    memset(g, 0, sizeof *g);
    if (read_entries(rec, "expect", &g->expect, &g->n_expect, a, diag) &&
        read_entries(rec, "forbid", &g->forbid, &g->n_forbid, a, diag))
        return 1;
    gold_record_free(g);
    return 0;
}

/* ------------------------------------------------------------- reporting */

typedef struct event_list {
    deeds_event *v;
    size_t       n, cap;
} event_list;

static void collect_event(void *ud, const deeds_event *ev)
{
    event_list *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        deeds_event *grown = realloc(l->v, l->cap * sizeof *grown);
        if (!grown)
            abort();
        l->v = grown;
    }
    l->v[l->n++] = *ev;
}

static void print_list(FILE *out, const char *key, const char **v, size_t n)
{
    fprintf(out, " %s=", key);
    if (!n)
        fputc('*', out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? "|" : "", v[i]);
}

static void print_filter(FILE *out, const char *kind, const gold_filter *f)
{
    fprintf(out, "  %s", kind);
    print_list(out, "src", f->src, f->n_src);
    print_list(out, "tgt", f->tgt, f->n_tgt);
    print_list(out, "root", f->root, f->n_root);
}

static void print_event(FILE *out, size_t i, const deeds_event *ev)
{
    const deeds_cameo *cameo = deeds_cameo_lookup(ev->code);
    fprintf(out, "  event %zu: %s -> %s %s %s (%s, sentence %d)", i + 1,
            ev->source[0] ? ev->source : "?", ev->target[0] ? ev->target : "?",
            ev->code, cameo ? cameo->label : "(unknown code)",
            deeds_mode_name(ev->mode), ev->sent);
    if (ev->verb_text.end > ev->verb_text.start &&
        ev->verb_text.end <= ev->sentence_len)
        fprintf(out, " verb \"%.*s\"",
                (int)(ev->verb_text.end - ev->verb_text.start),
                ev->sentence + ev->verb_text.start);
    fputc('\n', out);
}

static void print_failure(FILE *out, const deeds_article *a,
                          const gold_record *g, const event_list *events,
                          const int *expect_hit, const int *forbid_hit)
{
    fprintf(out, "FAIL %s (%s:%ld)\n  text: %.*s\n", a->id, a->file, a->line,
            (int)a->text_len, a->text);
    for (size_t k = 0; k < g->n_expect; k++) {
        print_filter(out, "expect", &g->expect[k]);
        if (expect_hit[k] < 0)
            fputs(": MISSING\n", out);
        else
            fprintf(out, ": matched by event %d\n", expect_hit[k] + 1);
    }
    for (size_t k = 0; k < g->n_forbid; k++) {
        print_filter(out, "forbid", &g->forbid[k]);
        if (forbid_hit[k] < 0)
            fputs(": ok\n", out);
        else
            fprintf(out, ": VIOLATED by event %d\n", forbid_hit[k] + 1);
    }
    if (!events->n)
        fputs("  (no events)\n", out);
    for (size_t i = 0; i < events->n; i++)
        print_event(out, i, &events->v[i]);
}

/* ---------------------------------------------------------------- driver */

/* Codes and scores one gold record; non-zero when it passes. */
static int validate_record(deeds_coder *c, const deeds_article *a,
                           const gold_record *g, int verbose, FILE *out,
                           event_list *events, gold_tally *t)
{
    events->n = 0;
    int coded = deeds_code_article(c, a, collect_event, events, NULL) == 0;
    int *hits = calloc(g->n_expect + g->n_forbid + 1, sizeof *hits);
    if (!hits)
        abort();
    int scored = gold_score(g, events->v, events->n, hits,
                            hits + g->n_expect, t);
    int pass = scored && coded;
    if (scored && !coded)
        t->passed--;  /* a record the coder failed on cannot pass */
    if (!pass && verbose)
        print_failure(out, a, g, events, hits, hits + g->n_expect);
    free(hits);
    return pass;
}

int deeds_validate_gold(deeds_coder *c, const char *path, int verbose,
                        FILE *out, deeds_diag *diag, int *passed, int *total)
{
    deeds_reader *r = deeds_reader_open(path, DEEDS_INPUT_JSONL, 0, 0, diag);
    if (!r)
        return -1;
    gold_tally *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    event_list events = { 0 };
    deeds_article a;
    int got;
    while ((got = deeds_reader_next(r, &a)) == 1) {
        gold_record g;
        if (!read_gold(deeds_reader_record(r), &a, &g, diag))
            continue;
        validate_record(c, &a, &g, verbose, out, &events, t);
        gold_record_free(&g);
    }
    gold_tally_print(t, out);
    if (passed)
        *passed = t->passed;
    if (total)
        *total = t->records;
    free(events.v);
    free(t);
    deeds_reader_close(r);
    return got < 0 ? -1 : 0;
}
