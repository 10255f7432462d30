#!/bin/sh
# deeds ingest and deeds export on hand-made inputs (tests/cli/store/) whose
# counts are known: dedup modes, re-ingest, the mentions window, bad input,
# time zones, every export layout, search.  The same checks run against
# PostgreSQL in store_pg.sh, through store_checks.inc.
. "$(dirname "$0")/lib.inc"
FIX=tests/cli/store
DB=$TMP/k.db

. "$(dirname "$0")/store_checks.inc"
store_checks "$DB" sqlite

# What only a file store shows.
"$DEEDS" ingest -q --db "$TMP/w3.db" --window 3 "$FIX/events.jsonl"
"$DEEDS" ingest -q --db "$TMP/w3.db" "$FIX/events.jsonl"
check "window kept with the store" 1 \
  "$(sqlite3 "$TMP/w3.db" "SELECT value FROM meta WHERE key='window'" | grep -c '^3$')"

sqlite3 "$TMP/w3.db" "UPDATE meta SET value='99' WHERE key='schema_version'"
"$DEEDS" export --db "$TMP/w3.db" >/dev/null 2>"$TMP/newer.err"
check "a newer schema is refused" 1 $?
check_grep "newer schema named" "schema version 99" "$TMP/newer.err"

"$DEEDS" export --db "$TMP/none.db" >/dev/null 2>"$TMP/none.err"
check "a missing store is an error" 1 $?
check_grep "missing store named" "none.db" "$TMP/none.err"

# Progress on a terminal (script gives ingest one), none when stderr is a file.
awk 'BEGIN { for (i = 0; i < 600; i++) printf "{\"doc\": \"p%d\", \"sent\": 0, \"date\": \"2019-01-01\", \"source\": \"USA\", \"target\": \"PRK\", \"code\": \"036\", \"mode\": \"asserted\", \"sentence\": \"s\"}\n", i }' > "$TMP/p.jsonl"
if command -v script >/dev/null; then
    script -qc "$DEEDS ingest --db $TMP/p1.db $TMP/p.jsonl" /dev/null > "$TMP/tty.out" 2>&1
    check_grep "progress shown on a terminal" "records read, [0-9]* reports new" "$TMP/tty.out"
else
    not_ok "progress shown on a terminal" "script (bsdutils) is missing: install it"
fi
"$DEEDS" ingest --db "$TMP/p2.db" "$TMP/p.jsonl" 2> "$TMP/notty.err"
check_no_grep "no progress when stderr is not a terminal" "records read" "$TMP/notty.err"
script -qc "$DEEDS export --db $TMP/p2.db --count reports > $TMP/p.out" /dev/null > "$TMP/tty.out" 2>&1
check_grep "export shows progress on a terminal when its rows go to a file" "rows written (counting reports)" "$TMP/tty.out"
check "export's rows are all written" 600 "$(wc -l < "$TMP/p.out")"
"$DEEDS" export --db "$TMP/p2.db" > /dev/null 2> "$TMP/notty.err"
check "export is silent when stderr is not a terminal" "" "$(cat "$TMP/notty.err")"

# Articles piped on standard input are coded as a named file is, and an
# error in them names standard input and the line.
"$DEEDS" ingest --db "$TMP/art-file.db" "$FIX/articles.jsonl" 2>/dev/null
{ echo; cat "$FIX/articles.jsonl"; echo '{"id": "broken", "text": '; } |
  "$DEEDS" ingest --db "$TMP/art-pipe.db" >/dev/null 2>"$TMP/stdin.err"
check "articles on standard input: a bad line exits 2" 2 $?
check "articles on standard input store what the file does" \
  "$("$DEEDS" export --db "$TMP/art-file.db" --format csv)" \
  "$("$DEEDS" export --db "$TMP/art-pipe.db" --format csv)"
check_grep "the bad line is named as standard input's" "^deeds: -:5: " "$TMP/stdin.err"
