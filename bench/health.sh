#!/usr/bin/env bash
# What health probes cost the daemon: APPS apps (bench/fixtures/stamp.sh, a sleeping process)
# with an HTTP probe every INTERVAL against the same apps without one. Medians to stdout and
# bench/results-health.md:
#
#   cpu       the daemon's own CPU time (utime + stime from /proc) over IDLE_S seconds once all
#             apps are healthy (or online), in ms per minute
#   probes/s  requests the probe endpoint answered over that window: proof the probes ran
#             (APPS / INTERVAL is the expectation)
#   respawn   crash -> respawn gap: SIGKILL of app 1 to its replacement's stamp, KILLS per round
#
# The probes all ask one small server (bench/fixtures/health-server.py), so the machine's CPU
# goes to the daemon's probing, not to APPS servers. PM2 has no health checks, so there is no
# PM2 column: the comparison is jpm with probes against jpm without. With and without alternate
# (odd rounds with probes first).
#
#   bench/health.sh                                  # the default run, about 9 min
#   RUNS=1 IDLE_S=10 APPS=20 KILLS=2 bench/health.sh # a smoke run, under a minute
#
# Env knobs: RUNS (3), APPS (100), INTERVAL (1s), IDLE_S (60), KILLS (3), TIMEOUT_S (120), OUT
# (bench/results-health.md).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS=${RUNS:-3}; APPS=${APPS:-100}; INTERVAL=${INTERVAL:-1s}; IDLE_S=${IDLE_S:-60}; KILLS=${KILLS:-3}
TIMEOUT_S=${TIMEOUT_S:-120}; OUT=${OUT:-$root/bench/results-health.md}
for k in RUNS APPS IDLE_S KILLS TIMEOUT_S; do
  [[ ${!k} =~ ^[1-9][0-9]*$ ]] || { echo "bench: $k must be a number >= 1" >&2; exit 2; }
done
log() { echo "bench: $*" >&2; }
PY=$(python3 -c 'import sys; print(sys.executable)')
stamp="$root/bench/fixtures/stamp.sh"
start_watchdog $(( RUNS * 2 * (IDLE_S + 4 * TIMEOUT_S) + 300 ))
TCK=$(getconf CLK_TCK)

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid "$PY" "$root/bench/fixtures/health-server.py" "$port" "$work/served" & server=$!
add_exit_trap 'kill -TERM -- -'"$server"' 2>/dev/null || true'
for _ in $(seq 1 100); do [ -s "$work/served" ] && break; sleep 0.1; done
[ -s "$work/served" ] || { log "the probe endpoint did not start"; exit 1; }
served() { cat "$work/served"; }

# eco FILE PROBES(0|1): APPS apps of stamp.sh; app 1 stamps its starts for the respawn gap
eco() {
  local f=$1 probes=$2 i
  { echo "apps:"
    for i in $(seq 1 "$APPS"); do
      echo "  - name: hb$i"
      echo "    script: $stamp"
      echo "    interpreter: none"
      echo "    min_uptime: 100"
      [ "$i" = 1 ] && echo "    env: {STAMP_FILE: $work/stamps}"
      if [ "$probes" = 1 ]; then
        echo "    health:"
        echo "      http: http://127.0.0.1:$port/health?app=$i"
        echo "      interval: $INTERVAL"
      fi
    done; } > "$f"
}
daemon_pid() { cat "$JPM_HOME/daemon.pid"; }
declare -A R   # R[metric,variant] = values
add() { R[$1,$2]+="$3 "; }

round() {   # VARIANT (probes|none)
  local v=$1 f="$work/eco-$1.yaml" t0 t1 s0 s1 k line pid
  eco "$f" "$([ "$v" = probes ] && echo 1 || echo 0)"
  : > "$work/stamps"
  J apply "$f" >/dev/null || { log "$v: apply failed"; J ls >&2 || true; exit 1; }
  sleep 3
  s0=$(served); t0=$(cpu_ticks "$(daemon_pid)")
  sleep "$IDLE_S"
  t1=$(cpu_ticks "$(daemon_pid)"); s1=$(served)
  add cpu "$v" "$(( (t1 - t0) * 1000 / TCK * 60 / IDLE_S ))"
  add probes "$v" "$(awk -v a="$s0" -v b="$s1" -v s="$IDLE_S" 'BEGIN { printf "%.1f", (b - a) / s }')"
  for k in $(seq 1 "$KILLS"); do
    pid=$(tail -1 "$work/stamps" | cut -d' ' -f2)
    line=$(respawn "$work/stamps" "$pid")
    [ -n "$line" ] && add respawn "$v" "${line%% *}" || log "$v: no respawn after SIGKILL of $pid"
    sleep 1.5   # past min_uptime, so each kill is a stable restart (no backoff)
  done
  J delete all >/dev/null
  log "$v: cpu ms/min ${R[cpu,$v]}| probes/s ${R[probes,$v]}| respawn ms ${R[respawn,$v]:-}"
}

for run in $(seq 1 "$RUNS"); do
  if [ $((run % 2)) -eq 1 ]; then round probes; round none; else round none; round probes; fi
done

row() {   # LABEL METRIC DEC
  local p n; p=$(med ${R[$2,probes]:-}); n=$(med ${R[$2,none]:-})
  echo "| $1 | $(summ "$3" ${R[$2,probes]:-}) | $(summ "$3" ${R[$2,none]:-}) | $(ratio "$p" "$n") |"
}
{
  echo "# Health probes: what they cost the daemon"
  echo
  echo "\`bench/health.sh\` (RUNS=$RUNS, APPS=$APPS, INTERVAL=$INTERVAL, IDLE_S=$IDLE_S, KILLS=$KILLS)."
  machine_line
  echo
  echo "| what | $APPS apps probed every $INTERVAL | the same without probes | ratio |"
  echo "| --- | ---: | ---: | ---: |"
  row "daemon CPU, ms per minute" cpu 0
  row "probe requests answered per s" probes 1
  row "crash -> respawn, ms" respawn 0
  echo
  echo "Median (min–max) over the rounds. The daemon's CPU is its own (utime + stime), not its children's."
} | tee "$OUT"
