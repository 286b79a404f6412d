"""order.cancel_requested → stop the parcel if it has not left: the shipment becomes CANCELLED (or
is recorded CANCELLED if order.paid has not arrived yet) and shipment.cancelled tells the order,
which is then cancelled and refunded. A parcel that has left stays on its way: the order goes on
to SHIPPED with shipment.shipped. The shipment's conditional status change is the one place where
a cancellation and the admin's "shipped" meet, so only one of them can win."""

import shipment_table
from shop.contracts.orders import OrderCancelRequested
from shop.events import Event, queue_consumer
from shop.lifecycle import Decision
from shop.observability import logger, metrics

CUSTOMER_REQUEST = "customer"


def stop_parcel(event: Event) -> None:
    request: OrderCancelRequested = event.data
    order_id = request.order_id
    shipment_id = shipment_table.shipment_id_for(order_id)
    decision, shipment = shipment_table.change_status(shipment_id, shipment_table.CANCELLED, CUSTOMER_REQUEST)
    if shipment is None:  # order.paid has not arrived yet: record the cancellation first
        shipment = shipment_table.create_shipment(order_id, request.user_id, {}, shipment_table.CANCELLED,
                                                  cancel_reason=CUSTOMER_REQUEST)
        if shipment.status != shipment_table.CANCELLED:  # order.paid created it meanwhile: stop that one
            decision, shipment = shipment_table.change_status(shipment_id, shipment_table.CANCELLED,
                                                              CUSTOMER_REQUEST)
        else:
            decision = Decision.APPLY
    if shipment.status == shipment_table.CANCELLED:
        logger.info("parcel stopped on the customer's request", extra={"shipment_id": shipment_id,
                                                                       "decision": decision.value})
        return
    metrics.add_metric(name="CancellationsRefused", unit="Count", value=1)
    logger.info("cancellation refused: the parcel has left", extra={"shipment_id": shipment_id,
                                                                    "status": shipment.status})


handler = queue_consumer(stop_parcel, accepts=["order.cancel_requested"])
