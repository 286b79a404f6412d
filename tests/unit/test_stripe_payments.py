"""The Stripe provider against a local fake of the Stripe API (the real SDK, its retries and
timeouts, over HTTP on 127.0.0.1); its secret key from Secrets Manager under moto; and which
provider configured_provider() picks."""

import json
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import boto3
import pytest

from tests.unit.conftest import CUSTOMER, captured_logs, service_module

payment_table = service_module("payments", "payment_table")
stripe_payments = service_module("payments", "stripe_payments")
payment_provider = service_module("payments", "payment_provider")
ChargeResult = payment_provider.ChargeResult
ProviderUnavailable = payment_provider.ProviderUnavailable
configured_provider = payment_provider.configured_provider
simulated_payments = service_module("payments", "simulated_payments")
SimulatedProvider = simulated_payments.SimulatedProvider
StripeProvider = stripe_payments.StripeProvider
read_secret_key = stripe_payments.read_secret_key

SECRET_KEY = "sk_test_51FakeFakeFakeFakeFake"
CLIENT_TIMEOUT = 0.5  # seconds per attempt, so a stalled answer times out quickly
RETRIES = 2


class FakeStripe:
    """Just enough of api.stripe.com for the adapter: PaymentIntents (create with confirm,
    retrieve, cancel) and Refunds (create, list). Like Stripe, it saves the first response to an
    idempotency key and replays it to every later request with that key (refusing other
    parameters), and it knows the test payment methods pm_card_visa, pm_card_chargeDeclined,
    pm_card_chargeDeclinedInsufficientFunds and pm_card_authenticationRequired.

    `faults` are met by the next requests, one each, in order: ("status", 503) is answered before
    the API runs (nothing happens, nothing is saved), ("stall", seconds) runs the request and saves
    its response but sends it only after `seconds` (a response lost to a client timeout)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []  # method, path, idempotency_key, authorization, params
        self.intents: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.saved: dict[str, tuple[dict, int, dict]] = {}
        self.faults: list[tuple[str, float]] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake._serve(self)

            def do_POST(self):
                fake._serve(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]

    def forget_idempotency_keys(self) -> None:
        """What Stripe does with keys older than 24 hours."""
        self.saved.clear()

    # ------------------------------------------------------------ the server side
    def _serve(self, http: BaseHTTPRequestHandler) -> None:
        url = urlsplit(http.path)
        body = http.rfile.read(int(http.headers.get("Content-Length") or 0)).decode()
        params = dict(parse_qsl(body if http.command == "POST" else url.query))
        key = http.headers.get("Idempotency-Key")
        with self._lock:
            self.requests.append({"method": http.command, "path": url.path, "idempotency_key": key,
                                  "authorization": http.headers.get("Authorization"), "params": params})
            fault = self.faults.pop(0) if self.faults else None
            if fault and fault[0] == "status":
                status, answer = int(fault[1]), _error("api_error", None, "An unknown error occurred")
            elif key and key in self.saved:
                saved_params, status, answer = self.saved[key]
                if saved_params != params:
                    status, answer = 400, _error("idempotency_error", None, "Keys for idempotent requests can "
                                                 "only be used with the same parameters they were first used with.")
            else:
                status, answer = self._api(http.command, url.path, params)
                if key and http.command == "POST":
                    self.saved[key] = (params, status, answer)
        if fault and fault[0] == "stall":
            time.sleep(fault[1])
        payload = json.dumps(answer).encode()
        try:
            http.send_response(status)
            http.send_header("Content-Type", "application/json")
            http.send_header("Content-Length", str(len(payload)))
            http.send_header("Request-Id", f"req_{len(self.requests)}")
            if key:
                http.send_header("Idempotency-Key", key)
            http.end_headers()
            http.wfile.write(payload)
        except OSError:  # the client gave up waiting
            pass

    def _api(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = path.strip("/").split("/")
        if (method, path) == ("POST", "/v1/payment_intents"):
            return self._create_intent(params)
        if method == "GET" and parts[:2] == ["v1", "payment_intents"] and len(parts) == 3:
            return (200, self.intents[parts[2]]) if parts[2] in self.intents else (404, _missing("payment_intent"))
        if method == "POST" and parts[:2] == ["v1", "payment_intents"] and parts[3:] == ["cancel"]:
            self.intents[parts[2]]["status"] = "canceled"
            return 200, self.intents[parts[2]]
        if (method, path) == ("POST", "/v1/refunds"):
            return self._create_refund(params)
        if (method, path) == ("GET", "/v1/refunds"):
            found = [r for r in reversed(self.refunds.values()) if r["payment_intent"] == params.get("payment_intent")]
            return 200, {"object": "list", "url": "/v1/refunds", "has_more": False, "data": found[:1]}
        return 404, _error("invalid_request_error", None, f"Unrecognized request URL ({method}: {path}).")

    def _create_intent(self, params: dict) -> tuple[int, dict]:
        method = params["payment_method"]
        outcomes = {"pm_card_visa": "succeeded", "pm_card_authenticationRequired": "requires_action",
                    "pm_card_chargeDeclined": "generic_decline",
                    "pm_card_chargeDeclinedInsufficientFunds": "insufficient_funds"}
        if method not in outcomes:
            return 400, _missing("payment_method", f"No such PaymentMethod: '{method}'")
        intent_id = f"pi_{len(self.intents) + 1:04d}Fake"
        intent = {"id": intent_id, "object": "payment_intent", "amount": int(params["amount"]),
                  "currency": params["currency"], "payment_method": method, "livemode": False,
                  "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
                  "status": outcomes[method], "latest_charge": f"ch_{intent_id[3:]}"}
        self.intents[intent_id] = intent
        if outcomes[method].endswith(("decline", "funds")):
            intent.update(status="requires_payment_method", latest_charge=None)
            error = _error("card_error", "card_declined", "Your card was declined.")
            error["error"].update(decline_code=outcomes[method], charge=f"ch_{intent_id[3:]}", payment_intent=intent,
                                  doc_url="https://stripe.com/docs/error-codes/card-declined")
            return 402, error
        return 200, intent

    def _create_refund(self, params: dict) -> tuple[int, dict]:
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return 400, _missing("payment_intent")
        if any(r["payment_intent"] == intent["id"] for r in self.refunds.values()):
            return 400, _error("invalid_request_error", "charge_already_refunded",
                               f"Charge {intent['latest_charge']} has already been refunded.")
        refund_id = f"re_{len(self.refunds) + 1:04d}Fake"
        self.refunds[refund_id] = {"id": refund_id, "object": "refund", "amount": int(params["amount"]),
                                   "payment_intent": intent["id"], "status": "succeeded",
                                   "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")}}
        return 200, self.refunds[refund_id]


def _error(kind: str, code: str | None, message: str) -> dict:
    error = {"type": kind, "message": message, "request_log_url": "https://dashboard.stripe.com/test/logs/req_x"}
    if code:
        error["code"] = code
    return {"error": error}


def _missing(param: str, message: str | None = None) -> dict:
    error = _error("invalid_request_error", "resource_missing", message or f"No such {param}")
    error["error"].update(param=param, doc_url="https://stripe.com/docs/error-codes/resource-missing")
    return error


@pytest.fixture
def fake():
    server = FakeStripe()
    yield server
    server.close()


@pytest.fixture
def stripe_provider(fake):
    return StripeProvider(SECRET_KEY, api_base=fake.url, timeout=CLIENT_TIMEOUT, max_network_retries=RETRIES)


# ---------------------------------------------------------------- charging

def test_an_approved_payment_is_one_confirmed_payment_intent_whose_id_is_the_charge_id(fake, stripe_provider):
    result = stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa")
    assert result == ChargeResult(approved=True, charge_id="pi_0001Fake")
    [request] = fake.posts("/v1/payment_intents")
    assert request["idempotency_key"] == "charge-o1" and request["authorization"] == f"Bearer {SECRET_KEY}"
    assert request["params"] == {"amount": "7798", "currency": "eur", "payment_method": "pm_card_visa",
                                 "confirm": "true", "payment_method_types[0]": "card",
                                 "metadata[order_id]": "o1", "description": "Order o1"}
    assert fake.intents["pi_0001Fake"]["status"] == "succeeded"


def test_charging_an_order_again_replays_the_first_charge(fake, stripe_provider):
    first = stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa")
    assert stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa") == first
    assert len(fake.intents) == 1 and len(fake.posts("/v1/payment_intents")) == 2


@pytest.mark.parametrize(("method", "decline_code"), [
    ("pm_card_chargeDeclined", "generic_decline"), ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds")])
def test_a_declined_card_is_a_declined_payment_with_stripes_code(fake, stripe_provider, method, decline_code, caplog):
    caplog.set_level(logging.INFO)
    result = stripe_provider.charge("o1", 7798, "EUR", method)
    assert result == ChargeResult(approved=False, charge_id=None, decline_reason="card_declined")
    assert len(fake.posts("/v1/payment_intents")) == 1  # a decline is an answer, not retried
    [record] = [r for r in caplog.records if r.getMessage() == "payment declined by stripe"]
    assert (record.decline_code, record.error_code, record.http_status) == (decline_code, "card_declined", 402)


def test_an_unknown_payment_method_is_declined_not_retried(fake, stripe_provider):
    result = stripe_provider.charge("o1", 7798, "EUR", "pm_made_up")
    assert result == ChargeResult(approved=False, decline_reason="resource_missing")
    assert len(fake.posts("/v1/payment_intents")) == 1


def test_a_card_that_needs_3d_secure_is_declined_and_its_payment_intent_cancelled(fake, stripe_provider):
    result = stripe_provider.charge("o1", 7798, "EUR", "pm_card_authenticationRequired")
    assert result == ChargeResult(approved=False, decline_reason="authentication_required")
    assert fake.intents["pi_0001Fake"]["status"] == "canceled"


def test_a_5xx_is_retried_with_the_same_idempotency_key_and_charges_once(fake, stripe_provider):
    fake.faults = [("status", 503)]
    assert stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa").approved
    requests = fake.posts("/v1/payment_intents")
    assert [r["idempotency_key"] for r in requests] == ["charge-o1", "charge-o1"]
    assert len(fake.intents) == 1


def test_a_timed_out_request_is_retried_and_still_charges_once(fake, stripe_provider):
    fake.faults = [("stall", CLIENT_TIMEOUT * 3)]  # Stripe charged, but the answer came too late
    result = stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa")
    assert result == ChargeResult(approved=True, charge_id="pi_0001Fake")
    assert [r["idempotency_key"] for r in fake.posts("/v1/payment_intents")] == ["charge-o1", "charge-o1"]
    assert len(fake.intents) == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_failure_that_outlasts_the_retries_is_provider_unavailable(fake, stripe_provider, status):
    fake.faults = [("status", status)] * 10
    with pytest.raises(ProviderUnavailable):
        stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa")
    retried = RETRIES + 1 if status >= 500 else 1  # the SDK does not retry a 429 Stripe does not mark retryable
    assert len(fake.posts("/v1/payment_intents")) == retried and fake.intents == {}


def test_an_unreachable_stripe_is_provider_unavailable():
    provider = StripeProvider(SECRET_KEY, api_base="http://127.0.0.1:9", timeout=CLIENT_TIMEOUT, max_network_retries=0)
    with pytest.raises(ProviderUnavailable):
        provider.charge("o1", 7798, "EUR", "pm_card_visa")


# ---------------------------------------------------------------- refunding

def test_a_refund_is_created_once_per_order_however_often_it_is_asked(fake, stripe_provider):
    charge_id = stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa").charge_id
    fake.faults = [("stall", CLIENT_TIMEOUT * 3)]
    refund_id = stripe_provider.refund("o1", charge_id, 7798, "EUR")
    assert stripe_provider.refund("o1", charge_id, 7798, "EUR") == refund_id == "re_0001Fake"
    requests = fake.posts("/v1/refunds")
    assert {r["idempotency_key"] for r in requests} == {"refund-o1"} and len(requests) == 3
    assert requests[0]["params"] == {"payment_intent": charge_id, "amount": "7798", "metadata[order_id]": "o1"}
    assert len(fake.refunds) == 1


def test_a_refund_asked_again_after_stripe_forgot_the_key_returns_the_first_refund(fake, stripe_provider):
    charge_id = stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa").charge_id
    refund_id = stripe_provider.refund("o1", charge_id, 7798, "EUR")
    fake.forget_idempotency_keys()
    assert stripe_provider.refund("o1", charge_id, 7798, "EUR") == refund_id and len(fake.refunds) == 1


def test_a_refund_stripe_cannot_take_is_provider_unavailable(fake, stripe_provider):
    charge_id = stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa").charge_id
    fake.faults = [("status", 500)] * 10
    with pytest.raises(ProviderUnavailable):
        stripe_provider.refund("o1", charge_id, 7798, "EUR")
    assert fake.refunds == {}


# ---------------------------------------------------------------- with the payments table

def test_an_order_charged_and_then_cancelled_through_stripe(payments_table, fake, stripe_provider):
    payment_table.note_order("o1", CUSTOMER["sub"], 7798, "EUR", "pm_card_visa")
    payment_table.note_stock_reserved("o1")
    assert payment_table.settle("o1", stripe_provider) == "SUCCEEDED"
    assert payment_table.settle("o1", stripe_provider) == "SUCCEEDED"
    assert payment_table.find_payment("o1").charge_id == "pi_0001Fake"
    assert payment_table.cancel("o1", stripe_provider) == "REFUNDED"
    assert payment_table.find_payment("o1").refund_id == "re_0001Fake"
    assert len(fake.intents) == 1 and len(fake.refunds) == 1


def test_a_declined_order_through_stripe_fails_with_the_reason(payments_table, fake, stripe_provider):
    payment_table.note_order("o1", CUSTOMER["sub"], 7798, "EUR", "pm_card_chargeDeclined")
    payment_table.note_stock_reserved("o1")
    assert payment_table.settle("o1", stripe_provider) == "FAILED"
    payment = payment_table.find_payment("o1")
    assert (payment.decline_reason, payment.charge_id) == ("card_declined", None)
    assert payment_table.token_of(payment.order_id) is None


def test_neither_the_key_nor_the_payment_method_reaches_the_logs(fake, stripe_provider, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    stripe_provider.charge("o1", 7798, "EUR", "pm_card_visa")
    stripe_provider.charge("o2", 7798, "EUR", "pm_card_chargeDeclined")
    stripe_provider.charge("o3", 7798, "EUR", "pm_made_up")
    fake.faults = [("status", 500)] * 10
    with pytest.raises(ProviderUnavailable) as unavailable:
        stripe_provider.charge("o4", 7798, "EUR", "pm_card_visa")
    logged = captured_logs(caplog, capsys) + str(unavailable.value)
    assert "o1" in logged and "o3" in logged  # it did log
    for secret in (SECRET_KEY, "pm_card_visa", "pm_card_chargeDeclined", "pm_made_up"):
        assert secret not in logged


# ---------------------------------------------------------------- the secret key

@pytest.mark.parametrize("stored", [SECRET_KEY, f" {SECRET_KEY}\n", json.dumps({"secret_key": SECRET_KEY})])
def test_the_secret_key_is_read_from_secrets_manager_as_a_string_or_json(aws, stored):
    arn = boto3.client("secretsmanager").create_secret(Name="shop/stripe", SecretString=stored)["ARN"]
    assert read_secret_key(arn) == SECRET_KEY
    assert read_secret_key("shop/stripe") == SECRET_KEY


@pytest.mark.parametrize("stored", ["hunter2-not-a-key", json.dumps({"key": SECRET_KEY}), "{not json"])
def test_a_secret_that_holds_no_stripe_key_is_refused_without_showing_it(aws, stored):
    boto3.client("secretsmanager").create_secret(Name="shop/stripe", SecretString=stored)
    with pytest.raises(RuntimeError, match="no Stripe secret key") as refused:
        read_secret_key("shop/stripe")
    assert stored not in str(refused.value) and SECRET_KEY not in str(refused.value)


# ---------------------------------------------------------------- which provider runs

@pytest.fixture
def fresh_choice():
    configured_provider.cache_clear()
    yield
    configured_provider.cache_clear()


def test_the_simulated_provider_is_the_default_and_the_choice_is_made_once(fresh_choice, monkeypatch):
    monkeypatch.delenv("PAYMENT_PROVIDER", raising=False)
    assert isinstance(configured_provider(), SimulatedProvider)
    monkeypatch.setenv("PAYMENT_PROVIDER", "simulated")
    configured_provider.cache_clear()
    assert isinstance(configured_provider(), SimulatedProvider) and configured_provider() is configured_provider()


def test_stripe_is_chosen_by_env_with_the_key_read_once(fresh_choice, aws, monkeypatch):
    arn = boto3.client("secretsmanager").create_secret(Name="shop/stripe", SecretString=SECRET_KEY)["ARN"]
    monkeypatch.setenv("PAYMENT_PROVIDER", "stripe")
    monkeypatch.setenv("STRIPE_SECRET_ID", arn)
    reads = []
    monkeypatch.setattr(stripe_payments, "read_secret_key", lambda secret: reads.append(secret) or SECRET_KEY)
    provider = configured_provider()
    assert isinstance(provider, StripeProvider) and configured_provider() is provider and reads == [arn]


def test_stripe_without_its_secret_fails_clearly(fresh_choice, monkeypatch):
    monkeypatch.setenv("PAYMENT_PROVIDER", "stripe")
    monkeypatch.delenv("STRIPE_SECRET_ID", raising=False)
    with pytest.raises(RuntimeError, match="STRIPE_SECRET_ID"):
        configured_provider()


def test_an_unknown_provider_fails_clearly(fresh_choice, monkeypatch):
    monkeypatch.setenv("PAYMENT_PROVIDER", "paypal")
    with pytest.raises(RuntimeError, match=r"PAYMENT_PROVIDER='paypal' is not one of simulated, stripe"):
        configured_provider()


def test_the_simulated_provider_is_refused_in_prod(fresh_choice, monkeypatch):
    monkeypatch.setenv("PAYMENT_PROVIDER", "simulated")
    monkeypatch.setenv("STAGE", "prod")
    with pytest.raises(RuntimeError, match="refused in the prod stage"):
        configured_provider()


def test_a_payments_consumer_imports_the_stripe_sdk_only_when_stripe_is_chosen():
    """Cold start: the SDK takes about 0.2 s to import; a fresh interpreter shows what a consumer imports."""
    root = Path(__file__).resolve().parents[2]
    code = (f"import sys; sys.path[:0] = [{str(root / 'functions' / 'payments')!r}, "
            f"{str(root / 'layers' / 'shared' / 'python')!r}]\n"
            "import on_stock_reserved, on_payment_requested, on_order_cancelled\n"
            "loaded = {m.split('.')[0] for m in sys.modules}\n"
            "print(sorted(loaded & {'stripe', 'stripe_payments', 'simulated_payments'}))")
    environment = {**os.environ, "PAYMENTS_TABLE": "payments-unit", "PAYMENT_PROVIDER": "stripe"}
    run = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
