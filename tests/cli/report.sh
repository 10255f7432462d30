# Command-line behaviour of `deeds report`: the HTML report and single charts,
# from a small store ingested from hand-made event lines.
. tests/cli/lib.inc
# fontconfig (under cairo) keeps its configuration until exit: not our leak
printf 'leak:libfontconfig.so\n' > "$TMP/lsan.supp"
export LSAN_OPTIONS="suppressions=$TMP/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

ev() {  # ev DOC SENT DATE SOURCE TARGET CODE VERB SENTENCE
    printf '{"doc": "%s", "sent": %s, "date": "%s", "source": "%s", "target": "%s", "code": "%s", "mode": "asserted", "source_text": "", "target_text": "", "verb_text": "%s", "sentence": "%s", "publication": "Wire", "url": "https://news.example/%s", "title": "Story %s"}\n' \
        "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$1" "$1"
}
{
  ev a1 0 2018-03-09 USAGOV PRKGOV 036 "would meet" "Trump said he would meet Kim <soon> & gladly."
  ev a2 0 2018-06-12 USAGOV PRKGOV 057 "signed" "Trump and Kim signed a statement in Singapore."
  ev a3 0 2018-08-02 USAGOV PRKGOV 163 "imposed" "Washington imposed new sanctions on Pyongyang."
  ev a4 0 2018-05-24 PRKGOV USAGOV 111 "criticized" "Pyongyang criticized the US drills."
  ev a5 0 2018-05-25 PRKGOV USAGOV 042 "visited" "Kim Yong Chol visited New York."
  ev a6 0 2018-04-27 KORGOV PRKGOV 057 "signed" "Moon and Kim signed the Panmunjom declaration."
  ev a7 0 2018-09-10 CHNGOV PRKGOV 042 "visited" "A Chinese envoy visited Pyongyang."
} > "$TMP/events.jsonl"
DB="$TMP/k.db"
$DEEDS ingest --db "$DB" "$TMP/events.jsonl" > /dev/null 2>"$TMP/ingest.err"
check "hand-made events ingested" 0 $?

# The whole report
$DEEDS report --db "$DB" --actors USA,PRK,KOR,CHN --from 2018-01-01 --to 2018-12-31 \
    --out "$TMP/r.html" 2>"$TMP/err"
check "report exits 0" 0 $?
check_grep "an HTML document" "^<!DOCTYPE html>" "$TMP/r.html"
check_grep "the alignment section" 'id="alignment"' "$TMP/r.html"
check_grep "the USA -> PRK section" 'id="dyad-USA-PRK"' "$TMP/r.html"
check_grep "the PRK -> USA section" 'id="dyad-PRK-USA"' "$TMP/r.html"
check "alignment matrix of 4 x 4 cells" 16 "$(grep -c 'class="cell"' "$TMP/r.html")"
check_grep "every number says what it counts" "counting: events" "$TMP/r.html"
check_grep "a sentence, escaped, trigger marked" \
    'Trump said he <mark>would meet</mark> Kim &lt;soon&gt; &amp; gladly.' "$TMP/r.html"
check_no_grep "no raw sentence markup" "Kim <soon>" "$TMP/r.html"
check_no_grep "nothing fetched: no src=" "src=" "$TMP/r.html"
check_no_grep "nothing fetched: no stylesheet links" "<link" "$TMP/r.html"
check_no_grep "nothing fetched: no url() in CSS" "url(" "$TMP/r.html"
check "the only addresses are article links" "" \
    "$(grep -o '[a-z]*="*https*://' "$TMP/r.html" | grep -v '^href="https*://$' | head -3)"

# Explicit dyads, in the order given; other counts
$DEEDS report --db "$DB" --dyad KOR:PRK --dyad USA:PRK --count reports --by quarter \
    --out "$TMP/d.html" 2>/dev/null
check "report with --dyad exits 0" 0 $?
check "only the dyads asked, in order" "dyad-KOR-PRK dyad-USA-PRK" \
    "$(grep -o 'section class="dyad" id="[^"]*"' "$TMP/d.html" | sed 's/.*id="\(.*\)"/\1/' | tr '\n' ' ' | sed 's/ $//')"
check_grep "the count is named" "counting: reports" "$TMP/d.html"

# Single charts
$DEEDS report --db "$DB" --chart timeline --dyad USA:PRK --from 2018-01-01 --to 2018-12-31 \
    --format png --out "$TMP/t.png" 2>"$TMP/err"
check "PNG chart exits 0" 0 $?
check "PNG signature" "89504e470d0a1a0a" "$(head -c 8 "$TMP/t.png" | od -An -tx1 | tr -d ' \n')"
check "PNG is 760 x 340" "000002f800000154" "$(dd if="$TMP/t.png" bs=1 skip=16 count=8 2>/dev/null | od -An -tx1 | tr -d ' \n')"
$DEEDS report --db "$DB" --chart timeline --dyad USA:PRK --from 2018-01-01 --to 2018-12-31 \
    --by month --out "$TMP/t.svg" 2>/dev/null
check_grep "SVG chart is a standalone document" '<svg xmlns="http://www.w3.org/2000/svg"' "$TMP/t.svg"
check "one marker per month and quad class" 48 "$(grep -c 'class="point"' "$TMP/t.svg")"
$DEEDS report --db "$DB" --chart alignment --actors USA,PRK,KOR --out "$TMP/a.svg" 2>/dev/null
check "alignment chart of 3 x 3 cells" 9 "$(grep -c 'class="cell"' "$TMP/a.svg")"
$DEEDS report --db "$DB" --chart gap --dyad USA:PRK --out "$TMP/g.png" 2>/dev/null
check "a .png name means PNG" "89504e47" "$(head -c 4 "$TMP/g.png" | od -An -tx1 | tr -d ' \n')"

# Bad usage: exit 1 and say what to do
$DEEDS report --actors USA,PRK --out "$TMP/x.html" 2>"$TMP/err"; check "no --db exits 1" 1 $?
check_grep "no --db is named" "needs --db" "$TMP/err"
$DEEDS report --db "$DB" --chart timeline --out "$TMP/x.svg" 2>"$TMP/err"; check "timeline without dyad exits 1" 1 $?
check_grep "timeline without dyad says --dyad" "\-\-dyad" "$TMP/err"
$DEEDS report --db "$DB" --chart pie --out "$TMP/x.svg" 2>"$TMP/err"; check "unknown chart exits 1" 1 $?
check_grep "unknown chart is named" "unknown --chart 'pie'" "$TMP/err"
$DEEDS report --db "$DB" --dyad USAPRK --out "$TMP/x.html" 2>"$TMP/err"; check "bad dyad exits 1" 1 $?
check_grep "bad dyad says how to write one" "SOURCE:TARGET" "$TMP/err"
[ ! -e "$TMP/x.html" ]; check "nothing written on error" 0 $?
$DEEDS report --db "$DB" --actors USA,PRK --out /nonexistent/dir/r.html 2>"$TMP/err"
check "unwritable --out exits 1" 1 $?
$DEEDS --help > "$TMP/help"; check_grep "--help lists report" "^  report  .*--db" "$TMP/help"
