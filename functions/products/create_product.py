"""POST /v1/products: add a product to the catalog (admin; idempotent with an Idempotency-Key header)."""

import catalog_cache
import product_table
from catalog import NewProduct, Product
from shop.api import BEARER, create_app, http_handler
from shop.auth import require_admin
from shop.idempotency import IdempotencyKey, run_once
from shop.observability import logger, tracer

app = create_app()


@app.post("/v1/products", summary="Create a product (admin)", tags=["products"], security=BEARER,
          responses={201: {"description": "Created", "content": {"application/json": {"model": Product}}}})
@tracer.capture_method
def create_product(
    new: NewProduct,
    idempotency_key: IdempotencyKey = None,
):
    caller = require_admin(app)

    def create() -> tuple[int, dict]:
        product = product_table.create_product(new).to_product()
        catalog_cache.forget(product.id)  # retires cached list pages here at once; product.created does it everywhere
        logger.info("product created", extra={"product_id": product.id})
        return 201, product.model_dump()

    return run_once(app, key=idempotency_key, scope=caller.user_id, payload=new.model_dump(), action=create,
                    headers_for=lambda product: {"Location": f"/v1/products/{product['id']}"})


handler = http_handler(app, admin_only=True)
