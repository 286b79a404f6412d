"""GET /v1/orders/{order_id}/payment: the payment of one of the caller's orders (never the token)."""

from typing import Literal

from pydantic import BaseModel

import payment_table
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.errors import NotFound
from shop.observability import tracer

app = create_app()


class Payment(BaseModel):
    order_id: str
    status: Literal[payment_table.STATUSES]
    amount: int
    currency: str
    charge_id: str | None
    decline_reason: str | None
    refunded: bool
    created_at: str | None
    updated_at: str | None


@app.get("/v1/orders/<order_id>/payment", summary="An order's payment", tags=["payments"], security=BEARER)
@tracer.capture_method
def get_payment(order_id: str) -> Payment:
    caller = current_caller(app)
    payment = payment_table.find_payment(order_id)
    if payment is None or payment.user_id is None or (payment.user_id != caller.user_id and not caller.is_admin):
        raise NotFound(f"order {order_id} has no payment yet")
    return Payment(order_id=order_id, status=payment.status, amount=int(payment.amount), currency=payment.currency,
                   charge_id=payment.charge_id, decline_reason=payment.decline_reason,
                   refunded=payment.status == payment_table.REFUNDED, created_at=payment.created_at,
                   updated_at=payment.updated_at)


handler = http_handler(app)
