/*
 * json.c: a strict RFC 8259 parser for one JSON text at a time.
 *
 * The reader hands it one JSON Lines record; it hands back a tree of
 * json_value allocated from one arena that is recycled by the next parse, so
 * reading millions of records costs no malloc per value.  Strings are found
 * with a table-driven scan, checked for UTF-8 in one call, and copied with
 * memcpy unless they hold escapes.  Containers are built on a scratch stack
 * and copied into the arena when they close, so each is one contiguous array.
 */
#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ arena */

typedef struct arena_block {
    struct arena_block *next;
    size_t              cap, used;
    max_align_t         data[];
} arena_block;

typedef struct arena {
    arena_block *head;   /* the block being filled; older ones follow */
    size_t       total;  /* capacity of all blocks */
} arena;

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("deeds: out of memory\n", stderr);
        abort();
    }
    return p;
}

static arena_block *block_new(size_t cap, arena_block *next)
{
    arena_block *b = xmalloc(sizeof *b + cap);
    b->next = next;
    b->cap = cap;
    b->used = 0;
    return b;
}

static void *arena_alloc(arena *a, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = a->total > n ? a->total : n;
        if (cap < 4096)
            cap = 4096;
        b = a->head = block_new(cap, a->head);
        a->total += cap;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static void arena_free_blocks(arena_block *b)
{
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

/* Empties the arena; when the last parse needed several blocks they are
 * merged into one, so a steady stream of records settles on one block. */
static void arena_reset(arena *a)
{
    if (a->head && a->head->next) {
        arena_free_blocks(a->head);
        a->head = block_new(a->total, NULL);
    }
    if (a->head)
        a->head->used = 0;
}

/* ----------------------------------------------------------------- parser */

struct json_parser {
    arena        mem;
    json_member *stack;  /* members (or items, key NULL) of open containers */
    size_t       stack_len, stack_cap;
    /* the text being parsed */
    const unsigned char *s;
    size_t               n, pos;
    int                  depth;
    json_error          *err;
};

json_parser *json_parser_new(void)
{
    json_parser *p = xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    return p;
}

void json_parser_free(json_parser *p)
{
    if (!p)
        return;
    arena_free_blocks(p->mem.head);
    free(p->stack);
    free(p);
}

const char *json_type_name(json_type t)
{
    switch (t) {
    case JSON_NULL: return "null";
    case JSON_FALSE:
    case JSON_TRUE: return "boolean";
    case JSON_NUMBER: return "number";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
    }
    return "unknown";
}

/* Records the first error at byte offset at; the message gets the column. */
__attribute__((format(printf, 4, 5)))
static int fail(json_parser *p, json_status status, size_t at,
                const char *fmt, ...)
{
    json_error *e = p->err;
    e->status = status;
    e->column = at + 1;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    if (k < 0)
        k = 0;
    if ((size_t)k < sizeof e->message)
        snprintf(e->message + k, sizeof e->message - (size_t)k,
                 " at column %zu", e->column);
    return -1;
}

/* Names the byte at p->pos for messages: "'x'", "byte 0xC3", "end of line". */
static const char *describe_here(json_parser *p, char out[24])
{
    if (p->pos >= p->n)
        return "the end of the input";
    unsigned c = p->s[p->pos];
    if (c > 0x20 && c < 0x7f)
        snprintf(out, 24, "'%c'", c);
    else
        snprintf(out, 24, "byte 0x%02X", c);
    return out;
}

static void skip_space(json_parser *p)
{
    while (p->pos < p->n) {
        unsigned char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        p->pos++;
    }
}

static void push(json_parser *p, const char *key, size_t key_len,
                 const json_value *v)
{
    if (p->stack_len == p->stack_cap) {
        p->stack_cap = p->stack_cap ? p->stack_cap * 2 : 64;
        json_member *grown = realloc(p->stack, p->stack_cap * sizeof *grown);
        if (!grown) {
            fputs("deeds: out of memory\n", stderr);
            abort();
        }
        p->stack = grown;
    }
    json_member *m = &p->stack[p->stack_len++];
    m->key = key;
    m->key_len = key_len;
    m->value = *v;
}

static int parse_value(json_parser *p, json_value *out);

/* ---------------------------------------------------------------- strings */

/* Bytes that end the fast scan of a string: quote, backslash, control
 * characters and (to note that UTF-8 must be checked) bytes >= 0x80. */
static inline int string_stop(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads the four hex digits of a \u escape at s[at..]; -1 when malformed. */
static long read_hex4(const unsigned char *s, size_t n, size_t at)
{
    if (at + 4 > n)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(s[at + i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Checks the escape at p->s[i] (the backslash) and returns its length in
 * the input (2, 6 or 12 for a surrogate pair), or 0 after reporting. */
static size_t check_escape(json_parser *p, size_t i)
{
    const unsigned char *s = p->s;
    if (i + 1 >= p->n)
        return fail(p, JSON_ERROR_SYNTAX, i, "unfinished escape"), 0;
    switch (s[i + 1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r':
    case 't':
        return 2;
    case 'u':
        break;
    default:
        if (s[i + 1] >= 0x20 && s[i + 1] < 0x7f)
            fail(p, JSON_ERROR_SYNTAX, i, "invalid escape '\\%c'", s[i + 1]);
        else
            fail(p, JSON_ERROR_SYNTAX, i, "invalid escape");
        return 0;
    }
    long u = read_hex4(s, p->n, i + 2);
    if (u < 0)
        return fail(p, JSON_ERROR_SYNTAX, i,
                    "\\u must be followed by four hex digits"), 0;
    if (u >= 0xDC00 && u <= 0xDFFF)
        return fail(p, JSON_ERROR_SYNTAX, i,
                    "unpaired low surrogate \\u%04lX", u), 0;
    if (u < 0xD800 || u > 0xDBFF)
        return 6;
    long lo = (i + 7 < p->n && s[i + 6] == '\\' && s[i + 7] == 'u')
                  ? read_hex4(s, p->n, i + 8) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(p, JSON_ERROR_SYNTAX, i,
                    "high surrogate \\u%04lX not followed by a low surrogate",
                    u), 0;
    return 12;
}

static size_t put_utf8(char *d, uint32_t cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | cp >> 6);
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12);
        d[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18);
    d[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    d[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the already checked string body s[0..n) into d; returns its
 * length.  An escape never decodes to more bytes than it occupies. */
static size_t decode_escapes(const unsigned char *s, size_t n, char *d)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            d[o++] = (char)s[i++];
            continue;
        }
        char c = (char)s[i + 1];
        i += 2;
        switch (c) {
        case 'b': d[o++] = '\b'; break;
        case 'f': d[o++] = '\f'; break;
        case 'n': d[o++] = '\n'; break;
        case 'r': d[o++] = '\r'; break;
        case 't': d[o++] = '\t'; break;
        case 'u': {
            uint32_t cp = (uint32_t)read_hex4(s, n, i);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo = (uint32_t)read_hex4(s, n, i + 2);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            o += put_utf8(d + o, cp);
            break;
        }
        default: d[o++] = c; break;  /* " \ / */
        }
    }
    return o;
}

/* Parses the string whose opening quote is at p->pos. */
static int parse_string(json_parser *p, const char **str, size_t *len)
{
    const unsigned char *s = p->s;
    size_t start = ++p->pos, i = start;
    int escapes = 0, high = 0;
    for (;;) {
        while (i < p->n && !string_stop(s[i]))
            i++;
        if (i >= p->n)
            return fail(p, JSON_ERROR_SYNTAX, start - 1,
                        "string not closed (missing '\"')");
        unsigned char c = s[i];
        if (c == '"')
            break;
        if (c == '\\') {
            size_t k = check_escape(p, i);
            if (!k)
                return -1;
            escapes = 1;
            i += k;
        } else if (c >= 0x80) {
            high = 1;
            i++;
        } else {
            return fail(p, JSON_ERROR_SYNTAX, i,
                        "control character 0x%02X inside a string "
                        "(write it as an escape such as \\n)", c);
        }
    }
    size_t raw = i - start;
    if (high) {
        size_t ok = deeds_utf8_valid_prefix((const char *)s + start, raw);
        if (ok < raw)
            return fail(p, JSON_ERROR_UTF8, start + ok,
                        "invalid UTF-8 byte 0x%02X in a string",
                        s[start + ok]);
    }
    char *d = arena_alloc(&p->mem, raw + 1);
    if (escapes) {
        *len = decode_escapes(s + start, raw, d);
    } else {
        memcpy(d, s + start, raw);
        *len = raw;
    }
    d[*len] = '\0';
    *str = d;
    p->pos = i + 1;
    return 0;
}

/* ---------------------------------------------------------------- numbers */

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static size_t skip_digits(json_parser *p, size_t i)
{
    while (i < p->n && is_digit(p->s[i]))
        i++;
    return i;
}

static int parse_number(json_parser *p, json_value *out)
{
    const unsigned char *s = p->s;
    size_t start = p->pos, i = start;
    if (s[i] == '-')
        i++;
    if (i >= p->n || !is_digit(s[i]))
        return fail(p, JSON_ERROR_SYNTAX, i, "expected a digit after '-'");
    if (s[i] == '0' && i + 1 < p->n && is_digit(s[i + 1]))
        return fail(p, JSON_ERROR_SYNTAX, i,
                    "numbers may not have leading zeros");
    i = skip_digits(p, i);
    if (i < p->n && s[i] == '.') {
        if (i + 1 >= p->n || !is_digit(s[i + 1]))
            return fail(p, JSON_ERROR_SYNTAX, i + 1,
                        "expected a digit after the decimal point");
        i = skip_digits(p, i + 1);
    }
    if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < p->n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= p->n || !is_digit(s[i]))
            return fail(p, JSON_ERROR_SYNTAX, i,
                        "expected a digit in the exponent");
        i = skip_digits(p, i);
    }
    size_t len = i - start;
    char *d = arena_alloc(&p->mem, len + 1);
    memcpy(d, s + start, len);
    d[len] = '\0';
    out->type = JSON_NUMBER;
    out->len = len;
    out->u.str = d;
    p->pos = i;
    return 0;
}

/* ------------------------------------------------------------- containers */

/* Moves the container's entries from the scratch stack into the arena. */
static void close_container(json_parser *p, size_t base, json_value *out)
{
    size_t count = p->stack_len - base;
    out->len = count;
    if (out->type == JSON_OBJECT) {
        json_member *m = arena_alloc(&p->mem, count * sizeof *m + 1);
        memcpy(m, p->stack + base, count * sizeof *m);
        out->u.members = m;
    } else {
        json_value *v = arena_alloc(&p->mem, count * sizeof *v + 1);
        for (size_t k = 0; k < count; k++)
            v[k] = p->stack[base + k].value;
        out->u.items = v;
    }
    p->stack_len = base;
}

static int enter(json_parser *p)
{
    if (++p->depth > JSON_MAX_DEPTH)
        return fail(p, JSON_ERROR_DEPTH, p->pos,
                    "arrays and objects nested more than %d deep",
                    JSON_MAX_DEPTH);
    p->pos++;
    skip_space(p);
    return 0;
}

/* After an array element or object member: 1 when a ',' follows (another
 * item comes), 0 at the closing bracket, -1 (reported) otherwise. */
static int after_item(json_parser *p, char close, const char *what)
{
    skip_space(p);
    if (p->pos < p->n && p->s[p->pos] == ',') {
        p->pos++;
        skip_space(p);
        return 1;
    }
    if (p->pos < p->n && p->s[p->pos] == close)
        return 0;
    char here[24];
    fail(p, JSON_ERROR_SYNTAX, p->pos, "expected ',' or '%c' after %s, found %s",
         close, what, describe_here(p, here));
    return -1;
}

/* Consumes the closing bracket and builds the container from the stack. */
static int finish_container(json_parser *p, size_t base, json_value *out)
{
    p->pos++;
    p->depth--;
    close_container(p, base, out);
    return 0;
}

static int parse_array(json_parser *p, json_value *out)
{
    if (enter(p))
        return -1;
    size_t base = p->stack_len;
    out->type = JSON_ARRAY;
    if (p->pos < p->n && p->s[p->pos] == ']')
        return finish_container(p, base, out);
    for (int more = 1; more;) {
        json_value v;
        if (parse_value(p, &v))
            return -1;
        push(p, NULL, 0, &v);
        more = after_item(p, ']', "array element");
        if (more < 0)
            return -1;
    }
    return finish_container(p, base, out);
}

static int parse_member(json_parser *p)
{
    char here[24];
    if (p->pos >= p->n || p->s[p->pos] != '"')
        return fail(p, JSON_ERROR_SYNTAX, p->pos,
                    "expected a member name in double quotes, found %s",
                    describe_here(p, here));
    const char *key;
    size_t key_len;
    if (parse_string(p, &key, &key_len))
        return -1;
    skip_space(p);
    if (p->pos >= p->n || p->s[p->pos] != ':')
        return fail(p, JSON_ERROR_SYNTAX, p->pos,
                    "expected ':' after member name \"%.40s\", found %s",
                    key, describe_here(p, here));
    p->pos++;
    skip_space(p);
    json_value v;
    if (parse_value(p, &v))
        return -1;
    push(p, key, key_len, &v);
    return 0;
}

static int parse_object(json_parser *p, json_value *out)
{
    if (enter(p))
        return -1;
    size_t base = p->stack_len;
    out->type = JSON_OBJECT;
    if (p->pos < p->n && p->s[p->pos] == '}')
        return finish_container(p, base, out);
    for (int more = 1; more;) {
        if (parse_member(p))
            return -1;
        more = after_item(p, '}', "object member");
        if (more < 0)
            return -1;
    }
    return finish_container(p, base, out);
}

/* ----------------------------------------------------------------- values */

static int parse_literal(json_parser *p, const char *word, json_type type,
                         json_value *out)
{
    size_t k = strlen(word);
    if (p->n - p->pos < k || memcmp(p->s + p->pos, word, k) != 0)
        return fail(p, JSON_ERROR_SYNTAX, p->pos,
                    "unknown word (did you mean %s? strings need double "
                    "quotes)", word);
    out->type = type;
    out->len = 0;
    out->u.str = NULL;
    p->pos += k;
    return 0;
}

static int parse_value(json_parser *p, json_value *out)
{
    char here[24];
    if (p->pos >= p->n)
        return fail(p, JSON_ERROR_SYNTAX, p->pos,
                    "expected a value, found the end of the input");
    switch (p->s[p->pos]) {
    case '{': return parse_object(p, out);
    case '[': return parse_array(p, out);
    case '"':
        out->type = JSON_STRING;
        return parse_string(p, &out->u.str, &out->len);
    case 't': return parse_literal(p, "true", JSON_TRUE, out);
    case 'f': return parse_literal(p, "false", JSON_FALSE, out);
    case 'n': return parse_literal(p, "null", JSON_NULL, out);
    case '-': case '0': case '1': case '2': case '3': case '4': case '5':
    case '6': case '7': case '8': case '9':
        return parse_number(p, out);
    default:
        return fail(p, JSON_ERROR_SYNTAX, p->pos,
                    "expected a value, found %s", describe_here(p, here));
    }
}

const json_value *json_parse(json_parser *p, const char *s, size_t n,
                             json_error *err)
{
    json_error scratch;
    p->err = err ? err : &scratch;
    p->err->status = JSON_OK;
    p->err->column = 0;
    p->err->message[0] = '\0';
    arena_reset(&p->mem);
    p->s = (const unsigned char *)s;
    p->n = n;
    p->pos = 0;
    p->depth = 0;
    p->stack_len = 0;
    skip_space(p);
    json_value *root = arena_alloc(&p->mem, sizeof *root);
    if (parse_value(p, root))
        return NULL;
    skip_space(p);
    if (p->pos < n) {
        char here[24];
        fail(p, JSON_ERROR_SYNTAX, p->pos,
             "unexpected %s after the end of the JSON value",
             describe_here(p, here));
        return NULL;
    }
    return root;
}

const json_value *json_object_get(const json_value *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    size_t k = strlen(key);
    for (size_t i = obj->len; i-- > 0;) {
        const json_member *m = &obj->u.members[i];
        if (m->key_len == k && memcmp(m->key, key, k) == 0)
            return &m->value;
    }
    return NULL;
}
