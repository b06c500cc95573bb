/*
 * A live exercise in the window: the session's clock follows the window's at the pace, the
 * injects come up as cards as they fall due, and a decision stops the clock and waits for a
 * key (1-9) or a click on its button, or for its countdown to run out. B goes back to the
 * previous decision, N types an observation, Space or P pauses, S or the right arrow runs on
 * to the next stop. The caller owns the session: it answers what it can itself (prepared
 * answers) and keeps the log (struct eap_viz_session).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "viz_internal.h"

/* The key that takes option k (0-based) at a decision, and back. */
static int option_of_key(SDL_Keycode k)
{
    if (k >= SDLK_1 && k <= SDLK_9) {
        return (int)(k - SDLK_1);
    }
    if (k >= SDLK_KP_1 && k <= SDLK_KP_9) {
        return (int)(k - SDLK_KP_1);
    }
    return -1;
}

static int32_t waiting(const struct viz_live *x)
{
    return eap_exercise_pending(x->sess->s);
}

/* Puts the session as it stands into the picture. */
static void show(struct eap_viz *v, struct viz_live *x)
{
    const struct eap_exercise_session *s = x->sess->s;
    int32_t d = waiting(x);
    double left = d >= 0 && isfinite(x->deadline) ? fmax(0, x->deadline - v->ui.anim) : -1;
    struct eap_viz_overlay o = {eap_exercise_session_record(s), d, eap_exercise_now(s), left,
                                x->sess->player};
    struct eap_error err;
    if (!eap_viz_set_overlay(v, &o, &err)) {
        eap__viz_say(v, 0, "%s", err.msg);
    }
    v->ui.t = o.now;
}

void eap__viz_live_start(struct eap_viz *v, struct viz_live *x, const struct eap_viz_session *s)
{
    memset(x, 0, sizeof(*x));
    x->sess = s;
    x->asked = EAP_NONE;
    x->deadline = INFINITY;
    v->ui.session = true;
    v->ui.paused = s->speed == 0; /* step by step: each stop waits for Space */
    v->ui.speed = s->speed > 0 ? s->speed : 60;
    show(v, x);
    if (s->speed == 0) {
        eap__viz_say(v, 8,
                     "Step by step: Space or S runs the clock on to the next inject or "
                     "decision");
    }
}

static void failed(struct eap_viz *v, struct viz_live *x, const struct eap_error *err)
{
    x->failed = true;
    v->ui.paused = true;
    eap__viz_say(v, 0, "The session stopped: %s. Q closes the window and saves the log.", err->msg);
}

/* A decision that has just come up: its countdown starts. */
static void arm(struct eap_viz *v, struct viz_live *x, int32_t d)
{
    double wc = v->scn->decisions[d].wall_countdown;
    x->asked = d;
    x->deadline = wc > 0 ? v->ui.anim + wc : INFINITY;
    x->skip = false;
}

static void choose(struct eap_viz *v, struct viz_live *x, int32_t option, enum eap_chooser by)
{
    struct eap_error err;
    eap_error_clear(&err);
    if (!x->sess->choose(x->sess->ctx, option, by, &err)) {
        eap__viz_say(v, 6, "%s", err.msg);
        return;
    }
    x->asked = EAP_NONE;
    x->deadline = INFINITY;
    v->ui.paused = x->sess->speed == 0;
}

/* Where the clock goes this frame: dt seconds on at the pace, or on to the next stop. */
static eap_time target(const struct eap_viz *v, const struct viz_live *x, double dt)
{
    eap_time now = eap_exercise_now(x->sess->s);
    if (x->skip || isinf(v->ui.speed) || x->sess->speed == 0) {
        return EAP_TIME_MAX;
    }
    return now + (eap_time)llround(dt * v->ui.speed * 1000.0);
}

static void advance(struct eap_viz *v, struct viz_live *x, double dt)
{
    struct eap_error err;
    eap_error_clear(&err);
    switch (x->sess->advance(x->sess->ctx, target(v, x, dt), &err)) {
    case EAP_EXERCISE_INJECTS:
        x->skip = false; /* skipping, or stepping, stops at the cards */
        v->ui.paused = x->sess->speed == 0;
        break;
    case EAP_EXERCISE_DECISION:
        arm(v, x, waiting(x));
        break;
    case EAP_EXERCISE_ENDED:
        x->ended = true;
        eap__viz_say(v, 0,
                     "The run has ended. Q closes the window, saves the log and writes "
                     "the reports.");
        break;
    case EAP_EXERCISE_FAILED:
        failed(v, x, &err);
        break;
    default:
        break;
    }
}

void eap__viz_live_tick(struct eap_viz *v, struct viz_live *x, double dt)
{
    int32_t d = waiting(x);
    if (d >= 0 && d != x->asked) {
        arm(v, x, d); /* come up again after going back, or on starting at one */
    }
    if (d >= 0 && (v->ui.paused || v->ui.typing)) {
        x->deadline += dt; /* a pause, or a note being written, holds the countdown */
    }
    if (d >= 0 && v->ui.anim >= x->deadline) {
        choose(v, x, v->scn->decisions[d].default_option, EAP_CHOSEN_BY_COUNTDOWN);
    } else if (d < 0 && !v->ui.paused && !v->ui.typing && !x->ended && !x->failed) {
        advance(v, x, dt);
    }
    show(v, x);
}

/* ---- Keys ---- */

static void start_typing(struct eap_viz *v, struct viz_live *x)
{
    char clock[32];
    x->typed[0] = '\0';
    v->ui.typing = true;
    v->ui.notice_until = 0;
    v->ui.progress = -1;
    eap__viz_clock(v, eap_exercise_now(x->sess->s), clock, sizeof(clock));
    snprintf(v->ui.notice, sizeof(v->ui.notice),
             "Observation at %s (start with ! for the improvement plan; Enter keeps it, Esc "
             "drops it): ",
             clock);
    x->drop_key = true;
}

static void typing_notice(struct eap_viz *v, struct viz_live *x)
{
    char clock[32];
    eap__viz_clock(v, eap_exercise_now(x->sess->s), clock, sizeof(clock));
    snprintf(v->ui.notice, sizeof(v->ui.notice), "Observation at %s: %s", clock, x->typed);
}

static void stop_typing(struct eap_viz *v, struct viz_live *x, bool keep)
{
    v->ui.typing = false;
    v->ui.notice[0] = '\0';
    struct eap_error err;
    eap_error_clear(&err);
    if (keep && x->typed[0] && !x->sess->observe(x->sess->ctx, x->typed, &err)) {
        eap__viz_say(v, 6, "%s", err.msg);
    } else if (keep && x->typed[0]) {
        eap__viz_say(v, 3, "Observation kept");
    }
}

/* Drops the last character typed (a whole UTF-8 sequence). */
static void backspace(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && ((unsigned char)s[n - 1] & 0xc0) == 0x80) {
        n--;
    }
    s[n > 0 ? n - 1 : 0] = '\0';
}

static bool typing_key(struct eap_viz *v, struct viz_live *x, SDL_Keycode k)
{
    if (k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_ESCAPE) {
        stop_typing(v, x, k != SDLK_ESCAPE);
    } else if (k == SDLK_BACKSPACE) {
        backspace(x->typed);
        typing_notice(v, x);
    }
    return true; /* every other key is text */
}

void eap__viz_live_text(struct eap_viz *v, struct viz_live *x, const char *utf8)
{
    if (!v->ui.typing) {
        return;
    }
    /* Text input stays on (what is typed right after N must not be lost), so the N that
     * started the typing comes as text too: it is not part of the observation. */
    bool started = x->drop_key && (strcmp(utf8, "n") == 0 || strcmp(utf8, "N") == 0);
    x->drop_key = false;
    if (started) {
        return;
    }
    size_t n = strlen(x->typed);
    snprintf(x->typed + n, sizeof(x->typed) - n, "%s", utf8);
    typing_notice(v, x);
}

static void back(struct eap_viz *v, struct viz_live *x)
{
    struct eap_error err;
    eap_error_clear(&err);
    if (!x->sess->back(x->sess->ctx, &err)) {
        eap__viz_say(v, 5, "%s", err.msg);
        return;
    }
    x->ended = false;
    x->asked = EAP_NONE;
    eap__viz_say(v, 4, "Back to the previous decision");
}

bool eap__viz_live_key(struct eap_viz *v, struct viz_live *x, SDL_Keycode k)
{
    if (v->ui.typing) {
        return typing_key(v, x, k);
    }
    int32_t d = waiting(x);
    int option = option_of_key(k);
    if (d >= 0 && option >= 0) {
        if ((size_t)option < v->scn->decisions[d].option_count) {
            choose(v, x, option, EAP_CHOSEN_BY_PLAYERS);
        }
        return true;
    }
    switch (k) {
    case SDLK_b:
        back(v, x);
        return true;
    case SDLK_n:
        start_typing(v, x);
        return true;
    case SDLK_SPACE:
    case SDLK_p:
        v->ui.paused = !v->ui.paused;
        return true;
    case SDLK_s:
    case SDLK_RIGHT:
        x->skip = true;
        v->ui.paused = false;
        return true;
    case SDLK_LEFT:
    case SDLK_HOME:
    case SDLK_END:
    case SDLK_r:
        eap__viz_say(v, 4, "A live session runs forward; --replay-log shows it again afterwards");
        return true;
    default:
        return false;
    }
}

bool eap__viz_live_click(struct eap_viz *v, struct viz_live *x, int px, int py)
{
    const struct eap_viz_item *it;
    size_t n = eap_viz_items(v, &it);
    for (size_t i = 0; i < n; i++) {
        const struct eap_viz_rect b = it[i].box;
        if (it[i].kind == EAP_VIZ_ITEM_BUTTON && px >= b.x && py >= b.y && px < b.x + b.w &&
            py < b.y + b.h && waiting(x) >= 0) {
            choose(v, x, it[i].index, EAP_CHOSEN_BY_PLAYERS);
            return true;
        }
    }
    /* The map and timeline show now: a click on the timeline does not seek. */
    return py >= v->layout.timeline.y;
}
