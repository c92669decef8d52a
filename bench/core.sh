#!/usr/bin/env bash
# Core jpm benchmarks: CLI round-trip latency, start/delete of 100 apps, daemon RSS,
# against a bare JVM start of the same JDK as a baseline.
#
#   bench/core.sh            # prints a markdown table, also writes bench/results-core.md
#
# Uses hyperfine when installed (apt-get install -y hyperfine), else a date +%s%N loop.
# Works in a fresh temp JPM home under /tmp that is always cleaned up (jpm kill at exit).
# Env knobs: RUNS (>=10, default 10) for the micro benchmarks, ROUNDS (default 3) for
# the expensive 100-app start/delete rounds, NAPPS (default 100), NO_HYPERFINE=1 forces
# the date loop.
set -euo pipefail

root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$root/bench/results-core.md"
RUNS=${RUNS:-10}
ROUNDS=${ROUNDS:-3}
NAPPS=${NAPPS:-100}
POLL_TIMEOUT_S=${POLL_TIMEOUT_S:-60}
BENCH_TIMEOUT_S=${BENCH_TIMEOUT_S:-900}   # watchdog for the whole run
[ "$RUNS" -ge 10 ] || { echo "RUNS must be >= 10" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: jq is required (apt-get install -y jq)" >&2; exit 2; }

# Same JDK as the launcher uses.
. "$root/bin/find-jdk.sh"
jpm_find_jdk
JDK="$JPM_JDK"
if [ ! -f "$root/target/jpm.jar" ]; then
  echo "bench: building target/jpm.jar ..." >&2
  (cd "$root" && bin/mvn -q -B -DskipTests package >&2)
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
H=$(mktemp -d /tmp/jpmb.XXXXXX)   # JPM home (short: the daemon socket lives in it)
WORK=$(mktemp -d /tmp/jpmbw.XXXXXX)
export JPM_HOME="$H"
DPID=""

# Run a private snapshot of the launcher and jar: a `mvn package` elsewhere rewrites
# target/jpm.jar in place, and a daemon whose class path is that jar then fails to load
# classes (seen: NoClassDefFoundError in the supervisor, `jpm kill` hanging forever).
SNAP="$WORK/jpm"
mkdir -p "$SNAP/bin" "$SNAP/target"
cp "$root/bin/jpm" "$root/bin/find-jdk.sh" "$SNAP/bin/"
for try in $(seq 1 30); do
  # copy only a jar that is not being written and reads as a whole
  if [ $(( $(date +%s) - $(stat -c %Y "$root/target/jpm.jar") )) -ge 3 ] \
     && cp "$root/target/jpm.jar" "$SNAP/target/jpm.jar" \
     && "$JDK/bin/jar" tf "$SNAP/target/jpm.jar" >/dev/null 2>&1; then break; fi
  [ "$try" -lt 30 ] || { echo "bench: target/jpm.jar keeps changing; giving up" >&2; exit 1; }
  sleep 1
done
JPM="$SNAP/bin/jpm"
jpm() { "$JPM" --home "$H" "$@"; }

cleanup() {
  local rc=$? pids p left=""
  set +e
  trap - EXIT INT TERM
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null
  [ -n "$DPID" ] || DPID=$(cat "$H/daemon.pid" 2>/dev/null)
  if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then
    pids=$(pgrep -P "$DPID")   # the apps are the daemon's children
    if ! timeout 60 "$JPM" --home "$H" kill >/dev/null 2>&1; then
      echo "bench: WARNING: 'jpm kill' failed or hung; sending SIGTERM to daemon $DPID" >&2
      kill "$DPID" 2>/dev/null
      for _ in $(seq 1 40); do kill -0 "$DPID" 2>/dev/null || break; sleep 1; done
      kill -9 "$DPID" 2>/dev/null
    fi
    sleep 0.2
    # Anything jpm left behind (should be nothing) is reported and killed by pid.
    for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
    if [ -n "$left" ]; then
      echo "bench: WARNING: app processes survived 'jpm kill':$left (killing them)" >&2
      kill -9 $left 2>/dev/null
    fi
  fi
  rm -rf "$H" "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Watchdog: a hung jpm command must not hang the benchmark (bash runs the TERM trap only
# after the foreground child ends, so that child is ended too).
main_pid=$$
( for ((t = 0; t < BENCH_TIMEOUT_S; t++)); do sleep 1; done; echo "bench: timeout after ${BENCH_TIMEOUT_S}s" >&2
  kill -TERM "$main_pid"; pkill -TERM -P "$main_pid" ) 2>/dev/null &
WATCHDOG=$!

log() { echo "bench: $*" >&2; }
now_ns() { date +%s%N; }
ms() { awk -v n="$1" 'BEGIN { printf "%.1f", n / 1e6 }'; }   # ns -> ms

# median/min/max of ms values given one per line on stdin -> "median min max n"
stats() { sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) { print "nan nan nan 0"; exit }
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "%.1f %.1f %.1f %d\n", m, v[1], v[NR], NR }'; }

ROWS=()   # markdown table rows
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); }   # what, median, min, max, n

# bench LABEL RUNS CMD... : time CMD (median of RUNS, 3 warm-ups); sets MED (ms).
bench() {
  local label=$1 runs=$2; shift 2
  local s
  if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
    local cmd; printf -v cmd '%q ' "$@"
    hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "$WORK/hf.json" "$cmd" >/dev/null
    s=$(jq -r '.results[0].times[] * 1000' "$WORK/hf.json" | stats)
  else
    local i t0 t1
    for i in 1 2 3; do "$@" >/dev/null 2>&1; done
    s=$(for ((i = 0; i < runs; i++)); do
          t0=$(now_ns); "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }
          t1=$(now_ns); ms $((t1 - t0)); echo; done | stats)
  fi
  read -r MED mn mx n <<<"$s"
  row "$label" "$MED" "$mn" "$mx" "$n"
  log "$label: median ${MED} ms (min $mn, max $mx, n=$n)"
}

online_count() { jpm jlist | jq '[.[] | select(.status == "online")] | length'; }
daemon_pid() { cat "$H/daemon.pid"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$1/status"; }
# heap used after a forced full GC (diagnostic: tells retained heap from a leak)
heap_after_gc() {
  "$JDK/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || { echo "?"; return; }
  "$JDK/bin/jcmd" "$1" GC.heap_info 2>/dev/null | awk '
    / total [0-9]+K, used [0-9]+K/ { for (i = 1; i <= NF; i++) if ($i == "used") { u = $(i + 1); sub(/K,?/, "", u); s += u } }
    END { if (s == "") print "?"; else printf "%.1f", s / 1024 }'
}
kb_to_mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---------------------------------------------------------------- baseline
TOOL=$([ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null && hyperfine --version || echo "date +%s%N loop")
log "timing with: $TOOL; home $H; jpm snapshot $SNAP; JDK $JDK"
bench "bare JVM: \`java -version\`" "$RUNS" "$JDK/bin/java" -version
JVM_MED=$MED
bench "JVM with jpm's launcher flags: \`java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -version\`" \
  "$RUNS" "$JDK/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -version

# ---------------------------------------------------------------- daemon up, 0 apps
t0=$(now_ns); jpm ping >/dev/null; t1=$(now_ns)
row "first \`jpm ping\` on a fresh home (starts the daemon), 1 run" "$(ms $((t1 - t0)))" "-" "-" 1
DPID=$(daemon_pid)
log "daemon pid $DPID"
bench "\`jpm ping\` (daemon running)" "$RUNS" "$JPM" --home "$H" ping
PING_MED=$MED
bench "\`jpm ls\`, 0 apps" "$RUNS" "$JPM" --home "$H" ls
sleep 1
RSS0=$(rss_kb "$DPID"); THR0=$(threads "$DPID")

# ---------------------------------------------------------------- 100-app rounds
START_MS=(); CLI_MS=(); DEL_MS=(); RSS100=""; ROUND_NOTES=()
for ((r = 1; r <= ROUNDS; r++)); do
  # each round starts from an empty daemon ("delete all" fails when nothing matches)
  [ "$(jpm jlist | jq length)" -eq 0 ] || jpm delete all >/dev/null
  log "round $r/$ROUNDS: starting $NAPPS apps ..."
  t0=$(now_ns)
  for ((i = 0; i < NAPPS; i++)); do
    jpm start --name "a$i" /bin/sleep -- 100000 >/dev/null
  done
  t1=$(now_ns)
  deadline=$(( $(date +%s) + POLL_TIMEOUT_S ))
  until [ "$(online_count)" -eq "$NAPPS" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      jpm ls >&2
      log "round $r: not all $NAPPS apps online after ${POLL_TIMEOUT_S}s"; exit 1
    fi
    sleep 0.05
  done
  t2=$(now_ns)
  CLI_MS+=("$(ms $((t1 - t0)))"); START_MS+=("$(ms $((t2 - t0)))")
  log "round $r: CLI loop $(ms $((t1 - t0))) ms, all online after $(ms $((t2 - t0))) ms"

  if [ "$r" -eq 1 ]; then
    bench "\`jpm ls\`, $NAPPS apps" "$RUNS" "$JPM" --home "$H" ls
    bench "\`jpm jlist\`, $NAPPS apps" "$RUNS" "$JPM" --home "$H" jlist
    sleep 1
    RSS100=$(rss_kb "$DPID"); THR100=$(threads "$DPID")
  fi

  pids=$(jpm jlist | jq -r '.[].pid')
  t0=$(now_ns); jpm delete all >/dev/null; t1=$(now_ns)
  DEL_MS+=("$(ms $((t1 - t0)))")
  left=0; for p in $pids; do kill -0 "$p" 2>/dev/null && left=$((left + 1)); done
  n=$(jpm jlist | jq length)
  log "round $r: delete all $(ms $((t1 - t0))) ms; apps left $n; app processes still alive $left"
  [ "$n" -eq 0 ] || { log "round $r: delete all left $n apps"; exit 1; }
  [ "$left" -eq 0 ] || ROUND_NOTES+=("round $r: $left app process(es) still alive right after \`delete all\` returned")
done
sleep 1
RSS0_AFTER=$(rss_kb "$DPID"); THR0_AFTER=$(threads "$DPID")
HEAP_GC=$(heap_after_gc "$DPID"); sleep 0.5
RSS0_GC=$(rss_kb "$DPID")
[ "$(daemon_pid)" = "$DPID" ] || ROUND_NOTES+=("the daemon pid changed during the run ($DPID -> $(daemon_pid))")

read -r m mn mx n <<<"$(printf '%s\n' "${START_MS[@]}" | stats)"
row "start $NAPPS apps sequentially via the CLI until \`jlist\` shows all online" "$m" "$mn" "$mx" "$n"
START_MED=$m
read -r m mn mx n <<<"$(printf '%s\n' "${CLI_MS[@]}" | stats)"
row "... of which the $NAPPS \`jpm start\` calls alone" "$m" "$mn" "$mx" "$n"
PER_START=$(awk -v t="$m" -v n="$NAPPS" 'BEGIN { printf "%.1f", t / n }')
row "... per \`jpm start\` call" "$PER_START" "-" "-" "$n"
read -r m mn mx n <<<"$(printf '%s\n' "${DEL_MS[@]}" | stats)"
row "\`jpm delete all\`, $NAPPS apps" "$m" "$mn" "$mx" "$n"

RATIO=$(awk -v a="$PING_MED" -v b="$JVM_MED" 'BEGIN { printf "%.2f", a / b }')

# ---------------------------------------------------------------- report
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
DAEMON_ARGS=$(tr '\0' ' ' <"/proc/$DPID/cmdline" | sed 's/ *$//')
JDKV=$("$JDK/bin/java" -version 2>&1 | sed -n 2p)
MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
JPMV=$(jpm version 2>/dev/null | head -1 || true)
REV=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(git -C "$root" status --porcelain -- src pom.xml 2>/dev/null | grep -q . && echo " (+ uncommitted changes in src/)" || true)

report() {
  echo "# jpm core benchmarks"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: $(nproc) CPUs, ${MODEL:-unknown CPU}, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
  echo "- load average (1/5/15 min) at start: $LOAD_BEFORE; at end: $LOAD_AFTER" \
       "(anything else running on the machine skews the numbers)"
  echo "- JDK: $JDK ($JDKV)"
  echo "- daemon command line: \`$DAEMON_ARGS\`"
  echo "- jpm: ${JPMV:-?}, commit $REV$DIRTY"
  echo "- timing: $TOOL; micro benchmarks: median of $RUNS runs after 3 warm-ups;" \
       "$NAPPS-app start/delete: median of only $ROUNDS rounds (each is expensive)"
  echo
  echo "| what | median ms | min ms | max ms | n |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "| daemon (from /proc/PID/status) | VmRSS MiB | threads |"
  echo "| --- | ---: | ---: |"
  echo "| idle, 0 apps (fresh daemon) | $(kb_to_mb "$RSS0") | $THR0 |"
  echo "| $NAPPS apps online | $(kb_to_mb "$RSS100") | $THR100 |"
  echo "| 0 apps again, after $ROUNDS rounds of start/delete $NAPPS | $(kb_to_mb "$RSS0_AFTER") | $THR0_AFTER |"
  echo "| same, after a forced full GC (\`jcmd GC.run\`; heap used then: $HEAP_GC MiB) | $(kb_to_mb "$RSS0_GC") | |"
  echo
  echo "**CLI ping / bare JVM start: $PING_MED / $JVM_MED ms = ${RATIO}x**"
  if [ ${#ROUND_NOTES[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    printf -- '- %s\n' "${ROUND_NOTES[@]}"
  fi
}
report | tee "$OUT"
log "wrote $OUT"
