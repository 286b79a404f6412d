"""payment.succeeded → PAID; payment.failed → CANCELLED (payment_declined); payment.refunded →
noted in the order's history."""

import order_table
from order_progress import advance
from order_status import CANCELLED, PAID, PAYMENT_DECLINED, Decision
from shop.contracts.payments import PaymentFailed, PaymentOutcome, PaymentSucceeded
from shop.events import Event, queue_consumer
from shop.observability import metrics


def apply_payment(event: Event) -> None:
    payment: PaymentOutcome = event.data
    order_id = payment.order_id
    if isinstance(payment, PaymentSucceeded):
        if advance(order_id, PAID) is Decision.APPLY:
            metrics.add_metric(name="Revenue", unit="Count", value=payment.amount or 0)
    elif isinstance(payment, PaymentFailed):
        if advance(order_id, CANCELLED, PAYMENT_DECLINED) is Decision.APPLY:
            metrics.add_metric(name="PaymentDeclines", unit="Count", value=1)
    else:
        order_table.note_refund(order_id)


handler = queue_consumer(apply_payment, accepts=["payment.succeeded", "payment.failed", "payment.refunded"])
