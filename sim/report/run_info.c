/*
 * run-info.json: what a command wrote and read, with their digests, under its stamp, and the
 * wall-clock figures that never enter a summary. The files it lists are every one the
 * command wrote into its output directory, plain CSV tables included: they carry no stamp of
 * their own (pandas, R and Excel read them without options), so this file stands for them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eapsim/summary.h"
#include "report_internal.h"

void eap_written_add(struct eap_written *w, const char *name)
{
    if (!w) {
        return;
    }
    for (size_t i = 0; i < w->count; i++) {
        if (strcmp(w->names[i], name) == 0) {
            return;
        }
    }
    if (w->count == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;
        char(*grown)[256] = realloc(w->names, cap * sizeof(*grown));
        if (!grown) {
            w->oom = true;
            return;
        }
        w->names = grown;
        w->cap = cap;
    }
    snprintf(w->names[w->count++], sizeof(w->names[0]), "%s", name);
}

void eap_written_finish(struct eap_written *w)
{
    free(w->names);
    memset(w, 0, sizeof(*w));
}

/* {"file": NAME, "bytes": N, "sha256": HEX} for the file at path. */
static bool file_entry(struct text_buf *b, const char *path, const char *name,
                       struct eap_error *err)
{
    char hex[65];
    struct stat st;
    if (stat(path, &st) != 0) {
        return eap_error_set(err, EAP_EIO, "cannot read %s: %s", path, strerror(errno));
    }
    if (!eap_sha256_file(path, hex, err)) {
        return false;
    }
    eap__buf_put(b, "    {\"file\": ");
    eap__json_string(b, name);
    eap__buf_put(b, ", \"bytes\": %lld, \"sha256\": \"%s\"}", (long long)st.st_size, hex);
    return true;
}

/* "key": [entries] of the files in list (dir/name, or the name as a path when dir is NULL). */
static bool file_list(struct text_buf *b, const char *key, const char *dir,
                      const struct eap_written *list, struct eap_error *err)
{
    eap__buf_put(b, "  \"%s\": [", key);
    for (size_t i = 0; list && i < list->count; i++) {
        char path[1400];
        snprintf(path, sizeof(path), "%s%s%s", dir ? dir : "", dir ? "/" : "", list->names[i]);
        eap__buf_put(b, i ? ",\n" : "\n");
        if (!file_entry(b, path, list->names[i], err)) {
            return false;
        }
    }
    eap__buf_put(b, list && list->count ? "\n  ],\n" : "],\n");
    return true;
}

char *eap_run_info_json(const char *dir, const struct eap_stamp *stamp,
                        const struct eap_written *files, const struct eap_written *inputs,
                        double elapsed, uint64_t replications, unsigned threads,
                        struct eap_error *err)
{
    eap_error_clear(err);
    if ((files && files->oom) || (inputs && inputs->oom)) {
        eap_error_set(err, EAP_ENOMEM, "out of memory listing the files written");
        return NULL;
    }
    struct text_buf b = {NULL, 0, 0, false};
    eap__buf_put(&b, "{\n");
    eap__buf_put_stamp(&b, stamp);
    if (!file_list(&b, "files", dir, files, err) || !file_list(&b, "inputs", NULL, inputs, err)) {
        free(eap__buf_take(&b));
        return NULL;
    }
    char host[128] = "";
    gethostname(host, sizeof(host) - 1);
    eap__buf_put(&b,
                 "  \"elapsed_seconds\": %.3f,\n  \"replications\": %llu,\n"
                 "  \"replications_per_second\": %.0f,\n  \"threads\": %u,\n  \"host\": ",
                 elapsed, (unsigned long long)replications,
                 elapsed > 0 ? (double)replications / elapsed : 0, threads);
    eap__json_string(&b, host);
    eap__buf_put(&b, "\n}\n");
    char *text = eap__buf_take(&b);
    if (!text) {
        eap_error_set(err, EAP_ENOMEM, "out of memory writing run-info.json");
    }
    return text;
}
