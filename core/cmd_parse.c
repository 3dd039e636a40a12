/* SPDX-License-Identifier: MIT */
/*
 * `warta parse`: saved pages → records (JSON Lines on stdout), offline.
 * The same ingest path as the daemon; --store also stores the records,
 * --links prints what the page lists instead (index pages, feeds).
 */
#include "config.h"
#include "cmd.h"
#include "log.h"
#include "mem.h"
#include "page.h"
#include "runtime.h"
#include "store.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *out)
{
    fprintf(out,
        "usage: warta parse [OPTIONS] FILE.html...\n"
        "\n"
        "Parses saved pages offline and prints one record per file as JSON\n"
        "Lines. The plugin is chosen by the URL's host (--url, else the\n"
        "page's canonical link); the generic plugin serves other hosts.\n"
        "\n"
        "  -p, --plugin NAME   use this plugin\n"
        "  -u, --url URL       the URL the page was fetched from\n"
        "  -t, --content-type TYPE  the HTTP Content-Type (for the charset)\n"
        "  -s, --store         also store the records\n"
        "  -l, --links         print the page's links instead of a record:\n"
        "                      {\"kind\",\"url\",\"published\"} lines, then\n"
        "                      {\"next\": URL or null}\n"
        "  -c, --config FILE   config file\n"
        "      --db PATH       store file (default: STATE_DIR/warta.db)\n"
        "  -h, --help          this help\n"
        "\n"
        "Exit status: 0 all files parsed, 1 runtime failure, 2 a file was\n"
        "missing or unreadable (the others are still printed).\n");
}

/* Reads a whole file, bounded by PAGE_MAX_BYTES. */
static int read_file(const char *path, char **out, size_t *n)
{
    *out = NULL;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "warta parse: %s: %s\n", path, strerror(errno));
        return W_NOTFOUND;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "warta parse: %s: is a directory\n", path);
        fclose(f);
        return W_PARSE;
    }
    size_t cap = 65536, len = 0;
    char *buf = w_malloc(cap);
    int rc = buf ? W_OK : W_NOMEM;
    while (!rc) {
        if (len == cap) {
            if (cap > PAGE_MAX_BYTES) {
                fprintf(stderr, "warta parse: %s: larger than %zu MB\n",
                        path, PAGE_MAX_BYTES >> 20);
                rc = W_TOOBIG;
                break;
            }
            char *nb = w_realloc(buf, cap * 2);
            if (!nb) {
                rc = W_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "warta parse: %s: %s\n", path,
                        strerror(errno));
                rc = W_IO;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (rc) {
        w_free(buf);
        return rc;
    }
    *out = buf;
    *n = len;
    return W_OK;
}

static void print_json(json_t *o)
{
    char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (line)
        printf("%s\n", line);
    free(line);
}

static int print_links(struct ingest *ig, const struct ingest_input *in)
{
    struct warta_links links;
    int rc = links_init(&links, in->url);
    if (!rc)
        rc = ingest_links(ig, in, &links);
    for (size_t i = 0; !rc && i < links.n; i++) {
        json_t *o = json_pack(
            "{s:s, s:s, s:s?}", "kind",
            links.v[i].kind == WARTA_LINK_ARTICLE ? "article" : "index",
            "url", links.v[i].url, "published", links.v[i].published);
        print_json(o);
        json_decref(o);
    }
    if (!rc) {
        json_t *o = json_pack("{s:s?}", "next", links.next);
        print_json(o);
        json_decref(o);
    }
    links_cleanup(&links);
    return rc;
}

static int parse_one(struct runtime *rt, const struct ingest_input *in,
                     int store)
{
    struct warta_record rec;
    record_init(&rec);
    int rc = ingest_article(&rt->ingest, in, &rec);
    if (!rc && record_get(&rec, WARTA_F_CONTINUATION))
        W_NOTICE("%s: the article continues at %s (not fetched offline)",
                 in->name, record_get(&rec, WARTA_F_CONTINUATION));
    if (!rc && store) {
        int outcome;
        rc = ingest_store(&rt->ingest, &rec, &outcome);
        if (rc)
            fprintf(stderr, "warta parse: %s: cannot store: %s\n", in->name,
                    warta_strerror(rc));
    }
    if (!rc) {
        json_t *o = record_to_json(&rec);
        print_json(o);
        json_decref(o);
    }
    record_cleanup(&rec);
    return rc;
}

int cmd_parse(int argc, char **argv)
{
    static const struct option opts[] = {
        {"plugin", required_argument, NULL, 'p'},
        {"url", required_argument, NULL, 'u'},
        {"content-type", required_argument, NULL, 't'},
        {"store", no_argument, NULL, 's'},
        {"links", no_argument, NULL, 'l'},
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *plugin = NULL, *url = NULL, *ctype = NULL, *config = NULL;
    const char *db = NULL;
    int store = 0, links = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:u:t:slc:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': plugin = optarg; break;
        case 'u': url = optarg; break;
        case 't': ctype = optarg; break;
        case 's': store = 1; break;
        case 'l': links = 1; break;
        case 'c': config = optarg; break;
        case 'd': db = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "warta parse: no file given (try --help)\n");
        return EXIT_USAGE;
    }
    if (store && links) {
        fprintf(stderr, "warta parse: --store and --links exclude each "
                        "other\n");
        return EXIT_USAGE;
    }
    unsigned parts = RT_PLUGINS | (links ? 0 : RT_EXTRACT) |
                     (store ? RT_STORE : 0);
    struct runtime rt;
    int status = runtime_open(&rt, config, db, parts);
    if (!status && plugin && !plugins_by_name(&rt.plugins, plugin)) {
        fprintf(stderr, "warta parse: no plugin named '%s' is loaded "
                        "(see 'warta plugins')\n", plugin);
        status = EXIT_USAGE;
    }
    int bad = 0;
    for (int i = optind; !status && i < argc; i++) {
        /* One bad file must not hide the others' records. */
        char *bytes = NULL;
        size_t n = 0;
        int rc = read_file(argv[i], &bytes, &n);
        if (!rc) {
            struct ingest_input in = {
                .url = url, .name = argv[i], .content_type = ctype,
                .bytes = bytes, .n = n, .plugin = plugin,
            };
            rc = links ? print_links(&rt.ingest, &in)
                       : parse_one(&rt, &in, store);
            if (rc == W_DECLINED || rc == W_PARSE || rc == W_TOOBIG)
                fprintf(stderr, "warta parse: %s: %s\n", argv[i],
                        rc == W_DECLINED ? "no plugin could parse it"
                        : rc == W_PARSE  ? "not a readable text page"
                                         : "too big");
        }
        w_free(bytes);
        if (rc == W_NOMEM || rc == W_IO || rc == W_ERR)
            status = EXIT_RUNTIME;
        else if (rc)
            bad = 1;
    }
    if (!status && bad)
        status = EXIT_USAGE;
    runtime_close(&rt);
    return status;
}
