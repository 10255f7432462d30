#!/bin/sh
# The store checks (store_checks.inc) against a real PostgreSQL server: a
# throw-away cluster is initdb'd in a temporary folder, started on a unix
# socket there (no TCP port, so nothing else on the machine can collide
# with it), checked, and stopped.  A server that cannot start is a failure,
# never a pass.  As root, the server runs as the postgres user (initdb
# refuses root).
. "$(dirname "$0")/lib.inc"
FIX=tests/cli/store
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_server=""
if [ "$(id -u)" -eq 0 ]; then
    as_server="runuser -u postgres --"
    chmod 755 "$TMP"
fi
mkdir -p "$TMP/pg" "$TMP/sock"
[ -n "$as_server" ] && chown postgres "$TMP/pg" "$TMP/sock"

stop_server() {
    $as_server "$PGBIN/pg_ctl" -D "$TMP/pg/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$TMP"
}
trap stop_server EXIT

if [ ! -x "$PGBIN/initdb" ]; then
    not_ok "postgresql: server binaries" "no $PGBIN/initdb: install the postgresql package (tools/deps.sh)"
    exit 0
fi
if ! $as_server "$PGBIN/initdb" -D "$TMP/pg/data" -A trust -U deeds -E UTF8 \
        --locale=C -N >"$TMP/initdb.log" 2>&1; then
    not_ok "postgresql: initdb" "$(tail -5 "$TMP/initdb.log")"
    exit 0
fi
if ! $as_server "$PGBIN/pg_ctl" -D "$TMP/pg/data" -w -t 60 -l "$TMP/pg/server.log" \
        -o "-c listen_addresses='' -k $TMP/sock -c fsync=off" start >/dev/null 2>&1; then
    not_ok "postgresql: server start" "$(tail -5 "$TMP/pg/server.log" 2>/dev/null)"
    exit 0
fi
ok "postgresql: server started on a unix socket"
if ! "$PGBIN/createdb" -h "$TMP/sock" -U deeds store >"$TMP/createdb.log" 2>&1; then
    not_ok "postgresql: createdb" "$(cat "$TMP/createdb.log")"
    exit 0
fi

DB="postgresql://deeds@/store?host=$TMP/sock"
. "$(dirname "$0")/store_checks.inc"
store_checks "$DB" postgresql

# The same input gives the same export from both back ends.
"$DEEDS" ingest -q --db "$TMP/same.db" "$FIX/events.jsonl" "$FIX/bad.jsonl" "$FIX/articles.jsonl" 2>/dev/null
"$DEEDS" ingest -q --db "$TMP/same.db" "$FIX/events.jsonl" 2>/dev/null
for count in reports one-a-day events; do
    for format in gdelt icews jsonl csv; do
        "$DEEDS" export --db "$TMP/same.db" --format $format --count $count --all-modes >"$TMP/a.out"
        "$DEEDS" export --db "$DB" --format $format --count $count --all-modes >"$TMP/b.out"
        if cmp -s "$TMP/a.out" "$TMP/b.out"; then
            ok "postgresql: $format by $count as SQLite"
        else
            not_ok "postgresql: $format by $count as SQLite" "$(diff "$TMP/a.out" "$TMP/b.out" | head -6)"
        fi
    done
done
for count in reports one-a-day events; do
    for by in day week month quarter; do
        "$DEEDS" series --db "$TMP/same.db" --dyad USA:PRK --dyad CHN:'*' --by $by --count $count --normalise >"$TMP/a.out" 2>&1
        "$DEEDS" series --db "$DB" --dyad USA:PRK --dyad CHN:'*' --by $by --count $count --normalise >"$TMP/b.out" 2>&1
        if [ -s "$TMP/a.out" ] && cmp -s "$TMP/a.out" "$TMP/b.out"; then
            ok "postgresql: series by $by, $count, as SQLite"
        else
            not_ok "postgresql: series by $by, $count, as SQLite" "$(diff "$TMP/a.out" "$TMP/b.out" | head -6)"
        fi
    done
done

"$DEEDS" export --db "postgresql://deeds@/nosuchdb?host=$TMP/sock" >/dev/null 2>"$TMP/nodb.err"
check "postgresql: a missing database is an error" 1 $?
check_grep "postgresql: missing database named" "nosuchdb" "$TMP/nodb.err"
