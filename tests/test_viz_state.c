/* The visualizer's pure layer, without a display: the state at time t (place colours, head
 * counts, convoy and asset positions interpolated between trace records), trace stepping,
 * and the layout (projection, timeline, inset) the renderer draws with. */
#include <math.h>
#include <string.h>

#include "cmocka_all.h"
#include "eapsim/viz.h"
#include "test_viz_fixture.h"

#define M EAP_MINUTE
#define H EAP_HOUR

struct ctx {
    struct fixture *fx;
    struct eap_viz_frame f;
};

static int setup_benghazi(void **state)
{
    struct ctx *c = test_calloc(1, sizeof(*c));
    c->fx = fixture_benghazi();
    assert_true(eap_viz_frame_init(&c->f, &c->fx->scn));
    *state = c;
    return 0;
}

static int setup_tripoli(void **state)
{
    struct ctx *c = test_calloc(1, sizeof(*c));
    c->fx = fixture_tripoli();
    assert_true(eap_viz_frame_init(&c->f, &c->fx->scn));
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    struct ctx *c = *state;
    eap_viz_frame_finish(&c->f);
    fixture_free(c->fx);
    test_free(c);
    return 0;
}

static void at(struct ctx *c, eap_time t)
{
    eap_viz_state_at(&c->fx->scn, &c->fx->trace, t, &c->f);
}

/* Linear interpolation between two places, as the state function does it. */
static void lerp_places(const struct eap_scenario *scn, int a, int b, double f, double *lat,
                        double *lon)
{
    *lat = scn->places[a].lat + (scn->places[b].lat - scn->places[a].lat) * f;
    *lon = scn->places[a].lon + (scn->places[b].lon - scn->places[a].lon) * f;
}

static void assert_near(double got, double want, double tol)
{
    if (fabs(got - want) > tol) {
        fail_msg("got %.9f, want %.9f (+/- %g)", got, want, tol);
    }
}

/* ---- Convoys ---- */

static void test_convoy_halfway_in_time_is_halfway_between_waypoints(void **state)
{
    struct ctx *c = *state;
    /* Departed the embassy at 1h (0 m), passed Zawiya at 1h45 (48 km by the trace). */
    at(c, H + 22 * M + 30 * EAP_SECOND);
    const struct eap_viz_convoy *cv = &c->f.convoys[0];
    assert_int_equal(cv->status, EAP_VIZ_CONVOY_MOVING);
    assert_near(cv->position, 24000, 1e-6);
    assert_int_equal(cv->segment, 0);
    double lat, lon;
    lerp_places(&c->fx->scn, TR_EMBASSY, TR_ZAWIYA, 0.5, &lat, &lon);
    assert_near(cv->lat, lat, 1e-9);
    assert_near(cv->lon, lon, 1e-9);
}

static void test_convoy_waypoints_come_from_the_trace(void **state)
{
    struct ctx *c = *state;
    /* The scenario's segments say Zawiya at 45 km and Zuwara at 115 km; the trace's
     * CONVOY_AT records say 48 and 118 km, the arrival 178 km. The trace wins. */
    double lat, lon, want_lat, want_lon;
    eap_viz_convoy_point(&c->fx->scn, &c->fx->trace, 0, 48000, &lat, &lon);
    assert_near(lat, c->fx->scn.places[TR_ZAWIYA].lat, 1e-9);
    assert_near(lon, c->fx->scn.places[TR_ZAWIYA].lon, 1e-9);
    eap_viz_convoy_point(&c->fx->scn, &c->fx->trace, 0, 118000 + 30000, &lat, &lon);
    lerp_places(&c->fx->scn, TR_ZUWARA, TR_RAS_AJDIR, 0.5, &want_lat, &want_lon);
    assert_near(lat, want_lat, 1e-9);
    assert_near(lon, want_lon, 1e-9);
    eap_viz_convoy_point(&c->fx->scn, &c->fx->trace, 0, 1e9, &lat, &lon);
    assert_near(lat, c->fx->scn.places[TR_RAS_AJDIR].lat, 1e-9);
}

static void test_convoy_does_not_move_during_a_checkpoint_stop(void **state)
{
    struct ctx *c = *state;
    at(c, 2 * H + 10 * M);
    double lat = c->f.convoys[0].lat, lon = c->f.convoys[0].lon;
    assert_int_equal(c->f.convoys[0].status, EAP_VIZ_CONVOY_HALTED);
    assert_near(c->f.convoys[0].position, 80000, 1e-6);
    for (eap_time t = 2 * H + 10 * M; t < 2 * H + 30 * M; t += 90 * EAP_SECOND) {
        at(c, t);
        assert_int_equal(c->f.convoys[0].status, EAP_VIZ_CONVOY_HALTED);
        assert_near(c->f.convoys[0].lat, lat, 0);
        assert_near(c->f.convoys[0].lon, lon, 0);
    }
    at(c, 2 * H + 31 * M);
    assert_int_equal(c->f.convoys[0].status, EAP_VIZ_CONVOY_MOVING);
    assert_true(c->f.convoys[0].position > 80000);
}

static void test_convoy_lifecycle_and_head_counts(void **state)
{
    struct ctx *c = *state;
    at(c, 0);
    assert_int_equal(c->f.convoys[0].status, EAP_VIZ_CONVOY_FORMING);
    assert_int_equal(c->f.places[TR_EMBASSY].people, 158);
    assert_int_equal(c->f.convoys[0].vehicles, 40);
    at(c, 45 * M);
    assert_int_equal(c->f.convoys[0].status, EAP_VIZ_CONVOY_READY);
    assert_near(c->f.convoys[0].lat, c->fx->scn.places[TR_EMBASSY].lat, 1e-12);
    at(c, 90 * M);
    assert_int_equal(c->f.places[TR_EMBASSY].people, 0);
    assert_int_equal(c->f.convoys[0].people, 158);
    at(c, 4 * H);
    assert_int_equal(c->f.convoys[0].status, EAP_VIZ_CONVOY_ARRIVED);
    assert_near(c->f.convoys[0].lat, c->fx->scn.places[TR_RAS_AJDIR].lat, 1e-12);
    /* The PARTY_AT after the arrival must not count the convoy's people twice. */
    assert_int_equal(c->f.places[TR_RAS_AJDIR].people, 158);
    assert_int_equal(c->f.people_safe, 158);
    assert_int_equal(c->f.places[TR_RAS_AJDIR].status, EAP_VIZ_PLACE_SAFE_HAVEN);
}

static void test_casualties_on_the_road_leave_the_convoy(void **state)
{
    struct ctx *c = *state;
    /* The same trace with 3 casualties in the convoy (no place: on the road) at 2h40. */
    struct eap_trace *tr = &c->fx->trace, copy;
    eap_trace_init(&copy);
    for (size_t i = 0; i < tr->count; i++) {
        if (tr->events[i].time > 2 * H + 40 * M && copy.count == i) {
            struct eap_trace_event hit = {
                2 * H + 40 * M, EAP_EV_CASUALTIES, EAP_NONE, 0, EAP_NONE, 3, 0};
            eap_trace_append(&copy, &hit);
        }
        eap_trace_append(&copy, &tr->events[i]);
    }
    assert_false(copy.oom);
    eap_trace_finish(tr);
    *tr = copy;
    at(c, 2 * H + 30 * M);
    assert_int_equal(c->f.convoys[0].people, 158);
    assert_int_equal(c->f.casualties, 0);
    at(c, 3 * H);
    assert_int_equal(c->f.convoys[0].people, 155);
    assert_int_equal(c->f.casualties, 3);
    at(c, 4 * H);
    assert_int_equal(c->f.places[TR_RAS_AJDIR].people, 155);
    assert_int_equal(c->f.people_safe, 155);
    struct eap_condition hit = {EAP_EV_CASUALTIES, EAP_NONE, EAP_NONE};
    long k = eap_trace_find(tr, &hit, 0);
    assert_true(k >= 0);
    char line[256];
    eap_trace_describe(&c->fx->scn, &tr->events[k], line, sizeof(line));
    assert_non_null(strstr(line, ": 3 killed on the road"));
}

/* ---- Assets ---- */

static void test_asset_halfway_through_transit_is_halfway_to_its_target(void **state)
{
    struct ctx *c = *state;
    /* The drone left Derna at 17 min and was over the compound at 88 min. */
    at(c, (17 * M + 88 * M) / 2);
    const struct eap_viz_asset *a = &c->f.assets[BG_DRONE];
    assert_int_equal(a->status, EAP_VIZ_ASSET_TRANSIT);
    double lat, lon;
    lerp_places(&c->fx->scn, BG_DERNA, BG_SMC, 0.5, &lat, &lon);
    assert_near(a->lat, lat, 1e-9);
    assert_near(a->lon, lon, 1e-9);
    assert_true(a->heading > 180 && a->heading < 360); /* flying west */
    at(c, 88 * M);
    assert_int_equal(c->f.assets[BG_DRONE].status, EAP_VIZ_ASSET_ON_STATION);
    assert_int_equal(c->f.assets[BG_DRONE].place, BG_SMC);
}

static void test_asset_lifecycle_idle_tasked_holding_returning(void **state)
{
    struct ctx *c = *state;
    at(c, 10 * M);
    assert_int_equal(c->f.assets[BG_DRONE].status, EAP_VIZ_ASSET_IDLE);
    at(c, 23 * M);
    assert_int_equal(c->f.assets[BG_QRF].status, EAP_VIZ_ASSET_TASKED);
    at(c, 4 * H);
    assert_int_equal(c->f.assets[BG_TEAM].status, EAP_VIZ_ASSET_HOLDING);
    assert_int_equal(c->f.assets[BG_TEAM].place, BG_BENINA);
    /* The QRF leaves the compound at 105 min at 12 km/h: 2 km home takes 10 min. */
    at(c, 110 * M);
    assert_int_equal(c->f.assets[BG_QRF].status, EAP_VIZ_ASSET_RETURNING);
    at(c, 116 * M);
    assert_int_equal(c->f.assets[BG_QRF].status, EAP_VIZ_ASSET_DONE);
}

static void test_asset_past_the_end_of_the_trace_heads_for_its_plan(void **state)
{
    struct ctx *c = *state;
    /* The team left Benina at 6h for the Annex and arrives at 6h40; between, it flies. */
    at(c, 6 * H + 20 * M);
    const struct eap_viz_asset *a = &c->f.assets[BG_TEAM];
    assert_int_equal(a->status, EAP_VIZ_ASSET_TRANSIT);
    double lat, lon;
    lerp_places(&c->fx->scn, BG_BENINA, BG_ANNEX, 0.5, &lat, &lon);
    assert_near(a->lat, lat, 1e-9);
    /* Cut the trace before the team's next record: it extrapolates at cruise speed. */
    size_t saved = c->fx->trace.count;
    c->fx->trace.count = eap_viz_events_until(&c->fx->trace, 6 * H);
    at(c, 6 * H + 20 * M);
    assert_int_equal(a->status, EAP_VIZ_ASSET_TRANSIT);
    assert_near(a->to_lat, c->fx->scn.places[BG_ANNEX].lat, 1e-12);
    at(c, 9 * H);
    double d = eap_great_circle_m(a->lat, a->lon, a->to_lat, a->to_lon);
    assert_true(d > 0); /* never claims to have arrived */
    c->fx->trace.count = saved;
}

static void test_route_station_follows_the_convoy(void **state)
{
    struct ctx *c = *state;
    at(c, 2 * H + 20 * M);
    const struct eap_viz_asset *f16 = &c->f.assets[TR_F16];
    assert_int_equal(f16->status, EAP_VIZ_ASSET_ON_STATION);
    assert_int_equal(f16->route, 0);
    assert_int_equal(f16->convoy, 0);
    assert_near(f16->lat, c->f.convoys[0].lat, 1e-12);
    assert_near(f16->lon, c->f.convoys[0].lon, 1e-12);
    /* In transit to a route station, it heads for where the convoy will be when it gets
     * there: on station at 1h30, when the convoy is 2/3 of the way to Zawiya (32 km). */
    at(c, H);
    const struct eap_viz_asset *mv22 = &c->f.assets[TR_MV22];
    assert_int_equal(mv22->status, EAP_VIZ_ASSET_TRANSIT);
    double lat, lon;
    eap_viz_convoy_point(&c->fx->scn, &c->fx->trace, 0, 32000, &lat, &lon);
    assert_near(mv22->to_lat, lat, 1e-9);
    assert_near(mv22->to_lon, lon, 1e-9);
}

/* ---- Places ---- */

static void test_place_colours_change_at_attack_breach_and_fire(void **state)
{
    struct ctx *c = *state;
    at(c, -1);
    assert_int_equal(c->f.places[BG_SMC].status, EAP_VIZ_PLACE_QUIET);
    assert_int_equal(c->f.places[BG_SOUDA].status, EAP_VIZ_PLACE_SAFE_HAVEN);
    at(c, 0);
    assert_int_equal(c->f.places[BG_SMC].status, EAP_VIZ_PLACE_THREATENED);
    assert_int_equal(c->f.places[BG_SMC].attacks, 1);
    at(c, 20 * M - 1);
    assert_int_equal(c->f.places[BG_SMC].status, EAP_VIZ_PLACE_THREATENED);
    at(c, 20 * M);
    assert_int_equal(c->f.places[BG_SMC].status, EAP_VIZ_PLACE_BREACHED);
    at(c, 30 * M);
    assert_int_equal(c->f.places[BG_SMC].status, EAP_VIZ_PLACE_BURNING);
    at(c, 120 * M);
    assert_true(c->f.places[BG_SMC].evacuated);
    assert_int_equal(c->f.places[BG_SMC].attacks, 0);
    assert_int_equal(c->f.places[BG_SMC].status, EAP_VIZ_PLACE_BURNING);
    assert_int_equal(c->f.places[BG_SMC].people, 0);
    assert_int_equal(c->f.places[BG_ANNEX].people, 32);
}

static void test_indirect_fire_shows_for_a_while(void **state)
{
    struct ctx *c = *state;
    eap_time hit = 7 * H + 33 * M;
    at(c, hit - 1);
    assert_int_equal(c->f.places[BG_ANNEX].status, EAP_VIZ_PLACE_QUIET);
    at(c, hit + 5 * M);
    assert_int_equal(c->f.places[BG_ANNEX].status, EAP_VIZ_PLACE_THREATENED);
    assert_int_equal(c->f.places[BG_ANNEX].casualties, 2);
    assert_int_equal(c->f.casualties, 2);
    at(c, hit + EAP_VIZ_HIT_SHOWN);
    assert_int_equal(c->f.places[BG_ANNEX].status, EAP_VIZ_PLACE_QUIET);
}

static void test_casualties_do_not_count_as_safe(void **state)
{
    struct ctx *c = *state;
    at(c, 11 * H);
    /* 25 annex staff, 2 of them casualties of the mortar: 23 reach safety. */
    assert_int_equal(c->f.people_safe, 23);
    assert_int_equal(c->f.casualties, 2);
    assert_int_equal(c->f.people_total, 32);
}

/* ---- Seeking ---- */

static void assert_same_frame(const struct eap_viz_frame *a, const struct eap_viz_frame *b)
{
    assert_int_equal(a->events_done, b->events_done);
    assert_int_equal(a->people_safe, b->people_safe);
    for (size_t p = 0; p < a->place_count; p++) {
        assert_int_equal(a->places[p].status, b->places[p].status);
        assert_int_equal(a->places[p].people, b->places[p].people);
        assert_int_equal(a->places[p].attacks, b->places[p].attacks);
    }
    for (size_t i = 0; i < a->convoy_count; i++) {
        assert_int_equal(a->convoys[i].status, b->convoys[i].status);
        assert_near(a->convoys[i].position, b->convoys[i].position, 0);
        assert_near(a->convoys[i].lat, b->convoys[i].lat, 0);
    }
    for (size_t i = 0; i < a->asset_count; i++) {
        assert_int_equal(a->assets[i].status, b->assets[i].status);
        assert_near(a->assets[i].lat, b->assets[i].lat, 0);
        assert_near(a->assets[i].lon, b->assets[i].lon, 0);
    }
}

static void check_seek_both_ways(struct ctx *c, eap_time end)
{
    enum { STEPS = 97 };
    struct eap_viz_frame fwd[STEPS];
    for (int i = 0; i < STEPS; i++) {
        assert_true(eap_viz_frame_init(&fwd[i], &c->fx->scn));
        eap_viz_state_at(&c->fx->scn, &c->fx->trace, end * i / (STEPS - 1), &fwd[i]);
    }
    for (int i = STEPS; i-- > 0;) {
        at(c, end * i / (STEPS - 1));
        assert_same_frame(&c->f, &fwd[i]);
        eap_viz_frame_finish(&fwd[i]);
    }
}

static void test_seeking_backwards_gives_the_same_state(void **state)
{
    struct ctx *c = *state;
    check_seek_both_ways(c, eap_viz_trace_end(&c->fx->scn, &c->fx->trace));
}

static void test_stepping_through_trace_events(void **state)
{
    struct ctx *c = *state;
    const struct eap_trace *tr = &c->fx->trace;
    assert_int_equal(eap_viz_trace_end(&c->fx->scn, tr), 5 * H);
    assert_int_equal(eap_viz_events_until(tr, -1), 0);
    assert_int_equal(eap_viz_events_until(tr, 0), 6);
    assert_int_equal(eap_viz_next_event_time(tr, -1), 0);
    assert_int_equal(eap_viz_next_event_time(tr, 0), 10 * M);
    assert_int_equal(eap_viz_next_event_time(tr, 1), 10 * M);
    assert_int_equal(eap_viz_next_event_time(tr, 10 * M), 20 * M);
    assert_int_equal(eap_viz_prev_event_time(tr, 20 * M), 10 * M);
    assert_int_equal(eap_viz_prev_event_time(tr, 15 * M), 10 * M);
    assert_int_equal(eap_viz_prev_event_time(tr, 0), 0);
    assert_int_equal(eap_viz_next_event_time(tr, 5 * H), 5 * H);
}

/* ---- Layout ---- */

static void test_projection_round_trips_and_zoom_keeps_the_cursor_point(void **state)
{
    (void)state;
    struct eap_viz_map m = {{10, 20, 800, 600}, 0, 0, 1};
    eap_viz_map_fit(&m, 30, 10, 40, 25, 20);
    double x, y, lat, lon;
    eap_viz_map_project(&m, 32.067, 20.083, &x, &y);
    eap_viz_map_unproject(&m, x, y, &lat, &lon);
    assert_near(lat, 32.067, 1e-9);
    assert_near(lon, 20.083, 1e-9);
    eap_viz_map_zoom_at(&m, x, y, 8.0);
    double x2, y2;
    eap_viz_map_project(&m, 32.067, 20.083, &x2, &y2);
    assert_near(x2, x, 1e-6);
    assert_near(y2, y, 1e-6);
    /* 1 degree of latitude is about 111 km. */
    double ya, yb;
    eap_viz_map_project(&m, 35.0, 15.0, &x, &ya);
    eap_viz_map_project(&m, 36.0, 15.0, &x, &yb);
    double km = (ya - yb) * eap_viz_map_metres_per_px(&m, 35.5) / 1000.0;
    assert_near(km, 111.2, 1.0);
}

static void test_layout_keeps_the_compound_and_annex_apart_in_an_inset(void **state)
{
    struct ctx *c = *state;
    struct eap_viz_layout l;
    eap_viz_layout_compute(&l, &c->fx->scn, &c->fx->trace, 1280, 800);
    const struct eap_place *smc = &c->fx->scn.places[BG_SMC];
    const struct eap_place *annex = &c->fx->scn.places[BG_ANNEX];
    /* Sigonella and Souda Bay (the air legs) are on the main map... */
    assert_true(eap_viz_map_contains(&l.main, 37.4017, 14.9222));
    assert_true(eap_viz_map_contains(&l.main, 35.5317, 24.1497));
    /* ...where the compound and the annex would sit on top of each other, so an inset
     * shows them apart. */
    double x0, y0, x1, y1;
    eap_viz_map_project(&l.main, smc->lat, smc->lon, &x0, &y0);
    eap_viz_map_project(&l.main, annex->lat, annex->lon, &x1, &y1);
    assert_true(hypot(x1 - x0, y1 - y0) < 5);
    assert_true(l.has_inset);
    assert_int_equal(l.inset_focus, BG_SMC);
    assert_true(eap_viz_layout_in_inset(&l, smc->lat, smc->lon));
    assert_true(eap_viz_layout_in_inset(&l, annex->lat, annex->lon));
    assert_false(eap_viz_layout_in_inset(&l, 37.4017, 14.9222));
    eap_viz_map_project(&l.inset, smc->lat, smc->lon, &x0, &y0);
    eap_viz_map_project(&l.inset, annex->lat, annex->lon, &x1, &y1);
    assert_true(hypot(x1 - x0, y1 - y0) > 25);
    assert_true(eap_viz_map_contains(&l.inset, smc->lat, smc->lon));
    /* The inset box lies inside the map and does not cover the cluster it magnifies. */
    assert_true(l.inset_box.x >= l.map.x && l.inset_box.x + l.inset_box.w <= l.map.x + l.map.w);
    assert_true(l.inset_box.y >= l.map.y && l.inset_box.y + l.inset_box.h <= l.map.y + l.map.h);
    eap_viz_map_project(&l.main, smc->lat, smc->lon, &x0, &y0);
    assert_false(x0 >= l.inset_box.x && x0 < l.inset_box.x + l.inset_box.w && y0 >= l.inset_box.y &&
                 y0 < l.inset_box.y + l.inset_box.h);
}

static void test_timeline_maps_time_to_x_and_back(void **state)
{
    struct ctx *c = *state;
    struct eap_viz_layout l;
    eap_viz_layout_compute(&l, &c->fx->scn, &c->fx->trace, 1280, 800);
    assert_int_equal(l.t_end, 12 * H);
    assert_near(eap_viz_timeline_x(&l, 0), l.track.x, 1e-9);
    assert_near(eap_viz_timeline_x(&l, 12 * H), l.track.x + l.track.w, 1e-9);
    assert_near(eap_viz_timeline_x(&l, 6 * H), l.track.x + l.track.w / 2.0, 1e-9);
    assert_near(eap_viz_timeline_x(&l, 99 * H), l.track.x + l.track.w, 1e-9);
    assert_int_equal(eap_viz_timeline_time(&l, l.track.x + l.track.w / 2.0), 6 * H);
    assert_int_equal(eap_viz_timeline_time(&l, -50), 0);
    assert_true(l.map.w + l.panel.w == 1280);
    assert_true(l.header.h + l.map.h + l.timeline.h == 800);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_convoy_halfway_in_time_is_halfway_between_waypoints,
                                        setup_tripoli, teardown),
        cmocka_unit_test_setup_teardown(test_convoy_waypoints_come_from_the_trace, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_convoy_does_not_move_during_a_checkpoint_stop,
                                        setup_tripoli, teardown),
        cmocka_unit_test_setup_teardown(test_casualties_on_the_road_leave_the_convoy, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_convoy_lifecycle_and_head_counts, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_asset_halfway_through_transit_is_halfway_to_its_target,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_asset_lifecycle_idle_tasked_holding_returning,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_asset_past_the_end_of_the_trace_heads_for_its_plan,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_route_station_follows_the_convoy, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_place_colours_change_at_attack_breach_and_fire,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_indirect_fire_shows_for_a_while, setup_benghazi,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_casualties_do_not_count_as_safe, setup_benghazi,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_seeking_backwards_gives_the_same_state, setup_benghazi,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_seeking_backwards_gives_the_same_state, setup_tripoli,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stepping_through_trace_events, setup_tripoli,
                                        teardown),
        cmocka_unit_test(test_projection_round_trips_and_zoom_keeps_the_cursor_point),
        cmocka_unit_test_setup_teardown(test_layout_keeps_the_compound_and_annex_apart_in_an_inset,
                                        setup_benghazi, teardown),
        cmocka_unit_test_setup_teardown(test_timeline_maps_time_to_x_and_back, setup_benghazi,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
