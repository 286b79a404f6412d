"""Publishes the orders table's changes (DynamoDB stream) as events on the orders topic:
order.created, order.paid, order.shipped, order.delivered, order.cancelled."""

from order_events import events_for
from shop.events import stream_publisher
from shop.settings import required

handler = stream_publisher(lambda: required("ORDERS_TOPIC_ARN"), events_for)
