"""What the order service publishes (functions/orders/order_events.py builds them)."""

from typing import Any

from shop.contracts import EventData, Part


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
