"""product.created/updated/stock_changed/deleted → forget the product's cached copy and retire the
cached list pages, so a price or stock change is visible on the next read."""

import catalog_cache
from shop.contracts.products import ProductSnapshot
from shop.events import Event, queue_consumer


def forget_product(event: Event) -> None:
    product: ProductSnapshot = event.data
    catalog_cache.forget(product.id)


handler = queue_consumer(forget_product, accepts=["product.created", "product.updated", "product.stock_changed",
                                                  "product.deleted"])
