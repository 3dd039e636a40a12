/* SPDX-License-Identifier: MIT */
/*
 * Private to backfill (the contract is backfill.h): what its three jobs
 * share. backfill.c has the dates, the signal count, the report (counts,
 * progress line, summary, checkpoint JSON), the job lock and short store
 * transactions; backfill_warc.c is the WARC job, backfill_list.c reads
 * URL lists, backfill_net.c the network jobs (archive walk, URL list).
 */
#ifndef WARTA_BACKFILL_INT_H
#define WARTA_BACKFILL_INT_H
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

/* SIGINT/SIGTERM seen since bf_signals_install (backfill.c): the jobs
 * stop at the next safe point, and a second signal stops at once. */
extern volatile sig_atomic_t bf_sig_count;

/* The outcomes' names, as the summary and the checkpoint write them. */
extern const char *const bf_outcome_names[BF__N];

/* ---- the report --------------------------------------------------------- */
struct bf_host {
    char *host;
    unsigned long n[BF__N];
};

struct report {
    char *job;        /* checkpoint key */
    const char *what; /* for messages: "warc FILE", ... */
    unsigned long n[BF__N];
    unsigned long pages;       /* archive pages listed */
    unsigned long fetched;     /* HTTP fetches that ended (any outcome) */
    unsigned long done_before; /* items settled in earlier runs */
    struct bf_host hosts[BACKFILL_MAX_HOSTS + 1]; /* last: "other" */
    size_t n_hosts;
    json_t *failed; /* array of strings, bounded */
    unsigned long n_failed;
    double t0, last_print, elapsed_before;
    double fraction;     /* 0..1 of the job done, -1 unknown */
    unsigned long total; /* items known in all, 0 unknown */
    int tty;
    double interval;
    int line_shown;   /* a progress line is on the terminal */
    int failed_dirty; /* failed changed since it was saved */
    int warc;         /* a WARC job: no pages, no fetches */
};

long bf_day_number(const char *s);
double bf_now_s(void);
void bf_signals_install(void);
void bf_signals_restore(void);
int bf_report_init(struct report *r, const char *job, const char *what,
                   const struct backfill_opts *o);
void bf_report_cleanup(struct report *r);
struct bf_host *bf_report_host(struct report *r, const char *host);
void bf_report_count(struct report *r, const char *url,
                     enum backfill_outcome o);
void bf_report_failure(struct report *r, const char *url, const char *line);
void bf_report_fail(struct report *r, const char *url, const char *fmt, ...);
json_t *bf_report_json(const struct report *r, json_t *pos, int with_failed);
/* Adds checkpoint ck's counts, by outcome and by host, to r. */
void bf_report_add_counts(struct report *r, json_t *ck);
/* Restores a fresh r from checkpoint ck; returns ck's "pos". */
json_t *bf_report_restore(struct report *r, json_t *ck);
void bf_report_progress(struct report *r, int force);
void bf_report_end_line(struct report *r);
void bf_report_summary(struct report *r, const char *state);
int bf_job_lock(struct store *s, const char *job);
void bf_job_unlock(int fd);
int bf_batch_begin(struct store *s);
int bf_batch_commit(struct store *s);
enum backfill_outcome bf_outcome_of(int store_outcome);
const struct config_source *bf_source_for_host(const struct config *c,
                                               const char *host);

#endif
