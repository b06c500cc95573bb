/*
 * --set overrides: "PATH=VALUE" split, and applied to the parsed tree before the scenario is
 * built, so an override is checked exactly like the file; paths name keys, array indices or
 * ids. Also the resolution of such paths to JSON pointers for the exercise section.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eapsim/loader.h"
#include "loader_internal.h"

/* --- overrides --- */

bool eap_override_split(const char *arg, char *buf, size_t len, struct eap_override *out,
                        struct eap_error *err)
{
    size_t n = strlen(arg);
    if (n + 1 > len) {
        return eap_error_set(err, EAP_EUSAGE, "--set %.40s...: too long", arg);
    }
    memcpy(buf, arg, n + 1);
    char *eq = strchr(buf, '=');
    if (!eq) {
        return eap_error_set(err, EAP_EUSAGE,
                             "--set %s: expected PATH=VALUE, e.g. "
                             "assets/isr_drone/readiness=\"30 min\"",
                             arg);
    }
    *eq = '\0';
    char *path = buf;
    while (*path == '/') {
        path++;
    }
    if (!*path) {
        return eap_error_set(err, EAP_EUSAGE, "--set %s: the path before '=' is empty", arg);
    }
    out->path = path;
    out->value = eq + 1;
    out->origin = arg;
    return true;
}

static void mark_origin(struct load_ctx *c, const cJSON *node, const char *origin)
{
    eap__record_pos(c, node, NO_OFF, NO_OFF, origin);
    for (const cJSON *ch = node->child; ch; ch = ch->next) {
        mark_origin(c, ch, origin);
    }
}

/* The value of an override: JSON when the whole text parses as JSON, a string otherwise. */
/* NULL when memory ran out (malloc's errno tells it from text that is not JSON). */
static cJSON *override_value(const char *text)
{
    const char *end = NULL;
    errno = 0;
    cJSON *v = cJSON_ParseWithOpts(text, &end, 1);
    return v ? v : errno == ENOMEM ? NULL : cJSON_CreateString(text);
}

/* Finds child `comp` of node (a key, an array index, or an array element's id). */
static cJSON *step_into(cJSON *node, const char *comp, int *index)
{
    *index = -1;
    if (cJSON_IsObject(node)) {
        return cJSON_GetObjectItemCaseSensitive(node, comp);
    }
    if (!cJSON_IsArray(node)) {
        return NULL;
    }
    char *end;
    errno = 0;
    long i = strtol(comp, &end, 10);
    if (comp[0] >= '0' && comp[0] <= '9' && *end == '\0' && errno == 0 &&
        i < cJSON_GetArraySize(node)) {
        *index = (int)i;
        return cJSON_GetArrayItem(node, (int)i);
    }
    int k = 0;
    cJSON *item;
    cJSON_ArrayForEach(item, node)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
        if (cJSON_IsString(id) && strcmp(id->valuestring, comp) == 0) {
            *index = k;
            return item;
        }
        k++;
    }
    return NULL;
}

bool eap__resolve_path(const cJSON *root, const char *path, char *pointer, size_t len, char *why,
                       size_t why_len)
{
    char comps[1024];
    snprintf(comps, sizeof(comps), "%s", path[0] == '/' ? path + 1 : path);
    const cJSON *node = root;
    size_t n = 0;
    pointer[0] = '\0';
    char *save = NULL;
    for (char *comp = strtok_r(comps, "/", &save); comp; comp = strtok_r(NULL, "/", &save)) {
        int index;
        const cJSON *child = step_into((cJSON *)node, comp, &index);
        if (!child) {
            snprintf(why, why_len, "%s%s has no \"%s\"", n ? "" : "the scenario", pointer, comp);
            return false;
        }
        int w = index >= 0 ? snprintf(pointer + n, len - n, "/%d", index)
                           : snprintf(pointer + n, len - n, "/%s", comp);
        n += w > 0 ? (size_t)w : 0;
        if (n >= len) {
            snprintf(why, why_len, "the path is too long");
            return false;
        }
        node = child;
    }
    return true;
}

/* Names of the children of node: keys of an object, ids of an array's elements (arena-free:
 * the caller frees the array). */
static const char **child_names(const cJSON *node, size_t *n)
{
    size_t cap = (size_t)cJSON_GetArraySize(node) + 1;
    const char **names = malloc(cap * sizeof(*names));
    *n = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, node)
    {
        const cJSON *id = cJSON_IsArray(node) ? cJSON_GetObjectItemCaseSensitive(item, "id") : NULL;
        const char *name =
            cJSON_IsArray(node) ? (cJSON_IsString(id) ? id->valuestring : NULL) : item->string;
        if (name && names) {
            names[(*n)++] = name;
        }
    }
    return names;
}

static void override_not_found(struct load_ctx *c, const cJSON *node, const char *comp,
                               const struct eap_override *o)
{
    const char *where = c->path_len ? c->path : "the scenario";
    char msg[2400], found[96];
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node)) {
        eap__describe_json(node, found, sizeof(found));
        snprintf(msg, sizeof(msg),
                 "cannot go into \"%s\": expected an object or an array at %s, found %s", comp,
                 where, found);
    } else {
        size_t n;
        const char **names = child_names(node, &n);
        const char *hint = names ? eap_suggest(comp, names, n) : NULL;
        if (cJSON_IsArray(node)) {
            snprintf(msg, sizeof(msg),
                     "expected an index from 0 to %d or the id of an element of %s, found "
                     "\"%s\"%s%s%s",
                     cJSON_GetArraySize(node) - 1, where, comp, hint ? "; did you mean \"" : "",
                     hint ? hint : "", hint ? "\"?" : "");
        } else {
            snprintf(msg, sizeof(msg), "%s has no key \"%s\"%s%s%s", where, comp,
                     hint ? "; did you mean \"" : "", hint ? hint : "", hint ? "\"?" : "");
        }
        free(names);
    }
    eap__report_at(c, NO_OFF, o->origin, c->path_len ? c->path : "/", msg);
}

/* Sets the last component `comp` of node to value; false when it cannot. key is comp's text
 * in the override's path, which outlives the tree: the member takes it as a constant key, so
 * placing it allocates nothing and cannot fail halfway. */
static bool set_child(struct load_ctx *c, cJSON *node, const char *comp, const char *key,
                      cJSON *value, const struct eap_override *o)
{
    int index;
    cJSON *child = step_into(node, comp, &index);
    if (cJSON_IsArray(node) && child) {
        cJSON_ReplaceItemInArray(node, index, value);
        eap__ctx_push_index(c, (size_t)index);
    } else if (cJSON_IsObject(node)) {
        /* A new key is an optional member the file left out (unknown keys are reported when
         * the section is read, with a "did you mean"). */
        if (child) {
            value->string = (char *)key;
            value->type |= cJSON_StringIsConst;
            cJSON_ReplaceItemViaPointer(node, child, value);
        } else {
            cJSON_AddItemToObjectCS(node, key, value);
        }
        eap__ctx_push_key(c, comp);
    } else {
        override_not_found(c, node, comp, o);
        return false;
    }
    mark_origin(c, value, o->origin);
    return true;
}

void eap__apply_override(struct load_ctx *c, cJSON *root, const struct eap_override *o)
{
    size_t plen = strlen(o->path);
    char *comps = malloc(plen + 1);
    if (!comps) {
        c->oom = true;
        return;
    }
    memcpy(comps, o->path, plen + 1);
    cJSON *node = root;
    eap__ctx_pop(c, 0);
    char *save = NULL;
    char *comp = strtok_r(comps, "/", &save);
    while (comp) {
        char *next = strtok_r(NULL, "/", &save);
        if (!next) {
            cJSON *value = override_value(o->value);
            if (!value) {
                c->oom = true;
            } else if (!set_child(c, node, comp, o->path + (comp - comps), value, o)) {
                cJSON_Delete(value);
            }
            break;
        }
        int index;
        cJSON *child = step_into(node, comp, &index);
        if (!child) {
            override_not_found(c, node, comp, o);
            break;
        }
        if (index >= 0) {
            eap__ctx_push_index(c, (size_t)index);
        } else {
            eap__ctx_push_key(c, comp);
        }
        node = child;
        comp = next;
    }
    free(comps);
    eap__ctx_pop(c, 0);
}
