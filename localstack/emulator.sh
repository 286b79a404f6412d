#!/usr/bin/env bash
# The one place that knows which emulator runs locally: ministack (see docs/decisions.md).
#   localstack/emulator.sh start|stop|status
# EMULATOR_PORT (default 4566) and EMULATOR_DIR (default .local/emulator-$PORT) choose the instance;
# EMULATOR_PERSIST=1 keeps its state across stop/start (saved on a graceful stop).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${EMULATOR_PORT:-4566}
DIR=${EMULATOR_DIR:-.local/emulator-$PORT}
PIDFILE="$DIR/ministack.pid"
URL="http://127.0.0.1:$PORT"

healthy() { curl -fsS -m 2 "$URL/_ministack/health" >/dev/null 2>&1; }

start() {
  if healthy; then echo "emulator already running on $URL"; return 0; fi
  # Worker files (each worker unpacks the code and the layer there) are never reused by a new
  # emulator and are not all removed by the one that made them: left alone they filled 65 GB here.
  rm -rf "$DIR/tmp"
  mkdir -p "$DIR/state" "$DIR/tmp" "$DIR/s3"
  forget_stream_positions
  echo "==> starting emulator on $URL (state in $DIR)"
  # Bound to loopback only; state and worker files under .local/, not the system temp dir.
  # Warm processes beyond a function's first live an hour idle, not 5 minutes: deploy starts them
  # (localstack/post_deploy.py), and a burst an hour later should still find them.
  BIND_HOST=127.0.0.1 GATEWAY_PORT=$PORT IOT_MTLS_ENABLED=0 LAMBDA_WARM_TTL_SECONDS=${LAMBDA_WARM_TTL_SECONDS:-3600} \
  STATE_DIR="$PWD/$DIR/state" TMPDIR="$PWD/$DIR/tmp" S3_DATA_DIR="$PWD/$DIR/s3" \
  PERSIST_STATE=${EMULATOR_PERSIST:-0} S3_PERSIST=${EMULATOR_PERSIST:-0} \
    nohup .local/venv-emulator/bin/ministack >"$DIR/emulator.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    healthy && { echo "emulator ready"; return 0; }
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
    sleep 0.2
  done
  echo "emulator did not become healthy; last log lines:" >&2
  tail -n 30 "$DIR/emulator.log" >&2
  return 1
}

# A persisted restart brings tables back but not their streams' records, while the stream readers
# (Lambda's stream triggers, the pipes) keep their old positions and would skip every new change:
# drop the positions, so they start at the new streams' beginning (docs/decisions.md, "Emulator gaps").
forget_stream_positions() {
  python3 - "$DIR/state/lambda.json" "$DIR/state/pipes.json" <<'PY'
import json, os, sys
for path, key in ((sys.argv[1], "dynamodb_stream_positions"), (sys.argv[2], "positions")):
    if not os.path.exists(path):
        continue
    state = json.load(open(path))
    positions = state.get("payload", {}).get(key)
    if isinstance(positions, dict) and positions.get("data"):
        positions["data"] = {}
        json.dump(state, open(path, "w"))
PY
}

stop() {
  [ -f "$PIDFILE" ] || { echo "emulator on port $PORT not started by this project"; return 0; }
  local pid; pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"  # graceful: ministack saves persisted state on SIGTERM
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  # Lambda worker processes are the emulator's children; make sure none outlive it.
  pkill -f "$PWD/$DIR/tmp" 2>/dev/null || true
  rm -f "$PIDFILE"
  echo "emulator on port $PORT stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if healthy; then echo "running on $URL"; else echo "not running on $URL"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
