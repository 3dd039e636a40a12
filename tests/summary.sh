#!/bin/sh
# SPDX-License-Identifier: MIT
# Prints "N passed, N failed" from the .trs files the TAP driver wrote.
dir=${1:-.}
find "$dir" -name '*.trs' -exec cat {} + 2>/dev/null | awk '
    /^:test-result: (PASS|XFAIL|SKIP)/ { p++ }
    /^:test-result: (FAIL|XPASS|ERROR)/ { f++ }
    END { printf "%d passed, %d failed\n", p, f; exit (f > 0) }'
