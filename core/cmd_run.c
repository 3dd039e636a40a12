/* SPDX-License-Identifier: MIT */
/*
 * `warta run`: the daemon. Opens the config, plugins, rules and store,
 * takes the store's run lock (one daemon per store: at start-up it gives
 * back every URL an earlier run left in flight, which is only safe when
 * no other daemon is fetching them), and hands over to the scheduler
 * (core/sched.c). Runs in the foreground and logs to stderr, as systemd
 * and container runtimes expect (contrib/warta.service).
 */
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#undef W_OK /* <unistd.h>'s access() mode; warta's W_OK is the enum */
#include "config.h"
#include "cmd.h"
#include "log.h"
#include "runtime.h"
#include "sched.h"
#include "store.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
        "usage: warta run [OPTIONS]\n"
        "\n"
        "Monitors every configured source until SIGTERM or SIGINT: polls\n"
        "feeds, sitemaps and index pages on an adaptive interval, fetches\n"
        "each new article once (and again at its source's recheck ages),\n"
        "parses it with its outlet plugin, extracts entities and stores\n"
        "the record. Layout drift is counted per source (table\n"
        "source_health) and logged when it crosses drift_threshold.\n"
        "SIGHUP reloads the config, the plugins and the rules (a broken\n"
        "config keeps the running one).\n"
        "\n"
        "  -c, --config FILE   config file (default: the installed one)\n"
        "      --db PATH       store file (default: STATE_DIR/warta.db)\n"
        "      --once          one pass: poll every start URL, fetch what\n"
        "                      it lists, then exit\n"
        "      --grace SECONDS time transfers may finish after SIGTERM\n"
        "                      (default 10)\n"
        "      --retry-base SECONDS  first retry delay of a URL that\n"
        "                      failed transiently; doubles per attempt\n"
        "                      (default 5)\n"
        "  -h, --help          this help\n"
        "\n"
        "Exit status: 0 after a clean stop, 1 runtime failure (another\n"
        "warta run holds the store, the store cannot be opened), 2 bad\n"
        "usage or a bad config.\n");
}

/* One daemon per store: an advisory lock beside the store file. The
 * descriptor stays open (and locked) until the process exits. */
static int take_lock(const char *store_path)
{
    char path[4096];
    snprintf(path, sizeof path, "%s.run-lock", store_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "warta run: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr,
                "warta run: %s: another warta run is using this store\n",
                store_path);
        close(fd);
        return -1;
    }
    return fd;
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, 'd'},
        {"once", no_argument, NULL, 'o'},
        {"grace", required_argument, NULL, 'g'},
        {"retry-base", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL, *db = NULL;
    struct sched_opts so = {.grace = 10, .retry_base = 5};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'd': db = optarg; break;
        case 'o': so.once = 1; break;
        case 'g':
        case 'r': {
            char *end = NULL;
            double d = strtod(optarg, &end);
            if (!end || *end || end == optarg || d < 0 || d > 3600) {
                fprintf(stderr, "warta run: --%s %s: not a number of "
                                "seconds (0 to 3600)\n",
                        c == 'g' ? "grace" : "retry-base", optarg);
                return EXIT_USAGE;
            }
            if (c == 'g')
                so.grace = d;
            else
                so.retry_base = d > 0.01 ? d : 0.01;
            break;
        }
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "warta run: unexpected argument '%s' (try --help)\n",
                argv[optind]);
        return EXIT_USAGE;
    }
    so.config_path = config;
    struct runtime rt;
    int status = runtime_open(&rt, config, db,
                              RT_PLUGINS | RT_EXTRACT | RT_STORE);
    int lock = -1;
    if (!status) {
        lock = take_lock(store_path(rt.store));
        if (lock < 0)
            status = EXIT_RUNTIME;
    }
    if (!status)
        status = sched_run(&rt, &so);
    runtime_close(&rt);
    if (lock >= 0)
        close(lock);
    return status;
}
