/* fuzz_chart.c: charts of every kind from arbitrary bytes: values (any
 * double, NAN and infinities included), dates, and labels and titles of any
 * bytes, drawn as SVG.  The output must always be one closed <svg> element
 * in which no text broke out of its element. */
#include "deeds.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 40
#define MAX_SERIES 4
#define MAX_TEXTS 48

typedef struct input { const uint8_t *data; size_t size, at; } input;

static unsigned next_byte(input *in)
{
    return in->at < in->size ? in->data[in->at++] : 0;
}

static double next_double(input *in)
{
    double v = 0;
    if (in->at + sizeof v <= in->size) {
        memcpy(&v, in->data + in->at, sizeof v);
        in->at += sizeof v;
    }
    return v;
}

/* The rest of the input as NUL-separated texts (copied, to end in NUL). */
static size_t split_texts(input *in, char *copy, const char **texts)
{
    size_t n = 0, len = in->size - in->at;
    memcpy(copy, in->data + in->at, len);
    copy[len] = '\0';
    for (char *p = copy; n < MAX_TEXTS && p <= copy + len; p += strlen(p) + 1)
        texts[n++] = p;
    return n;
}

static void check_closed(const deeds_buf *b)
{
    static const char end[] = "</svg>\n";
    if (b->len < sizeof end - 1 || memcmp(b->data + b->len - (sizeof end - 1), end, sizeof end - 1))
        abort();
    /* text is escaped, so the only '<' are tags: each is followed by a
     * letter, '/', '?' or '!' */
    for (const char *p = strchr(b->data, '<'); p; p = strchr(p + 1, '<'))
        if (!((p[1] >= 'a' && p[1] <= 'z') || p[1] == '/' || p[1] == '?' || p[1] == '!'))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    input in = { data, size, 0 };
    deeds_chart c = { .kind = (deeds_chart_kind)(next_byte(&in) % 3) };
    size_t nseries = next_byte(&in) % (MAX_SERIES + 1);
    size_t npoints = next_byte(&in) % (MAX_POINTS + 1);
    c.width = (int)(next_byte(&in) * 4);
    c.height = (int)(next_byte(&in) * 2);

    double values[MAX_SERIES * MAX_POINTS];
    int32_t dates[MAX_POINTS];
    long day = deeds_date_days(20180101);
    for (size_t i = 0; i < npoints; i++) {
        day += (long)next_byte(&in) * 3;
        dates[i] = deeds_date_from_days(day);
    }
    for (size_t i = 0; i < nseries * npoints; i++)
        values[i] = next_double(&in);

    char *copy = malloc(size - in.at + 1);
    const char *texts[MAX_TEXTS];
    size_t ntexts = split_texts(&in, copy, texts);
    const char *label[MAX_POINTS];
    for (size_t i = 0; i < MAX_POINTS; i++)
        label[i] = texts[i % ntexts];
    deeds_chart_series series[MAX_SERIES];
    for (size_t s = 0; s < nseries; s++)
        series[s] = (deeds_chart_series){ texts[(s + 1) % ntexts], values + s * npoints,
                                          (deeds_chart_style)(s % 3), (uint32_t)s * 0x334455u };
    c.title = texts[0];
    c.note = texts[ntexts - 1];
    c.npoints = npoints;
    c.dates = dates;
    c.labels = (data[0] & 8) ? label : NULL;
    c.series = series;
    c.nseries = nseries;
    size_t side = nseries * 2 < 7 ? nseries * 2 : 7;   /* heat maps up to 7 x 7 */
    c.rows = c.cols = label;
    c.nrows = c.ncols = side;
    c.cells = values;
    if (side * side > nseries * npoints)
        c.nrows = c.ncols = 0;

    deeds_buf b = { 0 };
    deeds_diag diag = { 0 };
    if (c.width <= 8000 && c.height <= 8000 && deeds_chart_svg(&c, data[0] & 16, &b, &diag) == 0)
        check_closed(&b);
    deeds_buf_free(&b);
    free(copy);
    return 0;
}
