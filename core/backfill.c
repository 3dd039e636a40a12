/* SPDX-License-Identifier: MIT */
/*
 * One-shot backfill (see backfill.h for the contract and the resume
 * model, docs/BACKFILL.md for the user's view): what the three jobs share
 * (dates, signals, the report with its progress line and summary, the
 * job lock, short store transactions). The jobs themselves are
 * backfill_warc.c (no network; the parsing spread over worker processes)
 * and backfill_net.c (archive walk and URL list, through the daemon's
 * fetch engine, politeness, frontier leases and ingest path); URL list
 * files are read by backfill_list.c.
 */
#include "config.h"
#include "backfill_int.h"

const char *const bf_outcome_names[BF__N] = {
    [BF_STORED] = "stored",          [BF_UPDATED] = "updated",
    [BF_UNCHANGED] = "unchanged",    [BF_HAD] = "already_stored",
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
long bf_day_number(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = atoi_n(s, 4) - 1900;
    tm.tm_mon = atoi_n(s + 5, 2) - 1;
    tm.tm_mday = atoi_n(s + 8, 2);
    tm.tm_hour = 12;
    return (long)(timegm(&tm) / 86400);
}

double bf_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- signals ---------------------------------------------------------- */

volatile sig_atomic_t bf_sig_count;
static struct sigaction old_int, old_term;

static void on_signal(int sig)
{
    (void)sig;
    bf_sig_count++;
}

void bf_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    bf_sig_count = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

void bf_signals_restore(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

/* ---- the report --------------------------------------------------------- */

int bf_report_init(struct report *r, const char *job, const char *what,
                   const struct backfill_opts *o)
{
    memset(r, 0, sizeof *r);
    r->job = w_strdup(job);
    r->what = what;
    r->failed = json_array();
    r->t0 = r->last_print = bf_now_s();
    r->fraction = -1;
    r->tty = o->progress;
    r->interval = o->log_interval > 0 ? o->log_interval : 10;
    return r->job && r->failed ? W_OK : W_NOMEM;
}

void bf_report_cleanup(struct report *r)
{
    for (size_t i = 0; i <= BACKFILL_MAX_HOSTS; i++)
        w_free(r->hosts[i].host);
    json_decref(r->failed);
    w_free(r->job);
    memset(r, 0, sizeof *r);
}

struct bf_host *bf_report_host(struct report *r, const char *host)
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
void bf_report_count(struct report *r, const char *url, enum backfill_outcome o)
{
    char host[256];
    if (!url || url_host(url, host, sizeof host) != W_OK)
        snprintf(host, sizeof host, "-");
    r->n[o]++;
    bf_report_host(r, host)->n[o]++;
}

/* A failure for good: counted (under url's host) and, up to a bound,
 * listed with the sentence line. */
void bf_report_failure(struct report *r, const char *url, const char *line)
{
    bf_report_count(r, url, BF_FAILED);
    r->n_failed++;
    r->failed_dirty = 1;
    W_WARN("%s", line);
    if (json_array_size(r->failed) < BACKFILL_MAX_FAILED)
        json_array_append_new(r->failed, json_string(line));
}

void bf_report_fail(struct report *r, const char *url, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void bf_report_fail(struct report *r, const char *url, const char *fmt, ...)
{
    char why[1024], line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(line, sizeof line, "%s: %s", url ? url : r->what, why);
    bf_report_failure(r, url, line);
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
json_t *bf_report_json(const struct report *r, json_t *pos, int with_failed)
{
    json_t *counts = json_object();
    for (int i = 0; i < BF__N; i++)
        json_object_set_new(counts, bf_outcome_names[i],
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
        r->elapsed_before + (bf_now_s() - r->t0), "pos",
        pos ? json_incref(pos) : json_null());
    if (o && with_failed)
        json_object_set(o, "failed", r->failed);
    return o;
}

/* Restore counts from a checkpoint; returns its "pos" (borrowed). */
void bf_report_add_counts(struct report *r, json_t *ck)
{
    json_t *counts = json_object_get(ck, "counts");
    for (int i = 0; i < BF__N; i++)
        r->n[i] += (unsigned long)json_integer_value(
            json_object_get(counts, bf_outcome_names[i]));
    const char *h;
    json_t *a;
    json_object_foreach(json_object_get(ck, "hosts"), h, a)
    {
        struct bf_host *bh = bf_report_host(r, h);
        for (int k = 0; k < BF__N; k++)
            bh->n[k] +=
                (unsigned long)json_integer_value(json_array_get(a, (size_t)k));
    }
}

json_t *bf_report_restore(struct report *r, json_t *ck)
{
    bf_report_add_counts(r, ck); /* r is fresh from bf_report_init */
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
void bf_report_progress(struct report *r, int force)
{
    double now = bf_now_s();
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

void bf_report_end_line(struct report *r)
{
    if (r->tty && r->line_shown) {
        fprintf(stderr, "\r\033[K");
        r->line_shown = 0;
    }
}

/* The summary at the end, on stderr. */
void bf_report_summary(struct report *r, const char *state)
{
    bf_report_end_line(r);
    char el[32];
    fmt_duration(el, sizeof el, r->elapsed_before + (bf_now_s() - r->t0));
    if (r->warc)
        fprintf(stderr, "backfill %s: %s in %s\n", r->what, state, el);
    else
        fprintf(stderr,
                "backfill %s: %s in %s (%lu archive pages, %lu fetches)\n",
                r->what, state, el, r->pages, r->fetched);
    fprintf(stderr, " ");
    for (int i = 0; i < BF__N; i++)
        fprintf(stderr, " %s %lu%s", bf_outcome_names[i], r->n[i],
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
                fprintf(stderr, " %s %lu", bf_outcome_names[k], h->n[k]);
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
int bf_job_lock(struct store *s, const char *job)
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
    for (int i = 0; i < 50 && !locked && !bf_sig_count; i++) {
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

void bf_job_unlock(int fd)
{
    if (fd >= 0 && fd != INT_MAX)
        close(fd);
}

/* ---- store helpers ------------------------------------------------------ */

/* BEGIN IMMEDIATE, retried while another process (the daemon) writes. */
int bf_batch_begin(struct store *s)
{
    int rc = store_begin(s);
    /* After Ctrl-C, one wait is enough: the user wants to stop. */
    for (int i = 0; i < 5 && rc == W_AGAIN && !bf_sig_count; i++) {
        W_NOTICE("backfill: the store is busy; waiting");
        rc = store_begin(s);
    }
    return rc;
}

int bf_batch_commit(struct store *s)
{
    int rc = W_AGAIN;
    for (int i = 0; i < 6 && rc == W_AGAIN; i++)
        rc = store_commit(s);
    if (rc != W_OK)
        store_rollback(s);
    return rc;
}

enum backfill_outcome bf_outcome_of(int store_outcome)
{
    switch (store_outcome) {
    case STORE_INSERTED: return BF_STORED;
    case STORE_UNCHANGED:
        return BF_UNCHANGED;
    default:
        return BF_UPDATED;
    }
}

/* The configured source serving host, when exactly one does. */
const struct config_source *bf_source_for_host(const struct config *c,
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
