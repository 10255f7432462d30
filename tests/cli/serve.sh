# `deeds serve` end to end: start it on a free loopback port over a store
# ingested from hand-made events, check what it prints, drive the page in
# Debian's chromium (tests/browser/dashboard.cjs), and stop it with SIGTERM.
# A browser that cannot run is a failure, never a skip.
. tests/cli/lib.inc
B=${B:-build}

$DEEDS ingest --db "$TMP/store.db" < tests/browser/events.jsonl > "$TMP/ingest.out" 2>&1
check "ingest the hand-made events" 0 $?

# Waits (10 s at most) for the address line and prints the URL.
wait_for_url() {
    for _ in $(seq 1 100); do
        url=$(sed -n 's|.* on \(http://[^ ]*\) .*|\1|p' "$1" | head -1)
        [ -n "$url" ] && { echo "$url"; return 0; }
        sleep 0.1
    done
    return 1
}

$DEEDS serve --db "$TMP/store.db" --listen 127.0.0.1:0 --access-log "$TMP/access.log" \
    > "$TMP/serve.out" 2> "$TMP/serve.err" &
pid=$!
url=$(wait_for_url "$TMP/serve.out")
check "serve prints the address to open" 0 $?
case "$url" in
    http://127.0.0.1:[1-9]*/) ok "it listens on loopback by default" ;;
    *) not_ok "it listens on loopback by default" "address: $url" "$(cat "$TMP/serve.err")" ;;
esac
check_no_grep "no warning on loopback" "not loopback" "$TMP/serve.err"

page_ready=0
if ! tools/web.sh > "$TMP/web.log" 2>&1; then
    not_ok "the page's packages install (tools/web.sh)" "$(tail -5 "$TMP/web.log")"
elif ! tools/browser.sh > "$TMP/browser.log" 2>&1; then
    not_ok "Debian's chromium is installed (tools/browser.sh)" "$(tail -5 "$TMP/browser.log")"
else
    page_ready=1
fi
if [ $page_ready = 1 ]; then
    mkdir -p "$B/tests"
    DEEDS_WEB_DEPS="$B/web-deps" timeout 180 node tests/browser/dashboard.cjs "$url" \
        "$B/tests/dashboard.png" > "$TMP/browser.out" 2>&1
    status=$?
    cat "$TMP/browser.out"
    if [ $status -ne 0 ] && ! grep -q '^not ok' "$TMP/browser.out"; then
        not_ok "the browser test ran to its end (status $status)" "$(tail -5 "$TMP/browser.out")"
    fi
fi
check_grep "the access log has the page's requests" '"GET /api/series?source=USA&target=PRK&.* HTTP/1.1" 200 [0-9]' "$TMP/access.log"

kill -TERM $pid
wait $pid
check "SIGTERM stops it with status 0" 0 $?
check_grep "and says it finished the requests in flight" "SIGTERM received" "$TMP/serve.err"

$DEEDS serve --db "$TMP/store.db" --listen 0.0.0.0:0 --access-log none \
    > "$TMP/any.out" 2> "$TMP/any.err" &
pid=$!
wait_for_url "$TMP/any.out" > /dev/null
kill -INT $pid
wait $pid
check "SIGINT stops it with status 0" 0 $?
check_grep "a listener that is not loopback is warned about" "0.0.0.0, which is not loopback" "$TMP/any.err"

$DEEDS serve --db "$TMP/store.db" --listen 127.0.0.1:99999 > "$TMP/out" 2> "$TMP/err"
check "a bad port is a usage error" 1 $?
check_grep "naming the option" "port of --listen" "$TMP/err"
$DEEDS serve --db "$TMP/store.db" --web "$TMP/none" --listen 127.0.0.1:0 > "$TMP/out" 2> "$TMP/err"
check "a missing web folder stops it" 1 $?
check_grep "naming the folder" "$TMP/none" "$TMP/err"
$DEEDS serve --db "$TMP/absent.db" --listen 127.0.0.1:0 > "$TMP/out" 2> "$TMP/err"
check "a missing store stops it" 1 $?
check_grep "naming the store" "absent.db" "$TMP/err"
