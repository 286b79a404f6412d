"""PUT /v1/cart/items/{product_id}: set a line's quantity (0 removes it)."""

import carts
from order_shapes import Cart, CartQuantity
from shop.api import BEARER, create_app, errors, http_handler
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.put("/v1/cart/items/<product_id>", summary="Set a cart line's quantity", tags=["cart"], security=BEARER,
          responses=errors(409, 503))
@tracer.capture_method
def set_cart_item(product_id: str, change: CartQuantity) -> Cart:
    return carts.set_quantity(current_caller(app).user_id, product_id, change.quantity)


handler = http_handler(app)
