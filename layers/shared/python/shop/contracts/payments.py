"""What the payment service publishes, and which changes of its table are which events.

The payments table's stream reaches the payments topic as it is (an EventBridge pipe); consumers
turn a change into these events with `events_for` (shop.events). Only a payment's decided statuses
publish; the card token is kept in its own item (TOKEN), which no subscription lets through, so
that no payment image carries it.
"""

from shop.contracts import EventData, build
from shop.item_keys import PAYMENT_ITEM

PAYMENT_EVENTS = {"SUCCEEDED": "payment.succeeded", "FAILED": "payment.failed", "REFUNDED": "payment.refunded"}


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


def events_for(old: dict | None, new: dict | None) -> list[tuple[str, dict]]:
    """The events one change of a payments-table item is (its old and new image, plain Python)."""
    if not new or new.get("record") != PAYMENT_ITEM:
        return []
    status = new.get("status")
    if status not in PAYMENT_EVENTS or (old or {}).get("status") == status:
        return []
    data = {"order_id": new["order_id"], "amount": new.get("amount"), "currency": new.get("currency")}
    if status == "FAILED":
        data["reason"] = new.get("decline_reason")
    return [build(PAYMENT_EVENTS[status], **data)]
