"""product.created/updated/deleted → the order service's copy of names and prices."""

import order_table
from shop.contracts.products import ProductDeleted, ProductSnapshot
from shop.events import Event, queue_consumer


def copy_product(event: Event) -> None:
    product: ProductSnapshot = event.data
    order_table.copy_product(product.model_dump(), deleted=isinstance(product, ProductDeleted))


handler = queue_consumer(copy_product, accepts=["product.created", "product.updated", "product.deleted"])
