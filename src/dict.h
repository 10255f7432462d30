/*
 * dict.h: the loaded dictionary, as the coder sees it.
 *
 * dict.c reads TABARI and PETRARCH dictionary files into flat arrays:
 * every phrase (actor, agent, noun, adjective, verb form, discard, time
 * phrase) is an entry whose words are elements; every verb has patterns
 * whose elements also hold the pattern tokens (* $ + % ^).  Strings live in
 * one pool and are referred to by offset.  A hash index keyed by the first
 * word of each entry lets match.c find, for one sentence token, every entry
 * that can start there (exact words by the token itself, stems by each of
 * the token's prefixes).
 */
#ifndef DEEDS_DICT_H
#define DEEDS_DICT_H

#include "deeds.h"

#include <stdint.h>

enum dict_kind {
    DK_ACTOR = 1,
    DK_AGENT,
    DK_VERB,
    DK_NOUN,
    DK_ADJ,
    DK_DISCARD,
    DK_TIME,
};

/* Element types: a word, or one of the pattern tokens. */
enum dict_el_type {
    EL_WORD,    /* literal word (stem unless EL_EXACT) */
    EL_VERB,    /* '*' */
    EL_SOURCE,  /* '$' */
    EL_TARGET,  /* '+' */
    EL_BOTH,    /* '%' compound actor as source and target */
    EL_SKIP,    /* '^' skip one actor */
};

#define EL_EXACT 1u  /* whole word (written with a trailing '_') */
#define EL_NOEND 2u  /* '=': no generated regular endings */
#define EL_ADJ   4u  /* the next element must follow immediately */

typedef struct dict_elem {
    uint32_t text;   /* offset in the string pool (upper-case) */
    uint16_t len;
    uint8_t  type;   /* enum dict_el_type */
    uint8_t  flags;  /* EL_* */
} dict_elem;

/* Event code flags. */
#define CODE_NULL     1u   /* [---] */
#define CODE_DISCARD  2u   /* [###] */
#define CODE_COMPLEX  4u   /* [+++] */
#define CODE_SUBORD   8u   /* [023?]: only when nothing else codes */
#define CODE_DOMINANT 16u  /* [111!]: wins over ordinary events */
#define CODE_PAIRED   32u  /* [a:b] */
#define CODE_NONE     64u  /* no code given (a root with only patterns) */

typedef struct dict_code {
    char    a[8], b[8];  /* b: the paired code (target to source) */
    uint8_t flags;
} dict_code;

/* One date-restricted actor code: valid for dates lo..hi inclusive. */
typedef struct dict_dated {
    uint32_t code;   /* string offset: "USAGOV", "---", "###", "+++", "A/B" */
    int32_t  lo, hi;
    uint8_t  restricted;
} dict_dated;

typedef struct dict_entry {
    uint32_t elem;      /* first element in dict->elems */
    uint16_t nelem;
    uint8_t  kind;      /* enum dict_kind */
    uint8_t  discard_story; /* PETRARCH '+' discard: whole story */
    uint16_t chars;     /* letters in the phrase: longer phrases win */
    uint16_t file;      /* index in dict->files */
    int32_t  line;
    uint32_t value;     /* actor: first dict_dated; agent: code string;
                           verb: verb index; time: shift in days */
    uint32_t nvalue;    /* actor: number of dated codes; time: CODE_NULL,
                           CODE_DISCARD or CODE_COMPLEX for [---] [###] [+++] */
    uint32_t parent;    /* actor: entry index of its synonym group's head */
} dict_entry;

typedef struct dict_pattern {
    uint32_t  elem;
    uint16_t  nelem;
    uint16_t  chars;
    dict_code code;
    uint16_t  file;
    int32_t   line;
    uint32_t  text;     /* the pattern as written (after expansion) */
    uint8_t   actors;   /* non-zero when it names $ + or % */
} dict_pattern;

/* The seen bits (dict_seen_bit) of up to four of a pattern's or phrase's
 * words, the longest, longest first; 0: no word.  A sentence lacking one
 * cannot match. */
typedef struct dict_need {
    uint16_t bit[4];
} dict_need;

typedef struct dict_verb {
    uint32_t  name;     /* the root as written */
    dict_code code;
    uint32_t  pat, npat;
    uint16_t  file;
    int32_t   line;
} dict_verb;

/* TABARI .options settings (manual ch. 8) that change coding. */
enum { CODE_BY_CLAUSE, CODE_BY_SENTENCE, CODE_BY_ALL };

typedef struct dict_options {
    int  code_by;
    int  min_words;            /* SET: MINIMUM WORDS (0: no minimum) */
    int  comma_on;
    int  comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
    int  complex_verbs, complex_actors, complex_pronouns, complex_conj;
    int  complex_comma, complex_lateverb;
    int  noactprior, noactafter, noverb, nosource, notarget, noevent;
    int  convert_agents;
    int  yyyy;
    int  time_shift;
    char default_source[16], default_target[16];
    int  default_source_prior, default_target_after;
} dict_options;

typedef struct dict_slot {   /* hash index slot: entries starting with a word */
    uint32_t hash;
    uint32_t text;           /* first word (string offset) */
    uint16_t len;
    uint8_t  used;
    uint32_t first, count;   /* range in dict->index */
    uint32_t exact;          /* the first `exact` of them are whole words */
} dict_slot;

#define CAND_EXACT  1u   /* the first word is whole (EL_EXACT) */
#define CAND_NOEND  2u   /* ... and takes no regular ending (EL_NOEND) */
#define CAND_SINGLE 4u   /* a one-word phrase (its word may take an ending) */

/* One index entry: what match.c checks before it reads the entry itself. */
typedef struct dict_cand {
    uint32_t  entry;
    uint16_t  chars;
    uint8_t   kind;
    uint8_t   flags;     /* CAND_* */
    dict_need need;      /* its words after the first */
} dict_cand;

struct deeds_dict {
    char       *pool;      /* strings, NUL-separated */
    size_t      pool_len, pool_cap;
    dict_elem  *elems;     size_t nelems, elems_cap;
    dict_entry *entries;   size_t nentries, entries_cap;
    dict_dated *dated;     size_t ndated, dated_cap;
    dict_verb  *verbs;     size_t nverbs, verbs_cap;
    dict_pattern *pats;    size_t npats, pats_cap;
    char      **files;     size_t nfiles;
    dict_options opt;
    int         tabari;    /* loaded from a .project: TABARI conventions */
    char       *text_files;  /* .project <textfile> paths, '\n'-separated */
    /* index */
    dict_slot  *slots;     size_t nslots;   /* power of two */
    uint64_t   *first_bits;  /* a bit per first word, by the top bits of its
                                hash: most prefixes of a token start no
                                entry and need no slot probe */
    uint32_t    first_shift; /* 32 - log2(bits in first_bits) */
    dict_cand  *index;     /* per slot: exact words first, then most letters first */
    size_t      nindex;
    dict_need  *pat_need;  /* per pattern */
    uint16_t    max_stem;  /* longest first word: prefixes beyond it need no probe */
    struct dict_build *build;  /* loader scratch (synsets, agent sets); NULL once finished */
    void       *blob;      /* loaded from a cache: every array above lives in
                              this mapping of the file (and cannot grow) */
    size_t      blob_len;
};

/* The string at offset off in the pool. */
static inline const char *dict_str(const deeds_dict *d, uint32_t off)
{
    return d->pool + off;
}

/* FNV-1a, also computed incrementally over token prefixes by match.c. */
#define DICT_HASH_INIT 2166136261u
static inline uint32_t dict_hash_step(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

/* The bit of a word whose hash is h in a sentence's set of word prefixes
 * (tokens.seen).  Bit 0 is always set, so 0 stands for "no word". */
static inline uint16_t dict_seen_bit(uint32_t h)
{
    uint16_t b = (uint16_t)(h >> 16);
    return b ? b : 1;
}

static inline int dict_seen(const uint64_t *seen, uint16_t b)
{
    return (int)(seen[b >> 6] >> (b & 63)) & 1;
}

/* The longest word comes first: it is the likeliest to be missing. */
static inline int dict_need_seen(const dict_need *n, const uint64_t *seen)
{
    return dict_seen(seen, n->bit[0]) && dict_seen(seen, n->bit[1]) &&
           dict_seen(seen, n->bit[2]) && dict_seen(seen, n->bit[3]);
}

/* Zero when a literal word of pattern i is nowhere in the sentence whose
 * prefix set is seen (tokens.seen), so the pattern cannot match. */
static inline int dict_pattern_possible(const deeds_dict *d, uint32_t i,
                                        const uint64_t *seen)
{
    return dict_need_seen(&d->pat_need[i], seen);
}

const dict_cand *dict_probe_first(const deeds_dict *d, uint32_t hash,
                                  const char *text, size_t len, uint32_t *count,
                                  uint32_t *exact);

/* The entries whose first word is exactly text[0..len) (a stem or an exact
 * word; hash is its dict_hash_step hash); *count receives how many, *exact
 * how many of them (first) are whole words.  NULL when none. */
static inline const dict_cand *dict_lookup_first(const deeds_dict *d, uint32_t hash,
                                                 const char *text, size_t len,
                                                 uint32_t *count, uint32_t *exact)
{
    uint32_t b = hash >> d->first_shift;
    if (!((d->first_bits[b >> 6] >> (b & 63)) & 1))
        return NULL;
    return dict_probe_first(d, hash, text, len, count, exact);
}

/* Default TABARI options (manual ch. 8). */
void dict_options_default(dict_options *o);
/* Applies one .options line (also used for OPTION records in validation). */
void dict_options_line(dict_options *o, const char *line, const char *file,
                       long lineno, deeds_diag *diag);

/* Parses one dictionary file held in memory into d (kind guessed from the
 * name and content).  name is used in messages.  Used by the loader and by
 * the fuzzer.  Returns 0, or -1 when nothing usable was found. */
int dict_parse_buffer(deeds_dict *d, const char *name, const char *data,
                      size_t len, deeds_diag *diag);
/* An empty dictionary, to be filled with dict_parse_buffer and finished
 * with dict_finish. */
deeds_dict *dict_new(void);
/* Sorts patterns and builds the index; call once after parsing. */
void dict_finish(deeds_dict *d);

/* Resolves an actor entry's code for a date (yyyymmdd); NULL: null code. */
const char *dict_actor_code(const deeds_dict *d, const dict_entry *e,
                            int32_t date);

/* Parses "[...]" contents into an event code; -1 when malformed. */
int dict_code_parse(const char *s, size_t n, dict_code *out);

/* Loads with TABARI conventions from a .project file (used by validation,
 * which also needs the text files it names). */
deeds_dict *dict_load_project(const char *path, deeds_diag *diag);

/* ------------------------------------------------- the cache (dictcache.c) */

/* Stands between a loader and the caller's diag: passes every message on
 * and keeps a copy for the cache. */
typedef struct dict_recorder {
    deeds_diag  diag;       /* give this to the loader */
    deeds_diag *user;       /* where messages go on to */
    deeds_diag  seen;       /* diag's counters at the previous message */
    deeds_buf   log;        /* the messages, as the cache stores them */
    int         cacheable;  /* no error and no unreadable file so far */
} dict_recorder;

void dict_recorder_init(dict_recorder *r, deeds_diag *user);
void dict_recorder_free(dict_recorder *r);

/* The cache file for a load identified by id[0..idlen) (where and what was
 * asked for), in $XDG_CACHE_HOME/deeds or ~/.cache/deeds; NULL when
 * DEEDS_NO_CACHE is set (and not "0") or there is no such folder. */
char *dict_cache_path(const char *id, size_t idlen);
/* The dictionary cached in path under key (see dict.c: the deeds build and
 * every source file's size and time), its load messages replayed to diag;
 * NULL when there is none or it is stale or damaged. */
deeds_dict *dict_cache_read(const char *path, const char *key, size_t keylen,
                            deeds_diag *diag);
/* Saves finished d and the messages rec recorded; -1 (and nothing written)
 * when rec saw an error or the file cannot be written. */
int dict_cache_write(const char *path, const char *key, size_t keylen,
                     const deeds_dict *d, const dict_recorder *rec);
/* The checksum the cache uses (64 bits, any changed byte changes it). */
uint64_t dict_checksum(const void *data, size_t n);

#endif
