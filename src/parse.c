/*
 * parse.c: tokens -> typed words -> clauses -> events, TABARI's sparse
 * parse (manual ch. 7) in its order: word typing by dictionary lookup,
 * agents joined to their actors, compound actors, compound nouns and
 * adjectives, pronouns, deletion of comma-delimited clauses, clause
 * splitting at conjunctions, verb patterns per clause, default source and
 * target, passive voice, then subordinate/dominant filtering and compound
 * expansion.  TABARI mode follows TABARI's code where the manual is
 * silent (a source that runs on across clauses, pattern words before the
 * verb matched from the verb backwards, compounds expanded from their first
 * member; docs/coder.md lists these rules).  The default (non-TABARI) rules
 * differ where TABARI is known to fail: agents glue person actors of the
 * same country into one actor, the source is the nearest actor before the
 * verb in each clause (reported speech), and pronouns refer back only.
 * Hands found_events to coder.c.
 */
#include "parse.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS_TABARI 127
#define MAX_TOKENS 250

/* TABARI's closed word classes (manual 7.2), by first letter: a token is
 * compared with at most four words. */
static uint8_t closed_class(const char *w)
{
    typedef struct { const char *word; uint8_t type; } closed;
    static const closed a[] = { { "A", U_DET }, { "AN", U_DET }, { "AND", U_CONJ }, { 0, 0 } };
    static const closed b[] = { { "BUT", U_CONJ }, { "BY", U_BY }, { "BEEN", U_AUX }, { 0, 0 } };
    static const closed f[] = { { "FORMER", U_FORMER }, { 0, 0 } };
    static const closed h[] = { { "HE", U_PRONOUN }, { "HIM", U_PRONOUN }, { "HIS", U_PRONOUN },
                                { "HER", U_PRONOUN }, { 0, 0 } };
    static const closed i[] = { { "IT", U_PRONOUN }, { "ITS", U_PRONOUN }, { "IN", U_PREP },
                                { 0, 0 } };
    static const closed n[] = { { "NOR", U_CONJ }, { 0, 0 } };
    static const closed o[] = { { "OR", U_CONJ }, { "OF", U_PREP }, { 0, 0 } };
    static const closed s[] = { { "SHE", U_PRONOUN }, { 0, 0 } };
    static const closed t[] = { { "THE", U_DET }, { "THEY", U_PRONOUN }, { "THEM", U_PRONOUN },
                                { "THEIR", U_PRONOUN }, { 0, 0 } };
    static const closed wv[] = { { "WAS", U_AUX }, { "WERE", U_AUX }, { 0, 0 } };
    const closed *list;
    switch (w[0]) {
    case 'A': list = a; break;
    case 'B': list = b; break;
    case 'F': list = f; break;
    case 'H': list = h; break;
    case 'I': list = i; break;
    case 'N': list = n; break;
    case 'O': list = o; break;
    case 'S': list = s; break;
    case 'T': list = t; break;
    case 'W': list = wv; break;
    default: return U_OTHER;
    }
    for (; list->word; list++)
        if (!strcmp(w, list->word))
            return list->type;
    return U_OTHER;
}

/* ------------------------------------------------------------ word typing */

/* Default rules: whether the verb form at token i is the second half of a
 * hyphenated modifier ("its long-threatened invasion", "US-led forces",
 * "oil-producing states"; "MILITIA - HELD" in tokenised text): a participle
 * joined by a hyphen to the word before it describes a noun and is no
 * predicate.  Verbs with a prefix
 * ("re-opened", "co-sponsored") stay verbs. */
static int hyphened_participle(const tokens *t, const char *text, size_t i)
{
    static const char *const prefixes[] = { "RE", "CO", "PRE", "UN", "NON", "DE", "MIS", "OUT" };
    if (i == 0)
        return 0;
    uint32_t from = t->v[i - 1].end, at = t->v[i].start;
    int glued = at == from + 1 && text[from] == '-';
    int spaced = at == from + 3 && !memcmp(text + from, " - ", 3);   /* tokenised text */
    if (!glued && !spaced)
        return 0;
    const char *w = tok_text(t, i), *before = tok_text(t, i - 1);
    size_t n = strlen(w);
    int participle = (n > 4 && (!strcmp(w + n - 2, "ED") || !strcmp(w + n - 2, "EN") ||
                                !strcmp(w + n - 3, "ING"))) ||
                     !strcmp(w, "LED") || !strcmp(w, "HELD") || !strcmp(w, "RUN") ||
                     !strcmp(w, "BUILT") || !strcmp(w, "MADE");
    if (!participle)
        return 0;
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
        if (!strcmp(before, prefixes[k]))
            return 0;
    return 1;
}

static int16_t add_actor(parse *p, uint16_t start, uint16_t end, const char *code,
                         uint32_t entry)
{
    p->actors = deeds_grow(p->actors, &p->acap, p->nactors + 1, sizeof *p->actors);
    actor_ref *a = &p->actors[p->nactors];
    memset(a, 0, sizeof *a);
    a->start = start;
    a->end = end;
    snprintf(a->code, sizeof a->code, "%s", code);
    a->group = -1;
    a->ref = -1;
    a->entry = entry;
    return (int16_t)p->nactors++;
}

/* Whether token i is written all in lower case in the original text. */
static int written_lower(const tokens *t, const char *text, size_t i)
{
    for (uint32_t k = t->v[i].start; k < t->v[i].end; k++)
        if (text[k] >= 'A' && text[k] <= 'Z')
            return 0;
    return 1;
}

/* Short one-word actor phrases are acronyms (US, UN, EU, ROK): in mixed-case
 * text a word written in lower case ("told us") is an ordinary word. */
static int acronym_as_word(const parse *p, const parse_opts *o, const char *text,
                           const phrase_match *m, size_t i)
{
    return !o->tabari && !p->tok.all_caps && m->nwords == 1 && p->tok.v[i].len <= 3 &&
           written_lower(&p->tok, text, i);
}

/* First-person pronouns, which in a quotation stand for its speaker. */
static int first_person(const char *w)
{
    switch (w[0]) {
    case 'I': return !w[1];
    case 'W': return !strcmp(w, "WE");
    case 'M': return !strcmp(w, "MY");
    case 'O': return !strcmp(w, "OUR");
    default: return 0;
    }
}

/* Whether token i stands inside a quotation: after an opening quote mark
 * (a typographic one, or an odd straight one) with no closing one since;
 * or, with no mark before it, before a closing typographic mark (a
 * quotation that began in an earlier sentence). */
static int quoted(const tokens *t, size_t i)
{
    if (!t->nquotes)
        return 0;
    int inside = 0, marks = 0;
    for (size_t k = 0; k < i; k++) {
        uint8_t f = t->v[k].flags;
        if (!(f & TOK_QUOTE))
            continue;
        marks++;
        inside = f & TOK_OPEN ? 1 : f & TOK_CLOSE ? 0 : !inside;
    }
    for (size_t k = i + 1; !marks && k < t->n; k++)
        if (t->v[k].flags & TOK_QUOTE)
            return (t->v[k].flags & TOK_CLOSE) != 0;
    return inside;
}

static void type_words(parse *p, const deeds_dict *d, const parse_opts *o, int32_t date,
                       const char *text)
{
    const tokens *t = &p->tok;
    unsigned want = (1u << DK_ACTOR) | (1u << DK_AGENT) | (1u << DK_VERB) |
                    (1u << DK_NOUN) | (1u << DK_ADJ) | (1u << DK_DISCARD) | (1u << DK_TIME);
    for (size_t i = 0; i < t->n; i++) {
        unit *u = &p->u[i];
        if (p->taken[i])
            continue;
        u->end = (uint16_t)(i + 1);
        if (t->v[i].flags & TOK_COMMA) {
            u->type = U_COMMA;
            continue;
        }
        phrase_match m;
        int found = match_best(d, t, i, p->taken, want, &m);
        uint8_t closed = closed_class(tok_text(t, i));
        if (closed == U_OTHER && !o->tabari && first_person(tok_text(t, i)) && quoted(t, i))
            closed = U_PRONOUN;
        if (closed != U_OTHER && (!found || m.nwords == 1)) {
            u->type = closed;
            continue;
        }
        if (!found)
            continue;
        const dict_entry *en = &d->entries[m.entry];
        for (uint8_t k = 1; k < m.nwords; k++) {
            p->taken[m.words[k]] = 1;
            p->u[m.words[k]].flags |= UF_ABSORBED;
        }
        u->entry = m.entry;
        u->end = (uint16_t)(m.words[m.nwords - 1] + 1);
        switch (en->kind) {
        case DK_ACTOR: {
            const char *code = dict_actor_code(d, en, date);
            if (acronym_as_word(p, o, text, &m, i)) {
                u->entry = 0;
            } else if (!code) {
                u->type = U_NOUN;
            } else if (!strcmp(code, "###")) {
                p->discard = 1;
            } else if (!strcmp(code, "+++")) {
                p->complex = 1;
                p->complex_why = "an actor with the complex code [+++]";
            } else {
                u->type = U_ACTOR;
                u->actor = add_actor(p, (uint16_t)i, u->end, code, m.entry);
            }
            break;
        }
        case DK_AGENT: u->type = U_AGENT; break;
        case DK_NOUN:  u->type = U_NOUN; break;
        case DK_ADJ:   u->type = U_ADJ; break;
        case DK_TIME:  /* a time phrase coded [###] or [+++] (manual 5.6) */
            u->type = U_TIME;
            if (en->nvalue & CODE_DISCARD)
                p->discard = 1;
            if (en->nvalue & CODE_COMPLEX) {
                p->complex = 1;
                p->complex_why = "a time phrase with the complex code [+++]";
            }
            break;
        case DK_DISCARD: p->discard = 1; break;
        case DK_VERB: {
            const dict_verb *v = &d->verbs[en->value];
            size_t prev = i;
            while (prev > 0 && (p->u[prev - 1].flags & UF_ABSORBED))
                prev--;
            int after_det = prev > 0 && p->u[prev - 1].type == U_DET;
            int capital = i > 0 && (t->v[i].flags & TOK_CAP) && !t->all_caps;
            if (after_det || (capital && o->tabari)) {
                u->type = U_NOUN;
            } else if (!o->tabari && hyphened_participle(t, text, i)) {
                u->type = U_OTHER;
            } else if ((v->code.flags & (CODE_NULL | CODE_NONE)) && v->npat == 0) {
                u->type = U_OTHER;   /* a null-coded root is not a verb */
            } else {
                u->type = U_VERB;
                if (v->code.flags & CODE_DISCARD)
                    p->discard = 1;
                if (v->code.flags & CODE_COMPLEX) {
                    p->complex = 1;
                    p->complex_why = "a verb with the complex code [+++]";
                }
            }
            break;
        }
        }
    }
}

/* ---------------------------------------------------------------- agents */

/* Adds an agent code to an actor code: "~GOV" as a suffix, "NGO~" as a
 * prefix, unless it is already there on a 3-character boundary. */
static void apply_agent(char *code, size_t cap, const char *agent)
{
    size_t n = strlen(agent);
    int suffix = agent[0] == '~';
    const char *part = suffix ? agent + 1 : agent;
    size_t pn = n - 1;
    for (size_t i = 0; i + pn <= strlen(code); i += 3)
        if (!strncmp(code + i, part, pn))
            return;
    size_t cn = strlen(code);
    if (cn + pn >= cap)
        return;
    if (suffix) {
        memcpy(code + cn, part, pn);
    } else {
        memmove(code + pn, code, cn);
        memcpy(code, part, pn);
    }
    code[cn + pn] = '\0';
}

/* The next unit index after i that is not absorbed (n when none). */
static size_t next_unit(const parse *p, size_t i)
{
    size_t n = p->tok.n;
    for (i++; i < n && (p->u[i].flags & UF_ABSORBED); i++)
        ;
    return i;
}

static size_t prev_unit(const parse *p, size_t i)
{
    while (i > 0) {
        i--;
        if (!(p->u[i].flags & UF_ABSORBED))
            return i;
    }
    return (size_t)-1;
}

static void absorb(parse *p, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        p->u[k].flags |= UF_ABSORBED;
}

/* The state an actor code belongs to (its first three letters), or NULL for
 * international and non-state codes (IGO, NGO, MNC ...) that name none. */
static const char *state_of(const char *code)
{
    static const char *const stateless[] = { "IGO", "NGO", "MNC", "UIS", "---" };
    if (strlen(code) < 3 || code[0] == '~')
        return NULL;
    for (size_t k = 0; k < sizeof stateless / sizeof stateless[0]; k++)
        if (!strncmp(code, stateless[k], 3))
            return NULL;
    return code;
}

/* The roles of a country's own people in domestic news: opposition,
 * rebels, civilians, workers, students, refugees, farmers, media, militias,
 * radicals. */
static int domestic_role(const char *role)
{
    static const char *const roles[] = { "OPP", "REB", "CVL", "LAB", "EDU", "REF", "AGR",
                                         "MED", "UAF", "RAD" };
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
        if (!strcmp(role, roles[k]))
            return 1;
    return 0;
}

/* Whether an actor is named as the place where things happen: IN (and
 * THE) right before its words ("in Algiers", "rebels in the Ivory Coast").
 * A titled person the dictionaries do not know belongs to the sentence's
 * one state only then; when that state is only the other party ("Minister
 * Smith criticised Turkey") the person is as likely a foreigner. */
static int named_as_place(const parse *p)
{
    for (size_t a = 0; a < p->nactors; a++) {
        size_t k = p->actors[a].start;
        if (!p->actors[a].code[0] || p->actors[a].pronoun)
            continue;
        for (; k < p->actors[a].end && k < p->tok.n; k++) {
            const char *w = tok_text(&p->tok, k);
            const char *before = k > 0 ? tok_text(&p->tok, k - 1) : "";
            const char *two = k > 1 ? tok_text(&p->tok, k - 2) : "";
            if (strcmp(w, "IN") && strcmp(w, "THE") &&
                (!strcmp(before, "IN") || (!strcmp(before, "THE") && !strcmp(two, "IN"))))
                return 1;
        }
    }
    return 0;
}

/* Default rules: the end of a person's name the dictionaries do not know,
 * right after a title ending at token i ("President Laurent Gbago"): one
 * to four capitalised words of mixed-case text that are no dictionary
 * word (i when there is none). */
static size_t unknown_name(const parse *p, size_t i)
{
    size_t k = i;
    while (k < p->tok.n && k < i + 4 && !p->tok.all_caps && (p->tok.v[k].flags & TOK_CAP) &&
           p->u[k].type == U_OTHER && !p->u[k].entry && !(p->u[k].flags & UF_ABSORBED) &&
           !(p->tok.v[k].flags & (TOK_NUMBER | TOK_QUOTE)))
        k++;
    return k;
}

/* Default rules: when every actor of the sentence belongs to one state, a
 * word for its own people standing alone (domestic_role) belongs to it too
 * ("Egyptian police opened fire on demonstrators": EGYCOP on EGY's
 * protesters; "the Mozambique government accepted demands from rebels":
 * MOZREB).  So does a title before a name the dictionaries do not know
 * ("President Laurent Gbago": CIVGOV) when an actor is named as a place
 * (named_as_place).  State roles (government, army,
 * police ...) alone are too often another state's or a mere modifier,
 * faiths cross borders, and international and non-state codes (IGO, NGO,
 * MNC ...) name no state. */
static void agents_of_the_country(parse *p, const deeds_dict *d, const parse_opts *o)
{
    char country[4] = "";
    for (size_t a = 0; a < p->nactors; a++) {
        const char *c = p->actors[a].code;
        if (strlen(c) < 3 || c[0] == '~')
            continue;
        if (!state_of(c))
            return;   /* an international or non-state actor: no one state */
        if (!country[0])
            memcpy(country, c, 3);
        else if (strncmp(country, c, 3))
            return;   /* two states: the role's own is unknown */
    }
    if (!country[0] || o->opt.convert_agents)
        return;
    int placed = named_as_place(p);
    size_t n = p->tok.n;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        unit *u = &p->u[i];
        if (u->type != U_AGENT)
            continue;
        const char *agent = dict_str(d, d->entries[u->entry].value);
        size_t name = agent[0] == '~' && placed ? unknown_name(p, u->end) : u->end;
        if (agent[0] != '~' || (!domestic_role(agent + 1) && name == u->end))
            continue;
        char code[48];
        snprintf(code, sizeof code, "%s", country);
        apply_agent(code, sizeof code, agent);
        absorb(p, u->end, name);
        u->end = (uint16_t)name;
        u->type = U_ACTOR;
        u->actor = add_actor(p, (uint16_t)i, u->end, code, u->entry);
    }
}

/* Default rules: a one-word state adjective right before a one-word plural
 * people of another code ("Bosnian Serbs", "Iraqi Kurds") names that
 * people living in the state: CAMEO codes the state with the group after
 * it (BIH + SRB, IRQ + KUR), not the people's own state. */
static int state_and_people(const parse *p, size_t i, size_t nx)
{
    const actor_ref *a = &p->actors[p->u[i].actor], *b = &p->actors[p->u[nx].actor];
    if (p->u[i].end != i + 1 || p->u[nx].end != nx + 1 || strlen(a->code) != 3 ||
        strlen(b->code) != 3 || !state_of(a->code) || !strncmp(a->code, b->code, 3))
        return 0;
    const char *first = tok_text(&p->tok, i), *second = tok_text(&p->tok, nx);
    size_t fl = strlen(first), sl = strlen(second);
    return fl > 1 && first[fl - 1] != 'S' && sl > 1 && second[sl - 1] == 'S';
}

static void join_agents(parse *p, const deeds_dict *d, const parse_opts *o)
{
    size_t n = p->tok.n;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        unit *u = &p->u[i];
        if (u->type != U_AGENT)
            continue;
        const char *agent = dict_str(d, d->entries[u->entry].value);
        size_t pv = prev_unit(p, i);
        int former = pv != (size_t)-1 && p->u[pv].type == U_FORMER;
        size_t target = (size_t)-1;
        size_t before_former = former ? prev_unit(p, pv) : (size_t)-1;
        if (pv != (size_t)-1 && p->u[pv].type == U_ACTOR && !p->actors[p->u[pv].actor].agent) {
            target = pv;
        } else if (before_former != (size_t)-1 && p->u[before_former].type == U_ACTOR &&
                   !p->actors[p->u[before_former].actor].agent) {
            target = before_former;   /* "Arnor former officials" */
        } else {
            size_t nx = next_unit(p, i);
            if (nx < n && p->u[nx].type == U_ACTOR) {
                target = nx;
            } else if (nx < n && p->u[nx].type == U_PREP) {
                size_t k = next_unit(p, nx);
                while (k < n && (p->u[k].type == U_DET || p->u[k].type == U_ADJ))
                    k = next_unit(p, k);
                if (k < n && p->u[k].type == U_ACTOR)
                    target = k;
            }
        }
        if (target == (size_t)-1) {
            if (o->opt.convert_agents) {
                u->type = U_ACTOR;
                u->actor = add_actor(p, (uint16_t)i, u->end, former ? "~ELI" : agent, u->entry);
            }
            continue;
        }
        /* "former" may also stand before the actor of the pair (7.5.1) */
        size_t before_actor = target < i ? prev_unit(p, target) : (size_t)-1;
        if (before_actor != (size_t)-1 && p->u[before_actor].type == U_FORMER)
            former = 1;
        actor_ref *a = &p->actors[p->u[target].actor];
        size_t cl = strlen(a->code);
        if (!o->tabari && !former && agent[0] == '~' && cl >= 6 && !strcmp(a->code + cl - 3, "ELI"))
            a->code[cl - 3] = '\0';   /* "President Mwanawasa": the title the text gives wins over ELI */
        apply_agent(a->code, sizeof a->code, former ? "~ELI" : agent);
        a->agent = u->entry;
        a->agent_first = target > i;
        /* the actor now spans the agent words too */
        size_t lo = target < i ? target : i, hi = target < i ? u->end : p->u[target].end;
        if (target > i && former)
            lo = pv;
        unit keep = p->u[target];
        absorb(p, lo, hi);
        p->u[lo] = keep;
        p->u[lo].flags &= (uint8_t)~UF_ABSORBED;
        p->u[lo].end = (uint16_t)hi;
        a->start = (uint16_t)lo;
        a->end = (uint16_t)hi;
        i = lo;
    }
    if (o->tabari)
        return;
    agents_of_the_country(p, d, o);
    /* default rules: "North Korean leader Kim Jong Un" is one actor when the
     * second code refines the first (same country prefix) */
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        if (p->u[i].type != U_ACTOR)
            continue;
        size_t nx = next_unit(p, i);
        if (nx >= n || p->u[nx].type != U_ACTOR)
            continue;
        actor_ref *a = &p->actors[p->u[i].actor], *b = &p->actors[p->u[nx].actor];
        int people = state_and_people(p, i, nx);
        if (strncmp(a->code, b->code, 3) && !people)
            continue;
        if (people) {
            char code[sizeof a->code];
            snprintf(code, sizeof code, "%.3s%.3s", a->code, b->code);
            memcpy(a->code, code, sizeof a->code);
        } else if (strlen(b->code) > strlen(a->code)) {
            memcpy(a->code, b->code, sizeof a->code);
        }
        if (b->entry)
            a->entry = b->entry;
        b->code[0] = '\0';
        p->u[i].end = p->u[nx].end;
        a->end = p->u[nx].end;
        absorb(p, nx, p->u[nx].end);
    }
}

/* Default rules: a possessive pronoun right before an actor phrase is that
 * phrase's determiner, not a second actor ("demanded that its European
 * Community partners refuse": the target is the EC, not Greece again;
 * "President Kagame and his Rwandan Patriotic Front" is one compound). */
static void possessive_determiners(parse *p)
{
    size_t n = p->tok.n;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        if (p->u[i].type != U_PRONOUN)
            continue;
        const char *w = tok_text(&p->tok, i);
        if (strcmp(w, "ITS") && strcmp(w, "THEIR") && strcmp(w, "HIS") && strcmp(w, "HER"))
            continue;
        size_t nx = next_unit(p, i);
        while (nx < n && p->u[nx].type == U_ADJ)
            nx = next_unit(p, nx);
        if (nx < n && p->u[nx].type == U_ACTOR)
            p->u[i].type = U_DET;
    }
}

/* ------------------------------------------------------------- compounds */

/* Skips determiners and adjectives from unit i; returns the next unit. */
static size_t skip_modifiers(const parse *p, size_t i)
{
    size_t n = p->tok.n;
    while (i < n && (p->u[i].type == U_DET || p->u[i].type == U_ADJ))
        i = next_unit(p, i);
    return i;
}

/* Is there a verb before unit i? */
static int verb_before(const parse *p, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (p->u[k].type == U_VERB && !(p->u[k].flags & UF_ABSORBED))
            return 1;
    return 0;
}

static int joins_actors(const char *w)
{
    return !strcmp(w, "AND") || !strcmp(w, "NOR");
}

/* TABARI's compound actors (parser.cp): from each AND or NOR, forward over
 * actors, determiners and adjectives to the last actor, and back over
 * actors, determiners, adjectives, commas and conjunctions while every two
 * actors have a comma or conjunction between them; an agent word stops
 * either scan.  A later compound that takes in an earlier one replaces it. */
static void find_compounds_tabari(parse *p)
{
    size_t n = p->tok.n, none = (size_t)-1;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        if (p->u[i].type != U_CONJ || !joins_actors(tok_text(&p->tok, i)))
            continue;
        size_t end = none;
        for (size_t k = next_unit(p, i); k < n; k = next_unit(p, k)) {
            uint8_t ty = p->u[k].type;
            if (ty != U_ACTOR && ty != U_DET && ty != U_ADJ)
                break;
            if (ty == U_ACTOR && p->actors[p->u[k].actor].agent_first)
                break;   /* an agent word stops the scan */
            if (ty == U_ACTOR)
                end = k;
        }
        if (end == none)
            continue;
        size_t start = none;
        int need_connector = 0;
        for (size_t k = i; k != none; k = prev_unit(p, k)) {
            uint8_t ty = p->u[k].type;
            if (ty == U_CONJ || ty == U_COMMA) {
                need_connector = 0;
            } else if (ty == U_ACTOR) {
                const actor_ref *a = &p->actors[p->u[k].actor];
                if (need_connector || (a->agent && !a->agent_first))
                    break;
                start = k;
                need_connector = 1;
            } else if (ty != U_DET && ty != U_ADJ) {
                break;
            }
        }
        if (start == none)
            continue;
        int16_t g = p->u[start].actor;
        for (size_t k = start; k <= end && k < n; k = next_unit(p, k)) {
            if (p->u[k].type == U_ACTOR)
                p->actors[p->u[k].actor].group = g;
            if (p->u[k].type == U_CONJ || p->u[k].type == U_COMMA)
                p->u[k].flags |= UF_NOSPLIT | UF_COMPOUND;
        }
    }
}

static void find_compounds(parse *p, const deeds_dict *d, int tabari)
{
    size_t n = p->tok.n;
    if (tabari)
        find_compounds_tabari(p);
    for (size_t i = 0; i < n && !tabari; i = next_unit(p, i)) {
        if (p->u[i].type != U_ACTOR || p->actors[p->u[i].actor].group >= 0)
            continue;
        /* actor ( , actor )* AND actor */
        size_t members[64], seps[64];
        size_t nm = 0, ns = 0;
        members[nm++] = i;
        size_t k = next_unit(p, i);
        int closed = 0;
        while (k < n && nm < 64) {
            uint8_t ty = p->u[k].type;
            if (ty != U_COMMA && !(ty == U_CONJ && !strcmp(tok_text(&p->tok, k), "AND")))
                break;
            size_t a = skip_modifiers(p, next_unit(p, k));
            if (a >= n || p->u[a].type != U_ACTOR)
                break;
            seps[ns++] = k;
            members[nm++] = a;
            k = next_unit(p, a);
            if (ty == U_CONJ) {
                closed = 1;
                break;
            }
        }
        if (!closed)
            continue;
        if (!tabari && verb_before(p, i)) {
            /* default rules: "X hit A and B condemned X" is two clauses */
            size_t after = next_unit(p, members[nm - 1]);
            if (after < n && p->u[after].type == U_VERB)
                continue;
        }
        int16_t g = p->u[i].actor;
        for (size_t m = 0; m < nm; m++)
            p->actors[p->u[members[m]].actor].group = g;
        for (size_t s = 0; s < ns; s++)
            p->u[seps[s]].flags |= UF_NOSPLIT | UF_COMPOUND;
        /* default rules: "South Korean and US troops": the agent after the
         * last member belongs to every member */
        const actor_ref *last = &p->actors[p->u[members[nm - 1]].actor];
        if (!tabari && last->agent && last->end > last->start + 1)
            for (size_t m = 0; m + 1 < nm; m++) {
                actor_ref *a = &p->actors[p->u[members[m]].actor];
                if (!a->agent) {
                    apply_agent(a->code, sizeof a->code, dict_str(d, d->entries[last->agent].value));
                    a->agent = last->agent;
                }
            }
        i = members[nm - 1];
    }
    /* compound nouns (noun AND adj* noun) and adjectives (adj AND adj) */
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        if (p->u[i].type != U_CONJ || (p->u[i].flags & UF_NOSPLIT))
            continue;
        size_t pv = prev_unit(p, i), nx = next_unit(p, i);
        if (pv == (size_t)-1 || nx >= n)
            continue;
        if (p->u[pv].type == U_ADJ && p->u[nx].type == U_ADJ)
            p->u[i].flags |= UF_NOSPLIT;
        if (p->u[pv].type == U_NOUN) {
            size_t k = nx;
            while (k < n && p->u[k].type == U_ADJ)
                k = next_unit(p, k);
            if (k < n && p->u[k].type == U_NOUN)
                p->u[i].flags |= UF_NOSPLIT;
        }
    }
}

/* -------------------------------------------------------------- pronouns */

/* An actor's code without the agents joined to it (TABARI looks agents up
 * where an actor is used, so a pronoun carries none). */
static const char *base_code(const parse *p, const deeds_dict *d, int a, int32_t date)
{
    const actor_ref *ar = &p->actors[a];
    const dict_entry *en = &d->entries[ar->entry];
    const char *code = en->kind == DK_ACTOR ? dict_actor_code(d, en, date) : NULL;
    return code ? code : ar->code;
}

static void refer(parse *p, size_t i, int ref, const char *code)
{
    int16_t idx = add_actor(p, (uint16_t)i, (uint16_t)(i + 1), code,
                            ref >= 0 ? p->actors[ref].entry : 0);
    p->actors[idx].pronoun = 1;
    p->actors[idx].group = ref >= 0 ? p->actors[ref].group : -1;
    p->actors[idx].ref = (int16_t)ref;
    p->u[i].actor = idx;
}

/* TABARI's pronouns (parser.cp): they point back only, to actors outside
 * deleted comma clauses.  HE, SHE, IT ... take the first actor that is not
 * part of a compound; THEY, THEM, THEIR the first compound, else the first
 * actor.  A pronoun with nothing before it takes the first actor of the
 * previous sentence when FORWARD is on (p->forward_in).  A pronoun
 * carries the code without agents; one for a compound stands for
 * the whole compound, but a forwarded one only for its first member. */
static void resolve_pronouns_tabari(parse *p, const deeds_dict *d, int32_t date)
{
    size_t n = p->tok.n;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        if (p->u[i].type != U_PRONOUN || (p->u[i].flags & UF_DELETED))
            continue;
        const char *w = tok_text(&p->tok, i);
        int plural = !strncmp(w, "THE", 3);
        int ref = -1;
        for (size_t k = 0; k < i; k = next_unit(p, k)) {
            const unit *u = &p->u[k];
            if (u->type != U_ACTOR || u->actor < 0 || (u->flags & UF_DELETED) ||
                !p->actors[u->actor].code[0])
                continue;
            int grouped = p->actors[u->actor].group >= 0;
            if (plural ? grouped || ref < 0 : !grouped)
                ref = u->actor;
            if (plural ? grouped : ref >= 0)
                break;
        }
        if (ref >= 0)
            refer(p, i, ref, base_code(p, d, ref, date));
        else if (p->forward_in[0])
            refer(p, i, -1, p->forward_in);
    }
}

/* Default rules: the pronoun at unit i stands for actor ref, its code and
 * compound included. */
static void refer_to(parse *p, size_t i, int ref)
{
    actor_ref copy = p->actors[ref];
    int16_t idx = add_actor(p, (uint16_t)i, (uint16_t)(i + 1), copy.code, copy.entry);
    p->actors[idx].group = copy.group;
    p->actors[idx].pronoun = 1;
    p->u[i].actor = idx;
}

/* Default rules: the speaker of the quotation holding unit i, for its
 * first-person pronouns: the actor named right after the closing quote
 * next to a statement verb ("'We will make them pay,' Kim Jong Un said",
 * "..., said the minister"), else the actor before the opening quote
 * whose statement verb stands just before it ("Kim said: 'We ...'").  -1
 * when there is none. */
static long quote_speaker(const parse *p, const deeds_dict *d, size_t i)
{
    size_t n = p->tok.n, open = i, close = i;
    while (open > 0 && !(p->tok.v[open].flags & TOK_QUOTE))
        open--;
    while (close < n && !(p->tok.v[close].flags & TOK_QUOTE))
        close++;
    long actor = -1;
    int statement = 0;
    for (size_t k = close + 1, seen = 0; k < n && seen < 6; k = next_unit(p, k), seen++) {
        const unit *u = &p->u[k];
        if (u->type == U_ACTOR && actor < 0)
            actor = u->actor;
        else if (u->type == U_VERB)
            statement |= (d->verbs[d->entries[u->entry].value].code.flags & CODE_SUBORD) != 0;
        else if (u->type != U_COMMA && u->type != U_DET && u->type != U_OTHER)
            break;
        if (actor >= 0 && statement)
            return actor;
    }
    if (!(p->tok.v[open].flags & TOK_QUOTE))
        return -1;
    statement = 0;
    for (size_t k = prev_unit(p, open), seen = 0; k != (size_t)-1 && seen < 4; k = prev_unit(p, k), seen++) {
        const unit *u = &p->u[k];
        if (u->type == U_VERB)
            statement |= (d->verbs[d->entries[u->entry].value].code.flags & CODE_SUBORD) != 0;
        else if (u->type == U_ACTOR)
            return statement ? u->actor : -1;
    }
    return -1;
}

static void resolve_pronouns(parse *p, const deeds_dict *d, const parse_opts *o,
                             int32_t date)
{
    if (o->tabari) {
        resolve_pronouns_tabari(p, d, date);
        return;
    }
    size_t n = p->tok.n;
    size_t nreal = p->nactors;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        if (p->u[i].type != U_PRONOUN)
            continue;
        const char *w = tok_text(&p->tok, i);
        long ref = first_person(w) ? quote_speaker(p, d, i) : -1;
        if (first_person(w)) {
            if (ref >= 0)
                refer_to(p, i, (int)ref);
            continue;
        }
        int plural = !strcmp(w, "THEY") || !strcmp(w, "THEM") || !strcmp(w, "THEIR");
        int before_only = !strcmp(w, "ITS") || !strcmp(w, "HIS") || !strcmp(w, "HER") ||
                          !o->tabari;
        for (size_t a = 0; a < nreal; a++) {
            const actor_ref *ar = &p->actors[a];
            if (!ar->code[0] || ar->pronoun)
                continue;
            if (before_only && ar->start >= i)
                continue;
            if (plural && ar->group < 0)
                continue;
            ref = (long)a;
            break;
        }
        if (ref < 0 && plural)
            for (size_t a = 0; a < nreal; a++)
                if (p->actors[a].code[0] && !(!o->tabari && p->actors[a].start >= i)) {
                    ref = (long)a;
                    break;
                }
        if (ref >= 0)
            refer_to(p, i, (int)ref);
    }
}

/* The code FORWARD hands to the next sentence: the first actor outside
 * deleted clauses that is not a pronoun, without its agents. */
static void note_forward(parse *p, const deeds_dict *d, int32_t date)
{
    for (size_t i = 0; i < p->tok.n; i = next_unit(p, i)) {
        const unit *u = &p->u[i];
        if (u->type != U_ACTOR || u->actor < 0 || (u->flags & UF_DELETED))
            continue;
        snprintf(p->forward_out, sizeof p->forward_out, "%s",
                 base_code(p, d, u->actor, date));
        return;
    }
}

/* ----------------------------------------------------- comma-delimited clauses */

static int relative_pronoun(const char *w)
{
    return !strcmp(w, "WHO") || !strcmp(w, "WHICH") || !strcmp(w, "WHOSE") ||
           !strcmp(w, "WHOM");
}

/* Default rules: whether the phrase from unit start to end (the last
 * comma phrase of the sentence) only says who reported the news: ", a UN
 * official said on Monday", ", according to the Canadian Press".  Its one
 * verb is a statement verb whose code is subordinate (SAID [010?]) with no
 * actor after it but places (after IN).  The speaker of a quotation that
 * ends at the comma is its source and stays.  Such a phrase names the reporter, never the target of
 * the acts before it ("French and Egyptian warships launched war games,
 * the French embassy said" is no act towards France). */
static int attribution(const parse *p, const deeds_dict *d, size_t start, size_t end)
{
    if (start + 1 < end && !strcmp(tok_text(&p->tok, start), "ACCORDING") &&
        !strcmp(tok_text(&p->tok, start + 1), "TO"))
        return 1;
    if (start >= 2 && (p->tok.v[start - 2].flags & TOK_QUOTE))
        return 0;
    if (start < end && (p->tok.v[start].flags & TOK_QUOTE))
        return 0;
    size_t verb = (size_t)-1;
    for (size_t k = start; k < end; k = next_unit(p, k)) {
        const unit *u = &p->u[k];
        if (u->type == U_VERB) {
            const dict_verb *v = &d->verbs[d->entries[u->entry].value];
            if (verb != (size_t)-1 || !(v->code.flags & CODE_SUBORD))
                return 0;
            verb = k;
        } else if (u->type == U_ACTOR && verb != (size_t)-1 &&
                   strcmp(tok_text(&p->tok, prev_unit(p, k)), "IN")) {
            return 0;   /* "said Y attacked Z" reports an act; "told reporters in Seoul" does not */
        }
    }
    return verb != (size_t)-1;
}

static void delete_comma_clauses(parse *p, const deeds_dict *d, const dict_options *opt,
                                 int tabari)
{
    if (!opt->comma_on)
        return;
    size_t n = p->tok.n;
    size_t commas[128], nc = 0;
    for (size_t i = 0; i < n && nc < 128; i = next_unit(p, i))
        if (p->u[i].type == U_COMMA && !(p->u[i].flags & UF_NOSPLIT))
            commas[nc++] = i;
    if (!nc)
        return;
    size_t start = 0;
    int prev_deleted = 0;
    for (size_t c = 0; c <= nc; c++) {
        size_t end = c < nc ? commas[c] : n;
        int words = 0;
        for (size_t k = start; k < end; k++)
            words++;
        int lo, hi;
        if (c == 0) { lo = opt->comma_bmin; hi = opt->comma_bmax; }
        else if (c == nc) { lo = opt->comma_emin; hi = opt->comma_emax; }
        else { lo = opt->comma_min; hi = opt->comma_max; }
        /* default rules: ", but X did Y" is a coordinated clause, not an aside;
         * ", who/which/whose ..." is background about an actor, deleted
         * whatever its length (its acts are not this sentence's news) */
        int coordinated = !tabari && start < n && p->u[start].type == U_CONJ;
        int relative = !tabari && c > 0 && start < n && relative_pronoun(tok_text(&p->tok, start));
        int attributed = !tabari && c > 0 && c == nc && attribution(p, d, start, end);
        /* default rules: the words before a closing quote are the quotation
         * itself, the news, and the words after it name its speaker (and
         * addressee): neither is an aside ("Sadly, I was forced to cancel
         * the summit," Trump wrote to Kim Jong Un) */
        int quotation = !tabari && ((c < nc && end + 1 < n && (p->tok.v[end + 1].flags & TOK_QUOTE)) ||
                                    (c > 0 && start < n && (p->tok.v[start].flags & TOK_QUOTE)));
        /* the comma that opened this phrase went with the deleted one before */
        if ((((words > lo && words <= hi) || relative) && !coordinated && !prev_deleted &&
             !quotation) || attributed) {
            size_t to = c < nc ? end + 1 : end;
            size_t from = c == 0 ? start : start - 1;
            for (size_t k = from; k < to && k < n; k++)
                p->u[k].flags |= UF_DELETED;
            prev_deleted = c > 0;
        } else {
            prev_deleted = 0;
        }
        start = end + 1;
    }
}

/* Default rules: whether a verb follows the conjunction at unit i before
 * the next comma or conjunction; without one, the conjunction joins nouns
 * ("demands for greater freedom and opportunities from the government"),
 * not clauses. */
static int verb_follows(const parse *p, size_t i)
{
    for (size_t k = next_unit(p, i); k < p->tok.n; k = next_unit(p, k)) {
        uint8_t ty = p->u[k].type;
        size_t pv = prev_unit(p, k);
        if (ty == U_VERB && strcmp(tok_text(&p->tok, pv), "TO"))
            return 1;   /* an infinitive ("and civilian personnel to investigate") is no clause */
        if (ty == U_COMMA || ty == U_CONJ ||
            (ty == U_OTHER && tok_text(&p->tok, k)[0] == 'W' && relative_pronoun(tok_text(&p->tok, k))))
            return 0;   /* a relative clause's verb is its own ("and intelligence to Macedonia, which is preparing") */
    }
    return 0;
}

/* Default rules: whether a verb stands before the conjunction at unit i in
 * its own stretch of the sentence (since the last THAT, or the start).
 * Without one, the conjunction joins the subjects of the verb after it
 * ("concluded that the US and other developed nations must allocate ..."),
 * not two clauses. */
static int verb_precedes(const parse *p, size_t i)
{
    for (size_t k = prev_unit(p, i); k != (size_t)-1; k = prev_unit(p, k)) {
        if (p->u[k].type == U_VERB && !(p->u[k].flags & UF_DELETED))
            return 1;
        const char *w = tok_text(&p->tok, k);
        if (w[0] == 'T' && !strcmp(w, "THAT"))
            return 0;
    }
    return 0;
}

static void split_clauses(parse *p, int tabari)
{
    size_t n = p->tok.n;
    p->nclauses = 0;
    p->clause_start = deeds_grow(p->clause_start, &p->ccap, 2, sizeof *p->clause_start);
    p->clause_start[p->nclauses++] = 0;
    for (size_t i = 0; i < n; i = next_unit(p, i))
        if (p->u[i].type == U_CONJ && !(p->u[i].flags & (UF_NOSPLIT | UF_DELETED)) &&
            (tabari || (verb_follows(p, i) && verb_precedes(p, i)))) {
            p->clause_start = deeds_grow(p->clause_start, &p->ccap, p->nclauses + 2, sizeof *p->clause_start);
            p->clause_start[p->nclauses++] = (uint16_t)(i + 1);
        }
    p->clause_start[p->nclauses] = (uint16_t)n;
}

/* --------------------------------------------------------- pattern matching */

typedef struct pmatch {
    const parse      *p;
    const deeds_dict *d;
    const dict_elem  *el;
    const uint16_t   *act;    /* active units of the clause */
    size_t            nact;
    int               src, tgt, both;   /* actor indices, -1 none */
    uint64_t          used[4];
    int               tabari;  /* match the words before the verb nearest first */
    int               stop_at_verb;  /* default rules, words after the verb */
} pmatch;

static int unit_actor(const pmatch *m, size_t pos)
{
    const unit *u = &m->p->u[m->act[pos]];
    return (u->type == U_ACTOR || u->type == U_PRONOUN) && u->actor >= 0 &&
           m->p->actors[u->actor].code[0] ? u->actor : -1;
}

/* Default rules: whether the verb at unit i heads a predicate of its own:
 * its subject, an auxiliary, a modal, TO or a relative pronoun right before
 * it ("that he will withdraw", "to press", "which is preparing").  A verb
 * form after another word is as often a noun ("separate phone calls with",
 * "sending ships to"). */
static int predicate(const parse *p, size_t i)
{
    static const char *const heads[] = {
        "TO", "WILL", "WOULD", "SHALL", "SHOULD", "CAN", "COULD", "MAY", "MIGHT", "MUST",
        "IS", "ARE", "WAS", "WERE", "BE", "BEEN", "HAS", "HAVE", "HAD", "DO", "DOES", "DID",
        "NOT", "THAT", "WHO", "WHICH",
    };
    if (p->u[i].type != U_VERB)
        return 0;
    size_t pv = prev_unit(p, i);
    if (pv == (size_t)-1)
        return 0;
    if (p->u[pv].type == U_ACTOR || p->u[pv].type == U_PRONOUN || p->u[pv].type == U_AUX)
        return 1;
    const char *w = tok_text(&p->tok, pv);
    if (p->tok.v[pv].len > 6)
        return 0;   /* no head word is longer */
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
        if (!strcmp(w, heads[k]))
            return 1;
    return 0;
}

/* Records the actor a pattern's $, + or % stood on; 1 (a match). */
static int fill_slot(pmatch *m, int type, int a)
{
    if (type == EL_SOURCE) m->src = a;
    if (type == EL_TARGET) m->tgt = a;
    if (type == EL_BOTH) m->both = a;
    return 1;
}

/* Matches elements k..kend-1 at active positions pos..limit-1.  adj: the
 * element must sit at pos exactly; end_adj: the last element must end at
 * limit (it was glued to the verb). */
static int match_seq(pmatch *m, int k, int kend, size_t pos, size_t limit, int adj,
                     int end_adj)
{
    if (k == kend)
        return !end_adj || pos == limit;
    const dict_elem *e = &m->el[k];
    int next_adj = (e->flags & EL_ADJ) != 0;
    for (size_t j = pos; j < limit; j++) {
        size_t next = j + 1;
        if (e->type == EL_WORD) {
            const unit *u = &m->p->u[m->act[j]];
            size_t tk = m->act[j];
            if (u->type != U_ACTOR && u->end <= tk + 1 &&
                match_word(m->d, e, tok_text(&m->p->tok, tk), m->p->tok.v[tk].len, 0) &&
                match_seq(m, k + 1, kend, next, limit, next_adj, end_adj)) {
                if (tk < 256)
                    m->used[tk / 64] |= 1ull << (tk % 64);
                return 1;
            }
            /* the object an agent word names inside an actor's phrase
             * ("expelled two Russian diplomats": - * DIPLOMATS [161]) */
            if (u->type == U_ACTOR && u->actor >= 0 && m->p->actors[u->actor].agent)
                for (tk = m->act[j]; tk < u->end; tk++)
                    if (match_word(m->d, e, tok_text(&m->p->tok, tk), m->p->tok.v[tk].len, 0) &&
                        match_seq(m, k + 1, kend, next, limit, next_adj, end_adj)) {
                        if (tk < 256)
                            m->used[tk / 64] |= 1ull << (tk % 64);
                        return 1;
                    }
        } else {
            int a = unit_actor(m, j);
            if (a >= 0) {
                int g = m->p->actors[a].group;
                if (e->type == EL_SKIP && g >= 0)   /* ^ skips a whole compound */
                    while (next < limit && unit_actor(m, next) >= 0 &&
                           m->p->actors[unit_actor(m, next)].group == g)
                        next++;
                int ok_type = e->type != EL_BOTH ||
                              g >= 0 || strchr(m->p->actors[a].code, '/');
                if (ok_type && match_seq(m, k + 1, kend, next, limit, next_adj, end_adj))
                    return fill_slot(m, e->type, a);
            }
        }
        if (adj)
            return 0;
        /* default rules: a later verb the pattern does not name opens its
         * own predicate, and the words after it are that verb's ("announced
         * that he will withdraw weapons inspectors": WEAPONS is WITHDRAW's) */
        if (m->stop_at_verb && predicate(m->p, m->act[j]))
            return 0;
    }
    return 0;
}

/* TABARI matches the elements before the verb from the verb backwards, so
 * an actor element takes the actor nearest the verb: element k (and those
 * before it) at active positions below pos.  adj: element k must sit just
 * below pos. */
static int match_back(pmatch *m, int k, size_t pos, int adj)
{
    if (k < 0)
        return 1;
    const dict_elem *e = &m->el[k];
    int next_adj = k > 0 && (m->el[k - 1].flags & EL_ADJ);
    for (size_t j = pos; j-- > 0;) {
        size_t next = j;
        if (e->type == EL_WORD) {
            /* TABARI compares pattern words with every word, those of an
             * actor's phrase included (AMROTH TANKS matches "- TANKS *") */
            const unit *u = &m->p->u[m->act[j]];
            for (size_t tk = u->end; tk-- > m->act[j];) {
                if (match_word(m->d, e, tok_text(&m->p->tok, tk), m->p->tok.v[tk].len, 0) &&
                    match_back(m, k - 1, next, next_adj)) {
                    if (tk < 256)
                        m->used[tk / 64] |= 1ull << (tk % 64);
                    return 1;
                }
            }
        } else {
            int a = unit_actor(m, j);
            if (a >= 0) {
                int g = m->p->actors[a].group;
                if (e->type == EL_SKIP && g >= 0)   /* ^ skips a whole compound */
                    while (next > 0 && unit_actor(m, next - 1) >= 0 &&
                           m->p->actors[unit_actor(m, next - 1)].group == g)
                        next--;
                int ok_type = e->type != EL_BOTH ||
                              g >= 0 || strchr(m->p->actors[a].code, '/');
                if (e->type == EL_BOTH && g >= 0)
                    a = g;   /* % found the compound from its end */
                if (ok_type && match_back(m, k - 1, next, next_adj))
                    return fill_slot(m, e->type, a);
            }
        }
        if (adj)
            return 0;
    }
    return 0;
}

static int match_pattern(pmatch *m, const dict_pattern *pat, size_t vpos)
{
    m->el = m->d->elems + pat->elem;
    int star = 0;
    while (star < pat->nelem && m->el[star].type != EL_VERB)
        star++;
    m->src = m->tgt = m->both = -1;
    memset(m->used, 0, sizeof m->used);
    int glued_before = star > 0 && (m->el[star - 1].flags & EL_ADJ);
    if (m->tabari ? !match_back(m, star - 1, vpos, glued_before)
                  : !match_seq(m, 0, star, 0, vpos, 0, glued_before))
        return 0;
    int glued_after = (m->el[star].flags & EL_ADJ) != 0;
    int s = m->src, t = m->tgt, b = m->both;
    uint64_t used[4];
    memcpy(used, m->used, sizeof used);
    m->stop_at_verb = !m->tabari;
    int after = match_seq(m, star + 1, pat->nelem, vpos + 1, m->nact, glued_after, 0);
    m->stop_at_verb = 0;
    if (!after)
        return 0;
    if (s >= 0) m->src = s;
    if (t >= 0) m->tgt = t;
    if (b >= 0) m->both = b;
    for (int i = 0; i < 4; i++)
        m->used[i] |= used[i];
    return 1;
}

/* ------------------------------------------------------------------ events */

typedef struct member { const char *code; size_t clen; uint16_t start, end; } member;

/* The actors an actor stands for: the members of its compound and the
 * parts of a coded compound (A/B). */
static size_t expand_actor(const parse *p, int a, int whole_group, member *out, size_t cap)
{
    size_t n = 0;
    const actor_ref *ar = &p->actors[a];
    int group = whole_group ? ar->group : -1;
    for (size_t i = 0; i < p->nactors && n < cap; i++) {
        const actor_ref *x = &p->actors[i];
        if (group >= 0 ? (x->group != group || x->pronoun || !x->code[0]) : (long)i != a)
            continue;
        if (group < 0)
            x = ar;
        const char *c = x->code;
        while (*c && n < cap) {
            const char *slash = strchr(c, '/');
            size_t len = slash ? (size_t)(slash - c) : strlen(c);
            out[n++] = (member){ c, len, ar->pronoun ? ar->start : x->start,
                                 ar->pronoun ? ar->end : x->end };
            c = slash ? slash + 1 : c + len;
        }
    }
    return n;
}

static void push_event(parse *p, const member *s, const member *t, const char *code,
                       const found_event *proto)
{
    p->events = deeds_grow(p->events, &p->ecap, p->nevents + 1, sizeof *p->events);
    found_event *e = &p->events[p->nevents++];
    *e = *proto;
    snprintf(e->source, sizeof e->source, "%.*s", (int)s->clen, s->code);
    snprintf(e->target, sizeof e->target, "%.*s", (int)t->clen, t->code);
    snprintf(e->code, sizeof e->code, "%s", code);
    e->src_start = s->start; e->src_end = s->end;
    e->tgt_start = t->start; e->tgt_end = t->end;
}

/* Does actor a stand for its whole compound?  TABARI expands a compound
 * only when the actor found is its first member (or a pronoun for it). */
static int whole_group(const parse *p, int tabari, int a)
{
    const actor_ref *ar = &p->actors[a];
    return !tabari || ar->pronoun || ar->group == a;
}

static void add_events(parse *p, int tabari, int src, int tgt, const char *src_default,
                       const char *tgt_default, const dict_code *code,
                       const found_event *proto)
{
    member S[64], T[64];
    size_t ns = 0, nt = 0;
    if (src >= 0)
        ns = expand_actor(p, src, whole_group(p, tabari, src), S, 64);
    else
        S[ns++] = (member){ src_default, strlen(src_default), 0, 0 };
    if (tgt >= 0)
        nt = expand_actor(p, tgt, whole_group(p, tabari, tgt), T, 64);
    else
        T[nt++] = (member){ tgt_default, strlen(tgt_default), 0, 0 };
    int same = src >= 0 && src == tgt;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = same && (code->flags & CODE_PAIRED) ? i + 1 : 0; j < nt; j++) {
            if (S[i].clen == T[j].clen && !memcmp(S[i].code, T[j].code, S[i].clen))
                continue;
            if (p->nevents >= 64)
                return;
            if (*code->a)
                push_event(p, &S[i], &T[j], code->a, proto);
            if (code->flags & CODE_PAIRED && *code->b)
                push_event(p, &T[j], &S[i], code->b, proto);
        }
}

/* The actor of active position k, skipping pronoun-less or empty ones. */
static int first_actor(const pmatch *m, size_t from, size_t to, const char *not_code,
                       int last)
{
    int found = -1;
    for (size_t k = from; k < to; k++) {
        int a = unit_actor(m, k);
        if (a < 0 || (not_code && !strcmp(m->p->actors[a].code, not_code)))
            continue;
        found = a;
        if (!last)
            break;
    }
    return found;
}

/* Who the source is as coding moves through a sentence.  TABARI keeps one
 * running source from verb to verb and clause to clause; a clause that
 * opens with an actor replaces it, and a passive verb clears it. */
enum { ACT_NONE = -1, ACT_DEFSRC = -2, ACT_DEFTGT = -3 };

typedef struct actor_state {
    int carried;                  /* default rules: the clause's first actor */
    int src;                      /* TABARI: the running source (or ACT_*) */
    int regular_src, regular_tgt; /* TABARI: found by the rules, not a pattern */
    int passive;                  /* TABARI: the last verb was passive */
} actor_state;

static const char *actor_code(const parse *p, const parse_opts *o, int a)
{
    if (a == ACT_DEFSRC)
        return o->opt.default_source;
    if (a == ACT_DEFTGT)
        return o->opt.default_target;
    return a >= 0 ? p->actors[a].code : "";
}

/* TABARI compares actors by code, not by position. */
static int same_actor(const parse *p, const parse_opts *o, int a, int b)
{
    return a != ACT_NONE && b != ACT_NONE && !strcmp(actor_code(p, o, a), actor_code(p, o, b));
}

/* TABARI's source when no pattern names one: the clause's first actor that
 * is not the target, wherever it stands; under DEFAULT SOURCE ... PRIOR the
 * default when that actor follows the verb; the default when none. */
static int regular_source(const pmatch *m, const parse_opts *o, size_t vpos, int tgt,
                          actor_state *st)
{
    const char *def = o->opt.default_source;
    for (size_t k = 0; k < m->nact; k++) {
        int a = unit_actor(m, k);
        if (a < 0)
            continue;
        if (*def && o->opt.default_source_prior && k > vpos)
            break;
        if (!same_actor(m->p, o, a, tgt)) {
            st->regular_src = 1;
            return a;
        }
    }
    if (!*def)
        return ACT_NONE;
    st->regular_src = 1;
    return ACT_DEFSRC;
}

/* TABARI's target when no pattern names one: the first actor after the verb
 * that is not the source; under DEFAULT TARGET ... AFTER the default;
 * otherwise the nearest such actor before the verb, a compound source
 * itself, or the default (which TABARI only uses when a default source is
 * set too). */
static int regular_target(const pmatch *m, const parse_opts *o, size_t vpos, int src,
                          actor_state *st)
{
    const parse *p = m->p;
    for (size_t k = vpos + 1; k < m->nact; k++) {
        int a = unit_actor(m, k);
        if (a >= 0 && !same_actor(p, o, a, src)) {
            st->regular_tgt = 1;
            return a;
        }
    }
    const char *def = o->opt.default_target;
    if (*def && o->opt.default_target_after) {
        st->regular_tgt = 1;
        return ACT_DEFTGT;
    }
    for (size_t k = vpos; k-- > 0;) {
        int a = unit_actor(m, k);
        if (a >= 0 && !same_actor(p, o, a, src))
            return a;
    }
    if (src >= 0 && (p->actors[src].group >= 0 || strchr(p->actors[src].code, '/')))
        return src;
    if (*def && *o->opt.default_source) {
        st->regular_tgt = 1;
        return ACT_DEFTGT;
    }
    return ACT_NONE;
}

/* Passive voice (manual 7.9, as TABARI tests it): WAS/WERE/BEEN one or two
 * words before the verb (passive_aux) and BY within three words after it. */
static int passive_aux(const pmatch *m, size_t vpos)
{
    const parse *p = m->p;
    return (vpos >= 1 && p->u[m->act[vpos - 1]].type == U_AUX) ||
           (vpos >= 2 && p->u[m->act[vpos - 2]].type == U_AUX);
}

static int passive_verb(const pmatch *m, size_t vpos, int by_reach)
{
    int by = 0;
    for (size_t k = vpos + 1; k < m->nact && k <= vpos + (size_t)by_reach; k++)
        by |= m->p->u[m->act[k]].type == U_BY;
    return passive_aux(m, vpos) && by;
}

/* Whether actor a is named as a place: IN right before it. */
static int placed_in(const parse *p, int a)
{
    size_t pv = prev_unit(p, p->actors[a].start);
    return pv != (size_t)-1 && !strcmp(tok_text(&p->tok, pv), "IN");
}

/* Acts only a state's authorities do to a person: investigation (09) and
 * coercion (17: arrest, expulsion, seizure ...). */
static int authorities_act(const dict_code *code)
{
    return !strncmp(code->a, "09", 2) || !strncmp(code->a, "17", 2);
}

/* The actor right after the BY of a passive verb (within by_reach active
 * positions of it; a determiner may stand between), or -1. */
static int passive_agent(const pmatch *m, size_t vpos, int by_reach)
{
    for (size_t k = vpos + 1; k < m->nact && k <= vpos + (size_t)by_reach; k++)
        if (m->p->u[m->act[k]].type == U_BY)
            return first_actor(m, k + 1, k + 3 < m->nact ? k + 3 : m->nact, NULL, 0);
    return -1;
}

/* TABARI's actors for a coded verb (coder.cp's makeEvent); src and tgt are
 * what the pattern named (-1: nothing). */
static int code_actors_tabari(parse *p, const parse_opts *o, const pmatch *m, size_t vpos,
                              int src, int tgt, const dict_code *code,
                              const found_event *proto, actor_state *st)
{
    /* a pronoun a pattern names stands for its actor, agents and all */
    if (src >= 0 && p->actors[src].ref >= 0)
        src = p->actors[src].ref;
    if (tgt >= 0 && p->actors[tgt].ref >= 0)
        tgt = p->actors[tgt].ref;
    if (src < 0)
        src = st->src;
    if (src == ACT_NONE)
        src = regular_source(m, o, vpos, tgt, st);
    if (tgt < 0)
        tgt = regular_target(m, o, vpos, src, st);
    st->src = src;
    if (src == ACT_NONE || tgt == ACT_NONE)
        return 0;
    if (st->regular_src && st->regular_tgt && passive_verb(m, vpos, 3)) {
        int tmp = src;
        src = tgt;
        tgt = tmp;
        st->passive = 1;
        st->src = src;
    }
    size_t before = p->nevents;
    add_events(p, 1, src >= 0 ? src : -1, tgt >= 0 ? tgt : -1, actor_code(p, o, src),
               actor_code(p, o, tgt), code, proto);
    if (!st->regular_src)
        st->src = ACT_NONE;
    return p->nevents > before;
}

/* Whether a code names an act that members of a compound subject do to
 * each other when no target is named ("Seoul and Tokyo held talks"):
 * paired codes, consultation (04), signing an agreement (057) and material
 * cooperation (06).  Criticism or demands by a compound subject with no
 * target ("the US and Japan criticised the test") are not aimed at its own
 * members. */
/* The compound an actor belongs to (its first member), or itself. */
static int compound_of(const parse *p, int a)
{
    return p->actors[a].group >= 0 ? p->actors[a].group : a;
}

static int mutual_code(const dict_code *code)
{
    const char *c = code->a;
    return (code->flags & CODE_PAIRED) || !strncmp(c, "03", 2) || !strncmp(c, "04", 2) ||
           !strncmp(c, "057", 3) ||
           !strncmp(c, "06", 2);
}

/* Default rules: acts a state's own people or officials do with no one
 * named as their object, which CAMEO codes towards their own country: a
 * leader resigning (0831, yielding to demands for a change of leadership)
 * and fighters surrendering or retreating (0874).  Other codes need a
 * named target: a demonstration or a threat with none is too often only
 * background. */
static int self_directed_code(const dict_code *code)
{
    return !strcmp(code->a, "0831") || !strcmp(code->a, "0874");
}

/* Whether actor a is the subject of a clause: a verb, an auxiliary or a
 * modal comes right after it ("North Korean soldiers were training"). */
static int reported_subject(const parse *p, int a)
{
    static const char *const finite[] = {
        "HAD", "HAS", "HAVE", "IS", "ARE", "WAS", "WERE", "WOULD", "WILL", "COULD",
        "CAN", "MAY", "MIGHT", "SHOULD", "MUST", "DID", "DOES", "DO",
    };
    size_t i = p->actors[a].end;
    if (p->actors[a].pronoun || i >= p->tok.n)
        return 0;
    if (p->u[i].type == U_VERB || p->u[i].type == U_AUX)
        return 1;
    const char *w = tok_text(&p->tok, i);
    for (size_t k = 0; k < sizeof finite / sizeof finite[0]; k++)
        if (!strcmp(w, finite[k]))
            return 1;
    return 0;
}

/* Default rules: whether the verb at unit i only qualifies the noun before
 * it, a reduced relative clause that gives background, not the news: "a
 * group holding two American hostages said", "an inspection team heading
 * for Iraq", "prisoners held by Israel began a hunger strike".  An -ING
 * form, or a past participle with BY and its agent after it, that follows a noun, an actor or an
 * unknown word with no comma, auxiliary or function word between. */
static int reduced_relative(const parse *p, size_t i)
{
    static const char *const function_words[] = {
        "TO", "NOT", "ALSO", "STILL", "NOW", "JUST", "WHILE", "AFTER", "BEFORE",
        "WITHOUT", "FOR", "ON", "AT", "FROM", "WITH", "INTO", "ABOUT", "AGAINST",
        "THAT", "WHO", "WHICH", "AS", "SINCE", "WHEN", "IS", "ARE", "AM", "BE",
        "BEING", "KEEP", "KEEPS", "KEPT", "STOP", "STOPPED", "START", "STARTED",
        "BEGAN", "BEGIN", "CONTINUE", "CONTINUED", "CONTINUES", "HAS", "HAVE", "HAD",
        "GET", "GOT", "WENT", "GO", "GOES", "BY", "OF", "IN", "THEN", "AND", "OR",
        /* times after a subject: "Bashir on Thursday shortened by one hour" */
        "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
        "TODAY", "YESTERDAY", "TONIGHT", "WEEK", "MONTH", "YEAR", "NIGHT", "MORNING",
        "AFTERNOON", "EVENING", "WEEKEND",
    };
    const char *w = tok_text(&p->tok, i);
    size_t n = strlen(w);
    size_t nx = p->u[i].end;
    size_t agent = nx + 1 < p->tok.n ? nx + 1 : nx;
    uint8_t at = p->u[agent].type;
    int participle = (n > 4 && (!strcmp(w + n - 2, "ED") || !strcmp(w + n - 2, "EN"))) ||
                     !strcmp(w, "HELD") || !strcmp(w, "LED") || !strcmp(w, "SENT");
    int by_after = participle && nx + 1 < p->tok.n && p->u[nx].type == U_BY &&
                   (at == U_DET || at == U_ACTOR || at == U_AGENT);
    if (!by_after && (n < 6 || strcmp(w + n - 3, "ING")))
        return 0;
    size_t pv = prev_unit(p, i);
    while (pv != (size_t)-1 && p->u[pv].type == U_OTHER) {
        const char *pw = tok_text(&p->tok, pv);
        size_t pn = strlen(pw);
        if (pn < 4 || strcmp(pw + pn - 2, "LY"))
            break;
        pv = prev_unit(p, pv);   /* an adverb: "a group currently holding" */
    }
    if (pv == (size_t)-1)
        return 0;
    uint8_t ty = p->u[pv].type;
    if (ty != U_ACTOR && ty != U_AGENT && ty != U_NOUN && ty != U_OTHER)
        return 0;
    if (ty == U_OTHER) {
        const char *pw = tok_text(&p->tok, pv);
        if (p->tok.v[pv].flags & (TOK_NUMBER | TOK_QUOTE))
            return 0;
        for (size_t k = 0; k < sizeof function_words / sizeof function_words[0]; k++)
            if (!strcmp(pw, function_words[k]))
                return 0;
    }
    return 1;
}

/* Default rules: the subject before the verb at active position vpos.  The
 * nearest actor outside a reduced relative clause ("a group holding
 * American hostages in Lebanon said": the group's IRN), unless it only qualifies an earlier one through OF, IN or
 * FROM in the same noun phrase ("the Turkish and Greek sides of the island
 * of Cyprus agreed", "the Red Cross operating in Iraq said"): then the
 * earlier one.  A verb, comma or conjunction between them ends the phrase. */
static int subject_before(const pmatch *m, size_t vpos, const char *avoid, int *in_relative)
{
    const parse *p = m->p;
    size_t k = vpos, found = 0;
    int a = -1;
    *in_relative = 0;
    for (size_t j = vpos; j-- > 0;) {
        if (p->u[m->act[j]].type == U_VERB) {
            if (!reduced_relative(p, m->act[j]) && a >= 0)
                break;   /* the subject is found; what is before is another clause */
            if (reduced_relative(p, m->act[j])) {
                *in_relative |= a >= 0;
                a = -1;   /* the actors after it were inside the relative clause */
            }
            continue;
        }
        int x = unit_actor(m, j);
        if (x < 0 || (avoid && !strcmp(p->actors[x].code, avoid)))
            continue;
        if (a < 0) {
            a = x;
            found = j;
        }
    }
    k = found;
    while (a >= 0 && k > 0) {
        size_t j = k - 1;
        const char *w = tok_text(&p->tok, m->act[j]);
        if (strcmp(w, "OF") && strcmp(w, "IN") && strcmp(w, "FROM"))
            break;
        int earlier = -1;
        while (j-- > 0) {
            uint8_t ty = p->u[m->act[j]].type;
            if (ty == U_VERB || ty == U_COMMA || (ty == U_CONJ && !(p->u[m->act[j]].flags & UF_NOSPLIT)))
                break;
            earlier = unit_actor(m, j);
            if (earlier >= 0)
                break;
        }
        if (earlier < 0 || (avoid && !strcmp(p->actors[earlier].code, avoid)))
            break;
        a = earlier;
        k = j;
    }
    return a;
}

/* Codes one verb at active position vpos; 1 when an event was added. */
static int code_verb(parse *p, const deeds_dict *d, const parse_opts *o, pmatch *m,
                     size_t vpos, int clause, actor_state *st)
{
    if (o->tabari && st->passive) {
        st->src = ACT_NONE;
        st->passive = 0;
    }
    size_t vu = m->act[vpos];
    const dict_entry *en = &d->entries[p->u[vu].entry];
    const dict_verb *v = &d->verbs[en->value];
    dict_code code = v->code;
    found_event proto;
    memset(&proto, 0, sizeof proto);
    proto.file = v->file;
    proto.line = v->line;
    proto.verb_start = (uint16_t)vu;
    proto.verb_end = p->u[vu].end;
    proto.clause = (uint8_t)clause;
    int src = -1, tgt = -1, both = -1, designated = 0;
    for (uint32_t k = 0; k < v->npat; k++) {
        if (!dict_pattern_possible(d, v->pat + k, p->tok.seen))
            continue;   /* a literal word of the pattern is nowhere in the sentence */
        const dict_pattern *pat = &d->pats[v->pat + k];
        if (!match_pattern(m, pat, vpos))
            continue;
        code = pat->code;
        proto.file = pat->file;
        proto.line = pat->line;
        proto.pattern = v->pat + k + 1;
        memcpy(proto.used, m->used, sizeof proto.used);
        both = m->both;
        if (both >= 0) {
            src = tgt = both;
        } else {
            src = m->src;
            tgt = m->tgt;
        }
        designated = pat->actors;
        break;
    }
    if (code.flags & CODE_DISCARD) {
        p->discard = 1;
        return 0;
    }
    if (code.flags & CODE_COMPLEX) {
        p->complex = 1;
        p->complex_why = "a pattern with the complex code [+++]";
        return 0;
    }
    if (code.flags & (CODE_NULL | CODE_NONE))
        return 0;
    proto.flags = code.flags & (CODE_SUBORD | CODE_DOMINANT);
    if (o->tabari)
        return code_actors_tabari(p, o, m, vpos, src, tgt, &code, &proto, st);

    int actor_before = first_actor(m, 0, vpos, NULL, 0) >= 0;
    int actor_after = first_actor(m, vpos + 1, m->nact, NULL, 0) >= 0;
    if (src < 0) {
        const char *avoid = tgt >= 0 ? p->actors[tgt].code : NULL;
        int in_relative;
        src = subject_before(m, vpos, avoid, &in_relative);
        if (src < 0 && !in_relative && st->carried >= 0 &&
            (!avoid || strcmp(p->actors[st->carried].code, avoid)))
            src = st->carried;
    }
    if (tgt < 0 && both < 0) {
        const char *avoid = src >= 0 ? p->actors[src].code : NULL;
        tgt = first_actor(m, vpos + 1, m->nact, avoid, 0);
        if (tgt < 0)
            tgt = first_actor(m, 0, vpos, avoid, 0);
        if (tgt >= 0 && src >= 0 && compound_of(p, tgt) == compound_of(p, src) &&
            !mutual_code(&code))
            tgt = -1;   /* a member of the subject's own compound is no target */
        if (tgt == src)
            tgt = -1;
        if (tgt < 0 && src >= 0 && p->actors[src].group >= 0 && mutual_code(&code))
            tgt = src;
    }
    /* a passive with no actor as subject, done by a compound to itself:
     * "a treaty was signed by Russia and North Korea" */
    if (!designated && src < 0 && tgt >= 0 && p->actors[tgt].group >= 0 &&
        mutual_code(&code) && passive_verb(m, vpos, 4) && passive_agent(m, vpos, 4) == tgt)
        src = tgt;
    const char *sdef = o->opt.default_source, *tdef = o->opt.default_target;
    char own[4] = "";
    if (tgt < 0 && src >= 0 && self_directed_code(&code) && state_of(p->actors[src].code)) {
        memcpy(own, p->actors[src].code, 3);   /* "President Shevardnadze resigned": GEOGOV->GEO */
        proto.flags |= EVENT_OWN_COUNTRY;
    }
    if (*sdef && (o->opt.default_source_prior ? !actor_before : src < 0))
        src = -1;
    else if (src < 0)
        sdef = "";
    if (*tdef && (o->opt.default_target_after ? !actor_after : tgt < 0))
        tgt = -1;
    else if (tgt < 0)
        tdef = own;
    if ((src < 0 && !*sdef) || (tgt < 0 && !*tdef))
        return 0;
    /* default rules: "X said Y was training ..." reports on Y; the
     * subordinate statement code is not an act of X towards Y (while "X
     * said it was worried about Y" comments on Y and stays) */
    if ((code.flags & CODE_SUBORD) && !designated && tgt >= 0 && reported_subject(p, tgt))
        return 0;
    /* default rules: the statement verb of a quotation's frame ("...," X
     * said) says who spoke; an actor inside the quotation is what was
     * said, coded from the quotation's own verbs, neither the speaker nor
     * the speaker's target */
    int statement = (code.flags & CODE_SUBORD) || !strncmp(code.a, "01", 2);
    if (statement && !designated && !quoted(&p->tok, vu) &&
        ((tgt >= 0 && quoted(&p->tok, p->actors[tgt].start)) ||
         (src >= 0 && quoted(&p->tok, p->actors[src].start))))
        return 0;
    /* ... and the quotation's acts are not done to its speaker */
    if (!designated && tgt >= 0 && quoted(&p->tok, vu) && !quoted(&p->tok, p->actors[tgt].start) &&
        quote_speaker(p, d, vu) == tgt)
        return 0;
    /* passive voice: an auxiliary before the verb and BY within a few words
     * after it; the actor after BY is the source, the subject the target
     * ("Kim was welcomed in Beijing by Xi") */
    if (!designated && src >= 0 && tgt >= 0 && passive_verb(m, vpos, 4)) {
        int agent = passive_agent(m, vpos, 4), subject = src;
        src = agent >= 0 ? agent : tgt;
        tgt = subject;
        if (src == tgt)
            return 0;
    }
    /* a passive with no BY, done IN a country: its authorities are the
     * source and the subject the target ("a US national has been put under
     * investigation in Italy": ITA->USA 090) */
    if (!designated && src >= 0 && tgt >= 0 && authorities_act(&code) &&
        passive_aux(m, vpos) && !passive_verb(m, vpos, 4) && placed_in(p, tgt) && state_of(p->actors[tgt].code)) {
        int subject = src;
        src = tgt;
        tgt = subject;
    }
    if (src >= 0)
        st->carried = src;
    size_t before = p->nevents;
    add_events(p, 0, src, tgt, sdef, tdef, &code, &proto);
    return p->nevents > before;
}

static void code_clauses(parse *p, const deeds_dict *d, const parse_opts *o)
{
    uint16_t act[MAX_TOKENS + 2];
    actor_state st = { .carried = -1, .src = ACT_NONE };
    int code_by = o->tabari ? o->opt.code_by : CODE_BY_CLAUSE;
    for (size_t c = 0; c < p->nclauses; c++) {
        size_t cs = p->clause_start[c], ce = p->clause_start[c + 1];
        size_t words = (c + 1 < p->nclauses ? ce - 1 : ce) - cs;
        if (o->tabari && words < 3)
            continue;   /* TABARI: two words are no clause ("sheep and goats") */
        size_t nact = 0;
        if (o->tabari && c > 0) {
            /* TABARI: an actor phrase reaching across the conjunction (as
             * DURTHANG ... ORC may) is in this clause too */
            size_t k = prev_unit(p, cs);
            while (k != (size_t)-1 && p->u[k].type != U_ACTOR)
                k = prev_unit(p, k);
            if (k != (size_t)-1 && p->u[k].end > cs && !(p->u[k].flags & UF_DELETED))
                act[nact++] = (uint16_t)k;
        }
        for (size_t i = cs; i < ce; i = next_unit(p, i)) {
            if (p->u[i].flags & (UF_DELETED | UF_ABSORBED))
                continue;
            act[nact++] = (uint16_t)i;
        }
        pmatch m = { .p = p, .d = d, .act = act, .nact = nact, .tabari = o->tabari };
        if (st.carried < 0 || (nact && unit_actor(&m, 0) >= 0))
            st.carried = first_actor(&m, 0, nact, NULL, 0) >= 0 ? first_actor(&m, 0, nact, NULL, 0) : st.carried;
        if (c > 0 && cs < p->tok.n && p->u[cs].type == U_ACTOR && !(p->u[cs].flags & UF_ABSORBED))
            st.src = p->u[cs].actor;   /* TABARI: a clause opening with an actor */
        int coded = 0;
        size_t clause_first = p->nevents;
        for (size_t k = 0; k < nact && !p->discard && !p->complex; k++) {
            if (p->u[act[k]].type != U_VERB || (!o->tabari && reduced_relative(p, act[k])))
                continue;
            size_t before = p->nevents;
            if (!code_verb(p, d, o, &m, k, (int)c, &st))
                continue;
            int subord = p->events[before].flags & CODE_SUBORD;
            int dominant = p->events[before].flags & CODE_DOMINANT;
            if (coded && !dominant && code_by != CODE_BY_ALL) {
                p->nevents = before;   /* only dominant codes after the first */
                continue;
            }
            if (subord)
                continue;
            if (!coded) {   /* a real event replaces the clause's subordinate ones */
                size_t w = clause_first;
                for (size_t r = clause_first; r < p->nevents; r++)
                    if (!(p->events[r].flags & CODE_SUBORD))
                        p->events[w++] = p->events[r];
                p->nevents = w;
            }
            coded = 1;
            if (o->tabari && code_by != CODE_BY_ALL)
                break;   /* TABARI looks no further in the clause */
        }
        if (coded && code_by == CODE_BY_SENTENCE)
            break;
    }
    /* subordinate events only when nothing else coded; dominant ones win */
    int any_real = 0, any_dominant = 0;
    for (size_t i = 0; i < p->nevents; i++) {
        any_real |= !(p->events[i].flags & CODE_SUBORD);
        any_dominant |= (p->events[i].flags & CODE_DOMINANT) != 0;
    }
    size_t w = 0;
    for (size_t i = 0; i < p->nevents; i++) {
        const found_event *e = &p->events[i];
        if (any_real && (e->flags & CODE_SUBORD))
            continue;
        if (any_dominant && !(e->flags & CODE_DOMINANT))
            continue;
        p->events[w++] = *e;
    }
    p->nevents = w;
}

/* ------------------------------------------------------------- complexity */

/* TABARI's complexity counts (parser.cp), taken after pronouns are resolved
 * and comma clauses deleted: verbs, actors (a resolved pronoun is one) and
 * pronouns outside deleted clauses, conjunctions outside compound actors,
 * and whether an actor stands before the first verb whose root is not
 * null-coded. */
static void check_complex(parse *p, const deeds_dict *d, const dict_options *opt)
{
    size_t n = p->tok.n;
    int verbs = 0, conj = 0, actors = 0, pronouns = 0, first_verb = -1, actor_prior = 0;
    for (size_t i = 0; i < n; i = next_unit(p, i)) {
        const unit *u = &p->u[i];
        uint8_t t = u->type;
        if (t == U_CONJ && !(u->flags & UF_COMPOUND))
            conj++;
        if (u->flags & UF_DELETED)
            continue;
        if (t == U_PRONOUN && u->actor >= 0)
            t = U_ACTOR;
        if (t == U_VERB) {
            verbs++;
            const dict_verb *v = &d->verbs[d->entries[u->entry].value];
            if (first_verb < 0 && !(v->code.flags & CODE_NULL))
                first_verb = (int)i;
        }
        if (t == U_PRONOUN)
            pronouns++;
        if (t == U_ACTOR) {
            actors++;
            if (first_verb < 0)
                actor_prior = 1;
        }
    }
    const char *why = NULL;
    if (opt->complex_verbs && verbs >= opt->complex_verbs) why = "too many verbs (COMPLEX: VERBS)";
    else if (opt->complex_conj && conj >= opt->complex_conj) why = "too many conjunctions (COMPLEX: CONJ)";
    else if (opt->complex_actors && actors >= opt->complex_actors) why = "too many actors (COMPLEX: ACTORS)";
    else if (opt->complex_pronouns && pronouns >= opt->complex_pronouns) why = "too many pronouns";
    else if (opt->noverb && !verbs) why = "no verb (COMPLEX: NOVERB)";
    else if (opt->noactprior && !actor_prior) why = "no actor before the first verb (COMPLEX: NOACTPRIOR)";
    if (why) {
        p->complex = 1;
        p->complex_why = why;
    }
}

/* --------------------------------------------------------------- driver */

void parse_sentence(parse *p, const deeds_dict *d, const parse_opts *o,
                    const char *text, size_t len, int32_t date)
{
    tokenize(&p->tok, text, len, o->tabari ? MAX_TOKENS_TABARI : MAX_TOKENS);
    size_t n = p->tok.n;
    p->u = deeds_grow(p->u, &p->ucap, n + 1, sizeof *p->u);
    p->taken = deeds_grow(p->taken, &p->tcap, n + 1, 1);
    memset(p->u, 0, (n + 1) * sizeof *p->u);
    for (size_t i = 0; i <= n; i++)
        p->u[i].actor = -1;
    memset(p->taken, 0, n + 1);
    p->nactors = p->nevents = p->nclauses = 0;
    p->discard = p->complex = p->too_short = 0;
    p->complex_why = NULL;
    p->forward_out[0] = '\0';
    if (o->opt.min_words && (int)n < o->opt.min_words) {
        p->too_short = 1;
        return;
    }
    type_words(p, d, o, date, text);
    if (p->discard)
        return;
    join_agents(p, d, o);
    if (!o->tabari)
        possessive_determiners(p);
    find_compounds(p, d, o->tabari);
    if (o->tabari) {   /* TABARI deletes comma clauses before pronouns */
        delete_comma_clauses(p, d, &o->opt, 1);
        resolve_pronouns(p, d, o, date);
        note_forward(p, d, date);
    } else {
        resolve_pronouns(p, d, o, date);
        delete_comma_clauses(p, d, &o->opt, 0);
    }
    split_clauses(p, o->tabari);
    if (o->tabari && !p->complex)
        check_complex(p, d, &o->opt);
    if (p->complex)
        return;
    code_clauses(p, d, o);
    if (p->discard || p->complex)
        p->nevents = 0;
}

void parse_free(parse *p)
{
    tokens_free(&p->tok);
    free(p->u);
    free(p->actors);
    free(p->clause_start);
    free(p->events);
    free(p->taken);
    memset(p, 0, sizeof *p);
}
