#!/usr/bin/env bash
# Issue 8 measurements: failed requests per rolling reload (keep-alive on and off) and requests/s
# of a 4-instance cluster versus one direct instance, for jpm's cluster mode (jpm-held
# SO_REUSEPORT sockets on fd 3, the Node adapter, drain) and PM2's cluster mode (`pm2 start
# app.js -i 4`, `pm2 reload`) on the same Node app (it/fixtures/cluster/http-app.js, answering
# with its pid) in the same run. Load: bench/fixtures/cluster-load.js (http.Agent keepAlive on/off,
# WORKERS concurrent loops on 127.0.0.1, no retries: every failed request counts).
# Results to stdout and bench/results-cluster.md.
# Usage: [RUNS=5] [WORKERS=16] [RPS_SECONDS=10] [NO_PM2=1] bench/cluster.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$root/bench/pm2.sh"
runs=${RUNS:-5}
workers=${WORKERS:-16}
rps_seconds=${RPS_SECONDS:-10}
app="$root/it/fixtures/cluster/http-app.js"
load="$root/bench/fixtures/cluster-load.js"
command -v node >/dev/null || { echo "bench: node is not on PATH" >&2; exit 1; }
out="$root/bench/results-cluster.md"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# jfield JSON KEY: one field of a JSON object
jfield() { python3 -c 'import json, sys; v = json.loads(sys.argv[1])[sys.argv[2]]; print(json.dumps(v) if isinstance(v, dict) else v)' "$1" "$2"; }
# answering_pids PORT: distinct pids answering 200 fresh connections
answering_pids() {
  python3 - "$1" <<'PY'
import socket, sys
pids = set()
for _ in range(200):
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
            pids.add(data.split(b"\r\n\r\n", 1)[1].decode())
    except OSError:
        pass
print(len(pids))
PY
}
# await_pids PORT N: until N distinct pids answer (30 s at most)
await_pids() {
  for _ in $(seq 1 60); do [ "$(answering_pids "$1")" -ge "$2" ] && return 0; sleep 0.5; done
  echo "bench: $2 instances never answered on port $1" >&2; return 1
}

# rps PORT KEEPALIVE: requests/s over RPS_SECONDS
rps() { jfield "$(node "$load" --port "$1" --keepalive "$2" --concurrency "$workers" --seconds "$rps_seconds")" rps; }

# reloads LABEL PORT KEEPALIVE CMD...: runs CMD (a reload) RUNS times under load; one table row.
# Each reload's failures are the load client's failure count just before CMD and 1 s after it
# returned (a failure caused by the reload can surface just after: the last connections of the
# old process).
reloads() {
  local label=$1 port=$2 ka=$3; shift 3
  local log="$work/load-$label-$ka.jsonl" lp fails=() durs=() before after t0 line
  node "$load" --port "$port" --keepalive "$ka" --concurrency "$workers" >"$log" &
  lp=$!
  snapshot() { local n; n=$(wc -l <"$log"); kill -USR2 "$lp"; while [ "$(wc -l <"$log")" -le "$n" ]; do sleep 0.02; done; tail -1 "$log"; }
  sleep 1
  for _ in $(seq 1 "$runs"); do
    before=$(jfield "$(snapshot)" failed)
    t0=$(now_ms)
    "$@" >"$work/reload.out" 2>&1 || { echo "bench: $label reload failed: $(tail -3 "$work/reload.out")" >&2; }
    durs+=($(( $(now_ms) - t0 )))
    sleep 1
    after=$(jfield "$(snapshot)" failed)
    fails+=($(( after - before )))
  done
  kill -TERM "$lp"; wait "$lp" || true
  line=$(tail -1 "$log")
  local total=0; for f in "${fails[@]}"; do total=$((total + f)); done
  printf '| %s | %s | %d | %s | %s | %d | %d | %s ms | %s |\n' "$label" "$ka" "$runs" \
    "$(printf '%s\n' "${fails[@]}" | median)" "$(printf '%s\n' "${fails[@]}" | sort -n | tail -1)" "$total" \
    "$(jfield "$line" ok)" "$(printf '%s\n' "${durs[@]}" | median)" "$(jfield "$line" errors)"
}

rows_reload=(); rows_rps=()

# one direct instance: no manager, no adapter, the app binds its port itself
port=$(free_port)
PORT=$port node "$app" >/dev/null 2>&1 &
direct=$!
add_exit_trap "kill $direct 2>/dev/null || true"
await_pids "$port" 1
rows_rps+=("| single direct instance (node $app, no manager) | $(rps "$port" on) | $(rps "$port" off) |")
kill "$direct"; wait "$direct" 2>/dev/null || true

# jpm cluster mode
port=$(free_port)
cat >"$work/eco.yaml" <<EOF
apps:
  - name: web
    script: $app
    exec_mode: cluster
    instances: 4
    port: $port
EOF
if "$jpm" apply "$work/eco.yaml" >"$work/apply.out" 2>&1 && await_pids "$port" 4; then
  rows_rps+=("| jpm cluster, 4 instances | $(rps "$port" on) | $(rps "$port" off) |")
  rows_reload+=("$(reloads jpm "$port" on "$jpm" reload web)")
  rows_reload+=("$(reloads jpm "$port" off "$jpm" reload web)")
  "$jpm" delete web >/dev/null 2>&1 || true
else
  why=$(tail -2 "$work/apply.out" | tr '\n' ' ')
  echo "bench: jpm cluster mode skipped: $why" >&2
  rows_rps+=("| jpm cluster, 4 instances | skipped: ${why//|/\\|} | |")
fi

# PM2 cluster mode, same app
if [ -n "$PM2_OK" ]; then
  port=$(free_port)
  if PORT=$port pm2 start "$app" -i 4 --name web >"$work/pm2.out" 2>&1 && await_pids "$port" 4; then
    rows_rps+=("| PM2 $PM2_VERSION cluster, 4 instances | $(rps "$port" on) | $(rps "$port" off) |")
    rows_reload+=("$(reloads "PM2 $PM2_VERSION" "$port" on pm2 reload web)")
    rows_reload+=("$(reloads "PM2 $PM2_VERSION" "$port" off pm2 reload web)")
    pm2 delete web >/dev/null 2>&1 || true
  else
    echo "bench: PM2 cluster skipped: $(tail -2 "$work/pm2.out")" >&2
  fi
fi

{
  echo "# jpm cluster mode benchmarks"
  echo
  machine_line
  echo "- node $(node --version); load: bench/fixtures/cluster-load.js, $workers concurrent loops on 127.0.0.1, no retries; app: it/fixtures/cluster/http-app.js (answers with its pid)"
  [ -n "$PM2_OK" ] || echo "- PM2 skipped: $PM2_WHY"
  echo
  echo "## Failed requests per rolling reload of a 4-instance cluster under load"
  echo
  echo "A reload's failures: counted by the load client from just before the reload command to 1 s after it returned."
  echo
  echo "| manager | keep-alive | reloads | failed per reload (median) | max | total failed | requests ok | reload time (median) | errors |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  printf '%s\n' "${rows_reload[@]}"
  echo
  echo "## Requests/s ($rps_seconds s each, $workers concurrent loops; the load client shares the $(nproc) CPUs)"
  echo
  echo "| setup | keep-alive on | keep-alive off |"
  echo "| --- | ---: | ---: |"
  printf '%s\n' "${rows_rps[@]}"
} | tee "$out"
