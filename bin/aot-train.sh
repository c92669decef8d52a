#!/usr/bin/env bash
# Builds the CLI's AOT caches from training runs (jpm.cli.Training) with the launcher's own JVM
# flags: target/jpm.aot from the common commands, target/jpm-fast.aot from ping, ls and jlist's
# fast path (bin/jpm picks it for those). Run by the build (mvn package) after the jar; bin/jpm
# uses a cache only while it is newer than the jar. A failure here never fails the build: jpm
# works without the caches, only slower to start (docs/performance.md).
set -uo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/find-jdk.sh"
jpm_find_jdk || exit 0
jar="$root/target/jpm.jar"
[ -f "$jar" ] || { echo "aot: no $jar, no cache" >&2; exit 0; }
# train NAME ARGS...: target/NAME from a run of jpm.cli.Training ARGS.
train() {
  local cache="$root/target/$1"; shift
  rm -f "$cache" "$cache.tmp"
  # bin/jpm's flags (find-jdk.sh): a cache is only used by a JVM started with compatible ones.
  if "$JPM_JDK/bin/java" "${JPM_CLI_FLAGS[@]}" -XX:AOTCacheOutput="$cache.tmp" -cp "$jar" jpm.cli.Training "$@" \
      && [ -s "$cache.tmp" ]; then
    mv "$cache.tmp" "$cache"
    touch "$cache" # newer than the jar: bin/jpm's freshness test
    echo "aot: wrote $cache ($(du -h "$cache" | cut -f1))"
  else
    rm -f "$cache.tmp"
    echo "aot: could not build $cache; jpm runs without it" >&2
  fi
}
train jpm.aot "$root/ecosystem.example.yaml"
train jpm-fast.aot --fast
exit 0
