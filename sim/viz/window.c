/*
 * The interactive window: SDL events change the UI state only (time, speed, view), then
 * the frame is computed from the trace and drawn by the same code as a screenshot. The
 * loop follows "Fix Your Timestep!": real time elapsed (clamped) times the speed advances
 * the simulated clock; vsync, or a delay when there is none, paces it. A live exercise moves
 * its session instead (live.c). F forks runs from the moment shown on a worker thread
 * (fan.c), whose progress the window shows while it stays responsive.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "viz_internal.h"

static const double speeds[] = {1, 10, 30, 60, 120, 300, 600, 1800, 3600};
#define NSPEEDS (sizeof(speeds) / sizeof(speeds[0]))
#define MAX_DT 0.25 /* seconds: a stall (drag, debugger) never jumps the clock far */

struct window {
    struct eap_viz *v;
    SDL_Window *win;
    eap_time end;
    bool quit, vsync;
    enum { DRAG_NONE, DRAG_MAP, DRAG_INSET, DRAG_TIMELINE } drag;
    int drag_x, drag_y;
    const struct eap_viz_play *play; /* what the window plays besides the run, or NULL */
    bool live;                       /* a live exercise: play->session */
    struct viz_live session;
    struct eap_viz_fork *fork; /* runs forked from fork_at, under way; or NULL */
    eap_time fork_at;
    unsigned threads;
};

static bool in_rect(struct eap_viz_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static void seek(struct window *w, eap_time t)
{
    w->v->ui.t = t < 0 ? 0 : t > w->end ? w->end : t;
}

static void change_speed(struct viz_ui *ui, int dir)
{
    size_t i = 0;
    while (i + 1 < NSPEEDS && speeds[i] < ui->speed) {
        i++;
    }
    if (dir > 0 && speeds[i] <= ui->speed && i + 1 < NSPEEDS) {
        i++;
    } else if (dir < 0 && i > 0) {
        i--;
    }
    ui->speed = speeds[i];
}

static void toggle_fullscreen(struct window *w)
{
    Uint32 flags = SDL_GetWindowFlags(w->win);
    SDL_SetWindowFullscreen(
        w->win, flags & SDL_WINDOW_FULLSCREEN_DESKTOP ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
}

static void reset_view(struct window *w)
{
    int ww, hh;
    SDL_GetRendererOutputSize(w->v->ren, &ww, &hh);
    eap__viz_relayout(w->v, ww, hh);
}

/* ---- Forks ---- */

/* The run shown at time t, as a snapshot to fork, and the seed of its branches. */
static struct eap_engine *fork_point(const struct window *w, eap_time t, uint64_t *seed,
                                     struct eap_error *err)
{
    const struct eap_viz_play *p = w->play;
    const struct eap_exercise_record *rec = w->live ? eap_exercise_session_record(p->session->s)
                                            : p     ? p->rec
                                                    : NULL;
    if (rec) {
        *seed = rec->seed;
        return eap_exercise_history(rec, t, err);
    }
    if (p && p->run) {
        *seed = p->run->seed;
        return eap_viz_fork_point(w->v->scn, p->run, t, err);
    }
    eap_error_set(err, EAP_EINPUT, "this window does not know how its run was made");
    return NULL;
}

static void start_fork(struct window *w)
{
    struct eap_viz *v = w->v;
    if (w->fork) {
        eap__viz_say(v, 3, "The runs are still under way (Esc cancels them)");
        return;
    }
    if (v->ex.on && v->ex.o.player) {
        eap__viz_say(v, 4,
                     "Forks are for the facilitator's view: they show what the post cannot "
                     "know");
        return;
    }
    struct eap_error err;
    eap_error_clear(&err);
    uint64_t seed = 1;
    struct eap_viz_fork_spec spec = {v->scn, fork_point(w, v->ui.t, &seed, &err), 0,
                                     EAP_VIZ_FAN_RUNS, w->threads};
    spec.seed = seed;
    w->fork = spec.snapshot ? eap_viz_fork_start(&spec, &err) : NULL;
    if (!w->fork) {
        eap__viz_say(v, 5, "Cannot fork: %s", err.msg);
        return;
    }
    w->fork_at = v->ui.t;
}

/* Shows how far the runs got; once they are over, their fan. */
static void poll_fork(struct window *w)
{
    struct eap_viz *v = w->v;
    uint64_t done, total;
    if (!w->fork) {
        return;
    }
    bool over = eap_viz_fork_poll(w->fork, &done, &total);
    char clock[32];
    if (!v->ui.typing) { /* the observation being typed keeps the line */
        eap__viz_say(v, 0, "Forking %llu runs from %s: %llu done · Esc cancels",
                     (unsigned long long)total, eap__viz_clock(v, w->fork_at, clock, sizeof(clock)),
                     (unsigned long long)done);
        v->ui.progress = total ? (double)done / (double)total : 0;
    }
    if (!over) {
        return;
    }
    struct eap_viz_fan fan;
    struct eap_error err;
    eap_error_clear(&err);
    bool ok = eap_viz_fork_finish(w->fork, &fan, &err);
    w->fork = NULL;
    ok = ok && fan.runs > 0 && eap_viz_set_fan(v, &fan, &err);
    if (ok && !v->ui.typing) {
        v->ui.notice[0] = '\0';
        v->ui.progress = -1;
    } else if (!ok) {
        eap__viz_say(v, 5, "%s", err.msg[0] ? err.msg : "The fork was cancelled");
    }
    eap_viz_fan_finish(&fan);
}

static bool cancel_fork(struct window *w)
{
    if (!w->fork) {
        return false;
    }
    eap_viz_fork_cancel(w->fork);
    return true;
}

static void toggle_fan(struct window *w)
{
    struct eap_viz *v = w->v;
    if (!v->fan.has) {
        eap__viz_say(v, 3, "No fan yet: F forks runs from the moment shown");
        return;
    }
    v->fan.shown = !v->fan.shown;
    int ww, hh;
    SDL_GetRendererOutputSize(v->ren, &ww, &hh);
    eap__viz_relayout(v, ww, hh);
}

/* ---- Keys ---- */

/* Keys that move through time or change the speed; false when k is not one of them. */
static bool time_key(struct window *w, SDL_Keycode k)
{
    struct viz_ui *ui = &w->v->ui;
    if (k >= SDLK_1 && k <= SDLK_9) {
        ui->speed = speeds[k - SDLK_1];
        return true;
    }
    switch (k) {
    case SDLK_SPACE:
        if (ui->t >= w->end && ui->paused) {
            ui->t = 0; /* at the end, play means play again */
        }
        ui->paused = !ui->paused;
        return true;
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS:
        change_speed(ui, +1);
        return true;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        change_speed(ui, -1);
        return true;
    case SDLK_RIGHT:
    case SDLK_LEFT:
        ui->paused = true; /* stepping is for looking closely */
        seek(w, k == SDLK_RIGHT ? eap_viz_next_event_time(w->v->tr, ui->t)
                                : eap_viz_prev_event_time(w->v->tr, ui->t));
        return true;
    case SDLK_HOME:
    case SDLK_END:
        seek(w, k == SDLK_HOME ? 0 : w->end);
        return true;
    case SDLK_r:
        seek(w, 0);
        ui->paused = false;
        return true;
    default:
        return false;
    }
}

/* A live session's speed keys: + and -, and 1-9 between decisions (live.c takes them at
 * one). */
static bool time_key_live(struct window *w, SDL_Keycode k)
{
    struct viz_ui *ui = &w->v->ui;
    bool speed = k == SDLK_PLUS || k == SDLK_EQUALS || k == SDLK_KP_PLUS || k == SDLK_MINUS ||
                 k == SDLK_KP_MINUS || (k >= SDLK_1 && k <= SDLK_9);
    if (speed && isinf(ui->speed)) {
        ui->speed = speeds[NSPEEDS - 1];
    }
    return speed && time_key(w, k);
}

/* Keys that change what is shown, or quit. */
static void view_key(struct window *w, SDL_Keycode k)
{
    struct viz_ui *ui = &w->v->ui;
    switch (k) {
    case SDLK_F11:
        toggle_fullscreen(w);
        break;
    case SDLK_f:
        start_fork(w);
        break;
    case SDLK_v:
        toggle_fan(w);
        break;
    case SDLK_e:
        ui->log = w->v->ex.on && !w->v->ex.o.player && !ui->log;
        break;
    case SDLK_h:
    case SDLK_F1:
        ui->help = !ui->help;
        break;
    case SDLK_l:
        ui->legend = !ui->legend;
        break;
    case SDLK_g:
        ui->all_rings = !ui->all_rings;
        break;
    case SDLK_0:
        reset_view(w);
        break;
    case SDLK_ESCAPE:
        w->quit = !ui->help && !cancel_fork(w);
        ui->help = false;
        break;
    case SDLK_q:
        w->quit = true;
        break;
    default:
        break;
    }
}

static void on_key(struct window *w, SDL_Keycode k)
{
    if (w->live && (w->v->ui.typing || k != SDLK_ESCAPE) &&
        eap__viz_live_key(w->v, &w->session, k)) {
        return;
    }
    if (!w->live && time_key(w, k)) {
        return;
    }
    if (w->live && time_key_live(w, k)) {
        return;
    }
    view_key(w, k);
}

static void on_wheel(struct window *w, const SDL_MouseWheelEvent *e)
{
    int x, y;
    SDL_GetMouseState(&x, &y);
    struct eap_viz_layout *l = &w->v->layout;
    double f = pow(1.25, e->preciseY != 0 ? e->preciseY : e->y);
    if (l->has_inset && in_rect(l->inset.area, x, y)) {
        eap_viz_map_zoom_at(&l->inset, x, y, f);
    } else if (in_rect(l->map, x, y)) {
        eap_viz_map_zoom_at(&l->main, x, y, f);
    }
}

static void on_press(struct window *w, int x, int y)
{
    const struct eap_viz_layout *l = &w->v->layout;
    w->drag_x = x;
    w->drag_y = y;
    if (w->live && eap__viz_live_click(w->v, &w->session, x, y)) {
        return;
    }
    if (in_rect(l->timeline, x, y)) {
        w->drag = DRAG_TIMELINE;
        seek(w, eap_viz_timeline_time(l, x));
    } else if (l->has_inset && in_rect(l->inset.area, x, y)) {
        w->drag = DRAG_INSET;
    } else if (in_rect(l->map, x, y)) {
        w->drag = DRAG_MAP;
    }
}

static void on_motion(struct window *w, int x, int y)
{
    struct eap_viz_layout *l = &w->v->layout;
    struct eap_viz_map *m = w->drag == DRAG_INSET ? &l->inset : &l->main;
    if (w->drag == DRAG_TIMELINE) {
        seek(w, eap_viz_timeline_time(l, x));
    } else if (w->drag == DRAG_MAP || w->drag == DRAG_INSET) {
        m->cx -= (x - w->drag_x) / m->scale;
        m->cy += (y - w->drag_y) / m->scale;
    }
    w->drag_x = x;
    w->drag_y = y;
}

static void poll_input(struct window *w)
{
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        switch (e.type) {
        case SDL_QUIT:
            w->quit = true;
            break;
        case SDL_KEYDOWN:
            on_key(w, e.key.keysym.sym);
            break;
        case SDL_MOUSEWHEEL:
            on_wheel(w, &e.wheel);
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (e.button.button == SDL_BUTTON_LEFT) {
                on_press(w, e.button.x, e.button.y);
            }
            break;
        case SDL_MOUSEBUTTONUP:
            w->drag = DRAG_NONE;
            break;
        case SDL_MOUSEMOTION:
            w->v->ui.mouse_x = e.motion.x;
            w->v->ui.mouse_y = e.motion.y;
            on_motion(w, e.motion.x, e.motion.y);
            break;
        case SDL_TEXTINPUT:
            if (w->live) {
                eap__viz_live_text(w->v, &w->session, e.text.text);
            }
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                reset_view(w);
            }
            break;
        default:
            break;
        }
    }
}

static double seconds_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

static void advance(struct window *w, double dt)
{
    struct viz_ui *ui = &w->v->ui;
    ui->anim += dt;
    poll_fork(w);
    if (w->live) {
        eap__viz_live_tick(w->v, &w->session, dt);
        return;
    }
    if (!ui->paused) {
        seek(w, ui->t + (eap_time)llround(dt * ui->speed * 1000.0));
        ui->paused = ui->t >= w->end;
    }
}

static void loop(struct window *w)
{
    double last = seconds_now(), fps_t0 = last;
    int frames = 0;
    while (!w->quit) {
        poll_input(w);
        double now = seconds_now();
        double dt = fmin(now - last, MAX_DT);
        last = now;
        advance(w, dt);
        eap__viz_draw_frame(w->v);
        SDL_RenderPresent(w->v->ren);
        frames++;
        if (now - fps_t0 >= 1.0) {
            w->v->ui.fps = frames / (now - fps_t0);
            fps_t0 = now;
            frames = 0;
        }
        if (!w->vsync) {
            /* No vsync (software renderer): about 60 frames a second, not a busy loop. */
            double spare = 1.0 / 60 - (seconds_now() - now);
            if (spare > 0.001) {
                SDL_Delay((Uint32)(spare * 1000));
            }
        }
    }
}

/* SDL's software renderer unless SDL_RENDER_DRIVER names another: it draws exactly what a
 * screenshot shows, needs no GPU driver, and keeps well above 60 frames a second at
 * 1280x800 (tests/bench_viz.c). Its window surface is a plain X11/Wayland framebuffer:
 * SDL would otherwise push it through an OpenGL texture, which on machines without a GPU
 * (Mesa llvmpipe) costs more than drawing the frame. */
static SDL_Renderer *make_renderer(SDL_Window *win, bool *vsync)
{
    SDL_Renderer *ren = NULL;
    const char *driver = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (driver && driver[0]) {
        ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_PRESENTVSYNC);
    }
    *vsync = ren != NULL;
    if (!ren) {
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
        ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    }
    return ren;
}

/* Opens the window and its renderer; false with err when no window can be opened. */
static bool open_window(struct window *w, const struct eap_scenario *scn, int ww, int wh,
                        struct eap_error *err)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        return eap_error_set(err, EAP_EIO,
                             "cannot open a window: %s (no display? try --screenshot FILE.png)",
                             SDL_GetError());
    }
    char title[256];
    snprintf(title, sizeof(title), "eapsim view: %s", scn->name ? scn->name : scn->id);
    w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh,
                              SDL_WINDOW_RESIZABLE);
    SDL_Renderer *ren = w->win ? make_renderer(w->win, &w->vsync) : NULL;
    if (!ren) {
        return eap_error_set(err, EAP_EIO, "cannot open a window: %s", SDL_GetError());
    }
    SDL_SetWindowMinimumSize(w->win, EAP_VIZ_MIN_W, EAP_VIZ_MIN_H);
    SDL_StartTextInput(); /* text is taken only while an observation is typed (live.c) */
    return true;
}

/* What play adds to the picture before the first frame. */
static bool start_play(struct window *w, const struct eap_viz_play *play, struct eap_error *err)
{
    w->play = play;
    w->threads = play && play->threads ? play->threads : 1;
    if (play && play->session) {
        w->live = true;
        eap__viz_live_start(w->v, &w->session, play->session);
        return !w->v->ex.on ? eap_error_set(err, EAP_ENOMEM, "out of memory") : true;
    }
    return !(play && play->overlay) || eap_viz_set_overlay(w->v, play->overlay, err);
}

bool eap_viz_play(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                  const struct eap_viz_options *opt, const struct eap_viz_play *play,
                  struct eap_error *err)
{
    struct window w = {0};
    int ww = opt && opt->width > 0 ? opt->width : 1280,
        wh = opt && opt->height > 0 ? opt->height : 800;
    bool ok = open_window(&w, scn, ww, wh, err);
    SDL_Renderer *ren = w.win ? SDL_GetRenderer(w.win) : NULL;
    ok = ok && (w.v = eap__viz_create(scn, tr, ren, ww, wh, opt, err)) != NULL;
    if (ok) {
        w.v->ui.window = true;
        w.v->ui.paused = false;
        ok = start_play(&w, play, err);
    }
    if (ok) {
        reset_view(&w);
        w.end = w.v->layout.t_end;
        if (!w.live) {
            seek(&w, t);
        }
        loop(&w);
    }
    if (w.fork) {
        struct eap_viz_fan fan;
        struct eap_error ignored;
        eap_viz_fork_cancel(w.fork);
        if (eap_viz_fork_finish(w.fork, &fan, &ignored)) {
            eap_viz_fan_finish(&fan);
        }
    }
    eap_viz_destroy(w.v);
    if (ren) {
        SDL_DestroyRenderer(ren);
    }
    if (w.win) {
        SDL_DestroyWindow(w.win);
    }
    SDL_Quit();
    return ok;
}

bool eap_viz_run_window(const struct eap_scenario *scn, const struct eap_trace *tr, eap_time t,
                        const struct eap_viz_options *opt, struct eap_error *err)
{
    return eap_viz_play(scn, tr, t, opt, NULL, err);
}
