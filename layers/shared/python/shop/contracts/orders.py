"""What the order service publishes, and which changes of its table are which events.

The orders table's stream reaches the orders topic as it is (an EventBridge pipe: no code runs);
each consumer turns a change into these events with `events_for` (shop.events). Only orders
publish: carts and the copies of other services' data are private (the subscriptions' filters
keep them out; `events_for` would turn them into nothing anyway).
"""

from typing import Any

from shop.contracts import EventData, Part, build
from shop.item_keys import ORDER_ITEM, PAYMENT_REQUEST_ITEM  # the table's items that are published (sk)

# The order statuses the events name.
PAID, CANCELLED = "PAID", "CANCELLED"


class OrderLine(Part):
    product_id: str
    quantity: int
    unit_price: int


class OrderSummary(EventData):
    order_id: str
    user_id: str
    status: str
    lines: list[OrderLine]
    total: int
    currency: str


class OrderCreated(OrderSummary):
    TYPE = "order.created"


class OrderPaymentRequested(EventData):
    TYPE = "order.payment_requested"
    order_id: str
    user_id: str
    total: int
    currency: str
    payment_token: str | None


class OrderCancelRequested(EventData):
    TYPE = "order.cancel_requested"
    order_id: str
    user_id: str


class OrderStatusChanged(OrderSummary):
    previous_status: str


class OrderPaid(OrderStatusChanged):
    TYPE = "order.paid"
    shipping_address: dict[str, Any]


class OrderShipped(OrderStatusChanged):
    TYPE = "order.shipped"


class OrderDelivered(OrderStatusChanged):
    TYPE = "order.delivered"


class OrderCancelled(OrderStatusChanged):
    TYPE = "order.cancelled"
    reason: str | None  # out_of_stock, payment_declined, customer


def _lines(order: dict) -> list[dict]:
    return [{"product_id": line["product_id"], "quantity": line["quantity"], "unit_price": line["unit_price"]}
            for line in order["lines"]]


def _summary(order: dict) -> dict:
    return {"order_id": order["order_id"], "user_id": order["customer_id"], "status": order["status"],
            "lines": _lines(order), "total": order["total"], "currency": order["currency"]}


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    """The events one change of an orders-table item is (its old and new image, plain Python)."""
    if not new:
        return []
    if new.get("sk") == PAYMENT_REQUEST_ITEM:
        # The payment token lives in its own item, written with the order, so that it reaches the
        # payment service's queue alone: the order's own changes go to every order consumer.
        if old is not None:
            return []
        return [build("order.payment_requested", order_id=new["order_id"], user_id=new["customer_id"],
                      total=new["total"], currency=new["currency"], payment_token=new["payment_token"])]
    if new.get("sk") != ORDER_ITEM:
        return []
    if old is None:
        return [build("order.created", **_summary(new))]
    if old.get("status") == new["status"]:
        if new.get("cancel_requested_at") and not old.get("cancel_requested_at"):
            return [build("order.cancel_requested", order_id=new["order_id"], user_id=new["customer_id"])]
        return []
    data = {**_summary(new), "previous_status": old["status"]}
    if new["status"] == PAID:
        data["shipping_address"] = new["shipping_address"]
    if new["status"] == CANCELLED:
        data["reason"] = new.get("cancel_reason")
    return [build(f"order.{new['status'].lower()}", **data)]
