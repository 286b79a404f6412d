"""What the product service publishes (functions/products/product_events.py builds them)."""

from shop.contracts import EventData, Part


class StockLine(Part):
    product_id: str
    quantity: int


class StockReserved(EventData):
    TYPE = "stock.reserved"
    order_id: str
    lines: list[StockLine]


class StockRejected(StockReserved):
    TYPE = "stock.rejected"
    unavailable: list[str] = []  # the products short of stock


class StockReleased(StockReserved):
    TYPE = "stock.released"


class ProductSnapshot(EventData):
    id: str
    name: str
    category: str
    price: int
    currency: str
    stock: int
    version: int


class ProductCreated(ProductSnapshot):
    TYPE = "product.created"


class ProductUpdated(ProductSnapshot):
    TYPE = "product.updated"


class ProductStockChanged(ProductSnapshot):
    TYPE = "product.stock_changed"


class ProductDeleted(ProductSnapshot):
    TYPE = "product.deleted"


class ImportedProduct(Part):
    id: str
    name: str
    category: str
    price: int
    currency: str
    stock: int
    version: int


class CatalogImported(EventData):
    """One per transaction of a bulk import (at most 100 items: a few dozen products), instead of a
    product.created/updated per product; `products` are the snapshots that transaction wrote."""

    TYPE = "catalog.imported"
    import_id: str
    products: list[ImportedProduct]
