"""POST /v1/orders/{order_id}/cancel: cancel an order before it ships.

A PENDING order is cancelled at once (200). A PAID order's cancellation is requested (202): the
shipping service decides whether the parcel can still be stopped; if so the order becomes
CANCELLED, is refunded and its stock released, otherwise it goes on to SHIPPED (order_status.py).
Asking again answers the order as it is."""

import order_table
from order_progress import count_status_change
from order_shapes import Order
from order_status import CANCELLED, CUSTOMER, CustomerCancel
from shop.api import BEARER, create_app, errors, http_handler, json_response
from shop.auth import current_caller
from shop.errors import NotFound
from shop.observability import logger, tracer

app = create_app()


@app.post("/v1/orders/<order_id>/cancel", summary="Cancel an order", tags=["orders"], security=BEARER,
          responses={200: {"description": "Cancelled", "content": {"application/json": {"model": Order}}},
                     202: {"description": "Cancellation requested (the order was paid): shipping decides",
                           "content": {"application/json": {"model": Order}}}, **errors(409)})
@tracer.capture_method
def cancel_order(order_id: str):
    caller = current_caller(app)
    order = order_table.find_order(order_id)
    if order is None or order.customer_id != caller.user_id:
        raise NotFound(f"order {order_id} does not exist")
    step, order = order_table.cancel_for_customer(order)  # 409 not_cancellable once it has shipped
    if step is CustomerCancel.CANCEL:
        count_status_change(CANCELLED, CUSTOMER)
    if step in (CustomerCancel.CANCEL, CustomerCancel.REQUEST):
        logger.info("order cancellation by customer", extra={"order_id": order_id, "step": step.value})
    waiting = step in (CustomerCancel.REQUEST, CustomerCancel.REQUESTED)
    return json_response(202 if waiting else 200, Order(**order.to_dict()).model_dump())


handler = http_handler(app)
