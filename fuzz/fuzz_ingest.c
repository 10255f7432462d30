/* fuzz_ingest.c: the two readers of `deeds ingest` on arbitrary bytes.
 *
 * Event lines: each line goes to deeds_ingest_line on a new store (a
 * file in $TMPDIR, removed after).  Every non-blank line must end up stored, already stored, or
 * counted as skipped (nothing dropped silently), and the store's count
 * tables must agree with its reports.
 *
 * Articles: the bytes, as a file, go through the article reader.  Every
 * article's text must be NUL-terminated at text_len and valid UTF-8, and
 * every record must come out as an article or as a counted skip. */
#include "deeds.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void quiet(void *ud, const char *file, long line, const char *msg)
{
    (void)ud; (void)file; (void)line; (void)msg;
}

static unsigned long skipped(const deeds_diag *d)
{
    unsigned long n = 0;
    for (int i = 0; i < DEEDS_SKIP__COUNT; i++)
        n += d->skipped[i];
    return n;
}

static int64_t one_value(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The count tables agree with the reports, as ingest keeps them. */
static void check_store(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        abort();
    int64_t reports = one_value(db, "SELECT count(*) FROM reports");
    if (one_value(db, "SELECT coalesce(sum(reports), 0) FROM daily") != reports ||
        one_value(db, "SELECT coalesce(sum(num_mentions), 0) FROM events") != reports ||
        one_value(db, "SELECT coalesce(sum(events), 0) FROM daily") !=
            one_value(db, "SELECT count(*) FROM events"))
        abort();
    sqlite3_close(db);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static void remove_store(const char *path)
{
    char side[300];
    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
}

static void fuzz_event_lines(const char *data, size_t size)
{
    char path[256];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/fuzz-ingest-%d.db", dir && *dir ? dir : "/tmp",
             (int)getpid());
    remove_store(path);
    deeds_diag diag = { .emit = quiet };
    deeds_store *s = deeds_store_open(path, 1, &diag);
    if (!s)
        abort();
    deeds_ingest *g = deeds_ingest_begin(s, 3, &diag);
    if (!g)
        abort();
    unsigned long lines = 0;
    long lineno = 1;
    for (const char *p = data, *end = data + size; p < end; lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (!blank(p, len)) {
            lines++;
            if (deeds_ingest_line(g, p, len, "fuzz", lineno))
                abort();   /* only a failing store may stop ingest */
        }
        p += len + 1;
    }
    deeds_ingest_stats st;
    if (deeds_ingest_end(g, &st))
        abort();
    if (st.reports_new + st.reports_stored + skipped(&diag) != lines)
        abort();
    deeds_store_close(s);
    check_store(path);
    remove_store(path);
}

static int utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (!k || i + k > n || (k == 2 && c < 0xc2) || (k == 4 && c > 0xf4))
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xc0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

static void fuzz_articles(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-articles", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    deeds_diag diag = { .emit = quiet };
    deeds_reader *r = deeds_reader_open(path, DEEDS_INPUT_AUTO, 20190227, 4096, &diag);
    if (r) {
        deeds_article a;
        int rc;
        while ((rc = deeds_reader_next(r, &a)) == 1) {
            if (!a.text || a.text[a.text_len] != '\0' || strlen(a.text) != a.text_len ||
                !utf8_valid((const unsigned char *)a.text, a.text_len) || !a.id)
                abort();
            if (a.date < 10000101 || a.date > 99991231)
                abort();
        }
        if (rc < 0)
            abort();
        deeds_reader_close(r);
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    /* The first byte chooses the reader, so that one corpus serves both. */
    if (data[0] & 1)
        fuzz_event_lines((const char *)data + 1, size - 1);
    else
        fuzz_articles(data + 1, size - 1);
    return 0;
}
