/*
 * coder.c: the public coder.  Runs parse.c on each sentence, decides each
 * event's mode (asserted, negated, hypothetical) from cue words in the
 * verb's clause (data/dict/modality.txt), resolves spans back to byte
 * offsets of the original sentence and hands deeds_events to the caller's
 * callback.  Also writes the human-readable explanation of one sentence.
 */
#include "coder.h"
#include "builtin.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ cues */

static void load_cues(deeds_coder *c)
{
    const deeds_builtin_file *f = deeds_builtin_files;
    while (f->name && strcmp(f->name, "builtin:modality.txt"))
        f++;
    if (!f->name)
        return;
    const char *p = f->data, *end = f->data + f->size;
    size_t cap = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (*p != '#' && colon) {
            cue q;
            memset(&q, 0, sizeof q);
            q.preparation = !strncmp(p, "preparation", 11);
            q.intent = q.preparation || !strncmp(p, "intent", 6);
            q.hypothetical = q.intent || !strncmp(p, "hypothetical", 12);
            q.clause = memmem(p, (size_t)(colon - p), "-clause", 7) != NULL;
            const char *w = colon + 1;
            while (w < le && *w == ' ')
                w++;
            size_t n = (size_t)(le - w);
            while (n && (w[n - 1] == ' ' || w[n - 1] == '\r'))
                n--;
            if (n && n < sizeof q.text) {
                for (size_t i = 0; i < n; i++)
                    q.text[i] = (char)toupper((unsigned char)w[i]);
                memcpy(q.words, q.text, sizeof q.words);
                for (size_t i = 0; i < n && q.nwords < 4; i++) {
                    if (q.words[i] == ' ')
                        q.words[i] = '\0';
                    else if (i == 0 || q.words[i - 1] == '\0')
                        q.word_at[q.nwords++] = (uint8_t)i;
                }
                if (c->ncues == cap) {
                    cap = cap ? 2 * cap : 32;
                    c->cues = realloc(c->cues, cap * sizeof *c->cues);
                }
                c->cues[c->ncues++] = q;
            }
        }
        p = le + 1;
    }
}

/* Does cue q match the tokens ending at token i (not used by the pattern)? */
static int cue_at(const parse *p, const found_event *e, const cue *q, size_t i)
{
    size_t nw = q->nwords;
    if (nw == 0 || i + 1 < nw)
        return 0;
    for (size_t k = 0; k < nw; k++) {
        size_t t = i + 1 - nw + k;
        if (parse_used(e, t) || (p->u[t].flags & UF_DELETED))
            return 0;
        const char *w = tok_text(&p->tok, t);
        const char *cw = q->words + q->word_at[k];
        if (cw[0] == '*') {
            size_t wl = strlen(w), cl = strlen(cw + 1);
            if (wl < cl || strcmp(w + wl - cl, cw + 1))
                return 0;
        } else if (strcmp(w, cw)) {
            return 0;
        }
    }
    return 1;
}

#define CUE_WINDOW 6

deeds_mode coder_event_mode(const deeds_coder *c, const found_event *e,
                            const char **cue_word, int *intent)
{
    const parse *p = &c->p;
    size_t cs = p->clause_start[e->clause];
    deeds_mode mode = DEEDS_MODE_ASSERTED;
    int words = 0;
    *intent = 0;
    for (size_t i = e->verb_start; i-- > cs;) {
        if (p->u[i].type == U_COMMA)
            break;
        if (p->u[i].flags & UF_DELETED)
            continue;
        words++;
        for (size_t k = 0; k < c->ncues; k++) {
            const cue *q = &c->cues[k];
            if (!q->clause && words > CUE_WINDOW)
                continue;
            if (q->intent && e->code[0] == '0' && e->code[1] == '3')
                continue;   /* "would meet" is what an intent code states */
            if (!cue_at(p, e, q, i))
                continue;
            if (cue_word)
                *cue_word = q->text;
            if (q->intent) {
                /* unless a cue further back makes it speculation */
                *intent = q->preparation ? CUE_PREPARATION : CUE_INTENT;
                continue;
            }
            if (q->hypothetical) {
                *intent = 0;
                return DEEDS_MODE_HYPOTHETICAL;
            }
            mode = DEEDS_MODE_NEGATED;
        }
        /* another verb ends the scope of near cues (its own cues are its
         * own), unless it takes the event as its complement with TO: "may
         * try to mediate", "did not agree to attack" */
        if (p->u[i].type == U_VERB && words > 1 && mode == DEEDS_MODE_ASSERTED &&
            !(p->u[i].end < p->tok.n && !strcmp(tok_text(&p->tok, p->u[i].end), "TO")))
            words = CUE_WINDOW;
    }
    if (*intent && mode != DEEDS_MODE_NEGATED)
        return DEEDS_MODE_HYPOTHETICAL;
    return mode;
}

/* CAMEO codes an actor's announced future act as a statement of intent:
 * a cooperative act (04-08) as the matching 03x code ("Finland will give
 * Tanzania a grant": 0331), a hostile one (14, 16-20) as the matching
 * threat (13x: "said they would boycott all contact": 133).  Returns NULL
 * for codes with no intent counterpart (statements, appeals, demands,
 * criticism, rejection, investigation, mobilisation), which stay
 * hypothetical. */
static const char *intent_of(const char *code)
{
    static const struct { const char *act, *intent; } map[] = {
        /* longest prefixes first */
        { "0831", "0341" }, { "0832", "0342" }, { "0833", "0343" }, { "0834", "0344" },
        { "1721", "1321" }, { "1722", "1322" }, { "1723", "1323" }, { "1724", "1324" },
        { "04", "036" }, { "05", "032" },
        { "061", "0311" }, { "062", "0312" }, { "063", "0313" }, { "064", "0314" },
        { "06", "031" },
        { "071", "0331" }, { "072", "0332" }, { "073", "0333" }, { "074", "0334" },
        { "07", "033" },
        { "081", "0351" }, { "082", "0352" }, { "083", "034" }, { "084", "0353" },
        { "085", "0354" }, { "086", "0355" }, { "087", "0356" }, { "08", "035" },
        { "14", "133" },
        { "161", "1313" }, { "162", "1311" }, { "163", "1312" }, { "164", "134" },
        { "165", "135" }, { "166", "136" }, { "16", "131" },
        { "172", "132" }, { "173", "137" }, { "174", "137" }, { "175", "137" }, { "17", "130" },
        { "18", "1383" }, { "191", "1381" }, { "192", "1382" }, { "19", "1384" },
        { "20", "1385" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strncmp(code, map[i].act, strlen(map[i].act)))
            return map[i].intent;
    return NULL;
}

/* An army getting ready to fight ("the army prepared to resume shelling",
 * "troops poised to attack") shows its force: CAMEO's 15, demonstrate
 * military power (150), not yet the attack; getting ready for a show of
 * force ("prepared to start naval manoeuvres") is that show already.
 * NULL for other codes, which a preparation cue makes intents or threats
 * as WILL does. */
static const char *posture_of(const char *code)
{
    if (!strncmp(code, "15", 2))
        return code;
    if (!strncmp(code, "18", 2) || !strncmp(code, "19", 2) || !strncmp(code, "20", 2))
        return "150";
    return NULL;
}

/* A negated statement of intent is a refusal, which CAMEO codes under 12
 * REJECT: "said it would not hold talks" is 125, not a negated 036.  Returns
 * the refusal's code for an intent code (03x), or NULL. */
static const char *refusal_of_intent(const char *code)
{
    static const struct { const char *intent, *refusal; } map[] = {
        { "030", "120" }, { "031", "121" }, { "0311", "1211" }, { "0312", "1212" },
        { "032", "120" }, { "033", "120" }, { "0331", "120" }, { "0332", "120" },
        { "0333", "120" }, { "0334", "120" }, { "034", "123" }, { "0341", "1231" },
        { "0342", "1232" }, { "0343", "1233" }, { "0344", "1234" }, { "035", "124" },
        { "0351", "1241" }, { "0352", "1242" }, { "0353", "1243" }, { "0354", "1244" },
        { "0355", "1245" }, { "0356", "1246" }, { "036", "125" }, { "037", "127" },
        { "038", "126" }, { "039", "120" },
    };
    if (code[0] != '0' || code[1] != '3')
        return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i].intent, code))
            return map[i].refusal;
    return NULL;
}

/* A state acting on itself at another level of detail ("USAGOV" on
 * "USA"): the default rules drop such events when the target was found
 * before the verb, in the actor's own phrase or a reported-speech frame
 * ("the US said its forces ..."), which is no act between two parties.  A
 * target named after the verb is what the act is done to, and a domestic
 * event stays ("Sudan's government lifted the state of emergency in
 * Darfur", "Turkish authorities imposed a curfew in Cizre in Turkey").
 * Non-state parts of a country acting on it ("SDNREB" on "SDN": rebels
 * attacking a city) and acts CAMEO codes towards the actor's own country
 * when no one else is named ("the Japanese prime minister stepped down")
 * always stay. */
static int self_directed(const found_event *e)
{
    static const char *const state_roles[] = { "GOV", "MIL", "COP", "SPY", "JUD", "LEG" };
    const char *source = e->source, *target = e->target;
    size_t ls = strlen(source), lt = strlen(target);
    if (!ls || !lt || (e->flags & EVENT_OWN_COUNTRY))
        return 0;
    const char *longer = ls >= lt ? source : target;
    size_t shorter = ls >= lt ? lt : ls;
    if (strncmp(source, target, shorter))
        return 0;
    const char *rest = longer + shorter;
    if (*rest && e->tgt_start >= e->verb_end && e->tgt_end > e->tgt_start)
        return 0;
    if (!*rest)
        return 1;
    for (size_t i = 0; i < sizeof state_roles / sizeof state_roles[0]; i++)
        if (!strncmp(rest, state_roles[i], 3))
            return 1;
    return 0;
}

/* Default rules: parties that "failed to" sign or reach an agreement (057)
 * rejected it, as CAMEO's verb dictionary codes a failure to agree (120);
 * other negations of a signing ("did not sign") stay negated. */
static int failed_agreement(const char *code, const char *cue_text)
{
    return !strncmp(code, "057", 3) && cue_text && !strcmp(cue_text, "FAILED TO");
}

/* Default rules: whether the event's source is a pronoun for a speaker
 * named before it with a statement verb ("North Korea's army said it could
 * fire missiles at the United States"): the speaker's own act. */
static int speakers_own_act(const deeds_coder *c, const found_event *e)
{
    const parse *p = &c->p;
    if (e->src_start >= p->tok.n || p->u[e->src_start].type != U_PRONOUN)
        return 0;
    for (size_t i = 0; i < e->src_start; i++) {
        const unit *u = &p->u[i];
        if (u->type != U_VERB || (u->flags & (UF_ABSORBED | UF_DELETED)))
            continue;
        const dict_verb *v = &c->dict->verbs[c->dict->entries[u->entry].value];
        if (v->code.flags & CODE_SUBORD)
            return 1;
    }
    return 0;
}

/* A speaker saying it could, may or might do a hostile act threatens it
 * (CAMEO's 13x, as for WILL): "said it could fire missiles at" is 138. */
static int possible_own_threat(const deeds_coder *c, const found_event *e, const char *cue_text)
{
    const char *stated = intent_of(e->code);
    return cue_text && stated && !strncmp(stated, "13", 2) &&
           (!strcmp(cue_text, "COULD") || !strcmp(cue_text, "MAY") || !strcmp(cue_text, "MIGHT")) &&
           speakers_own_act(c, e);
}

/* Default rules: the phrase (OUT OF THE QUESTION, NOT AN OPTION) by which
 * the rest of its clause rules out the act of a gerund event ("removing
 * the sanctions is out of the question": the speaker refuses it), or NULL. */
static const char *ruled_out(const parse *p, const found_event *e)
{
    static const struct { const char *text, *words[4]; } phrases[] = {
        { "OUT OF THE QUESTION", { "OUT", "OF", "THE", "QUESTION" } },
        { "NOT AN OPTION", { "NOT", "AN", "OPTION", NULL } },
    };
    const char *v = tok_text(&p->tok, e->verb_start);
    size_t n = strlen(v);
    if (n < 6 || strcmp(v + n - 3, "ING"))
        return NULL;
    size_t end = (size_t)e->clause + 1 < p->nclauses ? p->clause_start[e->clause + 1] : p->tok.n;
    for (size_t i = e->verb_end; i < end; i++)
        for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
            size_t w = 0;
            while (w < 4 && phrases[k].words[w] && i + w < end &&
                   !strcmp(tok_text(&p->tok, i + w), phrases[k].words[w]))
                w++;
            if (w == 4 || !phrases[k].words[w])
                return phrases[k].text;
        }
    return NULL;
}

/* The mode of an event and its code (written to code): an announced act
 * becomes the statement of intent (intent_of), a negated intent or an act
 * ruled out the matching refusal, a speaker's possible hostile act a
 * threat. */
static deeds_mode event_mode_and_intent(const deeds_coder *c, const found_event *e,
                                        char code[8], const char **cue_word)
{
    snprintf(code, 8, "%s", e->code);
    if (c->popt.tabari)
        return DEEDS_MODE_ASSERTED;
    int intent;
    const char *found_cue = NULL;
    deeds_mode mode = coder_event_mode(c, e, &found_cue, &intent);
    if (cue_word)
        *cue_word = found_cue;
    if (intent) {
        const char *stated = intent == CUE_PREPARATION ? posture_of(e->code) : NULL;
        if (!stated)
            stated = intent_of(e->code);
        const char *refused = stated ? refusal_of_intent(stated) : NULL;
        if (stated && mode != DEEDS_MODE_NEGATED)
            snprintf(code, 8, "%s", stated);
        else if (refused)
            snprintf(code, 8, "%s", refused);   /* "will not accept": a refusal */
        else
            return DEEDS_MODE_HYPOTHETICAL;     /* "will not attack" is no threat */
        return DEEDS_MODE_ASSERTED;
    }
    const char *ruling = mode == DEEDS_MODE_ASSERTED ? ruled_out(&c->p, e) : NULL;
    const char *stated = ruling ? intent_of(e->code) : NULL;
    const char *refused = !ruling ? NULL : stated ? refusal_of_intent(stated) : refusal_of_intent(e->code);
    if (refused) {
        snprintf(code, 8, "%s", refused);
        if (cue_word)
            *cue_word = ruling;
        return DEEDS_MODE_ASSERTED;
    }
    if (mode == DEEDS_MODE_HYPOTHETICAL && possible_own_threat(c, e, found_cue)) {
        snprintf(code, 8, "%s", intent_of(e->code));
        return DEEDS_MODE_ASSERTED;
    }
    const char *refusal = mode == DEEDS_MODE_NEGATED ? refusal_of_intent(e->code) : NULL;
    if (mode == DEEDS_MODE_NEGATED && !refusal && failed_agreement(e->code, found_cue))
        refusal = "120";
    if (refusal) {
        snprintf(code, 8, "%s", refusal);
        mode = DEEDS_MODE_ASSERTED;
    }
    return mode;
}

/* Default rules: whether the event's verb is followed, in its sentence,
 * by UNLESS and a condition put to the target ("will withdraw its force
 * unless the president arranges a ceasefire").  CAMEO's manual defines a
 * threat so: an act announced on a condition.  (IF is left out: "would
 * hold talks if Iran did not ..." is as often a promise.) */
static int conditional(const parse *p, const found_event *e)
{
    for (size_t i = e->verb_end; i < p->tok.n; i++)
        if (!(p->u[i].flags & UF_DELETED) && !strcmp(tok_text(&p->tok, i), "UNLESS"))
            return 1;
    return 0;
}

/* The threat an announced act on a condition amounts to: an intent to
 * meet or a refusal to (036, 125) is a threat to halt negotiations (134,
 * CAMEO's "will not attend talks unless"), another intent (03x) a threat
 * not specified (130: "will withdraw its force unless").  Other refusals stay refusals
 * ("would not free them unless prisoners were released": 1243), and
 * hostile acts were already made threats by intent_of. */
static const char *threat_of(const char *code)
{
    if (!strncmp(code, "125", 3) || !strncmp(code, "036", 3))
        return "134";
    if (!strncmp(code, "03", 2))
        return "130";
    return NULL;
}

/* The mode and code of an event as deeds reports it: the announced act
 * and refusal of event_mode_and_intent, and an intent on a condition made
 * the threat it is (threat_of). */
static deeds_mode event_mode_and_code(const deeds_coder *c, const found_event *e,
                                      char code[8], const char **cue_word)
{
    deeds_mode mode = event_mode_and_intent(c, e, code, cue_word);
    const char *threat = mode == DEEDS_MODE_ASSERTED && !c->popt.tabari &&
                         strncmp(e->code, "12", 2) ? threat_of(code) : NULL;
    if (threat && conditional(&c->p, e)) {
        snprintf(code, 8, "%s", threat);
        if (cue_word)
            *cue_word = "UNLESS";
    }
    return mode;
}

/* ----------------------------------------------------------------- coder */

deeds_coder *deeds_coder_new(const deeds_dict *dict, const deeds_coder_options *opt)
{
    if (!dict)
        return NULL;
    deeds_coder *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->dict = dict;
    if (opt)
        c->opt = *opt;
    c->popt.tabari = c->opt.compat_tabari;
    c->popt.opt = dict->opt;
    if (!c->popt.tabari) {   /* TABARI's filters that the default rules drop */
        c->popt.opt.min_words = 0;
        c->popt.opt.code_by = CODE_BY_CLAUSE;
    }
    load_cues(c);
    return c;
}

void deeds_coder_free(deeds_coder *c)
{
    if (!c)
        return;
    parse_free(&c->p);
    free(c->cues);
    free(c);
}

void coder_parse(deeds_coder *c, const char *text, size_t len, int32_t date)
{
    parse_sentence(&c->p, c->dict, &c->popt, text, len, date);
}

static deeds_span token_span(const parse *p, uint16_t start, uint16_t end)
{
    deeds_span s = { 0, 0 };
    if (end > start && end <= p->tok.n) {
        s.start = p->tok.v[start].start;
        s.end = p->tok.v[end - 1].end;
    }
    return s;
}

int deeds_code_sentence(deeds_coder *c, const char *doc, int sent,
                        const char *text, size_t len, int32_t date,
                        deeds_event_fn fn, void *ud, deeds_code_stats *st)
{
    coder_parse(c, text, len, date);
    const parse *p = &c->p;
    if (st)
        st->sentences++;
    for (size_t i = 0; i < p->nevents; i++) {
        const found_event *e = &p->events[i];
        deeds_event ev;
        memset(&ev, 0, sizeof ev);
        if (!c->popt.tabari && self_directed(e))
            continue;
        ev.mode = event_mode_and_code(c, e, ev.code, NULL);
        if (ev.mode != DEEDS_MODE_ASSERTED && !c->opt.all_modes)
            continue;
        ev.doc = doc;
        ev.sent = sent;
        ev.date = date;
        snprintf(ev.source, sizeof ev.source, "%s", e->source);
        snprintf(ev.target, sizeof ev.target, "%s", e->target);
        ev.sentence = text;
        ev.sentence_len = len;
        ev.source_text = token_span(p, e->src_start, e->src_end);
        ev.target_text = token_span(p, e->tgt_start, e->tgt_end);
        ev.verb_text = token_span(p, e->verb_start, e->verb_end);
        ev.pattern_file = c->dict->files[e->file];
        ev.pattern_line = e->line;
        if (st)
            st->events++;
        if (fn)
            fn(ud, &ev);
    }
    return 0;
}

int deeds_code_article(deeds_coder *c, const deeds_article *a,
                       deeds_event_fn fn, void *ud, deeds_code_stats *st)
{
    deeds_span *spans = NULL;
    size_t n = deeds_sentence_split(a->text, a->text_len, &spans);
    for (size_t i = 0; i < n; i++)
        deeds_code_sentence(c, a->id, (int)i, a->text + spans[i].start,
                            spans[i].end - spans[i].start, a->date, fn, ud, st);
    free(spans);
    return 0;
}

/* --------------------------------------------------------------- explain */

static const char *const type_names[] = {
    [U_OTHER] = "-", [U_ACTOR] = "actor", [U_AGENT] = "agent", [U_VERB] = "verb",
    [U_NOUN] = "noun", [U_ADJ] = "adjective", [U_DET] = "determiner",
    [U_AUX] = "auxiliary", [U_BY] = "by", [U_COMMA] = "comma",
    [U_PRONOUN] = "pronoun", [U_CONJ] = "conjunction", [U_PREP] = "preposition",
    [U_TIME] = "time", [U_FORMER] = "former",
};

static void explain_entry(const deeds_dict *d, uint32_t entry, deeds_buf *out)
{
    const dict_entry *en = &d->entries[entry];
    deeds_buf_puts(out, " [");
    for (uint16_t k = 0; k < en->nelem; k++) {
        const dict_elem *el = &d->elems[en->elem + k];
        deeds_buf_printf(out, "%s%s%s", k ? " " : "", dict_str(d, el->text),
                         el->flags & EL_EXACT ? "_" : "");
    }
    deeds_buf_printf(out, "  %s:%d]", d->files[en->file], en->line);
}

int deeds_explain(deeds_coder *c, const char *text, size_t len, int32_t date,
                  deeds_buf *out)
{
    coder_parse(c, text, len, date);
    const parse *p = &c->p;
    const deeds_dict *d = c->dict;
    char ds[11];
    deeds_date_format(date, ds);
    deeds_buf_printf(out, "sentence (%s, %s rules): %.*s\n", ds,
                     c->popt.tabari ? "TABARI" : "deeds", (int)len, text);
    deeds_buf_puts(out, "words:\n");
    size_t clause = 0;
    for (size_t i = 0; i < p->tok.n; i++) {
        const unit *u = &p->u[i];
        if (clause + 1 < p->nclauses + 1 && clause < p->nclauses && p->clause_start[clause] == i) {
            deeds_buf_printf(out, "  -- clause %zu\n", clause + 1);
            clause++;
        }
        deeds_buf_printf(out, "  %3zu %-16s %s", i, tok_text(&p->tok, i),
                         u->flags & UF_ABSORBED ? "(part of the phrase above)" : type_names[u->type]);
        if (u->flags & UF_DELETED)
            deeds_buf_puts(out, " (in a deleted comma clause)");
        if (u->flags & UF_NOSPLIT)
            deeds_buf_puts(out, " (inside a compound)");
        if (!(u->flags & UF_ABSORBED) && (u->type == U_ACTOR || u->type == U_PRONOUN) && u->actor >= 0) {
            const actor_ref *a = &p->actors[u->actor];
            deeds_buf_printf(out, " = %s", a->code[0] ? a->code : "(merged)");
            if (a->group >= 0)
                deeds_buf_printf(out, " (compound with #%d)", p->actors[a->group].start);
            if (a->agent)
                explain_entry(d, a->agent, out);
        }
        if (!(u->flags & UF_ABSORBED) && u->entry &&
            (u->type == U_ACTOR || u->type == U_VERB || u->type == U_AGENT ||
             u->type == U_NOUN || u->type == U_ADJ))
            explain_entry(d, u->entry, out);
        deeds_buf_puts(out, "\n");
    }
    if (p->too_short)
        deeds_buf_puts(out, "not coded: fewer words than SET: MINIMUM WORDS\n");
    if (p->discard)
        deeds_buf_puts(out, "discarded: a discard phrase or [###] code matched\n");
    if (p->complex)
        deeds_buf_printf(out, "complex: %s\n", p->complex_why ? p->complex_why : "");
    deeds_buf_printf(out, "events: %zu\n", p->nevents);
    for (size_t i = 0; i < p->nevents; i++) {
        const found_event *e = &p->events[i];
        const char *cue_text = NULL;
        char code[8];
        deeds_mode mode = event_mode_and_code(c, e, code, &cue_text);
        deeds_buf_printf(out, "  %s %s %s %s", e->source[0] ? e->source : "-",
                         e->target[0] ? e->target : "-", code, deeds_mode_name(mode));
        if (!c->popt.tabari && self_directed(e))
            deeds_buf_puts(out, " (dropped: a state acting on itself)");
        else if (strcmp(code, e->code))
            deeds_buf_printf(out, " (%s coded as %s, cue: %s)", e->code, code,
                             cue_text ? cue_text : "?");
        else if (cue_text)
            deeds_buf_printf(out, " (cue: %s)", cue_text);
        if (e->flags & CODE_SUBORD)
            deeds_buf_puts(out, " (subordinate)");
        deeds_buf_printf(out, "\n    verb: %s", tok_text(&p->tok, e->verb_start));
        if (e->pattern)
            deeds_buf_printf(out, "; pattern: - %s", dict_str(d, d->pats[e->pattern - 1].text));
        else
            deeds_buf_puts(out, "; the root's own code");
        deeds_buf_printf(out, "  (%s:%d)\n", d->files[e->file], e->line);
        if (mode != DEEDS_MODE_ASSERTED && !c->opt.all_modes)
            deeds_buf_puts(out, "    (not reported: only asserted events are, unless all modes are asked for)\n");
    }
    return 0;
}
