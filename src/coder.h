/*
 * coder.h: the coder's internals shared with the TABARI validation runner.
 */
#ifndef DEEDS_CODER_H
#define DEEDS_CODER_H

#include "parse.h"

typedef struct cue {
    char    text[32];    /* folded words separated by blanks; '*' first: suffix */
    char    words[32];   /* the same words, NUL-separated (split once, at load) */
    uint8_t nwords, word_at[4];
    uint8_t hypothetical;
    uint8_t intent;      /* hypothetical, but no cue for an intent code (03x) */
    uint8_t preparation; /* an intent cue of getting ready (PREPARED TO) */
    uint8_t clause;      /* scope: the rest of its comma-delimited clause */
} cue;

struct deeds_coder {
    const deeds_dict   *dict;
    deeds_coder_options opt;
    parse_opts          popt;
    parse               p;
    cue                *cues;
    size_t              ncues;
};

/* Codes one sentence into c->p (events before modes are applied). */
void coder_parse(deeds_coder *c, const char *text, size_t len, int32_t date);
/* The mode of found event e of the last parse.  *intent is set when an
 * intent cue (WILL, PLANS TO: CUE_INTENT; PREPARED TO: CUE_PREPARATION) is
 * what makes it hypothetical (the mode is then NEGATED when a negation cue
 * stands there too: "will not"). */
enum { CUE_INTENT = 1, CUE_PREPARATION = 2 };
deeds_mode coder_event_mode(const deeds_coder *c, const found_event *e,
                            const char **cue_word, int *intent);
#endif
