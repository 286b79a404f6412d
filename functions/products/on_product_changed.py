"""product.created/updated/stock_changed/deleted and catalog.imported → forget the products' cached
copies, so a price or stock change is visible on the next read, and retire the cached list pages
unless only stock moved (a page lists ids; its products come from their own keys). Forgetting is
this consumer's one job: if the cache fails, the message is retried rather than the entry left."""

import catalog_cache
from shop.contracts.products import CatalogImported, ProductSnapshot, ProductStockChanged
from shop.events import Event, queue_consumer


def forget_product(event: Event) -> None:
    if isinstance(event.data, CatalogImported):
        catalog_cache.forget_all([product.id for product in event.data.products], raise_errors=True)
        return
    product: ProductSnapshot = event.data
    catalog_cache.forget(product.id, listing_changed=not isinstance(product, ProductStockChanged), raise_errors=True)


handler = queue_consumer(forget_product, accepts=["product.created", "product.updated", "product.stock_changed",
                                                  "product.deleted", "catalog.imported"])
