"""order.cancelled → give the order's reserved stock back (or make sure it is never reserved)."""

import product_table
from shop.contracts.orders import OrderCancelled
from shop.events import Event, queue_consumer
from shop.observability import logger


def release(event: Event) -> None:
    order: OrderCancelled = event.data
    order_id = order.order_id
    status = product_table.release_stock(order_id, [line.model_dump() for line in order.lines])
    logger.info("stock reservation settled after cancellation", extra={"order_id": order_id, "status": status})


handler = queue_consumer(release, accepts=["order.cancelled"])
