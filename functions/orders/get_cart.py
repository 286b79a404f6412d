"""GET /v1/cart: the caller's cart at current catalog prices."""

import carts
import order_table
from order_shapes import Cart
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.observability import tracer

app = create_app()


@app.get("/v1/cart", summary="My cart", tags=["cart"], security=BEARER)
@tracer.capture_method
def get_cart() -> Cart:
    return carts.render(order_table.find_cart(current_caller(app).user_id))


handler = http_handler(app)
