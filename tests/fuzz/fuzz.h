/* SPDX-License-Identifier: MIT */
/*
 * The fuzz targets' entry points (libFuzzer's names): each target file
 * defines them, and is linked either with libFuzzer (configure
 * --enable-fuzzing, make fuzz-targets) or with tests/fuzz/replay.c, which
 * runs them over the files of a corpus for make check.
 */
#ifndef WARTA_FUZZ_H
#define WARTA_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
