/* SPDX-License-Identifier: MIT */
/* The subcommand table, in the order `warta --help` lists them. One line
 * per command; a command's file is core/cmd_NAME.c. */
    {"export", "write stored records to stdout (JSONL or CSV)", cmd_export},
    {"run", "the daemon: monitor every configured source", cmd_run},
    {"fetch", "fetch and parse one article, print its record", cmd_fetch},
    {"backfill", "ingest an archive window, a URL list or WARC files", cmd_backfill},
    {"extract", "entities (officials, dates, agreements, ...) of a text", cmd_extract},
