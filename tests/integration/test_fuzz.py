"""The whole API fuzzed from its own OpenAPI document (schemathesis, property-based): whatever is
sent, no answer is a 5xx, every status is one the operation documents, and every body matches its
documented schema. Once with a customer's token (every operation), once with an admin's (the
operations behind the authorizer), each caller a fresh user of its own: the fuzzer logs out, fills
address books and creates products.

Bounded for CI: schemathesis' coverage cases (boundaries, missing and mistyped fields) plus
FUZZ_EXAMPLES generated cases per operation and caller (default 20): about 2,600 requests, a minute
or two on two cores; no shrinking, no per-case deadline, 30 s per request (cold starts). The test
after it sends what a generator does not: the inputs that were 502s, or would be on AWS."""

import base64
import json
import os
from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from infra.openapi import OUTPUT
from tests.integration.conftest import TIMEOUT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
SENT: Counter = Counter()  # (caller, status) -> cases


@pytest.fixture(scope="module")
def api_url(outputs) -> str:
    """The deployed API, which must serve the document the cases are generated from."""
    served = requests.get(f"{outputs['ApiUrl']}/v1/openapi.json", timeout=TIMEOUT)
    assert served.json() == json.loads(OUTPUT.read_text()), "the deployed stack serves another document: redeploy"
    return outputs["ApiUrl"]


@pytest.fixture(scope="module")
def fuzz_customer(new_user) -> str:
    return new_user(name="Fuzz customer")[2].id_token


@pytest.fixture(scope="module")
def fuzz_admin(new_user) -> str:
    return new_user(groups=("admin",), name="Fuzz admin")[2].id_token


@pytest.fixture(scope="session", autouse=True)
def report_figures(request):
    """One line after the run: how many cases were sent and what they got."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if SENT and reporter and capture:
        statuses = Counter()
        for (_, status), count in SENT.items():
            statuses[status] += count
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nfuzzing: {sum(SENT.values())} cases; by status "
                                + ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())))


schema = schemathesis.openapi.from_path(OUTPUT)
bounded = settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck), database=None)


def send(case, api_url: str, role: str, token: str) -> None:
    response = case.call_and_validate(base_url=api_url, headers={"Authorization": f"Bearer {token}"},
                                      checks=CHECKS, timeout=TIMEOUT)
    SENT[role, response.status_code] += 1


@schema.parametrize()
@bounded
def test_no_input_from_a_customer_gets_a_server_error_or_an_undocumented_answer(case, api_url, fuzz_customer):
    send(case, api_url, "customer", fuzz_customer)


# Public operations are fuzzed once, with the customer's token: the admin's adds nothing there.
behind_the_authorizer = schema.include(lambda context: bool(context.operation.definition.raw.get("security")))


@behind_the_authorizer.parametrize()
@bounded
def test_no_input_from_an_admin_gets_a_server_error_or_an_undocumented_answer(case, api_url, fuzz_admin):
    send(case, api_url, "admin", fuzz_admin)


# ---------------------------------------------------------------- what a fuzzer does not generate

def cursor(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


HOSTILE = [  # (method, path, body, status, code): inputs that were 502s, or would be on AWS
    ("GET", "/v1/products/" + "a" * 3_000, None, 404, "not_found"),
    ("GET", "/v1/orders/" + "b" * 3_000 + "/payment", None, 404, "not_found"),
    ("PUT", "/v1/cart/items/" + "c" * 3_000, '{"quantity": 1}', 404, "not_found"),
    ("PATCH", "/v1/users/me/addresses/" + "d" * 3_000, '{"city": "Paris"}', 404, "not_found"),
    ("POST", "/v1/auth/login", "[" * 50_000, 400, "too_deeply_nested"),
    ("POST", "/v1/auth/signup", json.dumps({f"k{n}": 1 for n in range(300_000)}), 413, "payload_too_large"),
    ("POST", "/v1/auth/login", json.dumps({f"k{n}": 1 for n in range(3_000)}), 422, "validation_error"),
    ("GET", "/v1/products?cursor=" + cursor({"id": {"S": ""}, "sort_name": {"S": ""}, "listing": {"S": "PRODUCT"}}),
     None, 400, "invalid_cursor"),
    ("GET", "/v1/products?cursor=" + base64.urlsafe_b64encode(b"[" * 1_500).decode(), None, 400, "invalid_cursor"),
    ("POST", "/v1/products", json.dumps({"name": "ΐ" * 200, "category": "fuzz", "price": 1, "currency": "EUR"}),
     422, "validation_error"),
]


@pytest.mark.parametrize("method, path, body, status, code", HOSTILE, ids=[f"{m} {p[:40]}" for m, p, *_ in HOSTILE])
def test_hostile_input_gets_a_small_4xx_in_the_error_shape(outputs, admin_tokens, method, path, body, status, code):
    response = requests.request(method, outputs["ApiUrl"] + path, data=body and body.encode(), timeout=TIMEOUT,
                                headers={"Authorization": f"Bearer {admin_tokens.id_token}"})
    assert (response.status_code, response.json().get("code")) == (status, code), response.text[:300]
    assert len(response.content) < 4_000 and "shop-" not in response.text  # no table names, no echo
