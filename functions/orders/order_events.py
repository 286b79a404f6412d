"""Which events the orders table's changes become (plain Python; see shop.events). Only orders
publish: carts and the copies of other services' data are private. Each event's data is built by
its contract (shop.contracts.orders), so a missing or misspelt field fails here, in a unit test."""

from order_status import CANCELLED, PAID
from shop.contracts import build


def _lines(order: dict) -> list[dict]:
    return [{"product_id": line["product_id"], "quantity": line["quantity"], "unit_price": line["unit_price"]}
            for line in order["lines"]]


def _summary(order: dict) -> dict:
    return {"order_id": order["order_id"], "user_id": order["customer_id"], "status": order["status"],
            "lines": _lines(order), "total": order["total"], "currency": order["currency"]}


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    if not new or new.get("sk") != "ORDER":
        return []
    if old is None:
        # Each event carries what its consumers need, no more: the lines and amount for stock and
        # the like; the payment token only in the event that the payment service alone receives
        # (its subscription's filter); the address only once paid, for shipping.
        return [build("order.created", **_summary(new)),
                build("order.payment_requested", order_id=new["order_id"], user_id=new["customer_id"],
                      total=new["total"], currency=new["currency"], payment_token=new.get("payment_token"))]
    if old.get("status") == new["status"]:
        if new.get("cancel_requested_at") and not old.get("cancel_requested_at"):
            return [build("order.cancel_requested", order_id=new["order_id"], user_id=new["customer_id"])]
        return []
    data = {**_summary(new), "previous_status": old["status"]}
    if new["status"] == PAID:
        data["shipping_address"] = new["shipping_address"]
    if new["status"] == CANCELLED:
        data["reason"] = new.get("cancel_reason")
    return [build(f"order.{new['status'].lower()}", **data)]
