/*
 * Replications on threads. Workers take fixed blocks of replications from a shared counter,
 * each with its own engine(s) and its own exact statistics, merged once at the end; since the
 * accumulators are exact integers the merge order cannot change a bit. Per-run rows pass
 * through a sequencer that releases blocks in replication order; a worker that gets too far
 * ahead of the oldest unfinished block waits, so the buffered rows stay bounded.
 */
#include "eapsim/batch.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- statistics of a batch --- */

bool eap_batch_stats_init(struct eap_batch_stats *s, const struct eap_metric_def *defs,
                          size_t count, bool paired)
{
    memset(s, 0, sizeof(*s));
    s->metric_count = count;
    s->defs = calloc(count + 1, sizeof(*s->defs));
    s->a = calloc(count + 1, sizeof(*s->a));
    if (paired) {
        s->b = calloc(count + 1, sizeof(*s->b));
        s->diff = calloc(count + 1, sizeof(*s->diff));
    }
    if (!s->defs || !s->a || (paired && (!s->b || !s->diff))) {
        eap_batch_stats_finish(s);
        return false;
    }
    memcpy(s->defs, defs, count * sizeof(*defs));
    for (size_t i = 0; i < count; i++) {
        eap_stat_init(&s->a[i]);
        if (paired) {
            eap_stat_init(&s->b[i]);
            eap_stat_init(&s->diff[i]);
        }
    }
    return true;
}

void eap_batch_stats_finish(struct eap_batch_stats *s)
{
    for (size_t i = 0; i < s->metric_count; i++) {
        if (s->a) {
            eap_stat_finish(&s->a[i]);
        }
        if (s->b) {
            eap_stat_finish(&s->b[i]);
        }
        if (s->diff) {
            eap_stat_finish(&s->diff[i]);
        }
    }
    free(s->defs);
    free(s->a);
    free(s->b);
    free(s->diff);
    memset(s, 0, sizeof(*s));
}

bool eap_batch_stats_merge(struct eap_batch_stats *into, const struct eap_batch_stats *from,
                           struct eap_error *err)
{
    if (into->metric_count != from->metric_count || (into->b == NULL) != (from->b == NULL)) {
        return eap_error_set(err, EAP_EINPUT, "cannot merge: %zu metrics%s against %zu metrics%s",
                             into->metric_count, into->b ? " (paired)" : "", from->metric_count,
                             from->b ? " (paired)" : "");
    }
    for (size_t i = 0; i < into->metric_count; i++) {
        if (strcmp(into->defs[i].name, from->defs[i].name) != 0 ||
            into->defs[i].unit != from->defs[i].unit) {
            return eap_error_set(err, EAP_EINPUT,
                                 "cannot merge: metric %zu is %s here and %s there", i,
                                 into->defs[i].name, from->defs[i].name);
        }
    }
    for (size_t i = 0; i < into->metric_count; i++) {
        bool ok = eap_stat_merge(&into->a[i], &from->a[i]);
        if (into->b) {
            ok = ok && eap_stat_merge(&into->b[i], &from->b[i]) &&
                 eap_stat_merge(&into->diff[i], &from->diff[i]);
        }
        if (!ok) {
            return eap_error_set(err, EAP_ENOMEM, "out of memory merging statistics");
        }
    }
    into->completed += from->completed;
    return true;
}

bool eap_mpi_launched(void)
{
    /* Open MPI, then the PMI / PMIx variables that MPICH, Slurm's srun and others set. */
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

/* floor(a * b / c) for a < c and b <= c, exactly, in 64 bits: b's bits from the top, doubling
 * and adding into a remainder kept below c (as long multiplication does with digits). */
static uint64_t mul_div(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t q = 0, rem = 0;
    for (int bit = 63; bit >= 0; bit--) {
        q *= 2; /* q <= b at every step, so it never overflows */
        if (rem >= c - rem) {
            rem -= c - rem;
            q++;
        } else {
            rem *= 2;
        }
        if ((b >> bit) & 1) {
            if (rem >= c - a) {
                rem -= c - a;
                q++;
            } else {
                rem += a;
            }
        }
    }
    return q;
}

/* The first block of shard k of n: floor(blocks * k / n), whose product may pass 64 bits. */
static uint64_t shard_start(uint64_t blocks, uint64_t k, uint64_t n)
{
    return blocks / n * k + mul_div(blocks % n, k, n);
}

/* One number of K/N: digits only, below 2^64. */
static bool shard_number(const char *text, const char **end, uint64_t *v)
{
    char *stop;
    errno = 0;
    *v = isdigit((unsigned char)text[0]) ? strtoull(text, &stop, 10) : 0;
    *end = isdigit((unsigned char)text[0]) ? stop : text;
    return *end != text && errno != ERANGE;
}

bool eap_batch_shard_parse(const char *text, uint64_t *k, uint64_t *n)
{
    const char *end;
    return shard_number(text, &end, k) && *end == '/' && shard_number(end + 1, &end, n) &&
           *end == '\0';
}

void eap_batch_shard_range(uint64_t runs, uint64_t k, uint64_t n, uint64_t *first, uint64_t *count)
{
    /* Whole blocks per shard, so shards split exactly where threads would. */
    uint64_t blocks = runs / EAP_BATCH_BLOCK + (runs % EAP_BATCH_BLOCK != 0);
    uint64_t b0 = shard_start(blocks, k, n), b1 = shard_start(blocks, k + 1, n);
    /* The last block may be partial: its end is `runs` (b * EAP_BATCH_BLOCK could wrap). */
    uint64_t whole = runs / EAP_BATCH_BLOCK;
    uint64_t lo = b0 > whole ? runs : b0 * EAP_BATCH_BLOCK;
    uint64_t hi = b1 > whole ? runs : b1 * EAP_BATCH_BLOCK;
    *first = lo;
    *count = hi - lo;
}

/* --- the ordered row sequencer --- */

struct pending_block {
    uint64_t block;
    size_t rows;
    int64_t *values; /* rows * metrics (two sides when paired) */
};

struct sequencer {
    pthread_mutex_t lock;
    pthread_cond_t advanced;
    uint64_t next_block; /* the next block to hand to on_row */
    struct pending_block *pending;
    size_t pending_count, pending_cap;
    size_t window; /* how far ahead of next_block a worker may start a block */
};

struct shared {
    const struct eap_batch_spec *spec;
    uint64_t blocks;
    atomic_uint_fast64_t next_block;
    atomic_uint_fast64_t done;
    struct sequencer seq;
    size_t metric_count;
    bool paired;
    atomic_bool failed; /* a worker failed: the others stop taking work too */
};

struct worker {
    struct shared *sh;
    pthread_t thread;
    struct eap_engine *ea, *eb;
    struct eap_batch_stats stats;
    int64_t *va, *vb;
    int64_t *rows; /* a block's rows when per-run output is on */
    bool failed;
    struct eap_error err;
};

static size_t row_width(const struct shared *sh)
{
    return sh->metric_count * (sh->paired ? 2 : 1);
}

static void deliver(struct shared *sh, uint64_t block, size_t rows, const int64_t *values)
{
    const struct eap_batch_spec *sp = sh->spec;
    uint64_t first = sp->first + block * EAP_BATCH_BLOCK;
    size_t w = row_width(sh);
    for (size_t r = 0; r < rows; r++) {
        const int64_t *row = values + r * w;
        sp->on_row(sp->row_ctx, first + r, row, sh->paired ? row + sh->metric_count : NULL);
    }
}

/* Releases every buffered block that is next in line. Called with the lock held. */
static void drain(struct shared *sh)
{
    struct sequencer *q = &sh->seq;
    bool found = true;
    while (found) {
        found = false;
        for (size_t i = 0; i < q->pending_count; i++) {
            if (q->pending[i].block == q->next_block) {
                deliver(sh, q->pending[i].block, q->pending[i].rows, q->pending[i].values);
                free(q->pending[i].values);
                q->pending[i] = q->pending[--q->pending_count];
                q->next_block++;
                found = true;
                break;
            }
        }
    }
    pthread_cond_broadcast(&q->advanced);
}

/* Appends to the pending list; it holds at most `window` blocks with rows, plus placeholders
 * for blocks abandoned after an interrupt. */
static bool push_pending(struct sequencer *q, struct pending_block pb)
{
    if (q->pending_count == q->pending_cap) {
        size_t cap = q->pending_cap ? q->pending_cap * 2 : 16;
        struct pending_block *p = realloc(q->pending, cap * sizeof(*p));
        if (!p) {
            return false;
        }
        q->pending = p;
        q->pending_cap = cap;
    }
    q->pending[q->pending_count++] = pb;
    return true;
}

/* Hands a finished block's rows to the sequencer; false when memory runs out. */
static bool submit_rows(struct shared *sh, uint64_t block, size_t rows, const int64_t *values)
{
    struct sequencer *q = &sh->seq;
    bool ok = true;
    pthread_mutex_lock(&q->lock);
    if (block == q->next_block) {
        deliver(sh, block, rows, values);
        q->next_block++;
        drain(sh);
    } else {
        size_t bytes = rows * row_width(sh) * sizeof(int64_t);
        struct pending_block pb = {block, rows, malloc(bytes ? bytes : 1)};
        ok = pb.values != NULL;
        if (ok) {
            memcpy(pb.values, values, bytes);
            ok = push_pending(q, pb);
        }
        if (!ok) {
            free(pb.values);
        }
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

/* Before starting a block far ahead of the oldest unfinished one, wait for it to drain. */
static void wait_for_window(struct shared *sh, uint64_t block)
{
    struct sequencer *q = &sh->seq;
    pthread_mutex_lock(&q->lock);
    while (block >= q->next_block + q->window) {
        pthread_cond_wait(&q->advanced, &q->lock);
    }
    pthread_mutex_unlock(&q->lock);
}

/* When a block is abandoned (interrupt), later blocks must not wait for it forever. */
static void skip_block(struct shared *sh, uint64_t block)
{
    struct sequencer *q = &sh->seq;
    pthread_mutex_lock(&q->lock);
    if (block == q->next_block) {
        q->next_block++;
        drain(sh);
    } else if (!push_pending(q, (struct pending_block){block, 0, NULL})) {
        /* Out of memory for a placeholder: rows after it are dropped from the (partial)
         * per-run file, and the waiting workers are released. */
        q->next_block = UINT64_MAX / 2;
        pthread_cond_broadcast(&q->advanced);
    }
    pthread_mutex_unlock(&q->lock);
}

/* --- workers --- */

static bool interrupted(const struct eap_batch_spec *sp)
{
    return sp->interrupt && atomic_load(sp->interrupt);
}

/* Starts replication rep on e: afresh, or as a branch of a snapshot. */
static bool start(struct eap_engine *e, const struct eap_engine *from, uint64_t seed, uint64_t rep,
                  const struct eap_engine_options *opt, struct eap_error *err)
{
    if (from) {
        return eap_engine_branch(e, from, seed, rep, opt, err);
    }
    eap_engine_reset(e, seed, rep, opt);
    return true;
}

static bool run_one(struct worker *w, uint64_t rep, int64_t *row)
{
    const struct eap_batch_spec *sp = w->sh->spec;
    /* A batch reads only the metrics and steers nothing: no trace is recorded. */
    struct eap_engine_options opt = {.fixed_inputs = sp->fixed_inputs,
                                     .choices = sp->choices,
                                     .untraced = true,
                                     .unsteered = true};
    size_t n = w->sh->metric_count;
    if (!start(w->ea, sp->from, sp->seed, rep, &opt, &w->err) || !eap_engine_run(w->ea, &w->err)) {
        return false;
    }
    eap_engine_metrics(w->ea, w->va);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        ok &= eap_stat_add(&w->stats.a[i], w->va[i]);
    }
    if (w->eb) {
        /* Side B without the fixed inputs: they belong to side A's scenario. */
        struct eap_engine_options vs_opt = {
            .choices = sp->vs_choices, .untraced = true, .unsteered = true};
        if (!start(w->eb, sp->vs_from, sp->seed, rep, &vs_opt, &w->err) ||
            !eap_engine_run(w->eb, &w->err)) {
            return false;
        }
        eap_engine_metrics(w->eb, w->vb);
        for (size_t i = 0; i < n; i++) {
            bool both = w->va[i] != EAP_METRIC_MISSING && w->vb[i] != EAP_METRIC_MISSING;
            ok &= eap_stat_add(&w->stats.b[i], w->vb[i]);
            ok &= eap_stat_add(&w->stats.diff[i], both ? w->vb[i] - w->va[i] : EAP_METRIC_MISSING);
        }
    }
    if (row) {
        memcpy(row, w->va, n * sizeof(*row));
        if (w->eb) {
            memcpy(row + n, w->vb, n * sizeof(*row));
        }
    }
    if (!ok) {
        eap_error_set(&w->err, EAP_ENOMEM, "out of memory accumulating statistics");
    }
    return ok;
}

static bool run_block(struct worker *w, uint64_t block)
{
    struct shared *sh = w->sh;
    const struct eap_batch_spec *sp = sh->spec;
    uint64_t first = block * EAP_BATCH_BLOCK;
    uint64_t rows = sp->count - first < EAP_BATCH_BLOCK ? sp->count - first : EAP_BATCH_BLOCK;
    size_t width = row_width(sh);
    for (uint64_t r = 0; r < rows; r++) {
        if (!run_one(w, sp->first + first + r, w->rows ? w->rows + r * width : NULL)) {
            return false;
        }
    }
    w->stats.completed += rows;
    atomic_fetch_add(&sh->done, rows);
    if (sp->on_row && !submit_rows(sh, block, rows, w->rows)) {
        return eap_error_set(&w->err, EAP_ENOMEM, "out of memory ordering per-run rows");
    }
    return true;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    for (;;) {
        uint64_t block = atomic_fetch_add(&sh->next_block, 1);
        if (block >= sh->blocks) {
            break;
        }
        if (interrupted(sh->spec) || atomic_load(&sh->failed)) {
            if (sh->spec->on_row) {
                skip_block(sh, block);
            }
            continue;
        }
        if (sh->spec->on_row) {
            wait_for_window(sh, block);
        }
        if (!run_block(w, block)) {
            w->failed = true;
            atomic_store(&sh->failed, true);
            if (sh->spec->on_row) {
                skip_block(sh, block);
            }
        }
    }
    return NULL;
}

static bool worker_init(struct worker *w, struct shared *sh, struct eap_error *err)
{
    const struct eap_batch_spec *sp = sh->spec;
    memset(w, 0, sizeof(*w));
    w->sh = sh;
    w->ea = eap_engine_create(sp->scn, err);
    if (!w->ea) {
        return false;
    }
    if (sp->vs && !(w->eb = eap_engine_create(sp->vs, err))) {
        return false;
    }
    size_t n = sh->metric_count = sp->scn->metric_count;
    w->va = calloc(n + 1, sizeof(int64_t));
    w->vb = calloc(n + 1, sizeof(int64_t));
    if (sp->on_row) {
        w->rows = calloc(EAP_BATCH_BLOCK * row_width(sh) + 1, sizeof(int64_t));
    }
    if (!w->va || !w->vb || (sp->on_row && !w->rows) ||
        !eap_batch_stats_init(&w->stats, sp->scn->metrics, n, sp->vs != NULL)) {
        return eap_error_set(err, EAP_ENOMEM, "out of memory starting a worker");
    }
    return true;
}

static void worker_finish(struct worker *w)
{
    eap_engine_destroy(w->ea);
    eap_engine_destroy(w->eb);
    free(w->va);
    free(w->vb);
    free(w->rows);
    eap_batch_stats_finish(&w->stats);
}

/* Both sides of a comparison must report the same metrics, in the same order. */
static bool same_metrics(const struct eap_scenario *a, const struct eap_scenario *b,
                         struct eap_error *err)
{
    if (a->metric_count != b->metric_count) {
        return eap_error_set(err, EAP_EINPUT,
                             "the two sides of the comparison have different metrics (%zu and "
                             "%zu): overrides may change values, not the scenario's structure",
                             a->metric_count, b->metric_count);
    }
    for (size_t i = 0; i < a->metric_count; i++) {
        if (strcmp(a->metrics[i].name, b->metrics[i].name) != 0) {
            return eap_error_set(err, EAP_EINPUT,
                                 "the two sides of the comparison differ in metric %s / %s",
                                 a->metrics[i].name, b->metrics[i].name);
        }
    }
    return true;
}

/* started: the worker threads running; each takes one block number past the end as it
 * leaves. */
static void wait_with_progress(struct shared *sh, unsigned started)
{
    const struct eap_batch_spec *sp = sh->spec;
    if (!sp->progress) {
        return;
    }
    /* Poll five times a second; the workers never wait on this thread. */
    uint64_t done;
    while ((done = atomic_load(&sh->done)) < sp->count && !interrupted(sp)) {
        sp->progress(sp->progress_ctx, done, sp->count);
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
        if (atomic_load(&sh->next_block) >= sh->blocks + started) {
            break; /* every worker has taken its last block */
        }
    }
    sp->progress(sp->progress_ctx, atomic_load(&sh->done), sp->count);
}

static bool start_workers(struct shared *sh, struct worker *ws, unsigned n, struct eap_error *err)
{
    for (unsigned i = 0; i < n; i++) {
        if (!worker_init(&ws[i], sh, err)) {
            for (unsigned j = 0; j <= i; j++) {
                worker_finish(&ws[j]);
            }
            return false;
        }
    }
    if (sh->spec->vs && !same_metrics(sh->spec->scn, sh->spec->vs, err)) {
        for (unsigned i = 0; i < n; i++) {
            worker_finish(&ws[i]);
        }
        return false;
    }
    return true;
}

static bool collect(struct shared *sh, struct worker *ws, unsigned n, struct eap_batch_stats *out,
                    struct eap_error *err)
{
    bool ok =
        eap_batch_stats_init(out, sh->spec->scn->metrics, sh->metric_count, sh->spec->vs != NULL);
    if (!ok) {
        eap_error_set(err, EAP_ENOMEM, "out of memory collecting statistics");
    }
    for (unsigned i = 0; i < n; i++) {
        if (ok && ws[i].failed) {
            *err = ws[i].err;
            ok = false;
        }
        if (ok) {
            ok = eap_batch_stats_merge(out, &ws[i].stats, err);
        }
        worker_finish(&ws[i]);
    }
    if (!ok) {
        eap_batch_stats_finish(out);
    }
    return ok;
}

/* Runs the workers on as many threads as will start (the calling thread does the work if
 * none does), reporting progress meanwhile. */
static void run_threads(struct shared *sh, struct worker *ws, unsigned n)
{
    unsigned started = 0;
    for (; started < n; started++) {
        if (pthread_create(&ws[started].thread, NULL, worker_main, &ws[started]) != 0) {
            break;
        }
    }
    if (started == 0) {
        worker_main(&ws[0]);
    }
    wait_with_progress(sh, started);
    for (unsigned i = 0; i < started; i++) {
        pthread_join(ws[i].thread, NULL);
    }
}

bool eap_batch_run(const struct eap_batch_spec *spec, struct eap_batch_stats *out,
                   struct eap_error *err)
{
    unsigned n = spec->threads ? spec->threads : 1;
    struct shared sh;
    memset(&sh, 0, sizeof(sh));
    sh.spec = spec;
    sh.blocks = (spec->count + EAP_BATCH_BLOCK - 1) / EAP_BATCH_BLOCK;
    sh.paired = spec->vs != NULL;
    atomic_init(&sh.next_block, 0);
    atomic_init(&sh.done, 0);
    atomic_init(&sh.failed, false);
    pthread_mutex_init(&sh.seq.lock, NULL);
    pthread_cond_init(&sh.seq.advanced, NULL);
    sh.seq.window = 4 * (size_t)n + 4;
    struct worker *ws = calloc(n, sizeof(*ws));
    bool ok = ws != NULL;
    if (!ok) {
        eap_error_set(err, EAP_ENOMEM, "out of memory starting the batch");
    }
    ok = ok && start_workers(&sh, ws, n, err);
    if (ok) {
        run_threads(&sh, ws, n);
        ok = collect(&sh, ws, n, out, err);
    }
    for (size_t i = 0; i < sh.seq.pending_count; i++) {
        free(sh.seq.pending[i].values);
    }
    free(sh.seq.pending);
    free(ws);
    pthread_mutex_destroy(&sh.seq.lock);
    pthread_cond_destroy(&sh.seq.advanced);
    return ok;
}
