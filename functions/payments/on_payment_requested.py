"""order.payment_requested → remember what to charge; charge it if the stock is already reserved."""

import payment_table
from payment_provider import configured_provider
from shop.events import Event, queue_consumer


def take_order(event: Event) -> None:
    data = event.data
    payment_table.note_order(data["order_id"], data["user_id"], data["total"], data["currency"],
                             data["payment_token"])
    payment_table.settle(data["order_id"], configured_provider())


handler = queue_consumer(take_order, accepts=["order.payment_requested"])
