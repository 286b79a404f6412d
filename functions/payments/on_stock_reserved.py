"""stock.reserved → the order may be charged; charge it if the order has arrived too."""

import payment_table
from payment_provider import configured_provider
from shop.contracts.products import StockReserved
from shop.events import Event, queue_consumer


def charge_when_ready(event: Event) -> None:
    reserved: StockReserved = event.data
    payment_table.note_stock_reserved(reserved.order_id)
    payment_table.settle(reserved.order_id, configured_provider())


handler = queue_consumer(charge_when_ready, accepts=["stock.reserved"])
