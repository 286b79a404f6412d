"""Money-path figures for `make bench` (needs the `make up` stack): the window in which a product
the catalog already shows is not yet in the order service's copy of it (product.created still on
its way), and what a customer meets in it. Checkout used to answer 404 `product_not_found` there;
it now reads such a product from the public API once (functions/orders/product_prices.py).
"""

import statistics
import time
import uuid

import boto3

from bench.orders import Shop

PRODUCTS = 10


def _in_copy(dynamodb, table: str, product_id: str) -> bool:
    key = {"pk": {"S": f"PRODUCT#{product_id}"}, "sk": {"S": "PRODUCT"}}
    return "Item" in dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)


def catalog_window(outputs: dict) -> None:
    shop = Shop(outputs)
    dynamodb = boto3.client("dynamodb", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    by_event, carts = [], []
    for n in range(2 * PRODUCTS):
        body = {"name": f"Window {uuid.uuid4().hex[:6]}", "category": "bench", "price": 500, "currency": "EUR",
                "stock": 5}
        created = shop.http.post(f"{shop.api}/v1/products", json=body, headers=shop.admin, timeout=30)
        created_at = time.perf_counter()
        product_id = created.json()["id"]
        if n % 2 == 0:  # leave it to the event: how long until the copy has it?
            while not _in_copy(dynamodb, outputs["OrdersTableName"], product_id):
                time.sleep(0.005)
            by_event.append((time.perf_counter() - created_at) * 1000)
        else:  # a customer 50 ms later
            time.sleep(0.05)
            put = shop.http.put(f"{shop.api}/v1/cart/items/{product_id}", json={"quantity": 1},
                                headers=shop.customer, timeout=30)
            carts.append(put.status_code)
            shop.http.delete(f"{shop.api}/v1/cart/items/{product_id}", headers=shop.customer, timeout=30)
    print("\n## Catalog window (a product created a moment ago)")
    print(f"product.created reaching the order service's copy: p50 {statistics.median(by_event):.0f} ms, "
          f"max {max(by_event):.0f} ms ({len(by_event)} products); before this change checkout answered 404 "
          "in that window")
    print(f"cart PUT 50 ms after creation: {carts.count(200)}/{len(carts)} succeeded "
          f"(statuses {sorted(set(carts))}); goal: all")
