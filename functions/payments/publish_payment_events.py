"""Publishes the payments table's changes (DynamoDB stream) on the payments topic:
payment.succeeded, payment.failed, payment.refunded."""

from payment_events import events_for
from shop.events import stream_publisher
from shop.settings import required

handler = stream_publisher(lambda: required("PAYMENTS_TOPIC_ARN"), events_for)
