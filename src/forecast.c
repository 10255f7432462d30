/*
 * forecast.c: bargaining scenarios -> forecasts.
 *
 * Reads a scenario (KTAB's CSV layout as published, or our plain CSV with a
 * header naming its columns), runs one model over it (the weighted mean and
 * median here; eum.c and smp.c for the procedural models), perturbs inputs
 * for sensitivity runs, and writes the rounds as text, JSON or CSV, or a
 * chart of positions over rounds (drawn by chart.c).
 */
#include "forecast.h"
#include "util.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ CSV fields */

enum { MAX_DIMS = 64, MAX_FIELDS = 3 + 2 * MAX_DIMS };   /* name, description, capability */

/* One line cut into trimmed fields; quotes ("a, b") protect commas. */
typedef struct csv_line {
    char *field[MAX_FIELDS + 1];
    int n;
    int too_many;
} csv_line;

/* Splits line (modified in place) into fields; a trailing empty field after
 * a final comma (as KTAB writes) is dropped. */
static void csv_split(char *line, csv_line *out)
{
    out->n = 0;
    out->too_many = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *start = p, *end;
        if (*p == '"') {
            start = ++p;
            char *w = p;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"')
                    p++;
                *w++ = *p++;
            }
            end = w;
            if (*p == '"')
                p++;
            while (*p && *p != ',')
                p++;
        } else {
            while (*p && *p != ',')
                p++;
            end = p;
        }
        while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        int last = *p != ',';
        *end = '\0';
        if (out->n < MAX_FIELDS)
            out->field[out->n++] = start;
        else
            out->too_many = 1;
        if (last)
            break;
        p++;
    }
    if (out->n > 1 && !out->field[out->n - 1][0])
        out->n--;
}

/* The next line of text (any of \n, \r\n, \r ends it), NUL-terminated in
 * place; NULL at the end. */
static char *next_line(char **cursor, char *end)
{
    char *p = *cursor;
    if (p >= end)
        return NULL;
    char *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    char *next = q;
    if (next < end && *next == '\r')
        next++;
    if (next < end && *next == '\n')
        next++;
    *q = '\0';
    *cursor = next;
    return p;
}

static int blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == ',')
        s++;
    return !*s || *s == '#';
}

/* A finite number filling the whole field, in [lo, hi]. */
static int parse_number(const char *s, double lo, double hi, double *out)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v) || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* ------------------------------------------------------------- scenarios */

typedef struct reader {
    const char *file;
    deeds_diag *diag;
    long line;
    int bad;
    deeds_scenario *s;
    size_t cap;
} reader;

static void problem(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports one problem at the reader's line and marks the file unusable. */
static void problem(reader *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    deeds_diag_error(r->diag, r->file, r->line, "%s", msg);
    r->bad = 1;
}

/* Column roles of the header line. */
typedef struct layout {
    int name, desc, cap;      /* column indexes; desc -1 when absent */
    int first_dim;            /* column of the first position */
    size_t ndims;
} layout;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static char *dim_name(const char *header)
{
    size_t n = strlen(header);
    if (ends_with(header, "position"))
        n -= strlen("position");
    while (n && (header[n - 1] == ' ' || header[n - 1] == '_'))
        n--;
    if (!n)
        return strdup(header[0] ? header : "issue");
    return strndup(header, n);
}

/* Reads the header: the first three columns are actor, (description,)
 * capability; then a position and a salience column per dimension. */
static int read_header(reader *r, const csv_line *h, layout *lay)
{
    lay->name = 0;
    lay->desc = h->n > 1 && !strncasecmp(h->field[1], "desc", 4) ? 1 : -1;
    lay->cap = lay->desc < 0 ? 1 : 2;
    lay->first_dim = lay->cap + 1;
    int rest = h->n - lay->first_dim;
    if (h->too_many || rest > 2 * MAX_DIMS) {
        problem(r, "the header has more columns than deeds reads (%d dimensions at most)", MAX_DIMS);
        return -1;
    }
    if (h->n <= lay->cap || rest < 2 || rest % 2) {
        problem(r, "the header needs actor, description, capability, then a position "
                "and a salience column for each dimension (it has %s columns)",
                h->n <= lay->cap ? "too few" : "an odd number of position/salience");
        return -1;
    }
    lay->ndims = (size_t)rest / 2;
    deeds_scenario *s = r->s;
    s->ndims = lay->ndims;
    s->dim = calloc(s->ndims, sizeof *s->dim);
    for (size_t k = 0; k < s->ndims; k++)
        s->dim[k] = dim_name(h->field[lay->first_dim + 2 * k]);
    return 0;
}

static void add_actor(reader *r, const csv_line *f, const layout *lay)
{
    deeds_scenario *s = r->s;
    if ((size_t)f->n != (size_t)lay->first_dim + 2 * lay->ndims) {
        problem(r, "expected %zu fields (as the header says), found %d",
                (size_t)lay->first_dim + 2 * lay->ndims, f->n);
        return;
    }
    const char *name = f->field[lay->name];
    if (!name[0]) {
        problem(r, "field 1 (actor): the actor has no name");
        return;
    }
    double cap, total = 0;
    double pos[MAX_DIMS], sal[MAX_DIMS];
    int ok = 1;
    if (parse_number(f->field[lay->cap], 0, 1e8, &cap)) {
        problem(r, "field 'capability': '%s' is not a number in [0, 1e8]", f->field[lay->cap]);
        ok = 0;
    }
    for (size_t k = 0; k < lay->ndims; k++) {
        const char *p = f->field[lay->first_dim + 2 * k], *q = f->field[lay->first_dim + 2 * k + 1];
        if (parse_number(p, 0, 100, &pos[k])) {
            problem(r, "field '%s position': '%s' is not a number in [0, 100]", s->dim[k], p);
            ok = 0;
        }
        if (parse_number(q, 0, 100, &sal[k])) {
            problem(r, "field '%s salience': '%s' is not a number in [0, 100]", s->dim[k], q);
            ok = 0;
        } else {
            total += sal[k];
        }
    }
    if (ok && total > 100 + 1e-9) {
        problem(r, "actor '%s': saliences sum to more than 100 over the dimensions "
                "(each is a share of the actor's attention)", name);
        ok = 0;
    }
    if (!ok)
        return;
    for (size_t i = 0; i < s->nactors; i++)
        if (!strcmp(s->actor[i], name)) {
            problem(r, "actor '%s' is listed twice", name);
            return;
        }
    size_t n = s->nactors;
    if (n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 16;
        s->actor = realloc(s->actor, r->cap * sizeof *s->actor);
        s->actor_desc = realloc(s->actor_desc, r->cap * sizeof *s->actor_desc);
        s->capability = realloc(s->capability, r->cap * sizeof *s->capability);
        s->position = realloc(s->position, r->cap * s->ndims * sizeof *s->position);
        s->salience = realloc(s->salience, r->cap * s->ndims * sizeof *s->salience);
        if (!s->actor || !s->actor_desc || !s->capability || !s->position || !s->salience) {
            fprintf(stderr, "deeds: out of memory reading %zu actors\n", n);
            abort();
        }
    }
    s->actor[n] = strdup(name);
    s->actor_desc[n] = strdup(lay->desc >= 0 ? f->field[lay->desc] : "");
    s->capability[n] = cap;
    memcpy(s->position + n * s->ndims, pos, s->ndims * sizeof *pos);
    memcpy(s->salience + n * s->ndims, sal, s->ndims * sizeof *sal);
    s->nactors++;
}

/* KTAB's first line: name, description, number of actors, of dimensions. */
static int read_ktab_title(reader *r, const csv_line *f, long *nact, long *ndim)
{
    double a, d;
    if (f->n < 4 || parse_number(f->field[2], 1, 1e6, &a) || a != floor(a) ||
        parse_number(f->field[3], 1, MAX_DIMS, &d) || d != floor(d)) {
        problem(r, "KTAB scenario line: expected 'name,description,number of actors,"
                "number of dimensions' (or a plain CSV whose header starts with 'actor')");
        return -1;
    }
    r->s->name = strdup(f->field[0]);
    r->s->description = strdup(f->field[1]);
    *nact = (long)a;
    *ndim = (long)d;
    return 0;
}

deeds_scenario *deeds_scenario_parse(const char *text, size_t len,
                                     const char *file, deeds_diag *diag)
{
    char *copy = malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    char *cursor = copy, *end = copy + len, *line;
    if (len >= 3 && !memcmp(copy, "\xEF\xBB\xBF", 3))
        cursor += 3;
    reader r = { .file = file, .diag = diag, .s = calloc(1, sizeof(deeds_scenario)) };
    layout lay = { 0 };
    long want_actors = -1, want_dims = -1, title_line = 0;
    int state = 0;   /* 0: before the first line, 1: header next, 2: actors */
    csv_line f;
    while ((line = next_line(&cursor, end))) {
        r.line++;
        if (blank_or_comment(line))
            continue;
        csv_split(line, &f);
        if (state == 0 && strcasecmp(f.field[0], "actor")) {
            if (read_ktab_title(&r, &f, &want_actors, &want_dims))
                break;
            title_line = r.line;
            state = 1;
            continue;
        }
        if (state < 2) {
            if (read_header(&r, &f, &lay))
                break;
            if (want_dims >= 0 && (long)lay.ndims != want_dims) {
                problem(&r, "the scenario line announces %ld dimensions, the header has %zu",
                        want_dims, lay.ndims);
                break;
            }
            state = 2;
            continue;
        }
        add_actor(&r, &f, &lay);
    }
    deeds_scenario *s = r.s;
    if (!r.bad && state < 2) {
        r.line = 0;
        problem(&r, "no header line: the file needs 'actor,description,capability,"
                "<dimension> position,<dimension> salience,...'");
    }
    if (!r.bad && want_actors >= 0 && (long)s->nactors != want_actors) {
        r.line = title_line;
        problem(&r, "the scenario line announces %ld actors, the file has %zu", want_actors,
                s->nactors);
    }
    if (!r.bad && s->nactors < 2) {
        r.line = 0;
        problem(&r, "a bargaining scenario needs at least two actors");
    }
    free(copy);
    if (r.bad) {
        deeds_scenario_free(s);
        return NULL;
    }
    if (!s->name) {
        const char *base = strrchr(file, '/');
        s->name = strdup(base ? base + 1 : file);
        s->description = strdup("");
    }
    return s;
}

deeds_scenario *deeds_scenario_read(const char *path, deeds_diag *diag)
{
    size_t len;
    char *text = deeds_read_file(path, &len);
    if (!text) {
        deeds_diag_error(diag, path, 0, "cannot read the scenario: %s", strerror(errno));
        return NULL;
    }
    deeds_scenario *s = deeds_scenario_parse(text, len, path, diag);
    free(text);
    return s;
}

void deeds_scenario_free(deeds_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nactors; i++) {
        free(s->actor[i]);
        free(s->actor_desc[i]);
    }
    for (size_t k = 0; s->dim && k < s->ndims; k++)
        free(s->dim[k]);
    free(s->actor);
    free(s->actor_desc);
    free(s->dim);
    free(s->capability);
    free(s->position);
    free(s->salience);
    free(s->name);
    free(s->description);
    free(s);
}

/* ------------------------------------------------------------- baselines */

double fc_weighted_mean(const double *x, const double *w, size_t n)
{
    double sw = 0, swx = 0, plain = 0;
    for (size_t i = 0; i < n; i++) {
        sw += w[i];
        swx += w[i] * x[i];
        plain += x[i];
    }
    /* Nobody cares (all weights zero): every position counts the same. */
    return sw > 0 ? swx / sw : plain / (double)n;
}

/* The position at which half the weight lies on either side: sorting by
 * position, the first whose cumulative weight reaches half the total; at an
 * exact half the midpoint of it and the next (the 1-D Condorcet winner's
 * interval, split). */
typedef struct weighted { double x, w; } weighted;

static int by_position(const void *a, const void *b)
{
    double x = ((const weighted *)a)->x, y = ((const weighted *)b)->x;
    return (x > y) - (x < y);
}

double fc_weighted_median(const double *x, const double *w, size_t n)
{
    if (!n)
        return NAN;
    weighted *v = malloc(n * sizeof *v);
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].x = x[i];
        v[i].w = w[i] > 0 ? w[i] : 0;
        total += v[i].w;
    }
    qsort(v, n, sizeof *v, by_position);
    double result = v[(n - 1) / 2].x, cum = 0;
    for (size_t k = 0; total > 0 && k < n; k++) {
        cum += v[k].w;
        if (k + 1 < n && fabs(cum - total / 2) <= 1e-12 * total) {
            result = (v[k].x + v[k + 1].x) / 2;
            break;
        }
        if (cum > total / 2) {
            result = v[k].x;
            break;
        }
    }
    free(v);
    return result;
}

deeds_forecast_round *fc_add_round(const deeds_scenario *s, deeds_forecast *f,
                                   const double *pos)
{
    f->round = realloc(f->round, (f->nrounds + 1) * sizeof *f->round);
    deeds_forecast_round *r = &f->round[f->nrounds++];
    memset(r, 0, sizeof *r);
    size_t n = s->nactors, d = s->ndims;
    r->position = malloc(n * d * sizeof *r->position);
    memcpy(r->position, pos, n * d * sizeof *pos);
    r->median = malloc(d * sizeof *r->median);
    r->mean = malloc(d * sizeof *r->mean);
    double *x = malloc(n * sizeof *x), *w = malloc(n * sizeof *w);
    for (size_t k = 0; k < d; k++) {
        for (size_t i = 0; i < n; i++) {
            x[i] = pos[i * d + k];
            w[i] = s->capability[i] * s->salience[i * d + k];
        }
        r->median[k] = fc_weighted_median(x, w, n);
        r->mean[k] = fc_weighted_mean(x, w, n);
    }
    free(x);
    free(w);
    return r;
}

/* -------------------------------------------------------------- running */

int deeds_model_parse(const char *name)
{
    static const char *const names[] = { "mean", "median", "eum", "smp" };
    for (int i = 0; i < 4; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

const char *deeds_model_name(deeds_model m)
{
    switch (m) {
    case DEEDS_MODEL_MEAN: return "mean";
    case DEEDS_MODEL_MEDIAN: return "median";
    case DEEDS_MODEL_EUM: return "eum";
    case DEEDS_MODEL_SMP: return "smp";
    }
    return "?";
}

const char *deeds_relation_name(deeds_relation r)
{
    switch (r) {
    case DEEDS_REL_CONFLICT: return "conflict";
    case DEEDS_REL_COMPROMISE: return "compromise";
    case DEEDS_REL_CAPITULATION: return "capitulation";
    case DEEDS_REL_STALEMATE: return "stalemate";
    case DEEDS_REL_NONE: break;
    }
    return "none";
}

int deeds_forecast_run(const deeds_scenario *s, const deeds_forecast_options *o,
                       deeds_forecast *out, deeds_diag *diag)
{
    memset(out, 0, sizeof *out);
    out->model = o->model;
    out->nactors = s->nactors;
    out->ndims = s->ndims;
    out->forecast = calloc(s->ndims, sizeof *out->forecast);
    if (o->rounds < 0 || o->q < 0 || o->q > 1) {
        deeds_diag_error(diag, NULL, 0, "rounds must be >= 0 and Q in [0, 1]");
        return -1;
    }
    switch (o->model) {
    case DEEDS_MODEL_MEAN:
    case DEEDS_MODEL_MEDIAN: {
        deeds_forecast_round *r = fc_add_round(s, out, s->position);
        const double *v = o->model == DEEDS_MODEL_MEAN ? r->mean : r->median;
        memcpy(out->forecast, v, s->ndims * sizeof *v);
        out->stop = "a baseline has no rounds";
        return 0;
    }
    case DEEDS_MODEL_EUM:
        return fc_run_eum(s, o, out, diag);
    case DEEDS_MODEL_SMP:
        return fc_run_smp(s, o, out, diag);
    }
    deeds_diag_error(diag, NULL, 0, "unknown model %d", (int)o->model);
    return -1;
}

void deeds_forecast_free(deeds_forecast *f)
{
    for (size_t r = 0; r < f->nrounds; r++) {
        free(f->round[r].position);
        free(f->round[r].median);
        free(f->round[r].mean);
        free(f->round[r].prob);
        free(f->round[r].relation);
    }
    free(f->round);
    free(f->forecast);
    memset(f, 0, sizeof *f);
}

/* ----------------------------------------------------------- sensitivity */

uint64_t fc_rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double fc_rng_uniform(uint64_t *state)
{
    return (double)(fc_rng_next(state) >> 11) * 0x1.0p-53;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* A copy of s with every input moved by a uniform draw within +-spread;
 * saliences are rescaled when their sum would pass 100. */
static void perturb(const deeds_scenario *s, deeds_scenario *t, double spread,
                    uint64_t *rng)
{
    size_t n = s->nactors, d = s->ndims;
    for (size_t i = 0; i < n; i++) {
        double f = 1 + spread / 100 * (2 * fc_rng_uniform(rng) - 1);
        t->capability[i] = s->capability[i] * (f > 0 ? f : 0);
        double total = 0;
        for (size_t k = 0; k < d; k++) {
            size_t ik = i * d + k;
            t->position[ik] = clamp(s->position[ik] + spread * (2 * fc_rng_uniform(rng) - 1), 0, 100);
            t->salience[ik] = clamp(s->salience[ik] + spread * (2 * fc_rng_uniform(rng) - 1), 0, 100);
            total += t->salience[ik];
        }
        for (size_t k = 0; total > 100 && k < d; k++)
            t->salience[i * d + k] *= 100 / total;
    }
}

int deeds_forecast_sensitivity(const deeds_scenario *s,
                               const deeds_forecast_options *o, int runs,
                               double spread, uint64_t seed, double *outcomes,
                               deeds_diag *diag)
{
    size_t n = s->nactors, d = s->ndims;
    deeds_scenario t = *s;
    t.capability = malloc(n * sizeof *t.capability);
    t.position = malloc(n * d * sizeof *t.position);
    t.salience = malloc(n * d * sizeof *t.salience);
    uint64_t rng = seed;
    int rc = 0;
    for (int run = 0; run < runs && !rc; run++) {
        perturb(s, &t, spread, &rng);
        deeds_forecast f;
        rc = deeds_forecast_run(&t, o, &f, diag);
        if (!rc)
            memcpy(outcomes + (size_t)run * d, f.forecast, d * sizeof *f.forecast);
        deeds_forecast_free(&f);
        if (o->progress)
            o->progress(o->progress_ud, run + 1, runs);
    }
    free(t.capability);
    free(t.position);
    free(t.salience);
    return rc;
}

/* ---------------------------------------------------------------- output */

static void csv_field(deeds_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        deeds_buf_puts(b, s);
        return;
    }
    deeds_buf_puts(b, "\"");
    for (; *s; s++)
        deeds_buf_append(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
    deeds_buf_puts(b, "\"");
}

static void json_numbers(deeds_buf *b, const double *v, size_t n)
{
    deeds_buf_puts(b, "[");
    for (size_t k = 0; k < n; k++)
        deeds_buf_printf(b, "%s%.4g", k ? ", " : "", v[k]);
    deeds_buf_puts(b, "]");
}

static void write_json(const deeds_scenario *s, const deeds_forecast *f, deeds_buf *b)
{
    size_t n = s->nactors, d = s->ndims;
    deeds_buf_printf(b, "{\"model\": \"%s\", \"scenario\": ", deeds_model_name(f->model));
    deeds_buf_json_string(b, s->name, strlen(s->name));
    deeds_buf_puts(b, ", \"dimensions\": [");
    for (size_t k = 0; k < d; k++) {
        deeds_buf_puts(b, k ? ", " : "");
        deeds_buf_json_string(b, s->dim[k], strlen(s->dim[k]));
    }
    deeds_buf_puts(b, "], \"rounds\": [");
    for (size_t r = 0; r < f->nrounds; r++) {
        const deeds_forecast_round *rd = &f->round[r];
        deeds_buf_printf(b, "%s\n  {\"round\": %zu, \"median\": ", r ? "," : "", r);
        json_numbers(b, rd->median, d);
        deeds_buf_puts(b, ", \"mean\": ");
        json_numbers(b, rd->mean, d);
        deeds_buf_puts(b, ", \"positions\": {");
        for (size_t i = 0; i < n; i++) {
            deeds_buf_puts(b, i ? ", " : "");
            deeds_buf_json_string(b, s->actor[i], strlen(s->actor[i]));
            deeds_buf_puts(b, ": ");
            json_numbers(b, rd->position + i * d, d);
        }
        deeds_buf_puts(b, "}");
        if (rd->prob) {
            deeds_buf_puts(b, ", \"probabilities\": ");
            json_numbers(b, rd->prob, n);
        }
        if (rd->relation) {
            deeds_buf_puts(b, ", \"relations\": [");
            int first = 1;
            for (size_t k = 0; k < d; k++)
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++) {
                        unsigned char rel = rd->relation[(k * n + i) * n + j];
                        if (rel == DEEDS_REL_NONE)
                            continue;
                        deeds_buf_printf(b, "%s{\"dimension\": %zu, \"actor\": ", first ? "" : ", ", k);
                        deeds_buf_json_string(b, s->actor[i], strlen(s->actor[i]));
                        deeds_buf_puts(b, ", \"other\": ");
                        deeds_buf_json_string(b, s->actor[j], strlen(s->actor[j]));
                        deeds_buf_printf(b, ", \"relation\": \"%s\"}", deeds_relation_name(rel));
                        first = 0;
                    }
            deeds_buf_puts(b, "]");
        }
        deeds_buf_puts(b, "}");
    }
    deeds_buf_puts(b, "],\n \"forecast\": ");
    json_numbers(b, f->forecast, d);
    deeds_buf_puts(b, ", \"stop\": ");
    deeds_buf_json_string(b, f->stop, strlen(f->stop));
    deeds_buf_puts(b, "}\n");
}

static void write_csv(const deeds_scenario *s, const deeds_forecast *f, deeds_buf *b)
{
    size_t n = s->nactors, d = s->ndims;
    deeds_buf_puts(b, "round,dimension,median,mean");
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(b, ",");
        csv_field(b, s->actor[i]);
    }
    deeds_buf_puts(b, "\n");
    for (size_t r = 0; r < f->nrounds; r++)
        for (size_t k = 0; k < d; k++) {
            const deeds_forecast_round *rd = &f->round[r];
            deeds_buf_printf(b, "%zu,", r);
            csv_field(b, s->dim[k]);
            deeds_buf_printf(b, ",%.4g,%.4g", rd->median[k], rd->mean[k]);
            for (size_t i = 0; i < n; i++)
                deeds_buf_printf(b, ",%.4g", rd->position[i * d + k]);
            deeds_buf_puts(b, "\n");
        }
}

/* Counts of each relation in a round, per dimension, for the summary. */
static void write_relations(const deeds_scenario *s, const deeds_forecast_round *rd,
                            size_t k, deeds_buf *b)
{
    size_t n = s->nactors;
    deeds_buf_puts(b, "  how each actor sees the others in the last round (row sees column):\n"
                      "  x conflict, c compromise, k capitulation, s stalemate\n");
    static const char mark[] = ".xcks";
    for (size_t i = 0; i < n; i++) {
        deeds_buf_printf(b, "  %-14.14s ", s->actor[i]);
        for (size_t j = 0; j < n; j++)
            deeds_buf_printf(b, "%c", i == j ? '-' : mark[rd->relation[(k * n + i) * n + j]]);
        deeds_buf_puts(b, "\n");
    }
}

/* A few lines a person reads: per dimension, where the model lands, whose
 * final position is nearest, and how many actors end close to it. */
static void write_summary(const deeds_scenario *s, const deeds_forecast *f, deeds_buf *b)
{
    size_t n = s->nactors, d = s->ndims;
    const deeds_forecast_round *first = &f->round[0], *last = &f->round[f->nrounds - 1];
    deeds_buf_puts(b, "\nsummary:\n");
    for (size_t k = 0; k < d; k++) {
        size_t near = 0, close = 0;
        for (size_t i = 0; i < n; i++) {
            double gap = fabs(last->position[i * d + k] - f->forecast[k]);
            if (gap < fabs(last->position[near * d + k] - f->forecast[k]))
                near = i;
            close += gap <= 5;
        }
        deeds_buf_printf(b, "  %s: %.2f, nearest %s (%.2f); %zu of %zu actors end within 5 points "
                         "(inputs: median %.2f, mean %.2f)\n",
                         s->dim[k], f->forecast[k], s->actor[near], last->position[near * d + k],
                         close, n, first->median[k], first->mean[k]);
    }
}

static void write_text(const deeds_scenario *s, const deeds_forecast *f, deeds_buf *b)
{
    size_t n = s->nactors, d = s->ndims;
    deeds_buf_printf(b, "%s: %zu actors, %zu dimension%s; model %s, %zu round%s (%s)\n",
                     s->name, n, d, d == 1 ? "" : "s", deeds_model_name(f->model),
                     f->nrounds - 1, f->nrounds == 2 ? "" : "s", f->stop);
    for (size_t k = 0; k < d; k++) {
        deeds_buf_printf(b, "\n%s\n  round  median    mean", s->dim[k]);
        for (size_t i = 0; i < n; i++)
            deeds_buf_printf(b, " %7.7s", s->actor[i]);
        deeds_buf_puts(b, "\n");
        for (size_t r = 0; r < f->nrounds; r++) {
            const deeds_forecast_round *rd = &f->round[r];
            deeds_buf_printf(b, "  %5zu %7.2f %7.2f", r, rd->median[k], rd->mean[k]);
            for (size_t i = 0; i < n; i++)
                deeds_buf_printf(b, " %7.2f", rd->position[i * d + k]);
            deeds_buf_puts(b, "\n");
        }
        const deeds_forecast_round *last = &f->round[f->nrounds - 1];
        if (last->relation)
            write_relations(s, last, k, b);
    }
    const deeds_forecast_round *last = &f->round[f->nrounds - 1];
    if (last->prob) {
        deeds_buf_puts(b, "\nprobability of each actor's final position (PCE):\n");
        for (size_t i = 0; i < n; i++)
            deeds_buf_printf(b, "  %-20s %.4f\n", s->actor[i], last->prob[i]);
    }
    write_summary(s, f, b);
    deeds_buf_puts(b, "\nforecast:");
    for (size_t k = 0; k < d; k++)
        deeds_buf_printf(b, "%s %s %.2f", k ? "," : "", s->dim[k], f->forecast[k]);
    deeds_buf_puts(b, "\n");
}

void deeds_forecast_write(const deeds_scenario *s, const deeds_forecast *f,
                          deeds_forecast_format fmt, deeds_buf *out)
{
    switch (fmt) {
    case DEEDS_FORECAST_JSON: write_json(s, f, out); break;
    case DEEDS_FORECAST_CSV: write_csv(s, f, out); break;
    case DEEDS_FORECAST_TEXT: write_text(s, f, out); break;
    }
}

/* ---------------------------------------------------------------- chart */

/* The chart of positions over rounds: one panel per dimension, drawn by
 * chart.c as a line chart whose points are the rounds, a line per actor
 * and the weighted median dashed in black.  Panels are stacked into one SVG
 * document (each an inline <svg> moved down by a group) or one PNG (each
 * panel's image painted onto a taller one). */

enum { PANEL_WIDTH = 760, PANEL_HEIGHT = 300 };

static const uint32_t palette[] = {
    0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b,
    0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f
};

/* What one panel needs beyond the chart description: the values it points
 * at. */
typedef struct panel {
    deeds_chart chart;
    deeds_chart_series *series;   /* the median, then an actor each */
    double *values;               /* [(1 + nactors) * nrounds] */
    char title[160];
} panel;

static void panel_make(panel *p, const deeds_scenario *s, const deeds_forecast *f, size_t k,
                       const char *const *round_labels)
{
    size_t n = s->nactors, d = s->ndims, rounds = f->nrounds, npal = sizeof palette / sizeof *palette;
    p->series = calloc(n + 1, sizeof *p->series);
    p->values = malloc((n + 1) * rounds * sizeof *p->values);
    /* the median first, so that the legend names it however many actors
     * follow */
    for (size_t x = 0; x <= n; x++) {
        double *v = p->values + x * rounds;
        for (size_t r = 0; r < rounds; r++)
            v[r] = x ? f->round[r].position[(x - 1) * d + k] : f->round[r].median[k];
        p->series[x] = (deeds_chart_series){ .name = "weighted median", .values = v,
                                             .style = DEEDS_STYLE_DASHED, .colour = 0x000000 };
        if (x)   /* beyond the palette, lines repeat its colours dashed */
            p->series[x] = (deeds_chart_series){
                .name = s->actor[x - 1], .values = v,
                .style = x - 1 < npal ? DEEDS_STYLE_LINE : DEEDS_STYLE_DASHED,
                .colour = palette[(x - 1) % npal] };
    }
    snprintf(p->title, sizeof p->title, "%s: positions by round (%s)", s->dim[k],
             deeds_model_name(f->model));
    p->chart = (deeds_chart){ .kind = DEEDS_CHART_LINES, .width = PANEL_WIDTH,
                              .height = PANEL_HEIGHT, .title = p->title,
                              .y_label = "position (0-100)",
                              .note = "along the bottom: rounds; round 0 holds the inputs",
                              .npoints = rounds,
                              .labels = round_labels, .series = p->series, .nseries = n + 1 };
    /* the plot keeps its height however many rows the actors' legend takes */
    int rows = deeds_chart_legend_rows(&p->chart);
    if (rows > 1)
        p->chart.height += 20 * (rows - 1);
}

static void panel_free(panel *p)
{
    free(p->series);
    free(p->values);
}

static int stack_svg(const panel *p, size_t np, deeds_buf *out, deeds_diag *diag)
{
    int ph = p[0].chart.height, h = ph * (int)np;
    deeds_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                     "viewBox=\"0 0 %d %d\">\n", PANEL_WIDTH, h, PANEL_WIDTH, h);
    for (size_t k = 0; k < np; k++) {
        deeds_buf_printf(out, "<g transform=\"translate(0 %d)\">\n", ph * (int)k);
        if (deeds_chart_svg(&p[k].chart, 1, out, diag))
            return -1;
        deeds_buf_puts(out, "</g>\n");
    }
    deeds_buf_puts(out, "</svg>\n");
    return 0;
}

/* Reads a PNG back from memory, for cairo. */
typedef struct png_source {
    const deeds_buf *png;
    size_t at;
} png_source;

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
    png_source *src = closure;
    if (src->png->len - src->at < len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, src->png->data + src->at, len);
    src->at += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t png_append(void *closure, const unsigned char *data, unsigned int len)
{
    deeds_buf_append(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

static int stack_png(const panel *p, size_t np, deeds_buf *out, deeds_diag *diag)
{
    if (np == 1)
        return deeds_chart_png(&p[0].chart, out, diag);
    int ph = p[0].chart.height;   /* the panels share their actors, so their legend */
    cairo_surface_t *all = cairo_image_surface_create(CAIRO_FORMAT_RGB24, PANEL_WIDTH,
                                                      ph * (int)np);
    cairo_t *cr = cairo_create(all);
    int rc = 0;
    for (size_t k = 0; k < np && !rc; k++) {
        deeds_buf one = { 0 };
        rc = deeds_chart_png(&p[k].chart, &one, diag);
        if (!rc) {
            png_source src = { &one, 0 };
            cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &src);
            cairo_set_source_surface(cr, img, 0, ph * (double)k);
            cairo_paint(cr);
            cairo_surface_destroy(img);
        }
        deeds_buf_free(&one);
    }
    cairo_status_t st = cairo_status(cr);
    if (!rc && st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(all, png_append, out);
    cairo_destroy(cr);
    cairo_surface_destroy(all);
    if (!rc && st != CAIRO_STATUS_SUCCESS) {
        deeds_diag_error(diag, "chart", 0, "cairo could not stack the chart's panels: %s",
                         cairo_status_to_string(st));
        rc = -1;
    }
    return rc;
}

int deeds_forecast_chart(const deeds_scenario *s, const deeds_forecast *f,
                         const char *path, deeds_diag *diag)
{
    int svg = ends_with(path, ".svg");
    if (!svg && !ends_with(path, ".png")) {
        deeds_diag_error(diag, path, 0, "the chart file must end in .svg or .png");
        return -1;
    }
    size_t np = s->ndims;
    char (*names)[24] = malloc(f->nrounds * sizeof *names);
    const char **labels = malloc(f->nrounds * sizeof *labels);
    panel *p = calloc(np, sizeof *p);
    for (size_t r = 0; r < f->nrounds; r++) {
        snprintf(names[r], sizeof names[r], "%zu", r);
        labels[r] = names[r];
    }
    for (size_t k = 0; k < np; k++)
        panel_make(&p[k], s, f, k, labels);
    deeds_buf b = { 0 };
    int rc = svg ? stack_svg(p, np, &b, diag) : stack_png(p, np, &b, diag);
    if (!rc) {
        FILE *fp = fopen(path, "wb");
        rc = fp && fwrite(b.data, 1, b.len, fp) == b.len ? 0 : -1;
        if (fp && fclose(fp))
            rc = -1;
        if (rc)
            deeds_diag_error(diag, path, 0, "cannot write the chart: %s", strerror(errno));
    }
    for (size_t k = 0; k < np; k++)
        panel_free(&p[k]);
    free(p);
    free(labels);
    free(names);
    deeds_buf_free(&b);
    return rc;
}
