#!/usr/bin/env bash
# Builds the CLI's AOT cache: target/jpm.aot, from a training run of the common commands
# (jpm.cli.Training) with the launcher's own JVM flags. Run by the build (mvn package) after the
# jar; bin/jpm uses the cache only while it is newer than the jar. A failure here never fails the
# build: jpm works without the cache, only slower to start (docs/performance.md).
set -uo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/find-jdk.sh"
jpm_find_jdk || exit 0
jar="$root/target/jpm.jar"
cache="$root/target/jpm.aot"
[ -f "$jar" ] || { echo "aot: no $jar, no cache" >&2; exit 0; }
rm -f "$cache" "$cache.tmp"
# The same flags as bin/jpm's CLI: a cache is only used by a JVM started with compatible ones.
if "$JPM_JDK/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable --enable-native-access=ALL-UNNAMED \
    -XX:AOTCacheOutput="$cache.tmp" -cp "$jar" jpm.cli.Training "$root/ecosystem.example.yaml" \
    && [ -s "$cache.tmp" ]; then
  mv "$cache.tmp" "$cache"
  touch "$cache" # newer than the jar: bin/jpm's freshness test
  echo "aot: wrote $cache ($(du -h "$cache" | cut -f1))"
else
  rm -f "$cache.tmp"
  echo "aot: could not build the cache; jpm runs without it" >&2
fi
exit 0
