/*
 * The JSON form of a struct eap_stat (stats.h): what shard state files and MPI ranks carry.
 * Library-internal, not under include/eapsim: it names cJSON types. Integers follow the
 * one convention of json_int.h (numbers up to 2^53 - 1, decimal strings beyond).
 */
#ifndef EAPSIM_STATS_JSON_H
#define EAPSIM_STATS_JSON_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "eapsim/error.h"
#include "eapsim/stats.h"

/* Serializes s. Returns a new JSON object (free with cJSON_Delete()), or NULL when memory
 * runs out or s->oom is set (a stat that lost values must not be merged as if complete).
 * Equal states give identical trees, so printed text is byte-identical. The histogram is
 * sparse. The values -5, 0, 300 and one missing give (printed compactly, without the
 * spaces):
 *   {"count": 3, "missing": 1, "min": -5, "max": 300, "sum": 295, "sumsq": 90025,
 *    "bins_per_octave": 128, "bins": [[-5, 1], [0, 1], [278, 1]]}
 * and a sum of squares of 10^20 is written "100000000000000000000", a string. min and max
 * are null when count is 0; bins lists [bin number, count] pairs with non-zero counts in
 * increasing bin order (see EAP_STAT_BIN_MAX). O(bins held). */
cJSON *eap_stat_to_json(const struct eap_stat *s);

/* Reads a stat written by eap_stat_to_json() (or by version 1 state files, which wrote every
 * integer as a string) into s, which must hold no memory (uninitialised, finished, or never
 * given a value): it is overwritten, and left empty on failure. Checks every field (presence,
 * type, decimal syntax and range, unknown keys, bin numbers, ordering and counts) and the
 * consistency of the whole (bins sum to count, min and max sit in the first and last bins,
 * count*min <= sum <= count*max, sum^2 <= count*sumsq <= count^2*max(min^2, max^2)). Returns
 * false and fills err (EAP_EINPUT, err->path the JSON pointer inside obj such as "/bins/3/1",
 * err->msg naming the field) on bad input, EAP_ENOMEM when memory runs out. O(size of obj). */
bool eap_stat_from_json(struct eap_stat *s, const cJSON *obj, struct eap_error *err);

#endif
