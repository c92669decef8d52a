#!/usr/bin/env bash
# Issue 4 measurements: crash->respawn gap (median), stop time of an app that ignores SIGTERM
# against its kill_timeout, daemon CPU over 60 s idle with 100 apps, cost of one /proc scan
# (metrics, memory limits, reaping) with 100 apps. Results to stdout and bench/results-lifecycle.md.
# Usage: bench/lifecycle.sh [idle_seconds]   (default 60)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
idle=${1:-60}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

printf '#!/usr/bin/env bash\nsleep 1.2\nexit 1\n' > "$work/crash.sh"
printf '#!/usr/bin/env bash\ntrap "" TERM\nwhile true; do sleep 0.05; done\n' > "$work/stubborn.sh"
chmod +x "$work/crash.sh" "$work/stubborn.sh"

"$jpm" ping >/dev/null
daemon=$(cat "$JPM_HOME/daemon.pid")
out="$root/bench/results-lifecycle.md"
{
  echo "# jpm lifecycle benchmarks"
  echo
  machine_line
  echo
  echo "| what | median | min | max | n | note |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"

  # crash -> respawn: restart_delay 1 ms, so the gap is jpm's own overhead (exit notice, spawn)
  "$jpm" start --name crash --restart-delay 1 --min-uptime 1000 "$work/crash.sh" >/dev/null
  sleep 14
  "$jpm" delete crash >/dev/null
  gaps=$(python3 - "$JPM_HOME/daemon.log" <<'PY'
import sys, datetime
t = None; gaps = []
for line in open(sys.argv[1]):
    if not line.startswith("20") or "crash#0" not in line: continue
    ts = datetime.datetime.fromisoformat(line.split()[0].replace("Z", "+00:00")[:26] + "+00:00")
    if "online -> waiting-restart" in line: t = ts
    elif "launching -> online" in line and t is not None:
        gaps.append((ts - t).total_seconds() * 1000); t = None
print(" ".join("%.1f" % g for g in gaps))
PY
)
  n=$(echo "$gaps" | wc -w)
  g=$(echo "$gaps" | tr ' ' '\n' | median); gmin=$(echo "$gaps" | tr ' ' '\n' | sort -n | head -1); gmax=$(echo "$gaps" | tr ' ' '\n' | sort -n | tail -1)
  echo "| crash -> respawn gap (exit noticed to new process online), restart_delay 1 ms | ${g} ms | ${gmin} ms | ${gmax} ms | $n | from daemon.log transition times |"

  # stop of an app that ignores SIGTERM, kill_timeout 1000 ms, vs a plain ping as the CLI baseline
  stops=(); pings=()
  for r in 1 2 3 4 5; do
    "$jpm" start --name stub --kill-timeout 1000 "$work/stubborn.sh" >/dev/null; sleep 0.5
    t0=$(now_ms); "$jpm" stop stub >/dev/null; t1=$(now_ms); stops+=($((t1 - t0)))
    "$jpm" delete stub >/dev/null
    t0=$(now_ms); "$jpm" ping >/dev/null; t1=$(now_ms); pings+=($((t1 - t0)))
  done
  s=$(printf '%s\n' "${stops[@]}" | median); p=$(printf '%s\n' "${pings[@]}" | median)
  echo "| \`jpm stop\` of an app ignoring SIGTERM, kill_timeout 1000 ms (CLI wall) | ${s} ms | $(printf '%s\n' "${stops[@]}" | sort -n | head -1) ms | $(printf '%s\n' "${stops[@]}" | sort -n | tail -1) ms | 5 | \`jpm ping\` median ${p} ms in the same rounds: stop - ping = $((${s%.*} - ${p%.*})) ms |"

  # 100 apps, then idle
  eco="$work/eco.yaml"
  { echo "apps:"; for i in $(seq 0 99); do printf '  - name: app%d\n    script: /bin/sleep\n    args: ["100000"]\n    min_uptime: 200\n' "$i"; done; } > "$eco"
  "$jpm" apply "$eco" >/dev/null 2>&1
  sleep 3
  c0=$(ticks "$daemon"); sleep "$idle"; c1=$(ticks "$daemon")
  cpu=$(python3 -c "print('%.2f' % (($c1 - $c0) / 100.0))")
  pct=$(python3 -c "print('%.2f' % (($c1 - $c0) / 100.0 / $idle * 100))")
  echo "| daemon CPU, idle ${idle} s with 100 apps online | ${cpu} s | | | 1 | ${pct}% of one core (a /proc scan every 2 s) |"
  scans=()
  for r in $(seq 1 10); do
    scans+=($("$jpm" ping --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_scan_micros"])'))
    sleep 2
  done
  echo "| one /proc scan with 100 apps (trees, CPU, RSS, reaping) | $(printf '%s\n' "${scans[@]}" | median) µs | $(printf '%s\n' "${scans[@]}" | sort -n | head -1) µs | $(printf '%s\n' "${scans[@]}" | sort -n | tail -1) µs | 10 | $(ls /proc | grep -c '^[0-9]') processes on the machine |"
} | tee "$out"
