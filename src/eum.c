/*
 * eum.c: Bueno de Mesquita's expected-utility model (1985-1997), as
 * specified step by step in Scholz, Calbert & Smith (2011), one issue
 * dimension at a time.
 *
 * Each round: the weighted-vote (Condorcet) median; the probability that
 * one position beats another; each actor's expected utility of challenging
 * and of being challenged by every other actor; risk exponents from how
 * exposed each actor is; then, seen by each actor with its own exponent,
 * the offers it receives (conflict, compromise, capitulation) and the one it
 * accepts.  Hands forecast.c the positions of every round and how each actor
 * saw each pair.  Choices the paper leaves open are marked "open:" and are
 * listed in docs/forecast.md.
 */
#include "forecast.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { EUM_DEFAULT_ROUNDS = 8 };

typedef struct eum {
    size_t n;
    const double *c, *s;   /* capability, salience in [0, 1] */
    double *x;             /* positions this round */
    double range;          /* x_max - x_min of the inputs */
    double q;
    double median;
    double *r;             /* risk exponents r_i */
    double *p;             /* p[i*n+j]: probability i's position beats j's */
    deeds_eum_variant variant;
} eum;

/* Step 3: the actor position that wins most pairwise weighted votes.  j
 * beats k when sum_i c_i s_i (|x_i - x_k| - |x_i - x_j|) > 0, that is when
 * j's weighted distance to everyone is the smaller: the winner of most
 * pairings is the position with the least (the first, on a tie). */
static double condorcet_median(const eum *m)
{
    size_t best = 0;
    double least = INFINITY;
    for (size_t j = 0; j < m->n; j++) {
        double far = 0;
        for (size_t i = 0; i < m->n; i++)
            far += m->c[i] * m->s[i] * fabs(m->x[i] - m->x[j]);
        if (far < least) {
            least = far;
            best = j;
        }
    }
    return m->x[best];
}


/* Step 5: P_i against j.  PAPER: i's share of the votes cast in that
 * contest (the absolute value in the denominator, lost in the paper's
 * typesetting, restored).  SCHOLZ: over the votes of every contest of the
 * round, as in the code behind Scholz's tables; P becomes small, so actors
 * fight less and the resisting actor's salience decides. */
static void win_probabilities(eum *m)
{
    size_t n = m->n;
    double *w = malloc(n * sizeof *w), *dist = malloc(n * n * sizeof *dist);
    double *all = malloc(n * n * sizeof *all), total = 0;
    for (size_t a = 0; a < n; a++) {
        w[a] = m->c[a] * m->s[a];
        for (size_t b = 0; b < n; b++)
            dist[a * n + b] = fabs(m->x[a] - m->x[b]);
    }
    /* The votes for i over j, v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|), are
     * those for j over i with the sign turned: one pass serves both. */
    for (size_t i = 0; i < n; i++) {
        m->p[i * n + i] = all[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++) {
            const double *di = dist + i * n, *dj = dist + j * n;
            double for_i = 0, sum = 0;
            for (size_t k = 0; k < n; k++) {
                double v = w[k] * (dj[k] - di[k]);
                for_i += v > 0 ? v : 0;
                sum += fabs(v);
            }
            m->p[i * n + j] = for_i;
            m->p[j * n + i] = sum - for_i;
            all[i * n + j] = all[j * n + i] = sum;
            total += 2 * sum;
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double denom = m->variant == DEEDS_EUM_SCHOLZ ? total : all[i * n + j];
            m->p[i * n + j] = m->x[i] == m->x[j] ? 0 : denom > 0 ? m->p[i * n + j] / denom : 0.5;
        }
    free(w);
    free(dist);
    free(all);
}

static double util(double base, double r)
{
    return 2 - 4 * (r == 1 ? base : pow(base, r));
}

/* Step 7: E(U_ij), the expected utility to i of challenging j, as an actor
 * with risk exponent r perceives it. */
static double expected_utility(const eum *m, size_t i, size_t j, double r)
{
    double dij = fabs(m->x[i] - m->x[j]) / m->range;
    double dmu = fabs(m->x[i] - m->median) / m->range;
    double us = util(0.5 - 0.5 * dij, r), uf = util(0.5 + 0.5 * dij, r);
    double pi = m->p[i * m->n + j];
    double challenge = m->s[j] * (pi * us + (1 - pi) * uf) + (1 - m->s[j]) * us;
    double no_challenge = m->q * util(0.5, r);
    if (m->q < 1) {
        /* T: whether j's own drift toward the median brings it toward i. */
        int t = (m->median - m->x[j]) * (m->x[i] - m->x[j]) > 0;
        double shift = 0.25 * (dmu + dij);
        no_challenge += (1 - m->q) * util(t ? 0.5 - shift : 0.5 + shift, r);
    }
    return challenge - no_challenge;
}

/* Steps 8-9: an actor that others gain much by challenging is exposed and
 * turns risk-averse (R from -1 to 1 maps r from 2 to 0.5).  Computed with
 * every r = 1, once per round. */
static void risk_exponents(eum *m)
{
    size_t n = m->n;
    double *danger = malloc(n * sizeof *danger), lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        danger[i] = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                danger[i] += expected_utility(m, j, i, 1.0);
        lo = fmin(lo, danger[i]);
        hi = fmax(hi, danger[i]);
    }
    for (size_t i = 0; i < n; i++) {
        double big_r = hi > lo ? (2 * danger[i] - hi - lo) / (hi - lo) : 0;
        m->r[i] = (1 - big_r / 3) / (1 + big_r / 3);
    }
    free(danger);
}

/* Step 11: the quadrant of a pair, given what each side expects from
 * challenging the other. */
static deeds_relation relation(double mine, double theirs)
{
    if (mine > 0 && theirs > 0)
        return DEEDS_REL_CONFLICT;
    if (mine <= 0 && theirs <= 0)
        return DEEDS_REL_STALEMATE;
    double strong = fmax(mine, theirs), weak = fmin(mine, theirs);
    return strong > fabs(weak) ? DEEDS_REL_COMPROMISE : DEEDS_REL_CAPITULATION;
}

typedef struct offer {
    int rank;           /* 3 conflict lost, 2 compromise, 1 capitulation, 0 none */
    double target;      /* where the receiver would move */
    double key;         /* smaller is preferred among offers of one rank */
} offer;

/* The offer actor a receives from b, as a sees it: b has the upper hand
 * when b expects to gain from challenging a and more than a would. */
static offer offer_from(const eum *m, size_t a, size_t b, double mine, double theirs)
{
    offer o = { 0, m->x[a], 0 };
    if (theirs <= 0 || mine >= theirs)
        return o;
    double xa = m->x[a], xb = m->x[b];
    if (mine > 0) {
        o.rank = 3;
        o.target = xb;
    } else if (theirs > fabs(mine)) {
        o.rank = 2;
        o.target = xa + (xb - xa) * fabs(mine / theirs);
    } else {
        o.rank = 1;
        o.target = xb;
    }
    o.key = fabs(o.target - xa);
    /* SCHOLZ: their code ranked compromises by the expected-utility
     * weighted mean of the two positions, lowest first, not by the move. */
    if (o.rank == 2 && m->variant == DEEDS_EUM_SCHOLZ)
        o.key = (fabs(mine) * xa + fabs(theirs) * xb) / (fabs(mine) + theirs);
    return o;
}

/* Step 11, resolution: each actor takes the most enforceable offer made to
 * it (conflict lost > compromise > capitulation, as Scholz orders them),
 * among equals the one with the smallest key (the smallest move). */
static void move(const eum *m, double *next, unsigned char *rel)
{
    size_t n = m->n;
    for (size_t a = 0; a < n; a++) {
        offer best = { 0, m->x[a], 0 };
        for (size_t b = 0; b < n; b++) {
            if (b == a)
                continue;
            double mine = expected_utility(m, a, b, m->r[a]);
            double theirs = expected_utility(m, b, a, m->r[a]);
            rel[a * n + b] = (unsigned char)(m->x[a] == m->x[b] ? DEEDS_REL_NONE
                                             : relation(mine, theirs));
            if (m->x[a] == m->x[b])
                continue;
            offer o = offer_from(m, a, b, mine, theirs);
            if (o.rank > best.rank || (o.rank && o.rank == best.rank && o.key < best.key))
                best = o;
        }
        next[a] = best.target;
    }
}

/* One round on one dimension: steps 3-11. */
static void eum_round(eum *m, double *next, unsigned char *rel)
{
    m->median = condorcet_median(m);
    win_probabilities(m);
    risk_exponents(m);
    move(m, next, rel);
}

int fc_run_eum(const deeds_scenario *s, const deeds_forecast_options *o,
               deeds_forecast *f, deeds_diag *diag)
{
    size_t n = s->nactors, d = s->ndims;
    int rounds = o->rounds ? o->rounds : EUM_DEFAULT_ROUNDS;
    double *pos = malloc(n * d * sizeof *pos), *x = malloc(n * sizeof *x);
    double *sal = malloc(n * sizeof *sal), *next = malloc(n * sizeof *next);
    memcpy(pos, s->position, n * d * sizeof *pos);
    eum m = { .n = n, .c = s->capability, .s = sal, .x = x, .q = o->q > 0 ? o->q : 1.0,
              .r = malloc(n * sizeof(double)), .p = malloc(n * n * sizeof(double)),
              .variant = o->eum_variant };
    (void)diag;
    fc_add_round(s, f, pos);
    for (int t = 1; t <= rounds; t++) {
        unsigned char *rel = calloc(d * n * n, 1);
        for (size_t k = 0; k < d; k++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < n; i++) {
                x[i] = pos[i * d + k];
                sal[i] = s->salience[i * d + k] / 100;
                lo = fmin(lo, s->position[i * d + k]);
                hi = fmax(hi, s->position[i * d + k]);
            }
            if (hi <= lo)   /* everyone agrees: nothing to bargain over */
                continue;
            m.range = hi - lo;
            eum_round(&m, next, rel + k * n * n);
            for (size_t i = 0; i < n; i++)
                pos[i * d + k] = next[i];
        }
        fc_add_round(s, f, pos)->relation = rel;
    }
    /* open: the stopping rule.  The paper runs a fixed number of rounds
     * ("in general the results do not stabilise"); so do we, and forecast
     * the median of the last round. */
    memcpy(f->forecast, f->round[f->nrounds - 1].median, d * sizeof *f->forecast);
    f->stop = "fixed number of rounds";
    free(pos);
    free(x);
    free(sal);
    free(next);
    free(m.r);
    free(m.p);
    return 0;
}
