"""GET /v1/orders: the caller's orders, newest first, a page at a time."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query

import order_table
from order_shapes import Order, OrderPage
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.cursor import decode_cursor, encode_cursor
from shop.observability import tracer

app = create_app()


@app.get("/v1/orders", summary="My orders", tags=["orders"], security=BEARER)
@tracer.capture_method
def list_my_orders(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> OrderPage:
    caller = current_caller(app)
    start = decode_cursor(cursor, order_table.cursor_fields("by-customer"), ("customer_id", caller.user_id))
    orders, next_key = order_table.list_orders("by-customer", caller.user_id, limit, start)
    return OrderPage(items=[Order(**o.to_dict()) for o in orders], next_cursor=encode_cursor(next_key))


handler = http_handler(app)
