"""User service: profiles and address books, against moto."""

import pytest

from tests.unit.conftest import ADMIN, CUSTOMER, api_event, call, service_module

add_my_address = service_module("users", "add_my_address")
delete_my_address = service_module("users", "delete_my_address")
get_my_profile = service_module("users", "get_my_profile")
get_user = service_module("users", "get_user")
list_my_addresses = service_module("users", "list_my_addresses")
update_my_address = service_module("users", "update_my_address")
update_my_profile = service_module("users", "update_my_profile")

OTHER = {"sub": "other-sub", "email": "other@example.com"}
HOME = {"recipient": "Ada Lovelace", "line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH",
        "country": "gb"}


def add(address=None, claims=CUSTOMER, key=None) -> tuple[int, dict]:
    event = api_event("users/add_my_address", body=address or HOME, claims=claims)
    if key:
        event["headers"]["idempotency-key"] = key
    return call(add_my_address, event)


def addresses(claims=CUSTOMER) -> list[dict]:
    return call(list_my_addresses, api_event("users/list_my_addresses", claims=claims))[1]["items"]


def test_the_profile_is_created_on_first_access_with_the_tokens_email(users_tables):
    status, profile = call(get_my_profile, api_event("users/get_my_profile", claims=CUSTOMER))
    assert status == 200
    assert (profile["user_id"], profile["email"]) == ("customer-sub", "customer@example.com")
    assert profile["preferences"] == {"marketing_opt_in": False, "preferred_currency": "EUR"}
    again = call(get_my_profile, api_event("users/get_my_profile", claims=CUSTOMER))[1]
    assert again["created_at"] == profile["created_at"]


def test_a_new_profile_starts_with_the_name_given_at_sign_up(users_tables):
    claims = {**CUSTOMER, "name": "Demo Customer"}
    assert call(get_my_profile, api_event("users/get_my_profile", claims=claims))[1]["name"] == "Demo Customer"


def test_patch_changes_name_phone_and_preferences_but_never_email(users_tables):
    body = {"name": "Ada King", "phone": "+442071234567", "preferences": {"marketing_opt_in": True}}
    status, profile = call(update_my_profile, api_event("users/update_my_profile", body=body, claims=CUSTOMER))
    assert status == 200
    assert (profile["name"], profile["phone"]) == ("Ada King", "+442071234567")
    assert profile["email"] == "customer@example.com"
    assert profile["preferences"] == {"marketing_opt_in": True, "preferred_currency": "EUR"}

    status, error = call(update_my_profile, api_event("users/update_my_profile", body={"email": "x@evil.com"},
                                                      claims=CUSTOMER))
    assert status == 422 and error["details"][0]["field"] == "email"
    bad_phone = call(update_my_profile, api_event("users/update_my_profile", body={"phone": "12"}, claims=CUSTOMER))
    assert bad_phone[0] == 422


def test_the_first_address_is_the_default_and_another_can_take_over(users_tables):
    status, home = add()
    assert status == 201 and home["is_default"] and home["country"] == "GB"
    _, work = add({**HOME, "label": "Work", "line1": "1 Infinite Loop"})
    assert not work["is_default"]

    event = api_event("users/update_my_address", path_params={"address_id": work["id"]},
                      body={"is_default": True, "line2": "Floor 3"}, claims=CUSTOMER)
    status, updated = call(update_my_address, event)
    assert status == 200 and updated["is_default"] and updated["line2"] == "Floor 3"
    assert [(a["label"], a["is_default"]) for a in addresses()] == [(None, False), ("Work", True)]


def test_deleting_the_default_hands_it_to_the_oldest_remaining_address(users_tables):
    _, first = add()
    _, second = add({**HOME, "line1": "2 Second St"})
    _, third = add({**HOME, "line1": "3 Third St"})
    event = api_event("users/delete_my_address", path_params={"address_id": first["id"]}, claims=CUSTOMER)
    assert call(delete_my_address, event) == (204, None)
    assert [(a["id"], a["is_default"]) for a in addresses()] == [(second["id"], True), (third["id"], False)]
    assert call(delete_my_address, event)[0] == 404


def test_another_users_address_is_404_for_every_verb(users_tables):
    _, mine = add()
    ids = {"address_id": mine["id"]}
    assert call(update_my_address, api_event("users/update_my_address", path_params=ids, body={"city": "Paris"},
                                             claims=OTHER))[0] == 404
    assert call(delete_my_address, api_event("users/delete_my_address", path_params=ids, claims=OTHER))[0] == 404
    assert addresses(OTHER) == []
    assert addresses()[0]["city"] == "London"


@pytest.mark.parametrize("change", [{"country": "GBR"}, {"postal_code": ""}, {"recipient": None}, {"is_default": False},
                                    {}, {"line1": "x" * 201}, {"colour": "red"}])
def test_invalid_address_changes_are_422(users_tables, change):
    _, mine = add()
    event = api_event("users/update_my_address", path_params={"address_id": mine["id"]}, body=change, claims=CUSTOMER)
    assert call(update_my_address, event)[0] == 422


def test_missing_required_address_fields_are_named(users_tables):
    status, error = add({"recipient": "Ada"})
    assert status == 422
    assert {d["field"] for d in error["details"]} == {"line1", "city", "postal_code", "country"}


def test_an_address_book_holds_at_most_twenty(users_tables):
    for n in range(20):
        assert add({**HOME, "line1": f"{n} Main St"})[0] == 201
    status, error = add({**HOME, "line1": "21 Main St"})
    assert (status, error["code"]) == (409, "address_book_full")
    assert len(addresses()) == 20


def test_a_retried_add_with_the_same_idempotency_key_adds_once(users_tables):
    first = add(key="retry-1")
    assert add(key="retry-1") == first
    status, error = add({**HOME, "city": "Paris"}, key="retry-1")
    assert (status, error["code"]) == (422, "idempotency_key_reused")
    assert add(claims=OTHER, key="retry-1")[0] == 201  # keys are per user
    assert len(addresses()) == 1


def test_support_sees_a_user_but_customers_do_not(users_tables):
    add()
    target = {"user_id": CUSTOMER["sub"]}
    status, details = call(get_user, api_event("users/get_user", path_params=target, claims=ADMIN))
    assert status == 200 and details["profile"]["email"] == "customer@example.com" and len(details["addresses"]) == 1
    assert call(get_user, api_event("users/get_user", path_params=target, claims=CUSTOMER))[0] == 403
    assert call(get_user, api_event("users/get_user", path_params={"user_id": "ghost"}, claims=ADMIN))[0] == 404
