"""The product cache: both backends behave the same (the Redis one against a real redis-server),
concurrent misses load once, a hit costs no DynamoDB call, and a change event invalidates."""

import os
import shutil
import socket
import subprocess
import threading
import time

import pytest
import redis
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from infra.openapi import load_module
from shop import aws_calls
from shop import cache as shop_cache
from shop.cache import MemoryCache, RedisCache, get_many_or_load, get_or_load, invalidate
from tests.unit.conftest import ROOT, api_event, call, consume, envelope, service_module

catalog_cache = service_module("products", "catalog_cache")
get_product = service_module("products", "get_product")
list_products = service_module("products", "list_products")

KNIFE = {"name": "Chef's Knife", "category": "kitchen", "price": 8900, "currency": "EUR", "stock": 3}


@pytest.fixture(scope="session")
def redis_url():
    """`make test` starts a redis-server and passes its URL; otherwise start one here."""
    if url := os.environ.get("SHOP_TEST_REDIS_URL"):
        yield url
        return
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed: run `make test`, or install it (apt-get install redis-server)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(5)


@pytest.fixture(params=["memory", "redis"])
def store(request, redis_url):
    if request.param == "memory":
        return MemoryCache()
    backend = RedisCache(redis_url)
    backend._redis.flushdb()
    return backend


def test_both_backends_store_expire_and_delete(store):
    store.set("a", {"x": 1}, ttl=1)
    assert store.get("a") == {"x": 1} and store.get("missing") is None
    store.delete("a")
    assert store.get("a") is None
    store.set("short", [1], ttl=1)
    time.sleep(1.2)
    assert store.get("short") is None
    assert [store.incr("generation") for _ in range(3)] == [1, 2, 3]


def test_both_backends_read_and_write_many_keys_at_once(store):
    store.set("a", 1, ttl=60)
    store.add_many({"a": "not over a present entry", "b": {"x": [2]}, "c": 3}, ttl=60)
    assert store.get_many(["a", "missing", "b"]) == [1, None, {"x": [2]}] and store.get_many([]) == []
    store.delete("a", "c")
    assert store.get_many(["a", "b", "c"]) == [None, {"x": [2]}, None]


def test_get_many_loads_only_the_missing_keys_together_and_stores_them(store):
    store.set("a", "cached", ttl=60)
    asked = []

    def load(missing):
        asked.append(missing)
        return {key: f"loaded {key}" for key in missing if key != "absent"}

    assert get_many_or_load(["a", "b", "absent"], load, 60, store) == {"a": "cached", "b": "loaded b"}
    assert get_many_or_load(["a", "b"], load, 60, store) == {"a": "cached", "b": "loaded b"}
    assert asked == [["b", "absent"]]


def test_a_lock_has_one_holder_until_released(store):
    token = store.acquire("lock:k", 2000)
    assert token and store.acquire("lock:k", 2000) is None
    store.release("lock:k", "not-the-holder")
    assert store.acquire("lock:k", 2000) is None
    store.release("lock:k", token)
    assert store.acquire("lock:k", 2000)


def test_concurrent_misses_for_one_key_load_it_once(store):
    loads = []

    def slow_load():
        loads.append(1)
        time.sleep(0.3)
        return {"loaded": True}

    results = []
    threads = [threading.Thread(target=lambda: results.append(get_or_load("hot", slow_load, 60, store)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [{"loaded": True}] * 8 and len(loads) == 1


def test_a_failing_loader_caches_nothing_and_an_invalidated_key_is_reloaded(store):
    with pytest.raises(KeyError):
        get_or_load("k", lambda: {}["missing"], 60, store)
    assert get_or_load("k", lambda: 1, 60, store) == 1
    assert get_or_load("k", lambda: 2, 60, store) == 1
    invalidate("k", bump="gen", store=store)
    assert get_or_load("k", lambda: 2, 60, store) == 2 and int(store.get("gen")) == 1


def test_an_unreachable_redis_reads_through():
    dead = RedisCache("redis://127.0.0.1:1/0")
    assert get_or_load("k", lambda: "from the table", 60, dead) == "from the table"
    assert get_many_or_load(["k"], lambda keys: dict.fromkeys(keys, "table"), 60, dead) == {"k": "table"}
    invalidate("k", bump="gen", store=dead)  # logs a warning, raises nothing
    with pytest.raises(redis.exceptions.ConnectionError):
        invalidate("k", bump="gen", store=dead, raise_errors=True)


def test_a_change_event_whose_forget_fails_is_retried(product_cache, monkeypatch):
    product = created_product()
    on_product_changed = load_module(ROOT / "functions/products/on_product_changed.py")
    monkeypatch.setattr(shop_cache, "cache", lambda: RedisCache("redis://127.0.0.1:1/0"))
    with pytest.raises(BatchProcessingError):  # every message of the batch failed: SQS delivers it again
        consume(on_product_changed, envelope("product.stock_changed", {**product, "stock": 1, "version": 2}))


@pytest.fixture(params=["memory", "redis"])
def product_cache(request, redis_url, monkeypatch, products_table):
    backend = MemoryCache() if request.param == "memory" else RedisCache(redis_url)
    if request.param == "redis":
        backend._redis.flushdb()
    monkeypatch.setattr(shop_cache, "cache", lambda: backend)
    return backend


def created_product() -> dict:
    create_product = load_module(ROOT / "functions/products/create_product.py")
    from tests.unit.conftest import ADMIN

    status, product = call(create_product, api_event("products/create_product", body=KNIFE, claims=ADMIN))
    assert status == 201
    return product


def dynamodb_calls_for(module, event) -> tuple[int, dict, int]:
    aws_calls.start_invocation()
    status, body = call(module, event)
    return status, body, sum(n for op, n in aws_calls.made().items() if op.startswith("DynamoDB.")
                             and not op.endswith(".items"))


def test_a_cache_hit_makes_no_dynamodb_call(product_cache):
    product = created_product()
    read = api_event("products/get_product", path_params={"product_id": product["id"]})
    assert dynamodb_calls_for(get_product, read) == (200, product, 1)
    assert dynamodb_calls_for(get_product, read) == (200, product, 0)
    page = api_event("products/list_products", query={"category": "kitchen"})
    first = dynamodb_calls_for(list_products, page)
    assert first[2] == 2 and dynamodb_calls_for(list_products, page) == (200, first[1], 0)  # directory + shard
    second_page = api_event("products/list_products", query={"category": "kitchen", "limit": "5"})
    assert dynamodb_calls_for(list_products, second_page)[2] == 1  # the directory is cached with the pages


def test_a_change_event_makes_the_next_read_see_the_new_price(product_cache):
    product = created_product()
    read = api_event("products/get_product", path_params={"product_id": product["id"]})
    call(get_product, read)
    call(list_products, api_event("products/list_products", query={"category": "kitchen"}))
    product_table = service_module("products", "product_table")
    product_table.update_product(product["id"], 1, {"price": 100})  # as another function would, behind our back
    assert call(get_product, read)[1]["price"] == 8900  # still cached
    on_product_changed = load_module(ROOT / "functions/products/on_product_changed.py")
    assert consume(on_product_changed, envelope("product.updated", {**product, "price": 100, "version": 2})) == []
    assert call(get_product, read)[1]["price"] == 100
    listed = call(list_products, api_event("products/list_products", query={"category": "kitchen"}))[1]
    assert listed["items"][0]["price"] == 100


def test_a_stock_change_keeps_the_list_pages_and_the_next_page_shows_the_new_stock(product_cache):
    product = created_product()
    page = api_event("products/list_products", query={"category": "kitchen"})
    call(list_products, page)
    product_table = service_module("products", "product_table")
    product_table.update_product(product["id"], 1, {"stock": 1})  # as a reservation would
    on_product_changed = load_module(ROOT / "functions/products/on_product_changed.py")
    assert consume(on_product_changed, envelope("product.stock_changed", {**product, "stock": 1, "version": 2})) == []
    status, listed, calls = dynamodb_calls_for(list_products, page)
    assert status == 200 and [(p["id"], p["stock"]) for p in listed["items"]] == [(product["id"], 1)]
    assert calls == 1  # that product by BatchGetItem; the page's ids stayed cached (no directory, no Query)
    assert dynamodb_calls_for(list_products, page)[2] == 0


def test_a_product_gone_since_its_page_was_cached_is_left_out(product_cache):
    kept, gone = created_product(), created_product()
    page = api_event("products/list_products", query={"category": "kitchen"})
    assert len(call(list_products, page)[1]["items"]) == 2
    service_module("products", "product_table").delete_product(gone["id"])
    catalog_cache.forget(gone["id"], listing_changed=False)  # its page still cached: as if the event were late
    assert [p["id"] for p in call(list_products, page)[1]["items"]] == [kept["id"]]


def test_a_product_lives_no_longer_than_a_list_page_where_its_change_cannot_reach_every_copy(product_cache):
    # Lists are filled from the products' entries; an in-memory entry elsewhere can only expire.
    expected = shop_cache.DEFAULT_TTL if product_cache.shared else catalog_cache.LIST_TTL
    assert catalog_cache.product_ttl() == expected and catalog_cache.LIST_TTL < shop_cache.DEFAULT_TTL


def test_list_pages_are_keyed_by_the_catalog_generation(product_cache):
    before = catalog_cache.page_key({"category": "kitchen"})
    catalog_cache.forget("any-product")
    assert catalog_cache.page_key({"category": "kitchen"}) != before


def test_the_memory_backend_is_bounded_and_drops_expired_entries_nobody_reads_again():
    store = MemoryCache(max_items=100)
    for n in range(1000):
        store.set(f"k{n}", n, ttl=60)
    assert len(store._items) == 100 and store.get("k999") == 999 and store.get("k0") is None
    short = MemoryCache(max_items=100)
    for n in range(50):
        short.set(f"old{n}", n, ttl=0)  # expires at once
    short.set("new", 1, ttl=60)
    assert len(short._items) == 1  # expired entries go when new ones come in, read or not
