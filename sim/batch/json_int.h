/*
 * Integers in the JSON files eapsim writes (summaries, run reports, batch state): one
 * convention, I-JSON's (RFC 7493, section 2.2). An integer whose magnitude is at most
 * 2^53 - 1 is a JSON number, which every reader holds exactly; a larger one is a string of
 * decimal digits, since readers that hold numbers as doubles (cJSON, JavaScript) would round
 * it. Readers take either form for any value, so files written before the convention (batch
 * state version 1 wrote every 64-bit integer as a string) still read.
 *
 * Library-internal, not under include/eapsim: it names cJSON types. The batch state
 * (sim/batch) and the reports above it (sim/report) use it.
 */
#ifndef EAPSIM_JSON_INT_H
#define EAPSIM_JSON_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* Room for the decimal text of any integer these files hold (192 bits: 58 digits). */
#define EAP_JSON_INT_TEXT 64

/* The item for an integer given as decimal text (an optional '-', then digits without
 * leading zeros): a number or a string as the convention says. NULL when memory runs out. */
cJSON *eap_json_int(const char *dec);

/* Adds an integer under key; false when memory runs out. */
bool eap_json_add_int(cJSON *obj, const char *key, const char *dec);
bool eap_json_add_u64(cJSON *obj, const char *key, uint64_t v);
bool eap_json_add_i64(cJSON *obj, const char *key, int64_t v);

/* The decimal text of an integer item into buf[EAP_JSON_INT_TEXT]: a string is copied as it
 * is (cut at the buffer's end; its syntax is for the caller's parser to check), a number
 * must be a whole number of magnitude at most 2^53 - 1. Returns false otherwise, with *why
 * saying what was found ("a number with a fraction", "an array", ...). */
bool eap_json_int_text(const cJSON *item, char *buf, const char **why);

/* What an item is, for "expected X, found Y" messages: "nothing" (NULL), "a string",
 * "a number", "null", "a boolean", "an array" or "an object". */
const char *eap_json_kind(const cJSON *item);

/* Reads a non-negative 64-bit integer item (a number, or decimal digits in a string, within
 * 64 bits). Returns false for anything else. */
bool eap_json_get_u64(const cJSON *item, uint64_t *out);

#endif
