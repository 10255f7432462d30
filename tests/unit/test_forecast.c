/* test_forecast.c: scenario readers, baselines, EUM and SMP on small
 * scenarios whose answers were worked out by hand (in the comments). */
#include "testutil.h"

#include <math.h>

static deeds_scenario *parse(const char *text, deeds_diag *diag)
{
    return deeds_scenario_parse(text, strlen(text), "t.csv", diag);
}

static deeds_forecast run(const deeds_scenario *s, deeds_forecast_options o)
{
    deeds_forecast f;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    assert_int_equal(deeds_forecast_run(s, &o, &f, &diag), 0);
    deeds_buf_free(&msgs);
    return f;
}

/* Weights are capability x salience: A 1x100 = 100 at 0, B 1x50 = 50 at
 * 50, C 3x50 = 150 at 100.  Mean (0 + 2500 + 15000) / 300 = 58.33.  The
 * cumulative weight reaches exactly half (150 of 300) at B, so the median
 * is the midpoint of B and C, 75.  With C at 2.5 (weight 125, half 137.5)
 * B alone passes half: median 50. */
static void test_weighted_mean_and_median(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse("actor,description,capability,x position,x salience\n"
                              "A,,1,0,100\nB,,1,50,50\nC,,3,100,50\n", &diag);
    assert_non_null(s);
    deeds_forecast f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_MEAN });
    assert_float_equal(f.forecast[0], 175.0 / 3, 1e-9);
    deeds_forecast_free(&f);
    f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_MEDIAN });
    assert_float_equal(f.forecast[0], 75, 1e-9);
    deeds_forecast_free(&f);
    s->capability[2] = 2.5;
    f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_MEDIAN });
    assert_float_equal(f.forecast[0], 50, 1e-9);
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

/* EUM, PAPER variant, one round.  A x=0 c=2 s=.8; B x=40 c=1 s=.5;
 * C x=100 c=1 s=.6; range 100.
 * P (share of the contest's weighted votes c s (|x - x_j| - |x - x_i|)):
 *   A vs B: A 1.6*40 = 64, B .5*40 = 20 against, C .6*(60-100) = -24 against:
 *   P(A>B) = 64/108 = .5926; A vs C: A 160, B .5*20 = 10, C -60:
 *   P(A>C) = 170/230 = .7391; B vs C: P(B>C) = .7778; and the complements.
 * With r = 1, U_s = 2d, U_f = -2d, U_sq = 0, so E(U_ij) = 2d(s_j(2P-1) + 1 - s_j):
 *   E(A,B) = .8*(.5*(.1852) + .5) = .4741; E(B,A) = .0415; E(C,A) = -.3652;
 *   E(A,C) = 1.3739; E(B,C) = .88; E(C,B) = .2667.
 * Danger (sum of what others expect from challenging): A -.3237,
 *   B .7407, C 2.2539, so R = -1, -.174, 1 and r = 2, 1.123, .5.
 * Second pass, each actor with its own r:
 *   A sees B: mine .3141, theirs -.1185: no offer to A (compromise quadrant);
 *   A sees C: mine .3739, theirs -1.3652: none (capitulation quadrant);
 *   B sees A: mine .0218, theirs .4666: conflict lost, B moves to 0;
 *   B sees C: theirs .2246 < mine .8526: none;
 *   C sees A: mine .4632, theirs 2.2023: conflict lost, offer 0;
 *   C sees B: mine .3439, theirs .8011: conflict lost, offer 40;
 *   C takes the smaller move, to 40.
 * Round 1: A 0, B 0, C 40; median 0; mean (.6 * 40) / 2.7 = 8.889. */
static void test_eum_one_round_by_hand(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse("actor,capability,x position,x salience\n"
                              "A,2,0,80\nB,1,40,50\nC,1,100,60\n", &diag);
    assert_non_null(s);
    deeds_forecast f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_EUM, .rounds = 1,
                                                        .eum_variant = DEEDS_EUM_PAPER });
    assert_int_equal(f.nrounds, 2);
    const double *p = f.round[1].position;
    assert_float_equal(p[0], 0, 1e-9);
    assert_float_equal(p[1], 0, 1e-9);
    assert_float_equal(p[2], 40, 1e-9);
    assert_float_equal(f.round[1].median[0], 0, 1e-9);
    assert_float_equal(f.round[1].mean[0], 24 / 2.7, 1e-9);
    const unsigned char *rel = f.round[1].relation;   /* rel[i*3+j]: i sees j */
    assert_int_equal(rel[0 * 3 + 1], DEEDS_REL_COMPROMISE);
    assert_int_equal(rel[0 * 3 + 2], DEEDS_REL_CAPITULATION);
    assert_int_equal(rel[1 * 3 + 0], DEEDS_REL_CONFLICT);
    assert_int_equal(rel[2 * 3 + 1], DEEDS_REL_CONFLICT);
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

/* SMP state 0 on positions 0, 50, 100 (one dimension, saliences 100,
 * capabilities 1).  Risk neutral u = 1 - |x - y|: P(0 > 50) = .5 / 1.5 =
 * 1/3, P(0 > 100) = 1/2, P(50 > 100) = 2/3, so the PCE is 3/14, 8/14,
 * 3/14 and the risk attitudes -1/2, 1, -1/2.  With those, every contest is
 * even (e.g. 0 vs 50: actor 0 gains 1 - .375 = .625, actors 50 and 100
 * .25 + .375): each position's probability is 1/3. */
static void test_smp_state_zero_by_hand(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse("Three,test,3,1,\nActor,Description,Power,X Position,X Salience,\n"
                              "L,left,1,0,100,\nM,middle,1,50,100,\nR,right,1,100,100,\n", &diag);
    assert_non_null(s);
    deeds_forecast f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_SMP, .rounds = 1 });
    for (int i = 0; i < 3; i++)
        assert_float_equal(f.round[0].prob[i], 1.0 / 3, 1e-12);
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

/* KTAB counts positions less than 0.1 point apart (Euclidean, on 0-100) as
 * one option of the state's PCE, and gives each holder the option's whole
 * probability.  B sits 0.05 points from A on both issues (0.071 apart):
 * one option, so A, B, C and D's probabilities add to 1 only with A's
 * counted once.  At 0.08 on both issues (0.113 apart, though each
 * coordinate is within 0.1) A and B are two options. */
static deeds_forecast four_actors(const char *b_at, deeds_diag *diag)
{
    char text[512];
    snprintf(text, sizeof text,
             "Four,test,4,2,\nActor,Description,Power,X Position,X Salience,Y Position,Y Salience,\n"
             "A,,60,20,50,20,40,\nB,,50,%s,60,%s,30,\nC,,80,60,40,70,50,\nD,,70,80,30,30,60,\n",
             b_at, b_at);
    deeds_scenario *s = parse(text, diag);
    assert_non_null(s);
    deeds_forecast f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_SMP, .rounds = 1 });
    deeds_scenario_free(s);
    return f;
}

static void test_smp_same_position_is_euclidean(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_forecast near = four_actors("20.05", &diag);
    const double *p = near.round[0].prob;
    assert_true(p[0] == p[1]);
    assert_float_equal(p[0] + p[2] + p[3], 1, 1e-12);
    deeds_forecast apart = four_actors("20.08", &diag);
    p = apart.round[0].prob;
    assert_true(p[0] != p[1]);
    assert_float_equal(p[0] + p[1] + p[2] + p[3], 1, 1e-12);
    deeds_forecast_free(&near);
    deeds_forecast_free(&apart);
    deeds_buf_free(&msgs);
}

/* Two equal actors at 20 and 80: both positions equally likely, so the
 * risk attitudes (KTAB's formula divides by the spread of probabilities)
 * are neutral rather than 0/0, and the forecast is 50. */
static void test_smp_two_equal_actors(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse("Two,test,2,1,\nActor,Description,Power,X Position,X Salience,\n"
                              "L,,1,20,100,\nR,,1,80,100,\n", &diag);
    assert_non_null(s);
    deeds_forecast f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_SMP });
    for (size_t r = 0; r < f.nrounds; r++)
        for (int i = 0; i < 2; i++)
            assert_float_equal(f.round[r].prob[i], 0.5, 1e-12);
    assert_float_equal(f.forecast[0], 50, 1e-9);
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

static const char six[] =
    "Six,two issues,6,2,\nActor,Description,Power,A Position,A Salience,B Position,B Salience,\n"
    "U,,100,35,60,15,40,\nN,,25,95,60,90,30,\nS,,40,65,60,10,35,\n"
    "C,,80,85,40,80,30,\nR,,40,90,30,80,15,\nJ,,50,20,60,10,25,\n";

static int same_run(const deeds_forecast *a, const deeds_forecast *b)
{
    if (a->nrounds != b->nrounds)
        return 0;
    for (size_t r = 0; r < a->nrounds; r++)
        if (memcmp(a->round[r].position, b->round[r].position, a->nactors * a->ndims * sizeof(double)) ||
            memcmp(a->round[r].prob, b->round[r].prob, a->nactors * sizeof(double)))
            return 0;
    return 1;
}

/* One seed gives one run, whatever the number of threads; another seed
 * draws differently. */
static void test_smp_reproducible_with_threads(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse(six, &diag);
    assert_non_null(s);
    deeds_forecast_options o = { .model = DEEDS_MODEL_SMP, .smp_stochastic = 1, .seed = 7 };
    deeds_forecast one = run(s, o);
    o.threads = 4;
    deeds_forecast four = run(s, o);
    assert_true(same_run(&one, &four));
    int differs = 0;
    for (uint64_t seed = 8; seed < 16 && !differs; seed++) {
        o.seed = seed;
        deeds_forecast other = run(s, o);
        differs = !same_run(&one, &other);
        deeds_forecast_free(&other);
    }
    assert_true(differs);
    o = (deeds_forecast_options){ .model = DEEDS_MODEL_SMP, .threads = 3 };
    deeds_forecast det3 = run(s, o);
    o.threads = 1;
    deeds_forecast det1 = run(s, o);
    assert_true(same_run(&det1, &det3));
    for (size_t k = 0; k < 2; k++)
        assert_true(det1.forecast[k] >= 0 && det1.forecast[k] <= 100);
    deeds_forecast_free(&one);
    deeds_forecast_free(&four);
    deeds_forecast_free(&det1);
    deeds_forecast_free(&det3);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

static void test_ktab_layout(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse(six, &diag);
    assert_non_null(s);
    assert_string_equal(s->name, "Six");
    assert_int_equal(s->nactors, 6);
    assert_int_equal(s->ndims, 2);
    assert_string_equal(s->dim[1], "B");
    assert_float_equal(s->position[1 * 2 + 1], 90, 0);
    assert_float_equal(s->salience[5 * 2 + 0], 60, 0);
    deeds_scenario_free(s);
    /* Old Mac line endings, quoted fields, no final comma. */
    s = parse("T,\"a, quoted\",3,1\rActor,Description,Power,X Position,X Salience\r"
              "A,\"x, y\",1,10,10\rB,b,2,20,20\rC,c,3,30,30\r", &diag);
    assert_non_null(s);
    assert_string_equal(s->actor_desc[0], "x, y");
    assert_int_equal(s->nactors, 3);
    deeds_scenario_free(s);
    assert_int_equal(diag.errors, 0);
    deeds_buf_free(&msgs);
}

/* Every problem is reported with its line and field, and the file is
 * refused. */
static void expect_error(const char *text, const char *where, const char *what)
{
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse(text, &diag);
    assert_null(s);
    assert_true(diag.errors > 0);
    if (!strstr(msgs.data, where) || !strstr(msgs.data, what))
        fail_msg("wanted '%s' and '%s' in: %s", where, what, msgs.data);
    deeds_buf_free(&msgs);
}

static void test_bad_files(void **state)
{
    (void)state;
    const char *head = "actor,description,capability,x position,x salience\n";
    char text[512];
    snprintf(text, sizeof text, "%sA,,1,10,10\nB,,1,20,abc\nC,,1,30,30\n", head);
    expect_error(text, "t.csv:3:", "'x salience': 'abc'");
    snprintf(text, sizeof text, "%sA,,1,10,10\nB,,1,20,20\nC,,-1,130,30\n", head);
    expect_error(text, "t.csv:4:", "capability");
    expect_error(text, "t.csv:4:", "'x position': '130'");
    snprintf(text, sizeof text, "%sA,,1,10,10\nB,,1,20\nC,,1,30,30\n", head);
    expect_error(text, "t.csv:3:", "expected 5 fields");
    snprintf(text, sizeof text, "%sA,,1,10,10\nA,,1,20,20\n", head);
    expect_error(text, "t.csv:3:", "listed twice");
    expect_error("S,d,4,1,\nActor,Description,Power,X Position,X Salience,\nA,,1,1,1,\nB,,1,2,2,\n",
                 "t.csv:1:", "announces 4 actors, the file has 2");
    expect_error("actor,description,capability,a position,a salience,b position,b salience\n"
                 "A,,1,10,60,20,50\nB,,1,1,1,1,1\n", "t.csv:2:", "sum to more than 100");
    expect_error("actor,description,capability,x position\nA,,1,1\n", "t.csv:1:", "header");
    expect_error("", "t.csv:0:", "no header");
    snprintf(text, sizeof text, "%sA,,1,10,10\n", head);
    expect_error(text, "t.csv:0:", "at least two actors");
    /* 65 dimensions, one more than deeds reads, without a description
     * column. */
    deeds_buf wide = { 0 };
    deeds_buf_puts(&wide, "actor,capability");
    for (int k = 0; k < 65; k++)
        deeds_buf_printf(&wide, ",d%d position,d%d salience", k, k);
    deeds_buf_puts(&wide, "\nA,1");
    for (int k = 0; k < 65; k++)
        deeds_buf_puts(&wide, ",1,1");
    deeds_buf_puts(&wide, "\n");
    expect_error(wide.data, "t.csv:1:", "64 dimensions at most");
    deeds_buf_free(&wide);
}

/* The JSON and CSV writers carry every round and the forecast. */
static void test_output_formats(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse(six, &diag);
    deeds_forecast f = run(s, (deeds_forecast_options){ .model = DEEDS_MODEL_EUM, .rounds = 3 });
    deeds_buf out = { 0 };
    deeds_forecast_write(s, &f, DEEDS_FORECAST_JSON, &out);
    assert_non_null(strstr(out.data, "{\"model\": \"eum\""));
    assert_non_null(strstr(out.data, "{\"round\": 3, \"median\": ["));
    assert_non_null(strstr(out.data, "\"relation\": \""));
    assert_non_null(strstr(out.data, "\"forecast\": ["));
    deeds_buf_reset(&out);
    deeds_forecast_write(s, &f, DEEDS_FORECAST_CSV, &out);
    assert_non_null(strstr(out.data, "round,dimension,median,mean,U,N,S,C,R,J\n0,A,"));
    assert_non_null(strstr(out.data, "\n3,B,"));
    deeds_buf_free(&out);
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

/* Sensitivity runs: one seed, one answer; no spread, no change. */
static void test_sensitivity(void **state)
{
    (void)state;
    TESTUTIL_QUIET_DIAG(diag, msgs);
    deeds_scenario *s = parse(six, &diag);
    deeds_forecast_options o = { .model = DEEDS_MODEL_MEAN };
    double a[40], b[40], still[4];
    assert_int_equal(deeds_forecast_sensitivity(s, &o, 20, 10, 3, a, &diag), 0);
    assert_int_equal(deeds_forecast_sensitivity(s, &o, 20, 10, 3, b, &diag), 0);
    assert_memory_equal(a, b, sizeof a);
    int moved = 0;
    for (int i = 2; i < 40; i++)
        moved |= a[i] != a[i % 2];
    assert_true(moved);
    assert_int_equal(deeds_forecast_sensitivity(s, &o, 2, 0, 3, still, &diag), 0);
    deeds_forecast f = run(s, o);
    assert_float_equal(still[0], f.forecast[0], 1e-12);
    assert_float_equal(still[3], f.forecast[1], 1e-12);
    deeds_forecast_free(&f);
    deeds_scenario_free(s);
    deeds_buf_free(&msgs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighted_mean_and_median),
        cmocka_unit_test(test_eum_one_round_by_hand),
        cmocka_unit_test(test_smp_state_zero_by_hand),
        cmocka_unit_test(test_smp_reproducible_with_threads),
        cmocka_unit_test(test_smp_same_position_is_euclidean),
        cmocka_unit_test(test_smp_two_equal_actors),
        cmocka_unit_test(test_ktab_layout),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_output_formats),
        cmocka_unit_test(test_sensitivity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
