"""Which events the users table's changes become (plain Python; see shop.events): address book
changes, which the order service copies for checkout by address_id. Profiles stay private.
Built by their contracts (shop.contracts.users)."""

from shop.contracts import build

ADDRESS_FIELDS = ("label", "recipient", "line1", "line2", "city", "region", "postal_code", "country", "phone")


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    item = new or old or {}
    if not item.get("record", "").startswith("ADDRESS#"):
        return []
    key = {"user_id": item["user_id"], "address_id": item["record"].removeprefix("ADDRESS#")}
    if new is None:
        return [build("address.deleted", **key)]
    return [build("address.saved", **key, address={field: new.get(field) for field in ADDRESS_FIELDS})]
