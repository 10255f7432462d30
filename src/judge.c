/*
 * judge.c: weighs a directed dyad's words against its deeds.
 *
 * From the store (store.c) and the dyad's series (series.c) it works out
 * the balance of rhetoric (verbal events) and results (material events),
 * the say-do gap and its trend, the follow-through of promises and threats
 * (did the matching material act follow within N days?), and the events
 * that moved the balance most, each with its sentence and article.  What
 * it hands on is a deeds_judgement: numbers, evidence and a short verdict,
 * which the judge command, the report and the dashboard present.  The
 * definitions are in docs/judge.md.
 */
#include "deeds.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WINDOW 90
#define DEFAULT_TOP 10

/* ------------------------------------------- what follows a promise or threat */

/* For a promise or threat (the longest matching prefix of its code), the
 * code prefixes of the acts that fulfil it.  Intents (03x) are kept by the
 * material or diplomatic act they announce; threats (13x) are carried out by
 * the coercive or violent act they name (CAMEO codebook structure). */
typedef struct follow_rule {
    const char *said;
    const char *done[6];
} follow_rule;

static const follow_rule follow_rules[] = {
    /* promises and offers */
    { "030",  { "06", "07", "08" } },
    { "031",  { "06" } },
    { "0311", { "061" } }, { "0312", { "062" } }, { "0313", { "063" } }, { "0314", { "064" } },
    { "032",  { "05" } },          /* diplomatic cooperation: recognition, agreements */
    { "033",  { "07" } },
    { "0331", { "071" } }, { "0332", { "072" } }, { "0333", { "073" } }, { "0334", { "074" } },
    { "034",  { "08" } },
    { "0341", { "081" } }, { "0342", { "082" } }, { "0343", { "083" } }, { "0344", { "084" } },
    { "035",  { "08" } },
    { "0351", { "081" } }, { "0352", { "082" } }, { "0353", { "084" } },
    { "0354", { "085" } }, { "0355", { "086" } }, { "0356", { "087" } },
    { "036",  { "04" } },          /* a meeting promised is kept by a meeting held */
    { "037",  { "04" } }, { "038", { "04" } },
    { "039",  { "08", "057" } },
    /* threats */
    { "130",  { "15", "16", "17", "18", "19", "20" } },
    { "131",  { "16" } },
    { "1311", { "162" } }, { "1312", { "163" } }, { "1313", { "161" } },
    { "132",  { "14" } }, { "133", { "14" } },
    { "134",  { "164" } }, { "135", { "165" } }, { "136", { "166" } },
    { "137",  { "17" } },
    { "138",  { "18", "19", "20" } },
    { "1381", { "191" } }, { "1382", { "192" } }, { "1383", { "18" } },
    { "1384", { "19" } }, { "1385", { "20" } },
    { "139",  { "15", "16", "17", "18", "19", "20" } },
};

static const follow_rule *rule_for(const char *code)
{
    const follow_rule *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < sizeof follow_rules / sizeof follow_rules[0]; i++) {
        size_t n = strlen(follow_rules[i].said);
        if (n > best_len && !strncmp(code, follow_rules[i].said, n)) {
            best = &follow_rules[i];
            best_len = n;
        }
    }
    return best;
}

static int fulfils(const follow_rule *r, const char *code)
{
    for (size_t i = 0; i < sizeof r->done / sizeof r->done[0] && r->done[i]; i++)
        if (!strncmp(code, r->done[i], strlen(r->done[i])))
            return 1;
    return 0;
}

/* ----------------------------------------------------- owned copies of events */

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* The store's strings live only during its callback: keep our own. */
static void event_copy(deeds_stored_event *dst, const deeds_stored_event *src)
{
    *dst = *src;
    dst->article = dup_or_empty(src->article);
    dst->publication = dup_or_empty(src->publication);
    dst->url = dup_or_empty(src->url);
    dst->title = dup_or_empty(src->title);
    dst->sentence = dup_or_empty(src->sentence);
    dst->source_text = dup_or_empty(src->source_text);
    dst->target_text = dup_or_empty(src->target_text);
    dst->verb_text = dup_or_empty(src->verb_text);
}

static void event_release(deeds_stored_event *e)
{
    free((char *)e->article);
    free((char *)e->publication);
    free((char *)e->url);
    free((char *)e->title);
    free((char *)e->sentence);
    free((char *)e->source_text);
    free((char *)e->target_text);
    free((char *)e->verb_text);
}

typedef struct event_list {
    deeds_stored_event *v;
    size_t n, cap;
} event_list;

static int collect_event(void *ud, const deeds_stored_event *ev)
{
    event_list *l = ud;
    l->v = deeds_grow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    event_copy(&l->v[l->n++], ev);
    return 0;
}

static void event_list_free(event_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        event_release(&l->v[i]);
    free(l->v);
}

/* ------------------------------------------------------------- the balance */

/* (cooperative - conflictual) / all, or 0 when there is nothing to weigh. */
static double tone(double coop, double conflict)
{
    return coop + conflict > 0 ? (coop - conflict) / (coop + conflict) : 0.0;
}

static void weigh(deeds_judgement *j)
{
    for (size_t i = 0; i < j->nseries; i++) {
        const deeds_series_row *r = &j->series[i];
        j->verbal_coop += r->quad[1];
        j->material_coop += r->quad[2];
        j->verbal_conflict += r->quad[3];
        j->material_conflict += r->quad[4];
    }
    j->rhetoric = tone(j->verbal_coop, j->verbal_conflict);
    j->results = tone(j->material_coop, j->material_conflict);
    j->gap = j->rhetoric - j->results;
}

/* Least-squares slope of the gap over the periods that had both words and
 * deeds (a period with only one side has no gap to speak of). */
static double gap_trend(const deeds_judgement *j)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t n = 0;
    for (size_t i = 0; i < j->nseries; i++) {
        const double *q = j->series[i].quad;
        if (q[1] + q[3] <= 0 || q[2] + q[4] <= 0)
            continue;
        double x = (double)i, y = tone(q[1], q[3]) - tone(q[2], q[4]);
        sx += x; sy += y; sxx += x * x; sxy += x * y;
        n++;
    }
    double den = (double)n * sxx - sx * sx;
    return n >= 2 && den > 0 ? ((double)n * sxy - sx * sy) / den : 0.0;
}

/* ----------------------------------------------------------- follow-through */

static int is_promise(const char *code) { return !strncmp(code, "03", 2); }
static int is_threat(const char *code)  { return !strncmp(code, "13", 2); }

/* The first act after said (same day or later, within the window) that
 * fulfils it; events are in date order. */
static const deeds_stored_event *first_fulfilment(const event_list *all, size_t said_at,
                                                  const follow_rule *rule, long window)
{
    const deeds_stored_event *said = &all->v[said_at];
    long day = deeds_date_days(said->date);
    size_t first = said_at;   /* acts of the same day may come before it */
    while (first > 0 && all->v[first - 1].date == said->date)
        first--;
    for (size_t i = first; i < all->n; i++) {
        const deeds_stored_event *e = &all->v[i];
        long d = deeds_date_days(e->date);
        if (i == said_at)
            continue;
        if (d - day > window)
            break;
        if (fulfils(rule, e->code))
            return e;
    }
    return NULL;
}

static void follow_through(deeds_judgement *j, const event_list *all)
{
    long window = j->q.window;
    size_t cap_p = 0, cap_t = 0;
    for (size_t i = 0; i < all->n; i++) {
        const deeds_stored_event *e = &all->v[i];
        int promise = is_promise(e->code), threat = is_threat(e->code);
        if ((!promise && !threat) || e->date < j->q.from || (j->q.to && e->date > j->q.to))
            continue;
        const follow_rule *rule = rule_for(e->code);
        if (!rule)
            continue;
        deeds_follow f = { 0 };
        event_copy(&f.said, e);
        const deeds_stored_event *did = first_fulfilment(all, i, rule, window);
        if (did) {
            f.done = 1;
            f.days = (int)(deeds_date_days(did->date) - deeds_date_days(e->date));
            event_copy(&f.did, did);
        }
        if (promise) {
            j->promises = deeds_grow(j->promises, &cap_p, j->npromises + 1, sizeof f);
            j->promises[j->npromises++] = f;
            j->promises_kept += (size_t)f.done;
        } else {
            j->threats = deeds_grow(j->threats, &cap_t, j->nthreats + 1, sizeof f);
            j->threats[j->nthreats++] = f;
            j->threats_carried += (size_t)f.done;
        }
    }
}

/* ---------------------------------------------------------------- key events */

/* An event's weight in the balance: its Goldstein score times the reports
 * behind it (1 when counting reports). */
static double weight(const deeds_stored_event *e)
{
    return fabs(e->goldstein) * (e->num_mentions ? e->num_mentions : 1);
}

static int by_weight(const void *a, const void *b)
{
    const deeds_stored_event *x = *(const deeds_stored_event *const *)a;
    const deeds_stored_event *y = *(const deeds_stored_event *const *)b;
    double wx = weight(x), wy = weight(y);
    if (wx != wy)
        return wx < wy ? 1 : -1;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void key_events(deeds_judgement *j, const event_list *all)
{
    const deeds_stored_event **order = malloc((all->n ? all->n : 1) * sizeof *order);
    size_t n = 0;
    for (size_t i = 0; i < all->n; i++)
        if (all->v[i].date >= j->q.from && (!j->q.to || all->v[i].date <= j->q.to))
            order[n++] = &all->v[i];
    qsort(order, n, sizeof *order, by_weight);
    j->nkey = n < j->q.top ? n : j->q.top;
    j->key = calloc(j->nkey ? j->nkey : 1, sizeof *j->key);
    for (size_t i = 0; i < j->nkey; i++)
        event_copy(&j->key[i], order[i]);
    free(order);
}

/* -------------------------------------------------------------------- verdict */

static void percent_of(deeds_buf *b, size_t part, size_t whole)
{
    if (whole)
        deeds_buf_printf(b, " (%.0f%%)", 100.0 * (double)part / (double)whole);
}

/* "1 promise or offer", "2 promises and offers". */
static void count_of(deeds_buf *b, size_t n, const char *one, const char *many)
{
    deeds_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

static void period_text(deeds_buf *b, const deeds_judge_query *q)
{
    char d[11];
    if (!q->from && !q->to) {
        deeds_buf_puts(b, "all dates in the store");
        return;
    }
    if (q->from) {
        deeds_date_format(q->from, d);
        deeds_buf_printf(b, "%s%s", q->to ? "" : "from ", d);
    }
    if (q->to) {
        deeds_date_format(q->to, d);
        deeds_buf_printf(b, "%s%s", q->from ? " to " : "up to ", d);
    }
}

static void write_verdict(deeds_judgement *j)
{
    deeds_buf b = { 0 };
    double verbal = j->verbal_coop + j->verbal_conflict;
    double material = j->material_coop + j->material_conflict;
    const char *unit = deeds_count_name(j->q.count);
    deeds_buf_printf(&b, "%s -> %s, ", j->q.source, j->q.target);
    period_text(&b, &j->q);
    deeds_buf_printf(&b, ", counting %s: %.0f verbal (%.0f cooperative, "
                     "%.0f conflictual) against %.0f material (%.0f cooperative, %.0f conflictual).",
                     unit, verbal, j->verbal_coop,
                     j->verbal_conflict, material, j->material_coop, j->material_conflict);
    if (verbal > 0 && material > 0) {
        const char *lead = fabs(j->gap) < 0.1 ? "Words and deeds agreed"
                         : j->gap > 0 ? "Words were warmer than deeds"
                                      : "Deeds were warmer than words";
        deeds_buf_printf(&b, " %s: rhetoric %+.2f, results %+.2f, a say-do gap of %+.2f",
                         lead, j->rhetoric, j->results, j->gap);
        if (fabs(j->gap_trend) >= 0.005)
            deeds_buf_printf(&b, " that %s by %.2f a period.",
                             (j->gap_trend < 0) == (j->gap > 0) ? "narrowed" : "widened",
                             fabs(j->gap_trend));
        else
            deeds_buf_puts(&b, ", steady over the periods.");
    } else if (verbal > 0) {
        deeds_buf_printf(&b, " Words only (rhetoric %+.2f): no material act to weigh them against.",
                         j->rhetoric);
    } else if (material > 0) {
        deeds_buf_printf(&b, " Deeds only (results %+.2f), without words.", j->results);
    } else {
        deeds_buf_puts(&b, " Nothing to judge: no events in this dyad and period.");
    }
    if (j->npromises) {
        deeds_buf_puts(&b, " Of ");
        count_of(&b, j->npromises, "promise or offer", "promises and offers");
        deeds_buf_printf(&b, ", %zu", j->promises_kept);
        percent_of(&b, j->promises_kept, j->npromises);
        deeds_buf_printf(&b, " %s followed by a matching act within %d days.",
                         j->promises_kept == 1 ? "was" : "were", j->q.window);
    }
    if (j->nthreats) {
        deeds_buf_puts(&b, " Of ");
        count_of(&b, j->nthreats, "threat", "threats");
        deeds_buf_printf(&b, ", %zu", j->threats_carried);
        percent_of(&b, j->threats_carried, j->nthreats);
        deeds_buf_printf(&b, " %s carried out within %d days.",
                         j->threats_carried == 1 ? "was" : "were", j->q.window);
    }
    if (j->nkey) {
        const deeds_stored_event *k = &j->key[0];
        const deeds_cameo *c = deeds_cameo_lookup(k->code);
        char d[11];
        deeds_date_format(k->date, d);
        deeds_buf_printf(&b, " The weightiest event: %s, %s (%s, Goldstein %+.1f): \"%s\"",
                         d, c ? c->label : k->code, k->code, k->goldstein, k->sentence);
    }
    j->verdict = b.data ? b.data : strdup("");
}

/* ------------------------------------------------------------------ judging */

int deeds_judge(deeds_store *s, const deeds_judge_query *q,
                deeds_judgement *out, deeds_diag *diag)
{
    memset(out, 0, sizeof *out);
    out->q = *q;
    if (out->q.window <= 0)
        out->q.window = DEFAULT_WINDOW;
    if (!out->q.top)
        out->q.top = DEFAULT_TOP;
    if (!out->q.source)
        out->q.source = "*";
    if (!out->q.target)
        out->q.target = "*";

    deeds_series_query sq = {
        .source = q->source, .target = q->target, .from = q->from, .to = q->to,
        .by = q->by, .count = q->count, .quad = q->quad,
    };
    if (deeds_series(s, &sq, &out->series, &out->nseries, diag) != 0)
        return -1;
    weigh(out);
    out->gap_trend = gap_trend(out);

    /* The dyad's events up to a window past the period, so that a promise
     * made near its end can still be seen kept. */
    event_list all = { 0 };
    deeds_event_query eq = {
        .source = q->source, .target = q->target, .from = q->from,
        .to = q->to ? deeds_date_from_days(deeds_date_days(q->to) + out->q.window) : 0,
        .count = q->count,
    };
    if (deeds_store_events(s, &eq, collect_event, &all, diag) != 0) {
        event_list_free(&all);
        deeds_judgement_free(out);
        return -1;
    }
    follow_through(out, &all);
    key_events(out, &all);
    event_list_free(&all);
    write_verdict(out);
    return 0;
}

static void follows_free(deeds_follow *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        event_release(&f[i].said);
        if (f[i].done)
            event_release(&f[i].did);
    }
    free(f);
}

void deeds_judgement_free(deeds_judgement *j)
{
    free(j->series);
    follows_free(j->promises, j->npromises);
    follows_free(j->threats, j->nthreats);
    for (size_t i = 0; i < j->nkey; i++)
        event_release(&j->key[i]);
    free(j->key);
    free(j->verdict);
    memset(j, 0, sizeof *j);
}

/* ---------------------------------------------------------------- alignment */

int deeds_alignment(deeds_store *s, const char *const *actors, size_t n,
                    int32_t from, int32_t to, deeds_count count,
                    double *m, deeds_diag *diag)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < n; k++) {
            m[i * n + k] = 0;
            if (i == k)
                continue;
            deeds_series_query sq = {
                .source = actors[i], .target = actors[k], .from = from, .to = to,
                .by = DEEDS_BY_YEAR, .count = count,
            };
            deeds_series_row *rows = NULL;
            size_t nrows = 0;
            if (deeds_series(s, &sq, &rows, &nrows, diag) != 0)
                return -1;
            for (size_t r = 0; r < nrows; r++)
                m[i * n + k] += rows[r].goldstein_sum;
            free(rows);
        }
    }
    return 0;
}
