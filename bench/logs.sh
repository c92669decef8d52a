#!/usr/bin/env bash
# Issue 5 measurements, jpm against PM2 in the same run: an app writes LINES numbered lines of
# 100 bytes to stdout as fast as it can (bench/fixtures/burst.py), directly and with timestamps
# (jpm `time: true`, PM2 `--time`). Per manager and mode: time from the start command until the
# log file holds every line, daemon CPU seconds meanwhile, lines lost, duplicated and garbled.
# Medians (min-max) and the ratio jpm/PM2 to stdout and bench/results-logs.md.
#
#   bench/logs.sh                       # LINES=1000000 RUNS=3
#   LINES=20000 RUNS=1 bench/logs.sh    # a quick smoke run
#
# Env knobs: LINES (default 1000000), RUNS per manager and mode (3), MODES ("direct time"),
# CHUNK lines per write(2) of the writer (640 = 64,000 bytes), TIMEOUT_S per run (60),
# QUIET_S (5: a log that stops growing this long before holding every line ends the run),
# OUT (bench/results-logs.md), NO_PM2=1 (jpm only), PM2_SPEC / PM2_CACHE / PM2_REINSTALL
# (see bench/pm2.sh). PM2 is installed once with npm into ~/.cache/jpm-bench/pm2 and runs
# with a private PM2_HOME; if that fails the bench goes on with jpm alone.
# Everything runs in a temp dir under /tmp that is removed at exit (both daemons killed),
# also on Ctrl-C; ~/.jpm and ~/.pm2 are never touched.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LINES=${LINES:-1000000}; RUNS=${RUNS:-3}; MODES=${MODES:-direct time}; CHUNK=${CHUNK:-640}
TIMEOUT_S=${TIMEOUT_S:-60}; QUIET_S=${QUIET_S:-5}; OUT=${OUT:-$root/bench/results-logs.md}
[[ $LINES =~ ^[1-9][0-9]*$ && $LINES -lt 1000000000 ]] || { echo "bench: LINES must be 1..999999999" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: RUNS must be >= 1" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: jq is required (apt-get install -y jq)" >&2; exit 2; }
PY=$(python3 -c 'import sys; print(sys.executable)')   # the real binary, not a pyenv shim
burst="$root/bench/fixtures/burst.py"; logcheck="$root/bench/fixtures/logcheck.py"
log() { echo "bench: $*" >&2; }
now_ns() { date +%s%N; }

poller=""
kill_poller() { [ -n "$poller" ] && kill "$poller" 2>/dev/null; poller=""; return 0; }
add_exit_trap kill_poller

. "$root/bench/pm2.sh"
managers=(jpm); [ -n "$PM2_OK" ] && managers+=(pm2)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
"$jpm" ping >/dev/null
JPM_DPID=$(cat "$JPM_HOME/daemon.pid")
log "workload: $LINES lines x 100 bytes, $RUNS run(s) per manager and mode; modes: $MODES; managers: ${managers[*]}"
log "jpm daemon pid $JPM_DPID, home $JPM_HOME"

# ---------------------------------------------------------------- the writer alone
# lines/s of burst.py to /dev/null, to a file and through a pipe, without python's start-up:
# it must be far faster than the managers, or it is what gets measured.
writer_rate() {   # TARGET -> lines/s of one run
  local secs
  case $1 in
    null) secs=$(BURST_EXIT=1 "$PY" "$burst" "$LINES" "$CHUNK" 2>&1 >/dev/null) ;;
    file) secs=$(BURST_EXIT=1 "$PY" "$burst" "$LINES" "$CHUNK" 2>&1 >"$work/writer.out") ;;
    pipe) secs=$({ BURST_EXIT=1 "$PY" "$burst" "$LINES" "$CHUNK" | cat >/dev/null; } 2>&1) ;;
  esac
  rm -f "$work/writer.out"
  awk -v n="$LINES" -v t="$secs" 'BEGIN { printf "%.0f\n", n / t }'
}
writer_line=""
for target in null file pipe; do
  rates=$(for i in 1 2 3; do writer_rate "$target"; done)
  r=$(echo "$rates" | median)
  writer_line+="$(awk -v r="$r" 'BEGIN { printf "%.2f M", r / 1e6 }') lines/s to $([ "$target" = null ] && echo /dev/null || echo "a $target"), "
done
writer_line=${writer_line%, }
log "writer alone (median of 3, writing only): $writer_line"

# ---------------------------------------------------------------- one run
declare -A R   # R[mode,mgr,metric] = values, one per run, space-separated
NOTES=()
add() { R[$1,$2,$3]+="$4 "; }

# run_one MGR MODE RUN [N]: RUN "warmup" records nothing (N lines, default LINES)
run_one() {
  local mgr=$1 mode=$2 run=$3 n=${4:-$LINES} name="burst-$1-$2-$3" logf dpid cmd info wpid t0 wcpu check size prev
  rm -f "$work/ready" "$work/wait.json"
  if [ "$mgr" = jpm ]; then
    logf="$JPM_HOME/logs/$name-0-out.log"; dpid=$JPM_DPID
    {
      echo "apps:"
      echo "  - name: $name"
      echo "    script: $burst"
      echo "    interpreter: $PY"
      echo "    args: [\"$n\", \"$CHUNK\"]"
      echo "    time: $([ "$mode" = time ] && echo true || echo false)"
    } >"$work/$name.yaml"
    cmd=("$jpm" apply "$work/$name.yaml")
  else
    logf="$PM2_HOME_DIR/logs/$name-out.log"; dpid=$(pm2_daemon_pid)
    cmd=("${PM2_CMD[@]}" start "$burst" --name "$name" --interpreter "$PY")
    [ "$mode" = time ] && cmd+=(--time)
    cmd+=(-- "$n" "$CHUNK")
  fi
  rm -f "$logf"
  "$PY" "$logcheck" wait "$logf" "$n" "$dpid" "$work/ready" "$TIMEOUT_S" "$QUIET_S" >"$work/wait.json" &
  poller=$!
  until [ -e "$work/ready" ]; do kill -0 "$poller" 2>/dev/null || { log "log poller died"; exit 1; }; sleep 0.005; done
  t0=$(now_ns)
  if ! timeout 120 "${cmd[@]}" >"$work/cli.out" 2>&1; then
    log "$mgr $mode run $run: '${cmd[*]}' failed:"; tail -5 "$work/cli.out" >&2
    NOTES+=("$mgr $mode run $run: the start command failed: $(tail -1 "$work/cli.out")")
  fi
  wait "$poller" || true; poller=""
  info=$(cat "$work/wait.json")
  # the writer's own CPU, and where the manager says the log is
  if [ "$mgr" = jpm ]; then
    wpid=$("$jpm" jlist | jq -r --arg n "$name" '.[] | select(.name == $n) | .pid // empty' || true)
    where=$("$jpm" jlist | jq -r --arg n "$name" '.[] | select(.name == $n) | .out_log' || true)
  else
    wpid=$(pm2 jlist | jq -r --arg n "$name" '.[] | select(.name == $n) | .pid // empty' || true)
    where=$(pm2 jlist | jq -r --arg n "$name" '.[] | select(.name == $n) | .pm2_env.pm_out_log_path' || true)
  fi
  [ "$where" = "$logf" ] || NOTES+=("$mgr $mode run $run: the manager logs to '$where', the bench watched '$logf'")
  wcpu=$(awk -v t="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / t }' "/proc/$wpid/stat" 2>/dev/null || echo "")
  # let the file settle (late or duplicated lines count too), then check every line
  prev=-1; for _ in $(seq 1 50); do size=$(stat -c %s "$logf" 2>/dev/null || echo 0); [ "$size" = "$prev" ] && break; prev=$size; sleep 0.1; done
  check=$("$PY" "$logcheck" check "$logf" "$n")
  if [ "$mgr" = jpm ]; then timeout 60 "$jpm" delete "$name" >"$work/cli.out" 2>&1; else timeout 60 "${PM2_CMD[@]}" delete "$name" >"$work/cli.out" 2>&1; fi \
    || { log "$mgr: delete $name failed: $(tail -1 "$work/cli.out")"; NOTES+=("$mgr $mode run $run: delete failed: $(tail -1 "$work/cli.out")"); }
  rm -f "$logf" "${logf%-out.log}-error.log" "${logf%-out.log}-err.log" "$work/$name.yaml"

  local how first done_ns wall drain lat cpu lost dup garbled prefixed
  how=$(jq -r .how <<<"$info")
  if [ "$run" = warmup ]; then log "$mgr $mode warm-up ($n lines): $how"; return 0; fi
  first=$(jq -r '.first_ns // empty' <<<"$info"); done_ns=$(jq -r .done_ns <<<"$info")
  wall=$(awk -v a="$t0" -v b="$done_ns" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  lat=$([ -n "$first" ] && awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.3f", (b - a) / 1e9 }' || echo "")
  drain=$([ -n "$first" ] && awk -v a="$first" -v b="$done_ns" 'BEGIN { printf "%.3f", (b - a) / 1e9 }' || echo "")
  cpu=$(jq -r 'if .cpu0_s == null or .cpu1_s == null then "" else (.cpu1_s - .cpu0_s) * 100 | round / 100 | tostring end' <<<"$info")
  read -r lost dup garbled prefixed < <(jq -r '"\(.lost) \(.duplicated) \(.garbled) \(.prefixed)"' <<<"$check")
  add "$mode" "$mgr" wall "$wall"; add "$mode" "$mgr" lat "$lat"; add "$mode" "$mgr" drain "$drain"
  add "$mode" "$mgr" cpu "$cpu"; add "$mode" "$mgr" wcpu "$wcpu"
  add "$mode" "$mgr" lost "$lost"; add "$mode" "$mgr" dup "$dup"; add "$mode" "$mgr" garbled "$garbled"
  add "$mode" "$mgr" prefixed "$prefixed"
  if [ "$how" != complete ]; then
    NOTES+=("$mgr $mode run $run: the log never held all $LINES lines ($(jq -r .lines <<<"$info") newlines, $how): the time is that of its last growth")
  fi
  local ex; ex=$(jq -r '.prefix_example // empty' <<<"$check")
  [ -n "$ex" ] && [ -z "${PREFIX_EX[$mode,$mgr]:-}" ] && PREFIX_EX[$mode,$mgr]=$ex
  ex=$(jq -r '.garbled_examples[0] // empty' <<<"$check")
  [ -n "$ex" ] && [ -z "${GARBLED_EX[$mode,$mgr]:-}" ] && GARBLED_EX[$mode,$mgr]=$ex
  log "$mgr $mode run $run: $how in ${wall} s (first line after ${lat:-?} s, then ${drain:-?} s), daemon CPU ${cpu:-?} s, writer CPU ${wcpu:-?} s; lost $lost, duplicated $dup, garbled $garbled, with a prefix $prefixed"
}
declare -A PREFIX_EX GARBLED_EX

# one small unmeasured run per manager and mode first: both start paths warmed up
for mode in $MODES; do for mgr in "${managers[@]}"; do run_one "$mgr" "$mode" warmup 1000; done; done
for run in $(seq 1 "$RUNS"); do
  for mode in $MODES; do
    order=("${managers[@]}")
    [ $((run % 2)) -eq 0 ] && [ ${#managers[@]} -eq 2 ] && order=(pm2 jpm)   # alternate who goes first
    for mgr in "${order[@]}"; do run_one "$mgr" "$mode" "$run"; done
  done
done
[ "$(cat "$JPM_HOME/daemon.pid")" = "$JPM_DPID" ] || NOTES+=("the jpm daemon pid changed during the run")

# ---------------------------------------------------------------- report
# "median (min-max)" of the values given as arguments; DEC decimals
summ() {
  local dec=$1; shift
  printf '%s\n' "$@" | grep -v '^$' | sort -g | awk -v d="$dec" '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    f = "%." d "f"
    if (NR == 1) printf f "\n", m; else printf f " (" f "-" f ")\n", m, v[1], v[NR] }'
}
med() { printf '%s\n' "$@" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f\n", a / b }'; }
row() {   # MODE LABEL METRIC DECIMALS [noratio]
  local mode=$1 label=$2 m=$3 dec=$4 j p rt="-"
  # shellcheck disable=SC2086
  j=$(summ "$dec" ${R[$mode,jpm,$m]:-})
  if [ -n "$PM2_OK" ]; then
    # shellcheck disable=SC2086
    p=$(summ "$dec" ${R[$mode,pm2,$m]:-})
    # shellcheck disable=SC2086
    [ -z "${5:-}" ] && rt=$(ratio "$(med ${R[$mode,jpm,$m]:-})" "$(med ${R[$mode,pm2,$m]:-})")
  else p="skipped"; fi
  echo "| $mode | $label | $j | $p | $rt |"
}
mode_name() { [ "$1" = time ] && echo "timestamped" || echo "$1"; }

report() {
  echo "# jpm vs PM2: log throughput"
  echo
  machine_line
  echo "- jpm: $("$jpm" version 2>/dev/null | head -1); PM2: $([ -n "$PM2_OK" ] && echo "$PM2_VERSION (node $(node --version))" || echo "skipped ($PM2_WHY)"); writer: $("$PY" --version 2>&1)"
  echo "- workload: an app writes $LINES numbered lines of 100 bytes ($(awk -v n="$LINES" 'BEGIN { printf "%.1f MB", n * 100 / 1e6 }')) to stdout as fast as it can"\
       "(\`bench/fixtures/burst.py\`, $CHUNK lines = $((CHUNK * 100)) bytes per write), then sleeps;" \
       "$RUNS run(s) per manager and mode, jpm and PM2 alternating, each run a new app deleted with its logs afterwards;" \
       "both daemons already running, and warmed up by one unmeasured run of 1000 lines each;" \
       "load average at the start: $LOAD_BEFORE (other work on the machine skews the numbers)"
  echo "- the writer alone, writing only (median of 3): $writer_line"
  if [ "$LINES" -lt 1000000 ] || [ "$RUNS" -lt 3 ]; then
    echo "- **smoke run** (LINES=$LINES RUNS=$RUNS): not the issue's workload of 1,000,000 lines x 3 runs"
  fi
  echo
  echo "| mode | what (per run: median (min-max)) | jpm | PM2 | jpm/PM2 |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for mode in $MODES; do
    local mn; mn=$(mode_name "$mode")
    row "$mode" "time from the start command until the log holds all $LINES lines, s" wall 3 | sed "s/^| $mode |/| $mn |/"
    row "$mode" "... until the first line, s" lat 3 | sed "s/^| $mode |/| $mn |/"
    row "$mode" "... first line to last, s" drain 3 | sed "s/^| $mode |/| $mn |/"
    row "$mode" "daemon CPU, s" cpu 2 | sed "s/^| $mode |/| $mn |/"
    row "$mode" "writer CPU, s" wcpu 2 noratio | sed "s/^| $mode |/| $mn |/"
    row "$mode" "lines lost" lost 0 noratio | sed "s/^| $mode |/| $mn |/"
    row "$mode" "lines duplicated" dup 0 noratio | sed "s/^| $mode |/| $mn |/"
    row "$mode" "lines garbled" garbled 0 noratio | sed "s/^| $mode |/| $mn |/"
    row "$mode" "intact lines with a timestamp prefix" prefixed 0 noratio | sed "s/^| $mode |/| $mn |/"
  done
  echo
  echo "How it is measured: the start command is \`jpm apply\` of a one-app file (\`time: true\` when" \
       "timestamped) or \`pm2 start burst.py --interpreter python3 [--time] -- N\`. A poller follows the" \
       "app's out log from before that command and counts newlines until there are N. Daemon CPU is" \
       "utime+stime of the daemon process (\`JPM_HOME/daemon.pid\`, \`PM2_HOME/pm2.pid\`) from /proc," \
       "from just before the start command until the last line is in the file. A line is intact when" \
       "it ends with the 9-digit number and padding that the writer wrote, whatever prefix comes" \
       "before the number; lost = numbers 0..N-1 without an intact line; garbled = lines that are not" \
       "intact. Note: jpm appends a direct app's output to the file itself (the daemon is not in the" \
       "data path), while PM2's daemon reads every byte from a pipe and writes it."
  local notes=("${NOTES[@]}") k
  for mode in $MODES; do
    for k in "${managers[@]}"; do
      [ -n "${PREFIX_EX[$mode,$k]:-}" ] && notes+=("$k $(mode_name "$mode"): prefix of an intact line: \`${PREFIX_EX[$mode,$k]}\`")
      [ -n "${GARBLED_EX[$mode,$k]:-}" ] && notes+=("$k $(mode_name "$mode"): a garbled line: \`$(printf '%s' "${GARBLED_EX[$mode,$k]}" | tr -d '\n' | cut -c1-120)\`")
    done
    if [ "$mode" = time ] && [ "$(med ${R[time,jpm,prefixed]:-0})" = 0 ]; then
      notes+=("jpm timestamped: no line has a timestamp prefix: this jpm build accepts \`time: true\` but does not act on it yet")
    fi
  done
  if [ ${#notes[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    printf -- '- %s\n' "${notes[@]}"
  fi
  echo
  echo "Rerun: \`LINES=$LINES RUNS=$RUNS bench/logs.sh\` (builds target/jpm.jar if missing; installs PM2 into" \
       "~/.cache/jpm-bench/pm2 on first use; \`NO_PM2=1\` for jpm alone)."
}
report | tee "$OUT"
# the key rows for bench/all.sh's summary (when SUMMARY is set)
for mode in $MODES; do
  # shellcheck disable=SC2086
  summary_row "$LINES log lines, $(mode_name "$mode"): until all are in the file, s ($RUNS runs)" "$(summ 3 ${R[$mode,jpm,wall]:-})" \
    "$([ -n "$PM2_OK" ] && summ 3 ${R[$mode,pm2,wall]:-} || echo -)" \
    "$([ -n "$PM2_OK" ] && ratio "$(med ${R[$mode,jpm,wall]:-})" "$(med ${R[$mode,pm2,wall]:-})" || echo -)" "$([ "$mode" = time ] && echo "≤ 0.5" || echo -)"
  # shellcheck disable=SC2086
  summary_row "... lines lost" "$(summ 0 ${R[$mode,jpm,lost]:-})" "$([ -n "$PM2_OK" ] && summ 0 ${R[$mode,pm2,lost]:-} || echo -)" "-" "0"
done
log "wrote $OUT"
