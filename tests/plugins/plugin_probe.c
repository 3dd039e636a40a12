/* SPDX-License-Identifier: MIT */
/*
 * plugin_probe: the three plugin behaviours `warta parse` does not print,
 * driven through the real loader, host table and ingest path, for the
 * fixture harness (run_fixtures.py):
 *
 *   plugin_probe [-d DIR] canonical URL...
 *       the canonical form the core gives each URL (its own rules, then
 *       the serving plugin's hook), one per line
 *   plugin_probe [-d DIR] archive NAME FROM TO [START_URL...]
 *       the archive hook's pages for a backfill window, as JSON lines
 *       {"kind","url","published"} like `warta parse --links`
 *   plugin_probe [-d DIR] continuation NAME URL FILE
 *       the next-page URL of a split article (or "-")
 *
 * DIR defaults to the plugin directory warta itself would use. Exit
 * status: 0 done, 1 a hook failed, 2 bad usage or a missing plugin.
 */
#include "config.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "host.h"
#include "ingest.h"
#include "links.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include "paths.h"
#include "plugins.h"
#include "record.h"

static int usage(void)
{
    fprintf(stderr,
            "usage: plugin_probe [-d DIR] canonical URL...\n"
            "       plugin_probe [-d DIR] archive NAME FROM TO [URL...]\n"
            "       plugin_probe [-d DIR] continuation NAME URL FILE\n");
    return 2;
}

static int probe_canonical(struct ingest *ig, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char out[4096];
        if (ingest_canonical(ig, argv[i], out, sizeof out) == W_OK)
            printf("%s\n", out);
        else
            printf("-\n");
    }
    return 0;
}

static int probe_archive(const struct plugin *p, int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (!p->desc->archive) {
        fprintf(stderr, "plugin_probe: %s has no archive hook\n",
                p->desc->name);
        return 1;
    }
    const char **start = w_calloc((size_t)argc, sizeof *start);
    if (!start)
        return 1;
    for (int i = 2; i < argc; i++)
        start[i - 2] = argv[i];
    struct warta_range range = {.from = argv[0], .to = argv[1],
                                .start_urls = start};
    struct warta_links links;
    int rc = links_init(&links, NULL);
    if (!rc)
        rc = p->desc->archive(p->state, &range, &links);
    for (size_t i = 0; !rc && i < links.n; i++) {
        json_t *o = json_pack(
            "{s:s, s:s, s:s?}", "kind",
            links.v[i].kind == WARTA_LINK_ARTICLE ? "article" : "index",
            "url", links.v[i].url, "published", links.v[i].published);
        char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)
                       : NULL;
        if (line)
            printf("%s\n", line);
        free(line);
        json_decref(o);
    }
    if (rc)
        fprintf(stderr, "plugin_probe: archive hook of %s: %s\n",
                p->desc->name, warta_strerror(rc));
    links_cleanup(&links);
    w_free(start);
    return rc ? 1 : 0;
}

static int probe_continuation(struct ingest *ig, const char *name, int argc,
                              char **argv)
{
    if (argc != 2)
        return usage();
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = PAGE_MAX_BYTES, n = 0;
    char *buf = w_malloc(cap);
    if (buf)
        n = fread(buf, 1, cap, f);
    fclose(f);
    if (!buf)
        return 1;
    struct ingest_input in = {.url = argv[0], .name = argv[1],
                              .bytes = buf, .n = n, .plugin = name};
    struct warta_record rec;
    record_init(&rec);
    int rc = ingest_article(ig, &in, &rec);
    const char *next = rc ? NULL : record_get(&rec, WARTA_F_CONTINUATION);
    printf("%s\n", next ? next : "-");
    record_cleanup(&rec);
    w_free(buf);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    const char *dir = paths_plugin_dir();
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "-d") == 0) {
        dir = argv[i + 1];
        i += 2;
    }
    if (i >= argc)
        return usage();
    const char *mode = argv[i++];
    struct plugin_set set;
    plugins_init(&set, host_table());
    int rc = 2;
    if (plugins_load_dir(&set, dir, NULL, NULL) < 0)
        goto out;
    struct ingest ig = {.plugins = &set};
    if (strcmp(mode, "canonical") == 0) {
        rc = probe_canonical(&ig, argc - i, argv + i);
        goto out;
    }
    if (i >= argc) {
        rc = usage();
        goto out;
    }
    const struct plugin *p = plugins_by_name(&set, argv[i]);
    if (!p) {
        fprintf(stderr, "plugin_probe: no plugin %s in %s\n", argv[i], dir);
        goto out;
    }
    if (strcmp(mode, "archive") == 0)
        rc = probe_archive(p, argc - i - 1, argv + i + 1);
    else if (strcmp(mode, "continuation") == 0)
        rc = probe_continuation(&ig, argv[i], argc - i - 1, argv + i + 1);
    else
        rc = usage();
out:
    plugins_cleanup(&set);
    return rc;
}
