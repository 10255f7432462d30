/*
 * ktabcmp.c: deeds' SMP beside a KTAB run, for tests/validate-forecast.sh.
 * Reads a KTAB CSV scenario and the history KTAB printed for it ("NAME,
 * Pstn1: 75.8 79.5 ..." and "NAME, prob : 0.0047 ..."), runs deeds' SMP and
 * prints, state by state, how many PCE probabilities (at KTAB's 4 decimals)
 * and how many position coordinates (at its 1 decimal, 0-100) differ from
 * KTAB's print, with the largest differences, then the number of states
 * each produced.  Ends with "identical" when every printed value and the
 * number of states agree, else "differs".
 * Usage: ktabcmp SCENARIO.csv HISTORY.txt
 */
#include "deeds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXSTATES = 128 };

typedef struct history {
    size_t nstates;
    double *prob;    /* [actor * MAXSTATES + state] */
    double *pos;     /* [(actor * ndims + dim) * MAXSTATES + state] */
} history;

static size_t actor_index(const deeds_scenario *s, const char *name)
{
    for (size_t i = 0; i < s->nactors; i++)
        if (!strcmp(s->actor[i], name))
            return i;
    return (size_t)-1;
}

/* One history line: "NAME, LABEL : v v v ..." into row (MAXSTATES values). */
static size_t read_values(const char *text, double *row)
{
    size_t k = 0;
    char *end;
    for (double v = strtod(text, &end); end != text && k < MAXSTATES; v = strtod(text, &end)) {
        row[k++] = v;
        text = end;
    }
    return k;
}

static int read_history(const char *path, const deeds_scenario *s, history *h)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    h->prob = calloc(s->nactors * MAXSTATES, sizeof *h->prob);
    h->pos = calloc(s->nactors * s->ndims * MAXSTATES, sizeof *h->pos);
    char line[8192];
    while (fgets(line, sizeof line, fp)) {
        char *comma = strchr(line, ','), *colon = comma ? strchr(comma, ':') : NULL;
        if (!colon)
            continue;
        *comma = '\0';
        size_t i = actor_index(s, line);
        if (i == (size_t)-1)
            continue;
        char label[64];
        if (sscanf(comma + 1, " %63[^ :]", label) != 1)
            continue;
        if (!strcmp(label, "prob")) {
            h->nstates = read_values(colon + 1, h->prob + i * MAXSTATES);
            continue;
        }
        for (size_t k = 0; k < s->ndims; k++)
            if (!strcmp(label, s->dim[k]))
                read_values(colon + 1, h->pos + (i * s->ndims + k) * MAXSTATES);
    }
    fclose(fp);
    return h->nstates ? 0 : -1;
}

/* Whether ours prints as KTAB's printed value. */
static int same_print(const char *format, double ours, double printed)
{
    char a[32], b[32];
    snprintf(a, sizeof a, format, ours);
    snprintf(b, sizeof b, format, printed);
    return !strcmp(a, b);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: ktabcmp SCENARIO.csv HISTORY.txt\n");
        return 1;
    }
    deeds_diag diag = { 0 };
    deeds_scenario *s = deeds_scenario_read(argv[1], &diag);
    history h = { 0 };
    if (!s || read_history(argv[2], s, &h)) {
        fprintf(stderr, "ktabcmp: cannot read %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    deeds_forecast_options o = { .model = DEEDS_MODEL_SMP };
    deeds_forecast f;
    if (deeds_forecast_run(s, &o, &f, &diag))
        return 1;
    size_t n = s->nactors, d = s->ndims, states = f.nrounds < h.nstates ? f.nrounds : h.nstates;
    size_t differ = 0;
    printf("state  probs differing  max|prob diff|  coords differing  max|coord diff|\n");
    for (size_t t = 0; t < states; t++) {
        size_t np = 0, nc = 0;
        double pmax = 0, cmax = 0;
        for (size_t i = 0; i < n; i++) {
            double p = f.round[t].prob[i], kp = h.prob[i * MAXSTATES + t];
            np += !same_print("%.4f", p, kp);
            pmax = fmax(pmax, fabs(p - kp));
            for (size_t k = 0; k < d; k++) {
                double x = f.round[t].position[i * d + k], kx = h.pos[(i * d + k) * MAXSTATES + t];
                nc += !same_print("%.1f", x, kx);
                cmax = fmax(cmax, fabs(x - kx));
            }
        }
        differ += np + nc;
        printf("%5zu  %15zu  %14.4f  %16zu  %14.2f\n", t, np, pmax, nc, cmax);
    }
    printf("states: deeds %zu, KTAB %zu\n", f.nrounds, h.nstates);
    printf("%s\n", differ == 0 && f.nrounds == h.nstates ? "identical" : "differs");
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    free(h.prob);
    free(h.pos);
    return 0;
}
