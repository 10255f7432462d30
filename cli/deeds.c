/*
 * deeds: the command line over libdeeds.  It parses arguments, wires the
 * library's stages together and reports; every decision about text and
 * events lives in the library.
 *
 * `deeds code` reads articles on the main thread, hands them to worker
 * threads in batches (each worker has its own coder; the dictionary is
 * shared read-only), and writes the batches' formatted events in input
 * order, so the output of `-j 4` is byte-identical to `-j 1`.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
"usage: deeds COMMAND [OPTIONS] [ARGS]\n"
"\n"
"Commands:\n"
"  code [FILE...]        code articles (JSON Lines, or plain text with --date) into events;\n"
"                        no FILE or '-' reads standard input\n"
"  explain SENTENCE      show how one sentence is coded: tokens, matches (with the\n"
"                        dictionary file:line of each), the pattern that fired, events\n"
"  validate GOLD.jsonl   score the coder against a gold file (pass rate, per-root\n"
"                        precision and recall); -v lists failing records\n"
"  validate --tabari PROJECT\n"
"                        run TABARI's validation suite named by a .project file;\n"
"                        ends with 'pass P/N'\n"
"  dict check            load a dictionary set and report every problem: bad lines,\n"
"                        phrases defined twice, date ranges that never apply or run\n"
"                        backwards, event codes CAMEO does not have\n"
"  dict stats            the size of a dictionary set and its CAMEO coverage\n"
"  dict who PHRASE       what a phrase resolves to on --date (default: today), with\n"
"                        every dated code of the entry and its file:line\n"
"  ingest [FILE...]      put events into a store (--db FILE.db or postgresql://...):\n"
"                        deeds code's event lines, or articles coded on the way,\n"
"                        from the files or standard input; --window DAYS for a\n"
"                        new store's mentions model (docs/store.md)\n"
"  export                a store's events (--db) as --format gdelt|icews|jsonl|csv,\n"
"                        counted as --count reports|one-a-day|events (default events)\n"
"  series                per-period aggregates of directed dyads from a store (--db):\n"
"                        --dyad USA:PRK or --actor USA, --by day|week|month|quarter|year,\n"
"                        --count, --quad, --normalise, --format csv|tsv|json|jsonl\n"
"  judge                 words against deeds for a dyad (--db, --dyad USA:PRK, --from,\n"
"                        --to): say-do gap, follow-through of promises and threats\n"
"                        (--window DAYS), key events with sentences (docs/judge.md)\n"
"  report                a self-contained HTML report from a store (--db): --actors A,B,...\n"
"                        [--dyad SRC:TGT ...] [--from --to --by --count --quad --window\n"
"                        --top --title] --out FILE.html; --chart timeline|gap|alignment\n"
"                        [--format svg|png --width W --height H] for one chart (docs/report.md)\n"
"  serve                 a local web dashboard over a store (--db); prints the address\n"
"                        to open; --listen ADDR:PORT (default 127.0.0.1:8080), --web DIR,\n"
"                        --threads N, --max-request BYTES, --access-log FILE|-|none,\n"
"                        --no-cache, --scenario FILE for a forecast tab (docs/serve.md)\n"
"  forecast SCENARIO.csv where a negotiation lands: --model eum (default), smp,\n"
"                        mean or median; --rounds N, --q Q, --format text|json|csv,\n"
"                        --sensitivity N [--spread S] [--seed N], --chart FILE.svg|.png\n"
"                        (docs/forecast.md)\n"
"Each of ingest, export, series, judge, report, serve and forecast lists all its\n"
"options with 'deeds COMMAND --help'.\n"
"\n"
"Options for code:\n"
"  -f, --format FMT      jsonl (default), tsv, gdelt, plover\n"
"      --quad CONV       quad-class convention: gdelt (default), icews, phoenix\n"
"  -d, --date DATE       article date (YYYY-MM-DD) for text files and JSON records\n"
"                        without a \"date\"\n"
"      --all-modes       also print negated and hypothetical events\n"
"  -j, --jobs N          worker threads (default 1)\n"
"      --max-record N    longest record accepted, in bytes (default 1048576)\n"
"      --text            treat every FILE as plain text (default: detect)\n"
"  -q, --quiet           no summary on standard error\n"
"Options for all commands:\n"
"      --dict SPEC       dictionary set: a folder, comma-separated files, or a TABARI\n"
"                        .project file (default: the built-in dictionaries)\n"
"      --compat tabari   follow TABARI's coding rules to the letter\n"
"  -v, --verbose         more detail (validate: list failing records)\n"
"  -h, --help            this help;  --version  the version\n"
"\n"
"Exit status: 0 success; 2 some records were skipped (each reported and counted);\n"
"1 a fatal error (bad usage, unusable dictionary, write error).\n"
"Environment: DEEDS_NO_CACHE=1 parses dictionaries without the compiled cache\n"
"($XDG_CACHE_HOME/deeds or ~/.cache/deeds; docs/dictionaries.md).\n"
"Documentation: README.md and docs/ in the source tree.\n";

typedef struct options {
    deeds_format format;
    deeds_quad_convention quad;
    int32_t date;
    int jobs;
    size_t max_record;
    int quiet, verbose, text_only;
    const char *dict;
    const char *tabari_project;
    deeds_coder_options coder;
} options;

enum { OPT_QUAD = 256, OPT_ALL_MODES, OPT_MAX_RECORD, OPT_TEXT, OPT_DICT,
       OPT_COMPAT, OPT_TABARI, OPT_VERSION };

static const struct option long_options[] = {
    { "format", required_argument, 0, 'f' },
    { "quad", required_argument, 0, OPT_QUAD },
    { "date", required_argument, 0, 'd' },
    { "all-modes", no_argument, 0, OPT_ALL_MODES },
    { "jobs", required_argument, 0, 'j' },
    { "max-record", required_argument, 0, OPT_MAX_RECORD },
    { "text", no_argument, 0, OPT_TEXT },
    { "quiet", no_argument, 0, 'q' },
    { "dict", required_argument, 0, OPT_DICT },
    { "compat", required_argument, 0, OPT_COMPAT },
    { "tabari", required_argument, 0, OPT_TABARI },
    { "verbose", no_argument, 0, 'v' },
    { "help", no_argument, 0, 'h' },
    { "version", no_argument, 0, OPT_VERSION },
    { 0, 0, 0, 0 }
};

static void parse_options(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:d:j:qvh", long_options, NULL)) != -1) {
        switch (c) {
        case 'f': {
            int f = deeds_format_parse(optarg);
            if (f < 0)
                cli_die_usage("unknown --format '%s' (jsonl, tsv, gdelt or plover)", optarg);
            o->format = (deeds_format)f;
            break;
        }
        case OPT_QUAD: o->quad = cli_parse_quad(optarg); break;
        case 'd':
            o->date = deeds_date_parse(optarg, strlen(optarg));
            if (!o->date)
                cli_die_usage("--date '%s' is not a date: use YYYY-MM-DD", optarg);
            break;
        case OPT_ALL_MODES: o->coder.all_modes = 1; break;
        case 'j': o->jobs = (int)cli_parse_number(optarg, "--jobs", 1, 256); break;
        case OPT_MAX_RECORD:
            o->max_record = (size_t)cli_parse_number(optarg, "--max-record", 1024, 1L << 30);
            break;
        case OPT_TEXT: o->text_only = 1; break;
        case 'q': o->quiet = 1; break;
        case 'v': o->verbose = 1; break;
        case OPT_DICT: o->dict = optarg; break;
        case OPT_COMPAT:
            if (strcmp(optarg, "tabari") != 0)
                cli_die_usage("unknown --compat '%s' (only 'tabari')", optarg);
            o->coder.compat_tabari = 1;
            break;
        case OPT_TABARI: o->tabari_project = optarg; break;
        case 'h': fputs(usage_text, stdout); exit(0);
        case OPT_VERSION: puts("deeds " DEEDS_VERSION); exit(0);
        default: cli_die_usage("bad option");
        }
    }
}

static deeds_dict *load_dict(const options *o, deeds_diag *diag)
{
    deeds_dict *d = deeds_dict_load(o->dict, diag);
    if (!d) {
        fprintf(stderr, "deeds: the dictionary set '%s' could not be loaded\n",
                o->dict ? o->dict : "(built-in)");
        exit(EXIT_FATAL);
    }
    return d;
}

/* ------------------------------------------------------------- code: batches */

/* A batch owns copies of its articles (the reader's strings do not outlive
 * the next read) and the formatted output of their events. */
typedef struct batch_article {
    size_t id, title, source, url, text;  /* offsets into batch.store, or -1 */
    size_t text_len;
    int32_t date;
    const char *file;
    long line;
} batch_article;

#define NO_FIELD ((size_t)-1)
#define BATCH_ARTICLES 64
#define BATCH_BYTES (512u * 1024u)

typedef struct batch {
    batch_article art[BATCH_ARTICLES];
    int count;
    deeds_buf store, out;
    deeds_code_stats stats;
    int done;
} batch;

static size_t store_string(deeds_buf *b, const char *s, size_t n)
{
    if (!s)
        return NO_FIELD;
    size_t at = b->len;
    deeds_buf_append(b, s, n);
    deeds_buf_append(b, "", 1);  /* keep the NUL as part of the copy */
    return at;
}

static void batch_add(batch *b, const deeds_article *a)
{
    batch_article *t = &b->art[b->count++];
    t->id = store_string(&b->store, a->id, strlen(a->id));
    t->title = a->title ? store_string(&b->store, a->title, strlen(a->title)) : NO_FIELD;
    t->source = a->source ? store_string(&b->store, a->source, strlen(a->source)) : NO_FIELD;
    t->url = a->url ? store_string(&b->store, a->url, strlen(a->url)) : NO_FIELD;
    t->text = store_string(&b->store, a->text, a->text_len);
    t->text_len = a->text_len;
    t->date = a->date;
    t->file = a->file;
    t->line = a->line;
}

static void batch_reset(batch *b)
{
    b->count = 0;
    deeds_buf_reset(&b->store);
    deeds_buf_reset(&b->out);
    memset(&b->stats, 0, sizeof b->stats);
    b->done = 0;
}

static const char *field(const batch *b, size_t off)
{
    return off == NO_FIELD ? NULL : b->store.data + off;
}

typedef struct emit_ctx {
    const options *opt;
    const deeds_article *art;
    deeds_buf *out;
} emit_ctx;

static void emit_event(void *ud, const deeds_event *ev)
{
    emit_ctx *e = ud;
    deeds_format_event(e->opt->format, e->opt->quad, ev, e->art, e->out);
}

static void batch_code(batch *b, deeds_coder *coder, const options *o)
{
    for (int i = 0; i < b->count; i++) {
        const batch_article *t = &b->art[i];
        deeds_article a = {
            .id = field(b, t->id), .date = t->date, .title = field(b, t->title),
            .source = field(b, t->source), .url = field(b, t->url),
            .text = field(b, t->text), .text_len = t->text_len,
            .file = t->file, .line = t->line,
        };
        emit_ctx e = { o, &a, &b->out };
        deeds_code_article(coder, &a, emit_event, &e, &b->stats);
    }
}

/* ------------------------------------------------------- code: the pipeline */

typedef struct pipeline {
    const options *opt;
    const deeds_dict *dict;
    batch *ring;
    int ring_size;
    int next_fill;    /* sequence number of the batch being filled */
    int next_code;    /* next batch a worker takes */
    int next_write;   /* next batch to write */
    int closing;
    pthread_mutex_t lock;
    pthread_cond_t work, finished;
} pipeline;

static void *worker_main(void *arg)
{
    pipeline *p = arg;
    deeds_coder *coder = deeds_coder_new(p->dict, &p->opt->coder);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->next_code == p->next_fill && !p->closing)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->next_code == p->next_fill)
            break;
        batch *b = &p->ring[p->next_code++ % p->ring_size];
        pthread_mutex_unlock(&p->lock);
        batch_code(b, coder, p->opt);
        pthread_mutex_lock(&p->lock);
        b->done = 1;
        pthread_cond_broadcast(&p->finished);
    }
    pthread_mutex_unlock(&p->lock);
    deeds_coder_free(coder);
    return NULL;
}

typedef struct totals {
    unsigned long articles, sentences, events;
    size_t bytes;
    int write_error;
} totals;

static void write_batch(batch *b, totals *t)
{
    if (b->out.len && fwrite(b->out.data, 1, b->out.len, stdout) != b->out.len)
        t->write_error = 1;
    t->sentences += b->stats.sentences;
    t->events += b->stats.events;
}

static void show_progress(const totals *t, cli_progress *p)
{
    if (!cli_progress_due(p))
        return;
    double dt = cli_progress_elapsed(p);
    cli_progress_show(p, "deeds: %lu articles, %lu sentences, %lu events, %.0f sentences/s",
                      t->articles, t->sentences, t->events, dt > 0 ? t->sentences / dt : 0.0);
}

static int run_code(int argc, char **argv, const options *o)
{
    deeds_diag diag = { 0 };
    double start = cli_now_seconds();
    deeds_dict *dict = load_dict(o, &diag);
    totals t = { 0 };
    cli_progress progress;
    cli_progress_start(&progress, !o->quiet && isatty(2));

    pipeline p = { .opt = o, .dict = dict };
    int threads = o->jobs > 1 ? o->jobs : 0;
    p.ring_size = threads ? 2 * threads + 2 : 1;
    p.ring = calloc((size_t)p.ring_size, sizeof *p.ring);
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.finished, NULL);
    pthread_t *tid = calloc((size_t)(threads ? threads : 1), sizeof *tid);
    for (int i = 0; i < threads; i++)
        pthread_create(&tid[i], NULL, worker_main, &p);
    deeds_coder *inline_coder = threads ? NULL : deeds_coder_new(dict, &o->coder);

    if (o->format == DEEDS_FORMAT_TSV) {
        deeds_buf h = { 0 };
        deeds_format_header(o->format, &h);
        fwrite(h.data, 1, h.len, stdout);
        deeds_buf_free(&h);
    }

    int nfiles = argc - optind;
    for (int fi = 0; fi < (nfiles ? nfiles : 1); fi++) {
        const char *path = nfiles ? argv[optind + fi] : "-";
        deeds_reader *r = deeds_reader_open(path, o->text_only ? DEEDS_INPUT_TEXT : DEEDS_INPUT_AUTO,
                                            o->date, o->max_record, &diag);
        if (!r)
            continue;
        deeds_article a;
        int got;
        while ((got = deeds_reader_next(r, &a)) == 1) {
            t.articles++;
            t.bytes += a.text_len;
            batch *b = &p.ring[p.next_fill % p.ring_size];
            batch_add(b, &a);
            if (b->count < BATCH_ARTICLES && b->store.len < BATCH_BYTES)
                continue;
            if (!threads) {
                batch_code(b, inline_coder, o);
                write_batch(b, &t);
                batch_reset(b);
            } else {
                /* Hand the batch over, then make room for the next one by
                 * writing finished batches in order. */
                pthread_mutex_lock(&p.lock);
                p.next_fill++;
                pthread_cond_signal(&p.work);
                while (p.next_fill - p.next_write >= p.ring_size ||
                       (p.next_write < p.next_fill && p.ring[p.next_write % p.ring_size].done)) {
                    batch *w = &p.ring[p.next_write % p.ring_size];
                    while (!w->done)
                        pthread_cond_wait(&p.finished, &p.lock);
                    pthread_mutex_unlock(&p.lock);
                    write_batch(w, &t);
                    batch_reset(w);
                    pthread_mutex_lock(&p.lock);
                    p.next_write++;
                }
                pthread_mutex_unlock(&p.lock);
            }
            show_progress(&t, &progress);
        }
        deeds_reader_close(r);
    }

    /* The last, partly filled batch, then everything still in flight. */
    if (!threads) {
        batch_code(&p.ring[0], inline_coder, o);
        write_batch(&p.ring[0], &t);
        deeds_coder_free(inline_coder);
    } else {
        pthread_mutex_lock(&p.lock);
        if (p.ring[p.next_fill % p.ring_size].count)
            p.next_fill++;
        p.closing = 1;
        pthread_cond_broadcast(&p.work);
        while (p.next_write < p.next_fill) {
            batch *w = &p.ring[p.next_write % p.ring_size];
            while (!w->done)
                pthread_cond_wait(&p.finished, &p.lock);
            pthread_mutex_unlock(&p.lock);
            write_batch(w, &t);
            pthread_mutex_lock(&p.lock);
            p.next_write++;
        }
        pthread_mutex_unlock(&p.lock);
        for (int i = 0; i < threads; i++)
            pthread_join(tid[i], NULL);
    }
    if (fflush(stdout) != 0)
        t.write_error = 1;
    cli_progress_clear(&progress);

    double dt = cli_now_seconds() - start;
    unsigned long skipped = deeds_diag_skipped_total(&diag);
    if (!o->quiet) {
        fprintf(stderr, "deeds: %lu articles, %lu sentences, %lu events (reports, not "
                "deduplicated), %lu records skipped", t.articles, t.sentences, t.events, skipped);
        if (skipped) {
            int first = 1;
            fputs(" [", stderr);
            for (int i = 0; i < DEEDS_SKIP__COUNT; i++)
                if (diag.skipped[i]) {
                    fprintf(stderr, "%s%s: %lu", first ? "" : ", ",
                            deeds_skip_name((deeds_skip)i), diag.skipped[i]);
                    first = 0;
                }
            fputs("]", stderr);
        }
        fprintf(stderr, "; %.3f s, %.0f sentences/s, %.1f MB/s\n", dt,
                dt > 0 ? t.sentences / dt : 0.0, dt > 0 ? t.bytes / dt / 1e6 : 0.0);
    }

    for (int i = 0; i < p.ring_size; i++) {
        deeds_buf_free(&p.ring[i].store);
        deeds_buf_free(&p.ring[i].out);
    }
    free(p.ring);
    free(tid);
    deeds_dict_free(dict);
    if (t.write_error) {
        fprintf(stderr, "deeds: error writing the output: %s\n", strerror(errno));
        return EXIT_FATAL;
    }
    if (diag.errors)
        return EXIT_FATAL;
    return skipped ? EXIT_SKIPPED : 0;
}

/* ------------------------------------------------------------ other commands */

static int run_explain(int argc, char **argv, const options *o)
{
    if (optind >= argc)
        cli_die_usage("explain needs a sentence: deeds explain --date 2019-06-29 \"...\"");
    deeds_diag diag = { 0 };
    deeds_dict *dict = load_dict(o, &diag);
    deeds_coder_options co = o->coder;
    co.all_modes = 1;  /* explain shows every mode, marked as such */
    deeds_coder *coder = deeds_coder_new(dict, &co);
    deeds_buf out = { 0 };
    for (int i = optind; i < argc; i++) {
        deeds_explain(coder, argv[i], strlen(argv[i]), o->date ? o->date : 20000101, &out);
        fwrite(out.data, 1, out.len, stdout);
        deeds_buf_reset(&out);
    }
    deeds_buf_free(&out);
    deeds_coder_free(coder);
    deeds_dict_free(dict);
    return deeds_diag_skipped_total(&diag) ? EXIT_SKIPPED : 0;
}

static int run_validate(int argc, char **argv, const options *o)
{
    deeds_diag diag = { 0 };
    int passed = 0, total = 0;
    if (o->tabari_project) {
        if (deeds_validate_tabari(o->tabari_project, o->verbose, stdout, &diag, &passed, &total) != 0)
            return EXIT_FATAL;
        return deeds_diag_skipped_total(&diag) ? EXIT_SKIPPED : 0;
    }
    if (optind >= argc)
        cli_die_usage("validate needs a gold file (or --tabari PROJECT)");
    deeds_dict *dict = load_dict(o, &diag);
    deeds_coder *coder = deeds_coder_new(dict, &o->coder);
    int rc = 0;
    for (int i = optind; i < argc; i++) {
        if (argc - optind > 1)
            printf("== %s\n", argv[i]);
        if (deeds_validate_gold(coder, argv[i], o->verbose, stdout, &diag, &passed, &total) != 0)
            rc = EXIT_FATAL;
    }
    deeds_coder_free(coder);
    deeds_dict_free(dict);
    if (rc)
        return rc;
    return deeds_diag_skipped_total(&diag) ? EXIT_SKIPPED : 0;
}

static int run_dict(int argc, char **argv, const options *o)
{
    const char *sub = optind < argc ? argv[optind] : "";
    int who = !strcmp(sub, "who"), stats = !strcmp(sub, "stats"), check = !strcmp(sub, "check");
    if (!who && !stats && !check)
        cli_die_usage("usage: deeds dict check|stats [--dict SPEC], or deeds dict who PHRASE [--date DATE]");
    if (who && optind + 1 >= argc)
        cli_die_usage("dict who needs a phrase: deeds dict who \"Kim Jong Un\" --date 2019-02-27");
    deeds_diag diag = { 0 };
    double start = cli_now_seconds();
    deeds_dict *dict = deeds_dict_load(o->dict, &diag);
    double ms = (cli_now_seconds() - start) * 1e3;
    if (!dict) {
        fprintf(stderr, "deeds: the dictionary set '%s' could not be loaded\n",
                o->dict ? o->dict : "(built-in)");
        return EXIT_FATAL;
    }
    deeds_buf out = { 0 };
    int rc = 0;
    if (who) {
        deeds_coder *coder = deeds_coder_new(dict, &o->coder);
        int32_t date = o->date;
        if (!date)   /* today, when no --date is given */
            date = cli_today();
        for (int i = optind + 1; i < argc; i++)
            if (deeds_dict_who(coder, argv[i], date, &out) != 0)
                rc = EXIT_SKIPPED;
        deeds_coder_free(coder);
    } else if (stats) {
        deeds_dict_stats(dict, &out);
        deeds_buf_printf(&out, "loaded in %.1f ms\n", ms);
    } else {
        unsigned long problems = deeds_dict_check(dict, &diag);
        unsigned long bad = deeds_diag_skipped_total(&diag);
        deeds_buf_printf(&out, "%s: %lu bad lines, %lu other problems, loaded in %.1f ms\n",
                         o->dict ? o->dict : "built-in dictionaries", bad, problems, ms);
        if (bad || diag.warnings)
            rc = EXIT_SKIPPED;
    }
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    deeds_buf_free(&out);
    deeds_dict_free(dict);
    if (diag.errors)
        return EXIT_FATAL;
    return rc;
}

/* The commands with options of their own, one cli/cmd_*.c file each. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    { "forecast", cmd_forecast },
    { "ingest", cmd_ingest },
    { "export", cmd_export },
    { "series", cmd_series },
    { "judge", cmd_judge },
    { "report", cmd_report },
    { "serve", cmd_serve },
    { NULL, NULL }
};

int main(int argc, char **argv)
{
    if (argc < 2)
        cli_die_usage("no command given");
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        puts("deeds " DEEDS_VERSION);
        return 0;
    }
    for (size_t i = 0; commands[i].name; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    options o;
    parse_options(argc - 1, argv + 1, &o);
    argc--;
    argv++;
    if (!strcmp(cmd, "code"))
        return run_code(argc, argv, &o);
    if (!strcmp(cmd, "explain"))
        return run_explain(argc, argv, &o);
    if (!strcmp(cmd, "validate"))
        return run_validate(argc, argv, &o);
    if (!strcmp(cmd, "dict"))
        return run_dict(argc, argv, &o);
    cli_die_usage("unknown command '%s'", cmd);
    return EXIT_FATAL;
}
