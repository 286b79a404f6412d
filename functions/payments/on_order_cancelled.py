"""order.cancelled → never charge the order, or refund it if it was charged."""

import payment_table
from payment_provider import configured_provider
from shop.contracts.orders import OrderCancelled
from shop.events import Event, queue_consumer
from shop.observability import logger


def refund_or_void(event: Event) -> None:
    order: OrderCancelled = event.data
    status = payment_table.cancel(order.order_id, configured_provider())
    logger.info("payment settled after cancellation", extra={"order_id": order.order_id, "status": status})


handler = queue_consumer(refund_or_void, accepts=["order.cancelled"])
