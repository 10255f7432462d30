#!/bin/sh
# Crash test: kill -9 deeds ingest in the middle of a big input, then check
# that the store is consistent (whole articles only, every count table
# agreeing with the reports) and that a re-run completes it to exactly what
# one uninterrupted run stores.
. "$(dirname "$0")/lib.inc"
FAST=${B:-build}/deeds   # the optimised build: the input is big
N=120000

# N event lines, three to an article, over 400 days, 8 actors, 12 codes.
awk -v N=$N 'BEGIN {
  srand(11);
  split("USAGOV PRKGOV KORGOV CHNGOV RUSGOV JPNGOV USAMIL PRKMIL", a, " ");
  split("010 036 042 043 057 070 111 120 130 138 172 190", c, " ");
  for (i = 0; i < N; i++) {
    doc = int(i / 3);
    if (i % 3 == 0) day = int(rand() * 400);
    m = 1 + int(day / 31) % 12; d = 1 + day % 28; y = 2018 + int(day / 372);
    printf "{\"doc\": \"c%d\", \"sent\": %d, \"date\": \"%04d-%02d-%02d\", \"source\": \"%s\", \"target\": \"%s\", \"code\": \"%s\", \"mode\": \"asserted\", \"verb_text\": \"v%d\", \"sentence\": \"Sentence %d of c%d.\", \"publication\": \"P%d\"}\n", doc, i % 3, y, m, d, a[1 + int(rand() * 8)], a[1 + int(rand() * 8)], c[1 + int(rand() * 12)], i, i % 3, doc, doc % 7
  }
}' >"$TMP/big.jsonl"

consistent() {
    db=$1; what=$2
    check "$what: integrity" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
    check "$what: whole articles only" 0 \
      "$(sqlite3 "$db" 'SELECT count(*) FROM (SELECT article, count(*) c FROM reports GROUP BY article) WHERE c != 3')"
    check "$what: daily reports = reports" 1 \
      "$(sqlite3 "$db" 'SELECT (SELECT coalesce(sum(reports), 0) FROM daily) = (SELECT count(*) FROM reports)')"
    check "$what: daily events = events" 1 \
      "$(sqlite3 "$db" 'SELECT (SELECT coalesce(sum(events), 0) FROM daily) = (SELECT count(*) FROM events)')"
    check "$what: mentions = reports" 1 \
      "$(sqlite3 "$db" 'SELECT (SELECT coalesce(sum(num_mentions), 0) FROM events) = (SELECT count(*) FROM reports)')"
    check "$what: volume = daily" 1 \
      "$(sqlite3 "$db" 'SELECT (SELECT coalesce(sum(reports), 0) FROM volume) = (SELECT coalesce(sum(reports), 0) FROM daily WHERE mode = 0) AND (SELECT coalesce(sum(oneaday), 0) FROM volume) = (SELECT count(*) FROM daily WHERE mode = 0)')"
    check "$what: every report's event and article exist" 0 \
      "$(sqlite3 "$db" 'SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = r.event) OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article)')"
}

DB=$TMP/crash.db
"$FAST" ingest -q --db "$DB" --window 2 --batch 3000 "$TMP/big.jsonl" 2>/dev/null &
pid=$!
# Kill it once a few batches are in (waiting up to two minutes: on a busy
# machine the first batches can take long).
tries=0
while [ "$(sqlite3 "$DB" 'SELECT count(*) FROM reports' 2>/dev/null || echo 0)" -lt 9000 ] &&
      [ $tries -lt 2400 ] && kill -0 $pid 2>/dev/null; do
    tries=$((tries + 1)); sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
stored=$(sqlite3 "$DB" 'SELECT count(*) FROM reports')
if [ "$stored" -gt 0 ] && [ "$stored" -lt $N ]; then
    ok "killed mid-way ($stored of $N reports stored)"
else
    not_ok "killed mid-way" "stored $stored of $N reports: the kill came too early or too late"
fi
consistent "$DB" "after kill -9"
# The killed run never reached its full-text pass: the store says where its
# unindexed sentences start.
check "after kill -9: pending full-text indexing noted" 1 \
  "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'search_pending'")"

"$FAST" ingest --db "$DB" "$TMP/big.jsonl" 2>"$TMP/rerun.err"
check "re-run exits 0" 0 $?
check_grep "re-run skips what was stored" "already stored" "$TMP/rerun.err"
check "re-run completes it" $N "$(sqlite3 "$DB" 'SELECT count(*) FROM reports')"
consistent "$DB" "after the re-run"
check "after the re-run: nothing awaits indexing" 0 \
  "$(sqlite3 "$DB" "SELECT count(*) FROM meta WHERE key = 'search_pending'")"
check "after the re-run: every sentence is found by full-text search, once" \
  "$(sqlite3 "$DB" 'SELECT count(*) FROM sentences')" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'sentence'")"
check "after the re-run: the full-text index is sound" ok \
  "$(sqlite3 "$DB" "INSERT INTO sentences_fts(sentences_fts) VALUES('integrity-check')" 2>&1 && echo ok)"

"$FAST" ingest -q --db "$TMP/once.db" --window 2 --batch 3000 "$TMP/big.jsonl"
# With batches of 3,000 the run's event cache (20 batches' worth) is dropped
# twice on the way and events are looked up in the store; with the default
# batch it never is: both must store the same.
"$FAST" ingest -q --db "$TMP/whole.db" --window 2 "$TMP/big.jsonl"
# same_exports NAME DB1 DB2: every count's export of the two stores is equal.
same_exports() {
    for count in reports one-a-day events; do
        "$FAST" export --db "$2" --format csv --count $count >"$TMP/a.csv"
        "$FAST" export --db "$3" --format csv --count $count >"$TMP/b.csv"
        if cmp -s "$TMP/a.csv" "$TMP/b.csv"; then
            ok "$1 ($count)"
        else
            not_ok "$1 ($count)" "$(diff "$TMP/a.csv" "$TMP/b.csv" | head -4)"
        fi
    done
}
same_exports "a run whose event cache is dropped equals one that keeps it" "$TMP/whole.db" "$TMP/once.db"
same_exports "killed and re-run store equals one run" "$DB" "$TMP/once.db"
