/*
 * dictcache.c: a loaded dictionary set kept on disk, so the next run reads
 * it in one go instead of parsing the source files again.
 *
 * dict.c describes what a load reads (the deeds build and every source
 * file's path, size and modification time: the key) and asks here for a
 * cache file.  The file holds a header (magic, format, checksum), the key,
 * the messages the parse produced (replayed on every load, so a cached load
 * reports the same bad lines) and every array of the finished deeds_dict,
 * flat: the arrays refer to each other by index and to strings by offset,
 * so they are used in place where the file is mapped.  A file whose magic,
 * format, key or checksum does not match is ignored and rewritten; a cache
 * that cannot be read or written is never an error.
 * Hands finished dictionaries back to dict.c.
 */
#include "dict.h"

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CACHE_MAGIC  "deedsdc\n"
#define CACHE_FORMAT 1u

/* --------------------------------------------------------------- checksum */

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* A 64-bit checksum (Fletcher's sums over 64-bit words, four lanes): fast
 * enough for the megabytes of a large dictionary on every load, and any
 * changed byte changes it. */
uint64_t dict_checksum(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t a[4] = { 1, 2, 3, 4 }, b[4] = { 0 };
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int l = 0; l < 4; l++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * l, 8);
            a[l] += w;
            b[l] += a[l];
        }
    uint64_t t = n;
    for (; i < n; i++)
        t = rotl(t ^ p[i], 8) * 0x9E3779B97F4A7C15ull;
    uint64_t h = t;
    for (int l = 0; l < 4; l++)
        h = rotl(h ^ a[l], 23) * 0x9E3779B97F4A7C15ull ^ rotl(b[l], 41);
    return h;
}

/* -------------------------------------------------------------- messages */

enum { MSG_SKIP, MSG_WARN, MSG_ERROR };
static const char *const msg_prefix[] = { "skipped: ", "warning: ", "error: " };

/* Passes one message on to diag as the loader first reported it. */
static void replay(deeds_diag *diag, int kind, int why, const char *file, long line,
                   const char *text)
{
    if (kind == MSG_SKIP)
        deeds_diag_skip(diag, file, line, (deeds_skip)why, "%s", text);
    else if (kind == MSG_WARN)
        deeds_diag_warn(diag, file, line, "%s", text);
    else
        deeds_diag_error(diag, file, line, "%s", text);
}

/* Which counter the message just emitted raised tells its kind. */
static void record_emit(void *ud, const char *file, long line, const char *msg)
{
    dict_recorder *r = ud;
    int kind = MSG_ERROR, why = 0;
    for (int i = 0; i < DEEDS_SKIP__COUNT; i++)
        if (r->diag.skipped[i] != r->seen.skipped[i]) {
            kind = MSG_SKIP;
            why = i;
        }
    if (r->diag.warnings != r->seen.warnings)
        kind = MSG_WARN;
    r->seen = r->diag;
    if (kind == MSG_ERROR || (kind == MSG_SKIP && why == DEEDS_SKIP_UNREADABLE))
        r->cacheable = 0;
    size_t pl = strlen(msg_prefix[kind]);
    const char *text = strncmp(msg, msg_prefix[kind], pl) ? msg : msg + pl;
    replay(r->user, kind, why, file, line, text);
    uint8_t head[2] = { (uint8_t)kind, (uint8_t)why };
    int64_t ln = line;
    uint32_t fl = file ? (uint32_t)strlen(file) + 1 : 0, tl = (uint32_t)strlen(text) + 1;
    deeds_buf_append(&r->log, (const char *)head, 2);
    deeds_buf_append(&r->log, (const char *)&ln, 8);
    deeds_buf_append(&r->log, (const char *)&fl, 4);
    deeds_buf_append(&r->log, (const char *)&tl, 4);
    if (fl)
        deeds_buf_append(&r->log, file, fl);
    deeds_buf_append(&r->log, text, tl);
}

void dict_recorder_init(dict_recorder *r, deeds_diag *user)
{
    memset(r, 0, sizeof *r);
    r->diag.emit = record_emit;
    r->diag.ud = r;
    r->user = user;
    r->cacheable = 1;
}

void dict_recorder_free(dict_recorder *r)
{
    deeds_buf_free(&r->log);
}

/* Replays a message log; -1 when it is malformed. */
static int replay_log(const char *p, size_t n, deeds_diag *diag, int dry_run)
{
    size_t i = 0;
    while (i < n) {
        if (n - i < 18)
            return -1;
        uint8_t kind = (uint8_t)p[i], why = (uint8_t)p[i + 1];
        int64_t line;
        uint32_t fl, tl;
        memcpy(&line, p + i + 2, 8);
        memcpy(&fl, p + i + 10, 4);
        memcpy(&tl, p + i + 14, 4);
        i += 18;
        if (kind > MSG_ERROR || why >= DEEDS_SKIP__COUNT || tl == 0 ||
            fl > n - i || tl > n - i - fl ||
            (fl && p[i + fl - 1]) || p[i + fl + tl - 1])
            return -1;
        if (!dry_run)
            replay(diag, kind, why, fl ? p + i : NULL, (long)line, p + i + fl);
        i += fl + tl;
    }
    return 0;
}

/* ------------------------------------------------------------- the file */

/* The arrays of a deeds_dict, in file order. */
enum {
    S_KEY, S_LOG, S_POOL, S_ELEMS, S_ENTRIES, S_DATED, S_VERBS, S_PATS, S_FILES,
    S_TEXT_FILES, S_SLOTS, S_FIRST_BITS, S_INDEX, S_PAT_NEED, S_OPTIONS, S__COUNT
};

typedef struct cache_header {
    char     magic[8];
    uint32_t format, nsections;
    uint64_t checksum;         /* of everything after the header */
    uint64_t size;             /* of the whole file */
    uint64_t nslots, nindex, first_shift, max_stem, tabari, has_text_files;
    uint64_t off[S__COUNT], len[S__COUNT];   /* bytes from the file's start */
} cache_header;

static size_t pad8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static void add_section(deeds_buf *b, cache_header *h, int s, const void *p, size_t n)
{
    static const char zeros[8] = { 0 };
    h->off[s] = b->len;
    h->len[s] = n;
    if (n)
        deeds_buf_append(b, p, n);
    deeds_buf_append(b, zeros, pad8(b->len) - b->len);
}

/* Appends n zero bytes. */
static void put_zeros(deeds_buf *b, size_t n)
{
    static const char zeros[4096] = { 0 };
    for (size_t k; n; n -= k) {
        k = n < sizeof zeros ? n : sizeof zeros;
        deeds_buf_append(b, zeros, k);
    }
}

/* Record writers for the structs with padding: each field goes to its place
 * in zeroed space, so no stray heap bytes reach the file. */
#define PUT(dst, type, src, f) memcpy((dst) + offsetof(type, f), &(src)->f, sizeof (src)->f)

static void put_code(char *dst, const dict_code *c)
{
    memcpy(dst + offsetof(dict_code, a), c->a, strnlen(c->a, sizeof c->a));
    memcpy(dst + offsetof(dict_code, b), c->b, strnlen(c->b, sizeof c->b));
    PUT(dst, dict_code, c, flags);
}

static void put_dated(char *dst, const void *array, size_t i)
{
    const dict_dated *x = (const dict_dated *)array + i;
    PUT(dst, dict_dated, x, code);
    PUT(dst, dict_dated, x, lo);
    PUT(dst, dict_dated, x, hi);
    PUT(dst, dict_dated, x, restricted);
}

static void put_verb(char *dst, const void *array, size_t i)
{
    const dict_verb *x = (const dict_verb *)array + i;
    PUT(dst, dict_verb, x, name);
    put_code(dst + offsetof(dict_verb, code), &x->code);
    PUT(dst, dict_verb, x, pat);
    PUT(dst, dict_verb, x, npat);
    PUT(dst, dict_verb, x, file);
    PUT(dst, dict_verb, x, line);
}

static void put_pattern(char *dst, const void *array, size_t i)
{
    const dict_pattern *x = (const dict_pattern *)array + i;
    PUT(dst, dict_pattern, x, elem);
    PUT(dst, dict_pattern, x, nelem);
    PUT(dst, dict_pattern, x, chars);
    put_code(dst + offsetof(dict_pattern, code), &x->code);
    PUT(dst, dict_pattern, x, file);
    PUT(dst, dict_pattern, x, line);
    PUT(dst, dict_pattern, x, text);
    PUT(dst, dict_pattern, x, actors);
}

static void put_slot(char *dst, const void *array, size_t i)
{
    const dict_slot *x = (const dict_slot *)array + i;
    PUT(dst, dict_slot, x, hash);
    PUT(dst, dict_slot, x, text);
    PUT(dst, dict_slot, x, len);
    PUT(dst, dict_slot, x, used);
    PUT(dst, dict_slot, x, first);
    PUT(dst, dict_slot, x, count);
    PUT(dst, dict_slot, x, exact);
}

static void add_records(deeds_buf *b, cache_header *h, int s, const void *array, size_t n,
                        size_t size, void (*put)(char *, const void *, size_t))
{
    size_t at = b->len;
    put_zeros(b, n * size);
    for (size_t i = 0; i < n; i++)
        put(b->data + at + i * size, array, i);
    h->off[s] = at;
    h->len[s] = n * size;
    put_zeros(b, pad8(b->len) - b->len);
}

/* Removes cache files of the folder of path not written for 30 days (sets
 * no longer loaded, programs since removed) and temporary files a crash
 * left behind a day ago.  A set still in use is simply written again. */
static void prune(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t n = strlen(de->d_name);
        int cache = n > 5 && !strcmp(de->d_name + n - 5, ".dict");
        int tmp = n > 4 && !strcmp(de->d_name + n - 4, ".tmp");
        if (!cache && !tmp)
            continue;
        char file[4096 + 256];
        snprintf(file, sizeof file, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(file, &st) == 0 && now - st.st_mtime > (cache ? 30 : 1) * 86400)
            unlink(file);
    }
    closedir(dp);
}

int dict_cache_write(const char *path, const char *key, size_t keylen,
                     const deeds_dict *d, const dict_recorder *rec)
{
    if (d->build || !rec->cacheable)
        return -1;
    cache_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, CACHE_MAGIC, 8);
    h.format = CACHE_FORMAT;
    h.nsections = S__COUNT;
    h.nslots = d->nslots;
    h.nindex = d->nindex;
    h.first_shift = d->first_shift;
    h.max_stem = d->max_stem;
    h.tabari = (uint64_t)d->tabari;
    h.has_text_files = d->text_files != NULL;
    deeds_buf b = { 0 };
    deeds_buf_append(&b, (const char *)&h, sizeof h);
    deeds_buf files = { 0 };
    for (size_t i = 0; i < d->nfiles; i++)
        deeds_buf_append(&files, d->files[i], strlen(d->files[i]) + 1);
    add_section(&b, &h, S_KEY, key, keylen);
    add_section(&b, &h, S_LOG, rec->log.data, rec->log.len);
    add_section(&b, &h, S_POOL, d->pool, d->pool_len);
    add_section(&b, &h, S_ELEMS, d->elems, d->nelems * sizeof *d->elems);
    add_section(&b, &h, S_ENTRIES, d->entries, d->nentries * sizeof *d->entries);
    add_records(&b, &h, S_DATED, d->dated, d->ndated, sizeof *d->dated, put_dated);
    add_records(&b, &h, S_VERBS, d->verbs, d->nverbs, sizeof *d->verbs, put_verb);
    add_records(&b, &h, S_PATS, d->pats, d->npats, sizeof *d->pats, put_pattern);
    add_section(&b, &h, S_FILES, files.data, files.len);
    add_section(&b, &h, S_TEXT_FILES, d->text_files,
                d->text_files ? strlen(d->text_files) + 1 : 0);
    add_records(&b, &h, S_SLOTS, d->slots, d->nslots, sizeof *d->slots, put_slot);
    add_section(&b, &h, S_FIRST_BITS, d->first_bits,
                ((size_t)1 << (32 - d->first_shift)) / 8);
    add_section(&b, &h, S_INDEX, d->index, d->nindex * sizeof *d->index);
    add_section(&b, &h, S_PAT_NEED, d->pat_need, d->npats * sizeof *d->pat_need);
    add_section(&b, &h, S_OPTIONS, &d->opt, sizeof d->opt);
    deeds_buf_free(&files);
    h.size = b.len;
    h.checksum = dict_checksum(b.data + sizeof h, b.len - sizeof h);
    memcpy(b.data, &h, sizeof h);

    /* written under a temporary name and renamed: readers never see half a file */
    size_t tl = strlen(path) + 32;
    char *tmp = malloc(tl);
    int rc = -1;
    if (tmp) {
        snprintf(tmp, tl, "%s.%ld.tmp", path, (long)getpid());
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            size_t done = 0;
            while (done < b.len) {
                ssize_t w = write(fd, b.data + done, b.len - done);
                if (w < 0 && errno == EINTR)
                    continue;
                if (w <= 0)
                    break;
                done += (size_t)w;
            }
            rc = close(fd) == 0 && done == b.len ? 0 : -1;
            if (rc == 0) {
                prune(path);
                rc = rename(tmp, path);
            }
            if (rc != 0)
                unlink(tmp);
        }
        free(tmp);
    }
    deeds_buf_free(&b);
    return rc;
}

/* The whole file, mapped (copy on write: the dictionary is used in place);
 * NULL when it cannot be. */
static char *map_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= (off_t)sizeof(cache_header)) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (m != MAP_FAILED) {
            data = m;
            *len = (size_t)st.st_size;
        }
    }
    close(fd);
    return data;
}

/* Non-zero when every section lies inside the file, in order, and holds a
 * whole number of its elements. */
static int sections_fit(const cache_header *h, size_t size)
{
    static const size_t unit[S__COUNT] = {
        [S_KEY] = 1, [S_LOG] = 1, [S_POOL] = 1, [S_ELEMS] = sizeof(dict_elem),
        [S_ENTRIES] = sizeof(dict_entry), [S_DATED] = sizeof(dict_dated),
        [S_VERBS] = sizeof(dict_verb), [S_PATS] = sizeof(dict_pattern), [S_FILES] = 1,
        [S_TEXT_FILES] = 1, [S_SLOTS] = sizeof(dict_slot), [S_FIRST_BITS] = 8,
        [S_INDEX] = sizeof(dict_cand), [S_PAT_NEED] = sizeof(dict_need),
        [S_OPTIONS] = sizeof(dict_options),
    };
    uint64_t at = sizeof *h;
    for (int s = 0; s < S__COUNT; s++) {
        if (h->off[s] != at || at > size || h->len[s] > size - at || h->len[s] % unit[s])
            return 0;
        at = pad8((size_t)(at + h->len[s]));
    }
    return at == size;
}

/* The dictionary in the mapping data (which it takes over), after every
 * check. */
static deeds_dict *unpack(char *data, size_t size, const char *key, size_t keylen,
                          deeds_diag *diag)
{
    cache_header h;
    memcpy(&h, data, sizeof h);
    if (memcmp(h.magic, CACHE_MAGIC, 8) || h.format != CACHE_FORMAT ||
        h.nsections != S__COUNT || h.size != size || !sections_fit(&h, size) ||
        h.len[S_KEY] != keylen || memcmp(data + h.off[S_KEY], key, keylen) ||
        h.checksum != dict_checksum(data + sizeof h, size - sizeof h) ||
        h.first_shift < 2 || h.first_shift > 26 ||
        h.len[S_FIRST_BITS] != ((size_t)1 << (32 - h.first_shift)) / 8 ||
        h.len[S_OPTIONS] != sizeof(dict_options) || !h.len[S_POOL] ||
        h.nslots != h.len[S_SLOTS] / sizeof(dict_slot) || (h.nslots & (h.nslots - 1)) ||
        h.nindex != h.len[S_INDEX] / sizeof(dict_cand) ||
        h.len[S_PAT_NEED] / sizeof(dict_need) != h.len[S_PATS] / sizeof(dict_pattern) ||
        (h.len[S_FILES] && data[h.off[S_FILES] + h.len[S_FILES] - 1]) ||
        (h.has_text_files && (!h.len[S_TEXT_FILES] ||
                              data[h.off[S_TEXT_FILES] + h.len[S_TEXT_FILES] - 1])) ||
        replay_log(data + h.off[S_LOG], h.len[S_LOG], NULL, 1) < 0) {
        munmap(data, size);
        return NULL;
    }
    deeds_dict *d = calloc(1, sizeof *d);
    if (!d) {
        munmap(data, size);
        return NULL;
    }
    d->blob = data;
    d->blob_len = size;
#define SECTION(s, type) ((type *)(void *)(data + h.off[s]))
    d->pool = SECTION(S_POOL, char);
    d->pool_len = d->pool_cap = h.len[S_POOL];
    d->elems = SECTION(S_ELEMS, dict_elem);
    d->nelems = d->elems_cap = h.len[S_ELEMS] / sizeof *d->elems;
    d->entries = SECTION(S_ENTRIES, dict_entry);
    d->nentries = d->entries_cap = h.len[S_ENTRIES] / sizeof *d->entries;
    d->dated = SECTION(S_DATED, dict_dated);
    d->ndated = d->dated_cap = h.len[S_DATED] / sizeof *d->dated;
    d->verbs = SECTION(S_VERBS, dict_verb);
    d->nverbs = d->verbs_cap = h.len[S_VERBS] / sizeof *d->verbs;
    d->pats = SECTION(S_PATS, dict_pattern);
    d->npats = d->pats_cap = h.len[S_PATS] / sizeof *d->pats;
    d->slots = SECTION(S_SLOTS, dict_slot);
    d->nslots = h.nslots;
    d->first_bits = SECTION(S_FIRST_BITS, uint64_t);
    d->first_shift = (uint32_t)h.first_shift;
    d->index = SECTION(S_INDEX, dict_cand);
    d->nindex = h.nindex;
    d->pat_need = SECTION(S_PAT_NEED, dict_need);
    d->max_stem = (uint16_t)h.max_stem;
    d->tabari = (int)h.tabari;
    d->text_files = h.has_text_files ? SECTION(S_TEXT_FILES, char) : NULL;
    memcpy(&d->opt, data + h.off[S_OPTIONS], sizeof d->opt);
#undef SECTION
    const char *f = data + h.off[S_FILES], *fe = f + h.len[S_FILES];
    for (const char *q = f; q < fe; q += strlen(q) + 1)
        d->nfiles++;
    d->files = malloc((d->nfiles + 1) * sizeof *d->files);
    if (!d->files) {
        deeds_dict_free(d);
        return NULL;
    }
    size_t i = 0;
    for (const char *q = f; q < fe; q += strlen(q) + 1)
        d->files[i++] = (char *)q;
    replay_log(data + h.off[S_LOG], h.len[S_LOG], diag, 0);
    return d;
}

deeds_dict *dict_cache_read(const char *path, const char *key, size_t keylen,
                            deeds_diag *diag)
{
    size_t size;
    char *data = map_file(path, &size);
    return data ? unpack(data, size, key, keylen, diag) : NULL;
}

/* $XDG_CACHE_HOME/deeds, else ~/.cache/deeds, created when missing. */
static int cache_dir(deeds_buf *out)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/') {
        deeds_buf_puts(out, xdg);
        mkdir(out->data, 0755);
    } else if (home && *home) {
        deeds_buf_puts(out, home);
        deeds_buf_puts(out, "/.cache");
        mkdir(out->data, 0755);
    } else {
        return -1;
    }
    deeds_buf_puts(out, "/deeds");
    if (mkdir(out->data, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

char *dict_cache_path(const char *id, size_t idlen)
{
    const char *off = getenv("DEEDS_NO_CACHE");
    if (off && *off && strcmp(off, "0"))
        return NULL;
    deeds_buf b = { 0 };
    if (cache_dir(&b) < 0) {
        deeds_buf_free(&b);
        return NULL;
    }
    deeds_buf_printf(&b, "/%016llx.dict", (unsigned long long)dict_checksum(id, idlen));
    return b.data;
}
