/*
 * eapsim-view, the program behind `eapsim view SCENARIO` (cmd_view.c runs it, so that no other
 * command loads SDL2 or its libraries): runs the scenario once (replayed or sampled) and shows
 * the run on a map with a timeline and an event log, in a window or headless as one image
 * (--screenshot: PNG, BMP or JPEG, by the file's extension); with --exercise, a tabletop
 * exercise's session in the window, and with --replay-log a session log played back
 * (cmd_view_exercise.c). Its options, help and messages are eapsim view's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_view_exercise.h"
#include "eapsim/engine.h"
#include "eapsim/stamp.h"
#include "eapsim/viz.h"

struct view_args {
    const char *file, *shot, *at;
    struct cli_run_options run;
    int w, h;
    struct view_exercise ex; /* --exercise, --replay-log, --player, --fan: cmd_view_exercise.c */
};

/* "1280x800" within the sizes the layout supports. */
static bool parse_size(const char *text, int *w, int *h)
{
    char *end;
    long a = strtol(text, &end, 10), b = 0;
    bool ok = end != text && (*end == 'x' || *end == 'X');
    if (ok) {
        const char *second = end + 1;
        b = strtol(second, &end, 10);
        ok = end != second && *end == '\0';
    }
    if (!ok || a < EAP_VIZ_MIN_W || b < EAP_VIZ_MIN_H || a > EAP_VIZ_MAX_SIDE ||
        b > EAP_VIZ_MAX_SIDE) {
        cli_error("--size: expected WIDTHxHEIGHT from %dx%d to %dx%d, found \"%s\"", EAP_VIZ_MIN_W,
                  EAP_VIZ_MIN_H, EAP_VIZ_MAX_SIDE, EAP_VIZ_MAX_SIDE, text);
        return false;
    }
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* --screenshot FILE: the image type its extension names, refused before anything runs. */
static bool screenshot_type(const char *file)
{
    enum eap_viz_image fmt;
    struct eap_error err;
    eap_error_clear(&err);
    if (!eap_viz_image_format(file, &fmt, &err)) {
        cli_error("--screenshot %s", err.msg);
        return false;
    }
    return true;
}

static int parse_option(int c, struct view_args *a)
{
    int taken = cli_run_option(&a->run, c, optarg);
    if (taken != 0) {
        return taken > 0 ? 0 : EXIT_USAGE;
    }
    switch (c) {
    case 'o':
        a->shot = optarg;
        return screenshot_type(optarg) ? 0 : EXIT_USAGE;
    case 't':
        a->at = optarg;
        return 0;
    case 'z':
        return parse_size(optarg, &a->w, &a->h) ? 0 : EXIT_USAGE;
    default:
        return view_exercise_option(&a->ex, c, optarg);
    }
}

/* Returns 0 to go on, -1 after --help, or the exit code of a usage error. */
static int parse_args(int argc, char **argv, struct view_args *a)
{
    static const struct option opts[] = {
        CLI_LONG_REPLAY,
        CLI_LONG_SEED,
        CLI_LONG_REPLICATION,
        CLI_LONG_SET,
        {"screenshot", required_argument, NULL, 'o'},
        {"at", required_argument, NULL, 't'},
        {"size", required_argument, NULL, 'z'},
        VIEW_EXERCISE_LONG_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "rs:R:S:o:t:z:h", opts, NULL)) != -1) {
        if (c == 'h') {
            cli_help("view");
            return -1;
        }
        if (c == '?' || c == ':') {
            return cli_bad_option("view");
        }
        int rc = parse_option(c, a);
        if (rc != 0) {
            return rc;
        }
    }
    if (optind + 1 != argc) {
        cli_error(optind >= argc ? "view: expected a scenario file"
                                 : "view: expected one scenario file, found several");
        return cli_bad_option("view");
    }
    a->file = argv[optind];
    return cli_run_options_check(&a->run) ? 0 : EXIT_USAGE;
}

/* The moment to show: --at (a time, or a milestone id), else the end (screenshot) or the
 * start (window). */
static bool moment(const struct view_args *a, const struct eap_scenario *scn,
                   const struct eap_trace *tr, eap_time *t)
{
    if (!a->at) {
        *t = a->shot ? eap_viz_trace_end(scn, tr) : 0;
        return true;
    }
    if (!cli_moment("--at", scn, tr, a->at, "this run", t)) {
        return false;
    }
    eap_time end = eap_viz_trace_end(scn, tr);
    if (*t > end) { /* a frame past the end would show the end under a later clock */
        char when[64];
        cli_error("--at: \"%s\" is after this run ends, at %s", a->at,
                  eap_clock_format_moment(&scn->clock, end, when, sizeof(when)));
        return false;
    }
    return true;
}

static void describe_run(const struct view_args *a, char *buf, size_t len)
{
    char sets[1024];
    cli_sets_join(&a->run.sets, sets, sizeof(sets));
    if (a->run.replay) {
        snprintf(buf, len, "replay of the record%s%s", sets[0] ? " · " : "", sets);
    } else {
        snprintf(buf, len, "sampled run: seed %llu, replication %llu%s%s",
                 (unsigned long long)a->run.seed, (unsigned long long)a->run.replication,
                 sets[0] ? " · " : "", sets);
    }
}

/* A PNG screenshot carries the provenance stamp as tEXt chunks (BMP and JPEG have no place
 * for it). */
static bool stamp_screenshot(const struct view_args *a, struct eap_error *err)
{
    enum eap_viz_image fmt;
    if (!eap_viz_image_format(a->shot, &fmt, err) || fmt != EAP_VIZ_PNG) {
        return true;
    }
    return cli_stamp_scenario(a->file, &a->run.sets, a->run.seed, 1, err) &&
           eap_stamp_png(a->shot, cli_stamp(), err);
}

/* Shows the finished run: one image, or the window. Returns the exit code. */
static int show(const struct view_args *a, const struct eap_scenario *scn,
                const struct eap_trace *tr)
{
    eap_time t;
    if (!moment(a, scn, tr, &t)) {
        return EXIT_USAGE;
    }
    char subtitle[1200];
    describe_run(a, subtitle, sizeof(subtitle));
    struct eap_viz_options opt = {NULL, subtitle, a->w, a->h};
    struct eap_error err;
    eap_error_clear(&err);
    bool ok;
    if (a->shot) {
        struct view_target v = {a->file, a->shot, a->at, &a->run, a->w, a->h};
        ok = view_screenshot(&a->ex, scn, tr, t, &v, &opt, &err) && stamp_screenshot(a, &err);
    } else {
        ok = view_window(&a->ex, scn, tr, t, &opt, &a->run, &err);
    }
    if (!ok) {
        cli_error("view: %s", err.msg);
        return eap_status_exit_code(err.code);
    }
    if (a->shot) {
        char hm[32], off[32];
        printf("wrote %s (%dx%d, %s local, %s)\n", a->shot, a->w, a->h,
               eap_clock_format_hm_day(&scn->clock, t, " ", hm, sizeof(hm)),
               eap_time_format_offset(t, off, sizeof(off)));
    }
    return 0;
}

/* Runs the scenario to its end and shows the trace. Returns the exit code. */
static int run_and_show(const struct view_args *a, const struct eap_scenario *scn)
{
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_engine_options opt = {.replay = a->run.replay};
    struct eap_engine *e = cli_run_once(scn, &opt, 0, a->run.seed, a->run.replication, &err);
    int status = e ? show(a, scn, eap_engine_trace(e)) : 1;
    if (status == 1 && err.msg[0]) {
        cli_error("view: %s", err.msg);
    }
    eap_engine_destroy(e);
    return status;
}

static int view(int argc, char **argv)
{
    struct view_args *a = calloc(1, sizeof(*a)); /* --set buffers: too big for the stack */
    if (!a) {
        cli_error("out of memory");
        return 1;
    }
    cli_run_options_init(&a->run);
    view_exercise_init(&a->ex);
    a->w = 1280; /* the default --size */
    a->h = 800;
    int rc = parse_args(argc, argv, a);
    struct view_target v = {a->file, a->shot, a->at, &a->run, a->w, a->h};
    if (rc == 0 && view_exercise_wanted(&a->ex)) {
        rc = cli_view_exercise(&a->ex, &v);
    } else if (rc == 0 && (rc = view_exercise_plain(&a->ex, &v)) == 0) {
        struct eap_scenario *scn = cli_load(a->file, &a->run.sets);
        rc = scn ? run_and_show(a, scn) : EXIT_USAGE;
        eap_scenario_destroy(scn);
    }
    free(a);
    return rc < 0 ? 0 : rc;
}

/* argv[0] is "view" (cmd_view.c runs this program so), which the stamp's command line and
 * settings read as eapsim's own dispatch gives them. */
int main(int argc, char **argv)
{
    if (!cli_stamp_begin(argc, argv)) {
        cli_stamp_end();
        return EXIT_USAGE;
    }
    int rc = view(argc, argv);
    cli_stamp_end();
    return rc;
}
