# SPDX-License-Identifier: MIT
# Fuzz targets (tests/fuzz/fuzz_*.c, libFuzzer's entry points). make check
# replays each over a small corpus with a plain main (tests/fuzz/replay.c);
# configure CC=clang --enable-fuzzing builds the whole tree instrumented,
# and `make fuzz-targets` the libFuzzer binaries; tests/fuzz/run.sh runs
# them (CONTRIBUTING.md).
fuzz_targets = literals extract page
check_PROGRAMS += tests/fuzz/replay_literals tests/fuzz/replay_extract \
	tests/fuzz/replay_page
TESTS += tests/fuzz/replay.sh
tests_fuzz_replay_literals_SOURCES = tests/fuzz/fuzz_literals.c \
	tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_replay_literals_LDADD = core/libwarta.la
tests_fuzz_replay_extract_SOURCES = tests/fuzz/fuzz_extract.c \
	tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_replay_extract_LDADD = core/libwarta.la
tests_fuzz_replay_page_SOURCES = tests/fuzz/fuzz_page.c \
	tests/fuzz/replay.c tests/fuzz/fuzz.h
tests_fuzz_replay_page_LDADD = core/libwarta.la
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/corpus tests/fuzz/run.sh

# libFuzzer binaries: only in a --enable-fuzzing tree.
EXTRA_PROGRAMS = tests/fuzz/fuzz_literals tests/fuzz/fuzz_extract \
	tests/fuzz/fuzz_page
tests_fuzz_fuzz_literals_SOURCES = tests/fuzz/fuzz_literals.c
tests_fuzz_fuzz_literals_LDADD = core/libwarta.la
tests_fuzz_fuzz_literals_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_extract_SOURCES = tests/fuzz/fuzz_extract.c
tests_fuzz_fuzz_extract_LDADD = core/libwarta.la
tests_fuzz_fuzz_extract_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_page_SOURCES = tests/fuzz/fuzz_page.c
tests_fuzz_fuzz_page_LDADD = core/libwarta.la
tests_fuzz_fuzz_page_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
CLEANFILES = $(EXTRA_PROGRAMS)

if FUZZING
fuzz-targets: $(EXTRA_PROGRAMS)
else
fuzz-targets:
	@echo "configure with CC=clang --enable-fuzzing to build the fuzzers" >&2
	@exit 1
endif
.PHONY: fuzz-targets
