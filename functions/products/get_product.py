"""GET /v1/products/{product_id}: one product, public, read through the product cache."""

import catalog_cache
import product_table
from catalog import Product
from shop.api import create_app, http_handler
from shop.observability import tracer

app = create_app()


@app.get("/v1/products/<product_id>", summary="Get a product", tags=["products"])
@tracer.capture_method
def get_product(product_id: str) -> Product:
    return Product(**catalog_cache.cached_product(
        product_id, lambda: product_table.get_product(product_id).to_product().model_dump()))


handler = http_handler(app)
