#!/usr/bin/env bash
# The event bus, jpm against PM2 in the same run; medians and the ratio jpm/PM2 to stdout and
# bench/results-events.md:
#
#   latency   an app that crashes in a loop (bench/fixtures/exit-stamp.sh: runs LIFE_MS, stamps
#             its time and pid, exits 1; restart_delay DELAY_MS) and one subscriber: jpm's is
#             `jpm events --json --type exited APP` piped into bench/fixtures/line-stamp.py,
#             PM2's a launchBus script on `process:event` (bench/fixtures/pm2-bus.js); each
#             stamps every exit event as it arrives. Latency = arrival - the app's last stamp,
#             per exit, paired by pid (jpm) or restart count (PM2). EXITS per manager, spread
#             over RUNS rounds, the first WARMUP exits of each round not counted: median, p99.
#   overhead  with 0 and with SUBS subscribers that read everything (jpm: `jpm events --json`
#             to /dev/null; PM2: launchBus scripts): crash -> respawn (SIGKILL of a
#             bench/fixtures/stamp.sh app to its replacement's stamp, restart_delay 0, KILLS per
#             round) and `delete all` of APPS running apps (`sleep`), RUNS rounds.
#
# jpm and PM2 alternate (odd rounds jpm first, even rounds PM2 first), and so do 0 and SUBS
# subscribers within a round.
#
#   bench/events.sh                                        # the default run, 6 to 8 min on 2 CPUs
#   RUNS=2 EXITS=20 APPS=10 KILLS=2 SUBS=3 bench/events.sh  # a smoke run, about 2 min
#
# Env knobs: RUNS (4: even, so that each order comes first as often), SCENARIOS ("latency overhead"), EXITS (200), WARMUP (2), LIFE_MS (120),
# DELAY_MS (50), SOCKET (1: the latency also with a subscriber on the socket without the CLI,
# bench/fixtures/jpm-sub.py, to tell the CLI's share; 0: not), SUBS (10), APPS (100), KILLS (3),
# JPM_SINK (cli: the overhead's subscribers are `jpm events`; socket: jpm-sub.py, no CLI),
# TIMEOUT_S per command or wait (120), EVENTS_TIMEOUT_S watchdog for the whole run (1800), OUT
# (bench/results-events.md), NO_PM2=1 (jpm alone), PM2_SPEC/PM2_CACHE/PM2_REINSTALL (see
# bench/pm2.sh), SUMMARY (a file that gets the key rows for bench/all.sh).
# Both daemons run in temp homes under /tmp and are killed at exit, with every subscriber this
# script started (each runs in its own process group, ended by its id).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-4}; SCENARIOS=${SCENARIOS:-latency overhead}; EXITS=${EXITS:-200}; WARMUP=${WARMUP:-2}
LIFE_MS=${LIFE_MS:-120}; DELAY_MS=${DELAY_MS:-50}; SOCKET=${SOCKET:-1}; JPM_SINK=${JPM_SINK:-cli}; SUBS=${SUBS:-10}; APPS=${APPS:-100}; KILLS=${KILLS:-3}
TIMEOUT_S=${TIMEOUT_S:-120}; OUT=${OUT:-$root/bench/results-events.md}
for k in RUNS EXITS LIFE_MS SUBS APPS KILLS TIMEOUT_S; do
  [[ ${!k} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $k must be a number >= 1" >&2; exit 2; }
done
# min_uptime: PM2's least (it refuses less); the app outlives it, so every restart is a stable one
MIN_UPTIME=100; [ "$LIFE_MS" -gt "$MIN_UPTIME" ] || { echo "bench: LIFE_MS must be > $MIN_UPTIME (min_uptime)" >&2; exit 2; }
[[ $WARMUP =~ ^[0-9]+$ && $DELAY_MS =~ ^[0-9]+$ ]] || { echo "bench: WARMUP and DELAY_MS must be numbers" >&2; exit 2; }
command -v jq >/dev/null || { echo "bench: jq is required (apt-get install -y jq)" >&2; exit 2; }
PY=$(python3 -c 'import sys; print(sys.executable)')   # the real binary, not a pyenv shim
exit_stamp="$root/bench/fixtures/exit-stamp.sh"; stamp="$root/bench/fixtures/stamp.sh"
line_stamp="$root/bench/fixtures/line-stamp.py"; jpm_sub="$root/bench/fixtures/jpm-sub.py"; bus_js="$root/bench/fixtures/pm2-bus.js"
log() { echo "bench: $*" >&2; }
t_start=$SECONDS
start_watchdog "${EVENTS_TIMEOUT_S:-1800}"

# Subscribers run each in a process group of its own (setsid): ended by that id at the end of
# their round, and at exit whatever is left (a PM2 bus subscriber would reconnect forever).
groups=()
end_group() { kill -TERM -- "-$1" 2>/dev/null || true; }
end_groups() { local g; for g in "${groups[@]}"; do end_group "$g"; done; groups=(); }
add_exit_trap end_groups

. "$root/bench/pm2.sh"
managers=(jpm); [ -n "$PM2_OK" ] && managers+=(pm2)
order() { if [ $(($1 % 2)) -eq 0 ] && [ ${#managers[@]} -eq 2 ]; then echo pm2 jpm; else echo "${managers[@]}"; fi; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg); NPROCS=$(ls /proc | grep -c '^[0-9]')
PM2_MODULE="$PM2_CACHE/node_modules/pm2"

# ---------------------------------------------------------------- helpers (as in suite.sh)
# J, P and cli: bench/lib.sh
# jl MGR: one line per instance: name, pid (0 if none), status (tab-separated)
jl() {
  if [ "$1" = jpm ]; then J jlist | jq -r '.[] | [.name, (.pid // 0), .status] | @tsv'
  else P jlist | jq -r '.[] | [.name, (.pid // 0), .pm2_env.status] | @tsv'; fi
}
wait_online() {   # MGR N: until jlist shows N instances online (TIMEOUT_S)
  local deadline=$((SECONDS + TIMEOUT_S)) c
  while :; do
    c=$(jl "$1" 2>/dev/null | awk -F'\t' '$3 == "online"' | wc -l)
    [ "$c" -ge "$2" ] && return 0
    [ $SECONDS -lt $deadline ] || { log "$1: $c of $2 instances online after ${TIMEOUT_S} s"; return 1; }
    sleep 0.05
  done
}
wait_gone() {   # PIDS...: until none is alive (10 s); prints how many are left
  local p left
  for _ in $(seq 1 100); do
    left=0; for p in "$@"; do [ "$p" != 0 ] && alive "$p" && left=$((left + 1)); done
    [ $left -eq 0 ] && break; sleep 0.1
  done
  echo "$left"
}
# wait_lines FILE N SECONDS: until FILE has N lines; 1 if it did not in time
wait_lines() {
  local deadline=$((SECONDS + $3))
  until [ "$(wc -l < "$1" 2>/dev/null || echo 0)" -ge "$2" ]; do
    [ $SECONDS -lt $deadline ] || return 1; sleep 0.05
  done
}
declare -A R      # R[metric,subscribers,mgr] = values, space-separated
NOTES=()
add() { R[$1,$2]+="$3 "; }
note() { NOTES+=("$1"); log "NOTE: $1"; }

# eco MGR FILE NAME-PREFIX COUNT SCRIPT [YAML-KEY=VALUE...]: COUNT apps of SCRIPT, no
# interpreter, fork mode; jpm's YAML or PM2's JSON. Keys with a number are durations in ms in
# both (restart_delay, min_uptime) or counts (max_restarts); env_* keys go to the app's env.
eco() {
  local m=$1 f=$2 pre=$3 n=$4 script=$5; shift 5
  "$PY" - "$m" "$f" "$pre" "$n" "$script" "$@" <<'PY'
import json, sys
m, f, pre, n, script, *kv = sys.argv[1:]
apps = []
for i in range(1, int(n) + 1):
    a = {"name": f"{pre}{i}" if int(n) > 1 else pre, "script": script, "interpreter": "none"}
    env = {}
    for k, v in (x.split("=", 1) for x in kv):
        if k.startswith("env_"): env[k[4:]] = v
        elif k == "args": a["args"] = [v] if m == "jpm" else v
        else: a[k] = int(v)
    if env: a["env"] = env
    if m == "pm2": a["exec_mode"] = "fork"
    apps.append(a)
with open(f, "w") as out:
    if m == "pm2":
        json.dump({"apps": apps}, out)
    else:   # JSON is YAML: jpm reads a .yaml file holding this
        out.write("apps:\n" + "".join("  - " + json.dumps(a) + "\n" for a in apps))
PY
}
start_file() { if [ "$1" = jpm ]; then J apply --no-wait "$2"; else P start "$2"; fi; }
ext() { [ "$1" = jpm ] && echo yaml || echo json; }

# ---------------------------------------------------------------- latency
# lat_round VARIANT RUN COUNT: one crash-looping app and one subscriber until COUNT+WARMUP exits
# arrived; the paired latencies go to $work/lat-VARIANT (ms: total, exit->event's own time,
# event's own time->arrival). Variants: jpm (`jpm events`), jpm-socket (the same subscription
# without the CLI: bench/fixtures/jpm-sub.py on the socket), pm2.
lat_round() {
  local v=$1 m=${1%-socket} run=$2 count=$3 name="lat$2${1#jpm}" st="$work/lat-stamps-$1-$2" recv="$work/lat-recv-$1-$2"
  local ready="$work/lat-ready-$1-$2" f="$work/lat-$1-$2.$(ext "${1%-socket}")" g need=$(($3 + WARMUP))
  : > "$st"; : > "$recv"; rm -f "$ready"
  eco "$m" "$f" "$name" 1 "$exit_stamp" "restart_delay=$DELAY_MS" "min_uptime=$MIN_UPTIME" \
    "max_restarts=1000000" "env_STAMP_FILE=$st" "env_LIFE_S=$(awk -v l="$LIFE_MS" 'BEGIN { printf "%.3f", l / 1000 }')"
  if [ "$v" = jpm-socket ]; then
    setsid "$PY" "$jpm_sub" "$JPM_HOME" "$name" exited "$ready" > "$recv" &
  elif [ "$m" = jpm ]; then
    # ready: the subscription is registered once the CLI says the target names nothing yet
    setsid bash -c '"$1" events --json --type exited "$2" 2>"$3" | "$4" "$5" > "$6"' \
      lat "$jpm" "$name" "$ready" "$PY" "$line_stamp" "$recv" &
  else
    PM2_HOME="$PM2_HOME_DIR" setsid node "$bus_js" "$PM2_MODULE" stamp "$name" "$ready" > "$recv" 2>"$work/bus.err" &
  fi
  g=$!; groups+=("$g")
  for _ in $(seq 1 300); do [ -s "$ready" ] && break; sleep 0.05; done
  [ -s "$ready" ] || note "$v latency round $run: the subscriber gave no sign of being subscribed in 15 s; went on (exits before it are not paired)"
  start_file "$m" "$f" >"$work/cli.out" 2>&1 || { note "$v latency round $run: start failed: $(tail -1 "$work/cli.out")"; end_group "$g"; return 0; }
  wait_lines "$recv" "$need" $((30 + need * (LIFE_MS + DELAY_MS + 500) / 1000)) \
    || note "$v latency round $run: $(wc -l < "$recv") exit events arrived, $need expected"
  cli "$m" delete "$name" >/dev/null 2>&1 || note "$v latency round $run: delete failed"
  sleep 0.2; end_group "$g"
  "$PY" - "$m" "$st" "$recv" "$WARMUP" "$count" >> "$work/lat-$v" 2>>"$work/lat-notes-$v" <<'PY'
import datetime, json, sys
m, stamps, recv, warmup, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
st = [line.split() for line in open(stamps) if line.strip()]
by_pid = {int(p): (i, float(t)) for i, (t, p) in enumerate(st)}
def at_s(v):   # jpm: ISO-8601 with ns; PM2: ms since the epoch
    if isinstance(v, (int, float)): return v / 1000
    return datetime.datetime.fromisoformat(v[:26].rstrip("Z") + "+00:00").timestamp()
paired = []   # (stamp index, total, notice, deliver) in arrival order
for line in open(recv):
    t, _, js = line.partition("\t")
    try: e = json.loads(js)
    except ValueError: continue
    if m == "jpm":
        if e.get("type") != "exited" or e.get("code") != 1: continue
        hit = by_pid.get(e["subject"]["pid"])
    else:
        if e.get("code") != 1: continue
        k = e.get("restart_time")
        hit = (k, float(st[k][0])) if isinstance(k, int) and 0 <= k < len(st) else None
    if hit is None: continue
    i, s = hit
    a = at_s(e["at"])
    paired.append((i, float(t) - s, a - s, float(t) - a))
bad = [p for p in paired if not 0 <= p[1] < 5]
first, last = (paired[0][0], paired[-1][0]) if paired else (0, -1)
seen = {p[0] for p in paired}
missed = sum(1 for i in range(first, last + 1) if i not in seen)
for i, tot, notice, deliver in [p for p in paired if 0 <= p[1] < 5][warmup:warmup + count]:
    print("%.3f %.3f %.3f" % (tot * 1000, notice * 1000, deliver * 1000))
if bad or missed:
    print(f"round {recv.rsplit('-', 1)[1]}: {missed} exits between the first and the last paired one got no event; {len(bad)} pairs out of range", file=sys.stderr)
PY
  log "$v latency round $run: $(wc -l < "$recv") exit events, $(wc -l < "$st") stamps"
}
lat_variants() {   # RUN: jpm first in odd rounds, PM2 first in even ones
  local v=(jpm); [ "$SOCKET" = 1 ] && v+=(jpm-socket); [ -n "$PM2_OK" ] && v+=(pm2)
  if [ $(($1 % 2)) -eq 0 ]; then local i; for ((i = ${#v[@]} - 1; i >= 0; i--)); do echo "${v[$i]}"; done; else printf '%s\n' "${v[@]}"; fi
}
scenario_latency() {
  local run m per=$(( (EXITS + RUNS - 1) / RUNS ))
  for run in $(seq 1 "$RUNS"); do for m in $(lat_variants "$run"); do lat_round "$m" "$run" "$per"; done; done
  for m in $(lat_variants 1); do
    touch "$work/lat-$m"
    [ -s "$work/lat-notes-$m" ] && while IFS= read -r l; do note "$m latency pairing, $l"; done < "$work/lat-notes-$m"
    LAT[$m]=$("$PY" - "$work/lat-$m" <<'PY'
import math, statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if not rows: print("- - - - - 0"); sys.exit()
def p99(v): v = sorted(v); return v[max(0, math.ceil(0.99 * len(v)) - 1)]
tot, notice, deliver = zip(*rows)
print("%.2f %.2f %.2f %.2f %.2f %d" % (statistics.median(tot), p99(tot), max(tot), statistics.median(notice), statistics.median(deliver), len(tot)))
PY
)
    log "$m latency: median p99 max notice deliver n = ${LAT[$m]}"
  done
}
declare -A LAT

# ---------------------------------------------------------------- overhead
# attach MGR: SUBS subscribers that read every event and discard it; returns once each has
# received an event of a probe app started after them
attach() {
  local m=$1 i r probe="$work/probe.$(ext "$1")" deadline
  SINKS=(); rm -f "$work"/sink-ready-*
  for i in $(seq 1 "$SUBS"); do
    r="$work/sink-ready-$i"
    if [ "$m" = jpm ] && [ "$JPM_SINK" = socket ]; then
      setsid "$PY" "$jpm_sub" "$JPM_HOME" - - "$r" > /dev/null &
    elif [ "$m" = jpm ]; then
      setsid bash -c '"$1" events --json | { while IFS= read -r l; do case $l in *"\"name\":\"$2\""*) break ;; esac; done
        : > "$3"; exec cat > /dev/null; }' sink "$jpm" evprobe "$r" &
    else
      PM2_HOME="$PM2_HOME_DIR" setsid node "$bus_js" "$PM2_MODULE" sink evprobe "$r" >/dev/null 2>>"$work/bus.err" &
    fi
    SINKS+=($!); groups+=($!)
  done
  eco "$m" "$probe" evprobe 1 sleep args=100000
  deadline=$((SECONDS + TIMEOUT_S))
  # the probe is started again until every subscriber saw it (one started too late misses a start)
  while [ "$(ls "$work"/sink-ready-* 2>/dev/null | wc -l)" -lt "$SUBS" ] && [ $SECONDS -lt $deadline ]; do
    start_file "$m" "$probe" >/dev/null 2>&1 || true
    sleep 1; cli "$m" delete evprobe >/dev/null 2>&1 || true
  done
  [ "$(ls "$work"/sink-ready-* 2>/dev/null | wc -l)" -ge "$SUBS" ] || note "$m: only $(ls "$work"/sink-ready-* 2>/dev/null | wc -l) of $SUBS subscribers received events after ${TIMEOUT_S} s"
  cli "$m" delete evprobe >/dev/null 2>&1 || true
}
detach() {   # MGR ROUND: ends the subscribers; says so if one had ended by itself
  local g dead=0
  for g in "${SINKS[@]}"; do alive "$g" || dead=$((dead + 1)); end_group "$g"; done
  [ $dead -eq 0 ] || note "$1 round $2: $dead of $SUBS subscribers had ended before the round was over"
  SINKS=()
}
# cycle MGR SUBS RUN (RUN "warmup": 10 apps, nothing recorded): a stamp.sh app and APPS `sleep`
# apps started; KILLS times SIGKILL of the stamp.sh app -> its replacement's stamp (crash ->
# respawn); that app deleted, then `delete all` of the APPS timed
cycle() {
  local m=$1 s=$2 run=$3 n=$APPS st="$work/crash-stamps" cf="$work/crash.$(ext "$1")" f k c pid t0 t1 new deadline left
  [ "$run" = warmup ] && n=10
  f="$work/del-$m-$n.$(ext "$m")"
  [ -f "$f" ] || eco "$m" "$f" d "$n" sleep args=100000
  [ -f "$cf" ] || eco "$m" "$cf" crash 1 "$stamp" restart_delay=0 "env_STAMP_FILE=$st"
  : > "$st"
  t0=$SECONDS
  start_file "$m" "$cf" >"$work/cli.out" 2>&1 || note "$m round $run: start of the crash app failed: $(tail -1 "$work/cli.out")"
  start_file "$m" "$f" >"$work/cli.out" 2>&1 || note "$m round $run: start of $n apps failed: $(tail -1 "$work/cli.out")"
  wait_online "$m" $((n + 1)) || note "$m round $run: not all $((n + 1)) online within ${TIMEOUT_S} s"
  # past min_uptime (1 s in both) since the crash app started: every restart below is a stable one
  while [ $((SECONDS - t0)) -lt 2 ]; do sleep 0.2; done
  for k in $(seq 1 "$KILLS"); do
    [ "$run" = warmup ] && break
    pid=$(tail -1 "$st" | cut -d' ' -f2)
    [ -n "$pid" ] || { note "$m round $run: the crash app never started"; break; }
    r=$(respawn "$st" "$pid")
    [ -n "$r" ] || { note "$m round $run ($s subscribers): no new process 20 s after SIGKILL"; continue; }
    add "crash,$s" "$m" "${r%% *}"
    [ "$k" = "$KILLS" ] || sleep 1.1
  done
  cli "$m" delete crash >/dev/null 2>&1 || note "$m round $run: delete of the crash app failed"
  [ "$(wait_gone "$(tail -1 "$st" | cut -d' ' -f2)")" = 0 ] || note "$m round $run: the crash app's process outlived its delete"
  jl "$m" > "$work/before" 2>/dev/null || true
  t0=$(now_s)
  cli "$m" delete all >"$work/cli.out" 2>&1 || note "$m round $run: delete all failed: $(tail -1 "$work/cli.out")"
  t1=$(now_s)
  left=$(wait_gone $(cut -f2 "$work/before"))
  [ "$left" = 0 ] || note "$m round $run ($s subscribers): $left app processes alive 10 s after delete all"
  [ -z "$(jl "$m" 2>/dev/null)" ] || note "$m round $run: jlist not empty after delete all"
  [ "$run" = warmup ] || add "delete,$s" "$m" "$(ms_between "$t0" "$t1")"
  log "$m round $run, $s subscribers: delete all of $n $(ms_between "$t0" "$t1") ms; crash -> respawn so far: ${R[crash,$s,$m]:-}"
}
scenario_overhead() {
  local run m s subsets
  for m in "${managers[@]}"; do cycle "$m" 0 warmup; done   # unmeasured: warms both paths
  for run in $(seq 1 "$RUNS"); do
    subsets="0 $SUBS"; [ $((run % 2)) -eq 0 ] && subsets="$SUBS 0"
    for m in $(order "$run"); do
      for s in $subsets; do
        [ "$s" = 0 ] || attach "$m"
        sleep 1
        cycle "$m" "$s" "$run"
        [ "$s" = 0 ] || detach "$m" "$run"
      done
    done
  done
}

# ---------------------------------------------------------------- run
J ping >/dev/null
JPM_DPID=$(cat "$JPM_HOME/daemon.pid"); PM2_DPID=$([ -n "$PM2_OK" ] && pm2_daemon_pid || echo "")
log "managers: ${managers[*]}; RUNS=$RUNS; scenarios: $SCENARIOS; jpm daemon $JPM_DPID${PM2_OK:+, PM2 daemon $PM2_DPID}"
for sc in $SCENARIOS; do
  case $sc in latency|overhead) ;; *) echo "bench: unknown scenario '$sc' (latency, overhead)" >&2; exit 2 ;; esac
  log "---- $sc"; "scenario_$sc"
done
[ "$(cat "$JPM_HOME/daemon.pid")" = "$JPM_DPID" ] || note "the jpm daemon pid changed during the run"
[ -z "$PM2_OK" ] || [ "$(pm2_daemon_pid)" = "$PM2_DPID" ] || note "the PM2 daemon pid changed during the run"
[ ! -s "$work/bus.err" ] || note "PM2 bus subscribers wrote to stderr: $(sort -u "$work/bus.err" | head -3 | tr '\n' ' ')"
DURATION=$((SECONDS - t_start)); LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
rows=()
lat_field() { [ -n "${LAT[$1]:-}" ] && echo "${LAT[$1]}" | cut -d' ' -f"$2" || echo "-"; }
lat_row() {   # LABEL FIELD [TARGET | noratio]: TARGET makes it a summary row too
  local j p="-" rt="-" target=${3:-} sk=""
  j=$(lat_field jpm "$2")
  if [ -n "$PM2_OK" ]; then p=$(lat_field pm2 "$2"); [ "$target" = noratio ] || rt=$(ratio "$j" "$p"); fi
  [ "$SOCKET" = 1 ] && sk=" $(lat_field jpm-socket "$2") |"
  rows+=("| $1 | $j | $p | $rt |$sk")
  [ -z "$target" ] || [ "$target" = noratio ] || summary_row "$1" "$j" "$p" "$rt" "$target"
}
ov_rows=()
ov_row() {   # LABEL METRIC SUMMARY-LABEL: the rows with 0 and SUBS subscribers, and their ratio
  local s j p rt jm=() pm=()
  for s in 0 "$SUBS"; do
    # shellcheck disable=SC2086
    j=$(summ 0 ${R[$2,$s,jpm]:-}); p="-"; rt="-"
    # shellcheck disable=SC2086
    jm+=("$(med ${R[$2,$s,jpm]:-})")
    if [ -n "$PM2_OK" ]; then
      # shellcheck disable=SC2086
      p=$(summ 0 ${R[$2,$s,pm2]:-}); pm+=("$(med ${R[$2,$s,pm2]:-})"); rt=$(ratio "${jm[-1]}" "${pm[-1]}")
    fi
    ov_rows+=("| $1, $s subscribers | $j | $p | $rt |")
    [ "$s" = 0 ] || summary_row "$3" "$j" "$p" "$rt" "-"
  done
  ov_rows+=("| ... $SUBS subscribers / none | $(ratio "${jm[1]}" "${jm[0]}") | $([ -n "$PM2_OK" ] && ratio "${pm[1]}" "${pm[0]}" || echo -) | |")
}
for sc in $SCENARIOS; do
  case $sc in
    latency)
      lat_row "event latency: an exit → its event at a subscriber, median, ms" 1 "-"
      lat_row "... p99, ms" 2 "-"
      lat_row "... max, ms" 3
      lat_row "... of which exit → the event's own time (\`at\`), median, ms" 4
      lat_row "... of which the event's own time → received, median, ms" 5
      lat_row "exits measured" 6 noratio ;;
    overhead)
      ov_row "crash → respawn (SIGKILL to the new process running), ms" crash "crash → respawn with $SUBS event subscribers, ms"
      ov_row "\`delete all\` of $APPS apps, ms" delete "\`delete all\` of $APPS with $SUBS event subscribers, ms" ;;
  esac
done

report() {
  local sock_txt=""
  [ "$SOCKET" = 1 ] && sock_txt=' The last column is the same subscription without the CLI: `bench/fixtures/jpm-sub.py` speaks the protocol on the daemon'"'"'s socket (hello, `subscribe`) and stamps each `event` frame as it is read; the difference to the jpm column is the CLI'"'"'s share (its JVM reading, decoding and printing the event, and the pipe).'
  echo "# jpm vs PM2: the event bus (latency, overhead of subscribers)"
  echo
  machine_line
  echo "- jpm: $("$jpm" version 2>/dev/null | head -1); AOT cache: $([ -f "$work/jpm/target/jpm.aot" ] && echo used || echo none); PM2: $([ -n "$PM2_OK" ] && echo "$PM2_VERSION (node $(node --version))" || echo "skipped ($PM2_WHY)")"
  echo "- $RUNS rounds, jpm and PM2 alternating (odd rounds jpm first); load average $LOAD_BEFORE at the start, $LOAD_AFTER at the end; the run took $((DURATION / 60)) min $((DURATION % 60)) s"
  echo "- the machine is shared with other builds: figures are noisy, compare only the ratios of one run; $NPROCS processes on the machine at the start (a crash's restart in jpm scans /proc once, to signal what is left of the tree)"
  for sc in $SCENARIOS; do case $sc in
    latency)
      echo
      echo "## Latency: an app's exit → its exit event at a subscriber"
      echo
      echo "$EXITS exits per manager ($(( (EXITS + RUNS - 1) / RUNS )) per round, after $WARMUP unmeasured ones), all samples pooled; median, p99 (nearest rank), max."
      echo
      if [ "$SOCKET" = 1 ]; then
        echo "| what | jpm | PM2 | jpm/PM2 | jpm without the CLI |"
        echo "| --- | ---: | ---: | ---: | ---: |"
      else
        echo "| what | jpm | PM2 | jpm/PM2 |"
        echo "| --- | ---: | ---: | ---: |"
      fi
      printf '%s\n' "${rows[@]}" ;;
    overhead)
      echo
      echo "## Overhead: the same operations with $SUBS subscribers attached"
      echo
      echo "Median (min–max) over $RUNS rounds; crash → respawn $KILLS kills per round."
      echo
      echo "| what | jpm | PM2 | jpm/PM2 |"
      echo "| --- | ---: | ---: | ---: |"
      printf '%s\n' "${ov_rows[@]}" ;;
  esac; done
  echo
  echo "How it is measured:"
  for sc in $SCENARIOS; do case $sc in
    latency) echo "- latency: one app per round (\`bench/fixtures/exit-stamp.sh\`, interpreter none, fork mode) runs ${LIFE_MS} ms, appends its time (\`\$EPOCHREALTIME\`) and pid to a file as its last act and exits 1; \`restart_delay: $DELAY_MS\`, \`min_uptime: $MIN_UPTIME\`, \`max_restarts: 1000000\` in both, so it crash-loops steadily. jpm's subscriber is \`jpm events --json --type exited APP | bench/fixtures/line-stamp.py\` (Python adds the time each line is read: the measured path includes the CLI's JVM decoding the frame and printing the line, and the pipe); PM2's is \`bench/fixtures/pm2-bus.js\`, \`pm2.launchBus\` and \`bus.on('process:event')\` in one Node process, which stamps each \`exit\` packet as it arrives. A subscriber is attached before its app starts.$sock_txt Each exit event is paired with the stamp of the same process: by \`subject.pid\` for jpm; PM2's packet has no pid, so by \`process.restart_time\` (the restarts before this exit) against the stamp's line. The split uses each event's own time: jpm's \`at\` (ns), PM2's \`at\` (\`Date.now()\`, ms)." ;;
    overhead) echo "- overhead: subscribers that receive every event and discard it: jpm $([ "$JPM_SINK" = socket ] && echo "\`bench/fixtures/jpm-sub.py\` on the socket (no CLI: \`JPM_SINK=socket\`)" || echo "\`jpm events --json\` (all apps, all kinds) piped into \`cat > /dev/null\`"), PM2 \`pm2-bus.js sink\` (\`launchBus\`, \`bus.on('process:event')\`; PM2's bus sends every packet to every subscriber anyway). They are attached before the measured operations (each has received an event of a probe app started after it) and ended after them; with 0 and $SUBS alternating within a round. Each round and manager starts a \`bench/fixtures/stamp.sh\` app (restart_delay 0, the default of both) and $APPS \`sleep\` apps from files and waits until jlist shows them online. crash → respawn as in \`bench/suite.sh\`: SIGKILL to the stamp.sh app (2 s or more after its start, 1.1 s between kills, so every restart is a stable one), the time from the kill to the time stamp the new process writes as it starts. Then that app is deleted and \`delete all\` of the $APPS apps is timed; the bench checks that every app process is gone and jlist is empty. One unmeasured cycle with 10 apps per manager first." ;;
  esac; done
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    printf -- '- %s\n' "${NOTES[@]}"
  fi
  echo
  echo "Rerun: \`RUNS=$RUNS EXITS=$EXITS WARMUP=$WARMUP LIFE_MS=$LIFE_MS DELAY_MS=$DELAY_MS SUBS=$SUBS APPS=$APPS KILLS=$KILLS bench/events.sh\` (NO_PM2=1 for jpm alone; see the script's header)."
}
report | tee "$OUT"
log "wrote $OUT in $((DURATION / 60)) min $((DURATION % 60)) s"
