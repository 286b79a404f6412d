"""What the payment service publishes (functions/payments/payment_events.py builds them)."""

from shop.contracts import EventData


class PaymentOutcome(EventData):
    order_id: str
    amount: int | None
    currency: str | None


class PaymentSucceeded(PaymentOutcome):
    TYPE = "payment.succeeded"


class PaymentFailed(PaymentOutcome):
    TYPE = "payment.failed"
    reason: str | None


class PaymentRefunded(PaymentOutcome):
    TYPE = "payment.refunded"
