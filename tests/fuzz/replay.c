/* SPDX-License-Identifier: MIT */
/*
 * A main for the fuzz targets without libFuzzer: runs the target over
 * every file named (directories: every file in them), one TAP line each,
 * so make check builds and exercises every target on its corpus (and, in
 * the sanitizer build, under ASan and UBSan). A crash or a sanitizer
 * report fails the test; so does a target that returns non-zero.
 */
#include "config.h"
#include "fuzz.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPLAY_MAX_FILE (8u << 20)

static int n_run, n_bad;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = malloc(REPLAY_MAX_FILE);
    size_t n = 0;
    int ok = f && buf;
    if (ok)
        n = fread(buf, 1, REPLAY_MAX_FILE, f);
    if (f)
        fclose(f);
    if (ok)
        ok = LLVMFuzzerTestOneInput(buf, n) == 0;
    free(buf);
    n_run++;
    if (!ok)
        n_bad++;
    printf("%s %d - %s\n", ok ? "ok" : "not ok", n_run, path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    char *names[4096];
    size_t k = 0;
    for (struct dirent *e; d && (e = readdir(d)) && k < 4096;)
        if (e->d_name[0] != '.')
            names[k++] = strdup(e->d_name);
    if (d)
        closedir(d);
    qsort(names, k, sizeof *names, cmp_str);
    for (size_t i = 0; i < k; i++) {
        char full[4096];
        if (names[i])
            snprintf(full, sizeof full, "%s/%s", path, names[i]);
        if (names[i])
            run_file(full);
        free(names[i]);
    }
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++)
        run_path(argv[i]);
    printf("1..%d\n", n_run);
    return n_bad ? 1 : 0;
}
