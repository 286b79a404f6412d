"""POST /v1/products: add a product to the catalog (admin)."""

import product_table
from catalog import NewProduct, Product
from shop.api import BEARER, create_app, http_handler, json_response
from shop.auth import require_admin
from shop.observability import logger, tracer

app = create_app()


@app.post("/v1/products", summary="Create a product (admin)", tags=["products"], security=BEARER,
          responses={201: {"description": "Created", "content": {"application/json": {"model": Product}}}})
@tracer.capture_method
def create_product(new: NewProduct):
    require_admin(app)
    product = product_table.create_product(new).to_product()
    logger.info("product created", extra={"product_id": product.id})
    return json_response(201, product.model_dump(), headers={"Location": f"/v1/products/{product.id}"})


handler = http_handler(app, admin_only=True)
