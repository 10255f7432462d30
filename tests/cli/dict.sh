# `deeds dict check|stats|who`.
. tests/cli/lib.inc
D="--dict tests/cli/dict"

$DEEDS dict who $D "Donald Trump" --date 2018-06-12 > "$TMP/out"; check "who: exit 0" 0 $?
check_grep "who: Trump in office is USAGOV" '"Donald Trump" on 2018-06-12: USAGOV' "$TMP/out"
check_grep "who: marks the code in force" '=> USAGOV .*2017-01-20\.\.2021-01-19' "$TMP/out"
check_grep "who: names the dictionary line" 'cli.actors:[0-9]' "$TMP/out"
$DEEDS dict who $D "Donald Trump" --date 2022-06-12 > "$TMP/out"
check_grep "who: Trump between terms is USAELI" '"Donald Trump" on 2022-06-12: USAELI' "$TMP/out"
$DEEDS dict who $D "Kim Jong-Un" --date 2019-02-27 > "$TMP/out"
check_grep "who: a romanisation resolves" 'PRKGOV' "$TMP/out"
$DEEDS dict who $D "Atlantis" --date 2019-02-27 > "$TMP/out"; check "who: no actor exits 2" 2 $?
check_grep "who: says nothing was found" 'no actor' "$TMP/out"

$DEEDS dict stats $D > "$TMP/out"; check "stats: exit 0" 0 $?
check_grep "stats: counts actors" '^actors: .* (9 actors with their synonyms)' "$TMP/out"
check_grep "stats: counts patterns" '^verbs: *3 roots' "$TMP/out"
check_grep "stats: CAMEO coverage" '^CAMEO codes: *[0-9]* of [0-9]*' "$TMP/out"

$DEEDS dict check $D > "$TMP/out" 2>"$TMP/err"; check "check: a clean set exits 0" 0 $?
check_grep "check: says 0 problems" '0 bad lines, 0 other problems' "$TMP/out"

mkdir -p "$TMP/dup"; cp tests/cli/dict/* "$TMP/dup/"
sed -i '2i SEOUL_ [PRK]' "$TMP/dup/cli.actors"
sed -i '2i MOSCOW_\n  [RUSGOV 000101-201231]\n  [RUSMIL 050101-151231]' "$TMP/dup/cli.actors"
sed -i '2i VANISH [999]' "$TMP/dup/cli.verbs"
sed -i '2i ATLANTIS_ [ATL 990101-980101]' "$TMP/dup/cli.actors"
$DEEDS dict check --dict "$TMP/dup" > "$TMP/out" 2>"$TMP/err"; check "check: problems exit 2" 2 $?
check_grep "check: a phrase defined twice" 'cli.actors:[0-9]*: .*"SEOUL_" is also defined at .*cli.actors:[0-9]' "$TMP/err"
check_grep "check: a date range that never applies" 'the code RUSMIL (2005-01-01..2015-12-31) never applies' "$TMP/err"
check_grep "check: an unknown event code" 'cli.verbs:2: .*\[999\] is not a CAMEO code' "$TMP/err"
check_grep "check: a date range that ends before it starts" "ends before it starts" "$TMP/err"

# Two-digit years: 00-30 read as 20xx, so a range written 000101-330304
# (1900-1933 in CountryInfo) is read with its start a century earlier.
mkdir -p "$TMP/century"; cp tests/cli/dict/* "$TMP/century/"
sed -i '2i ROOSEVELT_\n  [ZZZELI 000101-330304]\n  [ZZZGOV 330304-450412]' "$TMP/century/cli.actors"
$DEEDS dict who --dict "$TMP/century" "Roosevelt" --date 1920-05-01 > "$TMP/out"
check_grep "a 19xx range written with two-digit years applies" '"Roosevelt" on 1920-05-01: ZZZELI' "$TMP/out"
$DEEDS dict check --dict "$TMP/century" > "$TMP/out" 2>"$TMP/err"
check_no_grep "and is not reported as running backwards" "ends before it starts" "$TMP/err"
