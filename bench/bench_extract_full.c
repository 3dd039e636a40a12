/* SPDX-License-Identifier: MIT */
/*
 * Benchmark driver: throughput of the whole entity extraction
 * (extract_run: officials, dates, agreements, organisations, places,
 * money) in MB/s of article text on one core. The texts are read once,
 * then extracted in turn until TOTAL_MB have gone through, best of
 * --runs runs. Article-sized texts, as warta sees them, not one big
 * text: the per-article set-up costs are part of what is measured.
 *
 * usage: bench_extract_full RULES_DIR TOTAL_MB [--runs N] FILE...
 */
#include "config.h"
#include "extract.h"
#include "mem.h"
#include "warta/plugin.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TEXTS 256
#define MAX_TEXT (4u << 20)

/* CPU time of this process: the figure is per core, and a busy machine
 * then slows it less than it would wall-clock time. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads path whole; returns a malloc'd buffer and its length, or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *b = NULL;
    if (!f)
        return NULL;
    b = malloc(MAX_TEXT);
    if (b)
        *len = fread(b, 1, MAX_TEXT, f);
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s RULES_DIR TOTAL_MB [--runs N] FILE...\n",
                argv[0]);
        return 2;
    }
    const char *rules = argv[1];
    double total = atof(argv[2]) * 1e6;
    int runs = 1, a = 3, rc = 1;
    if (a + 1 < argc && strcmp(argv[a], "--runs") == 0) {
        runs = atoi(argv[a + 1]);
        a += 2;
    }
    char *text[MAX_TEXTS];
    size_t len[MAX_TEXTS], n = 0, bytes = 0;
    for (; a < argc && n < MAX_TEXTS; a++) {
        text[n] = slurp(argv[a], &len[n]);
        if (!text[n]) {
            fprintf(stderr, "%s: cannot read\n", argv[a]);
            return 2;
        }
        bytes += len[n++];
    }
    if (!n || !bytes)
        return 2;
    struct extract *ex = NULL;
    char err[256];
    if (extract_new(rules, &ex, err, sizeof err) != W_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    double best = 0;
    size_t found = 0;
    for (int r = 0; r < runs; r++) {
        double done = 0, t0 = now();
        for (size_t i = 0; done < total; i = (i + 1) % n) {
            json_t *e = NULL;
            if (extract_run(ex, text[i], len[i], "2024-01-15", &e) != W_OK)
                goto out;
            found += json_array_size(json_object_get(e, "dates"));
            json_decref(e);
            done += (double)len[i];
        }
        double mbs = done / 1e6 / (now() - t0);
        if (mbs > best)
            best = mbs;
    }
    printf("full extraction: %zu texts, %zu bytes, %.0f MB x %d runs: "
           "%.1f MB/s\n",
           n, bytes, total / 1e6, runs, best);
    rc = found ? 0 : 1;
out:
    extract_free(ex);
    for (size_t i = 0; i < n; i++)
        free(text[i]);
    return rc;
}
