"""The shared layer: group claims, cursors, the error shape."""

import pytest

from shop.auth import parse_groups
from shop.cursor import decode_cursor, encode_cursor
from shop.errors import BadRequest, Conflict


@pytest.mark.parametrize("raw, groups", [
    ("[admin]", {"admin"}), ("[admin support]", {"admin", "support"}), ('["admin","x"]', {"admin", "x"}),
    (["admin"], {"admin"}), ("", set()), (None, set()),
])
def test_group_claims_in_every_shape_api_gateway_sends(raw, groups):
    assert parse_groups(raw) == groups


def test_a_cursor_round_trips_and_is_checked_against_its_query():
    key = {"id": {"S": "p1"}, "listing": {"S": "PRODUCT"}, "sort_name": {"S": "a#p1"}}
    cursor = encode_cursor(key)
    assert decode_cursor(cursor, set(key)) == key
    with pytest.raises(BadRequest, match="does not belong"):
        decode_cursor(cursor, {"id", "category", "sort_name"})
    with pytest.raises(BadRequest, match="not valid"):
        decode_cursor("!!not-base64!!", set(key))
    assert encode_cursor(None) is None and decode_cursor(None, set(key)) is None


def test_errors_share_one_shape():
    assert Conflict("stale", code="version_conflict").body() == {"message": "stale", "code": "version_conflict"}
    assert BadRequest("bad", details=[{"field": "x"}]).body() == {
        "message": "bad", "code": "bad_request", "details": [{"field": "x"}]
    }


def test_a_cursor_must_come_from_the_partition_being_read_and_hold_plain_strings():
    key = {"id": {"S": "p1"}, "category": {"S": "books"}, "sort_name": {"S": "a#p1"}}
    cursor = encode_cursor(key)
    assert decode_cursor(cursor, set(key), ("category", "books")) == key
    with pytest.raises(BadRequest, match="does not belong"):
        decode_cursor(cursor, set(key), ("category", "kitchen"))
    forged = encode_cursor({"id": {"S": "p1"}, "category": "books", "sort_name": {"N": "1"}})
    with pytest.raises(BadRequest, match="does not belong"):
        decode_cursor(forged, set(key))
