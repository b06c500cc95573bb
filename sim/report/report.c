/*
 * Single-run reports in three formats. The text report is laid out for reading in a
 * terminal: a header, the timeline with a line per event (a date line wherever the local day
 * changes), the milestones against the record, the outcome, the scenario's notes and the
 * provenance stamp.
 */
#include "eapsim/report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/units.h"
#include "report_internal.h"
#include "sim/batch/json_int.h"

bool eap_format_parse(const char *name, enum eap_format *out)
{
    static const char *const names[] = {"text", "json", "csv"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum eap_format)i;
            return true;
        }
    }
    return false;
}

void eap_report_milestones(const struct eap_scenario *scn, const struct eap_trace *trace,
                           struct eap_milestone_result *out)
{
    for (size_t i = 0; i < scn->record_count; i++) {
        long at = eap_trace_find(trace, &scn->record[i].event, 0);
        out[i].milestone = &scn->record[i];
        out[i].simulated = at >= 0 ? trace->events[at].time : -1;
    }
}

static const char *confidence_name(enum eap_confidence c)
{
    static const char *const names[] = {"", "low", "medium", "high"};
    return names[c];
}

/* --- text --- */

static void text_header(FILE *out, const struct eap_scenario *scn, const struct eap_run_info *info)
{
    char start[48], horizon[32];
    eap_clock_format_start(&scn->clock, start, sizeof(start));
    eap_units_format(EAP_Q_DURATION, (double)info->until, horizon, sizeof(horizon));
    fprintf(out, "%s\n", scn->name);
    fprintf(out, "%s\n", scn->file);
    if (info->replay) {
        fprintf(out, "replay: every input at its recorded value (or its median where the "
                     "record is silent)\n");
    } else {
        fprintf(out, "sampled: seed %" PRIu64 ", replication %" PRIu64 "\n", info->seed,
                info->replication);
    }
    if (info->overrides && info->overrides[0]) {
        fprintf(out, "overrides: %s\n", info->overrides);
    }
    fprintf(out, "start %s, simulated for %s\n", start, horizon);
}

static void date_line(FILE *out, const struct eap_scenario *scn, eap_time t)
{
    char dt[32];
    eap_clock_format_datetime(&scn->clock, t, dt, sizeof(dt));
    dt[10] = '\0';
    fprintf(out, "  -- %s --\n", dt);
}

static void text_timeline(FILE *out, const struct eap_scenario *scn, const struct eap_trace *trace)
{
    fprintf(out, "\nTIMELINE (local time, offset from the start)\n");
    int day = -1;
    for (size_t i = 0; i < trace->count; i++) {
        const struct eap_trace_event *ev = &trace->events[i];
        if (!eap_trace_in_timeline(ev)) {
            continue;
        }
        int d = eap_clock_day(&scn->clock, ev->time);
        if (d != day) {
            date_line(out, scn, ev->time);
            day = d;
        }
        char hm[16], off[32], text[256];
        /* Minutes are the resolution people read a timeline at; the clock column truncates
         * to the minute, so the offset does too (JSON keeps the milliseconds). */
        eap_time minute = ev->time - ev->time % EAP_MINUTE;
        eap_clock_format_hm(&scn->clock, ev->time, hm, sizeof(hm));
        eap_time_format_offset(minute, off, sizeof(off));
        eap_trace_describe(scn, ev, text, sizeof(text));
        fprintf(out, "  %s  %-10s  %s\n", hm, off, text);
    }
}

static void clock_cell(const struct eap_scenario *scn, eap_time t, char *buf, size_t len)
{
    if (t < 0) {
        snprintf(buf, len, "never");
        return;
    }
    eap_clock_format_hm_day(&scn->clock, t, "", buf, len);
}

static void text_milestones(FILE *out, const struct eap_scenario *scn,
                            const struct eap_milestone_result *res)
{
    if (scn->record_count == 0) {
        return;
    }
    int w = 9;
    for (size_t i = 0; i < scn->record_count; i++) {
        int n = (int)strlen(res[i].milestone->label);
        w = n > w ? n : w;
    }
    w = w > 70 ? 70 : w;
    fprintf(out, "\nMILESTONES AGAINST THE RECORD (+: later than recorded)\n");
    fprintf(out, "  %-*s  %-9s %-9s %-10s %s\n", w, "milestone", "recorded", "simulated",
            "difference", "confidence");
    for (size_t i = 0; i < scn->record_count; i++) {
        const struct eap_milestone *m = res[i].milestone;
        char rec[48], sim[48], diff[32];
        clock_cell(scn, m->time, rec, sizeof(rec));
        clock_cell(scn, res[i].simulated, sim, sizeof(sim));
        if (res[i].simulated >= 0) {
            /* the difference of the two clock times as printed, so the columns add up */
            long long dm = (long long)(res[i].simulated / EAP_MINUTE - m->time / EAP_MINUTE);
            snprintf(diff, sizeof(diff), dm ? "%+lld min" : "0 min", dm);
        } else {
            snprintf(diff, sizeof(diff), "never");
        }
        fprintf(out, "  %-*.*s  %-9s %-9s %-10s %s\n", w, w, m->label, rec, sim, diff,
                confidence_name(m->confidence));
    }
    fprintf(out, "  sources:\n");
    for (size_t i = 0; i < scn->record_count; i++) {
        fprintf(out, "    %-22s %s\n", scn->record[i].id, scn->record[i].source);
    }
}

static void text_metrics(FILE *out, const struct eap_metric_def *defs, const int64_t *values,
                         size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        int len = (int)strlen(defs[i].label);
        w = len > w ? len : w;
    }
    fprintf(out, "\nOUTCOME\n");
    for (size_t i = 0; i < n; i++) {
        if (defs[i].role == EAP_METRIC_MILESTONE) {
            continue; /* shown in the milestone table */
        }
        char v[48];
        eap_metric_format(defs[i].unit, values[i], v, sizeof(v));
        fprintf(out, "  %-*s  %s\n", w, defs[i].label, v);
    }
}

/* Prints text wrapped at `width` columns, continuation lines indented by `indent`. */
static void wrapped(FILE *out, const char *text, int width, int indent)
{
    int col = indent;
    const char *p = text;
    while (*p) {
        const char *end = p;
        while (*end && *end != ' ') {
            end++;
        }
        int word = (int)(end - p);
        if (col > indent && col + 1 + word > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, (size_t)word, out);
        col += word;
        p = *end ? end + 1 : end;
    }
    fputc('\n', out);
}

static void text_notes(FILE *out, const struct eap_scenario *scn)
{
    if (scn->note_count == 0) {
        return;
    }
    fprintf(out, "\nNOTES\n");
    for (size_t i = 0; i < scn->note_count; i++) {
        fprintf(out, "  - ");
        wrapped(out, scn->notes[i], 96, 4);
    }
}

/* --- JSON --- */

static cJSON *json_events(const struct eap_scenario *scn, const struct eap_trace *trace)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < trace->count; i++) {
        const struct eap_trace_event *ev = &trace->events[i];
        char hm[16], off[32], text[256], dt[32];
        eap_clock_format_hm(&scn->clock, ev->time, hm, sizeof(hm));
        eap_clock_format_datetime(&scn->clock, ev->time, dt, sizeof(dt));
        eap_time_format_offset(ev->time, off, sizeof(off));
        eap_trace_describe(scn, ev, text, sizeof(text));
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "time_ms", (double)ev->time);
        cJSON_AddStringToObject(o, "local", dt);
        cJSON_AddStringToObject(o, "offset", off);
        cJSON_AddStringToObject(o, "kind", eap_event_kind_name((enum eap_event_kind)ev->kind));
        const char *subject =
            eap_scenario_subject_id(scn, (enum eap_event_kind)ev->kind, ev->subject);
        if (subject[0]) {
            cJSON_AddStringToObject(o, "subject", subject);
        }
        if (ev->place >= 0) {
            cJSON_AddStringToObject(o, "place", scn->places[ev->place].id);
        }
        cJSON_AddNumberToObject(o, "value", ev->value);
        cJSON_AddNumberToObject(o, "value2", ev->value2);
        cJSON_AddStringToObject(o, "text", text);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *json_milestones(const struct eap_scenario *scn,
                              const struct eap_milestone_result *res)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < scn->record_count; i++) {
        const struct eap_milestone *m = res[i].milestone;
        cJSON *o = cJSON_CreateObject();
        char dt[32];
        cJSON_AddStringToObject(o, "id", m->id);
        cJSON_AddStringToObject(o, "label", m->label);
        eap_clock_format_datetime(&scn->clock, m->time, dt, sizeof(dt));
        cJSON_AddStringToObject(o, "recorded", dt);
        cJSON_AddNumberToObject(o, "recorded_offset_min", (double)m->time / EAP_MINUTE);
        if (res[i].simulated >= 0) {
            eap_clock_format_datetime(&scn->clock, res[i].simulated, dt, sizeof(dt));
            cJSON_AddStringToObject(o, "simulated", dt);
            cJSON_AddNumberToObject(o, "simulated_offset_min",
                                    (double)res[i].simulated / EAP_MINUTE);
            cJSON_AddNumberToObject(o, "difference_min",
                                    (double)(res[i].simulated - m->time) / EAP_MINUTE);
        } else {
            cJSON_AddNullToObject(o, "simulated");
        }
        cJSON_AddStringToObject(o, "confidence", confidence_name(m->confidence));
        cJSON_AddStringToObject(o, "source", m->source);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *json_metrics(const struct eap_metric_def *defs, const int64_t *values, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", defs[i].name);
        cJSON_AddStringToObject(o, "label", defs[i].label);
        cJSON_AddStringToObject(o, "unit", eap_metric_unit_name(defs[i].unit, false));
        if (values[i] == EAP_METRIC_MISSING) {
            cJSON_AddNullToObject(o, "value");
        } else if (defs[i].unit == EAP_MU_FLAG) {
            cJSON_AddBoolToObject(o, "value", values[i] != 0);
        } else {
            cJSON_AddNumberToObject(o, "value", eap_metric_display(defs[i].unit, values[i]));
        }
        if (defs[i].has_recorded) {
            cJSON_AddNumberToObject(o, "recorded",
                                    eap_metric_display(defs[i].unit, defs[i].recorded));
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static bool json_report(FILE *out, const struct eap_scenario *scn, const struct eap_trace *trace,
                        const struct eap_milestone_result *res, const struct eap_metric_def *defs,
                        const int64_t *values, size_t n, const struct eap_run_info *info)
{
    errno = 0; /* cJSON's additions drop a member when memory runs out; malloc's errno tells */
    cJSON *root = cJSON_CreateObject();
    if (!root) {
        return false;
    }
    char start[48];
    eap_clock_format_start(&scn->clock, start, sizeof(start));
    if (!root || (info->stamp && !eap__json_add_stamp(root, info->stamp))) {
        cJSON_Delete(root);
        return false;
    }
    cJSON_AddStringToObject(root, "scenario", scn->id);
    cJSON_AddStringToObject(root, "name", scn->name);
    cJSON_AddStringToObject(root, "file", scn->file);
    cJSON_AddStringToObject(root, "mode", info->replay ? "replay" : "sampled");
    if (!info->replay) {
        eap_json_add_u64(root, "seed", info->seed);
        eap_json_add_u64(root, "replication", info->replication);
    }
    cJSON_AddStringToObject(root, "overrides", info->overrides ? info->overrides : "");
    cJSON_AddStringToObject(root, "start", start);
    cJSON_AddItemToObjectCS(root, "events", json_events(scn, trace));
    cJSON_AddItemToObjectCS(root, "milestones", json_milestones(scn, res));
    cJSON_AddItemToObjectCS(root, "metrics", json_metrics(defs, values, n));
    char *text = errno == ENOMEM ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        return false;
    }
    bool ok = fputs(text, out) >= 0 && fputc('\n', out) != EOF;
    free(text);
    return ok;
}

/* --- CSV: one table, a "section" column says which part a row belongs to --- */

static void csv_field(FILE *out, const char *s)
{
    bool quote = strpbrk(s, ",\"\n") != NULL;
    if (!quote) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"') {
            fputc('"', out);
        }
        fputc(*p, out);
    }
    fputc('"', out);
}

/* The stamp as rows of the table: section "stamp", the field in "name", its value in "text". */
static void csv_stamp(FILE *out, const struct eap_stamp *stamp)
{
    const char *key;
    char value[4096];
    for (size_t i = 0; stamp && eap_stamp_field(stamp, i, &key, value, sizeof(value)); i++) {
        fprintf(out, "stamp,%s,,,,,,", key);
        csv_field(out, value);
        fputc('\n', out);
    }
}

/* PROVENANCE: the stamp, one field a line. */
static bool text_stamp(FILE *out, const struct eap_stamp *stamp)
{
    char *text = stamp ? eap_stamp_text(stamp, "  ") : NULL;
    if (stamp && text) {
        fprintf(out, "\nPROVENANCE\n%s", text);
    }
    free(text);
    return !stamp || text;
}

static void csv_report(FILE *out, const struct eap_scenario *scn, const struct eap_trace *trace,
                       const struct eap_milestone_result *res, const struct eap_metric_def *defs,
                       const int64_t *values, size_t n)
{
    fputs("section,name,local_time,offset_min,value,recorded,difference_min,text\n", out);
    for (size_t i = 0; i < trace->count; i++) {
        const struct eap_trace_event *ev = &trace->events[i];
        char dt[32], text[256];
        eap_clock_format_datetime(&scn->clock, ev->time, dt, sizeof(dt));
        eap_trace_describe(scn, ev, text, sizeof(text));
        fprintf(out, "event,%s,%s,%.3f,%.10g,,,",
                eap_event_kind_name((enum eap_event_kind)ev->kind), dt,
                (double)ev->time / EAP_MINUTE, ev->value);
        csv_field(out, text);
        fputc('\n', out);
    }
    for (size_t i = 0; i < scn->record_count; i++) {
        const struct eap_milestone *m = res[i].milestone;
        char dt[32] = "";
        if (res[i].simulated >= 0) {
            eap_clock_format_datetime(&scn->clock, res[i].simulated, dt, sizeof(dt));
            fprintf(out, "milestone,%s,%s,%.3f,,%.3f,%.3f,", m->id, dt,
                    (double)res[i].simulated / EAP_MINUTE, (double)m->time / EAP_MINUTE,
                    (double)(res[i].simulated - m->time) / EAP_MINUTE);
        } else {
            fprintf(out, "milestone,%s,,,,%.3f,,", m->id, (double)m->time / EAP_MINUTE);
        }
        csv_field(out, m->label);
        fputc('\n', out);
    }
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "metric,%s,,,", defs[i].name);
        if (values[i] != EAP_METRIC_MISSING) {
            fprintf(out, "%.3f", eap_metric_display(defs[i].unit, values[i]));
        }
        fputs(",,,", out);
        csv_field(out, defs[i].label);
        fputc('\n', out);
    }
}

bool eap_report_run(FILE *out, enum eap_format format, const struct eap_scenario *scn,
                    const struct eap_trace *trace, const struct eap_metric_def *defs,
                    const int64_t *values, size_t metric_count, const struct eap_run_info *info)
{
    struct eap_milestone_result *res = calloc(scn->record_count + 1, sizeof(*res));
    if (!res) {
        return false;
    }
    eap_report_milestones(scn, trace, res);
    bool ok = true;
    switch (format) {
    case EAP_FORMAT_TEXT:
        text_header(out, scn, info);
        text_timeline(out, scn, trace);
        text_milestones(out, scn, res);
        text_metrics(out, defs, values, metric_count);
        text_notes(out, scn);
        ok = text_stamp(out, info->stamp);
        break;
    case EAP_FORMAT_JSON:
        ok = json_report(out, scn, trace, res, defs, values, metric_count, info);
        break;
    case EAP_FORMAT_CSV:
        csv_report(out, scn, trace, res, defs, values, metric_count);
        csv_stamp(out, info->stamp);
        break;
    }
    free(res);
    return ok && !ferror(out);
}
