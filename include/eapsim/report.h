/*
 * Reports of a single run: the timeline (local clock and T+ offset), the milestones of the
 * record against the simulation (recorded, simulated, difference), and the outcome metrics,
 * as text for people, JSON or CSV for tools. Consumers of the trace only: a report never
 * looks inside the engine.
 */
#ifndef EAPSIM_REPORT_H
#define EAPSIM_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "eapsim/engine.h"
#include "eapsim/scenario.h"
#include "eapsim/stamp.h"
#include "eapsim/trace.h"

enum eap_format { EAP_FORMAT_TEXT, EAP_FORMAT_JSON, EAP_FORMAT_CSV };

/* Parses "text", "json" or "csv". */
bool eap_format_parse(const char *name, enum eap_format *out);

/* What was run, for the report's header. */
struct eap_run_info {
    bool replay;
    uint64_t seed, replication;
    eap_time until;                /* where the run stopped */
    const char *overrides;         /* the --set arguments joined, or NULL */
    const struct eap_stamp *stamp; /* NULL, or the provenance stamp: the text's last section
                                      (PROVENANCE), the JSON's "stamp", CSV rows of section
                                      "stamp" (name: the field, text: its value) */
};

/* One milestone compared: simulated is -1 when the event never happened. */
struct eap_milestone_result {
    const struct eap_milestone *milestone;
    eap_time simulated;
};

/* Fills out[scn->record_count] with the first matching trace event of each milestone. */
void eap_report_milestones(const struct eap_scenario *scn, const struct eap_trace *trace,
                           struct eap_milestone_result *out);

/* Writes the whole report of one run. Returns false when writing fails (errno is set). */
bool eap_report_run(FILE *out, enum eap_format format, const struct eap_scenario *scn,
                    const struct eap_trace *trace, const struct eap_metric_def *defs,
                    const int64_t *values, size_t metric_count, const struct eap_run_info *info);

#endif
