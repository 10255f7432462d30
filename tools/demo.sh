#!/bin/sh
# make demo: codes the bundled Korean Peninsula sample and shows what came out.
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
exit $status
