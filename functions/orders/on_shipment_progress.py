"""shipment.shipped → SHIPPED; shipment.delivered → DELIVERED (retried if it overtakes shipped);
shipment.cancelled → CANCELLED: shipping stopped the parcel of a PAID order its customer asked to
cancel (order_status.py), so the order is cancelled, refunded and its stock released."""

from order_progress import advance
from order_status import CANCELLED, CUSTOMER, DELIVERED, SHIPPED
from shop.contracts.shipping import ShipmentProgress
from shop.events import Event, queue_consumer

TARGETS = {"shipment.shipped": SHIPPED, "shipment.delivered": DELIVERED, "shipment.cancelled": CANCELLED}


def apply_shipment(event: Event) -> None:
    shipment: ShipmentProgress = event.data
    target = TARGETS[shipment.TYPE]
    advance(shipment.order_id, target, CUSTOMER if target == CANCELLED else None)


handler = queue_consumer(apply_shipment, accepts=list(TARGETS))
