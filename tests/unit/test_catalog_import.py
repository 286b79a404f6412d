"""The catalog import and the indexes it writes, against moto (one worker: moto is not thread-safe):
validation with line numbers, re-runs that update, transactions that leave no half-written product,
sharded paging, and search that makes at most 3 DynamoDB calls."""

import json

import pytest

from shop import aws_calls
from shop.contracts import products as product_events
from tests.unit.conftest import ADMIN, api_event, call, service_module

catalog_import = service_module("products", "catalog_import")
import_catalog = service_module("products", "import_catalog")
product_table = service_module("products", "product_table")
list_products = service_module("products", "list_products")
update_product = service_module("products", "update_product")
delete_product = service_module("products", "delete_product")
create_product = service_module("products", "create_product")

@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    """Pages and shard directories are cached; an import retires them through its events, which
    these tests do not deliver."""
    from shop import cache as shop_cache

    store = shop_cache.MemoryCache()
    monkeypatch.setattr(shop_cache, "cache", lambda: store)


LINE = {"sku": "MUG-1", "name": "Café Crème Mug", "category": "kitchen", "price": 1200, "currency": "EUR", "stock": 5}


def write(tmp_path, lines, name="catalog.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def page(**query) -> dict:
    status, body = call(list_products, api_event("products/list_products", query={k: str(v) for k, v in query.items()}))
    assert status == 200, body
    return body


def every(**query) -> list[dict]:
    items, cursor = [], None
    while True:
        body = page(**query, **({"cursor": cursor} if cursor else {}))
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def table_items() -> list[dict]:
    import boto3

    return boto3.resource("dynamodb").Table("products-unit").scan()["Items"]


def test_bad_lines_are_rejected_with_their_line_numbers_and_the_rest_imported(products_table, tmp_path):
    path = write(tmp_path, [LINE, {**LINE, "sku": "MUG-2", "price": 12.5}, "{not json", {**LINE, "sku": None},
                            {**LINE, "sku": "MUG-3", "colour": "red"}, {**LINE, "name": "dup"}, "",
                            {**LINE, "sku": "MUG-4", "name": "Tea Pot"}])
    summary = import_catalog.run(path, quiet=True, workers=1)
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    reasons = dict(summary.rejected)
    assert sorted(reasons) == [2, 3, 4, 5, 6]
    assert "price" in reasons[2] and "not JSON" in reasons[3] and "sku or an id" in reasons[4]
    assert "colour" in reasons[5] and "line 1" in reasons[6]
    assert "line 2: price" in import_catalog.report(summary)


def test_csv_lines_follow_the_same_rules(products_table, tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("sku,name,category,price,currency,stock\nK-1,Chef's Knife,kitchen,8900,EUR,3\n"
                    "K-2,Bread Knife,kitchen,89.99,EUR,3\n")
    summary = import_catalog.run(path, quiet=True, workers=1)
    assert summary.created == 1 and [n for n, _ in summary.rejected] == [3]
    assert [p["name"] for p in every(q="knife")] == ["Chef's Knife"]


def test_a_rerun_updates_changed_lines_and_leaves_the_others(products_table, tmp_path):
    lines = [LINE, {**LINE, "sku": "POT-1", "name": "Tea Pot"}]
    assert import_catalog.run(write(tmp_path, lines), quiet=True, workers=1).created == 2
    changed = [LINE, {**lines[1], "name": "Coffee Pot", "price": 999}]
    again = import_catalog.run(write(tmp_path, changed), quiet=True, workers=1)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 1, 1, [])
    products = every()
    assert [(p["name"], p["price"], p["version"], p["sku"]) for p in products] == [
        ("Café Crème Mug", 1200, 1, "MUG-1"), ("Coffee Pot", 999, 2, "POT-1")]
    assert every(q="tea") == [] and [p["name"] for p in every(q="pot")] == ["Coffee Pot"]  # stale words gone


def test_a_line_that_leaves_fields_out_keeps_the_current_values_and_an_unknown_id_is_refused(products_table, tmp_path):
    full = {**LINE, "description": "Holds 300 ml"}
    assert import_catalog.run(write(tmp_path, [full]), quiet=True, workers=1).created == 1
    price_only = {"sku": "MUG-1", "name": "Café Crème Mug", "category": "kitchen", "price": 1300, "currency": "EUR"}
    assert import_catalog.run(write(tmp_path, [price_only]), quiet=True, workers=1).updated == 1
    [mug] = every()
    assert (mug["price"], mug["stock"], mug["description"], mug["version"]) == (1300, 5, "Holds 300 ml", 2)

    unknown = {**LINE, "sku": None, "id": "0b7d3f0e-52a6-4c39-9d5e-6c1a2f3e4d5c"}
    again = import_catalog.run(write(tmp_path, [unknown]), quiet=True, workers=1)
    assert again.created == 0 and [n for n, _ in again.rejected] == [1]
    assert "give a new product a sku" in again.rejected[0][1]


def test_each_transaction_is_one_catalog_event_and_the_products_publish_nothing_themselves(products_table, tmp_path):
    lines = [{**LINE, "sku": f"S{n}", "name": f"Mug {n}"} for n in range(40)]
    import_catalog.run(write(tmp_path, lines), quiet=True, workers=1)
    events = []
    for item in table_items():
        plain = json.loads(json.dumps(item, default=lambda v: sorted(v) if isinstance(v, set) else int(v)))
        events += product_events.events_for(None, plain)
    kinds = [event_type for event_type, _ in events]
    assert set(kinds) == {"catalog.imported"} and 1 <= len(kinds) < 10
    assert sum(len(data["products"]) for _, data in events) == 40


def test_a_failing_product_leaves_nothing_half_written(products_table, tmp_path, monkeypatch):
    """A sku claimed by another product in the table: that line's transaction fails as a whole
    (no product item, no word items), the other lines of its group are written."""
    status, taken = call(create_product, api_event("products/create_product", body={**LINE, "sku": "X-1"},
                                                   claims=ADMIN))
    assert status == 201
    monkeypatch.setattr(product_table, "products_by_sku", lambda skus: {})  # as if raced: not seen beforehand
    path = write(tmp_path, [{**LINE, "sku": "A-1", "name": "Alpha"}, {**LINE, "sku": "X-1", "name": "Zulu Zebra"},
                            {**LINE, "sku": "B-1", "name": "Beta"}])
    summary = import_catalog.run(path, quiet=True, workers=1)
    assert summary.created == 2 and [n for n, _ in summary.rejected] == [2]
    ids = {item["id"] for item in table_items()}
    assert not any("zulu" in i or "zebra" in i for i in ids)
    assert [p["name"] for p in every()] == ["Alpha", "Beta", "Café Crème Mug"]
    assert every(q="zebra") == []
    assert taken["sku"] == "X-1"


def test_sharded_pages_list_every_product_once_in_name_order(products_table, tmp_path):
    names = [f"{first} {n:03d}" for n, first in enumerate(["apple", "Apricot", "banana", "Cherry", "café", "zeta",
                                                           "été", "1up", "a", "ab"] * 9)]
    lines = [{**LINE, "sku": f"S{n}", "name": name, "category": "fruit" if n % 3 else "kitchen"}
             for n, name in enumerate(names)]
    import_catalog.run(write(tmp_path, lines), quiet=True, workers=1)
    for limit in (1, 7, 100):
        listed = every(limit=limit)
        assert [p["name"] for p in listed] == sorted(names, key=lambda n: n.casefold())
        fruit = every(category="fruit", limit=limit)
        assert [p["name"] for p in fruit] == sorted((n for i, n in enumerate(names) if i % 3), key=str.casefold)
    assert len({p["id"] for p in every(limit=3)}) == len(names)


def dynamodb_calls(query: dict) -> tuple[dict, int]:
    aws_calls.start_invocation()
    body = page(**query)
    made = aws_calls.made().items()
    return body, sum(n for op, n in made if op.startswith("DynamoDB.") and not op.endswith(".items"))


def test_a_search_page_makes_at_most_3_dynamodb_calls_whatever_the_term(products_table, tmp_path):
    lines = [{**LINE, "sku": f"S{n}", "name": f"Café Crème Mug {n}"} for n in range(30)]
    import_catalog.run(write(tmp_path, lines), quiet=True, workers=1)
    for q in ["cre", "CAFE", "mug", "z", "nothing-matches", "café crè", "a b c d e f", "1"]:
        body, calls = dynamodb_calls({"q": q, "limit": 10})
        assert calls <= 3, q
        if body["next_cursor"]:
            assert dynamodb_calls({"q": q, "limit": 10, "cursor": body["next_cursor"]})[1] <= 3, q


def test_search_finds_word_prefixes_case_and_accent_insensitively_each_product_once(products_table, tmp_path):
    lines = [{**LINE, "sku": "1", "name": "Café Crème"}, {**LINE, "sku": "2", "name": "Crêpe Crème Pan"},
             {**LINE, "sku": "3", "name": "Cafetière"}, {**LINE, "sku": "4", "name": "Cre", "category": "books"},
             {**LINE, "sku": "5", "name": "Tea TV"}]
    import_catalog.run(write(tmp_path, lines), quiet=True, workers=1)
    assert [p["name"] for p in every(q="cafe")] == ["Café Crème", "Cafetière"]  # exact word first
    assert [p["name"] for p in every(q="CRE", limit=1)] == ["Cre", "Café Crème", "Crêpe Crème Pan"]
    assert [p["name"] for p in every(q="cre", category="kitchen")] == ["Café Crème", "Crêpe Crème Pan"]
    assert [p["name"] for p in every(q="crème pan")] == ["Crêpe Crème Pan"]
    assert [p["name"] for p in every(q="tv")] == ["Tea TV"] and every(q="t") == []


def test_admin_writes_keep_the_index_items_in_step(products_table):
    status, mug = call(create_product, api_event("products/create_product", body=LINE, claims=ADMIN))
    assert status == 201
    assert call(create_product, api_event("products/create_product", body={**LINE, "name": "Other"},
                                          claims=ADMIN))[0] == 409  # the sku is taken
    patch = api_event("products/update_product", path_params={"product_id": mug["id"]},
                      body={"version": 1, "name": "Espresso Cup", "category": "cups"}, claims=ADMIN)
    assert call(update_product, patch)[0] == 200
    assert every(q="mug") == [] and [p["id"] for p in every(q="espr", category="cups")] == [mug["id"]]
    assert every(category="kitchen") == [] and [p["name"] for p in every(category="cups")] == ["Espresso Cup"]
    remove = api_event("products/delete_product", path_params={"product_id": mug["id"]}, claims=ADMIN)
    assert call(delete_product, remove)[0] == 204
    assert [i["id"] for i in table_items() if not i["id"].startswith("SHARDS#")] == []


def test_older_products_are_backfilled_into_the_shards_and_the_search(products_table, monkeypatch):
    legacy = product_table.ProductRecord("0b6f2d4e-0000-4000-8000-000000000001", listing="PRODUCT",
                                         sort_name="old mug#0b6f2d4e-0000-4000-8000-000000000001", name="Old Mug",
                                         category="kitchen", price=1, currency="EUR", stock=1, version=3,
                                         created_at="t", updated_at="t")
    legacy.save()
    assert every() == []
    assert import_catalog.run(None, quiet=True, backfill_only=True, workers=1).backfilled == 1
    from shop import cache as shop_cache

    store = shop_cache.MemoryCache()  # pages were cached before the backfill (its events would retire them)
    monkeypatch.setattr(shop_cache, "cache", lambda: store)
    assert [(p["name"], p["version"]) for p in every()] == [("Old Mug", 3)]
    assert [p["name"] for p in every(q="mug")] == ["Old Mug"] and product_table.legacy_products() == []


def test_an_imported_batch_reaches_the_orders_copy_and_a_reimported_price_replaces_the_old_one(orders_tables,
                                                                                               monkeypatch):
    from tests.unit.conftest import consume, envelope, handler_module

    on_catalog_changed = handler_module("orders", "on_catalog_changed")
    monkeypatch.setattr(on_catalog_changed, "IMPORT_WRITERS", 1)  # moto is not thread-safe
    order_table = service_module("orders", "order_table")

    def imported(version: int, price: int) -> dict:
        return envelope("catalog.imported", {"import_id": "i1", "products": [
            {"id": f"p{n}", "name": f"Mug {n}", "category": "kitchen", "price": price + n, "currency": "EUR",
             "stock": 1, "version": version} for n in range(3)]})

    assert consume(on_catalog_changed, imported(1, 100)) == []
    assert consume(on_catalog_changed, imported(2, 700)) == []
    assert consume(on_catalog_changed, imported(1, 100)) == []  # a late redelivery of the first changes nothing
    prices, _ = order_table.catalog_prices(["p0", "p1", "p2"])
    assert {p: entry.price for p, entry in prices.items()} == {"p0": 700, "p1": 701, "p2": 702}
