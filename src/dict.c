/*
 * dict.c: dictionary files -> deeds_dict.
 *
 * Reads the TABARI dictionary syntax (manual ch. 5-8) and the PETRARCH
 * variants of it: .actors (synonyms, dated and compound codes, <NOUN> and
 * <ADJECTIVE> sections), .agents (~ suffix/prefix codes, PETRARCH {plural}
 * and !SET! forms), .verbs (roots, {irregular forms}, patterns with * $ + %
 * ^ { a | b } and &SYNSETs, <TIME> phrases, PETRARCH "--- NAME [code] ---"
 * blocks), discards, .options and TABARI .project files.  Alternatives and
 * synsets are expanded when a pattern is read, so the coder only ever sees
 * plain patterns sorted longest first.  Bad lines are reported with file and
 * line and skipped.  Hands a finished, indexed deeds_dict to match.c.
 */
#include "dict.h"
#include "util.h"
#include "builtin.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_WORD 63
#define MAX_EXPANSIONS 512

typedef struct str_list {
    uint32_t *off;
    size_t    n, cap;
} str_list;

typedef struct named_set {     /* a synset (&NAME) or an agent set (!NAME!) */
    char     name[64];
    str_list members;
} named_set;

struct dict_build {
    named_set *sets;
    size_t     nsets, cap;
};

/* ------------------------------------------------------------ small stores */

static uint32_t pool_add(deeds_dict *d, const char *s, size_t n)
{
    d->pool = deeds_grow(d->pool, &d->pool_cap, d->pool_len + n + 1, 1);
    uint32_t off = (uint32_t)d->pool_len;
    memcpy(d->pool + off, s, n);
    d->pool[off + n] = '\0';
    d->pool_len += n + 1;
    return off;
}

static void list_add(str_list *l, uint32_t off)
{
    l->off = deeds_grow(l->off, &l->cap, l->n + 1, sizeof *l->off);
    l->off[l->n++] = off;
}

deeds_dict *dict_new(void)
{
    deeds_dict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->build = calloc(1, sizeof *d->build);
    pool_add(d, "", 0);   /* offset 0: the empty string */
    dict_options_default(&d->opt);
    return d;
}

static uint16_t add_file(deeds_dict *d, const char *name)
{
    char **f = realloc(d->files, (d->nfiles + 1) * sizeof *f);
    if (!f)
        abort();
    d->files = f;
    d->files[d->nfiles] = strdup(name);
    return (uint16_t)d->nfiles++;
}

/* ------------------------------------------------------------- text helpers */

static const char *skip_ws(const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

static const char *trim_end(const char *s, const char *e)
{
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    return e;
}

static int starts_with_ci(const char *s, const char *e, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(e - s) >= n && strncasecmp(s, lit, n) == 0;
}

/* Folds one dictionary word to the form tokens are matched in: ASCII upper
 * case, anything else through deeds_fold (the same fold as the input). */
/* toupper and isalnum of the C locale, inline: the hot loops of loading. */
static char ascii_upper(unsigned char c)
{
    return (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
}

static int ascii_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static size_t fold_word(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[o++] = ascii_upper(c);
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
            j++;
        o += deeds_fold(s + i, j - i, out + o, cap - o);
        if (o >= cap)
            o = cap - 1;
        i = j;
    }
    out[o] = '\0';
    return o;
}

/* Latin-1 bytes -> UTF-8, for dictionary files that are not valid UTF-8. */
static char *latin1_to_utf8(const char *s, size_t n, size_t *out_len)
{
    char *o = malloc(2 * n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            o[k++] = (char)c;
        } else {
            o[k++] = (char)(0xC0 | (c >> 6));
            o[k++] = (char)(0x80 | (c & 0x3F));
        }
    }
    o[k] = '\0';
    *out_len = k;
    return o;
}

/* ----------------------------------------------------------- phrase parsing */

static int is_token_char(char c)
{
    return c == '*' || c == '$' || c == '+' || c == '%' || c == '^';
}

static uint8_t token_type(char c)
{
    switch (c) {
    case '*': return EL_VERB;
    case '$': return EL_SOURCE;
    case '+': return EL_TARGET;
    case '%': return EL_BOTH;
    default:  return EL_SKIP;
    }
}

static void add_elem(deeds_dict *d, uint8_t type, const char *w, size_t n,
                     uint8_t flags)
{
    d->elems = deeds_grow(d->elems, &d->elems_cap, d->nelems + 1, sizeof *d->elems);
    dict_elem *e = &d->elems[d->nelems++];
    e->type = type;
    e->flags = flags;
    e->len = (uint16_t)n;
    e->text = n ? pool_add(d, w, n) : 0;
}

/* Parses a phrase or pattern into elements (TABARI connector rules, manual
 * 5.5.3): "A_B" A is a whole word and B follows at once; "A~ B" A is a stem
 * and B follows at once; "A B" other words may come between; a trailing '_'
 * makes a word whole; '=' also turns off the generated endings.  Hyphens in
 * words are underscores (input hyphens become blanks).  pattern: the tokens
 * * $ + % ^ are recognised.  Returns the number of elements, 0 on error
 * (*why says what). */
static int parse_elems(deeds_dict *d, const char *s, const char *e,
                       int pattern, uint32_t *first, uint16_t *chars,
                       uint8_t *actors, const char **why)
{
    *first = (uint32_t)d->nelems;
    *chars = 0;
    if (actors)
        *actors = 0;
    int count = 0;
    const char *p = s;
    while (p < e) {
        while (p < e && (*p == ' ' || *p == '\t' || *p == '_'))
            p++;
        if (p >= e)
            break;
        uint8_t type = EL_WORD, flags = 0;
        char word[MAX_WORD + 1];
        size_t wn = 0;
        if (pattern && is_token_char(*p) &&
            (p + 1 == e || p[1] == ' ' || p[1] == '\t' || p[1] == '_' || p[1] == '~')) {
            type = token_type(*p++);
            if (actors && type != EL_VERB && type != EL_SKIP)
                *actors = 1;
        } else {
            const char *w = p;
            while (p < e && *p != ' ' && *p != '\t' && *p != '_' && *p != '~' && *p != '=') {
                if (*p == '-' && p > w)
                    break;   /* a hyphen after a word reads as '_' (manual 5.2) */
                p++;
            }
            if (p == w) {
                if (*p == '-') { p++; continue; }
                *why = "a connector with no word";
                return 0;
            }
            char raw[4 * MAX_WORD];
            size_t rn = (size_t)(p - w) < sizeof raw ? (size_t)(p - w) : sizeof raw - 1;
            memcpy(raw, w, rn);
            wn = fold_word(raw, rn, word, sizeof word);
            for (size_t i = 0; i < wn; i++)
                if (ascii_alnum((unsigned char)word[i]))
                    (*chars)++;
            if (p < e && *p == '=') {
                flags |= EL_NOEND | EL_EXACT;
                p++;
            }
        }
        if (p < e && (*p == '_' || (*p == '-' && type == EL_WORD))) {
            if (type == EL_WORD)
                flags |= EL_EXACT;
            p++;
            while (p < e && (*p == '_' || *p == '-'))
                p++;
            if (p < e && *p != ' ' && *p != '\t')
                flags |= EL_ADJ;
        } else if (p < e && *p == '~') {
            p++;
            flags |= EL_ADJ;
            while (p < e && *p == '_')
                p++;
        }
        add_elem(d, type, word, wn, flags);
        count++;
    }
    if (count) {
        d->elems[d->nelems - 1].flags &= (uint8_t)~EL_ADJ;
    } else {
        *why = "no words in the phrase";
    }
    return count;
}

/* ------------------------------------------------------------------ codes */

int dict_code_parse(const char *s, size_t n, dict_code *out)
{
    char buf[40];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') {
            if (k + 1 >= sizeof buf)
                return -1;
            buf[k++] = (char)toupper((unsigned char)s[i]);
        }
    buf[k] = '\0';
    memset(out, 0, sizeof *out);
    if (k == 0)
        return -1;
    if (!strcmp(buf, "---")) { out->flags = CODE_NULL; return 0; }
    if (!strcmp(buf, "###")) { out->flags = CODE_DISCARD; return 0; }
    if (!strcmp(buf, "+++")) { out->flags = CODE_COMPLEX; return 0; }
    char *end = buf + k;
    if (end[-1] == '?') { out->flags |= CODE_SUBORD; *--end = '\0'; }
    else if (end[-1] == '!') { out->flags |= CODE_DOMINANT; *--end = '\0'; }
    char *colon = strchr(buf, ':');
    const char *a = buf, *b = NULL;
    if (colon) {
        *colon = '\0';
        b = colon + 1;
        out->flags |= CODE_PAIRED;
    }
    for (const char *q = a; *q; q++)
        if (!isalnum((unsigned char)*q))
            return -1;
    if (b)
        for (const char *q = b; *q; q++)
            if (!isalnum((unsigned char)*q))
                return -1;
    if (strlen(a) >= sizeof out->a || (b && strlen(b) >= sizeof out->b))
        return -1;
    strcpy(out->a, a);
    if (b)
        strcpy(out->b, b);
    if (!*out->a && !(b && *b))
        return -1;
    return 0;
}

/* CAMEO code syntax: 2-4 digits. */
static int cameo_syntax(const char *c)
{
    size_t n = strlen(c);
    if (n < 2 || n > 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)c[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------ the parser */

typedef struct parse_ctx {
    deeds_dict *d;
    const char *name;
    uint16_t    file;
    long        line;
    deeds_diag *diag;
    int         lines_ok;
} parse_ctx;

static void bad_line(parse_ctx *c, const char *problem, const char *fix)
{
    deeds_diag_skip(c->diag, c->name, c->line, DEEDS_SKIP_BAD_DICT_LINE,
                    "%s; %s", problem, fix);
}

static void check_event_code(parse_ctx *c, const dict_code *code)
{
    if (c->d->tabari || code->flags & (CODE_NULL | CODE_DISCARD | CODE_COMPLEX))
        return;
    if ((*code->a && !cameo_syntax(code->a)) || (*code->b && !cameo_syntax(code->b)))
        deeds_diag_warn(c->diag, c->name, c->line,
                        "event code [%s%s%s] is not CAMEO syntax (2-4 digits); "
                        "kept as written", code->a, *code->b ? ":" : "", code->b);
}

static dict_entry *add_entry(parse_ctx *c, uint8_t kind, uint32_t first,
                             int nelem, uint16_t chars)
{
    deeds_dict *d = c->d;
    d->entries = deeds_grow(d->entries, &d->entries_cap, d->nentries + 1, sizeof *d->entries);
    dict_entry *e = &d->entries[d->nentries++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->elem = first;
    e->nelem = (uint16_t)nelem;
    e->chars = chars;
    e->file = c->file;
    e->line = (int32_t)c->line;
    e->parent = (uint32_t)(d->nentries - 1);
    return e;
}

/* Adds a phrase entry; returns its index or -1 (reported). */
static long add_phrase(parse_ctx *c, uint8_t kind, const char *s, const char *e)
{
    uint32_t first;
    uint16_t chars;
    const char *why = "";
    int n = parse_elems(c->d, s, e, 0, &first, &chars, NULL, &why);
    if (n <= 0) {
        bad_line(c, why, "write a phrase of words joined by '_' or blanks");
        return -1;
    }
    add_entry(c, kind, first, n, chars);
    return (long)c->d->nentries - 1;
}

/* Splits "PHRASE [code] [code] ;comment" into the phrase and the bracket
 * part; the comment (';' or, PETRARCH style, '#') is dropped. */
static void split_line(const char *s, const char *e, const char **pe,
                       const char **bs, const char **be)
{
    const char *p = s;
    const char *br = NULL;
    for (; p < e; p++) {
        if (*p == ';' || (*p == '#' && p > s && (p[-1] == ' ' || p[-1] == '\t')))
            break;
        if (*p == '[' && !br)
            br = p;
    }
    const char *end = trim_end(s, p);
    if (br && br < end) {
        *pe = trim_end(s, br);
        *bs = br;
        *be = end;
    } else {
        *pe = end;
        *bs = *be = end;
    }
}

/* Date YYMMDD (pivot: 00-30 -> 20xx) or YYYYMMDD -> yyyymmdd; 0 if bad. */
static int32_t parse_dict_date(const char *s, size_t n, int yyyy)
{
    char buf[12];
    if (n == 6 && !yyyy) {
        int yy = (s[0] - '0') * 10 + (s[1] - '0');
        memcpy(buf, yy <= 30 ? "20" : "19", 2);   /* the century TABARI assumes */
        memcpy(buf + 2, s, 6);
    } else if (n == 8) {
        memcpy(buf, s, 8);
    } else {
        return 0;
    }
    int32_t v = deeds_date_parse(buf, 8);
    if (!v) {   /* production files use day 31 for any month's end */
        int day = (buf[6] - '0') * 10 + (buf[7] - '0');
        for (int dd = day > 31 ? 0 : day - 1; dd >= 28 && !v; dd--) {
            buf[6] = (char)('0' + dd / 10);
            buf[7] = (char)('0' + dd % 10);
            v = deeds_date_parse(buf, 8);
        }
    }
    return v;
}

static int valid_actor_code(const char *s, size_t n)
{
    if (n == 3 && (!strncmp(s, "---", 3) || !strncmp(s, "###", 3) || !strncmp(s, "+++", 3)))
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '/' && s[i] != '~')
            return 0;
    return n > 0;
}

/* Parses one "[CODE]" / "[CODE <YYMMDD]" / "[CODE >YYMMDD]" /
 * "[CODE YYMMDD-YYMMDD]" block into a dated code.  -1 when malformed. */
static int parse_dated(parse_ctx *c, const char *s, const char *e, dict_dated *out,
                       const char **why)
{
    char buf[256];
    size_t k = 0;
    for (const char *p = s; p < e && k + 1 < sizeof buf; p++)
        if (*p != '\t')
            buf[k++] = *p;
    buf[k] = '\0';
    char *p = buf;
    while (*p == ' ')
        p++;
    /* "- - -" is the null code written with blanks */
    if (!strncmp(p, "- - -", 5)) {
        memmove(p + 3, p + 5, strlen(p + 5) + 1);
        p[1] = p[2] = '-';
    }
    char *code = p;
    while (*p && *p != ' ' && *p != '<' && *p != '>')
        p++;
    size_t cn = (size_t)(p - code);
    if (!cn || isdigit((unsigned char)code[0]) || !valid_actor_code(code, cn)) {
        *why = cn && isdigit((unsigned char)code[0]) ? "a date restriction with no code"
                                                     : "an actor code with characters other than letters, digits and '/'";
        return -1;
    }
    for (size_t i = 0; i < cn; i++)
        code[i] = (char)toupper((unsigned char)code[i]);
    out->code = pool_add(c->d, code, cn);
    out->lo = 0;
    out->hi = INT32_MAX;
    out->restricted = 0;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    int yyyy = c->d->opt.yyyy;
    char op = 0;
    if (*p == '<' || *p == '>')
        op = *p++;
    while (*p == ' ')
        p++;
    char *d1 = p;
    while (isdigit((unsigned char)*p))
        p++;
    size_t n1 = (size_t)(p - d1);
    int32_t a = parse_dict_date(d1, n1, yyyy);
    while (*p == ' ')
        p++;
    out->restricted = 1;
    if (op == '<' && a && !*p) {
        out->hi = a;
        return 0;
    }
    if (op == '>' && a && !*p) {
        out->lo = a;
        return 0;
    }
    if (!op && a && *p == '-') {
        p++;
        while (*p == ' ')
            p++;
        char *d2 = p;
        while (isdigit((unsigned char)*p))
            p++;
        int32_t b = parse_dict_date(d2, (size_t)(p - d2), yyyy);
        while (*p == ' ')
            p++;
        if (b && !*p) {
            /* Two-digit years put 00-30 in this century, so a range that
             * starts before 1931 reads backwards ([USAELI 000101-330304]
             * in CountryInfo means 1900-1933): read its start a century
             * earlier rather than as a range that never applies. */
            if (a > b && n1 == 6 && !yyyy && a >= 20000000 && a - 1000000 <= b)
                a -= 1000000;
            out->lo = a;
            out->hi = b;
            return 0;
        }
    }
    *why = "a date restriction that is not <YYMMDD, >YYMMDD or YYMMDD-YYMMDD";
    return -1;
}

/* Reads every [..] block of an actor line; returns how many were added to
 * d->dated, -1 when one is malformed (reported). */
static int parse_code_blocks(parse_ctx *c, const char *s, const char *e)
{
    int n = 0;
    const char *p = s;
    while (p < e) {
        p = skip_ws(p, e);
        if (p >= e)
            break;
        if (*p != '[')
            break;   /* trailing columns (some production files have them) */
        const char *q = memchr(p, ']', (size_t)(e - p));
        if (!q) {
            bad_line(c, "missing ']'", "close the code block with ']'");
            return -1;
        }
        dict_dated dt;
        const char *why = "";
        if (parse_dated(c, p + 1, q, &dt, &why) < 0) {
            bad_line(c, why, "write [CODE], [CODE <YYMMDD], [CODE >YYMMDD] or [CODE YYMMDD-YYMMDD]");
            return -1;
        }
        c->d->dated = deeds_grow(c->d->dated, &c->d->dated_cap, c->d->ndated + 1, sizeof *c->d->dated);
        c->d->dated[c->d->ndated++] = dt;
        n++;
        p = q + 1;
    }
    return n;
}

/* ----------------------------------------------------------------- actors */

typedef struct actor_group {
    size_t first_entry;   /* entries of the group: first_entry .. nentries */
    size_t first_dated;
    int    open;
} actor_group;

/* Gives every phrase of the finished group its codes; a lone restriction
 * gets an implicit null default (manual 6.5.2 note 5), an unrestricted code
 * is the default and is tried last. */
static void close_group(parse_ctx *c, actor_group *g)
{
    deeds_dict *d = c->d;
    if (!g->open)
        return;
    g->open = 0;
    size_t nd = d->ndated - g->first_dated;
    if (nd == 0) {
        for (size_t i = g->first_entry; i < d->nentries; i++)
            d->entries[i].kind = DK_NOUN;   /* no code: a plain noun */
        return;
    }
    /* move the unrestricted default(s) after the restricted ones */
    dict_dated *dt = d->dated + g->first_dated;
    dict_dated tmp[64];
    size_t k = 0;
    for (size_t i = 0; i < nd && k < 64; i++)
        if (dt[i].restricted)
            tmp[k++] = dt[i];
    for (size_t i = 0; i < nd && k < 64; i++)
        if (!dt[i].restricted)
            tmp[k++] = dt[i];
    memcpy(dt, tmp, k * sizeof *tmp);
    d->ndated = g->first_dated + k;
    for (size_t i = g->first_entry; i < d->nentries; i++) {
        d->entries[i].value = (uint32_t)g->first_dated;
        d->entries[i].nvalue = (uint32_t)k;
        d->entries[i].parent = (uint32_t)g->first_entry;
    }
}

static void parse_actor_line(parse_ctx *c, actor_group *g, int *section,
                             const char *s, const char *e)
{
    const char *t = skip_ws(s, e);
    if (starts_with_ci(t, e, "<NOUN>")) { close_group(c, g); *section = DK_NOUN; return; }
    if (starts_with_ci(t, e, "<ADJ")) { close_group(c, g); *section = DK_ADJ; return; }
    if (starts_with_ci(t, e, "</")) { *section = DK_ACTOR; return; }
    if (*t == '<')
        return;  /* other sections (<ATTRIB>, ...) are not used for coding */
    const char *pe, *bs, *be;
    if (*section != DK_ACTOR) {
        split_line(t, e, &pe, &bs, &be);
        if (pe > t)
            add_phrase(c, (uint8_t)*section, t, pe);
        return;
    }
    if (t != s || *t == '[') {          /* indented: a dated code of the group */
        if (t >= e)
            return;
        split_line(t, e, &pe, &bs, &be);
        if (pe > t && *t != '[') {
            bad_line(c, "an indented line that is not a [code]",
                     "indent only [CODE ...] lines that follow an actor");
            return;
        }
        if (!g->open) {
            bad_line(c, "a [code] line with no actor before it",
                     "put the actor phrase on the line above");
            return;
        }
        parse_code_blocks(c, bs, be);
        return;
    }
    int synonym = *t == '+';
    if (synonym)
        t++;
    split_line(t, e, &pe, &bs, &be);
    if (synonym && !g->open) {
        bad_line(c, "a '+' synonym with no actor before it", "put the main phrase first");
        return;
    }
    if (!synonym) {
        close_group(c, g);
        g->first_entry = c->d->nentries;
        g->first_dated = c->d->ndated;
        g->open = 1;
    }
    size_t dated_before = c->d->ndated;
    if (bs < be && parse_code_blocks(c, bs, be) < 0) {
        c->d->ndated = dated_before;
        if (!synonym)
            g->open = 0;
        return;
    }
    if (add_phrase(c, DK_ACTOR, t, pe) < 0 && !synonym)
        g->open = 0;
}

/* ----------------------------------------------------------------- agents */

static named_set *find_set(deeds_dict *d, const char *name)
{
    for (size_t i = 0; i < d->build->nsets; i++)
        if (!strcmp(d->build->sets[i].name, name))
            return &d->build->sets[i];
    return NULL;
}

static named_set *new_set(deeds_dict *d, const char *name)
{
    struct dict_build *b = d->build;
    named_set *old = find_set(d, name);
    if (old)
        return old;
    b->sets = deeds_grow(b->sets, &b->cap, b->nsets + 1, sizeof *b->sets);
    named_set *s = &b->sets[b->nsets++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
}

static void add_agent(parse_ctx *c, const char *t, const char *pe, const char *code,
                      size_t cn, int noend)
{
    long idx = add_phrase(c, DK_AGENT, t, pe);
    if (idx < 0)
        return;
    dict_entry *en = &c->d->entries[idx];
    en->value = pool_add(c->d, code, cn);
    if (noend)
        c->d->elems[en->elem + en->nelem - 1].flags |= EL_NOEND;
}

static void parse_agent_line(parse_ctx *c, const char *s, const char *e)
{
    const char *t = skip_ws(s, e);
    if (*t == '<')
        return;   /* XML-style comments and headers of PETRARCH files */
    const char *eq = memchr(t, '=', (size_t)(e - t));
    if (*t == '!' && eq) {          /* !PERSON! = MAN, MEN, ... */
        char name[64];
        size_t n = 0;
        for (const char *p = t; p < eq && n + 1 < sizeof name; p++)
            if (*p != ' ' && *p != '\t')
                name[n++] = (char)toupper((unsigned char)*p);
        name[n] = '\0';
        named_set *set = new_set(c->d, name);
        const char *p = eq + 1;
        while (p < e) {
            p = skip_ws(p, e);
            const char *q = p;
            while (q < e && *q != ',')
                q++;
            const char *qe = trim_end(p, q);
            if (qe > p)
                list_add(&set->members, pool_add(c->d, p, (size_t)(qe - p)));
            p = q + 1;
        }
        return;
    }
    const char *pe, *bs, *be;
    split_line(t, e, &pe, &bs, &be);
    if (bs >= be) {
        bad_line(c, "an agent with no [code]", "write PHRASE [~CODE] or PHRASE [CODE~]");
        return;
    }
    const char *q = memchr(bs, ']', (size_t)(be - bs));
    if (!q) {
        bad_line(c, "missing ']'", "close the code with ']'");
        return;
    }
    char code[48];
    size_t cn = 0;
    for (const char *p = bs + 1; p < q && cn + 1 < sizeof code; p++)
        if (*p != ' ' && *p != '\t')
            code[cn++] = (char)toupper((unsigned char)*p);
    code[cn] = '\0';
    if (!cn || (code[0] != '~' && code[cn - 1] != '~') || !valid_actor_code(code, cn)) {
        bad_line(c, "an agent code without the '~' connector",
                 "write [~CODE] (suffix) or [CODE~] (prefix)");
        return;
    }
    /* PETRARCH: "PHRASE {PLURAL} [~CODE]"; "{}" means no plural */
    int noend = 0;
    const char *brace = memchr(t, '{', (size_t)(pe - t));
    const char *phrase_end = pe;
    if (brace) {
        const char *close = memchr(brace, '}', (size_t)(pe - brace));
        phrase_end = trim_end(t, brace);
        if (close) {
            noend = 1;
            const char *p = brace + 1;
            while (p < close) {
                p = skip_ws(p, close);
                const char *w = p;
                while (p < close && *p != ' ' && *p != '\t')
                    p++;
                if (p > w)
                    add_agent(c, w, p, code, cn, 1);
            }
        }
    }
    /* PETRARCH: CATTLE!PERSON! expands over the set */
    const char *bang = memchr(t, '!', (size_t)(phrase_end - t));
    if (bang) {
        const char *bang2 = memchr(bang + 1, '!', (size_t)(phrase_end - bang - 1));
        char name[64];
        size_t nn = bang2 ? (size_t)(bang2 - bang + 1) : 0;
        named_set *set = NULL;
        if (nn && nn < sizeof name) {
            for (size_t i = 0; i < nn; i++)
                name[i] = (char)toupper((unsigned char)bang[i]);
            name[nn] = '\0';
            set = find_set(c->d, name);
        }
        if (!set) {
            bad_line(c, "an unknown !SET! in an agent phrase",
                     "define it first: !NAME! = WORD, WORD");
            return;
        }
        for (size_t i = 0; i < set->members.n; i++) {
            char buf[256];
            const char *m = dict_str(c->d, set->members.off[i]);
            int n = snprintf(buf, sizeof buf, "%.*s%s%.*s", (int)(bang - t), t, m,
                             (int)(phrase_end - bang2 - 1), bang2 + 1);
            if (n > 0 && (size_t)n < sizeof buf)
                add_agent(c, buf, buf + n, code, cn, noend);
        }
        return;
    }
    add_agent(c, t, phrase_end, code, cn, noend);
}

/* ------------------------------------------------------------------ verbs */

typedef struct verb_ctx {
    int    section;       /* 0 verbs, 1 synsets, 2 time */
    long   verb;          /* current verb (-1: none) */
    int    petrarch2;     /* CAMEO.2.0 style: [a:b] = active:passive */
    int    block;         /* the verb came from a "--- NAME [code] ---" header */
    named_set *synset;    /* synset being read */
} verb_ctx;

static long new_verb(parse_ctx *c, const char *name, size_t n, const dict_code *code)
{
    deeds_dict *d = c->d;
    d->verbs = deeds_grow(d->verbs, &d->verbs_cap, d->nverbs + 1, sizeof *d->verbs);
    dict_verb *v = &d->verbs[d->nverbs++];
    memset(v, 0, sizeof *v);
    v->name = pool_add(d, name, n);
    v->code = *code;
    v->file = c->file;
    v->line = (int32_t)c->line;
    return (long)d->nverbs - 1;
}

/* Adds a verb form (a root or an irregular form) pointing at verb v. */
static void add_verb_form(parse_ctx *c, long v, const char *s, const char *e)
{
    char buf[256];
    size_t k = 0;
    for (const char *p = s; p < e && k + 1 < sizeof buf; p++)
        if (*p != '+' || (p + 1 < e && p[1] == ' '))   /* PETRARCH inflection marks */
            buf[k++] = *p;
    long idx = add_phrase(c, DK_VERB, buf, buf + k);
    if (idx >= 0)
        c->d->entries[idx].value = (uint32_t)v;
}

/* Expands &SYNSET and { a | b } in a pattern, calling emit for each plain
 * pattern.  Returns -1 on a syntax error (*why set). */
typedef void (*emit_fn)(parse_ctx *c, long verb, const char *text, size_t n,
                        const dict_code *code);

/* Writes a, b and c (each cut at a NUL, as "%.*s" would), with sep
 * between them, into buf[cap]; the full length, or -1 when it does not fit. */
static int join3(char *buf, size_t cap, const char *sep, const char *a, size_t an,
                 const char *b, size_t bn, const char *c, size_t cn)
{
    const char *part[3] = { a, b, c };
    size_t len[3] = { strnlen(a, an), strnlen(b, bn), strnlen(c, cn) };
    size_t sl = strlen(sep), k = 0;
    if (len[0] + len[1] + len[2] + 2 * sl >= cap)
        return -1;
    for (int i = 0; i < 3; i++) {
        if (i) {
            memcpy(buf + k, sep, sl);
            k += sl;
        }
        memcpy(buf + k, part[i], len[i]);
        k += len[i];
    }
    buf[k] = '\0';
    return (int)k;
}

static int expand(parse_ctx *c, long verb, const char *text, size_t n,
                  const dict_code *code, emit_fn emit, int *budget, int depth,
                  const char **why)
{
    if (depth > 16) {
        *why = "synsets or alternatives nested too deeply";
        return -1;
    }
    /* first {...|...} with a bar, else first &NAME */
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '{') {
            size_t j = i + 1;
            int bar = 0;
            while (j < n && text[j] != '}') {
                if (text[j] == '|')
                    bar = 1;
                j++;
            }
            if (j >= n) {
                *why = "'{' without '}'";
                return -1;
            }
            char buf[1024];
            if (!bar) {   /* PETRARCH-2 noun phrase braces: just words */
                int m = join3(buf, sizeof buf, " ", text, i, text + i + 1, j - i - 1,
                              text + j + 1, n - j - 1);
                if (m < 0) { *why = "pattern too long"; return -1; }
                return expand(c, verb, buf, (size_t)m, code, emit, budget, depth + 1, why);
            }
            size_t a = i + 1;
            while (a <= j) {
                size_t b = a;
                while (b < j && text[b] != '|')
                    b++;
                size_t as = a, ae = b;
                while (as < ae && text[as] == ' ')
                    as++;
                while (ae > as && text[ae - 1] == ' ')
                    ae--;
                int m = join3(buf, sizeof buf, "", text, i, text + as, ae - as,
                              text + j + 1, n - j - 1);
                if (m < 0) { *why = "pattern too long"; return -1; }
                if (expand(c, verb, buf, (size_t)m, code, emit, budget, depth + 1, why) < 0)
                    return -1;
                a = b + 1;
            }
            return 0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (text[i] != '&')
            continue;
        size_t j = i + 1;
        while (j < n && (isalnum((unsigned char)text[j]) || text[j] == '-'))
            j++;
        char name[64];
        size_t nn = j - i < sizeof name ? j - i : sizeof name - 1;
        for (size_t k = 0; k < nn; k++)
            name[k] = (char)toupper((unsigned char)text[i + k]);
        name[nn] = '\0';
        named_set *set = find_set(c->d, name);
        if (!set) {
            *why = "an unknown &SYNSET";
            return -1;
        }
        for (size_t m = 0; m < set->members.n; m++) {
            char buf[1024];
            const char *mem = dict_str(c->d, set->members.off[m]);
            int len = join3(buf, sizeof buf, "", text, i, mem, strlen(mem), text + j, n - j);
            if (len < 0) { *why = "pattern too long"; return -1; }
            if (expand(c, verb, buf, (size_t)len, code, emit, budget, depth + 1, why) < 0)
                return -1;
        }
        return 0;
    }
    if (--*budget < 0) {
        *why = "too many expansions of alternatives and synsets (more than 512)";
        return -1;
    }
    emit(c, verb, text, n, code);
    return 0;
}

static void emit_pattern(parse_ctx *c, long verb, const char *text, size_t n,
                         const dict_code *code)
{
    deeds_dict *d = c->d;
    char buf[1024];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)   /* PETRARCH-2 (PP) */
        buf[k++] = (text[i] == '(' || text[i] == ')') ? ' ' : text[i];
    uint32_t first;
    uint16_t chars;
    uint8_t actors;
    const char *why = "";
    size_t before = d->nelems;
    int ne = parse_elems(d, buf, buf + k, 1, &first, &chars, &actors, &why);
    int verbs = 0;
    for (size_t i = before; i < d->nelems; i++)
        verbs += d->elems[i].type == EL_VERB;
    if (ne <= 0 || verbs != 1) {
        d->nelems = before;
        bad_line(c, ne <= 0 ? why : "a pattern without exactly one '*'",
                 "write '- WORDS * WORDS [CODE]' with one '*' for the verb");
        return;
    }
    d->pats = deeds_grow(d->pats, &d->pats_cap, d->npats + 1, sizeof *d->pats);
    dict_pattern *p = &d->pats[d->npats++];
    memset(p, 0, sizeof *p);
    p->elem = first;
    p->nelem = (uint16_t)ne;
    p->chars = chars;
    p->code = *code;
    p->file = c->file;
    p->line = (int32_t)c->line;
    p->text = pool_add(d, buf, k);
    p->actors = actors;
    d->verbs[verb].npat++;
}

/* Reads "[code]" at bs..be into code; CODE_NONE when there is none. */
static int read_event_code(parse_ctx *c, const char *bs, const char *be,
                           dict_code *code, int petrarch2)
{
    memset(code, 0, sizeof *code);
    if (bs >= be) {
        code->flags = CODE_NONE;
        return 0;
    }
    const char *q = memchr(bs, ']', (size_t)(be - bs));
    if (!q || dict_code_parse(bs + 1, (size_t)(q - bs - 1), code) < 0) {
        bad_line(c, "a malformed event code", "write [CODE], [---], [###], [+++], [A:B], [CODE?] or [CODE!]");
        return -1;
    }
    if (petrarch2 && code->flags & CODE_PAIRED) {
        /* PETRARCH-2 [a:b] is active a / passive b, not a pair: keep the
         * active meaning (the passive one when only it is given). */
        code->flags &= (uint8_t)~CODE_PAIRED;
        if (!*code->a)
            memcpy(code->a, code->b, sizeof code->a);
        memset(code->b, 0, sizeof code->b);
    }
    check_event_code(c, code);
    return 0;
}

static void parse_verb_line(parse_ctx *c, verb_ctx *v, const char *s, const char *e)
{
    deeds_dict *d = c->d;
    const char *t = skip_ws(s, e);
    if (starts_with_ci(t, e, "<SYNSET")) { v->section = 1; v->synset = NULL; return; }
    if (starts_with_ci(t, e, "</SYNSET")) { v->section = 0; return; }
    if (starts_with_ci(t, e, "<TIME>")) { v->section = 2; return; }
    if (starts_with_ci(t, e, "</TIME>")) { v->section = 0; return; }
    if (*t == '<')
        return;
    if (*t == '&') {                    /* a synset name (in or out of <SYNSETS>) */
        char name[64];
        size_t n = 0;
        const char *p = t;
        while (p < e && n + 1 < sizeof name && (isalnum((unsigned char)*p) || *p == '&' || *p == '-'))
            name[n++] = (char)toupper((unsigned char)*p++);
        name[n] = '\0';
        v->synset = new_set(d, name);
        return;
    }
    if (*t == '+' && v->synset) {
        const char *pe, *bs, *be;
        split_line(t + 1, e, &pe, &bs, &be);
        if (pe > t + 1)
            list_add(&v->synset->members, pool_add(d, t + 1, (size_t)(pe - t - 1)));
        return;
    }
    if (v->section == 2) {              /* <TIME> phrases: [+n] / [-n] days */
        if (*t == '-')
            return;                     /* time patterns are not used */
        const char *pe, *bs, *be;
        split_line(t, e, &pe, &bs, &be);
        long idx = add_phrase(c, DK_TIME, t, pe);
        if (idx >= 0 && bs < be) {
            char num[16];
            size_t k = (size_t)(be - bs - 1) < sizeof num - 1 ? (size_t)(be - bs - 1) : sizeof num - 1;
            memcpy(num, bs + 1, k);
            num[k] = '\0';
            d->entries[idx].value = (uint32_t)atoi(num);
            const char *q = memchr(bs, ']', (size_t)(be - bs));
            dict_code tc;
            if (q && dict_code_parse(bs + 1, (size_t)(q - bs - 1), &tc) == 0)   /* [###] [+++] */
                d->entries[idx].nvalue = tc.flags & (CODE_NULL | CODE_DISCARD | CODE_COMPLEX);
        }
        return;
    }
    if (e - t >= 3 && t[0] == '-' && t[1] == '-' && t[2] == '-' && (t + 3 >= e || t[3] != ']')) {
        /* PETRARCH block header: --- NAME [code] --- */
        const char *pe, *bs, *be;
        split_line(t + 3, e, &pe, &bs, &be);
        const char *ne = pe;
        const char *ns = skip_ws(t + 3, ne);
        dict_code code;
        if (read_event_code(c, bs, be, &code, v->petrarch2) < 0) {
            v->verb = -1;
            return;
        }
        v->verb = new_verb(c, ns, (size_t)(ne - ns), &code);
        v->block = 1;
        v->synset = NULL;
        d->verbs[v->verb].pat = (uint32_t)d->npats;
        return;
    }
    if (*t == '-') {                    /* a pattern */
        if (v->verb < 0) {
            bad_line(c, "a pattern before any verb", "put the verb root line first");
            return;
        }
        if ((size_t)d->verbs[v->verb].pat + d->verbs[v->verb].npat != d->npats) {
            bad_line(c, "a pattern separated from its verb", "keep patterns right after their verb");
            return;
        }
        const char *pe, *bs, *be;
        split_line(t + 1, e, &pe, &bs, &be);
        dict_code code;
        if (read_event_code(c, bs, be, &code, v->petrarch2) < 0)
            return;
        if (code.flags & CODE_NONE) {
            bad_line(c, "a pattern without a [code]", "add the event code in brackets");
            return;
        }
        const char *why = "";
        int budget = MAX_EXPANSIONS;
        size_t before_p = d->npats, before_e = d->nelems;
        uint32_t before_n = d->verbs[v->verb].npat;
        if (expand(c, v->verb, t + 1, (size_t)(pe - t - 1), &code, emit_pattern, &budget, 0, &why) < 0) {
            d->npats = before_p;
            d->nelems = before_e;
            d->verbs[v->verb].npat = before_n;
            bad_line(c, why, "check the pattern's { a | b } and &SYNSET names");
        }
        return;
    }
    if (*t == '{') {                    /* irregular forms of the current root */
        if (v->verb < 0) {
            bad_line(c, "verb forms with no verb before them", "put {FORMS} right after the root");
            return;
        }
        const char *close = memchr(t, '}', (size_t)(e - t));
        if (!close) {
            bad_line(c, "'{' without '}'", "close the verb forms with '}'");
            return;
        }
        const char *p = t + 1;
        while (p < close) {
            p = skip_ws(p, close);
            const char *w = p;
            while (p < close && *p != ' ' && *p != '\t')
                p++;
            if (p > w)
                add_verb_form(c, v->verb, w, p);
        }
        return;
    }
    /* a root: "ROOT [code]", PETRARCH "ROOT {FORMS}" or "+ROOT_PHRASE {...}" */
    if (*t == '+')
        t++;
    const char *pe, *bs, *be;
    split_line(t, e, &pe, &bs, &be);
    const char *brace = memchr(t, '{', (size_t)(pe - t));
    const char *root_end = brace ? trim_end(t, brace) : pe;
    if (root_end <= t) {
        bad_line(c, "an empty verb root", "write ROOT [CODE]");
        return;
    }
    long verb;
    if (v->block && bs >= be) {
        if (v->verb < 0) {
            bad_line(c, "a verb root under a block header that was skipped",
                     "fix the '--- NAME [CODE] ---' line above it");
            return;
        }
        verb = v->verb;   /* another root of a PETRARCH block */
    } else {
        dict_code code;
        if (read_event_code(c, bs, be, &code, v->petrarch2) < 0)
            return;
        verb = new_verb(c, t, (size_t)(root_end - t), &code);
        d->verbs[verb].pat = (uint32_t)d->npats;
        v->verb = verb;
        v->block = 0;
    }
    v->synset = NULL;
    add_verb_form(c, verb, t, root_end);
    if (brace) {
        const char *close = memchr(brace, '}', (size_t)(pe - brace));
        const char *p = brace + 1;
        while (close && p < close) {
            p = skip_ws(p, close);
            const char *w = p;
            while (p < close && *p != ' ' && *p != '\t')
                p++;
            if (p > w)
                add_verb_form(c, verb, w, p);
        }
    }
}

/* --------------------------------------------------------------- discards */

static void parse_discard_line(parse_ctx *c, const char *s, const char *e)
{
    const char *t = skip_ws(s, e);
    if (*t == '<')
        return;
    int story = *t == '+';
    if (story)
        t++;
    const char *pe, *bs, *be;
    split_line(t, e, &pe, &bs, &be);
    if (pe <= t)
        return;
    long idx = add_phrase(c, DK_DISCARD, t, pe);
    if (idx >= 0)
        c->d->entries[idx].discard_story = (uint8_t)story;
}

/* ---------------------------------------------------------------- options */

void dict_options_default(dict_options *o)
{
    memset(o, 0, sizeof *o);
    o->code_by = CODE_BY_CLAUSE;
    o->comma_on = 1;
    o->comma_min = 2;
    o->comma_max = 10;
    o->comma_bmin = 128;
    o->comma_bmax = 0;
    o->comma_emin = 2;
    o->comma_emax = 10;
}

static int opt_number(const char *line, const char *key, int *out)
{
    const char *p = strstr(line, key);
    if (!p)
        return 0;
    p += strlen(key);
    while (*p == ' ' || *p == '=' || *p == '[')
        p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    *out = atoi(p);
    return 1;
}

static int opt_true(const char *line)
{
    const char *eq = strchr(line, '=');
    const char *p = eq ? eq + 1 : line;
    while (*p == ' ')
        p++;
    return *p == 'T' || *p == 'Y';
}

/* The code in the first [...] after key, upper-cased, into out. */
static void opt_code(const char *line, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = strstr(line, key);
    if (!p || !(p = strchr(p, '[')))
        return;
    const char *q = strchr(p, ']');
    if (!q)
        return;
    size_t k = 0;
    for (p++; p < q && k + 1 < cap; p++)
        if (*p != ' ')
            out[k++] = *p;
    out[k] = '\0';
}

void dict_options_line(dict_options *o, const char *text, const char *file,
                       long lineno, deeds_diag *diag)
{
    char line[512];
    size_t k = 0;
    for (const char *p = text; *p && *p != '\n' && k + 1 < sizeof line; p++) {
        if (*p == '#' || (p[0] == '/' && p[1] == '/'))
            break;
        line[k++] = (char)toupper((unsigned char)*p);
    }
    while (k && (line[k - 1] == ' ' || line[k - 1] == '\t' || line[k - 1] == '\r'))
        k--;
    line[k] = '\0';
    const char *l = line;
    while (*l == ' ' || *l == '\t')
        l++;
    if (!*l)
        return;
    if (!strncmp(l, "SET", 3)) {
        if (strstr(l, "CODE BY SENT"))
            o->code_by = CODE_BY_SENTENCE;
        else if (strstr(l, "CODE BY CLAUSE"))
            o->code_by = CODE_BY_CLAUSE;
        else if (strstr(l, "CODE ALL"))
            o->code_by = CODE_BY_ALL;
        else if (strstr(l, "MINIMUM WORDS"))
            opt_number(l, "MINIMUM WORDS", &o->min_words);
        else if (strstr(l, "CONVERT AGENT"))
            o->convert_agents = opt_true(l);
        else if (strstr(l, "YYYY"))
            o->yyyy = opt_true(l);
        else if (strstr(l, "TIME SHIFT"))
            o->time_shift = opt_true(l);
        return;   /* the other SET: switches concern the TABARI interface */
    }
    if (!strncmp(l, "COMPLEX", 7)) {
        o->complex_verbs = o->complex_actors = o->complex_pronouns = 0;
        o->complex_conj = o->complex_comma = o->complex_lateverb = 0;
        opt_number(l, "VERBS", &o->complex_verbs);
        opt_number(l, "ACTORS", &o->complex_actors);
        opt_number(l, "PRONOUNS", &o->complex_pronouns);
        opt_number(l, "CONJ", &o->complex_conj);
        opt_number(l, "COMMA", &o->complex_comma);
        opt_number(l, "LATEVERB", &o->complex_lateverb);
        o->noactprior = strstr(l, "NOACTPRIOR") != NULL;
        o->noactafter = strstr(l, "NOACTAFTER") != NULL;
        o->noverb = strstr(l, "NOVERB") != NULL;
        o->nosource = strstr(l, "NOSOURCE") != NULL;
        o->notarget = strstr(l, "NOTARGET") != NULL;
        o->noevent = strstr(l, "NOEVENT") != NULL;
        return;
    }
    if (!strncmp(l, "DEFA", 4)) {
        if (strstr(l, "OFF")) {
            o->default_source[0] = o->default_target[0] = '\0';
            o->default_source_prior = o->default_target_after = 0;
            return;
        }
        opt_code(l, "SOURCE", o->default_source, sizeof o->default_source);
        opt_code(l, "TARGET", o->default_target, sizeof o->default_target);
        const char *tg = strstr(l, "TARGET");
        const char *pr = strstr(l, "PRIOR");
        const char *af = strstr(l, "AFTER");
        o->default_source_prior = pr && (!tg || pr < tg);
        o->default_target_after = af != NULL;
        return;
    }
    if (!strncmp(l, "COMMA", 5)) {
        if (strstr(l, "OFF")) {
            o->comma_on = 0;
            return;
        }
        o->comma_on = 1;
        opt_number(l, " MIN", &o->comma_min);
        opt_number(l, " MAX", &o->comma_max);
        opt_number(l, "EMIN", &o->comma_emin);
        opt_number(l, "EMAX", &o->comma_emax);
        opt_number(l, "BMIN", &o->comma_bmin);
        opt_number(l, "BMAX", &o->comma_bmax);
        return;
    }
    if (!strncmp(l, "LABEL", 5) || !strncmp(l, "OUTPUT", 6) || !strncmp(l, "FORW", 4) ||
        !strncmp(l, "NONE", 4) || *l == '~' || !strncmp(l, "ISSUE", 5))
        return;   /* output and interface settings: nothing to do for coding */
    deeds_diag_warn(diag, file, lineno, "unknown option line '%s'; ignored", l);
}

/* ------------------------------------------------------------ file driver */

enum file_kind { F_ACTORS, F_AGENTS, F_VERBS, F_OPTIONS, F_DISCARDS, F_PROJECT, F_OTHER };

static int contains_ci(const char *s, const char *lit)
{
    size_t n = strlen(lit);
    for (; *s; s++)
        if (!strncasecmp(s, lit, n))
            return 1;
    return 0;
}

static enum file_kind kind_from_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (dot && !strcasecmp(dot, ".project")) return F_PROJECT;
    if (dot && !strcasecmp(dot, ".options")) return F_OPTIONS;
    if (contains_ci(base, "discard")) return F_DISCARDS;
    if (contains_ci(base, ".agents") || contains_ci(base, "agents.")) return F_AGENTS;
    if (contains_ci(base, ".actors") || contains_ci(base, "actors.")) return F_ACTORS;
    if (contains_ci(base, ".verbs") || contains_ci(base, "verbs.") ||
        contains_ci(base, "verbpatterns") || !strncasecmp(base, "CAMEO.2", 7))
        return F_VERBS;
    return F_OTHER;
}

static enum file_kind kind_from_content(const char *data, size_t len)
{
    const char *p = data, *e = data + len;
    int patterns = 0, agents = 0, lines = 0;
    while (p < e && lines < 400) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        const char *t = skip_ws(p, le);
        if (le - t > 1 && t[0] == '-' && t[1] == ' ')
            patterns++;
        if (le - t > 8 && !strncasecmp(t, "<SYNSET", 7))
            patterns += 10;
        if (memmem(t, (size_t)(le - t), "[~", 2) || memmem(t, (size_t)(le - t), "~]", 2))
            agents++;
        if (starts_with_ci(t, le, "COMPLEX:") || starts_with_ci(t, le, "SET:"))
            return F_OPTIONS;
        lines++;
        p = le + 1;
    }
    if (patterns)
        return F_VERBS;
    if (agents)
        return F_AGENTS;
    return F_ACTORS;
}

static int has_petrarch2_patterns(const char *data, size_t len)
{
    const char *p = data, *e = data + len;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        const char *t = skip_ws(p, le);
        if (le - t > 2 && t[0] == '-' && t[1] == ' ' && memchr(t, '(', (size_t)(le - t)))
            return 1;
        p = le + 1;
    }
    return 0;
}

static int parse_kind(deeds_dict *d, const char *name, const char *data, size_t len,
                      enum file_kind kind, deeds_diag *diag)
{
    parse_ctx c = { .d = d, .name = name, .diag = diag };
    c.file = add_file(d, name);
    actor_group g = { 0 };
    int section = DK_ACTOR;
    verb_ctx v = { .verb = -1 };
    if (kind == F_VERBS)
        v.petrarch2 = has_petrarch2_patterns(data, len);
    size_t before = d->nentries + d->npats;
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *e = trim_end(p, le);
        c.line++;
        const char *t = skip_ws(p, e);
        if (t < e && *t == '~')
            break;   /* ~FINISH: the end of the dictionary */
        int comment = t >= e || *t == '#' || (*t == '/' && (kind != F_OPTIONS || (t + 1 < e && t[1] == '/')));
        if (kind == F_OPTIONS && t < e && *t == '/')
            comment = 1;
        if (!comment) {
            switch (kind) {
            case F_ACTORS:   parse_actor_line(&c, &g, &section, p, e); break;
            case F_AGENTS:   parse_agent_line(&c, p, e); break;
            case F_VERBS:    parse_verb_line(&c, &v, p, e); break;
            case F_DISCARDS: parse_discard_line(&c, p, e); break;
            case F_OPTIONS: {
                char buf[512];
                size_t n = (size_t)(e - t) < sizeof buf - 1 ? (size_t)(e - t) : sizeof buf - 1;
                memcpy(buf, t, n);
                buf[n] = '\0';
                dict_options_line(&d->opt, buf, name, c.line, diag);
                break;
            }
            default: break;
            }
        }
        p = le + 1;
    }
    close_group(&c, &g);
    if (kind != F_OPTIONS && d->nentries + d->npats == before) {
        deeds_diag_warn(diag, name, 0, "no dictionary entries found");
        return -1;
    }
    return 0;
}

int dict_parse_buffer(deeds_dict *d, const char *name, const char *data,
                      size_t len, deeds_diag *diag)
{
    enum file_kind kind = kind_from_name(name);
    char *conv = NULL;
    if (!deeds_utf8_valid(data, len)) {
        size_t n;
        conv = latin1_to_utf8(data, len, &n);
        data = conv;
        len = n;
    }
    if (kind == F_OTHER || kind == F_PROJECT)
        kind = kind_from_content(data, len);
    int rc = parse_kind(d, name, data, len, kind, diag);
    free(conv);
    return rc;
}

/* ------------------------------------------------------------- finishing */

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = DICT_HASH_INIT;
    for (size_t i = 0; i < n; i++)
        h = dict_hash_step(h, (unsigned char)s[i]);
    return h;
}

static int cmp_pattern_len(const void *a, const void *b)
{
    const dict_pattern *x = a, *y = b;
    if (x->chars != y->chars)
        return y->chars > x->chars ? 1 : -1;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

typedef struct index_key {   /* what the index is sorted by, gathered once */
    uint64_t    head;        /* the word's first 8 bytes, big-endian: orders
                                most pairs without strcmp */
    const char *word;        /* the first word */
    uint32_t    entry;
    uint16_t    chars;
    uint8_t     exact;
} index_key;

static uint64_t word_head(const char *w)
{
    uint64_t h = 0;
    for (int i = 0; i < 8; i++) {
        h = h << 8 | (unsigned char)*w;
        w += *w != '\0';
    }
    return h;
}

/* By first word (byte order, as strcmp); whole words first; then most
 * letters first. */
static int cmp_index_key(const void *a, const void *b)
{
    const index_key *x = a, *y = b;
    if (x->head != y->head)
        return x->head < y->head ? -1 : 1;
    int c = strcmp(x->word, y->word);
    if (c)
        return c;
    if (x->exact != y->exact)
        return x->exact ? -1 : 1;
    if (x->chars != y->chars)
        return y->chars > x->chars ? 1 : -1;
    return x->entry < y->entry ? -1 : 1;
}

/* Adds element e's seen bit to n in place of a shorter word's, keeping the
 * four longest words; lens holds the lengths of the words kept. */
static void need_add(const deeds_dict *d, dict_need *n, uint16_t lens[4],
                     const dict_elem *e)
{
    if (e->type != EL_WORD || !e->len)
        return;
    uint16_t b = dict_seen_bit(hash_str(dict_str(d, e->text), e->len));
    int shortest = 0;
    for (int i = 0; i < 4; i++) {
        if (n->bit[i] == b)
            return;
        if (lens[i] < lens[shortest])
            shortest = i;
    }
    if (e->len > lens[shortest]) {
        n->bit[shortest] = b;
        lens[shortest] = e->len;
    }
}

/* The seen bits of elements first..end-1, longest word first. */
static dict_need need_of(const deeds_dict *d, uint32_t first, uint32_t end)
{
    dict_need n = { { 0 } };
    uint16_t lens[4] = { 0 };
    for (uint32_t k = first; k < end; k++)
        need_add(d, &n, lens, &d->elems[k]);
    for (int i = 1; i < 4; i++)
        for (int j = i; j > 0 && lens[j] > lens[j - 1]; j--) {
            uint16_t b = n.bit[j], l = lens[j];
            n.bit[j] = n.bit[j - 1];
            lens[j] = lens[j - 1];
            n.bit[j - 1] = b;
            lens[j - 1] = l;
        }
    return n;
}

static void build_pattern_filters(deeds_dict *d)
{
    free(d->pat_need);
    d->pat_need = malloc((d->npats + 1) * sizeof *d->pat_need);
    if (!d->pat_need)
        abort();
    for (size_t i = 0; i < d->npats; i++)
        d->pat_need[i] = need_of(d, d->pats[i].elem, d->pats[i].elem + d->pats[i].nelem);
}

static const char *first_word(const deeds_dict *d, uint32_t entry)
{
    return dict_str(d, d->elems[d->entries[entry].elem].text);
}

static dict_cand make_cand(const deeds_dict *d, uint32_t i)
{
    const dict_entry *en = &d->entries[i];
    const dict_elem *first = &d->elems[en->elem];
    dict_cand c = { .entry = i, .chars = en->chars, .kind = en->kind };
    c.flags = (uint8_t)(((first->flags & EL_EXACT) ? CAND_EXACT : 0) |
                        ((first->flags & EL_NOEND) ? CAND_NOEND : 0) |
                        (en->nelem == 1 ? CAND_SINGLE : 0));
    c.need = need_of(d, en->elem + 1, en->elem + en->nelem);
    return c;
}

void dict_finish(deeds_dict *d)
{
    for (size_t i = 0; i < d->nverbs; i++) {
        dict_verb *v = &d->verbs[i];
        if (v->npat > 1)
            qsort(d->pats + v->pat, v->npat, sizeof *d->pats, cmp_pattern_len);
    }
    build_pattern_filters(d);
    index_key *keys = malloc((d->nentries + 1) * sizeof *keys);
    uint32_t *idx = malloc((d->nentries + 1) * sizeof *idx);
    if (!keys || !idx)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        const dict_entry *en = &d->entries[i];
        const dict_elem *first = &d->elems[en->elem];
        if (en->nelem && first->type == EL_WORD)
            keys[n++] = (index_key){ word_head(dict_str(d, first->text)),
                                     dict_str(d, first->text), (uint32_t)i, en->chars,
                                     (first->flags & EL_EXACT) != 0 };
    }
    qsort(keys, n, sizeof *keys, cmp_index_key);
    for (size_t i = 0; i < n; i++)
        idx[i] = keys[i].entry;
    free(keys);
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        words += i == 0 || strcmp(first_word(d, idx[i]), first_word(d, idx[i - 1]));
    size_t nslots = 16, bits_log = 9;
    while (nslots < 2 * words + 16)
        nslots *= 2;
    while (((size_t)1 << bits_log) < 16 * words && bits_log < 30)
        bits_log++;
    free(d->slots);
    free(d->first_bits);
    free(d->index);
    d->slots = calloc(nslots, sizeof *d->slots);
    d->nslots = nslots;
    d->first_bits = calloc(((size_t)1 << bits_log) / 64, sizeof *d->first_bits);
    d->first_shift = (uint32_t)(32 - bits_log);
    d->index = malloc((n + 1) * sizeof *d->index);
    d->nindex = n;
    if (!d->slots || !d->first_bits || !d->index)
        abort();
    for (size_t i = 0; i < n; i++)
        d->index[i] = make_cand(d, idx[i]);
    d->max_stem = 0;
    for (size_t i = 0; i < n;) {
        const dict_elem *e = &d->elems[d->entries[idx[i]].elem];
        const char *w = dict_str(d, e->text);
        size_t j = i + 1;
        while (j < n && !strcmp(first_word(d, idx[j]), w))
            j++;
        uint32_t h = hash_str(w, e->len);
        size_t s = h & (nslots - 1);
        while (d->slots[s].used)
            s = (s + 1) & (nslots - 1);
        uint32_t exact = 0;
        while (i + exact < j && (d->index[i + exact].flags & CAND_EXACT))
            exact++;
        d->slots[s] = (dict_slot){ h, e->text, e->len, 1, (uint32_t)i, (uint32_t)(j - i), exact };
        uint32_t b = h >> d->first_shift;
        d->first_bits[b >> 6] |= 1ull << (b & 63);
        if (e->len > d->max_stem)
            d->max_stem = e->len;
        i = j;
    }
    free(idx);
    if (d->build) {
        for (size_t i = 0; i < d->build->nsets; i++)
            free(d->build->sets[i].members.off);
        free(d->build->sets);
        free(d->build);
        d->build = NULL;
    }
}

const dict_cand *dict_probe_first(const deeds_dict *d, uint32_t hash,
                                  const char *text, size_t len, uint32_t *count,
                                  uint32_t *exact)
{
    size_t s = hash & (d->nslots - 1);
    for (; d->slots[s].used; s = (s + 1) & (d->nslots - 1)) {
        const dict_slot *sl = &d->slots[s];
        if (sl->hash != hash || sl->len != len)
            continue;
        const char *w = d->pool + sl->text;
        size_t k = 0;
        while (k < len && w[k] == text[k])
            k++;
        if (k == len) {
            *count = sl->count;
            *exact = sl->exact;
            return d->index + sl->first;
        }
    }
    return NULL;
}

const char *dict_actor_code(const deeds_dict *d, const dict_entry *e, int32_t date)
{
    for (uint32_t i = 0; i < e->nvalue; i++) {
        const dict_dated *dt = &d->dated[e->value + i];
        if (!dt->restricted || (date >= dt->lo && date <= dt->hi)) {
            const char *code = dict_str(d, dt->code);
            return strcmp(code, "---") ? code : NULL;
        }
    }
    return NULL;
}

/* ----------------------------------------------------------------- loading */

static int load_file(deeds_dict *d, const char *path, deeds_diag *diag)
{
    size_t len;
    char *data = deeds_read_file(path, &len);
    if (!data) {
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_UNREADABLE,
                        "cannot read this dictionary file; check the path");
        return -1;
    }
    int rc = dict_parse_buffer(d, path, data, len, diag);
    free(data);
    return rc;
}

static int is_dict_name(const char *name)
{
    return name[0] != '.' && kind_from_name(name) != F_OTHER &&
           kind_from_name(name) != F_PROJECT;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Options files are read first so SET: YYYY affects the dates after it. */
static int load_list(deeds_dict *d, char **paths, size_t n, deeds_diag *diag)
{
    int ok = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++)
            if ((kind_from_name(paths[i]) == F_OPTIONS) == (pass == 0))
                ok += load_file(d, paths[i], diag) == 0;
    return ok;
}

/* The dictionary files in folder dir, sorted; -1 when it cannot be read. */
static int list_folder(const char *dir, char ***out, size_t *count)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return -1;
    char **paths = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (!is_dict_name(de->d_name))
            continue;
        paths = deeds_grow(paths, &cap, n + 1, sizeof *paths);
        size_t len = strlen(dir) + strlen(de->d_name) + 2;
        paths[n] = malloc(len);
        snprintf(paths[n], len, "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(dp);
    if (n > 1)
        qsort(paths, n, sizeof *paths, cmp_str);
    *out = paths;
    *count = n;
    return 0;
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

static int load_folder(deeds_dict *d, const char *dir, deeds_diag *diag)
{
    char **paths;
    size_t n;
    if (list_folder(dir, &paths, &n) < 0)
        return -1;
    int ok = load_list(d, paths, n, diag);
    free_paths(paths, n);
    if (!ok)
        deeds_diag_error(diag, dir, 0, "no dictionary files in this folder "
                         "(*.actors, *.agents, *.verbs, *.options, discards)");
    return ok ? 0 : -1;
}

static int load_builtin(deeds_dict *d, deeds_diag *diag)
{
    int ok = 0;
    for (int pass = 0; pass < 2; pass++)
        for (const deeds_builtin_file *f = deeds_builtin_files; f->name; f++)
            if ((kind_from_name(f->name) == F_OPTIONS) == (pass == 0) &&
                kind_from_name(f->name) != F_OTHER)
                ok += dict_parse_buffer(d, f->name, f->data, f->size, diag) == 0;
    return ok ? 0 : -1;
}

enum { PROJECT_TEXT = 4 };   /* files[] slot of the <textfile> lines */

/* A TABARI .project file: <optionsfile> <actorsfile> <agentsfile>
 * <verbsfile> <textfile> lines, relative to the project's folder.  files[t]
 * receives the paths of tag t, '\n'-terminated; -1 when unreadable. */
static int read_project(const char *path, deeds_buf files[5])
{
    size_t len;
    char *data = deeds_read_file(path, &len);
    if (!data)
        return -1;
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    static const char *const tags[] = { "<optionsfile>", "<actorsfile>", "<agentsfile>",
                                        "<verbsfile>", "<textfile>" };
    char *p = data;
    while (p && *p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        for (int t = 0; t < 5; t++) {
            size_t tl = strlen(tags[t]);
            if (strncasecmp(p, tags[t], tl))
                continue;
            char *f = p + tl;
            while (*f == ' ' || *f == '\t')
                f++;
            char *fe = f + strlen(f);
            while (fe > f && (fe[-1] == ' ' || fe[-1] == '\t' || fe[-1] == '\r'))
                fe--;
            if (fe > f) {
                if (*f != '/')
                    deeds_buf_append(&files[t], path, dirlen);
                deeds_buf_append(&files[t], f, (size_t)(fe - f));
                deeds_buf_append(&files[t], "\n", 1);
            }
        }
        p = nl ? nl + 1 : NULL;
    }
    free(data);
    return 0;
}

static int load_project(deeds_dict *d, const char *path, deeds_diag *diag)
{
    deeds_buf files[5] = { { 0 } };
    if (read_project(path, files) < 0) {
        deeds_diag_skip(diag, path, 0, DEEDS_SKIP_UNREADABLE, "cannot read this project file");
        return -1;
    }
    d->tabari = 1;
    d->opt.min_words = 8;
    int ok = 0;
    for (int t = 0; t < PROJECT_TEXT; t++) {
        char *q = files[t].data;
        while (q && *q) {
            char *nl = strchr(q, '\n');
            *nl = '\0';
            ok += load_file(d, q, diag) == 0;
            q = nl + 1;
        }
        deeds_buf_free(&files[t]);
    }
    d->text_files = files[PROJECT_TEXT].data;
    if (!ok)
        deeds_diag_error(diag, path, 0, "the project names no readable dictionary");
    return ok ? 0 : -1;
}

static deeds_dict *finish_or_free(deeds_dict *d, int rc)
{
    if (rc < 0) {
        deeds_dict_free(d);
        return NULL;
    }
    dict_finish(d);
    return d;
}

/* The comma-separated files of spec, leading blanks dropped; the strings
 * live in *copy. */
static char **split_list(const char *spec, char **copy, size_t *count)
{
    *copy = strdup(spec);
    char **paths = NULL, *save = NULL;
    size_t n = 0, cap = 0;
    for (char *tok = strtok_r(*copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        paths = deeds_grow(paths, &cap, n + 1, sizeof *paths);
        paths[n++] = tok;
    }
    *count = n;
    return paths;
}

static int is_folder(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Parses what spec names (project: a TABARI .project, whatever its name). */
static deeds_dict *load_sources(const char *spec, int project, deeds_diag *diag)
{
    deeds_dict *d = dict_new();
    if (!d)
        return NULL;
    int rc;
    if (project) {
        rc = load_project(d, spec, diag);
    } else if (!spec || !*spec) {
        rc = load_builtin(d, diag);
        if (rc < 0)
            deeds_diag_error(diag, "builtin", 0, "no built-in dictionaries were compiled in");
    } else if (strchr(spec, ',')) {
        char *copy;
        size_t n;
        char **paths = split_list(spec, &copy, &n);
        rc = load_list(d, paths, n, diag) ? 0 : -1;
        if (rc < 0)
            deeds_diag_error(diag, spec, 0, "none of the listed dictionary files could be used");
        free(paths);
        free(copy);
    } else if (is_folder(spec)) {
        rc = load_folder(d, spec, diag);
    } else if (kind_from_name(spec) == F_PROJECT) {
        rc = load_project(d, spec, diag);
    } else {
        rc = load_file(d, spec, diag);
        if (rc < 0)
            deeds_diag_error(diag, spec, 0, "no usable dictionary in this file");
    }
    return finish_or_free(d, rc);
}

/* ------------------------------------------------------------ cache keys */

/* What a cached load depends on, as text, and how many bytes of source
 * text it stands for. */
typedef struct source_key {
    deeds_buf text;
    size_t    bytes;
} source_key;

/* Sets smaller than this parse in a few milliseconds: they are not cached
 * (and temporary dictionaries, as tests make, leave no files behind). */
#define CACHE_MIN_BYTES (64 * 1024)

/* Adds a source file to a cache key: its path as the loader opens it, its
 * size and modification time.  -1 when it is not a readable regular file
 * (the load reports it; nothing is cached). */
static int key_file(source_key *key, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || access(path, R_OK) != 0)
        return -1;
    deeds_buf_printf(&key->text, "%s\t%lld\t%lld.%09ld\t%llu\n", path,
                     (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                     (long)st.st_mtim.tv_nsec, (unsigned long long)st.st_ino);
    key->bytes += (size_t)st.st_size;
    return 0;
}

static int key_files(source_key *key, char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (key_file(key, paths[i]) < 0)
            return -1;
    return 0;
}

static int key_project(source_key *key, const char *path)
{
    deeds_buf files[5] = { { 0 } };
    int rc = key_file(key, path) < 0 || read_project(path, files) < 0 ? -1 : 0;
    for (int t = 0; t < PROJECT_TEXT && rc == 0; t++)
        for (char *q = files[t].data; q && *q && rc == 0;) {
            char *nl = strchr(q, '\n');
            *nl = '\0';
            rc = key_file(key, q);
            q = nl + 1;
        }
    for (int t = 0; t < 5; t++)
        deeds_buf_free(&files[t]);
    return rc;
}

/* The program or shared library deeds runs from (its full path into out);
 * NULL when unknown. */
static const char *program_file(char *out)
{
    Dl_info info;
    if (dladdr((void *)deeds_dict_load, &info) && info.dli_fname &&
        realpath(info.dli_fname, out))
        return out;
    return NULL;
}

/* The program's size and time, so that a rebuilt or upgraded deeds parses
 * afresh (whichever of its files changed). */
static void key_build(deeds_buf *key)
{
    char prog[PATH_MAX];
    struct stat st;
    if (program_file(prog) && stat(prog, &st) == 0)
        deeds_buf_printf(key, "%lld %lld.%09ld %llu", (long long)st.st_size,
                         (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
                         (unsigned long long)st.st_ino);
    else
        deeds_buf_printf(key, "%s %s", __DATE__, __TIME__);
}

/* Everything a load of spec depends on: the deeds build, the layout of the
 * arrays, and each source file (for the built-in set, a checksum of its
 * text).  -1: do not cache. */
static int cache_key(const char *spec, int project, source_key *key)
{
    deeds_buf_printf(&key->text, "deeds %s built ", DEEDS_VERSION);
    key_build(&key->text);
    deeds_buf_printf(&key->text, "; layout %zu %zu %zu %zu %zu %zu %zu %zu\n", sizeof(dict_elem),
                     sizeof(dict_entry), sizeof(dict_dated), sizeof(dict_verb),
                     sizeof(dict_pattern), sizeof(dict_slot), sizeof(dict_cand),
                     sizeof(dict_options));
    if (project || (spec && *spec && !strchr(spec, ',') && !is_folder(spec) &&
                    kind_from_name(spec) == F_PROJECT))
        return key_project(key, spec);
    if (!spec || !*spec) {
        for (const deeds_builtin_file *f = deeds_builtin_files; f->name; f++) {
            deeds_buf_printf(&key->text, "%s\t%zu\t%016llx\n", f->name, (size_t)f->size,
                             (unsigned long long)dict_checksum(f->data, f->size));
            key->bytes += f->size;
        }
        return 0;
    }
    if (strchr(spec, ',')) {
        char *copy;
        size_t n;
        char **paths = split_list(spec, &copy, &n);
        int rc = key_files(key, paths, n);
        free(paths);
        free(copy);
        return rc;
    }
    if (is_folder(spec)) {
        char **paths;
        size_t n;
        if (list_folder(spec, &paths, &n) < 0)
            return -1;
        int rc = key_files(key, paths, n);
        free_paths(paths, n);
        return rc;
    }
    return key_file(key, spec);
}

/* Whether spec names a file by a relative path (its cache then depends on
 * the working folder). */
static int spec_is_relative(const char *spec)
{
    if (!spec || !*spec)
        return 0;
    for (const char *p = spec; p; p = strchr(p, ',')) {
        p += *p == ',';
        p += strspn(p, " ");
        if (*p != '/')
            return 1;
    }
    return 0;
}

/* Loads from the cache when it matches what spec names now; otherwise
 * parses and saves the result for next time. */
static deeds_dict *load_cached(const char *spec, int project, deeds_diag *diag)
{
    deeds_buf id = { 0 };
    source_key key = { { 0 }, 0 };
    char cwd[4096];
    char prog[PATH_MAX];
    /* each program keeps its own files: two builds do not evict each other */
    deeds_buf_printf(&id, "%s\n%s\n%s\n%d", program_file(prog) ? prog : "",
                     spec_is_relative(spec) && getcwd(cwd, sizeof cwd) ? cwd : "",
                     spec ? spec : "", project);
    char *path = NULL;
    if (cache_key(spec, project, &key) == 0 && key.bytes >= CACHE_MIN_BYTES)
        path = dict_cache_path(id.data, id.len);
    deeds_dict *d = NULL;
    if (path)
        d = dict_cache_read(path, key.text.data, key.text.len, diag);
    if (!d) {
        dict_recorder rec;
        dict_recorder_init(&rec, diag);
        d = load_sources(spec, project, &rec.diag);
        if (d && path)
            dict_cache_write(path, key.text.data, key.text.len, d, &rec);
        dict_recorder_free(&rec);
    }
    free(path);
    deeds_buf_free(&id);
    deeds_buf_free(&key.text);
    return d;
}

deeds_dict *dict_load_project(const char *path, deeds_diag *diag)
{
    return load_cached(path, 1, diag);
}

deeds_dict *deeds_dict_load(const char *spec, deeds_diag *diag)
{
    return load_cached(spec, 0, diag);
}

void deeds_dict_free(deeds_dict *d)
{
    if (!d)
        return;
    if (d->build) {
        for (size_t i = 0; i < d->build->nsets; i++)
            free(d->build->sets[i].members.off);
        free(d->build->sets);
        free(d->build);
    }
    if (d->blob) {   /* one mapping holds the arrays and the file names */
        free(d->files);
        munmap(d->blob, d->blob_len);
        free(d);
        return;
    }
    for (size_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    free(d->pool);
    free(d->elems);
    free(d->entries);
    free(d->dated);
    free(d->verbs);
    free(d->pats);
    free(d->slots);
    free(d->first_bits);
    free(d->index);
    free(d->pat_need);
    free(d->text_files);
    free(d);
}
