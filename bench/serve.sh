#!/bin/sh
# make bench, deeds serve: API requests/s and latency for a dyad-month series
# on a store of one million events, on loopback, driven by our own load
# generator (bench/loadgen.c: keep-alive connections, one thread each).
# Measured twice: as served (answers cached until the store changes) and
# with --no-cache (every request asks the store).  Printed, not asserted.
# Target: >= 5,000 requests/s with p99 < 20 ms.
B=${B:-build}
set -e
DEEDS=${DEEDS:-$B/deeds}
W=$B/bench
mkdir -p $W
cc -std=c11 -O2 -D_GNU_SOURCE bench/loadgen.c -lpthread -o $W/loadgen
DB=$W/serve-1m.db
EVENTS=1000000

# One million coded events among twelve actors over 2010-2019, fifty
# sentences an article, written the way `deeds code` writes them and stored
# through `deeds ingest`; built once and kept.
make_events() {
    awk -v n=$EVENTS 'BEGIN {
        srand(5);
        split("USAGOV PRKGOV KORGOV CHNGOV RUSGOV JPNGOV GBRGOV FRAGOV DEUGOV IRNGOV ISRGOV UKRGOV", actor, " ");
        split("010 020 036 040 043 051 057 061 071 081 112 120 130 138 141 163 172 190", code, " ");
        split("1 1 1 1 1 1 1 2 2 2 3 3 3 3 3 4 4 4", quad, " ");
        split("0 3 4 1 2.8 3.4 8 6 7.4 5 -2 -4 -4.4 -7 -6.5 -8 -5 -10", gold, " ");
        for (i = 0; i < n; i++) {
            s = 1 + int(rand() * 12); t = 1 + int(rand() * 11); if (t >= s) t++;
            c = 1 + int(rand() * 18);
            day = int(i * 3652 / n);
            y = 2010 + int(day / 366); m = 1 + int((day % 366) / 31); d = 1 + (day % 28);
            printf "{\"doc\":\"b%d\",\"sent\":%d,\"date\":\"%04d-%02d-%02d\",\"source\":\"%s\",\"target\":\"%s\",\"code\":\"%s\",\"root\":\"%s\",\"quad\":%s,\"goldstein\":%s,\"mode\":\"asserted\",\"source_text\":\"%s\",\"target_text\":\"%s\",\"verb_text\":\"acted\",\"sentence\":\"Officials of %s acted towards %s in report %d.\",\"publication\":\"bench\",\"title\":\"report %d\"}\n",
                int(i / 50), i % 50, y, m, d, actor[s], actor[t], code[c], substr(code[c], 1, 2), quad[c], gold[c],
                actor[s], actor[t], actor[s], actor[t], i, i
        }
    }'
}

if [ ! -s $DB ]; then
    echo "building a store of $EVENTS events ($DB) ..."
    start=$(date +%s)
    make_events | $DEEDS ingest --db $DB.tmp >/dev/null
    mv $DB.tmp $DB
    for f in $DB.tmp-wal $DB.tmp-shm; do rm -f $f; done
    echo "built in $(( $(date +%s) - start )) s"
fi

PATHS="/api/series?source=USA&target=PRK&by=month"
measure() {  # measure LABEL SERVE-OPTIONS
    out=$(mktemp)
    $DEEDS serve --db $DB --listen 127.0.0.1:0 --access-log none $2 > $out 2>&1 &
    pid=$!
    port=""
    for _ in $(seq 1 100); do
        port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' $out | head -1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "$1: the server did not start: $(cat $out)"
        kill $pid 2>/dev/null || true
        rm -f $out
        return
    fi
    echo "$1: $($W/loadgen $port 10 8 $PATHS || true)"
    kill -TERM $pid
    wait $pid || true
    rm -f $out
}
echo
echo "== deeds serve: GET $PATHS, 1,000,000 events, 8 keep-alive connections, 10 s"
measure "as served (cached answers)" ""
measure "--no-cache (every request asks the store)" "--no-cache"
echo "(target: >= 5,000 requests/s, p99 < 20 ms)"
