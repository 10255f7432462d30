/* test_cases.c: runs every case file in tests/cases (format in
 * tests/cases/README.md), one cmocka test per case.  Run from the repo root. */
#include "testutil.h"

#include <dirent.h>

typedef struct tcase {
    char  name[160];
    char *text, *dict;
    int32_t date;
    int   all_modes, expect_none;
    char  expect[32][96];
    int   nexpect;
} tcase;

typedef struct dict_cache { char *spec; deeds_dict *d; } dict_cache;
static dict_cache dicts[32];
static size_t ndicts;

static deeds_dict *get_dict(const char *spec)
{
    for (size_t i = 0; i < ndicts; i++)
        if (!strcmp(dicts[i].spec, spec))
            return dicts[i].d;
    deeds_diag diag = { 0 };
    deeds_dict *d = deeds_dict_load(*spec ? spec : NULL, &diag);
    if (ndicts < 32) {
        dicts[ndicts].spec = strdup(spec);
        dicts[ndicts++].d = d;
    }
    return d;
}

static void collect(void *ud, const deeds_event *ev)
{
    deeds_buf *b = ud;
    deeds_buf_printf(b, "%s %s %s %s\n", ev->source[0] ? ev->source : "-",
                     ev->target[0] ? ev->target : "-", ev->code, deeds_mode_name(ev->mode));
}

static void run_case(void **state)
{
    tcase *tc = *state;
    deeds_dict *d = get_dict(tc->dict ? tc->dict : "");
    assert_non_null(d);
    deeds_coder_options opt = { .all_modes = tc->all_modes };
    deeds_coder *c = deeds_coder_new(d, &opt);
    deeds_buf got = { 0 };
    deeds_code_sentence(c, "case", 0, tc->text, strlen(tc->text), tc->date, collect, &got, NULL);
    /* multiset comparison: remove each expected line once */
    char *rest = got.data ? strdup(got.data) : strdup("");
    int ok = 1;
    for (int i = 0; i < tc->nexpect; i++) {
        char want[100];
        snprintf(want, sizeof want, "%s\n", tc->expect[i]);
        char *hit = NULL;
        for (char *p = rest; *p; p = strchr(p, '\n') + 1) {
            if (!strncmp(p, want, strlen(want)) && (p == rest || p[-1] == '\n')) {
                hit = p;
                break;
            }
        }
        if (!hit) {
            ok = 0;
            continue;
        }
        memmove(hit, hit + strlen(want), strlen(hit + strlen(want)) + 1);
    }
    if (*rest)
        ok = 0;
    if (!ok) {
        print_error("case %s\n  text: %s\n  expected:\n", tc->name, tc->text);
        for (int i = 0; i < tc->nexpect; i++)
            print_error("    %s\n", tc->expect[i]);
        print_error("  got:\n%s", got.data ? got.data : "    (nothing)\n");
    }
    free(rest);
    deeds_buf_free(&got);
    deeds_coder_free(c);
    assert_true(ok);
}

static tcase *cases;
static size_t ncases, capcases;

static void finish_case(tcase *tc, const char *file, int line)
{
    if (!tc->text)
        return;
    snprintf(tc->name, sizeof tc->name, "%s:%d", file, line);
    if (ncases == capcases) {
        capcases = capcases ? 2 * capcases : 64;
        cases = realloc(cases, capcases * sizeof *cases);
    }
    cases[ncases++] = *tc;
}

static void read_cases(const char *path, const char *base)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[900];
    int lineno = 0, start = 0;
    tcase tc;
    memset(&tc, 0, sizeof tc);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0]) {
            finish_case(&tc, base, start);
            memset(&tc, 0, sizeof tc);
            continue;
        }
        if (line[0] == '#')
            continue;
        if (!start || !tc.text)
            start = lineno;
        if (!strncmp(line, "date:", 5)) {
            tc.date = deeds_date_parse(line + 6, strlen(line + 6));
        } else if (!strncmp(line, "text:", 5)) {
            tc.text = strdup(line + 6);
        } else if (!strncmp(line, "dict:", 5)) {
            char buf[1024];
            snprintf(buf, sizeof buf, "tests/%.900s", line + 6);
            tc.dict = strdup(buf);
        } else if (!strncmp(line, "modes:", 6)) {
            tc.all_modes = strstr(line, "all") != NULL;
        } else if (!strncmp(line, "expect:", 7)) {
            if (!strcmp(line + 8, "none"))
                tc.expect_none = 1;
            else if (tc.nexpect < 32)
                snprintf(tc.expect[tc.nexpect++], sizeof tc.expect[0], "%.90s", line + 8);
        }
    }
    finish_case(&tc, base, start);
    fclose(f);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    DIR *dir = opendir("tests/cases");
    if (!dir) {
        fprintf(stderr, "test_cases: run from the repository root\n");
        return 1;
    }
    char *names[256];
    size_t nn = 0;
    struct dirent *de;
    while ((de = readdir(dir)) && nn < 256) {
        size_t l = strlen(de->d_name);
        if (l > 4 && !strcmp(de->d_name + l - 4, ".txt") && strcmp(de->d_name, "README.txt"))
            names[nn++] = strdup(de->d_name);
    }
    closedir(dir);
    qsort(names, nn, sizeof *names, cmp_name);
    for (size_t i = 0; i < nn; i++) {
        char path[1024];
        snprintf(path, sizeof path, "tests/cases/%s", names[i]);
        read_cases(path, names[i]);
        free(names[i]);
    }
    struct CMUnitTest *tests = calloc(ncases + 1, sizeof *tests);
    for (size_t i = 0; i < ncases; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cases[i];
    }
    int rc = _cmocka_run_group_tests("cases", tests, ncases, NULL, NULL);
    for (size_t i = 0; i < ncases; i++) {
        free(cases[i].text);
        free(cases[i].dict);
    }
    free(cases);
    free(tests);
    for (size_t i = 0; i < ndicts; i++) {
        deeds_dict_free(dicts[i].d);
        free(dicts[i].spec);
    }
    return rc;
}
