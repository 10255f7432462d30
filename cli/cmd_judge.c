/*
 * cmd_judge.c: `deeds series` and `deeds judge`, the store read back as
 * tables a person or R/pandas can use: per-period aggregates of a directed
 * dyad, and the judgement of its words against its deeds (src/judge.c).
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum table_format { FMT_TEXT, FMT_CSV, FMT_TSV, FMT_JSON, FMT_JSONL } table_format;

typedef struct dyad {
    char source[48], target[48];
} dyad;

typedef struct judge_options {
    const char *db;
    dyad *dyads;
    size_t ndyads;
    int32_t from, to;
    deeds_period by;
    deeds_count count;
    deeds_quad_convention quad;
    int normalise, window;
    size_t top;
    table_format format;
} judge_options;

enum { OPT_DB = 256, OPT_DYAD, OPT_ACTOR, OPT_FROM, OPT_TO, OPT_BY, OPT_COUNT,
       OPT_QUAD, OPT_NORMALISE, OPT_WINDOW, OPT_TOP, OPT_HELP };

static const struct option judge_long_options[] = {
    { "db", required_argument, 0, OPT_DB },
    { "dyad", required_argument, 0, OPT_DYAD },
    { "actor", required_argument, 0, OPT_ACTOR },
    { "from", required_argument, 0, OPT_FROM },
    { "to", required_argument, 0, OPT_TO },
    { "by", required_argument, 0, OPT_BY },
    { "count", required_argument, 0, OPT_COUNT },
    { "quad", required_argument, 0, OPT_QUAD },
    { "normalise", no_argument, 0, OPT_NORMALISE },
    { "normalize", no_argument, 0, OPT_NORMALISE },
    { "window", required_argument, 0, OPT_WINDOW },
    { "top", required_argument, 0, OPT_TOP },
    { "format", required_argument, 0, 'f' },
    { "help", no_argument, 0, OPT_HELP },
    { 0, 0, 0, 0 }
};

static const char series_help[] =
"usage: deeds series --db STORE (--dyad SRC:TGT | --actor CODE)... [options]\n"
"Per-period aggregates of directed dyads, one row a period (empty periods too).\n"
"  --db STORE        SQLite file or postgresql:// URI (deeds ingest fills it)\n"
"  --dyad SRC:TGT    actor-code prefixes, e.g. USA:PRK ('*' for anyone); repeatable\n"
"  --actor CODE      CODE towards everyone (same as --dyad CODE:*)\n"
"  --from, --to DATE the period (default: all of the store)\n"
"  --by PERIOD       day, week (ISO, from Monday), month (default), quarter, year\n"
"  --count MODE      events (default: the mentions model), one-a-day, reports\n"
"  --quad CONV       quad-class convention: gdelt (default), icews, phoenix\n"
"  --normalise       divide counts and sums by the period's volume in the store\n"
"  -f, --format FMT  csv (default), tsv, json, jsonl\n"
"Columns: period,source,target,events,verbal_coop,material_coop,verbal_conflict,\n"
"material_conflict,goldstein_sum,goldstein_coop,goldstein_conflict,goldstein_mean,\n"
"neutral,volume,counting,root01..root20 (docs/judge.md).\n";

static const char judge_help[] =
"usage: deeds judge --db STORE --dyad SRC:TGT [--dyad ...] [options]\n"
"Words against deeds for a directed dyad: rhetoric (verbal events) against results\n"
"(material events), the say-do gap and its trend, the follow-through of promises and\n"
"threats, and the events that moved the balance most, each with its sentence.\n"
"  --db STORE        SQLite file or postgresql:// URI\n"
"  --dyad SRC:TGT    actor-code prefixes, e.g. USA:PRK; repeatable\n"
"  --from, --to DATE the period (default: all of the store)\n"
"  --by PERIOD       periods of the gap trend (default: quarter)\n"
"  --count MODE      events (default), one-a-day, reports\n"
"  --quad CONV       gdelt (default), icews, phoenix\n"
"  --window DAYS     days a promise or threat has to be followed through (default 90)\n"
"  --top N           key events to list (default 10)\n"
"  -f, --format FMT  text (default), json\n";

static void add_dyad(judge_options *o, const char *src, size_t src_len, const char *tgt)
{
    if (!src_len || src_len >= sizeof o->dyads->source || !*tgt ||
        strlen(tgt) >= sizeof o->dyads->target)
        cli_die_usage("a dyad is two actor codes as SRC:TGT (e.g. USA:PRK), not '%.*s:%s'",
                      (int)src_len, src, tgt);
    o->dyads = realloc(o->dyads, (o->ndyads + 1) * sizeof *o->dyads);
    if (!o->dyads)
        cli_die_usage("out of memory");
    dyad *d = &o->dyads[o->ndyads++];
    memcpy(d->source, src, src_len);
    d->source[src_len] = 0;
    strcpy(d->target, tgt);
}

static table_format parse_table_format(const char *s, int judge)
{
    static const struct { const char *name; table_format f; } names[] = {
        { "text", FMT_TEXT }, { "csv", FMT_CSV }, { "tsv", FMT_TSV },
        { "json", FMT_JSON }, { "jsonl", FMT_JSONL },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i].name)) {
            int ok = judge ? (names[i].f == FMT_TEXT || names[i].f == FMT_JSON)
                           : names[i].f != FMT_TEXT;
            if (ok)
                return names[i].f;
        }
    cli_die_usage(judge ? "unknown --format '%s' (text or json)"
                        : "unknown --format '%s' (csv, tsv, json or jsonl)", s);
}

static void parse_judge_options(int argc, char **argv, judge_options *o, int judge)
{
    memset(o, 0, sizeof *o);
    o->by = judge ? DEEDS_BY_QUARTER : DEEDS_BY_MONTH;
    o->count = DEEDS_COUNT_EVENTS;
    o->format = judge ? FMT_TEXT : FMT_CSV;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:", judge_long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: o->db = optarg; break;
        case OPT_DYAD: {
            const char *colon = strchr(optarg, ':');
            if (!colon)
                cli_die_usage("--dyad wants SRC:TGT (e.g. USA:PRK), not '%s'", optarg);
            add_dyad(o, optarg, (size_t)(colon - optarg), colon + 1);
            break;
        }
        case OPT_ACTOR:
            if (judge)
                cli_die_usage("judge weighs a dyad: use --dyad SRC:TGT");
            add_dyad(o, optarg, strlen(optarg), "*");
            break;
        case OPT_FROM: o->from = cli_parse_date(optarg, "--from"); break;
        case OPT_TO: o->to = cli_parse_date(optarg, "--to"); break;
        case OPT_BY: o->by = cli_parse_period(optarg); break;
        case OPT_COUNT: o->count = cli_parse_count(optarg); break;
        case OPT_QUAD: o->quad = cli_parse_quad(optarg); break;
        case OPT_NORMALISE: o->normalise = 1; break;
        case OPT_WINDOW: o->window = (int)cli_parse_number(optarg, "--window", 1, 3650); break;
        case OPT_TOP: o->top = (size_t)cli_parse_number(optarg, "--top", 1, 10000); break;
        case 'f': o->format = parse_table_format(optarg, judge); break;
        case OPT_HELP:
            fputs(judge ? judge_help : series_help, stdout);
            exit(0);
        default:
            cli_die_usage("see 'deeds %s --help'", judge ? "judge" : "series");
        }
    }
    if (optind < argc)
        cli_die_usage("unexpected argument '%s'", argv[optind]);
    if (!o->db)
        cli_die_usage("%s needs a store: --db FILE (made by deeds ingest)", judge ? "judge" : "series");
    if (!o->ndyads)
        cli_die_usage("%s needs a dyad: --dyad USA:PRK%s", judge ? "judge" : "series",
                      judge ? "" : " (or --actor USA)");
    if (o->from && o->to && o->from > o->to)
        cli_die_usage("--from is after --to");
}

/* A number as R and pandas read it: no exponent for counts, no noise. */
static void put_number(deeds_buf *b, double v)
{
    if (v == 0)
        v = 0;   /* no "-0" */
    deeds_buf_printf(b, "%.10g", v);
}

/* ------------------------------------------------------------------ series */

static const char *const series_columns[] = {
    "period", "source", "target", "events", "verbal_coop", "material_coop",
    "verbal_conflict", "material_conflict", "goldstein_sum", "goldstein_coop",
    "goldstein_conflict", "goldstein_mean", "neutral", "volume", "counting",
};
#define NCOLUMNS (sizeof series_columns / sizeof series_columns[0])

/* The numeric columns of a row, in the order of series_columns[3..13]. */
static void row_numbers(const deeds_series_row *r, double v[11])
{
    const double x[11] = {
        r->events, r->quad[1], r->quad[2], r->quad[3], r->quad[4], r->goldstein_sum,
        r->goldstein_coop, r->goldstein_conflict, r->goldstein_mean, r->quad[0], r->volume,
    };
    memcpy(v, x, sizeof x);
}

static void series_header(deeds_buf *b, char sep)
{
    for (size_t i = 0; i < NCOLUMNS; i++)
        deeds_buf_printf(b, "%s%s", i ? (char[2]){ sep, 0 } : "", series_columns[i]);
    for (int r = 1; r <= 20; r++)
        deeds_buf_printf(b, "%croot%02d", sep, r);
    deeds_buf_puts(b, "\n");
}

static void series_delimited(deeds_buf *b, const deeds_series_row *r, const dyad *d,
                             deeds_count count, char sep)
{
    char date[11];
    deeds_date_format(r->period, date);
    deeds_buf_printf(b, "%s%c%s%c%s", date, sep, d->source, sep, d->target);
    double v[11];
    row_numbers(r, v);
    for (size_t i = 0; i < 11; i++) {
        deeds_buf_printf(b, "%c", sep);
        put_number(b, v[i]);
    }
    deeds_buf_printf(b, "%c%s", sep, deeds_count_name(count));
    for (int k = 1; k <= 20; k++) {
        deeds_buf_printf(b, "%c", sep);
        put_number(b, r->root[k]);
    }
    deeds_buf_puts(b, "\n");
}

static void series_json(deeds_buf *b, const deeds_series_row *r, const dyad *d,
                        deeds_count count)
{
    char date[11];
    deeds_date_format(r->period, date);
    deeds_buf_printf(b, "{\"period\": \"%s\", \"source\": ", date);
    deeds_buf_json_string(b, d->source, strlen(d->source));
    deeds_buf_puts(b, ", \"target\": ");
    deeds_buf_json_string(b, d->target, strlen(d->target));
    double v[11];
    row_numbers(r, v);
    for (size_t i = 0; i < 11; i++) {
        deeds_buf_printf(b, ", \"%s\": ", series_columns[i + 3]);
        put_number(b, v[i]);
    }
    deeds_buf_printf(b, ", \"counting\": \"%s\"", deeds_count_name(count));
    for (int k = 1; k <= 20; k++) {
        deeds_buf_printf(b, ", \"root%02d\": ", k);
        put_number(b, r->root[k]);
    }
    deeds_buf_puts(b, "}");
}

static int flush(deeds_buf *b)
{
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
        return -1;
    deeds_buf_reset(b);
    return 0;
}

int cmd_series(int argc, char **argv)
{
    judge_options o;
    parse_judge_options(argc, argv, &o, 0);
    deeds_diag diag = { 0 };
    deeds_store *s = deeds_store_open(o.db, 0, &diag);
    if (!s)
        return EXIT_FATAL;
    deeds_buf b = { 0 };
    if (o.format == FMT_CSV || o.format == FMT_TSV)
        series_header(&b, o.format == FMT_CSV ? ',' : '\t');
    if (o.format == FMT_JSON)
        deeds_buf_puts(&b, "[");
    int rc = 0, first = 1;
    for (size_t i = 0; i < o.ndyads && !rc; i++) {
        deeds_series_query q = {
            .source = o.dyads[i].source, .target = o.dyads[i].target,
            .from = o.from, .to = o.to, .by = o.by, .count = o.count,
            .quad = o.quad, .normalise = o.normalise,
        };
        deeds_series_row *rows = NULL;
        size_t n = 0;
        if (deeds_series(s, &q, &rows, &n, &diag) != 0) {
            rc = EXIT_FATAL;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            if (o.format == FMT_JSON) {
                deeds_buf_puts(&b, first ? "\n" : ",\n");
                series_json(&b, &rows[k], &o.dyads[i], o.count);
            } else if (o.format == FMT_JSONL) {
                series_json(&b, &rows[k], &o.dyads[i], o.count);
                deeds_buf_puts(&b, "\n");
            } else {
                series_delimited(&b, &rows[k], &o.dyads[i], o.count,
                                 o.format == FMT_CSV ? ',' : '\t');
            }
            first = 0;
        }
        free(rows);
        if (flush(&b) != 0)
            rc = EXIT_FATAL;
    }
    if (o.format == FMT_JSON)
        deeds_buf_puts(&b, first ? "]\n" : "\n]\n");
    if (flush(&b) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "deeds: cannot write the series to standard output\n");
        rc = EXIT_FATAL;
    }
    deeds_buf_free(&b);
    deeds_store_close(s);
    free(o.dyads);
    return rc;
}

/* ------------------------------------------------------------------- judge */

static void wrap(deeds_buf *b, const char *text, size_t width, const char *indent)
{
    size_t col = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if (col && col + 1 + n > width) {
            deeds_buf_printf(b, "\n%s", indent);
            col = strlen(indent);
        } else if (col) {
            deeds_buf_puts(b, " ");
            col++;
        } else {
            deeds_buf_puts(b, indent);
            col = strlen(indent);
        }
        deeds_buf_append(b, p, n);
        col += n;
        p += n;
    }
    deeds_buf_puts(b, "\n");
}

static void event_line(deeds_buf *b, const deeds_stored_event *e, const char *indent)
{
    char date[11];
    deeds_date_format(e->date, date);
    const deeds_cameo *c = deeds_cameo_lookup(e->code);
    deeds_buf_printf(b, "%s%s  %s->%s  %s %s (%+.1f)", indent, date, e->source, e->target,
                     e->code, c ? c->label : "?", e->goldstein);
    if (e->num_mentions > 1)
        deeds_buf_printf(b, ", %u reports in %u article%s", e->num_mentions, e->num_articles,
                         e->num_articles == 1 ? "" : "s");
    deeds_buf_printf(b, "\n%s  [%s", indent, e->article);
    if (e->publication && *e->publication)
        deeds_buf_printf(b, ", %s", e->publication);
    deeds_buf_printf(b, ", sentence %d]\n", e->sent);
    deeds_buf_printf(b, "%s  \"%s\"\n", indent, e->sentence);
}

static void follow_section(deeds_buf *b, const char *title, const deeds_follow *f,
                           size_t n, size_t done, int window, const char *kept)
{
    if (!n) {
        deeds_buf_printf(b, "\n%s: none in the period\n", title);
        return;
    }
    deeds_buf_printf(b, "\n%s: %zu of %zu %s within %d days\n", title, done, n, kept, window);
    for (size_t i = 0; i < n; i++) {
        event_line(b, &f[i].said, "  ");
        if (f[i].done) {
            deeds_buf_printf(b, "    -> %s after %d day%s:\n", kept, f[i].days, f[i].days == 1 ? "" : "s");
            event_line(b, &f[i].did, "    ");
        } else {
            deeds_buf_puts(b, "    -> no matching act found\n");
        }
    }
}

static void judge_text(deeds_buf *b, const deeds_judgement *j)
{
    wrap(b, j->verdict, 78, "");
    deeds_buf_printf(b, "\n%-18s %12s %12s %8s\n", "", "cooperative", "conflictual", "tone");
    deeds_buf_printf(b, "%-18s %12.0f %12.0f %+8.2f\n", "words (verbal)", j->verbal_coop,
                     j->verbal_conflict, j->rhetoric);
    deeds_buf_printf(b, "%-18s %12.0f %12.0f %+8.2f\n", "deeds (material)", j->material_coop,
                     j->material_conflict, j->results);
    deeds_buf_printf(b, "say-do gap %+.2f, trend %+.3f a period (counting %s)\n", j->gap,
                     j->gap_trend, deeds_count_name(j->q.count));
    deeds_buf_printf(b, "\n%-10s %7s %8s %8s %8s %7s\n", "period", "verbal", "material",
                     "rhetoric", "results", "gap");
    for (size_t i = 0; i < j->nseries; i++) {
        const deeds_series_row *r = &j->series[i];
        char date[11];
        deeds_date_format(r->period, date);
        double v = r->quad[1] + r->quad[3], m = r->quad[2] + r->quad[4];
        deeds_buf_printf(b, "%-10s %7.0f %8.0f", date, v, m);
        double rh = v > 0 ? (r->quad[1] - r->quad[3]) / v : NAN;
        double rs = m > 0 ? (r->quad[2] - r->quad[4]) / m : NAN;
        if (v > 0) deeds_buf_printf(b, " %+8.2f", rh); else deeds_buf_printf(b, " %8s", "-");
        if (m > 0) deeds_buf_printf(b, " %+8.2f", rs); else deeds_buf_printf(b, " %8s", "-");
        if (v > 0 && m > 0) deeds_buf_printf(b, " %+7.2f\n", rh - rs); else deeds_buf_printf(b, " %7s\n", "-");
    }
    follow_section(b, "Promises and offers", j->promises, j->npromises, j->promises_kept,
                   j->q.window, "kept");
    follow_section(b, "Threats", j->threats, j->nthreats, j->threats_carried,
                   j->q.window, "carried out");
    deeds_buf_printf(b, "\nKey events (largest |Goldstein| x reports):\n");
    for (size_t i = 0; i < j->nkey; i++)
        event_line(b, &j->key[i], "  ");
}

static void json_key_string(deeds_buf *b, const char *key, const char *v)
{
    deeds_buf_printf(b, "\"%s\": ", key);
    deeds_buf_json_string(b, v ? v : "", v ? strlen(v) : 0);
}

static void event_json(deeds_buf *b, const deeds_stored_event *e)
{
    char date[11];
    deeds_date_format(e->date, date);
    const deeds_cameo *c = deeds_cameo_lookup(e->code);
    deeds_buf_printf(b, "{\"date\": \"%s\", ", date);
    json_key_string(b, "source", e->source);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "target", e->target);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "code", e->code);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "label", c ? c->label : "");
    deeds_buf_printf(b, ", \"goldstein\": %.1f, \"num_mentions\": %u, \"num_articles\": %u, "
                     "\"num_sources\": %u, ", e->goldstein, e->num_mentions, e->num_articles,
                     e->num_sources);
    json_key_string(b, "article", e->article);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "publication", e->publication);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "url", e->url);
    deeds_buf_printf(b, ", \"sent\": %d, ", e->sent);
    json_key_string(b, "sentence", e->sentence);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "verb_text", e->verb_text);
    deeds_buf_puts(b, "}");
}

static void follows_json(deeds_buf *b, const char *key, const deeds_follow *f, size_t n)
{
    deeds_buf_printf(b, ", \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(b, i ? ", {\"said\": " : "{\"said\": ");
        event_json(b, &f[i].said);
        if (f[i].done) {
            deeds_buf_printf(b, ", \"done\": true, \"days\": %d, \"did\": ", f[i].days);
            event_json(b, &f[i].did);
        } else {
            deeds_buf_puts(b, ", \"done\": false, \"days\": null, \"did\": null");
        }
        deeds_buf_puts(b, "}");
    }
    deeds_buf_puts(b, "]");
}

static void judge_json(deeds_buf *b, const deeds_judgement *j)
{
    char from[11] = "", to[11] = "";
    if (j->q.from) deeds_date_format(j->q.from, from);
    if (j->q.to) deeds_date_format(j->q.to, to);
    deeds_buf_puts(b, "{");
    json_key_string(b, "source", j->q.source);
    deeds_buf_puts(b, ", ");
    json_key_string(b, "target", j->q.target);
    deeds_buf_printf(b, ", \"from\": %s%s%s, \"to\": %s%s%s, \"counting\": \"%s\", "
                     "\"window_days\": %d",
                     *from ? "\"" : "", *from ? from : "null", *from ? "\"" : "",
                     *to ? "\"" : "", *to ? to : "null", *to ? "\"" : "",
                     deeds_count_name(j->q.count), j->q.window);
    const struct { const char *k; double v; } nums[] = {
        { "verbal_coop", j->verbal_coop }, { "verbal_conflict", j->verbal_conflict },
        { "material_coop", j->material_coop }, { "material_conflict", j->material_conflict },
        { "rhetoric", j->rhetoric }, { "results", j->results }, { "gap", j->gap },
        { "gap_trend", j->gap_trend },
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        deeds_buf_printf(b, ", \"%s\": ", nums[i].k);
        put_number(b, nums[i].v);
    }
    deeds_buf_printf(b, ", \"promises\": %zu, \"promises_kept\": %zu, \"threats\": %zu, "
                     "\"threats_carried_out\": %zu, ", j->npromises, j->promises_kept,
                     j->nthreats, j->threats_carried);
    json_key_string(b, "verdict", j->verdict);
    dyad d;
    snprintf(d.source, sizeof d.source, "%s", j->q.source);
    snprintf(d.target, sizeof d.target, "%s", j->q.target);
    deeds_buf_puts(b, ", \"series\": [");
    for (size_t i = 0; i < j->nseries; i++) {
        if (i)
            deeds_buf_puts(b, ", ");
        series_json(b, &j->series[i], &d, j->q.count);
    }
    deeds_buf_puts(b, "]");
    follows_json(b, "promise_follow_through", j->promises, j->npromises);
    follows_json(b, "threat_follow_through", j->threats, j->nthreats);
    deeds_buf_puts(b, ", \"key_events\": [");
    for (size_t i = 0; i < j->nkey; i++) {
        if (i)
            deeds_buf_puts(b, ", ");
        event_json(b, &j->key[i]);
    }
    deeds_buf_puts(b, "]}\n");
}

int cmd_judge(int argc, char **argv)
{
    judge_options o;
    parse_judge_options(argc, argv, &o, 1);
    deeds_diag diag = { 0 };
    deeds_store *s = deeds_store_open(o.db, 0, &diag);
    if (!s)
        return EXIT_FATAL;
    deeds_buf b = { 0 };
    int rc = 0;
    for (size_t i = 0; i < o.ndyads && !rc; i++) {
        deeds_judge_query q = {
            .source = o.dyads[i].source, .target = o.dyads[i].target,
            .from = o.from, .to = o.to, .by = o.by, .count = o.count, .quad = o.quad,
            .window = o.window, .top = o.top,
        };
        deeds_judgement j;
        if (deeds_judge(s, &q, &j, &diag) != 0) {
            rc = EXIT_FATAL;
            break;
        }
        if (o.format == FMT_JSON) {
            judge_json(&b, &j);
        } else {
            if (i)
                deeds_buf_puts(&b, "\n");
            judge_text(&b, &j);
        }
        deeds_judgement_free(&j);
        if (flush(&b) != 0)
            rc = EXIT_FATAL;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "deeds: cannot write the judgement to standard output\n");
        rc = EXIT_FATAL;
    }
    deeds_buf_free(&b);
    deeds_store_close(s);
    free(o.dyads);
    return rc;
}
