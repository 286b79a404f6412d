"""Caching, centralised logging and monitoring on the deployed stack."""

import json
import os
import subprocess
import sys
import time
import uuid

import boto3
import pytest

from tests.integration.conftest import ROOT
from tests.integration.test_order_pipeline import ADDRESS, settled, stock_of, wait_for

SECRET_LINE = f"{uuid.uuid4().hex[:10]} Secret Street"


def all_log_lines(outputs, since_ms: int) -> list[tuple[str, str]]:
    logs = boto3.client("logs", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    groups = [g["logGroupName"] for page in logs.get_paginator("describe_log_groups").paginate(
        logGroupNamePrefix="/aws/lambda/") for g in page["logGroups"]]
    return [(group.split("-")[2], event["message"]) for group in groups
            for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group, startTime=since_ms)
            for event in page["events"]]


@pytest.fixture(scope="module")
def traced_order(outputs, admin, customer_tokens, customer):
    """An order placed with a correlation id of our own, followed until it is PAID and shipped."""
    since = int(time.time() * 1000) - 1000
    product = admin.post("/v1/products", json={"name": f"Traced {uuid.uuid4().hex[:6]}", "category": "traced",
                                               "price": 500, "currency": "EUR", "stock": 5}).json()
    wait_for(lambda: customer.put(f"/v1/cart/items/{product['id']}", json={"quantity": 1}).status_code == 200)
    correlation_id = f"it-{uuid.uuid4().hex}"
    placed = customer.post("/v1/orders", json={"shipping_address": {**ADDRESS, "line1": SECRET_LINE},
                                               "payment_token": "tok_ok"},
                           headers={"Idempotency-Key": str(uuid.uuid4()), "X-Correlation-Id": correlation_id})
    assert placed.status_code == 201 and placed.headers["X-Correlation-Id"] == correlation_id
    order = placed.json()
    settled(customer, order["id"], "PAID")
    wait_for(lambda: customer.get(f"/v1/orders/{order['id']}/shipment").status_code == 200)
    time.sleep(2)  # let the last log lines land
    return {"order": order, "product": product, "correlation_id": correlation_id, "since": since,
            "tokens": customer_tokens}


def test_one_correlation_id_follows_the_order_through_every_service(outputs, traced_order):
    lines = all_log_lines(outputs, traced_order["since"])
    functions = {function for function, message in lines if traced_order["correlation_id"] in message}
    assert functions >= {"PlaceOrderFunction", "ProductsOnOrderCreatedFunction",
                         "PaymentsOnPaymentRequestedFunction", "PaymentsOnStockReservedFunction",
                         "OrdersOnPaymentResultFunction", "ShippingOnOrderPaidFunction"}


def test_log_lines_are_json_with_service_function_cold_start_and_correlation_id(outputs, traced_order):
    records = [json.loads(message) for _, message in all_log_lines(outputs, traced_order["since"])
               if message.startswith('{"level"')]
    assert len(records) > 20
    for record in records:
        assert {"service", "function_name", "cold_start", "correlation_id"} <= set(record), record


def test_no_token_card_token_or_address_in_any_log_line(outputs, traced_order):
    text = "\n".join(message for _, message in all_log_lines(outputs, traced_order["since"]))
    tokens = traced_order["tokens"]
    for secret in ("tok_ok", SECRET_LINE, tokens.id_token, tokens.access_token, tokens.refresh_token):
        assert secret not in text


def test_make_logs_shows_an_orders_whole_life(traced_order):
    env = {**os.environ, "ORDER_ID": traced_order["order"]["id"], "SINCE": "30"}
    shown = subprocess.run([sys.executable, str(ROOT / "localstack" / "logs.py")], env=env, capture_output=True,
                           text=True, timeout=120, check=True).stdout
    for step in ("order placed", "stock reservation decided", "order status changed", "shipment arranged"):
        assert step in shown


def test_make_status_reports_functions_queues_and_alarms(outputs):
    env = {**os.environ, "STACK_OUTPUTS_FILE": os.path.basename(os.environ.get("SHOP_STACK_OUTPUTS",
                                                                                  "stack-outputs.json"))}
    shown = subprocess.run([sys.executable, str(ROOT / "localstack" / "status.py")], env=env, capture_output=True,
                           text=True, timeout=120, check=True).stdout
    for section in ('200 {"status":"ok","stage":"local"}', "Functions", "PlaceOrderFunction", "Queues",
                    "orders-on-payment-result-dlq", "Alarms", "Latest errors"):
        assert section in shown


def test_a_price_or_stock_change_is_visible_on_the_next_read(admin, public, traced_order):
    product_id = traced_order["product"]["id"]
    assert stock_of(public, product_id) == 4  # the traced order's reservation, through product.stock_changed
    before = public.get(f"/v1/products/{product_id}").json()
    patched = admin.patch(f"/v1/products/{product_id}", json={"version": before["version"], "price": 450})
    assert patched.status_code == 200
    assert public.get(f"/v1/products/{product_id}").json()["price"] == 450
    listed = public.get("/v1/products", params={"category": "traced"}).json()["items"]
    wait_for(lambda: public.get("/v1/products", params={"category": "traced"}).json()["items"][0]["price"] == 450)
    assert listed  # the page was cached before the change


def test_health_is_public_and_cheap(public):
    response = public.get("/v1/health")
    assert response.status_code == 200 and response.json() == {"status": "ok", "stage": "local"}


def test_replaying_a_dead_letter_queue_delivers_its_messages_again(outputs):
    sqs = boto3.client("sqs", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    dlq = sqs.get_queue_url(QueueName="shop-local-orders-on-stock-rejected-dlq")["QueueUrl"]
    event_id = f"replay-{uuid.uuid4().hex}"
    sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps({
        "id": event_id, "type": "stock.rejected", "version": 1, "occurred_at": "2026-11-27T12:00:00.000Z",
        "correlation_id": event_id, "data": {"order_id": f"no-such-order-{event_id}", "lines": []}}))
    since = int(time.time() * 1000) - 1000
    replayed = subprocess.run([sys.executable, str(ROOT / "infra" / "replay_dlq.py"), "orders-on-stock-rejected"],
                              capture_output=True, text=True, timeout=120, check=True).stdout
    assert "replayed 1 message" in replayed
    wait_for(lambda: any(event_id in message for _, message in all_log_lines(outputs, since)))


def test_an_alarm_fires_on_its_metric(outputs):
    cloudwatch = boto3.client("cloudwatch", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=[{"MetricName": "Throttles", "Value": 3,
                                                                    "Unit": "Count"}])
    alarm = "shop-local-lambda-throttles"
    wait_for(lambda: cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]["StateValue"] == "ALARM",
             timeout=90, interval=2)
