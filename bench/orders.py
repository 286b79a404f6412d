"""Order pipeline figures for `make bench` (needs the `make up` stack):

- latency from POST /v1/orders to PAID (p50/p95), read from the order's own history timestamps;
- orders per second the whole pipeline sustains (concurrent submitters, until the last is PAID);
- Lambda invocations and AWS API calls per order over its whole life (placed → PAID → shipment →
  SHIPPED → DELIVERED), counted from the functions' own log lines, and from those the cost of one
  million orders at AWS list prices.
"""

import json
import statistics
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import boto3
import requests

from infra import throttle
from infra.accounts import ADMIN_EMAIL, ADMIN_PASSWORD, CUSTOMER_EMAIL, CUSTOMER_PASSWORD
from tests.template import template

ADDRESS = {"recipient": "Bench", "line1": "1 Bench Street", "city": "London", "postal_code": "N1", "country": "GB"}
# The benchmark's own polling is not part of an order's cost.
POLLING = ("GetOrderFunction", "GetShipmentFunction", "GetPaymentFunction")

# The share of prod invocations that write INFO lines, as template.yaml sets it.
LOG_SAMPLE_RATE = float(template()["Mappings"]["StageSettings"]["prod"]["LogSampleRate"])

# AWS list prices, us-east-1, x86, on-demand (USD), as published in 2026.
PRICES = {
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_second": 0.0000166667,
    "http_api_request": 1.00 / 1e6,
    "dynamodb_write_unit": 0.625 / 1e6,
    "dynamodb_read_unit": 0.125 / 1e6,
    "sns_publish": 0.50 / 1e6,
    "pipes_request": 0.40 / 1e6,
    "sqs_request": 0.40 / 1e6,
    "log_gb": 0.50,
}


class Shop:
    def __init__(self, outputs: dict):
        self.api = outputs["ApiUrl"]
        self.http = throttle.Session()
        tokens = {who: self.http.post(f"{self.api}/v1/auth/login", json=creds, timeout=30).json()["id_token"]
                  for who, creds in (("admin", {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
                                     ("customer", {"email": CUSTOMER_EMAIL, "password": CUSTOMER_PASSWORD}))}
        self.admin = {"Authorization": f"Bearer {tokens['admin']}"}
        self.customer = {"Authorization": f"Bearer {tokens['customer']}"}

    def product(self, stock: int) -> str:
        body = {"name": f"Bench {uuid.uuid4().hex[:6]}", "category": "bench", "price": 999, "currency": "EUR",
                "stock": stock}
        product_id = self.http.post(f"{self.api}/v1/products", json=body, headers=self.admin, timeout=30).json()["id"]
        for _ in range(100):  # until the order service has its price
            if self.http.put(f"{self.api}/v1/cart/items/{product_id}", json={"quantity": 1}, headers=self.customer,
                             timeout=30).status_code == 200:
                self.http.delete(f"{self.api}/v1/cart/items/{product_id}", headers=self.customer, timeout=30)
                return product_id
            time.sleep(0.1)
        raise RuntimeError("the order service never learned the product's price")

    def place(self, product_id: str, http: requests.Session | None = None) -> tuple[str, float]:
        started = time.time()
        response = (http or self.http).post(
            f"{self.api}/v1/orders", headers={**self.customer, "Idempotency-Key": str(uuid.uuid4())}, timeout=120,
            json={"items": [{"product_id": product_id, "quantity": 1}], "shipping_address": ADDRESS,
                  "payment_token": "tok_ok"})
        response.raise_for_status()
        return response.json()["id"], started

    def wait(self, order_id: str, status: str, http: requests.Session | None = None, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            order = (http or self.http).get(f"{self.api}/v1/orders/{order_id}", headers=self.customer,
                                            timeout=30).json()
            if order["status"] == status:
                return order
            time.sleep(0.02)
        raise RuntimeError(f"order {order_id} did not reach {status}")

    def whole_life(self, product_id: str) -> None:
        order_id, _ = self.place(product_id)
        self.wait(order_id, "PAID")
        for _ in range(200):
            shipment = self.http.get(f"{self.api}/v1/orders/{order_id}/shipment", headers=self.customer, timeout=30)
            if shipment.status_code == 200:
                break
            time.sleep(0.02)
        for status in ("SHIPPED", "DELIVERED"):
            self.http.patch(f"{self.api}/v1/shipments/{shipment.json()['id']}", json={"status": status},
                            headers=self.admin, timeout=30).raise_for_status()
        self.wait(order_id, "DELIVERED")


def paid_at(order: dict) -> float:
    stamp = next(change["at"] for change in order["history"] if change["status"] == "PAID")
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def function_logs(outputs: dict, since_ms: int) -> dict[str, list[str]]:
    logs = boto3.client("logs", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    found = {}
    groups = [g for page in logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix="/aws/lambda/")
              for g in page["logGroups"]]
    for group in groups:
        name = group["logGroupName"].split("/")[-1]
        events, token = [], None
        while True:
            page = logs.filter_log_events(logGroupName=group["logGroupName"], startTime=since_ms,
                                          **({"nextToken": token} if token else {}))
            events += [e["message"] for e in page["events"]]
            token = page.get("nextToken")
            if not token:
                break
        found[name] = events
    return found


def count(outputs: dict, since_ms: int, orders: int) -> dict:
    """Invocations, billed GB-seconds, AWS calls and log bytes per order, from the log lines."""
    invocations, calls, gb_seconds, log_bytes = Counter(), Counter(), 0.0, Counter()
    for function, lines in function_logs(outputs, since_ms).items():
        logical = function.split("-")[2] if function.count("-") >= 3 else function
        if logical in POLLING:
            continue
        for line in lines:
            log_bytes[log_kind(line)] += len(line.encode())
            if line.startswith("REPORT "):
                invocations[logical] += 1
                fields = dict(part.split(": ", 1) for part in line.split("\t")[1:] if ": " in part)
                billed_ms = float(fields.get("Billed Duration", "0 ms").split()[0])
                memory_mb = float(fields.get("Memory Size", "512 MB").split()[0])
                gb_seconds += billed_ms / 1000 * memory_mb / 1024
            elif '"aws_calls"' in line:
                calls.update(json.loads(line)["aws_calls"])
    return {"invocations": {k: v / orders for k, v in invocations.items()},
            "calls": {k: v / orders for k, v in calls.items()},
            "gb_seconds": gb_seconds / orders, "log_bytes": {k: v / orders for k, v in log_bytes.items()}}


def published_changes(outputs: dict, since_s: int, orders: int) -> dict[str, float]:
    """Per order, the change records each table's pipe publishes on AWS: the table's stream records
    since `since_s` that pass the pipe's filter (template.yaml, Mappings Topics; the emulator's
    pipes publish every record, so the filter is applied here, as EventBridge would)."""
    from moto.events.models import EventPattern

    streams = boto3.client("dynamodbstreams", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    dynamodb = boto3.client("dynamodb", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    counts = {}
    for topic, row in template()["Mappings"]["Topics"].items():
        pattern = EventPattern.load(row["Changes"])
        arn = dynamodb.describe_table(TableName=outputs[f"{row['Table']}Name"])["Table"]["LatestStreamArn"]
        records = []
        for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
            iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            while iterator:
                page = streams.get_records(ShardIterator=iterator, Limit=1000)
                records += page["Records"]
                iterator = page.get("NextShardIterator") if page["Records"] else None
        recent = [r for r in records if _created_s(r) >= since_s]
        counts[topic] = sum(pattern.matches_event(json.loads(json.dumps(r, default=str))) for r in recent) / orders
    return counts


def _created_s(record: dict) -> float:
    created = record["dynamodb"]["ApproximateCreationDateTime"]
    return created.timestamp() if hasattr(created, "timestamp") else float(created)


def log_kind(line: str) -> str:
    """platform (START/END/REPORT), metrics (EMF), info (the shop's INFO and DEBUG lines, which
    prod samples) or other (warnings, errors, anything else: always kept)."""
    if line.startswith(("START ", "END ", "REPORT ")):
        return "platform"
    if line.startswith('{"_aws"'):
        return "metrics"
    if line.startswith("{") and ('"level":"INFO"' in line or '"level":"DEBUG"' in line):
        return "info"
    return "other"


def prod_log_bytes(log_bytes: dict[str, float]) -> float:
    """What prod writes of those: INFO lines only in the sampled invocations (LOG_SAMPLE_RATE);
    Lambda's platform lines, metrics and warnings all."""
    return log_bytes.get("info", 0) * LOG_SAMPLE_RATE + sum(v for k, v in log_bytes.items() if k != "info")


def cost_per_million(per_order: dict) -> list[tuple[str, str, float]]:
    calls = per_order["calls"]

    def total(*names: str) -> float:
        return sum(calls.get(name, 0) for name in names)

    invocations = sum(per_order["invocations"].values())
    http_requests = per_order["invocations"].get("PlaceOrderFunction", 0) + per_order["invocations"].get(
        "UpdateShipmentFunction", 0)
    writes = total("DynamoDB.PutItem", "DynamoDB.UpdateItem", "DynamoDB.DeleteItem") + 2 * total(
        "DynamoDB.TransactWriteItems.items")
    reads = total("DynamoDB.GetItem", "DynamoDB.Query", "DynamoDB.BatchGetItem.items")
    changes = sum(per_order["changes"].values())  # each is one pipe request and one SNS publish
    publishes = total("SNS.PublishBatch.items", "SNS.Publish") + changes
    # Each event delivered to a queue costs a send (by SNS), a receive and a delete.
    queue_requests = 3 * sum(v for k, v in per_order["invocations"].items() if "On" in k)
    rows = [
        ("Lambda requests", f"{invocations:.1f} invocations", invocations * PRICES["lambda_request"]),
        ("Lambda duration", f"{per_order['gb_seconds']:.3f} GB-s (emulator timings)",
         per_order["gb_seconds"] * PRICES["lambda_gb_second"]),
        ("HTTP API", f"{http_requests:.1f} requests", http_requests * PRICES["http_api_request"]),
        ("DynamoDB writes", f"{writes:.1f} write units (1 KB items, transactions x2)",
         writes * PRICES["dynamodb_write_unit"]),
        ("DynamoDB reads", f"{reads:.1f} read units (upper bound)", reads * PRICES["dynamodb_read_unit"]),
        ("EventBridge Pipes", f"{changes:.1f} change records (after the pipes' filters)",
         changes * PRICES["pipes_request"]),
        ("SNS", f"{publishes:.1f} publishes", publishes * PRICES["sns_publish"]),
        ("SQS", f"{queue_requests:.1f} requests", queue_requests * PRICES["sqs_request"]),
        ("CloudWatch Logs", f"{prod_log_bytes(per_order['log_bytes']) / 1024:.1f} KB in prod "
         f"({sum(per_order['log_bytes'].values()) / 1024:.1f} KB logged here, INFO sampled at {LOG_SAMPLE_RATE:.0%})",
         prod_log_bytes(per_order["log_bytes"]) / 1024**3 * PRICES["log_gb"]),
    ]
    return [(name, basis, per_order_cost * 1e6) for name, basis, per_order_cost in rows]


def order_pipeline(outputs: dict, latency_orders: int = 30, throughput_orders: int = 60, submitters: int = 6,
                   counted_orders: int = 10) -> None:
    shop = Shop(outputs)
    product_id = shop.product(stock=100_000)
    for _ in range(3):  # warm every function on the path
        shop.whole_life(product_id)

    print(f"\n## Order pipeline: POST /v1/orders → PAID, {latency_orders} orders one after another")
    latencies = []
    for _ in range(latency_orders):
        order_id, started = shop.place(product_id)
        latencies.append(paid_at(shop.wait(order_id, "PAID")) - started)
    print(f"p50 {percentile(latencies, 50) * 1000:.0f} ms   p95 {percentile(latencies, 95) * 1000:.0f} ms   "
          f"mean {statistics.mean(latencies) * 1000:.0f} ms")
    from bench.noop_chain import HOPS, noop_chain_p50

    floor = noop_chain_p50(outputs)
    print(f"the same hops with nothing in them (a function that writes, then {HOPS} x stream, pipe, topic, "
          f"queue, function that writes): p50 {floor * 1000:.0f} ms")
    print(f"ratio {percentile(latencies, 50) / floor:.2f} (goal ≤ 1.3); with stream publisher functions the "
          "p50 was 279 ms: the emulator's pipes read each stream once a second (docs/performance.md)")

    print(f"\n## Throughput: {throughput_orders} orders from {submitters} concurrent clients, until the last is PAID")

    def submit(_: int) -> tuple[str, float]:
        with throttle.Session() as http:
            return shop.place(product_id, http)

    started = time.time()
    with ThreadPoolExecutor(max_workers=submitters) as pool:
        placed = list(pool.map(submit, range(throughput_orders)))
    last_paid = max(paid_at(shop.wait(order_id, "PAID", timeout=300)) for order_id, _ in placed)
    elapsed = last_paid - started
    print(f"{throughput_orders} orders in {elapsed:.1f} s = {throughput_orders / elapsed:.1f} orders/s "
          f"(placing alone: {throughput_orders / (max(t for _, t in placed) - started):.1f} orders/s submitted; "
          "goal: at least double the 3.1 orders/s of the stream publisher functions)")

    print(f"\n## Per order, over its whole life ({counted_orders} orders, placed one at a time)")
    time.sleep(2)
    since_ms = int(time.time() + 1) * 1000  # the streams' clock has whole seconds
    time.sleep(since_ms / 1000 - time.time())
    for _ in range(counted_orders):
        shop.whole_life(product_id)
    time.sleep(3)  # let the last log lines land
    per_order = count(outputs, since_ms, counted_orders)
    per_order["changes"] = published_changes(outputs, since_ms // 1000, counted_orders)
    print(f"Lambda invocations: {sum(per_order['invocations'].values()):.1f} (goal ≤ 12; 20.2 with stream "
          "publisher functions)")
    for function, n in sorted(per_order["invocations"].items()):
        print(f"  {function:<38}{n:>5.1f}")
    print(f"Change records the pipes publish: {sum(per_order['changes'].values()):.1f} (no invocation)")
    for topic, n in sorted(per_order["changes"].items()):
        print(f"  {topic:<38}{n:>5.1f}")
    api_calls = {k: v for k, v in per_order["calls"].items() if not k.endswith(".items")}
    print(f"AWS API calls: {sum(api_calls.values()):.1f}")
    for operation, n in sorted(api_calls.items()):
        print(f"  {operation:<38}{n:>5.1f}")
    print("\n## Cost of one million orders at AWS list prices (us-east-1, on-demand)")
    rows = cost_per_million(per_order)
    for name, basis, dollars in rows:
        print(f"  {name:<18}{basis:<52}${dollars:>9.2f}")
    print(f"  {'total':<70}${sum(d for _, _, d in rows):>9.2f}  (goal <= $30)")
