/*
 * The metric schema: what every run of a scenario measures, described once by the model and
 * read by every consumer (engine, report, batch, charts, viewer, exercise).
 *
 * A scenario's metrics are a fixed list that depends only on the scenario: the outcome
 * metrics first, then one per party, asset, convoy and milestone of the record. Each says
 * what it is (its role and the entity it is about), how to read it (unit, whether it is a
 * time from the start or a span), and the record's value where there is one. Consumers
 * switch on the role and the flags; none matches metric names as strings. Names
 * ("time_all_safe", "milestone/drone_overhead") are for files and for people who type them.
 */
#ifndef EAPSIM_METRICS_H
#define EAPSIM_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Units of metric values (all int64_t, so sums are exact and order-free). */
enum eap_metric_unit {
    EAP_MU_DURATION,    /* milliseconds */
    EAP_MU_PERSON_TIME, /* person-milliseconds */
    EAP_MU_COUNT,
    EAP_MU_FLAG, /* 0 or 1: a yes/no outcome */
};

/* What a metric measures. The outcome roles occur once each, in this order, at the start of
 * every schema; the per-entity roles follow, one metric per entity. */
enum eap_metric_role {
    EAP_METRIC_TIME_ALL_SAFE,      /* until every survivor is safe (from the start) */
    EAP_METRIC_CASUALTIES,         /* people lost */
    EAP_METRIC_EXPOSURE,           /* person-time under threat */
    EAP_METRIC_BREACH_OCCUPIED,    /* a place breached while people were inside */
    EAP_METRIC_BREACH_BEFORE_HELP, /* ...and before any responder was on scene there */
    EAP_METRIC_SAFE_BY_DEADLINE,
    EAP_METRIC_INCIDENTS,
    EAP_METRIC_ANY_INCIDENT,
    EAP_METRIC_BREAKDOWNS,
    EAP_METRIC_PARTY_SAFE,      /* subject: party; when its last survivor was safe */
    EAP_METRIC_ON_SCENE,        /* subject: asset; from the on-scene origin to its arrival */
    EAP_METRIC_CONVOY_DURATION, /* subject: convoy; departure to arrival */
    EAP_METRIC_MILESTONE,       /* subject: milestone of the record; its first occurrence */
    EAP_METRIC_ROLE_COUNT
};

/* Number of outcome metrics, which open every schema (roles TIME_ALL_SAFE .. BREAKDOWNS). */
#define EAP_METRIC_OUTCOMES 9

/* A metric value that did not come about (a party never safe, an asset never on scene). */
#define EAP_METRIC_MISSING INT64_MIN

struct eap_metric_def {
    char name[96];   /* "time_all_safe", "safe_time/embassy_staff", "milestone/drone_overhead" */
    char label[160]; /* for people */
    enum eap_metric_unit unit;
    enum eap_metric_role role;
    int32_t subject; /* the party, asset, convoy or milestone index; -1 for outcomes */
    bool from_start; /* a time counted from the scenario's start, so a clock time too */
    bool pictured;   /* a main outcome: batch outputs draw its histogram */
    bool has_recorded;
    int64_t recorded; /* the record's value, e.g. a milestone's time */
};

/* Names of roles as written in state files ("time_all_safe", "milestone", ...), and back.
 * eap_metric_role_parse returns false for an unknown name. */
const char *eap_metric_role_name(enum eap_metric_role role);
bool eap_metric_role_parse(const char *name, enum eap_metric_role *out);

/* Sets the flags that follow from the role and unit (from_start, pictured): what the loader
 * does for a scenario's schema, and what a reader of a state file does for its defs. */
void eap_metric_def_derive(struct eap_metric_def *d);

/* Index of the metric named `name` in defs, or -1. For names people type (--metric). */
long eap_metric_find(const struct eap_metric_def *defs, size_t count, const char *name);

/* Formats a metric value for people ("1h28m", "8,400 person-min", "yes", "-"). */
void eap_metric_format(enum eap_metric_unit unit, int64_t value, char *buf, size_t len);

/* Metric value in its display unit: minutes, person-minutes, a count, or 0/1. */
double eap_metric_display(enum eap_metric_unit unit, int64_t value);

/* Base units per display unit (milliseconds per minute for times, else 1), to convert
 * values that are already doubles (quantiles, means). */
double eap_metric_display_scale(enum eap_metric_unit unit);

/* The display unit, short ("min", "person-min", "count", "yes/no") or long ("minutes",
 * "person-minutes", "count", "yes/no"). */
const char *eap_metric_unit_name(enum eap_metric_unit unit, bool abbreviated);

#endif
