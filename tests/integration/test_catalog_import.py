"""The bulk import end to end on the emulator: a small file imported with the product service's
table access, then found over real HTTP through search and the sharded listings; a re-import that
changes a price reaches the order service's copy (what checkout charges) through catalog.imported."""

import json
import os
import sys
import time
import uuid

import boto3
import pytest

from infra.openapi import load_module
from tests.integration.conftest import ROOT

WAIT_SECONDS = 60


@pytest.fixture(scope="module")
def import_catalog(outputs):
    """The admin tool, run here as `make import-catalog` runs it (the layer on the path)."""
    os.environ["PRODUCTS_TABLE"] = outputs["ProductsTableName"]
    layer = str(ROOT / "layers" / "shared" / "python")
    if layer not in sys.path:
        sys.path.insert(0, layer)
    return load_module(ROOT / "functions" / "products" / "import_catalog.py")


def write(tmp_path, lines) -> object:
    path = tmp_path / "catalog.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def eventually(check, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def test_imported_products_are_found_by_search_and_listing_and_a_new_price_reaches_checkout(
        import_catalog, public, outputs, tmp_path):
    run = uuid.uuid4().hex[:8]
    word = f"zq{run}"  # a word no other product has
    category = f"it-import-{run}"
    lines = [{"sku": f"IT-{run}-{n}", "name": f"Café Crème {word} {n}", "category": category, "price": 1000 + n,
              "currency": "EUR", "stock": 3} for n in range(5)]
    lines.append({"sku": f"IT-{run}-bad", "name": "Bad", "category": category, "price": 9.99, "currency": "EUR"})
    summary = import_catalog.run(write(tmp_path, lines), quiet=True)
    assert (summary.created, [n for n, _ in summary.rejected]) == (5, [6])

    found = public.get("/v1/products", params={"q": word.upper()[:6] + " crè"}).json()
    names = [item["name"] for item in found["items"]]
    assert names == [f"Café Crème {word} {n}" for n in range(5)], found
    listed, cursor = [], None
    while True:
        page = public.get("/v1/products", params={"category": category, "limit": 2,
                                                  **({"cursor": cursor} if cursor else {})}).json()
        listed += [item["name"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert listed == names
    catalog_page = public.get("/v1/products", params={"q": f"cafe {word}", "category": category}).json()["items"]
    assert {item["sku"] for item in catalog_page} == {line["sku"] for line in lines[:5]}

    product_id = found["items"][0]["id"]
    orders = boto3.resource("dynamodb").Table(outputs["OrdersTableName"])

    def copied_price():
        item = orders.get_item(Key={"pk": f"PRODUCT#{product_id}", "sk": "PRODUCT"}).get("Item")
        return item and int(item["price"])

    assert eventually(lambda: copied_price() == 1000), "catalog.imported did not reach the orders' copy"
    again = import_catalog.run(write(tmp_path, [{**lines[0], "price": 777}, *lines[1:5]]), quiet=True)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 4)
    assert eventually(lambda: copied_price() == 777), "the new price did not reach the orders' copy"
    assert eventually(lambda: public.get(f"/v1/products/{product_id}").json()["price"] == 777)
