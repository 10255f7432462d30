/*
 * smp.c: the Spatial Model of Politics of KAPSARC's KTAB, written from its
 * published description (docs/forecast.md) with the parameters KTAB uses
 * for CSV runs: linear victory probabilities, proportional voting,
 * conditional PCE, "Mid" risk range with the one-third adjustment, S2P2
 * bargains formed by the initiator, deterministic resolution, ideals that
 * follow positions.
 *
 * One turn: distances and utilities from ideals to positions; the PCE
 * probability of every position and risk attitudes from it; each actor's
 * most profitable challenge and the bargain it proposes; every actor then
 * picks, among the status quo and the bargains it is part of, the one a
 * capability-weighted PCE favours.  Turns repeat until positions settle.
 * Hands forecast.c the positions and PCE probabilities of every state.
 *
 * Work per turn is O(n^3 + n^2 D) (KTAB's is O(n^4)); the per-initiator and
 * per-actor stages run on worker threads, each actor with its own random
 * stream, so results are the same for any number of threads.
 */
#include "forecast.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { SMP_DEFAULT_TURNS = 100 };
#define SMP_MIN_GAIN 1e-5      /* challenges worth less are not made */
#define SMP_STOP_RATIO 0.02    /* stop when a turn moves < 2% of turn 1 */
#define SMP_PROB_FLOOR 1e-10
#define SMP_SAME_POSITION 1e-3   /* closer coordinates are one position */
/* KTAB's default seed, for the stochastic variant's streams. */
#define SMP_DEFAULT_SEED 15455440707583219804ULL

typedef struct smp {
    size_t n, d;
    const double *c;        /* capability */
    double *s;              /* salience [n*d] in [0, 1] */
    double *ssum, *s2;      /* per actor: sum of saliences, of their squares */
    double *pos, *ideal;    /* [n*d] in [0, 1] */
    double *dist;           /* dist[i*n+j]: from i's ideal to j's position */
    double *risk;           /* R_i in [-1/2, 1] */
    double *prob;           /* PCE probability of each position */
    double *base;           /* sum over positions of each actor's utility */
    int *target;            /* whom each actor challenges, or -1 */
    double *bargain;        /* [n*d]: the point initiator i proposes */
    double *next;           /* [n*d]: positions after the turn */
    uint64_t *rng;          /* one stream per actor */
    int stochastic;
} smp;

/* ------------------------------------------------------------ utilities */

static double distance(const smp *m, size_t i, const double *x)
{
    double num = 0;
    for (size_t k = 0; k < m->d; k++) {
        double t = m->s[i * m->d + k] * (m->ideal[i * m->d + k] - x[k]);
        num += t * t;
    }
    return m->s2[i] > 0 ? sqrt(num / m->s2[i]) : 0;
}

static double risk_util(double d, double r)
{
    return (1 - d) * (1 + d * r);
}

/* u^h_ab: a's utility for b's position as observer h estimates it; h
 * credits others with its own risk attitude two parts in three. */
static double util_seen(const smp *m, size_t h, size_t a, size_t b)
{
    double r = a == h ? m->risk[h] : (2 * m->risk[h] + m->risk[a]) / 3;
    return risk_util(m->dist[a * m->n + b], r);
}

/* ------------------------------------------------------------------ PCE */

/* Conditional PCE over nopt options: u[a*nopt+o] is actor a's utility for
 * option o, w[a] its weight.  Proportional votes, linear victory odds;
 * prob[o] is proportional to the product of o's odds against every other
 * option (summed in logs: with many options the product underflows). */
static void pce(size_t n, size_t nopt, const double *u, const double *w, double *prob)
{
    double *coal = calloc(nopt * nopt, sizeof *coal), hi = -INFINITY;
    for (size_t a = 0; a < n; a++)
        for (size_t x = 0; x < nopt; x++)
            for (size_t y = 0; y < nopt; y++) {
                double v = w[a] * (u[a * nopt + x] - u[a * nopt + y]);
                if (v > 0)
                    coal[x * nopt + y] += v;
            }
    for (size_t x = 0; x < nopt; x++) {
        double lp = 0;
        for (size_t y = 0; y < nopt; y++) {
            double cxy = coal[x * nopt + y], cyx = coal[y * nopt + x];
            if (x != y)   /* nobody cares either way: even odds */
                lp += cxy + cyx <= 0 ? log(0.5) : cxy > 0 ? log(cxy / (cxy + cyx)) : -INFINITY;
        }
        prob[x] = lp;
        hi = fmax(hi, lp);
    }
    double total = 0;
    for (size_t x = 0; x < nopt; x++) {
        prob[x] = isinf(hi) ? 1 : exp(prob[x] - hi);
        total += prob[x];
    }
    for (size_t x = 0; x < nopt; x++)
        prob[x] /= total;
    free(coal);
}

static void all_distances(smp *m)
{
    for (size_t i = 0; i < m->n; i++)
        for (size_t j = 0; j < m->n; j++)
            m->dist[i * m->n + j] = distance(m, i, m->pos + j * m->d);
}

/* Whether actors a and b hold what KTAB counts as one position: no
 * coordinate further apart than 1e-3 (a tenth of a point on 0-100). */
static int same_position(const smp *m, size_t a, size_t b)
{
    for (size_t k = 0; k < m->d; k++)
        if (fabs(m->pos[a * m->d + k] - m->pos[b * m->d + k]) >= SMP_SAME_POSITION)
            return 0;
    return 1;
}

/* The PCE over actors' positions, with each actor's utilities at risk
 * attitudes r (NULL: risk neutral).  With merge, actors holding the very
 * same position are one option and each gets its whole probability (as
 * KTAB reports them); without, each position is an option of its own. */
static void position_pce(const smp *m, const double *r, int merge, double *prob)
{
    size_t n = m->n, nopt = 0;
    size_t *group = malloc(n * sizeof *group), *first = malloc(n * sizeof *first);
    for (size_t i = 0; i < n; i++) {
        size_t g = merge ? 0 : nopt;
        while (g < nopt && !same_position(m, first[g], i))
            g++;
        if (g == nopt)
            first[nopt++] = i;
        group[i] = g;
    }
    double *u = calloc(n * nopt, sizeof *u), *p = malloc(nopt * sizeof *p);
    for (size_t a = 0; a < n; a++)
        for (size_t g = 0; g < nopt; g++)
            u[a * nopt + g] = risk_util(m->dist[a * n + first[g]], r ? r[a] : 0);
    pce(n, nopt, u, m->c, p);
    for (size_t i = 0; i < n; i++)
        prob[i] = p[group[i]];
    free(u);
    free(p);
    free(group);
    free(first);
}

/* "Mid" risk range: the holder of the likeliest position becomes fully
 * risk-averse (1), of the least likely risk-seeking (-1/2). */
static void risk_attitudes(smp *m)
{
    double *p = malloc(m->n * sizeof *p), lo = INFINITY, hi = -INFINITY;
    position_pce(m, NULL, 0, p);
    for (size_t i = 0; i < m->n; i++) {
        lo = fmin(lo, p[i]);
        hi = fmax(hi, p[i]);
    }
    for (size_t i = 0; i < m->n; i++)
        m->risk[i] = hi > lo ? (3 * p[i] - (hi + 2 * lo)) / (2 * (hi - lo)) : 0;
    free(p);
    position_pce(m, m->risk, 1, m->prob);
}

/* ----------------------------------------------------------- challenges */

/* h's estimate that i's position beats j's.  i and j each vote their
 * salience-weighted capability times their utility difference.  Each third
 * party k in turn weighs joining either side in a little contest: the side
 * k joins wins with odds (its votes so far + k's) against the other side's,
 * and if it loses k must move to the winner's position (semi-commitment).
 * k then votes its weight times the difference between the expected
 * utilities of joining i and joining j (docs/forecast.md says how this
 * differs from KTAB). */
static double challenge_odds(const smp *m, size_t h, size_t i, size_t j)
{
    double wi = m->c[i] * m->ssum[i], wj = m->c[j] * m->ssum[j];
    double vi = wi * (util_seen(m, h, i, i) - util_seen(m, h, i, j));
    double vj = wj * (util_seen(m, h, j, j) - util_seen(m, h, j, i));
    double for_i = fmax(vi, 0), for_j = fmax(vj, 0);
    for (size_t k = 0; k < m->n; k++) {
        if (k == i || k == j)
            continue;
        double a = util_seen(m, h, k, i), b = util_seen(m, h, k, j), own = util_seen(m, h, k, k);
        double wk = m->c[k] * m->ssum[k], vk = wk * fabs(a - b), all = for_i + for_j + vk;
        if (all <= 0)
            continue;
        double p_join_i = (for_i + vk) / all, p_join_j = for_i / all;
        double eu_i = p_join_i * (2 * a + own) + (1 - p_join_i) * 3 * b;
        double eu_j = p_join_j * 3 * a + (1 - p_join_j) * (2 * b + own);
        double v = wk * (eu_i - eu_j);
        if (v > 0)
            for_i += v;
        else
            for_j -= v;
    }
    double p = for_i + for_j > 0 ? for_i / (for_i + for_j) : 0.5;
    return fmin(fmax(p, SMP_PROB_FLOOR), 1 - SMP_PROB_FLOOR);
}

/* What i expects to gain by challenging j: if j does not resist (chance
 * 1 - s_j) j moves to i; if it does, the contest decides who moves. */
static double challenge_gain(const smp *m, size_t i, size_t j, double p)
{
    double uii = util_seen(m, i, i, i), uij = util_seen(m, i, i, j);
    double sj = fmin(m->ssum[j], 1);
    double victory = 2 * uii, contest = p * 2 * uii + (1 - p) * 2 * uij;
    return (1 - sj) * victory + sj * contest - (uii + uij);
}

/* i's best challenge and the bargain it proposes: on each dimension the
 * mean of the two positions weighted by (salience x win odds) squared,
 * rounded to 1e-4 as KTAB records positions. */
static void best_challenge(smp *m, size_t i)
{
    size_t n = m->n, d = m->d;
    double best = SMP_MIN_GAIN, best_p = 0;
    m->target[i] = -1;
    for (size_t j = 0; j < n; j++) {
        if (j == i)
            continue;
        double p = challenge_odds(m, i, i, j), g = challenge_gain(m, i, j, p);
        if (g > best) {
            best = g;
            best_p = p;
            m->target[i] = (int)j;
        }
    }
    if (m->target[i] < 0)
        return;
    size_t j = (size_t)m->target[i];
    for (size_t k = 0; k < d; k++) {
        double wi = m->s[i * d + k] * best_p, wj = m->s[j * d + k] * (1 - best_p);
        wi *= wi;
        wj *= wj;
        double xi = m->pos[i * d + k], xj = m->pos[j * d + k];
        double x = wi + wj > 0 ? (wi * xi + wj * xj) / (wi + wj) : (xi + xj) / 2;
        m->bargain[i * d + k] = round(x * 1e4) / 1e4;
    }
}

/* ----------------------------------------------------------- resolution */

/* Actor k's choice among the status quo and every bargain it is part of:
 * each actor values a resulting state by its mean utility over all
 * positions; a capability-weighted PCE over the options decides (its mode,
 * or a draw from k's own stream in the stochastic variant). */
static void resolve(smp *m, size_t k)
{
    size_t n = m->n, d = m->d, nopt = 1;
    size_t *by = malloc((n + 1) * sizeof *by);   /* initiator of each option */
    for (size_t i = 0; i < n; i++)
        if (m->target[i] >= 0 && (i == k || (size_t)m->target[i] == k))
            by[nopt++] = i;
    memcpy(m->next + k * d, m->pos + k * d, d * sizeof(double));
    if (nopt == 1) {
        free(by);
        return;
    }
    double *u = malloc(n * nopt * sizeof *u), *p = malloc(nopt * sizeof *p);
    for (size_t a = 0; a < n; a++) {
        u[a * nopt] = m->base[a] / (double)n;
        for (size_t o = 1; o < nopt; o++) {
            size_t i = by[o], j = (size_t)m->target[i];
            double here = risk_util(distance(m, a, m->bargain + i * d), m->risk[a]);
            double gone = risk_util(m->dist[a * n + i], m->risk[a]) +
                          risk_util(m->dist[a * n + j], m->risk[a]);
            u[a * nopt + o] = (m->base[a] - gone + 2 * here) / (double)n;
        }
    }
    pce(n, nopt, u, m->c, p);
    size_t pick = 0;
    if (m->stochastic) {
        double r = fc_rng_uniform(&m->rng[k]), cum = 0;
        for (pick = 0; pick + 1 < nopt && (cum += p[pick]) <= r; pick++)
            ;
    } else {
        for (size_t o = 1; o < nopt; o++)
            if (p[o] > p[pick])
                pick = o;
    }
    if (pick)
        memcpy(m->next + k * d, m->bargain + by[pick] * d, d * sizeof(double));
    free(u);
    free(p);
    free(by);
}

/* ------------------------------------------------------------- threads */

typedef struct job {
    smp *m;
    void (*work)(smp *, size_t);
    size_t first, step;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    for (size_t i = j->first; i < j->m->n; i += j->step)
        j->work(j->m, i);
    return NULL;
}

/* Runs work(m, i) for every actor, split over `threads` threads; every
 * call writes only actor i's slots. */
static void for_each_actor(smp *m, void (*work)(smp *, size_t), int threads)
{
    size_t t = threads > 1 ? (size_t)threads : 1;
    if (t > m->n)
        t = m->n;
    pthread_t *tid = malloc(t * sizeof *tid);
    job *jobs = malloc(t * sizeof *jobs);
    int *made = calloc(t, sizeof *made);
    for (size_t w = 0; w < t; w++) {
        jobs[w] = (job){ m, work, w, t };
        made[w] = w > 0 && !pthread_create(&tid[w], NULL, run_job, &jobs[w]);
    }
    for (size_t w = 0; w < t; w++)
        if (!made[w])   /* the calling thread's share, or no thread to spare */
            run_job(&jobs[w]);
    for (size_t w = 1; w < t; w++)
        if (made[w])
            pthread_join(tid[w], NULL);
    free(made);
    free(tid);
    free(jobs);
}

/* ----------------------------------------------------------------- turn */

static void record(const deeds_scenario *s, deeds_forecast *f, const smp *m)
{
    size_t n = m->n, d = m->d;
    double *pct = malloc(n * d * sizeof *pct);
    for (size_t x = 0; x < n * d; x++)
        pct[x] = m->pos[x] * 100;
    deeds_forecast_round *r = fc_add_round(s, f, pct);
    r->prob = malloc(n * sizeof *r->prob);
    memcpy(r->prob, m->prob, n * sizeof *r->prob);
    free(pct);
}

/* One turn; returns how far all actors moved together. */
static double turn(smp *m, int threads)
{
    size_t n = m->n, d = m->d;
    for_each_actor(m, best_challenge, threads);
    for (size_t a = 0; a < n; a++) {
        m->base[a] = 0;
        for (size_t b = 0; b < n; b++)
            m->base[a] += risk_util(m->dist[a * n + b], m->risk[a]);
    }
    for_each_actor(m, resolve, threads);
    double moved = 0;
    for (size_t i = 0; i < n; i++) {
        double sq = 0;
        for (size_t k = 0; k < d; k++) {
            double t = m->next[i * d + k] - m->pos[i * d + k];
            sq += t * t;
        }
        moved += sqrt(sq);
    }
    memcpy(m->pos, m->next, n * d * sizeof(double));
    memcpy(m->ideal, m->next, n * d * sizeof(double));   /* identity accommodation */
    return moved;
}

int fc_run_smp(const deeds_scenario *s, const deeds_forecast_options *o,
               deeds_forecast *f, deeds_diag *diag)
{
    size_t n = s->nactors, d = s->ndims;
    (void)diag;
    smp m = { .n = n, .d = d, .c = s->capability,
              .s = malloc(n * d * sizeof(double)), .ssum = calloc(n, sizeof(double)),
              .s2 = calloc(n, sizeof(double)), .pos = malloc(n * d * sizeof(double)),
              .ideal = malloc(n * d * sizeof(double)), .dist = malloc(n * n * sizeof(double)),
              .risk = malloc(n * sizeof(double)), .prob = malloc(n * sizeof(double)),
              .base = malloc(n * sizeof(double)), .target = malloc(n * sizeof(int)),
              .bargain = malloc(n * d * sizeof(double)),
              .next = malloc(n * d * sizeof(double)), .rng = malloc(n * sizeof(uint64_t)),
              .stochastic = o->smp_stochastic };
    uint64_t seed = o->seed ? o->seed : SMP_DEFAULT_SEED;
    for (size_t i = 0; i < n; i++) {
        uint64_t mix = seed ^ (0xD1B54A32D192ED03ULL * (i + 1));
        m.rng[i] = fc_rng_next(&mix);
        for (size_t k = 0; k < d; k++) {
            double v = s->salience[i * d + k] / 100;
            m.s[i * d + k] = v;
            m.ssum[i] += v;
            m.s2[i] += v * v;
            m.pos[i * d + k] = m.ideal[i * d + k] = s->position[i * d + k] / 100;
        }
    }
    int turns = o->rounds ? o->rounds : SMP_DEFAULT_TURNS;
    double first = 0;
    f->stop = "turn limit reached";
    all_distances(&m);
    risk_attitudes(&m);
    record(s, f, &m);
    for (int t = 1; t <= turns; t++) {
        double moved = turn(&m, o->threads);
        all_distances(&m);
        risk_attitudes(&m);
        record(s, f, &m);
        if (t == 1)
            first = moved;
        /* KTAB's rule: stop once a turn moves the actors less than 2% of
         * what the first turn did. */
        if (t >= 2 && moved / (first + 1e-4) < SMP_STOP_RATIO) {
            f->stop = "positions settled";
            break;
        }
    }
    /* The forecast: the PCE-expected position, each distinct final position
     * weighted by its probability (KTAB itself gives none). */
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = same_position(&m, j, i);
        if (seen)
            continue;
        total += m.prob[i];
        for (size_t k = 0; k < d; k++)
            f->forecast[k] += m.prob[i] * m.pos[i * d + k] * 100;
    }
    for (size_t k = 0; k < d; k++)
        f->forecast[k] /= total;
    double *owned[] = { m.s, m.ssum, m.s2, m.pos, m.ideal, m.dist, m.risk, m.prob,
                        m.base, m.bargain, m.next };
    for (size_t x = 0; x < sizeof owned / sizeof *owned; x++)
        free(owned[x]);
    free(m.target);
    free(m.rng);
    return 0;
}
