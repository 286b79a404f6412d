"""POST /v1/orders: place an order from the given items or from the cart (Idempotency-Key required).

The order is stored PENDING with catalog prices; stock is reserved, payment taken and shipping
arranged by the services that receive order.created (docs/events.md). A customer learns of
missing stock by the order ending CANCELLED with reason out_of_stock.
"""

import order_table
import product_prices
from order_shapes import Order, PlaceOrder
from pricing import EmptyOrder, merge_lines, price_lines
from shop.api import BEARER, create_app, errors, http_handler
from shop.auth import Caller, current_caller
from shop.domain_errors import NotFound
from shop.errors import BadRequest, Unprocessable
from shop.idempotency import KEY_HEADER, IdempotencyKey, prepare, run_once
from shop.observability import logger, metrics, tracer

app = create_app()
prepare()  # every order takes an Idempotency-Key


def _replayed(order: order_table.OrderRecord, request_fingerprint: str) -> tuple[int, dict]:
    """The order an earlier attempt with this key stored (its idempotency record may be lost)."""
    if order.request_fingerprint not in (None, request_fingerprint):
        raise Unprocessable(f"This {KEY_HEADER} was already used with a different request body",
                            code="idempotency_key_reused")
    return 201, Order(**order.to_dict()).model_dump()


def checkout(caller: Caller, request: PlaceOrder, idempotency_key: str) -> tuple[int, dict]:
    order_id = order_table.order_id_for(caller.user_id, idempotency_key)
    request_fingerprint = order_table.fingerprint(request.model_dump(mode="json", exclude_defaults=True))
    if (earlier := order_table.find_order(order_id)) is not None:
        return _replayed(earlier, request_fingerprint)
    cart = None
    if request.items is not None:
        lines = [(line.product_id, line.quantity) for line in request.items]
    else:
        cart = order_table.find_cart(caller.user_id)
        lines = [(product_id, int(quantity)) for product_id, quantity in (cart.lines.as_dict() if cart else {}).items()]
        if not lines:
            raise EmptyOrder("The cart is empty: add items or send `items`")
    lines = merge_lines(lines)
    priced, total, currency = price_lines(lines, product_prices.current_prices([p for p, _ in lines]))

    if request.address_id is not None:
        address = order_table.find_address(caller.user_id, request.address_id)
        if address is None:
            raise NotFound(f"address {request.address_id} does not exist", code="address_not_found")
    else:
        address = request.shipping_address.model_dump()

    order, placed = order_table.place_order(order_id, caller.user_id, priced, total, currency, address,
                                            request.payment_token, cart, request_fingerprint)
    if not placed:
        return _replayed(order, request_fingerprint)
    metrics.add_metric(name="OrdersPlaced", unit="Count", value=1)
    logger.info("order placed", extra={"order_id": order.order_id, "lines": len(priced), "total": total,
                                       "currency": currency})
    return 201, Order(**order.to_dict()).model_dump()


@app.post("/v1/orders", summary="Place an order", tags=["orders"], security=BEARER,
          responses={201: {"description": "Placed (PENDING)", "content": {"application/json": {"model": Order}}},
                     **errors(404, 503)})
@tracer.capture_method
def place_order(
    request: PlaceOrder,
    idempotency_key: IdempotencyKey = None,
):
    caller = current_caller(app)
    if idempotency_key is None:
        raise BadRequest(f"The {KEY_HEADER} header is required to place an order", code="idempotency_key_required")
    # Powertools keeps only a hash of the payload to compare retries with; the response it stores
    # (the order) has no payment token.
    return run_once(app, key=idempotency_key, scope=caller.user_id, payload=request.model_dump(),
                    action=lambda: checkout(caller, request, idempotency_key))


handler = http_handler(app)
