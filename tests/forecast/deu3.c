/*
 * deu3.c: scores every forecast model on the DEU III issue table (EU
 * legislative issues with their outcomes), for tests/validate-forecast.sh.
 *
 * Each issue becomes a one-dimensional scenario: the actors with a
 * position, their salience (50 where none is recorded) and the table's
 * GDP-like weight as capability.  Prints the mean absolute error of each
 * model, then the cross-validated error of a blend of the models whose
 * weights are fitted on nine tenths of the proposals and scored on the
 * tenth left out (folds by proposal, so issues of one proposal never sit on
 * both sides).  Usage: deu3 deu3.csv
 */
#include "deeds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FIRST_POS = 13, NACT = 30, FIRST_SAL = FIRST_POS + NACT, OUT_COL = FIRST_SAL + NACT + 1,
       NMODEL = 7, FOLDS = 10, MAXCOLS = 80 };

static const char *const model_names[NMODEL] = {
    "weighted mean", "weighted median", "EUM (scholz)", "EUM (paper)", "SMP",
    "SMP final mean", "EUM round 1"
};

typedef struct issue {
    long proposal;
    double outcome;
    double f[NMODEL];
} issue;

/* Splits a tab-separated line in place, dropping the quotes. */
static int split(char *line, char **col)
{
    int n = 0;
    for (char *p = line; n < MAXCOLS; ) {
        char *end = strchr(p, '\t');
        if (end)
            *end = '\0';
        size_t len = strlen(p);
        if (len && p[len - 1] == '\n')
            p[--len] = '\0';
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
            p[len - 1] = '\0';
            p++;
        }
        col[n++] = p;
        if (!end)
            break;
        p = end + 1;
    }
    return n;
}

static int number(const char *s, double *v)
{
    char *end;
    if (!*s)
        return 0;
    *v = strtod(s, &end);
    return !*end;
}

/* Runs every model on one issue; 0 when it has fewer than two actors. */
static int forecast_issue(char **col, const double *gdp, issue *is)
{
    static char name[] = "actor";
    static char *names[NACT], *none[NACT], *dims[] = { name };
    double cap[NACT], pos[NACT], sal[NACT];
    size_t n = 0;
    for (int a = 0; a < NACT; a++) {
        double p, s;
        if (!number(col[FIRST_POS + a], &p))
            continue;
        if (!number(col[FIRST_SAL + a], &s))
            s = 50;
        names[n] = name;
        none[n] = name;
        cap[n] = gdp[a];
        pos[n] = p;
        sal[n] = s;
        n++;
    }
    if (n < 2)
        return 0;
    deeds_scenario sc = { .name = name, .description = name, .nactors = n, .ndims = 1,
                          .actor = names, .actor_desc = none, .dim = dims,
                          .capability = cap, .position = pos, .salience = sal };
    /* The last two read other figures of a run: the weighted mean of SMP's
     * final positions, and EUM's median after one round. */
    deeds_forecast_options opts[NMODEL] = {
        { .model = DEEDS_MODEL_MEAN }, { .model = DEEDS_MODEL_MEDIAN },
        { .model = DEEDS_MODEL_EUM }, { .model = DEEDS_MODEL_EUM, .eum_variant = DEEDS_EUM_PAPER },
        { .model = DEEDS_MODEL_SMP }, { .model = DEEDS_MODEL_SMP },
        { .model = DEEDS_MODEL_EUM, .rounds = 1 },
    };
    deeds_diag diag = { 0 };
    for (int m = 0; m < NMODEL; m++) {
        deeds_forecast f;
        if (deeds_forecast_run(&sc, &opts[m], &f, &diag))
            return 0;
        is->f[m] = m == 5 ? f.round[f.nrounds - 1].mean[0] : f.forecast[0];
        deeds_forecast_free(&f);
    }
    return 1;
}

/* Mean absolute error of the blend with weights k/10 on the issues not in
 * fold `skip` (all of them when skip is -1). */
static double blend_error(const issue *v, size_t n, int skip, const int *k)
{
    double err = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].proposal % FOLDS == skip)
            continue;
        double f = 0;
        for (int m = 0; m < NMODEL; m++)
            f += k[m] / 10.0 * v[i].f[m];
        err += fabs(f - v[i].outcome);
    }
    return err;
}

/* Tries every split of the tenths left among models m.. and keeps the
 * best in w. */
static void search(const issue *v, size_t n, int skip, int *k, int m, int left,
                   double *best, double *w)
{
    if (m == NMODEL - 1) {
        k[m] = left;
        double err = blend_error(v, n, skip, k);
        if (err < *best) {
            *best = err;
            for (int j = 0; j < NMODEL; j++)
                w[j] = k[j] / 10.0;
        }
        return;
    }
    for (k[m] = 0; k[m] <= left; k[m]++)
        search(v, n, skip, k, m + 1, left - k[m], best, w);
}

/* The blend's weights on the simplex (steps of 0.1) with the least mean
 * absolute error on the issues not in fold `skip` (or all, skip = -1). */
static void fit_blend(const issue *v, size_t n, int skip, double *w)
{
    double best = INFINITY;
    int k[NMODEL];
    search(v, n, skip, k, 0, 10, &best, w);
}

int main(int argc, char **argv)
{
    FILE *fp = argc == 2 ? fopen(argv[1], "r") : NULL;
    if (!fp) {
        fprintf(stderr, "usage: deu3 deu3.csv (could not open it)\n");
        return 1;
    }
    char line[8192], *col[MAXCOLS];
    double gdp[NACT];
    issue *v = malloc(400 * sizeof *v);
    size_t n = 0, cap = 400;
    long lineno = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        int nc = split(line, col);
        if (lineno == 1)
            continue;
        if (nc <= OUT_COL) {
            fprintf(stderr, "deu3: line %ld has %d columns, not %d\n", lineno, nc, OUT_COL + 1);
            continue;
        }
        if (lineno == 2) {
            for (int a = 0; a < NACT; a++)
                if (!number(col[FIRST_POS + a], &gdp[a]))
                    gdp[a] = 1;
            continue;
        }
        issue is;
        if (!number(col[OUT_COL], &is.outcome) || !number(col[0], (double[]){ 0 }))
            continue;
        is.proposal = strtol(col[0], NULL, 10);
        if (!forecast_issue(col, gdp, &is))
            continue;
        if (n == cap)
            v = realloc(v, (cap *= 2) * sizeof *v);
        v[n++] = is;
    }
    fclose(fp);
    printf("issues with an outcome: %zu\n", n);
    for (int m = 0; m < NMODEL; m++) {
        double err = 0;
        for (size_t i = 0; i < n; i++)
            err += fabs(v[i].f[m] - v[i].outcome);
        printf("MAE %-16s %.2f\n", model_names[m], err / (double)n);
    }
    double cv = 0, w[NMODEL];
    for (int fold = 0; fold < FOLDS; fold++) {
        fit_blend(v, n, fold, w);
        for (size_t i = 0; i < n; i++) {
            if (v[i].proposal % FOLDS != fold)
                continue;
            double f = 0;
            for (int m = 0; m < NMODEL; m++)
                f += w[m] * v[i].f[m];
            cv += fabs(f - v[i].outcome);
        }
    }
    fit_blend(v, n, -1, w);
    printf("MAE %-16s %.2f\n", "blend (10-fold)", cv / (double)n);
    printf("blend weights on all issues:");
    for (int m = 0; m < NMODEL; m++)
        printf(" %s %.1f%s", model_names[m], w[m], m + 1 < NMODEL ? "," : "\n");
    free(v);
    return 0;
}
