#!/usr/bin/env bash
# Run by the build (pom.xml, package phase, after the jar): writes target/jpm.stamp, "COMMIT
# STATE": the commit HEAD pointed at when this jar was built and whether tracked files had
# changes then (dirty or clean, for whoever looks: bin/jpm compares only the commit, see
# bin/build-check.sh). Outside a git checkout it writes none.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$root/bin/build-check.sh"
stamp=$root/target/jpm.stamp
if jpm_git_state "$root"; then
  state=clean
  if [ -n "$(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null)" ]; then state=dirty; fi
  printf '%s %s\n' "$jpm_git_head" "$state" > "$stamp.tmp"
  mv -f "$stamp.tmp" "$stamp"
else
  rm -f "$stamp"
fi
