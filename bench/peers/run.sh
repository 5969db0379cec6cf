#!/usr/bin/env bash
# One run of the 'arena' reference scenario against a peer kept in this repo, the same way
# ../shared/peers/run.sh runs the shared ones (pnpm bench --peers --peer-systems geckos calls it):
#   bench/peers/run.sh SYSTEM N T SECONDS
# SYSTEM = geckos (geckos.io 3.1 over WebRTC DataChannels; one room only).
# Copies the peer and ./common to a work folder, installs its packages there once (npm ci from
# the npm registry, then offline from npm's cache), starts the server pinned to CPU 0 and the
# bots pinned to CPU 1, lets the bots join, warms up WARMUP_S (default 3) seconds, measures for
# SECONDS, stops both (by the PIDs started here) and prints the run's JSON line on stdout.
# Env: K (observers, default 10), WARMUP_S, LOGDIR (default $PEERS_WORK/logs), PORT, STATS_PORT,
# PEERS_WORK (a writable folder for the copies; default ${TMPDIR:-/tmp}/arena-repo-peers).
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 geckos N T SECONDS" >&2
  exit 2
fi
SYSTEM=$1 N=$2 T=$3 DURATION=$4
SRC=$(cd "$(dirname "$0")" && pwd)
HERE=${PEERS_WORK:-${TMPDIR:-/tmp}/arena-repo-peers}
case "$SYSTEM" in
  geckos) DIR=$HERE/geckos PORT=${PORT:-9208} ;;
  *) echo "unknown system: $SYSTEM (this folder has: geckos)" >&2; exit 2 ;;
esac
if [ -n "${ROOM_SIZE:-}" ]; then
  echo "$SYSTEM runs the one-room scenario only: unset ROOM_SIZE" >&2
  exit 2
fi
mkdir -p "$HERE"
for d in common "$SYSTEM"; do
  mkdir -p "$HERE/$d"
  # sources only (not node_modules), each run, so edits here are picked up
  (cd "$SRC/$d" && tar cf - --exclude=node_modules .) | (cd "$HERE/$d" && tar xf -)
  chmod -R u+w "$HERE/$d"
done
STATS_PORT=${STATS_PORT:-9101}
LOGDIR=${LOGDIR:-$HERE/logs}
mkdir -p "$LOGDIR"
TAG="$SYSTEM-n$N-t$T"

cd "$DIR"
# Installed again when the lock file changes; --prefer-offline takes npm's cache first.
if ! cmp -s package-lock.json node_modules/.installed-from 2>/dev/null; then
  npm ci --no-audit --no-fund --prefer-offline >&2
  cp package-lock.json node_modules/.installed-from
fi

SERVER_PID="" BOTS_PID=""
cleanup() {
  [ -n "$BOTS_PID" ] && kill "$BOTS_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && wait "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

# Only ever called with '&': exec, so that the PID taken is the process's own and the kills reach it.
pin() {
  if command -v taskset >/dev/null; then exec taskset -c "$1" "${@:2}"; else exec "${@:2}"; fi
}

PORT=$PORT STATS_PORT=$STATS_PORT T=$T \
  pin 0 node server.mjs >"$LOGDIR/$TAG.server.out" 2>"$LOGDIR/$TAG.server.log" &
SERVER_PID=$!

for _ in $(seq 1 100); do
  grep -q READY "$LOGDIR/$TAG.server.out" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died, see $LOGDIR/$TAG.server.log" >&2; exit 1; }
  sleep 0.2
done
grep -q READY "$LOGDIR/$TAG.server.out" || { echo "server not ready after 20 s" >&2; exit 1; }

# Hard stop for the bot process: connect time + warm-up + measurement + slack.
LIMIT=$(( DURATION + ${WARMUP_S:-3} + 180 ))
SYSTEM_LABEL=$SYSTEM N=$N T=$T K=${K:-10} WARMUP_S=${WARMUP_S:-3} DURATION_S=$DURATION PORT=$PORT STATS_PORT=$STATS_PORT \
  pin 1 timeout "$LIMIT" node bots.mjs >"$LOGDIR/$TAG.bots.out" 2>"$LOGDIR/$TAG.bots.log" &
BOTS_PID=$!
BOTS_RC=0
wait "$BOTS_PID" || BOTS_RC=$?
BOTS_PID=""

if [ "$BOTS_RC" -ne 0 ] || ! tail -n 1 "$LOGDIR/$TAG.bots.out" | grep -q '^{'; then
  echo "bots failed (rc=$BOTS_RC), see $LOGDIR/$TAG.bots.log" >&2
  tail -n 5 "$LOGDIR/$TAG.bots.log" >&2 || true
  exit 1
fi
tail -n 1 "$LOGDIR/$TAG.bots.out"
