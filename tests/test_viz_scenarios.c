/* The visualizer on the real scenarios, loaded and replayed by the loader and the engine:
 * frames are checked for what must be in them (the drone over the Benghazi compound when the
 * record says it was overhead, the Tripoli convoy on the coast road between Tripoli and the
 * border, the timeline cursor at the time), not for byte equality. And `eapsim view` as a
 * user runs it: bad --at, bad --size, an unwritable screenshot path. */
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "eapsim/engine.h"
#include "eapsim/loader.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

extern char **environ;

struct run {
    struct replay replay;
    struct eap_scenario *scn;
    const struct eap_trace *tr;
    struct eap_viz *v;
};

static void load(struct run *r, const char *name)
{
    fixture_replay(&r->replay, name);
    r->scn = r->replay.scn;
    r->tr = r->replay.tr;
    struct eap_error err;
    eap_error_clear(&err);
    r->v = eap_viz_create_offscreen(r->scn, r->tr, 1280, 800, NULL, &err);
    if (!r->v) {
        fail_msg("cannot create the renderer: %s", err.msg);
    }
}

static void unload(struct run *r)
{
    eap_viz_destroy(r->v);
    fixture_replay_free(&r->replay);
}

static void keep(struct run *r, const char *name)
{
    const char *dir = getenv("EAP_VIZ_KEEP");
    if (dir && dir[0]) {
        char path[1024];
        struct eap_error err;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        assert_true(eap_viz_save_image(r->v, path, &err));
    }
}

static int channel_diff(uint32_t a, uint32_t b)
{
    int d = 0;
    for (int s = 0; s <= 16; s += 8) {
        d += abs((int)((a >> s) & 0xff) - (int)((b >> s) & 0xff));
    }
    return d;
}

/* Pixels of colour rgb (within tol) in the square of half-side r round (x, y). */
static int count_colour(const struct eap_viz *v, double x, double y, int r, uint32_t rgb, int tol)
{
    int n = 0;
    for (int dy = -r; dy <= r; dy++) {
        for (int dx = -r; dx <= r; dx++) {
            n += channel_diff(eap_viz_pixel(v, (int)lround(x) + dx, (int)lround(y) + dy), rgb) <=
                 tol;
        }
    }
    return n;
}

static void assert_cursor_at(const struct eap_viz *v, eap_time t)
{
    const struct eap_viz_layout *l = eap_viz_get_layout(v);
    double x = eap_viz_timeline_x(l, t);
    int y = l->timeline.y + l->timeline.h - 10;
    uint32_t cursor = eap_viz_color_rgb(EAP_VIZ_C_CURSOR);
    assert_true(count_colour(v, x, y, 1, cursor, 10) > 0);
    assert_int_equal(count_colour(v, x + 40, y, 2, cursor, 10), 0);
}

/* The record's milestone `id`, and the time the replay reached it (from the trace). */
static eap_time milestone_time(const struct run *r, const char *id)
{
    for (size_t i = 0; i < r->scn->record_count; i++) {
        if (strcmp(r->scn->record[i].id, id) == 0) {
            long k = eap_trace_find(r->tr, &r->scn->record[i].event, 0);
            assert_true(k >= 0);
            return r->tr->events[k].time;
        }
    }
    fail_msg("no milestone %s", id);
    return 0;
}

static void test_benghazi_drone_is_over_the_compound_when_overhead(void **state)
{
    (void)state;
    struct run r;
    load(&r, "benghazi-2012.json");
    eap_time t = milestone_time(&r, "drone_overhead");
    /* The first ON_STATION of the drone: 88 minutes after the assault, as recorded. */
    assert_true(llabs(t - 88 * EAP_MINUTE) < EAP_MINUTE);
    eap_viz_render(r.v, t);
    keep(&r, "benghazi-drone-overhead.png");
    const struct eap_viz_layout *l = eap_viz_get_layout(r.v);
    const struct eap_place *smc = &r.scn->places[eap_scenario_find_place(r.scn, "smc")];
    const struct eap_place *annex = &r.scn->places[eap_scenario_find_place(r.scn, "annex")];
    assert_true(l->has_inset);
    assert_true(eap_viz_layout_in_inset(l, smc->lat, smc->lon));
    assert_true(eap_viz_layout_in_inset(l, annex->lat, annex->lon));
    double x, y, ax, ay;
    eap_viz_map_project(&l->inset, smc->lat, smc->lon, &x, &y);
    eap_viz_map_project(&l->inset, annex->lat, annex->lon, &ax, &ay);
    assert_true(hypot(ax - x, ay - y) > 100); /* kept well apart */
    /* The compound is breached-red; the drone's blue disc is on its orbit, close by. */
    assert_true(count_colour(r.v, x, y, 4, eap_viz_color_rgb(EAP_VIZ_C_BREACH), 20) > 10);
    uint32_t blue = eap_viz_color_rgb(EAP_VIZ_C_ASSET);
    assert_true(count_colour(r.v, x, y, 32, blue, 20) > 60);
    assert_cursor_at(r.v, t);
    /* A few minutes earlier the drone was still kilometres out: no blue over the compound
     * other than the quick reaction force's (which is on station too, so compare counts). */
    int overhead = count_colour(r.v, x, y, 32, blue, 20);
    eap_viz_render(r.v, t - 5 * EAP_MINUTE);
    assert_true(count_colour(r.v, x, y, 32, blue, 20) < overhead);
    unload(&r);
}

/* The charter jet kept at Benina is "ready at" its base in the event log: the map shows it
 * ready there, beside the airport, not over it; an aircraft that flew in is on scene. */
static void test_benghazi_charter_jet_is_ready_not_overhead(void **state)
{
    (void)state;
    struct run r;
    load(&r, "benghazi-2012.json");
    struct eap_viz_frame f;
    assert_true(eap_viz_frame_init(&f, r.scn));
    eap_time t;
    char why[128];
    assert_true(eap_clock_parse_time(&r.scn->clock, "05:15", &t, why, sizeof(why)));
    eap_viz_state_at(r.scn, r.tr, t, &f);
    int32_t jet = -1, team = -1;
    for (size_t a = 0; a < r.scn->asset_count; a++) {
        jet = strcmp(r.scn->assets[a].id, "charter_jet") == 0 ? (int32_t)a : jet;
        team = strcmp(r.scn->assets[a].id, "tripoli_team") == 0 ? (int32_t)a : team;
    }
    assert_true(jet >= 0 && team >= 0);
    assert_int_equal(f.assets[jet].status, EAP_VIZ_ASSET_READY);
    assert_int_equal(f.assets[jet].place, eap_scenario_find_place(r.scn, "benina"));
    assert_int_equal(f.assets[team].status, EAP_VIZ_ASSET_ON_STATION); /* on scene at the annex */
    eap_viz_frame_finish(&f);
    unload(&r);
}

/* Distance in degrees from (lat, lon) to the segment a-b (flat: fine over 100 km). */
static double segment_distance(double lat, double lon, const struct eap_place *a,
                               const struct eap_place *b)
{
    double dx = b->lon - a->lon, dy = b->lat - a->lat;
    double f = ((lon - a->lon) * dx + (lat - a->lat) * dy) / (dx * dx + dy * dy);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return hypot(lon - (a->lon + f * dx), lat - (a->lat + f * dy));
}

/* Whether a point lies on the route between its start and the place `until`. */
static bool on_route_until(const struct eap_scenario *scn, int32_t route, int32_t until, double lat,
                           double lon)
{
    const struct eap_route *rt = &scn->routes[route];
    for (size_t s = 0; s < rt->segment_count; s++) {
        const struct eap_segment *g = &rt->segments[s];
        if (segment_distance(lat, lon, &scn->places[g->from], &scn->places[g->to]) < 1e-6) {
            return true;
        }
        if (g->to == until) {
            break;
        }
    }
    return false;
}

static void test_tripoli_convoy_is_on_the_road_to_the_border(void **state)
{
    (void)state;
    struct run r;
    load(&r, "tripoli-2014.json");
    int32_t border = eap_scenario_find_place(r.scn, "ras_ajdir");
    struct eap_condition left = {EAP_EV_CONVOY_DEPARTED, 0, EAP_NONE};
    struct eap_condition at_border = {EAP_EV_CONVOY_AT, 0, border};
    long i = eap_trace_find(r.tr, &left, 0), j = eap_trace_find(r.tr, &at_border, 0);
    assert_true(i >= 0 && j > i);
    eap_time t = (r.tr->events[i].time + r.tr->events[j].time) / 2;
    eap_viz_render(r.v, t);
    keep(&r, "tripoli-convoy.png");

    struct eap_viz_frame f;
    assert_true(eap_viz_frame_init(&f, r.scn));
    eap_viz_state_at(r.scn, r.tr, t, &f);
    const struct eap_viz_convoy *cv = &f.convoys[0];
    assert_true(cv->status != EAP_VIZ_CONVOY_NONE && cv->status != EAP_VIZ_CONVOY_ARRIVED);
    assert_true(cv->position > 0);
    assert_true(on_route_until(r.scn, r.scn->convoys[0].route, border, cv->lat, cv->lon));

    const struct eap_viz_layout *l = eap_viz_get_layout(r.v);
    const struct eap_viz_map *m =
        eap_viz_layout_in_inset(l, cv->lat, cv->lon) ? &l->inset : &l->main;
    double x, y;
    eap_viz_map_project(m, cv->lat, cv->lon, &x, &y);
    /* The marker is a filled cyan disc there (a driven-route line alone is 3 px wide). */
    assert_true(count_colour(r.v, x, y, 15, eap_viz_color_rgb(EAP_VIZ_C_CONVOY), 30) > 250);
    assert_cursor_at(r.v, t);
    eap_viz_frame_finish(&f);
    unload(&r);
}

/* ---- The command line ---- */

/* Runs `eapsim view ARGS...` with stderr captured; returns the exit status. */
static int run_view(char *err, size_t len, const char *const *args)
{
    const char *exe = getenv("EAPSIM_EXE");
    if (!exe) {
        skip();
    }
    char log[] = "/tmp/eapsim-view-XXXXXX";
    int fd = mkstemp(log);
    assert_true(fd >= 0);
    char *argv[16] = {(char *)exe, "view"};
    size_t n = 2;
    for (; args[n - 2] && n < 15; n++) {
        argv[n] = (char *)args[n - 2];
    }
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, exe, &fa, NULL, argv, environ), 0);
    int status;
    waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    ssize_t got = pread(fd, err, len - 1, 0);
    err[got > 0 ? got : 0] = '\0';
    close(fd);
    unlink(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char *scenario_path(char *buf, size_t len)
{
    const char *root = getenv("EAP_SOURCE_DIR");
    snprintf(buf, len, "%s/scenarios/benghazi-2012.json", root ? root : ".");
    return buf;
}

static void test_view_refuses_bad_times_and_sizes(void **state)
{
    (void)state;
    char out[4096], scn[1024];
    scenario_path(scn, sizeof(scn));
    const char *bad_at[] = {scn, "--screenshot", "/tmp/never.png", "--at", "noon-ish", NULL};
    assert_int_equal(run_view(out, sizeof(out), bad_at), 2);
    assert_non_null(strstr(out, "--at"));
    const char *bad_size[] = {scn, "--screenshot", "/tmp/never.png", "--size", "12x34", NULL};
    assert_int_equal(run_view(out, sizeof(out), bad_size), 2);
    assert_non_null(strstr(out, "--size"));
    const char *misspelt[] = {scn,    "--screenshot",    "/tmp/never.png",
                              "--at", "drone_overheard", NULL};
    assert_int_equal(run_view(out, sizeof(out), misspelt), 2);
    assert_non_null(strstr(out, "did you mean \"drone_overhead\""));
    const char *garbled[] = {scn, "--size", "1280by800", NULL};
    assert_int_equal(run_view(out, sizeof(out), garbled), 2);
    const char *missing[] = {"/nonexistent/scenario.json", "--screenshot", "/tmp/never.png", NULL};
    assert_int_equal(run_view(out, sizeof(out), missing), 2);
    struct stat st;
    assert_int_not_equal(stat("/tmp/never.png", &st), 0);
}

static void test_view_screenshot_to_an_unwritable_path_fails_cleanly(void **state)
{
    (void)state;
    char out[4096], scn[1024];
    scenario_path(scn, sizeof(scn));
    const char *args[] = {scn,     "--replay", "--screenshot", "/nonexistent-dir/shot.png", "--at",
                          "23:10", NULL};
    assert_int_equal(run_view(out, sizeof(out), args), 1);
    assert_non_null(
        strstr(out, "cannot write /nonexistent-dir/shot.png: No such file or directory"));
}

static void test_view_writes_a_screenshot(void **state)
{
    (void)state;
    char out[4096], scn[1024], dir[] = "/tmp/eapsim-shot-XXXXXX", png[256], tmp[300];
    scenario_path(scn, sizeof(scn));
    assert_non_null(mkdtemp(dir));
    snprintf(png, sizeof(png), "%s/b.png", dir);
    snprintf(tmp, sizeof(tmp), "%s.tmp", png);
    const char *args[] = {scn,       "--replay", "--screenshot", png, "--at",
                          "T+1h28m", "--size",   "960x600",      NULL};
    assert_int_equal(run_view(out, sizeof(out), args), 0);
    assert_non_null(strstr(out, "960x600, 23:10 local, T+1h28m"));
    struct stat st;
    assert_int_equal(stat(png, &st), 0);
    assert_int_not_equal(stat(tmp, &st), 0);
    /* A milestone id: the moment this run reached it (the drone on station, 4 s past). */
    const char *at_milestone[] = {scn, "--replay", "--screenshot", png, "--at", "drone_overhead",
                                  NULL};
    assert_int_equal(run_view(out, sizeof(out), at_milestone), 0);
    assert_non_null(strstr(out, "23:10 local, T+1h28m04s"));
    unlink(png);
    rmdir(dir);
}

/* The first n bytes of a file. */
static void head_of(const char *path, unsigned char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, n, f), n);
    fclose(f);
}

/* --screenshot writes the image type its name says, and refuses one it cannot write before
 * it renders anything (even before it reads the scenario). */
static void test_view_screenshot_type_follows_the_extension(void **state)
{
    (void)state;
    char out[4096], scn[1024], dir[] = "/tmp/eapsim-type-XXXXXX", path[256], tmp[300];
    scenario_path(scn, sizeof(scn));
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *name;
        const char *magic;
        size_t n;
    } kinds[] = {{"a.png", "\x89PNG", 4},
                 {"b.jpg", "\xff\xd8\xff", 3},
                 {"c.JPEG", "\xff\xd8\xff", 3},
                 {"d.bmp", "BM", 2}};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, kinds[i].name);
        const char *args[] = {scn, "--replay", "--screenshot", path, "--size", "640x400", NULL};
        assert_int_equal(run_view(out, sizeof(out), args), 0);
        unsigned char magic[4];
        head_of(path, magic, kinds[i].n);
        assert_memory_equal(magic, kinds[i].magic, kinds[i].n);
        unlink(path);
    }
    static const char *const refused[] = {"e.gif", "f", "g.png.txt", "h.", NULL};
    for (size_t i = 0; refused[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, refused[i]);
        snprintf(tmp, sizeof(tmp), "%s.tmp", path);
        const char *args[] = {"/nonexistent/scenario.json", "--screenshot", path, NULL};
        assert_int_equal(run_view(out, sizeof(out), args), 2);
        assert_non_null(strstr(out, "--screenshot"));
        assert_non_null(strstr(out, ".png, .bmp, .jpg or .jpeg"));
        assert_null(strstr(out, "nonexistent")); /* refused before the scenario is read */
        struct stat st;
        assert_int_not_equal(stat(path, &st), 0);
        assert_int_not_equal(stat(tmp, &st), 0);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_benghazi_drone_is_over_the_compound_when_overhead),
        cmocka_unit_test(test_benghazi_charter_jet_is_ready_not_overhead),
        cmocka_unit_test(test_tripoli_convoy_is_on_the_road_to_the_border),
        cmocka_unit_test(test_view_refuses_bad_times_and_sizes),
        cmocka_unit_test(test_view_screenshot_to_an_unwritable_path_fails_cleanly),
        cmocka_unit_test(test_view_writes_a_screenshot),
        cmocka_unit_test(test_view_screenshot_type_follows_the_extension),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
