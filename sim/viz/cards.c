/*
 * The words of an exercise on the map, pure: an inject's card as the facilitator and as the
 * players see it, which cards show at a moment, and clock times (eap_clock_format_hm_day).
 * The renderer measures and draws them (draw_exercise.c); tests read them here.
 */
#include "eapsim/viz.h"

#include <stdio.h>
#include <string.h>

/* What the inject tests: its objective and its core capability, either or both. */
static void tests_of(const struct eap_scenario *scn, const struct eap_inject *in, char *buf,
                     size_t len)
{
    const char *objective = in->objective != EAP_NONE ? scn->objectives[in->objective].text : NULL;
    buf[0] = '\0';
    if (objective || in->capability) {
        snprintf(buf, len, "Tests: %s%s%s", objective ? objective : "",
                 objective && in->capability ? "; " : "", in->capability ? in->capability : "");
    }
}

void eap_viz_card_of(const struct eap_scenario *scn, const struct eap_exercise_shown *x,
                     bool player, struct eap_viz_card *out)
{
    const struct eap_inject *in = &scn->injects[x->inject];
    char clock[32], off[32];
    memset(out, 0, sizeof(*out));
    eap_clock_format_hm_day(&scn->clock, x->at, " ", clock, sizeof(clock));
    eap_time_format_offset(x->at - x->at % EAP_MINUTE, off, sizeof(off));
    snprintf(out->title, sizeof(out->title), "INJECT %d · %s · %s", in->number, clock, off);
    /* Who plays the sender is the controllers' business, not the players'. */
    char sender[256];
    if (player) {
        eap_inject_sender_for_players(in, sender, sizeof(sender));
    } else {
        snprintf(sender, sizeof(sender), "%s", in->from ? in->from : "?");
    }
    snprintf(out->from, sizeof(out->from), "From %s to %s, %s", sender, in->to ? in->to : "?",
             eap_inject_method_phrase(in->method));
    snprintf(out->text, sizeof(out->text), "%s", in->text ? in->text : "");
    if (player) {
        return; /* what the players should do, and the controllers' notes, are not theirs */
    }
    if (in->expected_action) {
        snprintf(out->expected, sizeof(out->expected), "Expected action: %s", in->expected_action);
    }
    tests_of(scn, in, out->tests, sizeof(out->tests));
    if (in->controller_note) {
        snprintf(out->note, sizeof(out->note), "Controller: %s", in->controller_note);
    }
}

size_t eap_viz_cards_by(const struct eap_exercise_shown *shown, size_t count, eap_time t,
                        size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < count; i++) {
        if (shown[i].at > t) {
            continue;
        }
        /* Insertion, newest first; equal times: the higher MSEL index first. */
        size_t k = n < max ? n++ : max;
        while (k > 0 && (shown[out[k - 1]].at < shown[i].at ||
                         (shown[out[k - 1]].at == shown[i].at &&
                          shown[out[k - 1]].inject < shown[i].inject))) {
            if (k < max) {
                out[k] = out[k - 1];
            }
            k--;
        }
        if (k < max) {
            out[k] = i;
        }
    }
    return n;
}
