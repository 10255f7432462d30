#!/bin/sh
# Two ingests writing one store at once: each batch takes the store's write
# lock, and an ingest that finds another's batches committed since its own
# forgets the events it keeps in memory and looks them up in the store.  So
# reports of one event that arrive through both ingests still make one
# event: the store equals one ingest of both inputs.
. "$(dirname "$0")/lib.inc"
FAST=${B:-build}/deeds   # the optimised build: the inputs are big

# 40,000 event lines, three to an article, over 60 days, 6 actors, 6 codes:
# most (source, target, code, day) events have several reports, and the
# two halves (articles alternating) share most events.
awk -v N=40000 -v dir="$TMP" 'BEGIN {
  srand(23);
  split("USAGOV PRKGOV KORGOV CHNGOV RUSGOV JPNGOV", a, " ");
  split("036 042 057 111 130 172", c, " ");
  for (i = 0; i < N; i++) {
    doc = int(i / 3);
    if (i % 3 == 0) day = int(rand() * 60);
    line = sprintf("{\"doc\": \"w%d\", \"sent\": %d, \"date\": \"2019-%02d-%02d\", \"source\": \"%s\", \"target\": \"%s\", \"code\": \"%s\", \"mode\": \"asserted\", \"verb_text\": \"v\", \"sentence\": \"Sentence %d of w%d.\", \"publication\": \"P%d\"}", doc, i % 3, 1 + int(day / 28), 1 + day % 28, a[1 + int(rand() * 6)], a[1 + int(rand() * 6)], c[1 + int(rand() * 6)], i % 3, doc, doc % 5);
    print line > (dir "/all.jsonl");
    print line > (dir "/half" doc % 2 ".jsonl");
  }
}'

"$FAST" ingest -q --db "$TMP/one.db" "$TMP/all.jsonl"
"$FAST" ingest -q --db "$TMP/two.db" --batch 150 "$TMP/half0.jsonl" 2>"$TMP/e0" &
p0=$!
"$FAST" ingest -q --db "$TMP/two.db" --batch 150 "$TMP/half1.jsonl" 2>"$TMP/e1" &
p1=$!
wait $p0; s0=$?
wait $p1; s1=$?
check "both ingests exit 0" "0 0 (no errors)" "$s0 $s1 ($(cat "$TMP/e0" "$TMP/e1" | head -3 | tr "\n" " " | sed "s/ *$//")$([ -s "$TMP/e0" ] || [ -s "$TMP/e1" ] || echo no errors))"

q() { sqlite3 "$1" "$2"; }
check "the same reports" "$(q "$TMP/one.db" 'SELECT count(*) FROM reports')" \
  "$(q "$TMP/two.db" 'SELECT count(*) FROM reports')"
check "the same events: none split between the two ingests" \
  "$(q "$TMP/one.db" 'SELECT count(*) FROM events')" "$(q "$TMP/two.db" 'SELECT count(*) FROM events')"
sig='SELECT group_concat(x, ";") FROM (SELECT source || target || code || day || ":" || num_mentions || "/" || num_articles || "/" || num_sources AS x FROM events ORDER BY x)'
check "the same mentions, articles and sources for every event" \
  "$(q "$TMP/one.db" "$sig" | md5sum)" "$(q "$TMP/two.db" "$sig" | md5sum)"
dsig='SELECT group_concat(x, ";") FROM (SELECT source || target || code || date || ":" || reports || "/" || events AS x FROM daily ORDER BY x)'
check "the same daily counts" "$(q "$TMP/one.db" "$dsig" | md5sum)" "$(q "$TMP/two.db" "$dsig" | md5sum)"
check "the same volume" "$(q "$TMP/one.db" 'SELECT group_concat(date || ":" || reports || "/" || oneaday || "/" || events) FROM volume')" \
  "$(q "$TMP/two.db" 'SELECT group_concat(date || ":" || reports || "/" || oneaday || "/" || events) FROM volume')"
