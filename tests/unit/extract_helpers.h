/* SPDX-License-Identifier: MIT */
/*
 * Shared by the extraction unit tests: one extract set loaded from the
 * source tree's rules/, a run helper, and lookups in the entities JSON.
 */
#ifndef WARTA_TEST_EXTRACT_HELPERS_H
#define WARTA_TEST_EXTRACT_HELPERS_H
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "extract.h"
#include "warta/plugin.h"

static struct extract *ex;

static __attribute__((unused)) const char *rules_path(void)
{
    static char path[4096];
    const char *top = getenv("top_srcdir");
    snprintf(path, sizeof path, "%s/rules",
             top && *top ? top : WARTA_SRC_TOPDIR);
    return path;
}

static __attribute__((unused)) int setup(void **state)
{
    (void)state;
    char err[512];
    if (extract_new(rules_path(), &ex, err, sizeof err) != W_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static __attribute__((unused)) int teardown(void **state)
{
    (void)state;
    extract_free(ex);
    return 0;
}

/* Entities of text; the caller json_decref()s. */
static __attribute__((unused)) json_t *run(const char *text,
                                           const char *published)
{
    json_t *e = NULL;
    assert_int_equal(extract_run(ex, text, strlen(text), published, &e),
                     W_OK);
    assert_non_null(e);
    return e;
}

/* The item of array `key` whose `field` equals value, or NULL. */
static __attribute__((unused)) json_t *find(json_t *e, const char *key,
                                            const char *field,
                                            const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(e, key), i, v)
    {
        const char *s = json_string_value(json_object_get(v, field));
        if (s && strcmp(s, value) == 0)
            return v;
    }
    return NULL;
}

static __attribute__((unused)) const char *str(json_t *o, const char *field)
{
    const char *s = json_string_value(json_object_get(o, field));
    return s ? s : "(null)";
}

static __attribute__((unused)) size_t count(json_t *e, const char *key)
{
    return json_array_size(json_object_get(e, key));
}
#endif
