/* SPDX-License-Identifier: MIT */
/*
 * The WARC job of backfill (backfill.h): reads WARC files with no
 * network, spreads the parsing over worker processes that each take every
 * Nth response, merges their checkpoints, and resumes where a killed run
 * stopped.
 */
#include "config.h"
#include "backfill_int.h"

/* ---- WARC --------------------------------------------------------------- */

/*
 * WARC files are read by worker processes (one per CPU by default,
 * --jobs): parsing HTML with gumbo dominates the cost of an article and
 * gumbo runs on one core, so this is where backfill can use them all.
 * Each worker reads the whole file (decompressing is cheap) and takes the
 * records whose ordinal number modulo the worker count is its own. It
 * parses a batch of them outside any transaction, then stores the batch
 * and its checkpoint (the last record it handled, its ordinal, its counts)
 * in one short write transaction, so that workers sharing the store wait
 * for each other only while writing. The parent forwards Ctrl-C, shows
 * the progress it reads from the workers' checkpoints, and sums their
 * reports at the end. A worker dies with its parent (PR_SET_PDEATHSIG),
 * so a kill -9 of the command stops all of it, as a crash would.
 */
#define WARC_BATCH 64          /* records parsed per write transaction */
#define WARC_BATCH_SECONDS 0.5 /* ... or this long, whichever comes first */
#define WARC_WORKERS_MAX 16

struct warc_worker {
    struct runtime *rt;
    struct ingest ig;          /* rt's, with this worker's store */
    const struct backfill_opts *o;
    const char *path;
    char job[PATH_MAX + 64];   /* this worker's checkpoint key */
    unsigned k, n;             /* worker k of n */
    struct report r;
    struct warta_record rec[WARC_BATCH];
    char *uri[WARC_BATCH];
    size_t nrec;
    json_t *pos;               /* where to continue, or NULL */
    uint64_t ordinal;          /* of the next record */
    double fraction;
};

static int html_type(const char *ct)
{
    if (!ct || !*ct)
        return 1; /* unknown: let the page loader sniff it */
    while (*ct == ' ')
        ct++;
    return strncasecmp(ct, "text/html", 9) == 0 ||
           strncasecmp(ct, "application/xhtml", 17) == 0;
}

/* Parse one response record into the worker's batch (or count why not).
 * Returns W_OK, or W_NOMEM / a store error that ends the worker. */
static int warc_ingest(struct warc_worker *ww, const struct warc_response *w)
{
    struct report *r = &ww->r;
    const struct backfill_opts *o = ww->o;
    struct runtime *rt = ww->rt;
    const char *uri = w->uri;
    if (!uri || !url_is_http(uri) || w->status < 200 || w->status > 299 ||
        !html_type(w->content_type)) {
        bf_report_count(r, uri, BF_SKIPPED);
        return W_OK;
    }
    char canon[URL_MAX], host[256];
    if (ingest_canonical(&ww->ig, uri, canon, sizeof canon) != W_OK ||
        url_host(canon, host, sizeof host) != W_OK) {
        bf_report_count(r, uri, BF_SKIPPED);
        return W_OK;
    }
    if (!o->refetch) {
        int had = store_has_url(ww->ig.store, canon);
        if (had < 0)
            return had;
        if (had) {
            bf_report_count(r, uri, BF_HAD);
            return W_OK;
        }
    }
    const struct config_source *src = o->source
                                          ? config_source(rt->cfg, o->source)
                                          : bf_source_for_host(rt->cfg, host);
    struct ingest_input in = {
        .url = uri,
        .name = uri,
        .content_type = w->content_type,
        .bytes = w->body,
        .n = w->body_len,
        .source = src ? src->name : NULL,
        .plugin = src ? src->plugin : NULL,
        .fetched = w->date,
    };
    struct warta_record *rec = &ww->rec[ww->nrec];
    record_init(rec);
    int rc = ingest_article(&ww->ig, &in, rec);
    if (rc == W_OK && (o->from || o->to) &&
        backfill_in_window(record_get(rec, WARTA_F_PUBLISHED), o->from,
                           o->to) == 0) {
        bf_report_count(r, uri, BF_OUTSIDE);
    } else if (rc == W_OK) {
        ww->uri[ww->nrec] = w_strdup(uri);
        if (!ww->uri[ww->nrec]) {
            record_cleanup(rec);
            return W_NOMEM;
        }
        ww->nrec++;
        return W_OK;
    } else if (rc == W_DECLINED) {
        bf_report_count(r, uri, BF_SKIPPED);
    } else if (rc != W_NOMEM) {
        bf_report_fail(r, uri, "cannot parse: %s", warta_strerror(rc));
    }
    record_cleanup(rec);
    return rc == W_NOMEM ? rc : W_OK;
}

static void warc_batch_drop(struct warc_worker *ww)
{
    for (size_t i = 0; i < ww->nrec; i++) {
        record_cleanup(&ww->rec[i]);
        W_FREE(ww->uri[i]);
    }
    ww->nrec = 0;
}

/* The worker's checkpoint: its report, where to continue, and done. */
static int warc_save(struct warc_worker *ww, int done)
{
    json_t *pos = ww->pos ? json_deep_copy(ww->pos) : json_object();
    if (!pos)
        return W_NOMEM;
    json_object_set_new(pos, "ordinal", json_integer((json_int_t)ww->ordinal));
    json_t *ck = bf_report_json(&ww->r, pos, 1);
    json_decref(pos);
    if (!ck)
        return W_NOMEM;
    json_object_set_new(ck, "done", json_boolean(done));
    json_object_set_new(ck, "fraction", json_real(ww->fraction));
    int rc = store_checkpoint_put(ww->ig.store, ww->job, ck);
    json_decref(ck);
    return rc;
}

/* Store the parsed batch and the checkpoint in one transaction. */
static int warc_flush(struct warc_worker *ww, int done)
{
    struct store *s = ww->ig.store;
    int rc = bf_batch_begin(s);
    if (rc)
        goto out;
    for (size_t i = 0; i < ww->nrec && rc == W_OK; i++) {
        enum store_outcome so = STORE_INSERTED;
        rc = store_put_record(s, &ww->rec[i], &so);
        if (rc == W_OK) {
            bf_report_count(&ww->r, ww->uri[i], bf_outcome_of((int)so));
        } else if (rc == W_ERR || rc == W_TOOBIG) {
            bf_report_fail(&ww->r, ww->uri[i], "cannot store: %s",
                           warta_strerror(rc));
            rc = W_OK;
        }
    }
    if (rc == W_OK)
        rc = warc_save(ww, done);
    if (rc == W_OK)
        rc = bf_batch_commit(s);
    else
        store_rollback(s);
out:
    warc_batch_drop(ww);
    return rc;
}

/*
 * Worker k of n over the file: its records, batch by batch. Returns 0
 * when its share is done, 1 when interrupted, 2 on an error (the
 * checkpoint then holds the last batch stored).
 */
static int warc_work(struct warc_worker *ww)
{
    char err[1024];
    struct warc_reader *wr = NULL;
    struct stat st;
    uint64_t size = stat(ww->path, &st) == 0 ? (uint64_t)st.st_size : 0;
    int rc = warc_reader_open(&wr, ww->path, NULL, err, sizeof err);
    if (rc) {
        W_ERROR("%s", err);
        return 2;
    }
    json_t *ck = NULL;
    if (store_checkpoint_get(ww->ig.store, ww->job, &ck) == W_OK) {
        json_t *p = bf_report_restore(&ww->r, ck);
        if (json_is_true(json_object_get(ck, "done"))) {
            json_decref(ck);
            warc_reader_free(wr);
            return 0; /* finished before the interruption */
        }
        struct warc_pos wp = {
            (uint64_t)json_integer_value(json_object_get(p, "offset")),
            (uint64_t)json_integer_value(json_object_get(p, "skip"))};
        ww->ordinal =
            (uint64_t)json_integer_value(json_object_get(p, "ordinal"));
        ww->pos = json_deep_copy(p);
        if (ww->ordinal && warc_reader_seek(wr, &wp) != W_OK) {
            W_ERROR("%s: cannot resume: %s", ww->path, warc_error(wr));
            json_decref(ck);
            warc_reader_free(wr);
            return 2;
        }
    }
    json_decref(ck);
    double batch_t = bf_now_s();
    struct warc_response w;
    int end = 0;
    rc = W_OK;
    while (rc == W_OK && !end && !bf_sig_count) {
        int wrc = warc_next(wr, &w);
        if (wrc == W_NOTFOUND) {
            end = 1;
        } else if (wrc == W_IO || wrc == W_NOMEM) {
            W_ERROR("%s", warc_error(wr));
            rc = wrc;
            break;
        } else {
            /* Records are dealt out by ordinal; errors met between
             * records (no position) are worker 0's to report. */
            int mine = w.has_pos ? ww->ordinal % ww->n == ww->k : ww->k == 0;
            if (mine && wrc == W_OK)
                rc = warc_ingest(ww, &w);
            else if (mine)
                bf_report_failure(&ww->r, w.uri, warc_error(wr));
            if (w.has_pos) {
                if (mine) {
                    json_decref(ww->pos);
                    ww->pos = json_pack("{s:I, s:I}", "offset",
                                        (json_int_t)w.pos.offset, "skip",
                                        (json_int_t)(w.pos.skip + 1));
                }
                ww->ordinal++;
            }
        }
        if (size)
            ww->fraction = (double)warc_reader_tell(wr) / (double)size;
        if (rc == W_OK && (ww->nrec == WARC_BATCH || end ||
                           bf_now_s() - batch_t > WARC_BATCH_SECONDS)) {
            rc = warc_flush(ww, end);
            batch_t = bf_now_s();
            if (ww->n == 1) {
                ww->r.fraction = ww->fraction;
                bf_report_progress(&ww->r, 0);
            }
        }
    }
    /* Interrupted: keep what was parsed. The checkpoint's ordinal must
     * be that of the record after the last one handled. */
    if (rc == W_OK && !end)
        rc = warc_flush(ww, 0);
    warc_batch_drop(ww);
    warc_reader_free(wr);
    if (rc != W_OK) {
        W_ERROR("%s: worker %u stopped: %s", ww->path, ww->k,
                warta_strerror(rc));
        return 2;
    }
    return end ? 0 : 1;
}

static int warc_worker_init(struct warc_worker *ww, struct runtime *rt,
                            struct store *s, const struct backfill_opts *o,
                            const char *path, const char *job, unsigned k,
                            unsigned n)
{
    memset(ww, 0, sizeof *ww);
    ww->rt = rt;
    ww->ig = rt->ingest;
    ww->ig.store = s;
    ww->o = o;
    ww->path = path;
    ww->k = k;
    ww->n = n;
    snprintf(ww->job, sizeof ww->job, "%s#w%u", job, k);
    int rc = bf_report_init(&ww->r, ww->job, path, o);
    ww->r.warc = 1;
    return rc;
}

static void warc_worker_cleanup(struct warc_worker *ww)
{
    warc_batch_drop(ww);
    json_decref(ww->pos);
    bf_report_cleanup(&ww->r);
}

/* Sum the workers' checkpoints into r; *done counts finished workers.
 * Returns the fraction of the file the slowest worker has read. */
static double warc_merge(struct store *s, const char *job, unsigned n,
                         struct report *r, unsigned *done)
{
    double least = 1;
    *done = 0;
    memset(r->n, 0, sizeof r->n);
    for (size_t i = 0; i <= BACKFILL_MAX_HOSTS; i++)
        memset(r->hosts[i].n, 0, sizeof r->hosts[i].n);
    json_array_clear(r->failed);
    r->n_failed = 0;
    for (unsigned k = 0; k < n; k++) {
        char key[PATH_MAX + 64];
        snprintf(key, sizeof key, "%s#w%u", job, k);
        json_t *ck = NULL;
        if (store_checkpoint_get(s, key, &ck) != W_OK) {
            least = 0;
            continue;
        }
        bf_report_add_counts(r, ck);
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(ck, "failed"), i, f)
            if (json_array_size(r->failed) < BACKFILL_MAX_FAILED)
                json_array_append(r->failed, f);
        r->n_failed += (unsigned long)json_integer_value(
            json_object_get(ck, "n_failed"));
        double fr = json_is_true(json_object_get(ck, "done"))
                        ? 1
                        : json_real_value(json_object_get(ck, "fraction"));
        if (fr < least)
            least = fr;
        *done += json_is_true(json_object_get(ck, "done"));
        json_decref(ck);
    }
    return least;
}

static unsigned warc_default_workers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > WARC_WORKERS_MAX ? WARC_WORKERS_MAX : (unsigned)n;
}

/* Run the workers in child processes; returns the worst worker status. */
static int warc_fork(struct runtime *rt, const struct backfill_opts *o,
                     const char *path, const char *job, unsigned n,
                     struct report *r)
{
    pid_t pids[WARC_WORKERS_MAX];
    int status[WARC_WORKERS_MAX];
    pid_t parent = getpid();
    const char *db = store_path(rt->store);
    unsigned started = 0;
    fflush(stderr);
    for (unsigned k = 0; k < n; k++) {
        pid_t pid = fork();
        if (pid < 0) {
            W_ERRNO("cannot start WARC worker %u", k);
            break;
        }
        if (pid == 0) {
#ifdef __linux__
            prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
            if (getppid() != parent)
                _exit(2);
            /* A connection must not cross fork(): a new one. */
            struct store *s = NULL;
            int st = 2;
            if (store_open(db, &s) == W_OK) {
                struct warc_worker ww;
                if (warc_worker_init(&ww, rt, s, o, path, job, k, n) ==
                    W_OK)
                    st = warc_work(&ww);
                warc_worker_cleanup(&ww);
                store_close(s);
            }
            fflush(stderr);
            _exit(st);
        }
        pids[started] = pid;
        status[started++] = -1;
    }
    unsigned running = started;
    int forwarded = 0;
    while (running) {
        for (unsigned i = 0; i < started; i++) {
            int ws;
            if (status[i] != -1 || waitpid(pids[i], &ws, WNOHANG) <= 0)
                continue;
            status[i] = WIFEXITED(ws) ? WEXITSTATUS(ws) : 2;
            running--;
        }
        if (bf_sig_count > forwarded) {
            /* Ctrl-C reaches the whole group; kill -INT only us. */
            for (unsigned i = 0; i < started; i++)
                if (status[i] == -1)
                    kill(pids[i], bf_sig_count > 1 ? SIGKILL : SIGINT);
            forwarded = bf_sig_count;
        }
        unsigned done;
        r->fraction = warc_merge(rt->store, job, n, r, &done);
        bf_report_progress(r, 0);
        if (running)
            usleep(100000);
    }
    int worst = started < n ? 2 : 0;
    for (unsigned i = 0; i < started; i++)
        if (status[i] > worst)
            worst = status[i];
    return worst;
}

/* One WARC file as one job. Returns EXIT_OK, EXIT_RUNTIME, EXIT_USAGE. */
static int warc_file(struct runtime *rt, const struct backfill_opts *o,
                     const char *path)
{
    char real[PATH_MAX], job[PATH_MAX + 32], what[PATH_MAX + 8];
    if (!realpath(path, real) || access(real, R_OK) != 0) {
        fprintf(stderr, "warta backfill: %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    snprintf(job, sizeof job, "backfill warc %s", real);
    snprintf(what, sizeof what, "warc %s", path);
    struct report r;
    json_t *ck = NULL;
    int status = EXIT_RUNTIME, lock = -1;
    if (bf_report_init(&r, job, what, o))
        goto out;
    r.warc = 1;
    lock = bf_job_lock(rt->store, job);
    if (lock < 0)
        goto out;
    unsigned n = o->jobs ? o->jobs : warc_default_workers();
    int rc = store_checkpoint_get(rt->store, job, &ck);
    if (rc == W_OK) {
        json_int_t w = json_integer_value(json_object_get(ck, "workers"));
        n = w > 0 && w <= WARC_WORKERS_MAX ? (unsigned)w : 1;
        W_NOTICE("%s: resuming with %u worker(s)", path, n);
    } else if (rc == W_NOTFOUND) {
        json_t *v = json_pack("{s:i, s:i}", "v", 1, "workers", (int)n);
        rc = v ? store_checkpoint_put(rt->store, job, v) : W_NOMEM;
        json_decref(v);
    }
    if (rc != W_OK) {
        fprintf(stderr, "warta backfill: %s: cannot use the checkpoint: "
                        "%s\n", path, warta_strerror(rc));
        goto out;
    }
    int worst;
    if (n == 1) {
        struct warc_worker ww;
        worst = 2;
        if (warc_worker_init(&ww, rt, rt->store, o, path, job, 0, 1) ==
            W_OK) {
            ww.r.tty = o->progress;
            worst = warc_work(&ww);
        }
        warc_worker_cleanup(&ww);
    } else {
        worst = warc_fork(rt, o, path, job, n, &r);
    }
    unsigned done;
    warc_merge(rt->store, job, n, &r, &done);
    if (done < n || worst) {
        bf_report_summary(&r,
                          worst == 2 ? "stopped by an error" : "interrupted");
        fprintf(stderr,
                "warta backfill: %s: %s; run the same command "
                "again to continue\n",
                path, worst == 2 ? "a worker failed" : "interrupted");
        goto out;
    }
    for (unsigned k = 0; k < n; k++) {
        char key[PATH_MAX + 64];
        snprintf(key, sizeof key, "%s#w%u", job, k);
        store_checkpoint_delete(rt->store, key);
    }
    store_checkpoint_delete(rt->store, job);
    bf_report_summary(&r, "done");
    status = r.n_failed ? EXIT_RUNTIME : EXIT_OK;
out:
    json_decref(ck);
    bf_job_unlock(lock);
    bf_report_cleanup(&r);
    return status;
}

int backfill_warc(struct runtime *rt, const struct backfill_opts *o)
{
    int status = EXIT_OK;
    bf_signals_install();
    for (size_t i = 0; i < o->n_warc && !bf_sig_count; i++) {
        int st = warc_file(rt, o, o->warc[i]);
        if (st > status)
            status = st;
    }
    if (bf_sig_count && status == EXIT_OK)
        status = EXIT_RUNTIME;
    bf_signals_restore();
    return status;
}
