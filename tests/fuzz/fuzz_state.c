/*
 * libFuzzer harness for the batch state reader (eap_batch_state_from_json), which `eapsim
 * merge` runs on state.json files from other machines. The input is the file's text. A
 * refusal must say why; an accepted state must write back (eap_batch_state_to_json) to text
 * that reads again and writes the same bytes, must merge with itself or refuse with a reason,
 * and must summarise (text, JSON, CSV) as merge's report does, all without a sanitizer report.
 * Build and run: docs/robustness.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/batch.h"
#include "eapsim/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
    struct eap_batch_meta meta;
    struct eap_batch_stats stats;
    char *keep;
};

static bool read_state(const char *text, struct state *st)
{
    struct eap_error err;
    eap_error_clear(&err);
    if (eap_batch_state_from_json("fuzz.json", text, &st->meta, &st->stats, &st->keep, &err)) {
        return true;
    }
    if (err.msg[0] == '\0') {
        abort(); /* a refusal says why */
    }
    return false;
}

static void free_state(struct state *st)
{
    eap_batch_stats_finish(&st->stats);
    free(st->keep);
}

/* What was accepted writes back to text that reads again to the same state. */
static void check_round_trip(const struct state *st)
{
    char *once = eap_batch_state_to_json(&st->meta, &st->stats);
    struct state again;
    if (!once || !read_state(once, &again)) {
        abort();
    }
    char *twice = eap_batch_state_to_json(&again.meta, &again.stats);
    if (!twice || strcmp(once, twice) != 0) {
        abort();
    }
    free(twice);
    free(once);
    free_state(&again);
}

/* Merging the state into an empty one twice either works or says why (counts can overflow). */
static void check_merge(const struct state *st)
{
    struct eap_batch_stats sum;
    struct eap_error err;
    eap_error_clear(&err);
    if (!eap_batch_stats_init(&sum, st->stats.defs, st->stats.metric_count, st->stats.b != NULL)) {
        abort();
    }
    for (int i = 0; i < 2; i++) {
        if (!eap_batch_stats_merge(&sum, &st->stats, &err) && err.msg[0] == '\0') {
            abort();
        }
    }
    eap_batch_stats_finish(&sum);
}

/* The report `eapsim merge` writes from a state. */
static void check_summary(const struct state *st)
{
    static FILE *devnull;
    if (!devnull && !(devnull = fopen("/dev/null", "w"))) {
        abort();
    }
    struct eap_summary s = {&st->meta, st->stats.b ? EAP_SUMMARY_COMPARE : EAP_SUMMARY_BATCH,
                            NULL,      &st->stats,
                            1,         st->stats.completed < st->meta.count,
                            NULL,      NULL};
    char *json = eap_summary_json(&s);
    char *csv = eap_summary_csv(&s);
    if (!json || !csv || !eap_summary_text(devnull, &s)) {
        abort();
    }
    free(json);
    free(csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) {
        abort();
    }
    memcpy(text, data, size);
    text[size] = '\0';
    struct state st;
    if (read_state(text, &st)) {
        check_round_trip(&st);
        check_merge(&st);
        check_summary(&st);
        free_state(&st);
    }
    free(text);
    return 0;
}
