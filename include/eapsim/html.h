/*
 * index.html: a page that shows a study's summary table beside its pictures. Written
 * atomically (see atomic.h); every text is escaped, so any string gives a well-formed page.
 */
#ifndef EAPSIM_HTML_H
#define EAPSIM_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "eapsim/error.h"
#include "eapsim/stamp.h"

/* A table: rows of cells under a header. Numeric columns are right-aligned. */
struct eap_html_table {
    size_t columns, rows;
    const char *const *header; /* columns entries */
    const char *const *cells;  /* rows * columns entries, row by row */
};

/* A picture on the page: its file (relative to the page) and a caption. */
struct eap_html_image {
    const char *file;
    const char *caption;
};

/* Writes the page at path: a title, a subtitle, the table (NULL or no columns: none), the
 * images, and at the foot the stamp (NULL: none), a field a line, each as
 * <div data-stamp="KEY"><dt>KEY</dt><dd>VALUE</dd></div>. Returns false with err set
 * (EAP_EINPUT for a table without cells or an image without a file, EAP_EIO when the file
 * cannot be written). */
bool eap_html_index(const char *path, const char *title, const char *subtitle,
                    const struct eap_html_table *table, const struct eap_html_image *images,
                    size_t image_count, const struct eap_stamp *stamp, struct eap_error *err);

#endif
