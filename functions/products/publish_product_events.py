"""Publishes the products table's changes (DynamoDB stream) as events on the products topic:
product.created/updated/deleted and stock.reserved/rejected/released."""

from product_events import events_for
from shop.events import stream_publisher
from shop.settings import required

handler = stream_publisher(lambda: required("PRODUCTS_TOPIC_ARN"), events_for)
