"""Which events the payments table's changes become (plain Python; see shop.events),
built by their contracts (shop.contracts.payments)."""

from shop.contracts import build

EVENTS = {"SUCCEEDED": "payment.succeeded", "FAILED": "payment.failed", "REFUNDED": "payment.refunded"}


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    if not new or new.get("record") != "PAYMENT":
        return []
    status = new.get("status")
    if status not in EVENTS or (old or {}).get("status") == status:
        return []
    data = {"order_id": new["order_id"], "amount": new.get("amount"), "currency": new.get("currency")}
    if status == "FAILED":
        data["reason"] = new.get("decline_reason")
    return [build(EVENTS[status], **data)]
