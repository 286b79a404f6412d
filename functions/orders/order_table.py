"""The orders table (owned by the order service) and every read and write made on it.

One table, keyed `pk`/`sk`, holding:
- orders:           ORDER#<id> / ORDER, in indexes by-customer (customer_id, placed_at),
                    by-status (status, placed_at) and by-placed (listing = "ORDER", placed_at);
- payment requests: ORDER#<id> / PAYMENT_REQUEST, written with the order: what to charge and the
                    card token, which only the payment service's subscription lets through (the
                    order's own changes reach every order consumer); gone through TTL an hour later;
- carts:            CART#<user id> / CART, expiring through TTL on `expires_at` when left alone;
- catalog copies:   PRODUCT#<id> / PRODUCT, kept from product.* events (prices for carts and checkout);
- address copies:   USER#<user id> / ADDRESS#<id>, kept from address.* events (checkout by address_id).
The copies make checkout independent of other services' tables and availability.
"""

import hashlib
import json
import time
import uuid

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from order_status import CANCELLED, CUSTOMER, ORDER_LIFECYCLE, PENDING, CustomerCancel, Decision, customer_cancellation
from pricing import CatalogPrice, PricedLine
from shop import settings
from shop.domain_errors import Conflict
from shop.item_keys import PAYMENT_REQUEST_ITEM
from shop.lifecycle import KeptChanging
from shop.observability import correlation_id
from shop.tables import cancellation_reasons, condition_failed, now_iso, share_one_session, write_transaction

share_one_session()  # one botocore session for all the models below (shop.tables)

TABLE = settings.required("ORDERS_TABLE")
CART_LIFETIME_SECONDS = 30 * 24 * 3600



# ---------------------------------------------------------------- orders

class LineAttribute(MapAttribute):
    product_id = UnicodeAttribute()
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price = NumberAttribute()
    line_total = NumberAttribute()


class StatusChangeAttribute(MapAttribute):
    status = UnicodeAttribute()
    at = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)


class ByCustomer(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-customer"
        projection = AllProjection()

    customer_id = UnicodeAttribute(hash_key=True)
    placed_at = UnicodeAttribute(range_key=True)


class ByStatus(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    placed_at = UnicodeAttribute(range_key=True)


class ByPlaced(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-placed"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    placed_at = UnicodeAttribute(range_key=True)


class OrderRecord(Model):
    class Meta:
        table_name = TABLE
        region = settings.REGION

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="ORDER")
    order_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    listing = UnicodeAttribute(default="ORDER")
    status = UnicodeAttribute()
    lines = ListAttribute(of=LineAttribute)
    total = NumberAttribute()
    currency = UnicodeAttribute()
    shipping_address = MapAttribute()
    # Orders placed before the payment request had an item of its own kept the token here until they
    # left PENDING; it is still removed then. Never written now.
    payment_token = UnicodeAttribute(null=True)
    cancel_reason = UnicodeAttribute(null=True)
    cancel_requested_at = UnicodeAttribute(null=True)  # the customer asked to cancel a PAID order
    refunded = BooleanAttribute(default=False)
    history = ListAttribute(of=StatusChangeAttribute)
    placed_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = NumberAttribute(default=1)
    correlation_id = UnicodeAttribute(null=True)
    # A hash of the request that placed it: a retry with the same Idempotency-Key must be the same request.
    request_fingerprint = UnicodeAttribute(null=True)

    by_customer = ByCustomer()
    by_status = ByStatus()
    by_placed = ByPlaced()

    def to_dict(self) -> dict:
        return {
            "id": self.order_id, "user_id": self.customer_id, "status": self.status,
            "items": [line.as_dict() for line in self.lines], "total": int(self.total), "currency": self.currency,
            "shipping_address": self.shipping_address.as_dict(), "cancel_reason": self.cancel_reason,
            "cancel_requested_at": self.cancel_requested_at,
            "history": [change.as_dict() for change in self.history],
            "created_at": self.placed_at, "updated_at": self.updated_at,
        }


class PaymentRequestRecord(Model):
    """order.payment_requested, as an item of its own (see the module's docstring); never read here."""

    class Meta:
        table_name = TABLE
        region = settings.REGION

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default=PAYMENT_REQUEST_ITEM)
    order_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    total = NumberAttribute()
    currency = UnicodeAttribute()
    payment_token = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)
    expires_at = NumberAttribute()  # TTL: the payment service keeps what it needs when it arrives


PAYMENT_REQUEST_LIFETIME_SECONDS = 3600


def order_key(order_id: str) -> str:
    return f"ORDER#{order_id}"


# Order ids derive from the customer and their Idempotency-Key, so a retry finds the order its
# first attempt stored whatever failed after that write (docs/decisions.md, "One order per key").
ORDER_IDS = uuid.UUID("6f1c1d52-52a4-4b0e-9a7e-8d1f3c0b6a21")


def order_id_for(customer_id: str, idempotency_key: str) -> str:
    return str(uuid.uuid5(ORDER_IDS, f"{customer_id}\n{idempotency_key}"))


def fingerprint(request: dict) -> str:
    """A hash of a request's canonical JSON (keys sorted, fields left at their defaults omitted by
    the caller), so a field added to the request model later does not change old requests' hashes."""
    return hashlib.sha256(json.dumps(request, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def find_order(order_id: str) -> OrderRecord | None:
    try:  # consistent: status changes decide on what they read
        return OrderRecord.get(order_key(order_id), "ORDER", consistent_read=True)
    except OrderRecord.DoesNotExist:
        return None



def place_order(order_id: str, customer_id: str, lines: list[PricedLine], total: int, currency: str,
                shipping_address: dict, payment_token: str, cart: "CartRecord | None",
                request_fingerprint: str) -> tuple[OrderRecord, bool]:
    """Store a new PENDING order (order.created follows from the table's stream): (order, True);
    or (the order an earlier attempt stored under `order_id`, False). When it was checked out from
    `cart`, the cart is deleted in the same transaction, unless it changed since it was read (409:
    look at the cart again)."""
    now = now_iso()
    order = OrderRecord(
        order_key(order_id), "ORDER", order_id=order_id, customer_id=customer_id, status=PENDING,
        lines=[LineAttribute(**line.__dict__) for line in lines], total=total, currency=currency,
        shipping_address=shipping_address,
        history=[StatusChangeAttribute(status=PENDING, at=now, reason="placed")],
        placed_at=now, updated_at=now, correlation_id=correlation_id(), request_fingerprint=request_fingerprint,
    )
    try:
        with write_transaction() as transaction:
            transaction.save(order, condition=OrderRecord.pk.does_not_exist())
            transaction.save(PaymentRequestRecord(
                order.pk, PAYMENT_REQUEST_ITEM, order_id=order_id, customer_id=customer_id, total=total,
                currency=currency, payment_token=payment_token, updated_at=now, correlation_id=order.correlation_id,
                expires_at=int(time.time()) + PAYMENT_REQUEST_LIFETIME_SECONDS))
            if cart is not None:
                transaction.delete(cart, condition=CartRecord.version == cart.version)
    except TransactWriteError as error:
        reasons = cancellation_reasons(error)
        if not {"ConditionalCheckFailed", "TransactionConflict"} & set(reasons):
            raise
        if (earlier := find_order(order_id)) is not None:  # a concurrent attempt with the same key won
            return earlier, False
        raise Conflict("The cart changed during checkout; check it and place the order again", code="cart_changed")
    return order, True


def _add_history(status: str, at: str, reason: str | None):
    return OrderRecord.history.set(OrderRecord.history.append([StatusChangeAttribute(status=status, at=at,
                                                                                     reason=reason)]))


def _apply(order: OrderRecord, target: str, reason: str | None) -> bool:
    """Move `order` to `target`, unless its status changed since it was read (False)."""
    now = now_iso()
    actions = [
        OrderRecord.status.set(target),
        _add_history(target, now, reason),
        OrderRecord.updated_at.set(now), OrderRecord.version.add(1),
        OrderRecord.correlation_id.set(correlation_id()),
    ]
    if target == CANCELLED:
        actions.append(OrderRecord.cancel_reason.set(reason))
    if order.status == PENDING:
        actions.append(OrderRecord.payment_token.remove())
    try:
        order.update(actions=actions, condition=OrderRecord.status == order.status)
        return True
    except UpdateError as error:
        if not condition_failed(error):
            raise
        return False


def change_status(order_id: str, target: str, reason: str | None = None) -> tuple[Decision, OrderRecord | None]:
    """Move an order to `target` if the state machine allows it now (order_status); the decision
    says what happened."""
    return ORDER_LIFECYCLE.change(lambda: find_order(order_id), lambda order: _apply(order, target, reason), target)


def _request_cancellation(order: OrderRecord) -> bool:
    """Note the customer's wish to cancel a PAID order (order.cancel_requested follows), unless
    the order changed since it was read (False)."""
    now = now_iso()
    try:
        order.update(actions=[
            OrderRecord.cancel_requested_at.set(now), _add_history(order.status, now, "cancel_requested"),
            OrderRecord.updated_at.set(now), OrderRecord.correlation_id.set(correlation_id()),
        ], condition=(OrderRecord.status == order.status) & OrderRecord.cancel_requested_at.does_not_exist())
        return True
    except UpdateError as error:
        if not condition_failed(error):
            raise
        return False


def cancel_for_customer(order: OrderRecord) -> tuple[CustomerCancel, OrderRecord]:
    """The customer's cancellation, as order_status.customer_cancellation decides it on the
    order's current status (re-read when a concurrent change got there first); Conflict
    (not_cancellable) once the order has shipped."""
    for _ in range(5):
        step = customer_cancellation(order.status, order.cancel_requested_at is not None)
        if step is CustomerCancel.TOO_LATE:
            raise Conflict(f"order {order.order_id} is {order.status} and can no longer be cancelled",
                           code="not_cancellable")
        if step is CustomerCancel.CANCEL and _apply(order, CANCELLED, CUSTOMER):
            return step, find_order(order.order_id)
        if step is CustomerCancel.REQUEST and _request_cancellation(order):
            return step, find_order(order.order_id)
        if step not in (CustomerCancel.CANCEL, CustomerCancel.REQUEST):
            return step, order
        order = find_order(order.order_id)
    raise KeptChanging(f"order {order.order_id} kept changing; giving up for now")


def note_refund(order_id: str) -> None:
    order = find_order(order_id)
    if order is None or order.refunded:
        return
    now = now_iso()
    order.update(actions=[
        OrderRecord.refunded.set(True),
        _add_history(order.status, now, "refunded"),
        OrderRecord.updated_at.set(now),
    ], condition=OrderRecord.refunded == False)  # noqa: E712 (a DynamoDB condition, not a Python test)


INDEX_PARTITION = {"by-customer": "customer_id", "by-status": "status", "by-placed": "listing"}


def cursor_fields(index: str) -> set[str]:
    return {"pk", "sk", "placed_at", INDEX_PARTITION[index]}


def list_orders(index: str, partition: str, limit: int,
                start_key: dict | None) -> tuple[list[OrderRecord], dict | None]:
    """A page of orders from one index partition, newest first, and the key to continue from (None
    on the last page: one extra item read tells whether there is another)."""
    source = {"by-customer": OrderRecord.by_customer, "by-status": OrderRecord.by_status,
              "by-placed": OrderRecord.by_placed}[index]
    orders = list(source.query(partition, scan_index_forward=False, limit=limit + 1, page_size=limit + 1,
                               last_evaluated_key=start_key))
    if len(orders) <= limit:
        return orders, None
    last = orders[limit - 1]
    next_key = {"pk": {"S": last.pk}, "sk": {"S": last.sk}, "placed_at": {"S": last.placed_at},
                INDEX_PARTITION[index]: {"S": partition}}
    return orders[:limit], next_key


# ---------------------------------------------------------------- carts

class CartRecord(Model):
    class Meta:
        table_name = TABLE
        region = settings.REGION

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="CART")
    lines = MapAttribute()  # product id -> quantity
    version = NumberAttribute(default=0)
    updated_at = UnicodeAttribute()
    expires_at = NumberAttribute()  # TTL: a cart nobody touched for 30 days goes away


def find_cart(user_id: str) -> CartRecord | None:
    try:
        return CartRecord.get(f"CART#{user_id}", "CART")
    except CartRecord.DoesNotExist:
        return None


def save_cart(user_id: str, lines: dict[str, int], previous: CartRecord | None) -> CartRecord:
    """Write the whole cart, unless someone else wrote it since `previous` was read (409)."""
    cart = CartRecord(f"CART#{user_id}", "CART", lines=lines, version=(previous.version + 1) if previous else 1,
                      updated_at=now_iso(), expires_at=int(time.time()) + CART_LIFETIME_SECONDS)
    condition = (CartRecord.version == previous.version) if previous else CartRecord.pk.does_not_exist()
    try:
        cart.save(condition=condition)
    except PutError as error:
        if condition_failed(error):
            raise Conflict("The cart changed at the same time; try again", code="cart_changed")
        raise
    return cart


def delete_cart(user_id: str) -> None:
    CartRecord(f"CART#{user_id}", "CART").delete()


# ---------------------------------------------------------------- copies of other services' data

class CatalogEntry(Model):
    class Meta:
        table_name = TABLE
        region = settings.REGION

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="PRODUCT")
    product_id = UnicodeAttribute()
    name = UnicodeAttribute()
    price = NumberAttribute()
    currency = UnicodeAttribute()
    version = NumberAttribute()
    deleted = BooleanAttribute(default=False)

    def to_price(self) -> CatalogPrice:
        return CatalogPrice(self.product_id, self.name, int(self.price), self.currency)


def catalog_prices(product_ids: list[str]) -> tuple[dict[str, CatalogPrice], set[str]]:
    """Current prices of the products the copy holds (deleted ones are left out), and the ids it
    has never heard of."""
    wanted = set(product_ids)
    entries = list(CatalogEntry.batch_get([(f"PRODUCT#{product_id}", "PRODUCT") for product_id in wanted]))
    prices = {entry.product_id: entry.to_price() for entry in entries if not entry.deleted}
    return prices, wanted - {entry.product_id for entry in entries}


def copy_product(product: dict, deleted: bool) -> None:
    """Keep the newest version of a product seen in product.* events (older ones change nothing)."""
    entry = CatalogEntry(f"PRODUCT#{product['id']}", "PRODUCT", product_id=product["id"], name=product["name"],
                         price=product["price"], currency=product["currency"], version=product["version"],
                         deleted=deleted)
    newer_or_same = CatalogEntry.pk.does_not_exist() | (CatalogEntry.version < product["version"]) | (
        (CatalogEntry.version == product["version"]) & (CatalogEntry.deleted == False)  # noqa: E712

    )
    try:
        entry.save(condition=newer_or_same)
    except PutError as error:
        if not condition_failed(error):
            raise


class AddressCopy(Model):
    class Meta:
        table_name = TABLE
        region = settings.REGION

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    address = MapAttribute()
    changed_at = UnicodeAttribute()
    deleted = BooleanAttribute(default=False)


def find_address(user_id: str, address_id: str) -> dict | None:
    try:
        copy = AddressCopy.get(f"USER#{user_id}", f"ADDRESS#{address_id}")
    except AddressCopy.DoesNotExist:
        return None
    return None if copy.deleted else copy.address.as_dict()


def copy_address(user_id: str, address_id: str, address: dict | None, changed_at: str) -> None:
    """Keep the latest state of a user's address seen in address.* events (by their time)."""
    copy = AddressCopy(f"USER#{user_id}", f"ADDRESS#{address_id}", address=address or {}, changed_at=changed_at,
                       deleted=address is None)
    try:
        copy.save(condition=AddressCopy.pk.does_not_exist() | (AddressCopy.changed_at <= changed_at))
    except PutError as error:
        if not condition_failed(error):
            raise
