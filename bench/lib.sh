# Sourced by the bench scripts: a JDK, a built jar, and a private copy of jpm in a temp work
# dir (so a rebuild during a run cannot disturb it) with its own JPM_HOME, killed at exit.
# Sets: root, work, jpm, JPM_HOME; defines median, now_ms, machine_line, alive, add_exit_trap.
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
. "$root/bin/find-jdk.sh"; jpm_find_jdk
[ -f "$root/target/jpm.jar" ] || (cd "$root" && JAVA_HOME="$JPM_JDK" mvn -q -B -DskipTests package)
work=$(mktemp -d /tmp/jpmbench.XXXXXX)
mkdir -p "$work/jpm/bin" "$work/jpm/target"
cp "$root/bin/jpm" "$root/bin/find-jdk.sh" "$root/bin/aot-train.sh" "$work/jpm/bin/"; cp "$root/target/jpm.jar" "$work/jpm/target/"
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
