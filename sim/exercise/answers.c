/*
 * Prepared answers: a text file of "DECISION_ID OPTION_ID" lines that plays a session's
 * choices without a prompt (rehearsals, tests). Every mistake is reported, each located at its
 * line and column (columns count characters): a line in error is skipped and the reading goes
 * on. Answers are checked against the run before anything is played: an answer for a
 * decision the run never reaches is refused, not ignored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/exercise.h"
#include "eapsim/utf8.h"
#include "exercise_internal.h"

/* A cursor over the text, with the line and column of where it stands. */
struct cursor {
    const char *t;
    size_t len, i;
    int line, col;
    const char *name;
};

static bool at_line_end(const struct cursor *c)
{
    return c->i >= c->len || c->t[c->i] == '\n' || c->t[c->i] == '\r' || c->t[c->i] == '#';
}

/* Moves one character on (a whole UTF-8 sequence); false on bytes that are not text. */
static bool step(struct cursor *c, struct eap_error *err)
{
    unsigned char ch = (unsigned char)c->t[c->i];
    size_t n = eap_utf8_len((const unsigned char *)c->t + c->i, c->len - c->i);
    if (n == 0 || ch == 0 || (ch < 0x20 && ch != '\t')) {
        eap_error_set(err, EAP_EINPUT, "expected text, found the byte 0x%02X", ch);
        return false;
    }
    c->i += n;
    c->col++;
    return true;
}

static bool skip_blanks(struct cursor *c, struct eap_error *err)
{
    while (c->i < c->len && (c->t[c->i] == ' ' || c->t[c->i] == '\t')) {
        if (!step(c, err)) {
            return false;
        }
    }
    return true;
}

/* The next word (up to a blank or the end of the line) into buf; its column in *col. */
static bool word(struct cursor *c, char *buf, size_t len, int *col, struct eap_error *err)
{
    *col = c->col;
    size_t from = c->i;
    while (!at_line_end(c) && c->t[c->i] != ' ' && c->t[c->i] != '\t') {
        if (!step(c, err)) {
            return false;
        }
    }
    size_t n = c->i - from < len - 1 ? c->i - from : len - 1;
    memcpy(buf, c->t + from, n);
    buf[n] = '\0';
    return true;
}

/* Skips the rest of the line (a comment) and its line break. */
static bool next_line(struct cursor *c, struct eap_error *err)
{
    while (c->i < c->len && c->t[c->i] != '\n') {
        if (c->t[c->i] == '\r') {
            c->i++;
            continue;
        }
        if (!step(c, err)) {
            return false;
        }
    }
    if (c->i < c->len) {
        c->i++;
    }
    c->line++;
    c->col = 1;
    return true;
}

static bool located(struct cursor *c, int col, struct eap_error *err)
{
    snprintf(err->file, sizeof(err->file), "%s", c->name);
    err->line = c->line;
    err->col = col;
    return false;
}

/* The nearest id as a "; did you mean" hint, or "". */
static void hint(const char *word, const char *const *ids, size_t n, char *buf, size_t len)
{
    const char *h = eap_suggest(word, ids, n);
    snprintf(buf, len, "%s%s%s", h ? "; did you mean \"" : "", h ? h : "", h ? "\"?" : "");
}

static bool bad_decision(struct cursor *c, const struct eap_scenario *scn, const char *w, int col,
                         struct eap_error *err)
{
    const char **ids = calloc(scn->decision_count + 1, sizeof(*ids));
    char h[160] = "";
    for (size_t k = 0; ids && k < scn->decision_count; k++) {
        ids[k] = scn->decisions[k].id;
    }
    if (ids) {
        hint(w, ids, scn->decision_count, h, sizeof(h));
    }
    free(ids);
    eap_error_set(err, EAP_EINPUT,
                  "expected the id of a decision point of scenario \"%s\", found \"%.80s\"%s",
                  scn->id, w, h);
    return located(c, col, err);
}

static bool bad_option(struct cursor *c, const struct eap_decision *d, const char *w, int col,
                       struct eap_error *err)
{
    const char *ids[16];
    char list[256] = "", h[160] = "";
    size_t n = d->option_count < 16 ? d->option_count : 16, used = 0;
    for (size_t k = 0; k < n; k++) {
        ids[k] = d->options[k].id;
        int m = snprintf(list + used, sizeof(list) - used, "%s\"%s\"", k ? ", " : "", ids[k]);
        used += m > 0 && (size_t)m < sizeof(list) - used ? (size_t)m : 0;
    }
    hint(w, ids, n, h, sizeof(h));
    if (!*w) {
        eap_error_set(err, EAP_EINPUT, "expected an option of decision \"%s\" (%s) after it", d->id,
                      list);
    } else {
        eap_error_set(err, EAP_EINPUT,
                      "expected an option of decision \"%s\" (%s), found \"%.80s\"%s", d->id, list,
                      w, h);
    }
    return located(c, col, err);
}

/* One "DECISION OPTION" line (the cursor at its first word). */
static bool answer_line(struct cursor *c, const struct eap_scenario *scn,
                        struct eap_exercise_answers *a, struct eap_error *err)
{
    char dw[256], ow[256];
    int dcol, ocol;
    if (!word(c, dw, sizeof(dw), &dcol, err) || !skip_blanks(c, err)) {
        return located(c, c->col, err);
    }
    int32_t d = eap_scenario_find_decision(scn, dw);
    if (d == EAP_NONE) {
        return bad_decision(c, scn, dw, dcol, err);
    }
    if (!word(c, ow, sizeof(ow), &ocol, err) || !skip_blanks(c, err)) {
        return located(c, c->col, err);
    }
    int32_t o = eap_decision_find_option(&scn->decisions[d], ow);
    if (o == EAP_NONE) {
        return bad_option(c, &scn->decisions[d], ow, ocol, err);
    }
    if (!at_line_end(c)) {
        int col = c->col;
        word(c, ow, sizeof(ow), &ocol, err);
        eap_error_set(err, EAP_EINPUT,
                      "expected the end of the line after the option (one answer a line), "
                      "found \"%.80s\"",
                      ow);
        return located(c, col, err);
    }
    if (a->option[d] != EAP_NONE) {
        eap_error_set(err, EAP_EINPUT, "decision \"%s\" is answered twice (first on line %d)", dw,
                      a->line[d]);
        return located(c, dcol, err);
    }
    a->option[d] = o;
    a->line[d] = c->line;
    a->col[d] = dcol;
    return true;
}

/* After a mistake: on to the start of the next line, whatever the bytes on the way. */
static void skip_line(struct cursor *c)
{
    while (c->i < c->len && c->t[c->i] != '\n') {
        c->i++;
    }
    c->i += c->i < c->len;
    c->line++;
    c->col = 1;
}

bool eap_exercise_answers_parse(const char *name, const char *text, size_t len,
                                const struct eap_scenario *scn, struct eap_exercise_answers *out,
                                struct eap_diag *diag)
{
    memset(out, 0, sizeof(*out));
    eap__copy_text(out->name, sizeof(out->name), name);
    size_t n = scn->decision_count + 1, problems = diag->count + diag->dropped;
    out->count = scn->decision_count;
    out->option = malloc(n * sizeof(*out->option));
    out->line = calloc(n, sizeof(*out->line));
    out->col = calloc(n, sizeof(*out->col));
    struct eap_error err;
    eap_error_clear(&err);
    if (!out->option || !out->line || !out->col) {
        eap_exercise_answers_finish(out);
        eap_error_set(&err, EAP_ENOMEM, "out of memory reading %s", name);
        eap_diag_add(diag, &err);
        return false;
    }
    for (size_t k = 0; k < n; k++) {
        out->option[k] = EAP_NONE;
    }
    struct cursor c = {text, len, 0, 1, 1, name};
    while (c.i < c.len) {
        eap_error_clear(&err);
        if (skip_blanks(&c, &err) && (at_line_end(&c) || answer_line(&c, scn, out, &err)) &&
            next_line(&c, &err)) {
            continue;
        }
        if (err.line == 0) {
            located(&c, c.col, &err);
        }
        eap_diag_add(diag, &err);
        skip_line(&c);
    }
    if (diag->count + diag->dropped > problems) {
        eap_exercise_answers_finish(out);
        return false;
    }
    return true;
}

void eap_exercise_answers_finish(struct eap_exercise_answers *a)
{
    free(a->option);
    free(a->line);
    free(a->col);
    memset(a, 0, sizeof(*a));
}

/* Plays the run to its end from `from`, answering as the file says or with the default. */
static bool play(struct eap_exercise_session *s, const struct eap_exercise_answers *a,
                 struct eap_error *err)
{
    const struct eap_scenario *scn = eap_exercise_session_record(s)->scn;
    for (;;) {
        enum eap_exercise_stop st = eap_exercise_advance(s, EAP_TIME_MAX, 0, err);
        if (st == EAP_EXERCISE_FAILED) {
            return false;
        }
        if (st == EAP_EXERCISE_ENDED) {
            return true;
        }
        int32_t d = eap_exercise_pending(s);
        if (st == EAP_EXERCISE_DECISION && d != EAP_NONE) {
            int32_t o = a->option[d] != EAP_NONE ? a->option[d] : scn->decisions[d].default_option;
            if (!eap_exercise_choose(s, o, EAP_CHOSEN_BY_ANSWERS, NULL, 0, err)) {
                return false;
            }
        }
    }
}

/* Whether decision d was taken in the run. */
static bool taken_in(const struct eap_exercise_record *r, size_t d)
{
    for (size_t k = 0; k < r->choice_count; k++) {
        if (r->choices[k].decision == (int32_t)d) {
            return true;
        }
    }
    return false;
}

/* The answered decision written first after line `after` (a->count when none is): the
 * answers in the file's order. */
static size_t next_answer(const struct eap_exercise_answers *a, int after)
{
    size_t at = a->count;
    for (size_t d = 0; d < a->count; d++) {
        if (a->option[d] != EAP_NONE && a->line[d] > after &&
            (at == a->count || a->line[d] < a->line[at])) {
            at = d;
        }
    }
    return at;
}

bool eap_exercise_answers_check(const struct eap_exercise_answers *a,
                                const struct eap_exercise_record *from, struct eap_diag *diag)
{
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_exercise_session *s = eap_exercise_resume(from, &err);
    if (!s || !play(s, a, &err)) {
        eap_diag_add(diag, &err);
        eap_exercise_destroy(s);
        return false;
    }
    const struct eap_exercise_record *r = eap_exercise_session_record(s);
    bool ok = true;
    for (size_t d = next_answer(a, 0); d < a->count; d = next_answer(a, a->line[d])) {
        if (!taken_in(r, d)) {
            eap_error_clear(&err);
            eap_error_set(&err, EAP_EINPUT,
                          "decision \"%s\" is never reached in this run (with these answers, "
                          "and the default where they say nothing), so its answer cannot be "
                          "played",
                          r->scn->decisions[d].id);
            snprintf(err.file, sizeof(err.file), "%s", a->name);
            err.line = a->line[d];
            err.col = a->col[d];
            eap_diag_add(diag, &err);
            ok = false;
        }
    }
    eap_exercise_destroy(s);
    return ok;
}
