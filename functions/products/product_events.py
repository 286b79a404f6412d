"""Which events the products table's changes become (plain Python; see shop.events),
built by their contracts (shop.contracts.products)."""

from catalog import RESERVATION
from catalog_index import DIRECTORY_ITEM, IMPORT_ITEM, SKU_ITEM, WORD_ITEM
from shop.contracts import build

CATALOG_FIELDS = ("id", "name", "category", "price", "currency", "stock", "version")
RESERVATION_EVENTS = {"RESERVED": "stock.reserved", "REJECTED": "stock.rejected", "RELEASED": "stock.released"}


def _product(item: dict) -> dict:
    return {field: item.get(field) for field in CATALOG_FIELDS}


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    item = new or old or {}
    if item.get("id", "").startswith(RESERVATION):
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
