"""The order state machine (plain Python):

    PENDING ──▶ PAID ──▶ SHIPPED ──▶ DELIVERED
       │          │
       └──────────┴──▶ CANCELLED   (payment declined, out of stock, or the customer; PAID only before shipping)

`decide(current, target)` says whether a change applies now, is a duplicate, came too early, or
is illegal (shop.lifecycle).
"""

from shop.lifecycle import Decision, Lifecycle

PENDING, PAID, SHIPPED, DELIVERED, CANCELLED = "PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"
STATUSES = (PENDING, PAID, SHIPPED, DELIVERED, CANCELLED)

# Why an order was cancelled.
OUT_OF_STOCK, PAYMENT_DECLINED, CUSTOMER = "out_of_stock", "payment_declined", "customer"

ORDER_LIFECYCLE = Lifecycle(steps=(PENDING, PAID, SHIPPED, DELIVERED), cancelled=CANCELLED,
                            cancellable=(PENDING, PAID))
decide = ORDER_LIFECYCLE.decide

__all__ = ["CANCELLED", "CUSTOMER", "DELIVERED", "OUT_OF_STOCK", "PAID", "PAYMENT_DECLINED", "PENDING", "SHIPPED",
           "STATUSES", "Decision", "decide"]
