/*
 * emit.c: events -> output lines.
 *
 * The last stage: the command hands each coded event (and the article it
 * came from, when known) to deeds_format_event, which appends one line in
 * the chosen format to a buffer the caller writes out.  Four formats, all
 * documented column by column in docs/formats.md:
 *
 *   jsonl   our own record, one JSON object a line (the default)
 *   tsv     the same fields, tab-separated, with a header line
 *   gdelt   the 61 columns of the GDELT 2.0 event table, no header
 *   plover  PLOVER JSON Lines
 *
 * Every number about a code (quad class, Goldstein, PLOVER category) comes
 * from cameo.c; a code the table does not know gets null (or an empty
 * column), never a guess.  JSON strings go through deeds_buf_json_string.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "deeds.h"

int deeds_format_parse(const char *name)
{
    static const struct { const char *name; deeds_format fmt; } names[] = {
        { "jsonl", DEEDS_FORMAT_JSONL },   { "tsv", DEEDS_FORMAT_TSV },
        { "gdelt", DEEDS_FORMAT_GDELT },   { "plover", DEEDS_FORMAT_PLOVER },
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name))
            return (int)names[i].fmt;
    return -1;
}

/* ------------------------------------------------------- event accessors */

/* A piece of text that is not NUL-terminated. */
typedef struct text {
    const char *s;
    size_t      n;
} text;

static text text_of(const char *s)
{
    return (text){ s ? s : "", s ? strlen(s) : 0 };
}

/* A fixed-size field of the event, which may fill its array without a NUL. */
#define FIELD_TEXT(arr) ((text){ (arr), strnlen((arr), sizeof(arr)) })

/* The words a span covers; empty when the span is empty or out of range. */
static text span_text(const deeds_event *ev, deeds_span sp)
{
    if (!ev->sentence || sp.start >= sp.end || sp.end > ev->sentence_len)
        return (text){ "", 0 };
    return (text){ ev->sentence + sp.start, sp.end - sp.start };
}

static text sentence_text(const deeds_event *ev)
{
    return (text){ ev->sentence ? ev->sentence : "",
                   ev->sentence ? ev->sentence_len : 0 };
}

/* The first n characters of a code when they are all digits (the root for
 * n = 2, the base code for n = 3); empty otherwise. */
static text code_prefix(const deeds_event *ev, size_t n)
{
    text code = FIELD_TEXT(ev->code);
    if (code.n < n)
        return (text){ "", 0 };
    for (size_t i = 0; i < n; i++)
        if (code.s[i] < '0' || code.s[i] > '9')
            return (text){ "", 0 };
    return (text){ code.s, n };
}

/* The event's code as a C string (lookups need the NUL). */
static void code_string(const deeds_event *ev, char out[sizeof ev->code + 1])
{
    text code = FIELD_TEXT(ev->code);
    memcpy(out, code.s, code.n);
    out[code.n] = '\0';
}

/* A stable id for an event: FNV-1a over the article id, sentence index,
 * actors, code and where the verb starts, folded to 53 bits so that it is
 * exact in a double (R, JavaScript and spreadsheets keep it intact). */
static uint64_t event_id(const deeds_event *ev)
{
    char sent[16], verb[24];
    snprintf(sent, sizeof sent, "%d", ev->sent);
    snprintf(verb, sizeof verb, "%zu", ev->verb_text.start);
    const text parts[] = {
        text_of(ev->doc),       text_of(sent),          FIELD_TEXT(ev->source),
        FIELD_TEXT(ev->target), FIELD_TEXT(ev->code),   text_of(verb),
    };
    uint64_t h = 14695981039346656037ULL;
    for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++) {
        for (size_t i = 0; i < parts[p].n; i++) {
            h ^= (unsigned char)parts[p].s[i];
            h *= 1099511628211ULL;
        }
        h ^= 0xff;  /* separator: ("ab","c") and ("a","bc") differ */
        h *= 1099511628211ULL;
    }
    return (h ^ (h >> 53)) & ((UINT64_C(1) << 53) - 1);
}

/* ------------------------------------------------------------ JSON bits */

static void json_key(deeds_buf *out, const char *key, int first)
{
    if (!first)
        deeds_buf_puts(out, ", ");
    deeds_buf_printf(out, "\"%s\": ", key);
}

static void json_string(deeds_buf *out, text t)
{
    deeds_buf_json_string(out, t.s, t.n);
}

static void json_text(deeds_buf *out, const char *key, text t)
{
    json_key(out, key, 0);
    json_string(out, t);
}

/* A string, or null when it is empty. */
static void json_text_or_null(deeds_buf *out, const char *key, text t)
{
    if (t.n)
        json_text(out, key, t);
    else {
        json_key(out, key, 0);
        deeds_buf_puts(out, "null");
    }
}

static void json_date(deeds_buf *out, const char *key, int32_t date)
{
    char d[11];
    if (date <= 0) {
        json_key(out, key, 0);
        deeds_buf_puts(out, "null");
        return;
    }
    deeds_date_format(date, d);
    json_text(out, key, text_of(d));
}

/* ----------------------------------------------------------- jsonl, tsv */

/* The fields shared by jsonl and tsv, in their order. */
static const char *const record_fields[] = {
    "doc", "sent", "date", "source", "target", "code", "root", "quad",
    "goldstein", "plover", "mode", "source_text", "target_text", "verb_text",
    "sentence",
};
#define RECORD_FIELD_COUNT (sizeof record_fields / sizeof record_fields[0])

/* One jsonl record's fields as text, whether it comes from the coder
 * (deeds code) or from the store (deeds export). */
typedef struct jsonl_record {
    text    doc, source, target, code, source_text, target_text, verb_text,
            sentence, publication, url, title;
    int     sent;
    int32_t date;
    deeds_mode mode;
} jsonl_record;

/* The root of a code: its first two characters when both are digits. */
static text root_of(text code)
{
    if (code.n < 2 || code.s[0] < '0' || code.s[0] > '9' || code.s[1] < '0' || code.s[1] > '9')
        return (text){ "", 0 };
    return (text){ code.s, 2 };
}

/* Writes the record's fields from "{" on, without closing it, so that
 * export can add its counts. */
static void jsonl_fields(deeds_quad_convention conv, const jsonl_record *r, deeds_buf *out)
{
    char code[16];
    snprintf(code, sizeof code, "%.*s", (int)r->code.n, r->code.s);
    const deeds_cameo *c = deeds_cameo_lookup(code);
    int quad = deeds_cameo_quad(code, conv);

    deeds_buf_puts(out, "{");
    json_key(out, "doc", 1);
    json_string(out, r->doc);
    json_key(out, "sent", 0);
    deeds_buf_printf(out, "%d", r->sent);
    json_date(out, "date", r->date);
    json_text(out, "source", r->source);
    json_text(out, "target", r->target);
    json_text(out, "code", r->code);
    json_text_or_null(out, "root", root_of(r->code));
    json_key(out, "quad", 0);
    if (quad >= 0)
        deeds_buf_printf(out, "%d", quad);
    else
        deeds_buf_puts(out, "null");
    json_key(out, "goldstein", 0);
    if (c)
        deeds_buf_printf(out, "%.1f", c->goldstein);
    else
        deeds_buf_puts(out, "null");
    json_text_or_null(out, "plover", text_of(c ? c->plover : NULL));
    json_text(out, "mode", text_of(deeds_mode_name(r->mode)));
    json_text(out, "source_text", r->source_text);
    json_text(out, "target_text", r->target_text);
    json_text(out, "verb_text", r->verb_text);
    json_text(out, "sentence", r->sentence);
    /* The article's own fields, so a store fed from this stream can say
     * where each event was reported (deeds ingest). */
    if (r->publication.n)
        json_text(out, "publication", r->publication);
    if (r->url.n)
        json_text(out, "url", r->url);
    if (r->title.n)
        json_text(out, "title", r->title);
}

static void format_jsonl(deeds_quad_convention conv, const deeds_event *ev,
                         const deeds_article *art, deeds_buf *out)
{
    jsonl_record r = {
        .doc = text_of(ev->doc), .source = FIELD_TEXT(ev->source),
        .target = FIELD_TEXT(ev->target), .code = FIELD_TEXT(ev->code),
        .source_text = span_text(ev, ev->source_text),
        .target_text = span_text(ev, ev->target_text),
        .verb_text = span_text(ev, ev->verb_text), .sentence = sentence_text(ev),
        .publication = text_of(art ? art->source : NULL),
        .url = text_of(art ? art->url : NULL), .title = text_of(art ? art->title : NULL),
        .sent = ev->sent, .date = ev->date, .mode = ev->mode,
    };
    jsonl_fields(conv, &r, out);
    deeds_buf_puts(out, "}\n");
}

/* Appends text as one TSV/GDELT field: tabs, newlines and other control
 * characters become spaces so every record stays on one line. */
static void tsv_text(deeds_buf *out, text t)
{
    size_t run = 0;
    for (size_t i = 0; i < t.n; i++) {
        if ((unsigned char)t.s[i] >= 0x20)
            continue;
        deeds_buf_append(out, t.s + run, i - run);
        deeds_buf_append(out, " ", 1);
        run = i + 1;
    }
    deeds_buf_append(out, t.s + run, t.n - run);
}

static void tsv_field(deeds_buf *out, text t)
{
    deeds_buf_append(out, "\t", 1);
    tsv_text(out, t);
}

/* The quad class and Goldstein columns (each empty when unknown). */
static void tsv_quad_goldstein(deeds_buf *out, int quad, const deeds_cameo *c)
{
    deeds_buf_puts(out, "\t");
    if (quad >= 0)
        deeds_buf_printf(out, "%d", quad);
    deeds_buf_puts(out, "\t");
    if (c)
        deeds_buf_printf(out, "%.1f", c->goldstein);
}


static void format_tsv(deeds_quad_convention conv, const deeds_event *ev,
                       deeds_buf *out)
{
    char code[sizeof ev->code + 1], date[11] = "";
    code_string(ev, code);
    const deeds_cameo *c = deeds_cameo_lookup(code);
    int quad = deeds_cameo_quad(code, conv);
    if (ev->date > 0)
        deeds_date_format(ev->date, date);

    tsv_text(out, text_of(ev->doc));
    deeds_buf_printf(out, "\t%d\t%s", ev->sent, date);
    tsv_field(out, FIELD_TEXT(ev->source));
    tsv_field(out, FIELD_TEXT(ev->target));
    tsv_field(out, FIELD_TEXT(ev->code));
    tsv_field(out, code_prefix(ev, 2));
    tsv_quad_goldstein(out, quad, c);
    tsv_field(out, text_of(c ? c->plover : NULL));
    tsv_field(out, text_of(deeds_mode_name(ev->mode)));
    tsv_field(out, span_text(ev, ev->source_text));
    tsv_field(out, span_text(ev, ev->target_text));
    tsv_field(out, span_text(ev, ev->verb_text));
    tsv_field(out, sentence_text(ev));
    deeds_buf_puts(out, "\n");
}

void deeds_format_header(deeds_format fmt, deeds_buf *out)
{
    if (fmt != DEEDS_FORMAT_TSV)
        return;
    for (size_t i = 0; i < RECORD_FIELD_COUNT; i++) {
        if (i)
            deeds_buf_puts(out, "\t");
        deeds_buf_puts(out, record_fields[i]);
    }
    deeds_buf_puts(out, "\n");
}

/* ---------------------------------------------------------------- gdelt */

/* CAMEO type and role codes (GDELT's CAMEO.type lookup plus PTY): a first
 * segment from this list is not a country, and later segments from it fill
 * the Type1..Type3 columns. */
static int is_type_code(const char *seg)
{
    static const char types[][4] = {
        "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF",
        "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI",
        "LAB", "LEG", "MED", "REF", "MOD", "RAD", "AMN", "IRC", "GRP", "UNO",
        "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET", "PTY",
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!memcmp(types[i], seg, 3))
            return 1;
    return 0;
}

static int is_code_segment(const char *seg)
{
    for (int i = 0; i < 3; i++)
        if (!((seg[i] >= 'A' && seg[i] <= 'Z') || (seg[i] >= '0' && seg[i] <= '9')))
            return 0;
    return 1;
}

/* The ten actor columns (Actor1Code .. Actor1Type3Code): code, name,
 * country, then known group, ethnic and two religion columns (left empty),
 * then up to three type codes. */
static void gdelt_actor(deeds_buf *out, text code, text name)
{
    text country = { "", 0 }, type[3] = { { "", 0 }, { "", 0 }, { "", 0 } };
    size_t ntype = 0;
    for (size_t at = 0; at + 3 <= code.n && ntype < 3; at += 3) {
        const char *seg = code.s + at;
        if (!is_code_segment(seg))
            break;
        if (is_type_code(seg))
            type[ntype++] = (text){ seg, 3 };
        else if (at == 0)
            country = (text){ seg, 3 };
    }
    tsv_field(out, code);
    tsv_field(out, name);
    tsv_field(out, country);
    deeds_buf_puts(out, "\t\t\t\t");
    for (int i = 0; i < 3; i++)
        tsv_field(out, type[i]);
}

/* Columns 35-58: the three geography blocks of eight, all unknown. */
#define GDELT_GEO_COLUMNS 24

static void format_gdelt(deeds_quad_convention conv, const deeds_event *ev,
                         const deeds_article *art, deeds_buf *out)
{
    char code[sizeof ev->code + 1];
    code_string(ev, code);
    const deeds_cameo *c = deeds_cameo_lookup(code);
    int quad = deeds_cameo_quad(code, conv);

    deeds_buf_printf(out, "%llu", (unsigned long long)event_id(ev));
    if (ev->date > 0) {
        int y = ev->date / 10000, m = ev->date / 100 % 100, d = ev->date % 100;
        /* FractionDate: the codebook's month*30+day over 365, with the month
         * counted from 0 so that the fraction stays below 1, as the
         * codebook says it does (2013-04-01 -> 2013.2493). */
        deeds_buf_printf(out, "\t%08d\t%04d%02d\t%04d\t%.4f", (int)ev->date, y,
                         m, y, y + ((m - 1) * 30 + d) / 365.0);
    } else {
        deeds_buf_puts(out, "\t\t\t\t");
    }
    gdelt_actor(out, FIELD_TEXT(ev->source), span_text(ev, ev->source_text));
    gdelt_actor(out, FIELD_TEXT(ev->target), span_text(ev, ev->target_text));
    deeds_buf_printf(out, "\t%d", ev->sent == 0);
    tsv_field(out, FIELD_TEXT(ev->code));
    text base = code_prefix(ev, 3);
    tsv_field(out, base.n ? base : code_prefix(ev, 2));
    tsv_field(out, code_prefix(ev, 2));
    tsv_quad_goldstein(out, quad, c);
    deeds_buf_puts(out, "\t1\t1\t1\t");  /* NumMentions..NumArticles; AvgTone empty */
    for (int i = 0; i < GDELT_GEO_COLUMNS; i++)
        deeds_buf_puts(out, "\t");
    deeds_buf_puts(out, "\t");           /* DATEADDED empty */
    text url = text_of(art ? art->url : NULL);
    tsv_field(out, url.n ? url : text_of(ev->doc));
    deeds_buf_puts(out, "\n");
}

/* --------------------------------------------------------------- plover */

/* PLOVER's own quad of each category (its manual): 1 verbal cooperation,
 * 2 material cooperation, 3 verbal conflict, 4 material conflict.  SANCTION
 * follows its own section of the manual (material conflict). */
static int plover_quad(const char *category)
{
    static const struct { const char *name; int quad; } quads[] = {
        { "AGREE", 1 },    { "CONSULT", 1 },  { "SUPPORT", 1 },
        { "CONCEDE", 1 },  { "COOPERATE", 2 }, { "AID", 2 },
        { "RETREAT", 2 },  { "REQUEST", 3 },  { "ACCUSE", 3 },
        { "REJECT", 3 },   { "THREATEN", 3 }, { "PROTEST", 4 },
        { "MOBILIZE", 4 }, { "SANCTION", 4 }, { "COERCE", 4 },
        { "ASSAULT", 4 },
    };
    for (size_t i = 0; category && i < sizeof quads / sizeof quads[0]; i++)
        if (!strcmp(category, quads[i].name))
            return quads[i].quad;
    return -1;
}

/* An actor or recipient list: [] without a code, else one entity whose
 * "code" is the first three characters of the CAMEO actor code and whose
 * "sector" is the rest. */
static void plover_entity(deeds_buf *out, const char *key, text code, text words)
{
    json_key(out, key, 0);
    if (!code.n) {
        deeds_buf_puts(out, "[]");
        return;
    }
    size_t head = code.n < 3 ? code.n : 3;
    deeds_buf_puts(out, "[{");
    json_key(out, "code", 1);
    json_string(out, (text){ code.s, head });
    if (code.n > head)
        json_text(out, "sector", (text){ code.s + head, code.n - head });
    if (words.n)
        json_text(out, "entity_text", words);
    deeds_buf_puts(out, "}]");
}

/* A JSON list of at most two strings, skipping empty ones. */
static void json_list(deeds_buf *out, const char *key, const char *a, const char *b)
{
    json_key(out, key, 0);
    deeds_buf_puts(out, "[");
    int n = 0;
    const char *items[2] = { a, b };
    for (int i = 0; i < 2; i++) {
        if (!items[i] || !*items[i])
            continue;
        if (n++)
            deeds_buf_puts(out, ", ");
        json_string(out, text_of(items[i]));
    }
    deeds_buf_puts(out, "]");
}

static void plover_cite_info(deeds_buf *out, const deeds_event *ev,
                             const deeds_article *art)
{
    json_key(out, "cite_info", 0);
    deeds_buf_puts(out, "{");
    json_key(out, "citation", 1);
    json_string(out, text_of(ev->doc));
    if (art && art->url && *art->url)
        json_text(out, "url", text_of(art->url));
    if (art && art->title && *art->title)
        json_text(out, "title", text_of(art->title));
    if (art && art->source && *art->source)
        json_text(out, "publication", text_of(art->source));
    deeds_buf_puts(out, "}");
}

static void format_plover(const deeds_event *ev, const deeds_article *art,
                          deeds_buf *out)
{
    char code[sizeof ev->code + 1], id[24];
    code_string(ev, code);
    const deeds_cameo *c = deeds_cameo_lookup(code);
    const char *category = c && *c->plover ? c->plover : NULL;
    const char *aux = ev->mode == DEEDS_MODE_NEGATED      ? "negation"
                    : ev->mode == DEEDS_MODE_HYPOTHETICAL ? "hypothetical"
                                                          : NULL;
    int quad = plover_quad(category);

    snprintf(id, sizeof id, "%llu", (unsigned long long)event_id(ev));
    deeds_buf_puts(out, "{");
    json_key(out, "id", 1);
    json_string(out, text_of(id));
    json_date(out, "date", ev->date);
    plover_entity(out, "actor", FIELD_TEXT(ev->source),
                  span_text(ev, ev->source_text));
    plover_entity(out, "recipient", FIELD_TEXT(ev->target),
                  span_text(ev, ev->target_text));
    json_list(out, "event", category, NULL);
    json_list(out, "mode", deeds_cameo_plover_mode(code), aux);
    json_list(out, "context", NULL, NULL);
    json_key(out, "quad_code", 0);
    if (quad > 0)
        deeds_buf_printf(out, "%d", quad);
    else
        deeds_buf_puts(out, "null");
    text verb = span_text(ev, ev->verb_text);
    json_key(out, "event_text", 0);
    deeds_buf_puts(out, "[");
    if (verb.n)
        json_string(out, verb);
    deeds_buf_puts(out, "]");
    json_text(out, "text", sentence_text(ev));
    json_key(out, "text_info", 0);
    deeds_buf_printf(out, "{\"sequence\": %d}", ev->sent);
    plover_cite_info(out, ev, art);
    json_text(out, "coder", text_of("deeds " DEEDS_VERSION));
    json_text(out, "cameo_code", FIELD_TEXT(ev->code));
    json_key(out, "goldstein", 0);
    if (c)
        deeds_buf_printf(out, "%.1f", c->goldstein);
    else
        deeds_buf_puts(out, "null");
    deeds_buf_puts(out, "}\n");
}

void deeds_format_event(deeds_format fmt, deeds_quad_convention conv,
                        const deeds_event *ev, const deeds_article *art,
                        deeds_buf *out)
{
    switch (fmt) {
    case DEEDS_FORMAT_JSONL:  format_jsonl(conv, ev, art, out); break;
    case DEEDS_FORMAT_TSV:    format_tsv(conv, ev, out); break;
    case DEEDS_FORMAT_GDELT:  format_gdelt(conv, ev, art, out); break;
    case DEEDS_FORMAT_PLOVER: format_plover(ev, art, out); break;
    }
}

/* ------------------------------------------------- stored events (export) */

/* deeds export writes a store's events (deeds_store_events) in four
 * layouts; the counts come from the store (docs/store.md), and every
 * record says which way of counting made it. */

int deeds_export_format_parse(const char *name)
{
    static const char *const names[] = { "gdelt", "icews", "jsonl", "csv" };
    for (int i = 0; name && i < 4; i++)
        if (!strcasecmp(name, names[i]))
            return i;
    return -1;
}

/* The ICEWS coded event data columns, in their order. */
static const char *const icews_columns[] = {
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
    "Target Country", "Story ID", "Sentence Number", "Publisher", "City",
    "District", "Province", "Country", "Latitude", "Longitude",
};

static const char *const csv_columns[] = {
    "id", "counting", "date", "source", "target", "code", "root", "quad",
    "goldstein", "mode", "num_mentions", "num_articles", "num_sources", "doc",
    "sent", "publication", "url", "title", "source_text", "target_text",
    "verb_text", "sentence",
};

void deeds_export_header(deeds_export_format fmt, deeds_buf *out)
{
    const char *const *cols = fmt == DEEDS_EXPORT_ICEWS ? icews_columns : csv_columns;
    size_t n = fmt == DEEDS_EXPORT_ICEWS ? sizeof icews_columns / sizeof *cols
             : fmt == DEEDS_EXPORT_CSV ? sizeof csv_columns / sizeof *cols : 0;
    for (size_t i = 0; i < n; i++) {
        deeds_buf_puts(out, i ? (fmt == DEEDS_EXPORT_CSV ? "," : "\t") : "");
        deeds_buf_puts(out, cols[i]);
    }
    if (n)
        deeds_buf_puts(out, "\n");
}

static void export_gdelt(deeds_quad_convention conv, const deeds_stored_event *ev,
                         deeds_buf *out)
{
    int y = ev->date / 10000, m = ev->date / 100 % 100, d = ev->date % 100;
    text code = text_of(ev->code);
    deeds_buf_printf(out, "%lld\t%08d\t%04d%02d\t%04d\t%.4f", (long long)ev->id,
                     (int)ev->date, y, m, y, y + ((m - 1) * 30 + d) / 365.0);
    gdelt_actor(out, text_of(ev->source), text_of(ev->source_text));
    gdelt_actor(out, text_of(ev->target), text_of(ev->target_text));
    deeds_buf_printf(out, "\t%d", ev->sent == 0);
    tsv_field(out, code);
    tsv_field(out, (text){ code.s, code.n < 3 ? code.n : 3 });
    tsv_field(out, (text){ code.s, code.n < 2 ? code.n : 2 });
    tsv_quad_goldstein(out, deeds_cameo_quad(ev->code, conv), deeds_cameo_lookup(ev->code));
    deeds_buf_printf(out, "\t%u\t%u\t%u\t", ev->num_mentions, ev->num_sources,
                     ev->num_articles);
    for (int i = 0; i < GDELT_GEO_COLUMNS; i++)
        deeds_buf_puts(out, "\t");
    deeds_buf_puts(out, "\t");
    tsv_field(out, text_of(*ev->url ? ev->url : ev->article));
    deeds_buf_puts(out, "\n");
}

/* The code's segments after the first, as ICEWS lists sectors ("GOV MIL"). */
static void icews_sectors(deeds_buf *out, const char *code)
{
    deeds_buf_puts(out, "\t");
    size_t n = strlen(code);
    for (size_t at = 3; at + 3 <= n; at += 3) {
        if (at > 3)
            deeds_buf_puts(out, " ");
        deeds_buf_append(out, code + at, 3);
    }
}

static void export_icews(const deeds_stored_event *ev, deeds_buf *out)
{
    char date[11];
    deeds_date_format(ev->date, date);
    const deeds_cameo *c = deeds_cameo_lookup(ev->code);
    deeds_buf_printf(out, "%lld\t%s", (long long)ev->id, date);
    tsv_field(out, text_of(ev->source_text));
    icews_sectors(out, ev->source);
    tsv_field(out, (text){ ev->source, strnlen(ev->source, 3) });
    tsv_field(out, text_of(c ? c->label : ""));
    tsv_field(out, text_of(ev->code));
    deeds_buf_puts(out, "\t");
    if (c)
        deeds_buf_printf(out, "%.1f", c->goldstein);
    tsv_field(out, text_of(ev->target_text));
    icews_sectors(out, ev->target);
    tsv_field(out, (text){ ev->target, strnlen(ev->target, 3) });
    tsv_field(out, text_of(ev->article));
    deeds_buf_printf(out, "\t%d", ev->sent + 1);
    tsv_field(out, text_of(ev->publication));
    deeds_buf_puts(out, "\t\t\t\t\t\t\n");   /* City .. Longitude: unknown */
}

static void export_jsonl(deeds_quad_convention conv, deeds_count count,
                         const deeds_stored_event *ev, deeds_buf *out)
{
    jsonl_record r = {
        .doc = text_of(ev->article), .source = text_of(ev->source),
        .target = text_of(ev->target), .code = text_of(ev->code),
        .source_text = text_of(ev->source_text), .target_text = text_of(ev->target_text),
        .verb_text = text_of(ev->verb_text), .sentence = text_of(ev->sentence),
        .publication = text_of(ev->publication), .url = text_of(ev->url),
        .title = text_of(ev->title), .sent = ev->sent, .date = ev->date, .mode = ev->mode,
    };
    jsonl_fields(conv, &r, out);
    json_key(out, "id", 0);
    deeds_buf_printf(out, "%lld", (long long)ev->id);
    json_text(out, "counting", text_of(deeds_count_name(count)));
    deeds_buf_printf(out, ", \"num_mentions\": %u, \"num_articles\": %u, "
                     "\"num_sources\": %u}\n", ev->num_mentions, ev->num_articles,
                     ev->num_sources);
}

/* One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break, with quotes doubled. */
static void csv_field(deeds_buf *out, const char *s, int first)
{
    if (!first)
        deeds_buf_puts(out, ",");
    if (!strpbrk(s, ",\"\r\n")) {
        deeds_buf_puts(out, s);
        return;
    }
    deeds_buf_puts(out, "\"");
    for (const char *q; (q = strchr(s, '"')); s = q + 1) {
        deeds_buf_append(out, s, (size_t)(q - s));
        deeds_buf_puts(out, "\"\"");
    }
    deeds_buf_puts(out, s);
    deeds_buf_puts(out, "\"");
}

static void export_csv(deeds_quad_convention conv, deeds_count count,
                       const deeds_stored_event *ev, deeds_buf *out)
{
    const deeds_cameo *c = deeds_cameo_lookup(ev->code);
    int quad = deeds_cameo_quad(ev->code, conv);
    char date[11], root[3] = "", num[2][24];
    deeds_date_format(ev->date, date);
    snprintf(root, sizeof root, "%.2s", ev->code);
    deeds_buf_printf(out, "%lld", (long long)ev->id);
    csv_field(out, deeds_count_name(count), 0);
    csv_field(out, date, 0);
    csv_field(out, ev->source, 0);
    csv_field(out, ev->target, 0);
    csv_field(out, ev->code, 0);
    csv_field(out, root, 0);
    snprintf(num[0], sizeof num[0], "%d", quad);
    csv_field(out, quad >= 0 ? num[0] : "", 0);
    snprintf(num[1], sizeof num[1], "%.1f", c ? c->goldstein : 0.0);
    csv_field(out, c ? num[1] : "", 0);
    csv_field(out, deeds_mode_name(ev->mode), 0);
    deeds_buf_printf(out, ",%u,%u,%u", ev->num_mentions, ev->num_articles, ev->num_sources);
    csv_field(out, ev->article, 0);
    deeds_buf_printf(out, ",%d", ev->sent);
    csv_field(out, ev->publication, 0);
    csv_field(out, ev->url, 0);
    csv_field(out, ev->title, 0);
    csv_field(out, ev->source_text, 0);
    csv_field(out, ev->target_text, 0);
    csv_field(out, ev->verb_text, 0);
    csv_field(out, ev->sentence, 0);
    deeds_buf_puts(out, "\n");
}

void deeds_export_event(deeds_export_format fmt, deeds_quad_convention conv,
                        deeds_count count, const deeds_stored_event *ev,
                        deeds_buf *out)
{
    switch (fmt) {
    case DEEDS_EXPORT_GDELT: export_gdelt(conv, ev, out); break;
    case DEEDS_EXPORT_ICEWS: export_icews(ev, out); break;
    case DEEDS_EXPORT_JSONL: export_jsonl(conv, count, ev, out); break;
    case DEEDS_EXPORT_CSV:   export_csv(conv, count, ev, out); break;
    }
}
