#!/usr/bin/env bash
# Builds the install archive, target/jpm-VERSION-linux-ARCH.tar.gz (docs/install.md): a jlink
# runtime with only the modules the jar needs, the jar, the AOT caches trained for that runtime,
# bin/jpm, the man pages, the docs and the schema. Unpacked anywhere, it needs no JDK.
# Run by `mvn verify` (pom.xml, pre-integration-test, after the man pages), not by `mvn package`:
# the jlink and a second training take about a minute, which bin/jpm's first build must not pay.
# Usage: archive.sh VERSION
set -euo pipefail
root=$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${1:?usage: archive.sh VERSION}
. "$root/bin/find-jdk.sh"
jpm_find_jdk
target=$root/target
jar=$target/jpm.jar
[ -f "$jar" ] || { echo "archive: no $jar: run mvn package first" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
name=jpm-$version-linux-$arch
stage=$target/archive/$name
rm -rf "$target/archive" "$target/$name.tar.gz"
mkdir -p "$stage/bin" "$stage/lib" "$stage/man/man1" "$stage/docs" "$stage/schemas"

# The modules the jar's classes refer to, libraries included (jdeps reads the shaded jar). Quartz
# brings java.desktop (java.beans), java.sql, java.rmi, java.naming and java.management: its
# scheduler refers to them even though jpm uses none of those features, and a class that fails
# to link in a daemon would only show at the first cron_restart.
modules=$("$JPM_JDK/bin/jdeps" --ignore-missing-deps --multi-release 25 --print-module-deps "$jar")
echo "archive: modules $modules"
# No debug attributes, no native debug symbols, no man pages or headers of the JDK, compressed
# resources (the classes a command uses come from the AOT caches, not from the modules file).
"$JPM_JDK/bin/jlink" --add-modules "$modules" --strip-debug \
  --no-man-pages --no-header-files --compress=zip-6 --output "$stage/runtime"

cp "$root/bin/jpm" "$root/bin/find-jdk.sh" "$stage/bin/"
# A whole second: tar keeps only seconds of the jar's time, which the AOT caches record.
cp "$jar" "$stage/lib/jpm.jar"
touch -d "@$(date +%s)" "$stage/lib/jpm.jar"
cp "$root/README.md" "$root/ecosystem.example.yaml" "$stage/"
cp "$root"/docs/*.md "$stage/docs/"
cp "$root"/schemas/*.json "$stage/schemas/"
# The man pages: the AsciiDoc that jpm.cli.ManPages wrote from the command model (the build's
# step before this one), as roff.
# Without asciidoctor (Ruby) the archive is built without them, so that `mvn verify` needs no Ruby;
# .ci/run installs it, and ArchiveIT checks the man pages wherever it is installed.
compgen -G "$target/man-adoc/*.adoc" > /dev/null || { echo "archive: no $target/man-adoc/*.adoc (jpm.cli.ManPages)" >&2; exit 1; }
if command -v asciidoctor > /dev/null; then
  asciidoctor -b manpage -D "$stage/man/man1" "$target"/man-adoc/*.adoc
else
  echo "archive: WARNING: no man pages in the archive: asciidoctor is not installed (apt-get install asciidoctor)" >&2
fi

# The caches are trained where they will be used: lib/jpm.jar run by runtime/bin/java. The JVM
# accepts them for the same jar (name, size, time) under another directory, so they stay valid
# wherever the archive is unpacked (docs/install.md).
bash "$root/bin/aot-train.sh" "$stage/lib" "$stage/runtime"
for c in jpm.aot jpm-fast.aot jpm-daemon.aot; do
  [ -f "$stage/lib/$c" ] || { echo "archive: the training made no lib/$c" >&2; exit 1; }
done

# The completion scripts where bash-completion and fish look under a prefix's share/ (zsh's
# compinit wants a #compdef function, which bash's script is not: `source <(jpm completion zsh)`).
mkdir -p "$stage/share/bash-completion/completions" "$stage/share/fish/vendor_completions.d"
"$stage/bin/jpm" completion bash > "$stage/share/bash-completion/completions/jpm"
"$stage/bin/jpm" completion fish > "$stage/share/fish/vendor_completions.d/jpm.fish"

tar -C "$target/archive" -czf "$target/$name.tar.gz" "$name"
echo "archive: wrote $target/$name.tar.gz ($(du -h "$target/$name.tar.gz" | cut -f1))"
