/* fuzz_scenario.c: the scenario readers on arbitrary bytes.  What they
 * accept must hold what the models rely on (two actors or more, positions
 * and saliences in range) and survive a short EUM and SMP run and every
 * writer; what they refuse must come with at least one message naming a
 * line inside the input. */
#include "deeds.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct seen {
    unsigned long messages;
    long max_line;
} seen;

static void note(void *ud, const char *file, long line, const char *msg)
{
    seen *s = ud;
    if (!file || !msg[0])
        abort();
    s->messages++;
    if (line > s->max_line)
        s->max_line = line;
}

static long count_lines(const uint8_t *data, size_t size)
{
    long n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n' || data[i] == '\r';
    return n;
}

static void check_accepted(const deeds_scenario *s)
{
    if (s->nactors < 2 || s->ndims < 1)
        abort();
    for (size_t i = 0; i < s->nactors; i++) {
        double total = 0;
        for (size_t k = 0; k < s->ndims; k++) {
            double p = s->position[i * s->ndims + k], w = s->salience[i * s->ndims + k];
            if (!(p >= 0 && p <= 100 && w >= 0 && w <= 100))
                abort();
            total += w;
        }
        if (total > 100 + 1e-6 || !(s->capability[i] >= 0))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen quiet = { 0, 0 };
    deeds_diag diag = { .emit = note, .ud = &quiet };
    deeds_scenario *s = deeds_scenario_parse((const char *)data, size, "fuzz.csv", &diag);
    if (!s) {
        if (!diag.errors || !quiet.messages || quiet.max_line > count_lines(data, size))
            abort();
        return 0;
    }
    check_accepted(s);
    if (s->nactors <= 40 && s->ndims <= 4) {
        static const deeds_model models[] = { DEEDS_MODEL_MEAN, DEEDS_MODEL_MEDIAN,
                                              DEEDS_MODEL_EUM, DEEDS_MODEL_SMP };
        for (size_t m = 0; m < 4; m++) {
            deeds_forecast_options o = { .model = models[m], .rounds = 3 };
            deeds_forecast f;
            if (deeds_forecast_run(s, &o, &f, &diag))
                abort();
            for (size_t k = 0; k < s->ndims; k++)
                if (!(f.forecast[k] >= -1e-9 && f.forecast[k] <= 100 + 1e-9))
                    abort();
            deeds_buf out = { 0 };
            deeds_forecast_write(s, &f, (deeds_forecast_format)(m % 3), &out);
            deeds_buf_free(&out);
            deeds_forecast_free(&f);
        }
    }
    deeds_scenario_free(s);
    return 0;
}
