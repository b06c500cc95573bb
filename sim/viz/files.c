/*
 * The visualizer's files: assets read whole (icons, the map), and images written atomically
 * (to a temporary name beside the target, then renamed), so a reader never sees half a file.
 * Below the asset loaders and the renderer, which both use it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL_image.h>

#include "viz_internal.h"

char *eap__viz_read_file(const char *path, const char *what, long max, size_t *len,
                         struct eap_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        eap_error_set(err, EAP_EIO, "cannot open %s %s: %s", what, path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n > 0 && n <= max && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
        if (fread(buf, 1, (size_t)n, f) == (size_t)n) {
            buf[n] = '\0';
        } else {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    if (!buf) {
        eap_error_set(err, EAP_EIO, "cannot read %s %s", what, path);
    } else if (len) {
        *len = (size_t)n;
    }
    return buf;
}

bool eap_viz_save_png(struct eap_viz *v, const char *path, struct eap_error *err)
{
    if (!v->surface) {
        return eap_error_set(err, EAP_EINTERNAL, "only an offscreen frame can be saved");
    }
    size_t n = strlen(path) + 5;
    char *tmp = malloc(n);
    if (!tmp) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory");
    }
    snprintf(tmp, n, "%s.tmp", path);
    bool ok = true;
    /* Write beside the target, then rename: readers never see half a PNG. */
    if (IMG_SavePNG(v->surface, tmp) != 0) {
        ok = eap_error_set(err, EAP_EIO, "cannot write %s: %s", tmp, IMG_GetError());
    } else if (rename(tmp, path) != 0) {
        ok = eap_error_set(err, EAP_EIO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    }
    if (!ok) {
        remove(tmp);
    }
    free(tmp);
    return ok;
}
