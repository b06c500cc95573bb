/*
 * Hand-built scenarios and traces for the visualizer's tests and benchmark, so they run
 * without the JSON loader or the engine: a Benghazi-like city attack (compound and annex
 * 2 km apart, a drone from Derna, a relief drone from Sigonella, a team from Souda Bay) and
 * a Tripoli-like convoy to the Tunisian border with air cover.
 */
#ifndef EAPSIM_TEST_VIZ_FIXTURE_H
#define EAPSIM_TEST_VIZ_FIXTURE_H

#include "eapsim/scenario.h"
#include "eapsim/trace.h"
#include "eapsim/viz.h"

#define FX_MAX 24

struct fixture {
    struct eap_scenario scn;
    struct eap_trace trace;
    struct eap_input inputs[FX_MAX * 2];
    struct eap_place places[FX_MAX];
    struct eap_route routes[4];
    struct eap_segment segments[8];
    struct eap_checkpoint checkpoints[4];
    struct eap_party parties[4];
    struct eap_vehicle vehicles[2];
    int32_t vehicle_types[2];
    int vehicle_counts[2];
    struct eap_asset assets[8];
    struct eap_via vias[4];
    struct eap_threat threats[4];
    struct eap_convoy convoys[2];
    struct eap_milestone record[12];
};

/* Place indices of the Benghazi fixture. */
enum { BG_SMC, BG_ANNEX, BG_BENINA, BG_CITY, BG_DERNA, BG_SIGONELLA, BG_SOUDA, BG_TRIPOLI };
/* Asset indices of the Benghazi fixture. */
enum { BG_DRONE, BG_QRF, BG_DRONE2, BG_TEAM };
/* Place, asset and route indices of the Tripoli fixture. */
enum { TR_EMBASSY, TR_ZAWIYA, TR_ZUWARA, TR_RAS_AJDIR, TR_AIRPORT, TR_SIGONELLA, TR_AVIANO };
enum { TR_F16, TR_MV22, TR_DRONE };

/* Builds a fixture (heap); free with fixture_free(). Abort on allocation failure: tests. */
struct fixture *fixture_benghazi(void);
struct fixture *fixture_tripoli(void);
void fixture_free(struct fixture *fx);

/* A bundled scenario (scenarios/NAME, under $EAP_SOURCE_DIR) loaded; the test fails when it
 * cannot be. Destroy with eap_scenario_destroy(). */
struct eap_scenario *fixture_scenario(const char *name);

/* The same, replayed. Free with fixture_replay_free(). */
struct eap_engine;
struct replay {
    struct eap_scenario *scn;
    struct eap_engine *e;
    const struct eap_trace *tr;
};
void fixture_replay(struct replay *r, const char *name);
void fixture_replay_free(struct replay *r);

/* Label checks shared by the placement and rendering tests: the problems with the labels of
 * one map (two overlapping, one covering a marker or leaving the map, one crowded, one nearer
 * another marker than its own, one with a leader across a label or marker, a forced one
 * left out), each printed with `where`. */
int fixture_label_problems(const struct eap_viz_map_items *it, const char *where);
/* Overlap in pixels squared of two rectangles (0 when they only touch). */
long fixture_overlap(struct eap_viz_rect a, struct eap_viz_rect b);

#endif
