/* test_cache.c: the dictionary cache: a cached load codes exactly as a
 * parsed one, reports the same bad lines, and a damaged cache or an edited
 * source file is noticed and the cache rebuilt. */
#include "testutil.h"
#include "dict.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char root[64];       /* a temporary folder for everything below */
static char cache_home[96]; /* XDG_CACHE_HOME */
static char dicts[96];      /* the dictionary folder */

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *const actors =
    "ARNOR_ [ARN]\nGONDOR_ [GON]\nROHAN_ [ROH]\n"
    "BOROMIR_\n  [GONMIL <190601]\n  [GONELI]\n"
    "MORDOR [MOR\n";   /* a bad line: reported on every load, cached or not */
static const char *const verbs =
    "ATTACK [190]\n- * + [190]\n"
    "MEET [040]\n- WOULD * + [036]\n- * + [040]\n";

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/deeds-test-cache-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    snprintf(cache_home, sizeof cache_home, "%s/cache", root);
    snprintf(dicts, sizeof dicts, "%s/dicts", root);
    mkdir(dicts, 0755);
    /* sets under 64 KiB parse fast and are not cached: this one is bigger */
    deeds_buf big = { 0 };
    deeds_buf_puts(&big, actors);
    for (int i = 0; i < 4000; i++)
        deeds_buf_printf(&big, "FILLER%04d_ [XXX]\n", i);
    write_file(dicts, "t.actors", big.data);
    deeds_buf_free(&big);
    write_file(dicts, "t.verbs", verbs);
    setenv("XDG_CACHE_HOME", cache_home, 1);
    unsetenv("DEEDS_NO_CACHE");
    return 0;
}

static void remove_tree(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
    }
    closedir(dp);
    rmdir(dir);
}

static int teardown(void **state)
{
    (void)state;
    remove_tree(root);
    return 0;
}

/* The one cache file (its path into out); 0 when there is none. */
static int cache_file(char *out, size_t cap)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/deeds", cache_home);
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)))
        if (strlen(de->d_name) > 5 && !strcmp(de->d_name + strlen(de->d_name) - 5, ".dict")) {
            snprintf(out, cap, "%s/%s", dir, de->d_name);
            n++;
        }
    closedir(dp);
    assert_true(n <= 1);
    return n;
}

/* Loads the test folder; messages go to msgs; *cached: came from the cache. */
static deeds_dict *load(deeds_buf *msgs, deeds_diag *g, int *cached)
{
    memset(g, 0, sizeof *g);
    g->emit = testutil_diag_emit;
    g->ud = msgs;
    deeds_buf_reset(msgs);
    deeds_dict *d = deeds_dict_load(dicts, g);
    assert_non_null(d);
    *cached = d->blob != NULL;
    return d;
}

static void keep(void *ud, const deeds_event *ev)
{
    deeds_buf_printf(ud, "%s %s %s %s %s:%d\n", ev->source, ev->target, ev->code,
                     deeds_mode_name(ev->mode), ev->pattern_file, ev->pattern_line);
}

/* Every event of a few sentences, one line each. */
static void code_all(const deeds_dict *d, deeds_buf *out)
{
    static const char *const sentences[] = {
        "Arnor attacked Gondor on Tuesday.",
        "Boromir would meet Rohan.",
        "Rohan met Arnor.",
        "Gondor attacked Mordor.",
    };
    static const int32_t dates[] = { 20190101, 20250101 };
    deeds_coder_options o = { .all_modes = 1 };
    deeds_coder *c = deeds_coder_new(d, &o);
    deeds_buf_reset(out);
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < 2; k++) {
            deeds_code_stats st = { 0 };
            deeds_code_sentence(c, "doc", (int)i, sentences[i], strlen(sentences[i]),
                                dates[k], keep, out, &st);
        }
    deeds_coder_free(c);
}

static void test_round_trip_codes_the_same(void **state)
{
    (void)state;
    deeds_buf m1 = { 0 }, m2 = { 0 }, e1 = { 0 }, e2 = { 0 };
    deeds_diag g1, g2;
    int c1, c2;
    char path[256];
    deeds_dict *d1 = load(&m1, &g1, &c1);
    assert_false(c1);
    assert_int_equal(cache_file(path, sizeof path), 1);
    deeds_dict *d2 = load(&m2, &g2, &c2);
    assert_true(c2);
    code_all(d1, &e1);
    code_all(d2, &e2);
    assert_non_null(strstr(e1.data, "ARN GON 190"));
    assert_non_null(strstr(e1.data, "GONMIL ROH 036"));
    assert_non_null(strstr(e1.data, "GONELI ROH 036"));
    assert_string_equal(e1.data, e2.data);
    /* the bad line is reported again, the same way */
    assert_int_equal(g1.skipped[DEEDS_SKIP_BAD_DICT_LINE], 1);
    assert_int_equal(g2.skipped[DEEDS_SKIP_BAD_DICT_LINE], 1);
    assert_non_null(strstr(m1.data, "t.actors:7:"));
    assert_string_equal(m1.data, m2.data);
    assert_int_equal(d1->nentries, d2->nentries);
    assert_int_equal(d1->npats, d2->npats);
    deeds_dict_free(d1);
    deeds_dict_free(d2);
    deeds_buf_free(&m1);
    deeds_buf_free(&m2);
    deeds_buf_free(&e1);
    deeds_buf_free(&e2);
}

/* Changes one byte at offset at of the cache file (or cuts it there). */
static void damage(const char *path, long at, int cut)
{
    if (cut) {
        assert_int_equal(truncate(path, at), 0);
        return;
    }
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, at, SEEK_SET);
    int c = fgetc(f);
    fseek(f, at, SEEK_SET);
    fputc(c ^ 0x20, f);
    fclose(f);
}

static void test_damaged_cache_is_rebuilt(void **state)
{
    (void)state;
    deeds_buf m = { 0 }, want = { 0 }, got = { 0 };
    deeds_diag g;
    int cached;
    char path[256];
    deeds_dict *d = load(&m, &g, &cached);
    code_all(d, &want);
    deeds_dict_free(d);
    assert_int_equal(cache_file(path, sizeof path), 1);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    const long spots[] = { 0, 40, (long)st.st_size / 2, (long)st.st_size - 1 };
    for (int cut = 0; cut < 2; cut++)
        for (size_t i = 0; i < 4; i++) {
            if (cut && i == 0)
                continue;
            damage(path, spots[i], cut);
            d = load(&m, &g, &cached);
            assert_false(cached);   /* rejected, parsed again ... */
            code_all(d, &got);
            assert_string_equal(got.data, want.data);
            assert_int_equal(g.skipped[DEEDS_SKIP_BAD_DICT_LINE], 1);
            deeds_dict_free(d);
            d = load(&m, &g, &cached);
            assert_true(cached);    /* ... and written anew */
            deeds_dict_free(d);
        }
    deeds_buf_free(&m);
    deeds_buf_free(&want);
    deeds_buf_free(&got);
}

/* Dates a file two seconds on, as an edit made later would: file times
 * advance in clock ticks, and this test is faster than a tick. */
static void touch_later(const char *name)
{
    char path[192];
    snprintf(path, sizeof path, "%s/%s", dicts, name);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    struct timespec t[2] = { st.st_atim, st.st_mtim };
    t[1].tv_sec += 2;
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static void test_edited_source_invalidates(void **state)
{
    (void)state;
    deeds_buf m = { 0 }, e = { 0 };
    deeds_diag g;
    int cached;
    deeds_dict *d = load(&m, &g, &cached);
    deeds_dict_free(d);
    d = load(&m, &g, &cached);
    assert_true(cached);
    deeds_dict_free(d);
    /* same size, new meaning: ATTACK is now 180 */
    char *edited = strdup(verbs);
    memcpy(strstr(edited, "[190]\n-"), "[180]", 5);
    memcpy(strstr(edited, "+ [190]"), "+ [180]", 7);
    write_file(dicts, "t.verbs", edited);
    touch_later("t.verbs");
    d = load(&m, &g, &cached);
    assert_false(cached);
    code_all(d, &e);
    assert_non_null(strstr(e.data, "ARN GON 180"));
    assert_null(strstr(e.data, " 190 "));
    deeds_dict_free(d);
    /* a new file in the folder counts too */
    write_file(dicts, "more.actors", "MORDOR_ [MOR]\n");
    d = load(&m, &g, &cached);
    assert_false(cached);
    code_all(d, &e);
    assert_non_null(strstr(e.data, "GON MOR 180"));
    deeds_dict_free(d);
    d = load(&m, &g, &cached);
    assert_true(cached);
    deeds_dict_free(d);
    write_file(dicts, "t.verbs", verbs);
    char more[192];
    snprintf(more, sizeof more, "%s/more.actors", dicts);
    unlink(more);
    free(edited);
    deeds_buf_free(&m);
    deeds_buf_free(&e);
}

static void test_no_cache_variable(void **state)
{
    (void)state;
    deeds_buf m = { 0 };
    deeds_diag g;
    int cached;
    char path[256];
    remove_tree(cache_home);
    setenv("DEEDS_NO_CACHE", "1", 1);
    deeds_dict *d = load(&m, &g, &cached);
    assert_false(cached);
    deeds_dict_free(d);
    d = load(&m, &g, &cached);
    assert_false(cached);
    deeds_dict_free(d);
    assert_int_equal(cache_file(path, sizeof path), 0);
    unsetenv("DEEDS_NO_CACHE");
    /* an unwritable cache folder is no error either */
    setenv("XDG_CACHE_HOME", "/proc/deeds-no-such-folder", 1);
    d = load(&m, &g, &cached);
    assert_false(cached);
    assert_int_equal(g.errors, 0);
    deeds_dict_free(d);
    setenv("XDG_CACHE_HOME", cache_home, 1);
    deeds_buf_free(&m);
}

/* Writes a file in the cache folder dated days ago. */
static void old_file(const char *name, int days)
{
    char dir[160], path[256];
    snprintf(dir, sizeof dir, "%s/deeds", cache_home);
    mkdir(cache_home, 0755);
    mkdir(dir, 0755);
    write_file(dir, name, "stale");
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct timespec t[2] = { { .tv_sec = time(NULL) - days * 86400L },
                             { .tv_sec = time(NULL) - days * 86400L } };
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static int exists_in_cache(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/deeds/%s", cache_home, name);
    return access(path, F_OK) == 0;
}

/* Writing a cache file clears out files no load has written for a month. */
static void test_old_files_pruned(void **state)
{
    (void)state;
    remove_tree(cache_home);
    old_file("0123456789abcdef.dict", 40);
    old_file("fedcba9876543210.dict", 3);
    old_file("0123456789abcdef.dict.99.tmp", 2);
    deeds_buf m = { 0 };
    deeds_diag g;
    int cached;
    deeds_dict *d = load(&m, &g, &cached);
    assert_false(cached);
    deeds_dict_free(d);
    assert_false(exists_in_cache("0123456789abcdef.dict"));
    assert_false(exists_in_cache("0123456789abcdef.dict.99.tmp"));
    assert_true(exists_in_cache("fedcba9876543210.dict"));
    d = load(&m, &g, &cached);
    assert_true(cached);
    deeds_dict_free(d);
    deeds_buf_free(&m);
}

static void test_small_set_not_cached(void **state)
{
    (void)state;
    char small[128], path[256];
    snprintf(small, sizeof small, "%s/small", root);
    mkdir(small, 0755);
    write_file(small, "t.actors", actors);
    write_file(small, "t.verbs", verbs);
    remove_tree(cache_home);
    TESTUTIL_QUIET_DIAG(q, msgs);
    for (int i = 0; i < 2; i++) {
        deeds_dict *d = deeds_dict_load(small, &q);
        assert_non_null(d);
        assert_null(d->blob);
        deeds_dict_free(d);
    }
    assert_int_equal(cache_file(path, sizeof path), 0);
    assert_int_equal(q.skipped[DEEDS_SKIP_BAD_DICT_LINE], 2);
    remove_tree(small);
    deeds_buf_free(&msgs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_codes_the_same),
        cmocka_unit_test(test_damaged_cache_is_rebuilt),
        cmocka_unit_test(test_edited_source_invalidates),
        cmocka_unit_test(test_no_cache_variable),
        cmocka_unit_test(test_small_set_not_cached),
        cmocka_unit_test(test_old_files_pruned),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
