/*
 * deeds.h: the one public header of libdeeds.
 *
 * libdeeds turns news text into political events (CAMEO codes, Goldstein
 * scores, quad classes, PLOVER types) and keeps every event traceable to the
 * sentence and the words that produced it.  The pipeline, one source file a
 * stage:
 *
 *   input.c     bytes -> articles     (JSON Lines or plain text; UTF-8 checks)
 *   sentence.c  article -> sentences  (splitting; folding text for matching)
 *   dict.c      dictionary files -> deeds_dict (TABARI/PETRARCH syntax)
 *   token.c, match.c, parse.c, coder.c   sentence -> events
 *   cameo.c     CAMEO tables: labels, Goldstein, quad classes, PLOVER map
 *   emit.c      events -> jsonl / tsv / gdelt / plover lines
 *   store.c     events -> a store (SQLite, or PostgreSQL in store_pg.c):
 *               articles, reports and deduplicated events
 *   series.c    store -> per-dyad, per-period aggregates
 *   judge.c     store -> rhetoric against results, follow-through, alignment
 *   chart.c, report.c   aggregates -> SVG/PNG charts and an HTML report
 *   serve.c     store -> a local web dashboard (JSON API + web/ page)
 *   forecast.c, eum.c, smp.c   bargaining scenarios -> forecasts
 *
 * Conventions: strings are UTF-8; dates are "YYYY-MM-DD" in text and
 * yyyymmdd integers inside; CAMEO codes are strings ("036"), never numbers.
 * Functions that can fail return 0 on success and -1 on error, after
 * reporting through the deeds_diag they were given.
 */
#ifndef DEEDS_H
#define DEEDS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DEEDS_VERSION "0.1.0"

/* ---------------------------------------------------------------- buffers */

/* A growable byte buffer; always NUL-terminated once anything is appended. */
typedef struct deeds_buf {
    char  *data;
    size_t len, cap;
} deeds_buf;

void deeds_buf_append(deeds_buf *b, const char *s, size_t n);
void deeds_buf_puts(deeds_buf *b, const char *s);
void deeds_buf_printf(deeds_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void deeds_buf_json_string(deeds_buf *b, const char *s, size_t n);
void deeds_buf_reset(deeds_buf *b);
void deeds_buf_free(deeds_buf *b);

/* ------------------------------------------------------------ diagnostics */

/* Why a record was skipped.  Every skip is counted; the command's summary
 * lists the non-zero counts and the exit status is 2 when any is non-zero. */
typedef enum deeds_skip {
    DEEDS_SKIP_BAD_JSON,      /* the line is not a JSON object */
    DEEDS_SKIP_BAD_UTF8,      /* invalid UTF-8 in a field we need */
    DEEDS_SKIP_NO_TEXT,       /* "text" missing, not a string, or empty */
    DEEDS_SKIP_NO_DATE,       /* "date" missing and no --date given */
    DEEDS_SKIP_BAD_DATE,      /* date not YYYY-MM-DD (or YYYYMMDD) */
    DEEDS_SKIP_TOO_LONG,      /* record longer than the reader's limit */
    DEEDS_SKIP_UNREADABLE,    /* a file that could not be opened or read */
    DEEDS_SKIP_EMPTY,         /* an empty input file */
    DEEDS_SKIP_BAD_DICT_LINE, /* a dictionary line that could not be parsed */
    DEEDS_SKIP_BAD_EVENT,     /* an event line with a missing field or an
                                 unknown CAMEO code (deeds ingest) */
    DEEDS_SKIP__COUNT
} deeds_skip;

/* Short machine-readable name of a reason ("bad_json", ...). */
const char *deeds_skip_name(deeds_skip why);

typedef struct deeds_diag {
    /* Called once per message; NULL prints "deeds: FILE:LINE: MSG" to stderr.
     * line is 0 when the message is about a whole file. */
    void (*emit)(void *ud, const char *file, long line, const char *msg);
    void *ud;
    unsigned long skipped[DEEDS_SKIP__COUNT];
    unsigned long warnings;
    unsigned long errors;  /* fatal problems (an unusable dictionary, ...) */
} deeds_diag;

/* Reports a skipped record (counted under why). */
void deeds_diag_skip(deeds_diag *d, const char *file, long line,
                     deeds_skip why, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Reports a warning: nothing was lost. */
void deeds_diag_warn(deeds_diag *d, const char *file, long line,
                     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reports a fatal error. */
void deeds_diag_error(deeds_diag *d, const char *file, long line,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
unsigned long deeds_diag_skipped_total(const deeds_diag *d);

/* ------------------------------------------------------------------ dates */

/* Parses "YYYY-MM-DD" or "YYYYMMDD" (a valid calendar date) into yyyymmdd;
 * returns 0 when s is not such a date. */
int32_t deeds_date_parse(const char *s, size_t n);
/* Writes yyyymmdd as "YYYY-MM-DD" into out[11]. */
void deeds_date_format(int32_t yyyymmdd, char out[11]);
/* Days since 1970-01-01 of a valid yyyymmdd (negative before), and back:
 * date arithmetic for windows and periods. */
long deeds_date_days(int32_t yyyymmdd);
int32_t deeds_date_from_days(long days);

/* ------------------------------------------------------------------ input */

typedef enum deeds_input_kind {
    DEEDS_INPUT_AUTO,  /* JSON Lines when the first non-blank byte is '{' */
    DEEDS_INPUT_JSONL,
    DEEDS_INPUT_TEXT   /* the whole file is one article */
} deeds_input_kind;

/* One article.  All strings are owned by the reader and stay valid until the
 * next call to deeds_reader_next or deeds_reader_close. */
typedef struct deeds_article {
    const char *id;       /* JSON "id" (when absent: BASENAME:LINE); for text files, the base name */
    int32_t     date;     /* yyyymmdd */
    const char *title, *source, *url;   /* NULL when absent */
    const char *text;     /* UTF-8, NUL-terminated */
    size_t      text_len;
    const char *file;     /* where it came from ("-" for standard input) */
    long        line;     /* its line in that file (1 for text files) */
} deeds_article;

typedef struct deeds_reader deeds_reader;

/* Opens path ("-" or NULL: standard input).  default_date (yyyymmdd, 0 for
 * none) is used for text files and for JSON records without "date".
 * max_record is the longest record accepted in bytes (0: 1 MiB); longer ones
 * are skipped as DEEDS_SKIP_TOO_LONG.  Returns NULL (after reporting
 * DEEDS_SKIP_UNREADABLE) when the file cannot be opened. */
deeds_reader *deeds_reader_open(const char *path, deeds_input_kind kind,
                                int32_t default_date, size_t max_record,
                                deeds_diag *diag);
/* 1: *out holds the next article; 0: end of input; -1: read error (reported). */
int deeds_reader_next(deeds_reader *r, deeds_article *out);
void deeds_reader_close(deeds_reader *r);

/* -------------------------------------------------------------- sentences */

typedef struct deeds_span {
    size_t start, end;  /* byte offsets, end exclusive */
} deeds_span;

/* Splits text into sentences; abbreviations (U.S., Gen., Jan.), initials,
 * decimals, quotes and closing brackets are handled.  Spans exclude leading
 * and trailing white space.  Returns the count; *out is malloc'd (free it). */
size_t deeds_sentence_split(const char *text, size_t len, deeds_span **out);

/* Folds UTF-8 text for matching: NFKC, case folded to upper case ASCII where
 * a letter has an ASCII base (diacritics stripped), curly quotes to ' and ",
 * dashes to '-'.  Invalid UTF-8 bytes become '?'.  Writes at most cap-1
 * bytes plus a NUL and returns the folded length (which may exceed cap-1,
 * as snprintf does).  Used on single tokens and on whole sentences. */
size_t deeds_fold(const char *s, size_t len, char *out, size_t cap);

/* Non-zero when s[0..len) is valid UTF-8. */
int deeds_utf8_valid(const char *s, size_t len);

/* ------------------------------------------------------------------ CAMEO */

/* Quad-class conventions (docs/formats.md):
 *   DEEDS_QUAD_GDELT   01-05 verbal coop, 06-09 material coop,
 *                      10-14 verbal conflict, 15-20 material conflict (default)
 *   DEEDS_QUAD_ICEWS   01-05 1, 06-08 2, 09-13 3, 14-20 4
 *   DEEDS_QUAD_PHOENIX 01-02 0 (neutral), 03-05 1, 06-08 2, 09-13 and 16 3,
 *                      14-15 and 17-20 4
 * Every convention maps onto 1 verbal coop, 2 material coop, 3 verbal
 * conflict, 4 material conflict (0: neutral, where a convention has one). */
typedef enum deeds_quad_convention {
    DEEDS_QUAD_GDELT,
    DEEDS_QUAD_ICEWS,
    DEEDS_QUAD_PHOENIX
} deeds_quad_convention;

/* Parses "gdelt"|"icews"|"phoenix"; returns -1 for anything else. */
int deeds_quad_convention_parse(const char *name);

typedef struct deeds_cameo {
    const char *code;       /* "036" */
    const char *label;      /* "Express intent to meet or negotiate" */
    double      goldstein;  /* the documented Goldstein table (cameo.c) */
    const char *plover;     /* "AGREE"; "" where PLOVER has no category */
} deeds_cameo;

/* Looks a code up ("036", "0362", "20"); NULL when unknown. */
const deeds_cameo *deeds_cameo_lookup(const char *code);
/* Quad class 0..4 of a code under a convention (-1 when unknown). */
int deeds_cameo_quad(const char *code, deeds_quad_convention conv);
/* Iterates the table: returns entry i, NULL past the end. */
const deeds_cameo *deeds_cameo_at(size_t i);
/* PLOVER mode of a code per the CAMEO->PLOVER 2021 map ("visit" for 042;
 * "" when the map gives none); NULL when the code is unknown. */
const char *deeds_cameo_plover_mode(const char *code);

/* ----------------------------------------------------------------- events */

typedef enum deeds_mode {
    DEEDS_MODE_ASSERTED,     /* reported as done or said */
    DEEDS_MODE_NEGATED,      /* "did not attend" */
    DEEDS_MODE_HYPOTHETICAL  /* could, might, if, analysts expect ... */
} deeds_mode;

const char *deeds_mode_name(deeds_mode m);

typedef struct deeds_event {
    const char *doc;         /* article id */
    int         sent;        /* sentence index in the article, from 0 */
    int32_t     date;        /* yyyymmdd */
    char        source[48];  /* actor code, e.g. "USAGOV" ("" when unknown) */
    char        target[48];
    char        code[8];     /* CAMEO event code, e.g. "036" */
    deeds_mode  mode;
    const char *sentence;    /* original sentence text (not NUL-terminated) */
    size_t      sentence_len;
    deeds_span  source_text, target_text, verb_text; /* offsets into sentence;
                                                        start == end: none */
    /* Where the codes came from (dictionary file and line), for explain. */
    const char *pattern_file;
    int         pattern_line;
} deeds_event;

typedef enum deeds_format {
    DEEDS_FORMAT_JSONL,
    DEEDS_FORMAT_TSV,
    DEEDS_FORMAT_GDELT,
    DEEDS_FORMAT_PLOVER
} deeds_format;

/* Parses "jsonl"|"tsv"|"gdelt"|"plover"; -1 for anything else. */
int deeds_format_parse(const char *name);
/* Appends the header line of a format (TSV only; nothing for the others). */
void deeds_format_header(deeds_format fmt, deeds_buf *out);
/* Appends one event as one line (with '\n') in the given format. */
void deeds_format_event(deeds_format fmt, deeds_quad_convention conv,
                        const deeds_event *ev, const deeds_article *art,
                        deeds_buf *out);

/* ----------------------------------------------------------- dictionaries */

typedef struct deeds_dict deeds_dict;

/* Loads a dictionary set.  spec is NULL or "" for the built-in set; a
 * folder (every *.actors, *.agents, *.verbs, *.options, discards and
 * synonym file in it); a comma-separated list of files; or a TABARI
 * .project file.  Returns NULL on fatal errors; bad lines are reported,
 * counted as DEEDS_SKIP_BAD_DICT_LINE and skipped. */
deeds_dict *deeds_dict_load(const char *spec, deeds_diag *diag);
void deeds_dict_free(deeds_dict *d);

/* Appends the size of a set: actors, synonyms, dated codes, agents, verbs,
 * patterns, phrases per file, and the CAMEO codes no verb or pattern
 * produces. */
void deeds_dict_stats(const deeds_dict *d, deeds_buf *out);
/* Checks what loading cannot: phrases defined twice, date ranges of one
 * actor that overlap with different codes, event codes CAMEO does not
 * have.  Each problem is a warning through diag naming file and line;
 * returns how many there were. */
unsigned long deeds_dict_check(const deeds_dict *d, deeds_diag *diag);

/* ------------------------------------------------------------------ coder */

typedef struct deeds_coder_options {
    int compat_tabari;  /* follow TABARI's rules to the letter */
    int all_modes;      /* also report negated and hypothetical events */
} deeds_coder_options;

typedef struct deeds_coder deeds_coder;

/* A coder holds per-thread scratch space; the dictionary is shared read-only
 * between coders. */
deeds_coder *deeds_coder_new(const deeds_dict *dict,
                             const deeds_coder_options *opt);
void deeds_coder_free(deeds_coder *c);

typedef void (*deeds_event_fn)(void *ud, const deeds_event *ev);

typedef struct deeds_code_stats {
    unsigned long sentences, events;
} deeds_code_stats;

/* Codes one sentence (text[0..len), original UTF-8) dated yyyymmdd. */
int deeds_code_sentence(deeds_coder *c, const char *doc, int sent,
                        const char *text, size_t len, int32_t date,
                        deeds_event_fn fn, void *ud, deeds_code_stats *st);
/* Splits an article into sentences and codes each. */
int deeds_code_article(deeds_coder *c, const deeds_article *a,
                       deeds_event_fn fn, void *ud, deeds_code_stats *st);
/* Appends a human-readable account of how one sentence was coded: tokens,
 * actor/agent/verb matches with the dictionary file and line of each, the
 * pattern that fired, and the events. */
int deeds_explain(deeds_coder *c, const char *text, size_t len, int32_t date,
                  deeds_buf *out);

/* ------------------------------------------------------------- validation */

/* Scores coder c against a gold file in JSON Lines (docs/validate.md):
 *   {"id":..., "date":"YYYY-MM-DD", "text":...,
 *    "expect":[{"src":["USA"],"tgt":["PRK"],"root":["03"]}],
 *    "forbid":[{"src":["USA"],"root":["08"]}]}
 * src/tgt are code prefixes, root the allowed root codes; a missing key
 * matches anything.  A record passes when every expect entry is matched by
 * some asserted event and no asserted event matches a forbid entry.  Prints
 * the pass rate, per-root precision and recall and the number of extra
 * events to out; with verbose, every failing record and its events.
 * *passed and *total receive the record counts. */
int deeds_validate_gold(deeds_coder *c, const char *path, int verbose,
                        FILE *out, deeds_diag *diag, int *passed, int *total);

/* Runs TABARI's own validation suite as named by a TABARI .project file
 * (its actors, verbs, agents, options and text files), in TABARI
 * compatibility mode, comparing every record's events with the expected
 * ones in its comment block.  Prints failures (all records with verbose) to
 * out and ends with a line "pass P/N". */
int deeds_validate_tabari(const char *project, int verbose, FILE *out,
                          deeds_diag *diag, int *passed, int *total);

/* Appends what the actors in phrase resolve to on date (yyyymmdd): each
 * actor's code, every dated code of its dictionary entry (the one in force
 * marked) and the file:line of the entry and of any agent glued to it.
 * Returns -1 when the phrase holds no actor. */
int deeds_dict_who(deeds_coder *c, const char *phrase, int32_t date,
                   deeds_buf *out);

/* ------------------------------------------------------------------ store */

/* The judge stage keeps events in a store (docs/store.md): a SQLite file,
 * or a PostgreSQL database named by a "postgresql://" or "postgres://" URI,
 * with the same schema.  A store holds articles, every report of an event
 * (one coded event in one sentence of one article: a "mention", as in
 * GDELT 2.0) and the deduplicated events those reports are grouped into. */
typedef struct deeds_store deeds_store;

/* Opens a store, creating its schema when writable and absent.  Returns
 * NULL after reporting through diag when it cannot be opened, or when its
 * schema version is newer than this deeds understands. */
deeds_store *deeds_store_open(const char *where, int writable, deeds_diag *diag);
void deeds_store_close(deeds_store *s);

/* How counts are made (every output says which it used):
 *   DEEDS_COUNT_REPORTS    every report of an event; re-ingesting an
 *                          article never adds reports twice
 *   DEEDS_COUNT_ONE_A_DAY  distinct (date, source, target, event code):
 *                          the KEDS/TABARI one-a-day filter
 *   DEEDS_COUNT_EVENTS     events of the mentions model: reports of the same
 *                          source, target and code within the store's
 *                          window of days (default 1) of an event's first
 *                          report are mentions of that event */
typedef enum deeds_count {
    DEEDS_COUNT_REPORTS,
    DEEDS_COUNT_ONE_A_DAY,
    DEEDS_COUNT_EVENTS
} deeds_count;

/* Parses "reports"|"one-a-day"|"events"; -1 for anything else. */
int deeds_count_parse(const char *name);
const char *deeds_count_name(deeds_count c);

/* One stored event (or report, or one-a-day group), with the report that
 * stands for it: its sentence and article, so every count can be traced
 * back to text.  Strings stay valid only during the callback. */
typedef struct deeds_stored_event {
    int64_t     id;            /* event id (mentions model); report id for reports */
    int32_t     date;          /* yyyymmdd */
    char        source[48], target[48], code[8];
    deeds_mode  mode;
    double      goldstein;
    unsigned    num_mentions, num_articles, num_sources;  /* 1 for a report */
    const char *article;       /* article id of the report shown */
    const char *publication, *url, *title;   /* "" when unknown */
    int         sent;          /* sentence index in the article */
    const char *sentence, *source_text, *target_text, *verb_text;
} deeds_stored_event;

/* Which events a query selects.  source/target are actor-code prefixes
 * ("USA" matches USAGOV); NULL, "" or "*" match anyone.  Dates are
 * inclusive yyyymmdd, 0 for open.  code is a CAMEO code prefix ("03", "138")
 * or NULL.  search is an FTS query over sentences (SQLite FTS5 syntax) or
 * NULL.  Only asserted events unless all_modes.  limit 0: no limit. */
typedef struct deeds_event_query {
    const char *source, *target;
    int32_t     from, to;
    const char *code;
    const char *search;
    deeds_count count;
    int         all_modes;
    size_t      limit;
} deeds_event_query;

typedef int (*deeds_stored_event_fn)(void *ud, const deeds_stored_event *ev);

/* Calls fn for every selected event in date order (ties: by id); stops
 * early when fn returns non-zero.  Returns 0, or -1 after reporting. */
int deeds_store_events(deeds_store *s, const deeds_event_query *q,
                       deeds_stored_event_fn fn, void *ud, deeds_diag *diag);

/* The mentions model's window in days (a store property, kept with it). */
int deeds_store_window(const deeds_store *s);
/* Sets the window of a store that holds no reports yet; -1 (reported) when
 * it holds reports under another window. */
int deeds_store_set_window(deeds_store *s, int days, deeds_diag *diag);

/* Ingest: reports go in one transaction per batch, and a batch ends only on
 * an article boundary, so a killed process loses at most the articles in
 * flight and a re-run completes them.  Reports of one article must come
 * together.  An article already in the store is counted as such; a report
 * already in the store (same article, sentence, actors, code, mode and
 * words) is never added twice. */
typedef struct deeds_ingest deeds_ingest;

typedef struct deeds_ingest_stats {
    unsigned long articles_new, articles_stored;  /* stored: there before */
    unsigned long reports_new, reports_stored;    /* reports, not events */
    unsigned long events_new;     /* new events of the mentions model */
    unsigned long events_merged;  /* new reports that became mentions of an
                                     event already stored */
} deeds_ingest_stats;

/* batch: reports per transaction (0: 50000). */
deeds_ingest *deeds_ingest_begin(deeds_store *s, size_t batch, deeds_diag *diag);
/* Adds one coded event of article art (as deeds_code_article hands it). */
int deeds_ingest_event(deeds_ingest *g, const deeds_article *art,
                       const deeds_event *ev);
/* Adds one event line as `deeds code` writes it (jsonl, with publication,
 * url and title when known).  A bad line (broken JSON, missing fields, an
 * unknown CAMEO code, a date out of 1800-2199) is reported with file and
 * line, counted and skipped: returns 0 then too; -1 only when the store
 * fails. */
int deeds_ingest_line(deeds_ingest *g, const char *line, size_t len,
                      const char *file, long lineno);
/* Commits what is left and frees g; *st (may be NULL) receives the
 * counts.  -1 when anything failed (then the last batch is rolled back). */
int deeds_ingest_end(deeds_ingest *g, deeds_ingest_stats *st);
/* The counts so far, for a progress display. */
void deeds_ingest_progress(const deeds_ingest *g, deeds_ingest_stats *st);

/* A store's events written out (deeds export, docs/store.md; emit.c):
 *   gdelt  the 61 GDELT 2.0 event columns, NumMentions, NumSources and
 *          NumArticles from the store
 *   icews  the ICEWS coded event data columns, tab-separated, with a header
 *   jsonl  deeds code's jsonl plus id, counting and num_* fields
 *   csv    RFC 4180 with a header, the same fields */
typedef enum deeds_export_format {
    DEEDS_EXPORT_GDELT, DEEDS_EXPORT_ICEWS, DEEDS_EXPORT_JSONL, DEEDS_EXPORT_CSV
} deeds_export_format;

/* Parses "gdelt"|"icews"|"jsonl"|"csv"; -1 for anything else. */
int deeds_export_format_parse(const char *name);
/* Appends the header line (icews, csv; nothing for the others). */
void deeds_export_header(deeds_export_format fmt, deeds_buf *out);
/* Appends one stored event as one line; count names how it was counted. */
void deeds_export_event(deeds_export_format fmt, deeds_quad_convention conv,
                        deeds_count count, const deeds_stored_event *ev,
                        deeds_buf *out);

/* ----------------------------------------------------------------- series */

typedef enum deeds_period {
    DEEDS_BY_DAY, DEEDS_BY_WEEK /* ISO weeks, from Monday */, DEEDS_BY_MONTH,
    DEEDS_BY_QUARTER, DEEDS_BY_YEAR
} deeds_period;

/* Parses "day"|"week"|"month"|"quarter"|"year"; -1 for anything else. */
int deeds_period_parse(const char *name);
/* The first day (yyyymmdd) of the period holding date. */
int32_t deeds_period_start(deeds_period by, int32_t date);
/* The first day of the period after the one starting at start. */
int32_t deeds_period_next(deeds_period by, int32_t start);

typedef struct deeds_series_query {
    const char           *source, *target;  /* prefixes as in deeds_event_query */
    int32_t               from, to;         /* 0: the store's first / last date */
    deeds_period          by;
    deeds_count           count;
    deeds_quad_convention quad;
    int                   normalise;  /* divide counts and sums by the period's
                                         total volume in the store */
} deeds_series_query;

/* One period of one directed dyad.  Every period from from to to is
 * present, empty ones with zeros. */
typedef struct deeds_series_row {
    int32_t period;            /* first day of the period, yyyymmdd */
    double  events;            /* all asserted events in the dyad */
    double  quad[5];           /* by quad class: 0 neutral, 1 verbal coop,
                                  2 material coop, 3 verbal conflict,
                                  4 material conflict */
    double  root[21];          /* by root code 01..20 (index 0 unused) */
    double  goldstein_sum;     /* net */
    double  goldstein_coop;    /* sum of the positive scores */
    double  goldstein_conflict;/* sum of the negative scores (<= 0) */
    double  goldstein_mean;    /* goldstein_sum / events; 0 when empty */
    double  volume;            /* all asserted events in the store that period */
} deeds_series_row;

/* Fills *rows (malloc'd; free it) with *n rows, one per period. */
int deeds_series(deeds_store *s, const deeds_series_query *q,
                 deeds_series_row **rows, size_t *n, deeds_diag *diag);

/* ------------------------------------------------------------------ judge */

/* One promise, offer or threat and what followed it. */
typedef struct deeds_follow {
    deeds_stored_event said;   /* the 03x promise or 13x threat */
    int                done;   /* a matching material act followed */
    int                days;   /* days until it, when done */
    deeds_stored_event did;    /* that act, when done */
} deeds_follow;

typedef struct deeds_judge_query {
    const char           *source, *target;
    int32_t               from, to;
    deeds_period          by;        /* periods of the gap trend */
    deeds_count           count;
    deeds_quad_convention quad;
    int                   window;    /* follow-through window in days (0: 90) */
    size_t                top;       /* key events to keep (0: 10) */
} deeds_judge_query;

/* A judgement of one directed dyad over a period (docs/judge.md).  Strings
 * in the stored events are owned by the judgement. */
typedef struct deeds_judgement {
    deeds_judge_query q;
    double verbal_coop, verbal_conflict, material_coop, material_conflict;
    double rhetoric;      /* (verbal coop - verbal conflict) / verbal, -1..1 */
    double results;       /* the same over material events */
    double gap;           /* rhetoric - results: words warmer than deeds > 0 */
    double gap_trend;     /* least-squares slope of the gap per period */
    deeds_series_row *series; size_t nseries;
    deeds_follow     *promises; size_t npromises; size_t promises_kept;
    deeds_follow     *threats;  size_t nthreats;  size_t threats_carried;
    deeds_stored_event *key; size_t nkey;   /* the events that moved the
                                               balance most */
    char *verdict;        /* a few sentences a person reads in half a minute */
} deeds_judgement;

int deeds_judge(deeds_store *s, const deeds_judge_query *q,
                deeds_judgement *out, deeds_diag *diag);
void deeds_judgement_free(deeds_judgement *j);

/* Net cooperation between every ordered pair of actors over [from, to]:
 * m[i*n + j] is the Goldstein sum of i's events towards j (counted as
 * count says); the diagonal is 0. */
int deeds_alignment(deeds_store *s, const char *const *actors, size_t n,
                    int32_t from, int32_t to, deeds_count count,
                    double *m, deeds_diag *diag);

/* ----------------------------------------------- chart, report (chart.c, report.c) */

/* A chart is a description (what to draw) rendered by one drawing routine per
 * kind into either back end: SVG text written by deeds, or PNG through
 * cairo.  The description only points at the caller's arrays. */
typedef enum deeds_chart_kind {
    DEEDS_CHART_LINES,   /* time series: x is the date of each point */
    DEEDS_CHART_BARS,    /* grouped bars, one group per point */
    DEEDS_CHART_HEATMAP  /* a matrix of cells on a diverging colour scale */
} deeds_chart_kind;

typedef enum deeds_chart_style {
    DEEDS_STYLE_LINE,    /* solid line (a bar, in a bar chart) */
    DEEDS_STYLE_DASHED,  /* dashed line */
    DEEDS_STYLE_AREA     /* line with the area down to zero filled */
} deeds_chart_style;

typedef struct deeds_chart_series {
    const char       *name;    /* shown in the legend */
    const double     *values;  /* npoints values; NAN (or any value that
                                  is not finite) where there is none */
    deeds_chart_style style;
    uint32_t          colour;  /* 0xRRGGBB */
} deeds_chart_series;

typedef struct deeds_chart {
    deeds_chart_kind kind;
    int width, height;                  /* pixels; 0: 760 x 340 */
    const char *title, *subtitle, *y_label;
    const char *note;                   /* a footnote: what is counted */
    /* lines and bars */
    size_t npoints;
    const int32_t *dates;               /* yyyymmdd of each point, ascending
                                           (required when labels is NULL) */
    const char *const *labels;          /* the label of each point or group,
                                           instead of dates (lines: points
                                           evenly spaced) */
    const deeds_chart_series *series;
    size_t nseries;
    /* heat map: cells[r * ncols + c], NAN for none (the diagonal) */
    const char *const *rows, *const *cols;
    size_t nrows, ncols;
    const double *cells;
} deeds_chart;

/* Appends the chart as an SVG document; with inline_html, as an <svg>
 * element to embed in HTML (no XML declaration or namespace).  All text is
 * escaped.  Returns -1 (after reporting) on an invalid description. */
int deeds_chart_svg(const deeds_chart *c, int inline_html, deeds_buf *out,
                    deeds_diag *diag);
/* Appends the chart as a PNG image of width x height pixels. */
int deeds_chart_png(const deeds_chart *c, deeds_buf *out, deeds_diag *diag);
/* The rows a lines or bars chart's legend takes at its width (20 px each;
 * 0 when it has none), so that a caller can make the chart taller. */
int deeds_chart_legend_rows(const deeds_chart *c);
/* Appends s[0..n) escaped for HTML and XML text and attribute values
 * (& < > " '; control characters other than tab and newline become
 * spaces). */
void deeds_buf_html(deeds_buf *b, const char *s, size_t n);

/* What `deeds report` draws (docs/report.md). */
typedef struct deeds_report_query {
    const char *const    *actors;   /* the alignment matrix's actors */
    size_t                nactors;
    const char *const    *dyads;    /* "SRC:TGT"; none: the busiest directed
                                       dyads among the actors */
    size_t                ndyads;
    int32_t               from, to; /* 0: the store's first / last date */
    deeds_period          by;       /* timeline periods */
    deeds_count           count;
    deeds_quad_convention quad;
    int                   window;   /* follow-through window (0: 90 days) */
    size_t                top;      /* key events per dyad (0: 10) */
    const char           *title;    /* NULL: a title naming the actors */
    int                   width, height;  /* single charts: pixels (0: the
                                             chart's own size) */
} deeds_report_query;

/* Appends a self-contained HTML report: inline CSS and SVG, nothing fetched
 * when it is opened. */
int deeds_report_html(deeds_store *s, const deeds_report_query *q,
                      deeds_buf *out, deeds_diag *diag);

typedef enum deeds_report_chart {
    DEEDS_REPORT_TIMELINE,   /* one dyad's rhetoric and results per period */
    DEEDS_REPORT_GAP,        /* one dyad's say-do gap per period */
    DEEDS_REPORT_ALIGNMENT   /* the actors' alignment matrix */
} deeds_report_chart;

/* Parses "timeline"|"gap"|"alignment"; -1 for anything else. */
int deeds_report_chart_parse(const char *name);
/* Appends one of the report's charts alone, as SVG or (png) PNG, for a
 * paper; the timeline and gap charts draw q->dyads[0]. */
int deeds_report_chart_render(deeds_store *s, const deeds_report_query *q,
                              deeds_report_chart which, int png,
                              deeds_buf *out, deeds_diag *diag);

/* ---------------------------------------------------------- serve (serve.c) */

/* A local web dashboard over a store (docs/serve.md): a JSON API under
 * /api/ and the static files of a web folder (the page in web/).  The store
 * is opened read-only; a thread pool answers requests, each borrowing one
 * of the server's store handles.  API answers are kept in a small cache
 * that is emptied whenever the store's file changes. */
typedef struct deeds_serve_options {
    const char *db;           /* the store, as deeds_store_open takes it */
    const char *web_root;     /* folder of static files (NULL: "web") */
    const char *address;      /* numeric IPv4/IPv6 address or "localhost"
                                 (NULL: "127.0.0.1"); a warning when it is
                                 not loopback */
    unsigned    port;         /* 0: a free port the system picks */
    unsigned    threads;      /* worker threads (0: 4) */
    size_t      max_request;  /* largest request accepted: URL, headers and
                                 body, in bytes (0: 8192); larger gets 413 */
    int         no_cache;     /* answer every API request from the store */
    FILE       *access_log;   /* one Common Log Format line a request (NULL:
                                 none) */
    const char *scenario;     /* a bargaining scenario for the page's
                                 forecast tab (NULL: no tab) */
} deeds_serve_options;

typedef struct deeds_server deeds_server;

/* Opens the store, checks the web folder and starts listening; NULL after
 * reporting through diag when any of that fails.  diag is kept for the
 * server's own problems (a failed store query is also the 500 answer). */
deeds_server *deeds_serve_start(const deeds_serve_options *o, deeds_diag *diag);
/* The port listened on (the one picked when options.port was 0). */
unsigned deeds_serve_port(const deeds_server *s);
/* Stops accepting connections, lets the requests in flight finish (five
 * seconds at most), closes the store and frees the server. */
void deeds_serve_stop(deeds_server *s);
/* Non-zero when address names the loopback interface (127.0.0.0/8, ::1,
 * localhost). */
int deeds_serve_is_loopback(const char *address);

/* --------------------------------------- forecast (forecast.c, eum.c, smp.c) */

/* A bargaining scenario: actors with a capability and, on each issue
 * dimension, a position and a salience (both on 0-100, as written).
 * Read from KTAB's CSV layout (scenario line, header line, one actor a
 * line) or from our plain CSV (header "actor,description,capability,
 * <dim> position,<dim> salience,..."); docs/forecast.md. */
typedef struct deeds_scenario {
    char *name, *description;
    size_t nactors, ndims;
    char **actor, **actor_desc;   /* [nactors] */
    char **dim;                   /* [ndims] dimension names */
    double *capability;           /* [nactors] */
    double *position, *salience;  /* [nactors * ndims], 0-100 */
} deeds_scenario;

/* Parses a scenario; every problem is reported with file, line and field,
 * and NULL is returned when there was any (a forecast that silently lost a
 * stakeholder would mislead). */
deeds_scenario *deeds_scenario_parse(const char *text, size_t len,
                                     const char *file, deeds_diag *diag);
deeds_scenario *deeds_scenario_read(const char *path, deeds_diag *diag);
void deeds_scenario_free(deeds_scenario *s);

typedef enum deeds_model {
    DEEDS_MODEL_MEAN,     /* capability x salience weighted mean */
    DEEDS_MODEL_MEDIAN,   /* capability x salience weighted median */
    DEEDS_MODEL_EUM,      /* expected-utility model (Scholz et al. 2011) */
    DEEDS_MODEL_SMP       /* KTAB's Spatial Model of Politics */
} deeds_model;

/* "mean", "median", "eum", "smp"; -1 when name is none of them. */
int deeds_model_parse(const char *name);
const char *deeds_model_name(deeds_model m);

/* Where the EUM replications part (docs/forecast.md): SCHOLZ reproduces
 * the published trajectory of Scholz et al. (2011) Table 2 (the win
 * probability over all contests' votes, compromises chosen as their code
 * did); PAPER follows the paper's equations as printed. */
typedef enum deeds_eum_variant {
    DEEDS_EUM_SCHOLZ, DEEDS_EUM_PAPER
} deeds_eum_variant;

typedef struct deeds_forecast_options {
    deeds_model model;
    int rounds;          /* most rounds; 0 = the model's default (EUM 8, SMP 100) */
    double q;            /* EUM: chance the status quo holds unchallenged; 0 = 1.0 */
    int threads;         /* SMP worker threads; 0 or 1 = none */
    uint64_t seed;       /* SMP's per-actor random streams; 0 = KTAB's default */
    deeds_eum_variant eum_variant;
    int smp_stochastic;  /* SMP: each actor draws its bargain from the PCE
                            (its own seeded stream) instead of taking the mode */
    /* Sensitivity runs: called after each run with the runs done and the
     * runs in all, for a progress display; NULL for none. */
    void (*progress)(void *ud, int done, int runs);
    void *progress_ud;
} deeds_forecast_options;

/* How actor i sees its pair with j in an EUM round (BdM's quadrants). */
typedef enum deeds_relation {
    DEEDS_REL_NONE, DEEDS_REL_CONFLICT, DEEDS_REL_COMPROMISE,
    DEEDS_REL_CAPITULATION, DEEDS_REL_STALEMATE
} deeds_relation;
const char *deeds_relation_name(deeds_relation r);

typedef struct deeds_forecast_round {
    double *position;        /* [nactors * ndims], 0-100 */
    double *median, *mean;   /* [ndims]: weighted median and mean */
    double *prob;            /* SMP: [nactors] PCE probability of each
                                actor's position; NULL for other models */
    unsigned char *relation; /* EUM: [ndims * nactors * nactors], i's view
                                of (i, j) as deeds_relation; else NULL */
} deeds_forecast_round;

typedef struct deeds_forecast {
    deeds_model model;
    size_t nactors, ndims, nrounds;
    deeds_forecast_round *round;   /* [nrounds]; round[0] = the inputs */
    double *forecast;              /* [ndims]: the model's answer */
    const char *stop;              /* why the run stopped, static text */
} deeds_forecast;

/* Runs one model; 0, or -1 after a report through diag. */
int deeds_forecast_run(const deeds_scenario *s, const deeds_forecast_options *o,
                       deeds_forecast *out, deeds_diag *diag);
void deeds_forecast_free(deeds_forecast *f);

/* Runs the model `runs` times on inputs perturbed by up to +-spread (in
 * 0-100 points for positions and saliences, relative for capability), from
 * one seed; outcomes receives runs * ndims forecasts. */
int deeds_forecast_sensitivity(const deeds_scenario *s,
                               const deeds_forecast_options *o, int runs,
                               double spread, uint64_t seed, double *outcomes,
                               deeds_diag *diag);

typedef enum deeds_forecast_format {
    DEEDS_FORECAST_TEXT, DEEDS_FORECAST_JSON, DEEDS_FORECAST_CSV
} deeds_forecast_format;

void deeds_forecast_write(const deeds_scenario *s, const deeds_forecast *f,
                          deeds_forecast_format fmt, deeds_buf *out);
/* Positions over rounds, one panel a dimension: SVG when path ends in
 * ".svg", PNG (cairo) when it ends in ".png". */
int deeds_forecast_chart(const deeds_scenario *s, const deeds_forecast *f,
                         const char *path, deeds_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
