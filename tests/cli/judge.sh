#!/bin/sh
# deeds series and deeds judge on a small hand-made store (the same story as
# tests/unit/test_judge.c): exact CSV rows, the verdict, JSON, bad usage.
. tests/cli/lib.inc

ev() {  # doc sent date source target code mode publication sentence
    printf '{"doc": "%s", "sent": %s, "date": "%s", "source": "%s", "target": "%s", "code": "%s", "mode": "%s", "source_text": "x", "target_text": "y", "verb_text": "met", "sentence": "%s", "publication": "%s"}\n' \
        "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$9" "$8"
}
{
ev a1 0 2018-02-01 USAGOV PRKGOV 138 asserted Wire "Fire and fury."
ev a2 0 2018-04-01 USAGOV PRKGOV 036 asserted Wire "He will meet Kim."
ev a3 0 2018-06-12 USAGOV PRKGOV 043 asserted Wire "Trump met Kim."
ev a4 2 2018-06-12 USAGOV PRKGOV 043 asserted Daily "The leaders met."
ev a5 0 2018-07-01 USAGOV PRKGOV 051 asserted Wire "Praise."
ev a6 0 2018-08-01 USAGOV PRK 1312 asserted Wire "Sanctions loom."
ev a7 1 2018-09-15 USAGOV PRK 163 asserted Wire "Sanctions imposed."
ev a9 0 2018-11-01 USAMIL PRKMIL 190 hypothetical Wire "Strikes could follow."
} > "$TMP/events.jsonl"
$DEEDS ingest --db "$TMP/k.db" "$TMP/events.jsonl" 2>"$TMP/ingest.err"
check "ingest of the hand-made events exits 0" 0 $?

$DEEDS series --db "$TMP/k.db" --dyad USA:PRK --by quarter --from 2018-01-01 --to 2018-12-31 > "$TMP/q.csv"
check "series: header then one row a quarter" 5 "$(wc -l < "$TMP/q.csv" | tr -d ' ')"
check "series header starts with the issue's columns" \
    "period,source,target,events,verbal_coop,material_coop,verbal_conflict,material_conflict,goldstein_sum,goldstein_coop,goldstein_conflict" \
    "$(head -1 "$TMP/q.csv" | cut -d, -f1-11)"
# Q2: 036 (+4.0) and the summit (one event of two reports, +2.8)
check "series Q2 counting events" "2018-04-01,USA,PRK,2,2,0,0,0,6.8,6.8,0" \
    "$(sed -n 3p "$TMP/q.csv" | cut -d, -f1-11)"
# Q3: 051 (+3.4), 1312 (-5.8), 163 (-8.0); the hypothetical 190 in Q4 is not counted
check "series Q3 counting events" "2018-07-01,USA,PRK,3,1,0,1,1,-10.4,3.4,-13.8" \
    "$(sed -n 4p "$TMP/q.csv" | cut -d, -f1-11)"
check "series Q4 is empty, not missing" "2018-10-01,USA,PRK,0,0,0,0,0,0,0,0" \
    "$(sed -n 5p "$TMP/q.csv" | cut -d, -f1-11)"
check "every row says what it counts" "events" "$(sed -n 2p "$TMP/q.csv" | cut -d, -f15)"

$DEEDS series --db "$TMP/k.db" --dyad USA:PRK --by quarter --from 2018-04-01 --to 2018-06-30 --count reports > "$TMP/r.csv"
check "series counting reports: the summit twice" "2018-04-01,USA,PRK,3,3,0,0,0,9.6,9.6,0" \
    "$(sed -n 2p "$TMP/r.csv" | cut -d, -f1-11)"
check "reports counted as such" "reports" "$(sed -n 2p "$TMP/r.csv" | cut -d, -f15)"

$DEEDS series --db "$TMP/k.db" --actor USA --by year --from 2018-01-01 --to 2018-12-31 --format json > "$TMP/y.json"
check_grep "series --format json: an array of objects" '^\[$' "$TMP/y.json"
check_grep "series json row" '"period": "2018-01-01", "source": "USA", "target": "\*", "events": 6' "$TMP/y.json"

$DEEDS judge --db "$TMP/k.db" --dyad USA:PRK --from 2018-01-01 --to 2018-12-31 > "$TMP/j.txt"
check "judge exits 0" 0 $?
check_grep "verdict names the dyad, period and count" "USA -> PRK, 2018-01-01 to 2018-12-31, counting events" "$TMP/j.txt"
check_grep "words warmer than deeds" "Words were warmer than deeds" "$TMP/j.txt"
check_grep "the promise was kept by the summit 72 days later" "kept after 72 days" "$TMP/j.txt"
check_grep "the threat was carried out 45 days later" "carried out after 45 days" "$TMP/j.txt"
check_grep "evidence sentences are shown" '"Sanctions imposed."' "$TMP/j.txt"
check_no_grep "a hypothetical strike is never evidence" "Strikes could follow" "$TMP/j.txt"

$DEEDS judge --db "$TMP/k.db" --dyad USA:PRK --from 2018-01-01 --to 2018-12-31 --format json > "$TMP/j.json"
check_grep "judge json: the figures" '"verbal_coop": 3, "verbal_conflict": 2, "material_coop": 0, "material_conflict": 1' "$TMP/j.json"
check_grep "judge json: follow-through counts" '"promises": 1, "promises_kept": 1, "threats": 2, "threats_carried_out": 1' "$TMP/j.json"
check "judge json is one line" 1 "$(wc -l < "$TMP/j.json" | tr -d ' ')"

$DEEDS judge --db "$TMP/k.db" --dyad USA:PRK --window 30 --format json > "$TMP/w.json"
check_grep "a 30-day window keeps neither" '"promises_kept": 0, "threats": 2, "threats_carried_out": 0' "$TMP/w.json"

# bad usage: exit 1 and a message that says what to do
$DEEDS judge --dyad USA:PRK 2>"$TMP/e1"; s=$?
check "judge without --db exits 1" 1 $s
check_grep "and asks for a store" "needs a store: --db FILE" "$TMP/e1"
$DEEDS series --db "$TMP/k.db" --dyad USAPRK 2>"$TMP/e2"; s=$?
check "a dyad without a colon exits 1" 1 $s
check_grep "and shows the form" "wants SRC:TGT" "$TMP/e2"
$DEEDS series --db "$TMP/k.db" --dyad USA:PRK --by fortnight 2>"$TMP/e3"; s=$?
check "unknown --by exits 1" "1 yes" "$s $(grep -q 'day, week, month, quarter or year' "$TMP/e3" && echo yes)"
$DEEDS judge --db "$TMP/k.db" --dyad USA:PRK --from 2019-01-01 --to 2018-01-01 2>"$TMP/e4"; s=$?
check "--from after --to exits 1" 1 $s
$DEEDS judge --db "$TMP/none/k.db" --dyad USA:PRK 2>"$TMP/e5"; s=$?
check "a store that does not exist exits 1" 1 $s
check_grep "and is named" "$TMP/none/k.db" "$TMP/e5"
