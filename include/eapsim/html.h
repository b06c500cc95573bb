/*
 * index.html: a page that opens with a study's answer for the people who decide, then shows
 * its summary table beside its pictures, and ends with the provenance stamp. Self-contained
 * (no scripts, fonts or anything from the network; the pictures are files beside it), it
 * prints on A4 with the opening section on the first page. Written atomically (see
 * atomic.h); every text is escaped, so any string gives a well-formed page.
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

/* A section of the page's opening: a heading, paragraphs, a command to run (shown as code),
 * a table. Every part may be NULL or empty. */
struct eap_html_section {
    const char *heading;
    const char *const *paragraphs;
    size_t paragraph_count;
    const char *command;
    const struct eap_html_table *table;
};

/* A page: the title and subtitle; the opening (the answer first: the first paragraph of the
 * first section is set large), which printing keeps on the first A4 page; then under
 * `details_heading` the detailed table and the pictures; the stamp at the foot. */
struct eap_html_page {
    const char *title, *subtitle;
    const struct eap_html_section *opening;
    size_t opening_count;
    const char *details_heading;
    const char *details_note; /* a line under the table (how exact its numbers are), or NULL */
    const struct eap_html_table *table;
    const struct eap_html_image *images;
    size_t image_count;
    const struct eap_stamp *stamp;
};

/* Writes the page at path. Returns false with err set (EAP_EINPUT for a table without cells
 * or an image without a file, EAP_EIO when the file cannot be written). */
bool eap_html_write(const char *path, const struct eap_html_page *page, struct eap_error *err);

/* Writes the page at path: a title, a subtitle, the table (NULL or no columns: none), the
 * images, and at the foot the stamp (NULL: none), a field a line, each as
 * <div data-stamp="KEY"><dt>KEY</dt><dd>VALUE</dd></div>. Returns false with err set
 * (EAP_EINPUT for a table without cells or an image without a file, EAP_EIO when the file
 * cannot be written). */
bool eap_html_index(const char *path, const char *title, const char *subtitle,
                    const struct eap_html_table *table, const struct eap_html_image *images,
                    size_t image_count, const struct eap_stamp *stamp, struct eap_error *err);

#endif
