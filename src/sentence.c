/*
 * sentence.c: from an article's text to sentences, and from text to the
 * folded form the dictionaries are matched against.
 *
 * deeds_sentence_split finds sentence ends in news prose: a terminator
 * ('.', '?', '!', an ellipsis) plus any closing quotes and brackets, then
 * white space, then something that can start a sentence.  A period after an
 * abbreviation, a title or an initial ends a sentence only when a word that
 * typically opens one follows ("... to the U.S. The talks ...").  A blank
 * line always ends a sentence; a single line break never does.  The spans it
 * hands to the coder are byte offsets into the original text.
 *
 * deeds_fold maps text to what the tokenizer compares: ASCII is upper-cased
 * in a tight loop; anything else goes through utf8proc (NFKC) one character
 * and its combining marks at a time, with diacritics stripped whenever that
 * leaves plain ASCII.
 */
#include "deeds.h"
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ UTF-8 */

/* Length of the valid UTF-8 sequence at s[0..n) (1-4), 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t k;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2;
        *cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        *cp = c & 0x0F;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        *cp = c & 0x07;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (n < k || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if (i > 1 && (s[i] & 0xC0) != 0x80)
            return 0;
        *cp = *cp << 6 | (s[i] & 0x3F);
    }
    return k;
}

size_t deeds_utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* eight ASCII bytes at a time: the common case in news text */
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (!(w & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        uint32_t cp;
        size_t k = utf8_decode(u + i, len - i, &cp);
        if (!k)
            return i;
        i += k;
    }
    return len;
}

int deeds_utf8_valid(const char *s, size_t len)
{
    return deeds_utf8_valid_prefix(s, len) == len;
}

/* ---------------------------------------------------------------- folding */

/* The output of deeds_fold, snprintf style: bytes past the capacity are
 * counted but not written, and a character is never written in part. */
typedef struct fold_out {
    char  *buf;
    size_t cap, len, written;
} fold_out;

static void fold_put(fold_out *o, const char *s, size_t n)
{
    if (o->written == o->len && o->len + n < o->cap) {
        memcpy(o->buf + o->len, s, n);
        o->written += n;
    }
    o->len += n;
}

static void fold_put_cp(fold_out *o, uint32_t cp)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
    fold_put(o, (const char *)tmp, (size_t)n);
}

static int is_mark(uint32_t cp)
{
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

/* Writes the ASCII that stands for cp in folded text into out and returns
 * its length (0: the character is dropped), or -1 when it has none and stays
 * an (upper-cased) UTF-8 character.  Covers quotes, dashes, invisible format
 * characters and the Latin letters that carry no Unicode decomposition but
 * have a customary ASCII spelling in names. */
static int ascii_for(uint32_t cp, char out[2])
{
    const char *a = NULL;
    if (cp < 0x80) {
        out[0] = (char)(cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
        return 1;
    }
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
    case 0x2039: case 0x203A: case 0x00B4:
        a = "'"; break;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x00AB: case 0x00BB:
        a = "\""; break;
    case 0x2212: a = "-"; break;
    case 0x00DF: case 0x1E9E: a = "SS"; break;
    case 0x00E6: case 0x00C6: a = "AE"; break;
    case 0x0153: case 0x0152: a = "OE"; break;
    case 0x00F8: case 0x00D8: a = "O"; break;
    case 0x0111: case 0x0110: case 0x00F0: case 0x00D0: a = "D"; break;
    case 0x0142: case 0x0141: a = "L"; break;
    case 0x0131: a = "I"; break;
    case 0x00FE: case 0x00DE: a = "TH"; break;
    case 0x0127: case 0x0126: a = "H"; break;
    default: {
        utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
        if (cat == UTF8PROC_CATEGORY_PD)
            a = "-";
        else if (cat == UTF8PROC_CATEGORY_CF)
            a = "";
        else
            return -1;
    }
    }
    size_t n = strlen(a);
    memcpy(out, a, n);
    return (int)n;
}

#define FOLD_MAX_CLUSTER 16   /* marks past this many are dropped */
#define FOLD_MAX_DECOMP  72

/* Folds one non-ASCII character and the combining marks after it, starting
 * at s (n bytes left); returns the bytes consumed. */
static size_t fold_cluster(const unsigned char *s, size_t n, fold_out *o)
{
    uint32_t cp;
    size_t k = utf8_decode(s, n, &cp);
    if (!k) {
        fold_put(o, "?", 1);
        return 1;
    }
    size_t used = k;
    for (int marks = 0; used < n && marks < FOLD_MAX_CLUSTER; marks++) {
        uint32_t next;
        size_t m = utf8_decode(s + used, n - used, &next);
        if (!m || !is_mark(next))
            break;
        used += m;
    }
    utf8proc_int32_t cps[FOLD_MAX_DECOMP];
    const int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
    utf8proc_ssize_t nd = utf8proc_decompose(s, (utf8proc_ssize_t)used, cps,
                                             FOLD_MAX_DECOMP, opts);
    if (nd < 0 || nd > FOLD_MAX_DECOMP) {
        fold_put(o, (const char *)s, used);  /* valid UTF-8, left as it is */
        return used;
    }
    /* With diacritics stripped, does everything have an ASCII spelling? */
    char a[2];
    int all_ascii = 1;
    for (utf8proc_ssize_t i = 0; i < nd && all_ascii; i++)
        all_ascii = is_mark((uint32_t)cps[i]) ||
                    ascii_for((uint32_t)cps[i], a) >= 0;
    if (all_ascii) {
        for (utf8proc_ssize_t i = 0; i < nd; i++)
            if (!is_mark((uint32_t)cps[i]))
                fold_put(o, a, (size_t)ascii_for((uint32_t)cps[i], a));
        return used;
    }
    nd = utf8proc_normalize_utf32(cps, nd, opts);
    for (utf8proc_ssize_t i = 0; i < nd; i++) {
        int n_ascii = ascii_for((uint32_t)cps[i], a);
        if (n_ascii >= 0)
            fold_put(o, a, (size_t)n_ascii);
        else
            fold_put_cp(o, (uint32_t)utf8proc_toupper(cps[i]));
    }
    return used;
}

size_t deeds_fold(const char *s, size_t len, char *out, size_t cap)
{
    fold_out o = { out, cap, 0, 0 };
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* the fast path: a run of ASCII written straight out */
        while (i < len && u[i] < 0x80 && o.written == o.len &&
               o.len + 1 < cap) {
            unsigned char c = u[i++];
            out[o.len++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
            o.written++;
        }
        if (i >= len)
            break;
        if (u[i] < 0x80) {  /* no room left: counted, not written */
            o.len++;
            i++;
            continue;
        }
        i += fold_cluster(u + i, len - i, &o);
    }
    if (cap)
        out[o.written] = '\0';
    return o.len;
}

/* -------------------------------------------------------------- splitting */

/* How a period after a word is read. */
typedef enum abbrev_kind {
    ABBREV_NONE,      /* an ordinary word: the period ends the sentence */
    ABBREV_TITLE,     /* "Gen.", "Mr.", "vs.": a name or more text follows */
    ABBREV_NUMBERED,  /* "No.", "Jan.": continues when a number follows */
    ABBREV_MAYBE      /* "Inc.", "U.S.", "F.": ends only before a typical
                         sentence opener ("The", "He", ...) */
} abbrev_kind;

typedef struct abbrev {
    const char *word;
    abbrev_kind kind;
} abbrev;

static const abbrev abbrevs[] = {
    { "Mr", ABBREV_TITLE }, { "Mrs", ABBREV_TITLE }, { "Ms", ABBREV_TITLE },
    { "Messrs", ABBREV_TITLE }, { "Mme", ABBREV_TITLE }, { "Dr", ABBREV_TITLE },
    { "Prof", ABBREV_TITLE }, { "Rev", ABBREV_TITLE }, { "Fr", ABBREV_TITLE },
    { "Hon", ABBREV_TITLE }, { "Gen", ABBREV_TITLE }, { "Gens", ABBREV_TITLE },
    { "Lt", ABBREV_TITLE }, { "Col", ABBREV_TITLE }, { "Maj", ABBREV_TITLE },
    { "Capt", ABBREV_TITLE }, { "Cmdr", ABBREV_TITLE }, { "Cdr", ABBREV_TITLE },
    { "Adm", ABBREV_TITLE }, { "Brig", ABBREV_TITLE }, { "Sgt", ABBREV_TITLE },
    { "Cpl", ABBREV_TITLE }, { "Pvt", ABBREV_TITLE }, { "Sen", ABBREV_TITLE },
    { "Sens", ABBREV_TITLE }, { "Rep", ABBREV_TITLE }, { "Reps", ABBREV_TITLE },
    { "Gov", ABBREV_TITLE }, { "Pres", ABBREV_TITLE }, { "Amb", ABBREV_TITLE },
    { "Atty", ABBREV_TITLE }, { "Supt", ABBREV_TITLE }, { "vs", ABBREV_TITLE },
    { "v", ABBREV_TITLE }, { "e.g", ABBREV_TITLE }, { "i.e", ABBREV_TITLE },
    { "cf", ABBREV_TITLE }, { "approx", ABBREV_TITLE },
    { "No", ABBREV_NUMBERED }, { "Nos", ABBREV_NUMBERED },
    { "Art", ABBREV_NUMBERED }, { "Vol", ABBREV_NUMBERED },
    { "Jan", ABBREV_NUMBERED }, { "Feb", ABBREV_NUMBERED },
    { "Mar", ABBREV_NUMBERED }, { "Apr", ABBREV_NUMBERED },
    { "Jun", ABBREV_NUMBERED }, { "Jul", ABBREV_NUMBERED },
    { "Aug", ABBREV_NUMBERED }, { "Sep", ABBREV_NUMBERED },
    { "Sept", ABBREV_NUMBERED }, { "Oct", ABBREV_NUMBERED },
    { "Nov", ABBREV_NUMBERED }, { "Dec", ABBREV_NUMBERED },
    { "Inc", ABBREV_MAYBE }, { "Corp", ABBREV_MAYBE }, { "Ltd", ABBREV_MAYBE },
    { "Co", ABBREV_MAYBE }, { "Bros", ABBREV_MAYBE }, { "Jr", ABBREV_MAYBE },
    { "Sr", ABBREV_MAYBE }, { "St", ABBREV_MAYBE }, { "Ave", ABBREV_MAYBE },
    { "Blvd", ABBREV_MAYBE }, { "Rd", ABBREV_MAYBE }, { "Mt", ABBREV_MAYBE },
    { "Ft", ABBREV_MAYBE }, { "Dept", ABBREV_MAYBE }, { "Univ", ABBREV_MAYBE },
    { "Govt", ABBREV_MAYBE }, { "etc", ABBREV_MAYBE }, { "al", ABBREV_MAYBE },
};

/* Capitalised words that open sentences far more often than they continue a
 * name: after "U.S." or "Inc." they mean a new sentence has begun. */
static const char *const sentence_openers[] = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This",
    "That", "These", "Those", "There", "Their", "His", "Her", "Its", "Our",
    "My", "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "From",
    "After", "Before", "When", "While", "If", "As", "Although", "Though",
    "Meanwhile", "However", "Earlier", "Later", "Then", "Still", "Also",
    "Officials", "Some", "Many", "Most", "What", "Why", "How", "Who", "Where",
};

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Length of the white space character at s[i] (ASCII, no-break space or
 * ideographic space), 0 when there is none. */
static size_t space_at(const unsigned char *s, size_t len, size_t i)
{
    if (is_space(s[i]))
        return 1;
    if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0xA0)
        return 2;
    if (s[i] == 0xE3 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x80)
        return 3;
    return 0;
}

/* Length of the three-byte character e2 80 XX at s[i] when XX is one of
 * the given third bytes, else 0. */
static size_t e280_at(const unsigned char *s, size_t len, size_t i,
                      const char *thirds)
{
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] &&
        strchr(thirds, s[i + 2]))
        return 3;
    return 0;
}

/* Closing quotes and brackets that belong to the sentence before them. */
static size_t closer_at(const unsigned char *s, size_t len, size_t i)
{
    if (strchr("\"')]}", s[i]) && s[i])
        return 1;
    if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0xBB)  /* » */
        return 2;
    return e280_at(s, len, i, "\x99\x9d\xba");           /* ’ ” › */
}

/* Opening quotes and brackets: something new starts after them. */
static size_t opener_at(const unsigned char *s, size_t len, size_t i)
{
    if (strchr("\"'([{", s[i]) && s[i])
        return 1;
    if (s[i] == 0xC2 && i + 1 < len && (s[i + 1] == 0xAB || s[i + 1] == 0xBF ||
                                        s[i + 1] == 0xA1))  /* « ¿ ¡ */
        return 2;
    return e280_at(s, len, i, "\x98\x9c\xb9");             /* ‘ “ ‹ */
}

/* What the text after a candidate sentence end starts with. */
typedef enum next_kind { NEXT_END, NEXT_UPPER, NEXT_LOWER, NEXT_DIGIT,
                         NEXT_OPEN, NEXT_OTHER } next_kind;

static next_kind classify_next(const unsigned char *s, size_t len, size_t i)
{
    if (i >= len)
        return NEXT_END;
    if (opener_at(s, len, i))
        return NEXT_OPEN;
    uint32_t cp;
    if (!utf8_decode(s + i, len - i, &cp))
        return NEXT_OTHER;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LO: return NEXT_UPPER;
    case UTF8PROC_CATEGORY_LL: return NEXT_LOWER;
    case UTF8PROC_CATEGORY_ND: return NEXT_DIGIT;
    default: return NEXT_OTHER;
    }
}

static int is_ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int opens_sentence(const unsigned char *s, size_t len, size_t i)
{
    size_t n = 0;
    while (i + n < len && is_ascii_letter(s[i + n]))
        n++;
    if (i + n < len && s[i + n] >= 0x80)
        return 0;  /* the word goes on with a non-ASCII letter */
    for (size_t k = 0; k < sizeof sentence_openers / sizeof *sentence_openers;
         k++)
        if (strlen(sentence_openers[k]) == n &&
            memcmp(sentence_openers[k], s + i, n) == 0)
            return 1;
    return 0;
}

/* Classifies the word w[0..n) that a period follows. */
static abbrev_kind abbrev_of(const unsigned char *w, size_t n)
{
    for (size_t k = 0; k < sizeof abbrevs / sizeof *abbrevs; k++)
        if (strlen(abbrevs[k].word) == n && memcmp(abbrevs[k].word, w, n) == 0)
            return abbrevs[k].kind;
    /* an initial ("F.") or dotted letters ("U.S.", "J.R.R.", "p.m.") */
    for (size_t i = 0; i < n; i++)
        if (i % 2 == 0 ? !is_ascii_letter(w[i]) : w[i] != '.')
            return ABBREV_NONE;
    if (n % 2 == 0 || (n == 1 && !(w[0] >= 'A' && w[0] <= 'Z')))
        return ABBREV_NONE;
    return ABBREV_MAYBE;
}

/* The word ending at the period at s[dot]: back to white space, leaving
 * out opening quotes and brackets. */
static abbrev_kind word_before(const unsigned char *s, size_t len, size_t dot)
{
    size_t b = dot;
    while (b > 0 && !is_space(s[b - 1]) && !opener_at(s, len, b - 1) &&
           !(b >= 3 && opener_at(s, len, b - 3) == 3) &&
           !(b >= 2 && space_at(s, len, b - 2) == 2))
        b--;
    return abbrev_of(s + b, dot - b);
}

/* A candidate end: terminators at s[i..), then closers.  Sets *end past
 * them and returns non-zero when the sentence ends there. */
static int sentence_ends(const unsigned char *s, size_t len, size_t i,
                         size_t *end)
{
    size_t j = i, dots = 0, other = 0;
    int wide = 0;  /* an ideographic full stop needs no space after it */
    for (;;) {
        size_t k;
        if (j < len && s[j] == '.') {
            dots++; j++;
        } else if (j < len && (s[j] == '?' || s[j] == '!')) {
            other++; j++;
        } else if ((k = e280_at(s, len, j, "\xa6"))) {      /* … */
            dots += 3; j += k;
        } else if (j + 2 < len && ((s[j] == 0xE3 && s[j + 1] == 0x80 &&
                                    s[j + 2] == 0x82) ||   /* 。 */
                                   (s[j] == 0xEF && s[j + 1] == 0xBC &&
                                    (s[j + 2] == 0x81 || s[j + 2] == 0x9F)))) {
            wide = 1; j += 3;                               /* ！？ */
        } else {
            break;
        }
    }
    *end = j;
    if (j == i)
        return 0;  /* a lead byte that starts no terminator */
    size_t k;
    while (j < len && (k = closer_at(s, len, j)))
        j += k;
    *end = j;
    if (wide)
        return 1;
    if (j < len && !space_at(s, len, j))
        return 0;
    size_t w = j;
    while (w < len && (k = space_at(s, len, w)))
        w += k;
    next_kind next = classify_next(s, len, w);
    if (next == NEXT_END)
        return 1;
    if (other || dots >= 2)
        return next == NEXT_UPPER || next == NEXT_OPEN ||
               (other && next == NEXT_DIGIT);
    switch (word_before(s, len, i)) {
    case ABBREV_TITLE:
        return 0;
    case ABBREV_NUMBERED:
        if (next == NEXT_DIGIT)
            return 0;
        /* fall through */
    case ABBREV_MAYBE:
        return next == NEXT_OPEN ||
               (next == NEXT_UPPER && opens_sentence(s, len, w));
    case ABBREV_NONE:
        break;
    }
    return next == NEXT_UPPER || next == NEXT_DIGIT || next == NEXT_OPEN;
}

/* The end of a blank line starting with the line break at s[i], or 0 when
 * the next line holds text. */
static size_t blank_line_end(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && s[j] != '\n' && is_space(s[j]))
        j++;
    return j < len && s[j] == '\n' ? j + 1 : 0;
}

typedef struct span_list {
    deeds_span *v;
    size_t      n, cap;
} span_list;

/* Adds s[start..end) without its surrounding white space, if anything is
 * left. */
static void add_span(span_list *l, const unsigned char *s, size_t len,
                     size_t start, size_t end)
{
    size_t k;
    while (start < end && (k = space_at(s, len, start)))
        start += k;
    while (end > start) {
        if (is_space(s[end - 1]))
            end--;
        else if (end - start >= 2 && s[end - 2] == 0xC2 && s[end - 1] == 0xA0)
            end -= 2;
        else if (end - start >= 3 && s[end - 3] == 0xE3 && s[end - 2] == 0x80 &&
                 s[end - 1] == 0x80)
            end -= 3;
        else
            break;
    }
    if (start == end)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        deeds_span *grown = realloc(l->v, l->cap * sizeof *grown);
        if (!grown) {
            fputs("deeds: out of memory\n", stderr);
            abort();
        }
        l->v = grown;
    }
    l->v[l->n].start = start;
    l->v[l->n].end = end;
    l->n++;
}

size_t deeds_sentence_split(const char *text, size_t len, deeds_span **out)
{
    const unsigned char *s = (const unsigned char *)text;
    span_list l = { 0 };
    size_t start = 0, i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t end;
        if (c == '\n' && (end = blank_line_end(s, len, i))) {
            add_span(&l, s, len, start, i);
            start = i = end;
        } else if (c == '.' || c == '?' || c == '!' || c == 0xE2 ||
                   c == 0xE3 || c == 0xEF) {
            int ends = sentence_ends(s, len, i, &end);
            if (end == i) {
                i++;
                continue;
            }
            if (ends) {
                add_span(&l, s, len, start, end);
                start = end;
            }
            i = end;
        } else {
            i++;
        }
    }
    add_span(&l, s, len, start, len);
    *out = l.v;
    return l.n;
}
