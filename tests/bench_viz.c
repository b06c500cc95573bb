/* bench_viz SCENARIO [FRAMES [facilitator|players]]: replays the scenario, then draws FRAMES
 * frames headless at 1280x800 with the software renderer, at times moving from the start to
 * the end of the run (so the state, labels and log change every frame), as the window would
 * at high speed. With a view, as an exercise: every inject of the MSEL shown as a card when
 * it fell due, and in the players' view the assets as the post heard of them. One warm-up
 * frame first (it rasterises the map and fills the caches). Best of three passes, to damp
 * scheduler noise. The last line is "frames_per_second N". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eapsim/engine.h"
#include "eapsim/exercise.h"
#include "eapsim/loader.h"
#include "eapsim/viz.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double pass(struct eap_viz *v, eap_time end, long frames)
{
    double t0 = now();
    for (long i = 0; i < frames; i++) {
        eap_viz_render(v, end * i / frames);
    }
    return (double)frames / (now() - t0);
}

/* The record of an exercise on the run that shows every inject when it fell due. */
static bool shown_all(const struct eap_scenario *scn, const struct eap_trace *tr,
                      struct eap_exercise_record *rec)
{
    eap_time *times = calloc(scn->inject_count + 1, sizeof(*times));
    rec->shown = calloc(scn->inject_count + 1, sizeof(*rec->shown));
    if (!times || !rec->shown) {
        free(times);
        return false;
    }
    eap_exercise_inject_times(scn, tr, times);
    for (size_t i = 0; i < scn->inject_count; i++) {
        if (times[i] >= 0) {
            rec->shown[rec->shown_count++] = (struct eap_exercise_shown){(int32_t)i, times[i], 0};
        }
    }
    free(times);
    return true;
}

static int bench(const struct eap_scenario *scn, const struct eap_trace *tr, long frames,
                 const char *view)
{
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_viz *v = eap_viz_create_offscreen(scn, tr, 1280, 800, NULL, &err);
    struct eap_exercise_record rec = {.scn = scn};
    bool ok = v != NULL;
    if (ok && view) {
        struct eap_viz_overlay o = {&rec, EAP_NONE, 0, -1, strcmp(view, "players") == 0};
        ok = shown_all(scn, tr, &rec) && eap_viz_set_overlay(v, &o, &err);
    }
    if (!ok) {
        fprintf(stderr, "bench_viz: %s\n", err.msg[0] ? err.msg : "out of memory");
        eap_viz_destroy(v);
        free(rec.shown);
        return 1;
    }
    eap_time end = eap_viz_trace_end(scn, tr);
    eap_viz_render(v, 0);
    double best = 0;
    for (int i = 0; i < 3; i++) {
        double fps = pass(v, end, frames);
        best = fps > best ? fps : best;
    }
    eap_viz_destroy(v);
    free(rec.shown);
    printf("scenario %s\nsize 1280x800\nview %s\nframes %ld (x3)\ntrace_events %zu\n", scn->id,
           view ? view : "run", frames, tr->count);
    printf("frames_per_second %.0f\n", best);
    return 0;
}

int main(int argc, char **argv)
{
    long frames = argc > 2 ? strtol(argv[2], NULL, 10) : 600;
    const char *view = argc > 3 ? argv[3] : NULL;
    if (argc < 2 || frames < 1 ||
        (view && strcmp(view, "facilitator") != 0 && strcmp(view, "players") != 0)) {
        fprintf(stderr, "usage: bench_viz SCENARIO [FRAMES [facilitator|players]]\n");
        return 2;
    }
    struct eap_diag diag;
    eap_diag_init(&diag);
    struct eap_scenario *scn = eap_scenario_load(argv[1], NULL, 0, &diag);
    eap_diag_finish(&diag);
    struct eap_error err;
    eap_error_clear(&err);
    struct eap_engine *e = scn ? eap_engine_create(scn, &err) : NULL;
    int rc = 1;
    if (e) {
        struct eap_engine_options opt = {.replay = true};
        eap_engine_reset(e, 1, 0, &opt);
        rc = eap_engine_run(e, &err) ? bench(scn, eap_engine_trace(e), frames, view) : 1;
    } else {
        fprintf(stderr, "bench_viz: cannot load %s\n", argv[1]);
    }
    eap_engine_destroy(e);
    eap_scenario_destroy(scn);
    return rc;
}
