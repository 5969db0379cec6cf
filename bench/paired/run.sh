#!/usr/bin/env bash
# Paired A/B of two server settings: both servers run AT THE SAME TIME on core 0, each with its
# own N bots on core 1, so whatever else the machine does (a neighbour VM, frequency changes)
# hits both alike. The ratio B/A of their CPU per client per tick is far steadier than that of
# runs taken one after the other (see BENCHMARKS.md, "Paired runs").
#
#   bench/paired/run.sh "ENV_A" "ENV_B" [N] [ROUNDS]
#   bench/paired/run.sh "" "ARENA_IO_PATH=event-loop" 150 3
#
# ENV_A / ENV_B: environment assignments for each server (server options read ARENA_*).
# BIN_A / BIN_B (environment): another server binary for a side, e.g. an export of an older
# commit (git archive <commit> | tar x -C /tmp/old && (cd /tmp/old && pnpm install)), so that
# two versions of the code are compared the same way as two settings.
# Prints one line per round into bench/results/paired-<time>/table.md, and each side's figures as
# one JSON line into runs.jsonl there (both committed); the per-run reports and logs beside them
# are not. Loopback only; each round stops by itself after the load test's 20 s window.
set -euo pipefail
cd "$(dirname "$0")/../.."
ENV_A=${1-}
ENV_B=${2-}
N=${3:-150}
ROUNDS=${4:-3}
OUT=bench/results/paired-$(date -u +%Y-%m-%dT%H-%M-%S)
mkdir -p "$OUT"
BIN_A=${BIN_A:-packages/server/bin/arena-server.mjs}
BIN_B=${BIN_B:-packages/server/bin/arena-server.mjs}

run_side() { # NAME PORT BIN ENV...
  local name=$1 port=$2 bin=$3
  shift 3
  env ARENA_TRUSTED_ADDRESSES=127.0.0.1,::1 "$@" taskset -c 0 "$bin" --host 127.0.0.1 --port "$port" \
    --log-level warn >"$OUT/$name-server.log" 2>&1 &
  echo $!
}

for round in $(seq "$ROUNDS"); do
  PORT_A=$((21000 + RANDOM % 4000))
  PORT_B=$((26000 + RANDOM % 4000))
  # shellcheck disable=SC2086 # ENV_A / ENV_B are lists of assignments
  PID_A=$(run_side a "$PORT_A" "$BIN_A" $ENV_A)
  # shellcheck disable=SC2086
  PID_B=$(run_side b "$PORT_B" "$BIN_B" $ENV_B)
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT_A/healthz" >/dev/null && curl -sf "http://127.0.0.1:$PORT_B/healthz" >/dev/null && break
    sleep 0.2
  done
  BOTS=()
  for side in a b; do
    port=$PORT_A
    [ "$side" = b ] && port=$PORT_B
    taskset -c 1 node --import tsx packages/loadtest/src/main.ts --url "http://127.0.0.1:$port" --bots "$N" \
      --tick 60 --duration 20 --warmup 3 --observers 10 --workers 1 --out-dir "$OUT" --name "round$round-$side" \
      --quiet >"$OUT/round$round-$side-bots.log" 2>&1 &
    BOTS+=($!)
  done
  wait "${BOTS[@]}" || true
  kill "$PID_A" "$PID_B" 2>/dev/null || true
  wait "$PID_A" "$PID_B" 2>/dev/null || true
  line=$(node -e "
    const fs = require('node:fs');
    const [a, b] = ['a', 'b'].map((s) => {
      const { series, ...row } = require('./$OUT/round$round-' + s + '.json');
      fs.appendFileSync('$OUT/runs.jsonl', JSON.stringify({ run: 'round$round-' + s, ...row }) + '\\n');
      return row;
    });
    const f = (r) => r.cpu_us_per_client_tick + ' µs/client/tick, ack p50 ' + r.ack_ms_p50 + ' ms, ' + r.achieved_tick_hz + ' ticks/s';
    console.log('round $round  A: ' + f(a) + '  |  B: ' + f(b) + '  |  B/A ' + (b.cpu_us_per_client_tick / a.cpu_us_per_client_tick).toFixed(3));
  ")
  echo "$line"
  echo "- $line" >>"$OUT/table.md"
done
