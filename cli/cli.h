/*
 * cli.h: what the command files of `deeds` share.  cli/deeds.c parses the
 * command name and hands the arguments to one command function; each
 * command file (cli/cmd_*.c) parses its own options and calls libdeeds.
 */
#ifndef DEEDS_CLI_H
#define DEEDS_CLI_H

#include "deeds.h"

#define EXIT_SKIPPED 2   /* something was skipped, each reported and counted */
#define EXIT_FATAL 1     /* bad usage, unusable input, write error */

/* Prints "deeds: MESSAGE" and a pointer to --help, then exits EXIT_FATAL. */
_Noreturn void cli_die_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* A whole number in [lo, hi], or cli_die_usage naming what it was for. */
long cli_parse_number(const char *s, const char *what, long lo, long hi);
/* A YYYY-MM-DD (or YYYYMMDD) date as yyyymmdd, or cli_die_usage. */
int32_t cli_parse_date(const char *s, const char *what);
/* --quad, --by and --count values, or cli_die_usage listing the choices. */
deeds_quad_convention cli_parse_quad(const char *s);
deeds_period cli_parse_period(const char *s);
deeds_count cli_parse_count(const char *s);
/* Today's date (UTC) as yyyymmdd. */
int32_t cli_today(void);
/* Seconds on a monotonic clock, for timings in summaries. */
double cli_now_seconds(void);

/* A progress line on standard error, rewritten in place: only when on (a
 * terminal, and not -q), at most four times a second, the first at once. */
typedef struct cli_progress {
    int on, shown;
    double start, last;
} cli_progress;
void cli_progress_start(cli_progress *p, int on);
/* 1 when it is time to write the line (then write it with cli_progress_show). */
int cli_progress_due(cli_progress *p);
/* Seconds since the start, as of the last due line. */
double cli_progress_elapsed(const cli_progress *p);
void cli_progress_show(cli_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Erases the line, if one was written. */
void cli_progress_clear(cli_progress *p);

/* The commands beyond code/explain/validate/dict, one file each.  Each gets
 * argv[0] == its own name and returns the exit status. */
int cmd_ingest(int argc, char **argv);    /* cli/cmd_store.c */
int cmd_export(int argc, char **argv);    /* cli/cmd_store.c */
int cmd_series(int argc, char **argv);    /* cli/cmd_judge.c */
int cmd_judge(int argc, char **argv);     /* cli/cmd_judge.c */
int cmd_report(int argc, char **argv);    /* cli/cmd_report.c */
int cmd_serve(int argc, char **argv);     /* cli/cmd_serve.c */
int cmd_forecast(int argc, char **argv);  /* cli/cmd_forecast.c */

#endif
