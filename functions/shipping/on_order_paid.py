"""order.paid → a shipment with a tracking number, waiting to be shipped."""

import shipment_table
from shop.contracts.orders import OrderPaid
from shop.events import Event, queue_consumer
from shop.observability import logger


def arrange_shipment(event: Event) -> None:
    order: OrderPaid = event.data
    shipment = shipment_table.create_shipment(order.order_id, order.user_id, order.shipping_address)
    logger.info("shipment arranged", extra={"order_id": order.order_id, "shipment_id": shipment.shipment_id})


handler = queue_consumer(arrange_shipment, accepts=["order.paid"])
