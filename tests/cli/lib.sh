# Helpers for command-line tests: each check prints "ok - NAME" or
# "not ok - NAME" followed by what differed.  Tests run the sanitizer build.
DEEDS=${DEEDS:-build/deeds-san}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ok()     { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; for l in "$@"; do echo "    $l"; done; }
# check NAME EXPECTED ACTUAL
check()  { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "expected: $2" "actual:   $3"; fi; }
# check_grep NAME PATTERN FILE
check_grep() { if grep -q -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no line matches /$2/ in:" "$(head -c 600 "$3")"; fi; }
check_no_grep() { if grep -q -- "$2" "$3"; then not_ok "$1" "a line matches /$2/:" "$(grep -- "$2" "$3" | head -3)"; else ok "$1"; fi; }
