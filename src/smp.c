/*
 * smp.c: the Spatial Model of Politics of KAPSARC's KTAB, following what
 * KTAB's smpc does with the parameters it prints for CSV runs: linear
 * victory probabilities, proportional voting, conditional PCE, "Mid" risk
 * range with the one-third adjustment, semi-committed third parties, S2P2
 * bargains interpolated by the initiator alone, deterministic transitions,
 * ideals that follow positions.
 *
 * One turn: distances and utilities from ideals to positions; risk
 * attitudes from the risk-neutral PCE over the positions; each actor's most
 * profitable challenge and the bargain it proposes (a point for itself and
 * one for its target); every actor then takes, among the status quo and
 * the bargains it is part of, the one a capability-weighted PCE favours.
 * Turns repeat until positions settle.  Hands forecast.c the positions and
 * PCE probabilities of every state.
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
#define SMP_MIN_GAIN 1e-5       /* challenges worth less are not made */
#define SMP_STOP_RATIO 0.02     /* stop when a turn moves < 2% of turn 1 */
#define SMP_STOP_GUARD 1e-4     /* added to turn 1's move against 0/0 */
#define SMP_SAME_POSITION 1e-3  /* closer positions (Euclidean) are one */
#define SMP_MIN_COALITION 1e-8  /* every coalition over options starts here */
#define SMP_MIN_CONTEST 1e-10   /* ... and every side of a challenge */
#define SMP_MIN_BARGAIN_W 1e-6  /* the party a bargain is for leans its way */
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
    double *prob;           /* PCE probability of each actor's position */
    size_t *first;          /* first actor holding each distinct position */
    double *gprob;          /* PCE probability of each distinct position */
    size_t ngroups;
    int *target;            /* whom each actor challenges, or -1 */
    double *b_init, *b_rcvr;/* [n*d]: initiator i's bargain, for i and for its target */
    double *next;           /* [n*d]: positions after the turn */
    uint64_t *rng;          /* one stream per actor */
    int stochastic;
} smp;

/* ------------------------------------------------------------ utilities */

static double distance(const smp *m, size_t i, const double *from, const double *x)
{
    double num = 0;
    for (size_t k = 0; k < m->d; k++) {
        double t = m->s[i * m->d + k] * (from[k] - x[k]);
        num += t * t;
    }
    return sqrt(num / m->s2[i]);
}

/* Utility at salience-weighted distance d for risk attitude r; rounding
 * can push d a little past 1, where the curve is continued as a line. */
static double risk_util(double d, double r)
{
    return d <= 1 ? (1 - d) * (1 + d * r) : (1 - d) * (1 + r);
}

/* u^h_ab: a's utility for b's position as observer h estimates it; h
 * credits others with its own risk attitude two parts in three. */
static double util_seen(const smp *m, size_t h, size_t a, size_t b)
{
    double r = a == h ? m->risk[h] : (2 * m->risk[h] + m->risk[a]) / 3;
    return risk_util(m->dist[a * m->n + b], r);
}

static double own_util(const smp *m, size_t a, size_t b)
{
    return risk_util(m->dist[a * m->n + b], m->risk[a]);
}

/* ------------------------------------------------------------------ PCE */

/* Conditional PCE over nopt options: u[a*nopt+o] is actor a's utility for
 * option o, w[a] its weight.  Each pair's coalitions start at 1e-8 and add
 * the weighted utility differences of the actors on their side; option x
 * beats y with odds C_xy/(C_xy + C_yx), and prob[x] is proportional to the
 * product of x's odds against every option (in logs: with 160 options the
 * product can underflow). */
static void pce(size_t n, size_t nopt, const double *u, const double *w, double *prob)
{
    double *coal = malloc(nopt * nopt * sizeof *coal), hi = -INFINITY;
    for (size_t x = 0; x < nopt * nopt; x++)
        coal[x] = SMP_MIN_COALITION;
    for (size_t x = 0; x < nopt; x++)
        for (size_t y = 0; y < x; y++)
            for (size_t a = 0; a < n; a++) {
                double v = w[a] * (u[a * nopt + x] - u[a * nopt + y]);
                if (v > 0)
                    coal[x * nopt + y] += v;
                else if (v < 0)
                    coal[y * nopt + x] -= v;
            }
    for (size_t x = 0; x < nopt; x++) {
        double lp = 0;
        for (size_t y = 0; y < nopt; y++)
            if (y != x)
                lp += log(coal[x * nopt + y] / (coal[x * nopt + y] + coal[y * nopt + x]));
        prob[x] = lp;
        hi = fmax(hi, lp);
    }
    double total = 0;
    for (size_t x = 0; x < nopt; x++) {
        prob[x] = exp(prob[x] - hi);
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
            m->dist[i * m->n + j] = distance(m, i, m->ideal + i * m->d, m->pos + j * m->d);
}

/* Whether actors a and b hold what KTAB counts as one position: less than
 * 1e-3 apart (a tenth of a point on 0-100), Euclidean. */
static int same_position(const smp *m, size_t a, size_t b)
{
    double sq = 0;
    for (size_t k = 0; k < m->d; k++) {
        double t = m->pos[a * m->d + k] - m->pos[b * m->d + k];
        sq += t * t;
    }
    return sqrt(sq) < SMP_SAME_POSITION;
}

/* Risk attitudes, then the state's PCE.  The risk-neutral PCE runs over
 * every actor's position, duplicates included; in "Mid" range the holder
 * of the likeliest position becomes fully risk-averse (1), of the least
 * likely risk-seeking (-1/2).  The state's PCE runs over distinct
 * positions (each the first actor to hold it) with risk-aware utilities;
 * an actor's probability is that of the last distinct position within
 * reach of its own (sameness is not transitive: this is KTAB's choice). */
static void state_pce(smp *m)
{
    size_t n = m->n;
    double *u = malloc(n * n * sizeof *u), *p = malloc(n * sizeof *p);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t x = 0; x < n * n; x++)
        u[x] = risk_util(m->dist[x], 0);
    pce(n, n, u, m->c, p);
    for (size_t i = 0; i < n; i++) {
        lo = fmin(lo, p[i]);
        hi = fmax(hi, p[i]);
    }
    for (size_t i = 0; i < n; i++)   /* all equally likely (KTAB: 0/0): neutral */
        m->risk[i] = hi > lo ? (3 * p[i] - (hi + 2 * lo)) / (2 * (hi - lo)) : 0;
    m->ngroups = 0;
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        while (g < m->ngroups && !same_position(m, i, m->first[g]))
            g++;
        if (g == m->ngroups)
            m->first[m->ngroups++] = i;
    }
    size_t ng = m->ngroups;
    for (size_t a = 0; a < n; a++)
        for (size_t g = 0; g < ng; g++)
            u[a * ng + g] = own_util(m, a, m->first[g]);
    pce(n, ng, u, m->c, m->gprob);
    for (size_t i = 0; i < n; i++)
        for (size_t g = 0; g < ng; g++)
            if (same_position(m, i, m->first[g]))
                m->prob[i] = m->gprob[g];
    free(u);
    free(p);
}

/* ----------------------------------------------------------- challenges */

/* i's estimate that its position beats j's.  i and j vote their
 * salience-weighted capability times their utility difference; each third
 * party k then looks at a little contest of i, j and itself alone: the side
 * k prefers gains k's vote, giving odds p that i's side wins.  If k backs a
 * side that loses, it must move to the winner's position (semi-commitment):
 * backing i is worth p(2u_ki + u_kk) + (1-p)3u_kj, backing j
 * p·3u_ki + (1-p)(2u_kj + u_kk); k votes its weight times the difference.
 * The odds are i's share of all votes. */
static double challenge_odds(const smp *m, size_t i, size_t j)
{
    double vi = m->c[i] * m->ssum[i] * (util_seen(m, i, i, i) - util_seen(m, i, i, j));
    double vj = m->c[j] * m->ssum[j] * (util_seen(m, i, j, i) - util_seen(m, i, j, j));
    double pi0 = SMP_MIN_CONTEST + fmax(vi, 0) + fmax(vj, 0);
    double pj0 = SMP_MIN_CONTEST + fmax(-vi, 0) + fmax(-vj, 0);
    double for_i = pi0, for_j = pj0;
    for (size_t k = 0; k < m->n; k++) {
        if (k == i || k == j)
            continue;
        double a = util_seen(m, i, k, i), b = util_seen(m, i, k, j), own = util_seen(m, i, k, k);
        double wk = m->c[k] * m->ssum[k], vk = wk * (a - b);
        double ci = pi0 + fmax(vk, 0), cj = pj0 + fmax(-vk, 0), p = ci / (ci + cj);
        double back_i = p * (2 * a + own) + (1 - p) * 3 * b;
        double back_j = p * 3 * a + (1 - p) * (2 * b + own);
        double v = wk * (back_i - back_j);
        if (v > 0)
            for_i += v;
        else if (v < 0)
            for_j -= v;
    }
    return for_i / (for_i + for_j);
}

/* What i expects to gain by challenging j: if j does not resist (chance
 * 1 - s_j) j moves to i; if it does, the contest decides who moves. */
static double challenge_gain(const smp *m, size_t i, size_t j, double p)
{
    double uii = util_seen(m, i, i, i), uij = util_seen(m, i, i, j);
    double sj = m->ssum[j];
    double victory = 2 * uii, contest = p * 2 * uii + (1 - p) * 2 * uij;
    return (1 - sj) * victory + sj * contest - (uii + uij);
}

/* KTAB records bargain coordinates to 1e-4. */
static double round4(double x)
{
    return floor(0.5 + x * 1e4) / 1e4;
}

/* i's best challenge (the first of the largest gains above 1e-5) and the
 * bargain it proposes: on each dimension the mean of the two positions
 * weighted by (salience x odds) squared, the point for each party leaning
 * its way by a weight of 1e-6 (so that when neither cares each keeps its
 * own). */
static void best_challenge(smp *m, size_t i)
{
    size_t n = m->n, d = m->d;
    double best = SMP_MIN_GAIN, best_p = 0;
    m->target[i] = -1;
    for (size_t j = 0; j < n; j++) {
        if (j == i)
            continue;
        double p = challenge_odds(m, i, j), g = challenge_gain(m, i, j, p);
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
        double all = wi + wj + SMP_MIN_BARGAIN_W;
        m->b_init[i * d + k] = round4(((wi + SMP_MIN_BARGAIN_W) * xi + wj * xj) / all);
        m->b_rcvr[i * d + k] = round4((wi * xi + (wj + SMP_MIN_BARGAIN_W) * xj) / all);
    }
}

/* ----------------------------------------------------------- resolution */

/* Actor k's choice among the status quo and every bargain it is part of,
 * in initiators' order: each actor values a resulting state by its mean
 * utility over all positions; a capability-weighted PCE over the options
 * decides (its first mode, or a draw from k's own stream in the stochastic
 * variant), and k takes its own point of the chosen bargain. */
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
        const double *from = m->pos + a * d;
        double sq = 0;
        for (size_t b = 0; b < n; b++)
            sq += own_util(m, a, b);
        u[a * nopt] = sq / (double)n;
        for (size_t o = 1; o < nopt; o++) {
            size_t i = by[o], j = (size_t)m->target[i];
            double sum = risk_util(distance(m, a, from, m->b_init + i * d), m->risk[a]) +
                         risk_util(distance(m, a, from, m->b_rcvr + i * d), m->risk[a]);
            for (size_t b = 0; b < n; b++)
                if (b != i && b != j)
                    sum += own_util(m, a, b);
            u[a * nopt + o] = sum / (double)n;
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
    if (pick) {
        size_t i = by[pick];
        memcpy(m->next + k * d, (i == k ? m->b_init : m->b_rcvr) + i * d, d * sizeof(double));
    }
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

/* One turn; returns how far all actors moved together (the sum of their
 * Euclidean moves). */
static double turn(smp *m, int threads)
{
    size_t n = m->n, d = m->d;
    for_each_actor(m, best_challenge, threads);
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
              .first = malloc(n * sizeof(size_t)), .gprob = malloc(n * sizeof(double)),
              .target = malloc(n * sizeof(int)),
              .b_init = malloc(n * d * sizeof(double)), .b_rcvr = malloc(n * d * sizeof(double)),
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
    state_pce(&m);
    record(s, f, &m);
    for (int t = 1; t <= turns; t++) {
        double moved = turn(&m, o->threads);
        all_distances(&m);
        state_pce(&m);
        record(s, f, &m);
        if (t == 1)
            first = moved + SMP_STOP_GUARD;
        /* KTAB's rule: from turn 2 on, stop once a turn moves the actors
         * less than 2% of what the first turn did. */
        if (t >= 2 && moved / first < SMP_STOP_RATIO) {
            f->stop = "positions settled";
            break;
        }
    }
    /* The forecast: the PCE-expected position over the distinct final
     * positions (KTAB itself gives none). */
    for (size_t g = 0; g < m.ngroups; g++)
        for (size_t k = 0; k < d; k++)
            f->forecast[k] += m.gprob[g] * m.pos[m.first[g] * d + k] * 100;
    double *owned[] = { m.s, m.ssum, m.s2, m.pos, m.ideal, m.dist, m.risk, m.prob,
                        m.gprob, m.b_init, m.b_rcvr, m.next };
    for (size_t x = 0; x < sizeof owned / sizeof *owned; x++)
        free(owned[x]);
    free(m.first);
    free(m.target);
    free(m.rng);
    return 0;
}
