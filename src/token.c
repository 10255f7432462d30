/*
 * token.c: sentence text -> tokens.  The first stage of the coder: it
 * applies TABARI's input filter while remembering where each word sits in
 * the original sentence, so events can point back at their words.  Hands
 * the folded words to match.c.
 */
#include "token.h"
#include "dict.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void *grow_to(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (!q)
        abort();
    *cap = c;
    return q;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '?' || c == '!' ||
           c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' ||
           c == ':' || c == '-' || c == '/' || c == '*' || c == '_';
}

/* Adds the token s[a..b) (original offsets), folding it. */
static void add_token(tokens *t, const char *s, size_t a, size_t b, uint8_t flags)
{
    t->v = grow_to(t->v, &t->cap, t->n + 1, sizeof *t->v);
    t->text = grow_to(t->text, &t->tcap, t->tlen + 4 * (b - a) + 2, 1);
    token *k = &t->v[t->n++];
    k->start = (uint32_t)a;
    k->end = (uint32_t)b;
    k->text = (uint32_t)t->tlen;
    k->flags = flags;
    char *o = t->text + t->tlen;
    size_t n = 0;
    for (size_t i = a; i < b;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ',' && b - a > 1) {   /* inside a number: 1,500 -> 1500 */
            i++;
            continue;
        }
        if (c < 0x80) {
            o[n++] = (char)toupper(c);
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < b && ((unsigned char)s[j] & 0xC0) == 0x80)
            j++;
        size_t m = deeds_fold(s + i, j - i, o + n, 4 * (j - i) + 1);
        if (m > 4 * (j - i))
            m = 4 * (j - i);
        n += m;
        i = j;
    }
    o[n] = '\0';
    k->len = (uint16_t)(n < 0xFFFF ? n : 0xFFFF);
    if (n && isupper((unsigned char)s[a]))
        k->flags |= TOK_CAP;
    if (n && isdigit((unsigned char)o[0]))
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
    t->seen_set = grow_to(t->seen_set, &t->seen_cap, t->tlen + 1, sizeof *t->seen_set);
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
    int lower = 0;
    size_t i = 0;
    while (i < len && t->n < max) {
        unsigned char c = (unsigned char)s[i];
        if (c == '/' && i + 1 < len && s[i + 1] == '*') {   /* not coded */
            const char *close = strstr(s + i + 2, "*/");
            size_t stop = close && (size_t)(close - s) < len ? (size_t)(close - s) + 2 : len;
            i = stop;
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
        if (c == '"') {
            add_token(t, s, i, i + 1, TOK_QUOTE);
            i++;
            continue;
        }
        size_t a = i;
        while (i < len) {
            c = (unsigned char)s[i];
            if (is_blank(c) || c == ';' || c == '"')
                break;
            if (c == ',' && !(i > a && isdigit((unsigned char)s[i - 1]) &&
                              i + 1 < len && isdigit((unsigned char)s[i + 1])))
                break;
            if (c == '.' && i > a && islower((unsigned char)s[i - 1]) &&
                (i + 1 >= len || !isalpha((unsigned char)s[i + 1])))
                break;   /* a period after a lower-case letter ends the word */
            if (islower(c))
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
