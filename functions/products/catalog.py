"""The product catalog's rules and shapes, in plain Python (no AWS): what a valid product is,
what may change, and how names are keyed for listing and search."""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

CATEGORY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,49}$"
# Stock reservations share the products table under this key prefix (product ids are uuids).
RESERVATION = "RESERVATION#"
CURRENCY_PATTERN = r"^[A-Z]{3}$"

# A name becomes a sort key (sort_name: case-folded, "#", the 36-character id) and DynamoDB refuses
# sort keys over 1,024 bytes. Case folding can triple a character's UTF-8 bytes ("ΐ": 2 -> 6), so the
# folded name is limited in bytes too: the longest allowed name makes a key of 837 bytes.
MAX_NAME_KEY_BYTES = 800


def _fits_a_sort_key(name: str) -> str:
    if len(search_name(name).encode("utf-8", "surrogatepass")) > MAX_NAME_KEY_BYTES:
        raise ValueError(f"name is too long: at most {MAX_NAME_KEY_BYTES} bytes of UTF-8 once case-folded")
    return name


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                 AfterValidator(_fits_a_sort_key)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
Category = Annotated[str, StringConstraints(pattern=CATEGORY_PATTERN)]
Currency = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]
# Money is an integer number of minor units (cents); strict, so 9.99 or "999" are refused, not rounded.
MinorUnits = Annotated[int, Field(strict=True, ge=0, le=10_000_000_00)]
StockLevel = Annotated[int, Field(strict=True, ge=0, le=1_000_000)]
Version = Annotated[int, Field(strict=True, ge=1, le=1_000_000_000)]  # bounded: DynamoDB numbers have 38 digits


class NewProduct(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Description = ""
    category: Category
    price: MinorUnits
    currency: Currency
    stock: StockLevel = 0


class ProductChanges(BaseModel):
    """A PATCH: the fields to change plus the version the client last read (optimistic concurrency)."""

    model_config = ConfigDict(extra="forbid")

    version: Version
    name: Name | None = None
    description: Description | None = None
    category: Category | None = None
    price: MinorUnits | None = None
    currency: Currency | None = None
    stock: StockLevel | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> "ProductChanges":
        if not self.changes():
            raise ValueError(
                "nothing to change: give at least one of name, description, category, price, currency, stock"
            )
        return self

    def changes(self) -> dict:
        return {k: v for k, v in self.model_dump(exclude_unset=True, exclude={"version"}).items() if v is not None}


class Product(BaseModel):
    id: str
    name: str
    description: str
    category: str
    price: int
    currency: str
    stock: int
    version: int
    created_at: str
    updated_at: str


class ProductPage(BaseModel):
    items: list[Product]
    next_cursor: str | None = None


def search_name(name: str) -> str:
    """The form of a name that `q` is matched against: case-folded, single-spaced."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def sort_name(name: str, product_id: str) -> str:
    """Sort key for listings: alphabetical by name, ties broken by id so every key is unique."""
    return f"{search_name(name)}#{product_id}"
