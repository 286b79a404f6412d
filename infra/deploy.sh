#!/usr/bin/env bash
# Build and deploy template.yaml with SAM CLI: infra/deploy.sh [CONFIG_ENV]  (default: local).
# With AWS_ENDPOINT_URL set (make up / make test do), SAM talks to the local emulator instead of AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG_ENV=${1:-local}
export PATH="$PWD/.local/venv/bin:$PATH" SAM_CLI_TELEMETRY=0

.local/venv/bin/python infra/openapi.py >/dev/null
echo "==> sam build"
sam build --config-env "$CONFIG_ENV" >.local/sam-build.log 2>&1 || { cat .local/sam-build.log; exit 1; }
echo "==> sam deploy --config-env $CONFIG_ENV"
sam deploy --config-env "$CONFIG_ENV" --no-progressbar >.local/sam-deploy.log 2>&1 || { tail -n 60 .local/sam-deploy.log; exit 1; }
grep -E "Successfully|No changes to deploy" .local/sam-deploy.log || true
