"""order.cancelled → a shipment not yet sent is cancelled (there may be none: unpaid orders have none)."""

import shipment_table
from shop.events import Event, queue_consumer
from shop.observability import logger


def cancel_shipment(event: Event) -> None:
    shipment_id = shipment_table.shipment_id_for(event.data["order_id"])
    decision, shipment = shipment_table.change_status(shipment_id, shipment_table.CANCELLED)
    if shipment is not None:
        logger.info("shipment after cancellation", extra={"shipment_id": shipment_id, "decision": decision.value,
                                                          "status": shipment.status})


handler = queue_consumer(cancel_shipment, accepts=["order.cancelled"])
