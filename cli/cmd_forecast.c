/*
 * cmd_forecast.c: `deeds forecast [OPTIONS] SCENARIO.csv`.  Reads one
 * scenario, runs the chosen model (or a sensitivity sweep of it) and
 * prints rounds and forecast as text, JSON or CSV; --chart draws the
 * positions over rounds.
 */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OPT_MODEL = 256, OPT_ROUNDS, OPT_Q, OPT_SENS, OPT_SPREAD, OPT_SEED,
       OPT_CHART, OPT_VARIANT, OPT_STOCHASTIC };

static const struct option long_options[] = {
    { "model", required_argument, 0, OPT_MODEL },
    { "format", required_argument, 0, 'f' },
    { "rounds", required_argument, 0, OPT_ROUNDS },
    { "q", required_argument, 0, OPT_Q },
    { "sensitivity", required_argument, 0, OPT_SENS },
    { "spread", required_argument, 0, OPT_SPREAD },
    { "seed", required_argument, 0, OPT_SEED },
    { "chart", required_argument, 0, OPT_CHART },
    { "eum-variant", required_argument, 0, OPT_VARIANT },
    { "stochastic", no_argument, 0, OPT_STOCHASTIC },
    { "jobs", required_argument, 0, 'j' },
    { "help", no_argument, 0, 'h' },
    { 0, 0, 0, 0 }
};

typedef struct forecast_args {
    deeds_forecast_options model;
    deeds_forecast_format format;
    int sensitivity;
    double spread;
    uint64_t seed;
    const char *chart, *scenario;
} forecast_args;

static double parse_real(const char *s, const char *what, double lo, double hi)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        cli_die_usage("%s must be a number from %g to %g, not '%s'", what, lo, hi, s);
    return v;
}

static void parse_args(int argc, char **argv, forecast_args *a)
{
    memset(a, 0, sizeof *a);
    a->model.model = DEEDS_MODEL_EUM;
    a->spread = 10;
    a->seed = 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:j:h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_MODEL: {
            int m = deeds_model_parse(optarg);
            if (m < 0)
                cli_die_usage("unknown --model '%s' (mean, median, eum or smp)", optarg);
            a->model.model = (deeds_model)m;
            break;
        }
        case 'f':
            if (!strcmp(optarg, "text"))
                a->format = DEEDS_FORECAST_TEXT;
            else if (!strcmp(optarg, "json"))
                a->format = DEEDS_FORECAST_JSON;
            else if (!strcmp(optarg, "csv"))
                a->format = DEEDS_FORECAST_CSV;
            else
                cli_die_usage("unknown --format '%s' (text, json or csv)", optarg);
            break;
        case OPT_ROUNDS: a->model.rounds = (int)cli_parse_number(optarg, "--rounds", 1, 10000); break;
        case OPT_Q: a->model.q = parse_real(optarg, "--q", 0.0001, 1); break;
        case OPT_SENS: a->sensitivity = (int)cli_parse_number(optarg, "--sensitivity", 1, 1000000); break;
        case OPT_SPREAD: a->spread = parse_real(optarg, "--spread", 0, 100); break;
        case OPT_SEED:
            a->seed = a->model.seed = (uint64_t)cli_parse_number(optarg, "--seed", 1, 2147483647);
            break;
        case OPT_CHART: a->chart = optarg; break;
        case OPT_VARIANT:
            if (!strcmp(optarg, "scholz"))
                a->model.eum_variant = DEEDS_EUM_SCHOLZ;
            else if (!strcmp(optarg, "paper"))
                a->model.eum_variant = DEEDS_EUM_PAPER;
            else
                cli_die_usage("unknown --eum-variant '%s' (scholz or paper)", optarg);
            break;
        case OPT_STOCHASTIC: a->model.smp_stochastic = 1; break;
        case 'j': a->model.threads = (int)cli_parse_number(optarg, "--jobs", 1, 256); break;
        case 'h': fputs("usage: deeds forecast [--model mean|median|eum|smp] [--rounds N] [--q Q]\n"
                        "       [--eum-variant scholz|paper] [--stochastic]\n"
                        "       [--format text|json|csv] [--sensitivity N [--spread S] [--seed N]]\n"
                        "       [--chart FILE.svg|FILE.png] [-j N] SCENARIO.csv\n", stdout);
                  exit(0);
        default: cli_die_usage("bad option for forecast");
        }
    }
    if (optind + 1 != argc)
        cli_die_usage("forecast needs exactly one scenario file: deeds forecast scenarios/korea-small-deal.csv");
    a->scenario = argv[optind];
}

static int compare_doubles(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* A sensitivity sweep's progress: the run it is at, and the time left at
 * the pace so far. */
static void sweep_tick(void *ud, int done, int runs)
{
    cli_progress *p = ud;
    if (done < runs && cli_progress_due(p))
        cli_progress_show(p, "deeds: sensitivity run %d of %d, about %.0f s left", done, runs,
                          cli_progress_elapsed(p) / done * (runs - done));
}

/* The spread of the forecast under perturbed inputs: mean, standard
 * deviation and the 5th, 50th and 95th percentiles, per dimension. */
static int run_sensitivity(const deeds_scenario *s, const forecast_args *a,
                           deeds_diag *diag, deeds_buf *out)
{
    size_t d = s->ndims, runs = (size_t)a->sensitivity;
    double *all = malloc(runs * d * sizeof *all), *col = malloc(runs * sizeof *col);
    deeds_forecast_options model = a->model;
    cli_progress p;
    cli_progress_start(&p, isatty(STDERR_FILENO));
    model.progress = sweep_tick;
    model.progress_ud = &p;
    int failed = deeds_forecast_sensitivity(s, &model, a->sensitivity, a->spread, a->seed,
                                            all, diag);
    cli_progress_clear(&p);
    if (failed) {
        free(all);
        free(col);
        return -1;
    }
    if (a->format == DEEDS_FORECAST_JSON)
        deeds_buf_printf(out, "{\"model\": \"%s\", \"runs\": %zu, \"spread\": %g, \"seed\": %llu, \"dimensions\": [",
                         deeds_model_name(a->model.model), runs, a->spread, (unsigned long long)a->seed);
    else if (a->format == DEEDS_FORECAST_CSV)
        deeds_buf_puts(out, "dimension,runs,mean,sd,p05,p50,p95\n");
    else
        deeds_buf_printf(out, "%s: model %s, %zu runs, inputs moved by up to +-%g (seed %llu)\n",
                         s->name, deeds_model_name(a->model.model), runs, a->spread,
                         (unsigned long long)a->seed);
    for (size_t k = 0; k < d; k++) {
        double sum = 0, sq = 0;
        for (size_t r = 0; r < runs; r++) {
            col[r] = all[r * d + k];
            sum += col[r];
        }
        double mean = sum / (double)runs;
        for (size_t r = 0; r < runs; r++)
            sq += (col[r] - mean) * (col[r] - mean);
        double sd = runs > 1 ? sqrt(sq / (double)(runs - 1)) : 0;
        qsort(col, runs, sizeof *col, compare_doubles);
        double p05 = col[(size_t)(0.05 * (double)(runs - 1) + 0.5)];
        double p50 = col[(size_t)(0.50 * (double)(runs - 1) + 0.5)];
        double p95 = col[(size_t)(0.95 * (double)(runs - 1) + 0.5)];
        if (a->format == DEEDS_FORECAST_JSON) {
            deeds_buf_puts(out, k ? ", {\"name\": " : "{\"name\": ");
            deeds_buf_json_string(out, s->dim[k], strlen(s->dim[k]));
            deeds_buf_printf(out, ", \"mean\": %.4g, \"sd\": %.4g, \"p05\": %.4g, \"p50\": %.4g, \"p95\": %.4g}",
                             mean, sd, p05, p50, p95);
        } else if (a->format == DEEDS_FORECAST_CSV) {
            deeds_buf_printf(out, "%s,%zu,%.4g,%.4g,%.4g,%.4g,%.4g\n", s->dim[k], runs, mean, sd, p05, p50, p95);
        } else {
            deeds_buf_printf(out, "  %-24s mean %6.2f  sd %5.2f  90%% of runs in [%.2f, %.2f], median %.2f\n",
                             s->dim[k], mean, sd, p05, p95, p50);
        }
    }
    if (a->format == DEEDS_FORECAST_JSON)
        deeds_buf_puts(out, "]}\n");
    free(all);
    free(col);
    return 0;
}

int cmd_forecast(int argc, char **argv)
{
    forecast_args a;
    parse_args(argc, argv, &a);
    deeds_diag diag = { 0 };
    deeds_scenario *s = deeds_scenario_read(a.scenario, &diag);
    if (!s)
        return EXIT_FATAL;
    deeds_buf out = { 0 };
    int rc = 0;
    if (a.sensitivity) {
        rc = run_sensitivity(s, &a, &diag, &out);
    } else {
        deeds_forecast f;
        rc = deeds_forecast_run(s, &a.model, &f, &diag);
        if (!rc) {
            deeds_forecast_write(s, &f, a.format, &out);
            if (a.chart)
                rc = deeds_forecast_chart(s, &f, a.chart, &diag);
        }
        deeds_forecast_free(&f);
    }
    if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len)
        rc = -1;
    deeds_buf_free(&out);
    deeds_scenario_free(s);
    if (fflush(stdout) != 0)
        rc = -1;
    return rc ? EXIT_FATAL : 0;
}
