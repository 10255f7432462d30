#!/bin/sh
# make validate: measures deeds against the reference material in ../shared
# (TABARI's validation suite, our gold files).  Prints figures and checks that
# no figure fell below the floor recorded in tests/validate-floors; ends with
# "N passed, N failed".  Needs ../shared beside the project's root.
DEEDS=${DEEDS:-build/deeds}
SHARED=${DEEDS_SHARED:-../shared}
passed=0
failed=0
check() {  # check NAME MEASURED FLOOR  (numbers, higher is better)
    if awk -v m="$2" -v f="$3" 'BEGIN { exit !(m + 0 >= f + 0) }'; then
        passed=$((passed + 1)); echo "ok - $1: $2 (floor $3)"
    else
        failed=$((failed + 1)); echo "not ok - $1: $2 is below the floor $3"
    fi
}
floor() { sed -n "s/^$1 *//p" tests/validate-floors; }

echo "== our own gold file (tests/gold/deeds-gold.jsonl), built-in dictionaries"
out=$($DEEDS validate tests/gold/deeds-gold.jsonl)
printf '%s\n' "$out"
rate=$(printf '%s\n' "$out" | sed -n 's/^pass [0-9]*\/[0-9]* (\([0-9.]*\)%.*/\1/p' | tail -1)
check "deeds gold pass rate (%)" "${rate:-0}" "$(floor gold)"

if [ ! -d "$SHARED/data" ]; then
    echo "validate: $SHARED is missing (set DEEDS_SHARED to the shared folder):"
    echo "validate: the TABARI suite was NOT run and is not counted."
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

echo
echo "== TABARI validation suite ($SHARED/data/event-coding/tabari/Validate.project)"
$DEEDS validate --tabari "$SHARED/data/event-coding/tabari/Validate.project" > build/tabari-validate.txt
tail -n 1 build/tabari-validate.txt
p=$(sed -n 's/^pass \([0-9]*\)\/\([0-9]*\).*/\1/p' build/tabari-validate.txt | tail -1)
n=$(sed -n 's/^pass \([0-9]*\)\/\([0-9]*\).*/\2/p' build/tabari-validate.txt | tail -1)
pct=$(awk -v p="${p:-0}" -v n="${n:-1}" 'BEGIN { printf "%.1f", 100 * p / n }')
echo "TABARI suite: $pct% of records pass (target 95%; TABARI itself passes 465/465); failures in build/tabari-validate.txt"
check "TABARI suite pass rate (%)" "$pct" "$(floor tabari)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
