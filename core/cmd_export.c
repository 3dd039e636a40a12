/* SPDX-License-Identifier: MIT */
/*
 * `warta export`: writes the stored records to stdout as JSON Lines (the
 * record format of SPEC.md) or CSV, in (published, id) order, optionally
 * only those fetched since a date so that repeated exports can be
 * incremental. The store is opened read-only: an export never changes the
 * file and runs beside a daemon that is writing it.
 */
#include "config.h"
#include "cmd.h"
#include "config_file.h"
#include "log.h"
#include "store.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes one output line may take (a record's text is at most 8 MiB). */
#define EXPORT_LINE_MAX ((size_t)64 << 20)

enum export_format { FORMAT_JSONL = 0, FORMAT_CSV = 1 };

struct export_ctx {
    enum export_format format;
    struct buf line;
    unsigned long n;
    int werr; /* errno of a failed write */
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: warta export [-c FILE] [--db PATH] [--format jsonl|csv]"
            " [--since DATE]\n"
            "\n"
            "Write the stored records to stdout in (published, id) order.\n"
            "\n"
            "  -c, --config FILE  configuration file\n"
            "      --db PATH      store file (default: $WARTA_DB, else the\n"
            "                     state directory's warta.db)\n"
            "  -f, --format FMT   jsonl (one record per line, default) or\n"
            "                     csv (RFC 4180, with a header row)\n"
            "  -s, --since DATE   only records fetched at or after DATE:\n"
            "                     YYYY-MM-DD (UTC midnight) or ISO 8601,\n"
            "                     e.g. 2026-11-22T12:00:00+07:00\n"
            "  -h, --help         this help\n");
}

/*
 * Match argv[*i] against -s / --long, taking the value from "--long=V" or
 * the next argument. Returns 1 on a match (value in *val), 0 when it is
 * another option, -1 when the value is missing.
 */
static int option(int argc, char **argv, int *i, const char *shrt,
                  const char *lng, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(lng);
    if (strncmp(a, lng, n) == 0 && a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (strcmp(a, lng) != 0 && (!shrt || strcmp(a, shrt) != 0))
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

static int write_record(const struct warta_record *r, void *ud)
{
    struct export_ctx *c = ud;
    buf_reset(&c->line);
    int rc = c->format == FORMAT_CSV ? store_export_csv(&c->line, r)
                                     : store_export_jsonl(&c->line, r);
    if (rc) {
        W_ERROR("export: record %s: %s", r->id ? r->id : "?",
                warta_strerror(rc));
        return rc;
    }
    if (fwrite(c->line.p, 1, c->line.n, stdout) != c->line.n) {
        c->werr = errno;
        return W_IO;
    }
    c->n++;
    return W_OK;
}

/*
 * The store file: --db, else $WARTA_DB, else warta.db in the config's
 * state directory. The config is the -c file, else the default file when
 * it exists, else built-in defaults (as for every command); it is loaded
 * even when --db decides, so that a bad -c file is reported. Returns 0 or
 * the exit status after printing one line.
 */
static int db_path(const char *config, const char *db, char *out,
                   size_t outsz)
{
    char err[1024];
    struct config *cfg = NULL;
    int rc;
    const char *def = config_default_path();
    if (!config && def && access(def, F_OK) == 0)
        config = def;
    rc = config ? config_load(config, &cfg, err, sizeof err)
                : config_new_default(&cfg);
    if (rc) {
        if (!config)
            snprintf(err, sizeof err, "%s", warta_strerror(rc));
        fprintf(stderr, "warta export: %s\n", err);
        return rc == W_NOMEM || rc == W_IO ? EXIT_RUNTIME : EXIT_USAGE;
    }
    log_setup(cfg->log_level, cfg->log_format);
    const char *env = getenv("WARTA_DB");
    if (db)
        snprintf(out, outsz, "%s", db);
    else if (env && *env)
        snprintf(out, outsz, "%s", env);
    else
        snprintf(out, outsz, "%s/warta.db", cfg->state_dir);
    config_free(cfg);
    return EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
    const char *config = NULL, *db = NULL, *format = "jsonl", *since = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int m = 0;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        if ((m = option(argc, argv, &i, "-c", "--config", &config)) ||
            (m = option(argc, argv, &i, NULL, "--db", &db)) ||
            (m = option(argc, argv, &i, "-f", "--format", &format)) ||
            (m = option(argc, argv, &i, "-s", "--since", &since))) {
            if (m < 0) {
                fprintf(stderr, "warta export: %s needs a value (try 'warta "
                                "export --help')\n",
                        a);
                return EXIT_USAGE;
            }
            continue;
        }
        if (a[0] == '-')
            fprintf(stderr, "warta export: unknown option '%s' (try 'warta "
                            "export --help')\n",
                    a);
        else
            fprintf(stderr, "warta export: unexpected argument '%s' (try "
                            "'warta export --help')\n",
                    a);
        return EXIT_USAGE;
    }
    struct export_ctx ctx = {.format = FORMAT_JSONL};
    if (strcmp(format, "csv") == 0) {
        ctx.format = FORMAT_CSV;
    } else if (strcmp(format, "jsonl") != 0) {
        fprintf(stderr, "warta export: unknown format '%s' (jsonl or csv)\n",
                format);
        return EXIT_USAGE;
    }
    char utc[20];
    if (since && store_time_utc(since, utc) != W_OK) {
        fprintf(stderr, "warta export: bad --since '%s' (use YYYY-MM-DD or "
                        "ISO 8601 such as 2026-11-22T12:00:00+07:00)\n",
                since);
        return EXIT_USAGE;
    }
    char path[PATH_MAX];
    int status = db_path(config, db, path, sizeof path);
    if (status)
        return status;
    struct store *s = NULL;
    if (store_open_ex(path, STORE_OPEN_READONLY, &s) != W_OK)
        return EXIT_RUNTIME; /* store_open logged the path and the cause */
    buf_init(&ctx.line, EXPORT_LINE_MAX);
    int rc = W_OK;
    if (ctx.format == FORMAT_CSV) {
        rc = store_export_csv_header(&ctx.line);
        if (!rc &&
            fwrite(ctx.line.p, 1, ctx.line.n, stdout) != ctx.line.n) {
            ctx.werr = errno;
            rc = W_IO;
        }
    }
    if (!rc)
        rc = store_export(s, since, write_record, &ctx);
    if (fflush(stdout) != 0 && !ctx.werr) {
        ctx.werr = errno;
        rc = W_IO;
    }
    buf_cleanup(&ctx.line);
    store_close(s);
    if (ctx.werr) {
        fprintf(stderr, "warta export: cannot write to stdout: %s\n",
                strerror(ctx.werr));
        return EXIT_RUNTIME;
    }
    if (rc) {
        fprintf(stderr, "warta export: %s: %s\n", path, warta_strerror(rc));
        return EXIT_RUNTIME;
    }
    W_INFO("export: %lu records from %s", ctx.n, path);
    return EXIT_OK;
}
