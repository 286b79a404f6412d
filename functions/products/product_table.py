"""The products table (owned by the product service) and every read and write made on it.

Access patterns, none of which scans (catalog_index.py says how the keys are made):
- one product by id: GetItem on the table key `id`;
- the catalog by name: GetItem of the catalog's shard directory, then Query on index `by-name`
  (`listing` = "PRODUCT#<shard>", `sort_name`), one shard after another until the page is full;
- one category by name: the same over index `by-category-shard` (`category_shard` =
  "<category>#<shard>", `sort_name`) and the category's directory;
- word-prefix search: one Query on `by-name` (`listing` = "WORD#<first letters>", `sort_name`
  begins with the term), then BatchGetItem of the page's products;
- a product by sku: GetItem on `id` = "SKU#<sku>" (a pointer to the product id);
- an order's stock reservation: GetItem on `id` = "RESERVATION#<order id>" (not in any index).

A product and its index items (word items, sku pointer) are written in one transaction. Shard
directories are added to before the product is written (a directory may name a shard that has
become empty; never the other way round).
"""

import uuid
from collections.abc import Iterable
from itertools import islice

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

import catalog_index as ix
from catalog import NewProduct, Product, sort_name
from shop import settings
from shop.domain_errors import Conflict, NotFound, VersionConflict
from shop.item_keys import RESERVATION_ITEM
from shop.observability import correlation_id, metrics
from shop.tables import cancellation_reasons, condition_failed, now_iso, share_one_session, write_transaction

share_one_session()  # one botocore session for all the models below (shop.tables)

LEGACY_LISTING = "PRODUCT"  # the one `by-name` partition of products written before shards
MAX_SHARD_QUERIES = 8  # a page stops after this many shard queries once it holds something
SEARCH_READ = 100  # index items one search request reads at most
TRANSACTION_ITEMS = 100  # DynamoDB's limit per TransactWriteItems


class ByName(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-name"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    sort_name = UnicodeAttribute(range_key=True)


class WordsByName(ByName):
    """The same index, read for word items (ByName is bound to ProductRecord)."""


class ByCategoryShard(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-category-shard"
        projection = AllProjection()

    category_shard = UnicodeAttribute(hash_key=True)
    sort_name = UnicodeAttribute(range_key=True)


class ProductRecord(Model):
    class Meta:
        table_name = settings.required("PRODUCTS_TABLE")
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)
    listing = UnicodeAttribute()
    category_shard = UnicodeAttribute(null=True)
    sort_name = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    category = UnicodeAttribute()
    price = NumberAttribute()
    currency = UnicodeAttribute()
    stock = NumberAttribute()
    version = NumberAttribute()
    sku = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)
    # Set by an import on the products it writes, removed by every other write: the import's
    # batch item publishes their change (catalog.imported), their own stream record publishes nothing.
    import_batch = UnicodeAttribute(null=True)
    # What the write that made this version changed: STOCK_MOVED (reservations, releases, a restock),
    # IMPORTED (an import; its batch item publishes it) or CATALOG_CHANGED (anything else). The
    # subscriptions filter on it: the order service's price copy need not wake for every reservation.
    change = UnicodeAttribute(null=True)

    by_name = ByName()
    by_category_shard = ByCategoryShard()

    def to_product(self) -> Product:
        return Product(
            id=self.id, name=self.name, description=self.description, category=self.category,
            price=int(self.price), currency=self.currency, stock=int(self.stock), version=int(self.version),
            created_at=self.created_at, updated_at=self.updated_at, sku=self.sku,
        )

    def snapshot(self) -> dict:
        return {"id": self.id, "name": self.name, "category": self.category, "price": int(self.price),
                "currency": self.currency, "stock": int(self.stock), "version": int(self.version)}


class WordRecord(Model):
    """One word of a product's name, for search: id WORD#<product id>#<word>."""

    class Meta:
        table_name = ProductRecord.Meta.table_name
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)
    listing = UnicodeAttribute()
    sort_name = UnicodeAttribute()
    product_id = UnicodeAttribute()
    category = UnicodeAttribute()
    words = ListAttribute(of=UnicodeAttribute)  # all the product's words: multi-term queries, one hit per product

    by_name = WordsByName()

    @property
    def word(self) -> str:
        return self.sort_name.split("#", 1)[0]


class SkuRecord(Model):
    """id SKU#<sku> -> the product that has it: finds a product by sku without a scan, and keeps
    skus unique (written with the product, under a condition)."""

    class Meta:
        table_name = ProductRecord.Meta.table_name
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)
    product_id = UnicodeAttribute()


class ShardDirectory(Model):
    """The shards of one listing (the catalog, or a category) that have held products."""

    class Meta:
        table_name = ProductRecord.Meta.table_name
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)
    shards = UnicodeSetAttribute(default=set)


class ImportedProduct(MapAttribute):
    id = UnicodeAttribute()
    name = UnicodeAttribute()
    category = UnicodeAttribute()
    price = NumberAttribute()
    currency = UnicodeAttribute()
    stock = NumberAttribute()
    version = NumberAttribute()


class ImportBatchRecord(Model):
    """What one transaction of an import wrote, written in that transaction: its stream record is
    the one catalog.imported event for those products (an outbox item; kept as the import's log)."""

    class Meta:
        table_name = ProductRecord.Meta.table_name
        region = settings.REGION

    id = UnicodeAttribute(hash_key=True)  # IMPORT#<import id>#<batch number>
    import_id = UnicodeAttribute()
    products = ListAttribute(of=ImportedProduct)
    created_at = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)


def _product_key(product_id: str) -> str:
    """Reservations and index items share the table; their keys are never product ids."""
    if product_id.startswith((RESERVATION_ITEM, ix.WORD_ITEM, ix.SKU_ITEM, ix.DIRECTORY_ITEM, ix.IMPORT_ITEM)):
        raise NotFound(f"product {product_id} does not exist")
    return product_id


STOCK_MOVED, CATALOG_CHANGED, IMPORTED = "stock", "catalog", "import"


def _new_version(change: str) -> list:
    """Every change of a product, stock included, is a new version: an admin edit based on a read
    from before a reservation or release is refused (409 version_conflict) instead of writing a
    stale stock level back."""
    return [ProductRecord.version.add(1), ProductRecord.updated_at.set(now_iso()),
            ProductRecord.correlation_id.set(correlation_id()), ProductRecord.import_batch.remove(),
            ProductRecord.change.set(change)]


def get_product(product_id: str) -> ProductRecord:
    try:
        return ProductRecord.get(_product_key(product_id))
    except ProductRecord.DoesNotExist:
        raise NotFound(f"product {product_id} does not exist")


def products_by_id(ids: list[str]) -> dict[str, ProductRecord]:
    """id -> product, for the ids that have one (BatchGetItem, 100 keys a call)."""
    found: dict[str, ProductRecord] = {}
    for start in range(0, len(ids), 100):
        found.update({p.id: p for p in ProductRecord.batch_get(ids[start:start + 100])})
    return found


# ---------------------------------------------------------------- index items


def _index_keys(record: ProductRecord) -> None:
    """Set a product's index attributes from its name and category."""
    record.sort_name = sort_name(record.name, record.id)
    record.listing = ix.listing_partition(record.sort_name)
    record.category_shard = ix.category_partition(record.category, record.sort_name)


def word_items(record: ProductRecord) -> list[WordRecord]:
    names = ix.words(record.name)
    return [WordRecord(ix.word_item_id(record.id, word), listing=ix.word_partition(word),
                       sort_name=ix.word_sort_key(word, record.sort_name), product_id=record.id,
                       category=record.category, words=names)
            for word in names]


def _stale_words(old_name: str | None, new_name: str | None, product_id: str) -> list[WordRecord]:
    kept = set(ix.words(new_name)) if new_name is not None else set()
    return [WordRecord(ix.word_item_id(product_id, word)) for word in ix.words(old_name or "") if word not in kept]


def _shards_of(records: Iterable[ProductRecord]) -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {}
    for record in records:
        shard = ix.shard(record.sort_name)
        wanted.setdefault(ix.directory_id(None), set()).add(shard)
        wanted.setdefault(ix.directory_id(record.category), set()).add(shard)
    return wanted


def add_shards(wanted: dict[str, set[str]], known: set[tuple[str, str]] | None = None) -> None:
    """Name the shards in their directories (idempotent: a set union). `known`: (directory, shard)
    pairs this caller added before (directories only grow), skipped and then extended."""
    for directory, shards in wanted.items():
        new = {shard for shard in shards if (directory, shard) not in (known or ())}
        if new:
            ShardDirectory(directory).update(actions=[ShardDirectory.shards.add(new)])
            if known is not None:
                known.update((directory, shard) for shard in new)


def _write(transaction, record: ProductRecord, condition, old_name: str | None, sku_claim: bool) -> None:
    """One product with its index items, into an open transaction."""
    transaction.save(record, condition=condition)
    for stale in _stale_words(old_name, record.name, record.id):
        transaction.delete(stale)
    for item in word_items(record):
        transaction.save(item)
    if sku_claim:
        pointer = SkuRecord(ix.SKU_ITEM + record.sku, product_id=record.id)
        transaction.save(pointer, condition=SkuRecord.id.does_not_exist() | (SkuRecord.product_id == record.id))


def items_per_product(record: ProductRecord, old_name: str | None) -> int:
    stale = _stale_words(old_name, record.name, record.id)
    return 2 + len(ix.words(record.name)) + len(stale)  # the product, its words, stale words, two for skus


# ---------------------------------------------------------------- admin writes


def create_product(new: NewProduct) -> ProductRecord:
    product_id = str(uuid.uuid4())
    now = now_iso()
    record = ProductRecord(product_id, **new.model_dump(), version=1, created_at=now, updated_at=now,
                           correlation_id=correlation_id(), change=CATALOG_CHANGED)
    _index_keys(record)
    add_shards(_shards_of([record]))
    try:
        with write_transaction() as transaction:
            _write(transaction, record, ProductRecord.id.does_not_exist(), None, sku_claim=bool(new.sku))
    except TransactWriteError as error:
        reasons = cancellation_reasons(error)
        if "ConditionalCheckFailed" not in reasons:
            raise
        if reasons[-1] == "ConditionalCheckFailed" and new.sku:  # puts in order: product, words, sku
            raise Conflict(f"sku {new.sku} belongs to another product", code="sku_taken")
        raise Conflict("product id collision, retry the request")  # a uuid4 collision: never overwrite
    return record


def update_product(product_id: str, expected_version: int, changes: dict) -> ProductRecord:
    """Apply `changes` only if the stored version is still `expected_version` (else 409). A new name
    or category rewrites the product's index items in the same transaction."""
    if not {"name", "category"} & set(changes):
        return _update_fields(product_id, expected_version, changes)
    current = get_product(product_id)  # 404 when it does not exist
    if int(current.version) != expected_version:
        raise _stale(product_id, int(current.version), expected_version)
    old_name = current.name
    for field, value in changes.items():
        setattr(current, field, value)
    _index_keys(current)
    current.version = expected_version + 1
    current.updated_at, current.correlation_id, current.import_batch = now_iso(), correlation_id(), None
    current.change = CATALOG_CHANGED
    add_shards(_shards_of([current]))
    try:
        with write_transaction() as transaction:
            _write(transaction, current, ProductRecord.version == expected_version, old_name, sku_claim=False)
    except TransactWriteError as error:
        if "ConditionalCheckFailed" not in cancellation_reasons(error):
            raise
        raise _stale(product_id, int(get_product(product_id).version), expected_version)
    return current


def _stale(product_id: str, current: int, expected: int) -> VersionConflict:
    return VersionConflict(f"product {product_id} is at version {current}, not {expected}; read it again and retry")


def _update_fields(product_id: str, expected_version: int, changes: dict) -> ProductRecord:
    record = ProductRecord(_product_key(product_id))
    actions = [getattr(ProductRecord, field).set(value) for field, value in changes.items()]
    actions += _new_version(STOCK_MOVED if set(changes) == {"stock"} else CATALOG_CHANGED)
    try:
        record.update(actions=actions, condition=ProductRecord.version == expected_version)
    except UpdateError as error:
        if not condition_failed(error):
            raise
        current = get_product(product_id)  # 404 when it does not exist at all
        raise _stale(product_id, int(current.version), expected_version)
    return record


def delete_product(product_id: str) -> None:
    """The product, its word items and its sku pointer, together."""
    current = get_product(product_id)
    try:
        with write_transaction() as transaction:
            transaction.delete(current, condition=ProductRecord.version == current.version)
            for word in _stale_words(current.name, None, product_id):
                transaction.delete(word)
            if current.sku:
                transaction.delete(SkuRecord(ix.SKU_ITEM + current.sku), condition=SkuRecord.product_id == product_id)
    except TransactWriteError as error:
        if "ConditionalCheckFailed" not in cancellation_reasons(error):
            raise
        get_product(product_id)  # NotFound if it was deleted meanwhile
        raise Conflict(f"product {product_id} changed while it was being deleted; retry")


# ---------------------------------------------------------------- reads


def cursor_fields(category: str | None) -> set[str]:
    return {"id", "sort_name", "category_shard" if category else "listing"}


def _listing_key(record: ProductRecord, category: str | None) -> dict:
    key = {"id": {"S": record.id}, "sort_name": {"S": record.sort_name}}
    key["category_shard" if category else "listing"] = {"S": record.category_shard if category else record.listing}
    return key


def shard_directory(category: str | None) -> list[str]:
    """The shards of the catalog (or of a category) that have held products, in order."""
    try:
        return ix.ordered_shards(ShardDirectory.get(ix.directory_id(category)).shards)
    except ShardDirectory.DoesNotExist:
        return []


def list_products(category: str | None, shards: list[str], limit: int,
                  start_key: dict | None) -> tuple[list[ProductRecord], dict | None]:
    """One page of products in name order, and the key to continue from (None on the last page).
    Reads the listing's shards in order from the cursor's, each for what the page still needs."""
    index = ProductRecord.by_category_shard if category else ProductRecord.by_name
    start_shard = ix.shard(start_key["sort_name"]["S"]) if start_key else None
    records: list[ProductRecord] = []
    capped = False
    for queries, shard in enumerate(ix.shards_from(shards, start_shard), start=1):
        partition = ix.category_partition(category, shard) if category else ix.LISTING + shard
        needed = limit + 1 - len(records)
        resume = start_key if shard == start_shard else None
        records += list(index.query(partition, last_evaluated_key=resume, limit=needed, page_size=needed))
        if len(records) > limit:
            break
        if queries >= MAX_SHARD_QUERIES and records:
            capped = True
            break
    if len(records) > limit:
        return records[:limit], _listing_key(records[limit - 1], category)
    if capped:
        return records, _listing_key(records[-1], category)
    return records, None


def search_products(terms: list[str], category: str | None, limit: int,
                    start_key: dict | None) -> tuple[list[ProductRecord], dict | None]:
    """One page of the products whose name has a word starting with each term: one Query of the
    first term's word partition (at most SEARCH_READ items), one BatchGetItem of the page."""
    first = terms[0]
    results = WordRecord.by_name.query(
        ix.word_partition(first), WordRecord.sort_name.startswith(ix.term_prefix(first)),
        last_evaluated_key=start_key, limit=SEARCH_READ, page_size=SEARCH_READ,
    )
    hits = [w for w in results
            if ix.shown_under(first, w.word, w.words) and ix.matches_all(terms[1:], w.words)
            and (category is None or w.category == category)]
    if len(hits) > limit:
        hits, next_key = hits[:limit], _word_key(hits[limit - 1])
    else:
        next_key = results.last_evaluated_key
    found = {p.id: p for p in ProductRecord.batch_get([w.product_id for w in hits])} if hits else {}
    return [found[w.product_id] for w in hits if w.product_id in found], next_key


def _word_key(word: WordRecord) -> dict:
    return {"id": {"S": word.id}, "sort_name": {"S": word.sort_name}, "listing": {"S": word.listing}}


# ---------------------------------------------------------------- bulk import (infra: import_catalog.py)


def products_by_sku(skus: list[str]) -> dict[str, str]:
    """sku -> product id, for the skus that have a product."""
    found: dict[str, str] = {}
    for start in range(0, len(skus), 100):
        for pointer in SkuRecord.batch_get([ix.SKU_ITEM + s for s in skus[start:start + 100]]):
            found[pointer.id.removeprefix(ix.SKU_ITEM)] = pointer.product_id
    return found


def import_record(new: NewProduct, product_id: str | None, current: ProductRecord | None,
                  import_id: str, batch: str) -> ProductRecord | None:
    """The product an import line makes: a new one, the current one changed (next version), or None
    when the line changes nothing. A field the line leaves out keeps the current product's value (a
    price-only file must not empty stock or descriptions)."""
    fields = new.model_dump(exclude={"id"})
    if current is not None:
        given = new.model_dump(exclude={"id"}, exclude_unset=True)
        fields = {name: given[name] if name in given else getattr(current, name) for name in fields}
        if all(getattr(current, k) == v for k, v in fields.items()):
            return None
    now = now_iso()
    record = ProductRecord(product_id or str(uuid.uuid4()), **fields,
                           version=int(current.version) + 1 if current else 1,
                           created_at=current.created_at if current else now, updated_at=now,
                           correlation_id=import_id, import_batch=batch, change=IMPORTED)
    _index_keys(record)
    return record


def write_import_batch(batch_id: str, import_id: str, writes: list[tuple[ProductRecord, ProductRecord | None]],
                       known_shards: set[tuple[str, str]] | None = None) -> None:
    """Products (each with what it replaces, or None) and their index items in one transaction,
    with the batch item that publishes them. Raises TransactWriteError if any condition fails:
    nothing of the batch is written then. `known_shards`: see add_shards (one set per import)."""
    add_shards(_shards_of(record for record, _ in writes), known_shards)
    batch = ImportBatchRecord(batch_id, import_id=import_id, created_at=now_iso(), correlation_id=import_id,
                              products=[ImportedProduct(**record.snapshot()) for record, _ in writes])
    with write_transaction() as transaction:
        transaction.save(batch, condition=ImportBatchRecord.id.does_not_exist())
        for record, current in writes:
            condition = (ProductRecord.version == current.version) if current else ProductRecord.id.does_not_exist()
            sku_claim = bool(record.sku) and (current is None or current.sku != record.sku)
            _write(transaction, record, condition, current.name if current else None, sku_claim)
            if current is not None and current.sku and current.sku != record.sku:
                transaction.delete(SkuRecord(ix.SKU_ITEM + current.sku), condition=SkuRecord.product_id == record.id)


def legacy_products(limit: int = 100) -> list[ProductRecord]:
    """Products written before listings were sharded (in the one "PRODUCT" partition)."""
    return list(islice(ProductRecord.by_name.query(LEGACY_LISTING, page_size=limit), limit))


def backfill(record: ProductRecord) -> bool:
    """Give a product written before shards and search its index keys and word items (same
    version: nothing a consumer cares about changes, so nothing is published). False if it
    changed meanwhile (the next pass picks it up again)."""
    old_name = None  # it has no word items yet
    _index_keys(record)
    add_shards(_shards_of([record]))
    try:
        with write_transaction() as transaction:
            _write(transaction, record, ProductRecord.version == record.version, old_name, sku_claim=bool(record.sku))
    except TransactWriteError as error:
        if "ConditionalCheckFailed" not in cancellation_reasons(error):
            raise
        return False
    return True


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
        return ReservationRecord.get(RESERVATION_ITEM + order_id, consistent_read=True)
    except ReservationRecord.DoesNotExist:
        return None


def _reservation(order_id: str, status: str, lines: list[dict], unavailable: list[str] | None = None):
    now = now_iso()
    return ReservationRecord(
        RESERVATION_ITEM + order_id, order_id=order_id, status=status, created_at=now, updated_at=now,
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
                    actions=[ProductRecord.stock.add(-line["quantity"]), *_new_version(STOCK_MOVED)],
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
                    stock_back = [ProductRecord.stock.add(int(line.quantity)), *_new_version(STOCK_MOVED)]
                    transaction.update(ProductRecord(line.product_id), actions=stock_back,
                                       condition=ProductRecord.id.exists())
    except TransactWriteError as error:
        if "ConditionalCheckFailed" not in cancellation_reasons(error):
            raise
        status = find_reservation(order_id).status
        if status == "RESERVED":  # a product vanished meanwhile, not a concurrent release: try again
            raise RuntimeError(f"releasing stock of order {order_id} failed; the event will be retried") from error
        return status  # released by a concurrent delivery
    return "RELEASED"
