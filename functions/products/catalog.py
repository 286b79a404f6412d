"""The product catalog's rules and shapes, in plain Python (no AWS): what a valid product is,
what may change, and how names are keyed for listing and search."""

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

CATEGORY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,49}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
# A stock-keeping unit: the merchant's own id of a product, unique in the catalog (the import
# recognises products by it). Case matters; it becomes part of a table key.
SKU_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$"
PRODUCT_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

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
Sku = Annotated[str, StringConstraints(pattern=SKU_PATTERN)]
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
    sku: Sku | None = None


class ImportLine(NewProduct):
    """One line of a catalog import: a new product's fields, recognised on a re-run by its `sku`
    (or by `id`, a product id the catalog gave out), so the same file imported twice updates."""

    id: Annotated[str, StringConstraints(pattern=PRODUCT_ID_PATTERN)] | None = None

    @model_validator(mode="after")
    def _can_be_recognised(self) -> "ImportLine":
        if self.sku is None and self.id is None:
            raise ValueError("give a sku or an id, so that a re-run updates the product instead of adding it again")
        return self


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
    sku: str | None = None


class ProductPage(BaseModel):
    items: list[Product]
    next_cursor: str | None = None


def search_name(name: str) -> str:
    """The form of a name that `q` is matched against: case-folded, single-spaced."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def sort_name(name: str, product_id: str) -> str:
    """Sort key for listings: alphabetical by name, ties broken by id so every key is unique."""
    return f"{search_name(name)}#{product_id}"
