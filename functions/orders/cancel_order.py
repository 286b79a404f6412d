"""POST /v1/orders/{order_id}/cancel: cancel before shipping; a paid order is refunded and its
stock released (order.cancelled). Cancelling a cancelled order again answers it as it is."""

import order_table
from order_progress import count_status_change
from order_shapes import Order
from order_status import CANCELLED, CUSTOMER, Decision
from shop.api import BEARER, create_app, errors, http_handler
from shop.auth import current_caller
from shop.errors import Conflict, NotFound
from shop.observability import logger, tracer

app = create_app()


@app.post("/v1/orders/<order_id>/cancel", summary="Cancel an order", tags=["orders"], security=BEARER,
           responses=errors(409))
@tracer.capture_method
def cancel_order(order_id: str) -> Order:
    caller = current_caller(app)
    order = order_table.find_order(order_id)
    if order is None or order.customer_id != caller.user_id:
        raise NotFound(f"order {order_id} does not exist")
    decision, order = order_table.change_status(order_id, CANCELLED, CUSTOMER)
    if decision is Decision.ILLEGAL:
        raise Conflict(f"order {order_id} is {order.status} and can no longer be cancelled", code="not_cancellable")
    if decision is Decision.APPLY:
        count_status_change(CANCELLED, CUSTOMER)
        logger.info("order cancelled by customer", extra={"order_id": order_id})
    return Order(**order.to_dict())


handler = http_handler(app)
