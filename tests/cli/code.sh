# Command-line behaviour of `deeds code` and friends.
. tests/cli/lib.inc
D="--dict tests/cli/dict"

# --help and --version
$DEEDS --help > "$TMP/help" 2>&1; check "--help exits 0" 0 $?
check_grep "--help lists the code command" "code \[FILE" "$TMP/help"
$DEEDS --version > "$TMP/v"; check_grep "--version prints the version" "^deeds [0-9]" "$TMP/v"
$DEEDS code --format yaml </dev/null > /dev/null 2>"$TMP/err"; check "unknown format exits 1" 1 $?
check_grep "unknown format is named" "unknown --format 'yaml'" "$TMP/err"
$DEEDS frobnicate > /dev/null 2>&1; check "unknown command exits 1" 1 $?

# JSON Lines in, one event out, fields as documented
printf '%s\n' '{"id": "a1", "date": "2019-03-02", "text": "North Korea condemned Japan on Friday."}' > "$TMP/one.jsonl"
$DEEDS code $D "$TMP/one.jsonl" > "$TMP/out" 2>"$TMP/err"; check "a clean run exits 0" 0 $?
check "one event" 1 "$(wc -l < "$TMP/out")"
check_grep "event fields" '^{"doc": *"a1", *"sent": *0, *"date": *"2019-03-02", *"source": *"PRK", *"target": *"JPN", *"code": *"111", *"root": *"11"' "$TMP/out"
check_grep "summary on stderr" "1 articles, 1 sentences, 1 events" "$TMP/err"

# Standard input, and a plain text file with --date
$DEEDS code $D -q < "$TMP/one.jsonl" > "$TMP/out2"; check "stdin exits 0" 0 $?
check "stdin gives the same event" "$(cat "$TMP/out")" "$(cat "$TMP/out2")"
check_grep "stdin event is not empty" '"doc": *"a1"' "$TMP/out2"
printf 'Kim Jong Un condemned Seoul on Monday.\n' > "$TMP/story.txt"
$DEEDS code $D -q --date 2019-01-07 "$TMP/story.txt" > "$TMP/out3"; check "text file with --date exits 0" 0 $?
check_grep "text file: dated actor resolved" '"source": *"PRKGOV", *"target": *"KOR"' "$TMP/out3"
$DEEDS code $D -q "$TMP/story.txt" > /dev/null 2>"$TMP/err"; check "text file without --date exits 2" 2 $?
check_grep "text file without --date says what to do" "date" "$TMP/err"

# Date-restricted actors: Trump is USAGOV in office, USAELI between terms
printf '%s\n' '{"id":"t1","date":"2018-06-12","text":"Donald Trump condemned North Korea."}' \
              '{"id":"t2","date":"2022-06-12","text":"Donald Trump condemned North Korea."}' > "$TMP/trump.jsonl"
$DEEDS code $D -q "$TMP/trump.jsonl" > "$TMP/out"
check "Trump in office" '"USAGOV"' "$(sed -n 1p "$TMP/out" | grep -o '"USAGOV"')"
check "Trump between terms" '"USAELI"' "$(sed -n 2p "$TMP/out" | grep -o '"USAELI"')"

# Bad input: every bad record is reported with file and line, the rest is coded
{
  printf '%s\n' '{"id": "g1", "date": "2019-03-02", "text": "North Korea condemned Japan."}'
  printf '%s\n' '{"id": "b1", "date": "2019-03-02", "text": "broken'
  printf '%s\n' '{"id": "b2", "date": "2019-03-02"}'
  printf '{"id": "b3", "date": "2019-03-02", "text": "bad \377 byte"}\n'
  printf '%s\n' '{"id": "b4", "date": "2019-13-45", "text": "North Korea condemned Japan."}'
  printf '%s\n' '{"id": "g2", "date": "2019-03-03", "text": "Seoul condemned Pyongyang."}'
} > "$TMP/bad.jsonl"
$DEEDS code $D "$TMP/bad.jsonl" > "$TMP/out" 2>"$TMP/err"; check "skipped records make exit 2" 2 $?
check "good records still coded" 2 "$(wc -l < "$TMP/out")"
check_grep "broken JSON named with line 2" "bad.jsonl:2:" "$TMP/err"
check_grep "missing text named with line 3" "bad.jsonl:3:.*text" "$TMP/err"
check_grep "bad UTF-8 named with line 4" "bad.jsonl:4:" "$TMP/err"
check_grep "bad date named with line 5" "bad.jsonl:5:.*date" "$TMP/err"
check_grep "summary counts 4 skipped" "4 records skipped" "$TMP/err"

# NUL: a UTF-16 text file is named as such; a "\u0000" in a JSON text
# skips that article only
printf 'North Korea condemned Japan.\n' | iconv -f UTF-8 -t UTF-16 > "$TMP/utf16.txt"
$DEEDS code $D --date 2019-03-02 "$TMP/utf16.txt" > "$TMP/out" 2>"$TMP/err"
check "UTF-16 text file: exit 2" 2 $?
check_grep "UTF-16 text file explained" "utf16.txt:1: .*UTF-16.*iconv" "$TMP/err"
printf 'North Korea condemned Japan.\n' | iconv -f UTF-8 -t UTF-16LE > "$TMP/utf16le.txt"
$DEEDS code $D --date 2019-03-02 "$TMP/utf16le.txt" > "$TMP/out" 2>"$TMP/err"
check_grep "UTF-16 without a byte-order mark: its NUL bytes named" "utf16le.txt:1: .*NUL byte at column 2.*UTF-16" "$TMP/err"
{ printf '%s\n' '{"id": "n1", "date": "2019-03-02", "text": "North Korea\u0000 condemned Japan."}'
  printf '%s\n' '{"id": "n2", "date": "2019-03-02", "text": "Seoul condemned Pyongyang."}'; } > "$TMP/nul.jsonl"
$DEEDS code $D "$TMP/nul.jsonl" > "$TMP/out" 2>"$TMP/err"; check "NUL in a JSON text: exit 2" 2 $?
check_grep "NUL in a JSON text named with its line" 'nul.jsonl:1:.*NUL' "$TMP/err"
check_grep "the next article is coded" '"doc": *"n2"' "$TMP/out"

# A 10 MB line is skipped, what follows is still read
{ printf '{"id":"big","date":"2019-01-01","text":"'; head -c 10485760 /dev/zero | tr '\0' 'a'; printf '"}\n'
  printf '%s\n' '{"id": "after", "date": "2019-03-02", "text": "North Korea condemned Japan."}'; } > "$TMP/big.jsonl"
$DEEDS code $D "$TMP/big.jsonl" > "$TMP/out" 2>"$TMP/err"; check "10 MB line: exit 2" 2 $?
check_grep "10 MB line reported as too long" "big.jsonl:1:.*long" "$TMP/err"
check_grep "the record after the long line is coded" '"doc": *"after"' "$TMP/out"

# Empty and unreadable files
: > "$TMP/empty.jsonl"
$DEEDS code $D "$TMP/empty.jsonl" > /dev/null 2>"$TMP/err"; check "empty file: exit 2" 2 $?
check_grep "empty file reported" "empty.jsonl" "$TMP/err"
$DEEDS code $D "$TMP/does-not-exist.jsonl" "$TMP/one.jsonl" > "$TMP/out" 2>"$TMP/err"; check "missing file: exit 2" 2 $?
check_grep "missing file named" "does-not-exist.jsonl" "$TMP/err"
check "the readable file after it is coded" 1 "$(wc -l < "$TMP/out")"

# Formats
$DEEDS code $D -q --format tsv "$TMP/one.jsonl" > "$TMP/out"
check "tsv: header + 1 row" 2 "$(wc -l < "$TMP/out")"
check "tsv: header names the fields" "doc" "$(head -1 "$TMP/out" | cut -f1)"
check "tsv: as many columns as the header" "$(head -1 "$TMP/out" | awk -F'\t' '{print NF}')" "$(tail -1 "$TMP/out" | awk -F'\t' '{print NF}')"
$DEEDS code $D -q --format gdelt "$TMP/one.jsonl" > "$TMP/out"
check "gdelt: 61 columns" 61 "$(awk -F'\t' '{print NF}' "$TMP/out")"
$DEEDS code $D -q --format plover "$TMP/one.jsonl" > "$TMP/out"
check_grep "plover: PLOVER event type" '"event": *\["ACCUSE"\]' "$TMP/out"

# Threads: -j 3 writes exactly what -j 1 writes, in the same order
i=0; : > "$TMP/many.jsonl"
while [ $i -lt 400 ]; do
  printf '{"id":"m%d","date":"2019-03-02","text":"North Korea condemned Japan. Seoul condemned Pyongyang on day %d."}\n' $i $i >> "$TMP/many.jsonl"; i=$((i+1))
done
$DEEDS code $D -q -j 1 "$TMP/many.jsonl" > "$TMP/j1"
$DEEDS code $D -q -j 3 "$TMP/many.jsonl" > "$TMP/j3"
check "-j 3 output equals -j 1 output" "$(md5sum < "$TMP/j1")" "$(md5sum < "$TMP/j3")"
check "-j 1 coded all 800 events" 800 "$(wc -l < "$TMP/j1")"

# Modes: negated events only with --all-modes
printf '%s\n' '{"id":"n1","date":"2019-03-02","text":"North Korea did not condemn Japan."}' > "$TMP/neg.jsonl"
$DEEDS code $D -q "$TMP/neg.jsonl" > "$TMP/out"; check "negated sentence: exit 0" 0 $?
check "negated event not printed by default" 0 "$(wc -l < "$TMP/out")"
$DEEDS code $D -q --all-modes "$TMP/neg.jsonl" > "$TMP/out"
check_grep "negated event printed with --all-modes" '"mode": *"negated"' "$TMP/out"

# explain names the dictionary line that matched
$DEEDS explain $D --date 2019-03-02 "North Korea condemned Japan." > "$TMP/out"
check_grep "explain shows the verb's dictionary line" "cli.verbs:" "$TMP/out"
check_grep "explain shows the actor's dictionary line" "cli.actors:" "$TMP/out"

# dict check reports a bad line with file and line
mkdir -p "$TMP/baddict"; cp tests/cli/dict/* "$TMP/baddict/"
sed -i '2i BROKEN_ENTRY [USAGOV' "$TMP/baddict/cli.actors"
$DEEDS dict check --dict "$TMP/baddict" > "$TMP/out" 2>"$TMP/err"; check "dict check on a bad line: exit 2" 2 $?
check_grep "dict check names file and line" "cli.actors:[0-9]" "$TMP/err"
