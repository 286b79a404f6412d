"""Placing orders end to end: HTTP → orders table → stream → SNS → SQS → products, payments,
shipping → back to the order. Real functions on the emulator, real tokens."""

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from tests.integration.conftest import Api

ADDRESS = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
           "country": "GB"}
FINAL = ("DELIVERED", "CANCELLED")


def wait_for(probe, timeout: float = 60, interval: float = 0.3):
    """Poll `probe` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting after {timeout}s")
        time.sleep(interval)


@pytest.fixture
def product(admin, customer):
    """A fresh product with 10 in stock, once the order service has its price."""
    body = {"name": f"Pipeline {uuid.uuid4().hex[:6]}", "category": "pipeline", "price": 1250, "currency": "EUR",
            "stock": 10}
    created = admin.post("/v1/products", json=body).json()
    wait_for(lambda: customer.put(f"/v1/cart/items/{created['id']}", json={"quantity": 1}).status_code == 200)
    customer.delete(f"/v1/cart/items/{created['id']}")
    return created


def stock_of(public, product_id: str) -> int:
    return public.get(f"/v1/products/{product_id}").json()["stock"]


def place(api: Api, product_id: str, quantity: int = 1, token: str = "tok_ok", key: str | None = None):
    return api.post("/v1/orders", headers={"Idempotency-Key": key or str(uuid.uuid4())},
                    json={"items": [{"product_id": product_id, "quantity": quantity}], "shipping_address": ADDRESS,
                          "payment_token": token})


def settled(api: Api, order_id: str, status: str | tuple[str, ...], timeout: float = 60):
    wanted = (status,) if isinstance(status, str) else status
    return wait_for(lambda: (o := api.get(f"/v1/orders/{order_id}").json())["status"] in wanted and o, timeout)


def test_cart_to_delivered(shopper, admin, public, product):
    assert shopper.put(f"/v1/cart/items/{product['id']}", json={"quantity": 3}).status_code == 200
    cart = shopper.get("/v1/cart").json()
    assert (cart["total"], cart["currency"], cart["items"][0]["unit_price"]) == (3750, "EUR", 1250)

    placed = shopper.post("/v1/orders", headers={"Idempotency-Key": str(uuid.uuid4())},
                          json={"shipping_address": ADDRESS, "payment_token": "tok_ok"})
    assert placed.status_code == 201
    order = placed.json()
    assert (order["status"], order["total"], order["currency"]) == ("PENDING", 3750, "EUR")
    assert shopper.get("/v1/cart").json()["items"] == []  # checked out

    settled(shopper, order["id"], "PAID")
    assert stock_of(public, product["id"]) == 7
    payment = shopper.get(f"/v1/orders/{order['id']}/payment").json()
    assert (payment["status"], payment["amount"]) == ("SUCCEEDED", 3750) and "token" not in json.dumps(payment)
    shipment = wait_for(lambda: (r := shopper.get(f"/v1/orders/{order['id']}/shipment")).status_code == 200
                        and r.json())
    assert shipment["tracking_number"].startswith("SP")

    assert admin.patch(f"/v1/shipments/{shipment['id']}", json={"status": "SHIPPED"}).status_code == 200
    settled(shopper, order["id"], "SHIPPED")
    assert shopper.post(f"/v1/orders/{order['id']}/cancel").status_code == 409  # too late to cancel
    assert admin.patch(f"/v1/shipments/{shipment['id']}", json={"status": "DELIVERED"}).status_code == 200
    delivered = settled(shopper, order["id"], "DELIVERED")
    assert [h["status"] for h in delivered["history"]] == ["PENDING", "PAID", "SHIPPED", "DELIVERED"]


def test_a_declined_payment_cancels_the_order_and_restores_stock(shopper, public, product):
    order = place(shopper, product["id"], 4, token="tok_declined").json()
    cancelled = settled(shopper, order["id"], "CANCELLED")
    assert cancelled["cancel_reason"] == "payment_declined"
    assert shopper.get(f"/v1/orders/{order['id']}/payment").json()["status"] == "FAILED"
    wait_for(lambda: stock_of(public, product["id"]) == 10)


def test_a_transient_payment_error_is_retried_and_ends_paid(shopper, product, outputs):
    order = place(shopper, product["id"], token="tok_transient").json()
    settled(shopper, order["id"], "PAID")
    assert charges(outputs, order["id"]) == 1


def test_cancelling_a_paid_order_refunds_it_and_restores_stock(shopper, public, product):
    order = place(shopper, product["id"], 2).json()
    settled(shopper, order["id"], "PAID")
    wait_for(lambda: stock_of(public, product["id"]) == 8)
    wait_for(lambda: shopper.get(f"/v1/orders/{order['id']}/shipment").status_code == 200)
    requested = shopper.post(f"/v1/orders/{order['id']}/cancel")  # paid: shipping decides (202)
    assert requested.status_code == 202 and requested.json()["cancel_requested_at"]
    assert shopper.post(f"/v1/orders/{order['id']}/cancel").status_code in (200, 202)  # again: as it is
    cancelled = settled(shopper, order["id"], "CANCELLED")
    assert cancelled["cancel_reason"] == "customer"
    assert shopper.post(f"/v1/orders/{order['id']}/cancel").status_code == 200
    wait_for(lambda: shopper.get(f"/v1/orders/{order['id']}/payment").json()["status"] == "REFUNDED")
    wait_for(lambda: stock_of(public, product["id"]) == 10)
    wait_for(lambda: shopper.get(f"/v1/orders/{order['id']}/shipment").json().get("status") == "CANCELLED")


def test_thirty_simultaneous_orders_for_ten_in_stock_sell_exactly_ten(shopper, public, product):
    # 30 requests at once start up to 30 function instances on a 2-core machine: be patient.
    with ThreadPoolExecutor(max_workers=30) as pool:
        responses = list(pool.map(lambda _: place(shopper.fork(timeout=180), product["id"]), range(30)))
    assert [r.status_code for r in responses] == [201] * 30
    # Thirty orders through cold consumers on a busy 2-core machine can take over a minute.
    finals = [settled(shopper, r.json()["id"], ("PAID", "CANCELLED"), timeout=180)["status"] for r in responses]
    assert finals.count("PAID") == 10 and finals.count("CANCELLED") == 20
    assert stock_of(public, product["id"]) == 0
    cancelled = [shopper.get(f"/v1/orders/{r.json()['id']}").json() for r in responses]
    assert {o["cancel_reason"] for o in cancelled if o["status"] == "CANCELLED"} == {"out_of_stock"}


def test_the_same_idempotency_key_gives_one_order_and_one_charge(shopper, product, outputs):
    key = str(uuid.uuid4())
    first, again = place(shopper, product["id"], key=key), place(shopper, product["id"], key=key)
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    different = place(shopper, product["id"], quantity=2, key=key)
    assert different.status_code == 422 and different.json()["code"] == "idempotency_key_reused"

    concurrent_key = str(uuid.uuid4())
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: place(shopper.fork(timeout=180), product["id"], key=concurrent_key),
                                  range(8)))
    created = {r.json()["id"] for r in responses if r.status_code == 201}
    assert len(created) == 1 and {r.status_code for r in responses} <= {201, 409}
    for order_id in (first.json()["id"], created.pop()):
        settled(shopper, order_id, "PAID")
        assert charges(outputs, order_id) == 1


def test_an_order_needs_an_idempotency_key_and_valid_input(shopper, product):
    body = {"items": [{"product_id": product["id"], "quantity": 1}], "shipping_address": ADDRESS,
            "payment_token": "tok_ok"}
    missing_key = shopper.post("/v1/orders", json=body)
    assert missing_key.status_code == 400 and missing_key.json()["code"] == "idempotency_key_required"
    key = {"Idempotency-Key": str(uuid.uuid4())}
    unknown = shopper.post("/v1/orders", headers=key, json={**body, "items": [{"product_id": "nope", "quantity": 1}]})
    assert unknown.status_code == 404
    for bad in ({**body, "items": [{"product_id": product["id"], "quantity": 0}]},
                {**body, "items": [{"product_id": product["id"], "quantity": 1, "price": 1}]},
                {k: v for k, v in body.items() if k != "shipping_address"}):
        assert shopper.post("/v1/orders", headers={"Idempotency-Key": str(uuid.uuid4())}, json=bad).status_code == 422


def test_orders_are_private_and_listed_newest_first(shopper, customer, admin, product):
    ids = [place(shopper, product["id"]).json()["id"] for _ in range(3)]
    assert customer.get(f"/v1/orders/{ids[0]}").status_code == 404
    assert customer.get(f"/v1/orders/{ids[0]}/payment").status_code == 404
    assert customer.post(f"/v1/orders/{ids[0]}/cancel").status_code == 404
    page = shopper.get("/v1/orders", params={"limit": 2}).json()
    assert [o["id"] for o in page["items"]] == ids[::-1][:2] and page["next_cursor"]
    following = shopper.get("/v1/orders", params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert following["items"][0]["id"] == ids[0]
    for order_id in ids:
        settled(shopper, order_id, "PAID")
    paid = admin.get("/v1/admin/orders", params={"status": "PAID", "limit": 100}).json()["items"]
    assert set(ids) <= {o["id"] for o in paid} and {o["status"] for o in paid} == {"PAID"}
    assert customer.get("/v1/admin/orders").status_code == 403


# ---------------------------------------------------------------- redelivery, reordering, poison


def queue_url(outputs, name: str) -> str:
    return sqs_client(outputs).get_queue_url(QueueName=f"shop-local-{name}")["QueueUrl"]


def sqs_client(outputs):
    return boto3.client("sqs", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])


def charges(outputs, order_id: str) -> int:
    """Charges the simulated provider made for an order, read from its ledger."""
    dynamodb = boto3.client("dynamodb", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    items = dynamodb.query(TableName=outputs["PaymentsTableName"], KeyConditionExpression="order_id = :o",
                           ExpressionAttributeValues={":o": {"S": order_id}})["Items"]
    return sum(1 for item in items if item["record"]["S"] == "PROVIDER#CHARGE" and item["approved"]["BOOL"])


def envelope(event_type: str, data: dict) -> str:
    return json.dumps({"id": str(uuid.uuid4()), "type": event_type, "version": 1,
                       "occurred_at": "2026-11-27T12:00:00.000Z", "correlation_id": "redelivery-test", "data": data})


def test_a_redelivered_event_has_one_effect(shopper, public, product, outputs):
    order = place(shopper, product["id"], 3).json()
    paid = settled(shopper, order["id"], "PAID")
    wait_for(lambda: stock_of(public, product["id"]) == 7)
    sqs = sqs_client(outputs)
    created = envelope("order.created", {"order_id": order["id"], "user_id": order["user_id"], "status": "PENDING",
                                         "lines": [{"product_id": product["id"], "quantity": 3, "unit_price": 1250}],
                                         "total": 3750, "currency": "EUR"})
    payment_requested = envelope("order.payment_requested", {"order_id": order["id"], "user_id": order["user_id"],
                                                             "total": 3750, "currency": "EUR",
                                                             "payment_token": "tok_ok"})
    succeeded = envelope("payment.succeeded", {"order_id": order["id"], "amount": 3750, "currency": "EUR"})
    for _ in range(2):
        sqs.send_message(QueueUrl=queue_url(outputs, "products-on-order-created"), MessageBody=created)
        sqs.send_message(QueueUrl=queue_url(outputs, "payments-on-payment-requested"), MessageBody=payment_requested)
        sqs.send_message(QueueUrl=queue_url(outputs, "orders-on-payment-result"), MessageBody=succeeded)
    wait_for(lambda: all(sqs.get_queue_attributes(QueueUrl=queue_url(outputs, q), AttributeNames=[
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])["Attributes"] == {
        "ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}
        for q in ("products-on-order-created", "payments-on-payment-requested", "orders-on-payment-result")))
    assert stock_of(public, product["id"]) == 7
    assert charges(outputs, order["id"]) == 1
    assert shopper.get(f"/v1/orders/{order['id']}").json()["history"] == paid["history"]


def test_an_event_that_overtakes_its_predecessor_waits_for_it(shopper, admin, product, outputs):
    order = place(shopper, product["id"]).json()
    settled(shopper, order["id"], "PAID")
    sqs = sqs_client(outputs)
    sqs.send_message(QueueUrl=queue_url(outputs, "orders-on-shipment-progress"),
                     MessageBody=envelope("shipment.delivered", {  # a whole event, as its contract says
                         "order_id": order["id"], "shipment_id": f"shp_{order['id']}", "carrier": "Simulated Post",
                         "tracking_number": "early-delivery"}))
    time.sleep(2)
    assert shopper.get(f"/v1/orders/{order['id']}").json()["status"] == "PAID"  # not skipped ahead
    shipment_id = wait_for(lambda: (r := shopper.get(f"/v1/orders/{order['id']}/shipment")).status_code == 200
                           and r.json()["id"])
    admin.patch(f"/v1/shipments/{shipment_id}", json={"status": "SHIPPED"})
    delivered = settled(shopper, order["id"], "DELIVERED")  # the early event, retried, now applies
    assert [h["status"] for h in delivered["history"]] == ["PENDING", "PAID", "SHIPPED", "DELIVERED"]


def test_a_poison_message_goes_to_the_dead_letter_queue_and_blocks_nothing(shopper, product, outputs):
    sqs = sqs_client(outputs)
    dlq = queue_url(outputs, "orders-on-payment-result-dlq")
    poison = f"not an event {uuid.uuid4()}"
    sqs.send_message(QueueUrl=queue_url(outputs, "orders-on-payment-result"), MessageBody=poison)
    order = place(shopper, product["id"]).json()
    settled(shopper, order["id"], "PAID")  # the same consumer kept working meanwhile

    def poison_in_dlq():
        messages = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        return any(m["Body"] == poison for m in messages)

    wait_for(poison_in_dlq, timeout=90)
