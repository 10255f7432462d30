/*
 * util.c: the small pieces every stage shares: growable buffers (with the
 * one JSON string writer), the one error-reporting path (deeds_diag), and
 * dates.  Nothing here knows about events.
 */
#include "deeds.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

static void buf_reserve(deeds_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        fputs("deeds: out of memory\n", stderr);
        abort();
    }
    b->data = p;
    b->cap = cap;
}

void deeds_buf_append(deeds_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void deeds_buf_puts(deeds_buf *b, const char *s)
{
    deeds_buf_append(b, s, strlen(s));
}

void deeds_buf_printf(deeds_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        deeds_buf_append(b, small, (size_t)n);
        return;
    }
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void deeds_buf_json_string(deeds_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_reserve(b, n + 2);
    b->data[b->len++] = '"';
    size_t run = 0; /* bytes copied verbatim in one go */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        deeds_buf_append(b, s + run, i - run);
        run = i + 1;
        char esc[7] = { '\\', 0 };
        switch (c) {
        case '"':  esc[1] = '"';  break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n';  break;
        case '\r': esc[1] = 'r';  break;
        case '\t': esc[1] = 't';  break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
        }
        deeds_buf_append(b, esc, strlen(esc));
    }
    deeds_buf_append(b, s + run, n - run);
    deeds_buf_append(b, "\"", 1);
}

void deeds_buf_reset(deeds_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void deeds_buf_free(deeds_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void *deeds_grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (!q) {
        fputs("deeds: out of memory\n", stderr);
        abort();
    }
    *cap = c;
    return q;
}

char *deeds_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return NULL;
    }
    char *data = malloc((size_t)st.st_size + 1);
    size_t n = data ? fread(data, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!data)
        return NULL;
    data[n] = '\0';
    *len = n;
    return data;
}

/* ------------------------------------------------------------ diagnostics */

static const char *const skip_names[DEEDS_SKIP__COUNT] = {
    [DEEDS_SKIP_BAD_JSON] = "bad_json",
    [DEEDS_SKIP_BAD_UTF8] = "bad_utf8",
    [DEEDS_SKIP_NO_TEXT] = "no_text",
    [DEEDS_SKIP_NO_DATE] = "no_date",
    [DEEDS_SKIP_BAD_DATE] = "bad_date",
    [DEEDS_SKIP_TOO_LONG] = "too_long",
    [DEEDS_SKIP_UNREADABLE] = "unreadable",
    [DEEDS_SKIP_EMPTY] = "empty",
    [DEEDS_SKIP_BAD_DICT_LINE] = "bad_dictionary_line",
    [DEEDS_SKIP_BAD_EVENT] = "bad_event",
};

const char *deeds_skip_name(deeds_skip why)
{
    return (unsigned)why < DEEDS_SKIP__COUNT ? skip_names[why] : "unknown";
}

static void diag_vemit(deeds_diag *d, const char *file, long line,
                       const char *kind, const char *fmt, va_list ap)
{
    char msg[1024];
    int n = snprintf(msg, sizeof msg, "%s", kind);
    if (n < 0)
        n = 0;
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    if (d && d->emit) {
        d->emit(d->ud, file, line, msg);
        return;
    }
    if (file && line > 0)
        fprintf(stderr, "deeds: %s:%ld: %s\n", file, line, msg);
    else if (file)
        fprintf(stderr, "deeds: %s: %s\n", file, msg);
    else
        fprintf(stderr, "deeds: %s\n", msg);
}

void deeds_diag_skip(deeds_diag *d, const char *file, long line,
                     deeds_skip why, const char *fmt, ...)
{
    if (d && (unsigned)why < DEEDS_SKIP__COUNT)
        d->skipped[why]++;
    va_list ap;
    va_start(ap, fmt);
    diag_vemit(d, file, line, "skipped: ", fmt, ap);
    va_end(ap);
}

void deeds_diag_warn(deeds_diag *d, const char *file, long line,
                     const char *fmt, ...)
{
    if (d)
        d->warnings++;
    va_list ap;
    va_start(ap, fmt);
    diag_vemit(d, file, line, "warning: ", fmt, ap);
    va_end(ap);
}

void deeds_diag_error(deeds_diag *d, const char *file, long line,
                      const char *fmt, ...)
{
    if (d)
        d->errors++;
    va_list ap;
    va_start(ap, fmt);
    diag_vemit(d, file, line, "error: ", fmt, ap);
    va_end(ap);
}

unsigned long deeds_diag_skipped_total(const deeds_diag *d)
{
    unsigned long n = 0;
    for (int i = 0; i < DEEDS_SKIP__COUNT; i++)
        n += d->skipped[i];
    return n;
}

/* ------------------------------------------------------------------ dates */

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int32_t deeds_date_parse(const char *s, size_t n)
{
    int y, m, d;
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4); m = digits(s + 5, 2); d = digits(s + 8, 2);
    } else if (n == 8) {
        y = digits(s, 4); m = digits(s + 4, 2); d = digits(s + 6, 2);
    } else {
        return 0;
    }
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return 0;
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        return 0;
    return (int32_t)(y * 10000 + m * 100 + d);
}

void deeds_date_format(int32_t v, char out[11])
{
    unsigned y = (unsigned)(v / 10000) % 10000, m = (unsigned)(v / 100) % 100,
             d = (unsigned)v % 100;
    const unsigned parts[3] = { y, m, d };
    const int widths[3] = { 4, 2, 2 };
    char *p = out;
    for (int i = 0; i < 3; i++) {
        if (i)
            *p++ = '-';
        for (int k = widths[i] - 1, x = (int)parts[i]; k >= 0; k--, x /= 10)
            p[k] = (char)('0' + x % 10);
        p += widths[i];
    }
    *p = '\0';
}

const char *deeds_mode_name(deeds_mode m)
{
    switch (m) {
    case DEEDS_MODE_ASSERTED: return "asserted";
    case DEEDS_MODE_NEGATED: return "negated";
    case DEEDS_MODE_HYPOTHETICAL: return "hypothetical";
    }
    return "unknown";
}

/* Civil-calendar day counts (proleptic Gregorian), by eras of 400 years so
 * that no table and no time zone is involved. */
long deeds_date_days(int32_t yyyymmdd)
{
    long y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t deeds_date_from_days(long days)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    return (int32_t)(y * 10000 + m * 100 + d);
}
