"""The catalog's rules, tested directly (no AWS)."""

import pytest
from pydantic import ValidationError

from tests.unit.conftest import service_module

catalog = service_module("products", "catalog")
NewProduct, ProductChanges, search_name, sort_name = (catalog.NewProduct, catalog.ProductChanges, catalog.search_name,
                                                      catalog.sort_name)


VALID = {"name": "Chef's Knife", "category": "kitchen", "price": 8900, "currency": "EUR", "stock": 3}


def test_names_are_matched_case_and_space_insensitively():
    assert search_name("  Chef's   KNIFE ") == "chef's knife"
    assert sort_name("Chef's Knife", "p1") == "chef's knife#p1"


def test_a_valid_product_keeps_its_values():
    assert NewProduct(**VALID).model_dump() == {**VALID, "description": "", "sku": None}


@pytest.mark.parametrize("field, value", [
    ("price", 89.99), ("price", "8900"), ("price", -1), ("stock", -1), ("stock", 1.5),
    ("currency", "eur"), ("currency", "EURO"), ("category", "Kitchen Stuff"), ("name", "   "),
])
def test_invalid_values_are_refused_naming_the_field(field, value):
    with pytest.raises(ValidationError) as error:
        NewProduct(**{**VALID, field: value})
    assert error.value.errors()[0]["loc"] == (field,)


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        NewProduct(**VALID, colour="red")


def test_a_patch_must_carry_a_version_and_change_something():
    with pytest.raises(ValidationError):
        ProductChanges(price=100)
    with pytest.raises(ValidationError, match="nothing to change"):
        ProductChanges(version=1)
    assert ProductChanges(version=2, price=100, stock=0).changes() == {"price": 100, "stock": 0}
