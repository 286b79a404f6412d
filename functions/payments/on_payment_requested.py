"""order.payment_requested → remember what to charge; charge it if the stock is already reserved."""

import payment_table
from payment_provider import configured_provider
from shop.contracts.orders import OrderPaymentRequested
from shop.events import Event, queue_consumer


def take_order(event: Event) -> None:
    request: OrderPaymentRequested = event.data
    payment_table.note_order(request.order_id, request.user_id, request.total, request.currency,
                             request.payment_token)
    payment_table.settle(request.order_id, configured_provider())


handler = queue_consumer(take_order, accepts=["order.payment_requested"])
