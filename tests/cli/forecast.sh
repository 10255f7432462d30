# Command-line behaviour of `deeds forecast`: models, formats, charts,
# sensitivity runs, errors and exit codes.
. tests/cli/lib.inc
K=scenarios/korea-small-deal.csv
T=tests/forecast/three.csv

# The default model is EUM; text output ends with the forecast.
$DEEDS forecast $K > "$TMP/out" 2>"$TMP/err"; check "eum exits 0" 0 $?
check_grep "eum is the default" "model eum, 8 rounds" "$TMP/out"
check_grep "a line per round" "^      8 " "$TMP/out"
check_grep "pair relations shown" "x conflict, c compromise" "$TMP/out"
check_grep "forecast line" "^forecast: freeze-for-relief [0-9.]*, troop level [0-9.]*$" "$TMP/out"
check "nothing on stderr" "" "$(cat "$TMP/err")"
check_grep "a readable summary" "^  troop level: [0-9.]*, nearest [A-Za-z]* ([0-9.]*); [0-9] of 6 actors end within 5 points" "$TMP/out"

# Baselines: hand-checked on three actors at 0, 50, 100 with equal weights.
check "mean of 0, 50, 100" "forecast: X 50.00" "$($DEEDS forecast --model mean $T | tail -1)"
check "median of 0, 50, 100" "forecast: X 50.00" "$($DEEDS forecast --model median $T | tail -1)"

# JSON: the fields the issue names, one object per round.
$DEEDS forecast --format json --rounds 3 $K > "$TMP/j"; check "json exits 0" 0 $?
check_grep "json model" '^{"model": "eum"' "$TMP/j"
check "json rounds 0..3" 4 "$(grep -c '{"round": ' "$TMP/j")"
check_grep "json round fields" '{"round": 1, "median": \[[0-9.]*, [0-9.]*\], "mean": \[' "$TMP/j"
check_grep "json positions by actor" '"positions": {"US": \[' "$TMP/j"
check_grep "json forecast" '"forecast": \[' "$TMP/j"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/j"; check "json parses" 0 $?
fi

# SMP: PCE probabilities per state; on the hand-checked case each is 1/3.
$DEEDS forecast --model smp --format json --rounds 1 $T > "$TMP/s"; check "smp exits 0" 0 $?
check_grep "smp state 0 probabilities" '{"round": 0,.*"probabilities": \[0.3333, 0.3333, 0.3333\]' "$TMP/s"
a=$($DEEDS forecast --model smp --stochastic --seed 5 -j 1 --format csv $K)
b=$($DEEDS forecast --model smp --stochastic --seed 5 -j 3 --format csv $K)
check "stochastic smp: same seed, same output with 1 or 3 threads" "$a" "$b"
check_grep "smp csv not empty" "US" "$(printf '%s\n' "$a" > "$TMP/a"; echo "$TMP/a")"

# CSV: a header, a row per round and dimension.
$DEEDS forecast --format csv --rounds 2 $K > "$TMP/c"
check "csv header" "round,dimension,median,mean,US,DPRK,ROK,China,Russia,Japan" "$(head -1 "$TMP/c")"
check "csv rows" 7 "$(wc -l < "$TMP/c")"

# Sensitivity: one seed gives one answer.
s1=$($DEEDS forecast --sensitivity 200 --seed 7 $K); check "sensitivity exits 0" 0 $?
s2=$($DEEDS forecast --sensitivity 200 --seed 7 $K)
check "sensitivity is reproducible" "$s1" "$s2"
printf '%s\n' "$s1" > "$TMP/sens"
check_grep "sensitivity spread" "90% of runs in \[" "$TMP/sens"
# A sweep shows its progress on a terminal only.
script -qc "$DEEDS forecast --sensitivity 20 $K" /dev/null > "$TMP/tty" 2>&1
check_grep "sensitivity progress on a terminal" "sensitivity run 1 of 20" "$TMP/tty"
$DEEDS forecast --sensitivity 20 $K > /dev/null 2> "$TMP/notty"
check "no sensitivity progress when stderr is a file" "" "$(cat "$TMP/notty")"
$DEEDS forecast --sensitivity 50 --format json $K > "$TMP/sj"
check_grep "sensitivity json" '"runs": 50' "$TMP/sj"

# Charts, drawn by chart.c: a panel per dimension, a line per actor and a
# dashed weighted median, rounds along the bottom; SVG or PNG.
$DEEDS forecast --chart "$TMP/c.svg" $K > /dev/null; check "svg chart exits 0" 0 $?
check_grep "svg document" "^<svg xmlns" "$TMP/c.svg"
check "svg: a panel per dimension" 2 "$(grep -c '^<svg width' "$TMP/c.svg")"
check "svg: a line per actor and dimension, and the medians" 14 "$(grep -c 'class="series"' "$TMP/c.svg")"
check "svg: a dashed median per dimension" 2 "$(grep 'class="series"' "$TMP/c.svg" | grep -c 'stroke-dasharray')"
check "svg: rounds 0 to 8 along the bottom of each panel" 2 "$(grep -c '>8</text>' "$TMP/c.svg")"
# fontconfig (under cairo's text) keeps caches for the life of the process,
# which LeakSanitizer would report at exit.
ASAN_OPTIONS=detect_leaks=0 $DEEDS forecast --model smp --chart "$TMP/c.png" $K > /dev/null
check "png chart exits 0" 0 $?
check "png signature" "PNG" "$(head -c 4 "$TMP/c.png" | tail -c 3)"
check "png: two 760 x 300 panels stacked" "0 0 2 248 0 0 2 88" "$(od -An -tu1 -j16 -N8 "$TMP/c.png" | xargs)"
# Thirty actors: the legend wraps into rows, and the panel grows by them
# instead of squeezing the plot.
{ echo "actor,description,capability,X position,X salience"
  for i in $(seq 1 30); do echo "Actor-$i,actor $i,$((i * 3)),$((i * 3)),50"; done; } > "$TMP/thirty.csv"
$DEEDS forecast --chart "$TMP/t.svg" "$TMP/thirty.csv" > /dev/null; check "30 actors: svg chart exits 0" 0 $?
check "30 actors: every name in the legend" 30 "$(grep -c '>Actor-[0-9]*</text>' "$TMP/t.svg")"
h=$(sed -n 's/^<svg xmlns[^>]* height="\([0-9]*\)".*/\1/p' "$TMP/t.svg")
check "30 actors: the panel is taller than the six-actor one" 1 "$([ "${h:-0}" -gt 300 ] && echo 1 || echo 0)"
$DEEDS forecast --chart "$TMP/c.gif" $K > /dev/null 2>"$TMP/err"; check "unknown chart type exits 1" 1 $?
check_grep "unknown chart type explained" "must end in .svg or .png" "$TMP/err"

# Errors: every bad field named with its line; usage errors exit 1.
$DEEDS forecast tests/forecast/bad.csv > "$TMP/out" 2>"$TMP/err"; check "bad file exits 1" 1 $?
check_grep "bad capability: line and field" "bad.csv:3: error: field 'capability': 'ten'" "$TMP/err"
check_grep "bad position: line and field" "bad.csv:4: error: field 'issue position': '140'" "$TMP/err"
check "nothing printed for a bad file" "" "$(cat "$TMP/out")"
$DEEDS forecast "$TMP/none.csv" 2>"$TMP/err"; check "missing file exits 1" 1 $?
check_grep "missing file named" "none.csv: error: cannot read" "$TMP/err"
$DEEDS forecast --model oracle $K 2>"$TMP/err"; check "unknown model exits 1" 1 $?
check_grep "unknown model named" "unknown --model 'oracle'" "$TMP/err"
$DEEDS forecast --format yaml $K 2>/dev/null; check "unknown format exits 1" 1 $?
$DEEDS forecast --q 2 $K 2>/dev/null; check "Q above 1 exits 1" 1 $?
$DEEDS forecast 2>/dev/null; check "no scenario exits 1" 1 $?
$DEEDS forecast --help > "$TMP/h"; check "forecast --help exits 0" 0 $?
check_grep "forecast --help names the models" "mean|median|eum|smp" "$TMP/h"
