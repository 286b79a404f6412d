"""The shipments table (owned by the shipping service). A shipment's id derives from its order's
id ("shp_<order id>"), so creating it again on a redelivered order.paid finds the same shipment,
and both GET /v1/orders/{order_id}/shipment and PATCH /v1/shipments/{shipment_id} are one read.

    PENDING ──▶ SHIPPED ──▶ DELIVERED
       └──▶ CANCELLED (the order was cancelled before it shipped)

Shipping and stopping a parcel are decided here, once: the admin's SHIPPED and a customer's
cancellation request are both conditional on the shipment still being PENDING, so exactly one wins.
"""

import hashlib
from typing import Literal

from pydantic import BaseModel
from pynamodb.attributes import ListAttribute, MapAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, UpdateError
from pynamodb.models import Model

from shop import settings
from shop.lifecycle import Decision, Lifecycle
from shop.observability import correlation_id
from shop.tables import condition_failed, now_iso, share_one_session

share_one_session()  # one botocore session for all the models below (shop.tables)

PENDING, SHIPPED, DELIVERED, CANCELLED = "PENDING", "SHIPPED", "DELIVERED", "CANCELLED"
STATUSES = (PENDING, SHIPPED, DELIVERED, CANCELLED)
SHIPMENT_LIFECYCLE = Lifecycle(steps=(PENDING, SHIPPED, DELIVERED), cancelled=CANCELLED, cancellable=(PENDING,))
CARRIER = "Simulated Post"



def shipment_id_for(order_id: str) -> str:
    return f"shp_{order_id}"


def tracking_number_for(order_id: str) -> str:
    digits = int(hashlib.sha256(order_id.encode()).hexdigest(), 16) % 10**10
    return f"SP{digits:010d}"


class Shipment(BaseModel):
    """A shipment as the API shows it (the address stays private to shipping)."""

    id: str
    order_id: str
    status: Literal[STATUSES]
    carrier: str
    tracking_number: str
    history: list[dict]
    created_at: str
    updated_at: str


class StatusChange(MapAttribute):
    status = UnicodeAttribute()
    at = UnicodeAttribute()


class ShipmentRecord(Model):
    class Meta:
        table_name = settings.required("SHIPMENTS_TABLE")
        region = settings.REGION

    shipment_id = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    status = UnicodeAttribute()
    carrier = UnicodeAttribute()
    tracking_number = UnicodeAttribute()
    address = MapAttribute()
    history = ListAttribute(of=StatusChange)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)
    # Set when a customer's cancellation request stopped it (shipment.cancelled tells the order).
    cancel_reason = UnicodeAttribute(null=True)

    def to_dict(self) -> dict:
        return {"id": self.shipment_id, "order_id": self.order_id, "status": self.status, "carrier": self.carrier,
                "tracking_number": self.tracking_number, "history": [h.as_dict() for h in self.history],
                "created_at": self.created_at, "updated_at": self.updated_at}


def find_shipment(shipment_id: str) -> ShipmentRecord | None:
    try:
        return ShipmentRecord.get(shipment_id, consistent_read=True)
    except ShipmentRecord.DoesNotExist:
        return None


def create_shipment(order_id: str, user_id: str, address: dict, status: str = PENDING,
                    cancel_reason: str | None = None) -> ShipmentRecord:
    """The shipment of a paid order; a second call for the same order returns the first. Created
    CANCELLED when the order's cancellation arrived first, so a late order.paid ships nothing."""
    now = now_iso()
    shipment = ShipmentRecord(
        shipment_id_for(order_id), order_id=order_id, user_id=user_id, status=status, carrier=CARRIER,
        tracking_number=tracking_number_for(order_id), address=address,
        history=[StatusChange(status=status, at=now)], created_at=now, updated_at=now,
        correlation_id=correlation_id(), cancel_reason=cancel_reason,
    )

    try:
        shipment.save(condition=ShipmentRecord.shipment_id.does_not_exist())
    except PutError as error:
        if not condition_failed(error):
            raise
        return find_shipment(shipment.shipment_id)
    return shipment


def change_status(shipment_id: str, target: str,
                  cancel_reason: str | None = None) -> tuple[Decision, ShipmentRecord | None]:
    """Move a shipment to `target` if its lifecycle allows it now; the decision says what happened."""
    return SHIPMENT_LIFECYCLE.change(lambda: find_shipment(shipment_id),
                                     lambda shipment: _apply(shipment, target, cancel_reason), target)


def _apply(shipment: ShipmentRecord, target: str, cancel_reason: str | None) -> bool:
    """Move `shipment` to `target`, unless its status changed since it was read (False)."""
    now = now_iso()
    try:
        shipment.update(actions=[
            ShipmentRecord.status.set(target), ShipmentRecord.updated_at.set(now),
            ShipmentRecord.history.set(ShipmentRecord.history.append([StatusChange(status=target, at=now)])),
            ShipmentRecord.correlation_id.set(correlation_id()),
            *([ShipmentRecord.cancel_reason.set(cancel_reason)] if cancel_reason else []),
        ], condition=ShipmentRecord.status == shipment.status)
        return True
    except UpdateError as error:
        if not condition_failed(error):
            raise
        return False
