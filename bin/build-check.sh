# Sourced by bin/jpm (before every command) and bin/build-stamp.sh (at the end of each build):
# whether target/jpm.jar must be built, decided from what the checkout holds, read with bash
# builtins only (each subprocess costs milliseconds on the launcher's path; docs/performance.md).
# Both use jpm_git_state, so a stamp written by the build matches what bin/jpm reads until the
# checkout changes. Tested by jpm.cli.BuildCheckTest with fake .git layouts.
#
# jpm_git_state ROOT sets
#   jpm_git_head   the commit id HEAD points at (a branch's loose ref, packed-refs, or a
#                  detached HEAD), or "unknown" when HEAD cannot be resolved
# and fails (status 1) when ROOT is not a git checkout: then nothing is ever rebuilt.
# .git may be a directory or, in a worktree or submodule, a file "gitdir: PATH".
jpm_git_state() {
  local root=$1 gitdir line ref common sha name
  jpm_git_head=
  if [ -d "$root/.git" ]; then
    gitdir=$root/.git
  elif [ -f "$root/.git" ]; then
    IFS= read -r line < "$root/.git" || [ -n "$line" ] || return 1
    case "$line" in gitdir:\ *) gitdir=${line#gitdir: } ;; *) return 1 ;; esac
    case "$gitdir" in /*) ;; *) gitdir=$root/$gitdir ;; esac
  else
    return 1
  fi
  [ -f "$gitdir/HEAD" ] || return 1
  # a worktree keeps its HEAD in its own dir, branches in the common one
  common=$gitdir
  if [ -f "$gitdir/commondir" ]; then
    IFS= read -r line < "$gitdir/commondir" || [ -n "$line" ]
    case "$line" in /*) common=$line ;; ?*) common=$gitdir/$line ;; esac
  fi
  IFS= read -r line < "$gitdir/HEAD" || [ -n "$line" ]
  case "$line" in
    ref:\ *) ref=${line#ref: } ;;
    *) jpm_git_head=${line:-unknown}; return 0 ;; # detached: the commit id itself
  esac
  for line in "$gitdir/$ref" "$common/$ref"; do
    if [ -f "$line" ]; then
      IFS= read -r jpm_git_head < "$line" || [ -n "$jpm_git_head" ]
      jpm_git_head=${jpm_git_head:-unknown}
      return 0
    fi
  done
  if [ -f "$common/packed-refs" ]; then
    while read -r sha name; do
      if [ "$name" = "$ref" ]; then jpm_git_head=$sha; return 0; fi
    done < "$common/packed-refs"
  fi
  jpm_git_head=unknown # e.g. a new branch without commits
  return 0
}

# jpm_why_build ROOT sets why_build to the reason ROOT/target/jpm.jar must be built, or empty:
# it is missing; or ROOT is a git checkout and HEAD points at another commit than the one the
# build's stamp (ROOT/target/jpm.stamp) names (git pull, checkout, commit, rebase), or there is
# no stamp. Changes without a new HEAD (edits, stash, reset --hard to the same commit) do not
# count: whoever makes them runs the build. (The git index is no sign of them: git status
# rewrites it after files were written in the same clock tick as the index, e.g. right after a
# pull, which would rebuild a current jar.)
jpm_why_build() {
  local jar=$1/target/jpm.jar stamp=$1/target/jpm.stamp built=
  why_build=
  if [ ! -f "$jar" ]; then why_build="building $jar (first run)"; return 0; fi
  jpm_git_state "$1" || return 0
  if [ -f "$stamp" ]; then IFS=' ' read -r built _ < "$stamp" || true; fi
  if [ "$built" != "$jpm_git_head" ]; then
    why_build="sources changed since the last build (built from ${built:-an unknown commit}, HEAD is $jpm_git_head): rebuilding $jar"
  fi
  return 0
}
