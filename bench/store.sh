#!/bin/sh
# make bench, the store: ingest speed into SQLite (events/s, target
# 200,000), what SQLite itself takes for the same rows (store-ceiling.c),
# and the time of a dyad-month series over a store of ten million events
# (target < 1 s).  Printed, not asserted.
# The inputs are generated event lines as `deeds code` writes them: three
# events an article, twenty countries with GOV/MIL roles (skewed so that
# a few dyads are frequent), twenty CAMEO codes, 2010-2019.  The ten-million
# store is built once and kept in $B/bench; STORE_BENCH_EVENTS and
# STORE_BENCH_BIG change the sizes.
B=${B:-build}
set -e
DEEDS=${DEEDS:-$B/deeds}
W=$B/bench
mkdir -p $W
INGEST=${STORE_BENCH_EVENTS:-1000000}
BIG=${STORE_BENCH_BIG:-10000000}

generate() {  # generate N SEED
    awk -v N="$1" -v seed="$2" 'BEGIN {
      srand(seed);
      split("USA PRK KOR CHN RUS JPN GBR FRA DEU IND PAK IRN ISR SYR TUR EGY SAU IRQ AFG UKR", ctry, " ");
      split("GOV MIL", role, " ");
      split("010 020 036 040 042 043 051 057 061 070 073 090 111 120 130 138 141 163 172 190", codes, " ");
      for (i = 0; i < N; i++) {
        doc = int(i / 3);
        if (i % 3 == 0) day = int(i * 3650.0 / N);
        y = 2010 + int(day / 365); r = day % 365; m = 1 + int(r / 31); if (m > 12) m = 12; d = 1 + r % 28;
        s = ctry[1 + int(rand() * rand() * 20)] role[1 + int(rand() * 2)];
        t = ctry[1 + int(rand() * rand() * 20)] role[1 + int(rand() * 2)];
        c = codes[1 + int(rand() * 20)];
        printf "{\"doc\": \"s%d-%d\", \"sent\": %d, \"date\": \"%04d-%02d-%02d\", \"source\": \"%s\", \"target\": \"%s\", \"code\": \"%s\", \"mode\": \"asserted\", \"source_text\": \"%s\", \"target_text\": \"%s\", \"verb_text\": \"did\", \"sentence\": \"Sentence %d of article %d: %s did %s to %s.\", \"publication\": \"P%d\", \"url\": \"https://example.org/%d\"}\n", seed, doc, i % 3, y, m, d, s, t, c, s, t, i % 3, doc, s, c, t, doc % 50, doc
      }
    }'
}

echo "== store: ingest into SQLite (target >= 200,000 events/s)"
generate "$INGEST" 1 > $W/store-ingest.jsonl
rm -f $W/store-ingest.db $W/store-ingest.db-wal $W/store-ingest.db-shm
$DEEDS ingest --db $W/store-ingest.db $W/store-ingest.jsonl 2>&1 | sed 's/^deeds: /  /'
echo "  re-ingest of the same file (everything already stored):"
$DEEDS ingest --db $W/store-ingest.db $W/store-ingest.jsonl 2>&1 | sed 's/^deeds: /  /'
echo "  store size: $(du -m $W/store-ingest.db | cut -f1) MB for $INGEST events"
rm -f $W/store-ingest.jsonl

echo
echo "== store: what SQLite itself takes on this machine, $INGEST events, no parsing"
echo "   (bench/store-ceiling.c: integer keys, sorted batches; each tier adds to the one before)"
cc -std=c11 -O2 -D_GNU_SOURCE bench/store-ceiling.c -lsqlite3 -o $W/store-ceiling
$W/store-ceiling $W/store-ceiling.db "$INGEST"

echo
echo "== store: dyad-month series over $BIG events (target < 1 s)"
DB=$W/store-big.db
if [ ! -s "$DB" ] || [ "$(sqlite3 "$DB" 'SELECT count(*) FROM reports' 2>/dev/null)" != "$BIG" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    echo "  building the store once (kept in $DB):"
    generate "$BIG" 2 | $DEEDS ingest --db "$DB" 2>&1 | sed 's/^deeds: /  /'
fi
for count in events one-a-day reports; do
    times=
    for run in 1 2 3; do
        t0=$(date +%s.%N)
        $DEEDS series --db "$DB" --dyad USA:PRK --by month --count $count > $W/store-series.csv
        t1=$(date +%s.%N)
        times="$times $(echo "$t1 $t0" | awk '{printf "%.3f", $1 - $2}')"
    done
    best=$(printf '%s\n' $times | sort -n | head -1)
    echo "  USA:PRK by month, counting $count: $(($(wc -l < $W/store-series.csv) - 1)) months, best of 3: $best s (whole command)"
done
