"""Profiles and address books over HTTP: each user sees only their own."""

import re
import uuid

import pytest

from tests.template import resources

HOME = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
        "country": "GB"}


@pytest.fixture
def fresh_customer(new_user, outputs):
    from tests.integration.conftest import Api

    _, _, tokens = new_user(name="Fresh Customer")
    return Api(outputs["ApiUrl"], tokens.id_token)


def test_profile_is_created_on_first_access_and_can_be_edited(fresh_customer):
    me = fresh_customer.get("/v1/users/me")
    assert me.status_code == 200 and me.json()["email"].startswith("it-")
    assert me.json()["name"] == "Fresh Customer"  # from sign-up, through the ID token
    changed = fresh_customer.patch("/v1/users/me", json={"phone": "+33123456789",
                                                         "preferences": {"preferred_currency": "GBP"}})
    assert changed.status_code == 200
    assert changed.json()["phone"] == "+33123456789" and changed.json()["preferences"]["preferred_currency"] == "GBP"
    assert fresh_customer.patch("/v1/users/me", json={"email": "x@evil.example"}).status_code == 422


def test_addresses_with_one_default(fresh_customer):
    first = fresh_customer.post("/v1/users/me/addresses", json=HOME)
    assert first.status_code == 201 and first.json()["is_default"]
    second = fresh_customer.post("/v1/users/me/addresses", json={**HOME, "line1": "1 Other Road"}).json()
    made_default = fresh_customer.patch(f"/v1/users/me/addresses/{second['id']}", json={"is_default": True})
    assert made_default.status_code == 200 and made_default.json()["is_default"]
    listing = fresh_customer.get("/v1/users/me/addresses").json()["items"]
    assert [a["is_default"] for a in listing] == [False, True]
    assert fresh_customer.delete(f"/v1/users/me/addresses/{second['id']}").status_code == 204
    assert [a["is_default"] for a in fresh_customer.get("/v1/users/me/addresses").json()["items"]] == [True]
    missing = fresh_customer.post("/v1/users/me/addresses", json={"recipient": "X"})
    assert missing.status_code == 422
    assert {d["field"] for d in missing.json()["details"]} == {"line1", "city", "postal_code", "country"}


def test_another_users_address_is_404(fresh_customer, customer):
    mine = fresh_customer.post("/v1/users/me/addresses", json=HOME).json()
    assert customer.patch(f"/v1/users/me/addresses/{mine['id']}", json={"city": "Paris"}).status_code == 404
    assert customer.delete(f"/v1/users/me/addresses/{mine['id']}").status_code == 404
    assert mine["id"] not in [a["id"] for a in customer.get("/v1/users/me/addresses").json()["items"]]


def test_a_retried_add_with_an_idempotency_key_adds_once(fresh_customer):
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = fresh_customer.post("/v1/users/me/addresses", json=HOME, headers=key)
    retry = fresh_customer.post("/v1/users/me/addresses", json=HOME, headers=key)
    assert first.status_code == retry.status_code == 201 and first.json() == retry.json()
    reused = fresh_customer.post("/v1/users/me/addresses", json={**HOME, "city": "Paris"}, headers=key)
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    assert len(fresh_customer.get("/v1/users/me/addresses").json()["items"]) == 1


def test_support_reads_a_user_and_customers_cannot(admin, customer, fresh_customer):
    user_id = fresh_customer.get("/v1/users/me").json()["user_id"]
    assert admin.get(f"/v1/users/{user_id}").json()["profile"]["user_id"] == user_id
    assert customer.get(f"/v1/users/{user_id}").status_code == 403
    assert admin.get(f"/v1/users/{uuid.uuid4()}").status_code == 404


ADMIN_ROUTES = sorted(
    re.sub(r"\{[a-z_]+\}", "x", f["Properties"]["Description"].removesuffix(" (admin)")).split(" ", 1)
    for f in resources("AWS::Serverless::Function").values() if "(admin)" in f["Properties"].get("Description", "")
)


def test_every_admin_route_is_covered():
    assert len(ADMIN_ROUTES) >= 8


@pytest.mark.parametrize("method, path", ADMIN_ROUTES)
def test_customers_get_403_on_every_admin_route(customer, method, path):
    response = customer.request(method, path, json={})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
