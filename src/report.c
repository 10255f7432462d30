/*
 * report.c: turns a store into a self-contained HTML report (and single
 * charts for a paper), the last stage of `deeds report`.
 *
 * It asks judge.c for a judgement of each directed dyad and for the
 * alignment matrix of the chosen actors, builds chart descriptions from
 * them and lets chart.c draw them as inline SVG.  The page carries its CSS
 * inline and fetches nothing, so it opens offline and can be mailed as one
 * file.  Every piece of text from the store is escaped; every number says
 * what it counts (reports, one-a-day or events).
 */
#include "deeds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DYADS 6       /* busiest dyads shown when none are asked */
#define DEFAULT_WINDOW 90
#define REPORT_CHART_WIDTH 1000   /* the page is about that wide */
#define VERBAL_COOP_COLOUR 0x4c9be8u
#define MATERIAL_COOP_COLOUR 0x1f5fa8u
#define VERBAL_CONFLICT_COLOUR 0xf29e4cu
#define MATERIAL_CONFLICT_COLOUR 0xc0392bu
#define GAP_COLOUR 0x7b3294u

typedef struct dyad {
    char source[48], target[48];
    double events;   /* for ranking the busiest */
} dyad;

/* ------------------------------------------------------------- helpers */

static void html(deeds_buf *b, const char *s)
{
    if (s)
        deeds_buf_html(b, s, strlen(s));
}

static int parse_dyad(const char *spec, dyad *d, deeds_diag *diag)
{
    const char *colon = strchr(spec, ':');
    size_t ns = colon ? (size_t)(colon - spec) : 0;
    if (!colon || !ns || ns >= sizeof d->source || !colon[1]
        || strlen(colon + 1) >= sizeof d->target || strchr(colon + 1, ':')) {
        deeds_diag_error(diag, "report", 0,
                         "'%s' is not a dyad: write SOURCE:TARGET, e.g. USA:PRK", spec);
        return -1;
    }
    memcpy(d->source, spec, ns);
    d->source[ns] = '\0';
    strcpy(d->target, colon + 1);
    d->events = 0;
    return 0;
}

static const char *count_explained(deeds_count c)
{
    switch (c) {
    case DEEDS_COUNT_REPORTS:
        return "reports: every coded sentence of every article (an article stored twice counts once)";
    case DEEDS_COUNT_ONE_A_DAY:
        return "one-a-day: distinct (date, source, target, event code), the KEDS/TABARI filter";
    case DEEDS_COUNT_EVENTS:
        return "events: reports of the same source, target and code close in time are one event (the mentions model)";
    }
    return "";
}

static void dyad_title(const dyad *d, char *out, size_t cap)
{
    snprintf(out, cap, "%s \xe2\x86\x92 %s", d->source, d->target);
}

/* An HTML id for a dyad: letters and digits kept, anything else '_'. */
static void dyad_anchor(const dyad *d, char *out, size_t cap)
{
    snprintf(out, cap, "dyad-%s-%s", d->source, d->target);
    for (char *p = out; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
              || (*p >= '0' && *p <= '9') || *p == '-'))
            *p = '_';
}

static void date_text(int32_t date, char out[11])
{
    if (date)
        deeds_date_format(date, out);
    else
        strcpy(out, "open");
}

/* --------------------------------------------------------- chart data */

/* The four quad classes per period: cooperation above zero, conflict
 * below, words dashed, deeds filled. */
typedef struct timeline {
    int32_t *dates;
    double *values;              /* 4 * n */
    deeds_chart_series series[4];
    deeds_chart chart;
    char title[160], note[200];
} timeline;

static const struct {
    const char *name;
    int quad, sign;
    deeds_chart_style style;
    uint32_t colour;
} quad_lines[4] = {
    { "verbal cooperation", 1, 1, DEEDS_STYLE_DASHED, VERBAL_COOP_COLOUR },
    { "material cooperation", 2, 1, DEEDS_STYLE_AREA, MATERIAL_COOP_COLOUR },
    { "verbal conflict", 3, -1, DEEDS_STYLE_DASHED, VERBAL_CONFLICT_COLOUR },
    { "material conflict", 4, -1, DEEDS_STYLE_AREA, MATERIAL_CONFLICT_COLOUR },
};

static int timeline_build(timeline *t, const deeds_series_row *rows, size_t n,
                          const dyad *d, deeds_count count)
{
    memset(t, 0, sizeof *t);
    t->dates = malloc(sizeof *t->dates * (n ? n : 1));
    t->values = malloc(sizeof *t->values * 4 * (n ? n : 1));
    if (!t->dates || !t->values)
        return -1;
    for (size_t i = 0; i < n; i++)
        t->dates[i] = rows[i].period;
    for (int k = 0; k < 4; k++) {
        double *v = t->values + (size_t)k * n;
        for (size_t i = 0; i < n; i++)
            v[i] = quad_lines[k].sign * rows[i].quad[quad_lines[k].quad];
        t->series[k] = (deeds_chart_series){ quad_lines[k].name, v, quad_lines[k].style,
                                             quad_lines[k].colour };
    }
    char name[120];
    dyad_title(d, name, sizeof name);
    snprintf(t->title, sizeof t->title, "%s: rhetoric and results", name);
    snprintf(t->note, sizeof t->note, "counting: %s; conflict drawn below zero",
             deeds_count_name(count));
    t->chart = (deeds_chart){ .kind = DEEDS_CHART_LINES, .title = t->title,
                              .subtitle = "words (dashed) against deeds (filled), per period",
                              .y_label = deeds_count_name(count), .note = t->note,
                              .npoints = n, .dates = t->dates, .series = t->series,
                              .nseries = 4 };
    return 0;
}

/* The say-do gap of each period: rhetoric minus results, where the period
 * had both words and deeds (else no bar). */
static int gap_build(timeline *t, const deeds_series_row *rows, size_t n,
                     const dyad *d, deeds_count count)
{
    memset(t, 0, sizeof *t);
    t->dates = malloc(sizeof *t->dates * (n ? n : 1));
    t->values = malloc(sizeof *t->values * (n ? n : 1));
    if (!t->dates || !t->values)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const double *q = rows[i].quad;
        double verbal = q[1] + q[3], material = q[2] + q[4];
        t->dates[i] = rows[i].period;
        t->values[i] = verbal > 0 && material > 0
            ? (q[1] - q[3]) / verbal - (q[2] - q[4]) / material : NAN;
    }
    t->series[0] = (deeds_chart_series){ "say\xe2\x80\x93" "do gap", t->values,
                                         DEEDS_STYLE_LINE, GAP_COLOUR };
    char name[120];
    dyad_title(d, name, sizeof name);
    snprintf(t->title, sizeof t->title, "%s: say\xe2\x80\x93" "do gap", name);
    snprintf(t->note, sizeof t->note,
             "counting: %s; no bar where a period lacks words or deeds",
             deeds_count_name(count));
    t->chart = (deeds_chart){ .kind = DEEDS_CHART_BARS, .title = t->title,
                              .subtitle = "rhetoric minus results: above 0, words warmer than deeds",
                              .y_label = "gap (-2 to 2)", .note = t->note, .npoints = n,
                              .dates = t->dates, .series = t->series, .nseries = 1 };
    return 0;
}

static void timeline_free(timeline *t)
{
    free(t->dates);
    free(t->values);
}

/* The alignment matrix, its rows ordered so that blocs sit together: the
 * first actor, then the others from its closest partner (net cooperation
 * both ways) to its sharpest adversary. */
typedef struct alignment {
    size_t n;
    const char **names;
    double *cells;
    deeds_chart chart;
    char note[200];
} alignment;

static void order_by_bloc(const double *m, size_t n, size_t *order)
{
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    /* insertion sort of the others by affinity (towards the first actor
     * and back), highest first: n is a handful of actors */
    for (size_t i = 2; i < n; i++) {
        size_t k = order[i], at = i;
        double key = m[k] + m[k * n];
        while (at > 1 && m[order[at - 1]] + m[order[at - 1] * n] < key) {
            order[at] = order[at - 1];
            at--;
        }
        order[at] = k;
    }
}

static int alignment_build(alignment *a, deeds_store *s, const deeds_report_query *q,
                           deeds_diag *diag)
{
    size_t n = q->nactors;
    memset(a, 0, sizeof *a);
    size_t ncells = n ? n * n : 1;
    double *m = calloc(ncells, sizeof *m);
    size_t *order = malloc(sizeof *order * (n ? n : 1));
    a->names = malloc(sizeof *a->names * (n ? n : 1));
    a->cells = malloc(sizeof *a->cells * ncells);
    int rc = -1;
    if (m && order && a->names && a->cells
        && deeds_alignment(s, q->actors, n, q->from, q->to, q->count, m, diag) == 0) {
        order_by_bloc(m, n, order);
        for (size_t i = 0; i < n; i++) {
            a->names[i] = q->actors[order[i]];
            for (size_t j = 0; j < n; j++)
                a->cells[i * n + j] = i == j ? NAN : m[order[i] * n + order[j]];
        }
        a->n = n;
        snprintf(a->note, sizeof a->note,
                 "net Goldstein score of the row actor towards the column actor; counting: %s",
                 deeds_count_name(q->count));
        a->chart = (deeds_chart){ .kind = DEEDS_CHART_HEATMAP,
                                  .title = "Alignment: net cooperation between the actors",
                                  .subtitle = "blue: cooperation, red: conflict; rows ordered by closeness to the first actor",
                                  .note = a->note, .width = 120 + 90 * (int)(n < 4 ? 4 : n),
                                  .height = 130 + 70 * (int)(n < 4 ? 4 : n),
                                  .rows = a->names, .cols = a->names, .nrows = n, .ncols = n,
                                  .cells = a->cells };
        rc = 0;
    }
    free(m);
    free(order);
    return rc;
}

static void alignment_free(alignment *a)
{
    free(a->names);
    free(a->cells);
}

/* --------------------------------------------------------- dyad choice */

static int by_events(const void *a, const void *b)
{
    double x = ((const dyad *)a)->events, y = ((const dyad *)b)->events;
    return (x < y) - (x > y);
}

/* The dyads to show: those asked for, or the busiest among the actors. */
static int choose_dyads(deeds_store *s, const deeds_report_query *q, dyad **out,
                        size_t *n, deeds_diag *diag)
{
    size_t cap = q->ndyads ? q->ndyads : q->nactors * q->nactors;
    dyad *d = calloc(cap ? cap : 1, sizeof *d);
    if (!d)
        return -1;
    *out = d;
    *n = 0;
    if (q->ndyads) {
        for (size_t i = 0; i < q->ndyads; i++)
            if (parse_dyad(q->dyads[i], &d[(*n)++], diag))
                return -1;
        return 0;
    }
    for (size_t i = 0; i < q->nactors; i++)
        for (size_t j = 0; j < q->nactors; j++) {
            if (i == j)
                continue;
            deeds_series_query sq = { .source = q->actors[i], .target = q->actors[j],
                                      .from = q->from, .to = q->to, .by = DEEDS_BY_YEAR,
                                      .count = q->count, .quad = q->quad };
            deeds_series_row *rows = NULL;
            size_t nrows = 0;
            if (deeds_series(s, &sq, &rows, &nrows, diag))
                return -1;
            dyad *e = &d[(*n)++];
            snprintf(e->source, sizeof e->source, "%s", q->actors[i]);
            snprintf(e->target, sizeof e->target, "%s", q->actors[j]);
            for (size_t r = 0; r < nrows; r++)
                e->events += rows[r].events;
            free(rows);
        }
    qsort(d, *n, sizeof *d, by_events);
    size_t keep = 0;
    while (keep < *n && keep < DEFAULT_DYADS && d[keep].events > 0)
        keep++;
    *n = keep;
    return 0;
}

/* ---------------------------------------------------------------- HTML */

static const char css[] =
"body{font:15px/1.5 'DejaVu Sans',Helvetica,Arial,sans-serif;color:#222;background:#fafafa;margin:0}\n"
"main{max-width:1100px;margin:0 auto;padding:24px 32px 48px;background:#fff}\n"
"h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;margin:40px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}\n"
"h3{font-size:16px;margin:24px 0 6px}.meta,.note,figcaption{color:#666;font-size:13px}\n"
"nav ul{columns:3;padding-left:18px}.verdict{background:#f3f6fb;border-left:4px solid #2166ac;padding:10px 14px;margin:12px 0}\n"
"table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 14px}\n"
"th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid #e3e3e3}\n"
"th{background:#f0f0f0}tr:nth-child(even) td{background:#fafafa}td.num,th.num{text-align:right;white-space:nowrap}\n"
"table.figures{width:auto}mark{background:#fde9a9;padding:0 1px}.kept{color:#1f5fa8;font-weight:bold}\n"
".missed{color:#b2182b;font-weight:bold}figure{margin:12px 0}svg{max-width:100%;height:auto}\n"
".sentence{max-width:520px}.small{font-size:12px;color:#666}\n"
"@media print{body{background:#fff}main{padding:0}h2{break-before:page}}\n";

static void html_head(deeds_buf *b, const char *title)
{
    deeds_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta name=\"generator\" content=\"deeds " DEEDS_VERSION "\">\n<title>");
    html(b, title);
    deeds_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
}

static void default_title(const deeds_report_query *q, const dyad *d, size_t nd,
                          deeds_buf *title)
{
    if (q->title) {
        deeds_buf_puts(title, q->title);
        return;
    }
    deeds_buf_puts(title, "Words and deeds: ");
    if (q->nactors)
        for (size_t i = 0; i < q->nactors; i++)
            deeds_buf_printf(title, "%s%s", i ? ", " : "", q->actors[i]);
    else
        for (size_t i = 0; i < nd; i++)
            deeds_buf_printf(title, "%s%s:%s", i ? ", " : "", d[i].source, d[i].target);
}

static void html_intro(deeds_buf *b, const deeds_report_query *q, const char *title,
                       const dyad *d, size_t nd, int with_alignment)
{
    char from[11], to[11], anchor[120], name[120];
    date_text(q->from, from);
    date_text(q->to, to);
    deeds_buf_puts(b, "<header>\n<h1>");
    html(b, title);
    deeds_buf_puts(b, "</h1>\n<p class=\"meta\">");
    if (q->from || q->to)
        deeds_buf_printf(b, "From %s to %s", from, to);
    else
        deeds_buf_puts(b, "All dates in the store");
    deeds_buf_printf(b, ", by %s.  Asserted events only (negated and hypothetical ones are "
                        "left out).  Every number in this report counts <b>",
                     q->by == DEEDS_BY_DAY ? "day" : q->by == DEEDS_BY_WEEK ? "week"
                     : q->by == DEEDS_BY_MONTH ? "month" : q->by == DEEDS_BY_QUARTER
                     ? "quarter" : "year");
    html(b, count_explained(q->count));
    deeds_buf_puts(b, "</b>.  Quad classes follow the ");
    html(b, q->quad == DEEDS_QUAD_ICEWS ? "ICEWS" : q->quad == DEEDS_QUAD_PHOENIX
         ? "Phoenix" : "GDELT");
    deeds_buf_puts(b, " convention.  Made by deeds " DEEDS_VERSION ".</p>\n</header>\n"
                      "<nav>\n<ul>\n");
    if (with_alignment)
        deeds_buf_puts(b, "<li><a href=\"#alignment\">Alignment of the actors</a></li>\n");
    for (size_t i = 0; i < nd; i++) {
        dyad_anchor(&d[i], anchor, sizeof anchor);
        dyad_title(&d[i], name, sizeof name);
        deeds_buf_printf(b, "<li><a href=\"#%s\">", anchor);
        html(b, name);
        deeds_buf_puts(b, "</a></li>\n");
    }
    if (!nd)
        deeds_buf_puts(b, "<li>No dyad among these actors has events in this period.</li>\n");
    deeds_buf_puts(b, "</ul>\n</nav>\n");
}

static int html_chart(deeds_buf *b, const deeds_chart *c, const char *caption,
                      deeds_diag *diag)
{
    deeds_buf_puts(b, "<figure>\n");
    if (deeds_chart_svg(c, 1, b, diag))
        return -1;
    if (caption) {
        deeds_buf_puts(b, "<figcaption>");
        html(b, caption);
        deeds_buf_puts(b, "</figcaption>\n");
    }
    deeds_buf_puts(b, "</figure>\n");
    return 0;
}

static int html_alignment(deeds_buf *b, deeds_store *s, const deeds_report_query *q,
                          deeds_diag *diag)
{
    alignment a;
    if (alignment_build(&a, s, q, diag)) {
        alignment_free(&a);
        return -1;
    }
    deeds_buf_puts(b, "<section id=\"alignment\">\n<h2>Alignment of the actors</h2>\n"
                      "<p>Each cell is the net Goldstein score (cooperation minus conflict) "
                      "of the row actor&#39;s events towards the column actor.  Actors that "
                      "cooperate with each other form blue blocks; blocs opposed to each other "
                      "meet in red.</p>\n");
    int rc = html_chart(b, &a.chart, NULL, diag);
    deeds_buf_puts(b, "</section>\n");
    alignment_free(&a);
    return rc;
}

static void html_figure_row(deeds_buf *b, const char *name, double v, const char *fmt)
{
    deeds_buf_puts(b, "<tr><th>");
    html(b, name);
    deeds_buf_puts(b, "</th><td class=\"num\">");
    deeds_buf_printf(b, fmt, v);
    deeds_buf_puts(b, "</td></tr>\n");
}

static void html_figures(deeds_buf *b, const deeds_judgement *j)
{
    const char *c = deeds_count_name(j->q.count);
    deeds_buf_printf(b, "<table class=\"figures\">\n<caption class=\"small\">counting: %s</caption>\n", c);
    html_figure_row(b, "verbal cooperation", j->verbal_coop, "%.0f");
    html_figure_row(b, "verbal conflict", j->verbal_conflict, "%.0f");
    html_figure_row(b, "material cooperation", j->material_coop, "%.0f");
    html_figure_row(b, "material conflict", j->material_conflict, "%.0f");
    html_figure_row(b, "rhetoric (-1 hostile words .. +1 warm words)", j->rhetoric, "%+.2f");
    html_figure_row(b, "results (-1 hostile deeds .. +1 cooperative deeds)", j->results, "%+.2f");
    html_figure_row(b, "say\xe2\x80\x93" "do gap (rhetoric - results)", j->gap, "%+.2f");
    html_figure_row(b, "trend of the gap per period", j->gap_trend, "%+.3f");
    deeds_buf_puts(b, "</table>\n");
}

/* The sentence with its trigger words marked. */
static void html_sentence(deeds_buf *b, const deeds_stored_event *e)
{
    const char *s = e->sentence ? e->sentence : "";
    const char *verb = e->verb_text && *e->verb_text ? strstr(s, e->verb_text) : NULL;
    if (!verb) {
        html(b, s);
        return;
    }
    size_t vn = strlen(e->verb_text);
    deeds_buf_html(b, s, (size_t)(verb - s));
    deeds_buf_puts(b, "<mark>");
    deeds_buf_html(b, verb, vn);
    deeds_buf_puts(b, "</mark>");
    html(b, verb + vn);
}

/* The article a report came from: its title (a link when it has a URL),
 * publication and id. */
static void html_article(deeds_buf *b, const deeds_stored_event *e)
{
    const char *title = e->title && *e->title ? e->title : e->article;
    if (e->url && *e->url) {
        deeds_buf_puts(b, "<a rel=\"noreferrer\" href=\"");
        html(b, e->url);
        deeds_buf_puts(b, "\">");
        html(b, title);
        deeds_buf_puts(b, "</a>");
    } else {
        html(b, title);
    }
    deeds_buf_puts(b, "<br><span class=\"small\">");
    if (e->publication && *e->publication) {
        html(b, e->publication);
        deeds_buf_puts(b, ", ");
    }
    html(b, e->article);
    deeds_buf_printf(b, ", sentence %d</span>", e->sent + 1);
}

static void html_code(deeds_buf *b, const deeds_stored_event *e)
{
    const deeds_cameo *c = deeds_cameo_lookup(e->code);
    html(b, e->code);
    if (c) {
        deeds_buf_puts(b, " <span class=\"small\">");
        html(b, c->label);
        deeds_buf_puts(b, "</span>");
    }
}

static void html_key_events(deeds_buf *b, const deeds_judgement *j)
{
    deeds_buf_printf(b, "<h3>Key events</h3>\n<p class=\"note\">The %zu events that moved the "
                        "balance most (largest Goldstein score times reports, either way), each with the "
                        "sentence and article it was coded from; the words that triggered the "
                        "code are marked.  Counting: %s.</p>\n",
                     j->nkey, deeds_count_name(j->q.count));
    if (!j->nkey) {
        deeds_buf_puts(b, "<p>No events in this period.</p>\n");
        return;
    }
    deeds_buf_puts(b, "<table>\n<tr><th>date</th><th>source \xe2\x86\x92 target</th>"
                      "<th>code</th><th class=\"num\">Goldstein</th>"
                      "<th class=\"num\">mentions / articles / sources</th>"
                      "<th>sentence</th><th>article</th></tr>\n");
    for (size_t i = 0; i < j->nkey; i++) {
        const deeds_stored_event *e = &j->key[i];
        char date[11];
        deeds_date_format(e->date, date);
        deeds_buf_printf(b, "<tr><td class=\"num\">%s</td><td>", date);
        html(b, e->source);
        deeds_buf_puts(b, " \xe2\x86\x92 ");
        html(b, e->target);
        deeds_buf_puts(b, "</td><td>");
        html_code(b, e);
        deeds_buf_printf(b, "</td><td class=\"num\">%+.1f</td><td class=\"num\">%u / %u / %u</td>"
                            "<td class=\"sentence\">", e->goldstein, e->num_mentions,
                         e->num_articles, e->num_sources);
        html_sentence(b, e);
        deeds_buf_puts(b, "</td><td>");
        html_article(b, e);
        deeds_buf_puts(b, "</td></tr>\n");
    }
    deeds_buf_puts(b, "</table>\n");
}

/* One statement or act inside a follow-through cell. */
static void html_follow_event(deeds_buf *b, const deeds_stored_event *e)
{
    char date[11];
    deeds_date_format(e->date, date);
    deeds_buf_printf(b, "<b>%s</b> ", date);
    html_code(b, e);
    deeds_buf_puts(b, "<br>");
    html_sentence(b, e);
    deeds_buf_puts(b, "<br><span class=\"small\">");
    html(b, e->publication && *e->publication ? e->publication : e->article);
    deeds_buf_puts(b, "</span>");
}

static void html_follow_table(deeds_buf *b, const char *what, const char *done_word,
                              const deeds_follow *f, size_t n, size_t done, int window)
{
    deeds_buf_printf(b, "<h3>Follow-through of %s</h3>\n<p class=\"note\">", what);
    if (!n) {
        deeds_buf_printf(b, "No %s in this period.</p>\n", what);
        return;
    }
    deeds_buf_printf(b, "%zu of %zu %s %s within %d days (%.0f%%).</p>\n<table>\n"
                        "<tr><th>said</th><th>followed by</th></tr>\n",
                     done, n, what, done_word, window, 100.0 * (double)done / (double)n);
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(b, "<tr><td class=\"sentence\">");
        html_follow_event(b, &f[i].said);
        deeds_buf_puts(b, "</td><td class=\"sentence\">");
        if (f[i].done) {
            deeds_buf_printf(b, "<span class=\"kept\">after %d days</span><br>", f[i].days);
            html_follow_event(b, &f[i].did);
        } else {
            deeds_buf_printf(b, "<span class=\"missed\">nothing within %d days</span>", window);
        }
        deeds_buf_puts(b, "</td></tr>\n");
    }
    deeds_buf_puts(b, "</table>\n");
}

/* The dyad's timeline and gap charts, as wide as the page. */
static int html_dyad_charts(deeds_buf *b, const deeds_judgement *j, const dyad *d,
                            deeds_count count, deeds_diag *diag)
{
    timeline t;
    int rc = timeline_build(&t, j->series, j->nseries, d, count);
    t.chart.width = REPORT_CHART_WIDTH;
    if (!rc)
        rc = html_chart(b, &t.chart, "Per period: cooperation above zero, conflict below; "
                        "dashed lines are words (verbal events), filled areas deeds "
                        "(material events).", diag);
    timeline_free(&t);
    if (rc)
        return rc;
    rc = gap_build(&t, j->series, j->nseries, d, count);
    t.chart.width = REPORT_CHART_WIDTH;
    if (!rc)
        rc = html_chart(b, &t.chart, "Rhetoric minus results in each period that had both "
                        "words and deeds.", diag);
    timeline_free(&t);
    return rc;
}

static int html_dyad(deeds_buf *b, deeds_store *s, const deeds_report_query *q,
                     const dyad *d, deeds_diag *diag)
{
    deeds_judge_query jq = { .source = d->source, .target = d->target, .from = q->from,
                             .to = q->to, .by = q->by, .count = q->count, .quad = q->quad,
                             .window = q->window, .top = q->top };
    deeds_judgement j;
    memset(&j, 0, sizeof j);
    if (deeds_judge(s, &jq, &j, diag))
        return -1;
    char anchor[120], name[120];
    dyad_anchor(d, anchor, sizeof anchor);
    dyad_title(d, name, sizeof name);
    deeds_buf_printf(b, "<section class=\"dyad\" id=\"%s\">\n<h2>", anchor);
    html(b, name);
    deeds_buf_puts(b, "</h2>\n");
    if (j.verdict && *j.verdict) {
        deeds_buf_puts(b, "<p class=\"verdict\">");
        html(b, j.verdict);
        deeds_buf_puts(b, "</p>\n");
    }
    html_figures(b, &j);
    int rc = html_dyad_charts(b, &j, d, q->count, diag);
    int window = q->window ? q->window : DEFAULT_WINDOW;
    html_follow_table(b, "promises and offers", "were followed by material cooperation",
                      j.promises, j.npromises, j.promises_kept, window);
    html_follow_table(b, "threats", "were followed by material conflict",
                      j.threats, j.nthreats, j.threats_carried, window);
    html_key_events(b, &j);
    deeds_buf_puts(b, "</section>\n");
    deeds_judgement_free(&j);
    return rc;
}

int deeds_report_html(deeds_store *s, const deeds_report_query *q, deeds_buf *out,
                      deeds_diag *diag)
{
    dyad *d = NULL;
    size_t nd = 0;
    if (choose_dyads(s, q, &d, &nd, diag)) {
        free(d);
        return -1;
    }
    deeds_buf title = { 0 };
    default_title(q, d, nd, &title);
    html_head(out, title.data ? title.data : "deeds report");
    int with_alignment = q->nactors >= 2;
    html_intro(out, q, title.data ? title.data : "deeds report", d, nd, with_alignment);
    deeds_buf_free(&title);
    int rc = with_alignment ? html_alignment(out, s, q, diag) : 0;
    for (size_t i = 0; !rc && i < nd; i++)
        rc = html_dyad(out, s, q, &d[i], diag);
    deeds_buf_puts(out, "<footer class=\"note\"><p>Goldstein scores follow the CAMEO "
                        "Goldstein table; quad classes, counts and the say\xe2\x80\x93" "do gap "
                        "are explained in deeds&#39; docs/judge.md and docs/report.md.</p>"
                        "</footer>\n</main>\n</body>\n</html>\n");
    free(d);
    return rc;
}

/* ------------------------------------------------------- single charts */

int deeds_report_chart_parse(const char *name)
{
    static const char *const names[] = { "timeline", "gap", "alignment" };
    for (int i = 0; i < 3; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

static int render(deeds_chart *c, const deeds_report_query *q, int png, deeds_buf *out,
                  deeds_diag *diag)
{
    if (q->width)
        c->width = q->width;
    if (q->height)
        c->height = q->height;
    return png ? deeds_chart_png(c, out, diag) : deeds_chart_svg(c, 0, out, diag);
}

static int render_dyad_chart(deeds_store *s, const deeds_report_query *q,
                             deeds_report_chart which, int png, deeds_buf *out,
                             deeds_diag *diag)
{
    dyad d;
    if (!q->ndyads) {
        deeds_diag_error(diag, "report", 0, "a %s chart needs a dyad: give --dyad SOURCE:TARGET",
                         which == DEEDS_REPORT_GAP ? "gap" : "timeline");
        return -1;
    }
    if (parse_dyad(q->dyads[0], &d, diag))
        return -1;
    deeds_series_query sq = { .source = d.source, .target = d.target, .from = q->from,
                              .to = q->to, .by = q->by, .count = q->count, .quad = q->quad };
    deeds_series_row *rows = NULL;
    size_t n = 0;
    if (deeds_series(s, &sq, &rows, &n, diag))
        return -1;
    timeline t;
    int rc = which == DEEDS_REPORT_GAP ? gap_build(&t, rows, n, &d, q->count)
                                       : timeline_build(&t, rows, n, &d, q->count);
    if (!rc)
        rc = render(&t.chart, q, png, out, diag);
    timeline_free(&t);
    free(rows);
    return rc;
}

int deeds_report_chart_render(deeds_store *s, const deeds_report_query *q,
                              deeds_report_chart which, int png, deeds_buf *out,
                              deeds_diag *diag)
{
    if (which != DEEDS_REPORT_ALIGNMENT)
        return render_dyad_chart(s, q, which, png, out, diag);
    if (q->nactors < 2) {
        deeds_diag_error(diag, "report", 0,
                         "the alignment chart needs at least two actors: give --actors A,B,...");
        return -1;
    }
    alignment a;
    int rc = alignment_build(&a, s, q, diag);
    if (!rc)
        rc = render(&a.chart, q, png, out, diag);
    alignment_free(&a);
    return rc;
}
