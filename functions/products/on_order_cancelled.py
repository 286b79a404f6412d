"""order.cancelled → give the order's reserved stock back (or make sure it is never reserved)."""

import product_table
from shop.events import Event, queue_consumer
from shop.observability import logger


def release(event: Event) -> None:
    order_id = event.data["order_id"]
    status = product_table.release_stock(order_id, event.data["lines"])
    logger.info("stock reservation settled after cancellation", extra={"order_id": order_id, "status": status})


handler = queue_consumer(release, accepts=["order.cancelled"])
