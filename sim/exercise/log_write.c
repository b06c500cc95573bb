/*
 * The session log as JSON: what the session ran (scenario id and fingerprint, overrides, seed,
 * replication or replay, the program's version, when it began) and everything it did, in
 * order: every inject shown, every decision with its options and the choice (who, by what
 * means, at which simulated and wall-clock time), the observations, and where it ended.
 * Simulated times are integers of milliseconds ("at_ms"), with the clock and offset beside
 * them for people; readers use the integers. log_read.c reads it back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "eapsim/exercise.h"
#include "exercise_internal.h"
#include "sim/batch/json_int.h"

/* A simulated time: the integer readers use (KEY_ms), and for people its offset (KEY,
 * "T+53m") and local clock (clock_key, "22:35"). False when memory runs out. */
static bool add_time(cJSON *o, const struct eap_scenario *scn, const char *key,
                     const char *clock_key, eap_time t)
{
    char ms[16], off[32], hm[16];
    snprintf(ms, sizeof(ms), "%s_ms", key);
    eap_time_format_offset(t, off, sizeof(off));
    eap_clock_format_hm(&scn->clock, t, hm, sizeof(hm));
    return eap_json_add_i64(o, ms, t) && cJSON_AddStringToObject(o, key, off) &&
           cJSON_AddStringToObject(o, clock_key, hm);
}

static cJSON *header(const struct eap_exercise_record *r)
{
    cJSON *root = cJSON_CreateObject(), *scn = cJSON_CreateObject();
    cJSON *ovr = cJSON_CreateArray();
    char fp[20];
    snprintf(fp, sizeof(fp), "%016" PRIx64, r->fingerprint);
    bool ok = root && scn && ovr &&
              cJSON_AddStringToObject(root, "format", "eapsim exercise log") &&
              cJSON_AddNumberToObject(root, "version", EAP_EXERCISE_LOG_VERSION) &&
              cJSON_AddStringToObject(root, "eapsim_version", r->program) &&
              cJSON_AddStringToObject(root, "started", r->started) &&
              cJSON_AddStringToObject(scn, "id", r->scn->id) &&
              cJSON_AddStringToObject(scn, "name", r->scn->name) &&
              cJSON_AddStringToObject(scn, "file", r->scn->file ? r->scn->file : "") &&
              cJSON_AddStringToObject(scn, "fingerprint", fp);
    for (size_t i = 0; ok && i < r->override_count; i++) {
        cJSON *s = cJSON_CreateString(r->overrides[i]);
        ok = s && cJSON_AddItemToArray(ovr, s);
    }
    if (ok) {
        cJSON_AddItemToObject(scn, "overrides", ovr);
        cJSON_AddItemToObject(root, "scenario", scn);
        ovr = scn = NULL;
        ok = eap_json_add_u64(root, "seed", r->seed) &&
             eap_json_add_u64(root, "replication", r->replication) &&
             cJSON_AddBoolToObject(root, "replay", r->replay);
    }
    cJSON_Delete(ovr);
    cJSON_Delete(scn);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static cJSON *shown_item(const struct eap_exercise_record *r, const struct eap_exercise_shown *x)
{
    const struct eap_inject *in = &r->scn->injects[x->inject];
    cJSON *o = cJSON_CreateObject();
    if (o && cJSON_AddNumberToObject(o, "number", in->number) &&
        cJSON_AddStringToObject(o, "id", in->id) && add_time(o, r->scn, "at", "clock", x->at) &&
        cJSON_AddNumberToObject(o, "wall", x->wall) &&
        cJSON_AddStringToObject(o, "text", in->text ? in->text : "")) {
        return o;
    }
    cJSON_Delete(o);
    return NULL;
}

static cJSON *options_of(const struct eap_decision *d)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; a && k < d->option_count; k++) {
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(a, o) ||
            !cJSON_AddStringToObject(o, "id", d->options[k].id) ||
            !cJSON_AddStringToObject(o, "label", d->options[k].label)) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *choice_item(const struct eap_exercise_record *r, const struct eap_exercise_choice *c)
{
    const struct eap_decision *d = &r->scn->decisions[c->decision];
    cJSON *o = cJSON_CreateObject(), *opts = options_of(d);
    bool ok = o && opts && cJSON_AddStringToObject(o, "id", d->id) &&
              cJSON_AddStringToObject(o, "prompt", d->prompt) &&
              cJSON_AddStringToObject(o, "decides", d->decides ? d->decides : "") &&
              cJSON_AddItemToObject(o, "options", opts) &&
              cJSON_AddStringToObject(o, "default", d->options[d->default_option].id) &&
              cJSON_AddStringToObject(o, "choice", d->options[c->option].id) &&
              cJSON_AddStringToObject(o, "by", eap_chooser_name(c->by)) &&
              cJSON_AddStringToObject(o, "who", c->who ? c->who : "") &&
              add_time(o, r->scn, "at", "clock", c->at) &&
              cJSON_AddNumberToObject(o, "wall", c->wall);
    if (!ok) {
        if (!o || !cJSON_GetObjectItemCaseSensitive(o, "options")) {
            cJSON_Delete(opts);
        }
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *observation_item(const struct eap_exercise_record *r,
                               const struct eap_exercise_observation *x)
{
    cJSON *o = cJSON_CreateObject();
    if (o && add_time(o, r->scn, "at", "clock", x->at) &&
        cJSON_AddNumberToObject(o, "wall", x->wall) &&
        cJSON_AddStringToObject(o, "text", x->text ? x->text : "") &&
        cJSON_AddBoolToObject(o, "flagged", x->flagged)) {
        return o;
    }
    cJSON_Delete(o);
    return NULL;
}

/* The array `key` of root, one item per element made by `make`. */
#define ADD_LIST(root, key, n, make)                                                               \
    do {                                                                                           \
        cJSON *list_ = cJSON_AddArrayToObject(root, key);                                          \
        for (size_t i_ = 0; ok && i_ < (n); i_++) {                                                \
            cJSON *item_ = (make);                                                                 \
            ok = list_ && item_ && cJSON_AddItemToArray(list_, item_);                             \
            if (!ok) {                                                                             \
                cJSON_Delete(item_);                                                               \
            }                                                                                      \
        }                                                                                          \
        ok = ok && list_;                                                                          \
    } while (0)

/* cJSON indents with tabs and puts a tab after each colon; people read two spaces and one.
 * A raw tab is always layout (strings hold "\t" escaped), so each one is replaced. The text
 * ends with a line break, as a text file does. */
static char *indent(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(2 * n + 2), *o = out;
    for (const char *p = text; out && *p; p++) {
        if (*p != '\t') {
            *o++ = *p;
        } else if (p > text && p[-1] == ':') {
            *o++ = ' ';
        } else {
            *o++ = ' ';
            *o++ = ' ';
        }
    }
    if (out) {
        memcpy(o, "\n", 2);
    }
    return out;
}

char *eap_exercise_log_text(const struct eap_exercise_record *r)
{
    cJSON *root = header(r);
    bool ok = root != NULL;
    ADD_LIST(root, "injects", r->shown_count, shown_item(r, &r->shown[i_]));
    ADD_LIST(root, "decisions", r->choice_count, choice_item(r, &r->choices[i_]));
    ADD_LIST(root, "observations", r->observation_count, observation_item(r, &r->observations[i_]));
    ok = ok && add_time(root, r->scn, "ended", "ended_clock", r->ended) &&
         cJSON_AddNumberToObject(root, "wall_ended", r->wall_ended) &&
         cJSON_AddBoolToObject(root, "finished", r->finished);
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    char *out = text ? indent(text) : NULL;
    free(text);
    return out;
}
