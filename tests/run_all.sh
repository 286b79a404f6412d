#!/usr/bin/env bash
# `make test`: lint, unit tests, then the integration tests against the stack deployed on a fresh
# emulator of their own (port 4567 by default, so a `make up` stack on 4566 is left alone).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.local/venv/bin:$PATH"

export EMULATOR_PORT=${TEST_EMULATOR_PORT:-4567}
export EMULATOR_DIR=.local/emulator-test
export AWS_ENDPOINT_URL="http://127.0.0.1:$EMULATOR_PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export STACK_OUTPUTS_FILE=test-stack-outputs.json SHOP_STACK_OUTPUTS=.local/test-stack-outputs.json

echo "==> lint"
ruff check .
cfn-lint template.yaml && echo "cfn-lint: ok"
sam validate --lint --template template.yaml >/dev/null && echo "sam validate --lint: ok"

echo "==> unit tests"
pytest tests/unit -q -p no:cacheprovider

echo "==> integration tests (emulator on port $EMULATOR_PORT)"
localstack/emulator.sh stop >/dev/null 2>&1 || true
rm -rf "$EMULATOR_DIR"
trap 'localstack/emulator.sh stop >/dev/null 2>&1 || true' EXIT
localstack/emulator.sh start
infra/deploy.sh local
python localstack/post_deploy.py
pytest tests/integration -q -p no:cacheprovider
