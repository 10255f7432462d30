/*
 * input.c: from files to articles, the first stage of the pipeline.
 *
 * A reader streams one file (or standard input) through a fixed buffer and
 * hands the next stage one deeds_article at a time.  JSON Lines files give
 * one article per line; any other file is one article.  Records that cannot
 * be used are reported through deeds_diag (file, line, what was wrong, what
 * to do), counted, and skipped, and reading goes on with the next line.  A
 * line longer than the record limit is skipped while it streams past, so it
 * never sits in memory whole.
 */
#include "deeds.h"
#include "json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK (256 * 1024)
#define DEFAULT_MAX_RECORD (1024 * 1024)

struct deeds_reader {
    int               fd;
    int               own_fd;      /* not standard input: close it */
    char             *file;        /* as reported: the path or "-" */
    const char       *base;        /* the file's base name, for ids */
    deeds_input_kind  kind;        /* JSONL or TEXT once opened */
    int32_t           default_date;
    size_t            max_record;
    deeds_diag       *diag;
    /* the read buffer */
    char             *buf;
    size_t            pos, len;
    int               eof, done;
    long              line;        /* line breaks consumed so far */
    /* the current record */
    deeds_buf         rec;
    json_parser      *json;
    const json_value *record;
    deeds_buf         id;
    int               warned_no_id;
};

/* -------------------------------------------------------------- buffering */

/* Refills the buffer when it is used up: 1 when bytes are available, 0 at
 * end of input, -1 on a read error (reported). */
static int fill(deeds_reader *r)
{
    if (r->pos < r->len)
        return 1;
    if (r->eof)
        return 0;
    r->pos = r->len = 0;
    ssize_t n;
    do
        n = read(r->fd, r->buf, READ_CHUNK);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        deeds_diag_skip(r->diag, r->file, r->line + 1, DEEDS_SKIP_UNREADABLE,
                        "read error: %s; the rest of the file is not read",
                        strerror(errno));
        r->eof = r->done = 1;
        return -1;
    }
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    r->len = (size_t)n;
    return 1;
}

/* Reads until the buffer holds the first three bytes of the input (or all
 * of a shorter one), so that a byte order mark can be recognised even when
 * a pipe delivers it in pieces.  -1 on a read error (reported). */
static int read_start(deeds_reader *r)
{
    while (r->len < 3 && !r->eof) {
        ssize_t n = read(r->fd, r->buf + r->len, READ_CHUNK - r->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            deeds_diag_skip(r->diag, r->file, 0, DEEDS_SKIP_UNREADABLE,
                            "cannot read: %s", strerror(errno));
            return -1;
        }
        r->eof = n == 0;
        r->len += (size_t)n;
    }
    return 0;
}

/* Skips a UTF-8 byte order mark and leading white space (counting lines),
 * and returns the first byte after them, -1 at end of input, -2 on a read
 * error. */
static int first_content_byte(deeds_reader *r)
{
    if (read_start(r))
        return -2;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    int f;
    for (f = fill(r); f > 0; f = fill(r)) {
        char c = r->buf[r->pos];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return (unsigned char)c;
        r->line += c == '\n';
        r->pos++;
    }
    return f < 0 ? -2 : -1;
}

/* Reads the next line into r->rec, without its line break.  *full_len gets
 * the line's real length; only the first max_record bytes are kept.
 * Returns 1, 0 at end of input, -1 on a read error. */
static int read_line(deeds_reader *r, size_t *full_len)
{
    deeds_buf_reset(&r->rec);
    size_t total = 0;
    int any = 0;
    for (;;) {
        int f = fill(r);
        if (f < 0)
            return -1;
        if (f == 0) {
            if (!any)
                return 0;
            break;
        }
        any = 1;
        char *start = r->buf + r->pos;
        char *nl = memchr(start, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - start) : r->len - r->pos;
        if (total + n <= r->max_record + 1)  /* +1: room for a '\r' */
            deeds_buf_append(&r->rec, start, n);
        total += n;
        r->pos += n + (nl != NULL);
        if (nl)
            break;
    }
    r->line++;
    if (total <= r->max_record + 1 && total && r->rec.data[total - 1] == '\r') {
        r->rec.data[--r->rec.len] = '\0';
        total--;
    }
    *full_len = total;
    return 1;
}

/* ------------------------------------------------------------ JSON Lines */

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* An optional string field: its text, or NULL when absent, null or (after
 * a warning) of another type. */
static const char *optional_string(deeds_reader *r, long line,
                                   const json_value *rec, const char *name)
{
    const json_value *v = json_object_get(rec, name);
    if (!v || v->type == JSON_NULL)
        return NULL;
    if (v->type == JSON_STRING)
        return v->u.str;
    deeds_diag_warn(r->diag, r->file, line,
                    "\"%s\" is a %s, not a string; it is ignored", name,
                    json_type_name(v->type));
    return NULL;
}

/* The article's id: "id" as a string or number, else FILE:LINE. */
static const char *record_id(deeds_reader *r, long line, const json_value *rec)
{
    const json_value *v = json_object_get(rec, "id");
    if (v && (v->type == JSON_STRING || v->type == JSON_NUMBER) && v->len)
        return v->u.str;
    if (v && v->type != JSON_NULL && v->type != JSON_STRING)
        deeds_diag_warn(r->diag, r->file, line,
                        "\"id\" is a %s; ids must be strings or numbers, "
                        "so this record is named %s:%ld",
                        json_type_name(v->type), r->base, line);
    else if (!r->warned_no_id) {
        deeds_diag_warn(r->diag, r->file, line,
                        "record without an \"id\"; such records are named "
                        "FILE:LINE (here %s:%ld); this is said once per file",
                        r->base, line);
        r->warned_no_id = 1;
    }
    deeds_buf_reset(&r->id);
    deeds_buf_printf(&r->id, "%s:%ld", r->base, line);
    return r->id.data;
}

/* Reads exactly n digits at s; -1 when any is not a digit. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Minutes a timestamp's clock is ahead of UTC: t is what follows the date
 * ("T23:30:00-04:00", " 08:00Z", "T08:00:00.5+0900").  0 when it names no
 * zone (the time is then taken as it stands). */
static long zone_offset_minutes(const char *t, size_t n, long *clock_minutes)
{
    *clock_minutes = 0;
    if (n < 6 || digits(t + 1, 2) < 0 || t[3] != ':' || digits(t + 4, 2) < 0)
        return 0;
    *clock_minutes = digits(t + 1, 2) * 60L + digits(t + 4, 2);
    size_t i = 6;
    while (i < n && ((t[i] >= '0' && t[i] <= '9') || t[i] == ':' || t[i] == '.'))
        i++;
    if (i >= n || t[i] == 'Z' || t[i] == 'z')
        return 0;
    if (t[i] != '+' && t[i] != '-')
        return 0;
    int sign = t[i] == '-' ? -1 : 1;
    const char *z = t + i + 1;
    size_t left = n - i - 1;
    int hh = left >= 2 ? digits(z, 2) : -1;
    int mm = left >= 5 && z[2] == ':' ? digits(z + 3, 2) : left >= 4 ? digits(z + 2, 2) : 0;
    if (hh < 0 || mm < 0)
        return 0;
    return sign * (hh * 60L + mm);
}

/* Parses a "date" value: 'YYYY-MM-DD', 'YYYYMMDD' (string or number) or
 * a timestamp starting with 'YYYY-MM-DD' then 'T' or ' '.  A timestamp
 * with a zone ('Z', '+09:00', '-0400') gives its UTC calendar date, so
 * that reports from different zones fall on the same day.  0 when bad. */
static int32_t record_date(const json_value *v)
{
    if (v->type != JSON_STRING && v->type != JSON_NUMBER)
        return 0;
    size_t n = v->len;
    if (v->type != JSON_STRING || n <= 10 || (v->u.str[10] != 'T' && v->u.str[10] != ' '))
        return deeds_date_parse(v->u.str, n);
    int32_t date = deeds_date_parse(v->u.str, 10);
    if (!date)
        return 0;
    long clock, offset = zone_offset_minutes(v->u.str + 10, n - 10, &clock);
    long utc = clock - offset;   /* minutes after local midnight, in UTC */
    long shift = utc < 0 ? -1 : utc >= 24 * 60 ? 1 : 0;
    return shift ? deeds_date_from_days(deeds_date_days(date) + shift) : date;
}

static int record_text(deeds_reader *r, long line, const json_value *rec,
                       deeds_article *out)
{
    static const char *const fix =
        "every record needs a non-empty \"text\" string";
    const json_value *v = json_object_get(rec, "text");
    if (!v) {
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_NO_TEXT,
                        "missing \"text\" field; %s", fix);
        return 0;
    }
    if (v->type != JSON_STRING) {
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_NO_TEXT,
                        "\"text\" is a %s; %s", json_type_name(v->type), fix);
        return 0;
    }
    if (strspn(v->u.str, " \t\r\n") == v->len) {
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_NO_TEXT,
                        "\"text\" is empty; %s", fix);
        return 0;
    }
    if (memchr(v->u.str, '\0', v->len)) {
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_NO_TEXT,
                        "\"text\" holds a NUL character (\\u0000), which no "
                        "text has; remove it");
        return 0;
    }
    out->text = v->u.str;
    out->text_len = v->len;
    return 1;
}

static int record_date_field(deeds_reader *r, long line,
                             const json_value *rec, deeds_article *out)
{
    const json_value *v = json_object_get(rec, "date");
    if (!v || v->type == JSON_NULL) {
        if (!r->default_date) {
            deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_NO_DATE,
                            "no \"date\" field and no default date; add "
                            "\"date\": \"YYYY-MM-DD\" or pass --date");
            return 0;
        }
        out->date = r->default_date;
        return 1;
    }
    out->date = record_date(v);
    if (!out->date) {
        if (v->type == JSON_STRING)
            deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_DATE,
                            "\"date\" \"%.40s\" is not a calendar date; "
                            "write it as \"YYYY-MM-DD\" or \"YYYYMMDD\"",
                            v->u.str);
        else
            deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_DATE,
                            "\"date\" is a %s; write it as the string "
                            "\"YYYY-MM-DD\"", json_type_name(v->type));
        return 0;
    }
    return 1;
}

/* Turns the line in r->rec into *out; 0 (after reporting) when it is
 * skipped. */
static int record_to_article(deeds_reader *r, long line, deeds_article *out)
{
    json_error err;
    const json_value *rec = json_parse(r->json, r->rec.data, r->rec.len, &err);
    if (!rec) {
        if (err.status == JSON_ERROR_UTF8)
            deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_UTF8,
                            "%s; records must be UTF-8 (convert the file, "
                            "e.g. with iconv)", err.message);
        else
            deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_JSON,
                            "not valid JSON: %s; each line must hold one "
                            "JSON object", err.message);
        return 0;
    }
    if (rec->type != JSON_OBJECT) {
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_JSON,
                        "the line is a JSON %s, not an object; each line "
                        "must hold one object such as {\"text\": \"...\"}",
                        json_type_name(rec->type));
        return 0;
    }
    memset(out, 0, sizeof *out);
    if (!record_text(r, line, rec, out) ||
        !record_date_field(r, line, rec, out))
        return 0;
    out->id = record_id(r, line, rec);
    out->title = optional_string(r, line, rec, "title");
    out->source = optional_string(r, line, rec, "source");
    out->url = optional_string(r, line, rec, "url");
    out->file = r->file;
    out->line = line;
    r->record = rec;
    return 1;
}

static int next_jsonl(deeds_reader *r, deeds_article *out)
{
    for (;;) {
        size_t full;
        int got = read_line(r, &full);
        if (got <= 0) {
            r->done = 1;
            return got;
        }
        if (full > r->max_record) {
            deeds_diag_skip(r->diag, r->file, r->line, DEEDS_SKIP_TOO_LONG,
                            "the record is too long: %zu bytes, over the "
                            "limit of %zu; split the article or raise "
                            "--max-record",
                            full, r->max_record);
            continue;
        }
        if (is_blank(r->rec.data, r->rec.len))
            continue;
        if (record_to_article(r, r->line, out))
            return 1;
    }
}

/* ------------------------------------------------------------ plain text */

/* Reads the rest of the input into r->rec: 1 when done, 0 (after
 * reporting) when it is over the limit, -1 on a read error. */
static int slurp(deeds_reader *r)
{
    deeds_buf_reset(&r->rec);
    int f;
    while ((f = fill(r)) > 0) {
        size_t n = r->len - r->pos;
        if (r->rec.len + n > r->max_record) {
            deeds_diag_skip(r->diag, r->file, 0, DEEDS_SKIP_TOO_LONG,
                            "the file is too long: over the limit of %zu "
                            "bytes for one article; split it or raise "
                            "--max-record",
                            r->max_record);
            return 0;
        }
        deeds_buf_append(&r->rec, r->buf + r->pos, n);
        r->pos = r->len;
    }
    return f == 0 ? 1 : -1;
}

/* A plain text file with a NUL byte, or with invalid UTF-8, is reported
 * at the first bad byte.  NUL bytes are valid UTF-8 but no text has them:
 * they mostly mean UTF-16, as a byte-order mark FF FE or FE FF does. */
static void report_bad_utf8_text(deeds_reader *r, size_t bad)
{
    const char *s = r->rec.data;
    long line = r->line + 1;
    size_t line_start = 0;
    for (size_t i = 0; i < bad; i++)
        if (s[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    const unsigned char *u = (const unsigned char *)s;
    if (bad == 0 && r->rec.len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
                                        (u[0] == 0xfe && u[1] == 0xff)))
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_UTF8,
                        "the file starts with a UTF-16 byte-order mark; deeds "
                        "reads UTF-8 only: convert it (iconv -f UTF-16 -t UTF-8)");
    else if (!s[bad])
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_UTF8,
                        "a NUL byte at column %zu: this is not UTF-8 text (is it "
                        "UTF-16? convert it, e.g. iconv -f UTF-16 -t UTF-8)",
                        bad - line_start + 1);
    else
        deeds_diag_skip(r->diag, r->file, line, DEEDS_SKIP_BAD_UTF8,
                        "invalid UTF-8 byte 0x%02X at column %zu; deeds reads "
                        "UTF-8 only: convert the file (e.g. iconv -f "
                        "WINDOWS-1252 -t UTF-8)",
                        (unsigned char)s[bad], bad - line_start + 1);
}

static int next_text(deeds_reader *r, deeds_article *out)
{
    r->done = 1;
    int got = slurp(r);
    if (got <= 0)
        return got;
    size_t ok = deeds_utf8_valid_prefix(r->rec.data, r->rec.len);
    const char *nul = memchr(r->rec.data, '\0', ok);
    if (nul)
        ok = (size_t)(nul - r->rec.data);
    if (ok < r->rec.len) {
        report_bad_utf8_text(r, ok);
        return 0;
    }
    if (!r->default_date) {
        deeds_diag_skip(r->diag, r->file, 0, DEEDS_SKIP_NO_DATE,
                        "a plain text file carries no date; pass --date "
                        "YYYY-MM-DD (or give JSON Lines with a \"date\" "
                        "field)");
        return 0;
    }
    memset(out, 0, sizeof *out);
    out->id = r->base;
    out->date = r->default_date;
    out->text = r->rec.data;
    out->text_len = r->rec.len;
    out->file = r->file;
    out->line = 1;
    return 1;
}

/* ------------------------------------------------------------------- API */

static int open_fd(const char *path, deeds_diag *diag)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_UNREADABLE,
                        "cannot open: %s; check the path and permissions",
                        strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_UNREADABLE,
                        "is a directory; name the files in it instead");
        close(fd);
        return -1;
    }
    return fd;
}

deeds_reader *deeds_reader_open(const char *path, deeds_input_kind kind,
                                int32_t default_date, size_t max_record,
                                deeds_diag *diag)
{
    int is_stdin = !path || strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open_fd(path, diag);
    if (fd < 0)
        return NULL;
    deeds_reader *r = calloc(1, sizeof *r);
    char *buf = malloc(READ_CHUNK);
    char *file = strdup(is_stdin ? "-" : path);
    if (!r || !buf || !file) {
        fputs("deeds: out of memory\n", stderr);
        abort();
    }
    r->fd = fd;
    r->own_fd = !is_stdin;
    r->file = file;
    const char *slash = strrchr(file, '/');
    r->base = slash && slash[1] ? slash + 1 : file;
    r->default_date = default_date;
    r->max_record = max_record ? max_record : DEFAULT_MAX_RECORD;
    r->diag = diag;
    r->buf = buf;
    r->json = json_parser_new();

    int first = first_content_byte(r);
    if (first == -2) {
        deeds_reader_close(r);
        return NULL;
    }
    if (first == -1)
        deeds_diag_skip(diag, r->file, 0, DEEDS_SKIP_EMPTY,
                        "the file is empty (or only white space); nothing "
                        "to code");
    if (first < 0)
        r->done = 1;
    r->kind = kind != DEEDS_INPUT_AUTO ? kind
              : first == '{'           ? DEEDS_INPUT_JSONL
                                       : DEEDS_INPUT_TEXT;
    return r;
}

int deeds_reader_next(deeds_reader *r, deeds_article *out)
{
    r->record = NULL;
    if (r->done)
        return 0;
    return r->kind == DEEDS_INPUT_JSONL ? next_jsonl(r, out)
                                        : next_text(r, out);
}

const json_value *deeds_reader_record(const deeds_reader *r)
{
    return r->record;
}

void deeds_reader_close(deeds_reader *r)
{
    if (!r)
        return;
    if (r->own_fd)
        close(r->fd);
    json_parser_free(r->json);
    deeds_buf_free(&r->rec);
    deeds_buf_free(&r->id);
    free(r->buf);
    free(r->file);
    free(r);
}
