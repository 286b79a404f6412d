"""Integration tests: real HTTP against the stack deployed on the emulator, real Cognito tokens.

`make test` deploys a fresh stack and points SHOP_STACK_OUTPUTS at its outputs; against a
`make up` stack run `.local/venv/bin/pytest tests/integration` (defaults to .local/stack-outputs.json).
"""

import json
import os
import uuid
from pathlib import Path

import boto3
import pytest
import requests

from infra import throttle
from infra.accounts import Tokens, ensure_user, sign_in

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30  # seconds; a cold start of several functions at once on 2 cores can take a while


class Api:
    """requests, with the API's base URL and optionally a bearer token."""

    def __init__(self, base_url: str, token: str | None = None, timeout: float = TIMEOUT):
        self.base_url = base_url
        self.timeout = timeout
        self.http = throttle.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def fork(self, timeout: float | None = None) -> "Api":
        """The same client on its own connection (one per thread), optionally more patient."""
        return Api(self.base_url, self.http.headers.get("Authorization", "").removeprefix("Bearer ") or None,
                   timeout or self.timeout)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


@pytest.fixture(scope="session")
def outputs() -> dict:
    path = ROOT / os.environ.get("SHOP_STACK_OUTPUTS", ".local/stack-outputs.json")
    if not path.is_file():
        pytest.fail(f"{path} not found: deploy the stack first (`make up`, or run `make test`)")
    outputs = json.loads(path.read_text())
    # The emulator takes any credentials; boto3 only needs some to sign with.
    os.environ["AWS_ENDPOINT_URL"] = outputs["EndpointUrl"]
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
    os.environ.setdefault("AWS_DEFAULT_REGION", outputs["Region"])
    return outputs


@pytest.fixture(scope="session")
def cognito(outputs):
    return boto3.client("cognito-idp", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])


@pytest.fixture(scope="session")
def new_user(outputs, cognito):
    """Make a confirmed user with a unique email and return (email, password, tokens)."""

    def make(groups: tuple[str, ...] = (), name: str = "Test User") -> tuple[str, str, Tokens]:
        email = f"it-{uuid.uuid4().hex[:12]}@example.com"
        password = f"Pw-{uuid.uuid4().hex[:10]}A1"
        ensure_user(cognito, outputs["UserPoolId"], email, password, name, groups=groups)
        return email, password, sign_in(cognito, outputs["UserPoolClientId"], email, password)

    return make


@pytest.fixture(scope="session")
def admin_tokens(new_user) -> Tokens:
    return new_user(groups=("admin",), name="IT Admin")[2]


@pytest.fixture(scope="session")
def customer_tokens(new_user) -> Tokens:
    return new_user(name="IT Customer")[2]


@pytest.fixture(scope="session")
def public(outputs) -> Api:
    return Api(outputs["ApiUrl"])


@pytest.fixture(scope="session")
def admin(outputs, admin_tokens) -> Api:
    return Api(outputs["ApiUrl"], admin_tokens.id_token)


@pytest.fixture(scope="session")
def customer(outputs, customer_tokens) -> Api:
    return Api(outputs["ApiUrl"], customer_tokens.id_token)


@pytest.fixture(scope="module")
def shopper(new_user, outputs) -> Api:
    """A customer of its own per test module (its orders and cart are its module's alone)."""
    return Api(outputs["ApiUrl"], new_user(name="Shopper")[2].id_token)
