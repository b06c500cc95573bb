/*
 * A "time or trigger" cell of a spreadsheet MSEL read back into the JSON of a trigger: a time
 * ("T+17m (21:59)", "21:59", "05:15+1d", "2012-09-12T05:15"), or "when" and the phrases of
 * model events as eap_msel_when writes them, with a fixed delay ("+ 5 min") and a time the
 * trigger waits for (", not before T+5h (05:00)"). Case and runs of blanks do not matter.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eapsim/units.h"
#include "msel_internal.h"

#define CELL_MAX 1024

void eap__msel_normalize(const char *in, char *out, size_t len)
{
    size_t n = 0;
    bool blank = false;
    for (const char *p = in; *p && n + 1 < len; p++) {
        bool b = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (b) {
            blank = n > 0;
            continue;
        }
        if (blank && n + 2 < len) {
            out[n++] = ' ';
        }
        blank = false;
        out[n++] = *p;
    }
    out[n] = '\0';
}

/* The last place `sep` occurs in s, in any case, or NULL. */
static char *last_sep(char *s, const char *sep)
{
    size_t k = strlen(sep);
    for (size_t n = strlen(s); n >= k; n--) {
        if (strncasecmp(s + n - k, sep, k) == 0) {
            return s + n - k;
        }
    }
    return NULL;
}

/* "HH:MM+Nd": that clock time on the Nth day after the start's date. */
static bool clock_on_day(const struct eap_clock *c, const char *text, eap_time *out)
{
    int hh, mm, day, used = 0;
    if (sscanf(text, "%2d:%2d+%dd%n", &hh, &mm, &day, &used) != 3 || text[used] != '\0' ||
        day < 0 || day > 366) {
        return false;
    }
    char hm[16], why[160];
    snprintf(hm, sizeof(hm), "%02d:%02d", hh, mm);
    eap_time t;
    if (!eap_clock_parse_time(c, hm, &t, why, sizeof(why))) {
        return false;
    }
    t += (eap_time)(day - eap_clock_day(c, t)) * EAP_DAY;
    *out = t;
    return t >= 0;
}

/* A time as the list writes it, or as people type one; the clock time the export adds in
 * brackets must agree with it. canon: the time as the JSON writes it (as typed when the
 * loader reads that form, else the offset). */
static bool time_cell(const struct eap_clock *c, char *text, eap_time *t, char *canon, size_t clen,
                      char *why, size_t wlen)
{
    char *paren = strrchr(text, '(');
    size_t n = strlen(text);
    if (paren && n > 0 && text[n - 1] == ')') {
        text[n - 1] = '\0';
        *paren++ = '\0';
        eap__msel_normalize(text, text, n + 1);
    } else {
        paren = NULL;
    }
    if (eap_clock_parse_time(c, text, t, why, wlen)) {
        snprintf(canon, clen, "%s", text);
    } else if (clock_on_day(c, text, t)) {
        eap_time_format_offset(*t, canon, clen);
    } else {
        return false;
    }
    char said[64], is[64];
    if (paren) {
        eap__msel_normalize(paren, said, sizeof(said));
        eap__msel_time(c, *t, is, sizeof(is));
        char *open = strchr(is, '(');
        is[strlen(is) - 1] = '\0';
        if (strcasecmp(said, open + 1) != 0) {
            snprintf(why, wlen,
                     "expected the clock time in brackets to be the time's, %s, found "
                     "\"%s\" (correct one of the two)",
                     open + 1, said);
            return false;
        }
    }
    if (*t < 0) {
        snprintf(why, wlen, "expected a time at or after the start, found \"%s\"", text);
        return false;
    }
    return true;
}

/* Splits a fixed delay (" + 5 min") off the end of s into dur; false when there is none. */
static bool split_delay(char *s, char *dur, size_t len)
{
    char *plus = last_sep(s, " + ");
    double ms;
    char why[160];
    if (!plus || !eap_units_parse(EAP_Q_DURATION, plus + 3, &ms, why, sizeof(why))) {
        return false;
    }
    snprintf(dur, len, "%s", plus + 3);
    *plus = '\0';
    return true;
}

/* --- events --- */

/* How many leading characters a and b share, in any case. */
static size_t common_start(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && b[n] && tolower((unsigned char)a[n]) == tolower((unsigned char)b[n])) {
        n++;
    }
    return n;
}

/* The phrase nearest to what was typed: the longest common start, then the closest length. */
struct nearest {
    char text[CELL_MAX];
    size_t common, diff;
};

static void consider(struct nearest *n, const char *cand, const char *typed)
{
    size_t common = common_start(cand, typed), a = strlen(cand), b = strlen(typed);
    size_t diff = a > b ? a - b : b - a;
    if (common > n->common || (common == n->common && diff < n->diff)) {
        n->common = common;
        n->diff = diff;
        snprintf(n->text, sizeof(n->text), "%s", cand);
    }
}

/* What reading a phrase found: how many conditions it names (one, or several: ambiguous),
 * the first, and the nearest phrase when none. */
struct match {
    int found;
    struct eap_condition c;
    struct nearest near;
};

static void hit(struct match *m, enum eap_event_kind k, long subject, long place)
{
    if (m->found++ == 0) {
        m->c = (struct eap_condition){k, (int32_t)subject, (int32_t)place};
    }
}

/* After the event's words and its place (if any): nothing, or ": " and a subject's name. */
static void match_subject(const struct msel_names *n, enum eap_event_kind k, long place,
                          const char *tail, struct match *m)
{
    if (*tail == '\0') {
        hit(m, k, EAP_NONE, place);
        return;
    }
    enum eap_role role = eap_event_subject_role(k);
    size_t count = eap__msel_subject_count(n->scn, k);
    for (size_t i = 0; strncmp(tail, ": ", 2) == 0 && i < count; i++) {
        if (strcasecmp(tail + 2, n->subject[role][i]) == 0) {
            hit(m, k, (long)i, place);
        }
    }
}

/* The conditions of kind k whose phrase is p (which opens with k's words): no place or each
 * place that follows the words, then no subject or each subject. */
static void match_kind(const struct msel_names *n, enum eap_event_kind k, const char *p,
                       struct match *m)
{
    const char *rest = p + strlen(eap__msel_event_words(k)), *before = eap__msel_before_place(k);
    size_t bl = strlen(before);
    match_subject(n, k, EAP_NONE, rest, m);
    for (size_t pl = 0; strncasecmp(rest, before, bl) == 0 && pl < n->scn->place_count; pl++) {
        size_t nl = strlen(n->place[pl]);
        if (strncasecmp(rest + bl, n->place[pl], nl) == 0) {
            match_subject(n, k, (long)pl, rest + bl + nl, m);
        }
    }
}

/* The phrases of kind k nearest to p: the words with one place, or with one subject. */
static void nearest_of_kind(const struct msel_names *n, enum eap_event_kind k, const char *p,
                            struct nearest *near)
{
    char cand[2 * CELL_NAME_MAX];
    const char *w = eap__msel_event_words(k);
    enum eap_role role = eap_event_subject_role(k);
    consider(near, w, p);
    for (size_t pl = 0; pl < n->scn->place_count; pl++) {
        snprintf(cand, sizeof(cand), "%s%s%s", w, eap__msel_before_place(k), n->place[pl]);
        consider(near, cand, p);
    }
    for (size_t i = 0; i < eap__msel_subject_count(n->scn, k); i++) {
        snprintf(cand, sizeof(cand), "%s: %s", w, n->subject[role][i]);
        consider(near, cand, p);
    }
}

/* The condition whose phrase is p, among the kinds whose words open it. */
static void match_phrase(const struct msel_names *n, const char *p, struct match *m)
{
    memset(m, 0, sizeof(*m));
    m->near.diff = (size_t)-1;
    for (int k = 0; k < EAP_EV_KIND_COUNT; k++) {
        const char *w = eap__msel_event_words((enum eap_event_kind)k);
        if (strncasecmp(p, w, strlen(w)) == 0) {
            match_kind(n, (enum eap_event_kind)k, p, m);
        }
    }
    for (int k = 0; m->found == 0 && k < EAP_EV_KIND_COUNT; k++) {
        const char *w = eap__msel_event_words((enum eap_event_kind)k);
        if (strncasecmp(p, w, strlen(w)) == 0) {
            nearest_of_kind(n, (enum eap_event_kind)k, p, &m->near);
        }
    }
}

/* One event's phrase as the JSON of its condition, appended to json. */
static bool condition(const struct msel_names *n, const char *p, struct text_buf *json, char *why,
                      size_t wlen)
{
    struct match m;
    match_phrase(n, p, &m);
    if (m.found > 1) {
        snprintf(why, wlen,
                 "expected an event that names one thing, found \"%s\", which names "
                 "several",
                 p);
        return false;
    }
    if (m.found == 0 && m.near.text[0]) {
        snprintf(why, wlen,
                 "expected an event as the export writes it, found \"%s\"; did you "
                 "mean \"%s\"?",
                 p, m.near.text);
        return false;
    }
    if (m.found == 0) {
        snprintf(why, wlen,
                 "expected a time (\"T+17m\", \"21:59\") or \"when\" and an event as "
                 "the export writes it (\"when on station: NAME\", \"when convoy "
                 "passes PLACE: NAME\"...), found \"%s\"",
                 p);
        return false;
    }
    const struct eap_scenario *s = n->scn;
    eap__buf_put(json, "{\"on\": \"%s\"", eap_event_kind_name(m.c.event));
    if (m.c.subject != EAP_NONE) {
        eap__buf_put(json, ", \"%s\": ", eap__msel_role_key(m.c.event));
        eap__msel_json_string(json, eap_scenario_subject_id(s, m.c.event, m.c.subject));
    }
    if (m.c.place != EAP_NONE) {
        eap__buf_put(json, ", \"place\": ");
        eap__msel_json_string(json, s->places[m.c.place].id);
    }
    return true;
}

/* A delay, when there is one, with the note that says where such a number comes from: the
 * scenario's rule that every number has a source or a note holds for the MSEL's too. */
static void delay_json(struct text_buf *json, const char *delay)
{
    if (delay) {
        eap__buf_put(json, ", \"delay\": ");
        eap__msel_json_string(json, delay);
        eap__buf_put(json, ", \"note\": \"%s\"", EAP_MSEL_DELAY_NOTE);
    }
}

/* Where the first of several events ends in p: at the first "; " whose text before it names
 * an event (a name may hold "; " itself), else at the end. */
static char *first_event_end(const struct msel_names *n, char *p)
{
    struct match m;
    for (char *sep = strstr(p, "; "); sep; sep = strstr(sep + 2, "; ")) {
        *sep = '\0';
        match_phrase(n, p, &m);
        *sep = ';';
        if (m.found == 1) {
            return sep;
        }
    }
    return p + strlen(p);
}

/* The events after "when": one phrase, or "all of: " and phrases separated by "; ". */
static bool events_json(const struct msel_names *n, char *body, struct text_buf *json, char *why,
                        size_t wlen)
{
    if (strncasecmp(body, "all of: ", 8) != 0) {
        return condition(n, body, json, why, wlen);
    }
    eap__buf_put(json, "{\"all\": [");
    size_t k = 0;
    for (char *p = body + 8, *end; *p; p = *end ? end + 2 : end, k++) {
        end = first_event_end(n, p);
        if (k == EAP_MAX_CONDITIONS) {
            snprintf(why, wlen, "expected at most %d events after \"all of:\", found more",
                     EAP_MAX_CONDITIONS);
            return false;
        }
        char save = *end;
        *end = '\0';
        eap__buf_put(json, "%s", k > 0 ? ", " : "");
        bool ok = condition(n, p, json, why, wlen);
        *end = save;
        if (!ok) {
            return false;
        }
        eap__buf_put(json, "}");
    }
    eap__buf_put(json, "]");
    return true;
}

/* Splits ", not before TIME" off the end of text into canon, when what follows is a time;
 * false (and why) when it is not one, the text left as it was: the words may be part of a
 * name ("Leave ..., not before dawn"). */
static bool split_not_before(const struct eap_clock *clock, char *text, char *canon, size_t clen,
                             char *why, size_t wlen)
{
    char *nb = last_sep(text, ", not before ");
    char time[CELL_MAX];
    eap_time t;
    if (!nb) {
        return false;
    }
    snprintf(time, sizeof(time), "%s", nb + 13);
    if (!time_cell(clock, time, &t, canon, clen, why, wlen)) {
        return false;
    }
    *nb = '\0';
    return true;
}

/* "when ...", with its delay and the time it waits for. */
static bool event_trigger(const struct msel_names *n, char *text, struct text_buf *json, char *why,
                          size_t wlen)
{
    char not_before[64] = "", delay[64] = "", time_why[384] = "";
    bool has_nb = split_not_before(&n->scn->clock, text, not_before, sizeof(not_before), time_why,
                                   sizeof(time_why));
    bool has_delay = split_delay(text, delay, sizeof(delay));
    if (!events_json(n, text + 5, json, why, wlen)) {
        if (time_why[0]) {
            /* Not a name after all: the time after "not before" was meant, and is wrong. */
            snprintf(why, wlen, "after \"not before\": %s", time_why);
        }
        return false;
    }
    delay_json(json, has_delay ? delay : NULL);
    if (has_nb) {
        eap__buf_put(json, ", \"not_before\": ");
        eap__msel_json_string(json, not_before);
    }
    eap__buf_put(json, "}");
    return true;
}

/* A time, with a delay after it. */
static bool time_trigger(const struct eap_clock *clock, char *text, struct text_buf *json,
                         char *why, size_t wlen)
{
    char delay[64], at[64];
    bool has_delay = split_delay(text, delay, sizeof(delay));
    eap_time t;
    char typed[CELL_MAX];
    snprintf(typed, sizeof(typed), "%s", text);
    if (!time_cell(clock, text, &t, at, sizeof(at), why, wlen)) {
        if (strncmp(why, "expected a time such as", 23) == 0) {
            snprintf(why, wlen,
                     "expected a time (\"T+17m\", \"21:59\", \"05:15+1d\") or \"when\" "
                     "and an event as the export writes it (\"when on station: NAME\"), found "
                     "\"%s\"",
                     typed);
        }
        return false;
    }
    eap__buf_put(json, "{\"at\": ");
    eap__msel_json_string(json, at);
    delay_json(json, has_delay ? delay : NULL);
    eap__buf_put(json, "}");
    return true;
}

bool eap__msel_parse_when(const struct msel_names *names, const char *cell, struct text_buf *json,
                          char *why, size_t why_len)
{
    char text[CELL_MAX];
    if (strlen(cell) >= sizeof(text)) {
        snprintf(why, why_len, "expected a time or a trigger, found %zu characters", strlen(cell));
        return false;
    }
    eap__msel_normalize(cell, text, sizeof(text));
    if (text[0] == '\0') {
        snprintf(why, why_len, "expected a time or a trigger, found an empty cell");
        return false;
    }
    if (strncasecmp(text, "when ", 5) == 0) {
        return event_trigger(names, text, json, why, why_len);
    }
    return time_trigger(&names->scn->clock, text, json, why, why_len);
}
