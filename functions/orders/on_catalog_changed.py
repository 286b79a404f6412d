"""product.created/updated/deleted → the order service's copy of names and prices."""

import order_table
from shop.events import Event, queue_consumer


def copy_product(event: Event) -> None:
    order_table.copy_product(event.data, deleted=event.type == "product.deleted")


handler = queue_consumer(copy_product, accepts=["product.created", "product.updated", "product.deleted"])
