/* smp.c: placeholder */
#include "forecast.h"
int fc_run_smp(const deeds_scenario *s, const deeds_forecast_options *o,
               deeds_forecast *f, deeds_diag *diag)
{
    (void)s; (void)o; (void)f;
    deeds_diag_error(diag, NULL, 0, "smp: not yet");
    return -1;
}
