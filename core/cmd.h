/* SPDX-License-Identifier: MIT */
/*
 * Subcommands of the warta binary. Each takes the arguments after the
 * command name (argv[0] is the command name) and returns the exit status:
 * 0 success, 1 runtime failure, 2 bad usage or bad input.
 */
#ifndef WARTA_CMD_H
#define WARTA_CMD_H

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct cmd {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
};

int cmd_parse(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_backfill(int argc, char **argv);
#endif
