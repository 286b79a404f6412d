"""address.saved/deleted → the order service's copy of each user's addresses (checkout by address_id)."""

import order_table
from shop.events import Event, queue_consumer


def copy_address(event: Event) -> None:
    data = event.data
    address = data.get("address") if event.type == "address.saved" else None
    order_table.copy_address(data["user_id"], data["address_id"], address, event.occurred_at)


handler = queue_consumer(copy_address, accepts=["address.saved", "address.deleted"])
