/* SPDX-License-Identifier: MIT */
/*
 * Benchmark: throughput of the date and money/percent finders
 * (dates_find, numbers_find over the shipped rules/) on article texts, in
 * MB/s of UTF-8 text on one core. The articles given on the command line
 * are processed one call per article, round robin, until TOTAL_MB have
 * been read, the way `warta extract` and the daemon call them; --whole
 * instead concatenates them into one text of TOTAL_MB and makes one call.
 * CPU time of the process (not wall time), best of --runs.
 *
 * usage: bench_extract RULES_DIR TOTAL_MB [--whole] [--runs N]
 *                      [--dates-only] FILE...
 * Prints one line per measurement: "mode MB items seconds MB/s".
 */
#include "config.h"
#include "dates.h"
#include "numbers.h"
#include "rules.h"
#include "warta/plugin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct text {
    char *p;
    size_t n;
};

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_all(const char *path, struct text *t)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16;
    t->p = malloc(cap);
    t->n = 0;
    size_t k;
    while (t->p && (k = fread(t->p + t->n, 1, cap - t->n, f)) > 0) {
        t->n += k;
        if (t->n == cap)
            t->p = realloc(t->p, cap *= 2);
    }
    fclose(f);
    return t->p ? 0 : -1;
}

/* One text through the finders; returns the number of items found. */
static size_t extract(const struct rules *rs, const char *p, size_t n,
                      int dates_only)
{
    size_t items = 0;
    struct dates_list dl;
    dates_list_init(&dl);
    if (dates_find(rs, p, n, "2023-02-01", &dl) == W_OK)
        items += dl.n;
    dates_list_cleanup(&dl);
    if (dates_only)
        return items;
    struct numbers_list nl;
    numbers_list_init(&nl);
    if (numbers_find(rs, p, n, &nl) == W_OK)
        items += nl.n_money + nl.n_percent;
    numbers_list_cleanup(&nl);
    return items;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_extract RULES_DIR TOTAL_MB [--whole] "
                        "[--runs N] [--dates-only] FILE...\n");
        return 2;
    }
    char err[1024];
    struct rules *rs = NULL;
    if (rules_load(argv[1], &rs, err, sizeof err) != W_OK) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    double total = strtod(argv[2], NULL) * 1e6;
    int whole = 0, runs = 3, dates_only = 0;
    struct text *t = calloc((size_t)argc, sizeof *t);
    size_t nt = 0;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--whole") == 0)
            whole = 1;
        else if (strcmp(argv[i], "--dates-only") == 0)
            dates_only = 1;
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = (int)strtol(argv[++i], NULL, 10);
        else if (read_all(argv[i], &t[nt]) == 0)
            nt++;
        else
            fprintf(stderr, "bench_extract: cannot read %s\n", argv[i]);
    }
    if (!nt)
        return 2;
    char *big = NULL;
    size_t bign = 0;
    if (whole) {
        size_t longest = 0;
        for (size_t i = 0; i < nt; i++)
            longest = t[i].n > longest ? t[i].n : longest;
        big = malloc((size_t)total + longest + 2);
        if (!big)
            return 1;
        for (size_t i = 0; bign < (size_t)total; i = (i + 1) % nt) {
            memcpy(big + bign, t[i].p, t[i].n);
            bign += t[i].n;
            big[bign++] = '\n';
            big[bign++] = '\n';
        }
    }
    double best = 1e30;
    size_t bytes = 0, items = 0;
    for (int r = 0; r < runs; r++) {
        bytes = items = 0;
        double t0 = cpu_now();
        if (whole) {
            items = extract(rs, big, bign, dates_only);
            bytes = bign;
        } else {
            for (size_t i = 0; (double)bytes < total; i = (i + 1) % nt) {
                items += extract(rs, t[i].p, t[i].n, dates_only);
                bytes += t[i].n;
            }
        }
        double dt = cpu_now() - t0;
        if (dt < best)
            best = dt;
    }
    printf("%s%s %.1f MB %zu items %.3f s %.1f MB/s\n",
           whole ? "whole" : "per-article", dates_only ? " dates-only" : "",
           (double)bytes / 1e6, items, best, (double)bytes / 1e6 / best);
    for (size_t i = 0; i < nt; i++)
        free(t[i].p);
    free(t);
    free(big);
    rules_unref(rs);
    return 0;
}
