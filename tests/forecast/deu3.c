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
       NMODEL = 5, FOLDS = 10, MAXCOLS = 80 };

static const char *const model_names[NMODEL] = {
    "weighted mean", "weighted median", "EUM (scholz)", "EUM (paper)", "SMP"
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
    deeds_forecast_options opts[NMODEL] = {
        { .model = DEEDS_MODEL_MEAN }, { .model = DEEDS_MODEL_MEDIAN },
        { .model = DEEDS_MODEL_EUM }, { .model = DEEDS_MODEL_EUM, .eum_variant = DEEDS_EUM_PAPER },
        { .model = DEEDS_MODEL_SMP },
    };
    deeds_diag diag = { 0 };
    for (int m = 0; m < NMODEL; m++) {
        deeds_forecast f;
        if (deeds_forecast_run(&sc, &opts[m], &f, &diag))
            return 0;
        is->f[m] = f.forecast[0];
        deeds_forecast_free(&f);
    }
    return 1;
}

/* The blend's weights on the simplex (steps of 0.1) with the least mean
 * absolute error on the issues not in fold `skip` (or all, skip = -1). */
static void fit_blend(const issue *v, size_t n, int skip, double *w)
{
    double best = INFINITY;
    int k[NMODEL];
    for (k[0] = 0; k[0] <= 10; k[0]++)
        for (k[1] = 0; k[0] + k[1] <= 10; k[1]++)
            for (k[2] = 0; k[0] + k[1] + k[2] <= 10; k[2]++)
                for (k[3] = 0; k[0] + k[1] + k[2] + k[3] <= 10; k[3]++) {
                    k[4] = 10 - k[0] - k[1] - k[2] - k[3];
                    double err = 0;
                    for (size_t i = 0; i < n; i++) {
                        if (v[i].proposal % FOLDS == skip)
                            continue;
                        double f = 0;
                        for (int m = 0; m < NMODEL; m++)
                            f += k[m] / 10.0 * v[i].f[m];
                        err += fabs(f - v[i].outcome);
                    }
                    if (err < best) {
                        best = err;
                        for (int m = 0; m < NMODEL; m++)
                            w[m] = k[m] / 10.0;
                    }
                }
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
