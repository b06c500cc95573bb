/*
 * The scenario loader's driver: read the file safely, check it is text and not absurdly
 * nested, parse it with cJSON, note where every value sits in the text (cJSON does not keep
 * positions, so a second light pass over the already-valid text records them), apply --set
 * overrides to the tree, then build the scenario section by section, collecting every
 * problem on the way.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "eapsim/loader.h"
#include "loader_internal.h"

#define NO_OFF UINT32_MAX

/* --- context --- */

void *eap__ctx_alloc(struct load_ctx *c, size_t size)
{
    void *p = eap__arena_alloc(c->arena, size);
    if (!p) {
        c->oom = true;
    }
    return p;
}

char *eap__ctx_strdup(struct load_ctx *c, const char *s)
{
    char *p = eap__arena_strdup(c->arena, s);
    if (!p) {
        c->oom = true;
    }
    return p;
}

/* Appends "/key" with JSON-pointer escaping (~ as ~0, / as ~1). A path that would not fit
 * (only possible with absurdly long unknown keys, which are errors anyway) ends in "...". */
void eap__ctx_push_key(struct load_ctx *c, const char *key)
{
    const size_t cap = sizeof(c->path) - 4; /* room for "..." and the NUL */
    size_t n = c->path_len;
    bool cut = n + 1 > cap;
    if (!cut) {
        c->path[n++] = '/';
    }
    for (const char *p = key; *p && !cut; p++) {
        bool esc = *p == '~' || *p == '/';
        if (n + (esc ? 2 : 1) > cap) {
            cut = true;
        } else if (esc) {
            c->path[n++] = '~';
            c->path[n++] = *p == '~' ? '0' : '1';
        } else {
            c->path[n++] = *p;
        }
    }
    if (cut) {
        while (n > 0 && ((unsigned char)c->path[n] & 0xC0) == 0x80) {
            n--;
        }
        memcpy(c->path + n, "...", 3);
        n += 3;
    }
    c->path[n] = '\0';
    c->path_len = n;
}

void eap__ctx_push_index(struct load_ctx *c, size_t i)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%zu", i);
    eap__ctx_push_key(c, buf);
}

void eap__ctx_pop(struct load_ctx *c, size_t saved_len)
{
    c->path_len = saved_len;
    c->path[saved_len] = '\0';
}

void eap__each_object(struct load_ctx *c, const cJSON *array, const char *section, eap__item_fn *fn)
{
    if (!cJSON_IsArray(array)) {
        return;
    }
    size_t saved = c->path_len, i = 0;
    eap__ctx_push_key(c, section);
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        size_t s2 = c->path_len;
        eap__ctx_push_index(c, i);
        if (eap__expect_object(c, item, NULL)) {
            fn(c, item, i);
        }
        eap__ctx_pop(c, s2);
        i++;
    }
    eap__ctx_pop(c, saved);
}

/* The object's id as collected; "?" when missing (reported here) or malformed (reported when
 * the ids were collected). */
const char *eap__id_of(struct load_ctx *c, const cJSON *obj, const struct id_table *t, size_t i)
{
    if (i < t->count && t->ids[i]) {
        return eap__ctx_strdup(c, t->ids[i]);
    }
    eap__member(c, obj, "id", true);
    return "?";
}

/* --- positions --- */

static size_t pos_slot(const struct load_ctx *c, const cJSON *node)
{
    uintptr_t h = (uintptr_t)node;
    h ^= h >> 17;
    h *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 7) & (c->pos_cap - 1);
}

static bool pos_grow(struct load_ctx *c)
{
    size_t cap = c->pos_cap ? c->pos_cap * 2 : 1024;
    struct node_pos *old = c->pos;
    size_t old_cap = c->pos_cap;
    c->pos = calloc(cap, sizeof(*c->pos));
    if (!c->pos) {
        c->pos = old;
        return false;
    }
    c->pos_cap = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].node) {
            size_t s = pos_slot(c, old[i].node);
            while (c->pos[s].node) {
                s = (s + 1) & (cap - 1);
            }
            c->pos[s] = old[i];
        }
    }
    free(old);
    return true;
}

void eap__record_pos(struct load_ctx *c, const cJSON *node, uint32_t key_off, uint32_t val_off,
                     const char *origin)
{
    if ((c->pos_used + 1) * 2 > c->pos_cap && !pos_grow(c)) {
        c->oom = true;
        return;
    }
    size_t s = pos_slot(c, node);
    while (c->pos[s].node && c->pos[s].node != node) {
        s = (s + 1) & (c->pos_cap - 1);
    }
    if (!c->pos[s].node) {
        c->pos_used++;
    }
    c->pos[s] = (struct node_pos){node, key_off, val_off, origin};
}

static const struct node_pos *find_pos(const struct load_ctx *c, const cJSON *node)
{
    if (!node || c->pos_cap == 0) {
        return NULL;
    }
    size_t s = pos_slot(c, node);
    while (c->pos[s].node) {
        if (c->pos[s].node == node) {
            return &c->pos[s];
        }
        s = (s + 1) & (c->pos_cap - 1);
    }
    return NULL;
}

/* Line and column (1-based) of a byte offset. Columns count characters (UTF-8 sequences),
 * not bytes; a tab is one column, as in most editors' status bars; CRLF ends a line like LF. */
void eap__line_col(const struct load_ctx *c, size_t off, int *line, int *col)
{
    size_t lo = 0, hi = c->line_count;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->line_starts[mid] <= off) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    int column = 1;
    for (size_t i = c->line_starts[lo]; i < off && i < c->len; i++) {
        column += ((unsigned char)c->text[i] & 0xC0) != 0x80;
    }
    *line = (int)lo + 1;
    *col = column;
}

static bool build_line_table(struct load_ctx *c)
{
    size_t n = 1;
    for (size_t i = 0; i < c->len; i++) {
        n += c->text[i] == '\n';
    }
    c->line_starts = malloc(n * sizeof(*c->line_starts));
    if (!c->line_starts) {
        return false;
    }
    c->line_starts[0] = 0;
    c->line_count = 1;
    for (size_t i = 0; i < c->len; i++) {
        if (c->text[i] == '\n') {
            c->line_starts[c->line_count++] = (uint32_t)(i + 1);
        }
    }
    return true;
}

/* Copies src into dst; when it does not fit, ends it with "..." at a UTF-8 boundary so a
 * cut is visible and the text stays valid UTF-8. */
void eap__copy_marked(char *dst, size_t len, const char *src)
{
    size_t n = strlen(src);
    if (n < len || len < 4) {
        snprintf(dst, len, "%s", src);
        return;
    }
    size_t keep = len - 4;
    while (keep > 0 && ((unsigned char)src[keep] & 0xC0) == 0x80) {
        keep--;
    }
    memcpy(dst, src, keep);
    memcpy(dst + keep, "...", 4);
}

#define copy_marked eap__copy_marked

static void report_at(struct load_ctx *c, size_t off, const char *origin, const char *path,
                      const char *msg)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = EAP_EINPUT;
    if (origin) {
        /* An origin that names its option ("--sweep ...") is shown as it is. */
        bool named = strncmp(origin, "--", 2) == 0;
        snprintf(e.file, sizeof(e.file), "%s: %s%s", c->file, named ? "" : "--set ", origin);
    } else {
        snprintf(e.file, sizeof(e.file), "%s", c->file);
        if (off != NO_OFF) {
            eap__line_col(c, off, &e.line, &e.col);
        }
    }
    copy_marked(e.path, sizeof(e.path), path);
    copy_marked(e.msg, sizeof(e.msg), msg);
    eap_diag_add(c->diag, &e);
    c->errors++;
}

static void vreport(struct load_ctx *c, const cJSON *node, const char *key, bool at_key,
                    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));

static void vreport(struct load_ctx *c, const cJSON *node, const char *key, bool at_key,
                    const char *fmt, va_list ap)
{
    char msg[1024], path[CTX_PATH_MAX];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t saved = c->path_len;
    if (key) {
        eap__ctx_push_key(c, key);
    }
    snprintf(path, sizeof(path), "%s", c->path_len ? c->path : "/");
    eap__ctx_pop(c, saved);
    const struct node_pos *p = find_pos(c, node);
    size_t off = NO_OFF;
    if (p) {
        off = at_key && p->key_off != NO_OFF ? p->key_off : p->val_off;
    }
    report_at(c, off, p ? p->origin : NULL, path, msg);
}

void eap__report(struct load_ctx *c, const cJSON *node, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, node, key, false, fmt, ap);
    va_end(ap);
}

void eap__report_key(struct load_ctx *c, const cJSON *node, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(c, node, key, true, fmt, ap);
    va_end(ap);
}

/* Sorts the problems of one load by position, keeping the order of equal ones: file order,
 * with the problems of --set arguments (which have no line) first. */
static void sort_problems(struct eap_diag *d, size_t from)
{
    for (size_t i = from + 1; i < d->count; i++) {
        struct eap_error e = d->items[i];
        size_t j = i;
        while (j > from && (d->items[j - 1].line > e.line ||
                            (d->items[j - 1].line == e.line && d->items[j - 1].col > e.col))) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = e;
    }
}

/* --- reading and pre-checks --- */

static bool read_file(const char *file, char **text, size_t *len, struct eap_diag *diag)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = EAP_EINPUT;
    snprintf(e.file, sizeof(e.file), "%s", file);
    FILE *f = fopen(file, "rb");
    struct stat st;
    if (!f) {
        snprintf(e.msg, sizeof(e.msg), "cannot open: %s", strerror(errno));
    } else if (fstat(fileno(f), &st) != 0) {
        snprintf(e.msg, sizeof(e.msg), "cannot read: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(e.msg, sizeof(e.msg), "cannot read: expected a regular file, found %s",
                 S_ISDIR(st.st_mode) ? "a directory" : "a device, pipe or socket");
    } else if ((uintmax_t)st.st_size > EAP_SCENARIO_MAX_BYTES) {
        snprintf(e.msg, sizeof(e.msg),
                 "expected a scenario of at most %zu MB, found a file of %.1f MB (not read)",
                 EAP_SCENARIO_MAX_BYTES >> 20, (double)st.st_size / (1 << 20));
    } else {
        *len = (size_t)st.st_size;
        *text = malloc(*len + 1);
        if (*text && fread(*text, 1, *len, f) == *len) {
            (*text)[*len] = '\0';
            fclose(f);
            return true;
        }
        snprintf(e.msg, sizeof(e.msg), "cannot read: %s",
                 *text ? strerror(errno) : "out of memory");
        free(*text);
        *text = NULL;
    }
    if (f) {
        fclose(f);
    }
    eap_diag_add(diag, &e);
    return false;
}

/* --- positions pass over the valid text --- */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
    }
    return p;
}

static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end && *p != '"'; p++) {
        if (*p == '\\') {
            p++;
        }
    }
    return p < end ? p + 1 : end;
}

static const char *scan_value(struct load_ctx *c, const char *p, const char *end, const cJSON *node,
                              uint32_t key_off)
{
    p = skip_ws(p, end);
    eap__record_pos(c, node, key_off, (uint32_t)(p - c->text), NULL);
    if (p >= end) {
        return p;
    }
    if (*p == '{' || *p == '[') {
        bool object = *p == '{';
        char close = object ? '}' : ']';
        const cJSON *child = node->child;
        p = skip_ws(p + 1, end);
        while (p < end && *p != close && child) {
            uint32_t koff = NO_OFF;
            if (object) {
                koff = (uint32_t)(p - c->text);
                p = skip_ws(skip_string(p, end), end) + 1; /* past the ':' */
            }
            p = skip_ws(scan_value(c, p, end, child, koff), end);
            child = child->next;
            if (p < end && *p == ',') {
                p = skip_ws(p + 1, end);
            }
        }
        return p < end ? p + 1 : end;
    }
    if (*p == '"') {
        return skip_string(p, end);
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' &&
           *p != '\r' && *p != '\t') {
        p++;
    }
    return p;
}

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
static cJSON *override_value(const char *text)
{
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithOpts(text, &end, 1);
    return v ? v : cJSON_CreateString(text);
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

bool eap__resolve_path(const cJSON *root, const char *path, char *pointer, size_t len,
                       char *why, size_t why_len)
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
    report_at(c, NO_OFF, o->origin, c->path_len ? c->path : "/", msg);
}

/* Sets the last component `comp` of node to value; false when it cannot. */
static bool set_child(struct load_ctx *c, cJSON *node, const char *comp, cJSON *value,
                      const struct eap_override *o)
{
    int index;
    cJSON *child = step_into(node, comp, &index);
    if (cJSON_IsArray(node) && child) {
        cJSON_ReplaceItemInArray(node, index, value);
        eap__ctx_push_index(c, (size_t)index);
    } else if (cJSON_IsObject(node)) {
        if (child) {
            cJSON_ReplaceItemInObjectCaseSensitive(node, comp, value);
        } else {
            /* A new key: an optional member the file left out (unknown keys are reported
             * when the section is read, with a "did you mean"). */
            cJSON_AddItemToObject(node, comp, value);
        }
        eap__ctx_push_key(c, comp);
    } else {
        override_not_found(c, node, comp, o);
        return false;
    }
    mark_origin(c, value, o->origin);
    return true;
}

static void apply_override(struct load_ctx *c, cJSON *root, const struct eap_override *o)
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
            } else if (!set_child(c, node, comp, value, o)) {
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

/* --- building --- */

static void load_clock(struct load_ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"start", "horizon"};
    size_t saved = c->path_len;
    const cJSON *clock = eap__member(c, root, "clock", true);
    if (!clock || !eap__expect_object(c, clock, "clock")) {
        return;
    }
    eap__ctx_push_key(c, "clock");
    eap__check_keys(c, clock, keys, COUNT_OF(keys));
    const char *start = eap__get_string(c, clock, "start", true);
    char why[256];
    if (start && !eap_clock_parse(&c->scn->clock, start, why, sizeof(why))) {
        eap__report(c, eap__member(c, clock, "start", false), "start", "%s", why);
    } else if (start) {
        c->clock_ok = true;
    }
    const cJSON *h = eap__member(c, clock, "horizon", true);
    double ms;
    if (h && !cJSON_IsString(h)) {
        char found[96];
        eap__describe_json(h, found, sizeof(found));
        eap__report(c, h, "horizon", "expected a fixed duration such as \"24 h\", found %s", found);
    } else if (h && !eap_units_parse(EAP_Q_DURATION, h->valuestring, &ms, why, sizeof(why))) {
        eap__report(c, h, "horizon", "%s", why);
    } else if (h && (ms < EAP_MINUTE || ms > 365.0 * EAP_DAY)) {
        eap__report(c, h, "horizon", "expected a horizon from 1 min to 365 days, found \"%s\"",
                    h->valuestring);
    } else if (h) {
        c->scn->horizon = (eap_time)(ms + 0.5);
    }
    eap__ctx_pop(c, saved);
}

static void load_notes(struct load_ctx *c, const cJSON *root)
{
    const cJSON *notes = eap__member(c, root, "notes", false);
    if (!notes || !eap__expect_array(c, notes, "notes", false)) {
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(notes), i = 0, saved = c->path_len;
    c->scn->notes = eap__ctx_alloc(c, (n ? n : 1) * sizeof(char *));
    eap__ctx_push_key(c, "notes");
    const cJSON *item;
    cJSON_ArrayForEach(item, notes)
    {
        if (!cJSON_IsString(item)) {
            char idx[24];
            snprintf(idx, sizeof(idx), "%zu", i);
            eap__report(c, item, idx, "expected a string");
        } else if (c->scn->notes) {
            c->scn->notes[c->scn->note_count++] = eap__ctx_strdup(c, item->valuestring);
        }
        i++;
    }
    eap__ctx_pop(c, saved);
}

static void load_metrics(struct load_ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"deadline", "on_scene_from"};
    const cJSON *m = eap__member(c, root, "metrics", false);
    if (!m || !eap__expect_object(c, m, "metrics")) {
        return;
    }
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "metrics");
    eap__check_keys(c, m, keys, COUNT_OF(keys));
    eap_time t;
    if (eap__get_time(c, m, "deadline", false, &t)) {
        c->scn->deadline = t;
    }
    const cJSON *from = eap__member(c, m, "on_scene_from", false);
    if (from && eap__expect_object(c, from, "on_scene_from")) {
        size_t s2 = c->path_len;
        eap__ctx_push_key(c, "on_scene_from");
        c->scn->has_origin = eap__parse_condition(c, from, false, &c->scn->origin);
        eap__ctx_pop(c, s2);
    }
    eap__ctx_pop(c, saved);
}

/* "$schema" lets an editor find scenarios/schema.json; the loader ignores its value. */
static const char *const top_keys[] = {
    "eapsim",        "id",      "name",   "description", "clock",   "notes",
    "places",        "routes",  "people", "vehicles",    "assets",  "threats",
    "request_chain", "convoys", "plan",   "record",      "metrics", "exercise", "$schema"};

static void collect_all_ids(struct load_ctx *c, const cJSON *root)
{
    eap__collect_ids(c, eap__member(c, root, "places", false), "places", &c->places, "place");
    eap__collect_ids(c, eap__member(c, root, "routes", false), "routes", &c->routes, "route");
    eap__collect_ids(c, eap__member(c, root, "people", false), "people", &c->parties, "party");
    eap__collect_ids(c, eap__member(c, root, "vehicles", false), "vehicles", &c->vehicles,
                     "vehicle type");
    eap__collect_ids(c, eap__member(c, root, "assets", false), "assets", &c->assets, "asset");
    eap__collect_ids(c, eap__member(c, root, "threats", false), "threats", &c->threats, "threat");
    eap__collect_ids(c, eap__member(c, root, "convoys", false), "convoys", &c->convoys, "convoy");
    eap__collect_ids(c, eap__member(c, root, "plan", false), "plan", &c->tripwires, "tripwire");
    eap__collect_ids(c, eap__member(c, root, "record", false), "record", &c->milestones,
                     "milestone");
    eap__collect_action_ids(c, eap__member(c, root, "plan", false));
    eap__collect_decision_ids(c, eap__member(c, root, "exercise", false));
    const cJSON *chain = eap__member(c, root, "request_chain", false);
    size_t saved = c->path_len;
    eap__ctx_push_key(c, "request_chain");
    eap__collect_ids(c, cJSON_IsObject(chain) ? eap__member(c, chain, "hops", false) : NULL, "hops",
                     &c->hops, "request-chain hop");
    eap__ctx_pop(c, saved);
}

static void build(struct load_ctx *c, const cJSON *root)
{
    eap__check_keys(c, root, top_keys, COUNT_OF(top_keys));
    int version = 0;
    if (eap__get_int(c, root, "eapsim", true, 0, 1000, &version) && version != 1) {
        eap__report(c, eap__member(c, root, "eapsim", false), "eapsim",
                    "expected format version 1, found %d", version);
    }
    c->scn->id = eap__get_text(c, root, "id", true);
    c->scn->name = eap__get_text(c, root, "name", true);
    c->scn->description = eap__get_text(c, root, "description", false);
    load_clock(c, root);
    load_notes(c, root);
    collect_all_ids(c, root);
    if (c->places.count == 0 && !eap__member(c, root, "places", false)) {
        eap__report(c, root, NULL, "missing required key \"places\"");
    }
    eap__load_places(c, eap__member(c, root, "places", false));
    eap__load_routes(c, eap__member(c, root, "routes", false));
    eap__load_people(c, eap__member(c, root, "people", false));
    eap__load_vehicles(c, eap__member(c, root, "vehicles", false));
    eap__load_chain(c, eap__member(c, root, "request_chain", false));
    eap__load_assets(c, eap__member(c, root, "assets", false));
    eap__load_threats(c, eap__member(c, root, "threats", false));
    eap__load_convoys(c, eap__member(c, root, "convoys", false));
    eap__load_plan(c, eap__member(c, root, "plan", false));
    eap__load_record(c, eap__member(c, root, "record", false));
    load_metrics(c, root);
    c->root = root;
    eap__load_exercise(c, eap__member(c, root, "exercise", false));
    if (c->errors == 0) {
        eap__check_plan_reachability(c, eap__member(c, root, "plan", false),
                                     eap__member(c, root, "threats", false));
    }
    c->root = NULL;
}

static bool finish_inputs(struct load_ctx *c)
{
    struct eap_scenario *s = c->scn;
    s->inputs = eap__ctx_alloc(c, (c->input_count ? c->input_count : 1) * sizeof(*s->inputs));
    if (!s->inputs) {
        return false;
    }
    for (size_t i = 0; i < c->input_count; i++) {
        struct eap_input *in = &s->inputs[i];
        *in = c->inputs[i];
        in->replay_value =
            in->dist.has_recorded ? in->dist.recorded : eap_dist_quantile(&in->dist, 0.5);
    }
    s->input_count = c->input_count;
    s->metric_count = eap__metric_count(s);
    s->metrics = eap__ctx_alloc(c, s->metric_count * sizeof(*s->metrics));
    if (!s->metrics) {
        return false;
    }
    eap__metrics_define(s, s->metrics);
    return true;
}

static void oom_report(struct load_ctx *c)
{
    struct eap_error e;
    eap_error_clear(&e);
    e.code = EAP_ENOMEM;
    snprintf(e.file, sizeof(e.file), "%s", c->file);
    snprintf(e.msg, sizeof(e.msg), "out of memory while loading");
    eap_diag_add(c->diag, &e);
    c->errors++;
}

/* Checks and parses the text; NULL after reporting why. */
static cJSON *parse(struct load_ctx *c)
{
    if (skip_ws(c->text, c->text + c->len) == c->text + c->len) {
        report_at(c, 0, NULL, "",
                  c->len ? "expected a JSON object, found only white space"
                         : "expected a JSON object, found an empty file");
        return NULL;
    }
    size_t off = 0;
    char msg[512];
    if (!eap__json_check(c, &off, msg, sizeof(msg))) {
        report_at(c, off, NULL, "", msg);
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(c->text, c->len, &end, 0);
    if (!root) {
        /* The text is valid JSON, so only memory can be missing. */
        c->oom = true;
        return NULL;
    }
    scan_value(c, c->text, c->text + c->len, root, NO_OFF);
    if (!cJSON_IsObject(root)) {
        char found[96];
        eap__describe_json(root, found, sizeof(found));
        snprintf(msg, sizeof(msg), "expected a JSON object at the top level, found %s", found);
        report_at(c, (size_t)(skip_ws(c->text, c->text + c->len) - c->text), NULL, "/", msg);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static struct eap_scenario *load(struct load_ctx *c, const struct eap_override *ovr, size_t n)
{
    cJSON *root = NULL;
    if (!build_line_table(c)) {
        c->oom = true;
    } else {
        root = parse(c);
    }
    if (root) {
        for (size_t i = 0; i < n; i++) {
            apply_override(c, root, &ovr[i]);
        }
        c->arena = eap__arena_create();
        c->scn = calloc(1, sizeof(*c->scn));
        if (!c->arena || !c->scn) {
            c->oom = true;
        } else {
            /* Even when an override could not be applied, the file's own problems are
             * worth reporting too. */
            c->scn->arena = c->arena;
            c->scn->file = eap__ctx_strdup(c, c->file);
            build(c, root);
        }
        cJSON_Delete(root);
    }
    if (root && !c->oom && c->errors == 0 && finish_inputs(c)) {
        return c->scn;
    }
    if (c->oom) {
        oom_report(c);
    }
    if (c->scn) {
        c->scn->arena = NULL;
    }
    free(c->scn);
    eap__arena_free(c->arena);
    return NULL;
}

struct eap_scenario *eap_scenario_load_text(const char *name, const char *text, size_t len,
                                            const struct eap_override *overrides,
                                            size_t override_count, struct eap_diag *diag)
{
    struct load_ctx c;
    memset(&c, 0, sizeof(c));
    c.file = name ? name : "(text)";
    c.diag = diag;
    if (len > EAP_SCENARIO_MAX_BYTES) {
        char msg[128];
        snprintf(msg, sizeof(msg), "expected a scenario of at most %zu MB, found %.1f MB of text",
                 EAP_SCENARIO_MAX_BYTES >> 20, (double)len / (1 << 20));
        report_at(&c, NO_OFF, NULL, "", msg);
        return NULL;
    }
    /* A UTF-8 byte order mark (some Windows editors write one) is not JSON: skip it, and
     * count columns from after it, as editors do. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    c.text = text;
    c.len = len;
    size_t first = diag->count;
    struct eap_scenario *scn = load(&c, overrides, override_count);
    sort_problems(diag, first);
    free(c.line_starts);
    free(c.pos);
    free(c.inputs);
    return scn;
}

struct eap_scenario *eap_scenario_load(const char *file, const struct eap_override *overrides,
                                       size_t override_count, struct eap_diag *diag)
{
    char *text = NULL;
    size_t len = 0;
    if (!read_file(file, &text, &len, diag)) {
        return NULL;
    }
    struct eap_scenario *scn =
        eap_scenario_load_text(file, text, len, overrides, override_count, diag);
    free(text);
    return scn;
}
