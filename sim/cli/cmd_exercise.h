/*
 * Private to the exercise commands: what their files share. exercise_setup.c parses the
 * exercise's options, sets the session up (a fresh one, a log resumed or replayed, prepared
 * answers) and writes the outputs (the log, the run's report, the after-action report);
 * exercise_drive.c moves a session (choices, answers, observations, the log after each), for
 * the terminal and the window alike. cmd_exercise.c is `eapsim exercise`: its
 * cmd_exercise_loop.c drives the session at its pace and asks at each decision, and
 * cmd_exercise_term.c talks to the terminal (keys, cards, the status line, signals).
 * cmd_view_exercise.c runs the same session in the window (`eapsim view --exercise`).
 */
#ifndef EAPSIM_CMD_EXERCISE_H
#define EAPSIM_CMD_EXERCISE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <termios.h>

#include "cli.h"
#include "eapsim/exercise.h"

/* How the simulated clock moves. */
enum ex_pace {
    EX_PACE_RATE, /* rate simulated seconds per wall-clock second (60x, realtime = 1x) */
    EX_PACE_STEP, /* to the next inject or decision when the facilitator presses Enter */
    EX_PACE_MAX,  /* as fast as the machine goes (rehearsals, tests) */
};

/* getopt codes of the exercise's own options, all long: above every character. */
enum {
    EX_OPT_LOG = 0x100,
    EX_OPT_AAR,
    EX_OPT_ANSWERS,
    EX_OPT_PACE,
    EX_OPT_REPLAY_LOG,
    EX_OPT_RESUME,
    EX_OPT_TRACE,
    EX_OPT_RUNS,
    EX_OPT_THREADS,
};

/* Their entries for a command's struct option table. */
/* clang-format off */
#define EX_LONG_OPTIONS \
    {"log", required_argument, NULL, EX_OPT_LOG}, \
    {"aar", required_argument, NULL, EX_OPT_AAR}, \
    {"answers", required_argument, NULL, EX_OPT_ANSWERS}, \
    {"pace", required_argument, NULL, EX_OPT_PACE}, \
    {"replay-log", required_argument, NULL, EX_OPT_REPLAY_LOG}, \
    {"resume", required_argument, NULL, EX_OPT_RESUME}, \
    {"trace", required_argument, NULL, EX_OPT_TRACE}, \
    {"runs", required_argument, NULL, EX_OPT_RUNS}, \
    {"threads", required_argument, NULL, EX_OPT_THREADS}
/* clang-format on */

struct ex_args {
    const char *file;
    struct cli_run_options run;
    const char *log, *aar, *answers, *replay_log, *resume, *trace;
    enum ex_pace pace;
    double rate;        /* simulated seconds per wall-clock second, for EX_PACE_RATE */
    char pace_text[32]; /* as given, for messages */
    bool pace_given;    /* --pace was given (prepared answers otherwise play at max) */
    uint64_t runs;      /* replications per option in the after-action report */
    unsigned threads;
};

/* The terminal: raw keys when stdin is one, lines otherwise; a status line when stdout is
 * one. */
struct ex_term {
    bool keys;   /* stdin is a terminal, in raw mode */
    bool status; /* stdout is a terminal: the clock is shown on a line of its own */
    bool shown;  /* the status line is on screen */
    struct termios saved;
    char buf[1024]; /* line mode: what has been read and not taken yet */
    size_t len;
    bool eof;
};

/* What a read of the terminal gave. */
enum ex_input { EX_IN_NONE, EX_IN_CMD, EX_IN_EOF, EX_IN_SIGNAL };

/* A session being run. */
struct ex_run {
    const struct ex_args *args;
    const struct eap_scenario *scn;
    struct eap_exercise_session *s;
    struct ex_term term;
    struct eap_exercise_answers answers;       /* count 0: none */
    bool *answered;                            /* per decision: its answer has been played */
    const struct eap_exercise_record *log_rec; /* --replay-log: the record played back */
    size_t log_choice, log_observation;        /* the next of the log's to play */
    const char *log_path;                      /* where the log goes, or NULL */
    double t0, offset; /* wall clock at the start (cli_now), seconds the session had already */
    bool paused, quit;
    bool transcript; /* print choices and observations as they are made (the terminal) */
};

/* What a session is set up from. */
struct ex_setup {
    struct ex_args *a;
    struct eap_scenario *scn;
    struct eap_exercise_log *log;
    struct eap_exercise_record rec; /* from the log (resume, replay), or the fresh session's */
    uint64_t fingerprint;
};

/* The signal that stopped the session (SIGINT, SIGHUP, SIGTERM), or 0. */
extern volatile sig_atomic_t ex_signal;

/* --- the options and the session's set-up (exercise_setup.c) --- */

/* Defaults: pace 60x, 1000 runs per option, a thread per CPU, a sampled run of seed 1. */
void ex_args_init(struct ex_args *a);
/* Takes getopt's option c when it is one of the exercise's (EX_OPT_*). Returns 1 when taken,
 * 0 when c is not one of them, -1 when the value is bad (the problem printed). */
int ex_take_option(struct ex_args *a, int c, const char *arg);
/* The reason the options cannot go together, or NULL. */
const char *ex_conflict(const struct ex_args *a);
/* Loads the scenario: from u->a->file with its overrides, or those of the log resumed or
 * replayed (which is read and matched with it). Returns 0 or the exit code (printed). */
int ex_setup_load(struct ex_setup *u);
/* Opens the session into r (fresh, resumed, or fresh for a log replayed), reads and checks
 * the prepared answers, checks the --aar directory and saves the log a first time. Returns
 * 0 or the exit code (printed). */
int ex_setup_open(struct ex_setup *u, struct ex_run *r);
/* After the session: the log saved, the objectives printed, the run's report and the
 * after-action report written. `ran`: the session did not fail. Returns the exit code. */
int ex_finish(struct ex_run *r, bool ran);
void ex_setup_free(struct ex_setup *u, struct ex_run *r);

/* --- moving a session (exercise_drive.c) --- */

/* Seconds of wall-clock time since the session began (rounded to the millisecond). */
double ex_wall(const struct ex_run *r);
/* Writes the log where it goes (when it goes somewhere). False on failure (printed). */
bool ex_save_log(struct ex_run *r);
/* Takes an option of the waiting decision, saves the log (and prints the choice with a
 * transcript). False on failure (printed). */
bool ex_choose(struct ex_run *r, int32_t option, enum eap_chooser by, const char *who, double wall);
/* Answers the waiting decision d without anyone at the keyboard: from the log being
 * replayed, or from the prepared answers. Returns 1 when it answered (or the replayed log
 * ends here: r->quit), 0 when the room must, -1 on failure (printed). */
int ex_answer_unattended(struct ex_run *r, int32_t d);
/* Whether d will be answered without asking (a log replayed, or a prepared answer). */
bool ex_unattended(const struct ex_run *r, int32_t d);
/* Adds a facilitator's observation ("!" first: for the improvement plan) and saves the log.
 * False on failure (printed); blank text adds nothing and is not a failure. */
bool ex_observe(struct ex_run *r, const char *text);

/* --- the terminal (cmd_exercise_term.c) --- */

void ex_term_open(struct ex_term *t);
void ex_term_close(struct ex_term *t);
void ex_signals_install(void);
/* Waits up to ms milliseconds (-1: for ever) for a command: a key, or in line mode a line
 * (into cmd, without its line break). */
enum ex_input ex_term_read(struct ex_term *t, int ms, char *cmd, size_t len);
/* Reads a line of text (an observation), echoed, in cooked mode on a terminal. False at the
 * end of input or on a signal. */
bool ex_term_line(struct ex_term *t, const char *prompt, char *buf, size_t len);
/* Clears the status line before other output; draws it. */
void ex_term_clear(struct ex_term *t);
void ex_term_status(struct ex_term *t, const char *text);

/* Printing for the facilitator (stdout). */
void ex_print_card(const struct eap_scenario *scn, const struct eap_exercise_shown *x);
/* A decision's box; with `asking`, the countdown and the keys too. */
void ex_print_decision(const struct eap_scenario *scn, int32_t d, eap_time at, bool asking,
                       bool keys);
void ex_print_help(const struct eap_scenario *scn, int32_t d);
void ex_print_choice(const struct eap_scenario *scn, const struct eap_exercise_choice *c);
void ex_print_observation(const struct eap_scenario *scn, const struct eap_exercise_observation *o);
/* The objectives as they stand at the end (finished: the run's end; else where it stopped).
 * False, with nothing printed, when memory runs out. */
bool ex_print_end(const struct eap_scenario *scn, const struct eap_engine *e, bool finished);

/* --- the session in the terminal (cmd_exercise_loop.c) --- */

/* Runs the session to its end, a quit or a signal. Returns false when the session failed
 * (out of memory: printed). */
bool ex_loop(struct ex_run *r);

#endif
