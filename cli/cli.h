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
