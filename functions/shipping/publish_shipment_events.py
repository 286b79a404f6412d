"""Publishes the shipments table's changes (DynamoDB stream) on the shipping topic:
shipment.created, shipment.shipped, shipment.delivered, shipment.cancelled."""

from shipment_events import events_for
from shop.events import stream_publisher
from shop.settings import required

handler = stream_publisher(lambda: required("SHIPPING_TOPIC_ARN"), events_for)
