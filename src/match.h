/*
 * match.h: finding dictionary phrases in a tokenised sentence.
 */
#ifndef DEEDS_MATCH_H
#define DEEDS_MATCH_H

#include "dict.h"
#include "token.h"

#define MATCH_MAX_WORDS 16

typedef struct phrase_match {
    uint32_t entry;
    uint16_t chars;
    uint8_t  nwords;
    uint16_t words[MATCH_MAX_WORDS];  /* the tokens the phrase used */
} phrase_match;

/* Non-zero when dictionary word e matches the folded token w[0..n).
 * endings: the word may carry a regular ending (S, ED, ING, 'S ...). */
int match_word(const deeds_dict *d, const dict_elem *e, const char *w, size_t n,
               int endings);

/* The longest entry (most letters) that starts at token i, skipping tokens
 * marked in taken; 0 when none.  want: a mask of (1 << DK_*) kinds. */
int match_best(const deeds_dict *d, const tokens *t, size_t i,
               const uint8_t *taken, unsigned want, phrase_match *out);
#endif
