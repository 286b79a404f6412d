"""DELETE /v1/cart/items/{product_id}: remove a line from the cart."""

import carts
from order_shapes import Cart
from shop.api import BEARER, create_app, errors, http_handler
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.delete("/v1/cart/items/<product_id>", summary="Remove a cart line", tags=["cart"], security=BEARER,
             responses=errors(409))
@tracer.capture_method
def remove_cart_item(product_id: str) -> Cart:
    return carts.set_quantity(current_caller(app).user_id, product_id, 0)


handler = http_handler(app)
