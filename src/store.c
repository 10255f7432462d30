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
        sqlite3_bind_text(st->st, i, v, -1, SQLITE_STATIC);
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
    "CREATE TABLE reports(id INTEGER PRIMARY KEY, hash INTEGER NOT NULL,"
    " article INTEGER NOT NULL,"
    " sentence INTEGER NOT NULL, sent INTEGER NOT NULL, date INTEGER NOT NULL,"
    " source TEXT NOT NULL, target TEXT NOT NULL, code TEXT NOT NULL,"
    " mode INTEGER NOT NULL, goldstein REAL NOT NULL, event INTEGER NOT NULL,"
    " source_text TEXT NOT NULL, target_text TEXT NOT NULL,"
    " verb_text TEXT NOT NULL);"
    "CREATE INDEX reports_article ON reports(article);"
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
    "CREATE TABLE dyads(source TEXT NOT NULL, target TEXT NOT NULL,"
    " PRIMARY KEY(source, target)) WITHOUT ROWID;"
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
    .index_batch = "INSERT INTO sentences_fts(rowid, text) SELECT id, text FROM sentences"
                   " WHERE id >= $1",
    .begin_write = "BEGIN IMMEDIATE",
    .begin_create = "BEGIN IMMEDIATE",
    .schema = sqlite_schema,
};

/* WAL lets readers (deeds serve) work while ingest writes; NORMAL
 * synchronous keeps every committed batch across a killed process (only a
 * power cut can lose the last ones).  A writer checkpoints every 10,000
 * pages (40 MB) rather than SQLite's 1,000: a batch of ingest dirties
 * thousands of pages, and fewer, larger checkpoints cost less. */
static int sqlite_connect(deeds_store *s, const char *path)
{
    /* A store is used by one thread at a time (deeds serve keeps one per
     * thread), so SQLite's own locking is not needed. */
    int flags = SQLITE_OPEN_NOMUTEX | (s->writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                   : SQLITE_OPEN_READONLY);
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
    /* A reader waits up to 10 s for a writer.  A writer may wait for
     * another ingest's whole run: SQLite's waiting is not fair, and a busy
     * ingest can take the lock again after each batch for minutes, so
     * writers wait up to 10 minutes before giving up. */
    sqlite3_busy_timeout(db, s->writable ? 600000 : 10000);
    if (s->writable)
        return sqlite_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                              " PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;");
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

/* Two ingests may start on one new store at once: under the creation lock
 * the schema is looked for again, and only the first creates it. */
static int schema_create(deeds_store *s)
{
    if (s->be->exec(s, s->be->begin_create))
        return -1;
    int present = schema_present(s);
    if (present < 0 ||
        (!present && (s->be->exec(s, s->be->schema) ||
                      meta_set(s, "schema_version", STORE_SCHEMA_VERSION) ||
                      meta_set(s, "window", 1))) ||
        s->be->exec(s, "COMMIT")) {
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
    store_stmt *st = s->be->prepare(s, "SELECT count(*) FROM (SELECT 1 FROM reports LIMIT 1) AS one");
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

/* Ingest keeps what it needs to decide about each report in memory, so
 * that a report costs one INSERT of its own and everything else (events,
 * daily and volume counts) is written once per batch:
 *   - the events of the mentions model created or touched in this run,
 *     found by (source, target, code, mode, day);
 *   - per batch, the changes to daily and volume rows.
 * Events stored before this run are looked up in the database only when a
 * report's day falls within the window of the days those events cover. */

/* One statement per use; the ids of new rows are handed out here, under
 * the batch's write lock, so that no row needs a round trip for its id. */
static const char *const ingest_sql[SQL__COUNT] = {
    [SQL_ARTICLE_ADD] = "INSERT INTO articles(id, doc, date, publication, url, title)"
                        " VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(doc) DO NOTHING"
                        " RETURNING id",
    [SQL_ARTICLE_FIND] = "SELECT id FROM articles WHERE doc = $1",
    [SQL_ARTICLE_REPORTS] = "SELECT hash FROM reports WHERE article = $1",
    [SQL_ARTICLE_SENTENCES] = "SELECT sent FROM sentences WHERE id >= $1 AND id < $2",
    [SQL_SENTENCE_ADD] = "INSERT INTO sentences(id, article, sent, text)"
                         " VALUES($1, $2, $3, $4)",
    [SQL_SENTENCE_INDEX] = NULL,        /* the back end's index_sentence */
    [SQL_SENTENCE_INDEX_BATCH] = NULL,  /* the back end's index_batch */
    [SQL_REPORT_ADD] = "INSERT INTO reports(id, hash, article, sentence, sent, date,"
                       " source, target, code, mode, goldstein, event, source_text,"
                       " target_text, verb_text) VALUES($1, $2, $3, $4, $5, $6, $7,"
                       " $8, $9, $10, $11, $12, $13, $14, $15)",
    [SQL_EVENT_NEAR] = "SELECT id, day, date, first_report FROM events WHERE source = $1"
                       " AND target = $2 AND code = $3 AND mode = $4 AND day >= $5"
                       " AND day <= $6 ORDER BY abs(day - $7), day LIMIT 1",
    [SQL_EVENT_ADD] = "INSERT INTO events(id, date, day, source, target, code, mode,"
                      " goldstein, num_mentions, num_articles, num_sources,"
                      " first_report) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                      " $11, $12)",
    [SQL_EVENT_UPDATE] = "UPDATE events SET num_mentions = num_mentions + $1,"
                         " num_articles = num_articles + $2,"
                         " num_sources = num_sources + $3, date = $4, day = $5,"
                         " first_report = $6 WHERE id = $7",
    [SQL_EVENT_SOURCE_SEEN] = "SELECT 1 FROM reports r JOIN articles a ON a.id = r.article"
                              " WHERE r.event = $1 AND a.publication IS NOT DISTINCT FROM $2"
                              " LIMIT 1",
    [SQL_DAILY_ADD] = "INSERT INTO daily(source, target, date, code, mode, goldstein,"
                      " reports, events, first_report) VALUES($1, $2, $3, $4, $5, $6,"
                      " $7, $8, $9) ON CONFLICT(source, target, date, code, mode) DO UPDATE"
                      " SET reports = daily.reports + excluded.reports,"
                      " events = daily.events + excluded.events RETURNING reports",
    [SQL_VOLUME_ADD] = "INSERT INTO volume(date, reports, oneaday, events)"
                       " VALUES($1, $2, $3, $4) ON CONFLICT(date) DO UPDATE"
                       " SET reports = volume.reports + excluded.reports,"
                       " oneaday = volume.oneaday + excluded.oneaday,"
                       " events = volume.events + excluded.events",
    [SQL_DYAD_ADD] = "INSERT INTO dyads(source, target) VALUES($1, $2)"
                     " ON CONFLICT DO NOTHING",
    [SQL_NEXT_IDS] = "SELECT (SELECT coalesce(max(id), 0) FROM articles),"
                     " (SELECT coalesce(max(id), 0) FROM reports),"
                     " (SELECT coalesce(max(id), 0) FROM events)",
    /* by date, which events_date indexes: a day is its date counted in days */
    [SQL_EVENT_DAYS] = "SELECT coalesce(min(date), 0), coalesce(max(date), 0) FROM events",
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

/* An open-addressing map from non-zero 64-bit keys to indexes. */
#define MAP_NONE UINT32_MAX
typedef struct index_map {
    uint64_t *keys;
    uint32_t *vals;
    size_t    cap, n;
} index_map;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x ? x : 1;
}

static uint32_t *map_slot(index_map *m, uint64_t key, int add)
{
    if (add && (m->n + 1) * 4 >= m->cap * 3) {
        index_map bigger = { 0 };
        bigger.cap = m->cap ? m->cap * 2 : 1024;
        bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
        bigger.vals = malloc(bigger.cap * sizeof *bigger.vals);
        if (!bigger.keys || !bigger.vals)
            abort();
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                *map_slot(&bigger, m->keys[i], 1) = m->vals[i];
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    if (!m->cap)
        return NULL;
    for (size_t i = key & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key)
            return &m->vals[i];
        if (!m->keys[i]) {
            if (!add)
                return NULL;
            m->keys[i] = key;
            m->n++;
            return &m->vals[i];
        }
    }
}

static uint32_t map_get(index_map *m, uint64_t key)
{
    uint32_t *v = map_slot(m, key, 0);
    return v ? *v : MAP_NONE;
}

static void map_clear(index_map *m)
{
    if (m->keys)
        memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->n = 0;
}

static void map_free(index_map *m)
{
    free(m->keys);
    free(m->vals);
}

/* Source, target, code and mode: what makes reports mentions of one event. */
typedef struct dyad_code {
    uint64_t   hash;
    char       source[48], target[48], code[8];
    deeds_mode mode;
    double     goldstein;
} dyad_code;

/* An event created or touched in this run.  For an event already in the
 * database (stored), the counts are what this run adds. */
typedef struct cached_event {
    int64_t  id, first_report;
    uint32_t dyad;
    int32_t  day, date;
    unsigned mentions, articles, sources;
    unsigned char stored, dirty;
} cached_event;

/* Changes to one daily row, and to one volume row, in this batch. */
typedef struct daily_change {
    uint32_t dyad;
    int32_t  date;
    long     reports, events;
    int64_t  first_report;
} daily_change;

typedef struct volume_change {
    int32_t date;
    long    reports, oneaday, events;
} volume_change;

#define GROW(arr, n, cap) ((arr) = deeds_grow((arr), &(cap), (n) + 1, sizeof *(arr)))

struct deeds_ingest {
    deeds_store       *s;
    deeds_diag        *diag;
    size_t             batch, in_batch;
    int                in_transaction, failed;
    int64_t            next_article, next_report, next_event;
    int64_t            batch_first_article;   /* 0: no new article yet */
    int64_t            search_from;  /* sentences from this id on await the
                                        full-text index; 0: none */
    long               stored_lo, stored_hi;  /* days of events stored before */
    /* the current article */
    deeds_buf          doc;
    int64_t            article;
    int                article_stored;
    uint64_t          *hashes;   size_t nhashes, hashes_cap;
    int               *sents;    size_t nsents, sents_cap;
    uint32_t          *touched;  size_t ntouched, touched_cap;
    /* the run */
    dyad_code         *dyads;    size_t ndyads, dyads_cap;
    index_map          dyad_map;
    cached_event      *events;   size_t nevents, events_cap;
    index_map          event_map;   /* (dyad, day) and stored ids -> event */
    index_map          sources_seen;
    uint32_t          *dirty;    size_t ndirty, dirty_cap;
    /* the batch */
    daily_change      *daily;    size_t ndaily, daily_cap;
    index_map          daily_map;
    volume_change     *volume;   size_t nvolume, volume_cap;
    index_map          volume_map;
    json_parser       *json;
    deeds_ingest_stats st;
};

static int prepare_ingest(deeds_store *s)
{
    for (int i = 0; i < SQL__COUNT; i++) {
        const char *sql = i == SQL_SENTENCE_INDEX ? s->be->index_sentence
                        : i == SQL_SENTENCE_INDEX_BATCH ? s->be->index_batch
                        : ingest_sql[i];
        if (!sql || s->stmt[i])
            continue;
        if (!(s->stmt[i] = s->be->prepare(s, sql)))
            return -1;
    }
    return 0;
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
    if (s->stmt[SQL_SENTENCE_INDEX_BATCH]) {
        long pending = meta_get(s, "search_pending");
        g->search_from = pending > 0 ? pending : 0;
    }
    return g;
}

/* The run's events stay in memory so that a report finds its event without
 * asking the database; once there are more than this many batches' worth
 * (a million events with the default batch, about 200 bytes each), they
 * are dropped after a commit, and later reports look their events up in
 * the store as they do for events of earlier runs.  Memory stays bounded
 * however long the run. */
#define CACHE_BATCHES 20

/* Reads the days the store's events cover, to know when a report can have
 * an event in the store (none: lo > hi). */
static int stored_days(deeds_ingest *g)
{
    deeds_store *s = g->s;
    store_stmt *st = s->stmt[SQL_EVENT_DAYS];
    int rc = s->be->step(st);
    if (rc == 1) {
        int32_t lo = (int32_t)s->be->column_int(st, 0), hi = (int32_t)s->be->column_int(st, 1);
        g->stored_lo = lo ? deeds_date_days(lo) : 0;
        g->stored_hi = hi ? deeds_date_days(hi) : -1;
    }
    s->be->reset(st);
    return rc == 1 ? 0 : -1;
}

/* Called with every cached event committed: they are in the store now,
 * whose days are read again. */
static int cache_drop(deeds_ingest *g)
{
    g->nevents = 0;
    map_clear(&g->event_map);
    map_clear(&g->sources_seen);
    return stored_days(g);
}

/* Starts a batch under the store's write lock and reads where ids go on.
 * Reports numbered past this run's own mean that another ingest committed
 * batches since this one's last: the events kept in memory may then be
 * out of date (the other may have reported the same events), so they are
 * dropped and looked up in the store again. */
static int batch_begin(deeds_ingest *g)
{
    if (g->in_transaction)
        return 0;
    deeds_store *s = g->s;
    if (s->be->exec(s, s->be->begin_write))
        return -1;
    g->in_transaction = 1;
    g->in_batch = 0;
    g->batch_first_article = 0;
    store_stmt *st = s->stmt[SQL_NEXT_IDS];
    if (s->be->step(st) != 1) {
        s->be->reset(st);
        return -1;
    }
    int64_t next_report = s->be->column_int(st, 1) + 1;
    int first = !g->next_report, others = !first && next_report != g->next_report;
    g->next_article = s->be->column_int(st, 0) + 1;
    g->next_report = next_report;
    g->next_event = s->be->column_int(st, 2) + 1;
    s->be->reset(st);
    if (others)
        return cache_drop(g);
    return first ? stored_days(g) : 0;
}

/* Writes one cached event: a new row, or what this run added to a stored
 * one. */
static int event_write(deeds_ingest *g, cached_event *e)
{
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    const dyad_code *k = &g->dyads[e->dyad];
    if (e->stored) {
        store_stmt *u = s->stmt[SQL_EVENT_UPDATE];
        be->bind_int(u, 1, e->mentions);
        be->bind_int(u, 2, e->articles);
        be->bind_int(u, 3, e->sources);
        be->bind_int(u, 4, e->date);
        be->bind_int(u, 5, e->day);
        be->bind_int(u, 6, e->first_report);
        be->bind_int(u, 7, e->id);
        if (run(s, SQL_EVENT_UPDATE))
            return -1;
    } else {
        store_stmt *a = s->stmt[SQL_EVENT_ADD];
        be->bind_int(a, 1, e->id);
        be->bind_int(a, 2, e->date);
        be->bind_int(a, 3, e->day);
        be->bind_text(a, 4, k->source);
        be->bind_text(a, 5, k->target);
        be->bind_text(a, 6, k->code);
        be->bind_int(a, 7, k->mode);
        be->bind_double(a, 8, k->goldstein);
        be->bind_int(a, 9, e->mentions);
        be->bind_int(a, 10, e->articles);
        be->bind_int(a, 11, e->sources);
        be->bind_int(a, 12, e->first_report);
        if (run(s, SQL_EVENT_ADD))
            return -1;
        e->stored = 1;
    }
    e->mentions = e->articles = e->sources = 0;
    return 0;
}

static int events_flush(deeds_ingest *g)
{
    for (size_t i = 0; i < g->ndirty; i++) {
        cached_event *e = &g->events[g->dirty[i]];
        e->dirty = 0;
        if (event_write(g, e))
            return -1;
    }
    g->ndirty = 0;
    return 0;
}

static volume_change *volume_at(deeds_ingest *g, int32_t date)
{
    uint32_t *slot = map_slot(&g->volume_map, mix((uint64_t)date), 1);
    if (g->volume_map.n > g->nvolume) {
        GROW(g->volume, g->nvolume, g->volume_cap);
        g->volume[g->nvolume] = (volume_change){ .date = date };
        *slot = (uint32_t)g->nvolume++;
    }
    return &g->volume[*slot];
}

/* In the order of daily's primary key (source, target, date, code, mode). */
static int daily_order(const void *a, const void *b, void *ud)
{
    const deeds_ingest *g = ud;
    const daily_change *x = a, *y = b;
    const dyad_code *kx = &g->dyads[x->dyad], *ky = &g->dyads[y->dyad];
    int c = strcmp(kx->source, ky->source);
    if (!c)
        c = strcmp(kx->target, ky->target);
    if (!c)
        c = (x->date > y->date) - (x->date < y->date);
    if (!c)
        c = strcmp(kx->code, ky->code);
    return c ? c : (int)kx->mode - (int)ky->mode;
}

/* Daily rows first: a row that did not exist before is a new one-a-day
 * group, which the volume of its date counts.  The rows are written in key
 * order, so that each finds its page where the last one left off. */
static int daily_flush(deeds_ingest *g)
{
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    if (g->ndaily > 1)
        qsort_r(g->daily, g->ndaily, sizeof *g->daily, daily_order, g);
    for (size_t i = 0; i < g->ndaily; i++) {
        daily_change *d = &g->daily[i];
        const dyad_code *k = &g->dyads[d->dyad];
        store_stmt *st = s->stmt[SQL_DAILY_ADD];
        be->bind_text(st, 1, k->source);
        be->bind_text(st, 2, k->target);
        be->bind_int(st, 3, d->date);
        be->bind_text(st, 4, k->code);
        be->bind_int(st, 5, k->mode);
        be->bind_double(st, 6, k->goldstein);
        be->bind_int(st, 7, d->reports);
        be->bind_int(st, 8, d->events);
        be->bind_int(st, 9, d->first_report);
        int64_t reports = 0;
        if (run_value(s, SQL_DAILY_ADD, &reports) != 1)
            return -1;
        if (k->mode == DEEDS_MODE_ASSERTED && d->reports > 0 && reports == d->reports)
            volume_at(g, d->date)->oneaday++;
    }
    for (size_t i = 0; i < g->nvolume; i++) {
        volume_change *v = &g->volume[i];
        store_stmt *st = s->stmt[SQL_VOLUME_ADD];
        be->bind_int(st, 1, v->date);
        be->bind_int(st, 2, v->reports);
        be->bind_int(st, 3, v->oneaday);
        be->bind_int(st, 4, v->events);
        if (run(s, SQL_VOLUME_ADD))
            return -1;
    }
    g->ndaily = g->nvolume = 0;
    map_clear(&g->daily_map);
    map_clear(&g->volume_map);
    return 0;
}

/* Writes what the batch changed and commits it. */
static int batch_commit(deeds_ingest *g)
{
    if (!g->in_transaction)
        return 0;
    deeds_store *s = g->s;
    if (events_flush(g) || daily_flush(g))
        return -1;
    if (g->batch_first_article && s->stmt[SQL_SENTENCE_INDEX_BATCH] && !g->search_from) {
        g->search_from = g->batch_first_article * (INT64_C(1) << 20);
        if (meta_set(s, "search_pending", (long)g->search_from))
            return -1;
    }
    g->in_transaction = 0;
    if (s->be->exec(s, "COMMIT"))
        return -1;
    return g->nevents > CACHE_BATCHES * g->batch ? cache_drop(g) : 0;
}

/* Reads an int column of every row of statement i into *out. */
static int read_column(deeds_store *s, int i, int64_t key, void *out, size_t *n,
                       size_t *cap, int wide)
{
    store_stmt *st = s->stmt[i];
    if (i == SQL_ARTICLE_SENTENCES) {
        /* a sentence's id is its article's id times 2^20 plus its index */
        s->be->bind_int(st, 1, key * (INT64_C(1) << 20));
        s->be->bind_int(st, 2, (key + 1) * (INT64_C(1) << 20));
    } else {
        s->be->bind_int(st, 1, key);
    }
    int rc;
    while ((rc = s->be->step(st)) == 1) {
        int64_t v = s->be->column_int(st, 0);
        if (wide) {
            uint64_t **arr = out;
            *arr = deeds_grow(*arr, cap, *n + 1, sizeof **arr);
            (*arr)[(*n)++] = (uint64_t)v;
        } else {
            int **arr = out;
            *arr = deeds_grow(*arr, cap, *n + 1, sizeof **arr);
            (*arr)[(*n)++] = (int)v;
        }
    }
    s->be->reset(st);
    return rc < 0 ? -1 : 0;
}

/* Switches to the article of r: commits the batch when it is full (so a
 * batch ends on an article boundary), then adds the article, or reads
 * what an article stored before already holds. */
static int article_enter(deeds_ingest *g, const report *r)
{
    if (g->doc.data && !strcmp(g->doc.data, r->doc))
        return 0;
    if (g->in_batch >= g->batch && batch_commit(g))
        return -1;
    if (batch_begin(g))
        return -1;
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    deeds_buf_reset(&g->doc);
    deeds_buf_puts(&g->doc, r->doc);
    g->ntouched = g->nhashes = g->nsents = 0;
    store_stmt *add = s->stmt[SQL_ARTICLE_ADD];
    be->bind_int(add, 1, g->next_article);
    be->bind_text(add, 2, r->doc);
    be->bind_int(add, 3, r->article_date);
    be->bind_text(add, 4, r->publication);
    be->bind_text(add, 5, r->url);
    be->bind_text(add, 6, r->title);
    int fresh = run_value(s, SQL_ARTICLE_ADD, &g->article);
    if (fresh < 0)
        return -1;
    g->article_stored = !fresh;
    if (fresh) {
        g->st.articles_new++;
        if (!g->batch_first_article)
            g->batch_first_article = g->article;
        g->next_article++;
        return 0;
    }
    g->st.articles_stored++;
    be->bind_text(s->stmt[SQL_ARTICLE_FIND], 1, r->doc);
    if (run_value(s, SQL_ARTICLE_FIND, &g->article) != 1)
        return -1;
    if (read_column(s, SQL_ARTICLE_REPORTS, g->article, &g->hashes, &g->nhashes,
                    &g->hashes_cap, 1) ||
        read_column(s, SQL_ARTICLE_SENTENCES, g->article, &g->sents, &g->nsents,
                    &g->sents_cap, 0))
        return -1;
    return 0;
}

/* FNV-1a over what makes a report that report, folded to 53 bits (exact in
 * a double, like the event ids of emit.c). */
static uint64_t report_hash(const report *r)
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
    return (h ^ (h >> 53)) & ((UINT64_C(1) << 53) - 1);
}

static int seen_in_article(const uint64_t *list, size_t n, uint64_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

static uint64_t text_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* The dyad and code of r, interned for the run; a dyad new to the run is
 * recorded in the dyads table, which series look up first. */
static int dyad_of(deeds_ingest *g, const report *r, uint32_t *out)
{
    char mode[4];
    snprintf(mode, sizeof mode, "%d", (int)r->mode);
    uint64_t h = mix(text_hash(r->source) ^ mix(text_hash(r->target) ^
                     mix(text_hash(r->code) ^ text_hash(mode))));
    uint32_t *slot = map_slot(&g->dyad_map, h, 1);
    if (g->dyad_map.n > g->ndyads) {
        GROW(g->dyads, g->ndyads, g->dyads_cap);
        dyad_code *k = &g->dyads[g->ndyads];
        k->hash = h;
        snprintf(k->source, sizeof k->source, "%s", r->source);
        snprintf(k->target, sizeof k->target, "%s", r->target);
        snprintf(k->code, sizeof k->code, "%s", r->code);
        k->mode = r->mode;
        k->goldstein = deeds_cameo_lookup(r->code)->goldstein;
        *slot = (uint32_t)g->ndyads++;
        deeds_store *s = g->s;
        s->be->bind_text(s->stmt[SQL_DYAD_ADD], 1, r->source);
        s->be->bind_text(s->stmt[SQL_DYAD_ADD], 2, r->target);
        if (run(s, SQL_DYAD_ADD))
            return -1;
    }
    *out = *slot;
    return 0;
}

static uint64_t event_key(const deeds_ingest *g, uint32_t dyad, long day)
{
    return mix(g->dyads[dyad].hash ^ mix((uint64_t)day));
}

static uint64_t stored_id_key(int64_t id)
{
    return mix((uint64_t)id ^ 0x5bd1e9955bd1e995ULL);
}

static void mark_dirty(deeds_ingest *g, uint32_t e)
{
    if (g->events[e].dirty)
        return;
    g->events[e].dirty = 1;
    GROW(g->dirty, g->ndirty, g->dirty_cap);
    g->dirty[g->ndirty++] = e;
}

static uint32_t event_new(deeds_ingest *g, uint32_t dyad, long day, int32_t date,
                          int64_t id, int64_t first_report, int stored)
{
    GROW(g->events, g->nevents, g->events_cap);
    uint32_t e = (uint32_t)g->nevents++;
    g->events[e] = (cached_event){ .id = id, .first_report = first_report,
                                    .dyad = dyad, .day = (int32_t)day, .date = date,
                                    .stored = (unsigned char)stored };
    *map_slot(&g->event_map, event_key(g, dyad, day), 1) = e;
    /* By id too: the database may hand back an event this run holds. */
    *map_slot(&g->event_map, stored_id_key(id), 1) = e;
    return e;
}

/* The nearest event of dyad within the window among those cached; *dist
 * receives its distance in days. */
static uint32_t event_cached_near(deeds_ingest *g, uint32_t dyad, long day, long *dist)
{
    for (long d = 0; d < g->s->window; d++) {
        for (int side = -1; side <= 1; side += 2) {
            uint32_t e = map_get(&g->event_map, event_key(g, dyad, day + side * d));
            if (e != MAP_NONE && g->events[e].day == day + side * d) {
                *dist = d;
                return e;
            }
            if (!d)
                break;
        }
    }
    return MAP_NONE;
}

/* The nearest event stored before this run, when one can be in reach. */
static int event_stored_near(deeds_ingest *g, const report *r, uint32_t dyad,
                             long day, uint32_t *found, long *dist)
{
    deeds_store *s = g->s;
    const store_backend *be = s->be;
    long w = s->window - 1;
    if (day + w < g->stored_lo || day - w > g->stored_hi)
        return 0;
    store_stmt *near = s->stmt[SQL_EVENT_NEAR];
    be->bind_text(near, 1, r->source);
    be->bind_text(near, 2, r->target);
    be->bind_text(near, 3, r->code);
    be->bind_int(near, 4, r->mode);
    be->bind_int(near, 5, day - w);
    be->bind_int(near, 6, day + w);
    be->bind_int(near, 7, day);
    int rc = be->step(near);
    if (rc == 1) {
        int64_t id = be->column_int(near, 0);
        long d = (long)be->column_int(near, 1);
        uint32_t e = map_get(&g->event_map, stored_id_key(id));
        if (e == MAP_NONE)
            e = event_new(g, dyad, d, (int32_t)be->column_int(near, 2), id,
                          be->column_int(near, 3), 1);
        long ed = g->events[e].day;
        *dist = ed > day ? ed - day : day - ed;
        if (*dist <= w)
            *found = e;
    }
    be->reset(near);
    return rc < 0 ? -1 : 0;
}

static daily_change *daily_at(deeds_ingest *g, uint32_t dyad, int32_t date, int64_t rid)
{
    uint32_t *slot = map_slot(&g->daily_map, event_key(g, dyad, date), 1);
    if (g->daily_map.n > g->ndaily) {
        GROW(g->daily, g->ndaily, g->daily_cap);
        g->daily[g->ndaily] = (daily_change){ .dyad = dyad, .date = date,
                                              .first_report = rid };
        *slot = (uint32_t)g->ndaily++;
    }
    return &g->daily[*slot];
}

/* Counts one event more (delta 1) or less (-1) on a date. */
static void event_count(deeds_ingest *g, uint32_t dyad, int32_t date, int64_t rid, int delta)
{
    daily_at(g, dyad, date, rid)->events += delta;
    if (g->dyads[dyad].mode == DEEDS_MODE_ASSERTED)
        volume_at(g, date)->events += delta;
}

/* Whether an event already has a report from this publication. */
static int source_seen(deeds_ingest *g, uint32_t e, const char *publication, int *seen)
{
    cached_event *ev = &g->events[e];
    uint64_t key = mix((uint64_t)ev->id ^ mix(text_hash(publication ? publication : "")));
    *seen = map_get(&g->sources_seen, key) != MAP_NONE;
    if (*seen)
        return 0;
    *map_slot(&g->sources_seen, key, 1) = 1;
    if (!ev->stored)
        return 0;
    deeds_store *s = g->s;
    s->be->bind_int(s->stmt[SQL_EVENT_SOURCE_SEEN], 1, ev->id);
    s->be->bind_text(s->stmt[SQL_EVENT_SOURCE_SEEN], 2, publication);
    int rc = run_value(s, SQL_EVENT_SOURCE_SEEN, NULL);
    *seen = rc == 1;
    return rc < 0 ? -1 : 0;
}

static int touched_before(deeds_ingest *g, uint32_t e)
{
    for (size_t i = 0; i < g->ntouched; i++)
        if (g->touched[i] == e)
            return 1;
    GROW(g->touched, g->ntouched, g->touched_cap);
    g->touched[g->ntouched++] = e;
    return 0;
}

/* The mentions model: finds the event r is a mention of (same source,
 * target, code and mode, first reported within the window), or starts a
 * new one; an earlier report than an event's first moves the event to its
 * day.  Counts go to the cache, written at the batch's end. */
static int event_assign(deeds_ingest *g, const report *r, int64_t rid, uint32_t dyad,
                        int64_t *event)
{
    long day = deeds_date_days(r->date), dist = 0, stored_dist = 0;
    uint32_t e = event_cached_near(g, dyad, day, &dist), stored = MAP_NONE;
    if ((e == MAP_NONE || dist > 0) &&
        event_stored_near(g, r, dyad, day, &stored, &stored_dist))
        return -1;
    /* Ties go to the earlier day, as event_cached_near looks there first. */
    if (stored != MAP_NONE && (e == MAP_NONE || stored_dist < dist ||
                               (stored_dist == dist && g->events[stored].day < g->events[e].day)))
        e = stored;
    if (e == MAP_NONE) {
        e = event_new(g, dyad, day, r->date, g->next_event++, rid, 0);
        cached_event *ev = &g->events[e];
        ev->mentions = ev->articles = ev->sources = 1;
        touched_before(g, e);
        int seen;
        source_seen(g, e, r->publication, &seen);
        mark_dirty(g, e);
        event_count(g, dyad, r->date, rid, 1);
        g->st.events_new++;
        *event = ev->id;
        return 0;
    }
    int seen;
    if (source_seen(g, e, r->publication, &seen))
        return -1;
    cached_event *ev = &g->events[e];
    ev->mentions++;
    ev->articles += !touched_before(g, e);
    ev->sources += !seen;
    mark_dirty(g, e);
    g->st.events_merged++;
    *event = ev->id;
    if (day >= ev->day)
        return 0;
    event_count(g, dyad, ev->date, ev->first_report, -1);
    *map_slot(&g->event_map, event_key(g, dyad, ev->day), 1) = MAP_NONE;
    *map_slot(&g->event_map, event_key(g, dyad, day), 1) = e;
    ev->day = (int32_t)day;
    ev->date = r->date;
    ev->first_report = rid;
    event_count(g, dyad, r->date, rid, 1);
    /* A stored event's row must say where it is now: later look-ups in the
     * database go by its day. */
    return ev->stored ? event_write(g, ev) : 0;
}

static int sentence_add(deeds_ingest *g, const report *r, int64_t *id)
{
    deeds_store *s = g->s;
    *id = g->article * (INT64_C(1) << 20) + r->sent;
    for (size_t i = 0; i < g->nsents; i++)
        if (g->sents[i] == r->sent)
            return 0;
    GROW(g->sents, g->nsents, g->sents_cap);
    g->sents[g->nsents++] = r->sent;
    store_stmt *add = s->stmt[SQL_SENTENCE_ADD];
    s->be->bind_int(add, 1, *id);
    s->be->bind_int(add, 2, g->article);
    s->be->bind_int(add, 3, r->sent);
    s->be->bind_text(add, 4, r->sentence);
    if (run(s, SQL_SENTENCE_ADD))
        return -1;
    /* New articles' sentences (and any a killed run left) are indexed
     * together when the run ends. */
    if (!g->article_stored || !s->stmt[SQL_SENTENCE_INDEX] ||
        (g->search_from && *id >= g->search_from))
        return 0;
    s->be->bind_int(s->stmt[SQL_SENTENCE_INDEX], 1, *id);
    s->be->bind_text(s->stmt[SQL_SENTENCE_INDEX], 2, r->sentence);
    return run(s, SQL_SENTENCE_INDEX);
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
    uint64_t hash = report_hash(r);
    if (seen_in_article(g->hashes, g->nhashes, hash)) {
        g->st.reports_stored++;
        return 0;
    }
    GROW(g->hashes, g->nhashes, g->hashes_cap);
    g->hashes[g->nhashes++] = hash;
    int64_t rid = g->next_report++, sentence, event = 0;
    uint32_t dyad;
    if (dyad_of(g, r, &dyad) || sentence_add(g, r, &sentence) ||
        event_assign(g, r, rid, dyad, &event))
        goto fail;
    store_stmt *add = s->stmt[SQL_REPORT_ADD];
    be->bind_int(add, 1, rid);
    be->bind_int(add, 2, (int64_t)hash);
    be->bind_int(add, 3, g->article);
    be->bind_int(add, 4, sentence);
    be->bind_int(add, 5, r->sent);
    be->bind_int(add, 6, r->date);
    be->bind_text(add, 7, r->source);
    be->bind_text(add, 8, r->target);
    be->bind_text(add, 9, r->code);
    be->bind_int(add, 10, r->mode);
    be->bind_double(add, 11, g->dyads[dyad].goldstein);
    be->bind_int(add, 12, event);
    be->bind_text(add, 13, r->source_text);
    be->bind_text(add, 14, r->target_text);
    be->bind_text(add, 15, r->verb_text);
    if (run(s, SQL_REPORT_ADD))
        goto fail;
    daily_at(g, dyad, r->date, rid)->reports++;
    if (r->mode == DEEDS_MODE_ASSERTED)
        volume_at(g, r->date)->reports++;
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

void deeds_ingest_progress(const deeds_ingest *g, deeds_ingest_stats *st)
{
    *st = g->st;
}

/* The sentences of new articles are indexed for full-text search once,
 * when the run ends: one pass over them all costs far less than one per
 * batch.  Until then meta.search_pending says where they start, so that a
 * run killed before this point has them indexed by the next one. */
static int search_index(deeds_ingest *g)
{
    deeds_store *s = g->s;
    if (!g->search_from)
        return 0;
    if (s->be->exec(s, s->be->begin_write))
        return -1;
    s->be->bind_int(s->stmt[SQL_SENTENCE_INDEX_BATCH], 1, g->search_from);
    if (run(s, SQL_SENTENCE_INDEX_BATCH) ||
        s->be->exec(s, "DELETE FROM meta WHERE key = 'search_pending'") ||
        s->be->exec(s, "COMMIT")) {
        s->be->exec(s, "ROLLBACK");
        return -1;
    }
    g->search_from = 0;
    return 0;
}

int deeds_ingest_end(deeds_ingest *g, deeds_ingest_stats *st)
{
    if (!g)
        return -1;
    int rc = g->failed ? -1 : batch_commit(g);
    if (rc && g->in_transaction)
        g->s->be->exec(g->s, "ROLLBACK");
    if (!rc)
        rc = search_index(g);
    if (st)
        *st = g->st;
    json_parser_free(g->json);
    deeds_buf_free(&g->doc);
    free(g->hashes);
    free(g->sents);
    free(g->touched);
    free(g->dyads);
    free(g->events);
    free(g->dirty);
    free(g->daily);
    free(g->volume);
    map_free(&g->dyad_map);
    map_free(&g->event_map);
    map_free(&g->sources_seen);
    map_free(&g->daily_map);
    map_free(&g->volume_map);
    free(g);
    return rc;
}

/* ----------------------------------------------------------------- query */

void store_where_prefix(deeds_buf *sql, store_params *p, const char *col,
                        const char *prefix)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (!n || !strcmp(prefix, "*") || p->nupper >= 8 || n >= sizeof p->upper[0])
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
        " d.goldstein, d.reports, g.articles, g.sources",
    [DEEDS_COUNT_EVENTS] =
        "SELECT e.id, e.date, e.source, e.target, e.code, e.mode, e.goldstein,"
        " e.num_mentions, e.num_articles, e.num_sources",
};
static const char *const select_from[] = {
    [DEEDS_COUNT_REPORTS] = " FROM reports r",
    [DEEDS_COUNT_ONE_A_DAY] = " FROM daily d JOIN groups g ON g.date = d.date"
                              " AND g.source = d.source AND g.target = d.target"
                              " AND g.code = d.code AND g.mode = d.mode"
                              " JOIN reports r ON r.id = d.first_report",
    [DEEDS_COUNT_EVENTS] = " FROM events e JOIN reports r ON r.id = e.first_report",
};
static const char unit_alias[] = { [DEEDS_COUNT_REPORTS] = 'r',
                                   [DEEDS_COUNT_ONE_A_DAY] = 'd',
                                   [DEEDS_COUNT_EVENTS] = 'e' };

/* The conditions of a query on the columns of alias u. */
static void query_where(const deeds_event_query *q, char u, deeds_buf *sql,
                        store_params *p)
{
    char col[16], cond[48];
    if (!q->all_modes)
        deeds_buf_printf(sql, " AND %c.mode = 0", u);
    snprintf(col, sizeof col, "%c.source", u);
    store_where_prefix(sql, p, col, q->source);
    snprintf(col, sizeof col, "%c.target", u);
    store_where_prefix(sql, p, col, q->target);
    snprintf(col, sizeof col, "%c.code", u);
    store_where_prefix(sql, p, col, q->code);
    if (q->from) {
        snprintf(cond, sizeof cond, "%c.date >= $%%d", u);
        store_where_int(sql, p, cond, q->from);
    }
    if (q->to) {
        snprintf(cond, sizeof cond, "%c.date <= $%%d", u);
        store_where_int(sql, p, cond, q->to);
    }
}

static void query_sql(const deeds_store *s, const deeds_event_query *q,
                      deeds_buf *sql, store_params *p)
{
    deeds_count c = q->count;
    char u = unit_alias[c];
    /* One-a-day groups count their distinct articles and outlets in one
     * grouped pass over the selected reports. */
    if (c == DEEDS_COUNT_ONE_A_DAY) {
        deeds_buf_puts(sql, "WITH groups AS (SELECT x.date, x.source, x.target, x.code,"
                            " x.mode, count(DISTINCT x.article) AS articles,"
                            " count(DISTINCT coalesce(y.publication, '')) AS sources"
                            " FROM reports x JOIN articles y ON y.id = x.article"
                            " WHERE 1 = 1");
        query_where(q, 'x', sql, p);
        deeds_buf_puts(sql, " GROUP BY x.date, x.source, x.target, x.code, x.mode) ");
    }
    deeds_buf_puts(sql, select_head[c]);
    deeds_buf_puts(sql, ", a.doc, a.publication, a.url, a.title, r.sent, t.text,"
                        " r.source_text, r.target_text, r.verb_text");
    deeds_buf_puts(sql, select_from[c]);
    deeds_buf_puts(sql, " JOIN articles a ON a.id = r.article"
                        " JOIN sentences t ON t.id = r.sentence WHERE 1 = 1");
    query_where(q, u, sql, p);
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
