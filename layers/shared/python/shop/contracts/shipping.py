"""What the shipping service publishes (functions/shipping/shipment_events.py builds them)."""

from shop.contracts import EventData


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
