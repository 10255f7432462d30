/* test_chart.c: charts drawn as SVG (well-formed, escaped, the right number
 * of points, bars and cells, axis ranges, empty data) and as PNG (signature
 * and size, read back through cairo). */
#include "testutil.h"

#include <cairo.h>
#include <ctype.h>
#include <math.h>

/* ----------------------------------------------- a small XML checker */

static int entity_ok(const char *s)
{
    static const char *const known[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strncmp(s, known[i], strlen(known[i])))
            return 1;
    return 0;
}

/* Character data and attribute values: no raw '<', every '&' an entity. */
static int chars_ok(const char *s, const char *end)
{
    for (; s < end; s++)
        if (*s == '<' || (*s == '&' && !entity_ok(s)))
            return 0;
    return 1;
}

static size_t name_len(const char *s)
{
    size_t n = 0;
    while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == ':' || s[n] == '_'))
        n++;
    return n;
}

/* Non-zero when svg is one well-formed element: tags balanced and nested,
 * attributes quoted, text escaped. */
static int well_formed(const char *svg)
{
    const char *stack[64];
    size_t depth_lens[64];
    int depth = 0, roots = 0;
    const char *s = svg;
    if (!strncmp(s, "<?xml", 5)) {
        s = strstr(s, "?>");
        if (!s) return 0;
        s += 2;
    }
    while (*s) {
        const char *lt = strchr(s, '<');
        const char *text_end = lt ? lt : s + strlen(s);
        if (!chars_ok(s, text_end))
            return 0;
        if (depth == 0)
            for (const char *t = s; t < text_end; t++)
                if (!isspace((unsigned char)*t))
                    return 0;  /* text outside the root */
        if (!lt)
            break;
        s = lt + 1;
        if (*s == '/') {
            size_t n = name_len(s + 1);
            if (!depth || n != depth_lens[depth - 1] || strncmp(s + 1, stack[depth - 1], n)
                || s[1 + n] != '>')
                return 0;
            depth--;
            s += n + 2;
            continue;
        }
        size_t n = name_len(s);
        if (!n || depth == 64)
            return 0;
        if (depth == 0)
            roots++;
        const char *name = s;
        s += n;
        for (;;) {
            while (isspace((unsigned char)*s)) s++;
            if (*s == '>' ) { stack[depth] = name; depth_lens[depth++] = n; s++; break; }
            if (s[0] == '/' && s[1] == '>') { s += 2; break; }
            size_t an = name_len(s);
            if (!an || s[an] != '=' || s[an + 1] != '"')
                return 0;
            const char *v = s + an + 2, *q = strchr(v, '"');
            if (!q || !chars_ok(v, q))
                return 0;
            s = q + 1;
        }
    }
    return depth == 0 && roots == 1;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The number of x,y pairs in the first polyline of class series at or after s. */
static size_t polyline_points(const char *s)
{
    const char *p = strstr(s, "<polyline class=\"series\" points=\"");
    if (!p) return 0;
    p = strchr(p, '"');
    p = strstr(p, "points=\"") + 8;
    const char *end = strchr(p, '"');
    size_t n = 0;
    for (; p < end; p++)
        n += *p == ',';
    return n;
}

/* ------------------------------------------------------------- data */

static int32_t months[12];
static double coop[12], conflict[12], words[12];

static void fill_months(void)
{
    for (int i = 0; i < 12; i++) {
        months[i] = 20180101 + i * 100;
        coop[i] = i;
        conflict[i] = -(i % 4);
        words[i] = 2 * i;
    }
}

static deeds_chart lines_chart(deeds_chart_series *se)
{
    fill_months();
    se[0] = (deeds_chart_series){ "material coop", coop, DEEDS_STYLE_AREA, 0x1f5fa8 };
    se[1] = (deeds_chart_series){ "conflict", conflict, DEEDS_STYLE_LINE, 0xc0392b };
    se[2] = (deeds_chart_series){ "verbal coop", words, DEEDS_STYLE_DASHED, 0x4c9be8 };
    deeds_chart c = { .kind = DEEDS_CHART_LINES, .title = "USA -> PRK",
                      .note = "counting: events", .npoints = 12, .dates = months,
                      .series = se, .nseries = 3 };
    return c;
}

static char *render(const deeds_chart *c)
{
    deeds_buf b = { 0 };
    TESTUTIL_QUIET_DIAG(diag, log);
    assert_int_equal(deeds_chart_svg(c, 0, &b, &diag), 0);
    deeds_buf_free(&log);
    return b.data;
}

/* ------------------------------------------------------------ tests */

static void test_lines_points_and_labels(void **state)
{
    (void)state;
    deeds_chart_series se[3];
    deeds_chart c = lines_chart(se);
    char *svg = render(&c);
    assert_true(well_formed(svg));
    assert_int_equal(count(svg, "class=\"point\""), 36);
    assert_int_equal(count(svg, "class=\"series\""), 3);
    assert_int_equal(polyline_points(svg), 12);
    assert_int_equal(count(svg, "class=\"area\""), 1);
    assert_int_equal(count(svg, "stroke-dasharray"), 2);   /* the series and its legend */
    assert_non_null(strstr(svg, ">2018-01<"));             /* months shown as months */
    assert_non_null(strstr(svg, ">verbal coop<"));
    assert_non_null(strstr(svg, ">counting: events<"));
    assert_non_null(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
    free(svg);
}

/* The x and y of the text element whose content is label; 0 when absent. */
static int text_at(const char *svg, const char *label, double *x, double *y)
{
    char needle[64];
    snprintf(needle, sizeof needle, ">%s<", label);
    const char *end = strstr(svg, needle);
    if (!end)
        return 0;
    const char *t = end;
    while (t > svg && strncmp(t, "<text ", 6))
        t--;
    return sscanf(t, "<text x=\"%lf\" y=\"%lf\"", x, y) == 2;
}

static void test_long_legend_wraps(void **state)
{
    (void)state;
    fill_months();
    deeds_chart_series se[16];
    char names[16][24];
    for (int i = 0; i < 16; i++) {
        snprintf(names[i], sizeof names[i], "Actor %02d", i + 1);
        se[i] = (deeds_chart_series){ names[i], coop, DEEDS_STYLE_LINE, 0x1f5fa8 };
    }
    deeds_chart c = { .kind = DEEDS_CHART_LINES, .npoints = 12, .dates = months,
                      .series = se, .nseries = 16, .width = 400, .height = 300 };
    char *svg = render(&c);
    assert_true(well_formed(svg));
    double x, y, first_y = 0, last_y = 0;
    for (int i = 0; i < 16; i++) {
        assert_true(text_at(svg, names[i], &x, &y));
        assert_true(x < 400 - 16);   /* every name starts inside the chart */
        if (i == 0)
            first_y = y;
        last_y = y;
    }
    assert_true(last_y >= first_y + 3 * 20);   /* 16 names need several rows */
    /* what callers are told is the rows drawn */
    assert_int_equal(deeds_chart_legend_rows(&c), (int)lround((last_y - first_y) / 20) + 1);
    c.nseries = 1;
    se[0].name = NULL;
    assert_int_equal(deeds_chart_legend_rows(&c), 0);   /* one unnamed series: no legend */
    free(svg);
}

static void test_missing_value_breaks_line(void **state)
{
    (void)state;
    deeds_chart_series se[3];
    deeds_chart c = lines_chart(se);
    c.nseries = 1;
    coop[5] = NAN;
    char *svg = render(&c);
    assert_true(well_formed(svg));
    assert_int_equal(count(svg, "class=\"point\""), 11);
    assert_int_equal(count(svg, "class=\"series\""), 2);
    assert_int_equal(polyline_points(svg), 5);
    free(svg);
}

/* The y tick labels, in order, from the grid's labels (text-anchor end). */
static void y_ticks(const char *svg, char *out, size_t cap)
{
    out[0] = '\0';
    for (const char *p = strstr(svg, "text-anchor=\"end\">"); p;
         p = strstr(p + 1, "text-anchor=\"end\">")) {
        const char *v = p + strlen("text-anchor=\"end\">");
        size_t n = strcspn(v, "<");
        if (strlen(out) + n + 2 < cap) {
            strncat(out, v, n);
            strcat(out, " ");
        }
    }
}

static void test_axis_ranges(void **state)
{
    (void)state;
    char ticks[256];
    double v[3] = { 1, 7, 3 };
    int32_t d[3] = { 20190101, 20190201, 20190301 };
    deeds_chart_series se = { "x", v, DEEDS_STYLE_LINE, 0 };
    deeds_chart c = { .kind = DEEDS_CHART_LINES, .npoints = 3, .dates = d,
                      .series = &se, .nseries = 1 };
    char *svg = render(&c);
    y_ticks(svg, ticks, sizeof ticks);
    assert_string_equal(ticks, "0 2 4 6 8 ");   /* zero always shown; 7 rounds up to 8 */
    free(svg);

    v[0] = -3; v[1] = 7; v[2] = 0.5;
    svg = render(&c);
    y_ticks(svg, ticks, sizeof ticks);
    assert_string_equal(ticks, "-4 -2 0 2 4 6 8 ");
    free(svg);

    v[0] = 0.02; v[1] = 0.09; v[2] = 0.05;
    svg = render(&c);
    y_ticks(svg, ticks, sizeof ticks);
    assert_string_equal(ticks, "0.00 0.02 0.04 0.06 0.08 0.10 ");
    free(svg);

    v[0] = 3; v[1] = INFINITY; v[2] = -INFINITY;   /* infinities are no values */
    svg = render(&c);
    y_ticks(svg, ticks, sizeof ticks);
    assert_string_equal(ticks, "0 1 2 3 ");
    assert_int_equal(count(svg, "class=\"point\""), 1);
    free(svg);

    v[0] = v[1] = v[2] = 0;   /* all zero: an axis of 0..1, not a division by zero */
    svg = render(&c);
    y_ticks(svg, ticks, sizeof ticks);
    assert_string_equal(ticks, "0.0 0.2 0.4 0.6 0.8 1.0 ");
    free(svg);
}

static void test_long_series_not_marked(void **state)
{
    (void)state;
    enum { N = 400 };
    int32_t d[N];
    double v[N];
    for (int i = 0; i < N; i++) {
        d[i] = deeds_date_from_days(deeds_date_days(20180101) + i);
        v[i] = i % 7;
    }
    deeds_chart_series se = { "daily", v, DEEDS_STYLE_LINE, 0 };
    deeds_chart c = { .kind = DEEDS_CHART_LINES, .npoints = N, .dates = d,
                      .series = &se, .nseries = 1 };
    char *svg = render(&c);
    assert_true(well_formed(svg));
    assert_int_equal(count(svg, "class=\"point\""), 0);
    assert_int_equal(polyline_points(svg), N);
    assert_non_null(strstr(svg, ">2018-01-01<"));
    assert_true(count(svg, "text-anchor=\"middle\">2018-") + count(svg, "text-anchor=\"middle\">2019-") <= 12);
    free(svg);
}

static void test_years_and_days_labels(void **state)
{
    (void)state;
    double v[2] = { 1, 2 };
    int32_t years[2] = { 20180101, 20190101 }, days[2] = { 20180105, 20180106 };
    deeds_chart_series se = { "x", v, DEEDS_STYLE_LINE, 0 };
    deeds_chart c = { .kind = DEEDS_CHART_LINES, .npoints = 2, .dates = years,
                      .series = &se, .nseries = 1 };
    char *svg = render(&c);
    assert_non_null(strstr(svg, ">2019<"));
    free(svg);
    c.dates = days;
    svg = render(&c);
    assert_non_null(strstr(svg, ">2018-01-06<"));
    free(svg);
    int32_t quarters[2] = { 20181001, 20190101 }, two_months[2] = { 20181001, 20181101 };
    c.dates = quarters;
    svg = render(&c);
    assert_non_null(strstr(svg, ">2018 Q4<"));
    assert_non_null(strstr(svg, ">2019 Q1<"));
    free(svg);
    c.dates = two_months;   /* months that start quarters are still months */
    svg = render(&c);
    assert_non_null(strstr(svg, ">2018-11<"));
    assert_null(strstr(svg, " Q4<"));
    free(svg);
}

static void test_bars(void **state)
{
    (void)state;
    double kept[4] = { 3, 0, NAN, 2 }, broken[4] = { 1, 4, 2, -1 };
    const char *labels[4] = { "Q1", "Q2", "Q3", "Q4" };
    deeds_chart_series se[2] = { { "kept", kept, DEEDS_STYLE_LINE, 0x2166ac },
                                 { "broken", broken, DEEDS_STYLE_LINE, 0xb2182b } };
    deeds_chart c = { .kind = DEEDS_CHART_BARS, .npoints = 4, .labels = labels,
                      .series = se, .nseries = 2 };
    char *svg = render(&c);
    assert_true(well_formed(svg));
    assert_int_equal(count(svg, "class=\"bar\""), 7);
    assert_non_null(strstr(svg, "<title>Q4  broken: -1</title>"));
    assert_non_null(strstr(svg, ">Q3<"));
    free(svg);
}

static void test_heatmap_cells_and_escaping(void **state)
{
    (void)state;
    const char *names[3] = { "USA", "A&B", "<PRK>" };
    double cells[9] = { NAN, 12, -30, 5, NAN, 0, -30, 1.5, NAN };
    deeds_chart c = { .kind = DEEDS_CHART_HEATMAP, .title = "Alignment \"net\" <coop>",
                      .rows = names, .cols = names, .nrows = 3, .ncols = 3, .cells = cells };
    char *svg = render(&c);
    assert_true(well_formed(svg));
    assert_int_equal(count(svg, "class=\"cell\""), 9);
    assert_int_equal(count(svg, "<title>"), 6);   /* the diagonal has no value */
    assert_non_null(strstr(svg, ">A&amp;B<"));
    assert_non_null(strstr(svg, ">&lt;PRK&gt;<"));
    assert_non_null(strstr(svg, "Alignment &quot;net&quot; &lt;coop&gt;"));
    assert_null(strstr(svg, "<PRK>"));
    /* the strongest conflict is the red end of the scale, cooperation blue */
    assert_non_null(strstr(svg, "fill=\"#b2182b\"><title>USA -&gt; &lt;PRK&gt;: -30</title>"));
    assert_non_null(strstr(svg, ">1.5<"));
    free(svg);
}

static void test_empty_data(void **state)
{
    (void)state;
    deeds_chart kinds[3] = { { .kind = DEEDS_CHART_LINES }, { .kind = DEEDS_CHART_BARS },
                             { .kind = DEEDS_CHART_HEATMAP } };
    for (int k = 0; k < 3; k++) {
        char *svg = render(&kinds[k]);
        assert_true(well_formed(svg));
        assert_non_null(strstr(svg, "no data"));
        assert_int_equal(count(svg, "class=\"point\"") + count(svg, "class=\"bar\"")
                         + count(svg, "class=\"cell\""), 0);
        free(svg);
    }
}

static void test_inline_svg_has_no_namespace(void **state)
{
    (void)state;
    deeds_chart_series se[3];
    deeds_chart c = lines_chart(se);
    deeds_buf b = { 0 };
    assert_int_equal(deeds_chart_svg(&c, 1, &b, NULL), 0);
    assert_true(well_formed(b.data));
    assert_null(strstr(b.data, "http"));
    assert_null(strstr(b.data, "<?xml"));
    deeds_buf_free(&b);
}

static void test_bad_description_reported(void **state)
{
    (void)state;
    double v[2] = { 1, 2 };
    deeds_chart_series se = { "x", v, DEEDS_STYLE_LINE, 0 };
    deeds_chart c = { .kind = DEEDS_CHART_LINES, .npoints = 2, .series = &se, .nseries = 1 };
    deeds_buf b = { 0 };
    TESTUTIL_QUIET_DIAG(diag, log);
    assert_int_equal(deeds_chart_svg(&c, 0, &b, &diag), -1);
    assert_int_equal(diag.errors, 1);
    assert_non_null(strstr(log.data, "date of every point"));
    c.dates = (int32_t[]){ 20180101, 20180201 };
    c.width = 100000;
    assert_int_equal(deeds_chart_png(&c, &b, &diag), -1);
    assert_int_equal(diag.errors, 2);
    deeds_buf_free(&b);
    deeds_buf_free(&log);
}

typedef struct reader { const deeds_buf *b; size_t at; } reader;

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int n)
{
    reader *r = closure;
    if (r->at + n > r->b->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->b->data + r->at, n);
    r->at += n;
    return CAIRO_STATUS_SUCCESS;
}

static void test_png_signature_and_size(void **state)
{
    (void)state;
    deeds_chart_series se[3];
    deeds_chart c = lines_chart(se);
    c.width = 640;
    c.height = 300;
    deeds_buf b = { 0 };
    assert_int_equal(deeds_chart_png(&c, &b, NULL), 0);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "\x89PNG\r\n\x1a\n", 8);
    reader r = { &b, 0 };
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_png, &r);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), 640);
    assert_int_equal(cairo_image_surface_get_height(img), 300);
    /* something was drawn: not every pixel is the white background */
    cairo_surface_flush(img);
    const unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    size_t inked = 0;
    for (int y = 0; y < 300; y++)
        for (int x = 0; x < 640; x++)
            inked += ((const uint32_t *)(px + y * stride))[x] != 0xffffffffu;
    assert_true(inked > 2000);
    cairo_surface_destroy(img);
    deeds_buf_free(&b);
}

static void test_html_escape(void **state)
{
    (void)state;
    deeds_buf b = { 0 };
    const char s[] = "a<b>&\"c'\x01\tend\0tail";
    deeds_buf_html(&b, s, sizeof s - 1);
    assert_int_equal(b.len, strlen("a&lt;b&gt;&amp;&quot;c&#39; \tend tail"));
    assert_memory_equal(b.data, "a&lt;b&gt;&amp;&quot;c&#39; \tend tail", b.len);
    deeds_buf_free(&b);
}

/* fontconfig keeps its configuration for the life of the process; that is
 * not a leak of ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_points_and_labels),
        cmocka_unit_test(test_long_legend_wraps),
        cmocka_unit_test(test_missing_value_breaks_line),
        cmocka_unit_test(test_axis_ranges),
        cmocka_unit_test(test_years_and_days_labels),
        cmocka_unit_test(test_long_series_not_marked),
        cmocka_unit_test(test_bars),
        cmocka_unit_test(test_heatmap_cells_and_escaping),
        cmocka_unit_test(test_empty_data),
        cmocka_unit_test(test_inline_svg_has_no_namespace),
        cmocka_unit_test(test_bad_description_reported),
        cmocka_unit_test(test_png_signature_and_size),
        cmocka_unit_test(test_html_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
