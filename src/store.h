/*
 * store.h: the interface between the store's logic (store.c), its two
 * database back ends (SQLite in store.c, PostgreSQL in store_pg.c) and the
 * series stage (series.c).  Internal to libdeeds.
 *
 * store.c holds everything about what is stored (schema meaning, ingest,
 * the mentions model, queries) and talks to a database only through a
 * store_backend: prepared statements with positional parameters written
 * $1, $2, ... (each first used in increasing order, so that SQLite's named
 * parameters get the same numbers PostgreSQL gives them).
 */
#ifndef DEEDS_STORE_H
#define DEEDS_STORE_H

#include "deeds.h"

#define STORE_SCHEMA_VERSION 1

typedef struct store_stmt store_stmt;

typedef struct store_backend {
    const char *name;         /* "sqlite", "postgresql" */
    /* Runs one or more statements without results; -1 after reporting. */
    int (*exec)(deeds_store *s, const char *sql);
    /* NULL after reporting. */
    store_stmt *(*prepare)(deeds_store *s, const char *sql);
    void (*bind_int)(store_stmt *st, int i, int64_t v);
    void (*bind_double)(store_stmt *st, int i, double v);
    void (*bind_text)(store_stmt *st, int i, const char *v); /* NULL: SQL NULL */
    /* 1: a row is ready; 0: done; -1: error (reported). */
    int (*step)(store_stmt *st);
    int64_t (*column_int)(store_stmt *st, int i);
    double (*column_double)(store_stmt *st, int i);
    const char *(*column_text)(store_stmt *st, int i);  /* "" for NULL */
    /* Makes the statement ready to bind and run again. */
    void (*reset)(store_stmt *st);
    void (*finalize)(store_stmt *st);
    void (*close)(deeds_store *s);
    /* Full-text search: a subquery selecting sentence ids that match the
     * parameter $%d (a printf format taking the parameter number), and the
     * statement that indexes one new sentence ($1 id, $2 text; NULL when
     * the database indexes sentences by itself). */
    const char *search_format;
    const char *index_sentence;
    /* Indexes the sentences of a batch's new articles, ids from $1 on
     * (NULL when the database indexes sentences by itself). */
    const char *index_batch;
    /* Starts a write transaction that keeps other writers out. */
    const char *begin_write;
    /* Starts the transaction that creates the schema, keeping out any
     * other process creating it at the same time. */
    const char *begin_create;
    /* The schema, created in one transaction when a store is new. */
    const char *schema;
} store_backend;

/* The prepared statements ingest uses for every report, made once. */
enum store_statement {
    SQL_ARTICLE_ADD, SQL_ARTICLE_FIND, SQL_ARTICLE_REPORTS, SQL_ARTICLE_SENTENCES,
    SQL_SENTENCE_ADD, SQL_SENTENCE_INDEX, SQL_SENTENCE_INDEX_BATCH, SQL_REPORT_ADD,
    SQL_EVENT_NEAR, SQL_EVENT_ADD, SQL_EVENT_UPDATE, SQL_EVENT_SOURCE_SEEN,
    SQL_DAILY_ADD, SQL_VOLUME_ADD, SQL_DYAD_ADD, SQL_NEXT_IDS, SQL_EVENT_DAYS, SQL__COUNT
};

struct deeds_store {
    const store_backend *be;
    void       *db;            /* sqlite3 * or PGconn * */
    char       *where;         /* file name or URI, for messages */
    deeds_diag *diag;          /* the diag of the current call */
    int         writable;
    int         window;        /* mentions model window, days */
    store_stmt *stmt[SQL__COUNT];
    unsigned long serial;      /* names server-side statements (PostgreSQL) */
};

/* Opens the PostgreSQL database named by a URI into s (be, db set);
 * -1 after reporting.  Lives in store_pg.c. */
int store_pg_connect(deeds_store *s, const char *uri);

/* "source >= $n AND source < $n+1" for an actor-code prefix: appends the
 * condition on column col to sql and the bounds to the parameter list;
 * nothing when the prefix matches anyone. */
typedef struct store_params {
    int         n;
    int         is_text[32];
    const char *text[32];
    int64_t     num[32];
    char        upper[8][56];   /* upper bounds of prefix ranges */
    int         nupper;
} store_params;

void store_where_prefix(deeds_buf *sql, store_params *p, const char *col,
                        const char *prefix);
void store_where_int(deeds_buf *sql, store_params *p, const char *cond_fmt,
                     int64_t v);
store_stmt *store_prepare_bound(deeds_store *s, const char *sql,
                                const store_params *p);

#endif
