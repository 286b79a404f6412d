"""GET /v1/admin/orders: every customer's orders, newest first, optionally of one status (admin)."""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query

import order_table
from order_shapes import Order, OrderPage
from order_status import STATUSES
from shop.api import BEARER, create_app, http_handler
from shop.auth import require_admin
from shop.cursor import decode_cursor, encode_cursor
from shop.observability import tracer

app = create_app()


@app.get("/v1/admin/orders", summary="All orders (admin)", tags=["orders"], security=BEARER)
@tracer.capture_method
def list_all_orders(
    status: Annotated[Literal[STATUSES] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> OrderPage:
    require_admin(app)
    index, partition = ("by-status", status) if status else ("by-placed", "ORDER")
    start = decode_cursor(cursor, order_table.cursor_fields(index), (order_table.INDEX_PARTITION[index], partition))
    orders, next_key = order_table.list_orders(index, partition, limit, start)
    return OrderPage(items=[Order(**o.to_dict()) for o in orders], next_cursor=encode_cursor(next_key))


handler = http_handler(app, admin_only=True)
