#!/usr/bin/env bash
# The whole jpm-vs-PM2 suite: bench/cli.sh, bench/suite.sh, bench/logs.sh and
# bench/events.sh one after the other, each writing its bench/results-*.md; then the summary table of the key rows, with
# the targets jpm set itself, printed and written into docs/performance.md between the markers
# <!-- bench-summary:start --> and <!-- bench-summary:end -->.
#
#   bench/all.sh                          # the full run: 20 to 25 min on 2 cores
#   RUNS=2 LOG_RUNS=1 LINES=20000 LAYOUTS="10x1 2x5" APPS=10 IDLE_APPS=10 IDLE_S=5 EVENT_RUNS=2 EXITS=20 SUBS=3 bench/all.sh   # smoke
#
# Env knobs: RUNS (10: cli.sh and suite.sh), LOG_RUNS (3: logs.sh's runs), LINES (1000000),
# EVENT_RUNS (4: events.sh's rounds), ONLY ("cli suite logs events"), WRITE_DOCS=0 (print the summary only), NO_PM2=1, and every knob of the
# three scripts (APPS, LAYOUTS, IDLE_S, ...). The scripts kill their own daemons at exit.
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ONLY=${ONLY:-cli suite logs events}
RUNS=${RUNS:-10}; LOG_RUNS=${LOG_RUNS:-3}; LINES=${LINES:-1000000}; EVENT_RUNS=${EVENT_RUNS:-4}
doc="$root/docs/performance.md"
summary=$(mktemp /tmp/jpmbench-summary.XXXXXX)
child=""
trap 'rm -f "$summary"' EXIT
trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait; exit 143' TERM HUP
trap '[ -n "$child" ] && kill -INT "$child" 2>/dev/null; wait; exit 130' INT
t0=$SECONDS
load0=$(cut -d' ' -f1-3 /proc/loadavg)
durations=()
for s in $ONLY; do
  case $s in
    cli) env=(RUNS="$RUNS") ;;
    suite) env=(RUNS="$RUNS") ;;
    logs) env=(RUNS="$LOG_RUNS" LINES="$LINES") ;;
    events) env=(RUNS="$EVENT_RUNS") ;;
    *) echo "all.sh: unknown script '$s' (cli, suite, logs, events)" >&2; exit 2 ;;
  esac
  echo "all.sh: ---- bench/$s.sh" >&2
  st=$SECONDS
  env "${env[@]}" SUMMARY="$summary" bash "$root/bench/$s.sh" >/dev/null &
  child=$!
  wait "$child" || { rc=$?; echo "all.sh: bench/$s.sh failed (exit $rc)" >&2; exit "$rc"; }
  child=""
  durations+=("$s.sh $(( (SECONDS - st) / 60 )) min $(( (SECONDS - st) % 60 )) s")
done
total=$((SECONDS - t0))

# "met?" from the ratio (targets "≤ x") or the jpm figure (targets "0", "0 restarts")
table() {
  echo "| what | jpm | PM2 | jpm/PM2 | target | met? |"
  echo "| --- | ---: | ---: | ---: | --- | --- |"
  awk -F'|' '{
    what = $1; j = $2; p = $3; r = $4; t = $5; met = ""
    if (t ~ /^≤ /) { x = t; sub(/^≤ /, "", x); if (r ~ /^[0-9.]+$/) met = (r + 0 <= x + 0) ? "yes" : sprintf("no (%.1fx the target)", r / x) }
    else if (t == "never heavier") { if (r ~ /^[0-9.]+$/) met = (r + 0 <= 1) ? "yes" : "no" }
    else if (t ~ /^0/) { v = j; sub(/ .*/, "", v); met = (v == "0" && j !~ /[-–][1-9]/) ? "yes" : "no" }
    printf "| %s | %s | %s | %s | %s | %s |\n", what, j, p, r, (t == "" ? "-" : t), (met == "" ? "-" : met)
  }' "$summary"
}
block() {
  echo "<!-- bench-summary:start -->"
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/all.sh\` ($(( total / 60 )) min $(( total % 60 )) s: ${durations[*]}):" \
       "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average $load0 at the start," \
       "$(cut -d' ' -f1-3 /proc/loadavg) at the end; commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?');" \
       "PM2 $(node -p "require('${PM2_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jpm-bench/pm2}/node_modules/pm2/package.json').version" 2>/dev/null || echo '?');" \
       "RUNS=$RUNS (logs: $LOG_RUNS runs of $LINES lines; events: $EVENT_RUNS rounds). Median (min–max); the details and the notes are in bench/results-*.md."
  echo
  table
  echo "<!-- bench-summary:end -->"
}
block > "$summary.block"
cat "$summary.block"
if [ "${WRITE_DOCS:-1}" != 0 ] && grep -q '<!-- bench-summary:start -->' "$doc"; then
  python3 - "$doc" "$summary.block" <<'PY'
import sys, re
doc, block = sys.argv[1], open(sys.argv[2]).read().rstrip("\n")
s = open(doc).read()
s = re.sub(r"<!-- bench-summary:start -->.*?<!-- bench-summary:end -->", lambda m: block, s, flags=re.S)
open(doc, "w").write(s)
PY
  echo "all.sh: summary written into $doc" >&2
fi
rm -f "$summary.block"
echo "all.sh: done in $(( total / 60 )) min $(( total % 60 )) s (${durations[*]})" >&2
