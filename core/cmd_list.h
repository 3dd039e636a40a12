/* SPDX-License-Identifier: MIT */
/* The subcommand table, in the order `warta --help` lists them. One line
 * per command; a command's file is core/cmd_NAME.c. */
    {"export", "write stored records to stdout (JSONL or CSV)", cmd_export},
    {"extract", "entities (officials, dates, agreements, ...) of a text", cmd_extract},
