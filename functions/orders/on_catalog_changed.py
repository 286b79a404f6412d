"""product.created/updated/deleted and catalog.imported → the order service's copy of names and prices."""

import order_table
from shop.contracts.products import CatalogImported, ProductDeleted, ProductSnapshot
from shop.events import Event, queue_consumer


def copy_product(event: Event) -> None:
    if isinstance(event.data, CatalogImported):  # a bulk import's batch: each product it wrote
        for product in event.data.products:
            order_table.copy_product(product.model_dump(), deleted=False)
        return
    product: ProductSnapshot = event.data
    order_table.copy_product(product.model_dump(), deleted=isinstance(product, ProductDeleted))


handler = queue_consumer(copy_product, accepts=["product.created", "product.updated", "product.deleted",
                                                "catalog.imported"])
