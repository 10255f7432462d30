/*
 * dictinfo.c: what a user asks of a loaded dictionary set (`deeds dict`):
 * what a phrase resolves to on a date (who), how large the set is and how
 * much of CAMEO its verbs cover (stats), and the checks that go beyond
 * syntax (check): duplicate phrases, overlapping date ranges, event codes
 * that CAMEO does not have.  Loading (dict.c) already reports every line it
 * cannot parse; this file only reads the loaded arrays.
 */
#include "coder.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
    [DK_ACTOR] = "actor", [DK_AGENT] = "agent", [DK_VERB] = "verb form",
    [DK_NOUN] = "noun", [DK_ADJ] = "adjective", [DK_DISCARD] = "discard",
    [DK_TIME] = "time phrase",
};

static const char *kind_name(unsigned k)
{
    return k < sizeof kind_names / sizeof kind_names[0] && kind_names[k] ? kind_names[k] : "entry";
}

/* The phrase of an entry as TABARI writes it: words joined by '_', a
 * trailing '_' when the last word is whole. */
static void entry_phrase(const deeds_dict *d, const dict_entry *e, deeds_buf *out)
{
    for (uint16_t i = 0; i < e->nelem; i++) {
        const dict_elem *el = &d->elems[e->elem + i];
        if (i)
            deeds_buf_puts(out, "_");
        deeds_buf_append(out, dict_str(d, el->text), el->len);
    }
    if (e->nelem && d->elems[e->elem + e->nelem - 1].flags & EL_EXACT)
        deeds_buf_puts(out, "_");
}

static void date_range(const dict_dated *dt, deeds_buf *out)
{
    char a[11], b[11];
    if (!dt->restricted) {
        deeds_buf_puts(out, "any date");
        return;
    }
    deeds_date_format(dt->lo, a);
    deeds_date_format(dt->hi, b);
    if (dt->lo == 0)
        deeds_buf_printf(out, "until %s", b);
    else if (dt->hi == INT32_MAX)
        deeds_buf_printf(out, "from %s", a);
    else
        deeds_buf_printf(out, "%s..%s", a, b);
}

/* ------------------------------------------------------------------- who */

int deeds_dict_who(deeds_coder *c, const char *phrase, int32_t date, deeds_buf *out)
{
    coder_parse(c, phrase, strlen(phrase), date);
    const parse *p = &c->p;
    const deeds_dict *d = c->dict;
    char ds[11];
    deeds_date_format(date, ds);
    size_t found = 0;
    for (size_t i = 0; i < p->nactors; i++) {
        const actor_ref *a = &p->actors[i];
        if (a->pronoun || !a->code[0])
            continue;
        found++;
        size_t s = p->tok.v[a->start].start, e = p->tok.v[a->end - 1].end;
        deeds_buf_printf(out, "\"%.*s\" on %s: %s\n", (int)(e - s), phrase + s, ds, a->code);
        const dict_entry *en = &d->entries[a->entry];
        if (en->kind == DK_ACTOR) {
            deeds_buf_puts(out, "  actor ");
            entry_phrase(d, en, out);
            deeds_buf_printf(out, "  (%s:%d)\n", d->files[en->file], en->line);
            const char *now = dict_actor_code(d, en, date);
            for (uint32_t k = 0; k < en->nvalue; k++) {
                const dict_dated *dt = &d->dated[en->value + k];
                const char *code = dict_str(d, dt->code);
                int applies = now && !strcmp(now, code) &&
                              (!dt->restricted || (date >= dt->lo && date <= dt->hi));
                deeds_buf_printf(out, "    %s %-10s ", applies ? "=>" : "  ", code);
                date_range(dt, out);
                deeds_buf_puts(out, "\n");
            }
        }
        if (a->agent) {
            const dict_entry *ag = &d->entries[a->agent];
            deeds_buf_puts(out, "  agent ");
            entry_phrase(d, ag, out);
            deeds_buf_printf(out, " [%s]  (%s:%d)\n", dict_str(d, ag->value),
                             d->files[ag->file], ag->line);
        }
    }
    if (!found)
        deeds_buf_printf(out, "\"%s\" on %s: no actor in the dictionaries\n", phrase, ds);
    return found ? 0 : -1;
}

/* ----------------------------------------------------------------- stats */

void deeds_dict_stats(const deeds_dict *d, deeds_buf *out)
{
    size_t by_kind[DK_TIME + 1] = { 0 };
    size_t *per_file = calloc(d->nfiles ? d->nfiles : 1, sizeof *per_file);
    size_t heads = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        const dict_entry *e = &d->entries[i];
        if (e->kind <= DK_TIME)
            by_kind[e->kind]++;
        if (e->kind == DK_ACTOR && e->parent == i)
            heads++;
        if (e->file < d->nfiles)
            per_file[e->file]++;
    }
    size_t restricted = 0;
    for (size_t i = 0; i < d->ndated; i++)
        restricted += d->dated[i].restricted;
    deeds_buf_printf(out, "actors:        %zu phrases (%zu actors with their synonyms), "
                     "%zu dated codes (%zu date-restricted)\n",
                     by_kind[DK_ACTOR], heads, d->ndated, restricted);
    deeds_buf_printf(out, "agents:        %zu phrases\n", by_kind[DK_AGENT]);
    deeds_buf_printf(out, "verbs:         %zu roots, %zu forms, %zu patterns\n",
                     d->nverbs, by_kind[DK_VERB], d->npats);
    deeds_buf_printf(out, "other:         %zu nouns, %zu adjectives, %zu discards, %zu time phrases\n",
                     by_kind[DK_NOUN], by_kind[DK_ADJ], by_kind[DK_DISCARD], by_kind[DK_TIME]);

    /* CAMEO coverage: which codes some verb or pattern produces. */
    size_t ncodes = 0, nevent = 0, covered = 0;
    while (deeds_cameo_at(ncodes))
        ncodes++;
    char *hit = calloc(ncodes ? ncodes : 1, 1);
    for (size_t k = 0; k < ncodes; k++) {
        const char *code = deeds_cameo_at(k)->code;
        if (strlen(code) < 3) {   /* a bare root labels a group; events use 0x0 */
            hit[k] = 1;
            continue;
        }
        nevent++;
        for (size_t i = 0; i < d->nverbs && !hit[k]; i++)
            hit[k] = !strcmp(d->verbs[i].code.a, code) || !strcmp(d->verbs[i].code.b, code);
        for (size_t i = 0; i < d->npats && !hit[k]; i++)
            hit[k] = !strcmp(d->pats[i].code.a, code) || !strcmp(d->pats[i].code.b, code);
        covered += hit[k];
    }
    deeds_buf_printf(out, "CAMEO codes:   %zu of %zu event codes produced by some verb or pattern\n",
                     covered, nevent);
    if (covered < nevent) {
        deeds_buf_puts(out, "  without a pattern:");
        for (size_t k = 0; k < ncodes; k++)
            if (!hit[k])
                deeds_buf_printf(out, " %s", deeds_cameo_at(k)->code);
        deeds_buf_puts(out, "\n");
    }
    deeds_buf_puts(out, "files:\n");
    for (size_t f = 0; f < d->nfiles; f++)
        deeds_buf_printf(out, "  %-40s %zu phrases\n", d->files[f], per_file[f]);
    free(hit);
    free(per_file);
}

/* ----------------------------------------------------------------- check */

typedef struct keyed {
    char    *key;
    size_t   entry;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Same phrase, same kind, in two places: the later one is shadowed or
 * ambiguous.  Synonyms of one actor share their codes and are skipped. */
static unsigned long check_duplicates(const deeds_dict *d, deeds_diag *diag)
{
    keyed *k = calloc(d->nentries ? d->nentries : 1, sizeof *k);
    size_t n = 0;
    deeds_buf b = { 0 };
    for (size_t i = 0; i < d->nentries; i++) {
        const dict_entry *e = &d->entries[i];
        if (e->kind != DK_ACTOR && e->kind != DK_AGENT)
            continue;
        deeds_buf_reset(&b);
        deeds_buf_printf(&b, "%d|", e->kind);
        entry_phrase(d, e, &b);
        k[n].key = strdup(b.data);
        k[n++].entry = i;
    }
    deeds_buf_free(&b);
    qsort(k, n, sizeof *k, keyed_cmp);
    unsigned long problems = 0;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(k[i].key, k[i - 1].key))
            continue;
        const dict_entry *a = &d->entries[k[i - 1].entry], *e = &d->entries[k[i].entry];
        if (a->kind == DK_ACTOR && a->value == e->value)
            continue;
        problems++;
        deeds_diag_warn(diag, d->files[e->file], e->line,
                        "the %s phrase \"%s\" is also defined at %s:%d; keep one (the "
                        "longest match wins, and between equals the first)",
                        kind_name(e->kind), strchr(k[i].key, '|') + 1,
                        d->files[a->file], a->line);
    }
    for (size_t i = 0; i < n; i++)
        free(k[i].key);
    free(k);
    return problems;
}

/* Days since 1970-01-01 of a yyyymmdd date (proleptic Gregorian). */
static long day_number(int32_t ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Whether the restricted ranges before index y of an actor cover every day
 * of range y, so that y can never apply (the first satisfied restriction
 * wins).  Partial overlaps are the usual way to write "ELI otherwise". */
static int range_shadowed(const deeds_dict *d, const dict_entry *e, uint32_t y)
{
    const dict_dated *q = &d->dated[e->value + y];
    long cur = q->lo ? day_number(q->lo) : -1000000, last = q->hi == INT32_MAX ? 10000000 : day_number(q->hi);
    for (int moved = 1; moved && cur <= last;) {
        moved = 0;
        for (uint32_t x = 0; x < y; x++) {
            const dict_dated *p = &d->dated[e->value + x];
            if (!p->restricted)
                return 1;
            long lo = p->lo ? day_number(p->lo) : -1000000;
            long hi = p->hi == INT32_MAX ? 10000000 : day_number(p->hi);
            if (lo <= cur && cur <= hi) {
                cur = hi + 1;
                moved = 1;
            }
        }
    }
    return cur > last;
}

static unsigned long check_dates(const deeds_dict *d, deeds_diag *diag)
{
    unsigned long problems = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        const dict_entry *e = &d->entries[i];
        if (e->kind != DK_ACTOR || e->parent != i)
            continue;
        for (uint32_t y = 0; y < e->nvalue; y++) {
            const dict_dated *q = &d->dated[e->value + y];
            if (q->restricted && q->lo > q->hi) {
                problems++;
                deeds_diag_warn(diag, d->files[e->file], e->line,
                                "the date range of %s ends before it starts (%d-%d); write "
                                "FROM-TO with the earlier date first",
                                dict_str(d, q->code), (int)q->lo, (int)q->hi);
                continue;
            }
            if (y == 0)
                continue;
            if (!q->restricted || !range_shadowed(d, e, y))
                continue;
            problems++;
            deeds_buf r = { 0 };
            date_range(q, &r);
            deeds_diag_warn(diag, d->files[e->file], e->line,
                            "the code %s (%s) never applies: earlier date ranges of this "
                            "actor cover all its days, and the first range that fits wins",
                            dict_str(d, q->code), r.data);
            deeds_buf_free(&r);
        }
    }
    return problems;
}

static int code_known(const char *code)
{
    return !code[0] || !strcmp(code, "---") || !strcmp(code, "###") ||
           !strcmp(code, "+++") || deeds_cameo_lookup(code);
}

/* 1 (after a warning) when a verb's or pattern's code is not CAMEO's. */
static int check_code(const deeds_dict *d, const dict_code *c, uint16_t file, int32_t line,
                      deeds_diag *diag)
{
    if (code_known(c->a) && code_known(c->b))
        return 0;
    deeds_diag_warn(diag, d->files[file], line,
                    "event code [%s%s%s] is not a CAMEO code; use one of the codes in "
                    "docs/cameo.md", c->a, c->b[0] ? ":" : "", c->b);
    return 1;
}

static unsigned long check_codes(const deeds_dict *d, deeds_diag *diag)
{
    unsigned long problems = 0;
    for (size_t i = 0; i < d->nverbs; i++)
        problems += check_code(d, &d->verbs[i].code, d->verbs[i].file, d->verbs[i].line, diag);
    for (size_t i = 0; i < d->npats; i++)
        problems += check_code(d, &d->pats[i].code, d->pats[i].file, d->pats[i].line, diag);
    return problems;
}

unsigned long deeds_dict_check(const deeds_dict *d, deeds_diag *diag)
{
    return check_duplicates(d, diag) + check_dates(d, diag) + check_codes(d, diag);
}
