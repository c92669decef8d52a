# Sourced by the bench scripts: a JDK, a built jar, and a private copy of jpm in a temp work
# dir (so a rebuild during a run cannot disturb it) with its own JPM_HOME, killed at exit.
# Sets: root, work, jpm, JPM_HOME; defines median, now_ms, machine_line.
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
. "$root/bin/find-jdk.sh"; jpm_find_jdk
[ -f "$root/target/jpm.jar" ] || (cd "$root" && JAVA_HOME="$JPM_JDK" mvn -q -B -DskipTests package)
work=$(mktemp -d /tmp/jpmbench.XXXXXX)
mkdir -p "$work/jpm/bin" "$work/jpm/target"
cp "$root/bin/jpm" "$root/bin/find-jdk.sh" "$work/jpm/bin/"; cp "$root/target/jpm.jar" "$work/jpm/target/"
jpm="$work/jpm/bin/jpm"
export JPM_HOME="$work/home"
cleanup() { "$jpm" kill >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
machine_line() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- JDK: $("$JPM_JDK/bin/java" -version 2>&1 | sed -n 2p); commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
}
