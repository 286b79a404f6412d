"""The product reads' cache keys (shop.cache does the caching).

- one product: `product:<id>`, forgotten when that product changes;
- a list page: `products:<generation>:<query>`; any product change moves the generation on, which
  retires every cached page at once (pages overlap too much to track one by one);
- a listing's shard directory: `products:<generation>:shards:<category>`, retired with the pages.
"""

import hashlib
import json

from shop.cache import generation, get_or_load, invalidate

GENERATION = "products:generation"
LIST_TTL = 60  # pages expire sooner than products: in the in-memory backend they cannot be invalidated


def product_key(product_id: str) -> str:
    return f"product:{product_id}"


def page_key(query: dict) -> str:
    digest = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()[:32]
    return f"products:{generation(GENERATION)}:{digest}"


def cached_product(product_id: str, load) -> dict:
    return get_or_load(product_key(product_id), load)


def cached_page(query: dict, load) -> dict:
    return get_or_load(page_key(query), load, ttl=LIST_TTL)


def cached_shards(category: str | None, load) -> list[str]:
    """A listing's shard directory, retired with the pages (a product in a new shard bumps the generation)."""
    return get_or_load(f"products:{generation(GENERATION)}:shards:{category or ''}", load, ttl=LIST_TTL)


def forget(product_id: str) -> None:
    invalidate(product_key(product_id), bump=GENERATION)


def forget_all(product_ids: list[str]) -> None:
    """Many products at once (an import's batch): one delete, one generation bump."""
    invalidate(*map(product_key, product_ids), bump=GENERATION)
