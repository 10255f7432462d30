/*
 * token.h: a sentence cut into words, each keeping its byte span in the
 * original text and its folded (upper-case ASCII) form for matching.
 */
#ifndef DEEDS_TOKEN_H
#define DEEDS_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define TOK_CAP     1u  /* first letter upper case in the original */
#define TOK_COMMA   2u  /* ',' (or ';') */
#define TOK_QUOTE   4u  /* '"', or a typographic double quote */
#define TOK_NUMBER  8u  /* starts with a digit */
#define TOK_OPEN   16u  /* a quote that opens (U+201C) */
#define TOK_CLOSE  32u  /* a quote that closes (U+201D) */

typedef struct token {
    uint32_t start, end;   /* byte span in the original sentence */
    uint32_t text;         /* offset of the folded text in tokens.text */
    uint16_t len;
    uint8_t  flags;
} token;

/* Every prefix of every folded token, as bits of a 65536-bit set (see
 * dict_seen_bit): a dictionary word can only match a token it is a prefix
 * of, so a phrase or pattern with a word whose bit is clear cannot match
 * anywhere in the sentence and is not tried. */
#define TOK_SEEN_WORDS (65536 / 64)

typedef struct tokens {
    token  *v;
    size_t  n, cap;
    char   *text;          /* folded words, NUL-separated */
    size_t  tlen, tcap;
    int     all_caps;      /* no lower-case letters at all */
    size_t  nquotes;       /* quote-mark tokens */
    uint64_t *seen;        /* TOK_SEEN_WORDS words */
    uint16_t *seen_set;    /* the set bits, to clear them for the next sentence */
    size_t    nseen, seen_cap;
} tokens;

/* Cuts s[0..len) into tokens (TABARI's input filter, manual 7.3): '?' '!'
 * and '-' are blanks, ';' is a comma, commas inside numbers vanish, a
 * period ends a word unless the word is an abbreviation (U.N.), quotes are
 * their own tokens, text inside comment marks is dropped.  At most max
 * tokens are kept.  Storage is reused between calls. */
void tokenize(tokens *t, const char *s, size_t len, size_t max);
void tokens_free(tokens *t);

static inline const char *tok_text(const tokens *t, size_t i)
{
    return t->text + t->v[i].text;
}
#endif
