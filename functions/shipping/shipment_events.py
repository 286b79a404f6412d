"""Which events the shipments table's changes become (plain Python; see shop.events), built by
their contracts (shop.contracts.shipping)."""

from shop.contracts import build


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    if not new or (old or {}).get("status") == new["status"]:
        return []
    if old is None and new["status"] == "CANCELLED" and not new.get("cancel_reason"):
        return []  # a placeholder for an order cancelled before it was paid: nobody waits for it
    data = {"order_id": new["order_id"], "shipment_id": new["shipment_id"], "carrier": new["carrier"],
            "tracking_number": new["tracking_number"]}
    if new["status"] == "CANCELLED" and new.get("cancel_reason"):
        data["reason"] = new["cancel_reason"]
    created = old is None and new["status"] != "CANCELLED"
    event_type = "shipment.created" if created else f"shipment.{new['status'].lower()}"
    return [build(event_type, **data)]
