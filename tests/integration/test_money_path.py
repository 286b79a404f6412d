"""The money path's promises, end to end on the emulator: stock cannot be lost to a stale admin
edit, and a product the catalog shows can be ordered at once."""

import time
import uuid

from tests.integration.test_order_pipeline import ADDRESS, place, settled, stock_of


def new_product(admin, stock: int = 10) -> dict:
    body = {"name": f"Money {uuid.uuid4().hex[:6]}", "category": "money", "price": 990, "currency": "EUR",
            "stock": stock}
    created = admin.post("/v1/products", json=body)
    assert created.status_code == 201
    return created.json()


def test_an_admin_edit_from_before_a_reservation_is_refused_and_the_stock_stays(admin, public, shopper):
    product = new_product(admin, stock=10)
    read = public.get(f"/v1/products/{product['id']}").json()
    order = place(shopper, product["id"], quantity=7)
    assert order.status_code == 201
    settled(shopper, order.json()["id"], "PAID")

    stale = admin.patch(f"/v1/products/{product['id']}", json={"version": read["version"], "stock": 10})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"
    assert stock_of(public, product["id"]) == 3
    current = public.get(f"/v1/products/{product['id']}").json()
    assert current["version"] > read["version"]
    fresh = admin.patch(f"/v1/products/{product['id']}", json={"version": current["version"], "stock": 20})
    assert fresh.status_code == 200 and fresh.json()["stock"] == 20


def test_a_product_created_a_moment_ago_can_be_put_in_a_cart_and_ordered(admin, shopper):
    product = new_product(admin)
    time.sleep(0.05)
    assert shopper.put(f"/v1/cart/items/{product['id']}", json={"quantity": 2}).status_code == 200
    other = new_product(admin)
    time.sleep(0.05)
    placed = shopper.post("/v1/orders", headers={"Idempotency-Key": str(uuid.uuid4())},
                          json={"items": [{"product_id": other["id"], "quantity": 1}], "shipping_address": ADDRESS,
                                "payment_token": "tok_ok"})
    assert placed.status_code == 201, placed.text
    assert placed.json()["total"] == 990
    shopper.delete(f"/v1/cart/items/{product['id']}")
