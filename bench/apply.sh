#!/usr/bin/env bash
# Issue 3 measurements: planner time for 1,000 apps; `jpm apply` of 100 new apps until
# converged; re-apply of the unchanged 100-app file (time, and restarts must stay 0).
# Medians of repeated runs; results to stdout and bench/results-apply.md.
# Usage: bench/apply.sh [rounds]   (default 3 rounds for the 100-app apply, 10 for re-apply)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=${1:-3}

eco="$work/eco.yaml"
{ echo "apps:"; for i in $(seq 0 99); do
    printf '  - name: app%d\n    script: /bin/sleep\n    args: ["100000"]\n    min_uptime: 500\n    env:\n      PORT: "%d"\n' "$i" $((3000 + i)); done; } > "$eco"

out="$root/bench/results-apply.md"
{
  echo "# jpm apply benchmarks"
  echo
  machine_line
  echo
  echo "| what | median ms | min ms | max ms | n | note |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  "$JPM_JDK/bin/java" -cp "$work/jpm/target/jpm.jar" "$root/bench/PlannerBench.java" 1000 50
  applies=(); reapplies=(); restarts=0
  for r in $(seq 1 "$rounds"); do
    "$jpm" kill >/dev/null 2>&1 || true
    "$jpm" ping >/dev/null
    t0=$(now_ms); "$jpm" apply "$eco" >/dev/null 2>&1; t1=$(now_ms)
    applies+=($((t1 - t0)))
  done
  for r in $(seq 1 10); do
    t0=$(now_ms); "$jpm" apply "$eco" >/dev/null 2>&1; t1=$(now_ms)
    reapplies+=($((t1 - t0)))
  done
  restarts=$("$jpm" jlist | python3 -c 'import json,sys; print(sum(i["restarts"] for i in json.load(sys.stdin)))')
  online=$("$jpm" jlist | python3 -c 'import json,sys; print(sum(1 for i in json.load(sys.stdin) if i["status"]=="online"))')
  a=$(printf '%s\n' "${applies[@]}" | median); amin=$(printf '%s\n' "${applies[@]}" | sort -n | head -1); amax=$(printf '%s\n' "${applies[@]}" | sort -n | tail -1)
  b=$(printf '%s\n' "${reapplies[@]}" | median); bmin=$(printf '%s\n' "${reapplies[@]}" | sort -n | head -1); bmax=$(printf '%s\n' "${reapplies[@]}" | sort -n | tail -1)
  echo "| \`jpm apply\` of 100 new apps until converged (fresh daemon each round, min_uptime 500 ms) | $a | $amin | $amax | $rounds | |"
  echo "| re-apply of the unchanged 100-app file | $b | $bmin | $bmax | 10 | restarts after all re-applies: $restarts; online: $online/100 |"
} | tee "$out"
