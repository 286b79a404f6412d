#!/usr/bin/env bash
# Build and deploy template.yaml with SAM CLI: infra/deploy.sh [CONFIG_ENV]  (default: local).
# With AWS_ENDPOINT_URL set (make up / make test do), SAM talks to the local emulator instead of AWS.
# EXTRA_PARAMETERS ("Key=Value ...") are added to the environment's parameter_overrides in samconfig.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG_ENV=${1:-local}
export PATH="$PWD/.local/venv/bin:$PATH" SAM_CLI_TELEMETRY=0

.local/venv/bin/python infra/openapi.py >/dev/null
echo "==> sam build"
sam build --config-env "$CONFIG_ENV" >.local/sam-build.log 2>&1 || { cat .local/sam-build.log; exit 1; }
echo "==> sam deploy --config-env $CONFIG_ENV"
OVERRIDES=$(.local/venv/bin/python -c "import sys, tomllib
print(tomllib.load(open('samconfig.toml', 'rb'))[sys.argv[1]]['deploy']['parameters']['parameter_overrides'])" "$CONFIG_ENV")
# Locally, functions reach the stack's own API through the emulator's endpoint.
[ "$CONFIG_ENV" = local ] && OVERRIDES="$OVERRIDES LocalEndpoint=${AWS_ENDPOINT_URL:-http://127.0.0.1:4566}"
# shellcheck disable=SC2086  # the overrides are space-separated Key=Value words
sam deploy --config-env "$CONFIG_ENV" --no-progressbar --parameter-overrides $OVERRIDES ${EXTRA_PARAMETERS:-} \
  >.local/sam-deploy.log 2>&1 || { tail -n 60 .local/sam-deploy.log; exit 1; }
grep -E "Successfully|No changes to deploy" .local/sam-deploy.log || true

# On AWS the storefront is served from the stack's bucket: build it and upload it with its config.json.
if [ "$CONFIG_ENV" != local ]; then
  make --no-print-directory web
  STACK=$(.local/venv/bin/python -c "import sys, tomllib
env = tomllib.load(open('samconfig.toml', 'rb'))[sys.argv[1]]
print(env.get('deploy', {}).get('parameters', {}).get('stack_name') or env['global']['parameters']['stack_name'])" "$CONFIG_ENV")
  .local/venv/bin/python infra/publish_web.py "$STACK"
  # Products written before the sharded listings get their index keys (a no-op once done).
  STACK_NAME="$STACK" .local/venv/bin/python functions/products/import_catalog.py --backfill-only --quiet
fi
