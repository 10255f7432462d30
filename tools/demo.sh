#!/bin/sh
# make demo: codes the bundled Korean Peninsula sample, shows what came out,
# stores the events, gives the USA -> North Korea judgement for 2018-2019
# and ends by writing the HTML report.
B=${B:-build}
set -e
DEEDS=$B/deeds
SAMPLE=data/samples/korea-sample.jsonl
OUT=$B/demo-events.jsonl
echo "== deeds code $SAMPLE > $OUT"
status=0
$DEEDS code "$SAMPLE" > "$OUT" || status=$?
echo
echo "== the first events (JSON Lines, one event a line; fields in docs/formats.md)"
head -n 5 "$OUT"
echo
echo "== events by CAMEO root and by directed dyad"
sed -n 's/.*"root": *"\([0-9]*\)".*/\1/p' "$OUT" | sort | uniq -c | sort -rn | head -10 |
    awk '{printf "  root %s: %d events\n", $2, $1}'
sed -n 's/.*"source": *"\([A-Z]\{3\}\)[A-Z]*", *"target": *"\([A-Z]\{3\}\).*/\1->\2/p' "$OUT" |
    sort | uniq -c | sort -rn | head -10 | awk '{printf "  %-9s %d events\n", $2, $1}'
echo
echo "== why one sentence was coded the way it was"
$DEEDS explain --date 2019-06-29 "President Trump said he would meet Kim Jong Un at the DMZ on Sunday."
echo
DB=$B/demo.db
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "== deeds ingest --db $DB $OUT   (a store: articles, reports, deduplicated events)"
$DEEDS ingest --db "$DB" "$OUT" || status=$?
echo
echo "== deeds series --db $DB --dyad USA:PRK --by quarter --from 2018-01-01 --to 2019-12-31"
$DEEDS series --db "$DB" --dyad USA:PRK --by quarter --from 2018-01-01 --to 2019-12-31 | cut -d, -f1-11
echo
echo "== deeds judge --db $DB --dyad USA:PRK --from 2018-01-01 --to 2019-12-31"
$DEEDS judge --db "$DB" --dyad USA:PRK --from 2018-01-01 --to 2019-12-31
echo
REPORT=$B/demo-report.html
echo "== deeds report --db $DB --actors USA,PRK,KOR,CHN,RUS,JPN --from 2018-01-01 --to 2019-12-31 --out $REPORT"
$DEEDS report --db "$DB" --actors USA,PRK,KOR,CHN,RUS,JPN --from 2018-01-01 --to 2019-12-31 \
    --out "$REPORT" || status=$?
echo "wrote $REPORT: one self-contained HTML file (charts inline, nothing fetched); open it in a browser"
exit $status
