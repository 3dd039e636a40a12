/* SPDX-License-Identifier: MIT */
/* `warta plugins`: what is loaded, from where, serving which hosts. */
#include "config.h"
#include "cmd.h"
#include "runtime.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: warta plugins [-c FILE] [--json]\n"
            "\n"
            "Lists the loaded outlet plugins: name, version, ABI, hosts.\n"
            "Plugins that were refused are reported on stderr with the\n"
            "reason.\n"
            "\n"
            "  -c, --config FILE  config file (its plugin_dir is used)\n"
            "      --json         one JSON object per plugin\n"
            "  -h, --help         this help\n");
}

int cmd_plugins(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *config = NULL;
    int json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': config = optarg; break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return EXIT_OK;
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "warta plugins: unexpected argument '%s'\n",
                argv[optind]);
        return EXIT_USAGE;
    }
    struct runtime rt;
    int rc = runtime_open(&rt, config, NULL, RT_PLUGINS);
    if (rc) {
        runtime_close(&rt);
        return rc;
    }
    if (!json)
        printf("%-14s %-8s %-4s %s\n", "NAME", "VERSION", "ABI", "HOSTS");
    for (size_t i = 0; i < rt.plugins.n; i++) {
        const struct warta_plugin *d = rt.plugins.v[i].desc;
        if (json) {
            json_t *hosts = json_array();
            for (const char *const *h = d->hosts; *h; h++)
                json_array_append_new(hosts, json_string(*h));
            json_t *o = json_pack("{s:s, s:s?, s:i, s:s?, s:o, s:s}", "name",
                                  d->name, "version", d->version, "abi",
                                  (int)d->abi, "description", d->description,
                                  "hosts", hosts, "path",
                                  rt.plugins.v[i].path);
            char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)
                           : NULL;
            if (line)
                printf("%s\n", line);
            free(line);
            json_decref(o);
            continue;
        }
        printf("%-14s %-8s %-4u", d->name, d->version ? d->version : "-",
               d->abi);
        for (const char *const *h = d->hosts; *h; h++)
            printf(" %s", *h);
        printf("\n");
    }
    runtime_close(&rt);
    return EXIT_OK;
}
