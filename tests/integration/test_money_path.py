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


def test_cancel_and_ship_at_the_same_moment_never_both_win(admin, public, shopper, outputs):
    """Ten rounds: a paid order's customer cancels while the admin marks its shipment SHIPPED, at
    once. The customer's request is decided a few tens of milliseconds later (by shipping, through
    events), so round n sends the admin's step 30·n ms after the cancel: the rounds sweep across the
    moment of decision and both outcomes occur. Each order ends shipped and charged, or cancelled,
    refunded and not shipped."""
    import threading

    from tests.integration.test_order_pipeline import charges, wait_for

    product = new_product(admin, stock=10)
    outcomes = []
    for round_number in range(10):
        order = place(shopper, product["id"]).json()
        settled(shopper, order["id"], "PAID")
        shipment = wait_for(lambda oid=order["id"]: (r := shopper.get(f"/v1/orders/{oid}/shipment")).status_code
                            == 200 and r.json())
        start = threading.Barrier(2)
        answers = {}

        def cancel(oid=order["id"], answers=answers, start=start):
            start.wait()
            answers["cancel"] = shopper.fork().post(f"/v1/orders/{oid}/cancel").status_code

        def ship(sid=shipment["id"], answers=answers, start=start, delay=0.03 * round_number):
            start.wait()
            time.sleep(delay)
            answers["ship"] = admin.fork().patch(f"/v1/shipments/{sid}", json={"status": "SHIPPED"}).status_code

        threads = [threading.Thread(target=cancel), threading.Thread(target=ship)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        final = settled(shopper, order["id"], ("SHIPPED", "CANCELLED"))
        shipped = shopper.get(f"/v1/orders/{order['id']}/shipment").json()["status"]
        payment = wait_for(lambda oid=order["id"], f=final: (p := shopper.get(f"/v1/orders/{oid}/payment").json())
                           ["status"] == ("SUCCEEDED" if f["status"] == "SHIPPED" else "REFUNDED") and p)
        if final["status"] == "SHIPPED":
            assert (answers["ship"], shipped, payment["status"]) == (200, "SHIPPED", "SUCCEEDED")
            assert answers["cancel"] in (202, 409)
        else:
            assert (answers["cancel"], answers["ship"], shipped) == (202, 409, "CANCELLED")
            assert payment["status"] == "REFUNDED"
        assert charges(outputs, order["id"]) == 1
        outcomes.append(final["status"])
    assert len(outcomes) == 10
    wait_for(lambda: stock_of(public, product["id"]) == 10 - outcomes.count("SHIPPED"))
