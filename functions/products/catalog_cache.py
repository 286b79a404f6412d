"""The product reads' cache keys (shop.cache does the caching).

- one product: `product:<id>`, forgotten when that product changes (its stock included);
- a list page: `products:<generation>:ids:<query>`, holding the page's product ids and cursor, not
  the products: the page is filled from the products' own keys, so a stock count or a price is as
  fresh in a list as on the product's page. Every change but a stock change (created, updated,
  deleted, imported: any may move a product in or out of a page, or reorder one) moves the
  generation on, which retires every cached page at once (pages overlap too much to track one by
  one); a stock change (`product.stock_changed`) does not, so checkouts leave the list pages cached;
- a listing's shard directory: `products:<generation>:shards:<category>`, retired with the pages.
"""

import hashlib
import json
from collections.abc import Callable

from shop.cache import DEFAULT_TTL, generation, get_many_or_load, get_or_load, invalidate, is_shared, remember_many

GENERATION = "products:generation"
PRODUCT_KEY_PREFIX = "product:"
LIST_TTL = 60  # pages expire sooner than products: in the in-memory backend they cannot be invalidated


def product_ttl() -> int:
    """A product lives DEFAULT_TTL where its change event forgets it everywhere (Redis); where it
    cannot (the in-memory backend, one per execution environment), no longer than a list page, as
    lists are filled from these entries: neither a list nor a product page is then staler than that."""
    return DEFAULT_TTL if is_shared() else min(DEFAULT_TTL, LIST_TTL)


def product_key(product_id: str) -> str:
    return PRODUCT_KEY_PREFIX + product_id


def page_key(query: dict) -> str:
    digest = hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()[:32]
    return f"products:{generation(GENERATION)}:ids:{digest}"


def cached_product(product_id: str, load) -> dict:
    return get_or_load(product_key(product_id), load, ttl=product_ttl())


def cached_page(query: dict, load: Callable[[], dict], load_products: Callable[[list[str]], list[dict]]) -> dict:
    """A list page ({"items", "next_cursor"}): `load()` reads one from the table; its ids are cached
    under the generation, and each read of it takes the products from their own keys,
    `load_products(ids)` reading in one go those forgotten (changed) or expired since; one deleted
    meanwhile is left out (a page may hold fewer than `limit`)."""

    def load_ids() -> dict:
        page = load()
        # Read from an index, these may be a moment older than the table: kept no longer than a page.
        remember_many({product_key(product["id"]): product for product in page["items"]}, ttl=LIST_TTL)
        return {"ids": [product["id"] for product in page["items"]], "next_cursor": page["next_cursor"]}

    def load_missing(keys: list[str]) -> dict:
        ids = [key.removeprefix(PRODUCT_KEY_PREFIX) for key in keys]
        return {product_key(product["id"]): product for product in load_products(ids)}

    page = get_or_load(page_key(query), load_ids, ttl=LIST_TTL)
    keys = [product_key(product_id) for product_id in page["ids"]]
    products = get_many_or_load(keys, load_missing, ttl=product_ttl())
    return {"items": [products[key] for key in keys if key in products], "next_cursor": page["next_cursor"]}


def cached_shards(category: str | None, load) -> list[str]:
    """A listing's shard directory, retired with the pages (a product in a new shard bumps the generation)."""
    return get_or_load(f"products:{generation(GENERATION)}:shards:{category or ''}", load, ttl=LIST_TTL)


def forget(product_id: str, listing_changed: bool = True, raise_errors: bool = False) -> None:
    """Forget a changed product; `listing_changed=False` (only its stock moved) keeps the list pages.
    A cache failure is ignored unless `raise_errors` (shop.cache.invalidate)."""
    invalidate(product_key(product_id), bump=GENERATION if listing_changed else None, raise_errors=raise_errors)


def forget_all(product_ids: list[str], raise_errors: bool = False) -> None:
    """Many products at once (an import's batch): one generation bump, one round trip of deletes."""
    invalidate(*map(product_key, product_ids), bump=GENERATION, raise_errors=raise_errors)
