"""The payments table (owned by the payment service): one payment per order (order_id / PAYMENT),
the card token to charge it with while it is undecided (order_id / TOKEN: its own item, so that
no payment's image, which the payments topic carries, ever holds it) and the simulated
provider's ledger beside them (order_id / PROVIDER#...).

A payment is charged once both halves have arrived, in whichever order: the order (order.payment_requested:
amount, currency, token, owner) and its stock (stock.reserved). Statuses: WAITING → SUCCEEDED or
FAILED; SUCCEEDED → REFUNDED when the order is cancelled; WAITING → CANCELLED when the order is
cancelled before it was charged (then it never is).
"""


import time

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from payment_provider import PaymentProvider
from shop import settings
from shop.lifecycle import KeptChanging
from shop.observability import correlation_id, logger
from shop.tables import condition_failed, now_iso, share_one_session

share_one_session()  # one botocore session for all the models below (shop.tables)

WAITING, SUCCEEDED, FAILED, REFUNDED, CANCELLED = "WAITING", "SUCCEEDED", "FAILED", "REFUNDED", "CANCELLED"
STATUSES = (WAITING, SUCCEEDED, FAILED, REFUNDED, CANCELLED)



class PaymentRecord(Model):
    class Meta:
        table_name = settings.required("PAYMENTS_TABLE")
        region = settings.REGION

    order_id = UnicodeAttribute(hash_key=True)
    record = UnicodeAttribute(range_key=True, default="PAYMENT")
    status = UnicodeAttribute(default=WAITING)
    user_id = UnicodeAttribute(null=True)
    amount = NumberAttribute(null=True)
    currency = UnicodeAttribute(null=True)
    # Where the token was kept before it had an item of its own: read for a payment still WAITING
    # from then, removed once it is decided; never written now.
    legacy_token = UnicodeAttribute(null=True, attr_name="token")
    order_known = BooleanAttribute(default=False)
    stock_reserved = BooleanAttribute(default=False)
    charge_id = UnicodeAttribute(null=True)
    refund_id = UnicodeAttribute(null=True)
    decline_reason = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    correlation_id = UnicodeAttribute(null=True)


class TokenRecord(Model):
    """The card token of an undecided payment: deleted once it is decided (TTL as a backstop)."""

    class Meta:
        table_name = settings.required("PAYMENTS_TABLE")
        region = settings.REGION

    order_id = UnicodeAttribute(hash_key=True)
    record = UnicodeAttribute(range_key=True, default="TOKEN")
    token = UnicodeAttribute()
    expires_at = NumberAttribute()


TOKEN_LIFETIME_SECONDS = 14 * 86400  # as long as a stock.reserved may wait in a dead-letter queue


def token_of(order_id: str) -> str | None:
    try:
        return TokenRecord.get(order_id, "TOKEN", consistent_read=True).token
    except TokenRecord.DoesNotExist:
        return None


def _forget_token(order_id: str) -> None:
    TokenRecord(order_id, "TOKEN").delete()


def find_payment(order_id: str) -> PaymentRecord | None:
    try:  # consistent: two halves arriving at once must each see the other's write
        return PaymentRecord.get(order_id, "PAYMENT", consistent_read=True)
    except PaymentRecord.DoesNotExist:
        return None


def _upsert(order_id: str, actions: list, condition=None) -> None:
    """Create the payment if it is new, then apply `actions` (one write). order_known and
    stock_reserved get no default here (an absent flag reads as False): `actions` set them, and
    DynamoDB refuses an update expression that names the same path twice."""
    now = now_iso()
    PaymentRecord(order_id, "PAYMENT").update(actions=[
        PaymentRecord.status.set(PaymentRecord.status | WAITING),
        PaymentRecord.created_at.set(PaymentRecord.created_at | now),
        PaymentRecord.updated_at.set(now),
        PaymentRecord.correlation_id.set(correlation_id()),
        *actions,
    ], condition=condition)


def note_order(order_id: str, user_id: str, amount: int, currency: str, token: str) -> None:
    order = [PaymentRecord.user_id.set(user_id), PaymentRecord.amount.set(amount),
             PaymentRecord.currency.set(currency), PaymentRecord.order_known.set(True)]
    # The token only while the charge is undecided (a redelivered order.payment_requested must not
    # store it again once it was used and forgotten), and before `order_known`: whoever sees the
    # order known finds its token.
    payment = find_payment(order_id)
    undecided = payment is None or payment.status == WAITING
    if undecided:
        TokenRecord(order_id, "TOKEN", token=token, expires_at=int(time.time()) + TOKEN_LIFETIME_SECONDS).save()
    _upsert(order_id, order)
    if undecided and find_payment(order_id).status != WAITING:  # decided meanwhile (cancelled): forget it
        _forget_token(order_id)


def note_stock_reserved(order_id: str) -> None:
    _upsert(order_id, [PaymentRecord.stock_reserved.set(True)])


def _set_status(order_id: str, expected: str, status: str, actions: list) -> bool:
    """Move the payment from `expected` to `status`; False if it was no longer `expected`."""
    try:
        PaymentRecord(order_id, "PAYMENT").update(
            actions=[PaymentRecord.status.set(status), PaymentRecord.updated_at.set(now_iso()),
                     PaymentRecord.correlation_id.set(correlation_id()), *actions],
            condition=PaymentRecord.status == expected)

        return True
    except UpdateError as error:
        if not condition_failed(error):
            raise
        return False


def settle(order_id: str, provider: PaymentProvider) -> str:
    """Charge the order if it is ready and still waiting. The provider is idempotent on the order
    id, so concurrent or repeated deliveries charge once. A ProviderUnavailable propagates (the
    event is retried). Returns the payment's status afterwards."""
    payment = find_payment(order_id)
    if payment is not None and payment.status != WAITING:
        _forget_token(order_id)  # again: a crash may have come between the decision and the delete
        return payment.status
    if payment is None or not (payment.order_known and payment.stock_reserved):
        return WAITING
    token = token_of(order_id) or payment.legacy_token
    if token is None:  # a concurrent delivery decided it and forgot the token
        return find_payment(order_id).status
    result = provider.charge(order_id, int(payment.amount), payment.currency, token)
    outcome = SUCCEEDED if result.approved else FAILED
    if _set_status(order_id, WAITING, outcome, [PaymentRecord.charge_id.set(result.charge_id),
                                                 PaymentRecord.decline_reason.set(result.decline_reason),
                                                 PaymentRecord.legacy_token.remove()]):
        _forget_token(order_id)
        return outcome
    current = find_payment(order_id)
    if current.status == CANCELLED and result.approved:  # cancelled while we were charging: give it back
        logger.warning("order cancelled during its charge; refunding", extra={"order_id": order_id})
        refund_id = provider.refund(order_id, result.charge_id, int(payment.amount), payment.currency)
        _set_status(order_id, CANCELLED, REFUNDED, [PaymentRecord.charge_id.set(result.charge_id),
                                                    PaymentRecord.refund_id.set(refund_id)])
    return find_payment(order_id).status


def cancel(order_id: str, provider: PaymentProvider) -> str:
    """The order was cancelled: never charge it, or refund it if it was charged."""
    for _ in range(5):
        payment = find_payment(order_id)
        if payment is None or payment.status == WAITING:
            if payment is None:
                _upsert(order_id, [])
            if _set_status(order_id, WAITING, CANCELLED, [PaymentRecord.legacy_token.remove()]):
                _forget_token(order_id)
                return CANCELLED
        elif payment.status == SUCCEEDED:
            refund_id = provider.refund(order_id, payment.charge_id, int(payment.amount), payment.currency)
            if _set_status(order_id, SUCCEEDED, REFUNDED, [PaymentRecord.refund_id.set(refund_id)]):
                return REFUNDED
        else:
            return payment.status  # FAILED, REFUNDED or CANCELLED: nothing to do
    raise KeptChanging(f"payment {order_id} kept changing; giving up for now")
