/*
 * The exercise's terminal: single keys when stdin is a terminal (raw mode, restored on every
 * way out), whole lines when it is a pipe or a file (tests, prepared sessions); the clock on a
 * status line of its own when stdout is a terminal; the inject cards and decision prompts as
 * the facilitator reads them; and the signals that end a session with its log saved.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cmd_exercise.h"

#define WIDTH 78

volatile sig_atomic_t ex_signal = 0;

static void on_signal(int sig)
{
    ex_signal = sig;
}

void ex_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal; /* no SA_RESTART: a wait for a key returns at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed terminal must not stop the log being written */
}

static void set_raw(struct ex_term *t, bool raw)
{
    struct termios tio = t->saved;
    if (raw) {
        tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        tio.c_cc[VMIN] = 1;
        tio.c_cc[VTIME] = 0;
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &tio);
}

void ex_term_open(struct ex_term *t)
{
    memset(t, 0, sizeof(*t));
    t->keys = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &t->saved) == 0;
    t->status = isatty(STDOUT_FILENO);
    if (t->keys) {
        set_raw(t, true);
    }
}

void ex_term_close(struct ex_term *t)
{
    ex_term_clear(t);
    if (t->keys) {
        set_raw(t, false);
        t->keys = false;
    }
    fflush(stdout);
}

/* The first line held in the buffer, taken out into cmd. */
static bool take_line(struct ex_term *t, char *cmd, size_t len)
{
    char *nl = memchr(t->buf, '\n', t->len);
    if (!nl && !(t->eof && t->len > 0) && t->len < sizeof(t->buf)) {
        return false;
    }
    size_t n = nl ? (size_t)(nl - t->buf) : t->len;
    size_t keep = n < len - 1 ? n : len - 1;
    memcpy(cmd, t->buf, keep);
    cmd[keep] = '\0';
    if (keep > 0 && cmd[keep - 1] == '\r') {
        cmd[keep - 1] = '\0';
    }
    size_t used = nl ? n + 1 : n;
    memmove(t->buf, t->buf + used, t->len - used);
    t->len -= used;
    return true;
}

enum ex_input ex_term_read(struct ex_term *t, int ms, char *cmd, size_t len)
{
    if (!t->keys && take_line(t, cmd, len)) {
        return EX_IN_CMD;
    }
    fflush(stdout);
    if (t->eof) {
        if (ms > 0) {
            poll(NULL, 0, ms); /* nothing more will come: wait the tick out all the same */
        }
        return ex_signal ? EX_IN_SIGNAL : EX_IN_EOF;
    }
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    int n = poll(&p, 1, ms);
    if (ex_signal) {
        return EX_IN_SIGNAL;
    }
    if (n <= 0) {
        return n < 0 && errno != EINTR ? EX_IN_EOF : EX_IN_NONE;
    }
    char *to = t->keys ? cmd : t->buf + t->len;
    size_t room = t->keys ? 1 : sizeof(t->buf) - t->len;
    ssize_t got = read(STDIN_FILENO, to, room);
    if (got <= 0) {
        t->eof = got == 0 || errno != EINTR;
        return ex_signal                            ? EX_IN_SIGNAL
               : !t->keys && take_line(t, cmd, len) ? EX_IN_CMD
                                                    : EX_IN_EOF;
    }
    if (t->keys) {
        cmd[1] = '\0';
        return EX_IN_CMD;
    }
    t->len += (size_t)got;
    return take_line(t, cmd, len) ? EX_IN_CMD : EX_IN_NONE;
}

bool ex_term_line(struct ex_term *t, const char *prompt, char *buf, size_t len)
{
    ex_term_clear(t);
    printf("%s", prompt);
    fflush(stdout);
    if (t->keys) {
        set_raw(t, false); /* typed text is echoed and can be corrected */
        t->keys = false;
        enum ex_input in;
        do {
            in = ex_term_read(t, -1, buf, len);
        } while (in == EX_IN_NONE);
        t->eof = false;
        t->keys = true;
        set_raw(t, true);
        return in == EX_IN_CMD;
    }
    enum ex_input in;
    do {
        in = ex_term_read(t, -1, buf, len);
    } while (in == EX_IN_NONE);
    if (in == EX_IN_CMD) {
        printf("%s\n", buf); /* a pipe does not echo: the transcript shows what was noted */
    }
    return in == EX_IN_CMD;
}

void ex_term_clear(struct ex_term *t)
{
    if (t->shown) {
        fputs("\r\033[K", stdout);
        t->shown = false;
    }
}

void ex_term_status(struct ex_term *t, const char *text)
{
    if (t->status) {
        printf("\r\033[K%s", text);
        fflush(stdout);
        t->shown = true;
    }
}

/* --- what the facilitator reads --- */

/* Words of text wrapped at WIDTH: the first line starts with `lead`, the others with `next`
 * ("  | " for a card's message, blanks under the text elsewhere). */
static void wrapped_as(const char *lead, const char *next, const char *text)
{
    size_t col = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ') {
            p++;
        }
        size_t n = strcspn(p, " ");
        if (n == 0) {
            break;
        }
        if (col == 0 || col + 1 + n > WIDTH) {
            const char *l = col ? next : lead;
            printf("%s%s", col ? "\n" : "", l);
            col = strlen(l);
        } else {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, n, stdout);
        col += n;
        p += n;
    }
    putchar('\n');
}

/* The same, the next lines indented as far as the first line's lead. */
static void wrapped(const char *lead, const char *text)
{
    char next[32];
    size_t n = strlen(lead) < sizeof(next) - 1 ? strlen(lead) : sizeof(next) - 1;
    memset(next, ' ', n);
    next[n] = '\0';
    wrapped_as(lead, next, text);
}

/* "== TITLE ====...== 22:30 (T+30m) ==" across the width. */
static void rule(char c, const char *title, const char *right)
{
    int n = printf("%c%c %s ", c, c, title);
    int r = right ? (int)strlen(right) + 4 : 0;
    for (int i = n; i < WIDTH - r; i++) {
        putchar(c);
    }
    if (right) {
        printf(" %s %c%c", right, c, c);
    }
    putchar('\n');
}

void ex_print_card(const struct eap_scenario *scn, const struct eap_exercise_shown *x)
{
    const struct eap_inject *in = &scn->injects[x->inject];
    char title[64], at[48], line[512];
    snprintf(title, sizeof(title), "INJECT %d", in->number);
    eap_clock_format_moment(&scn->clock, x->at, at, sizeof(at));
    putchar('\n');
    rule('-', title, at);
    snprintf(line, sizeof(line), "From %s to %s, %s:", in->from, in->to,
             eap_inject_method_phrase(in->method));
    wrapped_as("  ", "    ", line);
    wrapped_as("  | ", "  | ", in->text);
    /* The terminal is the facilitator's: what the players should do and the controllers'
     * notes are shown too. */
    if (in->expected_action) {
        snprintf(line, sizeof(line), "Expected action: %s", in->expected_action);
        wrapped_as("  ", "    ", line);
    }
    if (in->objective != EAP_NONE || in->capability) {
        snprintf(line, sizeof(line), "Tests: %s%s%s",
                 in->objective != EAP_NONE ? scn->objectives[in->objective].text : "",
                 in->objective != EAP_NONE && in->capability ? "; " : "",
                 in->capability ? in->capability : "");
        wrapped_as("  ", "    ", line);
    }
    if (in->controller_note) {
        snprintf(line, sizeof(line), "Controller note: %s", in->controller_note);
        wrapped_as("  ", "    ", line);
    }
}

void ex_print_decision(const struct eap_scenario *scn, int32_t d, eap_time at, bool asking,
                       bool keys)
{
    const struct eap_decision *dp = &scn->decisions[d];
    char title[160], when[48], line[512];
    snprintf(title, sizeof(title), "DECISION: %s", dp->id);
    eap_clock_format_moment(&scn->clock, at, when, sizeof(when));
    putchar('\n');
    rule('=', title, when);
    wrapped("  ", dp->prompt);
    if (dp->decides) {
        snprintf(line, sizeof(line), "Decides: %s.", dp->decides);
        wrapped("  ", line);
    }
    for (size_t k = 0; k < dp->option_count; k++) {
        char lead[32];
        snprintf(lead, sizeof(lead), "  %zu) ", k + 1);
        snprintf(line, sizeof(line), "%s%s", dp->options[k].label,
                 (int32_t)k == dp->default_option ? " (default)" : "");
        wrapped(lead, line);
    }
    if (!asking) {
        return;
    }
    if (dp->wall_countdown > 0) {
        printf("  The default is taken if nobody answers within %.0f s.\n", dp->wall_countdown);
    }
    snprintf(line, sizeof(line),
             "Choose 1-%zu%s. ? help and the plan's note, b back, p pause, "
             "n note, q quit.",
             dp->option_count, keys ? "" : " (then Enter)");
    wrapped("  ", line);
}

void ex_print_help(const struct eap_scenario *scn, int32_t d)
{
    const struct eap_decision *dp = &scn->decisions[d];
    char line[1024];
    putchar('\n');
    if (dp->note) {
        snprintf(line, sizeof(line), "What the plan says: %s", dp->note);
        wrapped("  ", line);
    }
    for (size_t k = 0; k < dp->option_count; k++) {
        if (dp->options[k].note) {
            snprintf(line, sizeof(line), "%zu) %s: %s", k + 1, dp->options[k].label,
                     dp->options[k].note);
            wrapped("  ", line);
        }
    }
    if (dp->source) {
        snprintf(line, sizeof(line), "Source: %s", dp->source);
        wrapped("  ", line);
    }
    wrapped("  ", "Keys: a number chooses that option; b goes back to the previous decision "
                  "to take it again; p pauses and resumes the countdown; n adds an observation "
                  "at this moment (start it with ! to put it in the improvement plan); q quits "
                  "and saves the log.");
}

void ex_print_choice(const struct eap_scenario *scn, const struct eap_exercise_choice *c)
{
    static const char *const how[] = {"at the prompt", "from the answers file",
                                      "by default: the countdown ran out", "as logged"};
    const struct eap_decision *dp = &scn->decisions[c->decision];
    char line[512];
    snprintf(line, sizeof(line), "-> %d) %s (%s, %s)", c->option + 1, dp->options[c->option].label,
             c->who && *c->who ? c->who : "players",
             (unsigned)c->by < EAP_CHOOSER_COUNT ? how[c->by] : "?");
    wrapped_as("  ", "     ", line);
}

void ex_print_observation(const struct eap_scenario *scn, const struct eap_exercise_observation *o)
{
    char at[48], line[1024];
    eap_clock_format_moment(&scn->clock, o->at, at, sizeof(at));
    snprintf(line, sizeof(line), "Observation at %s%s: %s", at,
             o->flagged ? " (for the improvement plan)" : "", o->text);
    wrapped_as("  * ", "    ", line);
}

bool ex_print_end(const struct eap_scenario *scn, const struct eap_engine *e, bool finished)
{
    int64_t *v = calloc(scn->metric_count + 1, sizeof(*v));
    if (!v) {
        return false;
    }
    char title[96], at[48];
    eap_clock_format_moment(&scn->clock, eap_engine_now(e), at, sizeof(at));
    snprintf(title, sizeof(title), finished ? "END OF THE EXERCISE" : "THE EXERCISE STOPS AT %s",
             at);
    putchar('\n');
    rule('=', title, NULL);
    eap_engine_metrics(e, v);
    for (size_t k = 0; k < scn->objective_count; k++) {
        const struct eap_objective *o = &scn->objectives[k];
        char got[224], line[512];
        const struct eap_metric_def *def = &scn->metrics[o->metric];
        if (v[o->metric] == EAP_METRIC_MISSING) {
            snprintf(got, sizeof(got), "never");
        } else if (def->from_start) {
            eap_clock_format_moment(&scn->clock, v[o->metric], got, sizeof(got));
        } else if (def->unit == EAP_MU_FLAG) { /* "yes" alone would answer the objective */
            snprintf(got, sizeof(got), "%s, %s", v[o->metric] ? "yes" : "no", def->label);
        } else {
            eap_metric_format(def->unit, v[o->metric], got, sizeof(got));
        }
        enum eap_rating r = eap_exercise_rate(o, v[o->metric]);
        snprintf(line, sizeof(line), "%c %s: %s", eap_exercise_rating_letter(r), o->text, got);
        wrapped_as("  ", "    ", line); /* a hanging indent keeps the rating letters a column */
    }
    free(v);
    return true;
}
