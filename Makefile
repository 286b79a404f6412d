# The project's entry points. A newcomer needs two: `make up` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV := .local/venv
PY := $(VENV)/bin/python
# Everything below talks to the local emulator unless told otherwise.
EMULATOR_PORT ?= 4566
REDIS_PORT ?= 6379
STOREFRONT_PORT ?= 5173
export AWS_ENDPOINT_URL ?= http://127.0.0.1:$(EMULATOR_PORT)
export AWS_ACCESS_KEY_ID ?= test
export AWS_SECRET_ACCESS_KEY ?= test
export AWS_DEFAULT_REGION ?= us-east-1
export AWS_REGION ?= us-east-1
export SAM_CLI_TELEMETRY := 0

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

deps:  ## Create or refresh the virtual environments under .local/
	@infra/bootstrap.sh

# EMULATOR=none deploys into whatever answers at AWS_ENDPOINT_URL (e.g. a LocalStack you run).
EMULATOR ?= ministack

up: deps  ## Start the emulator, deploy the stack, seed demo data, print the URL and logins
	@if [ "$(EMULATOR)" = ministack ]; then EMULATOR_PORT=$(EMULATOR_PORT) EMULATOR_PERSIST=1 localstack/emulator.sh start; fi
	@REDIS_PORT=$(REDIS_PORT) localstack/redis.sh start
	@EXTRA_PARAMETERS="CacheUrl=$$(REDIS_PORT=$(REDIS_PORT) localstack/redis.sh url)" infra/deploy.sh local
	@$(PY) localstack/post_deploy.py
	@$(PY) functions/products/import_catalog.py --backfill-only --quiet  # products from before the sharded listings
	@$(PY) localstack/seed.py
	@$(MAKE) --no-print-directory storefront

down:  ## Stop the emulator, the cache and the storefront (the emulator's data is kept for the next `make up`)
	@$(PY) localstack/storefront.py stop --port $(STOREFRONT_PORT)
	@EMULATOR_PORT=$(EMULATOR_PORT) localstack/emulator.sh stop
	@REDIS_PORT=$(REDIS_PORT) localstack/redis.sh stop

web: deps  ## Build the storefront into web/dist (npm ci only when web/package-lock.json changed)
	@infra/web.sh build

storefront: web  ## Serve the storefront for the `make up` stack: make storefront [STOREFRONT_PORT=5173]
	@$(PY) localstack/storefront.py start --port $(STOREFRONT_PORT)

test: deps  ## Lint, unit tests, then integration tests on a fresh emulator of their own
	@tests/run_all.sh

lint: deps  ## ruff, cfn-lint, sam validate --lint (the OpenAPI document's freshness is a unit test)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/cfn-lint template.yaml
	@PATH="$(VENV)/bin:$$PATH" sam validate --lint --template template.yaml >/dev/null && echo "sam validate --lint: ok"

unit: deps  ## Unit tests only (moto, in-process)
	@$(VENV)/bin/pytest tests/unit -q

admin: deps  ## Give an account the admin role: make admin EMAIL=someone@example.com
	@$(PY) infra/make_admin.py "$(EMAIL)"

logs: deps  ## Merged function logs: make logs [ORDER_ID=..] [CORRELATION_ID=..] [SINCE=minutes] [FOLLOW=1]
	@$(PY) localstack/logs.py

status: deps  ## The local stack at a glance: health, invocations and errors, queues, DLQs, alarms
	@$(PY) localstack/status.py

import-catalog: deps  ## Bulk-import products: make import-catalog FILE=products.jsonl|.csv [BACKFILL_ONLY=1]
	@$(PY) functions/products/import_catalog.py $(if $(BACKFILL_ONLY),--backfill-only,"$(FILE)")

replay-dlq: deps  ## Send a dead-letter queue's messages back: make replay-dlq QUEUE=orders-on-payment-result
	@$(PY) infra/replay_dlq.py "$(QUEUE)"

bench: deps  ## Print performance figures (needs `make up`)
	@$(PY) bench/run.py

load: deps  ## 20 shoppers for 60 s against the local stack, figures beside their goals (needs `make up`)
	@$(PY) bench/load.py

openapi: deps  ## Regenerate functions/platform/openapi.json from the handlers
	@$(PY) infra/openapi.py

contracts: deps  ## Write the events' JSON Schemas (docs/events/) from shop.contracts
	@$(PY) infra/contracts.py

lock: deps  ## Re-pin the layers' dependencies (layers/*/requirements.lock)
	@$(PY) infra/lock_layer.py

clean: down  ## Stop the emulator and delete .local/ and build output
	@rm -rf .local .aws-sam web/dist

.PHONY: help deps up down web storefront test lint unit admin logs status import-catalog replay-dlq bench load openapi contracts lock clean
