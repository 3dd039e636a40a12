#!/bin/sh
# SPDX-License-Identifier: MIT
# Source checks of the house style (CONTRIBUTING.md): no banned libc
# calls, an SPDX line on every file, no stdout writes outside commands,
# no raw malloc/free in plugins. TAP output.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
n=0
fails=0
echo "1..5"
check() {
    n=$((n + 1))
    if [ -z "$2" ]; then
        echo "ok $n - $1"
    else
        fails=$((fails + 1))
        echo "not ok $n - $1"
        printf '%s\n' "$2" | head -20 | sed 's/^/# /'
    fi
}
src=$(ls core/*.c core/*.h plugins/*.c include/warta/*.h)
# Comments and string literals are not code: strip // and /* */ lines.
code() { grep -nE "$1" $src | grep -vE '^[^:]+:[0-9]+:\s*(/?\*|//)' ; }

check "no banned calls (strcpy strcat sprintf vsprintf strtok gets atoi atol system)" \
    "$(code '(^|[^_a-z0-9])(strcpy|strcat|sprintf|vsprintf|strtok|gets|atoi|atol|system)\s*\(')"
check "every source file starts with an SPDX line" \
    "$(for f in $src; do head -2 "$f" | grep -q SPDX-License-Identifier || echo "$f"; done)"
check "nothing outside the commands writes to stdout" \
    "$(grep -nE '(^|[^f_a-z])printf\s*\(|fprintf\s*\(\s*stdout|puts\s*\(|fwrite\s*\([^;]*stdout' core/*.c plugins/*.c |
        grep -vE '^core/(cmd_[a-z_]+|main)\.c:' | grep -vE ':\s*(/?\*|//)')"
check "plugins allocate through the host, never malloc/free" \
    "$(grep -nE '(^|[^_a-z.>])(malloc|calloc|realloc|free|strdup)\s*\(' plugins/*.c | grep -vE ':\s*(/?\*|//)')"
check "core allocates through w_malloc and friends" \
    "$(grep -nE '(^|[^_a-z.>])(malloc|calloc|realloc|strdup|strndup)\s*\(' core/*.c |
        grep -vE '^core/mem\.c:' | grep -vE ':\s*(/?\*|//)')"
[ "$fails" -eq 0 ]
