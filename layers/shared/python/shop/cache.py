"""A read-through cache with one small interface and two backends:

- Redis/Valkey when CACHE_URL is set (ElastiCache Serverless on AWS, a local redis-server here):
  shared by every execution environment, so invalidating a key (on a product's change event) is
  seen by the next read anywhere;
- an in-memory TTL cache per execution environment otherwise: no network hop, but another
  environment's copy can only expire (CACHE_TTL_SECONDS), it cannot be invalidated from outside.

`get_or_load(key, loader)` lets one caller load a missing key while concurrent callers for the same
key wait briefly for its result (no stampede on the table). The cache is an optimisation only: if
Redis is unreachable the read goes to the loader and the function keeps working.
"""

import json
import math
import threading
import time
import uuid
from collections.abc import Callable
from functools import cache as once
from typing import Any, Protocol

from shop import settings
from shop.observability import logger, metrics

DEFAULT_TTL = int(settings.optional("CACHE_TTL_SECONDS", "300"))
MEMORY_MAX_ITEMS = int(settings.optional("CACHE_MAX_ITEMS", "5000"))
LOCK_MILLISECONDS = 2000
WAIT_SECONDS = 1.0


class Cache(Protocol):
    name: str
    shared: bool  # one store for every execution environment, so an invalidation is seen everywhere

    def get(self, key: str) -> Any | None: ...

    def get_many(self, keys: list[str]) -> list[Any | None]: ...

    def set(self, key: str, value: Any, ttl: int) -> None: ...

    def add_many(self, values: dict[str, Any], ttl: int) -> None:
        """Store each value whose key holds none (a present entry is current: changes delete theirs)."""

    def delete(self, *keys: str) -> None: ...

    def incr(self, key: str) -> int: ...

    def acquire(self, key: str, milliseconds: int) -> str | None: ...

    def release(self, key: str, token: str) -> None: ...


class MemoryCache:
    """Bounded: at most MEMORY_MAX_ITEMS entries (least recently used go first), and expired ones
    are dropped as new ones come in, read again or not (cachetools' time-aware LRU cache)."""

    name = "memory"
    shared = False

    def __init__(self, max_items: int | None = None) -> None:
        from cachetools import TLRUCache

        # Each entry is (expires at, value); its expiry is its own (0 stored as "never").
        self._items = TLRUCache(maxsize=max_items or MEMORY_MAX_ITEMS, timer=time.monotonic,
                                ttu=lambda _key, item, _now: item[0])
        self._guard = threading.Lock()

    def _live(self, key: str) -> tuple[float, Any] | None:
        return self._items.get(key)  # TLRUCache hides expired entries

    def get(self, key: str) -> Any | None:
        with self._guard:
            item = self._live(key)
            return None if item is None else item[1]

    def get_many(self, keys: list[str]) -> list[Any | None]:
        return [self.get(key) for key in keys]

    def set(self, key: str, value: Any, ttl: int) -> None:
        with self._guard:
            self._items[key] = (time.monotonic() + ttl, value)

    def add_many(self, values: dict[str, Any], ttl: int) -> None:
        with self._guard:
            for key, value in values.items():
                if self._live(key) is None:
                    self._items[key] = (time.monotonic() + ttl, value)

    def delete(self, *keys: str) -> None:
        with self._guard:
            for key in keys:
                self._items.pop(key, None)

    def incr(self, key: str) -> int:
        with self._guard:
            _, value = self._live(key) or (0.0, 0)
            self._items[key] = (math.inf, value + 1)  # counters never expire (they may be evicted)
            return value + 1

    def acquire(self, key: str, milliseconds: int) -> str | None:
        with self._guard:
            if self._live(key) is not None:
                return None
            token = uuid.uuid4().hex
            self._items[key] = (time.monotonic() + milliseconds / 1000, token)
            return token

    def release(self, key: str, token: str) -> None:
        with self._guard:
            if (item := self._live(key)) is not None and item[1] == token:
                del self._items[key]


class RedisCache:
    """Single-key commands only, several at once in a pipeline: ElastiCache Serverless is a cluster,
    where one command over keys of different hash slots (MGET, a multi-key DEL) is refused."""

    name = "redis"
    shared = True

    def __init__(self, url: str) -> None:
        import redis  # only functions that use Redis pay for importing it

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5,
                                           health_check_interval=30)

    def get(self, key: str) -> Any | None:
        raw = self._redis.get(key)
        return None if raw is None else json.loads(raw)

    def get_many(self, keys: list[str]) -> list[Any | None]:
        pipeline = self._redis.pipeline(transaction=False)  # one round trip
        for key in keys:
            pipeline.get(key)
        return [None if raw is None else json.loads(raw) for raw in pipeline.execute()] if keys else []

    def set(self, key: str, value: Any, ttl: int) -> None:
        self._redis.set(key, _encode(value), ex=ttl)

    def add_many(self, values: dict[str, Any], ttl: int) -> None:
        pipeline = self._redis.pipeline(transaction=False)
        for key, value in values.items():
            pipeline.set(key, _encode(value), ex=ttl, nx=True)
        pipeline.execute()

    def delete(self, *keys: str) -> None:
        pipeline = self._redis.pipeline(transaction=False)
        for key in keys:
            pipeline.delete(key)
        pipeline.execute()

    def incr(self, key: str) -> int:
        return int(self._redis.incr(key))

    def acquire(self, key: str, milliseconds: int) -> str | None:
        token = uuid.uuid4().hex
        return token if self._redis.set(key, token, nx=True, px=milliseconds) else None

    def release(self, key: str, token: str) -> None:
        # Delete only our own lock (it may have expired and been taken by someone else).
        self._redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end",
                         1, key, token)


def _encode(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


@once
def cache() -> Cache:
    url = settings.optional("CACHE_URL", "")
    return RedisCache(url) if url else MemoryCache()


def get_or_load(key: str, loader: Callable[[], Any], ttl: int = DEFAULT_TTL, store: Cache | None = None) -> Any:
    """The cached value of `key`, or `loader()`'s, stored for `ttl` seconds. Errors of the loader
    (e.g. NotFound) pass through and nothing is cached."""
    store = store or cache()
    lock = f"lock:{key}"
    try:
        value = store.get(key)
        token = None if value is not None else store.acquire(lock, LOCK_MILLISECONDS)
    except Exception:
        logger.warning("cache unavailable; reading through", exc_info=True)
        return loader()
    _count(hits=int(value is not None), misses=int(value is None))
    if value is not None:
        return value
    if token is None:  # another caller is loading this key: wait a moment for its result
        value = _wait_for(store, key)
        return value if value is not None else loader()
    try:
        value = loader()
        _quietly(store.set, key, value, ttl)
        return value
    finally:
        _quietly(store.release, lock, token)


def get_many_or_load(keys: list[str], loader: Callable[[list[str]], dict[str, Any]], ttl: int = DEFAULT_TTL,
                     store: Cache | None = None) -> dict[str, Any]:
    """The cached values of `keys`; the missing ones are loaded together, `loader(missing keys)`
    returning {key: value} (leaving out keys that have no value), and stored. No lock: a few
    concurrent misses of the same keys each load them, which is one batched read apiece."""
    store = store or cache()
    try:
        found = dict(zip(keys, store.get_many(keys), strict=True))
    except Exception:
        logger.warning("cache unavailable; reading through", exc_info=True)
        return loader(keys)
    missing = [key for key, value in found.items() if value is None]
    _count(hits=len(keys) - len(missing), misses=len(missing))
    if not missing:
        return found
    loaded = loader(missing)
    remember_many(loaded, ttl, store)
    return {key: value for key, value in {**found, **loaded}.items() if value is not None}


def remember_many(values: dict[str, Any], ttl: int = DEFAULT_TTL, store: Cache | None = None) -> None:
    """Store values just read from their source for the reads that follow, where no entry is."""
    if values:
        _quietly((store or cache()).add_many, values, ttl)


def _count(hits: int, misses: int) -> None:
    for name, value in (("CacheHits", hits), ("CacheMisses", misses)):
        if value:
            metrics.add_metric(name=name, unit="Count", value=value)


def _wait_for(store: Cache, key: str) -> Any | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        value = _quietly(store.get, key)
        if value is not None:
            return value
    return None


def _quietly(operation: Callable[..., Any], *args: Any) -> Any:
    try:
        return operation(*args)
    except Exception:
        logger.warning("cache operation failed; carrying on without it", exc_info=True)
        return None


def is_shared() -> bool:
    """Whether the cache is one store for every execution environment (an invalidation is seen everywhere)."""
    return cache().shared


def invalidate(*keys: str, bump: str | None = None, store: Cache | None = None, raise_errors: bool = False) -> None:
    """With `bump`, move a generation counter on (retiring every key built on it), then forget `keys`:
    in that order, a read between the two builds new-generation entries from the source. A cache
    failure is logged and ignored, or with `raise_errors` raised (for a consumer whose one job this
    is: its message is retried instead of leaving a stale entry to live its TTL)."""
    store = store or cache()
    run = _raising if raise_errors else _quietly
    if bump:
        run(store.incr, bump)
    if keys:
        run(store.delete, *keys)


def _raising(operation: Callable[..., Any], *args: Any) -> Any:
    return operation(*args)


def generation(key: str, store: Cache | None = None) -> int:
    """The current value of a generation counter (0 before the first bump)."""
    return int(_quietly((store or cache()).get, key) or 0)
