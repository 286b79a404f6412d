"""What the cart and order routes accept and answer (pydantic, no AWS)."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from order_status import STATUSES
from pricing import MAX_LINES, MAX_QUANTITY

ProductId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
Quantity = Annotated[int, Field(strict=True, ge=1, le=MAX_QUANTITY)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None
OrderStatus = Literal[STATUSES]  # the state machine's statuses (order_status.py)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CartQuantity(Strict):
    quantity: Annotated[int, Field(strict=True, ge=0, le=MAX_QUANTITY, description="0 removes the line")]


class CartLine(BaseModel):
    product_id: str
    name: str | None
    quantity: int
    unit_price: int | None
    line_total: int | None
    available: bool


class Cart(BaseModel):
    items: list[CartLine]
    total: int
    currency: str | None
    updated_at: str | None


class ShippingAddress(Strict):
    recipient: Text
    line1: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    line2: OptionalText = None
    city: Text
    region: OptionalText = None
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    country: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2}$"),
                       AfterValidator(str.upper)]
    phone: Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")] | None = None


class RequestedLine(Strict):
    product_id: ProductId
    quantity: Quantity


class PlaceOrder(Strict):
    """POST /v1/orders. Without `items`, the caller's cart is checked out (and emptied)."""

    items: Annotated[list[RequestedLine], Field(min_length=1, max_length=MAX_LINES)] | None = None
    shipping_address: ShippingAddress | None = None
    address_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    payment_token: Annotated[str, StringConstraints(min_length=1, max_length=200)]

    @model_validator(mode="after")
    def _one_address(self) -> "PlaceOrder":
        if (self.shipping_address is None) == (self.address_id is None):
            raise ValueError("give exactly one of shipping_address or address_id")
        return self


class OrderLine(BaseModel):
    product_id: str
    name: str
    quantity: int
    unit_price: int
    line_total: int


class StatusChange(BaseModel):
    status: OrderStatus
    at: str
    reason: str | None = None


class Order(BaseModel):
    id: str
    user_id: str
    status: OrderStatus
    items: list[OrderLine]
    total: int
    currency: str
    shipping_address: dict
    cancel_reason: str | None = None
    cancel_requested_at: str | None = None  # a PAID order's cancellation waits for shipping's answer
    history: list[StatusChange]
    created_at: str
    updated_at: str


class OrderPage(BaseModel):
    items: list[Order]
    next_cursor: str | None = None
