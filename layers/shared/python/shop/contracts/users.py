"""What the users service publishes, and which changes of its table are which events.

The users table's stream reaches the users topic as it is (an EventBridge pipe); consumers turn
a change into these events with `events_for` (shop.events): address book changes, which the order
service copies for checkout by address_id. Profiles stay private (no subscription lets them through).
"""

from shop.contracts import EventData, Part, build
from shop.item_keys import ADDRESS_ITEM

ADDRESS_FIELDS = ("label", "recipient", "line1", "line2", "city", "region", "postal_code", "country", "phone")


class Address(Part):
    label: str | None = None
    recipient: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    phone: str | None = None


class AddressDeleted(EventData):
    TYPE = "address.deleted"
    user_id: str
    address_id: str


class AddressSaved(AddressDeleted):
    TYPE = "address.saved"
    address: Address


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    """The events one change of a users-table item is (its old and new image, plain Python)."""
    item = new or old or {}
    if not item.get("record", "").startswith(ADDRESS_ITEM):
        return []
    key = {"user_id": item["user_id"], "address_id": item["record"].removeprefix(ADDRESS_ITEM)}
    if new is None:
        return [build("address.deleted", **key)]
    return [build("address.saved", **key, address={field: new.get(field) for field in ADDRESS_FIELDS})]
