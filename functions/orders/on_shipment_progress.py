"""shipment.shipped → SHIPPED; shipment.delivered → DELIVERED (retried if it overtakes shipped)."""

from order_progress import advance
from order_status import DELIVERED, SHIPPED
from shop.events import Event, queue_consumer

TARGETS = {"shipment.shipped": SHIPPED, "shipment.delivered": DELIVERED}


def apply_shipment(event: Event) -> None:
    advance(event.data["order_id"], TARGETS[event.type])


handler = queue_consumer(apply_shipment, accepts=list(TARGETS))
