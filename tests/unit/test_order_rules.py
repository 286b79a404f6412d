"""Plain rules, no AWS: the status lifecycles of orders and shipments, and pricing."""

from dataclasses import dataclass

import pytest

from shop.lifecycle import Decision, KeptChanging, Lifecycle
from tests.unit.conftest import service_module

order_status = service_module("orders", "order_status")
CANCELLED = order_status.CANCELLED
DELIVERED = order_status.DELIVERED
PAID = order_status.PAID
PENDING = order_status.PENDING
SHIPPED = order_status.SHIPPED
pricing = service_module("orders", "pricing")
CatalogPrice = pricing.CatalogPrice
PricedLine = pricing.PricedLine
PricingError = pricing.PricingError
QuantityError = pricing.QuantityError
merge_lines = pricing.merge_lines
price_lines = pricing.price_lines
shipment_table = service_module("shipping", "shipment_table")
SHIPMENT_LIFECYCLE = shipment_table.SHIPMENT_LIFECYCLE

APPLY, ALREADY, TOO_EARLY, ILLEGAL = Decision.APPLY, Decision.ALREADY, Decision.TOO_EARLY, Decision.ILLEGAL

# Every (current, target) pair of the order state machine and what it decides.
ORDER_DECISIONS = {
    (PENDING, PENDING): ALREADY, (PENDING, PAID): APPLY, (PENDING, SHIPPED): TOO_EARLY,
    (PENDING, DELIVERED): TOO_EARLY, (PENDING, CANCELLED): APPLY,
    (PAID, PENDING): ALREADY, (PAID, PAID): ALREADY, (PAID, SHIPPED): APPLY,
    (PAID, DELIVERED): TOO_EARLY, (PAID, CANCELLED): APPLY,
    (SHIPPED, PENDING): ALREADY, (SHIPPED, PAID): ALREADY, (SHIPPED, SHIPPED): ALREADY,
    (SHIPPED, DELIVERED): APPLY, (SHIPPED, CANCELLED): ILLEGAL,
    (DELIVERED, PENDING): ALREADY, (DELIVERED, PAID): ALREADY, (DELIVERED, SHIPPED): ALREADY,
    (DELIVERED, DELIVERED): ALREADY, (DELIVERED, CANCELLED): ILLEGAL,
    (CANCELLED, PENDING): ILLEGAL, (CANCELLED, PAID): ILLEGAL, (CANCELLED, SHIPPED): ILLEGAL,
    (CANCELLED, DELIVERED): ILLEGAL, (CANCELLED, CANCELLED): ALREADY,
}


def test_the_order_table_covers_every_pair_of_statuses():
    assert set(ORDER_DECISIONS) == {(a, b) for a in order_status.STATUSES for b in order_status.STATUSES}


@pytest.mark.parametrize("current, target", list(ORDER_DECISIONS))
def test_order_status_decisions(current, target):
    assert order_status.decide(current, target) is ORDER_DECISIONS[(current, target)]


@pytest.mark.parametrize("current, target, decision", [
    ("PENDING", "SHIPPED", APPLY), ("SHIPPED", "DELIVERED", APPLY), ("PENDING", "DELIVERED", TOO_EARLY),
    ("DELIVERED", "SHIPPED", ALREADY), ("SHIPPED", "SHIPPED", ALREADY),
    ("PENDING", "CANCELLED", APPLY), ("SHIPPED", "CANCELLED", ILLEGAL), ("CANCELLED", "SHIPPED", ILLEGAL),
    ("CANCELLED", "CANCELLED", ALREADY),
])
def test_shipment_status_decisions(current, target, decision):
    assert SHIPMENT_LIFECYCLE.decide(current, target) is decision


def test_a_generic_lifecycle_may_only_be_cancelled_from_the_statuses_it_names():
    lifecycle = Lifecycle(steps=("A", "B", "C"), cancelled="X", cancellable=("B",))
    assert lifecycle.decide("A", "X") is ILLEGAL
    assert lifecycle.decide("B", "X") is APPLY
    assert lifecycle.decide("C", "A") is ALREADY


@pytest.mark.parametrize("current, target", [("PENDING", "LOST"), ("LOST", "PAID"), ("paid", "SHIPPED")])
def test_an_unknown_status_is_an_error_not_a_decision(current, target):
    with pytest.raises(ValueError, match="unknown status"):
        order_status.decide(current, target)


# ---------------------------------------------------------------- pricing

CATALOG = {
    "book": CatalogPrice("book", "Release It!", 3899, "EUR"),
    "mug": CatalogPrice("mug", "Mug", 1250, "EUR"),
    "hat": CatalogPrice("hat", "Hat", 2000, "USD"),
}


def test_merge_lines_adds_quantities_of_the_same_product_keeping_first_seen_order():
    assert merge_lines([("mug", 1), ("book", 2), ("mug", 3)]) == [("mug", 4), ("book", 2)]
    assert merge_lines([]) == []


def test_price_lines_totals_in_integer_minor_units_from_the_catalog():
    priced, total, currency = price_lines([("book", 2), ("mug", 3)], CATALOG)
    assert priced == [PricedLine("book", "Release It!", 2, 3899, 7798), PricedLine("mug", "Mug", 3, 1250, 3750)]
    assert (total, currency) == (11548, "EUR")
    assert isinstance(total, int) and all(isinstance(line.line_total, int) for line in priced)


def test_price_lines_names_every_unknown_product():
    with pytest.raises(PricingError) as error:
        price_lines([("ghost", 1), ("book", 1), ("phantom", 2)], CATALOG)
    assert error.value.unknown == ["ghost", "phantom"]


def test_price_lines_refuses_more_than_one_currency():
    with pytest.raises(PricingError, match="EUR, USD") as error:
        price_lines([("book", 1), ("hat", 1)], CATALOG)
    assert error.value.unknown == []


def test_merged_lines_may_not_exceed_the_per_product_maximum():
    assert merge_lines([("p1", 60), ("p1", 39)]) == [("p1", 99)]
    with pytest.raises(QuantityError, match="at most 99"):
        merge_lines([("p1", 60), ("p1", 40)])


@dataclass
class Thing:
    status: str


def test_a_change_that_loses_a_race_is_decided_again_on_what_won_it():
    life = Lifecycle(steps=("NEW", "SENT", "DONE"), cancelled="CANCELLED", cancellable=("NEW",))
    stored = Thing("NEW")
    writes = []

    def write(seen: Thing) -> bool:
        writes.append(seen.status)
        if len(writes) == 1:  # a cancel got there first
            stored.status = "CANCELLED"
            return False
        return True

    decision, thing = life.change(lambda: Thing(stored.status), write, "SENT")
    assert (decision, thing.status, writes) == (Decision.ILLEGAL, "CANCELLED", ["NEW"])


def test_a_change_that_always_loses_gives_up_to_be_retried_and_a_missing_record_is_illegal():
    life = Lifecycle(steps=("NEW", "SENT"), cancelled="CANCELLED", cancellable=("NEW",))
    with pytest.raises(KeptChanging):
        life.change(lambda: Thing("NEW"), lambda _: False, "SENT")
    assert life.change(lambda: None, lambda _: True, "SENT") == (Decision.ILLEGAL, None)
