/* forecast.h: what the forecast stage's files share (forecast.c drives,
 * eum.c and smp.c are the two procedural models). */
#ifndef DEEDS_FORECAST_H
#define DEEDS_FORECAST_H

#include "deeds.h"

/* Capability x salience weighted mean and weighted median of x[0..n). */
double fc_weighted_mean(const double *x, const double *w, size_t n);
double fc_weighted_median(const double *x, const double *w, size_t n);

/* Appends a round holding positions pos (nactors * ndims, 0-100), with its
 * weighted median and mean filled in; returns it for the model to add
 * probabilities or relations. */
deeds_forecast_round *fc_add_round(const deeds_scenario *s, deeds_forecast *f,
                                   const double *pos);

/* The models: each fills f->round (round 0 = the inputs), f->forecast and
 * f->stop.  0, or -1 after a report through diag. */
int fc_run_eum(const deeds_scenario *s, const deeds_forecast_options *o,
               deeds_forecast *f, deeds_diag *diag);
int fc_run_smp(const deeds_scenario *s, const deeds_forecast_options *o,
               deeds_forecast *f, deeds_diag *diag);

/* SplitMix64: one seeded stream per actor, so that results do not depend on
 * how work is shared between threads. */
uint64_t fc_rng_next(uint64_t *state);
double fc_rng_uniform(uint64_t *state);   /* in [0, 1) */

#endif
