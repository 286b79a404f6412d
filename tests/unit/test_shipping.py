"""Shipping against moto: one shipment per paid order, advanced by an admin step by step, cancelled
with its order only before it left, visible to its owner only."""

import boto3
import pytest

from tests.unit.conftest import ADMIN, CUSTOMER, api_event, call, consume, envelope, handler_module, service_module

shipment_table = service_module("shipping", "shipment_table")

on_order_paid = handler_module("shipping", "on_order_paid")
on_order_cancelled = handler_module("shipping", "on_order_cancelled")
update_shipment = handler_module("shipping", "update_shipment")
get_shipment = handler_module("shipping", "get_shipment")

OTHER = {"sub": "other-sub", "email": "other@example.com"}
ADDRESS = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
           "country": "GB"}


def order_paid(order_id: str = "o1") -> dict:
    return envelope("order.paid", {"order_id": order_id, "user_id": CUSTOMER["sub"], "status": "PAID", "lines": [],
                                   "total": 7798, "currency": "EUR", "previous_status": "PENDING",
                                   "shipping_address": ADDRESS})


def order_cancelled(order_id: str = "o1") -> dict:
    return envelope("order.cancelled", {"order_id": order_id, "user_id": CUSTOMER["sub"], "status": "CANCELLED",
                                        "lines": [], "total": 7798, "currency": "EUR", "previous_status": "PAID",
                                        "reason": "customer"})


def shipment(order_id: str = "o1") -> shipment_table.ShipmentRecord | None:
    return shipment_table.find_shipment(shipment_table.shipment_id_for(order_id))


def advance(status: str, shipment_id: str = "shp_o1", claims=ADMIN) -> tuple[int, dict]:
    return call(update_shipment, api_event("shipping/update_shipment", path_params={"shipment_id": shipment_id},
                                           body={"status": status}, claims=claims))


@pytest.fixture
def paid(shipments_table):
    """A paid order o1 whose shipment was arranged."""
    assert consume(on_order_paid, order_paid()) == []


# ---------------------------------------------------------------- arranging

def test_a_paid_order_gets_one_pending_shipment_with_a_tracking_number(shipments_table):
    assert consume(on_order_paid, order_paid()) == []
    created = shipment()
    assert (created.shipment_id, created.status, created.user_id) == ("shp_o1", "PENDING", CUSTOMER["sub"])
    assert created.tracking_number.startswith("SP") and len(created.tracking_number) == 12
    assert created.address.as_dict() == ADDRESS


def test_a_redelivered_order_paid_finds_the_same_shipment(paid):
    first = shipment()
    assert consume(on_order_paid, order_paid()) == []
    again = shipment()
    assert (again.shipment_id, again.tracking_number, again.created_at) == (
        first.shipment_id, first.tracking_number, first.created_at)
    assert boto3.client("dynamodb").scan(TableName=shipment_table.ShipmentRecord.Meta.table_name)["Count"] == 1


def test_each_order_has_its_own_tracking_number(shipments_table):
    consume(on_order_paid, order_paid("o1"), order_paid("o2"))
    assert shipment("o1").tracking_number != shipment("o2").tracking_number


# ---------------------------------------------------------------- PATCH /v1/shipments/{shipment_id} (admin)

def test_an_admin_ships_then_delivers(paid):
    status, shipped = advance("SHIPPED")
    assert status == 200 and shipped["status"] == "SHIPPED"
    status, delivered = advance("DELIVERED")
    assert status == 200 and delivered["status"] == "DELIVERED"
    assert [h["status"] for h in delivered["history"]] == ["PENDING", "SHIPPED", "DELIVERED"]
    assert "address" not in delivered


def test_delivering_a_shipment_that_was_not_shipped_is_409(paid):
    status, body = advance("DELIVERED")
    assert (status, body["code"]) == (409, "invalid_transition")
    assert shipment().status == "PENDING"


def test_going_backwards_is_409(paid):
    advance("SHIPPED")
    advance("DELIVERED")
    status, body = advance("SHIPPED")
    assert (status, body["code"]) == (409, "invalid_transition")
    assert shipment().status == "DELIVERED"


def test_the_same_status_again_is_200_and_changes_nothing(paid):
    _, shipped = advance("SHIPPED")
    assert advance("SHIPPED") == (200, shipped)
    assert len(shipment().history) == 2


def test_a_cancelled_shipment_cannot_be_shipped(paid):
    consume(on_order_cancelled, order_cancelled())
    status, body = advance("SHIPPED")
    assert (status, body["code"]) == (409, "invalid_transition")


@pytest.mark.parametrize("status", ["PENDING", "CANCELLED", "shipped"])
def test_only_shipped_and_delivered_may_be_asked_for(paid, status):
    assert advance(status)[0] == 422
    assert shipment().status == "PENDING"


def test_updating_shipments_is_for_admins_only(paid):
    assert advance("SHIPPED", claims=CUSTOMER)[0] == 403
    assert advance("SHIPPED", claims={})[0] == 401
    assert shipment().status == "PENDING"


def test_an_unknown_shipment_is_404(shipments_table):
    status, body = advance("SHIPPED", shipment_id="shp_ghost")
    assert (status, body["code"]) == (404, "not_found")


# ---------------------------------------------------------------- order.cancelled

def test_a_cancelled_order_cancels_its_pending_shipment(paid):
    assert consume(on_order_cancelled, order_cancelled()) == []
    assert shipment().status == "CANCELLED"
    assert consume(on_order_cancelled, order_cancelled()) == []
    assert [h.status for h in shipment().history] == ["PENDING", "CANCELLED"]


def test_a_shipment_that_left_is_not_cancelled(paid):
    advance("SHIPPED")
    assert consume(on_order_cancelled, order_cancelled()) == []
    assert shipment().status == "SHIPPED"


def test_a_cancellation_that_arrives_before_the_payment_means_nothing_ever_ships(shipments_table):
    assert consume(on_order_cancelled, order_cancelled("never-paid")) == []
    assert shipment("never-paid").status == "CANCELLED"
    assert consume(on_order_paid, order_paid("never-paid")) == []  # a late order.paid
    assert shipment("never-paid").status == "CANCELLED"


# ---------------------------------------------------------------- GET /v1/orders/{order_id}/shipment

def read(order_id: str = "o1", claims=CUSTOMER) -> tuple[int, dict]:
    return call(get_shipment, api_event("shipping/get_shipment", path_params={"order_id": order_id}, claims=claims))


def test_the_owner_reads_the_shipment_of_an_order(paid):
    status, body = read()
    assert status == 200
    assert (body["id"], body["order_id"], body["status"], body["carrier"]) == ("shp_o1", "o1", "PENDING",
                                                                               "Simulated Post")
    assert body["tracking_number"] == shipment().tracking_number and "address" not in body


def test_another_users_shipment_is_404(paid):
    status, body = read(claims=OTHER)
    assert (status, body["code"]) == (404, "not_found")
    assert read(claims=ADMIN)[0] == 200
    assert read("unpaid")[0] == 404


def test_a_cancellation_that_arrives_after_the_parcel_left_changes_nothing_and_is_flagged(paid, caplog):
    shipment_id = shipment("o1").shipment_id
    assert call(update_shipment, api_event("shipping/update_shipment", path_params={"shipment_id": shipment_id},
                                           body={"status": "SHIPPED"}, claims=ADMIN))[0] == 200
    assert consume(on_order_cancelled, order_cancelled("o1")) == []
    assert shipment("o1").status == "SHIPPED"
    assert "order cancelled after its shipment left" in caplog.text


# ---------------------------------------------------------------- a customer's request to cancel a paid order

on_order_cancel_requested = handler_module("shipping", "on_order_cancel_requested")


def cancel_requested(order_id: str = "o1") -> dict:
    return envelope("order.cancel_requested", {"order_id": order_id, "user_id": CUSTOMER["sub"]})


def test_a_cancellation_request_stops_a_parcel_that_has_not_left(paid):
    assert consume(on_order_cancel_requested, cancel_requested()) == []
    assert (shipment().status, shipment().cancel_reason) == ("CANCELLED", "customer")
    status, body = advance("SHIPPED")  # the admin comes too late: the decision was the shipment's
    assert (status, body["code"]) == (409, "invalid_transition")


def test_a_cancellation_request_after_the_parcel_left_changes_nothing(paid):
    assert advance("SHIPPED")[0] == 200
    assert consume(on_order_cancel_requested, cancel_requested()) == []
    assert shipment().status == "SHIPPED"


def test_a_cancellation_request_before_order_paid_means_nothing_ever_ships(shipments_table):
    assert consume(on_order_cancel_requested, cancel_requested()) == []
    assert consume(on_order_paid, order_paid()) == []
    assert shipment().status == "CANCELLED"


def test_a_redelivered_cancellation_request_changes_nothing(paid):
    consume(on_order_cancel_requested, cancel_requested())
    history = [h.status for h in shipment().history]
    assert consume(on_order_cancel_requested, cancel_requested()) == []
    assert [h.status for h in shipment().history] == history == ["PENDING", "CANCELLED"]
