/* SPDX-License-Identifier: MIT */
/*
 * warta: the command-line entry point. Dispatches to one subcommand; each
 * lives in its own core/cmd_*.c file.
 */
#include "config.h"
#include "cmd.h"
#include "log.h"
#include <stdio.h>
#include <string.h>


static const struct cmd commands[] = {
#include "cmd_list.h"
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: warta COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "warta ingests Indonesian news about regional and international\n"
            "cooperation into structured records (SQLite by default).\n"
            "\n"
            "commands:\n");
    for (const struct cmd *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\n"
                 "Run 'warta COMMAND --help' for a command's options.\n"
                 "options: --help, --version\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("warta %s (plugin ABI %d)\n", PACKAGE_VERSION,
               WARTA_PLUGIN_ABI);
        return EXIT_OK;
    }
    for (const struct cmd *c = commands; c->name; c++)
        if (strcmp(argv[1], c->name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "warta: unknown command '%s' (try 'warta --help')\n",
            argv[1]);
    return EXIT_USAGE;
}
