"""Product endpoints, handler by handler, against moto."""

import json

import pytest

from tests.unit.conftest import ADMIN, CUSTOMER, LambdaContext, api_event, call, service_module

create_product = service_module("products", "create_product")
delete_product = service_module("products", "delete_product")
get_product = service_module("products", "get_product")
list_products = service_module("products", "list_products")
update_product = service_module("products", "update_product")

KNIFE = {"name": "Chef's Knife", "category": "kitchen", "price": 8900, "currency": "EUR", "stock": 3}


def create(body=None, claims=ADMIN, key: str | None = None) -> tuple[int, dict]:
    event = api_event("products/create_product", body=body or KNIFE, claims=claims)
    if key:
        event["headers"]["idempotency-key"] = key
    return call(create_product, event)


def test_admin_creates_a_product_and_anyone_reads_it(products_table):
    response = create_product.handler(api_event("products/create_product", body=KNIFE, claims=ADMIN), LambdaContext())
    created = json.loads(response["body"])
    assert response["statusCode"] == 201 and response["headers"]["Location"] == f"/v1/products/{created['id']}"
    assert created["version"] == 1 and created["price"] == 8900 and created["id"]

    status, read = call(get_product, api_event("products/get_product", path_params={"product_id": created["id"]}))
    assert (status, read) == (200, created)


def test_writes_need_the_admin_group(products_table):
    assert create(claims={})[0] == 401
    status, body = create(claims=CUSTOMER)
    assert status == 403
    assert body == {"message": "This route needs the admin role", "code": "forbidden"}


def test_invalid_input_gets_422_naming_the_fields(products_table):
    status, body = create({**KNIFE, "price": 89.99, "currency": "euro"})
    assert status == 422
    assert body["code"] == "validation_error"
    assert {d["field"] for d in body["details"]} == {"price", "currency"}
    assert "price" in body["message"] and "currency" in body["message"]


def test_malformed_json_is_a_4xx_not_a_crash(products_table):
    status, body = call(create_product, api_event("products/create_product", raw_body="{not json", claims=ADMIN))
    assert status == 422 and body["code"] == "validation_error"


def test_missing_product_is_404(products_table):
    status, body = call(get_product, api_event("products/get_product", path_params={"product_id": "nope"}))
    assert status == 404 and body == {"message": "product nope does not exist", "code": "not_found"}


def test_update_bumps_the_version_and_a_stale_version_gets_409(products_table):
    _, product = create()
    event = api_event("products/update_product", path_params={"product_id": product["id"]},
                      body={"version": 1, "price": 7900}, claims=ADMIN)
    status, updated = call(update_product, event)
    assert status == 200 and updated["price"] == 7900 and updated["version"] == 2

    stale = api_event("products/update_product", path_params={"product_id": product["id"]},
                      body={"version": 1, "price": 1}, claims=ADMIN)
    status, body = call(update_product, stale)
    assert status == 409 and body["code"] == "version_conflict"
    _, current = call(get_product, api_event("products/get_product", path_params={"product_id": product["id"]}))
    assert current["price"] == 7900 and current["version"] == 2


def test_update_of_a_missing_product_is_404_and_creates_nothing(products_table):
    event = api_event("products/update_product", path_params={"product_id": "ghost"},
                      body={"version": 1, "stock": 5}, claims=ADMIN)
    assert call(update_product, event)[0] == 404
    assert call(get_product, api_event("products/get_product", path_params={"product_id": "ghost"}))[0] == 404


def test_delete_removes_the_product_once(products_table):
    _, product = create()
    event = api_event("products/delete_product", path_params={"product_id": product["id"]}, claims=ADMIN)
    assert call(delete_product, event) == (204, None)
    assert call(delete_product, event)[0] == 404
    as_customer = api_event("products/delete_product", path_params={"product_id": product["id"]}, claims=CUSTOMER)
    assert call(delete_product, as_customer)[0] == 403


def list_page(**query) -> tuple[int, dict]:
    return call(list_products, api_event("products/list_products", query={k: str(v) for k, v in query.items()}))


def test_listing_pages_through_a_category_in_name_order(products_table):
    names = [f"Book {n:02d}" for n in range(7)]
    for name in reversed(names):
        create({**KNIFE, "name": name, "category": "books"})
    create(KNIFE)  # another category, must not appear

    seen, cursor, pages = [], None, 0
    while True:
        query = {"category": "books", "limit": 3} | ({"cursor": cursor} if cursor else {})
        status, page = list_page(**query)
        assert status == 200
        seen += [item["name"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == names and pages == 3


def test_text_search_matches_part_of_the_name_case_insensitively(products_table):
    for name in ("Burr Coffee Grinder", "Pour-Over Coffee Kettle", "Cast Iron Skillet"):
        create({**KNIFE, "name": name})
    status, page = list_page(q="COFFEE", limit=1)
    assert status == 200 and [i["name"] for i in page["items"]] == ["Burr Coffee Grinder"]
    status, page = list_page(q="coffee", limit=1, cursor=page["next_cursor"])
    assert [i["name"] for i in page["items"]] == ["Pour-Over Coffee Kettle"] and page["next_cursor"] is None


@pytest.mark.parametrize("query, status", [({"limit": 0}, 422), ({"limit": 101}, 422), ({"category": "Bad Cat"}, 422),
                                           ({"cursor": "garbage"}, 400)])
def test_bad_list_parameters_are_4xx(products_table, query, status):
    assert list_page(**query)[0] == status


def test_a_cursor_from_another_query_is_refused(products_table):
    for n in range(3):
        create({**KNIFE, "name": f"K{n}"})
    _, page = list_page(limit=1)
    status, body = list_page(category="kitchen", cursor=page["next_cursor"])
    assert status == 400 and body["code"] == "invalid_cursor"


def test_a_retried_create_with_an_idempotency_key_creates_one_product(products_table, users_tables):
    first = create(key="create-1")
    assert first[0] == 201 and create(key="create-1") == first
    assert create({**KNIFE, "price": 1}, key="create-1")[0] == 422
    _, page = list_page(category="kitchen")
    assert [item["id"] for item in page["items"]] == [first[1]["id"]]
