/*
 * gen_countries: writes the ISO 3166-1 part of the built-in actors, so that
 * every country and territory has its names and CAMEO code without anyone
 * typing 249 groups.  Build tool only.
 *   gen_countries ISO_3166-1.json HAND.actors... > iso-countries.actors
 *
 * It reads Debian's iso-codes table (name, official_name, common_name of
 * each alpha_3 code), turns every name into a dictionary phrase folded the
 * way the loader folds text ("Côte d'Ivoire" -> COTE_D'IVOIRE_), and gives
 * it the country's CAMEO code: the ISO alpha-3 code except for the table
 * below.  A phrase already written in one of the hand-made .actors files is
 * left out, whatever its code there: the hand-made files hold what ISO can't
 * know (short forms, demonyms, capitals, cities, former names) and override
 * any generated name, so `GEORGIA_ [---]` there keeps Georgia unguessed.
 * The output goes into the library with the data/dict files (see Makefile).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* Where CAMEO's country table (text_to_CAMEO countrynames, CountryInfo)
 * departs from ISO alpha-3.  Dependencies are written as the sovereign's
 * code followed by their own; a territory those tables do not list takes
 * its sovereign's code, as they do for Mayotte and Saint Barthelemy. */
typedef struct cameo_exception {
    const char *iso, *cameo, *why;
} cameo_exception;

static const cameo_exception exceptions[] = {
    { "TLS", "TMP",    "East Timor keeps its pre-2002 code in CAMEO" },
    { "ATA", "ANT",    "CAMEO's Antarctica (ISO's old ANT, the Netherlands Antilles, is NLDANT)" },
    { "ASM", "USAASM", "US territory" },
    { "GUM", "USAGUM", "US territory" },
    { "PRI", "USAPRI", "US territory" },
    { "VIR", "USAVIR", "US territory" },
    { "UMI", "USA",    "US minor islands: not in the CAMEO tables" },
    { "FRO", "DNKFRO", "Danish territory" },
    { "GRL", "DNKGRL", "Danish territory" },
    { "GLP", "FRAGLP", "French overseas department" },
    { "GUF", "FRAGUF", "French overseas department" },
    { "NCL", "FRANCL", "French territory" },
    { "PYF", "FRAPYF", "French territory" },
    { "WLF", "FRAWLF", "French territory (the tables write FRNWLF with KEDS' old France code)" },
    { "MYT", "FRA",    "coded as France in the CAMEO tables" },
    { "BLM", "FRA",    "coded as France in the CAMEO tables" },
    { "REU", "FRA",    "French department: not in the CAMEO tables" },
    { "SPM", "FRA",    "French territory: not in the CAMEO tables" },
    { "ATF", "FRA",    "French territory: not in the CAMEO tables" },
    { "FLK", "GBRFLK", "British territory" },
    { "GIB", "GBRGIB", "British territory" },
    { "IMN", "GBRIMY", "British crown dependency (the tables write IMY, not IMN)" },
    { "MSR", "GBRMSR", "British territory" },
    { "PCN", "GBRPCN", "British territory" },
    { "SHN", "GBRSHN", "British territory" },
    { "VGB", "GBRVGB", "British territory" },
    { "JEY", "GBR",    "coded as the United Kingdom in the CAMEO tables" },
    { "SGS", "GBR",    "British territory: not in the CAMEO tables" },
    { "NIU", "NZLNIU", "New Zealand realm" },
    { "TKL", "NZLTKL", "New Zealand territory" },
    { "NFK", "AUSNFK", "Australian territory" },
    { "HMD", "AUS",    "Australian territory: not in the CAMEO tables" },
    { "ALA", "FIN",    "Finnish autonomous region: not in the CAMEO tables" },
    { "SJM", "NOR",    "Norwegian territory: not in the CAMEO tables" },
    { "BVT", "NOR",    "Norwegian territory: not in the CAMEO tables" },
    { "BES", "NLD",    "Dutch special municipalities: not in the CAMEO tables" },
};

static const cameo_exception *exception_for(const char *iso)
{
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
        if (!strcmp(exceptions[i].iso, iso))
            return &exceptions[i];
    return NULL;
}

/* ------------------------------------------------------------ phrase keys */

/* Phrases already written by hand, folded to the key form below. */
typedef struct phrase_set {
    char  **keys;
    size_t  n, cap;
} phrase_set;

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p) {
        fputs("gen_countries: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

static void set_add(phrase_set *s, const char *key)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->keys = xrealloc(s->keys, s->cap * sizeof *s->keys);
    }
    s->keys[s->n++] = xstrdup(key);
}

static int set_has(const phrase_set *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->keys[i], key))
            return 1;
    return 0;
}

/* The key of a phrase: folded like input text, blanks and hyphens as '_',
 * no trailing '_' or '=' (whole-word marks do not make another phrase). */
static void phrase_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t len = deeds_fold(s, n, out, cap);
    if (len >= cap)
        len = cap - 1;
    for (size_t i = 0; i < len; i++)
        if (out[i] == ' ' || out[i] == '-')
            out[i] = '_';
    while (len && (out[len - 1] == '_' || out[len - 1] == '='))
        len--;
    out[len] = 0;
}

/* Collects the phrases of a TABARI actors file: an entry's head, its '+'
 * synonyms and one-line entries; code lines, comments and the rest after
 * "~FINISH" are not phrases. */
static int read_hand_file(const char *path, phrase_set *s)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char line[1024], key[1024];
    while (fgets(line, sizeof line, f)) {
        const char *p = line;
        if (!strncmp(p, "~FINISH", 7))
            break;
        if (*p == '+')
            p++;
        if (*p == '#' || *p == ';' || *p == '[' || *p == ' ' || *p == '\t' ||
            *p == '\n' || *p == '\r' || *p == '<' || *p == 0)
            continue;
        size_t n = strcspn(p, " \t[;\r\n");
        phrase_key(p, n, key, sizeof key);
        if (key[0])
            set_add(s, key);
    }
    fclose(f);
    return 0;
}

/* ------------------------------------------------------------ ISO names */

/* An ISO name as the words news text uses: "(...)" asides dropped
 * ("Falkland Islands (Malvinas)"), an inverted name put back in order
 * ("Iran, Islamic Republic of" -> "Islamic Republic of Iran", "Virgin
 * Islands, British" -> "British Virgin Islands"), a leading "the" dropped.
 * Returns 0 for a comma that is a list ("Bonaire, Sint Eustatius and Saba")
 * or a qualifier that is not a form of the name ("Taiwan, Province of
 * China"): those are left to the hand-made file. */
static int news_form(const char *name, char *out, size_t cap)
{
    char plain[256];
    size_t n = 0;
    int depth = 0;
    for (const char *p = name; *p && n + 1 < sizeof plain; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth -= depth > 0;
        else if (!depth && !(*p == ' ' && (n == 0 || plain[n - 1] == ' ')))
            plain[n++] = *p;
    }
    while (n && plain[n - 1] == ' ')
        n--;
    plain[n] = 0;

    const char *comma = strchr(plain, ',');
    char ordered[2 * sizeof plain];
    if (!comma) {
        snprintf(ordered, sizeof ordered, "%s", plain);
    } else {
        const char *tail = comma + 1 + (comma[1] == ' ');
        size_t tl = strlen(tail);
        int of_form = (tl > 3 && !strcmp(tail + tl - 3, " of")) ||
                      (tl > 7 && !strcmp(tail + tl - 7, " of the"));
        int one_word = !strchr(tail, ' ');
        if (!of_form && !one_word)
            return 0;
        snprintf(ordered, sizeof ordered, "%s %.*s", tail, (int)(comma - plain), plain);
    }
    const char *start = ordered;
    if (!strncmp(start, "the ", 4) || !strncmp(start, "The ", 4))
        start += 4;
    snprintf(out, cap, "%s", start);
    return 1;
}

/* --------------------------------------------------------------- output */

static size_t written, skipped_hand, skipped_form;

/* Writes one country's group: the names not already written by hand, each
 * once, then its code.  Nothing when the hand-made file has them all. */
static void write_country(const json_value *c, const phrase_set *hand)
{
    static const char *const fields[] = { "common_name", "name", "official_name" };
    const json_value *a3 = json_object_get(c, "alpha_3");
    if (!a3 || a3->type != JSON_STRING)
        return;
    char keys[3][512];
    size_t nk = 0;
    for (size_t i = 0; i < 3; i++) {
        const json_value *v = json_object_get(c, fields[i]);
        char form[512];
        if (!v || v->type != JSON_STRING)
            continue;
        if (!news_form(v->u.str, form, sizeof form)) {
            skipped_form++;
            continue;
        }
        phrase_key(form, strlen(form), keys[nk], sizeof keys[nk]);
        int seen = 0;
        for (size_t k = 0; k < nk; k++)
            seen |= !strcmp(keys[k], keys[nk]);
        if (seen)
            continue;
        if (set_has(hand, keys[nk])) {
            skipped_hand++;
            continue;
        }
        nk++;
    }
    if (!nk)
        return;
    const cameo_exception *ex = exception_for(a3->u.str);
    if (ex)
        printf("# ISO %s is CAMEO %s: %s\n", ex->iso, ex->cameo, ex->why);
    for (size_t k = 0; k < nk; k++)
        printf("%s%s_\n", k ? "+" : "", keys[k]);
    printf("  [%s]\n", ex ? ex->cameo : a3->u.str);
    written += nk;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        fputs("gen_countries: the ISO table comes with the Debian package iso-codes "
              "(tools/deps.sh installs it)\n", stderr);
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n == cap)
            buf = xrealloc(buf, cap = cap ? 2 * cap : 1 << 16);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: gen_countries ISO_3166-1.json [HAND.actors...] > out.actors\n", stderr);
        return 2;
    }
    phrase_set hand = { 0 };
    for (int i = 2; i < argc; i++)
        if (read_hand_file(argv[i], &hand))
            return 1;
    size_t len;
    char *text = slurp(argv[1], &len);
    if (!text)
        return 1;
    json_parser *jp = json_parser_new();
    json_error err;
    const json_value *root = json_parse(jp, text, len, &err);
    const json_value *list = root ? json_object_get(root, "3166-1") : NULL;
    if (!list || list->type != JSON_ARRAY) {
        fprintf(stderr, "%s: %s\n", argv[1],
                root ? "no \"3166-1\" array: not the iso-codes ISO 3166-1 table" : err.message);
        return 1;
    }
    printf("# iso-countries.actors: generated by tools/gen_countries.c from %s;\n"
           "# do not edit.  Names written in data/dict/*.actors are left out here.\n", argv[1]);
    for (size_t i = 0; i < list->len; i++)
        write_country(&list->u.items[i], &hand);
    printf("# %zu phrases; %zu already written by hand, %zu ISO forms not usable as a phrase\n"
           "~FINISH\n", written, skipped_hand, skipped_form);
    json_parser_free(jp);
    free(text);
    for (size_t i = 0; i < hand.n; i++)
        free(hand.keys[i]);
    free(hand.keys);
    return 0;
}
