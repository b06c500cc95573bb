/*
 * The words of the MSEL: its columns, delivery methods, durations and times, and the "time
 * or trigger" cell written from a trigger and read back into one. Reading does not guess:
 * for the event whose words open the cell, it writes every phrase the writer could have
 * written (each place and subject, or none) and takes the one that matches, so what the
 * export writes the import reads back, and a near miss gets the nearest phrase as a hint.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eapsim/count_of.h"
#include "eapsim/units.h"
#include "msel_internal.h"

const struct msel_column eap__msel_columns[MSEL_COL_COUNT] = {
    [MSEL_NUMBER] = {"MSEL #", "the inject's MSEL number", true, false},
    [MSEL_ID] = {"ID", "the inject's id", false, false},
    [MSEL_WHEN] = {"Time or trigger", "when the inject falls due", true, false},
    [MSEL_REPLAY] = {"In the replay", "when it fell due in the record's replay", false, true},
    [MSEL_FROM] = {"From", "who sends it", true, false},
    [MSEL_TO] = {"To", "who receives it", true, false},
    [MSEL_METHOD] = {"Method", "how it is delivered", true, false},
    [MSEL_TEXT] = {"Inject", "the inject's text", true, false},
    [MSEL_EXPECTED] = {"Expected player action", "what the players are expected to do", false,
                       false},
    [MSEL_OBJECTIVE] = {"Objective", "the objective it tests", false, false},
    [MSEL_CAPABILITY] = {"Capability", "the core capability it tests", false, false},
    [MSEL_NOTES] = {"Controller notes", "notes for the controllers only", false, false},
    [MSEL_SOURCE] = {"Source", "where it comes from in the record", false, false},
};

/* --- methods, durations, times --- */

static const char *const method_words[EAP_INJECT_METHOD_COUNT] = {
    "phone", "radio", "email", "in person", "cable", "message", "media"};

const char *eap__msel_method_words(enum eap_inject_method m)
{
    return (unsigned)m < EAP_INJECT_METHOD_COUNT ? method_words[m] : "?";
}

bool eap__msel_method_parse(const char *text, enum eap_inject_method *out)
{
    for (size_t i = 0; i < EAP_INJECT_METHOD_COUNT; i++) {
        if (strcasecmp(text, method_words[i]) == 0 ||
            strcasecmp(text, eap_inject_method_name((enum eap_inject_method)i)) == 0) {
            *out = (enum eap_inject_method)i;
            return true;
        }
    }
    return false;
}

void eap__msel_duration(eap_time t, char *buf, size_t len)
{
    long long h = t / EAP_HOUR, m = t / EAP_MINUTE % 60, s = t / EAP_SECOND % 60,
              ms = t % EAP_SECOND;
    if (s == 0 && ms == 0 && (h == 0 || m == 0)) {
        snprintf(buf, len, h == 0 ? "%lld min" : "%lld h", h == 0 ? m : h);
    } else if (h == 0 && m == 0 && ms == 0) {
        snprintf(buf, len, "%lld s", s);
    } else {
        /* Each unit once, largest first: the form the duration parser takes. */
        int n = h ? snprintf(buf, len, "%lldh", h) : 0;
        n += m && (size_t)n < len ? snprintf(buf + n, len - (size_t)n, "%lldm", m) : 0;
        n += s && (size_t)n < len ? snprintf(buf + n, len - (size_t)n, "%llds", s) : 0;
        if (ms && (size_t)n < len) {
            snprintf(buf + n, len - (size_t)n, "%lldms", ms);
        }
    }
}

/* "21:59", or "05:15+1d" on a later day than the start's. */
static void clock_words(const struct eap_clock *clock, eap_time t, char *buf, size_t len)
{
    char hm[16];
    eap_clock_format_hm(clock, t, hm, sizeof(hm));
    int day = eap_clock_day(clock, t);
    if (day > 0) {
        snprintf(buf, len, "%s+%dd", hm, day);
    } else {
        snprintf(buf, len, "%s", hm);
    }
}

void eap__msel_time(const struct eap_clock *clock, eap_time t, char *buf, size_t len)
{
    char off[32], hm[32];
    eap_time_format_offset(t, off, sizeof(off));
    clock_words(clock, t, hm, sizeof(hm));
    snprintf(buf, len, "%s (%s)", off, hm);
}

/* --- events in words --- */

/* What the cell says for each event kind, and the words before a place ("at", or none where
 * the words end in a verb that takes the place: "convoy passes Zawiya"). */
struct event_words {
    const char *words, *before_place;
};

static const struct event_words events[EAP_EV_KIND_COUNT] = {
    [EAP_EV_START] = {"the scenario starts", " at "},
    [EAP_EV_TRIPWIRE] = {"plan step fires", " at "},
    [EAP_EV_ATTACK_START] = {"attack begins", " at "},
    [EAP_EV_ATTACK_END] = {"attack ends", " at "},
    [EAP_EV_BREACH] = {"perimeter breached", " at "},
    [EAP_EV_SAFE_ROOM_BREACH] = {"safe room breached", " at "},
    [EAP_EV_FIRE] = {"fire set", " at "},
    [EAP_EV_UNTENABLE] = {"shelter untenable", " at "},
    [EAP_EV_INDIRECT_FIRE] = {"indirect fire", " at "},
    [EAP_EV_CASUALTIES] = {"people killed", " at "},
    [EAP_EV_SHELTER] = {"people take shelter", " at "},
    [EAP_EV_ESCAPED] = {"people get out of the smoke", " at "},
    [EAP_EV_GUARDS_LEFT] = {"guards walk away", " at "},
    [EAP_EV_DESTROY_START] = {"destruction of classified material begins", " at "},
    [EAP_EV_CLASSIFIED_DESTROYED] = {"classified material destroyed", " at "},
    [EAP_EV_DRAW_DOWN] = {"drawdown departs", " from "},
    [EAP_EV_REQUEST] = {"request enters the chain", " at "},
    [EAP_EV_REQUEST_LOST] = {"request lost", " at "},
    [EAP_EV_HOP] = {"request passes a chain step", " at "},
    [EAP_EV_TASKED] = {"tasked", " at "},
    [EAP_EV_ASSET_DEPARTED] = {"under way", " from "},
    [EAP_EV_ASSET_AT] = {"arrives", " at "},
    [EAP_EV_ASSET_LEFT] = {"leaves", " "},
    [EAP_EV_ON_STATION] = {"on station", " at "},
    [EAP_EV_OFF_STATION] = {"off station", " at "},
    [EAP_EV_ESCORT_JOINED] = {"escort joins", " at "},
    [EAP_EV_ESCORT_LEFT] = {"escort leaves", " at "},
    [EAP_EV_CONVOY_FORMING] = {"convoy forming", " at "},
    [EAP_EV_CONVOY_FORMED] = {"convoy formed", " at "},
    [EAP_EV_CONVOY_DEPARTED] = {"convoy under way", " from "},
    [EAP_EV_CONVOY_AT] = {"convoy passes", " "},
    [EAP_EV_CHECKPOINT] = {"convoy held at a checkpoint", " before "},
    [EAP_EV_INCIDENT] = {"road incident", " at "},
    [EAP_EV_BREAKDOWN] = {"breakdown", " at "},
    [EAP_EV_RESUMED] = {"convoy moving again", " at "},
    [EAP_EV_CONVOY_ARRIVED] = {"convoy arrived", " at "},
    [EAP_EV_CONVOY_STOOD_DOWN] = {"convoy stood down", " at "},
    [EAP_EV_PARTY_AT] = {"people arrive", " at "},
    [EAP_EV_PARTY_SAFE] = {"people safe", " at "},
    [EAP_EV_PLACE_EVACUATED] = {"place evacuated", ": "},
    [EAP_EV_BOARDING] = {"boarding", " at "},
    [EAP_EV_AIRLIFT_DEPARTED] = {"airlift takes off", " from "},
    [EAP_EV_AIRLIFT_ARRIVED] = {"airlift lands", " at "},
    [EAP_EV_DECISION] = {"decision due", " at "},
    [EAP_EV_DECIDED] = {"decision taken", " at "},
    [EAP_EV_END] = {"the simulation ends", " at "},
};

static const char *const role_keys[] = {NULL,     "threat",   "party", "asset",
                                        "convoy", "tripwire", "hop",   "decision"};

static size_t subject_count(const struct eap_scenario *s, enum eap_role role)
{
    switch (role) {
    case EAP_ROLE_THREAT:
        return s->threat_count;
    case EAP_ROLE_PARTY:
        return s->party_count;
    case EAP_ROLE_ASSET:
        return s->asset_count;
    case EAP_ROLE_CONVOY:
        return s->convoy_count;
    case EAP_ROLE_TRIPWIRE:
        return s->tripwire_count;
    case EAP_ROLE_HOP:
        return s->chain.hop_count;
    case EAP_ROLE_DECISION:
        return s->decision_count;
    case EAP_ROLE_NONE:
        break;
    }
    return 0;
}

/* The name people read for a subject (a decision point has none: its id). */
static const char *subject_name(const struct eap_scenario *s, enum eap_role role, size_t i)
{
    switch (role) {
    case EAP_ROLE_THREAT:
        return s->threats[i].name;
    case EAP_ROLE_PARTY:
        return s->parties[i].name;
    case EAP_ROLE_ASSET:
        return s->assets[i].name;
    case EAP_ROLE_CONVOY:
        return s->convoys[i].name;
    case EAP_ROLE_TRIPWIRE:
        return s->tripwires[i].name;
    case EAP_ROLE_HOP:
        return s->chain.hops[i].name;
    default:
        return s->decisions[i].id;
    }
}

/* A name as the cell writes it: the name, with the id in brackets when another object of
 * the same kind shares the name, so that every phrase names one thing. */
static void label(const char *name, bool shared, const char *id, char *buf, size_t len)
{
    if (shared) {
        snprintf(buf, len, "%s [%s]", name, id);
    } else {
        snprintf(buf, len, "%s", name);
    }
}

static void place_label(const struct eap_scenario *s, size_t i, char *buf, size_t len)
{
    bool shared = false;
    for (size_t k = 0; k < s->place_count && !shared; k++) {
        shared = k != i && strcmp(s->places[k].name, s->places[i].name) == 0;
    }
    label(s->places[i].name, shared, s->places[i].id, buf, len);
}

static void subject_label(const struct eap_scenario *s, enum eap_event_kind kind, size_t i,
                          char *buf, size_t len)
{
    enum eap_role role = eap_event_subject_role(kind);
    const char *name = subject_name(s, role, i);
    bool shared = false;
    for (size_t k = 0; k < subject_count(s, role) && !shared; k++) {
        shared = k != i && strcmp(subject_name(s, role, k), name) == 0;
    }
    label(name, shared, eap_scenario_subject_id(s, kind, (int32_t)i), buf, len);
}

void eap__msel_phrase(const struct eap_scenario *s, const struct eap_condition *c, char *buf,
                      size_t len)
{
    const struct event_words *w = &events[c->event];
    char place[CELL_NAME_MAX] = "", subject[CELL_NAME_MAX] = "";
    if (c->place != EAP_NONE) {
        place_label(s, (size_t)c->place, place, sizeof(place));
    }
    if (c->subject != EAP_NONE) {
        subject_label(s, c->event, (size_t)c->subject, subject, sizeof(subject));
    }
    snprintf(buf, len, "%s%s%s%s%s", w->words, c->place != EAP_NONE ? w->before_place : "", place,
             c->subject != EAP_NONE ? ": " : "", subject);
}

const char *eap__msel_event_words(enum eap_event_kind kind)
{
    return events[kind].words;
}

const char *eap__msel_before_place(enum eap_event_kind kind)
{
    return events[kind].before_place;
}

/* --- the names, for reading cells --- */

static char *normalized_copy(const char *label)
{
    char buf[CELL_NAME_MAX];
    eap__msel_normalize(label, buf, sizeof(buf));
    return strdup(buf);
}

/* The labels of every subject of a role, through an event kind of that role. */
static bool subject_labels(struct msel_names *n, enum eap_role role)
{
    enum eap_event_kind kind = EAP_EV_START;
    while (kind < EAP_EV_KIND_COUNT && eap_event_subject_role(kind) != role) {
        kind++;
    }
    size_t count = subject_count(n->scn, role);
    char buf[CELL_NAME_MAX];
    n->subject[role] = calloc(count + 1, sizeof(char *));
    for (size_t i = 0; n->subject[role] && i < count; i++) {
        subject_label(n->scn, kind, i, buf, sizeof(buf));
        if (!(n->subject[role][i] = normalized_copy(buf))) {
            return false;
        }
    }
    return n->subject[role] != NULL;
}

bool eap__msel_names_init(struct msel_names *n, const struct eap_scenario *scn)
{
    memset(n, 0, sizeof(*n));
    n->scn = scn;
    n->place = calloc(scn->place_count + 1, sizeof(char *));
    bool ok = n->place != NULL;
    char buf[CELL_NAME_MAX];
    for (size_t i = 0; ok && i < scn->place_count; i++) {
        place_label(scn, i, buf, sizeof(buf));
        ok = (n->place[i] = normalized_copy(buf)) != NULL;
    }
    for (int r = EAP_ROLE_THREAT; ok && r <= EAP_ROLE_DECISION; r++) {
        ok = subject_labels(n, (enum eap_role)r);
    }
    if (!ok) {
        eap__msel_names_finish(n);
    }
    return ok;
}

static void free_list(char **list, size_t count)
{
    for (size_t i = 0; list && i < count; i++) {
        free(list[i]);
    }
    free(list);
}

void eap__msel_names_finish(struct msel_names *n)
{
    if (!n->scn) {
        return;
    }
    free_list(n->place, n->scn->place_count);
    for (int r = EAP_ROLE_THREAT; r <= EAP_ROLE_DECISION; r++) {
        free_list(n->subject[r], subject_count(n->scn, (enum eap_role)r));
    }
    memset(n, 0, sizeof(*n));
}

size_t eap__msel_subject_count(const struct eap_scenario *s, enum eap_event_kind kind)
{
    return subject_count(s, eap_event_subject_role(kind));
}

const char *eap__msel_role_key(enum eap_event_kind kind)
{
    return role_keys[eap_event_subject_role(kind)];
}

/* Appends printf-style text to buf at *n, never past len. */
static void add(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
    if (*n >= len) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *n, len - *n, fmt, ap);
    va_end(ap);
    *n += k > 0 ? (size_t)k : 0;
}

static void when_events(const struct eap_scenario *scn, const struct eap_trigger *w, char *buf,
                        size_t len, size_t *n)
{
    char p[600];
    add(buf, len, n, "when %s", w->count > 1 ? "all of: " : "");
    for (size_t k = 0; k < w->count; k++) {
        eap__msel_phrase(scn, &w->all[k], p, sizeof(p));
        add(buf, len, n, "%s%s", k > 0 ? "; " : "", p);
    }
}

char *eap_msel_when(const struct eap_scenario *scn, const struct eap_trigger *w, char *buf,
                    size_t len)
{
    size_t n = 0;
    char t[64];
    buf[0] = '\0';
    if (w->manual) {
        add(buf, len, &n, "when a decision fires it");
        return buf;
    }
    if (w->at_time) {
        eap__msel_time(&scn->clock, w->at, t, sizeof(t));
        add(buf, len, &n, "%s", t);
    } else {
        when_events(scn, w, buf, len, &n);
    }
    if (w->delay != EAP_NONE) {
        const struct eap_input *d = &scn->inputs[w->delay];
        eap__msel_duration((eap_time)d->replay_value, t, sizeof(t));
        add(buf, len, &n, " + %s%s", d->dist.kind == EAP_DIST_FIXED ? "" : "about ", t);
    }
    if (w->has_unless) {
        char p[600];
        eap__msel_phrase(scn, &w->unless, p, sizeof(p));
        add(buf, len, &n, ", unless %s", p);
    } else if (!w->at_time && w->not_before > 0) {
        eap__msel_time(&scn->clock, w->not_before, t, sizeof(t));
        add(buf, len, &n, ", not before %s", t);
    }
    return buf;
}

/* --- JSON --- */

void eap__msel_json_string(struct text_buf *b, const char *s)
{
    eap__buf_put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            eap__buf_put(b, "\\%c", *p);
        } else if (*p == '\n') {
            eap__buf_put(b, "\\n");
        } else if (*p == '\t') {
            eap__buf_put(b, "\\t");
        } else if (*p < 0x20) {
            eap__buf_put(b, "\\u%04x", *p);
        } else {
            eap__buf_put(b, "%c", *p);
        }
    }
    eap__buf_put(b, "\"");
}
