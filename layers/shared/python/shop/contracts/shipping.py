"""What the shipping service publishes, and which changes of its table are which events.

The shipments table's stream reaches the shipping topic as it is (an EventBridge pipe); consumers
turn a change into these events with `events_for` (shop.events): one event per status change.
"""

from shop.contracts import EventData, build


class ShipmentProgress(EventData):
    order_id: str
    shipment_id: str
    carrier: str
    tracking_number: str


class ShipmentCreated(ShipmentProgress):
    TYPE = "shipment.created"


class ShipmentShipped(ShipmentProgress):
    TYPE = "shipment.shipped"


class ShipmentDelivered(ShipmentProgress):
    TYPE = "shipment.delivered"


class ShipmentCancelled(ShipmentProgress):
    TYPE = "shipment.cancelled"
    reason: str | None = None  # "customer" when a cancellation request stopped the parcel


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    """The events one change of a shipment is (its old and new image, plain Python)."""
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
