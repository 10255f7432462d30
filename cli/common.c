/*
 * common.c: argument helpers every deeds command uses, so that each
 * reports bad usage the same way.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void cli_die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("deeds: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'deeds --help'.\n", stderr);
    exit(EXIT_FATAL);
}

long cli_parse_number(const char *s, const char *what, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        cli_die_usage("%s must be a whole number from %ld to %ld, not '%s'", what, lo, hi, s);
    return v;
}

int32_t cli_parse_date(const char *s, const char *what)
{
    int32_t d = deeds_date_parse(s, strlen(s));
    if (!d)
        cli_die_usage("%s must be a date as YYYY-MM-DD, not '%s'", what, s);
    return d;
}

deeds_quad_convention cli_parse_quad(const char *s)
{
    int q = deeds_quad_convention_parse(s);
    if (q < 0)
        cli_die_usage("unknown --quad '%s' (gdelt, icews or phoenix)", s);
    return (deeds_quad_convention)q;
}

deeds_period cli_parse_period(const char *s)
{
    int p = deeds_period_parse(s);
    if (p < 0)
        cli_die_usage("unknown --by '%s' (day, week, month, quarter or year)", s);
    return (deeds_period)p;
}

deeds_count cli_parse_count(const char *s)
{
    int k = deeds_count_parse(s);
    if (k < 0)
        cli_die_usage("unknown --count '%s' (events, one-a-day or reports)", s);
    return (deeds_count)k;
}

int32_t cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

double cli_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, int on)
{
    *p = (cli_progress){ .on = on, .start = cli_now_seconds() };
    p->last = p->start - 1;
}

int cli_progress_due(cli_progress *p)
{
    if (!p->on)
        return 0;
    double now = cli_now_seconds();
    if (now - p->last < 0.25)
        return 0;
    p->last = now;
    return 1;
}

double cli_progress_elapsed(const cli_progress *p)
{
    return p->last - p->start;
}

void cli_progress_show(cli_progress *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputc('\r', stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\033[K", stderr);
    va_end(ap);
    p->shown = 1;
}

void cli_progress_clear(cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}
