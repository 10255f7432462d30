/*
 * serve.c: `deeds serve`, a local web dashboard over a store.
 *
 * libmicrohttpd accepts connections and runs a pool of worker threads; each
 * request arrives at answer_request, which checks its size (413) and method
 * (405) and hands it either to the JSON API (/api/...) or to the static file
 * server (everything else, from the web folder only).  API requests borrow a
 * read-only store handle from a small pool, validate every parameter (400
 * with a JSON error naming it), ask the store through the public query
 * functions (series, events, judge, alignment) and write JSON.  Successful
 * API answers are kept in a direct-mapped cache keyed by the request URI
 * and the store file's generation (its and its WAL's size and mtime), so a
 * store that an ingest updates is never answered from stale entries.
 *
 * What leaves here: HTTP responses with Content-Type, Cache-Control and
 * ETag headers, and one Common Log Format line a request to the access log.
 */
#include "deeds.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_THREADS     4
#define DEFAULT_MAX_REQUEST 8192
#define CACHE_SLOTS         1024
#define MAX_PENDING         64      /* answers being made at once */
#define MAX_ARGS            16
#define MAX_ACTORS          12
#define MAX_SEARCH          200
#define EVENTS_LIMIT        100     /* events returned when limit is not given */
#define EVENTS_MAX_LIMIT    1000
#define STOP_GRACE_SECONDS  5
#define MAX_PERIODS         20000   /* rows of one series answer */

/* ------------------------------------------------------------- the server */

typedef struct cache_slot {
    uint64_t hash, generation;
    char    *key;
    char    *body;
    size_t   len;
    char     etag[24];
} cache_slot;

struct deeds_server {
    struct MHD_Daemon *daemon;
    char       *db;
    char       *web_root;       /* realpath of the web folder */
    size_t      web_root_len;
    size_t      max_request;
    unsigned    port;
    deeds_diag *diag;
    pthread_mutex_t diag_lock;
    FILE       *access_log;
    pthread_mutex_t log_lock;
    /* idle read-only store handles; a request takes one or opens one */
    pthread_mutex_t pool_lock;
    deeds_store   **pool;
    size_t          npool, pool_cap;
    deeds_scenario *scenario;   /* for /api/forecast; NULL: none */
    /* API answers; NULL when caching is off.  pending holds the hashes of
     * the answers being made, so that requests for one of them wait for it
     * instead of asking the store again (cache_ready is broadcast when one
     * is done). */
    pthread_mutex_t cache_lock;
    pthread_cond_t  cache_ready;
    cache_slot     *cache;
    uint64_t        pending[MAX_PENDING];
    size_t          npending;
    atomic_int      in_flight;
};

/* One request, from its first line to its completion. */
typedef struct request {
    deeds_server *srv;
    char         *uri;        /* as received, still escaped: for the log */
    int           headers_seen;
    int           status;
    size_t        bytes;
} request;

static void server_warn(deeds_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void server_warn(deeds_server *s, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&s->diag_lock);
    deeds_diag_warn(s->diag, s->db, 0, "%s", msg);
    pthread_mutex_unlock(&s->diag_lock);
}

/* ------------------------------------------------------------ store pool */

static deeds_store *store_borrow(deeds_server *s, deeds_diag *diag)
{
    pthread_mutex_lock(&s->pool_lock);
    deeds_store *st = s->npool ? s->pool[--s->npool] : NULL;
    pthread_mutex_unlock(&s->pool_lock);
    return st ? st : deeds_store_open(s->db, 0, diag);
}

static void store_return(deeds_server *s, deeds_store *st)
{
    pthread_mutex_lock(&s->pool_lock);
    if (s->npool == s->pool_cap) {
        size_t cap = s->pool_cap ? s->pool_cap * 2 : 8;
        deeds_store **p = realloc(s->pool, cap * sizeof *p);
        if (!p) {
            pthread_mutex_unlock(&s->pool_lock);
            deeds_store_close(st);
            return;
        }
        s->pool = p;
        s->pool_cap = cap;
    }
    s->pool[s->npool++] = st;
    pthread_mutex_unlock(&s->pool_lock);
}

/* ------------------------------------------------------------ API cache */

static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}
#define FNV_START 0xcbf29ce484222325ULL

static uint64_t file_stamp(const char *path, uint64_t h)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return fnv1a("-", 1, h);
    int64_t v[4] = { (int64_t)st.st_ino, (int64_t)st.st_size,
                     (int64_t)st.st_mtim.tv_sec, (int64_t)st.st_mtim.tv_nsec };
    return fnv1a(v, sizeof v, h);
}

/* Changes whenever the store's file or its write-ahead log changes, so a
 * cached answer can never outlive the data it was made from. */
static uint64_t store_generation(const deeds_server *s)
{
    char wal[PATH_MAX];
    snprintf(wal, sizeof wal, "%s-wal", s->db);
    return file_stamp(wal, file_stamp(s->db, FNV_START));
}

static void etag_of(const char *body, size_t len, char out[24])
{
    snprintf(out, 24, "\"%016llx\"", (unsigned long long)fnv1a(body, len, FNV_START));
}

/* Copies a cached answer for key into body; 1 on a hit. */
static int cache_get(deeds_server *s, const char *key, uint64_t gen,
                     deeds_buf *body, char etag[24])
{
    if (!s->cache)
        return 0;
    uint64_t h = fnv1a(key, strlen(key), FNV_START);
    cache_slot *c = &s->cache[h % CACHE_SLOTS];
    int hit = 0;
    pthread_mutex_lock(&s->cache_lock);
    if (c->key && c->hash == h && c->generation == gen && !strcmp(c->key, key)) {
        deeds_buf_append(body, c->body, c->len);
        memcpy(etag, c->etag, 24);
        hit = 1;
    }
    pthread_mutex_unlock(&s->cache_lock);
    return hit;
}

static void cache_put(deeds_server *s, const char *key, uint64_t gen,
                      const deeds_buf *body, const char etag[24])
{
    if (!s->cache)
        return;
    uint64_t h = fnv1a(key, strlen(key), FNV_START);
    char *k = strdup(key), *b = malloc(body->len + 1);
    if (!k || !b) {
        free(k);
        free(b);
        return;
    }
    memcpy(b, body->data, body->len + 1);
    cache_slot *c = &s->cache[h % CACHE_SLOTS];
    pthread_mutex_lock(&s->cache_lock);
    free(c->key);
    free(c->body);
    *c = (cache_slot){ .hash = h, .generation = gen, .key = k, .body = b,
                       .len = body->len };
    memcpy(c->etag, etag, 24);
    pthread_mutex_unlock(&s->cache_lock);
}

static int is_pending(const deeds_server *s, uint64_t h)
{
    for (size_t i = 0; i < s->npending; i++)
        if (s->pending[i] == h)
            return 1;
    return 0;
}

/* Either claims the making of the answer for key (returns 1: make it, then
 * call cache_release) or waits while another request makes it (returns 0:
 * look in the cache again). */
static int cache_claim(deeds_server *s, const char *key)
{
    if (!s->cache)
        return 1;
    uint64_t h = fnv1a(key, strlen(key), FNV_START);
    int claimed = 0;
    pthread_mutex_lock(&s->cache_lock);
    if (!is_pending(s, h) && s->npending < MAX_PENDING) {
        s->pending[s->npending++] = h;
        claimed = 1;
    }
    while (!claimed && is_pending(s, h))
        pthread_cond_wait(&s->cache_ready, &s->cache_lock);
    pthread_mutex_unlock(&s->cache_lock);
    return claimed || s->npending >= MAX_PENDING;
}

static void cache_release(deeds_server *s, const char *key)
{
    if (!s->cache)
        return;
    uint64_t h = fnv1a(key, strlen(key), FNV_START);
    pthread_mutex_lock(&s->cache_lock);
    for (size_t i = 0; i < s->npending; i++)
        if (s->pending[i] == h) {
            s->pending[i] = s->pending[--s->npending];
            break;
        }
    pthread_cond_broadcast(&s->cache_ready);
    pthread_mutex_unlock(&s->cache_lock);
}

/* ------------------------------------------------------------ access log */

/* Appends s with '"', '\\' and control bytes escaped as \xHH, so that a log
 * line can never be split or forged by what a client sent. */
static void log_escaped(deeds_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
            deeds_buf_printf(b, "\\x%02x", c);
        else
            deeds_buf_append(b, s, 1);
    }
}

static void client_address(struct MHD_Connection *conn, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, cap, "-");
    if (!ci || !ci->client_addr)
        return;
    socklen_t len = ci->client_addr->sa_family == AF_INET6
                  ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    if (getnameinfo(ci->client_addr, len, out, (socklen_t)cap, NULL, 0, NI_NUMERICHOST) != 0)
        snprintf(out, cap, "-");
}

/* host ident authuser [date] "request line" status bytes */
static void log_request(request *r, struct MHD_Connection *conn,
                        const char *method, const char *version)
{
    deeds_server *s = r->srv;
    if (!s->access_log)
        return;
    char host[INET6_ADDRSTRLEN + 8], when[40];
    client_address(conn, host, sizeof host);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    deeds_buf line = { 0 };
    deeds_buf_printf(&line, "%s - - [%s] \"", host, when);
    log_escaped(&line, method);
    deeds_buf_puts(&line, " ");
    log_escaped(&line, r->uri ? r->uri : "-");
    deeds_buf_puts(&line, " ");
    log_escaped(&line, version);
    if (r->bytes)
        deeds_buf_printf(&line, "\" %d %zu\n", r->status, r->bytes);
    else
        deeds_buf_printf(&line, "\" %d -\n", r->status);
    pthread_mutex_lock(&s->log_lock);
    fwrite(line.data, 1, line.len, s->access_log);
    fflush(s->access_log);
    pthread_mutex_unlock(&s->log_lock);
    deeds_buf_free(&line);
}

/* ------------------------------------------------------------- responses */

typedef struct reply {
    int         status;
    deeds_buf   body;
    const char *content_type;
    const char *cache_control;
    char        etag[24];       /* "" for none */
    const char *allow;          /* 405: the methods allowed */
} reply;

static enum MHD_Result send_reply(request *r, struct MHD_Connection *conn,
                                  const char *method, const char *version,
                                  reply *rep)
{
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_IF_NONE_MATCH);
    int not_modified = rep->status == 200 && rep->etag[0] && inm && !strcmp(inm, rep->etag);
    int status = not_modified ? MHD_HTTP_NOT_MODIFIED : rep->status;
    size_t len = not_modified ? 0 : rep->body.len;
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, len ? rep->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    if (!not_modified)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rep->content_type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, rep->cache_control);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (rep->etag[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, rep->etag);
    if (rep->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rep->allow);
    r->status = status;
    r->bytes = len;
    log_request(r, conn, method, version);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* A JSON error: {"error": MESSAGE[, "parameter": NAME]}. */
static int json_error(reply *rep, int status, const char *param, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int json_error(reply *rep, int status, const char *param, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    deeds_buf_reset(&rep->body);
    deeds_buf_puts(&rep->body, "{\"error\":");
    deeds_buf_json_string(&rep->body, msg, strlen(msg));
    if (param) {
        deeds_buf_puts(&rep->body, ",\"parameter\":");
        deeds_buf_json_string(&rep->body, param, strlen(param));
    }
    deeds_buf_puts(&rep->body, "}\n");
    rep->status = status;
    rep->content_type = "application/json";
    rep->cache_control = "no-store";
    rep->etag[0] = '\0';
    return status;
}

/* ------------------------------------------------------- query arguments */

typedef struct args {
    const char *key[MAX_ARGS], *value[MAX_ARGS];
    size_t n;
    int too_many;
} args;

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
    (void)kind;
    args *a = cls;
    if (a->n == MAX_ARGS) {
        a->too_many = 1;
        return MHD_NO;
    }
    a->key[a->n] = key;
    a->value[a->n++] = value ? value : "";
    return MHD_YES;
}

static const char *arg(const args *a, const char *key)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->key[i], key))
            return a->value[i];
    return NULL;
}

/* Is word one of the space-separated words of list? */
static int word_in(const char *list, const char *word)
{
    size_t n = strlen(word);
    if (n == 0)
        return 0;
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Unknown and repeated parameters are refused: a misspelt "form=" silently
 * ignored would show the wrong period without a word. */
static int check_arg_names(const args *a, const char *allowed, reply *rep)
{
    if (a->too_many)
        return json_error(rep, 400, NULL, "too many parameters (at most %d)", MAX_ARGS);
    for (size_t i = 0; i < a->n; i++) {
        if (!word_in(allowed, a->key[i]))
            return json_error(rep, 400, a->key[i],
                              "unknown parameter '%s'; this endpoint takes: %s", a->key[i], allowed);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(a->key[i], a->key[j]))
                return json_error(rep, 400, a->key[i], "parameter '%s' given twice", a->key[i]);
    }
    return 0;
}

/* An actor-code prefix (letters and digits, as in USAGOV) or "*" for
 * anyone; lower case is taken as upper case.  Returns 0 or 400. */
static int parse_actor(const args *a, const char *key, char out[48], reply *rep)
{
    const char *v = arg(a, key);
    if (!v || !*v || !strcmp(v, "*")) {
        strcpy(out, "*");
        return 0;
    }
    size_t n = strlen(v);
    if (n > 47)
        return json_error(rep, 400, key, "%s: an actor code has at most 47 characters", key);
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)v[i]))
            return json_error(rep, 400, key,
                              "%s: an actor code is letters and digits (USA, PRKGOV) or * for anyone", key);
        out[i] = (char)toupper((unsigned char)v[i]);
    }
    out[n] = '\0';
    return 0;
}

static int parse_date_arg(const args *a, const char *key, int32_t *out, reply *rep)
{
    const char *v = arg(a, key);
    *out = 0;
    if (!v || !*v)
        return 0;
    *out = deeds_date_parse(v, strlen(v));
    if (!*out)
        return json_error(rep, 400, key, "%s: '%s' is not a date; write YYYY-MM-DD", key, v);
    return 0;
}

static int parse_period_range(const args *a, int32_t *from, int32_t *to, reply *rep)
{
    if (parse_date_arg(a, "from", from, rep) || parse_date_arg(a, "to", to, rep))
        return 400;
    if (*from && *to && *from > *to)
        return json_error(rep, 400, "from", "from (%d) is after to (%d)", (int)*from, (int)*to);
    return 0;
}

/* A name that one of the library's parsers knows, or its default. */
static int parse_named(const args *a, const char *key, int (*parse)(const char *),
                       const char *choices, int fallback, int *out, reply *rep)
{
    const char *v = arg(a, key);
    *out = fallback;
    if (!v || !*v)
        return 0;
    if ((*out = parse(v)) < 0)
        return json_error(rep, 400, key, "%s: '%s' is not one of %s", key, v, choices);
    return 0;
}

static int parse_int_arg(const args *a, const char *key, long lo, long hi,
                         long fallback, long *out, reply *rep)
{
    const char *v = arg(a, key);
    *out = fallback;
    if (!v || !*v)
        return 0;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n < lo || n > hi)
        return json_error(rep, 400, key, "%s: '%s' is not a whole number from %ld to %ld",
                          key, v, lo, hi);
    *out = n;
    return 0;
}

static int parse_flag(const args *a, const char *key, int *out, reply *rep)
{
    const char *v = arg(a, key);
    *out = 0;
    if (!v)
        return 0;
    if (!*v || !strcmp(v, "1") || !strcmp(v, "true"))
        *out = 1;
    else if (strcmp(v, "0") && strcmp(v, "false"))
        return json_error(rep, 400, key, "%s: write 1 or 0 (true or false), not '%s'", key, v);
    return 0;
}

static int parse_code(const args *a, char out[8], reply *rep)
{
    const char *v = arg(a, "code");
    out[0] = '\0';
    if (!v || !*v)
        return 0;
    size_t n = strlen(v);
    if (n < 2 || n > 4 || strspn(v, "0123456789") != n || !deeds_cameo_lookup(v))
        return json_error(rep, 400, "code",
                          "code: '%s' is not a CAMEO code (two to four digits, e.g. 03 or 036)", v);
    memcpy(out, v, n + 1);
    return 0;
}

/* Turns what a person types into an FTS5 query that cannot be a syntax
 * error: every word and every "quoted phrase" becomes a quoted string (all
 * must appear); a trailing * keeps its meaning of "words starting with". */
static int build_search(const char *q, deeds_buf *fts, reply *rep)
{
    size_t n = strlen(q);
    if (n > MAX_SEARCH)
        return json_error(rep, 400, "q", "q: a search has at most %d bytes", MAX_SEARCH);
    if (!deeds_utf8_valid(q, n))
        return json_error(rep, 400, "q", "q: the search is not valid UTF-8");
    for (const char *p = q; *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        int phrase = *p == '"';
        const char *start = p + phrase, *end = start;
        while (*end && (phrase ? *end != '"' : (*end != ' ' && *end != '\t')))
            end++;
        p = *end ? end + phrase : end;
        int prefix = end > start && end[-1] == '*';
        const char *last = end - prefix;
        if (last == start)
            continue;
        if (fts->len)
            deeds_buf_puts(fts, " ");
        deeds_buf_puts(fts, "\"");
        for (const char *c = start; c < last; c++)
            deeds_buf_append(fts, c, *c == '"' ? 0 : 1);
        deeds_buf_puts(fts, prefix ? "\"*" : "\"");
    }
    if (!fts->len)
        return json_error(rep, 400, "q", "q: give at least one word to search for");
    return 0;
}

/* ----------------------------------------------------------- JSON output */

static void json_number(deeds_buf *b, double v)
{
    if (!isfinite(v))
        deeds_buf_puts(b, "null");
    else if (v == floor(v) && fabs(v) < 1e15)
        deeds_buf_printf(b, "%.0f", v);
    else
        deeds_buf_printf(b, "%.10g", v);
}

static void json_key(deeds_buf *b, const char *key)
{
    deeds_buf_json_string(b, key, strlen(key));
    deeds_buf_puts(b, ":");
}

static void json_str(deeds_buf *b, const char *s)
{
    s = s ? s : "";
    deeds_buf_json_string(b, s, strlen(s));
}

static void json_date(deeds_buf *b, int32_t d)
{
    char s[11];
    deeds_date_format(d, s);
    json_str(b, s);
}

static const char *const quad_names[5] = {
    "neutral", "verbal cooperation", "material cooperation",
    "verbal conflict", "material conflict"
};

/* The code in words: its label, its root's label and its quad class. */
static void json_code_words(deeds_buf *b, const char *code, deeds_quad_convention conv)
{
    const deeds_cameo *c = deeds_cameo_lookup(code);
    char root[3] = { code[0], code[0] ? code[1] : 0, 0 };
    const deeds_cameo *r = deeds_cameo_lookup(root);
    int quad = deeds_cameo_quad(code, conv);
    json_key(b, "label");
    json_str(b, c ? c->label : "unknown code");
    deeds_buf_puts(b, ",");
    json_key(b, "root_label");
    json_str(b, r ? r->label : "");
    deeds_buf_puts(b, ",");
    json_key(b, "quad");
    json_str(b, quad >= 0 ? quad_names[quad] : "");
}

static void json_event(deeds_buf *b, const deeds_stored_event *e, deeds_quad_convention conv)
{
    deeds_buf_printf(b, "{\"id\":%lld,\"date\":", (long long)e->id);
    json_date(b, e->date);
    deeds_buf_puts(b, ",\"source\":");
    json_str(b, e->source);
    deeds_buf_puts(b, ",\"target\":");
    json_str(b, e->target);
    deeds_buf_puts(b, ",\"code\":");
    json_str(b, e->code);
    deeds_buf_puts(b, ",");
    json_code_words(b, e->code, conv);
    deeds_buf_puts(b, ",\"mode\":");
    json_str(b, deeds_mode_name(e->mode));
    deeds_buf_puts(b, ",\"goldstein\":");
    json_number(b, e->goldstein);
    deeds_buf_printf(b, ",\"mentions\":%u,\"articles\":%u,\"sources\":%u,\"article\":",
                     e->num_mentions, e->num_articles, e->num_sources);
    json_str(b, e->article);
    deeds_buf_puts(b, ",\"publication\":");
    json_str(b, e->publication);
    deeds_buf_puts(b, ",\"url\":");
    json_str(b, e->url);
    deeds_buf_puts(b, ",\"title\":");
    json_str(b, e->title);
    deeds_buf_printf(b, ",\"sentence_index\":%d,\"sentence\":", e->sent);
    json_str(b, e->sentence);
    deeds_buf_puts(b, ",\"source_text\":");
    json_str(b, e->source_text);
    deeds_buf_puts(b, ",\"target_text\":");
    json_str(b, e->target_text);
    deeds_buf_puts(b, ",\"verb_text\":");
    json_str(b, e->verb_text);
    deeds_buf_puts(b, "}");
}

/* One series row with the columns of `deeds series` (docs/judge.md). */
static void json_series_row(deeds_buf *b, const deeds_series_row *r, const char *source,
                            const char *target, deeds_count count)
{
    deeds_buf_puts(b, "{\"period\":");
    json_date(b, r->period);
    deeds_buf_puts(b, ",\"source\":");
    json_str(b, source);
    deeds_buf_puts(b, ",\"target\":");
    json_str(b, target);
    const struct { const char *name; double v; } cols[] = {
        { "events", r->events }, { "verbal_coop", r->quad[1] },
        { "material_coop", r->quad[2] }, { "verbal_conflict", r->quad[3] },
        { "material_conflict", r->quad[4] }, { "goldstein_sum", r->goldstein_sum },
        { "goldstein_coop", r->goldstein_coop }, { "goldstein_conflict", r->goldstein_conflict },
        { "goldstein_mean", r->goldstein_mean }, { "neutral", r->quad[0] },
        { "volume", r->volume },
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        deeds_buf_printf(b, ",\"%s\":", cols[i].name);
        json_number(b, cols[i].v);
    }
    deeds_buf_puts(b, ",\"counting\":");
    json_str(b, deeds_count_name(count));
    for (int root = 1; root <= 20; root++) {
        deeds_buf_printf(b, ",\"root%02d\":", root);
        json_number(b, r->root[root]);
    }
    deeds_buf_puts(b, "}");
}

/* ----------------------------------------------------------------- API */

typedef struct api_call {
    deeds_server *srv;
    deeds_store *store;
    const args  *a;
    reply       *rep;
    deeds_diag  *diag;      /* collects the store's messages for a 500 */
    deeds_buf   *diag_text;
} api_call;

static int query_failed(api_call *c)
{
    const char *why = c->diag_text->len ? c->diag_text->data : "the query failed";
    return json_error(c->rep, 500, NULL, "%s", why);
}

/* Parameters the series and judge endpoints share. */
typedef struct dyad_params {
    char source[48], target[48];
    int32_t from, to;
    int by, count, quad;
} dyad_params;

static int check_period_count(api_call *c, const dyad_params *p);

static int parse_dyad_params(api_call *c, deeds_period default_by, dyad_params *p)
{
    if (parse_actor(c->a, "source", p->source, c->rep) ||
        parse_actor(c->a, "target", p->target, c->rep) ||
        parse_period_range(c->a, &p->from, &p->to, c->rep) ||
        parse_named(c->a, "by", deeds_period_parse, "day, week, month, quarter, year",
                    (int)default_by, &p->by, c->rep) ||
        parse_named(c->a, "count", deeds_count_parse, "events, one-a-day, reports",
                    DEEDS_COUNT_EVENTS, &p->count, c->rep) ||
        parse_named(c->a, "quad", deeds_quad_convention_parse, "gdelt, icews, phoenix",
                    DEEDS_QUAD_GDELT, &p->quad, c->rep))
        return 400;
    return check_period_count(c, p);
}

/* A series of more than MAX_PERIODS rows (daily over decades) is refused
 * before the store is asked; an open range is checked on the answer. */
static int check_period_count(api_call *c, const dyad_params *p)
{
    static const int days_in[] = { 1, 7, 28, 90, 365 };
    if (!p->from || !p->to)
        return 0;
    long days = deeds_date_days(p->to) - deeds_date_days(p->from);
    if (days / days_in[p->by] < MAX_PERIODS)
        return 0;
    return json_error(c->rep, 400, "by", "by: from %d to %d that is more than %d periods; "
                      "choose a coarser by or a shorter period", (int)p->from, (int)p->to,
                      MAX_PERIODS);
}

/* GET /api/series: an array with one object a period (docs/serve.md). */
static int api_series(api_call *c)
{
    dyad_params p;
    int normalise;
    if (parse_dyad_params(c, DEEDS_BY_MONTH, &p) || parse_flag(c->a, "normalise", &normalise, c->rep))
        return 400;
    deeds_series_query q = {
        .source = p.source, .target = p.target, .from = p.from, .to = p.to,
        .by = (deeds_period)p.by, .count = (deeds_count)p.count,
        .quad = (deeds_quad_convention)p.quad, .normalise = normalise,
    };
    deeds_series_row *rows = NULL;
    size_t n = 0;
    if (deeds_series(c->store, &q, &rows, &n, c->diag) != 0)
        return query_failed(c);
    if (n > MAX_PERIODS) {
        free(rows);
        return json_error(c->rep, 400, "by", "by: the store's dates span more than %d periods; "
                          "choose a coarser by or give from and to", MAX_PERIODS);
    }
    deeds_buf *b = &c->rep->body;
    deeds_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            deeds_buf_puts(b, ",\n");
        json_series_row(b, &rows[i], p.source, p.target, q.count);
    }
    deeds_buf_puts(b, "]\n");
    free(rows);
    return 200;
}

typedef struct event_sink {
    deeds_buf *out;
    deeds_quad_convention quad;
    int want_class;          /* 0 any; 1 verbal; 2 material */
    size_t limit, n;
    int more;
} event_sink;

static int is_verbal_quad(int quad) { return quad == 1 || quad == 3; }

static int add_event(void *ud, const deeds_stored_event *e)
{
    event_sink *s = ud;
    if (s->want_class) {
        int quad = deeds_cameo_quad(e->code, s->quad);
        if (quad <= 0 || is_verbal_quad(quad) != (s->want_class == 1))
            return 0;
    }
    if (s->n == s->limit) {
        s->more = 1;
        return 1;
    }
    if (s->n++)
        deeds_buf_puts(s->out, ",\n");
    json_event(s->out, e, s->quad);
    return 0;
}

/* GET /api/events: the events behind a point of the chart, or a search. */
static int api_events(api_call *c)
{
    char source[48], target[48], code[8];
    int32_t from, to;
    int count, quad, want_class, all_modes;
    long limit;
    const char *q = arg(c->a, "q");
    const char *cls = arg(c->a, "class");
    if (parse_actor(c->a, "source", source, c->rep) || parse_actor(c->a, "target", target, c->rep) ||
        parse_period_range(c->a, &from, &to, c->rep) || parse_code(c->a, code, c->rep) ||
        parse_named(c->a, "count", deeds_count_parse, "events, one-a-day, reports",
                    DEEDS_COUNT_EVENTS, &count, c->rep) ||
        parse_named(c->a, "quad", deeds_quad_convention_parse, "gdelt, icews, phoenix",
                    DEEDS_QUAD_GDELT, &quad, c->rep) ||
        parse_int_arg(c->a, "limit", 1, EVENTS_MAX_LIMIT, EVENTS_LIMIT, &limit, c->rep) ||
        parse_flag(c->a, "all_modes", &all_modes, c->rep))
        return 400;
    if (!cls || !*cls || !strcmp(cls, "any"))
        want_class = 0;
    else if (!strcmp(cls, "verbal") || !strcmp(cls, "material"))
        want_class = cls[0] == 'v' ? 1 : 2;
    else
        return json_error(c->rep, 400, "class", "class: '%s' is not one of verbal, material, any", cls);
    deeds_buf fts = { 0 };
    if (q && build_search(q, &fts, c->rep)) {
        deeds_buf_free(&fts);
        return 400;
    }
    deeds_event_query eq = {
        .source = source, .target = target, .from = from, .to = to,
        .code = code[0] ? code : NULL, .search = fts.len ? fts.data : NULL,
        .count = (deeds_count)count, .all_modes = all_modes,
    };
    deeds_buf *b = &c->rep->body;
    deeds_buf_printf(b, "{\"counting\":\"%s\",\"events\":[\n", deeds_count_name(eq.count));
    event_sink sink = { .out = b, .quad = (deeds_quad_convention)quad,
                        .want_class = want_class, .limit = (size_t)limit };
    int rc = deeds_store_events(c->store, &eq, add_event, &sink, c->diag);
    deeds_buf_free(&fts);
    if (rc != 0)
        return query_failed(c);
    deeds_buf_printf(b, "],\"count\":%zu,\"more\":%s}\n", sink.n, sink.more ? "true" : "false");
    return 200;
}

static void json_follow_list(deeds_buf *b, const deeds_follow *f, size_t n,
                             deeds_quad_convention conv)
{
    deeds_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(b, i ? ",\n{\"said\":" : "{\"said\":");
        json_event(b, &f[i].said, conv);
        deeds_buf_printf(b, ",\"done\":%s", f[i].done ? "true" : "false");
        if (f[i].done) {
            deeds_buf_printf(b, ",\"days\":%d,\"did\":", f[i].days);
            json_event(b, &f[i].did, conv);
        }
        deeds_buf_puts(b, "}");
    }
    deeds_buf_puts(b, "]");
}

/* GET /api/judge: rhetoric against results, the gap and follow-through. */
static int api_judge(api_call *c)
{
    dyad_params p;
    long window, top;
    if (parse_dyad_params(c, DEEDS_BY_QUARTER, &p) ||
        parse_int_arg(c->a, "window", 1, 3650, 90, &window, c->rep) ||
        parse_int_arg(c->a, "top", 1, 100, 10, &top, c->rep))
        return 400;
    deeds_judge_query q = {
        .source = p.source, .target = p.target, .from = p.from, .to = p.to,
        .by = (deeds_period)p.by, .count = (deeds_count)p.count,
        .quad = (deeds_quad_convention)p.quad, .window = (int)window, .top = (size_t)top,
    };
    deeds_judgement j;
    memset(&j, 0, sizeof j);
    if (deeds_judge(c->store, &q, &j, c->diag) != 0) {
        deeds_judgement_free(&j);
        return query_failed(c);
    }
    deeds_buf *b = &c->rep->body;
    deeds_buf_puts(b, "{\"source\":");
    json_str(b, p.source);
    deeds_buf_puts(b, ",\"target\":");
    json_str(b, p.target);
    deeds_buf_printf(b, ",\"counting\":\"%s\",\"window\":%ld", deeds_count_name(q.count), window);
    const struct { const char *name; double v; } nums[] = {
        { "verbal_coop", j.verbal_coop }, { "verbal_conflict", j.verbal_conflict },
        { "material_coop", j.material_coop }, { "material_conflict", j.material_conflict },
        { "rhetoric", j.rhetoric }, { "results", j.results }, { "gap", j.gap },
        { "gap_trend", j.gap_trend },
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        deeds_buf_printf(b, ",\"%s\":", nums[i].name);
        json_number(b, nums[i].v);
    }
    deeds_buf_printf(b, ",\"promises_kept\":%zu,\"promises\":", j.promises_kept);
    json_follow_list(b, j.promises, j.npromises, q.quad);
    deeds_buf_printf(b, ",\n\"threats_carried\":%zu,\"threats\":", j.threats_carried);
    json_follow_list(b, j.threats, j.nthreats, q.quad);
    deeds_buf_puts(b, ",\n\"key\":[");
    for (size_t i = 0; i < j.nkey; i++) {
        if (i)
            deeds_buf_puts(b, ",\n");
        json_event(b, &j.key[i], q.quad);
    }
    deeds_buf_puts(b, "],\n\"verdict\":");
    json_str(b, j.verdict);
    deeds_buf_puts(b, "}\n");
    deeds_judgement_free(&j);
    return 200;
}

/* Splits "USA,PRK,KOR" into checked actor codes. */
static int parse_actor_list(const char *v, char codes[][48], size_t *n, reply *rep)
{
    *n = 0;
    if (!v || !*v)
        return json_error(rep, 400, "actors", "actors: list two or more actor codes, e.g. USA,PRK,KOR");
    for (const char *p = v;; p++) {
        size_t len = strcspn(p, ",");
        if (*n == MAX_ACTORS)
            return json_error(rep, 400, "actors", "actors: at most %d actors", MAX_ACTORS);
        if (len == 0 || len > 47)
            return json_error(rep, 400, "actors", "actors: an empty or over-long code in '%s'", v);
        for (size_t i = 0; i < len; i++) {
            if (!isalnum((unsigned char)p[i]))
                return json_error(rep, 400, "actors",
                                  "actors: codes are letters and digits, separated by commas");
            codes[*n][i] = (char)toupper((unsigned char)p[i]);
        }
        codes[(*n)++][len] = '\0';
        p += len;
        if (!*p)
            break;
    }
    if (*n < 2)
        return json_error(rep, 400, "actors", "actors: list two or more actor codes, e.g. USA,PRK,KOR");
    return 0;
}

/* GET /api/alignment: net cooperation between every ordered pair. */
static int api_alignment(api_call *c)
{
    char codes[MAX_ACTORS][48];
    const char *names[MAX_ACTORS];
    size_t n;
    int32_t from, to;
    int count;
    if (parse_actor_list(arg(c->a, "actors"), codes, &n, c->rep) ||
        parse_period_range(c->a, &from, &to, c->rep) ||
        parse_named(c->a, "count", deeds_count_parse, "events, one-a-day, reports",
                    DEEDS_COUNT_EVENTS, &count, c->rep))
        return 400;
    for (size_t i = 0; i < n; i++)
        names[i] = codes[i];
    double m[MAX_ACTORS * MAX_ACTORS];
    if (deeds_alignment(c->store, names, n, from, to, (deeds_count)count, m, c->diag) != 0)
        return query_failed(c);
    deeds_buf *b = &c->rep->body;
    deeds_buf_printf(b, "{\"counting\":\"%s\",\"actors\":[", deeds_count_name((deeds_count)count));
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(b, i ? "," : "");
        json_str(b, names[i]);
    }
    deeds_buf_puts(b, "],\"matrix\":[");
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(b, i ? ",\n[" : "\n[");
        for (size_t j = 0; j < n; j++) {
            deeds_buf_puts(b, j ? "," : "");
            json_number(b, m[i * n + j]);
        }
        deeds_buf_puts(b, "]");
    }
    deeds_buf_puts(b, "]}\n");
    return 200;
}

/* GET /api/codes: the CAMEO table, so the page can explain codes. */
static int api_codes(api_call *c)
{
    deeds_buf *b = &c->rep->body;
    deeds_buf_puts(b, "[");
    for (size_t i = 0; deeds_cameo_at(i); i++) {
        const deeds_cameo *e = deeds_cameo_at(i);
        deeds_buf_puts(b, i ? ",\n{\"code\":" : "{\"code\":");
        json_str(b, e->code);
        deeds_buf_puts(b, ",\"label\":");
        json_str(b, e->label);
        deeds_buf_puts(b, ",\"goldstein\":");
        json_number(b, e->goldstein);
        deeds_buf_puts(b, ",\"plover\":");
        json_str(b, e->plover);
        deeds_buf_puts(b, "}");
    }
    deeds_buf_puts(b, "]\n");
    return 200;
}

static int forecast_spread(api_call *c, const deeds_scenario *sc, const deeds_forecast_options *fo,
                           int runs, double spread, uint64_t seed);

/* GET /api/forecast: the scenario's forecast, and with sensitivity=N the
 * spread of N forecasts on perturbed inputs. */
static int api_forecast(api_call *c)
{
    const deeds_scenario *sc = c->srv->scenario;
    if (!sc)
        return json_error(c->rep, 404, NULL, "no scenario is loaded; start deeds serve with --scenario FILE");
    int model;
    long runs, spread, seed;
    if (parse_named(c->a, "model", deeds_model_parse, "mean, median, eum, smp",
                    DEEDS_MODEL_EUM, &model, c->rep) ||
        parse_int_arg(c->a, "sensitivity", 0, 200, 0, &runs, c->rep) ||
        parse_int_arg(c->a, "spread", 1, 50, 10, &spread, c->rep) ||
        parse_int_arg(c->a, "seed", 1, LONG_MAX, 1, &seed, c->rep))
        return 400;
    deeds_forecast_options fo = { .model = (deeds_model)model };
    deeds_forecast f;
    memset(&f, 0, sizeof f);
    if (deeds_forecast_run(sc, &fo, &f, c->diag) != 0)
        return query_failed(c);
    deeds_buf *b = &c->rep->body;
    deeds_buf_puts(b, "{\"description\":");
    json_str(b, sc->description);
    deeds_buf_puts(b, ",\"actors\":[");
    for (size_t i = 0; i < sc->nactors; i++) {
        deeds_buf_puts(b, i ? ",{\"actor\":" : "{\"actor\":");
        json_str(b, sc->actor[i]);
        deeds_buf_puts(b, ",\"description\":");
        json_str(b, sc->actor_desc[i]);
        deeds_buf_puts(b, ",\"capability\":");
        json_number(b, sc->capability[i]);
        deeds_buf_puts(b, "}");
    }
    deeds_buf_puts(b, "],\n\"run\":");
    deeds_forecast_write(sc, &f, DEEDS_FORECAST_JSON, b);
    deeds_forecast_free(&f);
    if (runs > 0)
        return forecast_spread(c, sc, &fo, (int)runs, (double)spread, (uint64_t)seed);
    deeds_buf_puts(b, "}\n");
    return 200;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Appends ,"sensitivity":{...} with the 10th, 50th and 90th percentile,
 * least and most of each dimension's forecasts, and closes the object. */
static int forecast_spread(api_call *c, const deeds_scenario *sc, const deeds_forecast_options *fo,
                           int runs, double spread, uint64_t seed)
{
    size_t d = sc->ndims;
    double *all = malloc((size_t)runs * d * sizeof *all), *col = malloc((size_t)runs * sizeof *col);
    if (!all || !col || deeds_forecast_sensitivity(sc, fo, runs, spread, seed, all, c->diag) != 0) {
        free(all);
        free(col);
        return query_failed(c);
    }
    deeds_buf *b = &c->rep->body;
    deeds_buf_printf(b, ",\n\"sensitivity\":{\"runs\":%d,\"spread\":%g,\"dimensions\":[", runs, spread);
    for (size_t k = 0; k < d; k++) {
        for (int r = 0; r < runs; r++)
            col[r] = all[(size_t)r * d + k];
        qsort(col, (size_t)runs, sizeof *col, compare_doubles);
        deeds_buf_puts(b, k ? ",{\"dimension\":" : "{\"dimension\":");
        json_str(b, sc->dim[k]);
        const struct { const char *name; double at; } qs[] = {
            { "min", 0 }, { "p10", 0.1 }, { "median", 0.5 }, { "p90", 0.9 }, { "max", 1 } };
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            deeds_buf_printf(b, ",\"%s\":", qs[i].name);
            json_number(b, col[(size_t)(qs[i].at * (runs - 1) + 0.5)]);
        }
        deeds_buf_puts(b, "}");
    }
    deeds_buf_puts(b, "]}}\n");
    free(all);
    free(col);
    return 200;
}

/* GET /api/info: what the page needs to set itself up. */
static int api_info(api_call *c)
{
    deeds_buf *b = &c->rep->body;
    const char *base = strrchr(c->srv->db, '/');
    deeds_buf_puts(b, "{\"version\":\"" DEEDS_VERSION "\",\"store\":");
    json_str(b, base ? base + 1 : c->srv->db);
    deeds_buf_puts(b, ",\"forecast\":");
    if (c->srv->scenario)
        json_str(b, c->srv->scenario->name);
    else
        deeds_buf_puts(b, "null");
    deeds_buf_puts(b, "}\n");
    return 200;
}

typedef struct endpoint {
    const char *path;
    const char *params;           /* the only parameters it takes */
    int (*run)(api_call *c);
    int needs_store;
} endpoint;

static const endpoint endpoints[] = {
    { "/api/series", "source target from to by count quad normalise", api_series, 1 },
    { "/api/events", "source target from to code q class count quad limit all_modes", api_events, 1 },
    { "/api/judge", "source target from to by count quad window top", api_judge, 1 },
    { "/api/alignment", "actors from to count", api_alignment, 1 },
    { "/api/codes", "", api_codes, 0 },
    { "/api/info", "", api_info, 0 },
    { "/api/forecast", "model sensitivity spread seed", api_forecast, 0 },
};

static void collect_diag(void *ud, const char *file, long line, const char *msg)
{
    deeds_buf *b = ud;
    if (b->len)
        deeds_buf_puts(b, "; ");
    if (line)
        deeds_buf_printf(b, "%s:%ld: %s", file ? file : "", line, msg);
    else
        deeds_buf_puts(b, msg);
}

static void answer_api(deeds_server *s, struct MHD_Connection *conn, const char *url,
                       const char *cache_key, reply *rep)
{
    const endpoint *ep = NULL;
    for (size_t i = 0; i < sizeof endpoints / sizeof endpoints[0]; i++)
        if (!strcmp(url, endpoints[i].path))
            ep = &endpoints[i];
    if (!ep) {
        json_error(rep, 404, NULL, "no such endpoint '%s' (docs/serve.md lists them)", url);
        return;
    }
    args a = { .n = 0 };
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
    if (check_arg_names(&a, ep->params, rep))
        return;
    rep->content_type = "application/json";
    rep->cache_control = "no-cache";
    uint64_t gen = store_generation(s);
    if (cache_get(s, cache_key, gen, &rep->body, rep->etag)) {
        rep->status = 200;
        return;
    }
    int making = cache_claim(s, cache_key);
    if (!making && cache_get(s, cache_key, gen, &rep->body, rep->etag)) {
        rep->status = 200;
        return;
    }
    deeds_buf diag_text = { 0 };
    deeds_diag diag = { .emit = collect_diag, .ud = &diag_text };
    api_call call = { .srv = s, .a = &a, .rep = rep, .diag = &diag, .diag_text = &diag_text };
    if (ep->needs_store && !(call.store = store_borrow(s, &diag))) {
        json_error(rep, 503, NULL, "the store cannot be opened: %s",
                   diag_text.len ? diag_text.data : "unknown reason");
    } else {
        rep->status = ep->run(&call);
        if (call.store)
            store_return(s, call.store);
    }
    if (rep->status == 500 || rep->status == 503)
        server_warn(s, "%s: %s", cache_key, rep->body.data);
    if (rep->status == 200) {
        etag_of(rep->body.data, rep->body.len, rep->etag);
        cache_put(s, cache_key, gen, &rep->body, rep->etag);
    }
    if (making)
        cache_release(s, cache_key);
    deeds_buf_free(&diag_text);
}

/* ---------------------------------------------------------- static files */

static const char *content_type_of(const char *path)
{
    static const struct { const char *ext, *type; } types[] = {
        { ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
        { ".mjs", "text/javascript; charset=utf-8" }, { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json" }, { ".svg", "image/svg+xml" },
        { ".png", "image/png" }, { ".ico", "image/x-icon" }, { ".txt", "text/plain; charset=utf-8" },
        { ".map", "application/json" }, { ".woff2", "font/woff2" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

/* A URL path is served only when each of its segments is a plain name:
 * no "..", no ".", no hidden files, no backslashes. */
static int safe_url_path(const char *url)
{
    if (url[0] != '/' || strchr(url, '\\'))
        return 0;
    for (const char *p = url; p; p = strchr(p + 1, '/'))
        if (p[1] == '.')
            return 0;
    return 1;
}

/* Opens the file url names under the web folder, or returns -1 (404).
 * The resolved path must still lie inside the folder, which also keeps
 * out symbolic links that point elsewhere. */
static int open_web_file(const deeds_server *s, const char *url, char path[PATH_MAX],
                         struct stat *st)
{
    if (!safe_url_path(url))
        return -1;
    char want[PATH_MAX];
    int n = snprintf(want, sizeof want, "%s%s%s", s->web_root, url,
                     url[strlen(url) - 1] == '/' ? "index.html" : "");
    if (n < 0 || (size_t)n >= sizeof want || !realpath(want, path))
        return -1;
    if (strncmp(path, s->web_root, s->web_root_len) || path[s->web_root_len] != '/')
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static enum MHD_Result answer_static(request *r, struct MHD_Connection *conn, const char *url,
                                     const char *method, const char *version, reply *rep)
{
    deeds_server *s = r->srv;
    char path[PATH_MAX];
    struct stat st;
    int fd = open_web_file(s, url, path, &st);
    if (fd < 0) {
        rep->status = 404;
        rep->content_type = "text/plain; charset=utf-8";
        rep->cache_control = "no-store";
        deeds_buf_puts(&rep->body, "not found\n");
        return send_reply(r, conn, method, version, rep);
    }
    char etag[48];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_mtim.tv_sec,
             (unsigned long long)st.st_size);
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_IF_NONE_MATCH);
    int not_modified = inm && !strcmp(inm, etag);
    struct MHD_Response *resp = not_modified
        ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
        : MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (not_modified || !resp)
        close(fd);
    if (!resp)
        return MHD_NO;
    /* uPlot's copies change only with the pinned version; our own files
     * are checked on each load so an edit shows at once. */
    int vendor = !strncmp(url, "/vendor/", 8);
    if (!not_modified)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type_of(path));
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            vendor ? "public, max-age=86400" : "no-cache");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* The page may load nothing from another host. */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    r->status = not_modified ? 304 : 200;
    r->bytes = not_modified ? 0 : (size_t)st.st_size;
    log_request(r, conn, method, version);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* ------------------------------------------------------- request handling */

static enum MHD_Result sum_header(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *value)
{
    (void)kind;
    size_t *n = cls;
    *n += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* URL, headers and the body announced by Content-Length. */
static size_t request_size(const request *r, struct MHD_Connection *conn)
{
    size_t n = r->uri ? strlen(r->uri) : 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, sum_header, &n);
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        unsigned long long body = strtoull(cl, NULL, 10);
        n = body > SIZE_MAX - n ? SIZE_MAX : n + (size_t)body;
    }
    if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
        n = SIZE_MAX;   /* a chunked body of unknown size is refused */
    return n;
}

static enum MHD_Result answer_request(void *cls, struct MHD_Connection *conn,
                                      const char *url, const char *method,
                                      const char *version, const char *upload_data,
                                      size_t *upload_data_size, void **req_cls)
{
    (void)cls;
    (void)upload_data;
    request *r = *req_cls;
    if (!r)
        return MHD_NO;
    reply rep = { .status = 200, .cache_control = "no-store" };
    enum MHD_Result ok;
    size_t size = request_size(r, conn);
    if (size <= r->srv->max_request && !r->headers_seen) {
        /* An answer queued on this first call makes MHD close the
         * connection; from the second call on, it may stay open. */
        r->headers_seen = 1;
        return MHD_YES;
    }
    if (*upload_data_size) {
        *upload_data_size = 0;   /* a small body: read and ignored */
        return MHD_YES;
    }
    if (size > r->srv->max_request) {
        json_error(&rep, 413, NULL, "the request is larger than %zu bytes", r->srv->max_request);
        ok = send_reply(r, conn, method, version, &rep);
    } else if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        json_error(&rep, 405, NULL, "only GET and HEAD are answered here, not %s", method);
        rep.allow = "GET, HEAD";
        ok = send_reply(r, conn, method, version, &rep);
    } else if (!strncmp(url, "/api/", 5)) {
        answer_api(r->srv, conn, url, r->uri ? r->uri : url, &rep);
        ok = send_reply(r, conn, method, version, &rep);
    } else {
        ok = answer_static(r, conn, url, method, version, &rep);
    }
    deeds_buf_free(&rep.body);
    return ok;
}

static void *request_begin(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    deeds_server *s = cls;
    request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->srv = s;
    r->uri = strdup(uri ? uri : "");
    atomic_fetch_add(&s->in_flight, 1);
    return r;
}

static void request_end(void *cls, struct MHD_Connection *conn, void **req_cls,
                        enum MHD_RequestTerminationCode why)
{
    (void)conn;
    (void)why;
    deeds_server *s = cls;
    request *r = *req_cls;
    if (!r)
        return;
    free(r->uri);
    free(r);
    *req_cls = NULL;
    atomic_fetch_sub(&s->in_flight, 1);
}

static void log_mhd_error(void *cls, const char *fmt, va_list ap)
{
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    server_warn(cls, "web server: %s", msg);
}

/* ------------------------------------------------------------ start, stop */

int deeds_serve_is_loopback(const char *address)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (!strcmp(address, "localhost"))
        return 1;
    if (inet_pton(AF_INET, address, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, address, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

static int resolve_address(const char *address, unsigned port, struct sockaddr_storage *out,
                           deeds_diag *diag)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res;
    if (strcmp(address, "localhost"))
        hints.ai_flags |= AI_NUMERICHOST;
    char service[8];
    snprintf(service, sizeof service, "%u", port);
    int rc = getaddrinfo(address, service, &hints, &res);
    if (rc != 0) {
        deeds_diag_error(diag, NULL, 0, "cannot listen on '%s': %s (give a numeric address "
                         "such as 127.0.0.1 or ::1)", address, gai_strerror(rc));
        return -1;
    }
    memcpy(out, res->ai_addr, res->ai_addrlen);
    freeaddrinfo(res);
    return 0;
}

static int check_web_root(deeds_server *s, const char *root, deeds_diag *diag)
{
    char path[PATH_MAX];
    if (!realpath(root, path)) {
        deeds_diag_error(diag, root, 0, "the web folder cannot be opened (%s); give --web DIR, "
                         "the source tree's web/ after `make web`", strerror(errno));
        return -1;
    }
    s->web_root = strdup(path);
    s->web_root_len = strlen(path);
    snprintf(path, sizeof path, "%s/index.html", s->web_root);
    if (access(path, R_OK) != 0) {
        deeds_diag_error(diag, root, 0, "the web folder has no index.html; give --web DIR");
        return -1;
    }
    snprintf(path, sizeof path, "%s/vendor/uPlot.iife.min.js", s->web_root);
    if (access(path, R_OK) != 0)
        deeds_diag_warn(diag, root, 0, "uPlot is missing from vendor/, so the page will draw "
                        "no charts; run `make web` (tools/web.sh) to copy it there");
    return 0;
}

static void server_free(deeds_server *s)
{
    for (size_t i = 0; i < s->npool; i++)
        deeds_store_close(s->pool[i]);
    free(s->pool);
    for (size_t i = 0; s->cache && i < CACHE_SLOTS; i++) {
        free(s->cache[i].key);
        free(s->cache[i].body);
    }
    free(s->cache);
    pthread_mutex_destroy(&s->diag_lock);
    pthread_mutex_destroy(&s->log_lock);
    pthread_mutex_destroy(&s->pool_lock);
    pthread_mutex_destroy(&s->cache_lock);
    pthread_cond_destroy(&s->cache_ready);
    deeds_scenario_free(s->scenario);
    free(s->db);
    free(s->web_root);
    free(s);
}

static deeds_server *server_new(const deeds_serve_options *o, deeds_diag *diag)
{
    deeds_server *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    pthread_mutex_init(&s->diag_lock, NULL);
    pthread_mutex_init(&s->log_lock, NULL);
    pthread_mutex_init(&s->pool_lock, NULL);
    pthread_mutex_init(&s->cache_lock, NULL);
    pthread_cond_init(&s->cache_ready, NULL);
    s->db = strdup(o->db);
    s->diag = diag;
    s->access_log = o->access_log;
    s->max_request = o->max_request ? o->max_request : DEFAULT_MAX_REQUEST;
    /* A PostgreSQL store has no file whose changes could empty the cache. */
    int file_store = !strstr(o->db, "://");
    if (!o->no_cache && file_store)
        s->cache = calloc(CACHE_SLOTS, sizeof *s->cache);
    return s;
}

deeds_server *deeds_serve_start(const deeds_serve_options *o, deeds_diag *diag)
{
    const char *address = o->address ? o->address : "127.0.0.1";
    if (!o->db) {
        deeds_diag_error(diag, NULL, 0, "no store given to serve (--db)");
        return NULL;
    }
    deeds_server *s = server_new(o, diag);
    if (!s)
        return NULL;
    struct sockaddr_storage addr;
    deeds_store *first;
    if (check_web_root(s, o->web_root ? o->web_root : "web", diag) != 0 ||
        resolve_address(address, o->port, &addr, diag) != 0 ||
        !(first = deeds_store_open(o->db, 0, diag))) {
        server_free(s);
        return NULL;
    }
    store_return(s, first);
    if (o->scenario && !(s->scenario = deeds_scenario_read(o->scenario, diag))) {
        server_free(s);
        return NULL;
    }
    if (!deeds_serve_is_loopback(address))
        deeds_diag_warn(diag, NULL, 0, "listening on %s, which is not loopback: anyone who can "
                        "reach this machine can read the store", address);
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* Headers may take the whole request limit; the pool also holds the
     * answer's headers and MHD's own book-keeping. */
    size_t memory = s->max_request * 2 + 32768;
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, answer_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, log_mhd_error, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : DEFAULT_THREADS),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_URI_LOG_CALLBACK, request_begin, s,
        MHD_OPTION_NOTIFY_COMPLETED, request_end, s,
        MHD_OPTION_END);
    if (!s->daemon) {
        deeds_diag_error(diag, NULL, 0, "cannot listen on %s port %u (%s); is another server "
                         "using it? pick another with --listen", address, o->port, strerror(errno));
        server_free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : o->port;
    return s;
}

unsigned deeds_serve_port(const deeds_server *s)
{
    return s->port;
}

void deeds_serve_stop(deeds_server *s)
{
    if (!s)
        return;
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    struct timespec tick = { 0, 20 * 1000 * 1000 };
    for (int i = 0; i < STOP_GRACE_SECONDS * 50 && atomic_load(&s->in_flight) > 0; i++)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(s->daemon);
    server_free(s);
}
