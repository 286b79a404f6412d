"""GET /v1/products: the public catalog, filtered by category and by word prefixes, a page at a
time (pages are read through the product cache: a page's ids, and each product from its own key)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

import catalog_cache
import catalog_index
import product_table
from catalog import CATEGORY_PATTERN, ProductPage
from shop.api import create_app, http_handler
from shop.cursor import decode_cursor, encode_cursor
from shop.errors import BadRequest
from shop.observability import tracer

app = create_app()

Q_DESCRIPTION = (
    "Word prefixes: every term must begin a word of the name, case- and accent-insensitively (\"cafe\" "
    "and \"CRE\" find \"Café Crème\"); a query whose longest term has one or two characters matches that "
    "term as a whole word. Order: by the word that matched the longest term, then by name, so exact words "
    "come first (\"cafe\" lists \"Cafe Mug\" before \"Cafetière\"); each product once. A page may hold "
    "fewer than `limit` items and still have a next_cursor. Without q: name order."
)


@app.get("/v1/products", summary="List products", tags=["products"])
@tracer.capture_method
def list_products(
    category: Annotated[str | None, Query(pattern=CATEGORY_PATTERN, description="only this category")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description=Q_DESCRIPTION)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")] = None,
) -> ProductPage:
    terms = catalog_index.search_terms(q) if q else []  # only spaces or punctuation: no filter
    fields = {"id", "sort_name", "listing"} if terms else product_table.cursor_fields(category)
    start_key = decode_cursor(cursor, fields)
    if start_key and not catalog_index.cursor_belongs({k: v["S"] for k, v in start_key.items()}, category, terms):
        raise BadRequest("cursor does not belong to this query", code="invalid_cursor")

    def load() -> dict:
        if terms:
            records, next_key = product_table.search_products(terms, category, limit, start_key)
        else:
            shards = catalog_cache.cached_shards(category, lambda: product_table.shard_directory(category))
            records, next_key = product_table.list_products(category, shards, limit, start_key)
        return ProductPage(items=[r.to_product() for r in records], next_cursor=encode_cursor(next_key)).model_dump()

    def load_products(ids: list[str]) -> list[dict]:  # a cached page's products no longer in the cache
        return [record.to_product().model_dump() for record in product_table.products_by_id(ids).values()]

    query = {"category": category, "q": terms, "limit": limit, "cursor": cursor}
    return ProductPage(**catalog_cache.cached_page(query, load, load_products))


handler = http_handler(app)
