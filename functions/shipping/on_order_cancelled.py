"""order.cancelled → a shipment not yet sent is cancelled. If there is none yet (an unpaid order, or
order.paid still on its way), a CANCELLED one is recorded so that a late order.paid ships nothing."""

import shipment_table
from shop.contracts.orders import OrderCancelled
from shop.events import Event, queue_consumer
from shop.observability import logger, metrics


def cancel_shipment(event: Event) -> None:
    order: OrderCancelled = event.data
    shipment_id = shipment_table.shipment_id_for(order.order_id)
    decision, shipment = shipment_table.change_status(shipment_id, shipment_table.CANCELLED)
    if shipment is None:
        shipment = shipment_table.create_shipment(order.order_id, order.user_id, {}, shipment_table.CANCELLED)
        if shipment.status != shipment_table.CANCELLED:  # order.paid created it meanwhile: cancel that one
            decision, shipment = shipment_table.change_status(shipment_id, shipment_table.CANCELLED)
    if shipment.status in (shipment_table.SHIPPED, shipment_table.DELIVERED):
        # The customer cancelled in the moment between the parcel leaving and the order hearing of
        # it: the order is refunded but the parcel is on its way. Rare; a person must follow it up.
        metrics.add_metric(name="CancelledAfterShipping", unit="Count", value=1)
        logger.error("order cancelled after its shipment left", extra={"shipment_id": shipment_id,
                                                                       "status": shipment.status})
        return
    logger.info("shipment after cancellation", extra={"shipment_id": shipment_id, "decision": decision.value,
                                                      "status": shipment.status})


handler = queue_consumer(cancel_shipment, accepts=["order.cancelled"])
