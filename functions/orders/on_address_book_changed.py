"""address.saved/deleted → the order service's copy of each user's addresses (checkout by address_id)."""

import order_table
from shop.contracts.users import AddressDeleted, AddressSaved
from shop.events import Event, queue_consumer


def copy_address(event: Event) -> None:
    data: AddressSaved | AddressDeleted = event.data
    address = data.address.model_dump(exclude_unset=True) if isinstance(data, AddressSaved) else None
    order_table.copy_address(data.user_id, data.address_id, address, event.occurred_at)


handler = queue_consumer(copy_address, accepts=["address.saved", "address.deleted"])
