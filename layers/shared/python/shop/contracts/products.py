"""What the product service publishes, and which changes of its table are which events.

The products table's stream reaches the products topic as it is (an EventBridge pipe); consumers
turn a change into these events with `events_for` (shop.events). The table's key layout is part of
that: products have lower-case uuid ids; reservations, import batches and the catalog's index
items have the prefixes below. Index items publish nothing (the subscriptions' filters keep them
out), and neither do products an import wrote (they carry `import_batch`, which every other write
removes): their batch item is one `catalog.imported` event for all of them.
"""

from shop.contracts import EventData, Part, build
from shop.item_keys import DIRECTORY_ITEM, IMPORT_ITEM, RESERVATION_ITEM, SKU_ITEM, WORD_ITEM

CATALOG_FIELDS = ("id", "name", "category", "price", "currency", "stock", "version")
RESERVATION_EVENTS = {"RESERVED": "stock.reserved", "REJECTED": "stock.rejected", "RELEASED": "stock.released"}


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


def _product(item: dict) -> dict:
    return {field: item.get(field) for field in CATALOG_FIELDS}


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    """The events one change of a products-table item is (its old and new image, plain Python)."""
    item = new or old or {}
    if item.get("id", "").startswith(RESERVATION_ITEM):
        status = (new or {}).get("status")
        if not new or (old and old.get("status") == status) or status not in RESERVATION_EVENTS:
            return []
        data = {"order_id": new["order_id"], "lines": new.get("lines", [])}
        if new.get("unavailable"):
            data["unavailable"] = new["unavailable"]
        return [build(RESERVATION_EVENTS[status], **data)]
    if item.get("id", "").startswith(IMPORT_ITEM):  # an import's batch: one event for its products
        if old is not None or new is None:
            return []
        return [build("catalog.imported", import_id=new["import_id"], products=[_product(p) for p in new["products"]])]
    if item.get("id", "").startswith((WORD_ITEM, SKU_ITEM, DIRECTORY_ITEM)):  # index items
        return []
    if new is None:
        return [build("product.deleted", **_product(old))]
    if new.get("import_batch"):  # written by an import: its batch item publishes it
        return []
    if old is None:
        return [build("product.created", **_product(new))]
    changed = {field for field in CATALOG_FIELDS if old.get(field) != new.get(field)}
    # Orders move stock all the time (each reservation or release is a new version too); most
    # consumers only care for the rest.
    if changed - {"version"} == {"stock"}:
        return [build("product.stock_changed", **_product(new))]
    if changed:
        return [build("product.updated", **_product(new))]
    return []
