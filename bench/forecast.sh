#!/bin/sh
# Speed of `deeds forecast` (printed, not asserted; docs/forecast.md):
#  - EUM on 100 actors for 100 rounds (target: under 1 s);
#  - SMP on KTAB's one-issue scaling inputs (40, 80, 160 actors; KTAB's
#    optimised build needs about 7 s, 71 s and 980 s on a 2-core machine,
#    for the results deeds reproduces: make validate checks every printed
#    value), with deeds' speed as a multiple of KTAB's,
#    and on generated scenarios from 10 to 320 actors: seconds per turn,
#    how the cost grows with the number of actors, and whether two threads
#    give the same output as one.
# Inputs are generated with a fixed seed when ../shared is missing.
B=${B:-build}
DEEDS=${DEEDS:-$B/deeds}
SHARED=${DEEDS_SHARED:-../shared}
W=$B/bench-forecast
mkdir -p $W

# gen N DIMS FILE: N actors with random capability, positions and saliences.
gen() {
    awk -v n="$1" -v d="$2" 'BEGIN {
        srand(42); printf "actor,description,capability"
        for (k = 1; k <= d; k++) printf ",d%d position,d%d salience", k, k; print ""
        for (i = 1; i <= n; i++) {
            printf "A%d,,%.2f", i, 1 + 99 * rand()
            for (k = 1; k <= d; k++) printf ",%.2f,%.2f", 100 * rand(), 100 / d * rand(); print ""
        } }' > "$3"
}
# secs COMMAND: prints "wall-seconds peak-KB cpu-seconds" of one run.
secs() { /usr/bin/time -f '%e %M %U' "$@" 2>&1 >/dev/null | tail -1; }

echo "== EUM, 100 actors x 100 rounds (target: under 1 s)"
gen 100 1 $W/eum100.csv
set -- $(secs $DEEDS forecast --rounds 100 $W/eum100.csv)
echo "EUM 100 actors, 100 rounds: $1 s ($3 s CPU), peak RSS $(awk -v k="$2" 'BEGIN { printf "%.1f MB", k / 1024 }')"

echo
echo "== SMP, one issue (KTAB optimised build: a040 7.1 s, a080 71 s, a160 980 s)"
turns() { $DEEDS forecast --model smp --format csv "$@" | tail -n +2 | wc -l | awk '{ print $1 - 1 }'; }
if [ -d "$SHARED/data/bargaining/ktab/smp-inputs" ]; then
    for n in 040 080 160; do
        f=$SHARED/data/bargaining/ktab/smp-inputs/dummyData-a$n.csv
        set -- $(secs $DEEDS forecast --model smp $f)
        ktab=$(case $n in 040) echo 7.1 ;; 080) echo 71 ;; 160) echo 980 ;; esac)
        s1="$1 s ($3 s CPU; $(awk -v k="$ktab" -v w="$1" 'BEGIN { printf "%.0f", k / (w > 0.01 ? w : 0.01) }') times KTAB's speed)"
        set -- $(secs $DEEDS forecast --model smp -j 2 $f)
        same=no
        [ "$($DEEDS forecast --model smp $f | md5sum)" = "$($DEEDS forecast --model smp -j 2 $f | md5sum)" ] && same=yes
        t=$(turns $f)
        echo "KTAB dummyData-a$n: $t turns, $s1 (-j 2: $1 s, same output: $same), peak RSS $(awk -v k="$2" 'BEGIN { printf "%.1f MB", k / 1024 }')"
    done
else
    echo "(KTAB inputs not found under $SHARED; generated scenarios only)"
fi
echo "growth with the number of actors (generated, one issue, 10 turns each):"
prev=""
for n in 10 20 40 80 160 320; do
    gen $n 1 $W/smp$n.csv
    set -- $(secs $DEEDS forecast --model smp --rounds 10 $W/smp$n.csv)
    per=$(awk -v s="$3" 'BEGIN { printf "%.4f", s / 10 }')
    slope=""
    [ -n "$prev" ] && slope=$(awk -v a="$prev" -v b="$per" 'BEGIN { if (a > 0 && b > 0) printf " (x%.1f for twice the actors, n^%.1f)", b / a, log(b / a) / log(2) }')
    echo "  $n actors: $per s CPU a turn$slope"
    prev=$per
done
