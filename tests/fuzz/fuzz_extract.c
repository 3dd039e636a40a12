/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: entity extraction on any bytes. extract_run must answer
 * (W_OK with an object, or an error code) without a crash, a leak or a
 * sanitizer report; and on the text with its line breaks made spaces, the
 * rule set with the literal gate and the one without it (loaded with
 * WARTA_RULES_NO_GATE=1) must give the same entities, byte for byte.
 * (Across line breaks the gate may miss a match that starts on a line
 * without its literal: docs/RULES.md says so.)
 */
#include "config.h"
#include "fuzz.h"
#include "extract.h"
#include "warta/plugin.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct extract *gated, *plain;

static struct extract *load(int gate)
{
    const char *dir = getenv("WARTA_RULES_DIR");
    char path[4096];
    if (!dir) {
        snprintf(path, sizeof path, "%s/rules", WARTA_SRC_TOPDIR);
        dir = path;
    }
    if (gate)
        unsetenv("WARTA_RULES_NO_GATE");
    else
        setenv("WARTA_RULES_NO_GATE", "1", 1);
    struct extract *ex = NULL;
    char err[512];
    if (extract_new(dir, &ex, err, sizeof err) != W_OK) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    unsetenv("WARTA_RULES_NO_GATE");
    return ex;
}

static void release(void)
{
    extract_free(gated);
    extract_free(plain);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gated = load(1);
    plain = load(0);
    atexit(release);
    return 0;
}

/* The entities of text as JSON, or NULL (with *rc set) on an error. */
static char *entities(const struct extract *ex, const char *text, size_t n,
                      int *rc)
{
    json_t *j = NULL;
    *rc = extract_run(ex, text, n, "2024-03-01", &j);
    if (*rc == W_OK && !j)
        abort();
    char *s = j ? json_dumps(j, JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int rc;
    free(entities(gated, (const char *)data, size, &rc));
    char *flat = malloc(size + 1);
    if (!flat)
        abort();
    for (size_t i = 0; i < size; i++)
        flat[i] = data[i] == '\n' ? ' ' : (char)data[i];
    int rg, rp;
    char *g = entities(gated, flat, size, &rg);
    char *p = entities(plain, flat, size, &rp);
    if (rg != rp || (g && p && strcmp(g, p) != 0) || (!g) != (!p)) {
        fprintf(stderr, "gate changed the entities:\n%s\n%s\n",
                g ? g : "(none)", p ? p : "(none)");
        abort();
    }
    free(g);
    free(p);
    free(flat);
    return 0;
}
