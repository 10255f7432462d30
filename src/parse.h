/*
 * parse.h: TABARI's sparse parse of one sentence, and the events it finds.
 */
#ifndef DEEDS_PARSE_H
#define DEEDS_PARSE_H

#include "dict.h"
#include "match.h"
#include "token.h"

#define PARSE_MAX_CODES 8

/* Word types (manual 7.2). */
enum unit_type {
    U_OTHER, U_ACTOR, U_AGENT, U_VERB, U_NOUN, U_ADJ, U_DET, U_AUX, U_BY,
    U_COMMA, U_PRONOUN, U_CONJ, U_PREP, U_TIME, U_FORMER
};

#define UF_DELETED 1u   /* inside a deleted comma clause */
#define UF_NOSPLIT 2u   /* a conjunction inside a compound phrase */
#define UF_ABSORBED 4u  /* a later word of a multi-word phrase */
#define UF_COMPOUND 8u  /* a comma or AND between the members of a compound actor */

/* One token's role.  Actors span several tokens (agent words included). */
typedef struct unit {
    uint8_t  type;
    uint8_t  flags;
    uint16_t end;        /* actors and verbs: one past their last token */
    int16_t  actor;      /* actors, pronouns: index in parse.actors */
    uint32_t entry;      /* dictionary entry (actor, agent, verb ...) */
} unit;

typedef struct actor_ref {
    uint16_t start, end;          /* token span */
    char     code[48];            /* resolved code (agents applied) */
    int16_t  group;               /* compound group (first member), -1 none */
    uint32_t entry;               /* actor entry (or agent entry) */
    uint32_t agent;               /* agent entry glued to it, 0 none */
    uint8_t  agent_first;         /* the agent's words come before the actor's */
    uint8_t  pronoun;
    int16_t  ref;                 /* TABARI pronouns: the actor referred to, -1 none */
} actor_ref;

/* found_event.flags: the target is the source's own country, named nowhere
 * in the sentence ("the Georgian president resigned": GEOGOV->GEO 0831). */
#define EVENT_OWN_COUNTRY 128u

typedef struct found_event {
    char      source[48], target[48];
    char      code[8];
    uint16_t  src_start, src_end, tgt_start, tgt_end, verb_start, verb_end;
    uint16_t  file;
    int32_t   line;
    uint32_t  pattern;            /* pattern index + 1, 0: the root code */
    uint8_t   flags;              /* CODE_SUBORD / CODE_DOMINANT / EVENT_OWN_COUNTRY */
    uint8_t   clause;
    uint64_t  used[4];            /* tokens the pattern consumed (bitset) */
} found_event;

typedef struct parse_opts {
    int tabari;                   /* TABARI's rules to the letter */
    dict_options opt;
} parse_opts;

typedef struct parse {
    tokens       tok;
    unit        *u;       size_t ucap;
    actor_ref   *actors;  size_t nactors, acap;
    uint16_t    *clause_start;  size_t nclauses, ccap;
    found_event *events;  size_t nevents, ecap;
    uint8_t     *taken;   size_t tcap;
    int          discard, complex;
    const char  *complex_why;
    int          too_short;
    /* TABARI FORWARD: the caller sets forward_in to the previous sentence's
     * forward_out (its first actor's code without agents) or to "" */
    char         forward_in[48], forward_out[48];
} parse;

/* Parses and codes one sentence into p->events (before compound
 * expansion: one found_event per source/target pair). */
void parse_sentence(parse *p, const deeds_dict *d, const parse_opts *o,
                    const char *text, size_t len, int32_t date);
void parse_free(parse *p);

static inline int parse_used(const found_event *e, size_t tok)
{
    return tok < 256 && (e->used[tok / 64] >> (tok % 64)) & 1;
}
#endif
