"""The products table (owned by the product service) and every read and write made on it.

Access patterns, none of which scans:
- one product by id: GetItem on the table key `id`;
- the catalog by name: Query on index `by-name` (`listing` = "PRODUCT", `sort_name`);
- one category by name: Query on index `by-category` (`category`, `sort_name`);
- text search: the same Query with a `contains` filter on `search_name`.
"""

import uuid
from datetime import UTC, datetime
from itertools import islice

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from catalog import NewProduct, Product, search_name, sort_name
from shop import settings
from shop.errors import Conflict, NotFound

# Every product sits in one `by-name` partition so the whole catalog can be listed in order. That
# suits catalogs up to hundreds of thousands of items; shard the value if one ever outgrows it.
LISTING = "PRODUCT"


class ByName(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-name"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    sort_name = UnicodeAttribute(range_key=True)


class ByCategory(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-category"
        projection = AllProjection()

    category = UnicodeAttribute(hash_key=True)
    sort_name = UnicodeAttribute(range_key=True)


class ProductRecord(Model):
    class Meta:
        table_name = settings.required("PRODUCTS_TABLE")
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)
    listing = UnicodeAttribute(default=LISTING)
    sort_name = UnicodeAttribute()
    search_name = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    category = UnicodeAttribute()
    price = NumberAttribute()
    currency = UnicodeAttribute()
    stock = NumberAttribute()
    version = NumberAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_name = ByName()
    by_category = ByCategory()

    def to_product(self) -> Product:
        return Product(
            id=self.id, name=self.name, description=self.description, category=self.category,
            price=int(self.price), currency=self.currency, stock=int(self.stock), version=int(self.version),
            created_at=self.created_at, updated_at=self.updated_at,
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _is_condition_failure(error: Exception) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


def get_product(product_id: str) -> ProductRecord:
    try:
        return ProductRecord.get(product_id)
    except ProductRecord.DoesNotExist:
        raise NotFound(f"product {product_id} does not exist")


def create_product(new: NewProduct) -> ProductRecord:
    product_id = str(uuid.uuid4())
    now = _now()
    record = ProductRecord(
        product_id, **new.model_dump(), version=1, created_at=now, updated_at=now,
        sort_name=sort_name(new.name, product_id), search_name=search_name(new.name),
    )
    try:
        record.save(condition=ProductRecord.id.does_not_exist())
    except PutError as error:  # a uuid4 collision: astronomically unlikely, still never overwrite
        if _is_condition_failure(error):
            raise Conflict("product id collision, retry the request")
        raise
    return record


def update_product(product_id: str, expected_version: int, changes: dict) -> ProductRecord:
    """Apply `changes` only if the stored version is still `expected_version` (else 409)."""
    record = ProductRecord(product_id)
    actions = [getattr(ProductRecord, field).set(value) for field, value in changes.items()]
    if "name" in changes:
        actions += [
            ProductRecord.sort_name.set(sort_name(changes["name"], product_id)),
            ProductRecord.search_name.set(search_name(changes["name"])),
        ]
    actions += [ProductRecord.version.add(1), ProductRecord.updated_at.set(_now())]
    try:
        record.update(actions=actions, condition=ProductRecord.version == expected_version)
    except UpdateError as error:
        if not _is_condition_failure(error):
            raise
        current = get_product(product_id)  # 404 when it does not exist at all
        raise Conflict(
            f"product {product_id} is at version {int(current.version)}, not {expected_version}; "
            "read it again and retry",
            code="version_conflict",
        )
    return record


def delete_product(product_id: str) -> None:
    try:
        ProductRecord(product_id).delete(condition=ProductRecord.id.exists())
    except DeleteError as error:
        if _is_condition_failure(error):
            raise NotFound(f"product {product_id} does not exist")
        raise


def cursor_fields(category: str | None) -> set[str]:
    return {"id", "sort_name", "category" if category else "listing"}


def list_products(
    category: str | None, text: str | None, limit: int, start_key: dict | None
) -> tuple[list[ProductRecord], dict | None]:
    """One page of products in name order, and the key to continue from (None on the last page)."""
    index, partition = (ProductRecord.by_category, category) if category else (ProductRecord.by_name, LISTING)
    text_filter = ProductRecord.search_name.contains(search_name(text)) if text else None
    results = index.query(
        partition,
        filter_condition=text_filter,
        last_evaluated_key=start_key,
        # One extra item tells whether another page exists; a filtered query reads larger pages
        # because the filter drops items after DynamoDB counts them.
        page_size=100 if text_filter is not None else limit + 1,
    )
    records = list(islice(results, limit + 1))
    if len(records) <= limit:
        return records, None
    last = records[limit - 1]
    next_key = {"id": {"S": last.id}, "sort_name": {"S": last.sort_name}}
    next_key["category" if category else "listing"] = {"S": last.category if category else LISTING}
    return records[:limit], next_key
