/* SPDX-License-Identifier: MIT */
/*
 * One-shot backfill (see backfill.h for the contract and the resume
 * model, docs/BACKFILL.md for the user's view). In order: what the three
 * jobs share (dates, signals, the report with its progress line and
 * summary, the job lock, short store transactions); the WARC job, which
 * needs no network and spreads the parsing over worker processes; URL
 * lists; and the network jobs (archive walk and URL list), which fetch
 * through the daemon's modules: the fetch engine, politeness, frontier
 * leases and the ingest path.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#undef W_OK /* <unistd.h>'s access() mode; warta's W_OK is the enum */
#include "config.h"
#include "backfill.h"
#include "cmd.h"
#include "fetch.h"
#include "frontier.h"
#include "ingest.h"
#include "log.h"
#include "mem.h"
#include "politeness.h"
#include "sched.h"
#include "store.h"
#include "url.h"
#include "warc.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const outcome_names[BF__N] = {
    [BF_STORED] = "stored",         [BF_UPDATED] = "updated",
    [BF_UNCHANGED] = "unchanged",   [BF_HAD] = "already_stored",
    [BF_OUTSIDE] = "outside_window", [BF_SKIPPED] = "skipped",
    [BF_FAILED] = "failed",
};

void backfill_opts_init(struct backfill_opts *o)
{
    memset(o, 0, sizeof *o);
    o->log_interval = 10;
    o->max_pages = 100000;
    o->lease = 300;
}

/* ---- dates ------------------------------------------------------------ */

int backfill_valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

int backfill_in_window(const char *iso, const char *from, const char *to)
{
    char day[11];
    if (!iso || strlen(iso) < 10)
        return -1;
    memcpy(day, iso, 10);
    day[10] = '\0';
    if (!backfill_valid_date(day))
        return -1;
    if (from && strcmp(day, from) < 0)
        return 0;
    if (to && strcmp(day, to) > 0)
        return 0;
    return 1;
}

static int atoi_n(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Days since 1970-01-01 of a valid "YYYY-MM-DD" (for progress only). */
static long day_number(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = atoi_n(s, 4) - 1900;
    tm.tm_mon = atoi_n(s + 5, 2) - 1;
    tm.tm_mday = atoi_n(s + 8, 2);
    tm.tm_hour = 12;
    return (long)(timegm(&tm) / 86400);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- signals ---------------------------------------------------------- */

static volatile sig_atomic_t sig_count;
static struct sigaction old_int, old_term;

static void on_signal(int sig)
{
    (void)sig;
    sig_count++;
}

static void signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sig_count = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

static void signals_restore(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

/* ---- the report --------------------------------------------------------- */

struct bf_host {
    char *host;
    unsigned long n[BF__N];
};

struct report {
    char *job;                 /* checkpoint key */
    const char *what;          /* for messages: "warc FILE", ... */
    unsigned long n[BF__N];
    unsigned long pages;       /* archive pages listed */
    unsigned long fetched;     /* HTTP fetches that ended (any outcome) */
    unsigned long done_before; /* items settled in earlier runs */
    struct bf_host hosts[BACKFILL_MAX_HOSTS + 1]; /* last: "other" */
    size_t n_hosts;
    json_t *failed;            /* array of strings, bounded */
    unsigned long n_failed;
    double t0, last_print, elapsed_before;
    double fraction;           /* 0..1 of the job done, -1 unknown */
    unsigned long total;       /* items known in all, 0 unknown */
    int tty;
    double interval;
    int line_shown;            /* a progress line is on the terminal */
    int failed_dirty;          /* failed changed since it was saved */
    int warc;                  /* a WARC job: no pages, no fetches */
};

static int report_init(struct report *r, const char *job, const char *what,
                       const struct backfill_opts *o)
{
    memset(r, 0, sizeof *r);
    r->job = w_strdup(job);
    r->what = what;
    r->failed = json_array();
    r->t0 = r->last_print = now_s();
    r->fraction = -1;
    r->tty = o->progress;
    r->interval = o->log_interval > 0 ? o->log_interval : 10;
    return r->job && r->failed ? W_OK : W_NOMEM;
}

static void report_cleanup(struct report *r)
{
    for (size_t i = 0; i <= BACKFILL_MAX_HOSTS; i++)
        w_free(r->hosts[i].host);
    json_decref(r->failed);
    w_free(r->job);
    memset(r, 0, sizeof *r);
}

static struct bf_host *report_host(struct report *r, const char *host)
{
    if (!host || !*host)
        host = "-";
    for (size_t i = 0; i < r->n_hosts; i++)
        if (strcmp(r->hosts[i].host, host) == 0)
            return &r->hosts[i];
    if (r->n_hosts < BACKFILL_MAX_HOSTS) {
        char *h = w_strdup(host);
        if (h) {
            r->hosts[r->n_hosts].host = h;
            return &r->hosts[r->n_hosts++];
        }
    }
    struct bf_host *other = &r->hosts[BACKFILL_MAX_HOSTS];
    if (!other->host)
        other->host = w_strdup("(other hosts)");
    return other;
}

/* Count one item of url (its host is taken from it). */
static void report_count(struct report *r, const char *url,
                         enum backfill_outcome o)
{
    char host[256];
    if (!url || url_host(url, host, sizeof host) != W_OK)
        snprintf(host, sizeof host, "-");
    r->n[o]++;
    report_host(r, host)->n[o]++;
}

/* A failure for good: counted (under url's host) and, up to a bound,
 * listed with the sentence line. */
static void report_failure(struct report *r, const char *url,
                           const char *line)
{
    report_count(r, url, BF_FAILED);
    r->n_failed++;
    r->failed_dirty = 1;
    W_WARN("%s", line);
    if (json_array_size(r->failed) < BACKFILL_MAX_FAILED)
        json_array_append_new(r->failed, json_string(line));
}

static void report_fail(struct report *r, const char *url, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));
static void report_fail(struct report *r, const char *url, const char *fmt,
                        ...)
{
    char why[1024], line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(line, sizeof line, "%s: %s", url ? url : r->what, why);
    report_failure(r, url, line);
}

static unsigned long report_settled(const struct report *r)
{
    unsigned long n = 0;
    for (int i = 0; i < BF__N; i++)
        n += r->n[i];
    return n;
}

/* The report as checkpoint JSON (new reference), with pos merged in;
 * the list of failures only when with_failed is set. */
static json_t *report_json(const struct report *r, json_t *pos,
                           int with_failed)
{
    json_t *counts = json_object();
    for (int i = 0; i < BF__N; i++)
        json_object_set_new(counts, outcome_names[i],
                            json_integer((json_int_t)r->n[i]));
    json_t *hosts = json_object();
    for (size_t i = 0; i <= BACKFILL_MAX_HOSTS; i++) {
        if (!r->hosts[i].host)
            continue;
        json_t *a = json_array();
        for (int k = 0; k < BF__N; k++)
            json_array_append_new(a,
                                  json_integer((json_int_t)r->hosts[i].n[k]));
        json_object_set_new(hosts, r->hosts[i].host, a);
    }
    json_t *o = json_pack(
        "{s:i, s:o, s:o, s:I, s:I, s:I, s:f, s:o}", "v", 1, "counts", counts,
        "hosts", hosts, "n_failed", (json_int_t)r->n_failed, "pages",
        (json_int_t)r->pages, "fetched", (json_int_t)r->fetched, "elapsed",
        r->elapsed_before + (now_s() - r->t0), "pos",
        pos ? json_incref(pos) : json_null());
    if (o && with_failed)
        json_object_set(o, "failed", r->failed);
    return o;
}

/* Restore counts from a checkpoint; returns its "pos" (borrowed). */
static json_t *report_restore(struct report *r, json_t *ck)
{
    json_t *counts = json_object_get(ck, "counts");
    for (int i = 0; i < BF__N; i++)
        r->n[i] = (unsigned long)json_integer_value(
            json_object_get(counts, outcome_names[i]));
    const char *h;
    json_t *a;
    json_object_foreach(json_object_get(ck, "hosts"), h, a)
    {
        struct bf_host *bh = report_host(r, h);
        for (int k = 0; k < BF__N; k++)
            bh->n[k] += (unsigned long)json_integer_value(
                json_array_get(a, (size_t)k));
    }
    json_t *f = json_object_get(ck, "failed");
    if (json_is_array(f)) {
        json_decref(r->failed);
        r->failed = json_deep_copy(f);
        if (!r->failed)
            r->failed = json_array();
    }
    r->n_failed = (unsigned long)json_integer_value(
        json_object_get(ck, "n_failed"));
    r->pages = (unsigned long)json_integer_value(json_object_get(ck, "pages"));
    r->fetched =
        (unsigned long)json_integer_value(json_object_get(ck, "fetched"));
    r->elapsed_before = json_real_value(json_object_get(ck, "elapsed"));
    r->done_before = report_settled(r);
    return json_object_get(ck, "pos");
}

static void fmt_duration(char *buf, size_t n, double s)
{
    if (s < 0 || s > 1e7) {
        snprintf(buf, n, "?");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

/* One line of progress: on a terminal rewritten in place, otherwise a
 * log line every interval seconds. force prints regardless of time. */
static void report_progress(struct report *r, int force)
{
    double now = now_s();
    double since = now - r->last_print;
    if (!force && since < (r->tty ? 0.25 : r->interval))
        return;
    r->last_print = now;
    unsigned long settled = report_settled(r);
    unsigned long here = settled - r->done_before;
    double el = now - r->t0;
    double rate = el > 0 ? (double)here / el : 0;
    char eta[32] = "?";
    if (r->total && settled <= r->total && rate > 0)
        fmt_duration(eta, sizeof eta, (double)(r->total - settled) / rate);
    else if (r->fraction > 0.001 && r->fraction <= 1)
        fmt_duration(eta, sizeof eta, el / r->fraction - el);
    char line[512], head[64] = "";
    if (r->warc)
        snprintf(head, sizeof head, "%.0f%% read",
                 r->fraction > 0 ? r->fraction * 100 : 0);
    else
        snprintf(head, sizeof head, "%lu pages listed, %lu fetched",
                 r->pages, r->fetched);
    snprintf(line, sizeof line,
             "%s: %s, %lu stored, %lu had, %lu failed, %lu other | "
             "%.1f/s | ETA %s",
             r->what, head, r->n[BF_STORED] + r->n[BF_UPDATED],
             r->n[BF_HAD], r->n[BF_FAILED],
             r->n[BF_UNCHANGED] + r->n[BF_OUTSIDE] + r->n[BF_SKIPPED], rate,
             eta);
    if (r->tty) {
        fprintf(stderr, "\r\033[K%s", line);
        fflush(stderr);
        r->line_shown = 1;
    } else {
        W_NOTICE("%s", line);
    }
}

static void report_end_line(struct report *r)
{
    if (r->tty && r->line_shown) {
        fprintf(stderr, "\r\033[K");
        r->line_shown = 0;
    }
}

/* The summary at the end, on stderr. */
static void report_summary(struct report *r, const char *state)
{
    report_end_line(r);
    char el[32];
    fmt_duration(el, sizeof el, r->elapsed_before + (now_s() - r->t0));
    if (r->warc)
        fprintf(stderr, "backfill %s: %s in %s\n", r->what, state, el);
    else
        fprintf(stderr,
                "backfill %s: %s in %s (%lu archive pages, %lu fetches)\n",
                r->what, state, el, r->pages, r->fetched);
    fprintf(stderr, " ");
    for (int i = 0; i < BF__N; i++)
        fprintf(stderr, " %s %lu%s", outcome_names[i], r->n[i],
                i + 1 < BF__N ? "," : "\n");
    int any = 0;
    for (size_t i = 0; i <= BACKFILL_MAX_HOSTS; i++) {
        const struct bf_host *h = &r->hosts[i];
        if (!h->host)
            continue;
        if (!any++)
            fprintf(stderr, "  per host:\n");
        fprintf(stderr, "    %-32s", h->host);
        for (int k = 0; k < BF__N; k++)
            if (h->n[k])
                fprintf(stderr, " %s %lu", outcome_names[k], h->n[k]);
        fprintf(stderr, "\n");
    }
    if (r->n_failed) {
        fprintf(stderr, "  failed for good (%lu):\n", r->n_failed);
        size_t i;
        json_t *v;
        json_array_foreach(r->failed, i, v)
            fprintf(stderr, "    %s\n", json_string_value(v));
        if (r->n_failed > json_array_size(r->failed))
            fprintf(stderr, "    ... and %lu more (see the log)\n",
                    r->n_failed - (unsigned long)json_array_size(r->failed));
    }
}

/* ---- the job lock ------------------------------------------------------- */

/*
 * One process per job: the same backfill started twice on one store
 * would fetch everything twice. The lock is a file beside the store,
 * held with flock, so the kernel drops it when a killed process dies.
 * Returns the descriptor, or -1 with the reason printed.
 */
static int job_lock(struct store *s, const char *job)
{
    const char *db = store_path(s);
    if (!db || strcmp(db, ":memory:") == 0)
        return INT_MAX; /* a private store needs no lock */
    char hex[65], path[4200];
    record_sha256_hex(job, strlen(job), hex);
    hex[16] = '\0';
    snprintf(path, sizeof path, "%s.backfill-%s.lock", db, hex);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "warta backfill: %s: %s\n", path, strerror(errno));
        return -1;
    }
    /* A run killed a moment ago may still be on its way out (its workers
     * die with it, but not in no time): give it a few seconds. */
    int locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
    for (int i = 0; i < 50 && !locked && !sig_count; i++) {
        usleep(100000);
        locked = flock(fd, LOCK_EX | LOCK_NB) == 0;
    }
    if (!locked) {
        fprintf(stderr,
                "warta backfill: the same backfill is already running on "
                "%s (lock %s)\n",
                db, path);
        close(fd);
        return -1;
    }
    char line[64];
    int n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && write(fd, line, (size_t)n) < 0) {
        /* The pid is for people only. */
    }
    return fd;
}

static void job_unlock(int fd)
{
    if (fd >= 0 && fd != INT_MAX)
        close(fd);
}

/* ---- store helpers ------------------------------------------------------ */

/* BEGIN IMMEDIATE, retried while another process (the daemon) writes. */
static int batch_begin(struct store *s)
{
    int rc = store_begin(s);
    /* After Ctrl-C, one wait is enough: the user wants to stop. */
    for (int i = 0; i < 5 && rc == W_AGAIN && !sig_count; i++) {
        W_NOTICE("backfill: the store is busy; waiting");
        rc = store_begin(s);
    }
    return rc;
}

static int batch_commit(struct store *s)
{
    int rc = W_AGAIN;
    for (int i = 0; i < 6 && rc == W_AGAIN; i++)
        rc = store_commit(s);
    if (rc != W_OK)
        store_rollback(s);
    return rc;
}

static enum backfill_outcome outcome_of(int store_outcome)
{
    switch (store_outcome) {
    case STORE_INSERTED:
        return BF_STORED;
    case STORE_UNCHANGED:
        return BF_UNCHANGED;
    default:
        return BF_UPDATED;
    }
}

/* The configured source serving host, when exactly one does. */
static const struct config_source *source_for_host(const struct config *c,
                                                   const char *host)
{
    const struct config_source *found = NULL;
    for (size_t i = 0; i < c->n_sources; i++)
        if (config_source_has_host(&c->sources[i], host)) {
            if (found)
                return NULL;
            found = &c->sources[i];
        }
    return found;
}

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
        report_count(r, uri, BF_SKIPPED);
        return W_OK;
    }
    char canon[URL_MAX], host[256];
    if (ingest_canonical(&ww->ig, uri, canon, sizeof canon) != W_OK ||
        url_host(canon, host, sizeof host) != W_OK) {
        report_count(r, uri, BF_SKIPPED);
        return W_OK;
    }
    if (!o->refetch) {
        int had = store_has_url(ww->ig.store, canon);
        if (had < 0)
            return had;
        if (had) {
            report_count(r, uri, BF_HAD);
            return W_OK;
        }
    }
    const struct config_source *src =
        o->source ? config_source(rt->cfg, o->source)
                  : source_for_host(rt->cfg, host);
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
        report_count(r, uri, BF_OUTSIDE);
    } else if (rc == W_OK) {
        ww->uri[ww->nrec] = w_strdup(uri);
        if (!ww->uri[ww->nrec]) {
            record_cleanup(rec);
            return W_NOMEM;
        }
        ww->nrec++;
        return W_OK;
    } else if (rc == W_DECLINED) {
        report_count(r, uri, BF_SKIPPED);
    } else if (rc != W_NOMEM) {
        report_fail(r, uri, "cannot parse: %s", warta_strerror(rc));
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
    json_t *ck = report_json(&ww->r, pos, 1);
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
    int rc = batch_begin(s);
    if (rc)
        goto out;
    for (size_t i = 0; i < ww->nrec && rc == W_OK; i++) {
        enum store_outcome so = STORE_INSERTED;
        rc = store_put_record(s, &ww->rec[i], &so);
        if (rc == W_OK) {
            report_count(&ww->r, ww->uri[i], outcome_of((int)so));
        } else if (rc == W_ERR || rc == W_TOOBIG) {
            report_fail(&ww->r, ww->uri[i], "cannot store: %s",
                        warta_strerror(rc));
            rc = W_OK;
        }
    }
    if (rc == W_OK)
        rc = warc_save(ww, done);
    if (rc == W_OK)
        rc = batch_commit(s);
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
        json_t *p = report_restore(&ww->r, ck);
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
    double batch_t = now_s();
    struct warc_response w;
    int end = 0;
    rc = W_OK;
    while (rc == W_OK && !end && !sig_count) {
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
                report_failure(&ww->r, w.uri, warc_error(wr));
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
                           now_s() - batch_t > WARC_BATCH_SECONDS)) {
            rc = warc_flush(ww, end);
            batch_t = now_s();
            if (ww->n == 1) {
                ww->r.fraction = ww->fraction;
                report_progress(&ww->r, 0);
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
    int rc = report_init(&ww->r, ww->job, path, o);
    ww->r.warc = 1;
    return rc;
}

static void warc_worker_cleanup(struct warc_worker *ww)
{
    warc_batch_drop(ww);
    json_decref(ww->pos);
    report_cleanup(&ww->r);
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
        json_t *counts = json_object_get(ck, "counts");
        for (int i = 0; i < BF__N; i++)
            r->n[i] += (unsigned long)json_integer_value(
                json_object_get(counts, outcome_names[i]));
        const char *h;
        json_t *a;
        json_object_foreach(json_object_get(ck, "hosts"), h, a)
        {
            struct bf_host *bh = report_host(r, h);
            for (int i = 0; i < BF__N; i++)
                bh->n[i] += (unsigned long)json_integer_value(
                    json_array_get(a, (size_t)i));
        }
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
        if (sig_count > forwarded) {
            /* Ctrl-C reaches the whole group; kill -INT only us. */
            for (unsigned i = 0; i < started; i++)
                if (status[i] == -1)
                    kill(pids[i], sig_count > 1 ? SIGKILL : SIGINT);
            forwarded = sig_count;
        }
        unsigned done;
        r->fraction = warc_merge(rt->store, job, n, r, &done);
        report_progress(r, 0);
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
    if (report_init(&r, job, what, o))
        goto out;
    r.warc = 1;
    lock = job_lock(rt->store, job);
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
        report_summary(&r, worst == 2 ? "stopped by an error"
                                      : "interrupted");
        fprintf(stderr, "warta backfill: %s: %s; run the same command "
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
    report_summary(&r, "done");
    status = r.n_failed ? EXIT_RUNTIME : EXIT_OK;
out:
    json_decref(ck);
    job_unlock(lock);
    report_cleanup(&r);
    return status;
}

int backfill_warc(struct runtime *rt, const struct backfill_opts *o)
{
    int status = EXIT_OK;
    signals_install();
    for (size_t i = 0; i < o->n_warc && !sig_count; i++) {
        int st = warc_file(rt, o, o->warc[i]);
        if (st > status)
            status = st;
    }
    if (sig_count && status == EXIT_OK)
        status = EXIT_RUNTIME;
    signals_restore();
    return status;
}

/* ---- URL lists ---------------------------------------------------------- */

void backfill_list_cleanup(struct backfill_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        w_free(l->v[i].url);
    w_free(l->v);
    memset(l, 0, sizeof *l);
}

/* A small open-addressing set of canonical URLs, for duplicates. */
struct urlset {
    const char **slot;
    size_t cap, n;
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* 1 added, 0 present, W_NOMEM. s is borrowed and must outlive the set. */
static int urlset_add(struct urlset *u, const char *s)
{
    if ((u->n + 1) * 2 > u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 1024;
        const char **slot = w_calloc(cap, sizeof *slot);
        if (!slot)
            return W_NOMEM;
        for (size_t i = 0; i < u->cap; i++) {
            if (!u->slot[i])
                continue;
            size_t k = fnv(u->slot[i]) & (cap - 1);
            while (slot[k])
                k = (k + 1) & (cap - 1);
            slot[k] = u->slot[i];
        }
        w_free(u->slot);
        u->slot = slot;
        u->cap = cap;
    }
    size_t k = fnv(s) & (u->cap - 1);
    while (u->slot[k]) {
        if (strcmp(u->slot[k], s) == 0)
            return 0;
        k = (k + 1) & (u->cap - 1);
    }
    u->slot[k] = s;
    u->n++;
    return 1;
}

int backfill_read_urls(const char *path, struct backfill_list *l,
                       char *errmsg, size_t errsz)
{
    memset(l, 0, sizeof *l);
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(errmsg, errsz, "%s: %s", path, strerror(errno));
        return W_IO;
    }
    struct urlset seen = {NULL, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long lineno = 0;
    int rc = W_OK;
    while (rc == W_OK && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#')
            continue;
        /* A comment after the URL must follow a blank: '#' alone is a
         * fragment. */
        char *e = s;
        while (*e && *e != '\n' && *e != '\r' && *e != ' ' && *e != '\t')
            e++;
        char *rest = e;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        *e = '\0';
        if (!*s)
            continue;
        if (*rest && *rest != '#' && *rest != '\n' && *rest != '\r') {
            W_ERROR("%s:%ld: more than one word on the line (one URL per "
                    "line; comments start with #)", path, lineno);
            l->bad++;
            continue;
        }
        char canon[URL_MAX];
        int crc = url_canonical(s, canon, sizeof canon);
        if (crc == W_NOMEM) {
            rc = W_NOMEM;
            break;
        }
        if (crc) {
            W_ERROR("%s:%ld: not an http(s) URL: %.200s", path, lineno, s);
            l->bad++;
            continue;
        }
        if ((long)l->n >= BACKFILL_MAX_URLS) {
            snprintf(errmsg, errsz, "%s:%ld: more than %ld URLs", path,
                     lineno, BACKFILL_MAX_URLS);
            rc = W_TOOBIG;
            break;
        }
        if (l->n == l->cap) {
            size_t nc = l->cap ? l->cap * 2 : 256;
            struct backfill_url *v = w_realloc(l->v, nc * sizeof *v);
            if (!v) {
                rc = W_NOMEM;
                break;
            }
            l->v = v;
            l->cap = nc;
        }
        char *u = w_strdup(canon);
        if (!u) {
            rc = W_NOMEM;
            break;
        }
        l->v[l->n].url = u;
        l->v[l->n].line = lineno;
        int added = urlset_add(&seen, u);
        if (added < 0) {
            w_free(u);
            rc = added;
            break;
        }
        if (!added) {
            W_INFO("%s:%ld: %s is listed before; once is enough", path,
                   lineno, u);
            w_free(u);
            continue;
        }
        l->n++;
    }
    if (rc == W_OK && ferror(f)) {
        snprintf(errmsg, errsz, "%s: %s", path, strerror(errno));
        rc = W_IO;
    }
    if (rc == W_NOMEM)
        snprintf(errmsg, errsz, "%s: out of memory", path);
    free(line); /* getline's buffer comes from the C library */
    w_free(seen.slot);
    if (f != stdin)
        fclose(f);
    if (rc)
        backfill_list_cleanup(l);
    return rc;
}

/* ---- the network jobs ---------------------------------------------------- */

/*
 * The archive and URL-list jobs fetch through the same modules as the
 * daemon: the fetch engine (config-derived options from
 * sched_fetch_opts), politeness (robots.txt, per-host delay and limits),
 * frontier rows and leases, the fetch log, and sched_ingest_article for
 * every article. What differs is where the work comes from: not due
 * frontier rows, but the job's own ordered groups (archive pages, chunks
 * of the URL list), so that the job knows when its window is covered and
 * where to resume. Archive pages are fetched but never become frontier
 * rows: the daemon would otherwise re-poll them for ever.
 *
 * Sharing the store with a running daemon: an article is claimed before
 * it is fetched, in one write transaction that reads the row's lease and
 * leases it only when no other process holds a live lease. The URLs this
 * job has claimed are kept in a second checkpoint ("JOB#claims"), so that
 * after a kill -9 the resumed job recognises its own leases instead of
 * waiting for them to run out.
 */

#define GROUPS_AHEAD 4      /* archive pages listed beyond the settled one */
#define URL_CHUNK 50        /* URL-list lines per checkpoint step */
#define MAX_PARTS 16        /* pages of one split article */
#define WAIT_RETRY_MS 2000  /* re-check of a URL another process holds */
#define GRACE_MS 10000      /* transfers may finish after Ctrl-C */

enum task_kind { T_ROBOTS, T_LISTING, T_ARTICLE };

struct group {
    struct group *next;
    long seq;         /* order of creation */
    size_t chain;     /* archive chain the page belongs to */
    char *page;       /* archive page URL (resume point), or NULL */
    size_t index;     /* URL list: index of its first URL */
    int pending;      /* tasks not settled */
    int listed;       /* its tasks exist (archive page parsed) */
};

struct hq;

struct task {
    struct task *next;
    enum task_kind kind;
    char *url;        /* frontier key (canonical), or the page URL */
    char *fetch_url;  /* what is fetched now (a continuation part) */
    char *published;  /* date the archive page gave, or NULL */
    struct group *g;
    struct hq *hq;
    const struct config_source *src; /* source of the URL, may be NULL */
    int64_t not_before_ms; /* waiting for another process's lease */
    int64_t started_ms;
    int parts;
    int has_rec;
    struct warta_record rec;
};

struct hq {
    struct hq *next;
    char *host;
    struct task *head, *tail;
};

struct net {
    struct runtime *rt;
    const struct backfill_opts *o;
    struct report *r;
    const struct config_source *src; /* may be NULL (--urls) */
    struct fetch *fe;
    struct politeness *pol;
    struct frontier *fr;
    struct hq *hosts;
    long inflight, queued;
    struct group *ghead, *gtail;
    long n_groups;
    json_t *claims;      /* {url: true} leases this job holds */
    char *claims_job;
    char *failed_job;    /* key of the list of failures */
    json_t *settled;     /* {url: group seq}: settled beyond the head */
    json_t *resumed;     /* the settled set the interrupted run left */
    long next_seq;
    int listing_busy;    /* an archive page is being fetched */
    int fatal;           /* the store failed: stop */
    int64_t stop_at_ms;  /* after a signal: cancel at this time */
    /* Archive walk. */
    char **chains;       /* start URLs from the plugin's archive hook */
    size_t n_chains, chain;
    char *next_page;     /* next archive page to fetch, NULL: chain end */
    long chain_pages;
    int walk_done;
    long oldest_day;     /* progress: oldest listed date seen */
    /* URL list. */
    const struct backfill_list *list;
    size_t list_next;
    int source_job;
};

static int64_t now_ms(void) { return politeness_now_ms(); }

static void task_free(struct task *t)
{
    if (!t)
        return;
    if (t->has_rec)
        record_cleanup(&t->rec);
    w_free(t->url);
    w_free(t->fetch_url);
    w_free(t->published);
    w_free(t);
}

static struct hq *net_host(struct net *n, const char *host)
{
    for (struct hq *h = n->hosts; h; h = h->next)
        if (strcmp(h->host, host) == 0)
            return h;
    struct hq *h = w_calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->host = w_strdup(host);
    if (!h->host) {
        w_free(h);
        return NULL;
    }
    h->next = n->hosts;
    n->hosts = h;
    return h;
}

/* Queue t for its host (front: archive pages and continuation parts).
 * Returns W_OK or W_PARSE (no host: the caller settles t). */
static int net_queue(struct net *n, struct task *t, int front)
{
    char host[256];
    const char *u = t->fetch_url ? t->fetch_url : t->url;
    if (url_host(u, host, sizeof host) != W_OK)
        return W_PARSE;
    struct hq *h = net_host(n, host);
    if (!h)
        return W_NOMEM;
    t->hq = h;
    if (front) {
        t->next = h->head;
        h->head = t;
        if (!h->tail)
            h->tail = t;
    } else {
        t->next = NULL;
        if (h->tail)
            h->tail->next = t;
        else
            h->head = t;
        h->tail = t;
    }
    n->queued++;
    return W_OK;
}

static struct task *net_pop(struct net *n, struct hq *h)
{
    struct task *t = h->head;
    if (t) {
        h->head = t->next;
        if (!h->head)
            h->tail = NULL;
        t->next = NULL;
        n->queued--;
    }
    return t;
}

/* ---- claims ---- */

static int claims_save(struct net *n)
{
    return store_checkpoint_put(n->rt->store, n->claims_job, n->claims);
}

/*
 * Take the frontier row of url for this job (see the comment above).
 * Returns 1 claimed, 0 held by another process, 2 stored meanwhile (by
 * another process: the daemon), or a negative W_* code.
 */
static int claim(struct net *n, struct task *t)
{
    struct store *s = n->rt->store;
    int64_t now = now_ms() / 1000;
    int rc = batch_begin(s);
    if (rc)
        return rc;
    if (!n->o->refetch) {
        /* Checked when listed; inside the write lock it is final. */
        int had = store_has_url(s, t->url);
        if (had) {
            store_rollback(s);
            return had < 0 ? had : 2;
        }
    }
    int mine = json_object_get(n->claims, t->url) != NULL;
    int held = 0;
    /* The frontier API has no "lease unless leased" yet; read the lease
     * of the row directly, inside the write transaction, and the URL it
     * was discovered as (the daemon requests that one, so do we). */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(store_db(s),
                           "SELECT state = 'inflight' AND lease_until > ?2, "
                           "fetch_url FROM frontier WHERE url = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        W_ERROR("backfill: frontier: %s", sqlite3_errmsg(store_db(s)));
        store_rollback(s);
        return W_IO;
    }
    sqlite3_bind_text(st, 1, t->url, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    char *found = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        held = sqlite3_column_int(st, 0);
        const unsigned char *fu = sqlite3_column_text(st, 1);
        /* A link the daemon found is as good as the archive's: keep the
         * task's own, else take the row's. */
        if (fu && !t->fetch_url && !(found = w_strdup((const char *)fu))) {
            sqlite3_finalize(st);
            store_rollback(s);
            return W_NOMEM;
        }
    }
    sqlite3_finalize(st);
    if (found && !(held && !mine)) {
        t->fetch_url = found;
        found = NULL;
    }
    w_free(found);
    if (held && !mine) {
        store_rollback(s);
        return 0;
    }
    int64_t lease = now + (int64_t)n->o->lease;
    rc = frontier_add_from(n->fr, t->url, t->fetch_url,
                           n->src ? n->src->name : NULL, FRONTIER_ARTICLE,
                           now, 1, t->published);
    if (rc >= 0)
        rc = frontier_lease(n->fr, t->url, lease);
    if (rc == W_OK && !mine) {
        json_object_set_new(n->claims, t->url, json_true());
        rc = claims_save(n);
    }
    if (rc == W_OK)
        rc = batch_commit(s);
    else
        store_rollback(s);
    if (rc != W_OK) {
        json_object_del(n->claims, t->url);
        return rc;
    }
    return 1;
}

/* ---- groups and the checkpoint ---- */

static struct group *group_new(struct net *n, const char *page,
                               size_t index)
{
    struct group *g = w_calloc(1, sizeof *g);
    if (!g)
        return NULL;
    if (page && !(g->page = w_strdup(page))) {
        w_free(g);
        return NULL;
    }
    g->index = index;
    g->seq = n->next_seq++;
    g->chain = n->chain;
    if (n->gtail)
        n->gtail->next = g;
    else
        n->ghead = g;
    n->gtail = g;
    n->n_groups++;
    return g;
}

/* Where the job resumes: the first group not settled, else what comes
 * next; with the URLs settled beyond it, which the resumed job must not
 * count again. New reference. */
static json_t *net_pos(struct net *n)
{
    json_t *pos;
    if (n->source_job) {
        const struct group *g = n->ghead;
        size_t chain = g ? g->chain : n->chain;
        const char *page = g ? g->page : n->next_page;
        pos = json_pack("{s:I, s:s?, s:b}", "chain", (json_int_t)chain,
                        "page", page, "done", n->walk_done && !g);
    } else {
        size_t index = n->ghead ? n->ghead->index : n->list_next;
        pos = json_pack("{s:I}", "index", (json_int_t)index);
    }
    if (pos)
        json_object_set(pos, "settled", n->settled);
    return pos;
}

/* Forget settled URLs of groups that are gone (behind the head). */
static void settled_prune(struct net *n)
{
    long head = n->ghead ? n->ghead->seq : LONG_MAX;
    const char *url;
    json_t *v, *tmp;
    json_object_foreach_safe(n->settled, tmp, url, v)
    {
        if (json_integer_value(v) < head)
            json_object_del(n->settled, url);
    }
}

/* Drop settled groups from the head; 1 when the head moved. */
static int groups_advance(struct net *n)
{
    int moved = 0;
    while (n->ghead && n->ghead->listed && n->ghead->pending == 0) {
        struct group *g = n->ghead;
        n->ghead = g->next;
        if (!n->ghead)
            n->gtail = NULL;
        n->n_groups--;
        w_free(g->page);
        w_free(g);
        moved = 1;
    }
    return moved;
}

/*
 * Settle the article url of group g (both may be NULL: after a listing)
 * inside the open batch, and write the checkpoint: position, counts and
 * the URLs settled beyond the position, so that a resumed job counts
 * each item once. The list of failures is written when it changed.
 */
static int settle(struct net *n, struct group *g, const char *url)
{
    if (g) {
        g->pending--;
        if (url)
            json_object_set_new(n->settled, url, json_integer(g->seq));
    }
    if (groups_advance(n))
        settled_prune(n);
    json_t *pos = net_pos(n);
    json_t *ck = pos ? report_json(n->r, pos, 0) : NULL;
    json_decref(pos);
    if (!ck)
        return W_NOMEM;
    int rc = store_checkpoint_put(n->rt->store, n->r->job, ck);
    json_decref(ck);
    if (rc == W_OK && n->r->failed_dirty) {
        json_t *f = json_pack("{s:O}", "failed", n->r->failed);
        rc = f ? store_checkpoint_put(n->rt->store, n->failed_job, f)
               : W_NOMEM;
        json_decref(f);
        if (rc == W_OK)
            n->r->failed_dirty = 0;
    }
    return rc;
}

/* Settle an item of g in a transaction of its own (the caller counted
 * its outcome). */
static void settle_alone(struct net *n, struct group *g, const char *url)
{
    if (batch_begin(n->rt->store) != W_OK) {
        n->fatal = W_AGAIN;
        return;
    }
    int rc = settle(n, g, url);
    if (rc == W_OK)
        rc = batch_commit(n->rt->store);
    else
        store_rollback(n->rt->store);
    if (rc)
        n->fatal = rc;
}

/* A new article task for url in group g; settles at once when the store
 * holds it. */
static void add_article(struct net *n, struct group *g, const char *url,
                        const char *published)
{
    char canon[URL_MAX];
    if (ingest_canonical(&n->rt->ingest, url, canon, sizeof canon) != W_OK) {
        W_INFO("backfill: %s: not a URL warta fetches", url);
        return;
    }
    /* The page is fetched as the site links it (no redirect from a
     * canonical form the site may not serve); the canonical form is its
     * key in the frontier and the store. */
    if (n->resumed && json_object_get(n->resumed, canon)) {
        /* Settled and counted by the interrupted run. */
        json_object_del(n->resumed, canon);
        json_object_set_new(n->settled, canon, json_integer(g->seq));
        return;
    }
    struct task *t = w_calloc(1, sizeof *t);
    if (!t || !(t->url = w_strdup(canon)) ||
        (strcmp(url, canon) && !(t->fetch_url = w_strdup(url))) ||
        (published && !(t->published = w_strdup(published)))) {
        task_free(t);
        n->fatal = W_NOMEM;
        return;
    }
    t->kind = T_ARTICLE;
    t->g = g;
    t->src = n->src;
    if (!t->src) {
        char host[256];
        if (url_host(canon, host, sizeof host) == W_OK)
            t->src = source_for_host(n->rt->cfg, host);
    }
    g->pending++;
    if (!n->o->refetch) {
        int had = store_has_url(n->rt->store, canon);
        if (had < 0) {
            n->fatal = had;
            task_free(t);
            return;
        }
        if (had) {
            report_count(n->r, t->url, BF_HAD);
            settle_alone(n, g, t->url);
            task_free(t);
            return;
        }
    }
    if (net_queue(n, t, 0) != W_OK) {
        report_fail(n->r, t->url, "not a fetchable URL");
        settle_alone(n, g, t->url);
        task_free(t);
    }
}

/* ---- finishing fetches ---- */

static void log_fetch(struct net *n, const char *url, int64_t started,
                      const struct fetch_result *r)
{
    struct store_fetch f = {
        .url = url,
        .started = started / 1000,
        .duration_ms = (long)(r->seconds * 1000),
        .status = (int)r->status,
        .bytes = (int64_t)r->len,
        .outcome = fetch_outcome_name(r->outcome),
        .error = r->error,
    };
    int rc = store_log_fetch(n->rt->store, &f);
    if (rc != W_OK)
        W_WARN("%s: cannot log the fetch: %s", url, warta_strerror(rc));
}

static void finish_robots(struct net *n, struct task *t,
                          const struct fetch_result *r, int64_t now)
{
    /* As the daemon: 2xx parsed, 4xx allow all, anything else is
     * "unreachable" and disallows the host for a while. */
    long status = r->status;
    if (r->outcome == FETCH_DNS || r->outcome == FETCH_NETWORK ||
        r->outcome == FETCH_TIMEOUT || r->outcome == FETCH_TOO_BIG ||
        r->outcome == FETCH_REFUSED || r->outcome == FETCH_TLS ||
        r->outcome == FETCH_REDIRECTS || r->outcome == FETCH_ERROR)
        status = 0;
    if (r->outcome == FETCH_CANCELLED) {
        politeness_robots_flush(n->pol);
        return;
    }
    if (politeness_robots_result(n->pol, t->hq->host, status, r->body,
                                 r->len, now) != W_OK)
        W_WARN("%s: cannot keep robots.txt", t->url);
    if (status == 0 || status >= 500 || status == 429)
        W_WARN("%s: %s; %s is not crawled for now", t->url,
               r->error ? r->error : "unreachable", t->hq->host);
}

/* The chain of archive pages ended: the next chain, or the walk ends. */
static void chain_next(struct net *n)
{
    W_FREE(n->next_page);
    n->chain_pages = 0;
    if (++n->chain < n->n_chains) {
        n->next_page = w_strdup(n->chains[n->chain]);
        if (!n->next_page)
            n->fatal = W_NOMEM;
    } else {
        n->walk_done = 1;
    }
}

static int add_chain(struct net *n, const char *url)
{
    for (size_t i = 0; i < n->n_chains; i++)
        if (strcmp(n->chains[i], url) == 0)
            return W_OK;
    if (n->n_chains >= 100000)
        return W_TOOBIG;
    char **v = w_realloc(n->chains, (n->n_chains + 1) * sizeof *v);
    if (!v)
        return W_NOMEM;
    n->chains = v;
    if (!(v[n->n_chains] = w_strdup(url)))
        return W_NOMEM;
    n->n_chains++;
    return W_OK;
}

/*
 * An archive page arrived: its article links in the window become tasks
 * of a new group; the walk goes on to the next page unless every dated
 * article on this one is older than the window (pages are newest first;
 * one page of margin tolerates a pinned old post at the top).
 */
static void finish_listing(struct net *n, struct task *t,
                           const struct fetch_result *r)
{
    n->listing_busy = 0;
    const struct backfill_opts *o = n->o;
    if (r->outcome == FETCH_CANCELLED)
        return; /* resumes from the checkpoint */
    if (r->outcome != FETCH_OK) {
        report_fail(n->r, t->url, "archive page: %s",
                    r->error ? r->error : fetch_outcome_name(r->outcome));
        chain_next(n);
        settle_alone(n, NULL, NULL);
        return;
    }
    n->r->pages++;
    n->chain_pages++;
    struct warta_links links;
    if (links_init(&links, r->final_url) != W_OK) {
        n->fatal = W_NOMEM;
        return;
    }
    struct ingest_input in = {
        .url = r->final_url,
        .name = r->final_url,
        .content_type = r->content_type,
        .bytes = r->body,
        .n = r->len,
        .source = n->src ? n->src->name : NULL,
        .plugin = n->src ? n->src->plugin : NULL,
    };
    int rc = ingest_links(&n->rt->ingest, &in, &links);
    if (rc != W_OK && rc != W_TOOBIG) {
        report_fail(n->r, t->url, "archive page: %s",
                    rc == W_DECLINED ? "no plugin lists its links"
                                     : warta_strerror(rc));
        links_cleanup(&links);
        chain_next(n);
        settle_alone(n, NULL, NULL);
        return;
    }
    struct group *g = group_new(n, t->url, 0);
    if (!g) {
        links_cleanup(&links);
        n->fatal = W_NOMEM;
        return;
    }
    size_t articles = 0, dated = 0, older = 0;
    for (size_t i = 0; i < links.n && !n->fatal; i++) {
        const struct link *lk = &links.v[i];
        if (lk->kind != WARTA_LINK_ARTICLE)
            continue;
        articles++;
        int w = backfill_in_window(lk->published, o->from, o->to);
        if (w >= 0) {
            dated++;
            long d = day_number(lk->published);
            if (!n->oldest_day || d < n->oldest_day)
                n->oldest_day = d;
        }
        if (w == 0 && o->from && strncmp(lk->published, o->from, 10) < 0)
            older++;
        char host[256];
        if (w != 0 && url_host(lk->url, host, sizeof host) == W_OK &&
            config_source_has_host(n->src, host))
            add_article(n, g, lk->url, lk->published);
        else if (w != 0)
            W_DEBUG("%s: not a host of source %s", lk->url, n->src->name);
    }
    /* A page of pages (a sitemap index, say): its pages are walked too. */
    if (!articles)
        for (size_t i = 0; i < links.n; i++)
            if (links.v[i].kind == WARTA_LINK_INDEX &&
                add_chain(n, links.v[i].url) != W_OK)
                break;
    W_INFO("%s: %zu article links, %zu dated, %d in the window", t->url,
           articles, dated, g->pending);
    g->listed = 1;
    int stop = !links.next || (dated && older == dated) ||
               n->chain_pages >= o->max_pages ||
               strcmp(links.next, t->url) == 0;
    if (!articles && links.next)
        W_WARN("%s: no article links on this archive page", t->url);
    if (n->chain_pages >= o->max_pages && links.next)
        W_WARN("%s: stopping after %ld archive pages (--max-pages)", t->url,
               o->max_pages);
    W_FREE(n->next_page);
    if (!stop && !(n->next_page = w_strdup(links.next)))
        n->fatal = W_NOMEM;
    if (stop)
        chain_next(n);
    links_cleanup(&links);
    if (o->from && o->to && n->oldest_day) {
        double span = (double)(day_number(o->to) - day_number(o->from) + 1);
        double f = (double)(day_number(o->to) - n->oldest_day) / span;
        n->r->fraction = f < 0 ? 0 : f > 1 ? 1 : f;
    }
    settle_alone(n, NULL, NULL);
}

/* Store (or not) the finished record of t inside the open batch; *kept
 * says whether its frontier row is done (0: given back). */
static int store_task(struct net *n, struct task *t, int *kept)
{
    *kept = 1;
    const char *pub = record_get(&t->rec, WARTA_F_PUBLISHED);
    if ((n->o->from || n->o->to) &&
        backfill_in_window(pub, n->o->from, n->o->to) == 0) {
        W_INFO("%s: published %s, outside the window: not stored", t->url,
               pub);
        report_count(n->r, t->url, BF_OUTSIDE);
        /* Give the row back: it is the daemon's to fetch if it wants. */
        *kept = 0;
        return frontier_requeue(n->fr, t->url, now_ms() / 1000);
    }
    enum store_outcome so = STORE_INSERTED;
    int rc = store_put_record(n->rt->store, &t->rec, &so);
    if (rc == W_ERR || rc == W_TOOBIG) {
        report_fail(n->r, t->fetch_url ? t->fetch_url : t->url,
                    "cannot store: %s", warta_strerror(rc));
        return frontier_fail(n->fr, t->url, now_ms() / 1000, 200,
                             "cannot store", 86400);
    }
    if (rc)
        return rc;
    report_count(n->r, t->url, outcome_of((int)so));
    return W_OK;
}

static void finish_article(struct net *n, struct task *t,
                           const struct fetch_result *r)
{
    int64_t now = now_ms() / 1000;
    const char *shown = t->fetch_url ? t->fetch_url : t->url;
    const char *src_name = t->src ? t->src->name : NULL;
    double poll_max = t->src ? t->src->poll_max : 86400;
    int settled = 1, rc = W_OK;
    if (r->outcome == FETCH_OK) {
        int irc;
        if (!t->has_rec) {
            record_init(&t->rec);
            t->has_rec = 1;
            irc = sched_ingest_article(n->rt, r, src_name, 0, &t->rec);
        } else {
            struct ingest_input in = {
                .url = r->final_url,
                .name = r->final_url,
                .content_type = r->content_type,
                .bytes = r->body,
                .n = r->len,
                .source = src_name,
                .plugin = t->src ? t->src->plugin : NULL,
            };
            irc = ingest_continue(&n->rt->ingest, &in, &t->rec);
        }
        const char *cont =
            irc ? NULL : record_get(&t->rec, WARTA_F_CONTINUATION);
        if (cont && t->parts < MAX_PARTS && strcmp(cont, r->final_url) &&
            strcmp(cont, t->url)) {
            /* The next page of a split article: same lease, next fetch. */
            char *next = w_strdup(cont);
            if (!next) {
                n->fatal = W_NOMEM;
                task_free(t);
                return;
            }
            log_fetch(n, r->url, t->started_ms, r);
            w_free(t->fetch_url);
            t->fetch_url = next;
            t->parts++;
            if (net_queue(n, t, 1) == W_OK)
                return;
            irc = W_PARSE;
        }
        if (batch_begin(n->rt->store) != W_OK) {
            n->fatal = W_AGAIN;
            task_free(t);
            return;
        }
        log_fetch(n, r->url, t->started_ms, r);
        if (irc == W_OK) {
            int kept = 1;
            rc = store_task(n, t, &kept);
            if (rc == W_OK && kept)
                rc = frontier_done(n->fr, t->url, now, r->status, r->etag,
                                   r->last_modified, 0, 900, 300, poll_max);
        } else if (irc == W_DECLINED) {
            report_count(n->r, t->url, BF_SKIPPED);
            rc = frontier_fail(n->fr, t->url, now, r->status,
                               "not an article", poll_max);
        } else if (irc == W_NOMEM || irc == W_IO || irc == W_AGAIN) {
            rc = irc;
        } else {
            report_fail(n->r, shown, "cannot parse: %s",
                        warta_strerror(irc));
            rc = frontier_fail(n->fr, t->url, now, r->status,
                               warta_strerror(irc), poll_max);
        }
    } else {
        if (batch_begin(n->rt->store) != W_OK) {
            n->fatal = W_AGAIN;
            task_free(t);
            return;
        }
        log_fetch(n, r->url, t->started_ms, r);
        const char *why = r->error ? r->error : fetch_outcome_name(r->outcome);
        if (r->outcome == FETCH_CANCELLED) {
            /* Not settled: the resumed job fetches it. */
            settled = 0;
            rc = frontier_requeue(n->fr, t->url, now);
        } else if (r->outcome == FETCH_GONE) {
            report_fail(n->r, shown, "gone (HTTP %ld)", r->status);
            rc = frontier_gone(n->fr, t->url, now, r->status, why, poll_max);
        } else if (fetch_outcome_transient(r->outcome)) {
            report_fail(n->r, shown, "%s (after retries)", why);
            /* Left due for the daemon, which retries with backoff. */
            rc = frontier_retry(n->fr, t->url, now, now + 3600, r->status,
                                why, FRONTIER_MAX_ATTEMPTS, poll_max);
        } else {
            report_fail(n->r, shown, "%s", why);
            rc = frontier_fail(n->fr, t->url, now, r->status, why, poll_max);
        }
    }
    if (rc == W_OK && json_object_get(n->claims, t->url)) {
        json_object_del(n->claims, t->url);
        rc = claims_save(n);
    }
    if (rc == W_OK && settled)
        rc = settle(n, t->g, t->url);
    if (rc == W_OK)
        rc = batch_commit(n->rt->store);
    else
        store_rollback(n->rt->store);
    if (rc != W_OK) {
        W_ERROR("%s: cannot store: %s", t->url, warta_strerror(rc));
        n->fatal = rc;
    }
    task_free(t);
}

static void on_result(const struct fetch_result *r, void *ud)
{
    struct net *n = ud;
    struct task *t = r->ud;
    int64_t now = now_ms();
    if (!r->final) {
        W_INFO("%s: %s; retrying in %ld ms", r->url,
               r->error ? r->error : fetch_outcome_name(r->outcome),
               r->retry_in_ms);
        return;
    }
    n->inflight--;
    politeness_done(n->pol, t->hq->host,
                    r->outcome == FETCH_CANCELLED ? FETCH_ERROR : r->outcome,
                    r->retry_after, now);
    if (r->outcome != FETCH_CANCELLED)
        n->r->fetched++;
    switch (t->kind) {
    case T_ROBOTS:
        finish_robots(n, t, r, now);
        task_free(t);
        break;
    case T_LISTING:
        if (r->outcome != FETCH_CANCELLED)
            log_fetch(n, r->url, t->started_ms, r);
        finish_listing(n, t, r);
        task_free(t);
        break;
    case T_ARTICLE:
        finish_article(n, t, r); /* frees t, or queues its next part */
        break;
    }
}

/* ---- starting fetches ---- */

static int allow_private(const struct net *n, const struct task *t)
{
    return t->src ? t->src->allow_private : n->rt->cfg->allow_private;
}

static int start_robots(struct net *n, struct hq *h, struct task *first,
                        int64_t now)
{
    char rurl[URL_MAX];
    const char *u = first->fetch_url ? first->fetch_url : first->url;
    if (url_robots_txt(u, rurl, sizeof rurl) != W_OK)
        return W_PARSE;
    struct task *t = w_calloc(1, sizeof *t);
    if (!t || !(t->url = w_strdup(rurl))) {
        task_free(t);
        return W_NOMEM;
    }
    t->kind = T_ROBOTS;
    t->hq = h;
    t->src = first->src;
    t->started_ms = now;
    struct fetch_req req = {
        .url = t->url,
        .allow_private = allow_private(n, first),
        .max_attempts = 1,
        .ud = t,
    };
    if (politeness_robots_fetching(n->pol, h->host) != W_OK) {
        task_free(t);
        return W_NOMEM;
    }
    politeness_start(n->pol, h->host, 0, now);
    int rc = fetch_add(n->fe, &req);
    if (rc != W_OK) {
        politeness_done(n->pol, h->host, FETCH_ERROR, -1, now);
        politeness_robots_result(n->pol, h->host, 404, NULL, 0, now);
        task_free(t);
        return rc;
    }
    n->inflight++;
    return W_OK;
}

/* The head of h cannot be fetched at all: settle it as failed. */
static void drop_head(struct net *n, struct hq *h, const char *why)
{
    struct task *t = net_pop(n, h);
    report_fail(n->r, t->fetch_url ? t->fetch_url : t->url, "%s", why);
    if (t->kind == T_LISTING) {
        n->listing_busy = 0;
        chain_next(n);
        settle_alone(n, NULL, NULL);
    } else {
        if (json_object_get(n->claims, t->url)) {
            json_object_del(n->claims, t->url);
            claims_save(n);
        }
        settle_alone(n, t->g, t->url);
    }
    task_free(t);
}

/* Start what host h may start now; returns when it is next worth a look
 * (ms), INT64_MAX when it waits for a transfer to end. */
static int64_t start_host(struct net *n, struct hq *h, int64_t now)
{
    const struct config *cfg = n->rt->cfg;
    while (h->head && n->inflight < cfg->max_connections && !n->fatal) {
        struct task *t = h->head;
        const char *u = t->fetch_url ? t->fetch_url : t->url;
        char path[URL_MAX];
        if (url_path_query(u, path, sizeof path) != W_OK) {
            drop_head(n, h, "not a fetchable URL");
            continue;
        }
        switch (politeness_robots(n->pol, h->host, path, now)) {
        case POL_UNKNOWN:
            if (start_robots(n, h, t, now) != W_OK)
                return now + 1000;
            return INT64_MAX;
        case POL_PENDING:
            return INT64_MAX;
        case POL_UNREACHABLE:
            /* RFC 9309: crawl nothing until robots.txt can be read. */
            return politeness_robots_until(n->pol, h->host);
        case POL_DISALLOWED:
            drop_head(n, h, "disallowed by robots.txt");
            continue;
        case POL_ALLOWED:
            break;
        }
        if (t->not_before_ms > now)
            return t->not_before_ms;
        int64_t ready = politeness_ready_at(n->pol, h->host,
                                            (int)cfg->max_per_host, now);
        if (ready > now)
            return ready;
        if (t->kind == T_ARTICLE && !t->has_rec) {
            int c = claim(n, t);
            if (c < 0) {
                n->fatal = c;
                return INT64_MAX;
            }
            if (c == 2) {
                net_pop(n, h);
                report_count(n->r, t->url, BF_HAD);
                settle_alone(n, t->g, t->url);
                task_free(t);
                continue;
            }
            if (c == 0) {
                /* Another process (the daemon) is fetching it. */
                int had = store_has_url(n->rt->store, t->url);
                net_pop(n, h);
                if (had > 0) {
                    report_count(n->r, t->url, BF_HAD);
                    settle_alone(n, t->g, t->url);
                    task_free(t);
                    continue;
                }
                W_INFO("%s: leased by another process; waiting", t->url);
                t->not_before_ms = now + WAIT_RETRY_MS;
                net_queue(n, t, 0);
                return now + WAIT_RETRY_MS;
            }
        }
        struct fetch_req req = {
            .url = u,
            .allow_private = allow_private(n, t),
            .max_attempts = 3,
            .ud = t,
        };
        int rc = fetch_add(n->fe, &req);
        if (rc != W_OK) {
            drop_head(n, h, warta_strerror(rc));
            continue;
        }
        net_pop(n, h);
        t->started_ms = now;
        politeness_start(n->pol, h->host,
                         config_source_delay(cfg, t->src), now);
        n->inflight++;
    }
    return h->head ? now + 1000 : INT64_MAX;
}

static int64_t start_all(struct net *n, int64_t now)
{
    int64_t wake = INT64_MAX;
    for (struct hq *h = n->hosts; h && !n->fatal; h = h->next) {
        if (n->inflight >= n->rt->cfg->max_connections)
            break;
        int64_t t = start_host(n, h, now);
        if (t < wake)
            wake = t;
    }
    return wake;
}

/* ---- producing work ---- */

static void produce_listing(struct net *n)
{
    if (n->walk_done || n->listing_busy || n->n_groups >= GROUPS_AHEAD ||
        !n->next_page)
        return;
    struct task *t = w_calloc(1, sizeof *t);
    if (!t || !(t->url = w_strdup(n->next_page))) {
        task_free(t);
        n->fatal = W_NOMEM;
        return;
    }
    t->kind = T_LISTING;
    t->src = n->src;
    if (net_queue(n, t, 1) != W_OK) {
        report_fail(n->r, t->url, "not a fetchable archive page");
        task_free(t);
        chain_next(n);
        return;
    }
    n->listing_busy = 1;
}

static void produce_urls(struct net *n)
{
    const struct backfill_list *l = n->list;
    while (!n->fatal && n->queued < 4 * URL_CHUNK && n->list_next < l->n &&
           n->n_groups < 64) {
        struct group *g = group_new(n, NULL, n->list_next);
        if (!g) {
            n->fatal = W_NOMEM;
            return;
        }
        size_t end = n->list_next + URL_CHUNK;
        if (end > l->n)
            end = l->n;
        for (size_t i = n->list_next; i < end && !n->fatal; i++)
            add_article(n, g, l->v[i].url, NULL);
        n->list_next = end;
        g->listed = 1;
        if (g->pending == 0)
            settle_alone(n, NULL, NULL);
    }
}

static int produced_all(const struct net *n)
{
    if (n->source_job)
        return n->walk_done && !n->listing_busy;
    return n->list_next >= n->list->n;
}

/* ---- the loop ---- */

static void net_cleanup(struct net *n)
{
    for (struct hq *h = n->hosts; h;) {
        struct hq *next = h->next;
        struct task *t;
        while ((t = net_pop(n, h)))
            task_free(t);
        w_free(h->host);
        w_free(h);
        h = next;
    }
    while (n->ghead) {
        struct group *g = n->ghead;
        n->ghead = g->next;
        w_free(g->page);
        w_free(g);
    }
    fetch_free(n->fe); /* cancels what runs: callbacks see the net */
    politeness_free(n->pol);
    frontier_close(n->fr);
    for (size_t i = 0; i < n->n_chains; i++)
        w_free(n->chains[i]);
    w_free(n->chains);
    w_free(n->next_page);
    json_decref(n->claims);
    json_decref(n->settled);
    json_decref(n->resumed);
    w_free(n->claims_job);
    w_free(n->failed_job);
}

static int net_setup(struct net *n, struct runtime *rt,
                     const struct backfill_opts *o, struct report *r)
{
    n->rt = rt;
    n->o = o;
    n->r = r;
    struct fetch_opts fo;
    sched_fetch_opts(rt->cfg, &fo);
    int rc = fetch_new(&n->fe, &fo, on_result, n);
    if (rc) {
        fprintf(stderr, "warta backfill: cannot set up fetching: %s\n",
                warta_strerror(rc));
        return rc;
    }
    struct politeness_opts po;
    politeness_opts_init(&po);
    po.crawl_delay_cap = rt->cfg->crawl_delay_cap;
    po.robots_ttl = rt->cfg->robots_ttl;
    po.agent = rt->cfg->user_agent;
    rc = politeness_new(&n->pol, &po);
    if (!rc)
        rc = frontier_open(rt->store, &n->fr);
    if (rc) {
        fprintf(stderr, "warta backfill: cannot set up: %s\n",
                warta_strerror(rc));
        return rc;
    }
    size_t len = strlen(r->job) + 8;
    n->claims_job = w_malloc(len);
    n->failed_job = w_malloc(len);
    n->settled = json_object();
    if (!n->claims_job || !n->failed_job || !n->settled)
        return W_NOMEM;
    snprintf(n->claims_job, len, "%s#claims", r->job);
    snprintf(n->failed_job, len, "%s#failed", r->job);
    json_t *c = NULL;
    rc = store_checkpoint_get(rt->store, n->claims_job, &c);
    if (rc == W_OK && json_is_object(c))
        n->claims = c;
    else {
        json_decref(c);
        n->claims = json_object();
    }
    if (n->claims && json_object_size(n->claims))
        W_INFO("backfill: %zu URLs were leased by the interrupted run",
               json_object_size(n->claims));
    return n->claims ? W_OK : W_NOMEM;
}

/* What an interrupted run left besides the position: the URLs it settled
 * beyond it and its list of failures. */
static void net_restore(struct net *n, json_t *pos)
{
    json_t *set = json_object_get(pos, "settled");
    if (json_is_object(set))
        n->resumed = json_deep_copy(set);
    json_t *f = NULL;
    if (store_checkpoint_get(n->rt->store, n->failed_job, &f) == W_OK &&
        json_is_array(json_object_get(f, "failed"))) {
        json_decref(n->r->failed);
        n->r->failed = json_deep_copy(json_object_get(f, "failed"));
        if (!n->r->failed)
            n->r->failed = json_array();
    }
    json_decref(f);
}

/* Run until the job is done, interrupted or broken. */
static void net_run(struct net *n)
{
    while (!n->fatal) {
        int64_t now = now_ms();
        if (sig_count && !n->stop_at_ms) {
            n->stop_at_ms = now + GRACE_MS;
            report_end_line(n->r);
            W_NOTICE("backfill: stopping; %ld transfers may finish",
                     n->inflight);
        }
        if (n->stop_at_ms && (sig_count > 1 || now >= n->stop_at_ms))
            fetch_cancel_all(n->fe);
        int64_t wake = INT64_MAX;
        if (!n->stop_at_ms) {
            if (n->source_job)
                produce_listing(n);
            else
                produce_urls(n);
            wake = start_all(n, now);
        }
        if (n->inflight == 0 &&
            (n->stop_at_ms || (n->queued == 0 && produced_all(n))))
            break;
        if (n->fatal)
            break;
        int64_t wait = wake == INT64_MAX ? 1000 : wake - now;
        if (wait < 0)
            wait = 0;
        if (wait > 1000)
            wait = 1000;
        if (fetch_poll(n->fe, (int)wait, NULL, 0) != W_OK) {
            n->fatal = W_ERR;
            break;
        }
        report_progress(n->r, 0);
    }
}

/* The end of a network job: summary, checkpoint and status. */
static int net_finish(struct net *n, struct report *r)
{
    struct store *s = n->rt->store;
    if (n->fatal) {
        report_summary(r, "stopped by an error");
        fprintf(stderr, "warta backfill: %s: %s; the same command "
                        "continues from the last checkpoint\n",
                r->what, warta_strerror(n->fatal));
        return EXIT_RUNTIME;
    }
    if (n->stop_at_ms || sig_count) {
        report_summary(r, "interrupted");
        fprintf(stderr, "warta backfill: interrupted; run the same command "
                        "again to continue\n");
        return EXIT_RUNTIME;
    }
    if (json_object_size(n->claims))
        W_WARN("backfill: %zu URLs still leased at the end",
               json_object_size(n->claims));
    store_checkpoint_delete(s, r->job);
    store_checkpoint_delete(s, n->claims_job);
    store_checkpoint_delete(s, n->failed_job);
    report_summary(r, "done");
    return r->n_failed ? EXIT_RUNTIME : EXIT_OK;
}

/* ---- the two network jobs ---- */

int backfill_urls(struct runtime *rt, const struct backfill_opts *o)
{
    char err[1024], real[PATH_MAX], job[PATH_MAX + 64], what[PATH_MAX + 8];
    struct backfill_list list;
    const char *path = o->urls_file;
    const struct config_source *src = NULL;
    if (o->source && !(src = config_source(rt->cfg, o->source))) {
        fprintf(stderr, "warta backfill: %s: no source named \"%s\"\n",
                rt->cfg->path, o->source);
        return EXIT_USAGE;
    }
    int rc = backfill_read_urls(path, &list, err, sizeof err);
    if (rc) {
        fprintf(stderr, "warta backfill: %s\n", err);
        return rc == W_IO ? EXIT_USAGE : EXIT_RUNTIME;
    }
    if (strcmp(path, "-") == 0 || !realpath(path, real))
        snprintf(real, sizeof real, "%s", path);
    snprintf(job, sizeof job, "backfill urls %s%s%s", real,
             o->source ? " source " : "", o->source ? o->source : "");
    snprintf(what, sizeof what, "urls %s", path);
    struct report r;
    struct net n;
    memset(&n, 0, sizeof n);
    int status = EXIT_RUNTIME;
    int lock = -1;
    json_t *ck = NULL;
    if (report_init(&r, job, what, o))
        goto out;
    lock = job_lock(rt->store, job);
    if (lock < 0)
        goto out;
    if (net_setup(&n, rt, o, &r))
        goto out;
    n.src = src;
    n.list = &list;
    r.total = list.n;
    rc = store_checkpoint_get(rt->store, job, &ck);
    if (rc == W_OK) {
        json_t *pos = report_restore(&r, ck);
        net_restore(&n, pos);
        json_int_t idx = json_integer_value(json_object_get(pos, "index"));
        n.list_next = idx > 0 && (size_t)idx <= list.n ? (size_t)idx : 0;
        W_NOTICE("%s: resuming at line %ld (%zu of %zu URLs settled)", path,
                 n.list_next < list.n ? list.v[n.list_next].line : 0,
                 n.list_next, list.n);
    } else if (rc != W_NOTFOUND) {
        fprintf(stderr, "warta backfill: cannot read the checkpoint: %s\n",
                warta_strerror(rc));
        goto out;
    }
    signals_install();
    net_run(&n);
    status = net_finish(&n, &r);
    signals_restore();
    if (status == EXIT_OK && list.bad) {
        fprintf(stderr, "warta backfill: %s: %ld bad lines were skipped "
                        "(see above)\n", path, list.bad);
        status = EXIT_USAGE;
    }
out:
    json_decref(ck);
    net_cleanup(&n);
    job_unlock(lock);
    report_cleanup(&r);
    backfill_list_cleanup(&list);
    return status;
}

/* The plugin's archive pages for the window: the chains to walk. */
static int archive_chains(struct net *n, const struct config_source *src,
                          const char *from, const char *to)
{
    struct runtime *rt = n->rt;
    const struct plugin *p =
        src->plugin ? plugins_by_name(&rt->plugins, src->plugin)
                    : plugins_for_url(&rt->plugins, src->urls[0]);
    if (!p) {
        fprintf(stderr, "warta backfill: source \"%s\": no plugin \"%s\" "
                        "is loaded\n",
                src->name, src->plugin ? src->plugin : "for its host");
        return W_CONFIG;
    }
    if (!p->desc->archive) {
        fprintf(stderr, "warta backfill: source \"%s\": plugin %s names no "
                        "archive pages (no archive hook)\n",
                src->name, p->desc->name);
        return W_CONFIG;
    }
    const char **starts = w_calloc(src->n_urls + 1, sizeof *starts);
    if (!starts)
        return W_NOMEM;
    for (size_t i = 0; i < src->n_urls; i++)
        starts[i] = src->urls[i];
    struct warta_range range = {from, to, starts};
    struct warta_links l;
    int rc = links_init(&l, src->urls[0]);
    if (rc == W_OK)
        rc = p->desc->archive(p->state, &range, &l);
    for (size_t i = 0; rc == W_OK && i < l.n; i++)
        if (l.v[i].kind == WARTA_LINK_INDEX)
            rc = add_chain(n, l.v[i].url);
    if (rc == W_OK && !n->n_chains) {
        fprintf(stderr, "warta backfill: source \"%s\": plugin %s gave no "
                        "archive pages for %s..%s\n",
                src->name, p->desc->name, from, to);
        rc = W_CONFIG;
    } else if (rc != W_OK && rc != W_CONFIG) {
        fprintf(stderr, "warta backfill: source \"%s\": the archive hook of "
                        "%s failed: %s\n",
                src->name, p->desc->name, warta_strerror(rc));
    }
    links_cleanup(&l);
    w_free(starts);
    return rc;
}

int backfill_source(struct runtime *rt, const struct backfill_opts *o)
{
    const struct config_source *src = config_source(rt->cfg, o->source);
    if (!src) {
        fprintf(stderr, "warta backfill: %s: no source named \"%s\"\n",
                rt->cfg->path, o->source);
        return EXIT_USAGE;
    }
    /* Open ends: before Indonesian news went online, and today (WIB). */
    char today[16];
    time_t t = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    const char *from = o->from ? o->from : "1990-01-01";
    const char *to = o->to ? o->to : today;
    char job[512], what[256];
    snprintf(job, sizeof job, "backfill source %s %s %s", src->name, from,
             to);
    snprintf(what, sizeof what, "%s %s..%s", src->name, from, to);
    struct report r;
    struct net n;
    memset(&n, 0, sizeof n);
    int status = EXIT_RUNTIME, lock = -1;
    json_t *ck = NULL;
    if (report_init(&r, job, what, o))
        goto out;
    lock = job_lock(rt->store, job);
    if (lock < 0)
        goto out;
    if (net_setup(&n, rt, o, &r))
        goto out;
    n.src = src;
    n.source_job = 1;
    int rc = archive_chains(&n, src, from, to);
    if (rc) {
        status = rc == W_CONFIG ? EXIT_USAGE : EXIT_RUNTIME;
        goto out;
    }
    rc = store_checkpoint_get(rt->store, job, &ck);
    if (rc == W_OK) {
        json_t *pos = report_restore(&r, ck);
        net_restore(&n, pos);
        json_int_t chain = json_integer_value(json_object_get(pos, "chain"));
        const char *page = json_string_value(json_object_get(pos, "page"));
        n.chain = chain > 0 ? (size_t)chain : 0;
        if (n.chain >= n.n_chains)
            n.walk_done = 1;
        else
            n.next_page = w_strdup(page ? page : n.chains[n.chain]);
        W_NOTICE("backfill %s: resuming at %s (%lu items settled)", what,
                 n.next_page ? n.next_page : "the end", r.done_before);
    } else if (rc == W_NOTFOUND) {
        n.next_page = w_strdup(n.chains[0]);
    } else {
        fprintf(stderr, "warta backfill: cannot read the checkpoint: %s\n",
                warta_strerror(rc));
        goto out;
    }
    if (!n.walk_done && !n.next_page)
        goto out;
    W_NOTICE("backfill %s: %zu archive chain(s), from %s", what, n.n_chains,
             n.next_page ? n.next_page : "-");
    signals_install();
    net_run(&n);
    status = net_finish(&n, &r);
    signals_restore();
out:
    json_decref(ck);
    net_cleanup(&n);
    job_unlock(lock);
    report_cleanup(&r);
    return status;
}
