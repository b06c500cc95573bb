/*
 * The visualizer: a map, a timeline and an event log of one run, drawn with SDL2 from the
 * scenario and its complete trace (never from the engine), in a window or headless to an
 * image file.
 *
 * Two layers. The pure layer (no SDL, unit-testable without a display) answers "where is
 * everything at time t" (eap_viz_state_at) and "where on the screen is it" (the layout and
 * its Mercator maps). The drawing layer (struct eap_viz) owns the SDL renderer, fonts,
 * icons and caches; the same frame-drawing code serves the window and the screenshot.
 * This header does not include SDL, so callers need not either.
 */
#ifndef EAPSIM_VIZ_H
#define EAPSIM_VIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/batch.h"
#include "eapsim/clock.h"
#include "eapsim/error.h"
#include "eapsim/exercise.h"
#include "eapsim/scenario.h"
#include "eapsim/trace.h"

/* ---- State at time t (pure) ---- */

/* What a place looks like, from the most to the least pressing. */
enum eap_viz_place_status {
    EAP_VIZ_PLACE_QUIET,      /* nothing against it */
    EAP_VIZ_PLACE_SAFE_HAVEN, /* reaching it makes a party safe, and it is not under attack */
    EAP_VIZ_PLACE_THREATENED, /* an attack in progress, or hit by indirect fire lately */
    EAP_VIZ_PLACE_BREACHED,   /* its perimeter or safe room fell */
    EAP_VIZ_PLACE_BURNING,    /* set on fire (untenable is a flag on top) */
    EAP_VIZ_PLACE_EVACUATED,  /* the last people left and nothing was breached or burnt */
};

struct eap_viz_place {
    enum eap_viz_place_status status;
    int attacks; /* attack waves in progress */
    bool breached, safe_room_breached, burning, untenable, evacuated, sheltering;
    bool hit_recently; /* indirect fire within EAP_VIZ_HIT_SHOWN */
    int people;        /* head count here now */
    int casualties;    /* casualties reported here so far */
    int safe;          /* people who reached safety here */
};

/* How long a place shows as hit after indirect fire. */
#define EAP_VIZ_HIT_SHOWN (10 * EAP_MINUTE)

enum eap_viz_convoy_status {
    EAP_VIZ_CONVOY_NONE,    /* not formed yet: not drawn */
    EAP_VIZ_CONVOY_FORMING, /* gathering at the route's start */
    EAP_VIZ_CONVOY_READY,   /* formed, waiting to leave */
    EAP_VIZ_CONVOY_MOVING,
    EAP_VIZ_CONVOY_HALTED,    /* held at a checkpoint */
    EAP_VIZ_CONVOY_INCIDENT,  /* stopped by a road incident */
    EAP_VIZ_CONVOY_BREAKDOWN, /* stopped by a vehicle breakdown */
    EAP_VIZ_CONVOY_ARRIVED,
};

struct eap_viz_convoy {
    enum eap_viz_convoy_status status;
    double lat, lon; /* degrees */
    double position; /* metres along the route */
    double length;   /* metres: the route as driven (arrival position), or its replay length */
    int32_t segment; /* segment index the convoy is on */
    double heading;  /* degrees clockwise from north of its direction of travel */
    int people, vehicles, escorts;
    long record; /* trace index of the movement record in force, or -1 */
};

enum eap_viz_asset_status {
    EAP_VIZ_ASSET_IDLE,       /* at its base, not tasked: not drawn */
    EAP_VIZ_ASSET_TASKED,     /* tasked, readying at its base */
    EAP_VIZ_ASSET_TRANSIT,    /* on its way (to a stop, its station, or with people) */
    EAP_VIZ_ASSET_HOLDING,    /* at a stop on the way, or on the ground loading/unloading */
    EAP_VIZ_ASSET_READY,      /* on station at its own base: ready there (the trace's "ready at") */
    EAP_VIZ_ASSET_ON_STATION, /* over its target place or route, or on scene there */
    EAP_VIZ_ASSET_ESCORTING,  /* riding along with a convoy */
    EAP_VIZ_ASSET_RETURNING,  /* off station, heading home */
    EAP_VIZ_ASSET_DONE,       /* home again or gone: not drawn */
};

struct eap_viz_asset {
    enum eap_viz_asset_status status;
    double lat, lon;           /* where it is now */
    double from_lat, from_lon; /* the leg it is on (transit, returning): start... */
    double to_lat, to_lon;     /* ...and end; equal to lat/lon when not moving */
    double heading;            /* degrees clockwise from north */
    int32_t place;             /* place it is at or over, or EAP_NONE */
    int32_t route;             /* route it covers on station, or EAP_NONE */
    int32_t convoy;            /* convoy it escorts or flies over, or EAP_NONE */
    int people;                /* on board */
    long record;               /* trace index of the record in force, or -1 */
    long next;                 /* trace index of its next record after t, or -1 */
    eap_time reported;         /* the players' view: when the post heard of it last, and this
                                  is what it heard; -1: as it really is */
};

/* Everything the drawing needs at one time. Arrays are indexed like the scenario's. */
struct eap_viz_frame {
    eap_time t;
    size_t events_done; /* trace events at or before t: events[0 .. events_done) */
    struct eap_viz_place *places;
    struct eap_viz_convoy *convoys;
    struct eap_viz_asset *assets;
    size_t place_count, convoy_count, asset_count, party_count;
    int people_total, people_safe, casualties; /* safe: members of safe parties, less casualties */
    /* Scratch for the state function: where each party is (>= 0: a place; EAP_NONE:
     * elsewhere; <= -2: carried by a convoy or an aircraft). */
    int32_t *party_where;
    int *party_casualties; /* per party, so far: they do not reach safety with the others */
    eap_time *place_time;  /* scratch per place for the players' view (eap_viz_state_reported) */
};

/* Sizes a frame for scn (one allocation per array). Returns false when memory runs out;
 * the frame is then zeroed. Free with eap_viz_frame_finish(), which accepts a zeroed frame. */
bool eap_viz_frame_init(struct eap_viz_frame *f, const struct eap_scenario *scn);
void eap_viz_frame_finish(struct eap_viz_frame *f);

/* Fills out with the state at time t: the events at or before t have happened, positions
 * are interpolated in time between consecutive movement records. Pure: the result depends
 * only on (scn, tr, t), so seeking is calling it again. The trace must be complete and in
 * time order. O(trace length + route segments); allocates nothing. */
void eap_viz_state_at(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                      struct eap_viz_frame *out);

/* Where a convoy would be `metres` along its route: the route's waypoints sit at the
 * positions its CONVOY_AT records give (replay distances where the trace has none), and
 * positions in between are interpolated linearly in latitude and longitude. */
void eap_viz_convoy_point(const struct eap_scenario *scn, const struct eap_trace *tr,
                          int32_t convoy, double metres, double *lat, double *lon);

/* The last time worth showing: the END record, else the last record, else the horizon. */
eap_time eap_viz_trace_end(const struct eap_scenario *scn, const struct eap_trace *tr);

/* Number of trace events at or before t (binary search). */
size_t eap_viz_events_until(const struct eap_trace *tr, eap_time t);

/* Time of the first event after t, or of the last one before t; t itself when there is
 * none. For stepping through the trace with the arrow keys. */
eap_time eap_viz_next_event_time(const struct eap_trace *tr, eap_time t);
eap_time eap_viz_prev_event_time(const struct eap_trace *tr, eap_time t);

/* ---- Screen layout and map projection (pure) ---- */

struct eap_viz_rect {
    int x, y, w, h;
};

/* A Mercator view of the Earth drawn into a screen rectangle. */
struct eap_viz_map {
    struct eap_viz_rect area;
    double cx, cy; /* centre, in Mercator units (longitude in radians, ln tan(pi/4 + lat/2)) */
    double scale;  /* pixels per Mercator unit */
};

/* Screen position of a latitude/longitude on the map (may fall outside its area). */
void eap_viz_map_project(const struct eap_viz_map *m, double lat, double lon, double *x, double *y);
/* The latitude/longitude under a screen position. */
void eap_viz_map_unproject(const struct eap_viz_map *m, double x, double y, double *lat,
                           double *lon);
/* Fits the box [lat0, lat1] x [lon0, lon1] into the map's area, leaving `margin` pixels. */
void eap_viz_map_fit(struct eap_viz_map *m, double lat0, double lon0, double lat1, double lon1,
                     int margin);
/* Zooms by `factor` keeping the point under screen (x, y) where it is. */
void eap_viz_map_zoom_at(struct eap_viz_map *m, double x, double y, double factor);
/* Ground metres per screen pixel at latitude lat (degrees). */
double eap_viz_map_metres_per_px(const struct eap_viz_map *m, double lat);
bool eap_viz_map_contains(const struct eap_viz_map *m, double lat, double lon);
/* Mercator y (radians) of a latitude in degrees, clamped to +-85 degrees. */
double eap_viz_mercator_y(double lat);
/* Places that matter most: those threatened and those where people start. */
bool eap_viz_place_important(const struct eap_scenario *scn, int32_t p);

/* The screen split into a header, the map (with an optional inset of a city-scale cluster
 * of places), a side panel (legend and event log) and the timeline. */
struct eap_viz_layout {
    int w, h;
    struct eap_viz_rect header, map, panel, timeline;
    struct eap_viz_rect track; /* the timeline's time axis */
    eap_time t_end;            /* time at the right end of the track */
    struct eap_viz_map main;
    bool has_inset;
    struct eap_viz_map inset;      /* area: the inset box (below its title bar) */
    struct eap_viz_rect inset_box; /* the whole box, title bar included */
    double inset_lat0, inset_lon0, inset_lat1, inset_lon1; /* what the inset shows */
    int32_t inset_focus;     /* the place the inset is centred on, or EAP_NONE */
    struct eap_viz_rect fan; /* a fan's rows, between the map and the timeline (h 0: none) */
};

/* Smallest window the layout supports (the CLI refuses smaller --size). */
#define EAP_VIZ_MIN_W 640
#define EAP_VIZ_MIN_H 400
#define EAP_VIZ_MAX_SIDE 8192

/* Lays out a w x h screen for the scenario and its trace: the main map fitted to the
 * places in play, and an inset when places that matter would sit on top of each other. */
void eap_viz_layout_compute(struct eap_viz_layout *l, const struct eap_scenario *scn,
                            const struct eap_trace *tr, int w, int h);
/* What a screen is laid out for besides the map: an exercise's inject cards (the side panel
 * is wider, to keep them legible), and the rows of a fan above the timeline. */
struct eap_viz_screen {
    bool cards;
    int fan_rows; /* 0: no fan */
};
#define EAP_VIZ_FAN_ROW 18 /* pixels a row of a fan takes, and its heading */

/* eap_viz_layout_compute for such a screen (NULL: a plain one). */
void eap_viz_layout_screen(struct eap_viz_layout *l, const struct eap_scenario *scn,
                           const struct eap_trace *tr, int w, int h,
                           const struct eap_viz_screen *s);
/* Screen x of time t on the timeline (t is clamped to [0, t_end]), and back. */
double eap_viz_timeline_x(const struct eap_viz_layout *l, eap_time t);
eap_time eap_viz_timeline_time(const struct eap_viz_layout *l, double x);
/* Whether a place is drawn in the inset (and only marked on the main map). */
bool eap_viz_layout_in_inset(const struct eap_viz_layout *l, double lat, double lon);

/* ---- Label placement (pure) ---- */

/* A marker on a map: an icon centred on (x, y) of radius r pixels. */
struct eap_viz_marker {
    float x, y, r;
};

/* How hard the placer tries to show a label. */
enum eap_viz_need {
    EAP_VIZ_CONTEXT, /* beside its marker, or left out (a place nothing refers to) */
    EAP_VIZ_WANTED,  /* beside it, else farther off with a leader, else compact, else left out */
    EAP_VIZ_FORCED,  /* as wanted, but never left out: as a last resort where it covers least */
};

/* A label to put beside its marker. The pure layer knows no fonts: the caller measures the
 * text and gives the label's size. */
struct eap_viz_label {
    float x, y; /* the centre of the label's own marker */
    float r;    /* that marker's radius: the label stays outside it */
    int w, h;   /* the label's size in pixels */
    int cw, ch; /* the size of its compact form (its first lines: the name), or 0 for none */
    int prio;   /* lower is placed first, and so gets the better spot */
    enum eap_viz_need need;
    /* Set by eap_viz_place_labels: */
    bool shown;              /* false: left out (no room, and not forced) */
    bool leader;             /* away from its marker: draw a line from the marker to (lx, ly) */
    bool compact;            /* only its compact form found room: box is cw x ch */
    bool crowded;            /* forced where it covers something: no room anywhere */
    float lx, ly;            /* the leader's end on the box's edge */
    struct eap_viz_rect box; /* where it goes */
};

#define EAP_VIZ_PLACER_MAX 512 /* obstacles and markers a placer holds (more are ignored) */
#define EAP_VIZ_PLACER_LEADERS 64

struct eap_viz_segment {
    float x0, y0, x1, y1;
};

/* What is on one map so far: the clip labels stay inside, what they must not cover (markers,
 * the scale bar, the inset box, placed labels), the markers (a label beside a marker must be
 * nearer to it than to any other, so it reads as its own), and the leader lines drawn (no
 * label goes across one). About 15 KiB; allocates nothing. */
struct eap_viz_placer {
    struct eap_viz_rect clip;
    struct eap_viz_rect taken[EAP_VIZ_PLACER_MAX];
    size_t ntaken;
    struct eap_viz_marker marks[EAP_VIZ_PLACER_MAX];
    size_t nmarks;
    struct eap_viz_segment leaders[EAP_VIZ_PLACER_LEADERS];
    size_t nleaders;
};

/* Starts an empty map whose labels stay inside clip. */
void eap_viz_placer_init(struct eap_viz_placer *p, struct eap_viz_rect clip);
/* Something labels must not cover. */
void eap_viz_placer_take(struct eap_viz_placer *p, struct eap_viz_rect r);
/* A marker: labels keep off its inner square, and beside it only its own label sits. */
void eap_viz_placer_mark(struct eap_viz_placer *p, float x, float y, float r);
/* Whether r lies inside the clip and covers nothing taken and no leader line. O(taken). */
bool eap_viz_placer_free(const struct eap_viz_placer *p, struct eap_viz_rect r);
/* Takes r when it is free (for text with one spot, such as a country's name). */
bool eap_viz_placer_try(struct eap_viz_placer *p, struct eap_viz_rect r);

/* Places labels, most important (lowest prio) first, and within a prio the forced ones, then
 * the wanted ones, then context; ties in the order given. Each goes on the first free spot
 * beside its marker that is nearer to it than to any other marker: right, left, above,
 * below, the corners, then slid along each side, close by and then a little farther. Where
 * none is free, a wanted or forced label goes farther off, up to about 250 pixels, on the
 * nearest free spot whose leader line crosses no label, marker or other leader. Where the
 * whole label finds no room either way, its compact form is tried the same way; a forced
 * label that finds none goes, crowded, where it covers least, and any other is left out.
 * Each placed label and leader is then taken. O(n x ranks + n x spots x taken), spots in the
 * hundreds only for labels that need a leader. */
void eap_viz_place_labels(struct eap_viz_placer *p, struct eap_viz_label *labels, size_t n);

/* ---- An exercise on the map (pure) ---- */

/* The players' view: the state at time t as the post knows it. Places, people and convoys
 * are the post's own and shown as they are; an aircraft or team is shown only once the post
 * has heard of it, as it was when last heard of, not as it is. The post hears of an asset
 * through an inject shown to the players by t that follows an event of that asset (its
 * tasking, its departure, its arrival on station) or a request-chain step that tasked it,
 * and directly from what happens where its people are: an asset arriving at, on station
 * over, leaving or boarding at one of its places (where its parties start or were, or that
 * are attacked), or joining or leaving its convoy. Among what it heard, the latest state
 * wins: the asset is drawn in the state and at the position it was in then, with `reported`
 * the time the post heard of it. shown: the injects shown (an exercise record's), in any
 * order. scratch: a frame of scn for the states heard of. O(trace x (assets + 1) + shown x
 * trace); allocates nothing. */
void eap_viz_state_reported(const struct eap_scenario *scn, const struct eap_trace *tr,
                            const struct eap_exercise_shown *shown, size_t shown_count, eap_time t,
                            struct eap_viz_frame *out, struct eap_viz_frame *scratch);

/* The words of an inject's card. The players' card has the heading, who sends it to whom and
 * how, and the message; the facilitator's adds the expected action, what it tests and the
 * controller's note ("" where the scenario has none). */
struct eap_viz_card {
    char title[96];     /* "INJECT 16 · 23:10 · T+1h28m" */
    char from[400];     /* "From Predator crew to DS Command Center, by radio" */
    char text[1024];    /* the message */
    char expected[600]; /* "Expected action: ..." */
    char tests[600];    /* "Tests: ..." */
    char note[600];     /* "Controller: ..." */
};
void eap_viz_card_of(const struct eap_scenario *scn, const struct eap_exercise_shown *x,
                     bool player, struct eap_viz_card *out);

/* The injects shown by time t, newest first (by the time they fell due; an inject's MSEL
 * order breaks ties, the later number first): indices into shown, the newest max of them.
 * Returns how many it wrote. */
size_t eap_viz_cards_by(const struct eap_exercise_shown *shown, size_t count, eap_time t,
                        size_t *out, size_t max);

/* ---- A fan of runs forked from a moment (pure; runs the engine on threads) ---- */

/* How many runs the window forks (key F). */
#define EAP_VIZ_FAN_RUNS 1000

/* The run shown, to fork from: the record's replay, or replication `replication` of `seed`. */
struct eap_viz_run {
    bool replay;
    uint64_t seed, replication;
};

/* The spread of one outcome over the runs of a fork: when everyone was safe, or when a
 * milestone of the record came about. */
struct eap_viz_band {
    int32_t metric;        /* index into scn->metrics */
    int32_t milestone;     /* index into scn->record, or EAP_NONE for everyone safe */
    eap_time p5, p50, p95; /* times from the start, over the runs where it came about */
    uint64_t came;         /* runs in which it came about (of the fan's runs) */
    bool done;             /* it came about at or before the fork: the same in every run */
};

struct eap_viz_fan {
    eap_time from;              /* the moment the runs were forked from */
    uint64_t runs;              /* runs that completed */
    bool complete;              /* every run asked for ran (false: cancelled) */
    struct eap_viz_band *bands; /* everyone safe first, then the milestones by median time */
    size_t count;
};

/* The fan of a fork's statistics (a batch of scn's metrics run from a history at `from`):
 * the 5th, 50th and 95th percentiles of when everyone was safe and of each milestone of the
 * record. out is initialised here; free with eap_viz_fan_finish() (safe on a zeroed fan).
 * False with err when memory runs out. */
bool eap_viz_fan_of(const struct eap_scenario *scn, const struct eap_batch_stats *st, eap_time from,
                    struct eap_viz_fan *out, struct eap_error *err);
void eap_viz_fan_finish(struct eap_viz_fan *f);

/* The run shown at time t (t past its end: the run as it ended), tracked so that branches
 * resample what is under way: a snapshot to fork from (eap_engine_snapshot). Destroy with
 * eap_engine_destroy(); NULL with err when memory runs out. An exercise's run is
 * eap_exercise_history()'s. */
struct eap_engine *eap_viz_fork_point(const struct eap_scenario *scn, const struct eap_viz_run *run,
                                      eap_time t, struct eap_error *err);

/* What a fork runs: `runs` replications of `seed` (0 .. runs-1) branched from a snapshot
 * (of scn, taken at time `from`), later decisions at their defaults, on `threads`
 * threads. */
struct eap_viz_fork_spec {
    const struct eap_scenario *scn;
    struct eap_engine *snapshot; /* taken over: the fork destroys it */
    uint64_t seed, runs;
    unsigned threads; /* 0: one */
};

/* A fork run on a thread of its own, so that a window stays responsive. */
struct eap_viz_fork;

/* Starts the fork's runs on a worker thread. NULL with err when the thread cannot start or
 * memory runs out (the snapshot is destroyed then too). */
struct eap_viz_fork *eap_viz_fork_start(const struct eap_viz_fork_spec *spec,
                                        struct eap_error *err);
/* Whether the runs are over (finished or cancelled); *done and *total (may be NULL) say how
 * far they got. Never blocks. */
bool eap_viz_fork_poll(struct eap_viz_fork *f, uint64_t *done, uint64_t *total);
/* Asks the runs to stop: no new block of runs starts (eap_batch_spec.interrupt). */
void eap_viz_fork_cancel(struct eap_viz_fork *f);
/* Waits for the runs to end and frees the fork; on success out is the fan of the runs that
 * completed (its `complete` false when cancelled). False with err when the runs failed. */
bool eap_viz_fork_finish(struct eap_viz_fork *f, struct eap_viz_fan *out, struct eap_error *err);
/* The same, start to finish, on the calling thread's behalf (screenshots, tests). */
bool eap_viz_fork_run(const struct eap_viz_fork_spec *spec, struct eap_viz_fan *out,
                      struct eap_error *err);

/* ---- Colours (so tests can look for markers) ---- */

enum eap_viz_color {
    EAP_VIZ_C_QUIET,
    EAP_VIZ_C_SAFE,
    EAP_VIZ_C_THREAT,
    EAP_VIZ_C_BREACH,
    EAP_VIZ_C_EVACUATED,
    EAP_VIZ_C_CONVOY, /* the convoy marker's disc */
    EAP_VIZ_C_ASSET,  /* friendly aircraft and teams (their disc) */
    EAP_VIZ_C_CURSOR, /* the timeline's current-time cursor */
    EAP_VIZ_C_COUNT
};

/* 0xRRGGBB of a palette colour. */
uint32_t eap_viz_color_rgb(enum eap_viz_color c);

/* ---- Drawing (SDL2) ---- */

struct eap_viz;

struct eap_viz_options {
    const char *assets_dir; /* NULL: look it up (eap_viz_find_assets) */
    const char *subtitle;   /* e.g. "replay of the public record", or NULL */
    int width, height;      /* the window's first size; 0: 1280 x 800 */
};

/* Finds the assets directory: $EAP_ASSETS when set (and then only there); else
 * <dir of /proc/self/exe>/../share/eapsim/assets, EAP_DATADIR/assets and
 * EAP_SOURCE_DIR/assets, the first that holds the fonts. On failure err (EAP_EIO) lists
 * every place it looked. */
bool eap_viz_find_assets(char *dir, size_t len, struct eap_error *err);

/* Creates an offscreen renderer of w x h pixels (software, no display needed) for the
 * scenario and trace (both borrowed: they must outlive it). Loads fonts, icons and the map
 * once. Returns NULL with err set (EAP_EIO for a missing asset, naming it; EAP_ENOMEM;
 * EAP_EINTERNAL when SDL fails). Free with eap_viz_destroy(). */
struct eap_viz *eap_viz_create_offscreen(const struct eap_scenario *scn, const struct eap_trace *tr,
                                         int w, int h, const struct eap_viz_options *opt,
                                         struct eap_error *err);
void eap_viz_destroy(struct eap_viz *v);

/* Draws the frame at time t into the offscreen surface. */
void eap_viz_render(struct eap_viz *v, eap_time t);

/* The layout the renderer uses (the default, fitted view for offscreen renderers). */
const struct eap_viz_layout *eap_viz_get_layout(const struct eap_viz *v);

/* Colour of the pixel at (x, y) of the last offscreen frame, as 0xRRGGBB (0 outside). */
uint32_t eap_viz_pixel(const struct eap_viz *v, int x, int y);

/* What the last frame put on one map (EAP_VIZ_MAIN or EAP_VIZ_INSET), in screen pixels: its
 * clip, every label (placed or left out; country names and ring labels too, with r = 0 and
 * their anchor inside them) and every marker. Borrowed; valid until the next frame. False
 * when that map was not drawn (no inset). For tests and tools that check the picture. */
enum eap_viz_which_map { EAP_VIZ_MAIN, EAP_VIZ_INSET };
struct eap_viz_map_items {
    struct eap_viz_rect clip;
    const struct eap_viz_label *labels;
    size_t nlabels;
    const struct eap_viz_marker *markers;
    size_t nmarkers;
};
bool eap_viz_map_items(const struct eap_viz *v, enum eap_viz_which_map which,
                       struct eap_viz_map_items *out);

/* ---- An exercise and a fan in the picture (SDL2) ---- */

/* What an exercise adds to the picture: the injects shown as cards beside the map, the
 * decisions taken as marks on the timeline, and the decision that waits for the room as a
 * prompt over the map with a button per option. The frame at time t shows the cards and
 * choices of the record up to t. */
struct eap_viz_overlay {
    const struct eap_exercise_record *rec; /* borrowed, read at every frame */
    int32_t pending;  /* the decision waiting at `now` (drawn from then on), or EAP_NONE */
    eap_time now;     /* where the session stands */
    double countdown; /* seconds left to decide; < 0: no countdown */
    bool player;      /* the players' view: assets as reported (eap_viz_state_reported), no
                         controllers' words, neither the record's milestones nor the trace's
                         events, which the post does not know */
};

/* Puts an exercise on the picture (copied; rec stays borrowed), or takes it away (NULL). The
 * side panel widens for the cards. False when memory runs out (err says so). */
bool eap_viz_set_overlay(struct eap_viz *v, const struct eap_viz_overlay *o, struct eap_error *err);

/* Shows a fan of forked runs in rows above the timeline (copied), or takes it away (NULL).
 * False when memory runs out. */
bool eap_viz_set_fan(struct eap_viz *v, const struct eap_viz_fan *fan, struct eap_error *err);

/* What the chrome of the last frame put down, in screen pixels, with the words it shows
 * (lines joined by newlines): for tests, and for the window's clicks. */
enum eap_viz_item_kind {
    EAP_VIZ_ITEM_CARD,   /* an inject's card; index: into the record's shown */
    EAP_VIZ_ITEM_PROMPT, /* the decision waiting, its question; index: the decision */
    EAP_VIZ_ITEM_BUTTON, /* one of its options; index: the option */
    EAP_VIZ_ITEM_CHOICE, /* a decision taken, marked on the timeline; index: into choices */
    EAP_VIZ_ITEM_BAND,   /* a band of the fan; index: into the fan's bands */
    EAP_VIZ_ITEM_NOTICE, /* the line over the map (a fork's progress, a message) */
};
struct eap_viz_item {
    enum eap_viz_item_kind kind;
    struct eap_viz_rect box;
    int32_t index;
    char text[1200];
};
/* Borrowed; valid until the next frame. Returns how many. */
size_t eap_viz_items(const struct eap_viz *v, const struct eap_viz_item **items);

/* What the window plays besides the run: forks of the run shown (key F), a session log
 * played back, or a live exercise. */
struct eap_viz_session;
struct eap_viz_play {
    const struct eap_viz_run *run;         /* the run shown, to fork; NULL: not from a run */
    const struct eap_exercise_record *rec; /* a session played back (the trace is its run):
                                              forks follow its choices; or NULL */
    const struct eap_viz_overlay *overlay; /* with rec: how it is shown */
    const struct eap_viz_session *session; /* a live exercise, or NULL */
    unsigned threads;                      /* for forks; 0: one */
};

/* A live exercise in the window. The caller owns the session and answers for it: prepared
 * answers, the session log. The window reads the session (its record, engine, pending
 * decision) and asks the caller to move it. */
struct eap_viz_session {
    struct eap_exercise_session *s;
    bool player;  /* the players' view */
    double speed; /* simulated seconds per second; 0: step (each stop waits for Space);
                     INFINITY: as fast as it goes */
    void *ctx;
    /* Advances the session towards t, answering what the caller answers itself; returns
     * where it stopped (eap_exercise_advance). */
    enum eap_exercise_stop (*advance)(void *ctx, eap_time t, struct eap_error *err);
    /* The room chose `option` of the waiting decision (by the players, or by the countdown
     * running out: then it is the default). */
    bool (*choose)(void *ctx, int32_t option, enum eap_chooser by, struct eap_error *err);
    /* Back to the previous decision (eap_exercise_back). */
    bool (*back)(void *ctx, struct eap_error *err);
    /* A facilitator's observation at the session's now, as typed ("!" first: for the
     * improvement plan). */
    bool (*observe)(void *ctx, const char *text, struct eap_error *err);
};

/* Opens the window on the run from time t, as eap_viz_run_window, with what play adds (NULL:
 * nothing). A live session starts where it stands. */
bool eap_viz_play(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                  const struct eap_viz_options *opt, const struct eap_viz_play *play,
                  struct eap_error *err);

/* Image formats a frame can be written in, chosen by the file's extension. */
enum eap_viz_image { EAP_VIZ_PNG, EAP_VIZ_BMP, EAP_VIZ_JPEG };

/* The extensions this build writes, for messages: ".png, .bmp, .jpg or .jpeg". */
const char *eap_viz_image_extensions(void);

/* The format path's extension asks for (any case): .png, .bmp, .jpg or .jpeg (JPEG where
 * SDL2_image writes it). False with err (EAP_EINPUT) naming the extensions this build
 * writes when path has none or another. Needs no display and renders nothing. */
bool eap_viz_image_format(const char *path, enum eap_viz_image *fmt, struct eap_error *err);

/* Writes the last offscreen frame in the format of path's extension, atomically: to
 * path.tmp, then renamed. On failure nothing is left behind and err says why (EAP_EINPUT
 * for an extension it does not write, EAP_EIO when writing fails). */
bool eap_viz_save_image(struct eap_viz *v, const char *path, struct eap_error *err);

/* Headless screenshot: renders one w x h frame at time t and saves it (see above). An
 * extension it does not write is refused (EAP_EINPUT) before anything is rendered. */
bool eap_viz_screenshot(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                        int w, int h, const char *path, const struct eap_viz_options *opt,
                        struct eap_error *err);

/* Opens a resizable window and plays the run from time t until the user closes it (keys:
 * see docs/visualizer.md or press H). Returns false with err set when no window can be
 * opened or an asset is missing. */
bool eap_viz_run_window(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                        const struct eap_viz_options *opt, struct eap_error *err);

#endif
