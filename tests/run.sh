#!/bin/sh
# Runs every test binary given (cmocka, under ASan+UBSan) and the command-line
# tests, then prints one closing line "N passed, N failed".
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
mkdir -p "${B:-build}/tests"
for t in "$@"; do
    if "$t" >"$log" 2>&1; then status=0; else status=$?; fi
    p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    p=${p:-0}; f=${f:-0}
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1   # crashed or a sanitizer fired before cmocka could count
    fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $(basename "$t"): $f failed" >&2
        grep -E '^\[  (FAILED|ERROR) |ERROR: |runtime error|Assertion|error:' "$log" | head -40 >&2
    else
        echo "ok   $(basename "$t"): $p passed"
    fi
done
for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    out=$(sh "$s" 2>&1)
    p=$(printf '%s\n' "$out" | grep -c '^ok ')
    f=$(printf '%s\n' "$out" | grep -c '^not ok ')
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL $(basename "$s"): $f failed" >&2
        printf '%s\n' "$out" | grep -A6 '^not ok ' >&2
    else
        echo "ok   $(basename "$s"): $p passed"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
