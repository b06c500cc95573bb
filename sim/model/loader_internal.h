/*
 * Private to the loader: the load context, located error reporting, typed access to cJSON
 * values with "expected vs found" messages, and the section builders.
 *
 * The loader's files call each other one way (tests/check_layers.py): context.c (paths,
 * positions, reports) <- syntax.c <- values.c <- overrides.c <- plan.c <- sections.c <-
 * exercise.c <- reach.c <- loader.c (the driver). The prototypes below follow that order.
 *
 * Paths: the context keeps the JSON pointer of the value being read (ctx->path); builders
 * push a key or index before reading a child and pop it after. Every report names the file,
 * line and column (from the value's byte offset in the text, or the --set argument that put
 * it there), the path, and the message.
 */
#ifndef EAPSIM_LOADER_INTERNAL_H
#define EAPSIM_LOADER_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eapsim/error.h"
#include "eapsim/loader.h"
#include "eapsim/scenario.h"
#include "model_internal.h"

/* Where a value came from: its offsets in the file, or the --set argument that wrote it. */
struct node_pos {
    const cJSON *node;
    uint32_t key_off, val_off; /* UINT32_MAX: unknown */
    const char *origin;        /* override argument, or NULL for the file */
};

/* Ids of one kind of object, collected before the details are read so that references can
 * be resolved in any order. */
struct id_table {
    const char **ids;
    size_t count;
    const char *what; /* "place", "asset", ... for messages */
};

/* The path being read; longer than struct eap_error's, which shows a marked cut. */
#define CTX_PATH_MAX 1024

struct load_ctx {
    const char *file;
    const char *text;
    size_t len;
    uint32_t *line_starts;
    size_t line_count;
    struct node_pos *pos; /* open-addressing table keyed by node pointer */
    size_t pos_cap, pos_used;
    struct eap_diag *diag;
    size_t errors;
    struct eap__arena *arena;
    struct eap_scenario *scn;
    char path[CTX_PATH_MAX];
    size_t path_len;
    /* inputs grow here and are copied into the arena at the end */
    struct eap_input *inputs;
    size_t input_count, input_cap;
    bool oom;
    struct id_table places, routes, parties, vehicles, assets, threats, hops, convoys, tripwires,
        milestones, actions, decisions, injects, objectives;
    const cJSON *root;      /* the whole document, while it is being built */
    const char **unsourced; /* paths of numbers with neither a source nor a note */
    size_t unsourced_count, unsourced_cap;
    bool clock_ok;
};

/* --- the load context: paths, positions, located reports (context.c) --- */
/* An offset that is not known. */
#define NO_OFF UINT32_MAX

/* Files a problem at a byte offset of the text (NO_OFF: none) or, with origin, at the --set
 * argument that wrote the value. */
void eap__report_at(struct load_ctx *c, size_t off, const char *origin, const char *path,
                    const char *msg);
/* Sorts the problems of one load (diag->items[from..]) into file order. */
void eap__sort_problems(struct eap_diag *d, size_t from);
/* Builds the table of line starts that turns offsets into lines and columns. */
bool eap__build_line_table(struct load_ctx *c);
void eap__ctx_push_key(struct load_ctx *c, const char *key);
void eap__ctx_push_index(struct load_ctx *c, size_t i);
void eap__ctx_pop(struct load_ctx *c, size_t saved_len);
/* Reports a problem at node (NULL: the current object) with the current path plus `key`
 * (NULL: none). */
void eap__report(struct load_ctx *c, const cJSON *node, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same, located at the node's key instead of its value (unknown and duplicate keys). */
/* Where a value sits in the file (1-based line and column); false for a value that came
 * from --set or has no position. */
bool eap__node_line_col(const struct load_ctx *c, const cJSON *node, int *line, int *col);
void eap__report_key(struct load_ctx *c, const cJSON *node, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void eap__record_pos(struct load_ctx *c, const cJSON *node, uint32_t key_off, uint32_t val_off,
                     const char *origin);
void *eap__ctx_alloc(struct load_ctx *c, size_t size);
char *eap__ctx_strdup(struct load_ctx *c, const char *s);

/* --- the JSON checker (syntax.c) --- */
/* Checks c->text is strict JSON (RFC 8259), UTF-8, without NUL bytes, nested at most
 * EAP_SCENARIO_MAX_DEPTH deep. On failure writes the message and the byte offset. */
bool eap__json_check(const struct load_ctx *c, size_t *err_off, char *msg, size_t msg_len);
/* 1-based line and column (in characters) of a byte offset of c->text. */
void eap__line_col(const struct load_ctx *c, size_t off, int *line, int *col);
/* Copies src into dst[len], ending a cut with "..." at a UTF-8 boundary. */
void eap__copy_marked(char *dst, size_t len, const char *src);

/* --- typed access (values.c) --- */
/* Calls fn for each element of array (an array of objects, each checked to be one) with the
 * path /section/i pushed; does nothing when array is not an array (reported elsewhere). */
typedef void eap__item_fn(struct load_ctx *c, const cJSON *obj, size_t i);
void eap__each_object(struct load_ctx *c, const cJSON *array, const char *section,
                      eap__item_fn *fn);
/* The i-th object's id as collected (a copy); "?" when it is missing (reported here) or
 * malformed (reported when the ids were collected). */
const char *eap__id_of(struct load_ctx *c, const cJSON *obj, const struct id_table *t, size_t i);
/* "the string \"x\"", "the number 12", "an object", "an array", "true", "null" */
void eap__describe_json(const cJSON *v, char *buf, size_t len);
/* Reports keys of obj not in allowed (with a "did you mean"), and duplicate keys. */
void eap__check_keys(struct load_ctx *c, const cJSON *obj, const char *const *allowed, size_t n);
/* Member `key` of obj, or NULL. Reports a missing required member. */
const cJSON *eap__member(struct load_ctx *c, const cJSON *obj, const char *key, bool required);
bool eap__expect_object(struct load_ctx *c, const cJSON *v, const char *key);
bool eap__expect_array(struct load_ctx *c, const cJSON *v, const char *key, bool nonempty);
const char *eap__get_string(struct load_ctx *c, const cJSON *obj, const char *key, bool required);
/* Copies the string into the arena; NULL when absent or wrong. */
const char *eap__get_text(struct load_ctx *c, const cJSON *obj, const char *key, bool required);
bool eap__get_number(struct load_ctx *c, const cJSON *obj, const char *key, bool required,
                     double lo, double hi, double *out);
bool eap__get_int(struct load_ctx *c, const cJSON *obj, const char *key, bool required, int lo,
                  int hi, int *out);
bool eap__get_bool(struct load_ctx *c, const cJSON *obj, const char *key, bool required, bool *out);
/* A quantity: a string with a unit, a plain number (counts, probabilities, ratios), or an
 * object holding "value" or one distribution plus "recorded", "source", "note". Returns
 * the new input's index, or EAP_NONE when absent (and not required) or wrong. `positive`
 * additionally refuses values that can be zero (speeds, distances). */
int32_t eap__get_quantity(struct load_ctx *c, const cJSON *obj, const char *key,
                          enum eap_quantity q, bool required, bool positive);
/* A fixed duration ("30 min"), required, from 0 to 365 days, in milliseconds. */
bool eap__get_duration_ms(struct load_ctx *c, const cJSON *obj, const char *key, eap_time *out);
/* A point in time relative to the scenario ("T+1h", "23:10", "2012-09-12T05:15"). */
bool eap__get_time(struct load_ctx *c, const cJSON *obj, const char *key, bool required,
                   eap_time *out);
/* An id: letters, digits, '_', '-' and '.', not empty. */
bool eap__valid_id(const char *s);
/* Index of the object with this id in the table, or EAP_NONE. */
int32_t eap__find_id(const struct id_table *t, const char *id);
/* An id reference to an object of table t; reports unknown ids with a "did you mean". */
int32_t eap__get_ref(struct load_ctx *c, const cJSON *obj, const char *key,
                     const struct id_table *t, bool required);
int32_t eap__resolve_ref(struct load_ctx *c, const cJSON *v, const char *key,
                         const struct id_table *t);
/* An array of id references; returns the count and the arena array in *out. */
size_t eap__get_refs(struct load_ctx *c, const cJSON *obj, const char *key,
                     const struct id_table *t, bool required, int32_t **out);
/* Collects the ids of an array of objects into t, reporting missing, malformed and duplicate
 * ids. */
void eap__collect_ids(struct load_ctx *c, const cJSON *array, const char *section,
                      struct id_table *t, const char *what);
/* Index of name in names, or -1 with a eap__report (expected one of ..., did you mean). */
int eap__get_enum(struct load_ctx *c, const cJSON *obj, const char *key, const char *const *names,
                  size_t n, bool required, int fallback);

/* --- overrides and paths (overrides.c) --- */
void eap__apply_override(struct load_ctx *c, cJSON *root, const struct eap_override *o);
/* Turns a path of keys, indices or ids ("assets/isr_drone/readiness", or a JSON pointer)
 * into the JSON pointer with indices ("/assets/1/readiness") by walking root. False with
 * the reason in why when some component is not there. */
bool eap__resolve_path(const cJSON *root, const char *path, char *pointer, size_t len, char *why,
                       size_t why_len);

/* --- the plan, triggers and the record (plan.c) --- */
bool eap__parse_trigger(struct load_ctx *c, const cJSON *obj, const char *key,
                        struct eap_trigger *out);
bool eap__parse_condition(struct load_ctx *c, const cJSON *obj, bool allow_delay,
                          struct eap_condition *out);
void eap__load_plan(struct load_ctx *c, const cJSON *array);
/* The ids of every plan action, in file order ("<tripwire id>.<n>" unless given). */
void eap__collect_action_ids(struct load_ctx *c, const cJSON *plan);
void eap__load_record(struct load_ctx *c, const cJSON *array);

/* --- the other sections (sections.c) --- */
void eap__load_places(struct load_ctx *c, const cJSON *array);
void eap__load_routes(struct load_ctx *c, const cJSON *array);
void eap__load_people(struct load_ctx *c, const cJSON *array);
void eap__load_vehicles(struct load_ctx *c, const cJSON *array);
void eap__load_assets(struct load_ctx *c, const cJSON *array);
void eap__load_chain(struct load_ctx *c, const cJSON *obj);
void eap__load_threats(struct load_ctx *c, const cJSON *array);
void eap__load_convoys(struct load_ctx *c, const cJSON *array);

/* --- the exercise section (exercise.c): decision points --- */
void eap__collect_decision_ids(struct load_ctx *c, const cJSON *exercise);
void eap__load_exercise(struct load_ctx *c, const cJSON *exercise);

/* --- across sections (reach.c): tripwires, threats and decision points that can never
 * fire, cycles --- */
void eap__check_plan_reachability(struct load_ctx *c, const cJSON *plan, const cJSON *threats);

#endif
