/*
 * store_pg.c: the store's PostgreSQL back end, through libpq.
 *
 * A store named by a "postgresql://" (or "postgres://") URI lives in a
 * PostgreSQL database with the same tables as a SQLite store (store.c
 * holds the logic and the SQL; this file only runs it).  What differs:
 *   - writers take a lock on meta for each batch (SQLite's BEGIN
 *     IMMEDIATE), since ingest hands out ids itself;
 *   - actor and code columns use the "C" collation, so that prefix ranges
 *     ("USA" <= code < "USB") order bytes as SQLite does;
 *   - full-text search is PostgreSQL's own: a GIN index over
 *     to_tsvector('english', text), queried with plainto_tsquery (plain
 *     words, all required), where SQLite takes FTS5 query syntax.
 * Parameters travel as text and the server infers their types from the
 * statement; each prepared statement gets its own server-side name.
 */
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

#define PG_MAX_PARAMS 32

struct store_stmt {
    deeds_store *s;
    char         name[24];
    int          nparams;
    char        *param[PG_MAX_PARAMS];
    PGresult    *res;
    int          row;      /* the row step returned last */
    int          ran;
};

static void pg_report(deeds_store *s, const char *what, const char *msg)
{
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    deeds_diag_error(s->diag, s->where, 0, "PostgreSQL %s: %.*s", what, (int)n, msg);
}

static int pg_exec(deeds_store *s, const char *sql)
{
    PGresult *r = PQexec(s->db, sql);
    ExecStatusType st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        pg_report(s, "error", PQerrorMessage(s->db));
    PQclear(r);
    return ok ? 0 : -1;
}

static store_stmt *pg_prepare(deeds_store *s, const char *sql)
{
    store_stmt *st = calloc(1, sizeof *st);
    if (!st)
        abort();
    st->s = s;
    snprintf(st->name, sizeof st->name, "deeds%lu", ++s->serial);
    PGresult *r = PQprepare(s->db, st->name, sql, 0, NULL);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        pg_report(s, "cannot prepare a statement", PQerrorMessage(s->db));
    PQclear(r);
    if (!ok) {
        free(st);
        return NULL;
    }
    return st;
}

static void pg_bind(store_stmt *st, int i, char *text)
{
    if (i < 1 || i > PG_MAX_PARAMS) {
        free(text);
        return;
    }
    free(st->param[i - 1]);
    st->param[i - 1] = text;
    if (i > st->nparams)
        st->nparams = i;
}

static char *text_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *text_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = NULL;
    if (vasprintf(&out, fmt, ap) < 0)
        abort();
    va_end(ap);
    return out;
}

static void pg_bind_int(store_stmt *st, int i, int64_t v)
{
    pg_bind(st, i, text_printf("%lld", (long long)v));
}

static void pg_bind_double(store_stmt *st, int i, double v)
{
    pg_bind(st, i, text_printf("%.17g", v));
}

static void pg_bind_text(store_stmt *st, int i, const char *v)
{
    pg_bind(st, i, v ? strdup(v) : NULL);
}

static int pg_step(store_stmt *st)
{
    if (!st->ran) {
        st->res = PQexecPrepared(st->s->db, st->name, st->nparams,
                                 (const char *const *)st->param, NULL, NULL, 0);
        ExecStatusType rs = PQresultStatus(st->res);
        st->ran = 1;
        st->row = -1;
        if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
            pg_report(st->s, "error", PQerrorMessage(st->s->db));
            return -1;
        }
    }
    if (st->row + 1 >= PQntuples(st->res))
        return 0;
    st->row++;
    return 1;
}

static const char *pg_column_text(store_stmt *st, int i)
{
    if (!st->res || st->row < 0 || PQgetisnull(st->res, st->row, i))
        return "";
    return PQgetvalue(st->res, st->row, i);
}

static int64_t pg_column_int(store_stmt *st, int i)
{
    return strtoll(pg_column_text(st, i), NULL, 10);
}

static double pg_column_double(store_stmt *st, int i)
{
    return strtod(pg_column_text(st, i), NULL);
}

static void pg_reset(store_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->ran = 0;
    for (int i = 0; i < st->nparams; i++) {
        free(st->param[i]);
        st->param[i] = NULL;
    }
    st->nparams = 0;
}

static void pg_finalize(store_stmt *st)
{
    if (!st)
        return;
    pg_reset(st);
    char sql[48];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
    PQclear(PQexec(st->s->db, sql));
    free(st);
}

static void pg_close(deeds_store *s)
{
    PQfinish(s->db);
}

static const char pg_schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE articles(id BIGINT PRIMARY KEY, doc TEXT NOT NULL UNIQUE,"
    " date INTEGER NOT NULL, publication TEXT, url TEXT, title TEXT);"
    "CREATE TABLE sentences(id BIGINT PRIMARY KEY, article BIGINT NOT NULL,"
    " sent INTEGER NOT NULL, text TEXT NOT NULL);"
    "CREATE INDEX sentences_fts ON sentences USING gin (to_tsvector('english', text));"
    "CREATE TABLE reports(id BIGINT PRIMARY KEY, hash BIGINT NOT NULL,"
    " article BIGINT NOT NULL,"
    " sentence BIGINT NOT NULL, sent INTEGER NOT NULL, date INTEGER NOT NULL,"
    " source TEXT COLLATE \"C\" NOT NULL, target TEXT COLLATE \"C\" NOT NULL,"
    " code TEXT COLLATE \"C\" NOT NULL, mode INTEGER NOT NULL,"
    " goldstein DOUBLE PRECISION NOT NULL, event BIGINT NOT NULL,"
    " source_text TEXT NOT NULL, target_text TEXT NOT NULL, verb_text TEXT NOT NULL);"
    "CREATE INDEX reports_article ON reports(article);"
    "CREATE INDEX reports_event ON reports(event);"
    "CREATE INDEX reports_date ON reports(date);"
    "CREATE TABLE events(id BIGINT PRIMARY KEY, date INTEGER NOT NULL,"
    " day INTEGER NOT NULL, source TEXT COLLATE \"C\" NOT NULL,"
    " target TEXT COLLATE \"C\" NOT NULL, code TEXT COLLATE \"C\" NOT NULL,"
    " mode INTEGER NOT NULL, goldstein DOUBLE PRECISION NOT NULL,"
    " num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL,"
    " num_sources INTEGER NOT NULL, first_report BIGINT NOT NULL);"
    "CREATE INDEX events_key ON events(source, target, code, mode, day);"
    "CREATE INDEX events_date ON events(date);"
    "CREATE TABLE daily(source TEXT COLLATE \"C\" NOT NULL,"
    " target TEXT COLLATE \"C\" NOT NULL, date INTEGER NOT NULL,"
    " code TEXT COLLATE \"C\" NOT NULL, mode INTEGER NOT NULL,"
    " goldstein DOUBLE PRECISION NOT NULL, reports INTEGER NOT NULL,"
    " events INTEGER NOT NULL, first_report BIGINT NOT NULL,"
    " PRIMARY KEY(source, target, date, code, mode));"
    "CREATE TABLE dyads(source TEXT COLLATE \"C\" NOT NULL,"
    " target TEXT COLLATE \"C\" NOT NULL, PRIMARY KEY(source, target));"
    "CREATE TABLE volume(date INTEGER PRIMARY KEY, reports INTEGER NOT NULL,"
    " oneaday INTEGER NOT NULL, events INTEGER NOT NULL);";

static const store_backend pg_backend = {
    .name = "postgresql",
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .column_int = pg_column_int,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .close = pg_close,
    .search_format = "SELECT id FROM sentences WHERE to_tsvector('english', text)"
                     " @@ plainto_tsquery('english', $%d)",
    .index_sentence = NULL,
    .index_batch = NULL,
    /* One writer at a time: ids are handed out by the writer. */
    .begin_write = "BEGIN; LOCK TABLE meta IN EXCLUSIVE MODE",
    /* meta may not exist yet: an advisory lock ("deeds" in ASCII) instead */
    .begin_create = "BEGIN; SELECT pg_advisory_xact_lock(1684366707)",
    .schema = pg_schema,
};

int store_pg_connect(deeds_store *s, const char *uri)
{
    s->be = &pg_backend;
    PGconn *c = PQconnectdb(uri);
    s->db = c;
    if (!c || PQstatus(c) != CONNECTION_OK) {
        pg_report(s, "connection failed", c ? PQerrorMessage(c) : "out of memory");
        return -1;
    }
    /* Notices (e.g. "relation exists") are not the user's concern. */
    return pg_exec(s, "SET client_min_messages = warning");
}
