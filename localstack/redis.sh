#!/usr/bin/env bash
# A local redis-server standing in for ElastiCache Serverless (Valkey) behind the product cache.
#   localstack/redis.sh start|stop|url
# REDIS_PORT (default 6379) and REDIS_DIR (default .local/redis-$PORT) choose the instance.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${REDIS_PORT:-6379}
DIR=${REDIS_DIR:-.local/redis-$PORT}

install() {
  command -v redis-server >/dev/null && return 0
  echo "==> installing redis-server (Debian package)"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y -q redis-server >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q redis-server >/dev/null; }
}

start() {
  install
  if redis-cli -p "$PORT" ping >/dev/null 2>&1; then echo "redis already running on 127.0.0.1:$PORT"; return 0; fi
  mkdir -p "$DIR"
  redis-server --bind 127.0.0.1 --port "$PORT" --dir "$PWD/$DIR" --save "" --appendonly no \
    --daemonize yes --pidfile "$PWD/$DIR/redis.pid" --logfile "$PWD/$DIR/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && { echo "redis ready on 127.0.0.1:$PORT"; return 0; }; sleep 0.1; done
  echo "redis did not start; see $DIR/redis.log" >&2; return 1
}

stop() {
  if [ -f "$DIR/redis.pid" ]; then kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; rm -f "$DIR/redis.pid"; fi
  echo "redis on port $PORT stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "redis://127.0.0.1:$PORT/0" ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
