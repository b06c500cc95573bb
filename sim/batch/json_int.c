/*
 * The one JSON integer convention (see json_int.h): numbers up to 2^53 - 1 in magnitude,
 * decimal strings beyond; either form read back.
 */
#include "json_int.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX_TEXT                                                                             \
    "9007199254740991" /* 2^53 - 1, the largest integer a double holds                             \
                        * together with all below it */

/* Whether the digits (no sign, no leading zeros) stand for at most 2^53 - 1. */
static bool exact_in_double(const char *digits)
{
    size_t n = strlen(digits), max = sizeof(EXACT_MAX_TEXT) - 1;
    return n < max || (n == max && strcmp(digits, EXACT_MAX_TEXT) <= 0);
}

cJSON *eap_json_int(const char *dec)
{
    return exact_in_double(dec + (dec[0] == '-')) ? cJSON_CreateRaw(dec) : cJSON_CreateString(dec);
}

bool eap_json_add_int(cJSON *obj, const char *key, const char *dec)
{
    cJSON *item = eap_json_int(dec);
    if (!item) {
        return false;
    }
    if (!cJSON_AddItemToObject(obj, key, item)) { /* copying the key ran out of memory */
        cJSON_Delete(item);
        return false;
    }
    return true;
}

bool eap_json_add_u64(cJSON *obj, const char *key, uint64_t v)
{
    char dec[EAP_JSON_INT_TEXT];
    snprintf(dec, sizeof(dec), "%" PRIu64, v);
    return eap_json_add_int(obj, key, dec);
}

bool eap_json_add_i64(cJSON *obj, const char *key, int64_t v)
{
    char dec[EAP_JSON_INT_TEXT];
    snprintf(dec, sizeof(dec), "%" PRId64, v);
    return eap_json_add_int(obj, key, dec);
}

const char *eap_json_kind(const cJSON *item)
{
    return !item                  ? "nothing"
           : cJSON_IsString(item) ? "a string"
           : cJSON_IsNumber(item) ? "a number"
           : cJSON_IsNull(item)   ? "null"
           : cJSON_IsBool(item)   ? "a boolean"
           : cJSON_IsArray(item)  ? "an array"
                                  : "an object";
}

bool eap_json_int_text(const cJSON *item, char *buf, const char **why)
{
    if (cJSON_IsString(item)) {
        snprintf(buf, EAP_JSON_INT_TEXT, "%s", item->valuestring);
        return true;
    }
    double d = cJSON_IsNumber(item) ? item->valuedouble : NAN;
    if (!cJSON_IsNumber(item)) {
        *why = eap_json_kind(item);
    } else if (d != floor(d)) {
        *why = "a number with a fraction";
    } else if (fabs(d) > 9007199254740991.0) {
        /* Past 2^53 a JSON number has lost its last digits in any double-based reader. */
        *why = "a number beyond 2^53 - 1 (write it as a string of digits)";
    } else {
        snprintf(buf, EAP_JSON_INT_TEXT, "%.0f", d == 0 ? 0.0 : d); /* never "-0" */
        return true;
    }
    return false;
}

bool eap_json_get_u64(const cJSON *item, uint64_t *out)
{
    char text[EAP_JSON_INT_TEXT], *end;
    const char *why;
    if (!eap_json_int_text(item, text, &why) || text[0] < '0' || text[0] > '9') {
        return false;
    }
    errno = 0;
    *out = strtoull(text, &end, 10);
    return *end == '\0' && errno != ERANGE;
}
