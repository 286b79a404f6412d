"""product.created/updated/deleted and catalog.imported → the order service's copy of names and prices."""

from concurrent.futures import ThreadPoolExecutor

import order_table
from shop.contracts.products import CatalogImported, ProductDeleted, ProductSnapshot
from shop.events import Event, queue_consumer

# An import's event lists a few dozen products: their conditional puts go out together, so a batch
# of ten such messages fits the consumer's timeout on a busy machine too.
IMPORT_WRITERS = 8


def copy_product(event: Event) -> None:
    if isinstance(event.data, CatalogImported):  # a bulk import's batch: each product it wrote
        with ThreadPoolExecutor(max_workers=IMPORT_WRITERS) as pool:
            list(pool.map(lambda product: order_table.copy_product(product.model_dump(), deleted=False),
                          event.data.products))
        return
    product: ProductSnapshot = event.data
    order_table.copy_product(product.model_dump(), deleted=isinstance(product, ProductDeleted))


handler = queue_consumer(copy_product, accepts=["product.created", "product.updated", "product.deleted",
                                                "catalog.imported"])
