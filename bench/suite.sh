#!/usr/bin/env bash
# Issue 7's scenarios, jpm against PM2 in the same run, the two alternating (odd runs jpm first,
# even runs PM2 first), RUNS runs each; medians (min–max) and the ratio jpm/PM2 to stdout and
# bench/results-suite.md:
#
#   cold   the first command from no daemon (`ping` on a fresh home: it spawns the daemon)
#   bulk   start 100×1 and 20×5 from an ecosystem file (`jpm apply`, `pm2 start file.json`)
#          until `jlist` shows every instance online; then re-apply of the unchanged 100×1 file
#          (time, restart counters, processes replaced); then `delete all`
#   crash  SIGKILL of an app's process -> its replacement running (restart_delay 0 in both)
#   idle   daemon CPU (utime+stime from /proc) over IDLE_S seconds idle, with 0 and 100 apps:
#          both managers in the same window, CPU_RUNS windows (default 1, not RUNS: 60 s each)
#
#   bench/suite.sh                                    # the full run, about 10 min
#   RUNS=2 LAYOUTS="10x1 2x5" IDLE_S=5 bench/suite.sh # a smoke run, about 1 min
#
# Env knobs: RUNS (10), SCENARIOS ("cold bulk crash idle"), LAYOUTS ("100x1 20x5": apps x
# instances; re-apply uses the first), IDLE_APPS (100), IDLE_S (60), CPU_RUNS (1), TIMEOUT_S
# per command or wait (120), SUITE_TIMEOUT_S watchdog for the whole run (2400), OUT
# (bench/results-suite.md), NO_PM2=1 (jpm alone), PM2_SPEC/PM2_CACHE/PM2_REINSTALL (see
# bench/pm2.sh), SUMMARY (a file that gets the key rows for bench/all.sh).
# The apps are bench/fixtures/stamp.sh (appends its start time and pid to a file, then execs
# `sleep 100000`) or plain `sleep 100000`, run without an interpreter by both managers.
# Both daemons run in temp homes under /tmp (~/.jpm and ~/.pm2 are never touched) and are
# killed at exit, also on Ctrl-C or the watchdog; app processes that survive are killed too.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-10}; SCENARIOS=${SCENARIOS:-cold bulk crash idle}; LAYOUTS=${LAYOUTS:-100x1 20x5}
IDLE_APPS=${IDLE_APPS:-100}; IDLE_S=${IDLE_S:-60}; CPU_RUNS=${CPU_RUNS:-1}; TIMEOUT_S=${TIMEOUT_S:-120}
OUT=${OUT:-$root/bench/results-suite.md}
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: RUNS must be >= 1" >&2; exit 2; }
for l in $LAYOUTS; do [[ $l =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || { echo "bench: bad layout '$l' (want APPSxINSTANCES)" >&2; exit 2; }; done
command -v jq >/dev/null || { echo "bench: jq is required (apt-get install -y jq)" >&2; exit 2; }
stamp="$root/bench/fixtures/stamp.sh"
log() { echo "bench: $*" >&2; }
suite_t0=$SECONDS
suite_ticks=$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f20)   # this script's start, in clock ticks after boot
start_watchdog "${SUITE_TIMEOUT_S:-2400}"

. "$root/bench/pm2.sh"
managers=(jpm); [ -n "$PM2_OK" ] && managers+=(pm2)
order() { if [ $(($1 % 2)) -eq 0 ] && [ ${#managers[@]} -eq 2 ]; then echo pm2 jpm; else echo "${managers[@]}"; fi; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- helpers
# J, P and cli: bench/lib.sh
# jl MGR: one line per instance: name, pid (0 if none), status, restart counter (tab-separated)
jl() {
  if [ "$1" = jpm ]; then J jlist | jq -r '.[] | [.name, (.pid // 0), .status, .restarts] | @tsv'
  else P jlist | jq -r '.[] | [.name, (.pid // 0), .pm2_env.status, .pm2_env.restart_time] | @tsv'; fi
}
tracked="$work/app-pids"; : > "$tracked"   # app pids seen and not yet seen gone: checked at exit
snapshot() { jl "$1" > "$2" 2>/dev/null || true; cut -f2 "$2" >> "$tracked"; }
# wait_online MGR N: until jlist shows N instances online (TIMEOUT_S); sets WAIT_T to the time
# that jlist call began (they were all online by then: the CLI's own latency is not counted)
wait_online() {
  local deadline=$((SECONDS + TIMEOUT_S)) c t
  while :; do
    t=$(now_s)
    c=$(jl "$1" 2>/dev/null | awk -F'\t' '$3 == "online"' | wc -l)
    [ "$c" -ge "$2" ] && { WAIT_T=$t; return 0; }
    [ $SECONDS -lt $deadline ] || { log "$1: $c of $2 instances online after ${TIMEOUT_S} s"; WAIT_T=$(now_s); return 1; }
    sleep 0.05
  done
}
# wait_gone PIDS...: until none of them is alive (10 s); prints how many are left
wait_gone() {
  local p left
  for _ in $(seq 1 100); do
    left=0; for p in "$@"; do [ "$p" != 0 ] && alive "$p" && left=$((left + 1)); done
    [ $left -eq 0 ] && break; sleep 0.1
  done
  echo "$left"
}
declare -A R      # R[metric,mgr] = values, one per run, space-separated
NOTES=()
add() { R[$1,$2]+="$3 "; }
note() { NOTES+=("$1"); log "NOTE: $1"; }

# the daemons of the cold-start homes, and leftover apps, are ended at exit; then lib.sh's and
# pm2.sh's cleanups run (again: harmless)
cold_homes=()
final_cleanup() {
  set +e
  local h d p left=""
  for h in "${cold_homes[@]}"; do
    [ -d "${h#*:}" ] || continue
    case $h in
      jpm:*) d=$(cat "${h#jpm:}/daemon.pid" 2>/dev/null); timeout 30 "$jpm" --home "${h#jpm:}" kill >/dev/null 2>&1 ;;
      pm2:*) d=$(cat "${h#pm2:}/pm2.pid" 2>/dev/null); PM2_HOME="${h#pm2:}" timeout 30 "$PM2_BIN" kill >/dev/null 2>&1 ;;
    esac
    [ -n "$d" ] && alive "$d" && { log "WARNING: cold-start daemon $d survived its kill; SIGKILL"; kill -9 "$d"; }
  done
  timeout 60 "$jpm" kill >/dev/null 2>&1
  [ -n "$PM2_OK" ] && pm2_cleanup
  sleep 0.5
  # app processes that outlived both daemons (only ours: a pid we saw, still running our fixture)
  for p in $(sort -un "$tracked" 2>/dev/null); do
    [ "$p" -gt 1 ] 2>/dev/null && [ -e "/proc/$p" ] && alive "$p" || continue   # -e first: no fork for the many gone
    # ours only: started after this script (no reused pid of an older process) and running a fixture
    [ "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f20)" -ge "$suite_ticks" ] 2>/dev/null || continue
    tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q -e "$stamp" -e 'sleep 100000' || continue
    left="$left $p"; kill -9 "$p"
  done
  [ -z "$left" ] || log "WARNING: app processes survived both daemons and were killed:$left"
}
add_exit_trap final_cleanup

# ecosystem files: jpm's YAML and PM2's JSON for the same apps
# eco MGR FILE APPS INSTANCES STAMPFILE(or "" for plain sleep) [NAME-PREFIX] [EXTRA-YAML-KEY=VALUE]
eco() {
  local m=$1 f=$2 apps=$3 inst=$4 st=$5 pre=${6:-b} extra=${7:-}
  if [ "$m" = jpm ]; then
    { echo "apps:"
      for i in $(seq 1 "$apps"); do
        echo "  - name: $pre$i"
        if [ -n "$st" ]; then echo "    script: $stamp"; else echo "    script: sleep"; echo '    args: ["100000"]'; fi
        echo "    interpreter: none"
        echo "    instances: $inst"
        if [ -n "$extra" ]; then echo "    ${extra%%=*}: ${extra#*=}"; fi
        if [ -n "$st" ]; then printf '    env:\n      STAMP_FILE: %s\n' "$st"; fi
      done; } > "$f"
  else
    python3 - "$f" "$apps" "$inst" "$st" "$pre" "$extra" "$stamp" <<'PY'
import json, sys
f, apps, inst, st, pre, extra, stamp = sys.argv[1:]
out = []
for i in range(1, int(apps) + 1):
    a = {"name": f"{pre}{i}", "interpreter": "none", "instances": int(inst), "exec_mode": "fork"}
    if st: a.update(script=stamp, env={"STAMP_FILE": st})
    else: a.update(script="sleep", args="100000")
    if extra:
        k, v = extra.split("=", 1); a[k] = int(v)
    out.append(a)
json.dump({"apps": out}, open(f, "w"))
PY
  fi
}
# jpm apply --no-wait returns once the processes are started, as pm2 start does (plain apply also
# waits until each has been up for min_uptime, 1 s by default: docs/apply.md)
start_file() { if [ "$1" = jpm ]; then J apply --no-wait "$2"; else P start "$2"; fi; }
# last_stamp FILE: the latest start time in a stamp file
last_stamp() { awk '$1 > m { m = $1 } END { print m }' "$1"; }

# ---------------------------------------------------------------- cold start
cold_one() {   # MGR RUN
  local m=$1 run=$2 h t0 t1 d
  h="$work/c$run$m"; rm -rf "$h"; cold_homes+=("$m:$h")
  if [ "$m" = jpm ]; then
    t0=$(now_s); timeout "$TIMEOUT_S" "$jpm" --home "$h" ping >"$work/cli.out" 2>&1 || note "jpm cold run $run: ping failed: $(tail -1 "$work/cli.out")"; t1=$(now_s)
    d=$(cat "$h/daemon.pid" 2>/dev/null)
    timeout 60 "$jpm" --home "$h" kill >/dev/null 2>&1 || note "jpm cold run $run: kill failed"
  else
    t0=$(now_s); PM2_HOME="$h" timeout "$TIMEOUT_S" "$PM2_BIN" ping >"$work/cli.out" 2>&1 || note "pm2 cold run $run: ping failed: $(tail -1 "$work/cli.out")"; t1=$(now_s)
    d=$(cat "$h/pm2.pid" 2>/dev/null)
    PM2_HOME="$h" timeout 60 "$PM2_BIN" kill >/dev/null 2>&1 || note "pm2 cold run $run: kill failed"
  fi
  [ -n "$d" ] || note "$m cold run $run: no daemon pid file after ping"
  [ -n "$d" ] && [ "$(wait_gone "$d")" = 0 ] || note "$m cold run $run: daemon $d still alive after kill"
  rm -rf "$h"
  add cold "$m" "$(ms_between "$t0" "$t1")"
  log "$m cold run $run: $(ms_between "$t0" "$t1") ms"
}
scenario_cold() {
  local run m
  for m in "${managers[@]}"; do cold_one "$m" 0; done   # unmeasured: page cache, first JIT of node
  R[cold,jpm]=""; R[cold,pm2]=""
  for run in $(seq 1 "$RUNS"); do for m in $(order "$run"); do cold_one "$m" "$run"; done; done
}

# ---------------------------------------------------------------- bulk start, re-apply, delete all
bulk_one() {   # MGR LAYOUT RUN REAPPLY(0/1); RUN "warmup" records nothing
  local m=$1 lay=$2 run=$3 re=$4 apps=${2%x*} inst=${2#*x} n t0 t1 t2 f st left k
  n=$((apps * inst)); st="$work/stamps-$m"; k="$lay"
  f="$work/bulk-$lay.$([ "$m" = jpm ] && echo yaml || echo json)"
  [ -f "$f" ] || eco "$m" "$f" "$apps" "$inst" "$st"
  : > "$st"
  t0=$(now_s)
  start_file "$m" "$f" >"$work/cli.out" 2>&1 || note "$m $lay run $run: the start command failed: $(tail -1 "$work/cli.out")"
  t1=$(now_s)
  wait_online "$m" "$n" || note "$m $lay run $run: not all $n online within ${TIMEOUT_S} s"
  t2=$WAIT_T
  [ "$(wc -l < "$st")" -eq "$n" ] || note "$m $lay run $run: $(wc -l < "$st") app starts stamped, $n expected"
  local spawned; spawned=$(ms_between "$t0" "$(last_stamp "$st")")
  if [ "$run" != warmup ]; then
    add "start_online,$k" "$m" "$(ms_between "$t0" "$t2")"; add "start_cmd,$k" "$m" "$(ms_between "$t0" "$t1")"
    add "start_spawned,$k" "$m" "$spawned"
  fi
  log "$m start $lay run $run: command $(ms_between "$t0" "$t1") ms, all online in jlist by $(ms_between "$t0" "$t2") ms, last app started $spawned ms"
  if [ "$re" = 1 ]; then
    snapshot "$m" "$work/before"
    : > "$st"
    t0=$(now_s)
    start_file "$m" "$f" >"$work/cli.out" 2>&1 || note "$m re-apply run $run: the command failed: $(tail -1 "$work/cli.out")"
    t1=$(now_s)
    wait_online "$m" "$n" || note "$m re-apply run $run: not all $n online within ${TIMEOUT_S} s"
    t2=$WAIT_T
    snapshot "$m" "$work/after"
    local restarts replaced
    restarts=$(awk -F'\t' 'NR == FNR { b += $4; next } { a += $4 } END { print a - b }' "$work/before" "$work/after")
    replaced=$(awk -F'\t' 'NR == FNR { p[$2] = 1; next } !($2 in p) { c++ } END { print c + 0 }' "$work/before" "$work/after")
    if [ "$run" != warmup ]; then
      add "reapply,$k" "$m" "$(ms_between "$t0" "$t2")"; add "reapply_cmd,$k" "$m" "$(ms_between "$t0" "$t1")"
      add "reapply_restarts,$k" "$m" "$restarts"; add "reapply_replaced,$k" "$m" "$replaced"
    fi
    log "$m re-apply $lay run $run: command $(ms_between "$t0" "$t1") ms, all online $(ms_between "$t0" "$t2") ms; restart counters +$restarts, processes replaced $replaced"
  fi
  snapshot "$m" "$work/before"
  t0=$(now_s)
  cli "$m" delete all >"$work/cli.out" 2>&1 || note "$m $lay run $run: delete all failed: $(tail -1 "$work/cli.out")"
  t1=$(now_s)
  left=$(wait_gone $(cut -f2 "$work/before"))
  if [ "$left" = 0 ]; then : > "$tracked"; else note "$m $lay run $run: $left app processes still alive 10 s after delete all"; fi
  [ -z "$(jl "$m" 2>/dev/null)" ] || note "$m $lay run $run: jlist not empty after delete all"
  [ "$run" != warmup ] && add "delete,$k" "$m" "$(ms_between "$t0" "$t1")"
  log "$m delete all ($n) run $run: $(ms_between "$t0" "$t1") ms"
}
scenario_bulk() {
  local lay run m re first=${LAYOUTS%% *}
  for m in "${managers[@]}"; do bulk_one "$m" 2x5 warmup 1; done   # unmeasured: warms both paths
  for lay in $LAYOUTS; do
    re=0; [ "$lay" = "$first" ] && re=1
    for run in $(seq 1 "$RUNS"); do for m in $(order "$run"); do bulk_one "$m" "$lay" "$run" "$re"; done; done
  done
}

# ---------------------------------------------------------------- crash -> respawn
# Variants: jpm with restart_delay 0 (its default: 0 means exponential backoff from 100 ms, so
# a stable crash waits 100 ms), jpm with restart_delay 1 (the shortest fixed delay: 1 ms), and
# PM2 with restart_delay 0 (its default; no backoff unless exp_backoff_restart_delay is set).
# All three apps run at once; the kills go round them, their order alternating by run.
crash_variants() { if [ -n "$PM2_OK" ]; then [ $(($1 % 2)) -eq 0 ] && echo pm2 jpm1 jpm || echo jpm jpm1 pm2; else echo jpm jpm1; fi; }
scenario_crash() {
  local v m run f st pid n t0 new deadline delay
  for v in $(crash_variants 1); do
    m=${v%1}; delay=0; [ "$v" = jpm1 ] && delay=1
    st="$work/crash-$v"; : > "$st"
    f="$work/crash-$v.$([ "$m" = jpm ] && echo yaml || echo json)"
    eco "$m" "$f" 1 1 "$st" "crash-$v-" "restart_delay=$delay"
    start_file "$m" "$f" >"$work/cli.out" 2>&1 || { note "$v crash: start failed: $(tail -1 "$work/cli.out")"; return 0; }
  done
  sleep 1.5   # past min_uptime (1 s in both): every restart below counts as stable
  for run in $(seq 1 "$RUNS"); do
    for v in $(crash_variants "$run"); do
      st="$work/crash-$v"; pid=$(tail -1 "$st" | cut -d' ' -f2)
      echo "$pid" >> "$tracked"
      r=$(respawn "$st" "$pid")
      [ -n "$r" ] || { note "$v crash run $run: no new process 20 s after SIGKILL"; continue; }
      read -r ms newpid t0 <<< "$r"
      echo "$t0" >> "$work/kills-$v"; echo "$newpid" >> "$tracked"
      add "crash,$v" "${v%1}" "$ms"
      log "$v crash run $run: pid $pid killed, pid $newpid started after $ms ms"
      sleep 1.1
    done
  done
  for v in $(crash_variants 1); do
    m=${v%1}
    jl "$m" 2>/dev/null | grep "^crash-$v-1"$'\t' > "$work/after" || true
    read -r _ pid status restarts < "$work/after" || true
    [ "${status:-}" = online ] && [ "$pid" = "$(tail -1 "$work/crash-$v" | cut -d' ' -f2)" ] && [ "$restarts" = "$RUNS" ] \
      || note "$v crash: at the end jlist shows pid ${pid:-?} ${status:-?} with ${restarts:-?} restarts; the last stamp is pid $(tail -1 "$work/crash-$v" | cut -d' ' -f2), after $RUNS kills"
    cli "$m" delete "crash-$v-1" >/dev/null 2>&1 || note "$v crash: delete failed"
  done
  # where jpm's time goes, from the transitions in daemon.log (best effort: skipped if the log
  # says something else)
  for v in jpm jpm1; do
    [ -f "$work/kills-$v" ] || continue
    local b; b=$(python3 - "$JPM_HOME/daemon.log" "crash-$v-1#0" "$work/kills-$v" <<'PY' 2>/dev/null || true
import sys, datetime, statistics
log, inst, kills = sys.argv[1], sys.argv[2], [float(x) for x in open(sys.argv[3])]
def ts(line):
    d = datetime.datetime.fromisoformat(line.split()[0][:26].rstrip("Z") + "+00:00")
    return d.timestamp()
ev = []
for line in open(log, errors="replace"):
    if inst + " " not in line: continue
    for key, name in (("online -> waiting-restart", "exit"), ("waiting-restart -> launching", "launch"), ("launching -> online", "online")):
        if key in line: ev.append((name, ts(line)))
seen, launch, online = [], [], []
for k in kills:
    after = [e for e in ev if e[1] >= k - 0.001]
    try:
        x = next(e for e in after if e[0] == "exit"); l = next(e for e in after if e[0] == "launch" and e[1] >= x[1]); o = next(e for e in after if e[0] == "online" and e[1] >= l[1])
    except StopIteration: continue
    seen.append((x[1] - k) * 1000); launch.append((l[1] - x[1]) * 1000); online.append((o[1] - l[1]) * 1000)
if seen:
    m = lambda v: "%.0f" % statistics.median(v)
    print(f"exit noticed {m(seen)} ms after the SIGKILL, then launching {m(launch)} ms later, then online {m(online)} ms later (medians of {len(seen)})")
PY
)
    [ -z "$b" ] || note "$v (restart_delay $([ "$v" = jpm1 ] && echo 1 || echo 0)), from the transitions in jpm's daemon.log: $b"
  done
  # PM2's figures go in both rows
  R[crash,jpm1,pm2]=${R[crash,pm2,pm2]:-}; R[crash,jpm,pm2]=${R[crash,pm2,pm2]:-}
}

# ---------------------------------------------------------------- idle CPU
# idle_window LABEL: CPU seconds of each daemon over IDLE_S, all measured in the same window
idle_window() {
  local m d c0=() c1=() pids=() i=0
  for m in "${managers[@]}"; do
    if [ "$m" = jpm ]; then pids+=("$(cat "$JPM_HOME/daemon.pid")"); else pids+=("$(pm2_daemon_pid)"); fi
  done
  for d in "${pids[@]}"; do c0+=("$(cpu_ticks "$d")"); done
  sleep "$IDLE_S"
  for d in "${pids[@]}"; do c1+=("$(cpu_ticks "$d")"); done
  for m in "${managers[@]}"; do
    local s; s=$(awk -v a="${c0[$i]}" -v b="${c1[$i]}" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / t }')
    add "idle,$1" "$m" "$s"; log "$m daemon ${pids[$i]}, idle $IDLE_S s with $1 apps: $s s CPU"
    i=$((i + 1))
  done
}
scenario_idle() {
  local m r f n
  for m in "${managers[@]}"; do cli "$m" ping >/dev/null 2>&1 || true; done
  for r in $(seq 1 "$CPU_RUNS"); do sleep 3; idle_window 0; done
  for m in "${managers[@]}"; do
    f="$work/idle.$([ "$m" = jpm ] && echo yaml || echo json)"
    eco "$m" "$f" "$IDLE_APPS" 1 "" i
    start_file "$m" "$f" >"$work/cli.out" 2>&1 || note "$m idle: start failed: $(tail -1 "$work/cli.out")"
    wait_online "$m" "$IDLE_APPS" || note "$m idle: not all online"
  done
  for r in $(seq 1 "$CPU_RUNS"); do sleep 5; idle_window "$IDLE_APPS"; done
  # jpm's own account of one /proc scan (metrics, memory limits, reaping), after the windows
  local scans=()
  for r in 1 2 3 4 5; do scans+=("$(J ping --json | jq -r '.last_scan_micros // empty')"); sleep 2; done
  SCAN_US=$(summ 0 "${scans[@]}")
  for m in "${managers[@]}"; do
    snapshot "$m" "$work/before"
    cli "$m" delete all >/dev/null 2>&1 || note "$m idle: delete all failed"
    n=$(wait_gone $(cut -f2 "$work/before")); [ "$n" = 0 ] || note "$m idle: $n app processes alive 10 s after delete all"
  done
}

# ---------------------------------------------------------------- run
J ping >/dev/null
JPM_DPID=$(cat "$JPM_HOME/daemon.pid"); PM2_DPID=$([ -n "$PM2_OK" ] && pm2_daemon_pid || echo "")
log "managers: ${managers[*]}; RUNS=$RUNS; scenarios: $SCENARIOS; jpm daemon $JPM_DPID${PM2_OK:+, PM2 daemon $PM2_DPID}"
SCAN_US=""
for s in $SCENARIOS; do
  case $s in cold|bulk|crash|idle) ;; *) echo "bench: unknown scenario '$s'" >&2; exit 2 ;; esac
  log "---- $s"; "scenario_$s"
done
[ "$(cat "$JPM_HOME/daemon.pid")" = "$JPM_DPID" ] || note "the jpm daemon pid changed during the run"
[ -z "$PM2_OK" ] || [ "$(pm2_daemon_pid)" = "$PM2_DPID" ] || note "the PM2 daemon pid changed during the run"
DURATION=$((SECONDS - suite_t0))

# ---------------------------------------------------------------- report
rows=()
row() {   # LABEL METRIC DECIMALS [noratio] [TARGET]: a table row, and a summary row when TARGET is set
  local j p rt="-"
  # shellcheck disable=SC2086
  j=$(summ "$3" ${R[$2,jpm]:-}); p="-"
  if [ -n "$PM2_OK" ]; then
    # shellcheck disable=SC2086
    p=$(summ "$3" ${R[$2,pm2]:-})
    # shellcheck disable=SC2086
    [ "${4:-}" = noratio ] || rt=$(ratio "$(med ${R[$2,jpm]:-})" "$(med ${R[$2,pm2]:-})")
  fi
  rows+=("| $1 | $j | $p | $rt |")
  [ -z "${5:-}" ] || summary_row "$1" "$j" "$p" "$rt" "$5"
}
pct() { awk -v s="$1" -v t="$IDLE_S" 'BEGIN { if (s == "" || s == "-") print "-"; else printf "%.2f%%", s / t * 100 }'; }
label() { local a=${1%x*} i=${1#*x}; echo "$a×$i"; }   # 100x1 -> 100×1
for s in $SCENARIOS; do
  case $s in
    cold) row "cold start: first \`ping\` on a fresh home (spawns the daemon), ms" cold 0 "" "≤ 0.8" ;;
    bulk)
      first=${LAYOUTS%% *}
      for lay in $LAYOUTS; do
        n=$(( ${lay%x*} * ${lay#*x} ))
        row "start $(label "$lay") from a file until \`jlist\` shows all $n online, ms" "start_online,$lay" 0 "" "≤ 0.5"
        row "... the start command alone, ms" "start_cmd,$lay" 0
        row "... the last app process started (its own time stamp), ms" "start_spawned,$lay" 0
        if [ "$lay" = "$first" ]; then
          row "re-apply the unchanged $(label "$lay") file until all online, ms" "reapply,$lay" 0 "" "-"
          row "... restart counters added up, per re-apply" "reapply_restarts,$lay" 0 noratio "0 restarts"
          row "... processes replaced, per re-apply" "reapply_replaced,$lay" 0 noratio
        fi
        row "\`delete all\` of the $n instances of $(label "$lay"), ms" "delete,$lay" 0 "" "$([ "$lay" = "$first" ] && echo "≤ 0.3")"
      done ;;
    crash)
      row "crash → respawn: SIGKILL to the new process running, ms (restart_delay 0: the default of both)" "crash,jpm" 0 "" "-"
      row "... jpm with restart_delay 1 ms (PM2 as above)" "crash,jpm1" 0 ;;
    idle)
      row "daemon CPU over $IDLE_S s idle, 0 apps, s" "idle,0" 2 "" "-"
      row "daemon CPU over $IDLE_S s idle, $IDLE_APPS apps, s" "idle,$IDLE_APPS" 2 "" "≤ 1" ;;
  esac
done

report() {
  echo "# jpm vs PM2: start, re-apply, delete, crash, idle"
  echo
  machine_line
  echo "- jpm: $("$jpm" version 2>/dev/null | head -1); AOT cache: $([ -f "$work/jpm/target/jpm.aot" ] && echo used || echo none); PM2: $([ -n "$PM2_OK" ] && echo "$PM2_VERSION (node $(node --version))" || echo "skipped ($PM2_WHY)")"
  echo "- $RUNS runs per row, jpm and PM2 alternating (odd runs jpm first); median (min–max); load average at the start: $LOAD_BEFORE; the suite took $((DURATION / 60)) min $((DURATION % 60)) s"
  [ "$RUNS" -ge 10 ] || echo "- **smoke run** (RUNS=$RUNS): the issue asks for at least 10"
  echo
  echo "| what | jpm | PM2 | jpm/PM2 |"
  echo "| --- | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "How it is measured:"
  for s in $SCENARIOS; do case $s in
    cold) echo "- cold start: \`jpm --home NEW ping\` and \`PM2_HOME=NEW pm2 ping\` with no daemon and a new empty home each run, then \`kill\`; one unmeasured run each first." ;;
    bulk) echo "- start: \`jpm apply --no-wait FILE.yaml\` and \`pm2 start FILE.json\` of the same apps (\`bench/fixtures/stamp.sh\`, interpreter none, fork mode; a 20×5 app is one app with \`instances: 5\`), timed from the command until the start of the first \`jlist\` that shows every instance online (polled after the command returns, every 50 ms; so that jlist's own latency is not counted; the first poll nearly always succeeds). Both commands return once the processes are started (plain \`jpm apply\`, without \`--no-wait\`, also waits until every instance has been online for its \`min_uptime\`, 1 s by default, and reports those that fail). The last row of each start is when the last app process began, from the time stamp each app writes as it starts: the managers' spawn speed, without the CLI or that wait."
          echo "- re-apply: the same command with the same file again, right after the start: jpm plans no change; PM2 has no command that leaves running apps alone: \`pm2 start FILE.json\` restarts every app of the file (as do \`startOrReload\` and \`startOrRestart\`). Restarts are the growth of jlist's restart counters (\`restarts\`, \`pm2_env.restart_time\`); processes replaced are instances whose pid changed."
          echo "- \`delete all\`: the command's time; then the bench checks that every app process is gone and jlist is empty. One unmeasured start/re-apply/delete cycle of 2×5 per manager first." ;;
    crash) echo "- crash: one app per manager and variant (\`stamp.sh\`), all three running at once. Defaults: PM2's \`restart_delay\` is 0 and its exponential backoff is off unless set; jpm's \`restart_delay\` is 0 too, but in jpm 0 means exponential backoff from 100 ms (\`Lifecycle.BACKOFF_FIRST\`), so a stable crash waits 100 ms; \`restart_delay: 1\` is jpm's shortest fixed delay. The bench sends SIGKILL to its pid and takes the time stamp the new process writes as it starts (bash, before exec of sleep: a few ms after the fork). 1.1 s between kills, so every restart is a stable one (min_uptime 1 s in both)." ;;
    idle) echo "- idle CPU: utime+stime of the daemon process alone (\`JPM_HOME/daemon.pid\`; PM2's God daemon, \`PM2_HOME/pm2.pid\`), from /proc/PID/stat, over the same $IDLE_S s window for both, $CPU_RUNS window(s) only (not RUNS: each takes $IDLE_S s); with 0 apps, then with $IDLE_APPS \`sleep 100000\` apps each after 5 s of settling. jpm scans /proc every 2 s for metrics; one scan with $IDLE_APPS apps took ${SCAN_US:-?} µs (\`jpm ping --json\` .last_scan_micros, 5 samples after the window), with $(ls /proc | grep -c '^[0-9]') processes on the machine." ;;
  esac; done
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    printf -- '- %s\n' "${NOTES[@]}"
  fi
  echo
  echo "Rerun: \`RUNS=$RUNS SCENARIOS=\"$SCENARIOS\" LAYOUTS=\"$LAYOUTS\" IDLE_APPS=$IDLE_APPS IDLE_S=$IDLE_S CPU_RUNS=$CPU_RUNS bench/suite.sh\` (NO_PM2=1 for jpm alone; see the script's header), or \`bench/all.sh\` for the whole suite."
}
report | tee "$OUT"
log "wrote $OUT in $((DURATION / 60)) min $((DURATION % 60)) s"
