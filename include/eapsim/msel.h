/*
 * The Master Scenario Events List (MSEL) of a scenario's exercise, as controllers use it
 * outside the program: written for their binders and spreadsheets, and read back from a
 * spreadsheet into the scenario.
 *
 * The list has HSEEP's columns, one row per inject in MSEL order: the number, the inject's
 * id, the time or trigger as controllers read it ("T+17m (21:59)", "when on station: Unarmed
 * MQ-1 Predator + 5 min"), when it fell due in the record's replay, from, to, the delivery
 * method, the inject, the expected player action, the objective and the core capability it
 * tests, the controller's notes and the source. CSV (RFC 4180) is for spreadsheets, and is
 * what the reader takes back: columns are found by their header, so a spreadsheet may
 * reorder them or add its own (ignored, with a warning). Markdown and a self-contained HTML
 * page are for binders, with the objectives listed above the list.
 *
 * Reading a CSV back replaces the injects of the scenario's exercise section and leaves
 * every other byte of the scenario file as it was. Injects are written in one canonical
 * layout, so exporting a scenario whose injects are in that layout and importing the CSV
 * gives the file back byte for byte. Every problem of a CSV is reported, located at its row
 * and column (FILE:LINE:COL, then the spreadsheet row and column with the column's name,
 * then what was expected and what was found), and nothing is returned then.
 */
#ifndef EAPSIM_MSEL_H
#define EAPSIM_MSEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "eapsim/clock.h"
#include "eapsim/error.h"
#include "eapsim/scenario.h"

enum eap_msel_format { EAP_MSEL_CSV, EAP_MSEL_MARKDOWN, EAP_MSEL_HTML };

/* "csv", "md" or "html" (also "markdown"). False for anything else. */
bool eap_msel_format_parse(const char *name, enum eap_msel_format *out);

/* The "time or trigger" cell of a trigger, as the MSEL writes it and reads it back:
 *   "T+17m (21:59)"                                  at a time (the clock; "+1d" on later days)
 *   "when on station: Unarmed MQ-1 Predator + 5 min" on a model event, after a fixed delay
 *   "when convoy passes Zawiya: Evacuation convoy"   an event at a place
 *   "when all of: convoy formed: X; on station: Y"   once every event has happened
 *   "..., not before T+5h (05:00)"                   and never before that time
 * Names are the scenario's, after a colon, as the trace's lines write them. Returns buf. */
char *eap_msel_when(const struct eap_scenario *scn, const struct eap_trigger *w, char *buf,
                    size_t len);

/* Writes the MSEL of scn in the format to f. replay: when each inject fell due in the
 * record's replay (eap_exercise_inject_times; -1: never), or NULL to leave that column out.
 * Returns false with err (EAP_EIO) when writing fails. */
bool eap_msel_write(FILE *f, const struct eap_scenario *scn, const eap_time *replay,
                    enum eap_msel_format format, struct eap_error *err);

/* A scenario file's text with the injects of its exercise replaced by those of a CSV MSEL.
 * scn is the scenario loaded from `text` (its names, ids and clock read the cells); csv_name
 * names the CSV in messages. Returns the new text (free() it) with its length in *out_len,
 * after checking that it loads; or NULL with every problem in `errors`, located in the CSV
 * (EAP_EINPUT; EAP_ENOMEM when memory runs out). Columns the reader does not know are
 * ignored, each with a note in `warnings`. O(rows x (places + subjects)) for the triggers. */
char *eap_msel_import(const struct eap_scenario *scn, const char *text, size_t len,
                      const char *csv_name, const char *csv, size_t csv_len, size_t *out_len,
                      struct eap_diag *errors, struct eap_diag *warnings);

#endif
