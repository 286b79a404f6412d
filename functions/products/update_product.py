"""PATCH /v1/products/{product_id}: change a product (admin), guarded by its version."""

import catalog_cache
import product_table
from catalog import Product, ProductChanges
from shop.api import BEARER, create_app, errors, http_handler
from shop.auth import require_admin
from shop.observability import logger, tracer

app = create_app()


@app.patch("/v1/products/<product_id>", summary="Update a product (admin)", tags=["products"], security=BEARER,
            responses=errors(409))
@tracer.capture_method
def update_product(product_id: str, patch: ProductChanges) -> Product:
    require_admin(app)
    changes = patch.changes()
    record = product_table.update_product(product_id, patch.version, changes)
    catalog_cache.forget(product_id)  # at once for this admin; product.updated does it for everyone
    logger.info("product updated", extra={"product_id": product_id, "fields": sorted(changes)})
    return record.to_product()


handler = http_handler(app, admin_only=True)
