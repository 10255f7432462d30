#!/bin/sh
# Forecast validation against ../shared/data/bargaining (docs/forecast.md):
#  - EUM on the EC car-emission standards example beside Scholz, Calbert &
#    Smith (2011) Table 2 (round-1 median 8.4; actual outcome 8.833);
#  - SMP beside KTAB's printed runs (dummyData_3Dim, SOE-Pol-Comp,
#    dummyData_6Dim, the 40/80/160-actor sets and the 2017 reference runs):
#    every state's probabilities and positions at KTAB's printed precision;
#  - mean absolute error of every model on the DEU III issues, and of a
#    blend cross-validated by proposal.
# Prints figures and ends with "N passed, N failed".
B=${B:-build}
DEEDS=${DEEDS:-$B/deeds}
SHARED=${DEEDS_SHARED:-../shared}
BG=$SHARED/data/bargaining
W=$B/validate-forecast
passed=0
failed=0
ok()     { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
if [ ! -d "$BG" ]; then
    echo "forecast validation: $BG is missing (it needs ../shared beside the project); nothing checked"
    echo "0 passed, 0 failed"
    exit 0
fi
mkdir -p $W
cc -std=c11 -O2 -D_GNU_SOURCE -Iinclude tests/forecast/deu3.c $B/libdeeds.a -lcairo -lpthread -lm -o $W/deu3 || exit 1
cc -std=c11 -O2 -D_GNU_SOURCE -Iinclude tests/forecast/ktabcmp.c $B/libdeeds.a -lcairo -lpthread -lm -o $W/ktabcmp || exit 1

echo "== EUM: EC car-emission standards (BdM 1994, via Scholz et al. 2011 Table 2), Q = 1"
{ echo "actor,capability,years position,years salience"
  tail -n +2 "$BG/published-outcomes/emission-standards-inputs-bdm1994.csv"; } > $W/ec.csv
$DEEDS forecast --format csv $W/ec.csv > $W/ec-scholz.csv
$DEEDS forecast --format csv --eum-variant paper $W/ec.csv > $W/ec-paper.csv
tail -n +2 "$BG/published-outcomes/emission-standards-rounds-scholz2011.csv" > $W/table2.csv
echo "round  Table 2 median  deeds  (paper variant)   Table 2 mean  deeds"
awk -F, 'FNR == 1 { f++ } f == 1 { pm[$1] = $2; pa[$1] = $3 }
         f == 2 && FNR > 2 { m[$1] = $3; a[$1] = $4 } f == 3 && FNR > 2 { q[$1] = $3 }
         END { for (r = 1; r <= 8; r++)
                 printf "%5d  %14.1f  %5.2f  %15.2f  %13.1f  %5.2f\n", r, pm[r], m[r], q[r], pa[r], a[r] }' \
    $W/table2.csv $W/ec-scholz.csv $W/ec-paper.csv | tee $W/ec-table.txt
r1=$(awk 'NR == 1 { printf "%.1f", $3 }' $W/ec-table.txt)
[ "$r1" = "8.4" ] && ok "EUM round-1 median $r1 years (Table 2: 8.4)" || not_ok "EUM round-1 median $r1, Table 2 has 8.4"
close=$(awk '{ d = $3 - $2; if (d < 0) d = -d; if (d <= 0.35) n++ } END { print n + 0 }' $W/ec-table.txt)
[ "$close" -ge 7 ] && ok "EUM medians within 0.35 years of Table 2 in $close of 8 rounds" \
                  || not_ok "EUM medians within 0.35 years of Table 2 in only $close of 8 rounds"
closem=$(awk '{ d = $6 - $5; if (d < 0) d = -d; if (d <= 0.15) n++ } END { print n + 0 }' $W/ec-table.txt)
[ "$closem" -eq 8 ] && ok "EUM means within 0.15 years of Table 2 in all 8 rounds" \
                    || not_ok "EUM means within 0.15 years of Table 2 in only $closem of 8 rounds"
echo "actual outcome 8.833 years; deeds' round-1 median misses it by $(awk -v m="$(awk 'NR==1{print $3}' $W/ec-table.txt)" 'BEGIN{printf "%.2f", m - 8.833}')"

echo "== 2013 Iranian presidential election (decisionmechanics/eum; input source unstated), reported only"
{ echo "actor,capability,x position,x salience"
  tail -n +2 "$BG/eum-decisionmechanics/iranian-election.txt" | sed 's/^\xEF\xBB\xBF//' |
      awk -F'\t' '{ printf "%s,%s,%s,%s\n", $1, $3, $2, $4 * 100 }'; } > $W/iran.csv
for m in mean median eum smp; do
    echo "$m: $($DEEDS forecast --model $m $W/iran.csv | tail -1)"
done
echo "(Rouhani, at 8, won; a forecast near 5 points at Ghalibaf)"

echo "== SMP beside KTAB's runs: every state's PCE probabilities (4 decimals) and positions (1 decimal) as KTAB printed them"
smp_cmp() {   # label scenario history
    $W/ktabcmp "$2" "$3" > $W/$1.cmp || { not_ok "SMP $1 ran"; return; }
    echo "-- $1: $(grep '^states' $W/$1.cmp); probabilities/coordinates differing by state:"
    awk 'NR > 1 && /^ *[0-9]/ { printf "   %s:%s/%s", $1, $2, $4 } END { print "" }' $W/$1.cmp
    if [ "$(tail -1 $W/$1.cmp)" = identical ]; then
        ok "SMP $1: every state identical to KTAB's print"
    else
        not_ok "SMP $1: differs from KTAB's print (see $W/$1.cmp)"
    fi
}
for x in dummyData_3Dim SOE-Pol-Comp dummyData_6Dim dummyData-a040 dummyData-a080 dummyData-a160; do
    smp_cmp $x "$BG/ktab/smp-inputs/$x.csv" "$BG/ktab/smp-local-runs/$x.history.txt"
done
a160=$BG/ktab/smp-inputs/dummyData-a160.csv
$DEEDS forecast --model smp --format csv -j 1 "$a160" > $W/a160-j1.csv
$DEEDS forecast --model smp --format csv -j 4 "$a160" > $W/a160-j4.csv
cmp -s $W/a160-j1.csv $W/a160-j4.csv && ok "SMP dummyData-a160: the same output on 1 and 4 threads" \
                                     || not_ok "SMP dummyData-a160: 4 threads change the output"
for x in dummyData_3Dim SOE-Pol-Comp; do
    smp_cmp ref-$x "$BG/ktab/smp-inputs/$x.csv" "$BG/ktab/smp-reference-runs/20170530_ref-$x.txt"
done

echo "== DEU III: $(basename "$BG/deu3-blksv/deu3.csv"), mean absolute error on the 0-100 scale"
$W/deu3 "$BG/deu3-blksv/deu3.csv" | tee $W/deu3.txt
mae() { sed -n "s/^MAE $1 *//p" $W/deu3.txt; }
n=$(sed -n 's/^issues with an outcome: //p' $W/deu3.txt)
[ "$n" = 353 ] && ok "DEU III: 353 issues scored" || not_ok "DEU III: $n issues scored, not 353"
m=$(mae "weighted mean")
awk -v m="$m" 'BEGIN { exit !(m >= 22.5 && m <= 24) }' && ok "weighted mean MAE $m (notes: 23.2 with GDP x salience; missing saliences count 50 here)" \
                                                         || not_ok "weighted mean MAE $m, expected 22.5-24"
med=$(mae "weighted median")
awk -v m="$med" 'BEGIN { exit !(m >= 26.5 && m <= 29) }' && ok "weighted median MAE $med (notes: 27.6 with GDP x salience)" \
                                                           || not_ok "weighted median MAE $med, expected 26.5-29"
echo "out of sample, the blend scores $(mae 'blend (10-fold)') against the weighted mean's $m"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
