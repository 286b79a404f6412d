"""GET /v1/orders/{order_id}: one of the caller's orders (admins may read any)."""

import order_table
from order_shapes import Order
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.errors import NotFound
from shop.observability import tracer

app = create_app()


def visible_order(order_id: str, user_id: str, is_admin: bool) -> order_table.OrderRecord:
    """Another user's order is indistinguishable from one that does not exist."""
    order = order_table.find_order(order_id)
    if order is None or (order.customer_id != user_id and not is_admin):
        raise NotFound(f"order {order_id} does not exist")
    return order


@app.get("/v1/orders/<order_id>", summary="Get an order", tags=["orders"], security=BEARER)
@tracer.capture_method
def get_order(order_id: str) -> Order:
    caller = current_caller(app)
    return Order(**visible_order(order_id, caller.user_id, caller.is_admin).to_dict())


handler = http_handler(app)
