"""Catalog scale figures (`make bench`, or alone: `.local/venv/bin/python -m bench.catalog [--size N]`).

Loads SMALL then SIZE products (default 1,000 then 100,000 in all) into the `make up` stack with
the bulk import (functions/products/import_catalog.py), and at each size measures through the
emulator's API Gateway the p50 latency of distinct catalog pages (a cursor chain), category pages
(first pages and their next pages) and search pages (distinct terms), so no request is a cache
hit. DynamoDB calls per request are counted in-process against the emulator (the handler run here,
botocore calls counted) for the same kinds of request. The products it adds have skus BENCH-…;
run it on a stack with few other products (a fresh `make up`), as the sizes are what it loads.
Figures, not assertions; the goals are printed beside them.
"""

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import boto3
import requests

ROOT = Path(__file__).resolve().parent.parent
SMALL = 1_000
GOAL_RATIO = 1.2
GOAL_SEARCH_CALLS = 3
REQUESTS_PER_KIND = 60
SETTLE_SECONDS = 20

FIRST = ["Classic", "Organic", "Vintage", "Compact", "Premium", "Rustic", "Modern", "Deluxe", "Smart", "Travel",
         "Mini", "Large", "Soft", "Bold", "Eco", "Golden", "Silver", "Crystal", "Nordic", "Urban", "Café", "Crème",
         "Électrique", "Noir", "Bright", "Quiet", "Rapid", "Tiny", "Grand", "Royal", "Wild", "Alpine", "Coastal",
         "Desert", "Forest", "Lunar", "Solar", "Velvet", "Woven", "Hand-made", "Ölmühle", "Ñandú", "Zen", "Kyoto",
         "Baltic", "Tuscan", "Andean", "Arctic", "Boreal", "Savanna"]
MATERIAL = ["Oak", "Walnut", "Bamboo", "Linen", "Cotton", "Wool", "Leather", "Steel", "Copper", "Brass", "Glass",
            "Ceramic", "Stone", "Marble", "Cork", "Hemp", "Silk", "Denim", "Felt", "Clay", "Porcelain", "Titanium",
            "Aluminium", "Rattan", "Jute", "Acacia", "Teak", "Slate", "Resin", "Paper"]
NOUN = ["Mug", "Kettle", "Knife", "Lamp", "Chair", "Table", "Blanket", "Pillow", "Bottle", "Backpack", "Notebook",
        "Pen", "Jacket", "Scarf", "Candle", "Vase", "Speaker", "Headphones", "Grinder", "Teapot", "Skillet", "Bowl",
        "Plate", "Clock", "Mirror", "Rug", "Basket", "Towel", "Soap", "Brush", "Stool", "Shelf", "Tray", "Jar",
        "Planter", "Hammock", "Tent", "Lantern", "Wallet", "Belt", "Glove", "Hat", "Sock", "Apron", "Spoon", "Whisk",
        "Cutting Board", "Desk Organiser", "Coffee Press", "Water Filter"]
CATEGORIES = ["kitchen", "home", "office", "outdoor", "audio", "bath", "decor", "apparel", "garden", "toys",
              "books", "sport", "travel", "pets", "tools", "lighting", "storage", "textiles", "tableware", "gifts"]


def product_lines(start: int, stop: int) -> list[dict]:
    rng = random.Random(12)
    rows = [(rng.choice(FIRST), rng.choice(MATERIAL), rng.choice(NOUN), rng.choice(CATEGORIES),
             rng.randint(100, 99_999), rng.randint(0, 50)) for _ in range(stop)]
    return [{"sku": f"BENCH-{n:06d}", "name": f"{first} {material} {noun} {n % 997}",
             "category": category, "price": price, "currency": "EUR", "stock": stock}
            for n, (first, material, noun, category, price, stock) in enumerate(rows) if n >= start]


def search_terms() -> list[str]:
    """Distinct terms users type: word prefixes of 3-5 letters, whole words, two-word queries."""
    rng = random.Random(7)
    words = [w for w in " ".join(FIRST + MATERIAL + NOUN).replace("-", " ").split() if len(w) >= 3]
    terms = {w[:n].lower() for w in words for n in (3, 4, 5)} | {w.upper() for w in words}
    terms |= {f"{rng.choice(MATERIAL)} {rng.choice(NOUN).split()[0]}" for _ in range(40)}
    return sorted(terms, key=lambda t: rng.random())


def import_file(lines: list[dict]) -> tuple[float, object]:
    sys.path[:0] = [str(ROOT / "functions" / "products"), str(ROOT / "layers" / "shared" / "python")]
    import import_catalog

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as file:
        file.write("".join(json.dumps(line) + "\n" for line in lines))
    start = time.perf_counter()
    summary = import_catalog.run(Path(file.name))
    elapsed = time.perf_counter() - start
    os.unlink(file.name)
    return elapsed, summary


def wait_for_orders_copy(outputs: dict, product_id: str, timeout: float = 900) -> float:
    """Seconds until the order service's copy holds the product (its catalog.imported arrived)."""
    table = boto3.resource("dynamodb").Table(outputs["OrdersTableName"])
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if table.get_item(Key={"pk": f"PRODUCT#{product_id}", "sk": "PRODUCT"}).get("Item"):
            return time.perf_counter() - start
        time.sleep(2)
    return float("nan")


def requests_of_each_kind(api: str, http: requests.Session, seed: int) -> dict[str, list[dict]]:
    """Distinct queries: a cursor chain of catalog pages, first and next pages of each category, terms."""
    rng = random.Random(seed)
    kinds: dict[str, list[dict]] = {"catalog page": [], "category page": [], "search page": []}
    cursor = None
    limit = 20 + seed % 5  # another limit per size: no page is a cache hit of the other run
    for _ in range(REQUESTS_PER_KIND):
        query = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        kinds["catalog page"].append(query)
        cursor = http.get(f"{api}/v1/products", params=query, timeout=60).json()["next_cursor"]
    for category in rng.sample(CATEGORIES, len(CATEGORIES)):
        cursor = None
        for _ in range(3):
            query = {"category": category, "limit": limit, **({"cursor": cursor} if cursor else {})}
            kinds["category page"].append(query)
            cursor = http.get(f"{api}/v1/products", params=query, timeout=60).json()["next_cursor"]
            if not cursor:
                break
    kinds["search page"] = [{"q": term, "limit": limit} for term in search_terms()[:REQUESTS_PER_KIND]]
    return kinds


def measure(api: str, kinds: dict[str, list[dict]]) -> dict[str, float]:
    """p50 seconds per kind, each query sent once more (now a cache miss for none: see below)."""
    http = requests.Session()
    p50 = {}
    for kind, queries in kinds.items():
        samples = []
        for query in queries:
            # A fresh limit makes every measured request distinct from the one that built the
            # chain (the page cache key holds the limit); the cursor stays valid for it.
            timed = {**query, "limit": query["limit"] + 10}
            start = time.perf_counter()
            http.get(f"{api}/v1/products", params=timed, timeout=60).raise_for_status()
            samples.append(time.perf_counter() - start)
        p50[kind] = statistics.median(samples)
    return p50


def _fresh_store(store):
    return lambda: store


def dynamodb_calls(outputs: dict, kinds: dict[str, list[dict]]) -> dict[str, tuple[float, int]]:
    """Mean and max DynamoDB calls per request of each kind, running the handler in this process."""
    import botocore.client

    os.environ.update(PRODUCTS_TABLE=outputs["ProductsTableName"], AWS_ENDPOINT_URL=outputs["EndpointUrl"],
                      POWERTOOLS_TRACE_DISABLED="true", POWERTOOLS_METRICS_NAMESPACE="Shop",
                      POWERTOOLS_LOG_LEVEL="WARNING", POWERTOOLS_METRICS_DISABLED="true", CACHE_URL="")
    sys.path[:0] = [str(ROOT / "functions" / "products"), str(ROOT / "layers" / "shared" / "python"), str(ROOT)]
    import list_products
    from tests.events import LambdaContext, api_event

    calls: list[str] = []
    original = botocore.client.BaseClient._make_api_call

    def counting(self, operation, params):
        calls.append(operation)
        return original(self, operation, params)

    botocore.client.BaseClient._make_api_call = counting
    from shop import cache as shop_cache

    try:
        counted = {}
        for kind, queries in kinds.items():
            per_request = []
            for query in queries:
                shop_cache.cache = _fresh_store(shop_cache.MemoryCache())  # nothing cached in between
                calls.clear()
                event = api_event("products/list_products", query={k: str(v) for k, v in query.items()})
                with contextlib.redirect_stdout(io.StringIO()):  # the handler's log and metric lines
                    assert list_products.handler(event, LambdaContext())["statusCode"] == 200
                per_request.append(len(calls))
            counted[kind] = (statistics.mean(per_request), max(per_request))
        return counted
    finally:
        botocore.client.BaseClient._make_api_call = original


def catalog_scale(outputs: dict, size: int) -> None:
    api = outputs["ApiUrl"]
    os.environ.setdefault("AWS_ENDPOINT_URL", outputs["EndpointUrl"])
    http = requests.Session()
    print(f"\n## Catalog at scale: import {SMALL:,} then {size:,} products, p50 of distinct requests")
    results = {}
    loaded = 0
    for target in (SMALL, size):
        lines = product_lines(loaded, target)
        elapsed, summary = import_file(lines)
        rate = (summary.created + summary.updated) / elapsed
        print(f"import {len(lines):,} lines: {elapsed:.0f} s, {rate:,.0f} products written/s, "
              f"{len(lines) / elapsed:,.0f} lines/s "
              f"(created {summary.created:,}, updated {summary.updated:,}, unchanged {summary.unchanged:,}, "
              f"rejected {len(summary.rejected):,})")
        pointer = boto3.resource("dynamodb").Table(outputs["ProductsTableName"]).get_item(
            Key={"id": f"SKU#{lines[-1]['sku']}"}).get("Item")
        caught_up = wait_for_orders_copy(outputs, pointer["product_id"]) if pointer else float("nan")
        print(f"  the orders' copy held the last imported product {caught_up:.0f} s after the import ended")
        time.sleep(SETTLE_SECONDS)  # the pipe and the consumers finish their backlog
        loaded = target
        for query in ({"limit": 5}, {"q": "warm"}, {"category": "kitchen", "limit": 5}):  # warm the function
            http.get(f"{api}/v1/products", params=query, timeout=60)
        kinds = requests_of_each_kind(api, http, seed=target)
        results[target] = (measure(api, kinds), dynamodb_calls(outputs, kinds))

    small, large = results[SMALL], results[size]
    print(f"{'request':<16}{'p50 1k ms':>11}{f'p50 {size // 1000}k ms':>13}{'ratio':>7}{'goal':>6}"
          f"{'DynamoDB calls/req (mean, max) 1k':>36}{f'{size // 1000}k':>12}{'goal':>6}")
    for kind in small[0]:
        ratio = large[0][kind] / small[0][kind]
        goal = f"<={GOAL_SEARCH_CALLS}" if kind == "search page" else "-"
        (m1, x1), (m2, x2) = small[1][kind], large[1][kind]
        print(f"{kind:<16}{small[0][kind] * 1000:>11.1f}{large[0][kind] * 1000:>13.1f}{ratio:>7.2f}{GOAL_RATIO:>6}"
              f"{f'{m1:.1f}, {x1}':>36}{f'{m2:.1f}, {x2}':>12}{goal:>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_CATALOG_SIZE", "100000")))
    args = parser.parse_args()
    outputs = json.loads((ROOT / ".local" / "stack-outputs.json").read_text())
    catalog_scale(outputs, max(args.size, SMALL + 1))


if __name__ == "__main__":
    main()
