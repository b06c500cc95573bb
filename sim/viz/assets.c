/*
 * Finding and loading the visualizer's assets: the assets directory (installed, next to the
 * executable, or in the source tree), the DejaVu fonts, and the SVG icons, which are kept as
 * text and rasterised on demand at the pixel size asked for, then cached as textures.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL2/SDL_image.h>

#include "eap_config.h"
#include "viz_internal.h"

/* The file whose presence marks an assets directory. */
#define SENTINEL "fonts/DejaVuSans.ttf"

static const char *const icon_names[ICON_COUNT] = {
    [ICON_PLACE_FIRST + EAP_PLACE_COMPOUND] = "compound",
    [ICON_PLACE_FIRST + EAP_PLACE_ANNEX] = "annex",
    [ICON_PLACE_FIRST + EAP_PLACE_EMBASSY] = "embassy",
    [ICON_PLACE_FIRST + EAP_PLACE_AIRPORT] = "airport",
    [ICON_PLACE_FIRST + EAP_PLACE_BORDER] = "border",
    [ICON_PLACE_FIRST + EAP_PLACE_BASE] = "base",
    [ICON_PLACE_FIRST + EAP_PLACE_TOWN] = "town",
    [ICON_PLACE_FIRST + EAP_PLACE_SAFE_HAVEN] = "safe_haven",
    [ICON_ASSET_FIRST + EAP_ASSET_DRONE] = "drone",
    [ICON_ASSET_FIRST + EAP_ASSET_FIGHTER] = "fighter",
    [ICON_ASSET_FIRST + EAP_ASSET_TILTROTOR] = "tiltrotor",
    [ICON_ASSET_FIRST + EAP_ASSET_TRANSPORT] = "transport",
    [ICON_ASSET_FIRST + EAP_ASSET_TEAM] = "team",
    [ICON_ASSET_FIRST + EAP_ASSET_MILITIA] = "militia",
    [ICON_ASSET_FIRST + EAP_ASSET_SHIP] = "ship",
    [ICON_CONVOY] = "convoy",
    [ICON_DISC] = "disc",
    [ICON_RING] = "ring",
    [ICON_BURST] = "burst",
    [ICON_FLAME] = "flame",
};

static const struct {
    const char *file;
    int px;
} font_files[FONT_COUNT] = {
    [FONT_SMALL] = {"DejaVuSans.ttf", 11},       [FONT_BODY] = {"DejaVuSans.ttf", 13},
    [FONT_BOLD] = {"DejaVuSans-Bold.ttf", 13},   [FONT_LABEL] = {"DejaVuSans-Bold.ttf", 12},
    [FONT_TITLE] = {"DejaVuSans-Bold.ttf", 16},  [FONT_CLOCK] = {"DejaVuSans-Bold.ttf", 28},
    [FONT_CARD] = {"DejaVuSans.ttf", 15},        [FONT_CARD_BOLD] = {"DejaVuSans-Bold.ttf", 14},
    [FONT_BUTTON] = {"DejaVuSans-Bold.ttf", 16}, [FONT_PROMPT] = {"DejaVuSans-Bold.ttf", 21},
};

/* ---- The assets directory ---- */

static bool holds_assets(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, SENTINEL);
    return access(path, R_OK) == 0;
}

/* <dir of /proc/self/exe>/../share/eapsim/assets, or "" when /proc is not there. */
static void beside_exe(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    out[0] = '\0';
    if (n <= 0) {
        return;
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
        *slash = '\0';
        snprintf(out, len, "%s/../share/eapsim/assets", exe);
    }
}

bool eap_viz_find_assets(char *dir, size_t len, struct eap_error *err)
{
    const char *env = getenv("EAP_ASSETS");
    if (env && env[0]) {
        /* An explicit choice is not second-guessed: a wrong $EAP_ASSETS is an error. */
        if (holds_assets(env)) {
            snprintf(dir, len, "%s", env);
            return true;
        }
        return eap_error_set(err, EAP_EIO, "no visualizer assets in $EAP_ASSETS=%s (no %s there)",
                             env, SENTINEL);
    }
    char exe_dir[PATH_MAX + 32];
    beside_exe(exe_dir, sizeof(exe_dir));
    const char *candidates[] = {exe_dir, EAP_DATADIR "/assets", EAP_SOURCE_DIR "/assets"};
    for (size_t i = 0; i < 3; i++) {
        if (candidates[i][0] && holds_assets(candidates[i])) {
            snprintf(dir, len, "%s", candidates[i]);
            return true;
        }
    }
    return eap_error_set(err, EAP_EIO,
                         "cannot find the visualizer assets (%s); looked in %s, %s and %s; "
                         "set EAP_ASSETS to the assets directory",
                         SENTINEL, exe_dir[0] ? exe_dir : "(no /proc/self/exe)",
                         EAP_DATADIR "/assets", EAP_SOURCE_DIR "/assets");
}

/* ---- Fonts ---- */

static bool load_fonts(struct eap_viz *v, struct eap_error *err)
{
    for (int i = 0; i < FONT_COUNT; i++) {
        char path[4200];
        snprintf(path, sizeof(path), "%s/fonts/%s", v->assets, font_files[i].file);
        v->fonts[i] = TTF_OpenFont(path, font_files[i].px);
        v->halo[i] = v->fonts[i] ? TTF_OpenFont(path, font_files[i].px) : NULL;
        if (!v->fonts[i] || !v->halo[i]) {
            return eap_error_set(err, EAP_EIO, "cannot load font %s: %s", path, TTF_GetError());
        }
        /* The halo copy draws a dark outline behind map labels so they read over any land. */
        TTF_SetFontOutline(v->halo[i], 2);
        TTF_SetFontHinting(v->fonts[i], TTF_HINTING_LIGHT);
        TTF_SetFontHinting(v->halo[i], TTF_HINTING_LIGHT);
    }
    return true;
}

/* ---- Icons ---- */

static bool load_icons(struct eap_viz *v, struct eap_error *err)
{
    for (int i = 0; i < ICON_COUNT; i++) {
        char path[4200];
        snprintf(path, sizeof(path), "%s/icons/%s.svg", v->assets, icon_names[i]);
        v->svg[i] = eap__viz_read_file(path, "icon", (1L << 20) - 1, NULL, err);
        if (!v->svg[i]) {
            return false;
        }
        if (!strstr(v->svg[i], "width=\"") || !strstr(v->svg[i], "height=\"")) {
            return eap_error_set(err, EAP_EIO, "icon %s has no width and height to scale", path);
        }
    }
    return true;
}

/* The SVG with its root's width and height set to px: nanosvg then scales the viewBox to
 * that size, so the icon is rasterised sharp at the size it is drawn. Our icons put width
 * and height on the root <svg> before anything else that could carry those names. */
static char *svg_at_size(const char *svg, int px)
{
    const char *w = strstr(svg, "width=\""), *h = strstr(svg, "height=\"");
    const char *wend = w ? strchr(w + 7, '"') : NULL, *hend = h ? strchr(h + 8, '"') : NULL;
    if (!wend || !hend || h < wend) {
        return NULL;
    }
    size_t len = strlen(svg) + 64;
    char *out = malloc(len);
    if (out) {
        snprintf(out, len, "%.*swidth=\"%d\"%.*sheight=\"%d\"%s", (int)(w - svg), svg, px,
                 (int)(h - wend - 1), wend + 1, px, hend + 1);
    }
    return out;
}

static SDL_Texture *rasterise(struct eap_viz *v, enum viz_icon icon, int px)
{
    char *text = svg_at_size(v->svg[icon], px);
    if (!text) {
        return NULL;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(text, (int)strlen(text));
    SDL_Surface *s = rw ? IMG_LoadSVG_RW(rw) : NULL;
    if (rw) {
        SDL_RWclose(rw);
    }
    free(text);
    if (!s) {
        return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(v->ren, s);
    SDL_FreeSurface(s);
    if (t) {
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    }
    return t;
}

SDL_Texture *eap__viz_icon(struct eap_viz *v, enum viz_icon icon, int px)
{
    for (size_t i = 0; i < v->icon_count; i++) {
        if (v->icons[i].icon == (int)icon && v->icons[i].px == px) {
            return v->icons[i].tex;
        }
    }
    if ((unsigned)icon >= ICON_COUNT || px <= 0 || px > 512) {
        return NULL;
    }
    SDL_Texture *t = rasterise(v, icon, px);
    if (t && v->icon_count == VIZ_ICON_CACHE) {
        /* Full (the user zoomed through many sizes): drop the oldest. */
        SDL_DestroyTexture(v->icons[0].tex);
        memmove(&v->icons[0], &v->icons[1], (VIZ_ICON_CACHE - 1) * sizeof(v->icons[0]));
        v->icon_count--;
    }
    if (t) {
        v->icons[v->icon_count++] = (struct viz_icon_tex){(int)icon, px, t};
    }
    return t;
}

/* ---- Loading and freeing everything ---- */

bool eap__viz_load_assets(struct eap_viz *v, const struct eap_viz_options *opt,
                          struct eap_error *err)
{
    if (opt && opt->assets_dir) {
        snprintf(v->assets, sizeof(v->assets), "%s", opt->assets_dir);
        if (!holds_assets(v->assets)) {
            return eap_error_set(err, EAP_EIO, "no visualizer assets in %s (no %s there)",
                                 v->assets, SENTINEL);
        }
    } else if (!eap_viz_find_assets(v->assets, sizeof(v->assets), err)) {
        return false;
    }
    if (TTF_Init() != 0) {
        return eap_error_set(err, EAP_EINTERNAL, "cannot start SDL_ttf: %s", TTF_GetError());
    }
    v->ttf = true;
    char map[4200];
    snprintf(map, sizeof(map), "%s/maps/countries50_med.json", v->assets);
    return load_fonts(v, err) && load_icons(v, err) && eap__viz_geo_load(&v->geo, map, err);
}

void eap__viz_free_assets(struct eap_viz *v)
{
    for (size_t i = 0; i < v->icon_count; i++) {
        SDL_DestroyTexture(v->icons[i].tex);
    }
    v->icon_count = 0;
    for (int i = 0; i < ICON_COUNT; i++) {
        free(v->svg[i]);
        v->svg[i] = NULL;
    }
    for (int i = 0; i < FONT_COUNT; i++) {
        if (v->fonts[i]) {
            TTF_CloseFont(v->fonts[i]);
        }
        if (v->halo[i]) {
            TTF_CloseFont(v->halo[i]);
        }
        v->fonts[i] = v->halo[i] = NULL;
    }
    if (v->ttf) {
        TTF_Quit(); /* SDL_ttf counts its users: this ends only ours */
        v->ttf = false;
    }
    eap__viz_geo_free(&v->geo);
}
