"""Order lines and money, in plain Python: prices always come from the catalog, never the client."""

from dataclasses import dataclass

from shop.domain_errors import DomainError, NotFound, Unacceptable

MAX_LINES = 50
MAX_QUANTITY = 99


@dataclass(frozen=True)
class CatalogPrice:
    product_id: str
    name: str
    price: int  # minor units
    currency: str


@dataclass(frozen=True)
class PricedLine:
    product_id: str
    name: str
    quantity: int
    unit_price: int
    line_total: int


class PricingError(DomainError):
    """The lines cannot be priced: `unknown` products (UnknownProducts), or more than one currency
    (MixedCurrencies)."""

    unknown: list[str] = []


class UnknownProducts(PricingError, NotFound):
    code = "product_not_found"

    def __init__(self, unknown: list[str]):
        super().__init__(f"product {', '.join(unknown)} does not exist")
        self.unknown = unknown


class MixedCurrencies(PricingError, Unacceptable):
    code = "mixed_currencies"


class QuantityError(Unacceptable):
    """A product's lines add up to more than MAX_QUANTITY."""

    code = "quantity_too_large"


class EmptyOrder(Unacceptable):
    """Nothing to order."""

    code = "cart_empty"


def merge_lines(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """One line per product (quantities added), first-seen order kept; at most MAX_QUANTITY each."""
    merged: dict[str, int] = {}
    for product_id, quantity in lines:
        merged[product_id] = merged.get(product_id, 0) + quantity
    too_many = [product_id for product_id, quantity in merged.items() if quantity > MAX_QUANTITY]
    if too_many:
        raise QuantityError(f"at most {MAX_QUANTITY} of a product per order: {', '.join(too_many)}")
    return list(merged.items())


def price_lines(lines: list[tuple[str, int]], catalog: dict[str, CatalogPrice]) -> tuple[list[PricedLine], int, str]:
    """Priced lines, their total and their currency."""
    unknown = [product_id for product_id, _ in lines if product_id not in catalog]
    if unknown:
        raise UnknownProducts(unknown)
    currencies = {catalog[product_id].currency for product_id, _ in lines}
    if len(currencies) != 1:
        raise MixedCurrencies(f"an order is paid in one currency; these lines use {', '.join(sorted(currencies))}")
    priced = [
        PricedLine(product_id, catalog[product_id].name, quantity, catalog[product_id].price,
                   catalog[product_id].price * quantity)
        for product_id, quantity in lines
    ]
    return priced, sum(line.line_total for line in priced), currencies.pop()
