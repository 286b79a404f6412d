"""The products table (owned by the product service) and every read and write made on it.

Access patterns, none of which scans:
- one product by id: GetItem on the table key `id`;
- the catalog by name: Query on index `by-name` (`listing` = "PRODUCT", `sort_name`);
- one category by name: Query on index `by-category` (`category`, `sort_name`);
- text search: the same Query with a `contains` filter on `search_name`;
- an order's stock reservation: GetItem on `id` = "RESERVATION#<order id>" (not in any index).
"""

import uuid
from itertools import islice

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from catalog import RESERVATION, NewProduct, Product, search_name, sort_name
from shop import settings
from shop.domain_errors import Conflict, NotFound, VersionConflict
from shop.observability import correlation_id, metrics
from shop.tables import cancellation_reasons, condition_failed, now_iso, share_one_session, write_transaction

share_one_session()  # one botocore session for all the models below (shop.tables)

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
    correlation_id = UnicodeAttribute(null=True)

    by_name = ByName()
    by_category = ByCategory()

    def to_product(self) -> Product:
        return Product(
            id=self.id, name=self.name, description=self.description, category=self.category,
            price=int(self.price), currency=self.currency, stock=int(self.stock), version=int(self.version),
            created_at=self.created_at, updated_at=self.updated_at,
        )




def _product_key(product_id: str) -> str:
    """Reservations share the table; their keys are never product ids."""
    if product_id.startswith(RESERVATION):
        raise NotFound(f"product {product_id} does not exist")
    return product_id


def _new_version() -> list:
    """Every change of a product, stock included, is a new version: an admin edit based on a read
    from before a reservation or release is refused (409 version_conflict) instead of writing a
    stale stock level back."""
    return [ProductRecord.version.add(1), ProductRecord.updated_at.set(now_iso()),
            ProductRecord.correlation_id.set(correlation_id())]


def get_product(product_id: str) -> ProductRecord:
    try:
        return ProductRecord.get(_product_key(product_id))
    except ProductRecord.DoesNotExist:
        raise NotFound(f"product {product_id} does not exist")


def create_product(new: NewProduct) -> ProductRecord:
    product_id = str(uuid.uuid4())
    now = now_iso()
    record = ProductRecord(
        product_id, **new.model_dump(), version=1, created_at=now, updated_at=now,
        sort_name=sort_name(new.name, product_id), search_name=search_name(new.name), correlation_id=correlation_id(),
    )
    try:
        record.save(condition=ProductRecord.id.does_not_exist())
    except PutError as error:  # a uuid4 collision: astronomically unlikely, still never overwrite
        if condition_failed(error):
            raise Conflict("product id collision, retry the request")
        raise
    return record


def update_product(product_id: str, expected_version: int, changes: dict) -> ProductRecord:
    """Apply `changes` only if the stored version is still `expected_version` (else 409)."""
    record = ProductRecord(_product_key(product_id))
    actions = [getattr(ProductRecord, field).set(value) for field, value in changes.items()]
    if "name" in changes:
        actions += [
            ProductRecord.sort_name.set(sort_name(changes["name"], product_id)),
            ProductRecord.search_name.set(search_name(changes["name"])),
        ]
    actions += _new_version()
    try:
        record.update(actions=actions, condition=ProductRecord.version == expected_version)
    except UpdateError as error:
        if not condition_failed(error):
            raise
        current = get_product(product_id)  # 404 when it does not exist at all
        raise VersionConflict(
            f"product {product_id} is at version {int(current.version)}, not {expected_version}; "
            "read it again and retry",
        )
    return record


def delete_product(product_id: str) -> None:
    try:
        ProductRecord(_product_key(product_id)).delete(condition=ProductRecord.id.exists())
    except DeleteError as error:
        if condition_failed(error):
            raise NotFound(f"product {product_id} does not exist")
        raise


def cursor_fields(category: str | None) -> set[str]:
    return {"id", "sort_name", "category" if category else "listing"}


def partition_of(category: str | None) -> tuple[str, str]:
    """The index partition a listing reads: one category, or the whole catalog."""
    return ("category", category) if category else ("listing", LISTING)


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


# ---------------------------------------------------------------- stock reservations for orders

class ReservedLine(MapAttribute):
    product_id = UnicodeAttribute()
    quantity = NumberAttribute()


class ReservationRecord(Model):
    """An order's claim on stock: RESERVED (stock taken), REJECTED (not enough), RELEASED (given
    back after a cancellation) or CANCELLED (the order was cancelled before stock was reserved)."""

    class Meta:
        table_name = ProductRecord.Meta.table_name
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute()
    status = UnicodeAttribute()
    lines = ListAttribute(of=ReservedLine)
    unavailable = ListAttribute(of=UnicodeAttribute, null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)




def find_reservation(order_id: str) -> ReservationRecord | None:
    try:
        return ReservationRecord.get(RESERVATION + order_id, consistent_read=True)
    except ReservationRecord.DoesNotExist:
        return None


def _reservation(order_id: str, status: str, lines: list[dict], unavailable: list[str] | None = None):
    now = now_iso()
    return ReservationRecord(
        RESERVATION + order_id, order_id=order_id, status=status, created_at=now, updated_at=now,
        lines=[ReservedLine(product_id=line["product_id"], quantity=line["quantity"]) for line in lines],
        unavailable=unavailable, correlation_id=correlation_id(),
    )


def reserve_stock(order_id: str, lines: list[dict]) -> str:
    """Take stock for every line of an order, all or nothing. Idempotent per order: the
    reservation record is written in the same transaction, so a redelivered order changes nothing.
    Returns the reservation's status (RESERVED, REJECTED, or whatever an earlier delivery decided)."""
    if existing := find_reservation(order_id):
        return existing.status
    record = _reservation(order_id, "RESERVED", lines)
    try:
        with write_transaction() as transaction:
            transaction.save(record, condition=ReservationRecord.id.does_not_exist())
            for line in lines:
                transaction.update(
                    ProductRecord(_product_key(line["product_id"])),
                    actions=[ProductRecord.stock.add(-line["quantity"]), *_new_version()],
                    condition=ProductRecord.id.exists() & (ProductRecord.stock >= line["quantity"]),
                )

    except TransactWriteError as error:
        reasons = cancellation_reasons(error)
        if not reasons or "ConditionalCheckFailed" not in reasons:
            raise
        if reasons[0] == "ConditionalCheckFailed":  # the puts come first: a concurrent delivery won
            return find_reservation(order_id).status
        short = [line["product_id"] for line, reason in zip(lines, reasons[1:], strict=False)
                 if reason == "ConditionalCheckFailed"]
        try:
            _reservation(order_id, "REJECTED", lines, short).save(condition=ReservationRecord.id.does_not_exist())
            metrics.add_metric(name="StockRejections", unit="Count", value=1)  # decided now, not redelivered
        except PutError as put_error:
            if not condition_failed(put_error):
                raise
        return find_reservation(order_id).status
    metrics.add_metric(name="StockReservations", unit="Count", value=1)
    return "RESERVED"


def release_stock(order_id: str, lines: list[dict]) -> str:
    """Give an order's reserved stock back (the order was cancelled). Idempotent; if the order
    was cancelled before its stock was reserved, leaves a CANCELLED record so it never will be."""
    existing = find_reservation(order_id)
    if existing is None:
        try:
            _reservation(order_id, "CANCELLED", lines).save(condition=ReservationRecord.id.does_not_exist())
            return "CANCELLED"
        except PutError as error:
            if not condition_failed(error):
                raise
            existing = find_reservation(order_id)  # reserved meanwhile: release it below
    if existing.status != "RESERVED":
        return existing.status
    still_listed = {p.id for p in ProductRecord.batch_get([line.product_id for line in existing.lines])}
    try:
        with write_transaction() as transaction:
            transaction.update(existing, actions=[ReservationRecord.status.set("RELEASED"),
                                                  ReservationRecord.updated_at.set(now_iso()),
                                                  ReservationRecord.correlation_id.set(correlation_id())],
                               condition=ReservationRecord.status == "RESERVED")
            for line in existing.lines:
                if line.product_id in still_listed:  # a deleted product gets nothing back
                    transaction.update(ProductRecord(line.product_id),
                                       actions=[ProductRecord.stock.add(int(line.quantity)), *_new_version()],
                                       condition=ProductRecord.id.exists())
    except TransactWriteError as error:
        if "ConditionalCheckFailed" not in cancellation_reasons(error):
            raise
        status = find_reservation(order_id).status
        if status == "RESERVED":  # a product vanished meanwhile, not a concurrent release: try again
            raise RuntimeError(f"releasing stock of order {order_id} failed; the event will be retried") from error
        return status  # released by a concurrent delivery
    return "RELEASED"
