#!/bin/sh
# make bench: speed and memory figures (printed, not asserted).
#  - sentences/s and MB/s of `deeds code` on realistic news text, one thread
#    and two, with the built-in dictionaries and with TABARI's production
#    dictionaries; peak resident memory;
#  - dictionary load times.
# Corpus: the NGEC Guardian sample (../shared, local use only) when present,
# else the bundled sample repeated.
B=${B:-build}
set -e
DEEDS=$B/deeds
SHARED=${DEEDS_SHARED:-../shared}
W=$B/bench
mkdir -p $W
cc -std=c11 -O2 -D_GNU_SOURCE -Iinclude bench/csv2jsonl.c $B/libdeeds.a -lutf8proc -lm -o $W/csv2jsonl

zip="$SHARED/data/event-coding/ngec/Guardian_SDF_sample.csv.zip"
if [ -f "$zip" ]; then
    unzip -o -q "$zip" -d $W
    $W/csv2jsonl $W/Guardian_SDF_sample.csv 10 > $W/corpus.jsonl
    corpus="Guardian sample x10 (NGEC, 249 articles)"
else
    : > $W/corpus.jsonl
    for i in $(seq 1 200); do cat data/samples/korea-sample.jsonl >> $W/corpus.jsonl; done
    corpus="bundled Korean sample x200 (../shared missing)"
fi
echo "corpus: $corpus, $(wc -c < $W/corpus.jsonl | awk '{printf "%.1f MB", $1/1e6}')"

tabari_dicts=""
td="$SHARED/data/event-coding/tabari-dictionaries"
if [ -d "$td" ]; then
    unzip -o -q "$td/CountryInfo.120116.actors.zip" -d $W/tabari
    cp "$td"/*.actors "$td"/*.agents "$td"/*.verbs "$td"/*.options $W/tabari/ 2>/dev/null || true
    tabari_dicts=$W/tabari
fi

run() {  # run LABEL DICT-OPTION JOBS
    summary=$($DEEDS code $2 -j $3 $W/corpus.jsonl 2>&1 >/dev/null | tail -1)
    rss=$(/usr/bin/time -f '%M' $DEEDS code -q $2 -j $3 $W/corpus.jsonl 2>&1 >/dev/null | tail -1)
    echo "$1, -j $3: $(echo "$summary" | sed 's/^deeds: //'); peak RSS $(awk -v k="$rss" 'BEGIN{printf "%.1f MB", k/1024}')"
}
echo
echo "== coding speed (whole run: start-up, reading, coding, writing)"
run "built-in dictionaries" "" 1
run "built-in dictionaries" "" 2
if [ -n "$tabari_dicts" ]; then
    run "TABARI production dictionaries" "--dict $tabari_dicts" 1
    run "TABARI production dictionaries" "--dict $tabari_dicts" 2
fi
echo "(targets: >= 100,000 sentences/s on one thread; < 100 MB resident; TABARI: ~11,000/s)"
echo
echo "== dictionary load times (target < 50 ms; the first load of a set parses and writes the cache)"
echo "from the cache:"
$DEEDS dict check 2>/dev/null || true
[ -n "$tabari_dicts" ] && { $DEEDS dict check --dict $tabari_dicts 2>/dev/null || true; }
echo "parsed, no cache (DEEDS_NO_CACHE=1):"
DEEDS_NO_CACHE=1 $DEEDS dict check 2>/dev/null || true
[ -n "$tabari_dicts" ] && { DEEDS_NO_CACHE=1 $DEEDS dict check --dict $tabari_dicts 2>/dev/null || true; }
echo
DEEDS=$DEEDS sh bench/forecast.sh || true
echo
sh bench/serve.sh || echo "bench/serve.sh did not finish"
echo
DEEDS=$DEEDS sh bench/store.sh || echo "bench/store.sh did not finish"
exit 0
