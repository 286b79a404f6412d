#!/usr/bin/env bash
# `make test`: lint, unit tests, then the integration tests against the stack deployed on a fresh
# emulator of their own (port 4567 by default, so a `make up` stack on 4566 is left alone), then
# the storefront's browser tests against that stack (storefront on port 5174).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.local/venv/bin:$PATH"

export EMULATOR_PORT=${TEST_EMULATOR_PORT:-4567}
export EMULATOR_DIR=.local/emulator-test
export REDIS_PORT=${TEST_REDIS_PORT:-6380} REDIS_DIR=.local/redis-test
export AWS_ENDPOINT_URL="http://127.0.0.1:$EMULATOR_PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export STACK_OUTPUTS_FILE=test-stack-outputs.json SHOP_STACK_OUTPUTS=.local/test-stack-outputs.json
export STOREFRONT_PORT=${TEST_STOREFRONT_PORT:-5174}

echo "==> lint"
ruff check .
cfn-lint template.yaml && echo "cfn-lint: ok"
sam validate --lint --template template.yaml >/dev/null && echo "sam validate --lint: ok"

echo "==> storefront: npm ci, unit tests, type check, API client freshness, build"
(cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error \
  && npx vitest run && npx tsc --noEmit && npm run --silent check:api && npm run --silent build -- --logLevel warn)

stop_all() {
  localstack/emulator.sh stop >/dev/null 2>&1 || true
  localstack/redis.sh stop >/dev/null 2>&1 || true
  python localstack/storefront.py stop --port "$STOREFRONT_PORT" >/dev/null 2>&1 || true
}
trap stop_all EXIT
localstack/redis.sh start  # the Redis cache backend's tests and the deployed stack's cache use it

echo "==> unit tests"
SHOP_TEST_REDIS_URL=$(localstack/redis.sh url) pytest tests/unit -q -p no:cacheprovider

echo "==> integration tests (emulator on port $EMULATOR_PORT)"
localstack/emulator.sh stop >/dev/null 2>&1 || true
rm -rf "$EMULATOR_DIR"
localstack/emulator.sh start
EXTRA_PARAMETERS="CacheUrl=$(localstack/redis.sh url)" infra/deploy.sh local
python localstack/post_deploy.py
pytest tests/integration -q -p no:cacheprovider

echo "==> browser tests (storefront on port $STOREFRONT_PORT)"
python localstack/storefront.py start --port "$STOREFRONT_PORT" --outputs "$SHOP_STACK_OUTPUTS"
eval "$(python localstack/e2e_accounts.py)"
(cd web && STOREFRONT_URL="http://127.0.0.1:$STOREFRONT_PORT" npx playwright test)
