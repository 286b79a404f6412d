"""Which events the shipments table's changes become (plain Python; see shop.events)."""


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    if not new or (old or {}).get("status") == new["status"]:
        return []
    if old is None and new["status"] == "CANCELLED":  # a placeholder for an order cancelled before it was paid
        return []
    data = {"order_id": new["order_id"], "shipment_id": new["shipment_id"], "carrier": new["carrier"],
            "tracking_number": new["tracking_number"]}
    event_type = "shipment.created" if old is None else f"shipment.{new['status'].lower()}"
    return [(event_type, data)]
