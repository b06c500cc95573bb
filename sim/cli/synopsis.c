/*
 * The synopsis of every command (see synopsis.h) and its three renderings: usage lines and
 * --help for the terminal (wrapped at 80 columns), and the man page eapsim(1) in troff.
 */
#include "synopsis.h"

#include <ctype.h>
#include <string.h>

#include "eapsim/count_of.h"

#define WIDTH 80

/* --- the table --- */

static const struct cli_option_doc run_options[] = {
    {"--replay", "use every recorded value instead of sampling (the record's replay; inputs "
                 "without a recorded value take their median)"},
    {"--seed N", "random seed of a sampled run (default 1)"},
    {"--replication R", "which replication of the seed (default 0); batch run R of seed N is "
                        "exactly this run"},
    {"--until TIME", "stop early: \"T+3h\", \"90 min\", \"23:30\" or \"2012-09-12T05:15\""},
    {"--set PATH=VALUE", "change the scenario, e.g. --set assets/isr_drone/readiness=\"30 min\" "
                         "or --set request_chain/moa=true (repeatable)"},
    {"--format F", "text (default), json or csv"},
    {NULL, NULL},
};

static const struct cli_option_doc batch_options[] = {
    {"--runs N", "replications (required)"},
    {"--seed S", "random seed (default 1)"},
    {"--threads K", "worker threads (default: the number of CPUs)"},
    {"--set PATH=VALUE", "change the scenario (repeatable), e.g. "
                         "--set assets/isr_drone/readiness=\"30 min\""},
    {"--sweep SPEC", "run the batch at each value of an input, one summary row per point: "
                     "PATH=A:B:STEP with an optional unit (\"0:60:10 min\") or a list "
                     "PATH=V1,V2,V3; twice for a two-dimensional grid"},
    {"--out DIR", "write summary.json, summary.csv, state.json, run-info.json, SVG pictures "
                  "and index.html there (atomically)"},
    {"--per-run", "also write runs.csv, one row per replication"},
    {"--from TIME", "branch every run from the record's history up to TIME (\"02:00\", "
                    "\"T+3h\", or a milestone id such as \"team_at_annex\"): the replay up to "
                    "then, sampled after it, what is under way redrawn given how long it has "
                    "lasted"},
    {"--shard K/N", "run only shard K of N (1 <= K <= N) and write its state.json to --out; "
                    "combine shards with eapsim merge"},
    {"--format F", "the summary on stdout: text (default), json or csv"},
    {"--quiet", "no progress on the terminal"},
    {NULL, NULL},
};

static const struct cli_option_doc compare_options[] = {
    {"--runs N", "replications (required)"},
    {"--set PATH=VALUE", "change both sides: A is the scenario with these (repeatable)"},
    {"--vs-set PATH=VALUE", "what B changes on top of A (repeatable; at least one)"},
    {"--seed S", "random seed (default 1)"},
    {"--threads K", "worker threads (default: the number of CPUs)"},
    {"--out DIR", "write the summary files, state.json, histograms of the paired differences "
                  "and index.html there (atomically)"},
    {"--per-run", "also write runs.csv, one row per replication with both sides"},
    {"--from TIME", "both sides branch from the record's history up to TIME (each side's "
                    "own replay up to then), as for batch"},
    {"--shard K/N", "run only shard K of N and write its state.json to --out (eapsim merge)"},
    {"--format F", "the summary on stdout: text (default), json or csv"},
    {"--quiet", "no progress on the terminal"},
    {NULL, NULL},
};

static const struct cli_option_doc sensitivity_options[] = {
    {"--runs N", "replications per batch (required): one with every input sampled, then two "
                 "per uncertain input"},
    {"--metric NAME", "the metric to rank the inputs by (default time_all_safe; the names are "
                      "in eapsim run --format csv)"},
    {"--seed S", "random seed (default 1)"},
    {"--threads K", "worker threads (default: the number of CPUs)"},
    {"--set PATH=VALUE", "change the scenario (repeatable)"},
    {"--out DIR", "write sensitivity.json, sensitivity.csv, tornado.svg and index.html there"},
    {"--format F", "the ranking on stdout: text (default), json or csv"},
    {"--quiet", "no progress on the terminal"},
    {NULL, NULL},
};

static const struct cli_option_doc merge_options[] = {
    {"--out DIR", "where the merged summary files, pictures and index.html go (required)"},
    {"--format F", "the summary on stdout: text (default), json or csv"},
    {NULL, NULL},
};

static const struct cli_option_doc validate_options[] = {
    {"--strict", "also list every number that has neither a source nor a note (its own, its "
                 "object's, or its entry in the object's \"sources\"), by its JSON path, and "
                 "fail when there is one"},
    {"--set PATH=VALUE", "check the files with this change applied (repeatable)"},
    {NULL, NULL},
};

static const struct cli_option_doc view_options[] = {
    {"--replay", "use every recorded value instead of sampling"},
    {"--seed N", "random seed of a sampled run (default 1)"},
    {"--replication R", "which replication of the seed (default 0)"},
    {"--set PATH=VALUE", "change the scenario (repeatable), as for 'run'"},
    {"--screenshot FILE", "render one frame headless (no display needed) to FILE, an image "
                          "whose type its name says (.png, .bmp, .jpg or .jpeg), written "
                          "atomically, and exit"},
    {"--at TIME", "the moment to show or to start at: \"T+1h28m\", \"90 min\", \"23:10\", "
                  "\"2012-09-12T05:15\", or a milestone id of the record (\"drone_overhead\": "
                  "when this run reached it); default: the start in the window, the end for a "
                  "screenshot"},
    {"--size WxH", "image or window size in pixels (default 1280x800)"},
    {"--fan", "with --screenshot: fork 1,000 runs at the moment shown and draw the spread of "
              "what comes next above the timeline (in the window, F does it)"},
    {"--exercise", "run a tabletop exercise in the window: the session of 'eapsim exercise', "
                   "its injects as cards beside the map, each decision as buttons (keys 1-9); "
                   "takes the exercise's --log, --aar, --answers, --pace, --resume, --trace, "
                   "--runs and --threads; with --screenshot, plays it (prepared answers "
                   "taking their decisions) to the room's first decision and shows it"},
    {"--player", "the players' view of an exercise: aircraft and teams as the post last heard "
                 "of them, no controllers' notes, neither the record nor the event log"},
    {"--replay-log FILE", "play a session log back on the map, its decisions marked on the "
                          "timeline"},
    {"--log FILE", "--exercise: write the session log there, as 'eapsim exercise' does"},
    {"--aar DIR", "--exercise: write the after-action report there when the window closes"},
    {"--answers FILE", "--exercise: take the choices from FILE (\"DECISION_ID OPTION_ID\" a "
                       "line)"},
    {"--pace P", "--exercise: how fast the clock runs: 60x (default), any Nx, realtime, step "
                 "(Space moves to the next inject or decision) or max"},
    {"--resume FILE", "--exercise: continue the session a log was saved from"},
    {"--trace FILE", "--exercise: write the run's report as JSON when the window closes"},
    {"--runs N", "--exercise: runs per option of each decision in the after-action report "
                 "(default 1000)"},
    {"--threads K", "worker threads for forks and the after-action report (default: the "
                    "number of CPUs)"},
    {NULL, NULL},
};

static const struct cli_option_doc exercise_options[] = {
    {"--seed N", "the run's random seed (default 1); the same seed and choices give the same "
                 "run"},
    {"--replay", "play the record instead: every input at its recorded value"},
    {"--replication R", "which replication of the seed (default 0)"},
    {"--set PATH=VALUE", "change the scenario (repeatable), as for 'run'; kept in the log"},
    {"--log FILE", "write the session log there (JSON, atomically), after every choice and "
                   "observation and at the end"},
    {"--aar DIR", "write the after-action report there at the end: aar.md and aar.html"},
    {"--answers FILE", "take the choices from FILE, one \"DECISION_ID OPTION_ID\" a line ('#' "
                       "starts a comment), without asking; decisions it leaves out are asked"},
    {"--pace P", "how fast the simulated clock runs: 60x (default: a simulated minute a "
                 "second), any Nx, realtime, step (Enter moves to the next inject or "
                 "decision), or max (the default with --answers)"},
    {"--replay-log FILE", "play a session log back exactly: the same choices at the same "
                          "moments, the same run and the same reports"},
    {"--resume FILE", "continue the session a log was saved from (after q, Ctrl-C or a closed "
                      "terminal); the log goes on being written there unless --log says "
                      "elsewhere"},
    {"--trace FILE", "write the run's report (every event, the milestones, the outcome) as "
                     "JSON, atomically"},
    {"--runs N", "runs per option of each decision in the after-action report (default "
                 "1000)"},
    {"--threads K", "worker threads for those runs (default: the number of CPUs)"},
    {NULL, NULL},
};

static const struct cli_option_doc msel_options[] = {
    {"--format F", "csv (default: for spreadsheets, and what --import reads), md or html (for "
                   "binders: the objectives, then the list)"},
    {"--out FILE", "write the list (or, with --import, the scenario) to FILE atomically instead "
                   "of the standard output"},
    {"--import FILE.csv", "read a spreadsheet MSEL (CSV, columns found by their header) and "
                          "write the scenario with its exercise injects replaced by its rows, "
                          "every other part of the file as it was"},
    {NULL, NULL},
};

static const struct cli_option_doc demo_options[] = {
    {"--customers N", "customers to serve in all, split over 10 replications (default "
                      "1000000, at least 100)"},
    {"--seed S", "random seed (default 1)"},
    {NULL, NULL},
};

const struct cli_synopsis cli_synopses[] = {
    {"run",
     "SCENARIO [--replay] [--seed N] [--replication R] [--until TIME] [--set PATH=VALUE]... "
     "[--format text|json|csv]",
     "run a scenario once: timeline, milestones against the record, outcome",
     "Runs the scenario once and prints the timeline (local clock and T+ offset), the "
     "milestones of the record against the simulation, and the outcome metrics.",
     run_options, NULL},
    {"batch",
     "SCENARIO --runs N [--seed S] [--threads K] [--set PATH=VALUE]... "
     "[--sweep PATH=A:B:STEP[ UNIT] | --sweep PATH=V1,V2,...]... [--from TIME] "
     "[--out DIR [--per-run]] [--shard K/N] [--format F] [--quiet]",
     "Monte Carlo replications: means, intervals, percentiles, sweeps",
     "Runs N sampled replications and prints, for every metric, the mean with its 95% "
     "confidence interval, the standard deviation, min, 5th/50th/95th percentiles and max, and "
     "for every yes/no outcome its probability with a Wilson interval. Replication r of seed S "
     "is the same whatever the threads, shards or MPI ranks, so the summary files are "
     "identical too.",
     batch_options,
     "Under MPI (mpirun -np R eapsim batch ...) the ranks split the replications and rank 0 "
     "writes the outputs. Ctrl-C stops cleanly: the summary of the completed replications is "
     "written, marked partial (exit status 130)."},
    {"compare",
     "SCENARIO --runs N [--set PATH=VALUE]... --vs-set PATH=VALUE... [--seed S] [--threads K] "
     "[--from TIME] [--out DIR [--per-run]] [--shard K/N] [--format F] [--quiet]",
     "paired comparison of two variants on common random numbers",
     "A is the scenario with the --set overrides; B is A with the --vs-set overrides on top. "
     "Both run replication r on the same random streams, and the summary gives A, B and the "
     "paired difference B - A for every metric with its 95% confidence interval.",
     compare_options,
     "Example: what would a memorandum of agreement have changed?\n\n"
     "  eapsim compare scenarios/benghazi-2012.json --runs 20000 \\\n"
     "      --vs-set request_chain/moa=true"},
    {"sensitivity",
     "SCENARIO --runs N [--metric NAME] [--seed S] [--threads K] [--set PATH=VALUE]... "
     "[--out DIR] [--format F] [--quiet]",
     "rank the uncertain inputs by their effect on a metric (tornado)",
     "For each uncertain input, runs N replications with the input at its 10th percentile and "
     "N at its 90th (everything else sampled, same random numbers), and ranks the inputs by the "
     "change in the mean of the metric (default time_all_safe).",
     sensitivity_options, NULL},
    {"merge", "SHARD_DIR_OR_STATE... --out DIR [--format F]",
     "combine --shard outputs into one summary",
     "Reads each shard's state.json (give the shard's --out directory or the file), checks "
     "that they belong to the same study (scenario, overrides, seed, runs) and together cover "
     "every replication exactly once, and writes the summary files, pictures and index.html "
     "to DIR as a single batch would have.",
     merge_options, NULL},
    {"validate", "SCENARIO... [--strict] [--set PATH=VALUE]...",
     "check scenario files and report every problem, located",
     "Checks scenario files: syntax, keys, types, units, references, the plan's reachability. "
     "Prints every problem as FILE:LINE:COL: /json/path: message and exits 2 when there is "
     "any; prints a one-line summary per good file otherwise.",
     validate_options, NULL},
    {"view",
     "SCENARIO [--replay] [--seed N] [--replication R] [--set PATH=VALUE]... "
     "[--screenshot FILE] [--at TIME|MILESTONE] [--size WxH] [--fan] "
     "[--exercise [--player] [exercise options]] [--replay-log FILE [--player]]",
     "show a run on a map with a timeline and event log (window, or a headless image)",
     "Runs the scenario once and shows the run: a map of places, routes, convoys and aircraft "
     "(with a magnified inset for city-scale places), a timeline with the record's "
     "milestones, and the event log. F in the window forks 1,000 runs from the moment shown "
     "and draws the spread of what comes next. --exercise runs a tabletop exercise in the "
     "window, --replay-log plays a session log back. Keys: press H in the window.",
     view_options,
     "Assets (fonts, icons, map) are looked up in $EAP_ASSETS, then next to the executable "
     "(../share/eapsim/assets), the install data directory and the source tree. A build "
     "without SDL2, SDL2_ttf and SDL2_image (or with -Dviz=disabled) has no visualizer: "
     "eapsim view then says so and exits 2."},
    {"exercise",
     "SCENARIO [--seed N | --replay] [--replication R] [--set PATH=VALUE]... [--log FILE] "
     "[--aar DIR] [--answers FILE] [--pace 60x|Nx|realtime|step|max] [--replay-log FILE] "
     "[--resume FILE] [--trace FILE] [--runs N] [--threads K]",
     "run a tabletop exercise: injects, decisions, a session log and an after-action report",
     "Runs the scenario as a facilitated exercise in the terminal, which is the facilitator's: "
     "the simulated clock advances at the pace, each inject of the MSEL prints as a card "
     "(number, time, sender and audience, method, text, the expected action and the "
     "controller's note), and the run stops at each decision point and asks. A choice takes "
     "effect at that simulated moment. Keys: a number chooses; ? shows help and the plan's "
     "note; b goes back to the previous decision to take it again; p pauses and resumes; n "
     "adds an observation (start it with ! to put it in the improvement plan); s skips to the "
     "next inject or decision; q quits, saving the log and writing the report. A decision's "
     "wall-clock countdown takes its default when it runs out. Without a terminal, commands "
     "are read a line at a time.",
     exercise_options,
     "Ctrl-C or a closed terminal (SIGHUP) saves the log so far and exits with 130 or 129; "
     "--resume continues it. A log of another scenario or of another version of the scenario "
     "file, an answer for a decision or option the scenario does not have or the run never "
     "reaches, are refused, located (FILE:LINE:COL), with exit status 2, before anything is "
     "written. See docs/exercise.md.\n\n"
     "  eapsim exercise scenarios/tripoli-2014.json --log session.json --aar aar\n"
     "  eapsim exercise scenarios/tripoli-2014.json --replay-log session.json --aar aar2"},
    {"msel",
     "SCENARIO [--format csv|md|html] [--out FILE] | SCENARIO --import FILE.csv [--out FILE]",
     "the exercise's Master Scenario Events List for controllers, and back from a spreadsheet",
     "Writes the Master Scenario Events List of the scenario's exercise (HSEEP's columns: MSEL #, "
     "time or trigger, from, to, method, inject, expected player action, objective and "
     "capability, controller notes, source), one row per inject in MSEL order, with when each "
     "inject fell due in the record's replay. A trigger reads as words (\"T+17m (21:59)\", "
     "\"when on station: Unarmed MQ-1 Predator + 5 min\"). With --import, reads such a CSV back: "
     "every problem is reported as FILE:LINE:COL with the row, the column's name and what was "
     "expected and found, and nothing is written (exit 2); columns it does not know are ignored "
     "with a warning.",
     msel_options,
     "Exporting a scenario and importing the CSV gives the scenario back. Example: edit the "
     "injects in a spreadsheet and put them back.\n\n"
     "  eapsim msel scenarios/benghazi-2012.json --out msel.csv\n"
     "  eapsim msel scenarios/benghazi-2012.json --import msel.csv --out benghazi.json"},
    {"demo", "mm1 [--customers N] [--seed S]", "run the M/M/1 queue example on the event kernel",
     "Runs the M/M/1 queue (arrival rate 0.9/s, service rate 1.0/s) on the event kernel in 10 "
     "independent replications and compares the mean wait in queue, with its 95% interval, "
     "with the analytic 9.0 s, and says whether they agree.",
     demo_options, NULL},
};

const size_t cli_synopsis_count = COUNT_OF(cli_synopses);

static const char overview[] =
    "eapsim simulates emergency action plans: attacks on diplomatic posts and the responses "
    "to them, replayed against the public record or sampled in batches.";

static const char exit_status[] =
    "0 success; 1 a runtime failure (out of memory, a file that cannot be written); 2 bad "
    "input or usage; 130 a batch study interrupted by Ctrl-C (its partial summary written); "
    "129, 130 or 143 an exercise ended by SIGHUP, Ctrl-C or SIGTERM (its log saved).";

const struct cli_synopsis *cli_synopsis_find(const char *name)
{
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        if (strcmp(cli_synopses[i].name, name) == 0) {
            return &cli_synopses[i];
        }
    }
    return NULL;
}

/* --- the terminal --- */

/* Length of the next word of s: up to a space outside brackets when `bracketed`, else up to
 * any space. */
static size_t token_len(const char *s, bool bracketed)
{
    size_t n = 0;
    int depth = 0;
    for (; s[n] && (s[n] != ' ' || depth > 0); n++) {
        depth += bracketed ? (s[n] == '[') - (s[n] == ']') : 0;
    }
    return n;
}

/* The next unit that is not broken across lines: a word, or an option with its argument
 * ("--set PATH=VALUE", "--vs-set assets/x=1"). */
static size_t word_len(const char *s, bool bracketed)
{
    size_t n = token_len(s, bracketed);
    bool option = strncmp(s, "--", 2) == 0 && n > 2 && isalnum((unsigned char)s[n - 1]);
    if (option && s[n] == ' ' && s[n + 1] && !strchr("-[(", s[n + 1])) {
        n += 1 + token_len(s + n + 1, bracketed);
    }
    return n;
}

/* Writes the words of text, the first at column `col`, wrapping at WIDTH to `indent`. */
static void wrap(FILE *out, const char *text, size_t col, size_t indent, bool bracketed)
{
    bool first = true;
    for (const char *p = text; *p;) {
        while (*p == ' ') {
            p++;
        }
        size_t n = word_len(p, bracketed);
        if (n == 0) {
            break;
        }
        if (!first && col + 1 + n > WIDTH) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, n, out);
        col += n;
        p += n;
        first = false;
    }
    fputc('\n', out);
}

/* The next paragraph of *text into para[len] (blank lines separate them), advancing *text;
 * false at the end. Sets *example for a paragraph whose lines start with two spaces. */
static bool next_paragraph(const char **text, char *para, size_t len, bool *example)
{
    const char *p = *text;
    if (!p || !*p) {
        return false;
    }
    const char *end = strstr(p, "\n\n");
    size_t n = end ? (size_t)(end - p) : strlen(p);
    snprintf(para, len, "%.*s", (int)n, p);
    *example = strncmp(para, "  ", 2) == 0;
    *text = end ? end + 2 : p + n;
    return true;
}

/* The paragraphs of text: prose wrapped, examples as they are; a blank line before each. */
static void paragraphs(FILE *out, const char *text)
{
    char para[1024];
    bool example;
    while (next_paragraph(&text, para, sizeof(para), &example)) {
        fputc('\n', out);
        if (example) {
            fprintf(out, "%s\n", para);
        } else {
            wrap(out, para, 0, 0, false);
        }
    }
}

void cli_synopsis_usage(FILE *out, const char *prog, const struct cli_synopsis *c)
{
    int col = fprintf(out, "usage: %s %s ", prog, c->name);
    wrap(out, c->usage, (size_t)col, (size_t)col, true);
}

void cli_synopsis_overview(FILE *out, const char *prog)
{
    fprintf(out, "usage: %s [--help] [--version] COMMAND [ARGS]\n", prog);
    paragraphs(out, overview);
    fputs("\ncommands:\n", out);
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        fprintf(out, "  %-12s %s\n", cli_synopses[i].name, cli_synopses[i].summary);
    }
    fprintf(out, "\nRun '%s COMMAND --help' for a command's options.\n", prog);
}

void cli_synopsis_help(FILE *out, const char *prog, const struct cli_synopsis *c)
{
    cli_synopsis_usage(out, prog, c);
    paragraphs(out, c->description);
    size_t w = 0;
    for (const struct cli_option_doc *o = c->options; o->flag; o++) {
        w = strlen(o->flag) > w ? strlen(o->flag) : w;
    }
    fputc('\n', out);
    for (const struct cli_option_doc *o = c->options; o->flag; o++) {
        int col = fprintf(out, "  %-*s  ", (int)w, o->flag);
        wrap(out, o->text, (size_t)col, (size_t)col, false);
    }
    paragraphs(out, c->notes);
}

/* --- the man page --- */

/* Text escaped for troff: a backslash is \e; in `code` a hyphen is \- (a minus sign that
 * copies as "-"); a line may not start with a control character. */
static void roff(FILE *out, const char *s, bool code)
{
    if (*s == '.' || *s == '\'') {
        fputs("\\&", out);
    }
    for (; *s; s++) {
        if (*s == '\\') {
            fputs("\\e", out);
        } else if (*s == '-' && code) {
            fputs("\\-", out);
        } else {
            fputc(*s, out);
        }
        if (*s == '\n' && (s[1] == '.' || s[1] == '\'')) {
            fputs("\\&", out);
        }
    }
}

static void man_paragraphs(FILE *out, const char *text)
{
    char para[1024];
    bool example;
    while (next_paragraph(&text, para, sizeof(para), &example)) {
        fputs(example ? ".PP\n.RS\n.nf\n" : ".PP\n", out);
        roff(out, para, example);
        fputs(example ? "\n.fi\n.RE\n" : "\n", out);
    }
}

/* An option: its name in bold, its argument in italics. */
static void man_option(FILE *out, const struct cli_option_doc *o)
{
    size_t n = strcspn(o->flag, " ");
    char name[64];
    snprintf(name, sizeof(name), "%.*s", (int)n, o->flag);
    fputs(".TP\n\\fB", out);
    roff(out, name, true);
    fputs("\\fR", out);
    if (o->flag[n]) {
        fputs(" \\fI", out);
        roff(out, o->flag + n + 1, true);
        fputs("\\fR", out);
    }
    fputc('\n', out);
    roff(out, o->text, false);
    fputc('\n', out);
}

static void man_command(FILE *out, const char *prog, const struct cli_synopsis *c)
{
    fprintf(out, ".SS \"%s %s\"\n", prog, c->name);
    fprintf(out, ".B %s %s\n", prog, c->name);
    roff(out, c->usage, true);
    fputc('\n', out);
    man_paragraphs(out, c->description);
    for (const struct cli_option_doc *o = c->options; o->flag; o++) {
        man_option(out, o);
    }
    man_paragraphs(out, c->notes);
}

void cli_synopsis_man(FILE *out, const char *prog, const char *version)
{
    fprintf(out, ".\\\" eapsim(1), generated from sim/cli/synopsis.c; do not edit.\n");
    fprintf(out, ".TH EAPSIM 1 \"\" \"eapsim %s\" \"User Commands\"\n", version);
    fprintf(out, ".SH NAME\n%s \\- emergency action plan simulator\n.SH SYNOPSIS\n", prog);
    fprintf(out, ".B %s\n[\\-\\-help] [\\-\\-version] \\fICOMMAND\\fR [\\fIARGS\\fR]\n", prog);
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        fprintf(out, ".br\n.B %s %s\n", prog, cli_synopses[i].name);
        roff(out, cli_synopses[i].usage, true);
        fputc('\n', out);
    }
    fputs(".SH DESCRIPTION\n", out);
    man_paragraphs(out, overview);
    fputs(".SH COMMANDS\n", out);
    for (size_t i = 0; i < cli_synopsis_count; i++) {
        man_command(out, prog, &cli_synopses[i]);
    }
    fputs(".SH EXIT STATUS\n", out);
    man_paragraphs(out, exit_status);
    fputs(".SH SEE ALSO\nThe README and docs/ of the eapsim source tree: batch.md (statistics, "
          "shards, MPI, output files), scenario-format.md, visualizer.md.\n",
          out);
}
