"""`make load`: 20 shoppers for 60 s against the local stack (`make up` first), with Locust.

The mix is the storefront's: half catalog pages, 30% product pages, 10% the shopper's own orders,
10% checkouts. Each shopper has its own account (created in the local user pool) and thinks for
nothing between requests, so 20 requests are always in flight. The first WARM_UP seconds are
driven but not counted. Before it starts, the products the shoppers buy are topped up to
LOAD_STOCK (1,000) each, so that every run's checkouts reserve stock (on a catalog sold out by
earlier runs they would all be rejected, a different and lighter load). Printed beside the goals
(issue 12): 5xx, p95 of catalog and product reads, requests/s, the emulator's memory (all its
processes, proportional set size, peak), and whether every order placed during the run is terminal
within 60 s of its end.

Bounded and local only: CLIENTS shoppers, DURATION seconds, at most MAX_REQUESTS requests, and a
host that is 127.0.0.1 or localhost.
"""

from gevent import monkey

monkey.patch_all()  # first: Locust runs on gevent, and requests must cooperate with it

import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import boto3  # noqa: E402
import gevent  # noqa: E402
import requests  # noqa: E402
from locust import HttpUser, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.log import setup_logging  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra import throttle  # noqa: E402
from infra.accounts import ADMIN_EMAIL, ADMIN_PASSWORD, ensure_user  # noqa: E402

CLIENTS = int(os.environ.get("LOAD_CLIENTS", "20"))
DURATION = float(os.environ.get("LOAD_SECONDS", "60"))
WARM_UP = float(os.environ.get("LOAD_WARM_UP_SECONDS", "10"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "50000"))
# Each product the shoppers buy is topped up to this before the run: a run on a catalog that earlier
# runs sold out measures rejected checkouts instead (no stock moves, nothing else changes after).
STOCK_FOR_A_RUN = int(os.environ.get("LOAD_STOCK", "1000"))
PASSWORD = "Load-Passw0rd!"  # noqa: S105 (throw-away accounts in the local user pool)
ADDRESS = {"recipient": "Load Test", "line1": "1 Load Street", "city": "London", "postal_code": "N1",
           "country": "GB"}
TERMINAL = {"PAID", "CANCELLED", "SHIPPED", "DELIVERED"}  # nothing more happens without an admin

samples: list[tuple[float, str, int, float]] = []  # (started at, kind, final status, seconds)
throttles = Counter()  # kind -> attempts the gateway throttled (retried, as the storefront does)
placed_orders: list[tuple[str, str]] = []  # (order id, its owner's Authorization header)
state = {"measuring_from": float("inf"), "requests": 0}


@events.request.add_listener
def _bound(**_kwargs):
    state["requests"] += 1
    if state["requests"] >= MAX_REQUESTS:
        runner.quit()


class Shopper(HttpUser):
    """One storefront visitor: browses, reads products, looks at orders, now and then checks out."""

    wait_time = staticmethod(lambda: 0)
    products: list[dict] = []
    categories: list[str] = []
    accounts: list[str] = []

    def send(self, method: str, path: str, kind: str, **kwargs):
        """One request as the shopper sees it: throttled attempts are retried after a short pause
        (infra/throttle.py), and the time counted is until the answer."""
        started = time.time()
        for attempt in itertools.count():
            if time.time() - started > throttle.RETRY_FOR_SECONDS:
                break
            with self.client.request(method, path, name=kind, catch_response=True, **kwargs) as response:
                if throttle.throttled(response):
                    throttles[kind] += 1
                    response.success()
                    gevent.sleep(throttle.pause(attempt))
                    continue
                response.success()  # every answer is recorded below, by status
                samples.append((started, kind, response.status_code or 0, time.time() - started))
                return response
        samples.append((started, kind, 429, time.time() - started))
        return None

    def on_start(self):
        email = Shopper.accounts.pop()
        tokens = self.send("POST", "/v1/auth/login", "login", json={"email": email, "password": PASSWORD}).json()
        self.client.headers["Authorization"] = f"Bearer {tokens['id_token']}"

    @task(50)
    def catalog_page(self):
        params = {"limit": 20}
        if random.random() < 0.5:
            params["category"] = random.choice(Shopper.categories)
        self.send("GET", "/v1/products", "catalog", params=params)

    @task(30)
    def product_page(self):
        self.send("GET", f"/v1/products/{random.choice(Shopper.products)['id']}", "product")

    @task(10)
    def own_orders(self):
        self.send("GET", "/v1/orders", "orders", params={"limit": 10})

    @task(10)
    def checkout(self):
        product = random.choice([p for p in Shopper.products if p["stock"] > 0] or Shopper.products)
        body = {"items": [{"product_id": product["id"], "quantity": 1}], "shipping_address": ADDRESS,
                "payment_token": "tok_ok"}
        response = self.send("POST", "/v1/orders", "checkout", json=body,
                             headers={"Idempotency-Key": uuid.uuid4().hex})
        if response is not None and response.status_code == 201:
            placed_orders.append((response.json()["id"], self.client.headers["Authorization"]))


def emulator_memory(root_pid: int) -> tuple[int, int]:
    """(bytes, processes): proportional set size of the emulator and every process under it (its
    function workers), so pages they share are counted once in all."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    family, grown = {root_pid}, True
    while grown:
        children = {pid for pid, parent in parents.items() if parent in family} - family
        family |= children
        grown = bool(children)
    total = 0
    for pid in family:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total, len(family)


def memory_sampler(root_pid: int, peak: dict) -> None:
    while True:
        total, processes = emulator_memory(root_pid)
        if total >= peak.get("bytes", 0):
            peak.update(bytes=total, processes=processes)
        gevent.sleep(1)


def prepare(outputs: dict) -> None:
    api = outputs["ApiUrl"]
    if urlsplit(api).hostname not in ("127.0.0.1", "localhost"):
        sys.exit(f"make load only drives a local stack; {api} is not on loopback")
    listing = requests.get(f"{api}/v1/products", params={"limit": 100}, timeout=30).json()["items"]
    if not listing:
        sys.exit("the catalog is empty: run `make up` first")
    restock(api, listing)
    Shopper.products = listing
    Shopper.categories = sorted({p["category"] for p in listing})
    cognito = boto3.client("cognito-idp")
    Shopper.accounts = [f"load-{n:02d}@shop.local" for n in range(CLIENTS)]
    for email in Shopper.accounts:
        ensure_user(cognito, outputs["UserPoolId"], email, PASSWORD, "Load Shopper")


def restock(api: str, listing: list[dict]) -> None:
    """Top every listed product up to STOCK_FOR_A_RUN, as the shop's admin (PATCH with its version)."""
    http = throttle.Session()
    login = {"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
    admin = {"Authorization": f"Bearer {http.post(f'{api}/v1/auth/login', json=login, timeout=30).json()['id_token']}"}
    low = [product for product in listing if product["stock"] < STOCK_FOR_A_RUN]
    for product in low:
        for _ in range(10):  # a version conflict (an order's reservation came first): read again
            response = http.patch(f"{api}/v1/products/{product['id']}", headers=admin, timeout=30,
                                  json={"version": product["version"], "stock": STOCK_FOR_A_RUN})
            if response.status_code != 409:
                break
            time.sleep(0.2)
            product.update(http.get(f"{api}/v1/products/{product['id']}", timeout=30).json())
        response.raise_for_status()
        product.update(response.json())
    print(f"topped up {len(low)} of {len(listing)} products to a stock of {STOCK_FOR_A_RUN} for the run")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def wait_for_terminal(api: str, deadline: float) -> tuple[int, int]:
    """(terminal, still moving) among the orders placed during the run, asked as their owners."""
    http = requests.Session()
    waiting = dict(placed_orders)
    while waiting and time.time() < deadline:
        for order_id, authorization in list(waiting.items()):
            response = http.get(f"{api}/v1/orders/{order_id}", headers={"Authorization": authorization}, timeout=30)
            if response.ok and response.json()["status"] in TERMINAL:
                del waiting[order_id]
        if waiting:
            time.sleep(1)
    return len(placed_orders) - len(waiting), len(waiting)


def report(started: float, ended: float, peak: dict, terminal: tuple[int, int]) -> None:
    counted = [s for s in samples if s[0] >= state["measuring_from"] and s[1] != "login"]
    seconds = ended - state["measuring_from"]
    by_kind: dict[str, list[float]] = defaultdict(list)
    statuses = Counter()
    for _, kind, status, elapsed in counted:
        by_kind[kind].append(elapsed)
        statuses[status] += 1
    server_errors = sum(n for status, n in statuses.items() if status >= 500 or status == 0)
    print(f"\n# make load: {CLIENTS} shoppers, {DURATION:.0f} s after a {WARM_UP:.0f} s warm-up "
          f"({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)")
    print(f"{'kind':<10}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in ("catalog", "product", "orders", "checkout"):
        values = by_kind.get(kind, [])
        print(f"{kind:<10}{len(values):>9}{percentile(values, 50) * 1000:>9.0f}{percentile(values, 95) * 1000:>9.0f}"
              f"{(max(values) if values else float('nan')) * 1000:>9.0f}")
    print(f"answers by status: {dict(sorted(statuses.items()))}; throttled attempts retried: "
          f"{sum(throttles.values())} ({dict(throttles)})")
    reads = by_kind.get("catalog", []) + by_kind.get("product", [])
    rate = len(counted) / seconds if seconds > 0 else 0
    terminal_ok, moving = terminal
    rows = [
        ("5xx (and failed connections)", f"{server_errors}", "0", server_errors == 0),
        ("p95 catalog and product reads", f"{percentile(reads, 95) * 1000:.0f} ms", "<= 1000 ms",
         percentile(reads, 95) <= 1.0),
        ("requests/s, all kinds", f"{rate:.1f}", ">= 50", rate >= 50),
        (f"emulator memory, peak ({peak.get('processes', 0)} processes)", f"{peak.get('bytes', 0) / 2**30:.2f} GB",
         "<= 4 GB",
         peak.get("bytes", 0) <= 4 * 2**30),
        ("orders terminal within 60 s", f"{terminal_ok} of {terminal_ok + moving}", "all", moving == 0),
    ]
    print(f"\n{'figure':<32}{'measured':>14}{'goal':>13}")
    for name, measured, goal, met in rows:
        print(f"{name:<32}{measured:>14}{goal:>13}  {'met' if met else 'MISSED'}")


def main() -> None:
    global runner
    setup_logging("WARNING")
    outputs = json.loads((ROOT / ".local" / "stack-outputs.json").read_text())
    prepare(outputs)
    Shopper.host = outputs["ApiUrl"]
    peak: dict = {}
    emulator_pid = int((Path(outputs["EmulatorStateDir"]).parent / "ministack.pid").read_text())
    gevent.spawn(memory_sampler, emulator_pid, peak)
    environment = Environment(user_classes=[Shopper], events=events)
    runner = environment.create_local_runner()
    started = time.time()
    state["measuring_from"] = started + WARM_UP
    runner.start(CLIENTS, spawn_rate=CLIENTS)
    gevent.spawn_later(WARM_UP + DURATION, runner.quit)
    runner.greenlet.join()
    ended = time.time()
    terminal = wait_for_terminal(outputs["ApiUrl"], ended + 60)
    report(started, ended, peak, terminal)


if __name__ == "__main__":
    main()
