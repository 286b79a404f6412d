"""Stripe as the payment provider: the PaymentIntents and Refunds APIs through the official SDK
(`stripe.StripeClient`). Imported only when PAYMENT_PROVIDER=stripe (payment_provider).

A charge creates and confirms one PaymentIntent for the order's amount with the client's payment
method (the order's payment token, a `pm_...` id), cards only and never a redirect: the outcome is
known when the call returns. The idempotency key is the order's (`charge-<order id>`, refunds
`refund-<order id>`), so however often the SDK retries a request (network errors, timeouts, 409,
5xx: `MAX_NETWORK_RETRIES`) or SQS redelivers the event, Stripe charges and refunds once; Stripe
remembers a key for at least 24 hours (docs/payments.md).

Outcomes: a declined card (402 card_error) or a request Stripe refuses for this order (400, e.g.
an unknown payment method or an amount below Stripe's minimum) is a decline with Stripe's error
code as the reason; a confirmed PaymentIntent that needs the customer (3-D Secure) is declined as
`authentication_required` and cancelled. Connection errors, timeouts, rate limits and 5xx that
outlast the SDK's retries raise ProviderUnavailable (the event is retried by SQS). Anything else
(a wrong key, a permission) raises as it is.

Never logged: the secret key, the payment method id, Stripe's error messages (they may quote the
payment method id). Logged: order id, PaymentIntent/refund id, status, error type and code, and
Stripe's request id.
"""

import json
import logging

import stripe

from payment_provider import ChargeResult, ProviderUnavailable
from shop.observability import logger

# Per attempt: seconds to connect, seconds to wait for the response. A charge may take a few seconds.
TIMEOUT = (2.0, 5.0)
MAX_NETWORK_RETRIES = 2
# An outage, not the order's outcome: raised as ProviderUnavailable, so SQS delivers the event again later.
TRANSIENT = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)

# The SDK logs each request on the "stripe" logger, at debug level with the form body (which holds
# the payment method id): keep it to warnings whatever the root logger's level.
logging.getLogger("stripe").setLevel(logging.WARNING)


def read_secret_key(secret_id: str) -> str:
    """The Stripe secret key stored in Secrets Manager as `sk_...` or `{"secret_key": "sk_..."}`."""
    import boto3

    value = boto3.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"].strip()
    if value.startswith("{"):
        try:
            value = str(json.loads(value).get("secret_key") or "").strip()
        except (ValueError, AttributeError):
            value = ""
    if not value.startswith(("sk_", "rk_")):  # rk_: a restricted key
        raise RuntimeError(f"secret {secret_id} holds no Stripe secret key: expected sk_... "
                           'or {"secret_key": "sk_..."} (docs/payments.md)')
    return value


def _failure(error: stripe.StripeError) -> dict:
    """What may be logged about a Stripe error: never its message."""
    return {"error_type": type(error).__name__, "error_code": error.code, "http_status": error.http_status,
            "stripe_request_id": error.request_id}


class StripeProvider:
    def __init__(self, api_key: str, *, api_base: str | None = None, timeout: float | tuple = TIMEOUT,
                 max_network_retries: int = MAX_NETWORK_RETRIES) -> None:
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_network_retries,
            http_client=stripe.RequestsClient(timeout=timeout),
        )

    @classmethod
    def from_secret(cls, secret_id: str, **options) -> "StripeProvider":
        return cls(read_secret_key(secret_id), **options)

    def charge(self, order_id: str, amount: int, currency: str, token: str) -> ChargeResult:
        try:
            intent = self._client.v1.payment_intents.create(
                params={"amount": amount, "currency": currency.lower(), "payment_method": token, "confirm": True,
                        "payment_method_types": ["card"], "metadata": {"order_id": order_id},
                        "description": f"Order {order_id}"},
                options={"idempotency_key": f"charge-{order_id}"},
            )
            if intent.status == "processing":  # rare for cards; a replayed create would say so again
                intent = self._client.v1.payment_intents.retrieve(intent.id)
        except stripe.CardError as error:
            logger.info("payment declined by stripe", extra={
                "order_id": order_id, "decline_code": getattr(error.error, "decline_code", None), **_failure(error)})
            return ChargeResult(approved=False, decline_reason=error.code or "card_declined")
        except stripe.InvalidRequestError as error:
            logger.warning("payment refused by stripe", extra={"order_id": order_id, "param": error.param,
                                                               **_failure(error)})
            return ChargeResult(approved=False, decline_reason=error.code or "invalid_request")
        except TRANSIENT as error:
            logger.warning("stripe unavailable", extra={"order_id": order_id, **_failure(error)})
            raise ProviderUnavailable(f"stripe: {type(error).__name__} {error.http_status or ''}".strip()) from None

        extra = {"order_id": order_id, "payment_intent": intent.id, "intent_status": intent.status}
        if intent.status == "succeeded":
            logger.info("payment charged by stripe", extra=extra)
            return ChargeResult(approved=True, charge_id=intent.id)
        if intent.status == "processing":
            logger.warning("stripe payment still processing", extra=extra)
            raise ProviderUnavailable("stripe: payment still processing")
        reason = "authentication_required" if intent.status == "requires_action" else intent.status
        logger.info("payment declined by stripe", extra={**extra, "decline_reason": reason})
        self._cancel(intent.id, order_id)
        return ChargeResult(approved=False, decline_reason=reason)

    def _cancel(self, intent_id: str, order_id: str) -> None:
        """Best effort: an intent left waiting for the customer would only expire later."""
        try:
            self._client.v1.payment_intents.cancel(intent_id, options={"idempotency_key": f"cancel-{order_id}"})
        except stripe.StripeError as error:
            logger.warning("stripe payment not cancelled", extra={"order_id": order_id, **_failure(error)})

    def refund(self, order_id: str, charge_id: str, amount: int, currency: str) -> str:
        try:
            try:
                refund = self._client.v1.refunds.create(
                    params={"payment_intent": charge_id, "amount": amount, "metadata": {"order_id": order_id}},
                    options={"idempotency_key": f"refund-{order_id}"},
                )
            except stripe.InvalidRequestError as error:
                if error.code != "charge_already_refunded":
                    raise
                # Refunded under a key Stripe no longer remembers, or from the dashboard: that refund counts.
                refund = self._client.v1.refunds.list(params={"payment_intent": charge_id, "limit": 1}).data[0]
        except TRANSIENT as error:
            logger.warning("stripe unavailable", extra={"order_id": order_id, **_failure(error)})
            raise ProviderUnavailable(f"stripe: {type(error).__name__} {error.http_status or ''}".strip()) from None
        logger.info("payment refunded by stripe", extra={"order_id": order_id, "payment_intent": charge_id,
                                                         "refund": refund.id, "refund_status": refund.status})
        return refund.id
