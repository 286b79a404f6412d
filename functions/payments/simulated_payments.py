"""The simulated payment provider: no money moves. The default everywhere but prod (docs/payments.md).

It understands three test tokens: `tok_ok` approves, `tok_declined` declines, `tok_transient` fails
with a transient error on the first attempt and approves on the next; any other token is declined
as invalid. It keeps its ledger in the payment service's table, under keys the service itself
never uses (sk "PROVIDER#..."), and is idempotent on the order id as a real provider is with an
idempotency key: asking twice never charges or refunds twice.
"""

import uuid

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError
from pynamodb.models import Model

from payment_provider import ChargeResult, ProviderUnavailable
from shop import settings
from shop.tables import condition_failed, share_one_session

share_one_session()  # one botocore session for all the models below (shop.tables)

# The simulated provider's test tokens (public test values, not secrets).
APPROVE, DECLINE, FAIL_ONCE = "tok_ok", "tok_declined", "tok_transient"


class LedgerEntry(Model):
    class Meta:
        table_name = settings.required("PAYMENTS_TABLE")
        region = settings.REGION

    order_id = UnicodeAttribute(hash_key=True)
    record = UnicodeAttribute(range_key=True)
    approved = BooleanAttribute(null=True)
    reference = UnicodeAttribute(null=True)  # charge or refund id
    decline_reason = UnicodeAttribute(null=True)
    amount = NumberAttribute(null=True)
    attempts = NumberAttribute(null=True)


def _record_once(entry: LedgerEntry) -> LedgerEntry:
    """Write a ledger entry unless one exists; either way return the entry that counts."""
    try:
        entry.save(condition=LedgerEntry.order_id.does_not_exist())
        return entry
    except PutError as error:
        if not condition_failed(error):
            raise
        return LedgerEntry.get(entry.order_id, entry.record)


class SimulatedProvider:
    def charge(self, order_id: str, amount: int, currency: str, token: str) -> ChargeResult:
        try:
            entry = LedgerEntry.get(order_id, "PROVIDER#CHARGE")
        except LedgerEntry.DoesNotExist:
            entry = None
        if entry is None:
            if token == FAIL_ONCE:
                attempts = LedgerEntry(order_id, "PROVIDER#ATTEMPTS")
                attempts.update(actions=[LedgerEntry.attempts.add(1)])
                if attempts.attempts == 1:
                    raise ProviderUnavailable("simulated provider: temporarily unavailable")
            approved = token in (APPROVE, FAIL_ONCE)
            entry = _record_once(LedgerEntry(
                order_id, "PROVIDER#CHARGE", approved=approved, amount=amount,
                reference=f"ch_{uuid.uuid4().hex[:24]}" if approved else None,
                decline_reason=None if approved else ("card_declined" if token == DECLINE else "invalid_token"),
            ))

        return ChargeResult(approved=bool(entry.approved), charge_id=entry.reference,
                            decline_reason=entry.decline_reason)

    def refund(self, order_id: str, charge_id: str, amount: int, currency: str) -> str:
        entry = _record_once(LedgerEntry(order_id, "PROVIDER#REFUND", approved=True, amount=amount,
                                         reference=f"re_{uuid.uuid4().hex[:24]}"))
        return entry.reference
