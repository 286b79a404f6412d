"""Opaque pagination cursors: a DynamoDB key, base64url-encoded JSON. Clients pass `next_cursor`
back as `cursor` and must not look inside. A cursor is client input: before it becomes an
ExclusiveStartKey it must hold exactly the query's key attributes, as non-empty strings DynamoDB
accepts as keys (at most 1,024 bytes), from the partition being read."""

import base64
import binascii
import json

from shop.errors import BadRequest

MAX_KEY_BYTES = 1024  # DynamoDB's limit for a sort key (2,048 for a partition key)


def _usable_key_value(value: object) -> bool:
    return (isinstance(value, dict) and list(value) == ["S"] and isinstance(value["S"], str)
            and 0 < len(value["S"].encode("utf-8", "surrogatepass")) <= MAX_KEY_BYTES)


def encode_cursor(key: dict | None) -> str | None:
    if not key:
        return None
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, expected_keys: set[str], partition: tuple[str, str] | None = None) -> dict | None:
    """The key to start from; `partition` (attribute, value) is the partition the query reads, which
    the cursor must come from (a cursor of another category or user is refused, not followed)."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, RecursionError):  # ValueError: also bad UTF-8 or JSON
        raise BadRequest("cursor is not valid; pass next_cursor from the previous page", code="invalid_cursor")
    well_formed = isinstance(key, dict) and set(key) == expected_keys and all(map(_usable_key_value, key.values()))
    if not well_formed or (partition and key[partition[0]]["S"] != partition[1]):
        raise BadRequest("cursor does not belong to this query", code="invalid_cursor")
    return key
