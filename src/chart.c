/*
 * chart.c: draws charts (time-series lines and areas, grouped bars, heat
 * maps) from a deeds_chart description, for report.c and `deeds report`.
 *
 * Each chart kind has one drawing routine, which lays the chart out and
 * draws it through a canvas: a handful of primitives (rectangle, polyline,
 * polygon, circle, text).  Two canvases implement them: one writes SVG
 * elements into a deeds_buf, the other paints with cairo and hands back PNG
 * bytes.  So the SVG in the HTML report and the PNG in a paper come from the
 * same layout.  Text widths are estimated, not measured, for the same reason:
 * SVG cannot measure, and both outputs must place things alike.
 * A value that is not finite (NAN, an infinity) is drawn as no value.
 */
#include "deeds.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WIDTH 760
#define DEFAULT_HEIGHT 340
#define MAX_SIDE 8000
#define AXIS_LIMIT 1e300
#define MAX_MARKED_POINTS 120   /* more markers than this would only blot the lines */
#define FONT_FAMILY "DejaVu Sans, Helvetica, Arial, sans-serif"
#define INK 0x222222u
#define MUTED 0x666666u
#define GRID 0xe3e3e3u
#define NO_VALUE_FILL 0xeeeeeeu
#define COOP_END 0x2166acu      /* blue: cooperation */
#define CONFLICT_END 0xb2182bu  /* red: conflict */

/* ------------------------------------------------------------ escaping */

void deeds_buf_html(deeds_buf *b, const char *s, size_t n)
{
    size_t plain = 0;  /* start of the run not yet appended */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        const char *rep = NULL;
        switch (ch) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            /* XML 1.0 forbids most control characters even as references */
            if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f)
                rep = " ";
        }
        if (!rep)
            continue;
        deeds_buf_append(b, s + plain, i - plain);
        deeds_buf_puts(b, rep);
        plain = i + 1;
    }
    deeds_buf_append(b, s + plain, n - plain);
}

/* -------------------------------------------------------------- canvas */

typedef enum anchor { ANCHOR_START, ANCHOR_MIDDLE, ANCHOR_END } anchor;

typedef struct canvas canvas;
typedef struct canvas_ops {
    void (*rect)(canvas *cv, double x, double y, double w, double h,
                 uint32_t fill, double opacity, const char *cls, const char *tip);
    /* xy holds n points; closed polygons are filled, open ones stroked */
    void (*polyline)(canvas *cv, const double *xy, size_t n, uint32_t stroke,
                     double width, int dashed, const char *cls);
    void (*polygon)(canvas *cv, const double *xy, size_t n, uint32_t fill,
                    double opacity, const char *cls);
    void (*circle)(canvas *cv, double x, double y, double r, uint32_t fill,
                   const char *cls, const char *tip);
    void (*text)(canvas *cv, double x, double y, const char *s, double size,
                 uint32_t colour, anchor a, int bold, int vertical);
} canvas_ops;

struct canvas {
    const canvas_ops *ops;
    deeds_buf *svg;      /* SVG canvas */
    cairo_t   *cr;       /* cairo canvas */
};

/* SVG canvas: one element per primitive. */

static void svg_colour(deeds_buf *b, const char *attr, uint32_t c)
{
    deeds_buf_printf(b, " %s=\"#%06x\"", attr, (unsigned)(c & 0xffffffu));
}

static void svg_class(deeds_buf *b, const char *cls)
{
    if (cls)
        deeds_buf_printf(b, " class=\"%s\"", cls);
}

static void svg_close_with_tip(deeds_buf *b, const char *element, const char *tip)
{
    if (!tip) {
        deeds_buf_puts(b, "/>\n");
        return;
    }
    deeds_buf_puts(b, "><title>");
    deeds_buf_html(b, tip, strlen(tip));
    deeds_buf_printf(b, "</title></%s>\n", element);
}

static void svg_rect(canvas *cv, double x, double y, double w, double h,
                     uint32_t fill, double opacity, const char *cls, const char *tip)
{
    deeds_buf *b = cv->svg;
    deeds_buf_puts(b, "<rect");
    svg_class(b, cls);
    deeds_buf_printf(b, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y, w, h);
    svg_colour(b, "fill", fill);
    if (opacity < 1)
        deeds_buf_printf(b, " fill-opacity=\"%.2f\"", opacity);
    svg_close_with_tip(b, "rect", tip);
}

static void svg_points(deeds_buf *b, const double *xy, size_t n)
{
    deeds_buf_puts(b, " points=\"");
    for (size_t i = 0; i < n; i++)
        deeds_buf_printf(b, "%s%.1f,%.1f", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
    deeds_buf_puts(b, "\"");
}

static void svg_polyline(canvas *cv, const double *xy, size_t n, uint32_t stroke,
                         double width, int dashed, const char *cls)
{
    deeds_buf *b = cv->svg;
    deeds_buf_puts(b, "<polyline");
    svg_class(b, cls);
    svg_points(b, xy, n);
    deeds_buf_puts(b, " fill=\"none\"");
    svg_colour(b, "stroke", stroke);
    deeds_buf_printf(b, " stroke-width=\"%.1f\" stroke-linejoin=\"round\"", width);
    if (dashed)
        deeds_buf_puts(b, " stroke-dasharray=\"6 4\"");
    deeds_buf_puts(b, "/>\n");
}

static void svg_polygon(canvas *cv, const double *xy, size_t n, uint32_t fill,
                        double opacity, const char *cls)
{
    deeds_buf *b = cv->svg;
    deeds_buf_puts(b, "<polygon");
    svg_class(b, cls);
    svg_points(b, xy, n);
    svg_colour(b, "fill", fill);
    deeds_buf_printf(b, " fill-opacity=\"%.2f\" stroke=\"none\"/>\n", opacity);
}

static void svg_circle(canvas *cv, double x, double y, double r, uint32_t fill,
                       const char *cls, const char *tip)
{
    deeds_buf *b = cv->svg;
    deeds_buf_puts(b, "<circle");
    svg_class(b, cls);
    deeds_buf_printf(b, " cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", x, y, r);
    svg_colour(b, "fill", fill);
    svg_close_with_tip(b, "circle", tip);
}

static void svg_text(canvas *cv, double x, double y, const char *s, double size,
                     uint32_t colour, anchor a, int bold, int vertical)
{
    static const char *const anchors[] = { "start", "middle", "end" };
    deeds_buf *b = cv->svg;
    deeds_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"", x, y, size);
    svg_colour(b, "fill", colour);
    if (a != ANCHOR_START)
        deeds_buf_printf(b, " text-anchor=\"%s\"", anchors[a]);
    if (bold)
        deeds_buf_puts(b, " font-weight=\"bold\"");
    if (vertical)
        deeds_buf_printf(b, " transform=\"rotate(-90 %.1f %.1f)\"", x, y);
    deeds_buf_puts(b, ">");
    deeds_buf_html(b, s, strlen(s));
    deeds_buf_puts(b, "</text>\n");
}

static const canvas_ops svg_ops = {
    svg_rect, svg_polyline, svg_polygon, svg_circle, svg_text
};

/* cairo canvas: the same primitives painted on an image surface. */

static void cairo_colour(cairo_t *cr, uint32_t c, double opacity)
{
    cairo_set_source_rgba(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                          (c & 0xff) / 255.0, opacity);
}

static void cairo_rect(canvas *cv, double x, double y, double w, double h,
                       uint32_t fill, double opacity, const char *cls, const char *tip)
{
    (void)cls; (void)tip;
    cairo_rectangle(cv->cr, x, y, w, h);
    cairo_colour(cv->cr, fill, opacity);
    cairo_fill(cv->cr);
}

static void cairo_path(cairo_t *cr, const double *xy, size_t n)
{
    cairo_new_path(cr);
    for (size_t i = 0; i < n; i++)
        cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
}

static void cairo_polyline(canvas *cv, const double *xy, size_t n, uint32_t stroke,
                           double width, int dashed, const char *cls)
{
    static const double dash[] = { 6, 4 };
    (void)cls;
    cairo_path(cv->cr, xy, n);
    cairo_colour(cv->cr, stroke, 1);
    cairo_set_line_width(cv->cr, width);
    cairo_set_line_join(cv->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cv->cr, dash, dashed ? 2 : 0, 0);
    cairo_stroke(cv->cr);
    cairo_set_dash(cv->cr, dash, 0, 0);
}

static void cairo_polygon(canvas *cv, const double *xy, size_t n, uint32_t fill,
                          double opacity, const char *cls)
{
    (void)cls;
    cairo_path(cv->cr, xy, n);
    cairo_close_path(cv->cr);
    cairo_colour(cv->cr, fill, opacity);
    cairo_fill(cv->cr);
}

static void cairo_circle(canvas *cv, double x, double y, double r, uint32_t fill,
                         const char *cls, const char *tip)
{
    (void)cls; (void)tip;
    cairo_new_path(cv->cr);
    cairo_arc(cv->cr, x, y, r, 0, 2 * M_PI);
    cairo_colour(cv->cr, fill, 1);
    cairo_fill(cv->cr);
}

static void cairo_text(canvas *cv, double x, double y, const char *s, double size,
                       uint32_t colour, anchor a, int bold, int vertical)
{
    cairo_t *cr = cv->cr;
    cairo_save(cr);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, s, &ext);
    cairo_translate(cr, x, y);
    if (vertical)
        cairo_rotate(cr, -M_PI / 2);
    double shift = a == ANCHOR_MIDDLE ? ext.x_advance / 2 : a == ANCHOR_END ? ext.x_advance : 0;
    cairo_move_to(cr, -shift, 0);
    cairo_colour(cr, colour, 1);
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

static const canvas_ops cairo_ops = {
    cairo_rect, cairo_polyline, cairo_polygon, cairo_circle, cairo_text
};

/* -------------------------------------------------------------- layout */

/* An estimate of a text's width, the same for both back ends. */
static double text_width(const char *s, double size)
{
    size_t chars = 0;
    for (; *s; s++)
        chars += ((unsigned char)*s & 0xc0) != 0x80;
    return 0.6 * size * (double)chars;
}

typedef struct box {
    double left, top, right, bottom;   /* the plot area */
} box;

/* A y axis: ticks from lo to hi every step, with decimals places. */
typedef struct axis {
    double lo, hi, step;
    int decimals;
} axis;

/* The smallest 1, 2 or 5 times a power of ten at least raw. */
static double nice_step(double raw)
{
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* An axis that takes in min..max and zero, with at most about six ticks. */
static axis make_axis(double min, double max)
{
    axis a;
    if (min > 0) min = 0;
    if (max < 0) max = 0;
    /* beyond this the range itself would overflow */
    if (min < -AXIS_LIMIT) min = -AXIS_LIMIT;
    if (max > AXIS_LIMIT) max = AXIS_LIMIT;
    if (max - min < 1e-9)
        max = min + 1;
    a.step = nice_step((max - min) / 5);
    a.lo = floor(min / a.step + 1e-9) * a.step;
    a.hi = ceil(max / a.step - 1e-9) * a.step;
    a.decimals = a.step >= 1 ? 0 : (int)ceil(-log10(a.step) - 1e-9);
    return a;
}

static void format_number(char *out, size_t cap, double v, int decimals)
{
    if (fabs(v) < 0.5 * pow(10, -decimals))
        v = 0;  /* never print "-0" */
    snprintf(out, cap, "%.*f", decimals, v);
}

static double y_of(const axis *a, const box *p, double v)
{
    return p->bottom - (v - a->lo) / (a->hi - a->lo) * (p->bottom - p->top);
}

static void value_range(const deeds_chart *c, double *min, double *max)
{
    *min = 0;
    *max = 0;
    for (size_t s = 0; s < c->nseries; s++)
        for (size_t i = 0; i < c->npoints; i++) {
            double v = c->series[s].values[i];
            if (!isfinite(v))
                continue;
            if (v < *min) *min = v;
            if (v > *max) *max = v;
        }
}

/* Title, subtitle and footnote; returns where the content may start. */
static double draw_frame(canvas *cv, const deeds_chart *c, double width, double height)
{
    cv->ops->rect(cv, 0, 0, width, height, 0xffffff, 1, "background", NULL);
    double y = 8;
    if (c->title && *c->title) {
        cv->ops->text(cv, 12, y + 15, c->title, 15, INK, ANCHOR_START, 1, 0);
        y += 21;
    }
    if (c->subtitle && *c->subtitle) {
        cv->ops->text(cv, 12, y + 12, c->subtitle, 11, MUTED, ANCHOR_START, 0, 0);
        y += 17;
    }
    if (c->note && *c->note)
        cv->ops->text(cv, 12, height - 8, c->note, 10, MUTED, ANCHOR_START, 0, 0);
    return y + 6;
}

/* The legend: a key (18 px) and the series' name per entry, entries
 * filling rows from the plot's left edge to the chart's right one. */
static int has_legend(const deeds_chart *c)
{
    return c->nseries >= 2 || (c->nseries == 1 && c->series[0].name);
}

static const char *legend_name(const deeds_chart *c, size_t s)
{
    return c->series[s].name ? c->series[s].name : "";
}

/* Whether entry s, due at x, starts a new row instead. */
static int legend_wraps(const deeds_chart *c, size_t s, double x, double left, double right)
{
    return x > left && x + 23 + text_width(legend_name(c, s), 11) > right;
}

static double legend_advance(const deeds_chart *c, size_t s)
{
    return 23 + text_width(legend_name(c, s), 11) + 18;
}

/* The legend's entries from x to right, in as many rows as they need;
 * returns the y below the last row. */
static double draw_legend(canvas *cv, const deeds_chart *c, double x, double y,
                          double right)
{
    if (!has_legend(c))
        return y;
    double left = x;
    for (size_t s = 0; s < c->nseries; s++) {
        const deeds_chart_series *se = &c->series[s];
        const char *name = legend_name(c, s);
        if (legend_wraps(c, s, x, left, right)) {
            x = left;
            y += 20;
        }
        if (se->style == DEEDS_STYLE_LINE && c->kind == DEEDS_CHART_LINES) {
            double xy[] = { x, y + 6, x + 18, y + 6 };
            cv->ops->polyline(cv, xy, 2, se->colour, 2.5, 0, "legend");
        } else if (se->style == DEEDS_STYLE_DASHED) {
            double xy[] = { x, y + 6, x + 18, y + 6 };
            cv->ops->polyline(cv, xy, 2, se->colour, 2.5, 1, "legend");
        } else {
            cv->ops->rect(cv, x, y, 18, 12, se->colour,
                          se->style == DEEDS_STYLE_AREA ? 0.5 : 1, "legend", NULL);
        }
        cv->ops->text(cv, x + 23, y + 10, name, 11, INK, ANCHOR_START, 0, 0);
        x += legend_advance(c, s);
    }
    return y + 20;
}

/* Grid lines and tick labels of the y axis; the zero line darker. */
static void draw_y_axis(canvas *cv, const axis *a, const box *p, const char *label)
{
    char num[32];
    for (double v = a->lo; v <= a->hi + a->step / 2; v += a->step) {
        double y = y_of(a, p, v);
        double xy[] = { p->left, y, p->right, y };
        cv->ops->polyline(cv, xy, 2, fabs(v) < a->step / 2 ? 0x999999u : GRID, 1, 0, "grid");
        format_number(num, sizeof num, v, a->decimals);
        cv->ops->text(cv, p->left - 6, y + 4, num, 11, MUTED, ANCHOR_END, 0, 0);
    }
    if (label && *label)
        cv->ops->text(cv, 14, (p->top + p->bottom) / 2, label, 11, MUTED, ANCHOR_MIDDLE, 0, 1);
}

/* The widest tick label of an axis, for the left margin. */
static double y_labels_width(const axis *a)
{
    char lo[32], hi[32];
    format_number(lo, sizeof lo, a->lo, a->decimals);
    format_number(hi, sizeof hi, a->hi, a->decimals);
    double w1 = text_width(lo, 11), w2 = text_width(hi, 11);
    return w1 > w2 ? w1 : w2;
}

/* How the dates of a chart's points are labelled: as years when every
 * point starts a year, as quarters ("2018 Q2") when they start quarters
 * three months apart, as months when every point starts a month, else as
 * whole dates. */
typedef enum date_unit { UNIT_DAY, UNIT_MONTH, UNIT_QUARTER, UNIT_YEAR } date_unit;

static int month_index(int32_t date) { return date / 10000 * 12 + date / 100 % 100 - 1; }

static date_unit date_unit_of(const int32_t *dates, size_t n)
{
    int years = 1, months = 1, quarters = n > 1;
    for (size_t i = 0; i < n; i++) {
        if (dates[i] % 100 != 1)
            months = years = quarters = 0;
        if (dates[i] / 100 % 100 != 1)
            years = 0;
        if (dates[i] / 100 % 100 % 3 != 1
            || (i && month_index(dates[i]) - month_index(dates[i - 1]) != 3))
            quarters = 0;
    }
    return years ? UNIT_YEAR : quarters ? UNIT_QUARTER : months ? UNIT_MONTH : UNIT_DAY;
}

static void date_label(int32_t date, date_unit unit, char out[11])
{
    static const int length[] = { 10, 7, 4, 4 };
    deeds_date_format(date, out);
    out[length[unit]] = '\0';
    if (unit == UNIT_QUARTER)
        snprintf(out + 4, 7, " Q%d", (date / 100 % 100 + 2) / 3);
}

/* Which labels fit along the x axis: every step-th. */
static size_t label_step(size_t n, double room, double label_width)
{
    size_t fit = (size_t)(room / (label_width + 14));
    if (fit < 1)
        fit = 1;
    return n <= fit ? 1 : (n + fit - 1) / fit;
}

static void draw_no_data(canvas *cv, const box *p)
{
    cv->ops->text(cv, (p->left + p->right) / 2, (p->top + p->bottom) / 2,
                  "no data for this selection", 13, MUTED, ANCHOR_MIDDLE, 0, 0);
}

/* Where the plot starts: after the y axis's name and tick labels. */
static double plot_left(const deeds_chart *c, const axis *a)
{
    return 12 + (c->y_label && *c->y_label ? 18 : 0) + y_labels_width(a) + 8;
}

/* The plot area left after the frame, the legend and the axis labels. */
static box plot_box(canvas *cv, const deeds_chart *c, const axis *a,
                    double width, double height)
{
    double top = draw_frame(cv, c, width, height);
    box p;
    p.left = plot_left(c, a);
    top = draw_legend(cv, c, p.left, top, width - 16);
    p.top = top + 8;
    p.right = width - 16;
    p.bottom = height - (c->note && *c->note ? 44 : 30);
    return p;
}

/* ------------------------------------------------------- lines, areas */

/* Where point i goes: by its date, or evenly spaced when labels name the
 * points (forecast rounds, say). */
static double x_of_date(const deeds_chart *c, const box *p, size_t i)
{
    if (c->npoints < 2)
        return (p->left + p->right) / 2;
    if (c->labels)
        return p->left + (double)i / (double)(c->npoints - 1) * (p->right - p->left);
    double d0 = (double)deeds_date_days(c->dates[0]);
    double d1 = (double)deeds_date_days(c->dates[c->npoints - 1]);
    double d = (double)deeds_date_days(c->dates[i]);
    return p->left + (d - d0) / (d1 - d0) * (p->right - p->left);
}

static void draw_date_labels(canvas *cv, const deeds_chart *c, const box *p,
                             double width, int grouped)
{
    date_unit unit = date_unit_of(c->dates, c->npoints);
    char label[11];
    date_label(c->dates[0], unit, label);
    double label_width = text_width(label, 11);
    size_t step = label_step(c->npoints, p->right - p->left, label_width);
    double group = (p->right - p->left) / (double)c->npoints;
    for (size_t i = 0; i < c->npoints; i += step) {
        double x = grouped ? p->left + group * ((double)i + 0.5) : x_of_date(c, p, i);
        if (x > width - 4 - label_width / 2)
            x = width - 4 - label_width / 2;   /* the last label stays on the canvas */
        date_label(c->dates[i], unit, label);
        cv->ops->text(cv, x, p->bottom + 16, label, 11, MUTED, ANCHOR_MIDDLE, 0, 0);
    }
}

/* The area between a run of points and the zero line. */
static void draw_area(canvas *cv, const double *xy, size_t n, double zero_y,
                      uint32_t colour)
{
    double *poly = malloc(sizeof *poly * 2 * (n + 2));
    if (!poly)
        return;
    memcpy(poly, xy, sizeof *poly * 2 * n);
    poly[2 * n] = xy[2 * (n - 1)];
    poly[2 * n + 1] = zero_y;
    poly[2 * n + 2] = xy[0];
    poly[2 * n + 3] = zero_y;
    cv->ops->polygon(cv, poly, n + 2, colour, 0.35, "area");
    free(poly);
}

/* One series: unbroken runs of points become lines (and areas); a point
 * without a value breaks the line. */
static void draw_line_series(canvas *cv, const deeds_chart *c,
                             const deeds_chart_series *se, const axis *a, const box *p)
{
    double *xy = malloc(sizeof *xy * 2 * c->npoints);
    if (!xy)
        return;
    size_t run = 0;
    double zero_y = y_of(a, p, 0);
    for (size_t i = 0; i <= c->npoints; i++) {
        int has = i < c->npoints && isfinite(se->values[i]);
        if (has) {
            xy[2 * run] = x_of_date(c, p, i);
            xy[2 * run + 1] = y_of(a, p, se->values[i]);
            run++;
            continue;
        }
        if (run && se->style == DEEDS_STYLE_AREA)
            draw_area(cv, xy, run, zero_y, se->colour);
        if (run > 1)
            cv->ops->polyline(cv, xy, run, se->colour, 2, se->style == DEEDS_STYLE_DASHED, "series");
        run = 0;
    }
    free(xy);
}

/* Points on top of the lines, each with its value as a tooltip. */
static void draw_points(canvas *cv, const deeds_chart *c,
                        const deeds_chart_series *se, const axis *a, const box *p)
{
    char date[11], tip[160];
    for (size_t i = 0; i < c->npoints; i++) {
        double v = se->values[i];
        if (!isfinite(v))
            continue;
        if (!c->labels)
            date_label(c->dates[i], date_unit_of(c->dates, c->npoints), date);
        snprintf(tip, sizeof tip, "%.60s  %.60s: %g", c->labels ? c->labels[i] : date,
                 se->name ? se->name : "", v);
        cv->ops->circle(cv, x_of_date(c, p, i), y_of(a, p, v), 2.5, se->colour, "point", tip);
    }
}

static void draw_point_labels(canvas *cv, const deeds_chart *c, const box *p, double width,
                              int grouped);

int deeds_chart_legend_rows(const deeds_chart *c)
{
    if (c->kind == DEEDS_CHART_HEATMAP || !has_legend(c))
        return 0;
    double min, max;
    value_range(c, &min, &max);
    axis a = make_axis(min, max);
    double left = plot_left(c, &a), right = (c->width ? c->width : DEFAULT_WIDTH) - 16;
    double x = left;
    int rows = 1;
    for (size_t s = 0; s < c->nseries; s++) {
        if (legend_wraps(c, s, x, left, right)) {
            x = left;
            rows++;
        }
        x += legend_advance(c, s);
    }
    return rows;
}

static void draw_lines_chart(canvas *cv, const deeds_chart *c, double width, double height)
{
    double min, max;
    value_range(c, &min, &max);
    axis a = make_axis(min, max);
    box p = plot_box(cv, c, &a, width, height);
    draw_y_axis(cv, &a, &p, c->y_label);
    if (!c->npoints) {
        draw_no_data(cv, &p);
        return;
    }
    draw_point_labels(cv, c, &p, width, 0);
    /* areas first, so lines stay visible above every fill */
    for (int pass = 0; pass < 2; pass++)
        for (size_t s = 0; s < c->nseries; s++)
            if ((c->series[s].style == DEEDS_STYLE_AREA) == (pass == 0))
                draw_line_series(cv, c, &c->series[s], &a, &p);
    if (c->npoints <= MAX_MARKED_POINTS)
        for (size_t s = 0; s < c->nseries; s++)
            draw_points(cv, c, &c->series[s], &a, &p);
}

/* ---------------------------------------------------------------- bars */

/* The x axis's labels: c->labels when given, else the dates; grouped
 * (bars) puts each at its group's centre, else at its point. */
static void draw_point_labels(canvas *cv, const deeds_chart *c, const box *p, double width,
                              int grouped)
{
    if (!c->labels) {
        draw_date_labels(cv, c, p, width, grouped);
        return;
    }
    double widest = 0;
    for (size_t i = 0; i < c->npoints; i++) {
        double w = text_width(c->labels[i], 11);
        if (w > widest) widest = w;
    }
    size_t step = label_step(c->npoints, p->right - p->left, widest);
    double group = (p->right - p->left) / (double)c->npoints;
    for (size_t i = 0; i < c->npoints; i += step)
        cv->ops->text(cv, grouped ? p->left + group * ((double)i + 0.5) : x_of_date(c, p, i),
                      p->bottom + 16, c->labels[i], 11, MUTED, ANCHOR_MIDDLE, 0, 0);
}

static void bar_tip(const deeds_chart *c, size_t i, const deeds_chart_series *se,
                    char *tip, size_t cap)
{
    char date[11] = "";
    const char *label = date;
    if (c->labels)
        label = c->labels[i];
    else if (c->dates)
        date_label(c->dates[i], date_unit_of(c->dates, c->npoints), date);
    snprintf(tip, cap, "%.60s  %.60s: %g", label, se->name ? se->name : "", se->values[i]);
}

static void draw_bars_chart(canvas *cv, const deeds_chart *c, double width, double height)
{
    double min, max;
    value_range(c, &min, &max);
    axis a = make_axis(min, max);
    box p = plot_box(cv, c, &a, width, height);
    draw_y_axis(cv, &a, &p, c->y_label);
    if (!c->npoints || !c->nseries) {
        draw_no_data(cv, &p);
        return;
    }
    draw_point_labels(cv, c, &p, width, 1);
    double group = (p.right - p.left) / (double)c->npoints;
    double bar = group * 0.8 / (double)c->nseries;
    double zero_y = y_of(&a, &p, 0);
    char tip[160];
    for (size_t i = 0; i < c->npoints; i++)
        for (size_t s = 0; s < c->nseries; s++) {
            const deeds_chart_series *se = &c->series[s];
            double v = se->values[i];
            if (!isfinite(v))
                continue;
            double x = p.left + group * ((double)i + 0.1) + bar * (double)s;
            double y = y_of(&a, &p, v);
            bar_tip(c, i, se, tip, sizeof tip);
            cv->ops->rect(cv, x, y < zero_y ? y : zero_y, bar > 1.5 ? bar - 0.5 : bar,
                          fabs(zero_y - y), se->colour, 1, "bar", tip);
        }
}

/* ------------------------------------------------------------ heat map */

static uint32_t blend(uint32_t from, uint32_t to, double t)
{
    uint32_t out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        double f = (from >> shift) & 0xff, g = (to >> shift) & 0xff;
        out |= (uint32_t)lround(f + (g - f) * t) << shift;
    }
    return out;
}

/* White at zero, blue towards +limit (cooperation), red towards -limit. */
static uint32_t diverging_colour(double v, double limit)
{
    double t = limit > 0 ? v / limit : 0;
    if (t > 1) t = 1;
    if (t < -1) t = -1;
    return t >= 0 ? blend(0xf7f7f7u, COOP_END, t) : blend(0xf7f7f7u, CONFLICT_END, -t);
}

static double cells_limit(const deeds_chart *c)
{
    double limit = 0;
    for (size_t i = 0; i < c->nrows * c->ncols; i++)
        if (isfinite(c->cells[i]) && fabs(c->cells[i]) > limit)
            limit = fabs(c->cells[i]);
    return limit;
}

static void cell_text(double v, char *out, size_t cap)
{
    format_number(out, cap, v, fabs(v) >= 10 || v == floor(v) ? 0 : 1);
}

/* The colour scale as a column of swatches from +limit down to -limit. */
static void draw_scale(canvas *cv, double x, double top, double height, double limit)
{
    enum { STEPS = 11 };
    double h = height / STEPS;
    char num[32];
    for (int i = 0; i < STEPS; i++) {
        double v = limit * (1 - 2.0 * i / (STEPS - 1));
        cv->ops->rect(cv, x, top + h * i, 14, h + 0.5, diverging_colour(v, limit), 1, "scale", NULL);
    }
    cell_text(limit, num, sizeof num);
    cv->ops->text(cv, x + 20, top + 10, num, 10, MUTED, ANCHOR_START, 0, 0);
    cv->ops->text(cv, x + 20, top + height / 2 + 4, "0", 10, MUTED, ANCHOR_START, 0, 0);
    cell_text(-limit, num, sizeof num);
    cv->ops->text(cv, x + 20, top + height - 2, num, 10, MUTED, ANCHOR_START, 0, 0);
}

static void draw_heat_cell(canvas *cv, const deeds_chart *c, size_t r, size_t k,
                           double x, double y, double side, double limit)
{
    double v = c->cells[r * c->ncols + k];
    char tip[160], num[32];
    if (!isfinite(v)) {
        cv->ops->rect(cv, x, y, side - 2, side - 2, NO_VALUE_FILL, 1, "cell", NULL);
        return;
    }
    cell_text(v, num, sizeof num);
    snprintf(tip, sizeof tip, "%.40s -> %.40s: %s", c->rows[r], c->cols[k], num);
    uint32_t fill = diverging_colour(v, limit);
    cv->ops->rect(cv, x, y, side - 2, side - 2, fill, 1, "cell", tip);
    double size = side / 3.5 < 12 ? side / 3.5 : 12;
    int dark = limit > 0 && fabs(v) / limit > 0.55;
    if (size >= 6)
        cv->ops->text(cv, x + (side - 2) / 2, y + (side - 2) / 2 + size / 3, num, size,
                      dark ? 0xffffffu : INK, ANCHOR_MIDDLE, 0, 0);
}

static double widest_label(const char *const *labels, size_t n, double size)
{
    double widest = 0;
    for (size_t i = 0; i < n; i++) {
        double w = text_width(labels[i], size);
        if (w > widest) widest = w;
    }
    return widest;
}

static void draw_heatmap(canvas *cv, const deeds_chart *c, double width, double height)
{
    double top = draw_frame(cv, c, width, height) + 8;
    box p = { 12 + widest_label(c->rows, c->nrows, 12) + 8, top + 18, width - 70,
              height - (c->note && *c->note ? 30 : 14) };
    if (!c->nrows || !c->ncols) {
        draw_no_data(cv, &p);
        return;
    }
    double side_w = (p.right - p.left) / (double)c->ncols;
    double side_h = (p.bottom - p.top) / (double)c->nrows;
    double side = side_w < side_h ? side_w : side_h;
    double limit = cells_limit(c);
    for (size_t k = 0; k < c->ncols; k++)
        cv->ops->text(cv, p.left + side * ((double)k + 0.5), p.top - 6, c->cols[k], 12,
                      INK, ANCHOR_MIDDLE, 1, 0);
    for (size_t r = 0; r < c->nrows; r++) {
        double y = p.top + side * (double)r;
        cv->ops->text(cv, p.left - 8, y + side / 2 + 4, c->rows[r], 12, INK, ANCHOR_END, 1, 0);
        for (size_t k = 0; k < c->ncols; k++)
            draw_heat_cell(cv, c, r, k, p.left + side * (double)k, y, side, limit);
    }
    draw_scale(cv, p.left + side * (double)c->ncols + 14, p.top, side * (double)c->nrows, limit);
}

/* ------------------------------------------------------------- entries */

static int missing_label(const char *const *labels, size_t n)
{
    for (size_t i = 0; labels && i < n; i++)
        if (!labels[i])
            return 1;
    return 0;
}

static int chart_check(const deeds_chart *c, deeds_diag *diag)
{
    const char *why = NULL;
    if (c->width < 0 || c->height < 0 || c->width > MAX_SIDE || c->height > MAX_SIDE)
        why = "its size is out of range (0 to 8000 pixels a side)";
    else if (c->kind == DEEDS_CHART_LINES && c->npoints && !c->dates && !c->labels)
        why = "a line chart needs the date of every point, or labels instead";
    else if (c->kind == DEEDS_CHART_BARS && c->npoints && !c->dates && !c->labels)
        why = "a bar chart needs a label or a date for every group";
    else if (c->kind != DEEDS_CHART_HEATMAP && c->npoints && c->nseries && !c->series)
        why = "series are counted but not given";
    else if (c->kind == DEEDS_CHART_HEATMAP && c->nrows && c->ncols
             && (!c->rows || !c->cols || !c->cells))
        why = "a heat map needs its row and column labels and cells";
    for (size_t s = 0; !why && c->kind != DEEDS_CHART_HEATMAP && c->npoints && s < c->nseries; s++)
        if (!c->series[s].values)
            why = "a series has no values";
    if (!why && (missing_label(c->kind != DEEDS_CHART_HEATMAP ? c->labels : NULL, c->npoints)
                 || missing_label(c->kind == DEEDS_CHART_HEATMAP ? c->rows : NULL, c->nrows)
                 || missing_label(c->kind == DEEDS_CHART_HEATMAP ? c->cols : NULL, c->ncols)))
        why = "a label is missing (NULL)";
    if (why)
        deeds_diag_error(diag, "chart", 0, "cannot draw the chart '%s': %s",
                         c->title ? c->title : "", why);
    return why ? -1 : 0;
}

static void chart_draw(canvas *cv, const deeds_chart *c, double width, double height)
{
    switch (c->kind) {
    case DEEDS_CHART_LINES: draw_lines_chart(cv, c, width, height); break;
    case DEEDS_CHART_BARS: draw_bars_chart(cv, c, width, height); break;
    case DEEDS_CHART_HEATMAP: draw_heatmap(cv, c, width, height); break;
    }
}

static int chart_width(const deeds_chart *c) { return c->width ? c->width : DEFAULT_WIDTH; }
static int chart_height(const deeds_chart *c) { return c->height ? c->height : DEFAULT_HEIGHT; }

int deeds_chart_svg(const deeds_chart *c, int inline_html, deeds_buf *out, deeds_diag *diag)
{
    if (chart_check(c, diag))
        return -1;
    int w = chart_width(c), h = chart_height(c);
    if (!inline_html)
        deeds_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    deeds_buf_printf(out, "<svg%s width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                     " role=\"img\" font-family=\"%s\"",
                     inline_html ? "" : " xmlns=\"http://www.w3.org/2000/svg\"",
                     w, h, w, h, FONT_FAMILY);
    if (c->title) {
        deeds_buf_puts(out, " aria-label=\"");
        deeds_buf_html(out, c->title, strlen(c->title));
        deeds_buf_puts(out, "\"");
    }
    deeds_buf_puts(out, ">\n");
    canvas cv = { &svg_ops, out, NULL };
    chart_draw(&cv, c, w, h);
    deeds_buf_puts(out, "</svg>\n");
    return 0;
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int n)
{
    deeds_buf_append(closure, (const char *)data, n);
    return CAIRO_STATUS_SUCCESS;
}

int deeds_chart_png(const deeds_chart *c, deeds_buf *out, deeds_diag *diag)
{
    if (chart_check(c, diag))
        return -1;
    int w = chart_width(c), h = chart_height(c);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(surface);
    canvas cv = { &cairo_ops, NULL, cr };
    chart_draw(&cv, c, w, h);
    cairo_status_t st = cairo_status(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(surface, png_write, out);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        deeds_diag_error(diag, "chart", 0, "cairo could not draw the chart: %s",
                         cairo_status_to_string(st));
        return -1;
    }
    return 0;
}
