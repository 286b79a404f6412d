"""The event plumbing: which table changes become which events (each service's events_for in
shop.contracts), the envelope built from a stream record, and reading a queue message: a change
record as the pipes deliver it, or an envelope."""

import json

import pytest

from shop.contracts import ContractError
from shop.contracts import orders as order_events
from shop.contracts import payments as payment_events
from shop.contracts import products as product_events
from shop.contracts import shipping as shipment_events
from shop.contracts import users as user_events
from shop.events import arrived, change_events, publisher_events_for
from tests.unit.conftest import ROOT, envelope, stream_record

ADDRESS = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
           "country": "GB"}
ORDER = {"pk": "ORDER#o1", "sk": "ORDER", "order_id": "o1", "customer_id": "u1", "status": "PENDING",
         "lines": [{"product_id": "book", "name": "Release It!", "quantity": 2, "unit_price": 3899,
                    "line_total": 7798}],
         "total": 7798, "currency": "EUR", "shipping_address": ADDRESS,
         "history": [{"status": "PENDING", "at": "2026-11-27T12:00:00.000Z", "reason": "placed"}]}
SUMMARY = {"order_id": "o1", "user_id": "u1", "lines": [{"product_id": "book", "quantity": 2, "unit_price": 3899}],
           "total": 7798, "currency": "EUR"}


# ---------------------------------------------------------------- orders

PAYMENT_REQUEST = {"pk": "ORDER#o1", "sk": "PAYMENT_REQUEST", "order_id": "o1", "customer_id": "u1", "total": 7798,
                   "currency": "EUR", "payment_token": "tok_ok", "expires_at": 1795784400}


def test_a_new_order_is_order_created_without_token_or_address():
    assert order_events.events_for(None, ORDER) == [("order.created", {**SUMMARY, "status": "PENDING"})]


def test_the_payment_request_item_is_order_payment_requested_with_the_token_once():
    assert order_events.events_for(None, PAYMENT_REQUEST) == [
        ("order.payment_requested", {"order_id": "o1", "user_id": "u1", "total": 7798, "currency": "EUR",
                                     "payment_token": "tok_ok"})]
    assert order_events.events_for(PAYMENT_REQUEST, None) == []  # gone through TTL


def test_a_status_change_is_order_status_with_the_previous_status():
    paid = {**ORDER, "status": "PAID"}
    assert order_events.events_for(ORDER, paid) == [("order.paid", {
        **SUMMARY, "status": "PAID", "previous_status": "PENDING", "shipping_address": ADDRESS,
    })]
    shipped = {**ORDER, "status": "SHIPPED"}
    event_type, data = order_events.events_for(paid, shipped)[0]
    assert event_type == "order.shipped" and "shipping_address" not in data and "payment_token" not in data


def test_a_cancellation_carries_its_reason_and_lines():
    cancelled = {**ORDER, "status": "CANCELLED", "cancel_reason": "out_of_stock"}
    [(event_type, data)] = order_events.events_for(ORDER, cancelled)
    assert event_type == "order.cancelled"
    assert (data["reason"], data["previous_status"], data["lines"]) == ("out_of_stock", "PENDING", SUMMARY["lines"])
    assert "payment_token" not in data


def test_order_changes_without_a_status_change_publish_nothing():
    refunded = {**ORDER, "refunded": True, "history": [*ORDER["history"], {"status": "PENDING", "reason": "refunded"}]}
    assert order_events.events_for(ORDER, refunded) == []
    assert order_events.events_for(ORDER, None) == []  # a deleted order


@pytest.mark.parametrize("item", [
    {"pk": "CART#u1", "sk": "CART", "lines": {"book": 1}, "version": 1},
    {"pk": "PRODUCT#book", "sk": "PRODUCT", "product_id": "book", "price": 3899, "version": 1},
    {"pk": "USER#u1", "sk": "ADDRESS#a1", "address": ADDRESS},
])
def test_carts_and_copies_of_other_services_data_stay_private(item):
    assert order_events.events_for(None, item) == []
    assert order_events.events_for(item, {**item, "version": 2}) == []


# ---------------------------------------------------------------- products and stock

PRODUCT = {"id": "book", "name": "Release It!", "category": "books", "price": 3899, "currency": "EUR", "stock": 12,
           "version": 1, "description": "", "sort_name": "release it!#book", "updated_at": "t1"}
CATALOG_VIEW = {"id": "book", "name": "Release It!", "category": "books", "price": 3899, "currency": "EUR",
                "stock": 12, "version": 1}


def test_product_lifecycle_events_carry_the_catalog_fields():
    assert product_events.events_for(None, PRODUCT) == [("product.created", CATALOG_VIEW)]
    cheaper = {**PRODUCT, "price": 3499, "version": 2}
    assert product_events.events_for(PRODUCT, cheaper) == [("product.updated", {**CATALOG_VIEW, "price": 3499,
                                                                                "version": 2})]
    assert product_events.events_for(cheaper, None) == [("product.deleted", {**CATALOG_VIEW, "price": 3499,
                                                                             "version": 2})]


def test_a_product_change_outside_the_catalog_fields_publishes_nothing():
    assert product_events.events_for(PRODUCT, {**PRODUCT, "description": "new", "updated_at": "t2"}) == []


RESERVATION = {"id": "RESERVATION#o1", "order_id": "o1", "lines": [{"product_id": "book", "quantity": 2}]}


@pytest.mark.parametrize("status, event_type", [("RESERVED", "stock.reserved"), ("REJECTED", "stock.rejected"),
                                                ("RELEASED", "stock.released")])
def test_a_reservation_status_becomes_a_stock_event(status, event_type):
    [(published, data)] = product_events.events_for(None, {**RESERVATION, "status": status})
    assert published == event_type
    assert data == {"order_id": "o1", "lines": [{"product_id": "book", "quantity": 2}]}


def test_a_rejection_names_the_unavailable_products():
    rejected = {**RESERVATION, "status": "REJECTED", "unavailable": ["book"]}
    assert product_events.events_for(None, rejected)[0][1]["unavailable"] == ["book"]


def test_reservations_publish_nothing_when_cancelled_unchanged_or_deleted():
    reserved = {**RESERVATION, "status": "RESERVED"}
    assert product_events.events_for(None, {**RESERVATION, "status": "CANCELLED"}) == []
    assert product_events.events_for(reserved, {**reserved, "updated_at": "later"}) == []
    assert product_events.events_for(reserved, None) == []
    assert product_events.events_for(reserved, {**reserved, "status": "RELEASED"})[0][0] == "stock.released"


# ---------------------------------------------------------------- payments

PAYMENT = {"order_id": "o1", "record": "PAYMENT", "status": "WAITING", "amount": 7798, "currency": "EUR",
           "token": "tok_declined"}


@pytest.mark.parametrize("status, event_type", [("SUCCEEDED", "payment.succeeded"), ("REFUNDED", "payment.refunded")])
def test_a_decided_payment_becomes_a_payment_event(status, event_type):
    assert payment_events.events_for(PAYMENT, {**PAYMENT, "status": status}) == [
        (event_type, {"order_id": "o1", "amount": 7798, "currency": "EUR"})]


def test_a_failed_payment_gives_its_decline_reason_and_never_the_token():
    failed = {**PAYMENT, "status": "FAILED", "decline_reason": "card_declined"}
    [(event_type, data)] = payment_events.events_for(PAYMENT, failed)
    assert event_type == "payment.failed" and data["reason"] == "card_declined"
    assert "tok_declined" not in json.dumps(data)


def test_waiting_cancelled_unchanged_and_ledger_records_publish_nothing():
    succeeded = {**PAYMENT, "status": "SUCCEEDED"}
    assert payment_events.events_for(None, PAYMENT) == []
    assert payment_events.events_for(PAYMENT, {**PAYMENT, "status": "CANCELLED"}) == []
    assert payment_events.events_for(succeeded, {**succeeded, "updated_at": "later"}) == []
    assert payment_events.events_for(None, {"order_id": "o1", "record": "PROVIDER#CHARGE", "status": "SUCCEEDED"}) == []


# ---------------------------------------------------------------- shipments

SHIPMENT = {"shipment_id": "shp_o1", "order_id": "o1", "user_id": "u1", "status": "PENDING",
            "carrier": "Simulated Post", "tracking_number": "SP0123456789", "address": ADDRESS}
SHIPMENT_DATA = {"order_id": "o1", "shipment_id": "shp_o1", "carrier": "Simulated Post",
                 "tracking_number": "SP0123456789"}


def test_shipment_events_follow_its_status():
    shipped = {**SHIPMENT, "status": "SHIPPED"}
    assert shipment_events.events_for(None, SHIPMENT) == [("shipment.created", SHIPMENT_DATA)]
    assert shipment_events.events_for(SHIPMENT, shipped) == [("shipment.shipped", SHIPMENT_DATA)]
    assert shipment_events.events_for(shipped, {**shipped, "status": "DELIVERED"}) == [
        ("shipment.delivered", SHIPMENT_DATA)]
    assert shipment_events.events_for(SHIPMENT, {**SHIPMENT, "status": "CANCELLED"})[0][0] == "shipment.cancelled"


def test_shipment_changes_without_a_status_change_publish_nothing():
    assert shipment_events.events_for(SHIPMENT, {**SHIPMENT, "updated_at": "later"}) == []
    assert shipment_events.events_for(SHIPMENT, None) == []


# ---------------------------------------------------------------- users

STORED_ADDRESS = {"user_id": "u1", "record": "ADDRESS#a1", **ADDRESS, "label": "Home", "is_default": True,
                  "created_at": "t1"}


def test_a_saved_address_carries_only_the_address_fields():
    [(event_type, data)] = user_events.events_for(None, STORED_ADDRESS)
    assert event_type == "address.saved"
    assert data == {"user_id": "u1", "address_id": "a1", "address": {
        **ADDRESS, "label": "Home", "line2": None, "region": None, "phone": None}}
    assert user_events.events_for(STORED_ADDRESS, {**STORED_ADDRESS, "city": "Paris"})[0][1]["address"]["city"] == (
        "Paris")


def test_a_deleted_address_is_address_deleted_and_profiles_stay_private():
    assert user_events.events_for(STORED_ADDRESS, None) == [("address.deleted", {"user_id": "u1", "address_id": "a1"})]
    profile = {"user_id": "u1", "record": "PROFILE", "email": "ada@example.com"}
    assert user_events.events_for(None, profile) == []
    assert user_events.events_for(profile, {**profile, "name": "Ada"}) == []


# ---------------------------------------------------------------- envelopes from stream records

def test_the_sample_order_change_record_becomes_order_paid():
    record = json.loads((ROOT / "events" / "orders" / "order_change.json").read_text())
    [event] = change_events(record, order_events.events_for)
    assert (event.id, event.type, event.version) == ("c4ca4238a0b923820dcc509a6f75849b-0", "order.paid", 1)
    assert event.correlation_id == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    assert event.occurred_at.startswith("2026-11-27T12:00:00") and event.occurred_at.endswith("Z")
    assert event.data["previous_status"] == "PENDING" and event.data["total"] == 7798


def test_event_ids_derive_from_the_stream_record_so_a_republished_record_gives_the_same_ids():
    two_events = lambda old, new: [("thing.first", {"n": 1}), ("thing.second", {"n": 2})]  # noqa: E731
    record = stream_record("rec-42", None, {"id": "x"})
    first, again = change_events(record, two_events), change_events(record, two_events)
    assert [e.id for e in first] == ["rec-42-0", "rec-42-1"] == [e.id for e in again]
    assert [e.id for e in change_events(stream_record("rec-43", None, {"id": "x"}), two_events)] == [
        "rec-43-0", "rec-43-1"]


def test_the_correlation_id_comes_from_the_item_new_or_else_old():
    with_id = {**ORDER, "correlation_id": "req-1"}
    [created] = change_events(stream_record("r1", None, with_id), order_events.events_for)
    assert created.correlation_id == "req-1"
    deleted = change_events(stream_record("r2", {**STORED_ADDRESS, "correlation_id": "req-2"}, None),
                            user_events.events_for)
    assert deleted[0].correlation_id == "req-2"
    [paid] = change_events(stream_record("r3", with_id, {**ORDER, "status": "PAID", "correlation_id": "evt-9"}),
                           order_events.events_for)
    assert paid.correlation_id == "evt-9"  # the change's own, not the one the item had before


def test_stream_numbers_arrive_as_plain_integers():
    [created] = change_events(stream_record("r1", None, ORDER), order_events.events_for)
    assert created.data["total"] == 7798 and type(created.data["total"]) is int
    assert type(created.data["lines"][0]["quantity"]) is int


# ---------------------------------------------------------------- reading a queue message

def test_a_change_record_arrives_as_its_publishers_events_raw_or_wrapped_in_a_notification():
    record = stream_record("r1", ORDER, {**ORDER, "status": "PAID", "correlation_id": "c1", "updated_at": "t1"})
    raw = arrived(json.dumps(record), order_events.events_for)
    wrapped = arrived(json.dumps({"Type": "Notification", "MessageId": "sns-1", "Message": json.dumps(record)}),
                      order_events.events_for)
    assert raw == wrapped
    assert [(e.id, e.type, e.correlation_id) for e in raw] == [("r1-0", "order.paid", "c1")]


def test_a_change_that_means_nothing_arrives_as_no_events():
    cart = {"pk": "CART#u1", "sk": "CART", "version": 1}
    assert arrived(json.dumps(stream_record("r1", None, cart)), order_events.events_for) == []


def test_an_envelope_still_arrives_as_itself():
    message = envelope("order.paid", {"order_id": "o1"}, event_id="e1")
    [event] = arrived(json.dumps(message), order_events.events_for)
    assert (event.id, event.type, event.data) == ("e1", "order.paid", {"order_id": "o1"})
    assert event.correlation_id == "corr-1"


@pytest.mark.parametrize("body", [
    json.dumps(envelope("OrderPaid", {})),
    json.dumps({"type": "order.paid", "data": {}}),
    json.dumps({"Type": "Notification", "Message": json.dumps({"type": "order.paid"})}),
    json.dumps({"eventID": "r1", "dynamodb": {"NewImage": "not an image"}}),
])
def test_what_is_neither_a_change_nor_an_envelope_is_refused(body):
    with pytest.raises(ValueError):
        arrived(body, order_events.events_for)


def test_a_change_its_publishers_contract_cannot_describe_is_a_contract_error():
    broken = {**ORDER, "total": "a lot"}
    with pytest.raises(ContractError, match="total"):
        arrived(json.dumps(stream_record("r1", None, broken)), order_events.events_for)


def test_a_consumer_reads_the_events_of_the_one_service_that_publishes_its_types():
    assert publisher_events_for(["order.paid", "order.cancelled"]) is order_events.events_for
    assert publisher_events_for(["stock.reserved"]) is product_events.events_for
    with pytest.raises(ContractError, match="one publisher"):
        publisher_events_for(["order.paid", "stock.reserved"])
    with pytest.raises(ContractError, match="no such event type"):
        publisher_events_for(["order.teleported"])


def test_a_shipment_placeholder_for_an_order_cancelled_before_payment_publishes_nothing():
    placeholder = {"shipment_id": "shp_o1", "order_id": "o1", "status": "CANCELLED", "carrier": "Simulated Post",
                   "tracking_number": "SP1"}
    assert shipment_events.events_for(None, placeholder) == []


def test_a_stock_change_is_stock_changed_even_though_it_is_a_new_version():
    reserved = {**PRODUCT, "stock": 5, "version": 2}
    assert product_events.events_for(PRODUCT, reserved) == [("product.stock_changed", {**CATALOG_VIEW, "stock": 5,
                                                                                       "version": 2})]
    described = {**PRODUCT, "description": "new", "version": 2}  # the cache must still forget it
    assert product_events.events_for(PRODUCT, described)[0][0] == "product.updated"


def test_a_cancellation_request_is_order_cancel_requested_and_a_stopped_parcel_is_shipment_cancelled():
    paid = {**ORDER, "status": "PAID"}
    requested = {**paid, "cancel_requested_at": "2026-11-27T12:01:00.000Z"}
    assert order_events.events_for(paid, requested) == [("order.cancel_requested", {"order_id": "o1",
                                                                                     "user_id": "u1"})]
    assert order_events.events_for(requested, {**requested, "refunded": True}) == []
    shipment = {"order_id": "o1", "shipment_id": "shp_o1", "carrier": "c", "tracking_number": "t"}
    [(event_type, data)] = shipment_events.events_for(None, {**shipment, "status": "CANCELLED",
                                                             "cancel_reason": "customer"})
    assert (event_type, data["reason"]) == ("shipment.cancelled", "customer")
    [(event_type, _)] = shipment_events.events_for({**shipment, "status": "PENDING"},
                                                   {**shipment, "status": "CANCELLED", "cancel_reason": "customer"})
    assert event_type == "shipment.cancelled"


def test_a_deletion_is_stamped_with_the_streams_time_the_same_for_every_consumer_and_redelivery():
    record = stream_record("r9", STORED_ADDRESS, None)  # ApproximateCreationDateTime 1795780800
    first, again = change_events(record, user_events.events_for), change_events(record, user_events.events_for)
    assert first[0].occurred_at == again[0].occurred_at == "2026-11-27T12:00:00.000Z"
