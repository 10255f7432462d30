/*
 * forecast_chart.c: a forecast's positions over rounds -> a chart file.
 *
 * One panel per dimension: a line per actor, the weighted median dashed
 * in black, rounds along the bottom.  The same drawing calls write either
 * SVG text (by hand, self-contained) or a PNG through cairo, chosen by the
 * file name's ending.
 */
#include "forecast.h"

#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { WIDTH = 760, PANEL = 280, LEFT = 56, RIGHT = 170, TOP = 34, BOTTOM = 36 };

/* Where drawing goes: an SVG buffer or a cairo context. */
typedef struct pen {
    deeds_buf *svg;
    cairo_t *cr;
} pen;

static const uint32_t palette[] = {
    0x1f77b4, 0xd62728, 0x2ca02c, 0xff7f0e, 0x9467bd, 0x8c564b,
    0xe377c2, 0x17becf, 0xbcbd22, 0x7f7f7f
};

static void cairo_colour(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

static void pen_polyline(pen *p, const double *xs, const double *ys, size_t n,
                         uint32_t rgb, double width, int dashed)
{
    if (p->svg) {
        deeds_buf_printf(p->svg, "<polyline fill=\"none\" stroke=\"#%06x\" stroke-width=\"%g\"%s points=\"",
                         rgb, width, dashed ? " stroke-dasharray=\"6 4\"" : "");
        for (size_t i = 0; i < n; i++)
            deeds_buf_printf(p->svg, "%s%.1f,%.1f", i ? " " : "", xs[i], ys[i]);
        deeds_buf_puts(p->svg, "\"/>\n");
        return;
    }
    cairo_colour(p->cr, rgb);
    cairo_set_line_width(p->cr, width);
    double dash[] = { 6, 4 };
    cairo_set_dash(p->cr, dash, dashed ? 2 : 0, 0);
    for (size_t i = 0; i < n; i++)
        (i ? cairo_line_to : cairo_move_to)(p->cr, xs[i], ys[i]);
    cairo_stroke(p->cr);
    cairo_set_dash(p->cr, dash, 0, 0);
}

static void pen_line(pen *p, double x1, double y1, double x2, double y2, uint32_t rgb)
{
    double xs[] = { x1, x2 }, ys[] = { y1, y2 };
    pen_polyline(p, xs, ys, 2, rgb, 1, 0);
}

/* anchor: 0 start, 1 middle, 2 end. */
static void pen_text(pen *p, double x, double y, const char *s, double size, int anchor)
{
    if (p->svg) {
        static const char *const a[] = { "start", "middle", "end" };
        deeds_buf_printf(p->svg, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"%s\">",
                         x, y, size, a[anchor]);
        for (; *s; s++) {
            switch (*s) {
            case '&': deeds_buf_puts(p->svg, "&amp;"); break;
            case '<': deeds_buf_puts(p->svg, "&lt;"); break;
            case '>': deeds_buf_puts(p->svg, "&gt;"); break;
            default: deeds_buf_append(p->svg, s, 1);
            }
        }
        deeds_buf_puts(p->svg, "</text>\n");
        return;
    }
    cairo_text_extents_t ext;
    cairo_set_font_size(p->cr, size);
    cairo_text_extents(p->cr, s, &ext);
    cairo_colour(p->cr, 0x222222);
    cairo_move_to(p->cr, x - ext.x_advance * anchor / 2, y);
    cairo_show_text(p->cr, s);
}

/* One dimension's panel, its top edge at y0. */
static void draw_panel(pen *p, const deeds_scenario *s, const deeds_forecast *f,
                       size_t k, double y0)
{
    size_t n = s->nactors, d = s->ndims, rounds = f->nrounds;
    if (!rounds)
        return;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t r = 0; r < rounds; r++)
        for (size_t i = 0; i < n; i++) {
            lo = fmin(lo, f->round[r].position[i * d + k]);
            hi = fmax(hi, f->round[r].position[i * d + k]);
        }
    double pad = hi > lo ? (hi - lo) * 0.05 : 1;
    lo -= pad;
    hi += pad;
    double x0 = LEFT, w = WIDTH - LEFT - RIGHT, h = PANEL - TOP - BOTTOM, top = y0 + TOP;
    double *xs = malloc(rounds * sizeof *xs), *ys = malloc(rounds * sizeof *ys);
    char label[64];
    pen_text(p, x0, y0 + 20, s->dim[k], 14, 0);
    for (int g = 0; g <= 4; g++) {
        double v = lo + (hi - lo) * g / 4, y = top + h - h * g / 4;
        pen_line(p, x0, y, x0 + w, y, 0xdddddd);
        snprintf(label, sizeof label, "%.3g", v);
        pen_text(p, x0 - 6, y + 4, label, 11, 2);
    }
    for (size_t r = 0; r < rounds; r++) {
        xs[r] = x0 + (rounds > 1 ? w * (double)r / (double)(rounds - 1) : w / 2);
        if (rounds <= 20 || r % ((rounds + 19) / 20) == 0) {
            snprintf(label, sizeof label, "%zu", r);
            pen_text(p, xs[r], top + h + 16, label, 11, 1);
        }
    }
    pen_text(p, x0 + w / 2, top + h + 32, "round", 11, 1);
    for (size_t i = 0; i < n; i++) {
        uint32_t rgb = palette[i % (sizeof palette / sizeof *palette)];
        for (size_t r = 0; r < rounds; r++)
            ys[r] = top + h - h * (f->round[r].position[i * d + k] - lo) / (hi - lo);
        pen_polyline(p, xs, ys, rounds, rgb, 2, i >= sizeof palette / sizeof *palette);
        if (i < 16) {
            double ly = top + 12 + 16.0 * (double)i;
            pen_line(p, x0 + w + 14, ly - 4, x0 + w + 34, ly - 4, rgb);
            pen_text(p, x0 + w + 40, ly, s->actor[i], 11, 0);
        }
    }
    for (size_t r = 0; r < rounds; r++)
        ys[r] = top + h - h * (f->round[r].median[k] - lo) / (hi - lo);
    pen_polyline(p, xs, ys, rounds, 0x000000, 1.5, 1);
    pen_text(p, x0 + w + 40, top + 12 + 16.0 * (double)(n < 16 ? n : 16), "median (dashed)", 11, 0);
    free(xs);
    free(ys);
}

static void draw(pen *p, const deeds_scenario *s, const deeds_forecast *f)
{
    for (size_t k = 0; k < s->ndims; k++)
        draw_panel(p, s, f, k, (double)(k * PANEL));
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static int write_svg(const deeds_scenario *s, const deeds_forecast *f,
                     const char *path, deeds_diag *diag)
{
    deeds_buf b = { 0 };
    int height = (int)(s->ndims * PANEL);
    deeds_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                     "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
                     "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                     WIDTH, height, WIDTH, height);
    pen p = { .svg = &b };
    draw(&p, s, f);
    deeds_buf_puts(&b, "</svg>\n");
    FILE *fp = fopen(path, "w");
    int rc = fp && fwrite(b.data, 1, b.len, fp) == b.len ? 0 : -1;
    if (fp && fclose(fp))
        rc = -1;
    if (rc)
        deeds_diag_error(diag, path, 0, "cannot write the chart: %s", strerror(errno));
    deeds_buf_free(&b);
    return rc;
}

static int write_png(const deeds_scenario *s, const deeds_forecast *f,
                     const char *path, deeds_diag *diag)
{
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH,
                                                          (int)(s->ndims * PANEL));
    cairo_t *cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    pen p = { .cr = cr };
    draw(&p, s, f);
    cairo_destroy(cr);
    cairo_status_t st = cairo_surface_write_to_png(surface, path);
    cairo_surface_destroy(surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        deeds_diag_error(diag, path, 0, "cannot write the chart: %s", cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

int deeds_forecast_chart(const deeds_scenario *s, const deeds_forecast *f,
                         const char *path, deeds_diag *diag)
{
    if (ends_with(path, ".svg"))
        return write_svg(s, f, path, diag);
    if (ends_with(path, ".png"))
        return write_png(s, f, path, diag);
    deeds_diag_error(diag, path, 0, "the chart file must end in .svg or .png");
    return -1;
}
