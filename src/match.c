/*
 * match.c: tokens -> dictionary phrases.  For one token it probes the
 * dictionary index with the token and with each of its prefixes (hashes
 * computed incrementally, so a word costs one pass), which finds exact
 * words and stems alike without a per-token allocation; the candidates
 * are tried longest first against the following tokens.  Hands phrase
 * matches to parse.c.
 */
#include "match.h"

#include <string.h>

/* Regular endings TABARI generates for the last word of a phrase. */
static int is_ending(const char *s, size_t n)
{
    switch (n) {
    case 1:   /* S D ' */
        return s[0] == 'S' || s[0] == 'D' || s[0] == '\'';
    case 2:   /* ES ED EN 'S S' */
        return (s[0] == 'E' && (s[1] == 'S' || s[1] == 'D' || s[1] == 'N')) ||
               (s[0] == '\'' && s[1] == 'S') || (s[0] == 'S' && s[1] == '\'');
    case 3:
        return !memcmp(s, "ING", 3);
    default:
        return 0;
    }
}

int match_word(const deeds_dict *d, const dict_elem *e, const char *w, size_t n,
               int endings)
{
    if (e->type != EL_WORD || n < e->len || memcmp(w, dict_str(d, e->text), e->len))
        return 0;
    if (n == e->len || !(e->flags & EL_EXACT))
        return 1;
    return endings && !(e->flags & EL_NOEND) && is_ending(w + e->len, n - e->len);
}

/* Matches the entry's remaining words after its first at token i. */
static int match_rest(const deeds_dict *d, const tokens *t, const dict_entry *en,
                      size_t i, const uint8_t *taken, phrase_match *m)
{
    m->nwords = 1;
    m->words[0] = (uint16_t)i;
    size_t pos = i;
    for (uint16_t k = 1; k < en->nelem; k++) {
        const dict_elem *prev = &d->elems[en->elem + k - 1];
        const dict_elem *e = &d->elems[en->elem + k];
        int last = k + 1 == en->nelem;
        size_t j = pos + 1;
        for (;; j++) {
            if (j >= t->n || (t->v[j].flags & TOK_COMMA))
                return 0;
            if (taken && taken[j]) {
                if (prev->flags & EL_ADJ)
                    return 0;
                continue;
            }
            if (match_word(d, e, tok_text(t, j), t->v[j].len, last))
                break;
            if (prev->flags & EL_ADJ)
                return 0;
        }
        if (m->nwords >= MATCH_MAX_WORDS)
            return 0;
        m->words[m->nwords++] = (uint16_t)j;
        pos = j;
    }
    return 1;
}

/* Whether a candidate's first word, which equals the token's first k
 * letters, fits the whole token: the token is exactly the word, the word
 * is a stem, or a one-word phrase's word carries a regular ending. */
static int first_word_fits(uint8_t flags, int whole, int ending)
{
    return whole || !(flags & CAND_EXACT) ||
           ((flags & CAND_SINGLE) && !(flags & CAND_NOEND) && ending);
}

int match_best(const deeds_dict *d, const tokens *t, size_t i,
               const uint8_t *taken, unsigned want, phrase_match *out)
{
    const char *w = tok_text(t, i);
    size_t n = t->v[i].len;
    size_t maxk = n < d->max_stem ? n : d->max_stem;
    uint32_t hashes[256];
    if (maxk > 255)
        maxk = 255;
    uint32_t h = DICT_HASH_INIT;
    for (size_t k = 0; k < maxk; k++)
        hashes[k + 1] = h = dict_hash_step(h, (unsigned char)w[k]);
    int found = 0;
    phrase_match m;
    for (size_t k = maxk; k >= 1; k--) {
        uint32_t count, exact;
        const dict_cand *cands = dict_lookup_first(d, hashes[k], w, k, &count, &exact);
        if (!cands)
            continue;
        int whole = k == n;
        int ending = !whole && is_ending(w + k, n - k);
        /* whole-word entries fit only the whole token or token + ending */
        for (uint32_t c = whole || ending ? 0 : exact; c < count; c++) {
            const dict_cand *cd = &cands[c];
            if (found && cd->chars <= out->chars) {
                /* each group is sorted by letters: the rest cannot win */
                if (c >= exact)
                    break;
                c = exact - 1;
                continue;
            }
            if (!(want & (1u << cd->kind)) || !first_word_fits(cd->flags, whole, ending) ||
                !dict_need_seen(&cd->need, t->seen))
                continue;
            if (!match_rest(d, t, &d->entries[cd->entry], i, taken, &m))
                continue;
            m.entry = cd->entry;
            m.chars = cd->chars;
            *out = m;
            found = 1;
        }
    }
    return found;
}
