/*
 * store-ceiling: how many events a second SQLite itself can take on this
 * machine, for the rows a store of coded events needs, with no parsing and
 * no deeds code in the way.  It sets deeds ingest's figure against what the
 * database allows.
 *
 * Each event of the generated input (three events an article, a skewed mix
 * of a few thousand source-target-code keys, ten years of dates) is written
 * the cheapest way SQLite offers: prepared statements, one transaction per
 * 50,000 events, WAL with synchronous=NORMAL and the checkpoint interval
 * deeds uses (what keeps committed batches across a killed process), integer keys
 * instead of actor and code text, every batch sorted by key before the
 * keyed tables are written.  Tiers, each adding to the one before:
 *
 *   rows     an article row (unique document id) every third event, a
 *            report row (indexed by its event) and a sentence row: what
 *            tracing an event back to its sentence and article needs
 *   events   the mentions model's event row, indexed by (key, day), and the
 *            per-day counts (key, date) that series read
 *   search   the FTS5 index over the sentences (one pass per batch), for
 *            deeds serve's search
 *
 * Usage: store-ceiling DB N.  Prints one line per tier: seconds for each
 * kind of row, commits, and events/s.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH 50000

static sqlite3 *db;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sql(const char *text)
{
    char *msg = NULL;
    if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "store-ceiling: %s: %s\n", text, msg ? msg : "error");
        exit(1);
    }
}

static sqlite3_stmt *prepare(const char *text)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, text, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "store-ceiling: %s: %s\n", text, sqlite3_errmsg(db));
        exit(1);
    }
    return st;
}

static void step(sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE) {
        fprintf(stderr, "store-ceiling: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
    sqlite3_reset(st);
}

/* One generated event: its key (source, target, code as one integer) and
 * day; rand() squared skews the keys so that a few are frequent, as dyads
 * in the news are. */
typedef struct gen {
    int key, day;
} gen;

static int by_key_day(const void *a, const void *b)
{
    const gen *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->day > y->day) - (x->day < y->day);
}

enum { T_ARTICLES, T_REPORTS, T_SENTENCES, T_SEARCH, T_EVENTS, T_DAILY, T_COMMIT, T__N };

static void tier(const char *path, int n, int level)
{
    remove(path);
    char side[1024];
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "store-ceiling: cannot open %s\n", path);
        exit(1);
    }
    sql("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        " PRAGMA wal_autocheckpoint=10000;"
        "CREATE TABLE articles(id INTEGER PRIMARY KEY, doc TEXT NOT NULL UNIQUE,"
        " date INTEGER NOT NULL, publication TEXT, url TEXT);"
        "CREATE TABLE reports(id INTEGER PRIMARY KEY, hash INTEGER NOT NULL,"
        " article INTEGER NOT NULL, sent INTEGER NOT NULL, date INTEGER NOT NULL,"
        " key INTEGER NOT NULL, event INTEGER NOT NULL, source_text TEXT NOT NULL,"
        " target_text TEXT NOT NULL, verb_text TEXT NOT NULL);"
        "CREATE INDEX reports_event ON reports(event);"
        "CREATE TABLE sentences(id INTEGER PRIMARY KEY, text TEXT NOT NULL);"
        "CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences',"
        " content_rowid='id');"
        "CREATE TABLE events(id INTEGER PRIMARY KEY, key INTEGER NOT NULL,"
        " day INTEGER NOT NULL, mentions INTEGER NOT NULL, first_report INTEGER NOT NULL);"
        "CREATE INDEX events_key ON events(key, day);"
        "CREATE TABLE daily(key INTEGER NOT NULL, date INTEGER NOT NULL,"
        " reports INTEGER NOT NULL, PRIMARY KEY(key, date)) WITHOUT ROWID;");
    sqlite3_stmt *article = prepare("INSERT INTO articles VALUES(?, ?, ?, ?, ?)");
    sqlite3_stmt *report = prepare("INSERT INTO reports VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *sentence = prepare("INSERT INTO sentences VALUES(?, ?)");
    sqlite3_stmt *search = prepare("INSERT INTO sentences_fts(rowid, text)"
                                   " SELECT id, text FROM sentences WHERE id > ?");
    sqlite3_stmt *event = prepare("INSERT INTO events VALUES(?, ?, ?, 1, ?)");
    sqlite3_stmt *daily = prepare("INSERT INTO daily VALUES(?, ?, 1) ON CONFLICT(key, date)"
                                  " DO UPDATE SET reports = reports + 1");
    gen *batch = malloc(BATCH * sizeof *batch);
    double t[T__N] = { 0 };
    char text[160];
    /* sentence ids increase: each batch indexes those after the last one */
    sqlite3_int64 indexed = 0, last_sentence = 0;
    srand(7);
    for (int first = 0; first < n; first += BATCH) {
        int m = n - first < BATCH ? n - first : BATCH;
        for (int i = 0; i < m; i++) {
            double r = (double)rand() / RAND_MAX;
            batch[i].key = (int)(r * r * 8000);
            batch[i].day = 14610 + (int)((double)(first + i) * 3650 / n);
        }
        sql("BEGIN IMMEDIATE");
        double t0 = now();
        for (int i = (3 - first % 3) % 3; i < m; i += 3) {
            int a = (first + i) / 3 + 1;
            snprintf(text, sizeof text, "wire-%d", a);
            sqlite3_bind_int(article, 1, a);
            sqlite3_bind_text(article, 2, text, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(article, 3, 20150101);
            sqlite3_bind_text(article, 4, "Wire", -1, SQLITE_STATIC);
            sqlite3_bind_text(article, 5, "https://example.org/news/2015/01/01/item", -1,
                              SQLITE_STATIC);
            step(article);
        }
        double t1 = now();
        for (int i = 0; i < m; i++) {
            int e = first + i + 1;
            sqlite3_bind_int(report, 1, e);
            sqlite3_bind_int64(report, 2, (sqlite3_int64)e * 2654435761LL);
            sqlite3_bind_int(report, 3, (first + i) / 3 + 1);
            sqlite3_bind_int(report, 4, (first + i) % 3);
            sqlite3_bind_int(report, 5, 20150101);
            sqlite3_bind_int(report, 6, batch[i].key);
            sqlite3_bind_int(report, 7, e);
            sqlite3_bind_text(report, 8, "the United States", -1, SQLITE_STATIC);
            sqlite3_bind_text(report, 9, "North Korea", -1, SQLITE_STATIC);
            sqlite3_bind_text(report, 10, "condemned", -1, SQLITE_STATIC);
            step(report);
        }
        double t2 = now();
        for (int i = 0; i < m; i++) {
            int a = (first + i) / 3 + 1;
            int sent = (first + i) % 3;
            snprintf(text, sizeof text, "Sentence %d of article %d: the envoy of %d "
                     "condemned the test held by %d on day %d.", sent, a,
                     batch[i].key / 100, batch[i].key % 100, batch[i].day);
            last_sentence = ((sqlite3_int64)a << 20) + sent;
            sqlite3_bind_int64(sentence, 1, last_sentence);
            sqlite3_bind_text(sentence, 2, text, -1, SQLITE_TRANSIENT);
            step(sentence);
        }
        double t3 = now();
        if (level >= 2) {
            sqlite3_bind_int64(search, 1, indexed);
            step(search);
            indexed = last_sentence;
        }
        double t4 = now();
        if (level >= 1) {
            qsort(batch, (size_t)m, sizeof *batch, by_key_day);
            for (int i = 0; i < m; i++) {
                sqlite3_bind_int(event, 1, first + i + 1);
                sqlite3_bind_int(event, 2, batch[i].key);
                sqlite3_bind_int(event, 3, batch[i].day);
                sqlite3_bind_int(event, 4, first + i + 1);
                step(event);
            }
        }
        double t5 = now();
        if (level >= 1) {
            for (int i = 0; i < m; i++) {
                sqlite3_bind_int(daily, 1, batch[i].key);
                sqlite3_bind_int(daily, 2, batch[i].day);
                step(daily);
            }
        }
        double t6 = now();
        sql("COMMIT");
        double t7 = now();
        double d[T__N] = { t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6 };
        for (int k = 0; k < T__N; k++)
            t[k] += d[k];
    }
    double total = 0;
    for (int k = 0; k < T__N; k++)
        total += t[k];
    static const char *const names[] = { "rows", "+ events", "+ search" };
    printf("  %-9s articles %.2f s, reports %.2f s, sentences %.2f s", names[level],
           t[T_ARTICLES], t[T_REPORTS], t[T_SENTENCES]);
    if (level >= 1)
        printf(", events %.2f s, daily %.2f s", t[T_EVENTS], t[T_DAILY]);
    if (level >= 2)
        printf(", full-text %.2f s", t[T_SEARCH]);
    printf(", commits %.2f s: %.0f events/s\n", t[T_COMMIT], n / total);
    free(batch);
    sqlite3_finalize(article);
    sqlite3_finalize(report);
    sqlite3_finalize(sentence);
    sqlite3_finalize(search);
    sqlite3_finalize(event);
    sqlite3_finalize(daily);
    sqlite3_close(db);
    remove(path);
}

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[2]) < 1) {
        fprintf(stderr, "usage: store-ceiling DB N\n");
        return 2;
    }
    for (int level = 0; level <= 2; level++)
        tier(argv[1], atoi(argv[2]), level);
    return 0;
}
