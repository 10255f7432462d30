/*
 * store.c: events -> a store; the store -> selected events.
 *
 * The stage after coding.  Ingest takes coded events (straight from the
 * coder, or as the jsonl lines `deeds code` writes) and keeps:
 *
 *   articles   one row per article (id, date, publication, url, title)
 *   sentences  the text of every sentence that produced an event, indexed
 *              for full-text search
 *   reports    one row per coded event in one sentence: a "mention" in
 *              GDELT 2.0's words.  Its id is a hash of what makes it that
 *              report, so ingesting an article again adds nothing.
 *   events     the mentions model: reports of the same source, target,
 *              code and mode within the store's window of days are one
 *              event, with NumMentions, NumArticles and NumSources
 *   daily      per (source, target, date, code, mode): reports, events
 *              starting that day and the first report; one row is one
 *              one-a-day event.  Kept up to date on ingest, so that series
 *              (series.c) never scan reports.
 *   volume     per date: asserted reports, one-a-day groups and events in
 *              the whole store, for normalised series
 *
 * Queries hand each selected event with the report standing for it (its
 * sentence, words and article) to a callback.  The logic lives here once;
 * the database behind it is a store_backend (store.h): SQLite below,
 * PostgreSQL in store_pg.c.  docs/store.md documents the schema.
 */
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "store.h"
#include "util.h"

int deeds_count_parse(const char *name)
{
    static const char *const names[] = { "reports", "one-a-day", "events" };
    for (int i = 0; name && i < 3; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

const char *deeds_count_name(deeds_count c)
{
    switch (c) {
    case DEEDS_COUNT_REPORTS:   return "reports";
    case DEEDS_COUNT_ONE_A_DAY: return "one-a-day";
    case DEEDS_COUNT_EVENTS:    return "events";
    }
    return "unknown";
}

/* ------------------------------------------------------- SQLite back end */

struct store_stmt {
    sqlite3_stmt *st;
    deeds_store  *s;
};

static void sqlite_report(deeds_store *s, const char *what)
{
    deeds_diag_error(s->diag, s->where, 0, "%s: %s", what,
                     sqlite3_errmsg(s->db));
}

static int sqlite_exec(deeds_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    deeds_diag_error(s->diag, s->where, 0, "SQLite: %s", msg ? msg : "error");
    sqlite3_free(msg);
    return -1;
}

/* $N becomes ?N: the same numbering, in SQLite's spelling. */
static store_stmt *sqlite_prepare(deeds_store *s, const char *sql)
{
    deeds_buf b = { 0 };
    deeds_buf_puts(&b, sql);
    for (size_t i = 0; i + 1 < b.len; i++)
        if (b.data[i] == '$' && b.data[i + 1] >= '0' && b.data[i + 1] <= '9')
            b.data[i] = '?';
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(s->db, b.data, -1, SQLITE_PREPARE_PERSISTENT,
                                &st, NULL);
    deeds_buf_free(&b);
    if (rc != SQLITE_OK) {
        sqlite_report(s, "SQLite cannot prepare a statement");
        return NULL;
    }
    store_stmt *out = calloc(1, sizeof *out);
    if (!out)
        abort();
    out->st = st;
    out->s = s;
    return out;
}

static void sqlite_bind_int(store_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(st->st, i, v);
}

static void sqlite_bind_double(store_stmt *st, int i, double v)
{
    sqlite3_bind_double(st->st, i, v);
}

static void sqlite_bind_text(store_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st->st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->st, i);
}

static int sqlite_step(store_stmt *st)
{
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    sqlite_report(st->s, "SQLite");
    return -1;
}

static int64_t sqlite_column_int(store_stmt *st, int i)
{
    return sqlite3_column_int64(st->st, i);
}

static double sqlite_column_double(store_stmt *st, int i)
{
    return sqlite3_column_double(st->st, i);
}

static const char *sqlite_column_text(store_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st->st, i);
    return t ? (const char *)t : "";
}

static void sqlite_reset(store_stmt *st)
{
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
}

static void sqlite_finalize(store_stmt *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->st);
    free(st);
}

static void sqlite_close(deeds_store *s)
{
    sqlite3_close(s->db);
}

/* Sentences are indexed by FTS5 as an external-content table: the text is
 * stored once, in sentences. */
static const char sqlite_schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE articles(id INTEGER PRIMARY KEY, doc TEXT NOT NULL UNIQUE,"
    " date INTEGER NOT NULL, publication TEXT, url TEXT, title TEXT);"
    "CREATE TABLE sentences(id INTEGER PRIMARY KEY, article INTEGER NOT NULL,"
    " sent INTEGER NOT NULL, text TEXT NOT NULL);"
    "CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences',"
    " content_rowid='id');"
    "CREATE TABLE reports(id INTEGER PRIMARY KEY, article INTEGER NOT NULL,"
    " sentence INTEGER NOT NULL, sent INTEGER NOT NULL, date INTEGER NOT NULL,"
    " source TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL,"
    " mode INTEGER NOT NULL, goldstein REAL NOT NULL, event INTEGER NOT NULL,"
    " source_text TEXT NOT NULL, target_text TEXT NOT NULL,"
    " verb_text TEXT NOT NULL);"
    "CREATE INDEX reports_event ON reports(event);"
    "CREATE INDEX reports_date ON reports(date);"
    "CREATE TABLE events(id INTEGER PRIMARY KEY, date INTEGER NOT NULL,"
    " day INTEGER NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
    " code TEXT NOT NULL, mode INTEGER NOT NULL, goldstein REAL NOT NULL,"
    " num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL,"
    " num_sources INTEGER NOT NULL, first_report INTEGER NOT NULL);"
    "CREATE INDEX events_key ON events(source, target, code, mode, day);"
    "CREATE INDEX events_date ON events(date);"
    "CREATE TABLE daily(source TEXT NOT NULL, target TEXT NOT NULL,"
    " date INTEGER NOT NULL, code TEXT NOT NULL, mode INTEGER NOT NULL,"
    " goldstein REAL NOT NULL, reports INTEGER NOT NULL,"
    " events INTEGER NOT NULL, first_report INTEGER NOT NULL,"
    " PRIMARY KEY(source, target, date, code, mode)) WITHOUT ROWID;"
    "CREATE INDEX daily_date ON daily(date);"
    "CREATE TABLE volume(date INTEGER PRIMARY KEY, reports INTEGER NOT NULL,"
    " oneaday INTEGER NOT NULL, events INTEGER NOT NULL);";

static const store_backend sqlite_backend = {
    .name = "sqlite",
    .exec = sqlite_exec,
    .prepare = sqlite_prepare,
    .bind_int = sqlite_bind_int,
    .bind_double = sqlite_bind_double,
    .bind_text = sqlite_bind_text,
    .step = sqlite_step,
    .column_int = sqlite_column_int,
    .column_double = sqlite_column_double,
    .column_text = sqlite_column_text,
    .reset = sqlite_reset,
    .finalize = sqlite_finalize,
    .close = sqlite_close,
    .search_format = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH $%d",
    .index_sentence = "INSERT INTO sentences_fts(rowid, text) VALUES($1, $2)",
    .schema = sqlite_schema,
};

/* WAL lets readers (deeds serve) work while ingest writes; NORMAL
 * synchronous keeps every committed batch across a killed process (only a
 * power cut can lose the last ones). */
static int sqlite_connect(deeds_store *s, const char *path)
{
    int flags = s->writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                            : SQLITE_OPEN_READONLY;
    sqlite3 *db = NULL;
    s->be = &sqlite_backend;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    s->db = db;
    if (rc != SQLITE_OK) {
        deeds_diag_error(s->diag, path, 0, "cannot open the store: %s%s",
                         db ? sqlite3_errmsg(db) : "out of memory",
                         s->writable ? "" : " (does it exist? create it with deeds ingest)");
        return -1;
    }
    sqlite3_busy_timeout(db, 10000);
    if (s->writable)
        return sqlite_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                              " PRAGMA cache_size=-65536;");
    return 0;
}

/* --------------------------------------------------------- opening, meta */

static int is_postgres_uri(const char *where)
{
    return !strncmp(where, "postgresql://", 13) || !strncmp(where, "postgres://", 11);
}

/* The value of a meta key; -1 when absent or on error. */
static long meta_get(deeds_store *s, const char *key)
{
    store_stmt *st = s->be->prepare(s, "SELECT value FROM meta WHERE key = $1");
    if (!st)
        return -1;
    s->be->bind_text(st, 1, key);
    long v = s->be->step(st) == 1 ? strtol(s->be->column_text(st, 0), NULL, 10) : -1;
    s->be->finalize(st);
    return v;
}

static int meta_set(deeds_store *s, const char *key, long value)
{
    store_stmt *st = s->be->prepare(s, "INSERT INTO meta(key, value) VALUES($1, $2)"
                                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st)
        return -1;
    char v[32];
    snprintf(v, sizeof v, "%ld", value);
    s->be->bind_text(st, 1, key);
    s->be->bind_text(st, 2, v);
    int rc = s->be->step(st);
    s->be->finalize(st);
    return rc < 0 ? -1 : 0;
}

/* 1 when the schema exists; 0 when the database is empty; -1 on error. */
static int schema_present(deeds_store *s)
{
    const char *sql = s->be == &sqlite_backend
        ? "SELECT count(*) FROM sqlite_master WHERE name = 'meta'"
        : "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
          " AND table_schema = current_schema()";
    store_stmt *st = s->be->prepare(s, sql);
    if (!st)
        return -1;
    int rc = s->be->step(st);
    int present = rc == 1 && s->be->column_int(st, 0) > 0;
    s->be->finalize(st);
    return rc < 0 ? -1 : present;
}

static int schema_create(deeds_store *s)
{
    if (s->be->exec(s, "BEGIN") || s->be->exec(s, s->be->schema) ||
        meta_set(s, "schema_version", STORE_SCHEMA_VERSION) ||
        meta_set(s, "window", 1) || s->be->exec(s, "COMMIT")) {
        s->be->exec(s, "ROLLBACK");
        return -1;
    }
    return 0;
}

static int schema_check(deeds_store *s)
{
    int present = schema_present(s);
    if (present < 0)
        return -1;
    if (!present) {
        if (!s->writable) {
            deeds_diag_error(s->diag, s->where, 0, "not a deeds store (no schema); "
                             "fill it with deeds ingest first");
            return -1;
        }
        if (schema_create(s))
            return -1;
    }
    long version = meta_get(s, "schema_version");
    if (version < 1 || version > STORE_SCHEMA_VERSION) {
        deeds_diag_error(s->diag, s->where, 0, "store schema version %ld; this deeds "
                         "understands up to %d: upgrade deeds", version,
                         STORE_SCHEMA_VERSION);
        return -1;
    }
    long window = meta_get(s, "window");
    s->window = window >= 1 ? (int)window : 1;
    return 0;
}

deeds_store *deeds_store_open(const char *where, int writable, deeds_diag *diag)
{
    deeds_store *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->where = strdup(where ? where : "");
    s->diag = diag;
    s->writable = writable;
    s->window = 1;
    int rc = is_postgres_uri(s->where) ? store_pg_connect(s, s->where)
                                       : sqlite_connect(s, s->where);
    if (rc || schema_check(s)) {
        deeds_store_close(s);
        return NULL;
    }
    return s;
}

void deeds_store_close(deeds_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < SQL__COUNT; i++)
        if (s->stmt[i])
            s->be->finalize(s->stmt[i]);
    if (s->be && s->db)
        s->be->close(s);
    free(s->where);
    free(s);
}

int deeds_store_window(const deeds_store *s)
{
    return s->window;
}

int deeds_store_set_window(deeds_store *s, int days, deeds_diag *diag)
{
    s->diag = diag;
    if (days == s->window)
        return 0;
    store_stmt *st = s->be->prepare(s, "SELECT count(*) FROM reports");
    if (!st)
        return -1;
    int rc = s->be->step(st);
    int64_t reports = rc == 1 ? s->be->column_int(st, 0) : 0;
    s->be->finalize(st);
    if (rc < 0)
        return -1;
    if (reports > 0) {
        deeds_diag_error(diag, s->where, 0, "the store's mentions window is %d "
                         "day(s) and it already holds reports; a window is set "
                         "when a store is created (use a new store)", s->window);
        return -1;
    }
    if (days < 1 || meta_set(s, "window", days))
        return -1;
    s->window = days;
    return 0;
}

/* ---------------------------------------------------------------- ingest */

static const char *const ingest_sql[SQL__COUNT] = {
    [SQL_ARTICLE_FIND] = "SELECT id FROM articles WHERE doc = $1",
    [SQL_ARTICLE_ADD] = "INSERT INTO articles(doc, date, publication, url, title)"
                        " VALUES($1, $2, $3, $4, $5) RETURNING id",
    [SQL_SENTENCE_ADD] = "INSERT INTO sentences(id, article, sent, text)"
                         " VALUES($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
    [SQL_SENTENCE_INDEX] = NULL,   /* the back end's index_sentence */
    [SQL_REPORT_SEEN] = "SELECT 1 FROM reports WHERE id = $1",
    [SQL_REPORT_ADD] = "INSERT INTO reports(id, article, sentence, sent, date, source,"
                       " target, code, mode, goldstein, event, source_text,"
                       " target_text, verb_text) VALUES($1, $2, $3, $4, $5, $6,"
                       " $7, $8, $9, $10, $11, $12, $13, $14)"
                       " RETURNING id",
    [SQL_EVENT_NEAR] = "SELECT id, day FROM events WHERE source = $1 AND target = $2"
                       " AND code = $3 AND mode = $4 AND day >= $5 AND day <= $6"
                       " ORDER BY abs(day - $7), id LIMIT 1",
    [SQL_EVENT_ADD] = "INSERT INTO events(date, day, source, target, code, mode,"
                      " goldstein, num_mentions, num_articles, num_sources,"
                      " first_report) VALUES($1, $2, $3, $4, $5, $6, $7, 1, 1, 1, $8)"
                      " RETURNING id",
    [SQL_EVENT_JOIN] = "UPDATE events SET num_articles = num_articles + $1,"
                       " num_sources = num_sources + $2,"
                       " num_mentions = num_mentions + 1 WHERE id = $3",
    [SQL_EVENT_MOVE] = "UPDATE events SET date = $1, day = $2, first_report = $3"
                       " WHERE id = $4",
    [SQL_EVENT_SOURCE_SEEN] = "SELECT 1 FROM reports r JOIN articles a ON a.id = r.article"
                              " WHERE r.event = $1 AND a.publication IS NOT DISTINCT FROM $2"
                              " LIMIT 1",
    [SQL_DAILY_ADD] = "INSERT INTO daily(source, target, date, code, mode, goldstein,"
                      " reports, events, first_report) VALUES($1, $2, $3, $4, $5, $6, 1,"
                      " $7, $8) ON CONFLICT(source, target, date, code, mode) DO UPDATE"
                      " SET reports = daily.reports + 1,"
                      " events = daily.events + excluded.events RETURNING reports",
    [SQL_DAILY_EVENTS] = "UPDATE daily SET events = events + $1 WHERE source = $2"
                         " AND target = $3 AND date = $4 AND code = $5 AND mode = $6",
    [SQL_VOLUME_ADD] = "INSERT INTO volume(date, reports, oneaday, events)"
                       " VALUES($1, 1, $2, $3) ON CONFLICT(date) DO UPDATE"
                       " SET reports = volume.reports + 1,"
                       " oneaday = volume.oneaday + excluded.oneaday,"
                       " events = volume.events + excluded.events",
    [SQL_VOLUME_EVENTS] = "UPDATE volume SET events = events + $1 WHERE date = $2",
};

/* One report as ingest needs it, whatever it was read from. */
typedef struct report {
    const char *doc, *publication, *url, *title;
    int32_t     article_date, date;
    int         sent;
    const char *source, *target, *code;
    deeds_mode  mode;
    const char *sentence, *source_text, *target_text, *verb_text;
} report;

struct deeds_ingest {
    deeds_store       *s;
    deeds_diag        *diag;
    size_t             batch, in_batch;
    int                in_transaction, failed;
    deeds_buf          doc;            /* the current article */
    int64_t            article;
    int                article_known;
    int64_t           *touched;        /* events the current article mentions */
    size_t             ntouched, touched_cap;
    json_parser       *json;
    deeds_ingest_stats st;
};

static int prepare_ingest(deeds_store *s)
{
    for (int i = 0; i < SQL__COUNT; i++) {
        const char *sql = i == SQL_SENTENCE_INDEX ? s->be->index_sentence : ingest_sql[i];
        if (!sql || s->stmt[i])
            continue;
        if (!(s->stmt[i] = s->be->prepare(s, sql)))
            return -1;
    }
    return 0;
}

deeds_ingest *deeds_ingest_begin(deeds_store *s, size_t batch, deeds_diag *diag)
{
    s->diag = diag;
    if (!s->writable) {
        deeds_diag_error(diag, s->where, 0, "store opened read-only; cannot ingest");
        return NULL;
    }
    if (prepare_ingest(s))
        return NULL;
    deeds_ingest *g = calloc(1, sizeof *g);
    if (!g)
        abort();
    g->s = s;
    g->diag = diag;
    g->batch = batch ? batch : 50000;
    return g;
}

/* Runs prepared statement i once, for its effect; -1 on error. */
static int run(deeds_store *s, int i)
{
    int rc = s->be->step(s->stmt[i]);
    s->be->reset(s->stmt[i]);
    return rc < 0 ? -1 : 0;
}

/* Runs prepared statement i and reads the first column of its row into *v;
 * 1 when there was a row, 0 when none, -1 on error. */
static int run_value(deeds_store *s, int i, int64_t *v)
{
    int rc = s->be->step(s->stmt[i]);
    if (rc == 1 && v)
        *v = s->be->column_int(s->stmt[i], 0);
    s->be->reset(s->stmt[i]);
    return rc;
}

static int transaction_begin(deeds_ingest *g)
{
    if (g->in_transaction)
        return 0;
    if (g->s->be->exec(g->s, "BEGIN"))
        return -1;
    g->in_transaction = 1;
    g->in_batch = 0;
    return 0;
}

static int transaction_commit(deeds_ingest *g)
{
    if (!g->in_transaction)
        return 0;
    g->in_transaction = 0;
    return g->s->be->exec(g->s, "COMMIT");
}

/* Switches to the article of r: commits the batch when it is full (so a
 * batch ends on an article boundary), then finds or adds the article. */
static int article_enter(deeds_ingest *g, const report *r)
{
    if (g->doc.data && !strcmp(g->doc.data, r->doc))
        return 0;
    if (g->in_batch >= g->batch && transaction_commit(g))
        return -1;
    if (transaction_begin(g))
        return -1;
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    deeds_buf_reset(&g->doc);
    deeds_buf_puts(&g->doc, r->doc);
    g->ntouched = 0;
    be->bind_text(s->stmt[SQL_ARTICLE_FIND], 1, r->doc);
    int found = run_value(s, SQL_ARTICLE_FIND, &g->article);
    if (found < 0)
        return -1;
    if (found) {
        g->st.articles_stored++;
        return 0;
    }
    store_stmt *add = s->stmt[SQL_ARTICLE_ADD];
    be->bind_text(add, 1, r->doc);
    be->bind_int(add, 2, r->article_date);
    be->bind_text(add, 3, r->publication);
    be->bind_text(add, 4, r->url);
    be->bind_text(add, 5, r->title);
    if (run_value(s, SQL_ARTICLE_ADD, &g->article) != 1)
        return -1;
    g->st.articles_new++;
    return 0;
}

/* FNV-1a over what makes a report that report, folded to 53 bits (exact in
 * a double, like the event ids of emit.c). */
static int64_t report_id(const report *r)
{
    char sent[16], mode[4];
    snprintf(sent, sizeof sent, "%d", r->sent);
    snprintf(mode, sizeof mode, "%d", (int)r->mode);
    const char *parts[] = { r->doc, sent, r->source, r->target, r->code, mode,
                            r->source_text, r->target_text, r->verb_text };
    uint64_t h = 14695981039346656037ULL;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        for (const unsigned char *c = (const unsigned char *)parts[p]; *c; c++) {
            h ^= *c;
            h *= 1099511628211ULL;
        }
        h ^= 0xff;
        h *= 1099511628211ULL;
    }
    return (int64_t)((h ^ (h >> 53)) & ((UINT64_C(1) << 53) - 1));
}

static int touched_before(deeds_ingest *g, int64_t event)
{
    for (size_t i = 0; i < g->ntouched; i++)
        if (g->touched[i] == event)
            return 1;
    g->touched = deeds_grow(g->touched, &g->touched_cap, g->ntouched + 1,
                            sizeof *g->touched);
    g->touched[g->ntouched++] = event;
    return 0;
}

static void bind_key(deeds_store *s, int i, int first, const report *r)
{
    s->be->bind_text(s->stmt[i], first, r->source);
    s->be->bind_text(s->stmt[i], first + 1, r->target);
}

/* Moves one event count between days in daily and volume (an event's first
 * report changed day). */
static int event_count_move(deeds_store *s, const report *r, int32_t date, int delta)
{
    store_stmt *d = s->stmt[SQL_DAILY_EVENTS];
    s->be->bind_int(d, 1, delta);
    bind_key(s, SQL_DAILY_EVENTS, 2, r);
    s->be->bind_int(d, 4, date);
    s->be->bind_text(d, 5, r->code);
    s->be->bind_int(d, 6, r->mode);
    if (run(s, SQL_DAILY_EVENTS))
        return -1;
    if (r->mode != DEEDS_MODE_ASSERTED)
        return 0;
    s->be->bind_int(s->stmt[SQL_VOLUME_EVENTS], 1, delta);
    s->be->bind_int(s->stmt[SQL_VOLUME_EVENTS], 2, date);
    return run(s, SQL_VOLUME_EVENTS);
}

/* The mentions model: finds the event r is a mention of (same source,
 * target, code and mode, first reported within the window), or starts a
 * new one.  *starts is 1 when r is now its event's first report. */
static int event_assign(deeds_ingest *g, const report *r, int64_t rid,
                        double goldstein, int64_t *event, int *starts)
{
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    long day = deeds_date_days(r->date);
    store_stmt *near = s->stmt[SQL_EVENT_NEAR];
    bind_key(s, SQL_EVENT_NEAR, 1, r);
    be->bind_text(near, 3, r->code);
    be->bind_int(near, 4, r->mode);
    be->bind_int(near, 5, day - (s->window - 1));
    be->bind_int(near, 6, day + (s->window - 1));
    be->bind_int(near, 7, day);
    int rc = be->step(near);
    int64_t first_day = rc == 1 ? be->column_int(near, 1) : 0;
    if (rc == 1)
        *event = be->column_int(near, 0);
    be->reset(near);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        store_stmt *add = s->stmt[SQL_EVENT_ADD];
        be->bind_int(add, 1, r->date);
        be->bind_int(add, 2, day);
        bind_key(s, SQL_EVENT_ADD, 3, r);
        be->bind_text(add, 5, r->code);
        be->bind_int(add, 6, r->mode);
        be->bind_double(add, 7, goldstein);
        be->bind_int(add, 8, rid);
        if (run_value(s, SQL_EVENT_ADD, event) != 1)
            return -1;
        touched_before(g, *event);
        g->st.events_new++;
        *starts = 1;
        return 0;
    }
    int new_article = !touched_before(g, *event);
    be->bind_int(s->stmt[SQL_EVENT_SOURCE_SEEN], 1, *event);
    be->bind_text(s->stmt[SQL_EVENT_SOURCE_SEEN], 2, r->publication);
    int seen = run_value(s, SQL_EVENT_SOURCE_SEEN, NULL);
    if (seen < 0)
        return -1;
    store_stmt *join = s->stmt[SQL_EVENT_JOIN];
    be->bind_int(join, 1, new_article);
    be->bind_int(join, 2, !seen);
    be->bind_int(join, 3, *event);
    if (run(s, SQL_EVENT_JOIN))
        return -1;
    g->st.events_merged++;
    *starts = day < first_day;
    if (!*starts)
        return 0;
    /* An earlier report than the event's first: the event moves to its day. */
    store_stmt *move = s->stmt[SQL_EVENT_MOVE];
    be->bind_int(move, 1, r->date);
    be->bind_int(move, 2, day);
    be->bind_int(move, 3, rid);
    be->bind_int(move, 4, *event);
    if (run(s, SQL_EVENT_MOVE))
        return -1;
    return event_count_move(s, r, deeds_date_from_days((long)first_day), -1);
}

static int sentence_add(deeds_store *s, const report *r, int64_t article, int64_t *id)
{
    *id = article * (INT64_C(1) << 20) + r->sent;
    store_stmt *add = s->stmt[SQL_SENTENCE_ADD];
    s->be->bind_int(add, 1, *id);
    s->be->bind_int(add, 2, article);
    s->be->bind_int(add, 3, r->sent);
    s->be->bind_text(add, 4, r->sentence);
    int fresh = run_value(s, SQL_SENTENCE_ADD, NULL);
    if (fresh <= 0 || !s->stmt[SQL_SENTENCE_INDEX])
        return fresh < 0 ? -1 : 0;
    s->be->bind_int(s->stmt[SQL_SENTENCE_INDEX], 1, *id);
    s->be->bind_text(s->stmt[SQL_SENTENCE_INDEX], 2, r->sentence);
    return run(s, SQL_SENTENCE_INDEX);
}

static int day_counts_add(deeds_store *s, const report *r, double goldstein,
                          int starts, int64_t rid)
{
    const store_backend *be = s->be;
    store_stmt *d = s->stmt[SQL_DAILY_ADD];
    bind_key(s, SQL_DAILY_ADD, 1, r);
    be->bind_int(d, 3, r->date);
    be->bind_text(d, 4, r->code);
    be->bind_int(d, 5, r->mode);
    be->bind_double(d, 6, goldstein);
    be->bind_int(d, 7, starts);
    be->bind_int(d, 8, rid);
    int64_t reports = 0;
    if (run_value(s, SQL_DAILY_ADD, &reports) != 1)
        return -1;
    if (r->mode != DEEDS_MODE_ASSERTED)
        return 0;
    store_stmt *v = s->stmt[SQL_VOLUME_ADD];
    be->bind_int(v, 1, r->date);
    be->bind_int(v, 2, reports == 1);
    be->bind_int(v, 3, starts);
    return run(s, SQL_VOLUME_ADD);
}

/* Stores one report (already checked) with everything kept from it. */
static int report_add(deeds_ingest *g, const report *r)
{
    if (g->failed)
        return -1;
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    if (article_enter(g, r))
        goto fail;
    int64_t rid = report_id(r), sentence, event = 0;
    be->bind_int(s->stmt[SQL_REPORT_SEEN], 1, rid);
    int known = run_value(s, SQL_REPORT_SEEN, NULL);
    if (known < 0)
        goto fail;
    if (known) {
        g->st.reports_stored++;
        return 0;
    }
    double goldstein = deeds_cameo_lookup(r->code)->goldstein;
    int starts = 0;
    if (sentence_add(s, r, g->article, &sentence) ||
        event_assign(g, r, rid, goldstein, &event, &starts))
        goto fail;
    store_stmt *add = s->stmt[SQL_REPORT_ADD];
    be->bind_int(add, 1, rid);
    be->bind_int(add, 2, g->article);
    be->bind_int(add, 3, sentence);
    be->bind_int(add, 4, r->sent);
    be->bind_int(add, 5, r->date);
    be->bind_text(add, 6, r->source);
    be->bind_text(add, 7, r->target);
    be->bind_text(add, 8, r->code);
    be->bind_int(add, 9, r->mode);
    be->bind_double(add, 10, goldstein);
    be->bind_int(add, 11, event);
    be->bind_text(add, 12, r->source_text);
    be->bind_text(add, 13, r->target_text);
    be->bind_text(add, 14, r->verb_text);
    if (run_value(s, SQL_REPORT_ADD, NULL) < 0 ||
        day_counts_add(s, r, goldstein, starts, rid))
        goto fail;
    g->st.reports_new++;
    g->in_batch++;
    return 0;
fail:
    g->failed = 1;
    return -1;
}

/* Checks what every report needs; reports and counts a bad one.  file and
 * line say where it came from (0: from the coder). */
static int report_valid(deeds_ingest *g, const report *r, const char *file, long line)
{
    const char *fix = NULL;
    if (!r->doc || !*r->doc)
        fix = "the article id (\"doc\") is missing or empty";
    else if (!deeds_cameo_lookup(r->code))
        fix = "unknown CAMEO event code; check the dictionary that produced it";
    else if (strlen(r->source) >= 48 || strlen(r->target) >= 48)
        fix = "an actor code is longer than 47 bytes";
    else if (r->sent < 0 || r->sent >= (1 << 20))
        fix = "the sentence index is out of 0..1048575";
    if (fix) {
        deeds_diag_skip(g->diag, file, line, DEEDS_SKIP_BAD_EVENT, "%s%s%s", fix,
                        r->code && *r->code ? ": " : "", r->code ? r->code : "");
        return 0;
    }
    if (r->date < 18000101 || r->date > 21991231) {
        char date[11];
        deeds_date_format(r->date, date);
        deeds_diag_skip(g->diag, file, line, DEEDS_SKIP_BAD_DATE,
                        "date %s is outside 1800-01-01..2199-12-31; fix the "
                        "article's date", date);
        return 0;
    }
    return 1;
}

static const char *span_copy(deeds_buf *b, const deeds_event *ev, deeds_span sp)
{
    deeds_buf_reset(b);
    deeds_buf_puts(b, "");
    if (ev->sentence && sp.start < sp.end && sp.end <= ev->sentence_len)
        deeds_buf_append(b, ev->sentence + sp.start, sp.end - sp.start);
    return b->data;
}

int deeds_ingest_event(deeds_ingest *g, const deeds_article *art,
                       const deeds_event *ev)
{
    deeds_buf text[4] = { { 0 } };
    char source[48], target[48], code[8];
    snprintf(source, sizeof source, "%.*s", (int)strnlen(ev->source, 47), ev->source);
    snprintf(target, sizeof target, "%.*s", (int)strnlen(ev->target, 47), ev->target);
    snprintf(code, sizeof code, "%.*s", (int)strnlen(ev->code, 7), ev->code);
    deeds_buf_reset(&text[0]);
    deeds_buf_puts(&text[0], "");
    if (ev->sentence)
        deeds_buf_append(&text[0], ev->sentence, ev->sentence_len);
    report r = {
        .doc = ev->doc ? ev->doc : art->id, .publication = art->source,
        .url = art->url, .title = art->title, .article_date = art->date,
        .date = ev->date ? ev->date : art->date, .sent = ev->sent,
        .source = source, .target = target, .code = code, .mode = ev->mode,
        .sentence = text[0].data,
        .source_text = span_copy(&text[1], ev, ev->source_text),
        .target_text = span_copy(&text[2], ev, ev->target_text),
        .verb_text = span_copy(&text[3], ev, ev->verb_text),
    };
    int rc = report_valid(g, &r, art->file, art->line) ? report_add(g, &r) : 0;
    for (int i = 0; i < 4; i++)
        deeds_buf_free(&text[i]);
    return rc;
}

/* ------------------------------------------------------------ event lines */

/* A string member, or NULL (with *bad naming it) when it is absent or not
 * a string.  Optional members give NULL without complaint. */
static const char *member_text(const json_value *o, const char *key, int required,
                               const char **bad)
{
    const json_value *v = json_object_get(o, key);
    if (v && v->type == JSON_STRING)
        return v->u.str;
    if ((required || (v && v->type != JSON_NULL)) && !*bad)
        *bad = key;
    return NULL;
}

static int mode_parse(const char *name, deeds_mode *out)
{
    for (int m = DEEDS_MODE_ASSERTED; m <= DEEDS_MODE_HYPOTHETICAL; m++)
        if (!strcmp(name, deeds_mode_name((deeds_mode)m))) {
            *out = (deeds_mode)m;
            return 1;
        }
    return 0;
}

int deeds_ingest_line(deeds_ingest *g, const char *line, size_t len,
                      const char *file, long lineno)
{
    if (!g->json)
        g->json = json_parser_new();
    json_error err;
    const json_value *o = json_parse(g->json, line, len, &err);
    if (!o || o->type != JSON_OBJECT) {
        deeds_diag_skip(g->diag, file, lineno, o ? DEEDS_SKIP_BAD_JSON :
                        err.status == JSON_ERROR_UTF8 ? DEEDS_SKIP_BAD_UTF8 :
                        DEEDS_SKIP_BAD_JSON, "%s; each line must be one event "
                        "object as deeds code writes it", o ? "not a JSON object" :
                        err.message);
        return 0;
    }
    const char *bad = NULL;
    report r = {
        .doc = member_text(o, "doc", 1, &bad),
        .source = member_text(o, "source", 1, &bad),
        .target = member_text(o, "target", 1, &bad),
        .code = member_text(o, "code", 1, &bad),
        .sentence = member_text(o, "sentence", 1, &bad),
        .source_text = member_text(o, "source_text", 0, &bad),
        .target_text = member_text(o, "target_text", 0, &bad),
        .verb_text = member_text(o, "verb_text", 0, &bad),
        .publication = member_text(o, "publication", 0, &bad),
        .url = member_text(o, "url", 0, &bad),
        .title = member_text(o, "title", 0, &bad),
    };
    const char *date = member_text(o, "date", 1, &bad);
    const char *mode = member_text(o, "mode", 0, &bad);
    const json_value *sent = json_object_get(o, "sent");
    if (!bad && (!sent || sent->type != JSON_NUMBER))
        bad = "sent";
    if (bad) {
        deeds_diag_skip(g->diag, file, lineno, DEEDS_SKIP_BAD_EVENT,
                        "\"%s\" is missing or of the wrong type; event lines "
                        "need doc, sent, date, source, target, code and sentence",
                        bad);
        return 0;
    }
    char *end;
    long s = strtol(sent->u.str, &end, 10);
    r.sent = *end || s < 0 || s > INT_MAX ? -1 : (int)s;
    r.date = r.article_date = deeds_date_parse(date, strlen(date));
    if (!r.date) {
        deeds_diag_skip(g->diag, file, lineno, DEEDS_SKIP_BAD_DATE,
                        "date \"%s\" is not YYYY-MM-DD", date);
        return 0;
    }
    if (mode && !mode_parse(mode, &r.mode)) {
        deeds_diag_skip(g->diag, file, lineno, DEEDS_SKIP_BAD_EVENT,
                        "mode \"%s\" is not asserted, negated or hypothetical", mode);
        return 0;
    }
    r.source_text = r.source_text ? r.source_text : "";
    r.target_text = r.target_text ? r.target_text : "";
    r.verb_text = r.verb_text ? r.verb_text : "";
    return report_valid(g, &r, file, lineno) ? report_add(g, &r) : 0;
}

int deeds_ingest_end(deeds_ingest *g, deeds_ingest_stats *st)
{
    if (!g)
        return -1;
    int rc = g->failed ? -1 : transaction_commit(g);
    if (rc && g->in_transaction)
        g->s->be->exec(g->s, "ROLLBACK");
    if (st)
        *st = g->st;
    json_parser_free(g->json);
    deeds_buf_free(&g->doc);
    free(g->touched);
    free(g);
    return rc;
}

/* ----------------------------------------------------------------- query */

void store_where_prefix(deeds_buf *sql, store_params *p, const char *col,
                        const char *prefix)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (!n || !strcmp(prefix, "*") || p->nupper >= 4 || n >= sizeof p->upper[0])
        return;
    /* Codes are ASCII letters and digits, so the next string after every
     * code with this prefix is the prefix with its last byte raised. */
    char *hi = p->upper[p->nupper++];
    memcpy(hi, prefix, n + 1);
    hi[n - 1]++;
    deeds_buf_printf(sql, " AND %s >= $%d AND %s < $%d", col, p->n + 1, col, p->n + 2);
    p->is_text[p->n] = 1;
    p->text[p->n++] = prefix;
    p->is_text[p->n] = 1;
    p->text[p->n++] = hi;
}

void store_where_int(deeds_buf *sql, store_params *p, const char *cond_fmt, int64_t v)
{
    deeds_buf_puts(sql, " AND ");
    deeds_buf_printf(sql, cond_fmt, p->n + 1);
    p->is_text[p->n] = 0;
    p->num[p->n++] = v;
}

store_stmt *store_prepare_bound(deeds_store *s, const char *sql, const store_params *p)
{
    store_stmt *st = s->be->prepare(s, sql);
    for (int i = 0; st && i < p->n; i++) {
        if (p->is_text[i])
            s->be->bind_text(st, i + 1, p->text[i]);
        else
            s->be->bind_int(st, i + 1, p->num[i]);
    }
    return st;
}

/* The columns every query selects, in this order: the counted unit (id,
 * date, actors, code, mode, Goldstein, mention counts), then the report
 * standing for it. */
static const char *const select_head[] = {
    [DEEDS_COUNT_REPORTS] =
        "SELECT r.id, r.date, r.source, r.target, r.code, r.mode, r.goldstein,"
        " 1, 1, 1",
    [DEEDS_COUNT_ONE_A_DAY] =
        "SELECT d.first_report, d.date, d.source, d.target, d.code, d.mode,"
        " d.goldstein, d.reports,"
        " (SELECT count(DISTINCT x.article) FROM reports x WHERE x.date = d.date"
        "  AND x.source = d.source AND x.target = d.target AND x.code = d.code"
        "  AND x.mode = d.mode),"
        " (SELECT count(DISTINCT coalesce(y.publication, '')) FROM reports x"
        "  JOIN articles y ON y.id = x.article WHERE x.date = d.date"
        "  AND x.source = d.source AND x.target = d.target AND x.code = d.code"
        "  AND x.mode = d.mode)",
    [DEEDS_COUNT_EVENTS] =
        "SELECT e.id, e.date, e.source, e.target, e.code, e.mode, e.goldstein,"
        " e.num_mentions, e.num_articles, e.num_sources",
};
static const char *const select_from[] = {
    [DEEDS_COUNT_REPORTS] = " FROM reports r",
    [DEEDS_COUNT_ONE_A_DAY] = " FROM daily d JOIN reports r ON r.id = d.first_report",
    [DEEDS_COUNT_EVENTS] = " FROM events e JOIN reports r ON r.id = e.first_report",
};
static const char unit_alias[] = { [DEEDS_COUNT_REPORTS] = 'r',
                                   [DEEDS_COUNT_ONE_A_DAY] = 'd',
                                   [DEEDS_COUNT_EVENTS] = 'e' };

static void query_sql(const deeds_store *s, const deeds_event_query *q,
                      deeds_buf *sql, store_params *p)
{
    deeds_count c = q->count;
    char u = unit_alias[c];
    char col[16];
    deeds_buf_puts(sql, select_head[c]);
    deeds_buf_puts(sql, ", a.doc, a.publication, a.url, a.title, r.sent, t.text,"
                        " r.source_text, r.target_text, r.verb_text");
    deeds_buf_puts(sql, select_from[c]);
    deeds_buf_puts(sql, " JOIN articles a ON a.id = r.article"
                        " JOIN sentences t ON t.id = r.sentence WHERE 1 = 1");
    if (!q->all_modes)
        deeds_buf_printf(sql, " AND %c.mode = 0", u);
    snprintf(col, sizeof col, "%c.source", u);
    store_where_prefix(sql, p, col, q->source);
    snprintf(col, sizeof col, "%c.target", u);
    store_where_prefix(sql, p, col, q->target);
    snprintf(col, sizeof col, "%c.code", u);
    store_where_prefix(sql, p, col, q->code);
    char cond[48];
    if (q->from) {
        snprintf(cond, sizeof cond, "%c.date >= $%%d", u);
        store_where_int(sql, p, cond, q->from);
    }
    if (q->to) {
        snprintf(cond, sizeof cond, "%c.date <= $%%d", u);
        store_where_int(sql, p, cond, q->to);
    }
    if (q->search && *q->search) {
        /* Events match when any of their mentions' sentences does. */
        deeds_buf_puts(sql, c == DEEDS_COUNT_EVENTS
                       ? " AND e.id IN (SELECT m.event FROM reports m WHERE m.sentence IN ("
                       : " AND r.sentence IN (");
        deeds_buf_printf(sql, s->be->search_format, p->n + 1);
        deeds_buf_puts(sql, c == DEEDS_COUNT_EVENTS ? "))" : ")");
        p->is_text[p->n] = 1;
        p->text[p->n++] = q->search;
    }
    deeds_buf_printf(sql, " ORDER BY %c.date, %s", u,
                     c == DEEDS_COUNT_ONE_A_DAY ? "d.first_report" :
                     c == DEEDS_COUNT_EVENTS ? "e.id" : "r.id");
    if (q->limit)
        deeds_buf_printf(sql, " LIMIT %zu", q->limit);
}

static void row_read(const store_backend *be, store_stmt *st, deeds_stored_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->id = be->column_int(st, 0);
    ev->date = (int32_t)be->column_int(st, 1);
    snprintf(ev->source, sizeof ev->source, "%s", be->column_text(st, 2));
    snprintf(ev->target, sizeof ev->target, "%s", be->column_text(st, 3));
    snprintf(ev->code, sizeof ev->code, "%s", be->column_text(st, 4));
    ev->mode = (deeds_mode)be->column_int(st, 5);
    ev->goldstein = be->column_double(st, 6);
    ev->num_mentions = (unsigned)be->column_int(st, 7);
    ev->num_articles = (unsigned)be->column_int(st, 8);
    ev->num_sources = (unsigned)be->column_int(st, 9);
    ev->article = be->column_text(st, 10);
    ev->publication = be->column_text(st, 11);
    ev->url = be->column_text(st, 12);
    ev->title = be->column_text(st, 13);
    ev->sent = (int)be->column_int(st, 14);
    ev->sentence = be->column_text(st, 15);
    ev->source_text = be->column_text(st, 16);
    ev->target_text = be->column_text(st, 17);
    ev->verb_text = be->column_text(st, 18);
}

int deeds_store_events(deeds_store *s, const deeds_event_query *q,
                       deeds_stored_event_fn fn, void *ud, deeds_diag *diag)
{
    s->diag = diag;
    if ((unsigned)q->count > DEEDS_COUNT_EVENTS) {
        deeds_diag_error(diag, s->where, 0, "unknown way of counting (%d)", (int)q->count);
        return -1;
    }
    deeds_buf sql = { 0 };
    store_params p = { 0 };
    query_sql(s, q, &sql, &p);
    store_stmt *st = store_prepare_bound(s, sql.data, &p);
    deeds_buf_free(&sql);
    if (!st)
        return -1;
    int rc;
    deeds_stored_event ev;
    while ((rc = s->be->step(st)) == 1) {
        row_read(s->be, st, &ev);
        if (fn(ud, &ev))
            break;
    }
    s->be->finalize(st);
    return rc < 0 ? -1 : 0;
}
