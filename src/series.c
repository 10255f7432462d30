/*
 * series.c: the store -> per-dyad, per-period aggregates.
 *
 * A series is one row per period (day, ISO week from Monday, month,
 * quarter, year) from the first to the last date asked for, empty periods
 * included, for one directed dyad (or an actor against everyone).  Rows
 * come from the store's daily table, which ingest keeps up to date, so a
 * series costs one indexed range of that table per stored dyad the query
 * selects (the dyads table lists them), however many reports the store
 * holds.  Each row counts asserted events as the query's count says
 * (reports, one-a-day or events of the mentions model), by quad class under
 * the chosen convention and by root code, with Goldstein sums; judge.c,
 * report.c and serve.c build on these rows.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"

int deeds_period_parse(const char *name)
{
    static const char *const names[] = { "day", "week", "month", "quarter", "year" };
    for (int i = 0; name && i < 5; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

int32_t deeds_period_start(deeds_period by, int32_t date)
{
    int32_t year = date / 10000, month = date / 100 % 100;
    switch (by) {
    case DEEDS_BY_DAY:
        return date;
    case DEEDS_BY_WEEK: {
        /* 1970-01-01 was a Thursday: three days after a Monday. */
        long days = deeds_date_days(date);
        long weekday = ((days + 3) % 7 + 7) % 7;
        return deeds_date_from_days(days - weekday);
    }
    case DEEDS_BY_MONTH:
        return year * 10000 + month * 100 + 1;
    case DEEDS_BY_QUARTER:
        return year * 10000 + ((month - 1) / 3 * 3 + 1) * 100 + 1;
    case DEEDS_BY_YEAR:
        return year * 10000 + 101;
    }
    return date;
}

int32_t deeds_period_next(deeds_period by, int32_t start)
{
    int32_t year = start / 10000, month = start / 100 % 100;
    int step = by == DEEDS_BY_MONTH ? 1 : by == DEEDS_BY_QUARTER ? 3 : 12;
    switch (by) {
    case DEEDS_BY_DAY:
        return deeds_date_from_days(deeds_date_days(start) + 1);
    case DEEDS_BY_WEEK:
        return deeds_date_from_days(deeds_date_days(start) + 7);
    case DEEDS_BY_MONTH:
    case DEEDS_BY_QUARTER:
    case DEEDS_BY_YEAR:
        month += step;
        year += (month - 1) / 12;
        month = (month - 1) % 12 + 1;
        return year * 10000 + month * 100 + 1;
    }
    return start;
}

/* The store's first and last dates with asserted events; 0 when empty. */
static int store_date_range(deeds_store *s, int32_t *first, int32_t *last)
{
    store_stmt *st = s->be->prepare(s, "SELECT min(date), max(date) FROM volume");
    if (!st)
        return -1;
    int rc = s->be->step(st);
    if (rc == 1) {
        *first = (int32_t)s->be->column_int(st, 0);
        *last = (int32_t)s->be->column_int(st, 1);
    }
    s->be->finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The index of the row whose period holds date (rows are in order). */
static size_t row_of(const deeds_series_row *rows, size_t n, int32_t date)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid].period <= date)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Which column of daily counts what: reports, one-a-day groups, events. */
static const char *const daily_count[] = {
    [DEEDS_COUNT_REPORTS] = "sum(reports)",
    [DEEDS_COUNT_ONE_A_DAY] = "count(*)",
    [DEEDS_COUNT_EVENTS] = "sum(events)",
};
static const char *const volume_count[] = {
    [DEEDS_COUNT_REPORTS] = "reports",
    [DEEDS_COUNT_ONE_A_DAY] = "oneaday",
    [DEEDS_COUNT_EVENTS] = "events",
};

static void row_add(deeds_series_row *row, const char *code, double count,
                    deeds_quad_convention conv)
{
    const deeds_cameo *c = deeds_cameo_lookup(code);
    int quad = deeds_cameo_quad(code, conv);
    if (!c || quad < 0 || count == 0)
        return;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    row->events += count;
    row->quad[quad] += count;
    if (root >= 1 && root <= 20)
        row->root[root] += count;
    double g = c->goldstein * count;
    row->goldstein_sum += g;
    if (g > 0)
        row->goldstein_coop += g;
    else
        row->goldstein_conflict += g;
}

/* The stored (source, target) pairs a query's prefixes select. */
static int dyads_selected(deeds_store *s, const deeds_series_query *q,
                          deeds_buf *pairs, size_t *n)
{
    deeds_buf sql = { 0 };
    store_params p = { 0 };
    deeds_buf_puts(&sql, "SELECT source, target FROM dyads WHERE 1 = 1");
    store_where_prefix(&sql, &p, "source", q->source);
    store_where_prefix(&sql, &p, "target", q->target);
    store_stmt *st = store_prepare_bound(s, sql.data, &p);
    deeds_buf_free(&sql);
    if (!st)
        return -1;
    int rc;
    *n = 0;
    while ((rc = s->be->step(st)) == 1) {
        /* each pair as two NUL-terminated strings, one after the other */
        const char *src = s->be->column_text(st, 0), *tgt = s->be->column_text(st, 1);
        deeds_buf_append(pairs, src, strlen(src) + 1);
        deeds_buf_append(pairs, tgt, strlen(tgt) + 1);
        (*n)++;
    }
    s->be->finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Counts per date and code, one exact dyad at a time: each is one range of
 * daily's primary key (source, target, date, ...). */
static int dyad_counts(deeds_store *s, const deeds_series_query *q,
                       deeds_series_row *rows, size_t n, int32_t from, int32_t to)
{
    deeds_buf pairs = { 0 }, sql = { 0 };
    size_t npairs;
    if (dyads_selected(s, q, &pairs, &npairs))
        return -1;
    deeds_buf_printf(&sql, "SELECT date, code, %s FROM daily WHERE source = $1"
                     " AND target = $2 AND date >= $3 AND date <= $4 AND mode = 0"
                     " GROUP BY date, code", daily_count[q->count]);
    store_stmt *st = npairs ? s->be->prepare(s, sql.data) : NULL;
    deeds_buf_free(&sql);
    int rc = npairs && !st ? -1 : 0;
    const char *pair = pairs.data;
    for (size_t i = 0; i < npairs && rc == 0; i++) {
        const char *tgt = pair + strlen(pair) + 1;
        s->be->bind_text(st, 1, pair);
        s->be->bind_text(st, 2, tgt);
        s->be->bind_int(st, 3, from);
        s->be->bind_int(st, 4, to);
        while ((rc = s->be->step(st)) == 1) {
            int32_t date = (int32_t)s->be->column_int(st, 0);
            row_add(&rows[row_of(rows, n, date)], s->be->column_text(st, 1),
                    s->be->column_double(st, 2), q->quad);
        }
        s->be->reset(st);
        pair = tgt + strlen(tgt) + 1;
    }
    if (st)
        s->be->finalize(st);
    deeds_buf_free(&pairs);
    return rc < 0 ? -1 : 0;
}

static int volumes(deeds_store *s, const deeds_series_query *q,
                   deeds_series_row *rows, size_t n, int32_t from, int32_t to)
{
    deeds_buf sql = { 0 };
    store_params p = { 0 };
    deeds_buf_printf(&sql, "SELECT date, %s FROM volume WHERE 1 = 1",
                     volume_count[q->count]);
    store_where_int(&sql, &p, "date >= $%d", from);
    store_where_int(&sql, &p, "date <= $%d", to);
    store_stmt *st = store_prepare_bound(s, sql.data, &p);
    deeds_buf_free(&sql);
    if (!st)
        return -1;
    int rc;
    while ((rc = s->be->step(st)) == 1) {
        int32_t date = (int32_t)s->be->column_int(st, 0);
        rows[row_of(rows, n, date)].volume += s->be->column_double(st, 1);
    }
    s->be->finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Means first (they do not change with scale), then shares of the
 * period's volume when asked. */
static void rows_finish(deeds_series_row *rows, size_t n, int normalise)
{
    for (size_t i = 0; i < n; i++) {
        deeds_series_row *r = &rows[i];
        r->goldstein_mean = r->events > 0 ? r->goldstein_sum / r->events : 0;
        if (!normalise || r->volume <= 0)
            continue;
        double v = r->volume;
        r->events /= v;
        for (int k = 0; k < 5; k++)
            r->quad[k] /= v;
        for (int k = 0; k < 21; k++)
            r->root[k] /= v;
        r->goldstein_sum /= v;
        r->goldstein_coop /= v;
        r->goldstein_conflict /= v;
    }
}

int deeds_series(deeds_store *s, const deeds_series_query *q,
                 deeds_series_row **rows, size_t *n, deeds_diag *diag)
{
    s->diag = diag;
    *rows = NULL;
    *n = 0;
    if ((unsigned)q->count > DEEDS_COUNT_EVENTS || (unsigned)q->by > DEEDS_BY_YEAR) {
        deeds_diag_error(diag, s->where, 0, "unknown count or period in a series query");
        return -1;
    }
    int32_t from = q->from, to = q->to, first = 0, last = 0;
    if ((!from || !to) && store_date_range(s, &first, &last))
        return -1;
    from = from ? from : first;
    to = to ? to : last;
    if (!from || !to || from > to)
        return 0;
    size_t count = 0, cap = 0;
    deeds_series_row *out = NULL;
    for (int32_t p = deeds_period_start(q->by, from); p <= to; p = deeds_period_next(q->by, p)) {
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            out = realloc(out, cap * sizeof *out);
            if (!out)
                abort();
        }
        memset(&out[count], 0, sizeof *out);
        out[count++].period = p;
    }
    if (dyad_counts(s, q, out, count, from, to) || volumes(s, q, out, count, from, to)) {
        free(out);
        return -1;
    }
    rows_finish(out, count, q->normalise);
    *rows = out;
    *n = count;
    return 0;
}
