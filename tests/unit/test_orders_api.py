"""Cart and order endpoints, handler by handler, against moto. The catalog and address copies the
order service keeps from other services' events are seeded with order_table.copy_*."""

import itertools
import json

import pytest

from tests.unit.conftest import ADMIN, CUSTOMER, api_event, call, handler_module, service_module

order_table = service_module("orders", "order_table")

get_cart = handler_module("orders", "get_cart")
set_cart_item = handler_module("orders", "set_cart_item")
remove_cart_item = handler_module("orders", "remove_cart_item")
clear_cart = handler_module("orders", "clear_cart")
place_order = handler_module("orders", "place_order")
get_order = handler_module("orders", "get_order")
list_my_orders = handler_module("orders", "list_my_orders")
cancel_order = handler_module("orders", "cancel_order")
list_all_orders = handler_module("orders", "list_all_orders")

OTHER = {"sub": "other-sub", "email": "other@example.com"}
ADDRESS = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
           "country": "gb"}
ORDER = {"items": [{"product_id": "book", "quantity": 2}], "shipping_address": ADDRESS, "payment_token": "tok_ok"}


def catalog(product_id: str, price: int, currency: str = "EUR", version: int = 1, name: str | None = None) -> None:
    order_table.copy_product({"id": product_id, "name": name or product_id.title(), "price": price,
                              "currency": currency, "version": version}, deleted=False)


@pytest.fixture
def shop(orders_tables, monkeypatch):
    """The orders tables, a small catalog and a clock that ticks one second per reading."""
    ticks = itertools.count()

    def now_iso() -> str:
        minute, second = divmod(next(ticks), 60)
        return f"2026-11-27T12:{minute:02d}:{second:02d}.000Z"

    monkeypatch.setattr(order_table, "now_iso", now_iso)
    catalog("book", 3899, name="Release It!")
    catalog("mug", 1250)
    catalog("hat", 2000, currency="USD")


# ---------------------------------------------------------------- cart

def set_item(product_id: str, quantity, claims=CUSTOMER) -> tuple[int, dict]:
    return call(set_cart_item, api_event("orders/set_cart_item", path_params={"product_id": product_id},
                                         body={"quantity": quantity}, claims=claims))


def cart(claims=CUSTOMER) -> dict:
    status, body = call(get_cart, api_event("orders/get_cart", claims=claims))
    assert status == 200
    return body


def test_setting_quantities_prices_the_cart_from_the_catalog(shop):
    assert set_item("book", 2)[0] == 200
    status, body = set_item("mug", 1)
    assert status == 200
    assert [(i["product_id"], i["quantity"], i["unit_price"], i["line_total"]) for i in body["items"]] == [
        ("book", 2, 3899, 7798), ("mug", 1, 1250, 1250)]
    assert (body["total"], body["currency"]) == (9048, "EUR")
    assert set_item("book", 5)[1]["total"] == 5 * 3899 + 1250
    assert cart(OTHER)["items"] == []


def test_quantity_zero_and_delete_remove_a_line(shop):
    set_item("book", 2)
    set_item("mug", 1)
    assert [i["product_id"] for i in set_item("book", 0)[1]["items"]] == ["mug"]
    event = api_event("orders/remove_cart_item", path_params={"product_id": "mug"}, claims=CUSTOMER)
    assert call(remove_cart_item, event) == (200, {"items": [], "total": 0, "currency": None,
                                                   "updated_at": cart()["updated_at"]})


def test_clearing_the_cart_empties_it(shop):
    set_item("book", 2)
    assert call(clear_cart, api_event("orders/clear_cart", claims=CUSTOMER)) == (204, None)
    assert cart() == {"items": [], "total": 0, "currency": None, "updated_at": None}


def test_an_unknown_product_is_404_product_not_found(shop):
    status, body = set_item("ghost", 1)
    assert (status, body["code"]) == (404, "product_not_found")
    assert cart()["items"] == []


@pytest.mark.parametrize("quantity", [100, -1, 1.5, "2"])
def test_a_quantity_out_of_range_or_not_an_integer_is_422(shop, quantity):
    status, body = set_item("book", quantity)
    assert status == 422 and body["details"][0]["field"] == "quantity"


def test_a_product_in_another_currency_is_409(shop):
    set_item("book", 1)
    status, body = set_item("hat", 1)
    assert (status, body["code"]) == (409, "currency_mismatch")
    assert [i["product_id"] for i in cart()["items"]] == ["book"]


def test_a_product_deleted_from_the_catalog_shows_as_unavailable(shop):
    set_item("mug", 2)
    order_table.copy_product({"id": "mug", "name": "Mug", "price": 1250, "currency": "EUR", "version": 2}, deleted=True)
    [line] = cart()["items"]
    assert (line["available"], line["unit_price"], line["line_total"]) == (False, None, None)
    assert cart()["total"] == 0


# ---------------------------------------------------------------- placing orders

def place(body=None, key: str | None = "order-key-1", claims=CUSTOMER) -> tuple[int, dict]:
    event = api_event("orders/place_order", body=body or ORDER, claims=claims)
    event["headers"].pop("idempotency-key", None)
    if key is not None:
        event["headers"]["idempotency-key"] = key
    return call(place_order, event)


def read(order_id: str, claims=CUSTOMER) -> tuple[int, dict]:
    return call(get_order, api_event("orders/get_order", path_params={"order_id": order_id}, claims=claims))


def test_placing_an_order_needs_an_idempotency_key(shop):
    status, body = place(key=None)
    assert (status, body["code"]) == (400, "idempotency_key_required")


def test_an_order_from_items_is_pending_at_catalog_prices(shop):
    status, order = place({**ORDER, "items": [{"product_id": "book", "quantity": 2}, {"product_id": "mug",
                                                                                      "quantity": 1}]})
    assert status == 201
    assert (order["status"], order["user_id"], order["total"], order["currency"]) == ("PENDING", "customer-sub",
                                                                                      9048, "EUR")
    assert order["items"][0] == {"product_id": "book", "name": "Release It!", "quantity": 2, "unit_price": 3899,
                                 "line_total": 7798}
    assert order["shipping_address"]["country"] == "GB"
    assert [(h["status"], h["reason"]) for h in order["history"]] == [("PENDING", "placed")]
    assert "payment_token" not in order and "tok_ok" not in str(order)
    assert read(order["id"]) == (200, order)


def test_the_client_cannot_name_a_price(shop):
    status, body = place({**ORDER, "items": [{"product_id": "book", "quantity": 1, "unit_price": 1}], "total": 1})
    assert status == 422 and {d["field"] for d in body["details"]} >= {"items.0.unit_price", "total"}


def test_the_price_is_the_catalog_copys_at_the_time_of_the_order(shop):
    catalog("book", 2999, version=2)
    status, order = place()
    assert status == 201 and (order["items"][0]["unit_price"], order["total"]) == (2999, 5998)


def test_the_same_product_twice_is_one_line(shop):
    _, order = place({**ORDER, "items": [{"product_id": "mug", "quantity": 1}, {"product_id": "mug", "quantity": 2}]})
    assert [(i["product_id"], i["quantity"]) for i in order["items"]] == [("mug", 3)] and order["total"] == 3750


def test_an_unknown_product_is_404_and_places_nothing(shop):
    status, body = place({**ORDER, "items": [{"product_id": "book", "quantity": 1}, {"product_id": "ghost",
                                                                                     "quantity": 1}]})
    assert (status, body["code"]) == (404, "product_not_found") and "ghost" in body["message"]
    assert call(list_my_orders, api_event("orders/list_my_orders", claims=CUSTOMER))[1]["items"] == []


def test_mixed_currencies_are_422(shop):
    status, body = place({**ORDER, "items": [{"product_id": "book", "quantity": 1}, {"product_id": "hat",
                                                                                     "quantity": 1}]})
    assert (status, body["code"]) == (422, "mixed_currencies")


def test_checkout_from_the_cart_places_its_lines_and_deletes_it(shop):
    set_item("book", 1)
    set_item("mug", 2)
    status, order = place({"shipping_address": ADDRESS, "payment_token": "tok_ok"})
    assert status == 201
    assert [(i["product_id"], i["quantity"]) for i in order["items"]] == [("book", 1), ("mug", 2)]
    assert order["total"] == 3899 + 2500
    assert order_table.find_cart(CUSTOMER["sub"]) is None


def test_checkout_from_an_empty_cart_is_422(shop):
    status, body = place({"shipping_address": ADDRESS, "payment_token": "tok_ok"})
    assert (status, body["code"]) == (422, "cart_empty")


def test_checking_out_with_items_leaves_the_cart_alone(shop):
    set_item("mug", 2)
    assert place()[0] == 201
    assert [i["product_id"] for i in cart()["items"]] == ["mug"]


def test_an_address_id_ships_to_the_copy_of_the_users_address(shop):
    order_table.copy_address(CUSTOMER["sub"], "home", {**ADDRESS, "country": "GB", "label": "Home"},
                             "2026-11-27T11:00:00.000Z")
    status, order = place({"items": ORDER["items"], "address_id": "home", "payment_token": "tok_ok"})
    assert status == 201 and order["shipping_address"]["line1"] == ADDRESS["line1"]


def test_an_unknown_or_other_users_address_id_is_404(shop):
    order_table.copy_address(OTHER["sub"], "theirs", ADDRESS, "2026-11-27T11:00:00.000Z")
    for address_id in ("nowhere", "theirs"):
        status, body = place({"items": ORDER["items"], "address_id": address_id, "payment_token": "tok_ok"},
                             key=address_id)
        assert (status, body["code"]) == (404, "address_not_found")


@pytest.mark.parametrize("addresses", [{}, {"shipping_address": ADDRESS, "address_id": "home"}])
def test_exactly_one_of_shipping_address_and_address_id_else_422(shop, addresses):
    status, body = place({"items": ORDER["items"], "payment_token": "tok_ok", **addresses})
    assert (status, body["code"]) == (422, "validation_error")


def test_a_retry_with_the_same_key_and_body_replays_the_same_order(shop):
    first = place(key="k1")
    assert first[0] == 201
    assert place(key="k1") == first
    status, page = call(list_my_orders, api_event("orders/list_my_orders", claims=CUSTOMER))
    assert status == 200 and [o["id"] for o in page["items"]] == [first[1]["id"]]


def test_the_same_key_with_another_body_is_422(shop):
    place(key="k1")
    status, body = place({**ORDER, "items": [{"product_id": "mug", "quantity": 1}]}, key="k1")
    assert (status, body["code"]) == (422, "idempotency_key_reused")


def test_keys_are_per_user(shop):
    _, mine = place(key="k1")
    status, theirs = place(key="k1", claims=OTHER)
    assert status == 201 and theirs["id"] != mine["id"] and theirs["user_id"] == "other-sub"


def test_placing_an_order_needs_a_token(shop):
    assert place(claims={})[0] == 401


# ---------------------------------------------------------------- reading orders

def test_another_users_order_is_404_but_an_admin_may_read_it(shop):
    _, order = place()
    status, body = read(order["id"], claims=OTHER)
    assert (status, body["code"]) == (404, "not_found")
    assert read(order["id"], claims=ADMIN) == (200, order)
    assert read("ghost")[0] == 404


def my_orders(claims=CUSTOMER, **query) -> tuple[int, dict]:
    return call(list_my_orders, api_event("orders/list_my_orders", query={k: str(v) for k, v in query.items()},
                                          claims=claims))


def test_my_orders_are_newest_first_a_page_at_a_time(shop):
    placed = [place(key=f"k{n}")[1]["id"] for n in range(5)]
    place(key="k-other", claims=OTHER)

    seen, cursor = [], None
    while True:
        status, page = my_orders(limit=2, **({"cursor": cursor} if cursor else {}))
        assert status == 200 and len(page["items"]) <= 2
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(placed))


def test_another_users_cursor_is_refused(shop):
    for n in range(3):
        place(key=f"k{n}")
    _, page = my_orders(limit=1)
    status, body = my_orders(claims=OTHER, cursor=page["next_cursor"])
    assert (status, body["code"]) == (400, "invalid_cursor")


# ---------------------------------------------------------------- cancelling

def cancel(order_id: str, claims=CUSTOMER) -> tuple[int, dict]:
    return call(cancel_order, api_event("orders/cancel_order", path_params={"order_id": order_id}, claims=claims))


def test_a_pending_order_is_cancelled_by_its_customer_and_cancelling_again_changes_nothing(shop):
    _, order = place()
    status, cancelled = cancel(order["id"])
    assert status == 200
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("CANCELLED", "customer")
    assert [(h["status"], h["reason"]) for h in cancelled["history"]] == [("PENDING", "placed"),
                                                                          ("CANCELLED", "customer")]
    assert cancel(order["id"]) == (200, cancelled)


def test_a_paid_orders_cancellation_is_requested_and_shipping_decides(shop):
    _, order = place()
    order_table.change_status(order["id"], "PAID")
    status, requested = cancel(order["id"])
    assert (status, requested["status"]) == (202, "PAID") and requested["cancel_requested_at"]
    assert requested["history"][-1]["reason"] == "cancel_requested"
    again_status, again = cancel(order["id"])
    assert (again_status, again["cancel_requested_at"]) == (202, requested["cancel_requested_at"])
    stored = order_table.find_order(order["id"])
    assert len([h for h in stored.history if h.reason == "cancel_requested"]) == 1  # asked once


def test_an_order_paid_while_its_cancellation_was_on_its_way_is_requested_not_cancelled(shop, monkeypatch):
    _, order = place()
    real_apply = order_table._apply

    def paid_in_between(record, target, reason):
        monkeypatch.setattr(order_table, "_apply", real_apply)
        order_table.change_status(record.order_id, "PAID")  # the payment lands first
        return real_apply(record, target, reason)

    monkeypatch.setattr(order_table, "_apply", paid_in_between)
    status, body = cancel(order["id"])
    assert (status, body["status"]) == (202, "PAID") and body["cancel_requested_at"]


def test_a_shipped_order_can_no_longer_be_cancelled(shop):
    _, order = place()
    order_table.change_status(order["id"], "PAID")
    order_table.change_status(order["id"], "SHIPPED")
    status, body = cancel(order["id"])
    assert (status, body["code"]) == (409, "not_cancellable")
    assert read(order["id"])[1]["status"] == "SHIPPED"


def test_nobody_cancels_another_users_order(shop):
    _, order = place()
    assert cancel(order["id"], claims=OTHER)[0] == 404
    assert cancel("ghost")[0] == 404
    assert read(order["id"])[1]["status"] == "PENDING"


# ---------------------------------------------------------------- all orders (admin)

def all_orders(claims=ADMIN, **query) -> tuple[int, dict]:
    return call(list_all_orders, api_event("orders/list_all_orders", query={k: str(v) for k, v in query.items()},
                                           claims=claims))


def test_an_admin_lists_every_customers_orders_newest_first_and_filters_by_status(shop):
    _, first = place(key="k1")
    _, second = place(key="k2", claims=OTHER)
    _, third = place(key="k3")
    order_table.change_status(second["id"], "PAID")

    status, page = all_orders()
    assert status == 200 and [o["id"] for o in page["items"]] == [third["id"], second["id"], first["id"]]
    assert [o["id"] for o in all_orders(status="PAID")[1]["items"]] == [second["id"]]
    assert [o["id"] for o in all_orders(status="PENDING")[1]["items"]] == [third["id"], first["id"]]
    assert all_orders(status="DELIVERED")[1] == {"items": [], "next_cursor": None}


def test_all_orders_page_with_a_cursor_that_belongs_to_the_status(shop):
    ids = [place(key=f"k{n}")[1]["id"] for n in range(3)]
    _, page = all_orders(status="PENDING", limit=2)
    _, rest = all_orders(status="PENDING", limit=2, cursor=page["next_cursor"])
    assert [o["id"] for o in page["items"] + rest["items"]] == list(reversed(ids))
    status, body = all_orders(status="PAID", cursor=page["next_cursor"])
    assert (status, body["code"]) == (400, "invalid_cursor")


def test_all_orders_is_for_admins_only(shop):
    assert all_orders(claims=CUSTOMER)[0] == 403
    assert all_orders(claims={})[0] == 401
    assert all_orders(status="LOST")[0] == 422


def test_lines_of_one_product_adding_up_to_more_than_99_are_refused(shop):
    too_many = {**ORDER, "items": [{"product_id": "book", "quantity": 60}, {"product_id": "book", "quantity": 40}]}
    status, body = place(too_many)
    assert (status, body["code"]) == (422, "quantity_too_large")


# ---------------------------------------------------------------- one order per key, whatever fails

def forget_idempotency_records() -> None:
    """What a client meets after an attempt died before saving its idempotency result: the
    in-progress record expires and the next attempt runs the checkout again."""
    import os

    import boto3

    table = boto3.resource("dynamodb").Table(os.environ["IDEMPOTENCY_TABLE"])
    for item in table.scan()["Items"]:
        table.delete_item(Key={"id": item["id"]})


def orders_in_table() -> list[str]:
    return [order.order_id for order in order_table.OrderRecord.scan() if order.sk == "ORDER"]


@pytest.mark.parametrize("from_cart", [False, True])
def test_a_retry_after_the_idempotency_write_failed_returns_the_first_order(shop, monkeypatch, from_cart):
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError

    def fail(*_args, **_kwargs):
        raise ConnectionError("the idempotency table is unreachable")

    if from_cart:
        set_item("book", 2)
    body = {key: value for key, value in ORDER.items() if not (from_cart and key == "items")}
    with monkeypatch.context() as patch:
        patch.setattr(DynamoDBPersistenceLayer, "_update_record", fail)  # saving the result fails
        with pytest.raises(IdempotencyPersistenceLayerError):  # Lambda fails; the gateway answers 500
            place(body, key="retried")
    [first] = orders_in_table()
    forget_idempotency_records()
    status, order = place(body, key="retried")
    assert (status, order["id"]) == (201, first)
    assert orders_in_table() == [first]
    assert place({**body, "payment_token": "tok_declined"}, key="retried")[1]["code"] == "idempotency_key_reused"


def test_two_attempts_that_race_past_the_idempotency_record_store_one_order(shop, monkeypatch):
    first = place(key="raced")
    forget_idempotency_records()
    real_find_order = order_table.find_order
    looks = []

    def looked_before_the_first_wrote(order_id: str):
        looks.append(order_id)
        return None if len(looks) == 1 else real_find_order(order_id)

    monkeypatch.setattr(order_table, "find_order", looked_before_the_first_wrote)
    second = place(key="raced")  # its write meets the first order's and answers with it
    assert first[0] == second[0] == 201 and first[1]["id"] == second[1]["id"]
    assert orders_in_table() == [first[1]["id"]]


# ---------------------------------------------------------------- a product the catalog copy has not heard of yet

NEW_PRODUCT = {"id": "0b7a3c5e-1f2d-4e6a-9b8c-7d6e5f4a3b2c", "name": "Kettle", "category": "kitchen",
               "price": 2999, "currency": "EUR", "stock": 5, "version": 1}


@pytest.fixture
def product_api(monkeypatch):
    """A stand-in for the product service's public API: GET /v1/products/{id} from `products`
    (or the status in `fail_with`); `requests` records the ids asked for."""
    import http.server
    import threading

    state = {"products": {NEW_PRODUCT["id"]: NEW_PRODUCT}, "fail_with": None, "requests": []}

    class Api(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            product_id = self.path.rsplit("/", 1)[-1]
            state["requests"].append(product_id)
            product = state["products"].get(product_id)
            status = state["fail_with"] or (200 if product else 404)
            body = json.dumps(product if status == 200 else {"message": "nope", "code": "not_found"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PRODUCTS_API_URL", f"http://127.0.0.1:{server.server_port}")
    yield state
    server.shutdown()


def test_a_product_created_a_moment_ago_can_go_in_the_cart_and_be_ordered(shop, product_api):
    status, body = set_item(NEW_PRODUCT["id"], 2)
    assert status == 200 and body["items"][0]["unit_price"] == 2999
    status, order = place({**ORDER, "items": [{"product_id": NEW_PRODUCT["id"], "quantity": 1}]}, key="new")
    assert (status, order["total"]) == (201, 2999)
    assert product_api["requests"] == [NEW_PRODUCT["id"]]  # read once, then from the copy


def test_a_product_the_catalog_does_not_have_is_still_404(shop, product_api):
    missing = "11111111-2222-4333-8444-555555555555"
    status, body = set_item(missing, 1)
    assert (status, body["code"]) == (404, "product_not_found")
    assert set_item("not-a-product-id", 1)[1]["code"] == "product_not_found"
    assert product_api["requests"] == [missing]  # ids that cannot be products are not looked up


def test_a_catalog_that_does_not_answer_is_503_and_changes_nothing(shop, product_api):
    product_api["fail_with"] = 500
    status, body = set_item(NEW_PRODUCT["id"], 1)
    assert (status, body["code"]) == (503, "catalog_unavailable")
    assert cart()["items"] == []
