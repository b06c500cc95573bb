/*
 * Private to sim/viz: the renderer object and the helpers its files share (assets, text and
 * icon caches, the map raster, drawing primitives). SDL appears here and in the files of sim/viz
 * only.
 */
#ifndef EAPSIM_VIZ_INTERNAL_H
#define EAPSIM_VIZ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

#include "eapsim/viz.h"

/* ---- Palette (0xRRGGBB) beyond the public status colours ---- */
#define VIZ_SEA 0x0d1a27
#define VIZ_LAND 0x243140
#define VIZ_LAND_HOST 0x2e3e50 /* the country the scenario happens in */
#define VIZ_BORDER 0x4a5d70
#define VIZ_GRID 0x132435
#define VIZ_PANEL 0x111a24
#define VIZ_PANEL_EDGE 0x2a3a4c
#define VIZ_TEXT 0xe8eef4
#define VIZ_MUTED 0x8fa1b3
#define VIZ_FAINT 0x5d6f82
#define VIZ_DARK 0x0a121b
#define VIZ_ROUTE 0x7d93a8
#define VIZ_COUNTRY 0x6a7d90
#define VIZ_RING 0x6fa8ff

/* ---- Fonts ---- */
enum viz_font {
    FONT_SMALL, /* 11 px: log times, ticks, captions */
    FONT_BODY,  /* 13 px: log lines, legend */
    FONT_BOLD,  /* 13 px bold: section titles, chips */
    FONT_LABEL, /* 12 px bold: place labels (drawn with a dark halo) */
    FONT_TITLE, /* 16 px bold: scenario name */
    FONT_CLOCK, /* 28 px bold: the local clock */
    /* An exercise's words, read across a room: */
    FONT_CARD,      /* 15 px: an inject's message */
    FONT_CARD_BOLD, /* 14 px bold: a card's heading */
    FONT_BUTTON,    /* 16 px bold: a decision's options */
    FONT_PROMPT,    /* 21 px bold: a decision's question */
    FONT_COUNT
};

/* ---- Icons (assets/icons/<name>.svg); the first entries follow the enum orders ---- */
enum viz_icon {
    ICON_PLACE_FIRST,                                           /* + enum eap_place_kind */
    ICON_ASSET_FIRST = ICON_PLACE_FIRST + EAP_PLACE_KIND_COUNT, /* + enum eap_asset_kind */
    ICON_CONVOY = ICON_ASSET_FIRST + EAP_ASSET_KIND_COUNT,
    ICON_DISC,
    ICON_RING,
    ICON_BURST,
    ICON_FLAME,
    ICON_COUNT
};

/* ---- Caches ---- */
struct viz_text {
    uint64_t hash, last_used;
    char *str;
    int font, wrap;
    uint32_t rgb;
    bool halo;
    SDL_Texture *tex;
    int w, h;
};

#define VIZ_TEXT_CACHE 1024
#define VIZ_DRAWN_LABELS 320 /* the labels of one pass, country names and ring labels too */
#define VIZ_ICON_CACHE 96

struct viz_icon_tex {
    int icon, px;
    SDL_Texture *tex;
};

/* Country outlines from the GeoJSON, as rings of lon/lat points. */
struct viz_ring {
    size_t start, count;
    int country;
    float lat0, lon0, lat1, lon1; /* bounding box */
};

struct viz_country {
    char name[48];
    double label_lat, label_lon; /* centroid of its largest ring */
    size_t largest;              /* that ring */
};

struct viz_geo {
    float *pts; /* lon, lat pairs */
    size_t npts;
    struct viz_ring *rings;
    size_t nrings;
    struct viz_country *countries;
    size_t ncountries;
};

/* The land, borders and graticule of one map view, rasterised once per view. */
struct viz_land {
    SDL_Texture *tex;
    struct eap_viz_map view;
    int w, h;
    bool valid;
};

/* ---- Interaction state (the window changes it; screenshots use the defaults) ---- */
struct viz_ui {
    eap_time t;
    double speed; /* simulated seconds per real second */
    bool paused, help, legend, all_rings, window;
    bool log;     /* an exercise: the event log under the cards (the facilitator's) */
    bool session; /* the window runs a live exercise (its keys differ) */
    double anim;  /* wall-clock seconds for pulses; 0 offscreen, so screenshots are stable */
    double fps;   /* measured, shown in the window; 0: hidden */
    int mouse_x, mouse_y; /* for a button under the pointer; -1: none */
    /* A line over the map: a fork's progress, the observation being typed, a message. */
    char notice[600];
    double progress;     /* 0 to 1: a bar under the notice; < 0: none */
    bool typing;         /* the notice is an observation being typed (a caret follows it) */
    double notice_until; /* anim time the notice goes at; 0: it stays */
};

/* An exercise on the map (eap_viz_set_overlay). */
struct viz_exercise {
    bool on;
    struct eap_viz_overlay o;
    struct eap_viz_frame scratch; /* for the players' view */
};

/* A fan of forked runs (eap_viz_set_fan). */
struct viz_fan {
    bool has, shown;
    struct eap_viz_fan fan;
    int *row; /* per band: its row in the strip, or -1 (no row: done, or no room) */
};

/* What the chrome of the last frame put down (eap_viz_items). */
struct viz_items {
    struct eap_viz_item *items;
    size_t count, cap;
};

/* What one map pass of the last frame put down, for eap_viz_map_items. */
struct viz_drawn {
    bool valid;
    struct eap_viz_rect clip;
    struct eap_viz_label labels[VIZ_DRAWN_LABELS];
    size_t nlabels;
    struct eap_viz_marker marks[EAP_VIZ_PLACER_MAX];
    size_t nmarks;
};

struct eap_viz {
    const struct eap_scenario *scn;
    const struct eap_trace *tr;
    SDL_Renderer *ren;
    SDL_Surface *surface; /* offscreen target, or NULL for a window */
    TTF_Font *fonts[FONT_COUNT], *halo[FONT_COUNT];
    bool ttf;              /* we hold a reference on SDL_ttf */
    char *svg[ICON_COUNT]; /* icon sources, rasterised on demand at the size asked */
    struct viz_icon_tex icons[VIZ_ICON_CACHE];
    size_t icon_count;
    struct viz_text *text; /* VIZ_TEXT_CACHE entries */
    uint64_t frame_no;
    struct viz_geo geo;
    int host_country;
    struct viz_land land_main, land_inset;
    struct eap_viz_layout layout;
    struct eap_viz_frame frame;
    struct viz_ui ui;
    char subtitle[160];
    char assets[4096];
    bool *in_play;             /* places that matter to the run (see mark_in_play in viz.c) */
    bool *place_drawn;         /* scratch of one map pass: which places got a marker */
    struct viz_drawn drawn[2]; /* indexed by enum eap_viz_which_map */
    struct viz_exercise ex;
    struct viz_fan fan;
    struct viz_items items;
    size_t traced; /* trace events mark_in_play has seen (the trace of a session grows) */
};

/* ---- viz.c ---- */
/* Creates the renderer's state around an SDL renderer (window or offscreen). */
struct eap_viz *eap__viz_create(const struct eap_scenario *scn, const struct eap_trace *tr,
                                SDL_Renderer *ren, int w, int h, const struct eap_viz_options *opt,
                                struct eap_error *err);
/* Lays the screen out again for w x h (the default view). */
void eap__viz_relayout(struct eap_viz *v, int w, int h);
/* Draws the whole frame at v->ui.t: the one drawing path for window and screenshot. */
void eap__viz_draw_frame(struct eap_viz *v);

/* ---- files.c ---- */
/* Reads a whole file of 1 to max bytes, NUL-terminated; *len (may be NULL) gets its size.
 * `what` names it in messages ("icon", "map"). NULL with err set on failure. */
char *eap__viz_read_file(const char *path, const char *what, long max, size_t *len,
                         struct eap_error *err);

/* ---- assets.c ---- */
bool eap__viz_load_assets(struct eap_viz *v, const struct eap_viz_options *opt,
                          struct eap_error *err);
void eap__viz_free_assets(struct eap_viz *v);
/* The icon rasterised at px x px (cached), or NULL. */
SDL_Texture *eap__viz_icon(struct eap_viz *v, enum viz_icon icon, int px);

/* ---- text.c ---- */
/* A cached texture of the text (wrap > 0: wrapped to that width); NULL for "". */
const struct viz_text *eap__viz_text(struct eap_viz *v, enum viz_font font, uint32_t rgb,
                                     const char *str, int wrap, bool halo);
/* Draws text with its top-left at (x, y); returns its size in *w, *h (may be NULL). */
void eap__viz_draw_text(struct eap_viz *v, enum viz_font font, uint32_t rgb, const char *str, int x,
                        int y, int *w, int *h);
void eap__viz_text_free(struct eap_viz *v);
/* A name short enough for a map label: without a trailing "(...)" remark. Returns buf. */
const char *eap__viz_short_name(const char *name, char *buf, size_t len);
/* Briefer still, for lists: also cut at " from ", " with " and ", " ("Two F-16s from Aviano"
 * is "Two F-16s"). Returns buf. */
const char *eap__viz_brief_name(const char *name, char *buf, size_t len);
/* A duration as the window writes it: "25 min" under an hour, else "1h11m" (as the event
 * log and the report do). Returns buf. */
const char *eap__viz_duration(eap_time ms, char *buf, size_t len);
/* A local clock time with the day where it is not the first: "23:10", "05:15 +1d". */
const char *eap__viz_clock(const struct eap_viz *v, eap_time t, char *buf, size_t len);
/* Appends text to a label, word-wrapped to max_w pixels and broken at '\n' (one cached
 * texture a line; with a halo unless the label is a chip). */
struct viz_label_req;
void eap__viz_label_text(struct eap_viz *v, struct viz_label_req *q, enum viz_font font,
                         uint32_t rgb, const char *str, int max_w);

/* ---- geo.c ---- */
bool eap__viz_geo_load(struct viz_geo *g, const char *path, struct eap_error *err);
void eap__viz_geo_free(struct viz_geo *g);
/* Index of the country containing the point, or -1. */
int eap__viz_geo_country_at(const struct viz_geo *g, double lat, double lon);
/* The land raster of map m (re-rasterised only when m changed). */
SDL_Texture *eap__viz_land(struct eap_viz *v, struct viz_land *cache, const struct eap_viz_map *m);
void eap__viz_land_free(struct viz_land *cache);

/* ---- draw_prim.c ---- */
/* Records an item of the chrome the frame put down (a card, a button...), for
 * eap_viz_items and the window's clicks. Out of memory: the item is left out. */
void eap__viz_item(struct eap_viz *v, enum eap_viz_item_kind kind, SDL_Rect box, int32_t index,
                   const char *text);
void eap__viz_color(SDL_Renderer *ren, uint32_t rgb, uint8_t alpha);
void eap__viz_fill(SDL_Renderer *ren, SDL_Rect r, uint32_t rgb, uint8_t alpha);
void eap__viz_frame_rect(SDL_Renderer *ren, SDL_Rect r, uint32_t rgb, uint8_t alpha);
/* A line `width` pixels wide (quads through SDL_RenderGeometry). */
void eap__viz_thick_line(SDL_Renderer *ren, float x0, float y0, float x1, float y1, float width,
                         uint32_t rgb, uint8_t alpha);
/* A dashed line: `on` pixels drawn, `off` skipped; `phase` shifts the pattern. */
void eap__viz_dashed_line(SDL_Renderer *ren, float x0, float y0, float x1, float y1, float on,
                          float off, uint32_t rgb, uint8_t alpha);
/* An icon centred on (x, y), tinted, rotated by angle degrees clockwise. */
void eap__viz_icon_at(struct eap_viz *v, enum viz_icon icon, float x, float y, int px, uint32_t rgb,
                      uint8_t alpha, double angle);

/* ---- Map passes: the main map and the inset are drawn by the same code ---- */
#define VIZ_MAX_LABELS 256

/* Label priorities: lower is placed first and so gets the best spot. */
enum viz_label_prio {
    PRIO_DANGER, /* places under attack, breached or burning */
    PRIO_CONVOY,
    PRIO_MOVING,  /* aircraft and teams at work */
    PRIO_PLACE,   /* places where people start, shelter or are, and safe havens */
    PRIO_ROUTE,   /* other places in play: towns on a route */
    PRIO_WAITING, /* tasked assets still at base */
    PRIO_OTHER,   /* places not in play */
};

#define VIZ_LABEL_LINES 8

/* A label's text and look; where it goes is the placer's business. */
struct viz_label_req {
    const struct viz_text *lines[VIZ_LABEL_LINES];
    size_t nlines;
    size_t nname;  /* the first lines, the name: its compact form when room is short */
    float x, y, r; /* its marker: centre and radius */
    enum eap_viz_need need;
    bool chip;
    uint32_t accent;
    enum viz_label_prio prio;
};

struct viz_pass {
    struct eap_viz *v;
    const struct eap_viz_map *m;
    bool inset;
    SDL_Rect clip;                               /* what may be drawn on (labels stay inside) */
    struct eap_viz_placer placer;                /* markers, furniture and labels put down so far */
    struct viz_label_req labels[VIZ_MAX_LABELS]; /* placed once every marker is down */
    struct eap_viz_label place[VIZ_MAX_LABELS];  /* their sizes, then their spots */
    size_t nlabels;
    int stack[64];        /* per place (first 64): waiting asset icons beside it */
    int orbit[64];        /* per place: asset icons on its orbit */
    int stack_convoy[16]; /* per convoy: assets orbiting or escorting it */
    SDL_Rect footprint;   /* main map: where the inset is, or w == 0 */
    uint32_t footprint_rgb;
};

/* ---- pass.c ---- */
/* Starts a pass over map m (the main map or, inset, the inset) with nothing on it yet. */
void eap__viz_pass_init(struct viz_pass *p, struct eap_viz *v, const struct eap_viz_map *m,
                        bool inset);
/* Screen position of a point on this pass's map; false when it falls outside (with a
 * margin of `slack` pixels). */
bool eap__viz_pass_point(const struct viz_pass *p, double lat, double lon, double slack, float *x,
                         float *y);
/* Whether the main map leaves this point to the inset (it is drawn there instead). */
bool eap__viz_pass_defers(const struct viz_pass *p, double lat, double lon);
/* Something labels must keep off (the scale bar, the inset box). */
void eap__viz_pass_take(struct viz_pass *p, SDL_Rect r);
/* Registers a marker of size px centred on (x, y): labels keep off its inner square, and
 * only its own label sits beside it. */
void eap__viz_pass_mark(struct viz_pass *p, float x, float y, int px);
/* Whether the part of r on the map covers nothing put down yet. */
bool eap__viz_pass_clear(const struct viz_pass *p, SDL_Rect r);
/* Draws text centred on (x, y) when that covers nothing (a country's name, a ring's
 * label), and keeps others off it; false when it did not fit there. */
bool eap__viz_pass_text(struct viz_pass *p, const struct viz_text *t, float x, float y);
/* Queues a label (see struct viz_label_req). Labels are placed after every marker, most
 * important first, beside their markers or with a leader line, as hard as `need` says (see
 * eap_viz_place_labels). chip: on a dark box with an accent bar of colour `accent`. */
void eap__viz_label(struct viz_pass *p, const struct viz_label_req *req);
/* Places and draws the queued labels (at the end of a pass, once every marker is down). */
void eap__viz_place_labels(struct viz_pass *p);
/* Width labels wrap at on this pass. */
int eap__viz_label_width(const struct viz_pass *p);

/* ---- draw_map.c ---- */
void eap__viz_draw_maps(struct eap_viz *v);
/* Colour of a place status. */
uint32_t eap__viz_place_rgb(enum eap_viz_place_status s);

/* ---- draw_units.c: what moves (convoys, aircraft, teams) ---- */
void eap__viz_draw_route_events(struct viz_pass *p);
void eap__viz_draw_legs(struct viz_pass *p);
void eap__viz_draw_convoys(struct viz_pass *p);
void eap__viz_draw_assets(struct viz_pass *p);
/* The assets with a place or a convoy, one line a group, for its label: "overhead: A, B",
 * "on scene: C", "ready: D", "on the ground: E", "tasked: F" for a place; "cover: A" and "escort:
 * B" for a convoy. "" when none. */
void eap__viz_cover_line(const struct eap_viz *v, int32_t place, int32_t convoy, char *buf,
                         size_t len);
/* Whether an asset is shown as part of its place's or convoy's label (on station, escorting,
 * ready, on the ground, tasked), rather than with a label of its own (moving). */
bool eap__viz_asset_grouped(const struct eap_viz_asset *o);
/* Flight-hour rings round the bases of busy aircraft; their labels go in at the end of the
 * pass (eap__viz_draw_ring_labels), where they cover nothing. */
void eap__viz_draw_rings(struct viz_pass *p);
void eap__viz_draw_ring_labels(struct viz_pass *p);

/* ---- draw_exercise.c: an exercise's cards, prompt, marks and notices ---- */
/* The inject cards shown by the frame's time, newest first, in the panel from y down to
 * bottom. Returns the y below the last one drawn. */
int eap__viz_draw_cards(struct eap_viz *v, int y, int bottom);
/* The decision waiting for the room, over the map, with a button per option. */
void eap__viz_draw_decision(struct eap_viz *v);
/* The decisions taken by the frame's time as marks over the timeline's track, their labels
 * placed first (taken: the x ranges of labels placed, as draw_ui's milestones keep them). */
void eap__viz_draw_choice_marks(struct eap_viz *v, int taken[][2], size_t *ntaken, size_t max);
/* The line over the map (a fork's progress, an observation being typed, a message), and in
 * a log played back, the decision just taken. */
void eap__viz_draw_notices(struct eap_viz *v);

/* ---- draw_fan.c ---- */
/* Puts the fan's bands in rows on the current layout's time axis (v->fan.row), bands that
 * do not meet sharing one; returns how many rows it takes (its heading aside). */
int eap__viz_fan_pack(struct eap_viz *v);
/* The fan's bands in their strip above the timeline. */
void eap__viz_draw_fan(struct eap_viz *v);

/* ---- draw_ui.c ---- */
void eap__viz_draw_header(struct eap_viz *v);
void eap__viz_draw_panel(struct eap_viz *v);
void eap__viz_draw_timeline(struct eap_viz *v);
void eap__viz_draw_help(struct eap_viz *v);

/* ---- live.c: a live exercise in the window ---- */
struct viz_live {
    const struct eap_viz_session *sess;
    double deadline; /* anim time the waiting decision's countdown runs out (INFINITY: none) */
    int32_t asked;   /* the decision that deadline is for, or EAP_NONE */
    bool skip;       /* run on to the next inject or decision at once */
    bool ended, failed;
    char typed[512]; /* the observation being typed */
    bool drop_key;   /* the text of the N that started the typing is still to come */
};
/* Shows the session where it stands. */
void eap__viz_live_start(struct eap_viz *v, struct viz_live *x, const struct eap_viz_session *s);
/* Moves the session on by dt seconds of the window's clock at its pace (the clock stands at
 * a decision, while paused and while an observation is typed), takes the default when a
 * countdown runs out, and puts where it stands in the picture. */
void eap__viz_live_tick(struct eap_viz *v, struct viz_live *x, double dt);
/* A key, text typed, a click at (x, y): true when the session took it. */
bool eap__viz_live_key(struct eap_viz *v, struct viz_live *x, SDL_Keycode k);
void eap__viz_live_text(struct eap_viz *v, struct viz_live *x, const char *utf8);
bool eap__viz_live_click(struct eap_viz *v, struct viz_live *x, int px, int py);
/* A message over the map for `seconds` (0: until replaced). */
void eap__viz_say(struct eap_viz *v, double seconds, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
