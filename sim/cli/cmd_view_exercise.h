/*
 * Private to `eapsim view` (the viewer's program, eapsim-view): what the window adds to
 * showing one run, kept apart from view_main.c. An exercise in the window (--exercise, with
 * the exercise's options, and --player for the players' view), a session log played back on
 * the map (--replay-log), and forks of the run shown (key F in the window, --fan on a
 * screenshot).
 */
#ifndef EAPSIM_CMD_VIEW_EXERCISE_H
#define EAPSIM_CMD_VIEW_EXERCISE_H

#include <stdbool.h>

#include "cli.h"
#include "cmd_exercise.h"
#include "eapsim/viz.h"

/* getopt codes of view's own additions (long only, above the exercise's). */
enum { VIEW_OPT_EXERCISE = 0x180, VIEW_OPT_PLAYER, VIEW_OPT_FAN };

/* clang-format off */
#define VIEW_EXERCISE_LONG_OPTIONS \
    {"exercise", no_argument, NULL, VIEW_OPT_EXERCISE}, \
    {"player", no_argument, NULL, VIEW_OPT_PLAYER}, \
    {"fan", no_argument, NULL, VIEW_OPT_FAN}, \
    EX_LONG_OPTIONS
/* clang-format on */

struct view_exercise {
    bool exercise, player, fan;
    struct ex_args ex; /* the exercise's options */
};

/* Defaults (view_exercise_init), and one option: 0 when taken, EXIT_USAGE when it is not one
 * of these or its value is bad (the problem printed). */
void view_exercise_init(struct view_exercise *x);
int view_exercise_option(struct view_exercise *x, int c, const char *arg);

/* What view shows: the scenario file, the run options, --screenshot, --at and --size. */
struct view_target {
    const char *file, *shot, *at;
    const struct cli_run_options *run;
    int w, h;
};

/* Whether the options ask for an exercise or a session log (cli_view_exercise shows it). */
bool view_exercise_wanted(const struct view_exercise *x);
/* For a plain view: 0, or EXIT_USAGE (printed) when an option needs an exercise. */
int view_exercise_plain(const struct view_exercise *x, const struct view_target *v);

/* eapsim view --exercise | --replay-log: the session in the window or on a screenshot.
 * Returns the exit code. */
int cli_view_exercise(struct view_exercise *x, const struct view_target *v);

/* A plain view's window and screenshot with what this file adds (forks; --fan). */
bool view_window(const struct view_exercise *x, const struct eap_scenario *scn,
                 const struct eap_trace *tr, eap_time t, const struct eap_viz_options *opt,
                 const struct cli_run_options *run, struct eap_error *err);
bool view_screenshot(const struct view_exercise *x, const struct eap_scenario *scn,
                     const struct eap_trace *tr, eap_time t, const struct view_target *v,
                     const struct eap_viz_options *opt, struct eap_error *err);

#endif
