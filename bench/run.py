"""Performance figures for the running local stack (`make up` first), printed in one run: `make bench`.

1. Cold start: import/init time of every function's handler module in a fresh interpreter (the
   emulator's Python, the built layer on sys.path, as Lambda loads it), next to a bare handler that
   only imports boto3. Median of RUNS interpreters; the ratio is the figure to compare over time.
2. Warm latency through the emulator's API Gateway: GET /v1/products/{id} next to GET /v1/health
   (a handler that touches nothing), REQUESTS each, interleaved so both see the same machine load.
3. AWS API calls per request of each product endpoint, counted in-process against the emulator.
4. The product cache (bench/cache.py): hit vs miss latency and DynamoDB calls per 1,000 reads.
5. The order pipeline (bench/orders.py): time to PAID, throughput, calls and cost per order.
6. The catalog window (bench/money_path.py): how long a new product takes to reach checkout's copy,
   and whether a cart PUT 50 ms after its creation succeeds.
7. The catalog at scale (bench/catalog.py): import 1k then 100k products (BENCH_CATALOG_SIZE),
   page latency at both sizes and DynamoDB calls per page. Loads the products into the stack and
   takes a quarter of an hour: run it on a fresh stack; BENCH_CATALOG=0 skips it.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.template import resources  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
EMULATOR_PYTHON = ROOT / ".local" / "venv-emulator" / "bin" / "python"
LAYER = ROOT / ".aws-sam" / "build" / "SharedLayer" / "python"

IMPORT_PROBE = """
import sys, time
start = time.perf_counter()
sys.path[:0] = {paths!r}
import {module}
print(time.perf_counter() - start)
"""
BARE_PROBE = """
import time
start = time.perf_counter()
import boto3
client = boto3.client("dynamodb")
print(time.perf_counter() - start)
"""


def lambda_like_env(function: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "PYTHON"))}
    for name, value in function["Properties"].get("Environment", {}).get("Variables", {}).items():
        env[name] = value if isinstance(value, str) else f"bench-{name.lower()}"
    # As on AWS: tracing on, metrics namespace set, a function name and task root present (the X-Ray
    # SDK looks for LAMBDA_TASK_ROOT: without it, it sets up centralised sampling, which Lambda never does).
    env.update(AWS_LAMBDA_FUNCTION_NAME="bench", LAMBDA_TASK_ROOT=str(ROOT), POWERTOOLS_METRICS_NAMESPACE="Shop",
               POWERTOOLS_TRACE_DISABLED="false")
    return env


def probe_seconds(probe: str, env: dict) -> float:
    out = subprocess.run([str(EMULATOR_PYTHON), "-X", "frozen_modules=on", "-c", probe], env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cold_starts() -> None:
    """Each function's init next to the bare handler's, the two run alternately RUNS times, so both
    see the same machine load; the ratio of the medians is the figure (goal <= 1.5)."""
    print(f"\n## Cold start: module import/init, median of {RUNS} fresh interpreters, each beside a bare one")
    base_env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1"}
    print(f"{'function':<32}{'init ms':>9}{'bare ms':>9}{'x bare':>8}  goal <= 1.50")
    ratios = []
    for name, function in sorted(resources("AWS::Serverless::Function").items()):
        module = function["Properties"]["Handler"].split(".")[0]
        code = ROOT / function["Properties"]["CodeUri"]
        probe = IMPORT_PROBE.format(paths=[str(code), str(LAYER)], module=module)
        env = lambda_like_env(function)
        own, bare = [], []
        for _ in range(RUNS):
            bare.append(probe_seconds(BARE_PROBE, base_env))
            own.append(probe_seconds(probe, env))
        ratio = statistics.median(own) / statistics.median(bare)
        ratios.append(ratio)
        print(f"{name.removesuffix('Function'):<32}{statistics.median(own) * 1000:>9.0f}"
              f"{statistics.median(bare) * 1000:>9.0f}{ratio:>8.2f}{'' if ratio <= 1.5 else '  over'}")
    print(f"{'all functions: median, worst':<32}{'':>18}{statistics.median(ratios):>8.2f} {max(ratios):.2f}; "
          f"{sum(r <= 1.5 for r in ratios)} of {len(ratios)} within the goal")


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def warm_latency(api: str) -> None:
    print(f"\n## Warm latency through the emulator's API Gateway, {REQUESTS} requests each")
    http = requests.Session()
    product_id = http.get(f"{api}/v1/products", params={"limit": 1}, timeout=30).json()["items"][0]["id"]
    routes = {"GET /v1/products/{id}": f"{api}/v1/products/{product_id}", "GET /v1/health (no-op)": f"{api}/v1/health"}
    timings: dict[str, list[float]] = {name: [] for name in routes}
    for url in routes.values():  # warm both functions before measuring
        for _ in range(5):
            http.get(url, timeout=30).raise_for_status()
    for _ in range(REQUESTS):
        for name, url in routes.items():
            start = time.perf_counter()
            http.get(url, timeout=30).raise_for_status()
            timings[name].append(time.perf_counter() - start)
    print(f"{'route':<26}{'p50 ms':>9}{'p95 ms':>9}")
    for name, samples in timings.items():
        print(f"{name:<26}{percentile(samples, 50) * 1000:>9.1f}{percentile(samples, 95) * 1000:>9.1f}")
    product, noop = timings.values()
    print(f"{'ratio product / no-op':<26}{percentile(product, 50) / percentile(noop, 50):>9.2f}"
          f"{percentile(product, 95) / percentile(noop, 95):>9.2f}")


def api_calls(outputs: dict) -> None:
    """Run each product handler in this process against the emulator, counting AWS API calls."""
    print("\n## AWS API calls per request (in-process, against the emulator)")
    import botocore.client

    os.environ.update(PRODUCTS_TABLE=outputs["ProductsTableName"], AWS_ENDPOINT_URL=outputs["EndpointUrl"],
                      POWERTOOLS_TRACE_DISABLED="true", POWERTOOLS_METRICS_NAMESPACE="Shop",
                      POWERTOOLS_LOG_LEVEL="WARNING", POWERTOOLS_METRICS_DISABLED="true")
    sys.path[:0] = [str(ROOT / "functions" / "products"), str(ROOT / "layers" / "shared" / "python")]
    from tests.events import LambdaContext, api_event

    calls: list[str] = []
    original = botocore.client.BaseClient._make_api_call

    def counting(self, operation, params):
        calls.append(operation)
        return original(self, operation, params)

    botocore.client.BaseClient._make_api_call = counting
    import create_product
    import delete_product
    import get_product
    import list_products
    import update_product

    def run(name: str, module, event: dict) -> dict | None:
        calls.clear()
        response = module.handler(event, LambdaContext())
        rows.append((name, response["statusCode"], list(calls)))
        return json.loads(response.get("body") or "null")

    rows: list[tuple[str, int, list[str]]] = []
    body = {"name": "Bench Widget", "category": "bench", "price": 100, "currency": "EUR", "stock": 1}
    product = run("POST /v1/products", create_product, api_event("products/create_product", body=body))
    ids = {"product_id": product["id"]}
    run("GET /v1/products/{id}", get_product, api_event("products/get_product", path_params=ids))
    run("GET /v1/products", list_products, api_event("products/list_products", query={}))
    run("GET /v1/products?q=", list_products, api_event("products/list_products", query={"q": "bench"}))
    patch = {"version": 1, "price": 90}
    run("PATCH /v1/products/{id}", update_product, api_event("products/update_product", path_params=ids, body=patch))
    run("PATCH, stale version", update_product, api_event("products/update_product", path_params=ids, body=patch))
    run("DELETE /v1/products/{id}", delete_product, api_event("products/delete_product", path_params=ids))
    print(f"{'request':<26}{'status':>7}  {'calls':>5}  operations")
    for name, status, made in rows:
        print(f"{name:<26}{status:>7}  {len(made):>5}  {', '.join(made)}")


def main() -> None:
    outputs = json.loads((ROOT / ".local" / "stack-outputs.json").read_text())
    if not LAYER.is_dir():
        sys.exit("no built layer in .aws-sam/build: run `make up` first")
    print(f"# Shop benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)")
    cold_starts()
    warm_latency(outputs["ApiUrl"])
    api_calls(outputs)
    from bench.cache import product_cache

    product_cache(outputs)
    from bench.money_path import catalog_window

    catalog_window(outputs)
    if os.environ.get("BENCH_ORDERS", "1") == "1":
        from bench.orders import order_pipeline

        order_pipeline(outputs)
    if os.environ.get("BENCH_CATALOG", "1") == "1":
        from bench.catalog import catalog_scale

        catalog_scale(outputs, int(os.environ.get("BENCH_CATALOG_SIZE", "100000")))


if __name__ == "__main__":
    main()
