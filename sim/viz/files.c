/*
 * The visualizer's files: assets read whole (icons, the map), and images written atomically
 * (to a temporary name beside the target, then renamed), so a reader never sees half a file.
 * Below the asset loaders and the renderer, which both use it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- Images ---- */

/* SDL_image writes JPEG from 2.0.2 on (Debian 12 has 2.6). */
#if SDL_IMAGE_VERSION_ATLEAST(2, 0, 2)
#define HAVE_JPEG 1
#define EXTENSIONS ".png, .bmp, .jpg or .jpeg"
#else
#define HAVE_JPEG 0
#define EXTENSIONS ".png or .bmp"
#endif
#define JPEG_QUALITY 90

const char *eap_viz_image_extensions(void)
{
    return EXTENSIONS;
}

static bool ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n > k && strcasecmp(s + n - k, ext) == 0;
}

bool eap_viz_image_format(const char *path, enum eap_viz_image *fmt, struct eap_error *err)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (ends_with(path, ".png")) {
        *fmt = EAP_VIZ_PNG;
    } else if (ends_with(path, ".bmp")) {
        *fmt = EAP_VIZ_BMP;
    } else if (HAVE_JPEG && (ends_with(path, ".jpg") || ends_with(path, ".jpeg"))) {
        *fmt = EAP_VIZ_JPEG;
    } else if (!dot || (slash && dot < slash) || dot[1] == '\0') {
        return eap_error_set(err, EAP_EINPUT, "%s: no image type; the name must end in %s", path,
                             EXTENSIONS);
    } else {
        return eap_error_set(err, EAP_EINPUT, "%s: cannot write %s images; the name must end in %s",
                             path, dot, EXTENSIONS);
    }
    return true;
}

static int write_image(SDL_Surface *s, const char *path, enum eap_viz_image fmt)
{
    switch (fmt) {
    case EAP_VIZ_BMP:
        return SDL_SaveBMP(s, path);
#if HAVE_JPEG
    case EAP_VIZ_JPEG:
        return IMG_SaveJPG(s, path, JPEG_QUALITY);
#endif
    default:
        return IMG_SavePNG(s, path);
    }
}

bool eap_viz_save_image(struct eap_viz *v, const char *path, struct eap_error *err)
{
    enum eap_viz_image fmt;
    if (!eap_viz_image_format(path, &fmt, err)) {
        return false;
    }
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
    /* Write beside the target, then rename: readers never see half an image. The file is
     * opened here first, since SDL's message for a missing folder names no reason. */
    FILE *probe = fopen(tmp, "wb");
    if (!probe) {
        ok = eap_error_set(err, EAP_EIO, "cannot write %s: %s", path, strerror(errno));
    } else if (fclose(probe) != 0 || write_image(v->surface, tmp, fmt) != 0) {
        ok = eap_error_set(err, EAP_EIO, "cannot write %s: %s", tmp, SDL_GetError());
    } else if (rename(tmp, path) != 0) {
        ok = eap_error_set(err, EAP_EIO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    }
    if (!ok) {
        remove(tmp);
    }
    free(tmp);
    return ok;
}
