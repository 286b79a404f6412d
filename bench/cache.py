"""Product cache figures for `make bench` (needs the `make up` stack and its redis-server):
GET /v1/products/{id} through the API with the entry cached (hit) and just invalidated (miss),
interleaved so both see the same machine load, and the DynamoDB calls per 1,000 reads of each kind,
counted from the function's own `aws_calls` log field."""

import json
import os
import statistics
import time

import boto3
import redis
import requests

from bench.orders import percentile


def dynamodb_calls(outputs: dict, since_ms: int) -> int:
    logs = boto3.client("logs", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    groups = [g["logGroupName"] for page in logs.get_paginator("describe_log_groups").paginate(
        logGroupNamePrefix="/aws/lambda/") for g in page["logGroups"] if "GetProductFunction" in g["logGroupName"]]
    calls = 0
    for page in logs.get_paginator("filter_log_events").paginate(logGroupName=groups[0], startTime=since_ms):
        for event in page["events"]:
            if '"aws_calls"' in event["message"]:
                made = json.loads(event["message"])["aws_calls"]
                calls += sum(n for op, n in made.items() if op.startswith("DynamoDB.") and not op.endswith(".items"))
    return calls


def product_cache(outputs: dict, reads: int = 300) -> None:
    api = outputs["ApiUrl"]
    cache = redis.Redis.from_url(f"redis://127.0.0.1:{os.environ.get('REDIS_PORT', '6379')}/0")
    http = requests.Session()
    product_id = http.get(f"{api}/v1/products", params={"limit": 1}, timeout=30).json()["items"][0]["id"]
    url, key = f"{api}/v1/products/{product_id}", f"product:{product_id}"
    for _ in range(10):
        http.get(url, timeout=30).raise_for_status()

    print(f"\n## Product cache: GET /v1/products/{{id}}, {reads} misses and {reads} hits, interleaved")
    timings: dict[str, list[float]] = {"miss (DynamoDB GetItem)": [], "hit (Redis)": []}
    time.sleep(1)
    since = int(time.time() * 1000)
    for _ in range(reads):
        for kind in timings:
            if kind.startswith("miss"):
                cache.delete(key)
            start = time.perf_counter()
            http.get(url, timeout=30).raise_for_status()
            timings[kind].append(time.perf_counter() - start)
    time.sleep(3)
    calls_both = dynamodb_calls(outputs, since)
    since = int(time.time() * 1000)
    for _ in range(reads):
        http.get(url, timeout=30).raise_for_status()
    time.sleep(3)
    calls_hits = dynamodb_calls(outputs, since)
    print(f"{'read':<26}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'DynamoDB calls per 1,000':>27}")
    # The interleaved run counts misses and hits together; hits alone were counted just after.
    hit_calls = calls_hits / reads
    per_thousand = {"miss (DynamoDB GetItem)": (calls_both / reads - hit_calls) * 1000, "hit (Redis)": hit_calls * 1000}
    for kind, samples in timings.items():
        print(f"{kind:<26}{percentile(samples, 50) * 1000:>9.1f}{percentile(samples, 95) * 1000:>9.1f}"
              f"{statistics.mean(samples) * 1000:>9.1f}{per_thousand[kind]:>27.0f}")
    miss, hit = timings.values()
    print(f"{'ratio miss / hit':<26}{percentile(miss, 50) / percentile(hit, 50):>9.2f}"
          f"{percentile(miss, 95) / percentile(hit, 95):>9.2f}")
