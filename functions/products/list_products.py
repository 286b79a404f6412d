"""GET /v1/products: the public catalog, filtered by category and name text, a page at a time
(pages are read through the product cache)."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

import catalog_cache
import product_table
from catalog import CATEGORY_PATTERN, ProductPage, search_name
from shop.api import create_app, http_handler
from shop.cursor import decode_cursor, encode_cursor
from shop.observability import tracer

app = create_app()


@app.get("/v1/products", summary="List products", tags=["products"])
@tracer.capture_method
def list_products(
    category: Annotated[str | None, Query(pattern=CATEGORY_PATTERN, description="only this category")] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, description="text the name contains")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048, description="next_cursor of the previous page")] = None,
) -> ProductPage:
    q = search_name(q) if q else None
    q = q or None  # only spaces: no filter (DynamoDB has no `contains` of an empty string)
    start_key = decode_cursor(cursor, product_table.cursor_fields(category), product_table.partition_of(category))

    def load() -> dict:
        records, next_key = product_table.list_products(category, q, limit, start_key)
        return ProductPage(items=[r.to_product() for r in records], next_cursor=encode_cursor(next_key)).model_dump()

    query = {"category": category, "q": q, "limit": limit, "cursor": cursor}
    return ProductPage(**catalog_cache.cached_page(query, load))


handler = http_handler(app)
