"""Prices for carts and checkout. The order service keeps its own copy of the catalog, filled by
product.* events, so checkout reads only its own table. A product the copy has never heard of (it
was created a moment ago and its product.created is still on its way, or it predates the copy) is
read once from the product service's public API and added to the copy: a product that
`GET /v1/products/{id}` shows can be ordered at once (docs/decisions.md)."""

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from cachetools import TTLCache

import order_table
from pricing import CatalogPrice
from shop import settings
from shop.domain_errors import Unavailable
from shop.observability import logger, metrics

# Product ids are uuids; anything else cannot be in the catalog and is not looked up.
PRODUCT_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LOOKUP_TIMEOUT_SECONDS = 3
MAX_LOOKUPS = 8
# Ids the catalog answered 404 for, remembered for a minute: made-up ids cannot make every cart
# PUT cost a call to the product service (per execution environment).
_not_in_catalog: TTLCache = TTLCache(maxsize=10_000, ttl=60)
REQUIRED = ("id", "name", "price", "currency", "version")


def _unavailable() -> Unavailable:
    return Unavailable("The catalog cannot be read right now; retry shortly", code="catalog_unavailable")


def _fetch(product_id: str) -> dict | None:
    url = f"{settings.required('PRODUCTS_API_URL')}/v1/products/{urllib.parse.quote(product_id, safe='')}"
    try:
        with urllib.request.urlopen(url, timeout=LOOKUP_TIMEOUT_SECONDS) as response:  # noqa: S310 (our own API)
            product = json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            _not_in_catalog[product_id] = True
            return None
        raise _unavailable() from error
    except (OSError, ValueError, http.client.HTTPException) as error:
        logger.warning("product lookup failed", extra={"product_id": product_id, "error": type(error).__name__})
        raise _unavailable() from error
    if not isinstance(product, dict) or any(product.get(field) is None for field in REQUIRED):
        logger.warning("product lookup answered without a price", extra={"product_id": product_id})
        raise _unavailable()
    return product


def current_prices(product_ids: list[str]) -> dict[str, CatalogPrice]:
    """Prices of the products that exist now; deleted and unknown ones are left out."""
    prices, unheard_of = order_table.catalog_prices(product_ids)
    lookups = sorted(p for p in unheard_of if PRODUCT_ID.fullmatch(p) and p not in _not_in_catalog)[:MAX_LOOKUPS]
    if not lookups:
        return prices
    with ThreadPoolExecutor(max_workers=len(lookups)) as pool:
        found = [product for product in pool.map(_fetch, lookups) if product]
    for product in found:
        order_table.copy_product(product, deleted=False)  # the event, when it comes, changes nothing
        prices[product["id"]] = CatalogPrice(product["id"], product["name"], int(product["price"]),
                                             product["currency"])
    metrics.add_metric(name="CatalogLookups", unit="Count", value=len(lookups))
    logger.info("products read from the catalog", extra={"looked_up": len(lookups), "found": len(found)})
    return prices
