"""The payment provider behind a small interface, and the one place that picks it.

Which provider runs is the function's PAYMENT_PROVIDER (template parameter `PaymentProvider`,
chosen per stage; docs/payments.md): `simulated` (simulated_payments, no money moves) or `stripe`
(stripe_payments, the Stripe API with the secret key from Secrets Manager). The chosen module is
imported on first use only, so a function never pays for the other (the Stripe SDK alone takes
about 0.2 s to import).

Both operations are idempotent on the order id, as real providers are with an idempotency key:
asking twice never charges or refunds twice.
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from shop import settings

PROVIDERS = ("simulated", "stripe")


class ProviderUnavailable(Exception):
    """A transient failure: the same request may succeed if tried again."""


@dataclass(frozen=True)
class ChargeResult:
    approved: bool
    charge_id: str | None = None
    decline_reason: str | None = None


class PaymentProvider(Protocol):
    def charge(self, order_id: str, amount: int, currency: str, token: str) -> ChargeResult: ...

    def refund(self, order_id: str, charge_id: str, amount: int, currency: str) -> str: ...


@cache
def configured_provider() -> PaymentProvider:
    """The provider PAYMENT_PROVIDER names (default `simulated`), built once per process: for
    Stripe that is when its secret key is read."""
    name = settings.optional("PAYMENT_PROVIDER", "simulated")
    if name == "simulated":
        if settings.optional("STAGE", "local") == "prod":  # the template's Rules refuse this too
            raise RuntimeError("PAYMENT_PROVIDER=simulated is refused in the prod stage (docs/payments.md)")
        from simulated_payments import SimulatedProvider

        return SimulatedProvider()
    if name == "stripe":
        from stripe_payments import StripeProvider

        return StripeProvider.from_secret(settings.required("STRIPE_SECRET_ID"))
    raise RuntimeError(f"PAYMENT_PROVIDER={name!r} is not one of {', '.join(PROVIDERS)} (see template.yaml)")
