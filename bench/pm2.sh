# Sourced by the bench scripts that compare jpm with PM2, after lib.sh (for $work, add_exit_trap).
# Installs PM2 once into a cache dir with npm, and runs it with a private PM2_HOME inside the
# bench work dir, so ~/.pm2 is never read or written; the PM2 daemon is killed at exit.
#
#   . "$root/bench/pm2.sh"
#   if [ -n "$PM2_OK" ]; then pm2 start app.py --name x; pm2_daemon_pid; fi
#
# Sets: PM2_OK (1 when PM2 can be used, else empty), PM2_VERSION (e.g. 7.0.4), PM2_WHY (why
# it was skipped), PM2_HOME_DIR, PM2_BIN, PM2_CMD (the CLI as an array, for `timeout 60
# "${PM2_CMD[@]}" ls`); defines pm2 (runs the CLI: `pm2 ARGS...`), pm2_daemon_pid (pid of
# PM2's God daemon, from PM2_HOME/pm2.pid) and pm2_cleanup (pm2 kill, then SIGTERM/SIGKILL of
# the daemon pid if it survived; run at exit before lib.sh's cleanup).
# Env knobs: PM2_CACHE (default ~/.cache/jpm-bench/pm2), PM2_SPEC (npm spec, default
# pm2@latest; installed only when the cache has no PM2 yet), PM2_REINSTALL=1 (install
# PM2_SPEC again, e.g. to pick up a new latest), NO_PM2=1 (skip PM2).
# Needs: node and npm on PATH. Never fails the caller: if anything goes wrong it prints
# "PM2 skipped: <why>" on stderr and leaves PM2_OK empty.

PM2_CACHE=${PM2_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jpm-bench/pm2}
PM2_SPEC=${PM2_SPEC:-pm2@latest}
PM2_HOME_DIR="$work/pm2"          # short path: PM2's rpc/pub sockets live in it
PM2_BIN="$PM2_CACHE/node_modules/pm2/bin/pm2"
PM2_OK=""; PM2_VERSION=""; PM2_WHY=""

PM2_CMD=(env PM2_HOME="$PM2_HOME_DIR" "$PM2_BIN")   # for wrappers: timeout 60 "${PM2_CMD[@]}" ls
pm2() { "${PM2_CMD[@]}" "$@"; }
pm2_daemon_pid() { cat "$PM2_HOME_DIR/pm2.pid" 2>/dev/null || true; }

_pm2_skip() { PM2_WHY=$1; PM2_OK=""; echo "PM2 skipped: $1" >&2; }

# pm2 kill with a timeout; then make sure the daemon pid is gone (it is ours: its pid file is
# in our private PM2_HOME).
pm2_cleanup() {
  local dpid
  [ -d "$PM2_HOME_DIR" ] || return 0
  dpid=$(pm2_daemon_pid)
  if [ -n "$dpid" ] && alive "$dpid"; then
    timeout 30 "${PM2_CMD[@]}" kill >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do alive "$dpid" || break; sleep 0.1; done
    if alive "$dpid"; then
      echo "bench: WARNING: PM2 daemon $dpid survived 'pm2 kill'; sending SIGTERM, then SIGKILL" >&2
      kill "$dpid" 2>/dev/null || true; sleep 1; kill -9 "$dpid" 2>/dev/null || true
    fi
  fi
}

_pm2_install() {
  command -v node >/dev/null || { _pm2_skip "node is not on PATH"; return 1; }
  command -v npm >/dev/null || { _pm2_skip "npm is not on PATH"; return 1; }
  mkdir -p "$PM2_CACHE" || { _pm2_skip "cannot create $PM2_CACHE"; return 1; }
  (
    # one installer at a time per cache (two benches started together)
    flock -w 300 9 || { echo "timed out waiting for $PM2_CACHE/.lock" >&2; exit 1; }
    if [ -n "${PM2_REINSTALL:-}" ] || [ ! -x "$PM2_BIN" ]; then
      echo "bench: installing $PM2_SPEC into $PM2_CACHE (npm install) ..." >&2
      timeout 600 npm install --prefix "$PM2_CACHE" --no-audit --no-fund --loglevel=error \
        "$PM2_SPEC" >"$PM2_CACHE/npm-install.log" 2>&1 \
        || { echo "npm install $PM2_SPEC failed (exit $?); last lines of $PM2_CACHE/npm-install.log:" >&2
             tail -5 "$PM2_CACHE/npm-install.log" >&2; exit 1; }
    fi
  ) 9>"$PM2_CACHE/.lock" || { _pm2_skip "npm install $PM2_SPEC into $PM2_CACHE failed: $(grep -m1 'npm error' "$PM2_CACHE/npm-install.log" 2>/dev/null || echo 'see above')"; return 1; }
  [ -x "$PM2_BIN" ] || { _pm2_skip "no $PM2_BIN after npm install"; return 1; }
  PM2_VERSION=$(node -p "require('$PM2_CACHE/node_modules/pm2/package.json').version" 2>/dev/null) \
    || { _pm2_skip "cannot read PM2's package.json"; return 1; }
  return 0
}

if [ -n "${NO_PM2:-}" ]; then
  _pm2_skip "NO_PM2 is set"
elif _pm2_install; then
  mkdir -p "$PM2_HOME_DIR"
  # pm2_cleanup runs at exit before lib.sh's cleanup (which removes $work, and so PM2_HOME)
  add_exit_trap pm2_cleanup
  # Start the daemon now, so that no measured command pays for it.
  if out=$(timeout 60 "${PM2_CMD[@]}" ping 2>&1) && [ -n "$(pm2_daemon_pid)" ]; then
    PM2_OK=1
    echo "bench: PM2 $PM2_VERSION (node $(node --version)), PM2_HOME $PM2_HOME_DIR, daemon pid $(pm2_daemon_pid)" >&2
  else
    _pm2_skip "'pm2 ping' did not start a daemon: $(echo "$out" | tail -3 | tr '\n' ' ')"
  fi
fi
