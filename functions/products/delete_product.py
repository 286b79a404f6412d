"""DELETE /v1/products/{product_id}: remove a product from the catalog (admin)."""

import catalog_cache
import product_table
from shop.api import BEARER, create_app, http_handler, json_response
from shop.auth import require_admin
from shop.observability import logger, tracer

app = create_app()


@app.delete("/v1/products/<product_id>", summary="Delete a product (admin)", tags=["products"], security=BEARER,
            responses={204: {"description": "Deleted"}})
@tracer.capture_method
def delete_product(product_id: str):
    require_admin(app)
    product_table.delete_product(product_id)
    catalog_cache.forget(product_id)  # at once for this admin; product.deleted does it for everyone
    logger.info("product deleted", extra={"product_id": product_id})
    return json_response(204)


handler = http_handler(app, admin_only=True)
