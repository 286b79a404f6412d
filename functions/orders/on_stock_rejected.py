"""stock.rejected → the order is cancelled with reason out_of_stock."""

from order_progress import advance
from order_status import CANCELLED, OUT_OF_STOCK
from shop.contracts.products import StockRejected
from shop.events import Event, queue_consumer


def cancel_for_missing_stock(event: Event) -> None:
    rejected: StockRejected = event.data
    advance(rejected.order_id, CANCELLED, OUT_OF_STOCK)


handler = queue_consumer(cancel_for_missing_stock, accepts=["stock.rejected"])
