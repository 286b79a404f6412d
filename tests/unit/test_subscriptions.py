"""The subscriptions' filters (template.yaml, Mappings Consumers), evaluated by moto's SNS filter
matcher on change records of every kind each table writes: a filter lets through every change
its consumer has an event in (nothing is lost), as few others as it can (each wasted delivery is
an invocation), and the payment token reaches the payment service alone."""

import json

import pytest
from moto.sns.utils import FilterPolicyMatcher

from shop.contracts import orders, payments, products, shipping, users
from tests.template import template
from tests.unit.conftest import stream_record

CONSUMERS = template()["Mappings"]["Consumers"]
TOPICS = {"OrdersTopic": (orders, ("pk", "sk")), "PaymentsTopic": (payments, ("order_id", "record")),
          "ProductsTopic": (products, ("id",)), "ShippingTopic": (shipping, ("shipment_id",)),
          "UsersTopic": (users, ("user_id", "record"))}

ADDRESS = {"recipient": "Ada", "line1": "1 Square", "city": "London", "postal_code": "N1", "country": "GB"}
ORDER = {"pk": "ORDER#o1", "sk": "ORDER", "order_id": "o1", "customer_id": "u1", "status": "PENDING",
         "lines": [{"product_id": "p1", "quantity": 1, "unit_price": 999}], "total": 999, "currency": "EUR",
         "shipping_address": ADDRESS, "version": 1}
REQUEST = {"pk": "ORDER#o1", "sk": "PAYMENT_REQUEST", "order_id": "o1", "customer_id": "u1", "total": 999,
           "currency": "EUR", "payment_token": "tok_ok", "expires_at": 1}
CART = {"pk": "CART#u1", "sk": "CART", "lines": {"p1": 1}, "version": 1}
PAYMENT = {"order_id": "o1", "record": "PAYMENT", "status": "WAITING", "amount": 999, "currency": "EUR"}
TOKEN = {"order_id": "o1", "record": "TOKEN", "token": "tok_ok", "expires_at": 1}
PRODUCT = {"id": "0f1e2d3c-0000-4000-8000-000000000001", "name": "Mug", "category": "mugs", "price": 999,
           "currency": "EUR", "stock": 5, "version": 1, "change": "catalog"}
RESERVATION = {"id": "RESERVATION#o1", "order_id": "o1", "status": "RESERVED",
               "lines": [{"product_id": PRODUCT["id"], "quantity": 1}]}
SHIPMENT = {"shipment_id": "shp_o1", "order_id": "o1", "status": "PENDING", "carrier": "Post", "tracking_number": "T1"}
ADDRESS_ITEM = {"user_id": "u1", "record": "ADDRESS#a1", **ADDRESS}

# Every kind of change each table sees: (name, old image, new image).
CHANGES = {
    "OrdersTopic": [
        ("order placed", None, ORDER),
        ("payment request written", None, REQUEST),
        ("payment request expired", REQUEST, None),
        ("order paid", ORDER, {**ORDER, "status": "PAID"}),
        ("order shipped", {**ORDER, "status": "PAID"}, {**ORDER, "status": "SHIPPED"}),
        ("order delivered", {**ORDER, "status": "SHIPPED"}, {**ORDER, "status": "DELIVERED"}),
        ("pending order cancelled", ORDER, {**ORDER, "status": "CANCELLED", "cancel_reason": "customer"}),
        ("paid order cancelled", {**ORDER, "status": "PAID"}, {**ORDER, "status": "CANCELLED"}),
        ("cancellation requested", {**ORDER, "status": "PAID"},
         {**ORDER, "status": "PAID", "cancel_requested_at": "t"}),
        ("cancelled order refunded", {**ORDER, "status": "CANCELLED"},
         {**ORDER, "status": "CANCELLED", "refunded": True}),
        ("cart written", None, CART),
        ("cart changed", CART, {**CART, "version": 2}),
        ("cart checked out", CART, None),
        ("price copied", None, {"pk": "PRODUCT#p1", "sk": "PRODUCT", "price": 999}),
        ("address copied", None, {"pk": "USER#u1", "sk": "ADDRESS#a1", "address": ADDRESS}),
    ],
    "PaymentsTopic": [
        ("payment waiting", None, PAYMENT),
        ("payment succeeded", PAYMENT, {**PAYMENT, "status": "SUCCEEDED", "charge_id": "ch_1"}),
        ("payment failed", PAYMENT, {**PAYMENT, "status": "FAILED", "decline_reason": "card_declined"}),
        ("payment refunded", {**PAYMENT, "status": "SUCCEEDED"}, {**PAYMENT, "status": "REFUNDED"}),
        ("payment cancelled", PAYMENT, {**PAYMENT, "status": "CANCELLED"}),
        ("token kept", None, TOKEN),
        ("token forgotten", TOKEN, None),
        ("ledger entry", None, {"order_id": "o1", "record": "PROVIDER#CHARGE", "status": "SUCCEEDED"}),
    ],
    "ProductsTopic": [
        ("product created", None, PRODUCT),
        ("product repriced", PRODUCT, {**PRODUCT, "price": 899, "version": 2}),
        ("stock reserved from a product", PRODUCT, {**PRODUCT, "stock": 4, "version": 2, "change": "stock"}),
        ("product deleted", PRODUCT, None),
        ("product from before `change` deleted", {k: v for k, v in PRODUCT.items() if k != "change"}, None),
        ("product imported", None, {**PRODUCT, "import_batch": "IMPORT#i1#1", "change": "import"}),
        ("imported product re-imported", {**PRODUCT, "import_batch": "IMPORT#i1#1", "change": "import"},
         {**PRODUCT, "import_batch": "IMPORT#i2#1", "change": "import", "price": 1, "version": 2}),
        ("import batch", None, {"id": "IMPORT#i1#1", "import_id": "i1", "products": [
            {k: PRODUCT[k] for k in products.CATALOG_FIELDS}]}),
        ("stock reserved", None, RESERVATION),
        ("stock rejected", None, {**RESERVATION, "status": "REJECTED", "unavailable": [PRODUCT["id"]]}),
        ("stock released", RESERVATION, {**RESERVATION, "status": "RELEASED"}),
        ("word item", None, {"id": "WORD#mug#0f1e", "word": "mug"}),
        ("sku pointer", None, {"id": "SKU#M-1", "product_id": PRODUCT["id"]}),
        ("shard directory", {"id": "SHARDS#"}, {"id": "SHARDS#", "shards": ["mu"]}),
    ],
    "ShippingTopic": [
        ("shipment created", None, SHIPMENT),
        ("shipment shipped", SHIPMENT, {**SHIPMENT, "status": "SHIPPED"}),
        ("shipment delivered", {**SHIPMENT, "status": "SHIPPED"}, {**SHIPMENT, "status": "DELIVERED"}),
        ("parcel stopped", SHIPMENT, {**SHIPMENT, "status": "CANCELLED", "cancel_reason": "customer"}),
        ("placeholder for an unpaid cancelled order", None, {**SHIPMENT, "status": "CANCELLED"}),
    ],
    "UsersTopic": [
        ("address saved", None, ADDRESS_ITEM),
        ("address changed", ADDRESS_ITEM, {**ADDRESS_ITEM, "city": "Paris"}),
        ("address deleted", ADDRESS_ITEM, None),
        ("profile written", None, {"user_id": "u1", "record": "PROFILE", "email": "ada@example.com"}),
    ],
}

# Deliveries a filter on the record cannot avoid (the consumer drops them: no event it accepts).
WASTED = {
    # The shipment an unpaid order's cancellation leaves is CANCELLED from its first write, as a
    # stopped parcel is after its last; nobody waits for it.
    ("OrdersOnShipmentProgress", "placeholder for an unpaid cancelled order"),
}


def _matches(consumer: str, record: dict) -> bool:
    policy = json.loads(CONSUMERS[consumer]["Changes"])
    # moto reads the members of a top-level "$or" as attribute policies; SNS reads them as the
    # policy's alternatives, which is what this expansion asks moto one at a time.
    alternatives = [{**policy, **member} for member in policy.pop("$or")] if "$or" in policy else [policy]
    return any(FilterPolicyMatcher(alternative, "MessageBody").matches(None, json.dumps(record))
               for alternative in alternatives)


def _deliveries():
    for consumer, row in CONSUMERS.items():
        module, keys = TOPICS[row["Topic"]]
        for n, (change, old, new) in enumerate(CHANGES[row["Topic"]]):
            record = stream_record(f"r{n}", old, new, keys=keys)
            types = {event_type for event_type, _ in module.events_for(old, new)}
            yield consumer, change, record, types & set(row["Types"])


@pytest.mark.parametrize("consumer, change, record, wanted",
                         [d for d in _deliveries() if d[3]], ids=lambda v: v if isinstance(v, str) else "")
def test_a_change_a_consumer_has_an_event_in_reaches_it(consumer, change, record, wanted):
    assert _matches(consumer, record), f"{consumer} would never see {change} ({', '.join(sorted(wanted))})"


def test_every_accepted_type_comes_from_some_sample_change():
    seen = {(consumer, event_type) for consumer, _, _, wanted in _deliveries() for event_type in wanted}
    assert {(c, t) for c, row in CONSUMERS.items() for t in row["Types"]} == seen


def test_changes_a_consumer_has_no_event_in_are_kept_from_it():
    wasted = {(consumer, change) for consumer, change, record, wanted in _deliveries()
              if not wanted and _matches(consumer, record)}
    assert wasted == WASTED


def test_the_payment_token_reaches_the_payment_service_alone():
    takers = {consumer for consumer, _, record, _ in _deliveries()
              if "tok_ok" in json.dumps(record) and _matches(consumer, record)}
    assert takers == {"PaymentsOnPaymentRequested"}


def test_every_consumer_reads_one_publishers_events():
    for consumer, row in CONSUMERS.items():
        module, _ = TOPICS[row["Topic"]]
        published = {model.TYPE for model in vars(module).values()
                     if isinstance(model, type) and getattr(model, "TYPE", "")}
        assert set(row["Types"]) <= published, consumer


DYNAMODB_TYPES = {"S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"}


def _exists_rules(policy, path=()):
    """(key path, exists value) of every "exists" rule in a filter policy."""
    if isinstance(policy, list):
        for member in policy:
            if isinstance(member, dict) and "exists" in member:
                yield path, member["exists"]
            elif isinstance(member, dict):
                yield from _exists_rules(member, path)
    elif isinstance(policy, dict):
        for key, rules in policy.items():
            yield from _exists_rules(rules, path if key == "$or" else (*path, key))


def test_exists_rules_sit_on_a_value_and_only_ask_for_presence():
    """SNS matches "exists" on leaf values only: on `{"cancel_requested_at": {"S": ...}}` it must name
    the `S`, or it never matches on AWS (moto matches either way, so the cases above cannot tell).
    And `exists: false` under a key the record lacks matches on AWS but not in the emulator."""
    for consumer, row in CONSUMERS.items():
        for path, exists in _exists_rules(json.loads(row["Changes"])):
            assert path[-1] in DYNAMODB_TYPES, f"{consumer}: exists on {'.'.join(path)}, not on its value"
            assert exists is True, f"{consumer}: exists false on {'.'.join(path)}"
