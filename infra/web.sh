#!/usr/bin/env bash
# The storefront (web/, React + Vite): its npm packages and its build into web/dist.
#   infra/web.sh install   npm ci, only when node_modules is missing or package-lock.json changed
#   infra/web.sh build     install, then type-check and build
set -euo pipefail
cd "$(dirname "$0")/../web"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # the browser tests use Debian's Chromium

install() {
  local want; want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ "$(cat node_modules/.package-lock.sha 2>/dev/null)" = "$want" ] && return 0
  echo "==> npm ci (web/)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.package-lock.sha
}

case "${1:-}" in
  install) install ;;
  build) install; echo "==> building the storefront (web/dist)"; npm run --silent build -- --logLevel warn ;;
  *) echo "usage: $0 install|build" >&2; exit 2 ;;
esac
