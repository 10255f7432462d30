#!/bin/sh
# make tsan: runs `deeds code -j 4` under ThreadSanitizer on the bundled
# sample (repeated) and checks that it reports no race and writes exactly
# what a one-thread run writes.
set -e
DEEDS=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2 3 4 5 6 7 8; do cat data/samples/korea-sample.jsonl; done > "$tmp/in.jsonl"
TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$DEEDS" code -q -j 4 "$tmp/in.jsonl" > "$tmp/j4"
"$DEEDS" code -q -j 1 "$tmp/in.jsonl" > "$tmp/j1"
cmp -s "$tmp/j1" "$tmp/j4" || { echo "tsan: -j 4 output differs from -j 1"; exit 1; }
echo "tsan: -j 4 ran clean under ThreadSanitizer, output identical to -j 1 ($(wc -l < "$tmp/j1") events)"
