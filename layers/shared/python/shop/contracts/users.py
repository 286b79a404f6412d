"""What the users service publishes (functions/users/user_events.py builds them)."""

from shop.contracts import EventData, Part


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
