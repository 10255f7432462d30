/*
 * plover2gold: turns the PLOVER gold-standard records (PLOVER_GSR_CAMEO,
 * version 0.5b1: a JSON array of CAMEO-manual example sentences, each with a
 * PLOVER category and source/target actor lists) into deeds' gold format,
 * so that `deeds validate` scores the coder on them.  Validation tool only:
 * `make validate` runs it on ../shared and writes into build/, so no gold
 * sentence enters the repository.
 *   plover2gold PLOVER_GSR_CAMEO.json > plover-gold.jsonl
 *
 * Each event record becomes one line with a single expect entry:
 *   src  = the source actors' codes (any one of them), normalised to the
 *          codes of deeds' built-in dictionaries, sectors dropped;
 *   tgt  = the same for the target actors;
 *   root = the CAMEO codes that the record's PLOVER category stands for
 *          (table below; docs/validate.md gives the reasoning).
 * A key is left out when the record names no such actor.  Records that are
 * not events (the DOCUMENT header), lack text or date, or carry a category
 * with no CAMEO counterpart are reported, counted and left out; the counts
 * end up on standard error as "plover2gold: N written, M skipped (...)".
 */
#include "deeds.h"
#include "util.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- categories to CAMEO */

/* The CAMEO codes each PLOVER category accepts.  Current categories follow
 * the CAMEO -> PLOVER table of 2021 read backwards, its code-level
 * exceptions included (163 embargo, 191 blockade and 192 occupation are
 * COERCE; 1712 destruction of property and 175 violent repression are
 * ASSAULT).  CONCEDE and RETREAT share CAMEO's 08 whole: PLOVER splits it
 * by sub-code and the split moved between versions (ceasing a curfew,
 * 0813, went from CONCEDE to RETREAT; resigning is a RETREAT mode but
 * CAMEO's 0831), so the root is the level both versions agree on.  The
 * 0.5b1 categories that PLOVER later merged keep the one CAMEO root they
 * were cut from.  A prefix cannot leave a sub-code out, so SANCTION (16)
 * also accepts 163 and ASSAULT (19) also accepts 191 and 192. */
typedef struct plover_category {
    const char *name;
    const char *codes[6];
} plover_category;

static const plover_category categories[] = {
    { "AGREE",       { "03" } },
    { "CONSULT",     { "04" } },
    { "SUPPORT",     { "05" } },
    { "COOPERATE",   { "06" } },
    { "AID",         { "07" } },
    { "CONCEDE",     { "08" } },
    { "RETREAT",     { "08" } },
    { "INVESTIGATE", { "09" } },               /* 0.5b1; later in ACCUSE */
    { "ACCUSE",      { "09", "11" } },
    { "DEMAND",      { "10" } },               /* 0.5b1; later REQUEST */
    { "REQUEST",     { "10" } },
    { "DISAPPROVE",  { "11" } },               /* 0.5b1; later in ACCUSE */
    { "REJECT",      { "12" } },
    { "THREATEN",    { "13" } },
    { "PROTEST",     { "14" } },
    { "MOBILIZE",    { "15" } },
    { "SANCTION",    { "16" } },
    { "COERCE",      { "17", "163", "191", "192" } },
    { "ASSAULT",     { "18", "19", "20", "1712", "175" } },
    { "FIGHT",       { "19" } },               /* 0.5b1; later in ASSAULT */
};

static const plover_category *category_named(const char *name)
{
    for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
        if (!strcmp(categories[i].name, name))
            return &categories[i];
    return NULL;
}

/* ------------------------------------------------------- actor codes */

/* Codes in the gold records that deeds' built-in dictionaries spell
 * otherwise.  Everything else is already what deeds uses: ISO alpha-3 for
 * states (ROU, DEU, SRB, PSE ...) and IGO, NGO, IMG for the international
 * types. */
static const struct { const char *plover, *deeds; } code_aliases[] = {
    { "TLS", "TMP" },  /* East Timor: deeds keeps CAMEO's code */
    { "ITL", "ITA" },  /* Italy: not an ISO code, a slip in the records */
    { "JAP", "JPN" },  /* Japan: likewise */
    { "VTN", "VNM" },  /* Viet Nam: likewise */
};

/* The first three letters of a PLOVER actor code (its country or
 * international type) as deeds writes them. */
static void actor_country(const char *code, char out[4])
{
    memcpy(out, code, 3);
    out[3] = '\0';
    for (size_t i = 0; i < sizeof code_aliases / sizeof code_aliases[0]; i++)
        if (!strcmp(code_aliases[i].plover, out))
            memcpy(out, code_aliases[i].deeds, 4);
}

/* --------------------------------------------------------------- output */

typedef struct tally {
    unsigned long written, not_event, no_text, unknown_category;
} tally;

/* The line of the input on which record id is written, for messages. */
static long line_of(const char *input, const char *id)
{
    deeds_buf key = { 0 };
    deeds_buf_json_string(&key, id, strlen(id));
    const char *at = strstr(input, key.data);
    deeds_buf_free(&key);
    long line = 1;
    for (const char *p = input; at && p < at; p++)
        line += *p == '\n';
    return line;
}

/* Appends "key":["A","B"] with the distinct country codes of the actor
 * list in member field of rec; nothing when the list names no coded actor.
 * The records write "no actor" as "" as well as []; any other value that is
 * not an array of actor objects is reported and treated as empty. */
static void write_actors(deeds_buf *out, const char *key,
                         const json_value *rec, const char *field,
                         const char *file, long line, deeds_diag *diag)
{
    const json_value *actors = json_object_get(rec, field);
    if (!actors || (actors->type == JSON_STRING && !actors->len))
        return;
    if (actors->type != JSON_ARRAY) {
        deeds_diag_warn(diag, file, line, "\"%s\" is a %s, not a list of "
                        "actors: the record is scored without it", field,
                        json_type_name(actors->type));
        return;
    }
    char seen[16][4];
    size_t n = 0;
    for (size_t i = 0; i < actors->len && n < 16; i++) {
        const json_value *code = json_object_get(&actors->u.items[i], "code");
        if (!code || code->type != JSON_STRING || code->len < 3)
            continue;
        char c[4];
        actor_country(code->u.str, c);
        size_t k = 0;
        while (k < n && strcmp(seen[k], c))
            k++;
        if (k == n)
            memcpy(seen[n++], c, 4);
    }
    if (!n)
        return;
    deeds_buf_printf(out, ", \"%s\": [", key);
    for (size_t k = 0; k < n; k++)
        deeds_buf_printf(out, "%s\"%s\"", k ? ", " : "", seen[k]);
    deeds_buf_puts(out, "]");
}

static const char *string_member(const json_value *rec, const char *key)
{
    const json_value *v = json_object_get(rec, key);
    return v && v->type == JSON_STRING && v->len ? v->u.str : NULL;
}

/* Writes one gold line for rec, or reports why it is left out. */
static void convert_record(const json_value *rec, const char *input,
                           const char *file, FILE *out, tally *t,
                           deeds_diag *diag)
{
    const char *id = string_member(rec, "id");
    const char *event = string_member(rec, "event");
    const char *text = string_member(rec, "text");
    const char *date = string_member(rec, "date");
    long line = id ? line_of(input, id) : 0;
    if (!id)
        id = "(no id)";
    if (event && !strcmp(event, "DOCUMENT")) {
        t->not_event++;
        deeds_diag_skip(diag, file, line, DEEDS_SKIP_NO_TEXT, "record %s is "
                        "a DOCUMENT record (notes on the file, not an event)",
                        id);
        return;
    }
    if (!text || !date) {
        t->no_text++;
        deeds_diag_skip(diag, file, line, DEEDS_SKIP_NO_TEXT, "record %s has "
                        "no \"%s\"", id, text ? "date" : "text");
        return;
    }
    const plover_category *cat = event ? category_named(event) : NULL;
    if (!cat) {
        t->unknown_category++;
        deeds_diag_skip(diag, file, line, DEEDS_SKIP_BAD_JSON, "record %s: "
                        "event \"%s\" is not a PLOVER category plover2gold "
                        "knows (add it to its table)", id,
                        event ? event : "(none)");
        return;
    }
    deeds_buf b = { 0 };
    deeds_buf_puts(&b, "{\"id\": ");
    deeds_buf_json_string(&b, id, strlen(id));
    deeds_buf_puts(&b, ", \"date\": ");
    deeds_buf_json_string(&b, date, strlen(date));
    deeds_buf_puts(&b, ", \"text\": ");
    deeds_buf_json_string(&b, text, strlen(text));
    deeds_buf_puts(&b, ", \"expect\": [{\"root\": [");
    for (size_t i = 0; i < 6 && cat->codes[i]; i++)
        deeds_buf_printf(&b, "%s\"%s\"", i ? ", " : "", cat->codes[i]);
    deeds_buf_puts(&b, "]");
    write_actors(&b, "src", rec, "source", file, line, diag);
    write_actors(&b, "tgt", rec, "target", file, line, diag);
    deeds_buf_puts(&b, "}]}\n");
    fwrite(b.data, 1, b.len, out);
    deeds_buf_free(&b);
    t->written++;
}

/* ----------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: plover2gold PLOVER_GSR_CAMEO.json > gold.jsonl\n",
              stderr);
        return 1;
    }
    deeds_diag diag = { 0 };
    size_t len;
    char *input = deeds_read_file(argv[1], &len);
    if (!input) {
        deeds_diag_error(&diag, argv[1], 0, "cannot read the file");
        return 1;
    }
    json_parser *p = json_parser_new();
    json_error err;
    const json_value *root = json_parse(p, input, len, &err);
    if (!root || root->type != JSON_ARRAY) {
        deeds_diag_error(&diag, argv[1], 0, "%s", root ? "expected a JSON "
                         "array of gold records" : err.message);
        json_parser_free(p);
        free(input);
        return 1;
    }
    tally t = { 0 };
    for (size_t i = 0; i < root->len; i++)
        convert_record(&root->u.items[i], input, argv[1], stdout, &t, &diag);
    fprintf(stderr, "plover2gold: %lu written, %lu skipped (%lu DOCUMENT, "
            "%lu without text or date, %lu unknown category)\n", t.written,
            t.not_event + t.no_text + t.unknown_category, t.not_event,
            t.no_text, t.unknown_category);
    json_parser_free(p);
    free(input);
    return fflush(stdout) == 0 ? 0 : 1;
}
