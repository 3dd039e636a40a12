/* SPDX-License-Identifier: MIT */
/*
 * `warta backfill`: the command line of the one-shot jobs in backfill.c.
 * Three forms: a source's archive over a date window, a list of article
 * URLs, or WARC files. This file checks the arguments (bad usage exits 2
 * with one line naming the problem), opens the runtime and hands over.
 */
#include "config.h"
#include "backfill.h"
#include "cmd.h"
#include "log.h"
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#undef W_OK /* <unistd.h>'s access() mode; warta's W_OK is the enum */
#include "warta/plugin.h"

static void usage(FILE *out)
{
    fprintf(out,
        "usage: warta backfill [OPTIONS] --source NAME [--from DATE] "
        "[--to DATE]\n"
        "       warta backfill [OPTIONS] --urls FILE\n"
        "       warta backfill [OPTIONS] --warc FILE...\n"
        "\n"
        "One-shot ingestion through the daemon's path (politeness, frontier\n"
        "leases, plugins, extraction, store), then exit. Resumable: after\n"
        "Ctrl-C or a kill, the same command continues where it stopped.\n"
        "\n"
        "  -s, --source NAME   walk the configured source's archive pages\n"
        "                      (its plugin's archive hook), newest first, and\n"
        "                      fetch each article of the window once; with\n"
        "                      --urls or --warc: treat the pages as NAME's\n"
        "  -f, --from DATE     first day of the window, YYYY-MM-DD (the\n"
        "                      outlet's own date; default: no limit)\n"
        "  -t, --to DATE       last day of the window (default: today)\n"
        "  -u, --urls FILE     fetch the article URLs in FILE (one per line,\n"
        "                      '#' comments; '-' reads stdin)\n"
        "  -w, --warc FILE...  ingest the response records of WARC files\n"
        "                      (.warc or .warc.gz); no network is used\n"
        "  -r, --refetch       fetch (or read) again what the store holds\n"
        "      --progress      one updating progress line (default on a\n"
        "                      terminal)\n"
        "      --no-progress   a progress log line every --interval seconds\n"
        "      --interval SECS seconds between progress log lines (10)\n"
        "      --max-pages N   archive pages walked per chain (100000)\n"
        "      --jobs N        WARC worker processes (default: one per\n"
        "                      CPU, at most 16)\n"
        "  -c, --config FILE   config file\n"
        "      --db PATH       store file (default: STATE_DIR/warta.db)\n"
        "  -h, --help          this help\n"
        "\n"
        "With --urls or --warc, --from/--to keep only articles published in\n"
        "the window. Exit status: 0 everything was covered, 1 some items\n"
        "failed for good (listed at the end) or the run was interrupted,\n"
        "2 bad usage or bad input (including bad lines in a URL list).\n");
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "warta backfill: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (try 'warta backfill --help')\n");
    va_end(ap);
    return EXIT_USAGE;
}

enum { OPT_PROGRESS = 256, OPT_NO_PROGRESS, OPT_INTERVAL, OPT_MAX_PAGES,
       OPT_DB, OPT_JOBS };

int cmd_backfill(int argc, char **argv)
{
    static const struct option longs[] = {
        {"source", required_argument, NULL, 's'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"urls", required_argument, NULL, 'u'},
        {"warc", no_argument, NULL, 'w'},
        {"refetch", no_argument, NULL, 'r'},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"max-pages", required_argument, NULL, OPT_MAX_PAGES},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, OPT_DB},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct backfill_opts o;
    backfill_opts_init(&o);
    o.progress = isatty(2);
    const char *config = NULL, *db = NULL;
    int warc = 0, c;
    char *end = NULL;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:f:t:u:wrc:h", longs, NULL)) !=
           -1) {
        switch (c) {
        case 's':
            o.source = optarg;
            break;
        case 'f':
            o.from = optarg;
            break;
        case 't':
            o.to = optarg;
            break;
        case 'u':
            o.urls_file = optarg;
            break;
        case 'w':
            warc = 1;
            break;
        case 'r':
            o.refetch = 1;
            break;
        case OPT_PROGRESS:
            o.progress = 1;
            break;
        case OPT_NO_PROGRESS:
            o.progress = 0;
            break;
        case OPT_INTERVAL:
            o.log_interval = strtod(optarg, &end);
            if (*end || !(o.log_interval > 0))
                return bad("--interval needs a positive number, not '%s'",
                           optarg);
            break;
        case OPT_MAX_PAGES:
            o.max_pages = strtol(optarg, &end, 10);
            if (*end || o.max_pages < 1)
                return bad("--max-pages needs a positive number, not '%s'",
                           optarg);
            break;
        case OPT_JOBS: {
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 16)
                return bad("--jobs needs a number from 1 to 16, not '%s'",
                           optarg);
            o.jobs = (unsigned)j;
            break;
        }
        case 'c':
            config = optarg;
            break;
        case OPT_DB:
            db = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        case ':':
            return bad("%s needs a value", argv[optind - 1]);
        default:
            return bad("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (warc) {
        o.warc = argv + optind;
        o.n_warc = (size_t)(argc - optind);
        if (!o.n_warc)
            return bad("%s", "--warc needs at least one file");
    } else if (optind < argc) {
        return bad("unexpected argument '%s'", argv[optind]);
    }
    if (warc && o.urls_file)
        return bad("%s", "--urls and --warc do not go together");
    if (!warc && !o.urls_file && !o.source)
        return bad("%s", "say what to backfill: --source, --urls or --warc");
    if (o.from && !backfill_valid_date(o.from))
        return bad("--from: '%s' is not a date YYYY-MM-DD", o.from);
    if (o.to && !backfill_valid_date(o.to))
        return bad("--to: '%s' is not a date YYYY-MM-DD", o.to);
    if (o.from && o.to && strcmp(o.from, o.to) > 0)
        return bad("the window ends before it starts (--from %s is after "
                   "--to)", o.from);
    struct runtime rt;
    int status = runtime_open(&rt, config, db,
                              RT_PLUGINS | RT_EXTRACT | RT_STORE);
    if (status == EXIT_OK) {
        if (warc)
            status = backfill_warc(&rt, &o);
        else if (o.urls_file)
            status = backfill_urls(&rt, &o);
        else
            status = backfill_source(&rt, &o);
    }
    runtime_close(&rt);
    return status;
}
