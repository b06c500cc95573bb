/*
 * Private to `eapsim exercise`: what its three files share. cmd_exercise.c parses the command
 * line, sets the session up (a fresh one, a log resumed or replayed, prepared answers) and
 * writes the outputs (the log, the run's report, the after-action report); cmd_exercise_loop.c
 * drives the session at its pace and asks at each decision; cmd_exercise_term.c talks to the
 * terminal (keys, cards, the status line, signals).
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

struct ex_args {
    const char *file;
    struct cli_run_options run;
    const char *log, *aar, *answers, *replay_log, *resume, *trace;
    enum ex_pace pace;
    double rate;        /* simulated seconds per wall-clock second, for EX_PACE_RATE */
    char pace_text[32]; /* as given, for messages */
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
};

/* The signal that stopped the session (SIGINT, SIGHUP, SIGTERM), or 0. */
extern volatile sig_atomic_t ex_signal;

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

/* --- the session (cmd_exercise_loop.c) --- */

/* Seconds of wall-clock time since the session began (rounded to the millisecond). */
double ex_wall(const struct ex_run *r);
/* Runs the session to its end, a quit or a signal. Returns false when the session failed
 * (out of memory: printed). */
bool ex_loop(struct ex_run *r);

/* Writes the log where it goes (when it goes somewhere). False on failure (printed). */
bool ex_save_log(struct ex_run *r);

#endif
