/* Headless rendering with the software renderer, on the hand-built fixtures: markers are
 * where the layout says (convoy on its route, drone over the compound in the inset,
 * timeline cursor at the time), screenshots are written atomically in the type their name
 * says, and bad paths fail cleanly. Set EAP_VIZ_KEEP=DIR to keep the PNGs for a look. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmocka_all.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

#define M EAP_MINUTE
#define H EAP_HOUR

struct ctx {
    struct fixture *fx;
    struct eap_viz *v;
};

static int setup_with(void **state, struct fixture *fx)
{
    struct ctx *c = test_calloc(1, sizeof(*c));
    struct eap_error err;
    eap_error_clear(&err);
    c->fx = fx;
    c->v = eap_viz_create_offscreen(&fx->scn, &fx->trace, 1280, 800, NULL, &err);
    if (!c->v) {
        fail_msg("cannot create the renderer: %s", err.msg);
    }
    *state = c;
    return 0;
}

static int setup_benghazi(void **state)
{
    return setup_with(state, fixture_benghazi());
}

static int setup_tripoli(void **state)
{
    return setup_with(state, fixture_tripoli());
}

static int teardown(void **state)
{
    struct ctx *c = *state;
    eap_viz_destroy(c->v);
    fixture_free(c->fx);
    test_free(c);
    return 0;
}

static void keep(struct ctx *c, const char *name)
{
    const char *dir = getenv("EAP_VIZ_KEEP");
    if (dir && dir[0]) {
        char path[1024];
        struct eap_error err;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        assert_true(eap_viz_save_image(c->v, path, &err));
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

/* Whether a pixel within r pixels of (x, y) has colour rgb (within tol, summed channels). */
static bool colour_near(const struct eap_viz *v, double x, double y, int r, uint32_t rgb, int tol)
{
    for (int dy = -r; dy <= r; dy++) {
        for (int dx = -r; dx <= r; dx++) {
            if (channel_diff(eap_viz_pixel(v, (int)lround(x) + dx, (int)lround(y) + dy), rgb) <=
                tol) {
                return true;
            }
        }
    }
    return false;
}

static void test_convoy_marker_lies_on_its_route(void **state)
{
    struct ctx *c = *state;
    eap_time t = H + 22 * M + 30 * EAP_SECOND; /* halfway from the embassy to Zawiya */
    eap_viz_render(c->v, t);
    keep(c, "fixture-tripoli.png");
    const struct eap_viz_layout *l = eap_viz_get_layout(c->v);
    const struct eap_place *a = &c->fx->scn.places[TR_EMBASSY], *b = &c->fx->scn.places[TR_ZAWIYA];
    double lat = (a->lat + b->lat) / 2, lon = (a->lon + b->lon) / 2;
    const struct eap_viz_map *m = eap_viz_layout_in_inset(l, lat, lon) ? &l->inset : &l->main;
    double x, y;
    eap_viz_map_project(m, lat, lon, &x, &y);
    uint32_t convoy = eap_viz_color_rgb(EAP_VIZ_C_CONVOY);
    assert_true(colour_near(c->v, x, y, 4, convoy, 30));
    /* ... and not at the border yet. */
    eap_viz_map_project(&l->main, c->fx->scn.places[TR_RAS_AJDIR].lat,
                        c->fx->scn.places[TR_RAS_AJDIR].lon, &x, &y);
    assert_false(colour_near(c->v, x, y, 3, convoy, 30));
}

static void test_timeline_cursor_is_at_the_time(void **state)
{
    struct ctx *c = *state;
    const struct eap_viz_layout *l = eap_viz_get_layout(c->v);
    uint32_t cursor = eap_viz_color_rgb(EAP_VIZ_C_CURSOR);
    for (eap_time t = 0; t <= 5 * H; t += 75 * M) {
        eap_viz_render(c->v, t);
        double x = eap_viz_timeline_x(l, t);
        int y = l->timeline.y + l->timeline.h - 10;
        assert_true(colour_near(c->v, x, y, 1, cursor, 10));
        assert_false(colour_near(c->v, x + 30, y, 2, cursor, 10));
    }
}

static void test_drone_is_over_the_compound_in_the_inset(void **state)
{
    struct ctx *c = *state;
    eap_viz_render(c->v, 88 * M);
    keep(c, "fixture-benghazi.png");
    const struct eap_viz_layout *l = eap_viz_get_layout(c->v);
    const struct eap_place *smc = &c->fx->scn.places[BG_SMC];
    assert_true(l->has_inset);
    double x, y;
    eap_viz_map_project(&l->inset, smc->lat, smc->lon, &x, &y);
    /* The compound's disc is breached red, the drone's disc on its orbit close by is blue. */
    assert_true(colour_near(c->v, x, y, 3, eap_viz_color_rgb(EAP_VIZ_C_BREACH), 20));
    assert_true(colour_near(c->v, x, y, 30, eap_viz_color_rgb(EAP_VIZ_C_ASSET), 20));
    /* Before it was tasked there is no drone there. */
    eap_viz_render(c->v, 10 * M);
    assert_false(colour_near(c->v, x, y, 30, eap_viz_color_rgb(EAP_VIZ_C_ASSET), 20));
    assert_true(colour_near(c->v, x, y, 3, eap_viz_color_rgb(EAP_VIZ_C_THREAT), 20));
}

static void test_places_change_colour_on_screen(void **state)
{
    struct ctx *c = *state;
    const struct eap_viz_layout *l = eap_viz_get_layout(c->v);
    const struct eap_place *annex = &c->fx->scn.places[BG_ANNEX];
    double x, y;
    eap_viz_map_project(&l->inset, annex->lat, annex->lon, &x, &y);
    eap_viz_render(c->v, 60 * M);
    assert_true(colour_near(c->v, x, y, 2, eap_viz_color_rgb(EAP_VIZ_C_QUIET), 20));
    eap_viz_render(c->v, 150 * M);
    assert_true(colour_near(c->v, x, y, 2, eap_viz_color_rgb(EAP_VIZ_C_THREAT), 20));
}

static void test_screenshot_is_written_atomically(void **state)
{
    struct ctx *c = *state;
    char dir[] = "/tmp/eapsim-viz-XXXXXX", path[256], tmp[300];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/shot.png", dir);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    struct eap_error err;
    eap_error_clear(&err);
    assert_true(eap_viz_screenshot(&c->fx->scn, &c->fx->trace, 88 * M, 800, 500, path, NULL, &err));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 10000);
    assert_int_not_equal(stat(tmp, &st), 0);
    FILE *f = fopen(path, "rb");
    unsigned char sig[8] = {0};
    assert_non_null(f);
    assert_int_equal(fread(sig, 1, 8, f), 8);
    fclose(f);
    assert_memory_equal(sig, "\x89PNG\r\n\x1a\n", 8);
    unlink(path);
    rmdir(dir);
}

static void test_image_type_follows_the_extension(void **state)
{
    struct ctx *c = *state;
    char dir[] = "/tmp/eapsim-img-XXXXXX", path[256];
    assert_non_null(mkdtemp(dir));
    struct eap_error err;
    eap_viz_render(c->v, 88 * M);
    static const struct {
        const char *name;
        enum eap_viz_image fmt;
        const char *magic;
        size_t n;
    } kinds[] = {{"a.png", EAP_VIZ_PNG, "\x89PNG", 4},
                 {"b.Bmp", EAP_VIZ_BMP, "BM", 2},
                 {"c.jpeg", EAP_VIZ_JPEG, "\xff\xd8\xff", 3}};
    for (size_t i = 0; i < 3; i++) {
        enum eap_viz_image fmt;
        snprintf(path, sizeof(path), "%s/%s", dir, kinds[i].name);
        eap_error_clear(&err);
        assert_true(eap_viz_image_format(path, &fmt, &err));
        assert_int_equal(fmt, kinds[i].fmt);
        assert_true(eap_viz_save_image(c->v, path, &err));
        FILE *f = fopen(path, "rb");
        unsigned char magic[4] = {0};
        assert_non_null(f);
        assert_int_equal(fread(magic, 1, kinds[i].n, f), kinds[i].n);
        fclose(f);
        assert_memory_equal(magic, kinds[i].magic, kinds[i].n);
        unlink(path);
    }
    /* Unknown: refused, naming what is written, and nothing is left behind. */
    snprintf(path, sizeof(path), "%s/d.tiff", dir);
    eap_error_clear(&err);
    assert_false(eap_viz_save_image(c->v, path, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    assert_non_null(strstr(err.msg, eap_viz_image_extensions()));
    eap_error_clear(&err);
    assert_false(
        eap_viz_screenshot(&c->fx->scn, &c->fx->trace, 88 * M, 800, 500, path, NULL, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    assert_int_equal(rmdir(dir), 0); /* empty: no image, no temporary file */
}

static void test_unwritable_path_fails_and_leaves_nothing(void **state)
{
    struct ctx *c = *state;
    struct eap_error err;
    eap_error_clear(&err);
    eap_viz_render(c->v, 0);
    assert_false(eap_viz_save_image(c->v, "/nonexistent-dir/x/shot.png", &err));
    assert_int_equal(err.code, EAP_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x/shot.png: No such file or directory"));
    struct stat st;
    assert_int_not_equal(stat("/nonexistent-dir/x/shot.png.tmp", &st), 0);
}

static void test_bad_size_and_missing_assets_are_errors(void **state)
{
    struct ctx *c = *state;
    struct eap_error err;
    eap_error_clear(&err);
    assert_null(eap_viz_create_offscreen(&c->fx->scn, &c->fx->trace, 10, 10, NULL, &err));
    assert_int_equal(err.code, EAP_EINPUT);
    struct eap_viz_options opt = {"/nonexistent-assets", NULL, 0, 0};
    eap_error_clear(&err);
    assert_null(eap_viz_create_offscreen(&c->fx->scn, &c->fx->trace, 800, 600, &opt, &err));
    assert_int_equal(err.code, EAP_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent-assets"));
}

static void test_assets_lookup_names_where_it_looked(void **state)
{
    (void)state;
    char dir[4096];
    struct eap_error err;
    const char *saved = getenv("EAP_ASSETS");
    setenv("EAP_ASSETS", "/nonexistent-assets", 1);
    eap_error_clear(&err);
    assert_false(eap_viz_find_assets(dir, sizeof(dir), &err));
    assert_non_null(strstr(err.msg, "$EAP_ASSETS=/nonexistent-assets"));
    unsetenv("EAP_ASSETS");
    assert_true(eap_viz_find_assets(dir, sizeof(dir), &err)); /* the source tree's */
    if (saved) {
        setenv("EAP_ASSETS", saved, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_convoy_marker_lies_on_its_route, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_timeline_cursor_is_at_the_time, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_drone_is_over_the_compound_in_the_inset,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_places_change_colour_on_screen, setup_benghazi,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_screenshot_is_written_atomically, setup_benghazi,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_image_type_follows_the_extension, setup_benghazi,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_path_fails_and_leaves_nothing,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_bad_size_and_missing_assets_are_errors, setup_benghazi,
                                        teardown),
        cmocka_unit_test(test_assets_lookup_names_where_it_looked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
