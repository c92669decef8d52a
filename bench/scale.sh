#!/usr/bin/env bash
# Scale: many apps and many instances of a sleeping process on one host, jpm against PM2 in the
# same run. For each layout (APPSxINSTANCES), each manager in turn (the order alternates by
# layout), once:
#
#   start    `jpm apply --no-wait FILE.yaml` / `pm2 start FILE.json`: the command's time, and
#            until the first `jlist` that shows every instance online
#   ls, jlist, describe of one app: CLI_RUNS runs each, median (min–max)
#   apply    the unchanged file again (`jpm apply --no-wait`, `pm2 start`, as bench/suite.sh),
#            until all online again; restart counters added up
#   rss      the daemon's RSS, one sample, after IDLE_S seconds idle
#   idle     the daemon's CPU (utime+stime, /proc/PID/stat) over IDLE_S seconds idle
#   delete   `delete all`: the command's time; then every app process must be gone
#
# A manager whose start does not bring every instance online within START_TIMEOUT_S is recorded
# with how many were online then ("where it stops"), deleted, and not measured further in that
# layout. PM2 runs the layouts of LAYOUTS; the ones in JPM_ONLY run jpm alone, unless PM2_BIG=1.
#
#   bench/scale.sh                                          # the full run, about 40 min
#   LAYOUTS="50x1 5x10" JPM_ONLY="" IDLE_S=5 CLI_RUNS=3 bench/scale.sh   # a smoke run, ~1 min
#
# Env knobs: LAYOUTS ("1000x1 100x100"), JPM_ONLY ("10x1000"; AppSpec's limit is 1024
# instances per app), PM2_BIG (unset: PM2 skips JPM_ONLY), CLI_RUNS (5), IDLE_S (60),
# START_TIMEOUT_S (600), APPLY_TIMEOUT_S for the re-apply command (180: PM2 restarts every
# app), TIMEOUT_S per other command (600), SUITE_TIMEOUT_S (5400), PIDS_MARGIN (1500), OUT
# (bench/results-scale.md), NO_PM2=1 (jpm alone), PM2_SPEC/PM2_CACHE/PM2_REINSTALL (bench/pm2.sh).
#
# Limits: each instance holds a few descriptors in the daemon (jpm: a pidfd and its log pipes;
# PM2: its pipes), so the script raises the soft and hard `ulimit -n` to NOFILE (65536; as
# root the hard limit can be raised) before either daemon starts, and checks that
# kernel.pid_max and `ulimit -u` leave room for the largest layout plus 2,000 (it says what to
# raise if not; it does not change the machine's sysctls). In a container whose pids cgroup
# bounds processes + threads (pids.max), a layout that would leave fewer than PIDS_MARGIN tasks
# to spare is skipped and said so: reaching the bound makes every fork on the machine fail.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LAYOUTS=${LAYOUTS:-1000x1 100x100}; JPM_ONLY=${JPM_ONLY-10x1000}
CLI_RUNS=${CLI_RUNS:-5}; IDLE_S=${IDLE_S:-60}; START_TIMEOUT_S=${START_TIMEOUT_S:-600}
TIMEOUT_S=${TIMEOUT_S:-600}; NOFILE=${NOFILE:-65536}; APPLY_TIMEOUT_S=${APPLY_TIMEOUT_S:-180}
PIDS_MARGIN=${PIDS_MARGIN:-1500}
# The apps sleep this long: the fraction marks this run's processes, so what a manager loses track
# of (PM2's daemon dies at the descriptor limit and leaves its children running) is found and killed.
SLEEP_ARG=100000.$$
OUT=${OUT:-$root/bench/results-scale.md}
for l in $LAYOUTS $JPM_ONLY; do [[ $l =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || { echo "bench: bad layout '$l' (want APPSxINSTANCES)" >&2; exit 2; }; done
command -v jq >/dev/null || { echo "bench: jq is required (apt-get install -y jq)" >&2; exit 2; }
log() { echo "bench: $*" >&2; }
NOTES=(); note() { NOTES+=("$1"); log "NOTE: $1"; }

# ---------------------------------------------------------------- limits, before any daemon starts
biggest=0; for l in $LAYOUTS $JPM_ONLY; do n=$(( ${l%x*} * ${l#*x} )); [ $n -gt $biggest ] && biggest=$n; done
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$NOFILE" ]; then
  ulimit -Hn "$NOFILE" 2>/dev/null || note "cannot raise the hard ulimit -n to $NOFILE (it needs CAP_SYS_RESOURCE): it stays $(ulimit -Hn)"
fi
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
LIMITS="ulimit -n $(ulimit -n), ulimit -u $(ulimit -u), kernel.pid_max $(cat /proc/sys/kernel/pid_max), kernel.threads-max $(cat /proc/sys/kernel/threads-max)"
[ "$(cat /proc/sys/kernel/pid_max)" -ge $((biggest + 2000)) ] || note "kernel.pid_max is below $((biggest + 2000)): raise it (sysctl kernel.pid_max=...)"
[ "$(ulimit -u)" = unlimited ] || [ "$(ulimit -u)" -ge $((biggest + 2000)) ] || ulimit -u $((biggest + 2000)) 2>/dev/null \
  || note "ulimit -u is below $((biggest + 2000)) and cannot be raised"
# A pids cgroup (a container's) bounds processes + threads for everything in it, the daemon's
# and other users' included: a layout that would leave less than PIDS_MARGIN tasks is skipped.
pids_cg=$(awk -F: '$2 == "pids" { print $3 }' /proc/self/cgroup)
pids_max=$(cat "/sys/fs/cgroup/pids$pids_cg/pids.max" 2>/dev/null || cat "/sys/fs/cgroup${pids_cg}/pids.max" 2>/dev/null || echo max)
if [ "$pids_max" != max ]; then
  LIMITS="$LIMITS, pids cgroup limit $pids_max tasks (processes and threads; $(cat "/sys/fs/cgroup/pids$pids_cg/pids.current" 2>/dev/null || echo '?') in use at the start)"
  keep=""; for l in $LAYOUTS; do n=$(( ${l%x*} * ${l#*x} )); if [ $((n + PIDS_MARGIN)) -le "$pids_max" ]; then keep="$keep $l"; else note "layout $l skipped: $n instances do not fit in the pids cgroup's $pids_max tasks with $PIDS_MARGIN to spare"; fi; done; LAYOUTS=${keep# }
  keep=""; for l in $JPM_ONLY; do n=$(( ${l%x*} * ${l#*x} )); if [ $((n + PIDS_MARGIN)) -le "$pids_max" ]; then keep="$keep $l"; else note "layout $l skipped: $n instances do not fit in the pids cgroup's $pids_max tasks with $PIDS_MARGIN to spare"; fi; done; JPM_ONLY=${keep# }
fi
log "limits: $LIMITS"
start_watchdog "${SUITE_TIMEOUT_S:-5400}"
. "$root/bench/pm2.sh"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
t_start=$SECONDS

# ---------------------------------------------------------------- helpers
# jl MGR: one line per instance: name, pid (0 if none), status, restart counter (tab-separated)
jl() {
  if [ "$1" = jpm ]; then J jlist | jq -r '.[] | [.name, (.pid // 0), .status, .restarts] | @tsv'
  else P jlist | jq -r '.[] | [.name, (.pid // 0), .pm2_env.status, .pm2_env.restart_time] | @tsv'; fi
}
# wait_online MGR N LIMIT_S: until jlist shows N instances online; sets WAIT_T (the start of that
# jlist call, so its own latency is not counted) and ONLINE (how many were online at the end)
wait_online() {
  local deadline=$((SECONDS + $3)) t
  while :; do
    t=$(now_s)
    ONLINE=$(jl "$1" 2>/dev/null | awk -F'\t' '$3 == "online"' | wc -l)
    [ "$ONLINE" -ge "$2" ] && { WAIT_T=$t; return 0; }
    [ $SECONDS -lt $deadline ] || { WAIT_T=$t; return 1; }
    sleep 0.2
  done
}
# wait_gone FILE: until none of the pids in FILE is alive (60 s); prints how many are left
wait_gone() {
  local left p
  for _ in $(seq 1 300); do
    left=0; while read -r p; do [ "$p" != 0 ] && [ -e "/proc/$p" ] && alive "$p" && left=$((left + 1)); done < "$1"
    [ $left -eq 0 ] && break; sleep 0.2
  done
  echo "$left"
}
# timed_ms CMD...: runs it (output discarded), prints its wall time in ms, or "-" if it failed
timed_ms() { local t0 t1; t0=$(now_s); "$@" >/dev/null 2>"$work/err" || { echo "-"; return; }; t1=$(now_s); ms_between "$t0" "$t1"; }
daemon_pid() { if [ "$1" = jpm ]; then cat "$JPM_HOME/daemon.pid" 2>/dev/null; else pm2_daemon_pid; fi; }
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "-"; }
eco() {   # MGR FILE APPS INSTANCES
  local m=$1 f=$2 apps=$3 inst=$4
  if [ "$m" = jpm ]; then
    awk -v apps="$apps" -v inst="$inst" -v arg="$SLEEP_ARG" 'BEGIN { print "apps:"; for (i = 1; i <= apps; i++) {
      printf "  - name: s%d\n    script: sleep\n    args: [\"%s\"]\n    interpreter: none\n    instances: %d\n", i, arg, inst } }' > "$f"
  else
    python3 -c "import json,sys; json.dump({'apps': [{'name': f's{i}', 'script': 'sleep', 'args': sys.argv[2], 'interpreter': 'none', 'exec_mode': 'fork', 'instances': $inst} for i in range(1, $apps + 1)]}, open(sys.argv[1], 'w'))" "$f" "$SLEEP_ARG"
  fi
}
start_file() { if [ "$1" = jpm ]; then J apply --no-wait "$2"; else P start "$2"; fi; }
declare -A R   # R[layout,metric,mgr] = a figure (a cell of the table)
set_r() { R[$1,$2,$3]=$4; }

# ---------------------------------------------------------------- one layout, one manager
scale_one() {   # MGR LAYOUT
  local m=$1 lay=$2 apps=${2%x*} inst=${2#*x} n f t0 t1 d c0 c1 v i restarts
  n=$((apps * inst)); f="$work/scale-$lay.$([ "$m" = jpm ] && echo yaml || echo json)"
  eco "$m" "$f" "$apps" "$inst"
  d=$(daemon_pid "$m")
  log "$m $lay: start of $n instances"
  t0=$(now_s)
  local started=1
  start_file "$m" "$f" >"$work/cli.out" 2>&1 || { started=0; note "$m $lay: the start command failed: $(tail -1 "$work/cli.out")"; }
  t1=$(now_s)
  # a failed start's figures are no measure of the same work: words first, so no ratio is made
  if [ $started = 1 ]; then set_r "$lay" start_cmd "$m" "$(ms_between "$t0" "$t1")"
  else set_r "$lay" start_cmd "$m" "failed after $(ms_between "$t0" "$t1")"; fi
  if wait_online "$m" "$n" "$START_TIMEOUT_S"; then
    set_r "$lay" start_online "$m" "$(ms_between "$t0" "$WAIT_T")"
  else
    set_r "$lay" start_online "$m" "stopped at $ONLINE of $n"
    note "$m $lay: $ONLINE of $n instances online after $START_TIMEOUT_S s; not measured further"
  fi
  log "$m $lay: command $(ms_between "$t0" "$t1") ms, online: ${R[$lay,start_online,$m]}"
  jl "$m" > "$work/before" 2>/dev/null || true; cut -f2 "$work/before" > "$work/pids"
  if [ "$ONLINE" -ge "$n" ]; then
    for what in ls jlist "describe s1"; do
      local vals=()
      for i in $(seq 1 "$CLI_RUNS"); do vals+=("$(timed_ms cli "$m" $what)"); done
      printf '%s\n' "${vals[@]}" | grep -q -- - && note "$m $lay: \`$what\` failed: $(tail -1 "$work/err")"
      set_r "$lay" "${what%% *}" "$m" "$(summ 0 $(printf '%s\n' "${vals[@]}" | grep -v -- -))"
      log "$m $lay: $what ${R[$lay,${what%% *},$m]} ms"
    done
    t0=$(now_s)
    local applied=1
    TIMEOUT_S=$APPLY_TIMEOUT_S start_file "$m" "$f" >"$work/cli.out" 2>&1 \
      || { applied=0; note "$m $lay: re-apply failed or timed out (${APPLY_TIMEOUT_S} s): $(tail -1 "$work/cli.out" | tr -d '\033' | cut -c1-120)"; }
    t1=$(now_s)
    wait_online "$m" "$n" "$START_TIMEOUT_S" || note "$m $lay: $ONLINE of $n online after re-apply"
    restarts=$(jl "$m" 2>/dev/null | awk -F'\t' '{ a += $4 } END { print a + 0 }')
    if [ $applied = 1 ]; then set_r "$lay" apply "$m" "$(ms_between "$t0" "$WAIT_T")"
    else set_r "$lay" apply "$m" "stopped after ${APPLY_TIMEOUT_S} s"; fi
    set_r "$lay" apply_restarts "$m" "$restarts"
    jl "$m" > "$work/before" 2>/dev/null || true; cut -f2 "$work/before" > "$work/pids"
    log "$m $lay: re-apply ${R[$lay,apply,$m]} ms, restart counters $restarts"
    d=$(daemon_pid "$m")
    sleep 5   # the start's after-effects (first scans, the state file) settle
    c0=$(cpu_ticks "$d"); sleep "$IDLE_S"; c1=$(cpu_ticks "$d")
    set_r "$lay" idle "$m" "$(awk -v a="$c0" -v b="$c1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }')"
    set_r "$lay" rss "$m" "$(rss_mib "$d")"
    log "$m $lay: idle CPU ${R[$lay,idle,$m]} s over $IDLE_S s, RSS ${R[$lay,rss,$m]} MiB"
  fi
  t0=$(now_s)
  cli "$m" delete all >"$work/cli.out" 2>&1 || note "$m $lay: delete all failed: $(tail -1 "$work/cli.out")"
  t1=$(now_s)
  if [ "$ONLINE" -ge "$n" ]; then set_r "$lay" delete "$m" "$(ms_between "$t0" "$t1")"
  else set_r "$lay" delete "$m" "after a failed start: $(ms_between "$t0" "$t1")"; fi
  v=$(wait_gone "$work/pids"); [ "$v" = 0 ] || note "$m $lay: $v app processes alive 60 s after delete all"
  [ -z "$(jl "$m" 2>/dev/null)" ] || note "$m $lay: jlist not empty after delete all"
  v=$(pgrep -c -f "(^|/)sleep $SLEEP_ARG\$" || true)
  if [ "${v:-0}" -gt 0 ]; then
    note "$m $lay: $v processes of its apps still ran after delete all (the manager had lost them); the script killed them"
    pkill -f "(^|/)sleep $SLEEP_ARG\$" || true
  fi
  log "$m $lay: delete all ${R[$lay,delete,$m]} ms"
}

"$jpm" ping >/dev/null
k=0
for lay in $LAYOUTS $JPM_ONLY; do
  k=$((k + 1)); mgrs=(jpm)
  if [ -n "$PM2_OK" ] && { [[ " $LAYOUTS " == *" $lay "* ]] || [ -n "${PM2_BIG:-}" ]; }; then
    if [ $((k % 2)) -eq 1 ]; then mgrs=(jpm pm2); else mgrs=(pm2 jpm); fi
  fi
  for m in "${mgrs[@]}"; do scale_one "$m" "$lay"; done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- the report
cell() { echo "${R[$1,$2,$3]:--}"; }
first() { echo "${1%% *}"; }   # the median of "median (min–max)"
{
  echo "# jpm vs PM2 at scale: many apps, many instances"
  echo
  machine_line
  echo "- jpm: $("$jpm" version); PM2: ${PM2_VERSION:-skipped ($PM2_WHY)}; load average $LOAD_BEFORE at the start, $LOAD_AFTER at the end; $(( (SECONDS - t_start) / 60 )) min"
  echo "- limits: $LIMITS (the script sets the soft \`ulimit -n\` to the hard one, after raising the hard one to $NOFILE where it may)"
  echo "- one run per layout and manager, in turn (the order alternates by layout); the apps are \`sleep $SLEEP_ARG\`, interpreter none, fork mode; $CLI_RUNS runs of each of \`ls\`, \`jlist\`, \`describe s1\`: median (min–max)"
  echo
  echo "| layout | what | jpm | PM2 | jpm/PM2 |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for lay in $LAYOUTS $JPM_ONLY; do
    n=$(( ${lay%x*} * ${lay#*x} ))
    for row in "start_cmd|the start command returns, ms" "start_online|start until \`jlist\` shows all $n online, ms" \
               "ls|\`ls\`, ms" "jlist|\`jlist\`, ms" "describe|\`describe s1\`, ms" \
               "apply|apply of the unchanged file until all online, ms" "apply_restarts|... restart counters after it" \
               "rss|daemon RSS, MiB (1 sample)" "idle|daemon CPU over $IDLE_S s idle, s" "delete|\`delete all\`, ms"; do
      key=${row%%|*}; j=$(cell "$lay" "$key" jpm); p=$(cell "$lay" "$key" pm2)
      echo "| $lay | ${row#*|} | $j | $p | $(ratio "$(first "$j")" "$(first "$p")") |"
    done
  done
  echo
  [ ${#NOTES[@]} -eq 0 ] || { echo "Notes:"; printf -- '- %s\n' "${NOTES[@]}"; echo; }
  echo "Rerun: \`bench/scale.sh\` (knobs in its header; \`NO_PM2=1\` for jpm alone)."
} > "$OUT"
cat "$OUT"
