#!/usr/bin/env bash
# Builds the AOT caches from training runs (jpm.cli.Training): the CLI's, with the launcher's own
# JVM flags: target/jpm.aot from the common commands, target/jpm-fast.aot from ping, ls and
# jlist's fast path (bin/jpm picks it for those); and target/jpm-daemon.aot, the daemon's, from
# the daemon those common commands talk to (with the daemon's flags: jpm.cli.DaemonConnector
# starts it). Run by the build (mvn package) after the jar; a cache is used only while it is newer
# than the jar. A failure here never fails the build: jpm works without the caches, only slower to
# start (docs/performance.md).
# Usage: aot-train.sh [DIR RUNTIME]: the caches of DIR/jpm.jar, into DIR, for the Java runtime
# RUNTIME (bin/archive.sh: the install archive's lib/ and its jlink runtime, which has no javac);
# by default target/ and the JDK bin/jpm finds.
set -uo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/find-jdk.sh"
dir=${1:-$root/target}
if [ -n "${2:-}" ]; then JPM_JDK=$2; else jpm_find_jdk || exit 0; fi
jar="$dir/jpm.jar"
[ -f "$jar" ] || { echo "aot: no $jar, no cache" >&2; exit 0; }
# train NAME ARGS...: DIR/NAME from a run of jpm.cli.Training ARGS.
# With DAEMON_CACHE set, the daemon of the run also writes DIR/$DAEMON_CACHE as it exits.
train() {
  local cache="$dir/$1"; shift
  rm -f "$cache" "$cache.tmp"
  local daemon_opts=${JPM_DAEMON_JAVA_OPTS:-} daemon_cache=
  if [ -n "${DAEMON_CACHE:-}" ]; then
    daemon_cache="$dir/$DAEMON_CACHE"
    rm -f "$daemon_cache" "$daemon_cache.tmp"
    daemon_opts="-XX:AOTCacheOutput=$daemon_cache.tmp"
  fi
  # bin/jpm's flags (find-jdk.sh): a cache is only used by a JVM started with compatible ones.
  JPM_DAEMON_JAVA_OPTS=$daemon_opts "$JPM_JDK/bin/java" "${JPM_CLI_FLAGS[@]}" -XX:AOTCacheOutput="$cache.tmp" \
    -cp "$jar" jpm.cli.Training "$@"
  keep "$cache"
  [ -z "$daemon_cache" ] || keep "$daemon_cache"
}
# keep CACHE: moves CACHE.tmp into place, newer than the jar (the freshness test of its users).
keep() {
  if [ -s "$1.tmp" ]; then
    mv "$1.tmp" "$1"
    touch "$1"
    echo "aot: wrote $1 ($(du -h "$1" | cut -f1))"
  else
    rm -f "$1.tmp"
    echo "aot: could not build $1; jpm runs without it" >&2
  fi
}
DAEMON_CACHE=jpm-daemon.aot train jpm.aot "$root/ecosystem.example.yaml"
train jpm-fast.aot --fast
exit 0
