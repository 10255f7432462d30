/*
 * cmd_report.c: `deeds report --db STORE --actors A,B,... [--dyad S:T ...]
 * --out report.html`, the self-contained HTML report, and
 * `deeds report --chart timeline|gap|alignment --format svg|png --out FILE`,
 * one of its charts alone for a paper.  The library (report.c) does the
 * work; this file parses options and writes the file.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 64

enum { OPT_DB = 256, OPT_ACTORS, OPT_DYAD, OPT_FROM, OPT_TO, OPT_BY, OPT_COUNT,
       OPT_QUAD, OPT_WINDOW, OPT_TOP, OPT_TITLE, OPT_CHART,
       OPT_WIDTH, OPT_HEIGHT };

static const struct option long_options[] = {
    { "db", required_argument, 0, OPT_DB },
    { "actors", required_argument, 0, OPT_ACTORS },
    { "dyad", required_argument, 0, OPT_DYAD },
    { "from", required_argument, 0, OPT_FROM },
    { "to", required_argument, 0, OPT_TO },
    { "by", required_argument, 0, OPT_BY },
    { "count", required_argument, 0, OPT_COUNT },
    { "quad", required_argument, 0, OPT_QUAD },
    { "window", required_argument, 0, OPT_WINDOW },
    { "top", required_argument, 0, OPT_TOP },
    { "title", required_argument, 0, OPT_TITLE },
    { "chart", required_argument, 0, OPT_CHART },
    { "width", required_argument, 0, OPT_WIDTH },
    { "height", required_argument, 0, OPT_HEIGHT },
    { "format", required_argument, 0, 'f' },
    { "out", required_argument, 0, 'o' },
    { "help", no_argument, 0, 'h' },
    { 0, 0, 0, 0 }
};

typedef struct report_args {
    deeds_report_query q;
    const char *actors[MAX_LIST], *dyads[MAX_LIST];
    const char *db, *out, *format;
    int chart;   /* -1: the whole report */
} report_args;

/* Splits a comma-separated list in place into list[]. */
static size_t split_actors(char *s, const char **list)
{
    size_t n = 0;
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
        if (n == MAX_LIST)
            cli_die_usage("--actors takes at most %d actors", MAX_LIST);
        list[n++] = tok;
    }
    if (!n)
        cli_die_usage("--actors needs actor codes separated by commas, e.g. USA,PRK,KOR");
    return n;
}

static int parse_enum(int v, const char *opt, const char *arg, const char *choices)
{
    if (v < 0)
        cli_die_usage("unknown %s '%s' (%s)", opt, arg, choices);
    return v;
}

static void parse_args(int argc, char **argv, report_args *a)
{
    memset(a, 0, sizeof *a);
    a->q.by = DEEDS_BY_MONTH;
    a->q.count = DEEDS_COUNT_EVENTS;
    a->q.actors = a->actors;
    a->q.dyads = a->dyads;
    a->chart = -1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db = optarg; break;
        case OPT_ACTORS: a->q.nactors = split_actors(optarg, a->actors); break;
        case OPT_DYAD:
            if (a->q.ndyads == MAX_LIST)
                cli_die_usage("at most %d --dyad options", MAX_LIST);
            a->dyads[a->q.ndyads++] = optarg;
            break;
        case OPT_FROM: a->q.from = cli_parse_date(optarg, "--from"); break;
        case OPT_TO: a->q.to = cli_parse_date(optarg, "--to"); break;
        case OPT_BY: a->q.by = cli_parse_period(optarg); break;
        case OPT_COUNT: a->q.count = cli_parse_count(optarg); break;
        case OPT_QUAD: a->q.quad = cli_parse_quad(optarg); break;
        case OPT_WINDOW: a->q.window = (int)cli_parse_number(optarg, "--window", 1, 3650); break;
        case OPT_TOP: a->q.top = (size_t)cli_parse_number(optarg, "--top", 1, 1000); break;
        case OPT_TITLE: a->q.title = optarg; break;
        case OPT_CHART:
            a->chart = parse_enum(deeds_report_chart_parse(optarg), "--chart", optarg,
                                  "timeline, gap or alignment");
            break;
        case OPT_WIDTH: a->q.width = (int)cli_parse_number(optarg, "--width", 200, 8000); break;
        case OPT_HEIGHT: a->q.height = (int)cli_parse_number(optarg, "--height", 150, 8000); break;
        case 'f': a->format = optarg; break;
        case 'o': a->out = optarg; break;
        case 'h':
            puts("usage: deeds report --db STORE --actors A,B,... [--dyad SRC:TGT ...] --out report.html\n"
                 "       deeds report --db STORE --chart timeline|gap|alignment [--dyad SRC:TGT]\n"
                 "                    [--actors A,B,...] [--width W --height H] --format svg|png --out FILE\n"
                 "See deeds --help and docs/report.md.");
            exit(0);
        default: cli_die_usage("bad option for report");
        }
    }
    if (optind < argc)
        cli_die_usage("report takes no file arguments ('%s'): use --db and --out", argv[optind]);
    if (!a->db)
        cli_die_usage("report needs --db STORE (a file that deeds ingest filled)");
    if (!a->out)
        cli_die_usage("report needs --out FILE ('-' for standard output)");
    if (a->q.from && a->q.to && a->q.from > a->q.to)
        cli_die_usage("--from is after --to");
    if (a->chart < 0 && !a->q.nactors && !a->q.ndyads)
        cli_die_usage("report needs --actors A,B,... or at least one --dyad SRC:TGT");
}

/* PNG when asked, or when --out ends in .png; SVG otherwise. */
static int wants_png(const report_args *a)
{
    if (a->format) {
        if (!strcmp(a->format, "png"))
            return 1;
        if (!strcmp(a->format, "svg"))
            return 0;
        cli_die_usage("unknown --format '%s' for a chart (svg or png)", a->format);
    }
    size_t n = strlen(a->out);
    return n > 4 && !strcmp(a->out + n - 4, ".png");
}

static int write_out(const char *path, const deeds_buf *b)
{
    int to_stdout = !strcmp(path, "-");
    FILE *f = to_stdout ? stdout : fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "deeds: cannot open %s for writing: %s\n", path, strerror(errno));
        return -1;
    }
    size_t ok = b->len ? fwrite(b->data, 1, b->len, f) : 0;
    int closed = to_stdout ? fflush(f) : fclose(f);
    if (ok != b->len || closed) {
        fprintf(stderr, "deeds: could not write %s\n", path);
        return -1;
    }
    return 0;
}

int cmd_report(int argc, char **argv)
{
    report_args a;
    parse_args(argc, argv, &a);
    if (a.chart < 0 && a.format && strcmp(a.format, "html"))
        cli_die_usage("--format %s is for single charts: add --chart timeline|gap|alignment",
                      a.format);
    deeds_diag diag = { 0 };
    deeds_store *s = deeds_store_open(a.db, 0, &diag);
    if (!s)
        return EXIT_FATAL;
    deeds_buf out = { 0 };
    int rc = a.chart < 0
        ? deeds_report_html(s, &a.q, &out, &diag)
        : deeds_report_chart_render(s, &a.q, (deeds_report_chart)a.chart, wants_png(&a),
                                    &out, &diag);
    deeds_store_close(s);
    if (!rc)
        rc = write_out(a.out, &out);
    deeds_buf_free(&out);
    if (rc || diag.errors)
        return EXIT_FATAL;
    return deeds_diag_skipped_total(&diag) ? EXIT_SKIPPED : 0;
}
