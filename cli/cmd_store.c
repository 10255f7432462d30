/*
 * cmd_store.c: `deeds ingest` and `deeds export`, the commands that fill a
 * store and read it back out in other tools' layouts.
 *
 * ingest reads event lines (what `deeds code` writes) or article files
 * (records with "text": coded on the way), decides which per file from its
 * first record, and hands every event to the library's ingest
 * (deeds_ingest_*), which batches transactions on article boundaries.
 * export walks deeds_store_events and formats each event as GDELT 2.0,
 * ICEWS, our jsonl or CSV (src/emit.c).
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct ingest_args {
    const char *db, *dict;
    int window, quiet;
    size_t batch;
    deeds_coder_options coder;
} ingest_args;

static void ingest_usage(void)
{
    fputs("usage: deeds ingest --db STORE [--window DAYS] [--dict SPEC] [--compat tabari]\n"
          "       [--batch N] [-q] [FILE...]\n"
          "  FILE: event lines from deeds code, or articles (JSON Lines with \"text\"),\n"
          "  coded on the way; default: standard input, which may hold either\n", stdout);
    exit(0);
}

static void parse_ingest(int argc, char **argv, ingest_args *a)
{
    enum { OPT_DB = 256, OPT_WINDOW, OPT_DICT, OPT_COMPAT, OPT_BATCH };
    static const struct option opts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "window", required_argument, NULL, OPT_WINDOW },
        { "dict", required_argument, NULL, OPT_DICT },
        { "compat", required_argument, NULL, OPT_COMPAT },
        { "batch", required_argument, NULL, OPT_BATCH },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(a, 0, sizeof *a);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: a->db = optarg; break;
        case OPT_WINDOW: a->window = (int)cli_parse_number(optarg, "--window", 1, 3650); break;
        case OPT_DICT: a->dict = optarg; break;
        case OPT_COMPAT:
            if (strcmp(optarg, "tabari"))
                cli_die_usage("--compat takes only 'tabari', not '%s'", optarg);
            a->coder.compat_tabari = 1;
            break;
        case OPT_BATCH: a->batch = (size_t)cli_parse_number(optarg, "--batch", 1, 100000000); break;
        case 'q': a->quiet = 1; break;
        case 'h': ingest_usage(); break;
        default: cli_die_usage("bad option for ingest");
        }
    }
    if (!a->db)
        cli_die_usage("ingest needs --db STORE (a SQLite file or a postgresql:// URI)");
}

/* What a file holds, judged by its first record: event lines carry "code",
 * articles carry "text" and no "code". */
typedef enum file_kind { KIND_EMPTY, KIND_EVENTS, KIND_ARTICLES } file_kind;

static file_kind kind_of_line(const char *line)
{
    if (strstr(line, "\"code\""))
        return KIND_EVENTS;
    return strstr(line, "\"text\"") ? KIND_ARTICLES : KIND_EVENTS;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

/* Records handled, for a progress line on a terminal (not with -q): the
 * clock is read only every 256th. */
typedef struct progress {
    cli_progress line;
    unsigned long records;
} progress;

static int progress_due(progress *p)
{
    return !(++p->records & 255) && cli_progress_due(&p->line);
}

static double progress_rate(const progress *p)
{
    double dt = cli_progress_elapsed(&p->line);
    return dt > 0 ? (double)p->records / dt : 0.0;
}

/* Records read, and what ingest made of them so far. */
static void progress_tick(progress *p, const deeds_ingest *g)
{
    if (!progress_due(p))
        return;
    deeds_ingest_stats st;
    deeds_ingest_progress(g, &st);
    cli_progress_show(&p->line, "deeds: %lu records read, %lu reports new, %lu events new, "
                      "%.0f records/s", p->records, st.reports_new, st.events_new,
                      progress_rate(p));
}

/* Reads event lines from f; -1 when the store failed. */
static int ingest_event_lines(deeds_ingest *g, FILE *f, const char *name,
                              char **line, size_t *cap, long lineno, progress *p)
{
    ssize_t n;
    do {
        if (!blank(*line) && deeds_ingest_line(g, *line, strlen(*line), name, lineno))
            return -1;
        progress_tick(p, g);
        lineno++;
    } while ((n = getline(line, cap, f)) >= 0);
    return 0;
}

/* The dictionaries and coder for article files, loaded on first need. */
typedef struct article_coder {
    deeds_dict  *dict;
    deeds_coder *coder;
} article_coder;

typedef struct coding {
    deeds_ingest *g;
    const deeds_article *art;
    int failed;
} coding;

static void ingest_coded(void *ud, const deeds_event *ev)
{
    coding *c = ud;
    if (!c->failed && deeds_ingest_event(c->g, c->art, ev))
        c->failed = 1;
}

/* Codes the articles of path and ingests their events. */
static int ingest_articles(deeds_ingest *g, const char *path, article_coder *coder,
                           const ingest_args *a, deeds_diag *diag, progress *p)
{
    if (!coder->coder) {
        if (!(coder->dict = deeds_dict_load(a->dict, diag)))
            return -1;
        coder->coder = deeds_coder_new(coder->dict, &a->coder);
    }
    deeds_reader *r = deeds_reader_open(path, DEEDS_INPUT_JSONL, 0, 0, diag);
    if (!r)
        return 0;
    deeds_article art;
    coding c = { .g = g, .art = &art };
    int rc;
    while (!c.failed && (rc = deeds_reader_next(r, &art)) == 1) {
        deeds_code_article(coder->coder, &art, ingest_coded, &c, NULL);
        progress_tick(p, g);
    }
    deeds_reader_close(r);
    return c.failed ? -1 : 0;
}

/* Articles piped on standard input: telling them from event lines took
 * their first lines, and the article reader reads its input from the
 * start.  So what was read and the rest of the input are copied to an
 * unlinked temporary file, which then becomes standard input: the reader
 * reads it whole and still names it "-", with the same line numbers. */
static int spool_stdin(const char *first, long blank_lines, FILE *in, deeds_diag *diag)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/deeds-stdin-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    FILE *out = fd >= 0 ? fdopen(fd, "w+") : NULL;
    if (!out) {
        deeds_diag_error(diag, "-", 0, "cannot make a temporary file for the articles on "
                         "standard input (%s): %m; set TMPDIR, or name the article files", path);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    unlink(path);
    for (long i = 0; i < blank_lines; i++)
        putc('\n', out);
    fputs(first, out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    int bad = ferror(in) || fflush(out) || ferror(out);
    if (bad || lseek(fd, 0, SEEK_SET) < 0 || dup2(fd, STDIN_FILENO) < 0) {
        deeds_diag_error(diag, "-", 0, "cannot copy the articles on standard input to %s: %m; "
                         "is the disk full? (set TMPDIR, or name the article files)", path);
        fclose(out);
        return -1;
    }
    fclose(out);
    return 0;
}

static int ingest_file(deeds_ingest *g, const char *path, article_coder *coder,
                       const ingest_args *a, deeds_diag *diag, progress *p)
{
    int is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (!f) {
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_UNREADABLE, "cannot open: %m");
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    long lineno = 1;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0 && blank(line))
        lineno++;
    file_kind kind = n < 0 ? KIND_EMPTY : kind_of_line(line);
    int rc = 0;
    if (kind == KIND_EMPTY)
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_EMPTY, "no records in this file");
    else if (kind == KIND_EVENTS)
        rc = ingest_event_lines(g, f, path, &line, &cap, lineno, p);
    else if (is_stdin)
        rc = spool_stdin(line, lineno - 1, f, diag);
    free(line);
    if (!is_stdin)
        fclose(f);
    if (kind == KIND_ARTICLES && !rc)
        rc = ingest_articles(g, path, coder, a, diag, p);
    return rc;
}

static void print_skips(const deeds_diag *diag)
{
    int first = 1;
    for (int i = 0; i < DEEDS_SKIP__COUNT; i++)
        if (diag->skipped[i]) {
            fprintf(stderr, "%s%s: %lu", first ? " [" : ", ",
                    deeds_skip_name((deeds_skip)i), diag->skipped[i]);
            first = 0;
        }
    if (!first)
        fputc(']', stderr);
}

int cmd_ingest(int argc, char **argv)
{
    ingest_args a;
    parse_ingest(argc, argv, &a);
    deeds_diag diag = { 0 };
    double start = cli_now_seconds();
    deeds_store *s = deeds_store_open(a.db, 1, &diag);
    if (!s)
        return EXIT_FATAL;
    if (a.window && deeds_store_set_window(s, a.window, &diag)) {
        deeds_store_close(s);
        return EXIT_FATAL;
    }
    deeds_ingest *g = deeds_ingest_begin(s, a.batch, &diag);
    int rc = g ? 0 : -1;
    article_coder coder = { 0 };
    progress p = { 0 };
    cli_progress_start(&p.line, !a.quiet && isatty(STDERR_FILENO));
    if (optind == argc && g)
        rc = ingest_file(g, "-", &coder, &a, &diag, &p);
    for (int i = optind; i < argc && !rc; i++)
        rc = ingest_file(g, argv[i], &coder, &a, &diag, &p);
    if (p.line.shown)
        cli_progress_show(&p.line, "deeds: writing the last batch and the search index...");
    deeds_ingest_stats st = { 0 };
    if (g && deeds_ingest_end(g, &st))
        rc = -1;
    cli_progress_clear(&p.line);
    deeds_coder_free(coder.coder);
    deeds_dict_free(coder.dict);
    deeds_store_close(s);
    unsigned long skipped = deeds_diag_skipped_total(&diag);
    if (!a.quiet) {
        double dt = cli_now_seconds() - start;
        fprintf(stderr, "deeds: articles %lu new, %lu already stored; reports %lu new, "
                "%lu already stored; events %lu new, %lu reports merged into stored "
                "events (mentions model); %lu records skipped",
                st.articles_new, st.articles_stored, st.reports_new, st.reports_stored,
                st.events_new, st.events_merged, skipped);
        print_skips(&diag);
        fprintf(stderr, "; %.3f s, %.0f reports/s\n", dt,
                dt > 0 ? (double)(st.reports_new + st.reports_stored) / dt : 0.0);
    }
    if (rc)
        return EXIT_FATAL;
    return skipped ? EXIT_SKIPPED : 0;
}

typedef struct export_run {
    deeds_export_format   format;
    deeds_quad_convention quad;
    deeds_count           count;
    deeds_buf             out;
    int                   write_error;
    progress              progress;
} export_run;

static int export_one(void *ud, const deeds_stored_event *ev)
{
    export_run *x = ud;
    if (progress_due(&x->progress))
        cli_progress_show(&x->progress.line, "deeds: %lu rows written (counting %s), %.0f/s",
                          x->progress.records, deeds_count_name(x->count),
                          progress_rate(&x->progress));
    deeds_export_event(x->format, x->quad, x->count, ev, &x->out);
    if (x->out.len < 1 << 16)
        return 0;
    if (fwrite(x->out.data, 1, x->out.len, stdout) != x->out.len)
        x->write_error = 1;
    deeds_buf_reset(&x->out);
    return x->write_error;
}

static void export_usage(void)
{
    fputs("usage: deeds export --db STORE [--format gdelt|icews|jsonl|csv]\n"
          "       [--count reports|one-a-day|events] [--quad gdelt|icews|phoenix]\n"
          "       [--source CODE] [--target CODE] [--from DATE] [--to DATE] [--all-modes]\n"
          "       [--search WORDS]   (full-text search over sentences, docs/store.md)\n", stdout);
    exit(0);
}

int cmd_export(int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_FORMAT, OPT_COUNT, OPT_QUAD, OPT_SOURCE, OPT_TARGET,
           OPT_FROM, OPT_TO, OPT_ALL, OPT_SEARCH };
    static const struct option opts[] = {
        { "db", required_argument, NULL, OPT_DB },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "count", required_argument, NULL, OPT_COUNT },
        { "quad", required_argument, NULL, OPT_QUAD },
        { "source", required_argument, NULL, OPT_SOURCE },
        { "target", required_argument, NULL, OPT_TARGET },
        { "from", required_argument, NULL, OPT_FROM },
        { "to", required_argument, NULL, OPT_TO },
        { "all-modes", no_argument, NULL, OPT_ALL },
        { "search", required_argument, NULL, OPT_SEARCH },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    export_run x = { .format = DEEDS_EXPORT_JSONL, .count = DEEDS_COUNT_EVENTS };
    deeds_event_query q = { 0 };
    const char *db = NULL;
    int c, v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB: db = optarg; break;
        case 'f':
        case OPT_FORMAT:
            if ((v = deeds_export_format_parse(optarg)) < 0)
                cli_die_usage("unknown --format '%s' (gdelt, icews, jsonl, csv)", optarg);
            x.format = (deeds_export_format)v;
            break;
        case OPT_COUNT: x.count = cli_parse_count(optarg); break;
        case OPT_QUAD: x.quad = cli_parse_quad(optarg); break;
        case OPT_SOURCE: q.source = optarg; break;
        case OPT_TARGET: q.target = optarg; break;
        case OPT_FROM: q.from = cli_parse_date(optarg, "--from"); break;
        case OPT_TO: q.to = cli_parse_date(optarg, "--to"); break;
        case OPT_ALL: q.all_modes = 1; break;
        case OPT_SEARCH: q.search = optarg; break;
        case 'h': export_usage(); break;
        default: cli_die_usage("bad option for export");
        }
    }
    if (!db)
        cli_die_usage("export needs --db STORE");
    if (optind != argc)
        cli_die_usage("export takes no file arguments; it writes to standard output");
    q.count = x.count;
    deeds_diag diag = { 0 };
    deeds_store *s = deeds_store_open(db, 0, &diag);
    if (!s)
        return EXIT_FATAL;
    deeds_export_header(x.format, &x.out);
    /* progress only when the rows go elsewhere than the terminal */
    cli_progress_start(&x.progress.line, isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO));
    int rc = deeds_store_events(s, &q, export_one, &x, &diag);
    cli_progress_clear(&x.progress.line);
    deeds_store_close(s);
    if (x.out.len && fwrite(x.out.data, 1, x.out.len, stdout) != x.out.len)
        x.write_error = 1;
    deeds_buf_free(&x.out);
    if (fflush(stdout) || x.write_error) {
        fputs("deeds: export: cannot write standard output\n", stderr);
        return EXIT_FATAL;
    }
    return rc ? EXIT_FATAL : 0;
}
