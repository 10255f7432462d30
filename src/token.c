/*
 * token.c: sentence text -> tokens.  The first stage of the coder: it
 * applies TABARI's input filter while remembering where each word sits in
 * the original sentence, so events can point back at their words.  Hands
 * the folded words to match.c.
 */
#include "token.h"
#include "util.h"
#include "dict.h"

#include <stdlib.h>
#include <string.h>

/* ASCII classes (the C locale's, without a call per byte). */
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) { return is_upper(c) || is_lower(c); }

/* Bytes TABARI's input filter turns into blanks. */
static const uint8_t blank_byte[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['?'] = 1, ['!'] = 1,
    ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,
    [':'] = 1, ['-'] = 1, ['/'] = 1, ['*'] = 1, ['_'] = 1,
};

static int is_blank(unsigned char c)
{
    return blank_byte[c];
}

/* The length of a quote mark at s[i]: '"', or the typographic double
 * quotes U+201C and U+201D (3 bytes in UTF-8); 0 when there is none. */
static size_t quote_mark(const char *s, size_t i, size_t len)
{
    if (s[i] == '"')
        return 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
        return 3;
    return 0;
}

/* Appends the fold of s[0..n) to the token text, whole (a letter and its
 * combining marks fold together), however much folding lengthens it. */
static size_t fold_into(tokens *t, size_t at, const char *s, size_t n)
{
    size_t room = t->tcap - at;
    size_t m = deeds_fold(s, n, t->text + at, room);
    if (m >= room) {
        t->text = deeds_grow(t->text, &t->tcap, at + m + 2, 1);
        deeds_fold(s, n, t->text + at, m + 1);
    }
    return m;
}

/* Adds the token s[a..b) (original offsets), folding it; commas inside a
 * number (1,500) are dropped. */
static void add_token(tokens *t, const char *s, size_t a, size_t b, uint8_t flags)
{
    t->v = deeds_grow(t->v, &t->cap, t->n + 1, sizeof *t->v);
    t->text = deeds_grow(t->text, &t->tcap, t->tlen + 2 * (b - a) + 2, 1);
    token *k = &t->v[t->n++];
    k->start = (uint32_t)a;
    k->end = (uint32_t)b;
    k->text = (uint32_t)t->tlen;
    k->flags = flags;
    size_t n = 0;
    for (size_t i = a; i < b;) {
        size_t j = i;
        unsigned char high = 0;
        while (j < b && !(s[j] == ',' && b - a > 1))
            high |= (unsigned char)s[j++];
        if (high & 0x80) {
            n += fold_into(t, t->tlen + n, s + i, j - i);
        } else {   /* plain ASCII, as deeds_fold would fold it */
            t->text = deeds_grow(t->text, &t->tcap, t->tlen + n + (j - i) + 2, 1);
            char *o = t->text + t->tlen + n;
            for (size_t q = i; q < j; q++)
                o[q - i] = is_lower((unsigned char)s[q]) ? (char)(s[q] - 32) : s[q];
            n += j - i;
            o[j - i] = '\0';
        }
        i = j + 1;
    }
    const char *o = t->text + t->tlen;
    k->len = (uint16_t)(n < 0xFFFF ? n : 0xFFFF);
    if (n && is_upper((unsigned char)s[a]))
        k->flags |= TOK_CAP;
    if (n && is_digit((unsigned char)o[0]))
        k->flags |= TOK_NUMBER;
    t->tlen += n + 1;
}

/* Ends a word at b: a final period goes unless the word holds another
 * period (an abbreviation such as U.N. or U.S.); quotes around it go too. */
static void end_word(tokens *t, const char *s, size_t a, size_t b)
{
    while (b > a && (s[b - 1] == '\'' || s[b - 1] == '.' || s[b - 1] == '"')) {
        if (s[b - 1] == '.' && memchr(s + a, '.', b - 1 - a))
            break;
        b--;
    }
    while (a < b && (s[a] == '\'' || s[a] == '"'))
        a++;
    if (b > a)
        add_token(t, s, a, b, 0);
}

/* Fills t->seen with every prefix of every token, after clearing the
 * words the previous sentence set. */
static void note_prefixes(tokens *t)
{
    if (!t->seen) {
        t->seen = calloc(TOK_SEEN_WORDS, sizeof *t->seen);
        if (!t->seen)
            abort();
    }
    for (size_t i = 0; i < t->nseen; i++)
        t->seen[t->seen_set[i] >> 6] = 0;
    t->nseen = 0;
    t->seen_set = deeds_grow(t->seen_set, &t->seen_cap, t->tlen + 1, sizeof *t->seen_set);
    t->seen[0] = 1;
    t->seen_set[t->nseen++] = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *w = tok_text(t, i);
        uint32_t h = DICT_HASH_INIT;
        for (size_t k = 0; k < t->v[i].len; k++) {
            h = dict_hash_step(h, (unsigned char)w[k]);
            uint16_t b = dict_seen_bit(h);
            if (!dict_seen(t->seen, b)) {
                t->seen[b >> 6] |= 1ull << (b & 63);
                t->seen_set[t->nseen++] = b;
            }
        }
    }
}

void tokenize(tokens *t, const char *s, size_t len, size_t max)
{
    t->n = 0;
    t->tlen = 0;
    t->nquotes = 0;
    int lower = 0;
    size_t i = 0;
    while (i < len && t->n < max) {
        unsigned char c = (unsigned char)s[i];
        if (c == '/' && i + 1 < len && s[i + 1] == '*') {   /* not coded */
            const char *close = memmem(s + i + 2, len - i - 2, "*/", 2);
            i = close ? (size_t)(close - s) + 2 : len;
            continue;
        }
        if (is_blank(c)) {
            i++;
            continue;
        }
        if (c == ',' || c == ';') {
            add_token(t, s, i, i + 1, TOK_COMMA);
            i++;
            continue;
        }
        size_t q = c == '"' || c == 0xE2 ? quote_mark(s, i, len) : 0;
        if (q) {
            uint8_t side = q == 1 ? 0 : (unsigned char)s[i + 2] == 0x9C ? TOK_OPEN : TOK_CLOSE;
            add_token(t, s, i, i + q, TOK_QUOTE | side);
            t->nquotes++;
            i += q;
            continue;
        }
        size_t a = i;
        while (i < len) {
            c = (unsigned char)s[i];
            if (is_blank(c) || c == ';' || ((c == '"' || c == 0xE2) && quote_mark(s, i, len)))
                break;
            if (c == ',' && !(i > a && is_digit((unsigned char)s[i - 1]) &&
                              i + 1 < len && is_digit((unsigned char)s[i + 1])))
                break;
            if (c == '.' && i > a && is_lower((unsigned char)s[i - 1]) &&
                (i + 1 >= len || !is_alpha((unsigned char)s[i + 1])))
                break;   /* a period after a lower-case letter ends the word */
            if (is_lower(c))
                lower = 1;
            i++;
        }
        end_word(t, s, a, i);
        if (i < len && s[i] == '.')
            i++;
    }
    t->all_caps = !lower;
    note_prefixes(t);
}

void tokens_free(tokens *t)
{
    free(t->v);
    free(t->text);
    free(t->seen);
    free(t->seen_set);
    memset(t, 0, sizeof *t);
}
