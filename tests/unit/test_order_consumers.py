"""The order service's queue consumers against moto: payment results, stock rejections, shipment
progress, and its copies of the catalog and of address books. Deliveries are at least once and in
any order."""

import uuid

from tests.unit.conftest import consume, envelope, handler_module, service_module

order_table = service_module("orders", "order_table")
pricing = service_module("orders", "pricing")
PricedLine = pricing.PricedLine

on_payment_result = handler_module("orders", "on_payment_result")
on_stock_rejected = handler_module("orders", "on_stock_rejected")
on_shipment_progress = handler_module("orders", "on_shipment_progress")
on_catalog_changed = handler_module("orders", "on_catalog_changed")
on_address_book_changed = handler_module("orders", "on_address_book_changed")

ADDRESS = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
           "country": "GB"}


def new_order(customer_id: str = "customer-sub") -> str:
    lines = [PricedLine("book", "Release It!", 2, 3899, 7798)]
    order_id = str(uuid.uuid4())
    order, placed = order_table.place_order(order_id, customer_id, lines, 7798, "EUR", ADDRESS, "tok_ok", None, "f")
    assert placed
    return order.order_id


def order(order_id: str) -> order_table.OrderRecord:
    return order_table.find_order(order_id)


def history(order_id: str) -> list[tuple[str, str | None]]:
    return [(change.status, change.reason) for change in order(order_id).history]


def payment(event_type: str, order_id: str) -> dict:
    data = {"order_id": order_id, "amount": 7798, "currency": "EUR"}
    if event_type == "payment.failed":
        data["reason"] = "card_declined"
    return envelope(event_type, data)


def shipment(event_type: str, order_id: str) -> dict:
    return envelope(event_type, {"order_id": order_id, "shipment_id": f"shp_{order_id}", "carrier": "Simulated Post",
                                 "tracking_number": "SP0123456789"})


# ---------------------------------------------------------------- payment results

def test_payment_succeeded_makes_the_order_paid(orders_tables):
    order_id = new_order()
    assert consume(on_payment_result, payment("payment.succeeded", order_id)) == []
    assert order(order_id).status == "PAID"
    assert history(order_id) == [("PENDING", "placed"), ("PAID", None)]


def test_a_duplicate_payment_succeeded_changes_nothing(orders_tables):
    order_id = new_order()
    consume(on_payment_result, payment("payment.succeeded", order_id))
    before = order(order_id)
    assert consume(on_payment_result, payment("payment.succeeded", order_id)) == []
    after = order(order_id)
    assert (after.status, after.version, after.updated_at) == ("PAID", before.version, before.updated_at)
    assert history(order_id) == [("PENDING", "placed"), ("PAID", None)]


def test_payment_failed_cancels_the_order_as_payment_declined(orders_tables):
    order_id = new_order()
    assert consume(on_payment_result, payment("payment.failed", order_id)) == []
    assert (order(order_id).status, order(order_id).cancel_reason) == ("CANCELLED", "payment_declined")
    assert history(order_id)[-1] == ("CANCELLED", "payment_declined")


def test_payment_succeeded_for_a_cancelled_order_changes_nothing(orders_tables):
    order_id = new_order()
    order_table.change_status(order_id, "CANCELLED", "customer")
    before = history(order_id)
    assert consume(on_payment_result, payment("payment.succeeded", order_id)) == []
    assert (order(order_id).status, history(order_id)) == ("CANCELLED", before)


def test_a_refund_is_noted_once_in_the_history(orders_tables):
    order_id = new_order()
    order_table.change_status(order_id, "CANCELLED", "customer")
    consume(on_payment_result, payment("payment.refunded", order_id))
    consume(on_payment_result, payment("payment.refunded", order_id))
    assert order(order_id).refunded and order(order_id).status == "CANCELLED"
    assert history(order_id) == [("PENDING", "placed"), ("CANCELLED", "customer"), ("CANCELLED", "refunded")]


def test_an_event_for_an_unknown_order_is_dropped_not_retried(orders_tables):
    assert consume(on_payment_result, payment("payment.succeeded", "ghost")) == []
    assert order("ghost") is None


def test_an_event_type_the_consumer_does_not_handle_is_dropped(orders_tables):
    order_id = new_order()
    assert consume(on_payment_result, envelope("payment.disputed", {"order_id": order_id})) == []
    assert order(order_id).status == "PENDING"


# ---------------------------------------------------------------- stock

def test_stock_rejected_cancels_the_order_as_out_of_stock(orders_tables):
    order_id = new_order()
    rejected = envelope("stock.rejected", {"order_id": order_id, "lines": [{"product_id": "book", "quantity": 2}],
                                           "unavailable": ["book"]})
    assert consume(on_stock_rejected, rejected) == []
    assert (order(order_id).status, order(order_id).cancel_reason) == ("CANCELLED", "out_of_stock")
    consume(on_stock_rejected, rejected)
    assert len(history(order_id)) == 2


def test_stock_rejected_after_payment_failed_keeps_the_first_reason(orders_tables):
    order_id = new_order()
    consume(on_payment_result, payment("payment.failed", order_id))
    consume(on_stock_rejected, envelope("stock.rejected", {"order_id": order_id, "lines": []}))
    assert order(order_id).cancel_reason == "payment_declined"


# ---------------------------------------------------------------- shipments

def test_shipment_progress_moves_a_paid_order_to_shipped_then_delivered(orders_tables):
    order_id = new_order()
    order_table.change_status(order_id, "PAID")
    assert consume(on_shipment_progress, shipment("shipment.shipped", order_id)) == []
    assert order(order_id).status == "SHIPPED"
    assert consume(on_shipment_progress, shipment("shipment.delivered", order_id)) == []
    assert order(order_id).status == "DELIVERED"


def test_delivered_overtaking_shipped_is_a_batch_item_failure_and_not_applied(orders_tables):
    early, other = new_order(), new_order()
    for order_id in (early, other):
        order_table.change_status(order_id, "PAID")
    failed = consume(on_shipment_progress, shipment("shipment.delivered", early), shipment("shipment.shipped", other))
    assert failed == ["m0"]  # retried later; the other message in the batch is done
    assert (order(early).status, order(other).status) == ("PAID", "SHIPPED")


def test_a_shipment_event_for_a_cancelled_order_is_dropped(orders_tables):
    order_id = new_order()
    order_table.change_status(order_id, "CANCELLED", "customer")
    assert consume(on_shipment_progress, shipment("shipment.shipped", order_id)) == []
    assert order(order_id).status == "CANCELLED"


def test_a_stopped_parcel_cancels_the_paid_order_for_its_customer(orders_tables):
    order_id = new_order()
    order_table.change_status(order_id, "PAID")
    assert consume(on_shipment_progress, shipment("shipment.cancelled", order_id)) == []
    assert (order(order_id).status, order(order_id).cancel_reason) == ("CANCELLED", "customer")
    assert consume(on_shipment_progress, shipment("shipment.cancelled", order_id)) == []  # redelivered
    assert [status for status, _ in history(order_id)] == ["PENDING", "PAID", "CANCELLED"]


# ---------------------------------------------------------------- catalog copy

def product(event_type: str, version: int, price: int) -> dict:
    return envelope(event_type, {"id": "book", "name": "Release It!", "category": "books", "price": price,
                                 "currency": "EUR", "stock": 10, "version": version})


def price_of(product_id: str = "book") -> int | None:
    entry = order_table.catalog_prices([product_id])[0].get(product_id)
    return entry.price if entry else None


def test_catalog_changes_are_copied(orders_tables):
    assert consume(on_catalog_changed, product("product.created", 1, 3899)) == []
    assert price_of() == 3899
    consume(on_catalog_changed, product("product.updated", 2, 3499))
    assert price_of() == 3499


def test_an_older_product_version_does_not_overwrite_a_newer_one(orders_tables):
    consume(on_catalog_changed, product("product.updated", 3, 2999))
    assert consume(on_catalog_changed, product("product.updated", 2, 3499)) == []
    assert consume(on_catalog_changed, product("product.created", 1, 3899)) == []
    assert price_of() == 2999


def test_a_deleted_product_leaves_the_catalog_and_a_stale_update_does_not_bring_it_back(orders_tables):
    consume(on_catalog_changed, product("product.created", 1, 3899))
    consume(on_catalog_changed, product("product.deleted", 2, 3899))
    assert price_of() is None
    consume(on_catalog_changed, product("product.updated", 2, 3899))
    consume(on_catalog_changed, product("product.updated", 1, 3899))
    assert price_of() is None


# ---------------------------------------------------------------- address book copy

def address_event(event_type: str, occurred_at: str, city: str = "London") -> dict:
    data = {"user_id": "customer-sub", "address_id": "home"}
    if event_type == "address.saved":
        data["address"] = {**ADDRESS, "city": city}
    return envelope(event_type, data, occurred_at=occurred_at)


def test_saved_addresses_are_copied_per_user(orders_tables):
    assert consume(on_address_book_changed, address_event("address.saved", "2026-11-27T12:00:00.000Z")) == []
    assert order_table.find_address("customer-sub", "home") == ADDRESS
    assert order_table.find_address("other-sub", "home") is None


def test_an_older_address_event_does_not_overwrite_a_newer_one(orders_tables):
    consume(on_address_book_changed, address_event("address.saved", "2026-11-27T12:00:05.000Z", city="Paris"))
    consume(on_address_book_changed, address_event("address.saved", "2026-11-27T12:00:01.000Z", city="Rome"))
    assert order_table.find_address("customer-sub", "home")["city"] == "Paris"


def test_a_deleted_address_is_hidden_and_an_older_save_does_not_revive_it(orders_tables):
    consume(on_address_book_changed, address_event("address.saved", "2026-11-27T12:00:00.000Z"))
    consume(on_address_book_changed, address_event("address.deleted", "2026-11-27T12:00:05.000Z"))
    assert order_table.find_address("customer-sub", "home") is None
    consume(on_address_book_changed, address_event("address.saved", "2026-11-27T12:00:01.000Z", city="Rome"))
    assert order_table.find_address("customer-sub", "home") is None


def test_a_malformed_message_fails_only_itself(orders_tables):
    order_id = new_order()
    malformed = {"id": "x", "type": "Not A Type", "occurred_at": "now", "data": {}}
    assert consume(on_payment_result, malformed, payment("payment.succeeded", order_id)) == ["m0"]
    assert order(order_id).status == "PAID"


def test_the_order_never_holds_the_payment_token_its_own_payment_request_item_does_for_an_hour(orders_tables):
    """The order's changes reach every order consumer; the payment request only the payment service."""
    import time

    import boto3
    from boto3.dynamodb.conditions import Key

    order_id = new_order()
    items = boto3.resource("dynamodb").Table(order_table.TABLE).query(
        KeyConditionExpression=Key("pk").eq(f"ORDER#{order_id}"))["Items"]
    by_sk = {item["sk"]: item for item in items}
    assert set(by_sk) == {"ORDER", "PAYMENT_REQUEST"}
    assert "tok_ok" not in str(by_sk["ORDER"])
    request = by_sk["PAYMENT_REQUEST"]
    assert (request["payment_token"], request["total"], request["currency"]) == ("tok_ok", 7798, "EUR")
    assert time.time() < request["expires_at"] <= time.time() + 3600


def test_a_consumer_near_its_timeout_leaves_the_rest_of_its_batch_for_the_next_delivery(orders_tables):
    from tests.events import LambdaContext
    from tests.unit.conftest import queue_event

    class RunningOutOfTime(LambdaContext):
        left = iter([5000, 500])  # enough for the first message, not for the second

        def get_remaining_time_in_millis(self) -> int:
            return next(self.left, 500)

    first, second = new_order(), new_order()
    for order_id in (first, second):
        order_table.change_status(order_id, "PAID")
    event = queue_event("orders/on_shipment_progress", shipment("shipment.shipped", first),
                        shipment("shipment.shipped", second))
    result = on_shipment_progress.handler(event, RunningOutOfTime())
    assert [f["itemIdentifier"] for f in result["batchItemFailures"]] == ["m1"]
    assert (order(first).status, order(second).status) == ("SHIPPED", "PAID")  # the second comes back
