#!/usr/bin/env bash
# CLI latency and daemon memory, jpm against PM2 in the same run: ping, ls and jlist
# with 0 and with 100 apps (hyperfine, RUNS runs each after 3 warm-ups, the jpm and PM2 command
# of a pair measured back to back), each daemon's RSS idle and with 100 apps, and as the floor of
# each CLI the bare runtime: `java -version` with the CLI's JVM flags, `node -e 0`.
# Writes bench/results-cli.md. NO_PM2=1: jpm alone. NO_AOT=1: jpm without its AOT cache.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/pm2.sh"
RUNS=${RUNS:-10}
APPS=${APPS:-100}
out="$root/bench/results-cli.md"
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed (apt install hyperfine)" >&2; exit 1; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
jpm_pid() { cat "$JPM_HOME/daemon.pid"; }

# one hyperfine run per command; prints "median min max" in ms
measure() {
  local json="$work/hf.json"
  hyperfine -N -w 3 -r "$RUNS" --export-json "$json" "$1" >/dev/null 2>&1 || { echo "? ? ?"; return; }
  python3 - "$json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(r["times"])
m = t[len(t) // 2] if len(t) % 2 else (t[len(t) // 2 - 1] + t[len(t) // 2]) / 2
print(f"{m*1000:.0f} {t[0]*1000:.0f} {t[-1]*1000:.0f}")
PY
}

rows=()
row() { # what, jpm cmd, pm2 cmd, [target: also a row of bench/all.sh's summary]
  local j p ratio="-"
  j=($(measure "$2"))
  if [ -n "$PM2_OK" ]; then
    p=($(measure "$3"))
    ratio=$(awk -v a="${j[0]}" -v b="${p[0]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    rows+=("| $1 | ${j[0]} (${j[1]}–${j[2]}) | ${p[0]} (${p[1]}–${p[2]}) | $ratio |")
    [ -z "${4:-}" ] || summary_row "$1" "${j[0]} (${j[1]}–${j[2]})" "${p[0]} (${p[1]}–${p[2]})" "$ratio" "$4"
  else
    rows+=("| $1 | ${j[0]} (${j[1]}–${j[2]}) | - | - |")
    [ -z "${4:-}" ] || summary_row "$1" "${j[0]} (${j[1]}–${j[2]})" "-" "-" "$4"
  fi
  echo "bench: $1: jpm ${j[0]} ms${PM2_OK:+, PM2 ${p[0]} ms}" >&2
}

row "runtime start alone: \`java -version\` (the CLI's JVM flags) / \`node -e 0\`, ms" \
  "$JPM_JDK/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:disable -version" "$(command -v node || echo node) -e 0"
"$jpm" ping >/dev/null
for what in ping ls jlist; do row "\`$what\`, 0 apps, ms" "$jpm $what" "${PM2_CMD[*]} $what" "≤ 0.6"; done
rss_jpm_idle=$(rss_mib "$(jpm_pid)"); rss_pm2_idle="-"; [ -n "$PM2_OK" ] && rss_pm2_idle=$(rss_mib "$(pm2_daemon_pid)")

# APPS long-sleeping apps in each manager
{ echo "apps:"; for i in $(seq 1 "$APPS"); do printf '  - name: a%s\n    script: sleep\n    args: ["100000"]\n' "$i"; done; } > "$work/apps.yaml"
"$jpm" apply "$work/apps.yaml" >/dev/null
if [ -n "$PM2_OK" ]; then
  python3 -c "import json,sys; print(json.dumps({'apps': [{'name': f'a{i}', 'script': 'sleep', 'args': '100000', 'interpreter': 'none'} for i in range(1, $APPS + 1)]}))" > "$work/apps.json"
  pm2 start "$work/apps.json" >/dev/null 2>&1
  for _ in $(seq 1 100); do [ "$(pm2 jlist 2>/dev/null | grep -o '"status":"online"' | wc -l)" -ge "$APPS" ] && break; sleep 0.2; done
fi
sleep 3 # let both settle (first metrics scans) before measuring
for what in ping ls jlist; do row "\`$what\`, $APPS apps, ms" "$jpm $what" "${PM2_CMD[*]} $what" "≤ 0.6"; done
rss_jpm_full=$(rss_mib "$(jpm_pid)"); rss_pm2_full="-"; [ -n "$PM2_OK" ] && rss_pm2_full=$(rss_mib "$(pm2_daemon_pid)")
rows+=("| daemon RSS idle, MiB | $rss_jpm_idle | $rss_pm2_idle | $(ratio "$rss_jpm_idle" "$rss_pm2_idle") |")
rows+=("| daemon RSS with $APPS apps, MiB | $rss_jpm_full | $rss_pm2_full | $(ratio "$rss_jpm_full" "$rss_pm2_full") |")
summary_row "daemon RSS idle, MiB (1 sample)" "$rss_jpm_idle" "$rss_pm2_idle" "$(ratio "$rss_jpm_idle" "$rss_pm2_idle")" "never heavier"
summary_row "daemon RSS with $APPS apps, MiB (1 sample)" "$rss_jpm_full" "$rss_pm2_full" "$(ratio "$rss_jpm_full" "$rss_pm2_full")" "≤ 0.8"
"$jpm" delete all >/dev/null
[ -n "$PM2_OK" ] && pm2 delete all >/dev/null 2>&1 || true

{
  echo "# jpm vs PM2: CLI latency and daemon memory"
  echo
  machine_line
  echo "- jpm: $("$jpm" version); AOT cache: $([ -f "$work/jpm/target/jpm.aot" ] && echo used || echo none); PM2: ${PM2_VERSION:-skipped ($PM2_WHY)}"
  echo "- $RUNS runs per command after 3 warm-ups (hyperfine -N); median (min–max); $APPS apps are \`sleep 100000\`"
  echo
  echo "| what | jpm | PM2 | jpm/PM2 |"
  echo "| --- | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Rerun: \`bench/cli.sh\` (RUNS=10 APPS=100 by default; NO_PM2=1 for jpm alone; NO_AOT=1 for jpm without its AOT cache)."
} > "$out"
cat "$out"
