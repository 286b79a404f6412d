"""order.created → reserve the order's stock, all lines or none (stock.reserved / stock.rejected
follow from the reservation record through the table's stream)."""

import product_table
from shop.contracts.orders import OrderCreated
from shop.events import Event, queue_consumer
from shop.observability import logger


def reserve(event: Event) -> None:
    order: OrderCreated = event.data
    order_id = order.order_id
    status = product_table.reserve_stock(order_id, [line.model_dump() for line in order.lines])
    logger.info("stock reservation decided", extra={"order_id": order_id, "status": status})


handler = queue_consumer(reserve, accepts=["order.created"])
