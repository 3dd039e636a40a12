/* SPDX-License-Identifier: MIT */
/*
 * `warta extract [--published DATE] [--rules DIR] [FILE|-]`: entity
 * extraction on plain UTF-8 text (SPEC "Commands"). Prints the entities
 * object as one JSON line on stdout. Exit 0 on success, 1 on a runtime
 * failure, 2 on bad usage, an unreadable file or a rule file that does
 * not load (reported as "file:line: message").
 */
#include "config.h"
#include "buf.h"
#include "cmd.h"
#include "dates.h"
#include "extract.h"
#include "log.h"
#include "paths.h"
#include "rules.h"
#include "warta/plugin.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out,
            "usage: warta extract [--published DATE] [--rules DIR] "
            "[FILE|-]\n"
            "\n"
            "Finds officials, dates, agreements, organisations, places,\n"
            "money and percentages in a plain UTF-8 text (invalid bytes\n"
            "are replaced) and prints them as one JSON object (SPEC.md,\n"
            "\"The entities object\"). Reads standard input without FILE\n"
            "or with -.\n"
            "\n"
            "options:\n"
            "  --published DATE  publication date or date-time (ISO 8601,\n"
            "                    RFC 822, \"23 Maret 2018 09:37 WIB\"):\n"
            "                    relative dates are resolved against it\n"
            "  --rules DIR       rule directory (default: %s)\n"
            "  --help            this text\n",
            paths_rules_dir());
}

static int read_all(FILE *f, struct buf *b)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        int rc = buf_add(b, chunk, n);
        if (rc)
            return rc;
    }
    return ferror(f) ? W_IO : W_OK;
}

int cmd_extract(int argc, char **argv)
{
    const char *published = NULL, *rules_dir = NULL, *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--published") == 0 && i + 1 < argc) {
            published = argv[++i];
        } else if (strncmp(a, "--published=", 12) == 0) {
            published = a + 12;
        } else if (strcmp(a, "--rules") == 0 && i + 1 < argc) {
            rules_dir = argv[++i];
        } else if (strncmp(a, "--rules=", 8) == 0) {
            rules_dir = a + 8;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "warta extract: unknown option '%s' (try "
                            "'warta extract --help')\n", a);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "warta extract: one file at a time ('%s')\n", a);
            return EXIT_USAGE;
        } else {
            file = a;
        }
    }
    if (published) {
        char norm[40];
        if (date_normalise(published, norm, sizeof norm) != W_OK) {
            fprintf(stderr, "warta extract: --published '%s' is not a "
                            "date\n", published);
            return EXIT_USAGE;
        }
    }
    if (!rules_dir)
        rules_dir = paths_rules_dir();

    struct buf text;
    buf_init(&text, RULES_MAX_TEXT);
    FILE *f = stdin;
    const char *name = "-";
    if (file && strcmp(file, "-") != 0) {
        name = file;
        f = fopen(file, "rb");
        if (!f) {
            fprintf(stderr, "warta extract: %s: %s\n", file, strerror(errno));
            return EXIT_USAGE;
        }
    }
    int rc = read_all(f, &text);
    if (f != stdin)
        fclose(f);
    if (rc) {
        fprintf(stderr, "warta extract: %s: %s\n", name,
                rc == W_TOOBIG ? "text too large" : "read error");
        buf_cleanup(&text);
        return EXIT_USAGE;
    }

    char err[512];
    struct extract *ex = NULL;
    rc = extract_new(rules_dir, &ex, err, sizeof err);
    if (rc) {
        fprintf(stderr, "warta extract: %s\n",
                *err ? err : warta_strerror(rc));
        buf_cleanup(&text);
        return rc == W_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    }
    json_t *ent = NULL;
    rc = extract_run(ex, buf_str(&text), text.n, published, &ent);
    int status = EXIT_OK;
    if (rc) {
        fprintf(stderr, "warta extract: %s: %s\n", name, warta_strerror(rc));
        status = rc == W_TOOBIG ? EXIT_USAGE : EXIT_RUNTIME;
    } else {
        char *s = json_dumps(ent, JSON_COMPACT);
        if (!s || fputs(s, stdout) < 0 || fputc('\n', stdout) < 0 ||
            fflush(stdout) != 0) {
            fprintf(stderr, "warta extract: cannot write the result\n");
            status = EXIT_RUNTIME;
        }
        free(s);
    }
    json_decref(ent);
    extract_free(ex);
    buf_cleanup(&text);
    return status;
}
