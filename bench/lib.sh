# Sourced by the bench scripts: a JDK, a built jar, and a private copy of jpm in a temp work
# dir (so a rebuild during a run cannot disturb it) with its own JPM_HOME, killed at exit.
# Sets: root, work, jpm, JPM_HOME; defines median, now_ms, machine_line, alive, add_exit_trap.
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
. "$root/bin/find-jdk.sh"; jpm_find_jdk
[ -f "$root/target/jpm.jar" ] || (cd "$root" && JAVA_HOME="$JPM_JDK" mvn -q -B -DskipTests package)
work=$(mktemp -d /tmp/jpmbench.XXXXXX)
mkdir -p "$work/jpm/bin" "$work/jpm/target"
cp "$root/bin/jpm" "$root/bin/find-jdk.sh" "$root/bin/build-check.sh" "$root/bin/aot-train.sh" "$work/jpm/bin/"; cp "$root/target/jpm.jar" "$work/jpm/target/"
# The CLI's AOT cache is tied to the jar's path: the copy gets its own, as the build makes one
# (without it, every CLI call here would start slower than a user's).
[ -n "${NO_AOT:-}" ] || bash "$work/jpm/bin/aot-train.sh" >/dev/null 2>&1 || true
jpm="$work/jpm/bin/jpm"
export JPM_HOME="$work/home"
# alive PID: the process exists and is not a zombie (a detached daemon that exited may stay
# a zombie for a while when its reaper is slow; kill -0 succeeds on those)
alive() { local s; s=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1); [ -n "$s" ] && [ "$s" != Z ]; }
cleanup() {
  local dpid; dpid=$(cat "$JPM_HOME/daemon.pid" 2>/dev/null || true)
  timeout 60 "$jpm" kill >/dev/null 2>&1 || true
  if [ -n "$dpid" ] && alive "$dpid"; then   # 'jpm kill' failed or hung
    echo "bench: WARNING: jpm daemon $dpid survived 'jpm kill'; sending SIGTERM, then SIGKILL" >&2
    kill "$dpid" 2>/dev/null || true; sleep 2; kill -9 "$dpid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM HUP   # so that Ctrl-C and kill run the EXIT trap too
# add_exit_trap CMD: run CMD at exit, before the exit traps added so far (lib.sh's cleanup last).
add_exit_trap() {
  local prev; prev=$(trap -p EXIT); prev=${prev#trap -- }; prev=${prev% EXIT}
  eval "prev=${prev:-''}"; trap "$1; $prev" EXIT
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
machine_line() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JDK: $("$JPM_JDK/bin/java" -version 2>&1 | sed -n 2p); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
}

# ---------------------------------------------------------------- shared by the jpm-vs-PM2 scripts
# J / P / cli MGR ...: jpm, PM2 or either (jpm|pm2) with the arguments, each under TIMEOUT_S
J() { timeout "$TIMEOUT_S" "$jpm" "$@"; }
P() { timeout "$TIMEOUT_S" "${PM2_CMD[@]}" "$@"; }
cli() { local m=$1; shift; if [ "$m" = jpm ]; then J "$@"; else P "$@"; fi; }
# respawn STAMPS PID: SIGKILL to PID, an app that appends "<time> <pid>" to STAMPS as it starts
# (bench/fixtures/stamp.sh); waits 20 s at most for its replacement's line and prints "<ms from
# the kill to the new process's stamp> <new pid> <kill time>", or nothing when none came
respawn() {
  local st=$1 pid=$2 n t0 deadline new
  n=$(wc -l < "$st"); t0=$(now_s); kill -9 "$pid"
  deadline=$((SECONDS + 20))
  until [ "$(wc -l < "$st")" -gt "$n" ]; do
    [ $SECONDS -lt $deadline ] || return 0
    sleep 0.01
  done
  new=$(tail -1 "$st")
  [ "${new#* }" != "$pid" ] || return 0
  echo "$(ms_between "$t0" "${new%% *}") ${new#* } $t0"
}
# stats: numbers on stdin (one a line, blanks ignored) -> "median min max n" ("- - - 0" if none)
stats() { grep -v '^[[:space:]]*$' | sort -g | awk '{ v[NR] = $1 } END {
  if (NR == 0) { print "- - - 0"; exit }
  printf "%s %s %s %d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, v[1], v[NR], NR }'; }
# summ DEC VALUES...: "median (min–max)" with DEC decimals; just the value when there is one; "-" when none
summ() {
  local dec=$1; shift
  printf '%s\n' "$@" | stats | awk -v d="$dec" '{ f = "%." d "f"
    if ($4 == 0) print "-"; else if ($4 == 1) printf f "\n", $1; else printf f " (" f "–" f ")\n", $1, $2, $3 }'
}
med() { printf '%s\n' "$@" | stats | cut -d' ' -f1; }
# ratio A B: A/B with 2 decimals, "-" when either is missing or B is 0
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "-" || b == "" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'; }
# now_s: wall clock in seconds with µs (bash's EPOCHREALTIME: no fork, the same clock the
# fixture apps stamp with)
now_s() { echo "$EPOCHREALTIME"; }
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }'; }   # s, s -> ms
# cpu_ticks PID: utime+stime of that process alone (not its children), in clock ticks
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
# summary_row WHAT JPM PM2 RATIO TARGET: one line for bench/all.sh's summary table (only when
# SUMMARY names a file, as all.sh sets it)
summary_row() { [ -z "${SUMMARY:-}" ] || printf '%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "${5:-}" >> "$SUMMARY"; }
# start_watchdog SECONDS: end this script (EXIT traps run: daemons killed) if it runs longer; a
# hung command is ended too, since bash runs the TERM trap only once its foreground child ends.
start_watchdog() {
  local main=$$
  ( for ((t = 0; t < $1; t++)); do sleep 1; done
    echo "bench: WATCHDOG: still running after $1 s; stopping" >&2
    kill -TERM "$main"; pkill -TERM -P "$main" ) 2>/dev/null &   # this subshell is among the children
  _watchdog=$!
  add_exit_trap 'kill $_watchdog 2>/dev/null || true'
}
