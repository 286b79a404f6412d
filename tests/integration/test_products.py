"""The product service end to end: API Gateway, JWT authorizer, Lambda, DynamoDB on the emulator."""

import json
import uuid

import pytest

from infra.openapi import OUTPUT


def new_product(category: str, **overrides) -> dict:
    return {"name": f"Widget {uuid.uuid4().hex[:6]}", "description": "A test widget", "category": category,
            "price": 1999, "currency": "EUR", "stock": 5, **overrides}


@pytest.fixture
def category() -> str:
    return f"it-{uuid.uuid4().hex[:10]}"


def test_health_and_openapi_are_public(public):
    assert public.get("/v1/health").json()["status"] == "ok"
    served = public.get("/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(OUTPUT.read_text())


def test_writes_are_refused_without_a_valid_token_or_the_admin_role(public, customer, category, outputs):
    body = new_product(category)
    no_token = public.post("/v1/products", json=body)
    assert no_token.status_code == 401 and no_token.json()["message"] == "Unauthorized"
    garbage = public.post("/v1/products", json=body, headers={"Authorization": "Bearer not.a.jwt"})
    assert garbage.status_code == 401
    as_customer = customer.post("/v1/products", json=body)
    assert as_customer.status_code == 403 and as_customer.json()["code"] == "forbidden"
    assert public.get("/v1/products", params={"category": category}).json()["items"] == []


def test_admin_creates_updates_and_deletes_a_product(admin, public, category):
    created = admin.post("/v1/products", json=new_product(category, price=2500))
    assert created.status_code == 201
    product = created.json()
    assert created.headers["Location"] == f"/v1/products/{product['id']}"
    assert public.get(f"/v1/products/{product['id']}").json() == product

    updated = admin.patch(f"/v1/products/{product['id']}", json={"version": 1, "price": 2200, "stock": 0})
    assert updated.status_code == 200
    assert (updated.json()["price"], updated.json()["stock"], updated.json()["version"]) == (2200, 0, 2)

    assert admin.delete(f"/v1/products/{product['id']}").status_code == 204
    gone = public.get(f"/v1/products/{product['id']}")
    assert gone.status_code == 404 and gone.json()["code"] == "not_found"


def test_a_stale_version_gets_409_and_overwrites_nothing(admin, public, category):
    product = admin.post("/v1/products", json=new_product(category)).json()
    assert admin.patch(f"/v1/products/{product['id']}", json={"version": 1, "name": "First edit"}).status_code == 200
    stale = admin.patch(f"/v1/products/{product['id']}", json={"version": 1, "name": "Lost update"})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    current = public.get(f"/v1/products/{product['id']}").json()
    assert (current["name"], current["version"]) == ("First edit", 2)


def test_pagination_walks_a_category_page_by_page_without_gaps_or_repeats(admin, public, category):
    names = sorted(f"Item {n:02d}" for n in range(7))
    for name in names:
        assert admin.post("/v1/products", json=new_product(category, name=name)).status_code == 201

    seen, cursor, pages = [], None, 0
    while True:
        params = {"category": category, "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = public.get("/v1/products", params=params).json()
        seen += [item["name"] for item in page["items"]]
        pages += 1
        if not (cursor := page["next_cursor"]):
            break
    assert (seen, pages) == (names, 3)

    found = public.get("/v1/products", params={"category": category, "q": "item 0"}).json()["items"]
    assert len(found) == 7


def test_invalid_input_gets_a_4xx_json_error_naming_the_fields(admin, public, category):
    bad = admin.post("/v1/products", json=new_product(category, price=19.99, stock=-1))
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["details"]} == {"price", "stock"}
    not_json = admin.post("/v1/products", data="{oops", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422 and not_json.json()["code"] == "validation_error"
    assert public.get("/v1/products", params={"limit": 500}).status_code == 422
    assert public.get("/v1/products", params={"cursor": "bogus"}).json()["code"] == "invalid_cursor"


def test_unknown_routes_are_404_json(public):
    response = public.get("/v1/no-such-thing")
    assert response.status_code == 404 and response.json()["message"]


def test_cors_preflight_allows_browser_clients(public):
    response = public.request("OPTIONS", "/v1/products", headers={
        "Origin": "https://shop.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://shop.example.com")
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
