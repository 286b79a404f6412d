"""The order state machine (plain Python):

    PENDING ──▶ PAID ──▶ SHIPPED ──▶ DELIVERED
       │          │
       └──────────┴──▶ CANCELLED   (payment declined, out of stock, or the customer; PAID only before shipping)

A customer cancels a PENDING order at once (nothing can have shipped). A PAID order's parcel may
be leaving at this very moment, so its cancellation is only requested: the shipping service
decides on its shipment record, in one conditional write, whether the parcel stays (shipment
CANCELLED, then the order CANCELLED and refunded) or has gone (the order goes on to SHIPPED).

`decide(current, target)` says whether a change applies now, is a duplicate, came too early, or
is illegal (shop.lifecycle).
"""

from enum import Enum

from shop.lifecycle import Decision, Lifecycle

PENDING, PAID, SHIPPED, DELIVERED, CANCELLED = "PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"
STATUSES = (PENDING, PAID, SHIPPED, DELIVERED, CANCELLED)

# Why an order was cancelled.
OUT_OF_STOCK, PAYMENT_DECLINED, CUSTOMER = "out_of_stock", "payment_declined", "customer"

ORDER_LIFECYCLE = Lifecycle(steps=(PENDING, PAID, SHIPPED, DELIVERED), cancelled=CANCELLED,
                            cancellable=(PENDING, PAID))
decide = ORDER_LIFECYCLE.decide


class CustomerCancel(Enum):
    CANCEL = "cancel"          # PENDING: cancelled at once
    REQUEST = "request"        # PAID: ask shipping whether the parcel can still be stopped
    REQUESTED = "requested"    # PAID, asked already: waiting for shipping's answer
    CANCELLED = "cancelled"    # already cancelled: nothing to do
    TOO_LATE = "too_late"      # SHIPPED or DELIVERED


def customer_cancellation(status: str, requested: bool) -> CustomerCancel:
    if status == PENDING:
        return CustomerCancel.CANCEL
    if status == PAID:
        return CustomerCancel.REQUESTED if requested else CustomerCancel.REQUEST
    if status == CANCELLED:
        return CustomerCancel.CANCELLED
    return CustomerCancel.TOO_LATE

__all__ = [
    "CANCELLED",
    "CUSTOMER",
    "DELIVERED",
    "OUT_OF_STOCK",
    "PAID",
    "PAYMENT_DECLINED",
    "PENDING",
    "SHIPPED",
    "STATUSES",
    "CustomerCancel",
    "Decision",
    "customer_cancellation",
    "decide",
]
