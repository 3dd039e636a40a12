/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: a page from any bytes (charset detection and conversion,
 * gumbo, the depth and binary checks), then the metadata reader and the
 * body heuristic the generic plugin uses. No crash, leak or sanitizer
 * report on any input; a page that opens must close cleanly.
 */
#include "config.h"
#include "fuzz.h"
#include "meta.h"
#include "page.h"
#include "readable.h"
#include "record.h"
#include "warta/plugin.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct page pg;
    if (page_open(&pg, "https://contoh.example/berita/1", NULL, data, size) !=
        W_OK)
        return 0;
    struct warta_record rec;
    record_init(&rec);
    meta_read(&pg.pub, &rec);
    readable_guess(&pg.pub);
    record_cleanup(&rec);
    page_close(&pg);
    return 0;
}
