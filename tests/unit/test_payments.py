"""Payments against moto: charged once both the order and its stock arrived (in either order),
exactly once, never after a cancellation, refunded once after one; and the payment route."""

import json

import pytest

from tests.unit.conftest import ADMIN, CUSTOMER, api_event, call, consume, envelope, handler_module, service_module

payment_table = service_module("payments", "payment_table")
payment_provider = service_module("payments", "payment_provider")
ProviderUnavailable = payment_provider.ProviderUnavailable
simulated_payments = service_module("payments", "simulated_payments")
LedgerEntry = simulated_payments.LedgerEntry
SimulatedProvider = simulated_payments.SimulatedProvider

on_payment_requested = handler_module("payments", "on_payment_requested")
on_stock_reserved = handler_module("payments", "on_stock_reserved")
on_order_cancelled = handler_module("payments", "on_order_cancelled")
get_payment = handler_module("payments", "get_payment")

provider = SimulatedProvider()
OTHER = {"sub": "other-sub", "email": "other@example.com"}


def payment_requested(order_id: str = "o1", token: str = "tok_ok") -> dict:
    return envelope("order.payment_requested", {
        "order_id": order_id, "user_id": CUSTOMER["sub"], "total": 7798, "currency": "EUR", "payment_token": token,
    })


def stock_reserved(order_id: str = "o1") -> dict:
    return envelope("stock.reserved", {"order_id": order_id, "lines": [{"product_id": "book", "quantity": 2}]})


def order_cancelled(order_id: str = "o1") -> dict:
    return envelope("order.cancelled", {"order_id": order_id, "user_id": CUSTOMER["sub"], "status": "CANCELLED",
                                        "previous_status": "PENDING", "lines": [], "total": 7798, "currency": "EUR",
                                        "reason": "customer"})


def ledger(order_id: str = "o1") -> list[str]:
    """The provider's ledger entries of an order (charges, refunds, attempts)."""
    return sorted(entry.record for entry in LedgerEntry.query(order_id, LedgerEntry.record.startswith("PROVIDER#")))


def note_order(order_id: str = "o1", token: str = "tok_ok") -> None:
    payment_table.note_order(order_id, CUSTOMER["sub"], 7798, "EUR", token)


# ---------------------------------------------------------------- charging

def test_the_order_alone_is_not_charged(payments_table):
    assert consume(on_payment_requested, payment_requested()) == []
    assert payment_table.find_payment("o1").status == "WAITING" and ledger() == []


def test_the_stock_alone_is_not_charged(payments_table):
    assert consume(on_stock_reserved, stock_reserved()) == []
    assert payment_table.find_payment("o1").status == "WAITING" and ledger() == []


@pytest.mark.parametrize("arrivals", [("order", "stock"), ("stock", "order")])
def test_the_order_is_charged_once_both_halves_arrived_in_either_order(payments_table, arrivals):
    deliveries = {"order": (on_payment_requested, payment_requested()), "stock": (on_stock_reserved, stock_reserved())}
    for half in arrivals:
        consumer, message = deliveries[half]
        assert consume(consumer, message) == []
    payment = payment_table.find_payment("o1")
    assert (payment.status, int(payment.amount), payment.currency) == ("SUCCEEDED", 7798, "EUR")
    assert payment.charge_id.startswith("ch_") and payment_table.token_of(payment.order_id) is None
    assert ledger() == ["PROVIDER#CHARGE"]


def test_a_declined_token_fails_the_payment(payments_table):
    note_order(token="tok_declined")
    payment_table.note_stock_reserved("o1")
    assert payment_table.settle("o1", provider) == "FAILED"
    payment = payment_table.find_payment("o1")
    assert (payment.decline_reason, payment.charge_id) == ("card_declined", None)
    assert payment_table.token_of(payment.order_id) is None


def test_an_unknown_token_is_declined_as_invalid(payments_table):
    note_order(token="tok_made_up")
    payment_table.note_stock_reserved("o1")
    assert payment_table.settle("o1", provider) == "FAILED"
    assert payment_table.find_payment("o1").decline_reason == "invalid_token"


def test_a_transient_provider_failure_is_raised_and_the_retry_succeeds(payments_table):
    note_order(token="tok_transient")
    payment_table.note_stock_reserved("o1")
    with pytest.raises(ProviderUnavailable):
        payment_table.settle("o1", provider)
    assert payment_table.find_payment("o1").status == "WAITING"
    assert payment_table.settle("o1", provider) == "SUCCEEDED"
    assert "PROVIDER#CHARGE" in ledger()


def test_a_transient_failure_in_the_consumer_fails_the_message_for_a_retry(payments_table):
    note_order("o1", token="tok_transient")
    note_order("o2")
    assert consume(on_stock_reserved, stock_reserved("o1"), stock_reserved("o2")) == ["m0"]
    assert [payment_table.find_payment(o).status for o in ("o1", "o2")] == ["WAITING", "SUCCEEDED"]
    assert consume(on_stock_reserved, stock_reserved("o1")) == []
    assert payment_table.find_payment("o1").status == "SUCCEEDED"


def test_one_charge_however_often_settle_runs_or_events_are_redelivered(payments_table):
    consume(on_payment_requested, payment_requested())
    consume(on_stock_reserved, stock_reserved())
    charge_id = payment_table.find_payment("o1").charge_id
    for _ in range(3):
        assert payment_table.settle("o1", provider) == "SUCCEEDED"
        consume(on_stock_reserved, stock_reserved())
        consume(on_payment_requested, payment_requested())
    assert payment_table.find_payment("o1").charge_id == charge_id
    assert ledger() == ["PROVIDER#CHARGE"]


def test_the_provider_itself_charges_an_order_once(payments_table):
    first = provider.charge("o1", 7798, "EUR", "tok_ok")
    again = provider.charge("o1", 7798, "EUR", "tok_ok")
    assert first.approved and again == first


# ---------------------------------------------------------------- cancelling

def test_cancelled_before_the_charge_is_never_charged(payments_table):
    consume(on_payment_requested, payment_requested())
    assert consume(on_order_cancelled, order_cancelled()) == []
    consume(on_stock_reserved, stock_reserved())
    assert payment_table.settle("o1", provider) == "CANCELLED"
    assert payment_table.find_payment("o1").status == "CANCELLED" and ledger() == []


def test_cancelled_before_anything_arrived_is_never_charged(payments_table):
    assert consume(on_order_cancelled, order_cancelled()) == []
    consume(on_payment_requested, payment_requested())
    consume(on_stock_reserved, stock_reserved())
    assert payment_table.find_payment("o1").status == "CANCELLED" and ledger() == []


def test_cancelled_after_the_charge_is_refunded_once(payments_table):
    consume(on_payment_requested, payment_requested())
    consume(on_stock_reserved, stock_reserved())
    assert consume(on_order_cancelled, order_cancelled()) == []
    refund_id = payment_table.find_payment("o1").refund_id
    assert consume(on_order_cancelled, order_cancelled()) == []
    payment = payment_table.find_payment("o1")
    assert (payment.status, payment.refund_id) == ("REFUNDED", refund_id) and refund_id.startswith("re_")
    assert ledger() == ["PROVIDER#CHARGE", "PROVIDER#REFUND"]


class CancelledDuringTheCharge(SimulatedProvider):
    """The order.cancelled consumer runs while the provider is charging."""

    def charge(self, order_id, amount, currency, token):
        result = super().charge(order_id, amount, currency, token)
        assert payment_table.cancel(order_id, provider) == "CANCELLED"
        return result


def test_an_order_cancelled_while_it_is_being_charged_is_refunded(payments_table):
    note_order()
    payment_table.note_stock_reserved("o1")
    assert payment_table.settle("o1", CancelledDuringTheCharge()) == "REFUNDED"
    payment = payment_table.find_payment("o1")
    assert payment.charge_id.startswith("ch_") and payment.refund_id.startswith("re_")
    assert ledger() == ["PROVIDER#CHARGE", "PROVIDER#REFUND"]


def test_a_failed_payment_is_not_refunded(payments_table):
    note_order(token="tok_declined")
    payment_table.note_stock_reserved("o1")
    payment_table.settle("o1", provider)
    assert payment_table.cancel("o1", provider) == "FAILED"
    assert ledger() == ["PROVIDER#CHARGE"]


def test_the_token_is_not_kept_once_the_payment_is_decided_even_if_the_order_is_redelivered(payments_table):
    consume(on_payment_requested, payment_requested())
    consume(on_stock_reserved, stock_reserved())
    consume(on_payment_requested, payment_requested())
    assert payment_table.token_of("o1") is None

    consume(on_order_cancelled, order_cancelled("o2"))
    consume(on_payment_requested, payment_requested("o2"))
    assert payment_table.token_of("o2") is None


# ---------------------------------------------------------------- GET /v1/orders/{order_id}/payment

def read(order_id: str = "o1", claims=CUSTOMER) -> tuple[int, dict]:
    return call(get_payment, api_event("payments/get_payment", path_params={"order_id": order_id}, claims=claims))


def test_the_owner_sees_status_and_amount_but_never_the_token(payments_table):
    note_order(token="tok_ok")
    status, body = read()
    assert status == 200
    assert (body["status"], body["amount"], body["currency"], body["refunded"]) == ("WAITING", 7798, "EUR", False)
    assert "token" not in body and "tok_ok" not in json.dumps(body)

    payment_table.note_stock_reserved("o1")
    payment_table.settle("o1", provider)
    body = read()[1]
    assert body["status"] == "SUCCEEDED" and body["charge_id"].startswith("ch_")


def test_a_refunded_payment_says_so(payments_table):
    note_order()
    payment_table.note_stock_reserved("o1")
    payment_table.settle("o1", provider)
    payment_table.cancel("o1", provider)
    assert read()[1]["status"] == "REFUNDED" and read()[1]["refunded"] is True


def test_another_users_payment_is_404_but_an_admin_may_read_it(payments_table):
    note_order()
    status, body = read(claims=OTHER)
    assert (status, body["code"]) == (404, "not_found")
    assert read(claims=ADMIN)[0] == 200
    assert read("ghost")[0] == 404


def test_a_payment_whose_order_has_not_arrived_is_404(payments_table):
    payment_table.note_stock_reserved("o1")
    assert read()[0] == 404


def test_a_payment_waiting_since_before_the_token_had_its_own_item_is_charged_with_its_old_token(payments_table):
    """A stack updated while a payment waited for its stock: its token is still on the payment."""
    payment_table.PaymentRecord("o1", "PAYMENT", status="WAITING", user_id=CUSTOMER["sub"], amount=7798,
                                currency="EUR", legacy_token="tok_ok", order_known=True).save()
    consume(on_stock_reserved, stock_reserved())
    payment = payment_table.find_payment("o1")
    assert payment.status == "SUCCEEDED" and payment.legacy_token is None
    assert payment_table.token_of("o1") is None
