/*
 * eapsim view --exercise | --replay-log, and forks of the run shown: what the window adds to
 * showing one run, kept apart from view_main.c (eapsim-view, the viewer's program).
 *
 * An exercise in the window is the terminal's session (exercise_setup.c, exercise_drive.c:
 * the same options, answers, log and reports), moved by the window instead of the keyboard:
 * the window asks this file to advance it, to take a choice, to go back, to note an
 * observation, and the log is saved after each. A screenshot of an exercise plays the session
 * (prepared answers taking their decisions) until a decision waits for the room or the run
 * ends, and shows the moment asked for. A session log played back is its run rebuilt, shown
 * like any run, with its cards and decisions.
 */
#include "eap_config.h"

#if EAP_HAVE_VIZ /* else `eapsim view` says there is no visualizer (cmd_view.c) */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd_view_exercise.h"
#include "eapsim/stamp.h"
#include "eapsim/study.h"

/* ---- Options ---- */

void view_exercise_init(struct view_exercise *x)
{
    memset(x, 0, sizeof(*x));
    ex_args_init(&x->ex);
}

int view_exercise_option(struct view_exercise *x, int c, const char *arg)
{
    switch (c) {
    case VIEW_OPT_EXERCISE:
        x->exercise = true;
        return 0;
    case VIEW_OPT_PLAYER:
        x->player = true;
        return 0;
    case VIEW_OPT_FAN:
        x->fan = true;
        return 0;
    default:
        return ex_take_option(&x->ex, c, arg) > 0 ? 0 : EXIT_USAGE;
    }
}

bool view_exercise_wanted(const struct view_exercise *x)
{
    return x->exercise || x->ex.replay_log || x->ex.resume;
}

/* The first option given that only an exercise in the window takes, or NULL. */
static const char *session_only(const struct ex_args *a)
{
    return a->log                                     ? "--log"
           : a->aar                                   ? "--aar"
           : a->answers                               ? "--answers"
           : a->trace                                 ? "--trace"
           : a->pace != EX_PACE_RATE || a->rate != 60 ? "--pace"
           : a->runs != 1000                          ? "--runs"
                                                      : NULL;
}

int view_exercise_plain(const struct view_exercise *x, const struct view_target *v)
{
    const char *opt = x->player ? "--player" : session_only(&x->ex);
    if (opt) {
        cli_error("%s goes with --exercise (an exercise in the window) or --replay-log FILE", opt);
        return EXIT_USAGE;
    }
    if (x->fan && !v->shot) {
        cli_error("--fan goes with --screenshot; in the window, F forks the runs");
        return EXIT_USAGE;
    }
    return 0;
}

/* Why the options do not fit the session asked for, or NULL. */
static const char *session_conflict(const struct view_exercise *x, const struct view_target *v)
{
    const struct ex_args *a = &x->ex;
    const char *why = ex_conflict(a);
    if (why) {
        return why;
    }
    if (a->replay_log && (a->aar || a->trace)) {
        return "view --replay-log plays the log back on the map and writes nothing: leave out "
               "--aar and --trace (eapsim exercise --replay-log writes the reports)";
    }
    if (v->shot && (a->log || a->aar || a->trace || a->resume)) {
        return "a screenshot writes the image and nothing else: leave out --log, --aar, --trace "
               "and --resume (--replay-log shows a saved session)";
    }
    if (!v->shot && v->at && !a->replay_log) {
        return "--at in an exercise goes with --screenshot: the window starts the session where "
               "it stands";
    }
    if (!v->shot && x->fan) {
        return "--fan goes with --screenshot; in the window, F forks the runs";
    }
    return NULL;
}

/* ---- Pictures ---- */

/* Renders one frame with what an exercise or a fork adds and writes it. */
static bool render_to(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                      const struct view_target *v, const struct eap_viz_options *opt,
                      const struct eap_viz_overlay *o, const struct eap_viz_fan *fan,
                      struct eap_error *err)
{
    enum eap_viz_image fmt;
    if (!eap_viz_image_format(v->shot, &fmt, err)) {
        return false;
    }
    struct eap_viz *viz = eap_viz_create_offscreen(scn, tr, v->w, v->h, opt, err);
    if (!viz) {
        return false;
    }
    bool ok = (!o || eap_viz_set_overlay(viz, o, err)) && (!fan || eap_viz_set_fan(viz, fan, err));
    if (ok) {
        eap_viz_render(viz, t);
        ok = eap_viz_save_image(viz, v->shot, err);
    }
    eap_viz_destroy(viz);
    return ok;
}

/* A PNG carries the provenance stamp (BMP and JPEG have no place for it). */
static bool stamp(const struct view_target *v, uint64_t fingerprint, uint64_t seed,
                  struct eap_error *err)
{
    enum eap_viz_image fmt;
    if (!eap_viz_image_format(v->shot, &fmt, err) || fmt != EAP_VIZ_PNG) {
        return true;
    }
    cli_stamp_inputs(v->file, fingerprint, seed, 1);
    return eap_stamp_png(v->shot, cli_stamp(), err);
}

static void wrote(const struct eap_scenario *scn, const struct view_target *v, eap_time t)
{
    char hm[32], off[32];
    printf("wrote %s (%dx%d, %s local, %s)\n", v->shot, v->w, v->h,
           eap_clock_format_hm_day(&scn->clock, t, " ", hm, sizeof(hm)),
           eap_time_format_offset(t, off, sizeof(off)));
}

static unsigned fork_threads(const struct view_exercise *x)
{
    return x->ex.threads;
}

/* The fan of EAP_VIZ_FAN_RUNS runs forked from snapshot (taken over). */
static bool fan_from(const struct view_exercise *x, const struct eap_scenario *scn,
                     struct eap_engine *snapshot, uint64_t seed, struct eap_viz_fan *fan,
                     struct eap_error *err)
{
    if (!snapshot) {
        return false;
    }
    struct eap_viz_fork_spec spec = {scn, snapshot, seed, EAP_VIZ_FAN_RUNS, fork_threads(x)};
    return eap_viz_fork_run(&spec, fan, err);
}

/* ---- A plain view's window and screenshot ---- */

static struct eap_viz_run run_of(const struct cli_run_options *run)
{
    return (struct eap_viz_run){run->replay, run->seed, run->replication};
}

bool view_window(const struct view_exercise *x, const struct eap_scenario *scn,
                 const struct eap_trace *tr, eap_time t, const struct eap_viz_options *opt,
                 const struct cli_run_options *run, struct eap_error *err)
{
    struct eap_viz_run r = run_of(run);
    struct eap_viz_play play = {.run = &r, .threads = fork_threads(x)};
    return eap_viz_play(scn, tr, t, opt, &play, err);
}

bool view_screenshot(const struct view_exercise *x, const struct eap_scenario *scn,
                     const struct eap_trace *tr, eap_time t, const struct view_target *v,
                     const struct eap_viz_options *opt, struct eap_error *err)
{
    if (!x->fan) {
        return eap_viz_screenshot(scn, tr, t, v->w, v->h, v->shot, opt, err);
    }
    struct eap_viz_run r = run_of(v->run);
    struct eap_viz_fan fan;
    bool ok = fan_from(x, scn, eap_viz_fork_point(scn, &r, t, err), r.seed, &fan, err);
    if (ok) {
        ok = render_to(scn, tr, t, v, opt, NULL, &fan, err);
        eap_viz_fan_finish(&fan);
    }
    return ok;
}

/* ---- The session, for the window ---- */

/* Advances the session towards t, taking the decisions the prepared answers take. */
static enum eap_exercise_stop advance(struct ex_run *r, eap_time t, struct eap_error *err)
{
    for (;;) {
        enum eap_exercise_stop st = eap_exercise_advance(r->s, t, ex_wall(r), err);
        if (st != EAP_EXERCISE_DECISION || !ex_unattended(r, eap_exercise_pending(r->s))) {
            return st;
        }
        if (ex_answer_unattended(r, eap_exercise_pending(r->s)) < 0) {
            eap_error_set(err, EAP_EINTERNAL, "a prepared answer could not be taken");
            return EAP_EXERCISE_FAILED;
        }
    }
}

static enum eap_exercise_stop hook_advance(void *ctx, eap_time t, struct eap_error *err)
{
    return advance(ctx, t, err);
}

static bool hook_choose(void *ctx, int32_t option, enum eap_chooser by, struct eap_error *err)
{
    struct ex_run *r = ctx;
    return ex_choose(r, option, by, NULL, ex_wall(r)) ||
           eap_error_set(err, EAP_EIO, "the choice was not taken (the terminal says why)");
}

static bool hook_back(void *ctx, struct eap_error *err)
{
    struct ex_run *r = ctx;
    if (!eap_exercise_back(r->s, err)) {
        return false;
    }
    ex_save_log(r);
    return true;
}

static bool hook_observe(void *ctx, const char *text, struct eap_error *err)
{
    return ex_observe(ctx, text) ||
           eap_error_set(err, EAP_EIO, "the observation was not kept (the terminal says why)");
}

static double pace_speed(const struct ex_args *a)
{
    return a->pace == EX_PACE_STEP ? 0 : a->pace == EX_PACE_MAX ? INFINITY : a->rate;
}

static void describe(const struct view_exercise *x, const struct eap_exercise_record *rec,
                     char *buf, size_t len)
{
    char sets[1024];
    cli_sets_join(&x->ex.run.sets, sets, sizeof(sets));
    const char *view = x->player ? "the players' view" : "the facilitator's view";
    const char *what = x->ex.replay_log ? "session log played back" : "exercise";
    if (rec->replay) {
        snprintf(buf, len, "%s · %s · replay of the record%s%s", what, view, sets[0] ? " · " : "",
                 sets);
    } else {
        snprintf(buf, len, "%s · %s · sampled run: seed %llu, replication %llu%s%s", what, view,
                 (unsigned long long)rec->seed, (unsigned long long)rec->replication,
                 sets[0] ? " · " : "", sets);
    }
}

/* The exercise as the picture has it: the session's record, the decision that waits. */
static struct eap_viz_overlay overlay_of(const struct view_exercise *x, const struct ex_run *r,
                                         bool countdown)
{
    int32_t d = eap_exercise_pending(r->s);
    double left = countdown && d >= 0 && r->scn->decisions[d].wall_countdown > 0
                      ? r->scn->decisions[d].wall_countdown
                      : -1;
    return (struct eap_viz_overlay){eap_exercise_session_record(r->s), d, eap_exercise_now(r->s),
                                    left, x->player};
}

/* A screenshot of the session at --at (default: where it waits, or its end). */
static int session_shot(const struct view_exercise *x, struct ex_setup *u, struct ex_run *r,
                        const struct view_target *v, const struct eap_viz_options *opt)
{
    const struct eap_trace *tr = eap_engine_trace(eap_exercise_engine(r->s));
    eap_time now = eap_exercise_now(r->s), t = now;
    if (v->at && !cli_moment("--at", r->scn, tr, v->at, "the session's run", &t)) {
        return EXIT_USAGE;
    }
    int32_t d = eap_exercise_pending(r->s);
    if (t > now && d >= 0) {
        char hm[16];
        printf("decision \"%s\" waits for the room at %s, before --at: shown there\n",
               r->scn->decisions[d].id, eap_clock_format_hm(&r->scn->clock, now, hm, sizeof(hm)));
        t = now;
    }
    struct eap_viz_overlay o = overlay_of(x, r, true);
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_viz_fan fan = {0};
    bool ok = !x->fan ||
              fan_from(x, r->scn, eap_exercise_history(o.rec, t, &err), o.rec->seed, &fan, &err);
    ok = ok && render_to(r->scn, tr, t, v, opt, &o, x->fan ? &fan : NULL, &err) &&
         stamp(v, u->fingerprint, o.rec->seed, &err);
    eap_viz_fan_finish(&fan);
    if (!ok) {
        cli_error("view: %s", err.msg);
        return eap_status_exit_code(err.code);
    }
    wrote(r->scn, v, t);
    if (d >= 0 && t >= now) {
        printf("decision \"%s\" waits for the room\n", r->scn->decisions[d].id);
    }
    return 0;
}

/* The live session in the window, then what it leaves (log, reports). */
static int session_window(const struct view_exercise *x, struct ex_run *r,
                          const struct eap_viz_options *opt)
{
    struct eap_viz_session sess = {r->s,         x->player,   pace_speed(&x->ex), r,
                                   hook_advance, hook_choose, hook_back,          hook_observe};
    struct eap_viz_play play = {.session = &sess, .threads = fork_threads(x)};
    const struct eap_trace *tr = eap_engine_trace(eap_exercise_engine(r->s));
    struct eap_error err;
    eap_error_clear(&err);
    if (!eap_viz_play(r->scn, tr, eap_exercise_now(r->s), opt, &play, &err)) {
        cli_error("view: %s", err.msg);
        ex_finish(r, false); /* the log as it stands */
        return eap_status_exit_code(err.code);
    }
    return ex_finish(r, true);
}

static int live(const struct view_exercise *x, struct ex_setup *u, struct ex_run *r,
                const struct view_target *v, struct eap_viz_options *opt, char *subtitle,
                size_t len)
{
    int rc = ex_setup_open(u, r);
    if (rc != 0) {
        return rc;
    }
    describe(x, eap_exercise_session_record(r->s), subtitle, len);
    if (!v->shot) {
        return session_window(x, r, opt);
    }
    /* As fast as it goes, past the cards, to the room's first decision or the end. */
    struct eap_error err;
    eap_error_clear(&err);
    enum eap_exercise_stop st;
    while ((st = advance(r, EAP_TIME_MAX, &err)) == EAP_EXERCISE_INJECTS) {
    }
    if (st == EAP_EXERCISE_FAILED) {
        cli_error("view: %s", err.msg);
        return 1;
    }
    return session_shot(x, u, r, v, opt);
}

/* A session log played back: its run rebuilt to where it ended, shown like any run. */
static int play_back(const struct view_exercise *x, struct ex_setup *u, struct ex_run *r,
                     const struct view_target *v, struct eap_viz_options *opt, char *subtitle,
                     size_t len)
{
    struct eap_error err;
    eap_error_clear(&err);
    r->s = eap_exercise_resume(&u->rec, &err);
    if (!r->s) {
        fprintf(stderr, "%s: %s\n", x->ex.replay_log, err.msg);
        return err.code == EAP_EINPUT ? EXIT_USAGE : 1;
    }
    describe(x, eap_exercise_session_record(r->s), subtitle, len);
    if (v->shot) {
        return session_shot(x, u, r, v, opt);
    }
    const struct eap_trace *tr = eap_engine_trace(eap_exercise_engine(r->s));
    eap_time t = 0;
    if (v->at && !cli_moment("--at", r->scn, tr, v->at, "the session's run", &t)) {
        return EXIT_USAGE;
    }
    struct eap_viz_overlay o = overlay_of(x, r, false);
    struct eap_viz_play play = {.rec = o.rec, .overlay = &o, .threads = fork_threads(x)};
    if (!eap_viz_play(r->scn, tr, t, opt, &play, &err)) {
        cli_error("view: %s", err.msg);
        return eap_status_exit_code(err.code);
    }
    return 0;
}

int cli_view_exercise(struct view_exercise *x, const struct view_target *v)
{
    struct ex_args *a = &x->ex;
    a->file = v->file;
    a->run = *v->run;
    const char *why = session_conflict(x, v);
    if (why) {
        cli_error("%s", why);
        return EXIT_USAGE;
    }
    struct ex_setup u = {.a = a};
    struct ex_run r = {.args = a};
    int rc = ex_setup_load(&u);
    r.scn = u.scn;
    char subtitle[1200] = "";
    struct eap_viz_options opt = {.subtitle = subtitle, .width = v->w, .height = v->h};
    if (rc == 0) {
        rc = a->replay_log ? play_back(x, &u, &r, v, &opt, subtitle, sizeof(subtitle))
                           : live(x, &u, &r, v, &opt, subtitle, sizeof(subtitle));
    }
    ex_setup_free(&u, &r);
    return rc;
}

#else

/* ISO C wants every translation unit to declare something. */
typedef int view_exercise_not_built;

#endif
