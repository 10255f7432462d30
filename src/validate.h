/*
 * validate.h: scoring coded events against gold records (internal).
 *
 * deeds_validate_gold (deeds.h) reads the gold file and codes each text;
 * the pieces below decide, with no coder involved, whether the events a
 * record produced satisfy its "expect" and "forbid" entries and add them
 * to the totals.  Definitions: docs/validate.md.
 */
#ifndef DEEDS_VALIDATE_H
#define DEEDS_VALIDATE_H

#include <stdio.h>

#include "deeds.h"

/* One "expect" or "forbid" entry.  Each list holds alternatives; an empty
 * list (the key was missing) accepts anything. */
typedef struct gold_filter {
    const char **src;   /* source code prefixes: "USA" accepts "USAGOV" */
    size_t       n_src;
    const char **tgt;   /* target code prefixes */
    size_t       n_tgt;
    const char **root;  /* event code prefixes, normally two-digit roots */
    size_t       n_root;
} gold_filter;

typedef struct gold_record {
    gold_filter *expect;
    size_t       n_expect;
    gold_filter *forbid;
    size_t       n_forbid;
} gold_record;

#define GOLD_ROOTS 100  /* roots are "00".."99"; CAMEO uses 01..20 */

/* Totals over all scored records. */
typedef struct gold_tally {
    int           records, passed;
    /* per root: expect entries naming the root, and those matched */
    unsigned long expected[GOLD_ROOTS], recalled[GOLD_ROOTS];
    /* per root: asserted events, and those matching an expect entry */
    unsigned long events[GOLD_ROOTS], correct[GOLD_ROOTS];
    unsigned long expect_total, expect_matched;
    unsigned long events_total, extra, forbidden;
} gold_tally;

/* Non-zero when ev satisfies every list of f. */
int gold_filter_matches(const gold_filter *f, const deeds_event *ev);

/* Scores the n events one record produced (only asserted ones count).
 * expect_hit[i] gets the index of the first event matching expect entry i
 * (-1: none); forbid_hit[i] the first event matching forbid entry i.
 * Adds the record to t and returns non-zero when it passes. */
int gold_score(const gold_record *g, const deeds_event *ev, size_t n,
               int *expect_hit, int *forbid_hit, gold_tally *t);

/* Prints the pass rate, per-root precision and recall, and the number of
 * extra and forbidden events. */
void gold_tally_print(const gold_tally *t, FILE *out);

#endif
