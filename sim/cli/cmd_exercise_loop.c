/*
 * Driving an exercise session: the simulated clock follows the wall clock at the chosen pace
 * (or steps from stop to stop), inject cards print as they fall due, and at each decision the
 * facilitator is asked (or the prepared answers, or the log being replayed, answer). Between
 * stops the keys p (pause), s (skip to the next stop), n (observation), q (quit) and h (help)
 * work; at a prompt also the option numbers, ? and b.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_exercise.h"

#define TICK_MS 100

/* The clock's anchor: the simulated time that goes with a wall-clock time at the pace. */
struct anchor {
    eap_time sim;
    double wall;
};

static void re_anchor(const struct ex_run *r, struct anchor *a)
{
    a->sim = eap_exercise_now(r->s);
    a->wall = cli_now();
}

/* --- observations --- */

static void observe(struct ex_run *r, const char *given)
{
    char text[1024];
    if (given && *given) {
        snprintf(text, sizeof(text), "%s", given);
    } else if (!ex_term_line(&r->term,
                             "  Observation (start with ! to put it in the "
                             "improvement plan): ",
                             text, sizeof(text))) {
        return;
    }
    ex_observe(r, text);
}

/* The rest of a line-mode command after its key ("n the RSO called late"). */
static const char *rest(const char *cmd)
{
    const char *p = cmd + 1;
    while (*p == ' ') {
        p++;
    }
    return p;
}

/* --- between stops --- */

static void status(struct ex_run *r, const char *what)
{
    char hm[32], off[32], line[224];
    eap_time now = eap_exercise_now(r->s);
    eap_clock_format_hm_day(&r->scn->clock, now, " ", hm, sizeof(hm));
    eap_time_format_offset(now, off, sizeof(off));
    snprintf(line, sizeof(line), "%s  %-10s %s   p pause  s skip  n note  q quit  h help", hm, off,
             what);
    ex_term_status(&r->term, line);
}

/* A key between stops. Returns true to skip to the next stop. */
static bool idle_key(struct ex_run *r, const char *cmd, struct anchor *a)
{
    switch (cmd[0]) {
    case 'p':
        r->paused = !r->paused;
        re_anchor(r, a);
        ex_term_clear(&r->term);
        printf("  %s\n", r->paused ? "Paused (p resumes)." : "Resumed.");
        return false;
    case 'n':
        observe(r, r->term.keys ? NULL : rest(cmd));
        re_anchor(r, a);
        return false;
    case 'q':
        r->quit = true;
        return false;
    case 'h':
    case '?':
        ex_term_clear(&r->term);
        printf("  Keys: p pause/resume, s (or Enter) skip to the next inject or decision, n add "
               "an observation, q quit (the log is saved).\n");
        return false;
    case 's':
    case ' ':
    case '\n':
    case '\r':
    case '\0':
        return true;
    default:
        return false;
    }
}

/* Waits a tick (or, stepping or paused, until a key says go). Returns true to skip ahead. */
static bool idle(struct ex_run *r, struct anchor *a)
{
    bool wait = r->paused || r->args->pace == EX_PACE_STEP;
    char what[64];
    if (r->paused) {
        snprintf(what, sizeof(what), "PAUSED");
    } else if (r->args->pace == EX_PACE_STEP) {
        snprintf(what, sizeof(what), "Enter: next");
    } else {
        snprintf(what, sizeof(what), "at %s", r->args->pace_text);
    }
    status(r, what);
    char cmd[1024];
    enum ex_input in = ex_term_read(&r->term, wait ? -1 : TICK_MS, cmd, sizeof(cmd));
    if (in == EX_IN_EOF && wait) {
        r->quit = true; /* nothing more will come to say go */
    }
    return in == EX_IN_CMD && idle_key(r, cmd, a);
}

/* --- decisions --- */

/* What a command typed at a prompt does. Returns 1 when the decision is settled (chosen,
 * gone back, quit), 0 to keep asking, -1 on failure. */
static int prompt_key(struct ex_run *r, int32_t d, const char *cmd, double *deadline)
{
    const struct eap_decision *dp = &r->scn->decisions[d];
    char *end;
    long k = strtol(cmd, &end, 10);
    if (cmd[0] >= '0' && cmd[0] <= '9') {
        if ((*end == '\0' || *end == ' ') && k >= 1 && (size_t)k <= dp->option_count) {
            return ex_choose(r, (int32_t)(k - 1), EAP_CHOSEN_BY_PLAYERS, NULL, ex_wall(r)) ? 1 : -1;
        }
        printf("  There is no option %s: choose 1 to %zu.\n", cmd, dp->option_count);
        return 0;
    }
    struct eap_error err;
    switch (cmd[0]) {
    case '?':
    case 'h':
        ex_print_help(r->scn, d);
        return 0;
    case 'b':
        if (!eap_exercise_back(r->s, &err)) {
            printf("  %s.\n", err.msg);
            return err.code == EAP_EINPUT ? 0 : -1;
        }
        printf("  Back to the previous decision.\n");
        ex_save_log(r);
        return 1;
    case 'p':
        r->paused = !r->paused;
        printf("  %s\n",
               r->paused ? "Paused: the countdown stands still (p resumes)." : "Resumed.");
        return 0;
    case 'n': {
        double before = cli_now();
        observe(r, r->term.keys ? NULL : rest(cmd));
        *deadline += cli_now() - before; /* writing a note does not eat the countdown */
        return 0;
    }
    case 'q':
        r->quit = true;
        return 1;
    default:
        return 0;
    }
}

/* In key mode with more than nine options, digits gather until Enter. */
static bool gather_digits(struct ex_run *r, int32_t d, char *cmd, char *digits, size_t len)
{
    size_t n = strlen(digits);
    if (!r->term.keys || r->scn->decisions[d].option_count <= 9) {
        return false;
    }
    if (cmd[0] >= '0' && cmd[0] <= '9' && n + 1 < len) {
        digits[n] = cmd[0];
        digits[n + 1] = '\0';
        return true;
    }
    if ((cmd[0] == '\r' || cmd[0] == '\n') && n > 0) {
        snprintf(cmd, len, "%s", digits);
        digits[0] = '\0';
    }
    return false;
}

/* Asks the room. Returns 1 when settled, -1 on failure; on a signal or the end of input,
 * 1 with r->quit set (the caller checks the signal). */
static int ask(struct ex_run *r, int32_t d)
{
    const struct eap_decision *dp = &r->scn->decisions[d];
    double deadline = dp->wall_countdown > 0 ? cli_now() + dp->wall_countdown : INFINITY;
    double last = cli_now();
    char cmd[1024], digits[16] = "";
    for (;;) {
        double now = cli_now();
        deadline += r->paused ? now - last : 0; /* a pause holds the countdown */
        last = now;
        double left = deadline - now;
        if (left <= 0) {
            printf("  The countdown ran out: the default is taken.\n");
            return ex_choose(r, dp->default_option, EAP_CHOSEN_BY_COUNTDOWN, NULL, ex_wall(r)) ? 1
                                                                                               : -1;
        }
        char what[64] = "waiting for a choice";
        if (r->paused) {
            snprintf(what, sizeof(what), "PAUSED");
        } else if (!isinf(left)) {
            snprintf(what, sizeof(what), "%.0f s to decide", ceil(left));
        }
        ex_term_status(&r->term, what);
        enum ex_input in = ex_term_read(&r->term, TICK_MS, cmd, sizeof(cmd));
        if (in == EX_IN_SIGNAL || in == EX_IN_EOF) {
            ex_term_clear(&r->term);
            if (in == EX_IN_EOF) {
                printf("  The input has ended: the exercise stops here.\n");
            }
            r->quit = true;
            return 1;
        }
        if (in != EX_IN_CMD || gather_digits(r, d, cmd, digits, sizeof(digits))) {
            continue;
        }
        ex_term_clear(&r->term);
        int k = prompt_key(r, d, cmd, &deadline);
        if (k != 0) {
            return k;
        }
        last = r->paused ? cli_now() : last; /* typing a note is held by prompt_key */
    }
}

static int decide(struct ex_run *r)
{
    int32_t d = eap_exercise_pending(r->s);
    ex_term_clear(&r->term);
    ex_print_decision(r->scn, d, eap_exercise_now(r->s), !ex_unattended(r, d), r->term.keys);
    int k = ex_answer_unattended(r, d);
    return k != 0 ? k : ask(r, d);
}

/* --- the loop --- */

/* The observations of a replayed log, printed as the clock passes them. */
static void replay_observations(struct ex_run *r)
{
    const struct eap_exercise_record *l = r->log_rec;
    while (l && r->log_observation < l->observation_count &&
           l->observations[r->log_observation].at <= eap_exercise_now(r->s)) {
        ex_print_observation(r->scn, &l->observations[r->log_observation++]);
    }
}

static void print_cards(struct ex_run *r)
{
    size_t first, n = eap_exercise_new_injects(r->s, &first);
    const struct eap_exercise_record *rec = eap_exercise_session_record(r->s);
    ex_term_clear(&r->term);
    for (size_t i = first; i < first + n; i++) {
        ex_print_card(r->scn, &rec->shown[i]);
    }
}

/* Where the clock goes next. */
static eap_time target(const struct ex_run *r, const struct anchor *a, bool skip)
{
    eap_time t = EAP_TIME_MAX;
    if (r->args->pace == EX_PACE_RATE && !skip) {
        double ms = (cli_now() - a->wall) * r->args->rate * 1000.0;
        t = a->sim + (eap_time)fmin(ms, (double)EAP_TIME_MAX);
    }
    if (r->log_rec && !r->log_rec->finished && t > r->log_rec->ended) {
        t = r->log_rec->ended; /* a replayed log stops where the session stopped */
    }
    return t > EAP_TIME_MAX ? EAP_TIME_MAX : t;
}

bool ex_loop(struct ex_run *r)
{
    struct anchor a;
    re_anchor(r, &a);
    bool skip = false;
    struct eap_error err;
    while (!ex_signal && !r->quit) {
        if (r->paused || (r->args->pace == EX_PACE_STEP && !skip)) {
            skip = idle(r, &a);
            continue;
        }
        enum eap_exercise_stop st =
            eap_exercise_advance(r->s, target(r, &a, skip), ex_wall(r), &err);
        replay_observations(r);
        if (st == EAP_EXERCISE_FAILED) {
            cli_error("%s", err.msg);
            return false;
        }
        if (st == EAP_EXERCISE_ENDED) {
            return true;
        }
        if (st == EAP_EXERCISE_INJECTS) {
            print_cards(r);
            skip = false;
        } else if (st == EAP_EXERCISE_DECISION) {
            if (decide(r) < 0) {
                return false;
            }
            re_anchor(r, &a);
            skip = false;
        } else if (r->log_rec && eap_exercise_now(r->s) >= r->log_rec->ended &&
                   !r->log_rec->finished) {
            return true; /* the replayed log ends here */
        } else if (r->args->pace != EX_PACE_MAX) {
            skip = idle(r, &a);
        }
    }
    return true;
}
