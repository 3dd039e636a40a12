/* SPDX-License-Identifier: MIT */
/* The subcommand table, in the order `warta --help` lists them. One line
 * per command; a command's file is core/cmd_NAME.c. */
    {"run", "the daemon: monitor every configured source", cmd_run},
    {"backfill", "ingest an archive window, a URL list or WARC files", cmd_backfill},
    {"fetch", "fetch and parse one article, print its record", cmd_fetch},
    {"parse", "parse saved pages offline, print their records", cmd_parse},
    {"extract", "entities (officials, dates, agreements, ...) of a text", cmd_extract},
    {"plugins", "list loaded plugins: name, version, ABI, hosts", cmd_plugins},
    {"export", "write stored records to stdout (JSONL or CSV)", cmd_export},
