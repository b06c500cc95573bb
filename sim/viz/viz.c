/*
 * The renderer object and the one frame-drawing path that serves both the window and the
 * headless screenshot: an offscreen renderer is SDL's software renderer on an
 * SDL_Surface, which needs no video driver, no display and no SDL_Init.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz_internal.h"

/* ---- Creating and destroying ---- */

static void subtitle_of(struct eap_viz *v, const struct eap_viz_options *opt)
{
    char start[64];
    eap_clock_format_start(&v->scn->clock, start, sizeof(start));
    snprintf(v->subtitle, sizeof(v->subtitle), "%s%sstarts %s",
             opt && opt->subtitle ? opt->subtitle : "", opt && opt->subtitle ? " · " : "", start);
}

static void mark(bool *in, int32_t p, size_t n)
{
    if (p >= 0 && (size_t)p < n) {
        in[p] = true;
    }
}

/* Places in play get full-size markers and labels that always show: those of threats,
 * parties and routes, and any place the trace names. The rest (a base nothing flew from)
 * are drawn small and labelled only where there is room. */
static void mark_in_play(struct eap_viz *v)
{
    const struct eap_scenario *scn = v->scn;
    size_t n = scn->place_count;
    memset(v->in_play, 0, n * sizeof(*v->in_play));
    for (size_t i = 0; i < scn->threat_count; i++) {
        mark(v->in_play, scn->threats[i].place, n);
    }
    for (size_t i = 0; i < scn->party_count; i++) {
        mark(v->in_play, scn->parties[i].at, n);
    }
    for (size_t r = 0; r < scn->route_count; r++) {
        for (size_t s = 0; s < scn->routes[r].segment_count; s++) {
            mark(v->in_play, scn->routes[r].segments[s].from, n);
            mark(v->in_play, scn->routes[r].segments[s].to, n);
        }
    }
    for (size_t i = 0; i < v->tr->count; i++) {
        mark(v->in_play, v->tr->events[i].place, n);
    }
}

/* The timeline reaches as far as the fan's bands: a run played to its end can have forks
 * that end later. */
static void fan_axis(struct eap_viz *v)
{
    for (size_t b = 0; b < v->fan.fan.count; b++) {
        const struct eap_viz_band *band = &v->fan.fan.bands[b];
        if (band->came > 0 && band->p95 > v->layout.t_end) {
            v->layout.t_end = band->p95;
        }
    }
}

void eap__viz_relayout(struct eap_viz *v, int w, int h)
{
    struct eap_viz_screen s = {v->ex.on, 0};
    eap_viz_layout_screen(&v->layout, v->scn, v->tr, w, h, &s);
    if (v->fan.has && v->fan.shown) {
        /* The rows follow from where the bands fall on this width's time axis. */
        fan_axis(v);
        s.fan_rows = eap__viz_fan_pack(v);
        eap_viz_layout_screen(&v->layout, v->scn, v->tr, w, h, &s);
        fan_axis(v);
    }
    v->traced = v->tr->count;
}

/* The country the scenario happens in, drawn a shade lighter. */
static int host_country(const struct eap_viz *v)
{
    int32_t f = v->layout.inset_focus;
    if (f < 0 && v->scn->place_count > 0) {
        f = 0;
    }
    return f >= 0 ? eap__viz_geo_country_at(&v->geo, v->scn->places[f].lat, v->scn->places[f].lon)
                  : -1;
}

struct eap_viz *eap__viz_create(const struct eap_scenario *scn, const struct eap_trace *tr,
                                SDL_Renderer *ren, int w, int h, const struct eap_viz_options *opt,
                                struct eap_error *err)
{
    struct eap_viz *v = calloc(1, sizeof(*v));
    if (!v) {
        eap_error_set(err, EAP_ENOMEM, "out of memory");
        return NULL;
    }
    v->scn = scn;
    v->tr = tr;
    v->ren = ren;
    v->text = calloc(VIZ_TEXT_CACHE, sizeof(*v->text));
    v->in_play = calloc(scn->place_count + 1, sizeof(*v->in_play));
    v->place_drawn = calloc(scn->place_count + 1, sizeof(*v->place_drawn));
    if (!v->text || !v->in_play || !v->place_drawn || !eap_viz_frame_init(&v->frame, scn)) {
        eap_error_set(err, EAP_ENOMEM, "out of memory");
        eap_viz_destroy(v);
        return NULL;
    }
    if (!eap__viz_load_assets(v, opt, err)) {
        eap_viz_destroy(v);
        return NULL;
    }
    mark_in_play(v); /* depends on the scenario and trace only, not on the layout */
    eap__viz_relayout(v, w, h);
    v->host_country = host_country(v);
    v->ui.speed = 60;
    v->ui.legend = true;
    v->ui.paused = true;
    v->ui.mouse_x = v->ui.mouse_y = -1;
    v->ui.progress = -1;
    subtitle_of(v, opt);
    return v;
}

void eap_viz_destroy(struct eap_viz *v)
{
    if (!v) {
        return;
    }
    eap__viz_land_free(&v->land_main);
    eap__viz_land_free(&v->land_inset);
    eap__viz_text_free(v);
    eap__viz_free_assets(v);
    eap_viz_frame_finish(&v->frame);
    eap_viz_frame_finish(&v->ex.scratch);
    eap_viz_fan_finish(&v->fan.fan);
    free(v->fan.row);
    free(v->items.items);
    free(v->in_play);
    free(v->place_drawn);
    if (v->surface) {
        /* Offscreen: we made the renderer and its surface too. */
        SDL_DestroyRenderer(v->ren);
        SDL_FreeSurface(v->surface);
    }
    free(v);
}

/* ---- Drawing ---- */

/* A session's trace grows as it runs (and shrinks when it goes back): what is in play and
 * where the timeline ends follow it. */
static void follow_trace(struct eap_viz *v)
{
    if (v->tr->count != v->traced) {
        mark_in_play(v);
        v->traced = v->tr->count;
    }
    if (v->ex.on && v->ex.o.now > v->layout.t_end) {
        v->layout.t_end = v->ex.o.now;
    }
}

static void state_now(struct eap_viz *v)
{
    const struct eap_exercise_record *rec = v->ex.o.rec;
    if (v->ex.on && v->ex.o.player && rec) {
        eap_viz_state_reported(v->scn, v->tr, rec->shown, rec->shown_count, v->ui.t, &v->frame,
                               &v->ex.scratch);
    } else {
        eap_viz_state_at(v->scn, v->tr, v->ui.t, &v->frame);
    }
}

void eap__viz_say(struct eap_viz *v, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->ui.notice, sizeof(v->ui.notice), fmt, ap);
    va_end(ap);
    v->ui.notice_until = seconds > 0 ? v->ui.anim + seconds : 0;
    v->ui.progress = -1;
    v->ui.typing = false;
}

void eap__viz_draw_frame(struct eap_viz *v)
{
    v->frame_no++;
    v->items.count = 0;
    if (v->ui.notice_until > 0 && v->ui.anim >= v->ui.notice_until) {
        v->ui.notice[0] = '\0';
        v->ui.notice_until = 0;
    }
    follow_trace(v);
    state_now(v);
    /* No clear: the maps and the panels cover every pixel with opaque paint. */
    eap__viz_draw_maps(v);
    eap__viz_draw_header(v);
    eap__viz_draw_panel(v);
    eap__viz_draw_timeline(v);
    if (v->fan.has && v->fan.shown) {
        eap__viz_draw_fan(v);
    }
    if (v->ex.on) {
        eap__viz_draw_decision(v);
    }
    eap__viz_draw_notices(v);
    if (v->ui.help) {
        eap__viz_draw_help(v);
    }
}

/* ---- An exercise and a fan ---- */

static void relayout_same_size(struct eap_viz *v)
{
    eap__viz_relayout(v, v->layout.w, v->layout.h);
}

bool eap_viz_set_overlay(struct eap_viz *v, const struct eap_viz_overlay *o, struct eap_error *err)
{
    if (o && !v->ex.scratch.places && !eap_viz_frame_init(&v->ex.scratch, v->scn)) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory");
    }
    bool was = v->ex.on, was_player = v->ex.o.player;
    v->ex.on = o != NULL;
    if (o) {
        v->ex.o = *o;
    }
    if (was != v->ex.on || (o && was_player != o->player)) {
        v->ui.log = v->ex.on && !o->player; /* the trace is the facilitator's, not the post's */
    }
    if (was != v->ex.on) {
        v->ui.legend = !v->ex.on; /* the panel is the cards' */
        relayout_same_size(v);
    }
    return true;
}

bool eap_viz_set_fan(struct eap_viz *v, const struct eap_viz_fan *fan, struct eap_error *err)
{
    eap_viz_fan_finish(&v->fan.fan);
    free(v->fan.row);
    v->fan.row = NULL;
    v->fan.has = false;
    if (fan) {
        v->fan.fan = *fan;
        v->fan.fan.bands = calloc(fan->count + 1, sizeof(*fan->bands));
        v->fan.row = calloc(fan->count + 1, sizeof(*v->fan.row));
        if (!v->fan.fan.bands || !v->fan.row) {
            eap_viz_fan_finish(&v->fan.fan);
            free(v->fan.row);
            v->fan.row = NULL;
            relayout_same_size(v);
            return eap_error_set(err, EAP_ENOMEM, "out of memory");
        }
        memcpy(v->fan.fan.bands, fan->bands, fan->count * sizeof(*fan->bands));
        v->fan.has = v->fan.shown = true;
    }
    relayout_same_size(v);
    return true;
}

size_t eap_viz_items(const struct eap_viz *v, const struct eap_viz_item **items)
{
    *items = v->items.items;
    return v->items.count;
}

/* ---- Offscreen ---- */

struct eap_viz *eap_viz_create_offscreen(const struct eap_scenario *scn, const struct eap_trace *tr,
                                         int w, int h, const struct eap_viz_options *opt,
                                         struct eap_error *err)
{
    if (w < EAP_VIZ_MIN_W || h < EAP_VIZ_MIN_H || w > EAP_VIZ_MAX_SIDE || h > EAP_VIZ_MAX_SIDE) {
        eap_error_set(err, EAP_EINPUT, "image size %dx%d out of range (%dx%d to %dx%d)", w, h,
                      EAP_VIZ_MIN_W, EAP_VIZ_MIN_H, EAP_VIZ_MAX_SIDE, EAP_VIZ_MAX_SIDE);
        return NULL;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (!ren) {
        eap_error_set(err, EAP_EINTERNAL, "cannot create a %dx%d software renderer: %s", w, h,
                      SDL_GetError());
        SDL_FreeSurface(s);
        return NULL;
    }
    struct eap_viz *v = eap__viz_create(scn, tr, ren, w, h, opt, err);
    if (!v) {
        SDL_DestroyRenderer(ren);
        SDL_FreeSurface(s);
        return NULL;
    }
    v->surface = s;
    return v;
}

void eap_viz_render(struct eap_viz *v, eap_time t)
{
    v->ui.t = t;
    eap__viz_draw_frame(v);
    SDL_RenderPresent(v->ren);
}

const struct eap_viz_layout *eap_viz_get_layout(const struct eap_viz *v)
{
    return &v->layout;
}

uint32_t eap_viz_pixel(const struct eap_viz *v, int x, int y)
{
    const SDL_Surface *s = v->surface;
    if (!s || x < 0 || y < 0 || x >= s->w || y >= s->h) {
        return 0;
    }
    const uint8_t *row = (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
    uint32_t argb;
    memcpy(&argb, row + (size_t)x * 4, sizeof(argb));
    return argb & 0xffffff;
}

bool eap_viz_screenshot(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                        int w, int h, const char *path, const struct eap_viz_options *opt,
                        struct eap_error *err)
{
    enum eap_viz_image fmt;
    if (!eap_viz_image_format(path, &fmt, err)) {
        return false;
    }
    struct eap_viz *v = eap_viz_create_offscreen(scn, tr, w, h, opt, err);
    if (!v) {
        return false;
    }
    eap_viz_render(v, t);
    bool ok = eap_viz_save_image(v, path, err);
    eap_viz_destroy(v);
    return ok;
}

bool eap_viz_map_items(const struct eap_viz *v, enum eap_viz_which_map which,
                       struct eap_viz_map_items *out)
{
    const struct viz_drawn *d = &v->drawn[which == EAP_VIZ_INSET];
    *out = (struct eap_viz_map_items){d->clip, d->labels, d->nlabels, d->marks, d->nmarks};
    return d->valid;
}
